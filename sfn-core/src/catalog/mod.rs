//! The service catalog: what each service integration accepts, with which patterns, and which
//! IAM permissions it needs.
//!
//! The input and output shapes come from the AWS service models in botocore (Apache-2.0; see
//! `generated/BOTOCORE-LICENSE` and `generated/BOTOCORE-NOTICE`); the Step Functions facts come
//! from the overlay in `tools/catalog-gen/integrations/*.toml` and `tools/catalog-gen/sdk.toml`.
//! `tools/catalog-gen/generate.py` writes `generated/`; do not edit it by hand.
//!
//! Member names are the ones Step Functions uses. For optimized integrations, the API model's
//! names with the first letter upper-cased (`stateMachineArn` becomes `StateMachineArn`). For
//! AWS SDK integrations, which Step Functions makes with the AWS SDK for Java 2.x, that SDK's
//! names, which lower-case a leading acronym (`DBInstanceIdentifier` is `DbInstanceIdentifier`,
//! DynamoDB's `BOOL` is `Bool`); the model's spelling is kept beside them to name the right one
//! in errors ([`Shape::Structure`]'s `model_names`). Their error names are the SDK's too
//! (`Rds.InvalidDbClusterStateException`, see [`SdkService::errors`]). AWS SDK integration services are
//! named as in `arn:aws:states:::aws-sdk:<service>:<action>` (`s3`, `sfn`, `cloudwatchlogs`),
//! and their actions are camelCase (`getObject`). Each also has the prefix of its IAM actions,
//! which is often not its name (`sfn` calls are authorized by `states:` actions,
//! `cloudwatchlogs` ones by `logs:` actions).
//!
//! The shapes are stored as text and parsed one by one, the first time each is asked for, so
//! that the catalog costs little to compile and little to start.
//!
//! ```
//! use sfn_core::catalog::{self, Pattern, Shape};
//!
//! let run_task = catalog::optimized("arn:aws:states:::ecs:runTask").unwrap();
//! assert!(run_task.patterns.contains(&Pattern::Sync));
//! let Shape::Structure { members, required, .. } = catalog::shape(run_task.input.unwrap()) else {
//!     panic!("an API input is a structure")
//! };
//! assert!(members.iter().any(|(name, _)| *name == "LaunchType"));
//! assert_eq!(*required, ["TaskDefinition"]);
//!
//! let sfn = catalog::sdk_service("sfn").unwrap();
//! assert_eq!(sfn.iam_prefix, "states");
//! assert!(sfn.operation("startExecution").is_some());
//! ```

use std::sync::OnceLock;

mod cursor;
mod generated;
mod resource;
mod result;

pub use cursor::{payload_key, Member, ParamCursor};
pub use resource::{
    is_activity_arn, is_valid_resource_arn, parse_resource, pattern_of, resource_arn_problem,
    Resource,
};
pub use result::{check_result, error_mismatch, result_shape, FieldValidation, Mismatch};

/// A service integration pattern, named by the suffix of a Task state's `Resource`.
///
/// ```
/// use sfn_core::catalog::Pattern;
///
/// let resource = format!("arn:aws:states:::ecs:runTask{}", Pattern::Sync.suffix());
/// assert_eq!(resource, "arn:aws:states:::ecs:runTask.sync");
/// assert_eq!(Pattern::ALL.len(), 4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pattern {
    /// Request Response: no suffix.
    RequestResponse,
    /// Run a Job: `.sync`.
    Sync,
    /// Run a Job, with the output as JSON: `.sync:2`.
    Sync2,
    /// Wait for a Callback with the task token: `.waitForTaskToken`.
    WaitForTaskToken,
}

impl Pattern {
    /// Every pattern, in suffix order.
    pub const ALL: [Pattern; 4] = [
        Pattern::RequestResponse,
        Pattern::Sync,
        Pattern::Sync2,
        Pattern::WaitForTaskToken,
    ];

    /// The suffix of the resource: `""`, `".sync"`, `".sync:2"` or `".waitForTaskToken"`.
    ///
    /// ```
    /// use sfn_core::catalog::Pattern;
    ///
    /// assert_eq!(Pattern::RequestResponse.suffix(), "");
    /// assert_eq!(Pattern::WaitForTaskToken.suffix(), ".waitForTaskToken");
    /// ```
    pub fn suffix(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "",
            Pattern::Sync => ".sync",
            Pattern::Sync2 => ".sync:2",
            Pattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    /// The pattern's name, as the overlay files write it: `"request-response"`, `"sync"`,
    /// `"sync2"` or `"wait-for-task-token"`.
    ///
    /// ```
    /// use sfn_core::catalog::Pattern;
    ///
    /// assert_eq!(Pattern::Sync2.name(), "sync2");
    /// assert_eq!(Pattern::WaitForTaskToken.name(), "wait-for-task-token");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Pattern::RequestResponse => "request-response",
            Pattern::Sync => "sync",
            Pattern::Sync2 => "sync2",
            Pattern::WaitForTaskToken => "wait-for-task-token",
        }
    }
}

/// The id of a shape: an index into the catalog's shape table (see [`shape`]).
pub type ShapeId = u32;

/// What a parameter accepts.
///
/// ```
/// use sfn_core::catalog::{self, Shape};
///
/// let get_item = catalog::sdk_service("dynamodb").unwrap().operation("getItem").unwrap();
/// let Shape::Structure { members, required, .. } = catalog::shape(get_item) else { panic!() };
/// assert_eq!(*required, ["TableName", "Key"]);
///
/// let consistent_read = members.iter().find(|(name, _)| *name == "ConsistentRead").unwrap().1;
/// assert_eq!(*catalog::shape(consistent_read), Shape::Boolean);
/// let capacity = members.iter().find(|(name, _)| *name == "ReturnConsumedCapacity").unwrap().1;
/// let Shape::String { enum_values, .. } = catalog::shape(capacity) else { panic!() };
/// assert!(enum_values.contains(&"TOTAL"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A JSON object with known members, in the model's order.
    Structure {
        /// Member names (as Step Functions spells them) and their shapes.
        members: &'static [(&'static str, ShapeId)],
        /// The members that must be present.
        required: &'static [&'static str],
        /// For AWS SDK integrations, the members whose name is not the API model's: each
        /// member's name and the model's spelling of it (`("DbInstanceIdentifier",
        /// "DBInstanceIdentifier")`).
        ///
        /// ```
        /// use sfn_core::catalog::{self, Shape};
        ///
        /// let create = catalog::sdk_service("rds").unwrap().operation("createDBInstance").unwrap();
        /// let Shape::Structure { required, model_names, .. } = catalog::shape(create) else {
        ///     panic!()
        /// };
        /// assert!(required.contains(&"DbInstanceIdentifier"));
        /// assert!(model_names.contains(&("DbInstanceIdentifier", "DBInstanceIdentifier")));
        /// ```
        model_names: &'static [(&'static str, &'static str)],
    },
    /// A JSON array.
    List {
        /// The shape of each item.
        member: ShapeId,
        /// The fewest items.
        min: Option<u64>,
        /// The most items.
        max: Option<u64>,
    },
    /// A JSON object with any keys.
    Map {
        /// The shape of the keys (a string).
        key: ShapeId,
        /// The shape of each value.
        value: ShapeId,
    },
    /// A string.
    String {
        /// The accepted values, when the model lists them.
        enum_values: &'static [&'static str],
        /// The fewest characters.
        min: Option<u64>,
        /// The most characters.
        max: Option<u64>,
    },
    /// An integer (the model's `integer` and `long`).
    Integer {
        /// The smallest value.
        min: Option<i64>,
        /// The largest value.
        max: Option<i64>,
    },
    /// A number (the model's `float` and `double`).
    Float,
    /// `true` or `false`.
    Boolean,
    /// A timestamp.
    Timestamp,
    /// Binary data.
    Blob,
    /// Any JSON value (the model's `document`, and the overlay's `any` and `object`).
    Document,
}

/// A parameter Step Functions refuses for an integration.
///
/// ```
/// let run_task = sfn_core::catalog::optimized("arn:aws:states:::ecs:runTask").unwrap();
/// let forbidden = run_task.forbidden.iter().find(|f| f.path == "Overrides.TaskRoleArn").unwrap();
/// assert!(forbidden.reason.contains("task role"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Forbidden {
    /// The member: a dotted path from the parameters, `[]` stepping into list items.
    pub path: &'static str,
    /// Why, for the user.
    pub reason: &'static str,
}

/// One IAM statement an integration needs, for some of its patterns.
///
/// Resources are templates: `${Partition}`, `${Region}`, `${Account}`, and
/// `${Param:Dotted.Path}` (the literal value of a parameter).
///
/// ```
/// use sfn_core::catalog::{self, Pattern};
///
/// let publish = catalog::optimized("arn:aws:states:::sns:publish").unwrap();
/// let statement = &publish.iam[0];
/// assert_eq!(statement.actions, ["sns:Publish"]);
/// assert_eq!(statement.resources, ["${Param:TopicArn}"]);
/// assert!(statement.patterns.contains(&Pattern::WaitForTaskToken));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IamTemplate {
    /// The patterns that need the statement.
    pub patterns: &'static [Pattern],
    /// The IAM actions, as `service:Action`.
    pub actions: &'static [&'static str],
    /// The resource templates.
    pub resources: &'static [&'static str],
    /// The conditions the statement carries (their values are templates too).
    pub conditions: &'static [IamCondition],
    /// Why a resource holds `*`, for the policy's notes (empty when none does).
    pub why: &'static str,
    /// A parameter (dotted path) without which the statement is not needed; empty when it
    /// always is.
    pub when: &'static str,
}

/// A condition of an [`IamTemplate`]: `{"<test>": {"<key>": [values]}}` in the policy.
///
/// ```
/// use sfn_core::catalog::{self, Pattern};
///
/// let training = catalog::optimized("arn:aws:states:::sagemaker:createTrainingJob").unwrap();
/// let pass = training.iam.iter().find(|t| t.actions == ["iam:PassRole"]).unwrap();
/// assert_eq!(pass.conditions[0].key, "iam:PassedToService");
/// assert_eq!(pass.conditions[0].values, ["sagemaker.amazonaws.com"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IamCondition {
    /// The condition operator: `StringEquals`, `StringLike`, `ArnEquals`, `ArnLike`.
    pub test: &'static str,
    /// The condition key: `iam:PassedToService`, `s3:prefix`, ...
    pub key: &'static str,
    /// The values, as resource templates.
    pub values: &'static [&'static str],
}

/// An optimized service integration, such as `arn:aws:states:::ecs:runTask`.
///
/// ```
/// use sfn_core::catalog::{self, Pattern};
///
/// let publish = catalog::optimized("arn:aws:states:::sns:publish").unwrap();
/// assert_eq!(publish.patterns, [Pattern::RequestResponse, Pattern::WaitForTaskToken]);
/// // `Message` may be any JSON value; Step Functions serializes it.
/// assert_eq!(publish.json_fields, ["Message"]);
/// assert!(publish.input.is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Integration {
    /// The resource without a pattern suffix: `"arn:aws:states:::ecs:runTask"`.
    pub resource: &'static str,
    /// The patterns it supports.
    pub patterns: &'static [Pattern],
    /// A [`Shape::Structure`]: the API's input, restricted to the parameters Step Functions
    /// documents when it lists them, plus Step Functions' own parameters, with the members
    /// that must be present. `None` when the integration has no parameters to check.
    pub input: Option<ShapeId>,
    /// Members (dotted paths, `[]` stepping into list items) that take any JSON value in place
    /// of the string the API declares; Step Functions serializes it.
    pub json_fields: &'static [&'static str],
    /// Members Step Functions refuses.
    pub forbidden: &'static [Forbidden],
    /// The IAM statements the state machine's role needs, per pattern.
    pub iam: &'static [IamTemplate],
    /// The shape of the result of each pattern whose result is known (see
    /// [`Integration::result`]).
    pub results: &'static [(Pattern, ShapeId)],
}

impl Integration {
    /// The shape of the result a Task state receives with this pattern: the API's output for
    /// request-response (with Step Functions' changes the developer guide documents, as
    /// `lambda:invoke`'s `Payload`, which is JSON), the described job for the `.sync`
    /// patterns whose result the guide documents. `None` when the result is not known, and
    /// always for `.waitForTaskToken`, whose result is whatever the callback sends.
    ///
    /// ```
    /// use sfn_core::catalog::{self, Pattern, Shape};
    ///
    /// let run_task = catalog::optimized("arn:aws:states:::ecs:runTask").unwrap();
    /// // `.sync` returns the task itself, as DescribeTasks describes it.
    /// let task = run_task.result(Pattern::Sync).unwrap();
    /// let Shape::Structure { members, .. } = catalog::shape(task) else { panic!() };
    /// assert!(members.iter().any(|(name, _)| *name == "LastStatus"));
    /// assert_eq!(run_task.result(Pattern::WaitForTaskToken), None);
    ///
    /// let invoke = catalog::optimized("arn:aws:states:::lambda:invoke").unwrap();
    /// let result = invoke.result(Pattern::RequestResponse).unwrap();
    /// let Shape::Structure { members, .. } = catalog::shape(result) else { panic!() };
    /// let payload = members.iter().find(|(name, _)| *name == "Payload").unwrap().1;
    /// assert_eq!(*catalog::shape(payload), Shape::Document);
    /// ```
    pub fn result(&self, pattern: Pattern) -> Option<ShapeId> {
        self.results
            .iter()
            .find(|(p, _)| *p == pattern)
            .map(|&(_, shape)| shape)
    }
}

/// A service of the AWS SDK integrations (`arn:aws:states:::aws-sdk:<name>:<action>`).
///
/// ```
/// let logs = sfn_core::catalog::sdk_service("cloudwatchlogs").unwrap();
/// assert_eq!(logs.iam_prefix, "logs");
/// assert!(logs.operations.iter().any(|(action, _)| *action == "putLogEvents"));
/// assert_eq!(logs.iam_actions("putLogEvents"), ["logs:PutLogEvents"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SdkService {
    /// The service's name in the resource: `"s3"`, `"sfn"`, `"dynamodb"`.
    pub name: &'static str,
    /// The prefix of the service's IAM actions, as the Service Authorization Reference gives
    /// it: `"s3"`, `"states"` (for `sfn`), `"logs"` (for `cloudwatchlogs`), `"events"` (for
    /// `eventbridge`).
    pub iam_prefix: &'static str,
    /// Its actions (camelCase, sorted) and the shape of each one's input (a structure).
    pub operations: &'static [(&'static str, ShapeId)],
    /// The shape of each action's output, in `operations`' order (see [`SdkService::output`]).
    outputs: &'static [Option<ShapeId>],
    /// The AWS SDK for Java 2.x's name of the service, which starts its error names: `"Rds"`,
    /// `"DynamoDb"`, `"S3"`, `"Sfn"`.
    pub java_name: &'static str,
    /// The exception classes of its errors (sorted), as the SDK names them; the error a Catch
    /// matches is `<java_name>.<class>`. The last resort for errors the model does not list,
    /// `<java_name>Exception`, is one of them.
    ///
    /// ```
    /// let rds = sfn_core::catalog::sdk_service("rds").unwrap();
    /// assert_eq!(rds.java_name, "Rds");
    /// assert!(rds.errors.contains(&"InvalidDbClusterStateException"));
    /// assert!(rds.errors.contains(&"RdsException"));
    /// ```
    pub errors: &'static [&'static str],
    /// What authorizes each action, in `operations`' order: `=prefix:Action` for each IAM
    /// action when they are not the one named after it, then `;`, the source (none for
    /// [`IamSource::Exact`], `r`, `o`, `u`), the resources (indexes into the service's
    /// templates, or `*`, separated by `,`) and `?` with the index of a note.
    iam: &'static [&'static str],
    /// The service's resource templates (`%` fields, abbreviated) and notes (`?` fields),
    /// as they stand in `sdk.txt`, separated by tabs.
    iam_table: &'static str,
    /// The service's place in [`sdk_services`].
    slot: usize,
    /// The API model's names of errors whose class is named otherwise (sorted), and the class.
    model_errors: &'static [(&'static str, &'static str)],
}

/// An AWS SDK integration service that AWS discontinues: the "End of support notice" its
/// documentation carries. Step Functions still accepts a Task that calls it, but after the
/// date AWS says the service and its resources are no longer accessible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndOfSupport {
    /// The integration's service name: `"chime"`.
    pub service: &'static str,
    /// AWS's name of the product: `"Amazon Chime"`.
    pub product: &'static str,
    /// The end of support, `YYYY-MM-DD`, or `""` when AWS says the service is discontinued
    /// without a date.
    pub date: &'static str,
    /// What AWS says stays available after the date, when it says something does (a sentence
    /// fragment), or `""`.
    pub remains: &'static str,
    /// The actions (camelCase, sorted) that AWS keeps after the date.
    pub unaffected: &'static [&'static str],
    /// The AWS page that announces it.
    pub source: &'static str,
}

impl SdkService {
    /// Whether AWS discontinues the service, and when.
    ///
    /// ```
    /// let chime = sfn_core::catalog::sdk_service("chime").unwrap();
    /// assert_eq!(chime.end_of_support().unwrap().product, "Amazon Chime");
    /// assert!(sfn_core::catalog::sdk_service("chimesdkmeetings").unwrap().end_of_support().is_none());
    /// ```
    pub fn end_of_support(&self) -> Option<&'static EndOfSupport> {
        let all = generated::END_OF_SUPPORT;
        all.binary_search_by(|e| e.service.cmp(self.name))
            .ok()
            .map(|i| &all[i])
    }

    /// The input shape of one action, by its camelCase name.
    ///
    /// ```
    /// use sfn_core::catalog::{self, Shape};
    ///
    /// let sfn = catalog::sdk_service("sfn").unwrap();
    /// let input = sfn.operation("startExecution").unwrap();
    /// let Shape::Structure { required, .. } = catalog::shape(input) else { panic!() };
    /// assert_eq!(*required, ["StateMachineArn"]);
    /// assert_eq!(sfn.operation("StartExecution"), None);
    /// ```
    pub fn operation(&self, action: &str) -> Option<ShapeId> {
        self.operations
            .binary_search_by(|(a, _)| (*a).cmp(action))
            .ok()
            .map(|i| self.operations[i].1)
    }

    /// The shape of one action's output, the result a Task state receives, named as its
    /// input is (the AWS SDK for Java 2.x's names). `None` for an action the service does not
    /// have or one that returns nothing.
    ///
    /// ```
    /// use sfn_core::catalog::{self, Shape};
    ///
    /// let rds = catalog::sdk_service("rds").unwrap();
    /// let output = rds.output("describeDBInstances").unwrap();
    /// let Shape::Structure { members, .. } = catalog::shape(output) else { panic!() };
    /// assert!(members.iter().any(|(name, _)| *name == "DbInstances"));
    /// assert_eq!(rds.output("describeDbInstances"), None);
    /// ```
    pub fn output(&self, action: &str) -> Option<ShapeId> {
        self.operations
            .binary_search_by(|(a, _)| (*a).cmp(action))
            .ok()
            .and_then(|i| self.outputs.get(i).copied().flatten())
    }

    /// Whether the service's actions raise an error of this name: `<java_name>.<class>`
    /// with one of its [`errors`](SdkService::errors).
    ///
    /// ```
    /// let s3 = sfn_core::catalog::sdk_service("s3").unwrap();
    /// assert!(s3.raises("S3.NoSuchKeyException"));
    /// assert!(s3.raises("S3.S3Exception"));
    /// assert!(!s3.raises("S3.NoSuchKey"));
    /// assert!(!s3.raises("NoSuchKeyException"));
    /// ```
    pub fn raises(&self, name: &str) -> bool {
        name.split_once('.').is_some_and(|(prefix, class)| {
            prefix == self.java_name && self.errors.binary_search(&class).is_ok()
        })
    }

    /// The error of the service that `name` most likely means, when it is not one the
    /// service raises: the class in the API model's spelling or the SDK's
    /// (`InvalidDBClusterStateFault`), then in the same words with `Exception` for `Fault` or
    /// added (`NoSuchKey`), then the closest name by [`crate::suggest`]'s rule. The service
    /// part of `name` is not looked at.
    ///
    /// ```
    /// let s3 = sfn_core::catalog::sdk_service("s3").unwrap();
    /// assert_eq!(s3.meant_error("S3.NoSuchKey").as_deref(), Some("S3.NoSuchKeyException"));
    /// assert_eq!(
    ///     s3.meant_error("S3.NoSuchBucketExceptio").as_deref(),
    ///     Some("S3.NoSuchBucketException"),
    /// );
    /// assert_eq!(s3.meant_error("S3.Banana"), None);
    /// ```
    pub fn meant_error(&self, name: &str) -> Option<String> {
        let class = name.split_once('.').map_or(name, |(_, class)| class);
        let words = class.strip_suffix("Fault").unwrap_or(class);
        let words = words.strip_suffix("Exception").unwrap_or(words);
        let with_exception = format!("{words}Exception");
        self.error_class(class)
            .or_else(|| {
                let candidates = self.errors.iter().copied();
                crate::suggest::closest(&with_exception, candidates.clone())
                    .filter(|c| crate::suggest::alike(c, &with_exception))
                    .or_else(|| crate::suggest::closest(class, candidates))
            })
            .map(|c| format!("{}.{c}", self.java_name))
    }

    /// The exception class of an error, by its class (`InvalidDbClusterStateException`) or by
    /// the API model's name of it (`InvalidDBClusterStateFault`).
    ///
    /// ```
    /// let rds = sfn_core::catalog::sdk_service("rds").unwrap();
    /// let class = Some("InvalidDbClusterStateException");
    /// assert_eq!(rds.error_class("InvalidDBClusterStateFault"), class);
    /// assert_eq!(rds.error_class("InvalidDbClusterStateException"), class);
    /// assert_eq!(rds.error_class("NoSuchKey"), None);
    /// ```
    pub fn error_class(&self, name: &str) -> Option<&'static str> {
        if let Ok(i) = self.errors.binary_search(&name) {
            return Some(self.errors[i]);
        }
        self.model_errors
            .binary_search_by(|(m, _)| (*m).cmp(name))
            .ok()
            .map(|i| self.model_errors[i].1)
    }

    /// The IAM actions that authorize an action of the service (by its camelCase name), as
    /// [`SdkService::iam`] gives them; for an action the service does not have, the IAM action
    /// named after it (`prefix:Action`).
    ///
    /// ```
    /// let s3 = sfn_core::catalog::sdk_service("s3").unwrap();
    /// assert_eq!(s3.iam_actions("getObject"), ["s3:GetObject"]);
    /// assert_eq!(s3.iam_actions("listObjectsV2"), ["s3:ListBucket"]);
    /// ```
    pub fn iam_actions(&self, action: &str) -> Vec<String> {
        match self.iam(action) {
            Some(iam) => iam.actions,
            None => vec![self.named_action(action)],
        }
    }

    /// What authorizes an action of the service (by its camelCase name): the IAM actions, from
    /// the Service Authorization Reference, and the resources they take, as templates of the
    /// IAM module's language (`${Partition}`, `${Region}`, `${Account}`, `${Param:Path|filter}`;
    /// an ARN in a parameter replaces the whole template) or `*`. `None` for an action the
    /// service does not have.
    ///
    /// ```
    /// use sfn_core::catalog::{sdk_service, IamSource, WhyStar};
    ///
    /// let sqs = sdk_service("sqs").unwrap();
    /// // A batch call is authorized by the action of one message.
    /// let batch = sqs.iam("sendMessageBatch").unwrap();
    /// assert_eq!(batch.actions, ["sqs:SendMessage"]);
    /// assert_eq!(batch.source, IamSource::Rule);
    /// assert_eq!(
    ///     batch.resources,
    ///     ["arn:${Partition}:sqs:${Region}:${Account}:${Param:QueueUrl|queue-arn}"],
    /// );
    ///
    /// let get_item = sdk_service("dynamodb").unwrap().iam("getItem").unwrap();
    /// assert_eq!(
    ///     get_item.resources,
    ///     ["arn:${Partition}:dynamodb:${Region}:${Account}:table/${Param:TableName}"],
    /// );
    /// assert_eq!(get_item.why_star, None);
    ///
    /// // The reference gives `sqs:ListQueues` no resource type: it is granted on `*`.
    /// let list = sqs.iam("listQueues").unwrap();
    /// assert_eq!(list.resources, ["*"]);
    /// assert_eq!(list.why_star, Some(WhyStar::NoResourceType));
    /// ```
    pub fn iam(&self, action: &str) -> Option<SdkIam> {
        let i = self
            .operations
            .binary_search_by(|(a, _)| (*a).cmp(action))
            .ok()?;
        let spec = self.iam.get(i).copied().unwrap_or_default();
        let (named, rest) = spec.split_once(';').unwrap_or((spec, ""));
        let (source, rest) = match rest.as_bytes().first() {
            Some(b'r') => (IamSource::Rule, &rest[1..]),
            Some(b'o') => (IamSource::Override, &rest[1..]),
            Some(b'u') => (IamSource::Unresolved, &rest[1..]),
            _ => (IamSource::Exact, rest),
        };
        let (refs, note) = match rest.split_once('?') {
            Some((refs, note)) => (refs, Some(note)),
            None => (rest, None),
        };
        let actions = if named.is_empty() {
            vec![self.named_action(action)]
        } else {
            named
                .split('=')
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect()
        };
        let templates = self.iam_templates();
        let list = |refs: &str| -> Vec<&'static str> {
            refs.split(',')
                .filter(|r| !r.is_empty())
                .map(|r| match r.parse::<usize>() {
                    Ok(i) => templates.get(i).copied().unwrap_or("*"),
                    Err(_) => "*",
                })
                .collect()
        };
        let (resources, by_action) = if refs.contains('|') {
            let by_action: Vec<Vec<&'static str>> = refs.split('|').map(list).collect();
            let mut union: Vec<&'static str> = Vec::new();
            for r in by_action.iter().flatten() {
                if !union.contains(r) {
                    union.push(r);
                }
            }
            (union, by_action)
        } else {
            (list(refs), Vec::new())
        };
        let why_star = note
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| {
                self.iam_table
                    .split('\t')
                    .filter_map(|f| f.strip_prefix('?'))
                    .nth(n)
            })
            .map(WhyStar::parse);
        Some(SdkIam {
            actions,
            resources,
            by_action,
            source,
            why_star,
        })
    }

    /// The IAM action named after an action: the service's prefix and the action's name with
    /// its first letter upper-cased.
    fn named_action(&self, action: &str) -> String {
        let mut chars = action.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        let mut out = String::with_capacity(self.iam_prefix.len() + 1 + action.len());
        out.push_str(self.iam_prefix);
        out.push(':');
        out.extend(first);
        out.push_str(chars.as_str());
        out
    }

    /// The service's resource templates, expanded from `sdk.txt`'s abbreviations the first
    /// time they are asked for.
    fn iam_templates(&self) -> &'static [&'static str] {
        static TEMPLATES: OnceLock<Box<[OnceLock<&'static [&'static str]>]>> = OnceLock::new();
        let cells =
            TEMPLATES.get_or_init(|| sdk_services().iter().map(|_| OnceLock::new()).collect());
        let Some(cell) = cells.get(self.slot) else {
            return &[];
        };
        cell.get_or_init(|| {
            leak(
                self.iam_table
                    .split('\t')
                    .filter_map(|f| f.strip_prefix('%'))
                    .map(|t| {
                        let t = match t.strip_prefix('~') {
                            Some(rest) => format!("arn:${{Partition}}:{rest}"),
                            None => t.to_string(),
                        };
                        let t = t.replace('@', ":${Region}:${Account}:");
                        &*Box::leak(t.into_boxed_str())
                    })
                    .collect(),
            )
        })
    }
}

/// What authorizes an AWS SDK integration action (see [`SdkService::iam`]).
///
/// ```
/// use sfn_core::catalog::{sdk_service, IamSource};
///
/// let s3 = sdk_service("s3").unwrap();
/// let get = s3.iam("getObject").unwrap();
/// assert_eq!(get.actions, ["s3:GetObject"]);
/// assert_eq!(get.resources, ["arn:${Partition}:s3:::${Param:Bucket|s3-bucket}/${Param:Key}"]);
/// assert_eq!(get.source, IamSource::Exact);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkIam {
    /// The IAM actions (`prefix:Action`) that authorize the call, all of them needed.
    pub actions: Vec<String>,
    /// The resources the actions are granted on: templates (see [`IamTemplate`]), or `"*"`
    /// alone. A variable the request does not name is `*` inside a template
    /// (`arn:${Partition}:dynamodb:${Region}:${Account}:table/*`); `why_star` says which.
    /// When the actions take different resources, the union of `by_action`.
    pub resources: Vec<&'static str>,
    /// Each action's own resources, in `actions`' order, when they are not all `resources`
    /// (S3's CopyObject reads the source object and writes the destination); empty otherwise.
    /// [`SdkIam::grants`] pairs them.
    pub by_action: Vec<Vec<&'static str>>,
    /// Where the actions come from.
    pub source: IamSource,
    /// Why a resource is `*` or holds one; `None` when every resource is scoped by the request.
    pub why_star: Option<WhyStar>,
}

impl SdkIam {
    /// The grants the call needs: actions and the resources they take, one pair for all the
    /// actions, or one per action when each has its own resources.
    ///
    /// ```
    /// let copy = sfn_core::catalog::sdk_service("s3").unwrap().iam("copyObject").unwrap();
    /// let grants = copy.grants();
    /// assert_eq!(grants[0].0, ["s3:GetObject"]);
    /// assert_eq!(grants[0].1, ["${Param:CopySource|s3-copy-source}"]);
    /// assert_eq!(grants[1].0, ["s3:PutObject"]);
    /// assert_eq!(grants[1].1, ["arn:${Partition}:s3:::${Param:Bucket|s3-bucket}/${Param:Key}"]);
    /// ```
    pub fn grants(&self) -> Vec<(&[String], &[&'static str])> {
        if self.by_action.is_empty() {
            return vec![(&self.actions[..], &self.resources[..])];
        }
        self.actions
            .iter()
            .zip(&self.by_action)
            .map(|(a, r)| (std::slice::from_ref(a), &r[..]))
            .collect()
    }
}

/// Where the IAM actions of an AWS SDK integration action come from.
///
/// ```
/// use sfn_core::catalog::{sdk_service, IamSource};
///
/// let lambda = sdk_service("lambda").unwrap();
/// assert_eq!(lambda.iam("invoke").unwrap().source, IamSource::Override);
/// assert_eq!(lambda.iam("getFunction").unwrap().source, IamSource::Exact);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IamSource {
    /// The Service Authorization Reference lists the IAM action named after the operation.
    Exact,
    /// A rule of `tools/catalog-gen/generate.py` names them: a batch operation is authorized
    /// by its single-item action, DynamoDB's PartiQL operations by the `PartiQL*` actions, API
    /// Gateway's management operations by their HTTP verb.
    Rule,
    /// `tools/catalog-gen/sdk.toml` lists them, from the service's API reference.
    Override,
    /// The Service Authorization Reference has no action for the operation: the catalog
    /// keeps the one named after it, which may not exist.
    Unresolved,
}

/// Why a resource of an AWS SDK integration action's grant is `*` or holds one.
///
/// `Display` words it for a policy's notes.
///
/// ```
/// use sfn_core::catalog::{sdk_service, WhyStar};
///
/// let statement = sdk_service("dynamodb").unwrap().iam("executeStatement").unwrap();
/// let why = statement.why_star.unwrap();
/// assert!(matches!(why, WhyStar::UnnamedVariables(_)));
/// assert!(why.to_string().contains("`table` (`${TableName}`)"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WhyStar {
    /// The Service Authorization Reference gives the actions no resource type: they are
    /// granted on `*`.
    NoResourceType,
    /// The Service Authorization Reference does not list the action.
    NotInReference,
    /// Resource types whose ARN has variables the request does not name, each with them:
    /// "`table` (`${TableName}`)".
    UnnamedVariables(&'static str),
    /// `tools/catalog-gen/sdk.toml` says why the resources are `*`.
    Listed(&'static str),
}

impl WhyStar {
    /// A note of `sdk.txt`: its kind, then its text.
    fn parse(note: &'static str) -> WhyStar {
        match note.split_at(note.len().min(1)) {
            ("n", _) => WhyStar::NoResourceType,
            ("v", types) => WhyStar::UnnamedVariables(types),
            ("l", why) => WhyStar::Listed(why),
            _ => WhyStar::NotInReference,
        }
    }
}

impl std::fmt::Display for WhyStar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WhyStar::NoResourceType => f.write_str(
                "the Service Authorization Reference gives the action no resource type, so it is granted on `*`",
            ),
            WhyStar::NotInReference => f.write_str(
                "the action is not in the Service Authorization Reference, so its resources are unknown: `*`",
            ),
            WhyStar::UnnamedVariables(types) => write!(
                f,
                "the request does not name what the ARN of {types} needs, so it is `*` there"
            ),
            WhyStar::Listed(why) => write!(f, "its resources are `*`: {why}"),
        }
    }
}

/// The optimized integration with this resource (without its pattern suffix).
///
/// ```
/// use sfn_core::catalog::{self, Pattern};
///
/// let start = catalog::optimized("arn:aws:states:::states:startExecution").unwrap();
/// assert!(start.patterns.contains(&Pattern::Sync2));
/// assert!(catalog::optimized("arn:aws:states:::ecs:runTask.sync").is_none());
/// ```
pub fn optimized(resource: &str) -> Option<&'static Integration> {
    let all = optimized_integrations();
    all.binary_search_by(|i| i.resource.cmp(resource))
        .ok()
        .map(|i| &all[i])
}

/// Every optimized integration, sorted by resource.
///
/// ```
/// let all = sfn_core::catalog::optimized_integrations();
/// assert!(all.iter().any(|i| i.resource == "arn:aws:states:::lambda:invoke"));
/// assert!(all.windows(2).all(|w| w[0].resource < w[1].resource));
/// ```
pub fn optimized_integrations() -> &'static [Integration] {
    generated::OPTIMIZED
}

/// The AWS SDK integration service with this name.
///
/// ```
/// use sfn_core::catalog::sdk_service;
///
/// assert_eq!(sdk_service("eventbridge").unwrap().iam_prefix, "events");
/// assert!(sdk_service("s3").unwrap().operation("getObject").is_some());
/// assert!(sdk_service("S3").is_none());
/// ```
pub fn sdk_service(name: &str) -> Option<&'static SdkService> {
    let all = sdk_services();
    all.binary_search_by(|s| s.name.cmp(name))
        .ok()
        .map(|i| &all[i])
}

/// The AWS SDK integration services a suggestion may name: every one but those AWS
/// discontinues ([`SdkService::end_of_support`]), sorted by name.
///
/// ```
/// let names: Vec<_> = sfn_core::catalog::suggestable_sdk_services().map(|s| s.name).collect();
/// assert!(names.contains(&"chimesdkmeetings"));
/// assert!(!names.contains(&"chime"));
/// ```
pub fn suggestable_sdk_services() -> impl Iterator<Item = &'static SdkService> {
    sdk_services()
        .iter()
        .filter(|s| s.end_of_support().is_none())
}

/// Why a service botocore has is not an AWS SDK integration (Step Functions removed it,
/// deprecated it, or cannot call it), when it is one of those.
///
/// ```
/// let why = sfn_core::catalog::not_an_sdk_service("qldb").unwrap();
/// assert!(why.contains("Amazon QLDB"), "{why}");
/// assert_eq!(sfn_core::catalog::not_an_sdk_service("s3"), None);
/// ```
pub fn not_an_sdk_service(name: &str) -> Option<&'static str> {
    let all = generated::NOT_INTEGRATIONS;
    all.binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| all[i].1)
}

/// Every AWS SDK integration service, sorted by name.
///
/// ```
/// let all = sfn_core::catalog::sdk_services();
/// assert!(all.iter().any(|s| s.name == "dynamodb"));
/// assert!(all.windows(2).all(|w| w[0].name < w[1].name));
/// ```
pub fn sdk_services() -> &'static [SdkService] {
    static SERVICES: OnceLock<Box<[SdkService]>> = OnceLock::new();
    SERVICES.get_or_init(|| {
        body(generated::SDK)
            .lines()
            .enumerate()
            .map(|(slot, line)| parse_service(slot, line))
            .collect()
    })
}

/// The shape with this id.
///
/// # Panics
///
/// If `id` is not an id the catalog gave out.
///
/// ```
/// use sfn_core::catalog::{self, Shape};
///
/// let sfn = catalog::sdk_service("sfn").unwrap();
/// let Shape::Structure { members, .. } = catalog::shape(sfn.operation("startExecution").unwrap())
/// else {
///     panic!()
/// };
/// let name = members.iter().find(|(member, _)| *member == "Name").unwrap().1;
/// assert_eq!(
///     *catalog::shape(name),
///     Shape::String { enum_values: &[], min: Some(1), max: Some(80) },
/// );
/// ```
pub fn shape(id: ShapeId) -> &'static Shape {
    // The parsed shapes live in chunks made when one of their shapes is first asked for: a
    // validation touches a few hundred of the catalog's tens of thousands of shapes, and one
    // table of them all would cost a process a few megabytes of page faults at its first Task.
    const CHUNK: usize = 256;
    type Chunk = Box<[OnceLock<Shape>; CHUNK]>;
    static SHAPES: OnceLock<Box<[OnceLock<Chunk>]>> = OnceLock::new();
    let i = id as usize;
    if i >= generated::SHAPE_COUNT {
        panic!("{id} is not a shape of the service catalog");
    }
    let chunks = SHAPES.get_or_init(|| {
        (0..generated::SHAPE_COUNT.div_ceil(CHUNK))
            .map(|_| OnceLock::new())
            .collect()
    });
    let chunk = chunks[i / CHUNK].get_or_init(|| Box::new([const { OnceLock::new() }; CHUNK]));
    chunk[i % CHUNK].get_or_init(|| parse_shape(shape_line(id)))
}

/// The version of botocore the shapes come from.
///
/// ```
/// let version = sfn_core::catalog::botocore_version();
/// assert!(version.split('.').all(|part| part.parse::<u32>().is_ok()));
/// ```
pub fn botocore_version() -> &'static str {
    generated::BOTOCORE_VERSION
}

/// A data file without its header line.
fn body(file: &'static str) -> &'static str {
    file.split_once('\n').map_or("", |(_, rest)| rest)
}

/// The line of `shapes.txt` that holds a shape, found through `shapes.idx`.
fn shape_line(id: ShapeId) -> &'static str {
    let at = id as usize * 8;
    let hex = body(generated::SHAPE_INDEX)
        .get(at..at + 8)
        .expect("shapes.idx is shorter than SHAPE_COUNT");
    let start = usize::from_str_radix(hex, 16).expect("shapes.idx holds hex offsets");
    let rest = &body(generated::SHAPES)[start..];
    rest.split_once('\n').map_or(rest, |(line, _)| line)
}

fn id(s: &str) -> ShapeId {
    s.parse().expect("shapes.txt holds numeric shape ids")
}

fn bound<T: std::str::FromStr>(s: Option<&str>) -> Option<T> {
    s.filter(|s| !s.is_empty()).and_then(|s| s.parse().ok())
}

fn leak<T>(items: Vec<T>) -> &'static [T] {
    if items.is_empty() {
        return &[];
    }
    Box::leak(items.into_boxed_slice())
}

/// Reads one line of `shapes.txt` (see `tools/catalog-gen/generate.py` for the format).
fn parse_shape(line: &'static str) -> Shape {
    let mut fields = line.split('\t');
    match fields.next().unwrap_or_default() {
        "S" => {
            let mut members = Vec::new();
            let mut required = Vec::new();
            let mut model_names = Vec::new();
            for field in fields {
                let (name, shape) = field.split_once('=').expect("a structure member");
                let (name, is_required) = match name.strip_prefix('!') {
                    Some(name) => (name, true),
                    None => (name, false),
                };
                let name = match name.split_once('/') {
                    Some((name, model)) => {
                        model_names.push((name, model));
                        name
                    }
                    None => name,
                };
                if is_required {
                    required.push(name);
                }
                members.push((name, id(shape)));
            }
            Shape::Structure {
                members: leak(members),
                required: leak(required),
                model_names: leak(model_names),
            }
        }
        "L" => Shape::List {
            member: id(fields.next().unwrap_or_default()),
            min: bound(fields.next()),
            max: bound(fields.next()),
        },
        "M" => Shape::Map {
            key: id(fields.next().unwrap_or_default()),
            value: id(fields.next().unwrap_or_default()),
        },
        "T" => {
            let min = bound(fields.next());
            let max = bound(fields.next());
            Shape::String {
                enum_values: leak(fields.collect()),
                min,
                max,
            }
        }
        "I" => Shape::Integer {
            min: bound(fields.next()),
            max: bound(fields.next()),
        },
        "F" => Shape::Float,
        "B" => Shape::Boolean,
        "Z" => Shape::Timestamp,
        "X" => Shape::Blob,
        "J" => Shape::Document,
        other => panic!("shapes.txt: unknown shape kind {other:?}"),
    }
}

/// Reads one line of `sdk.txt` (see `tools/catalog-gen/generate.py` for the format): the
/// service name, its IAM prefix, the SDK's name of it, its resource templates (`%`) and notes
/// (`?`), then `action=shape` fields, each followed by `=prefix:Action` for the IAM actions of
/// an action not named after it and `;` with the rest of its IAM (the input's id followed by
/// `>` and the output's when the action has one), then `!Class` fields, with
/// `/ModelName` for each name the model gives it otherwise.
fn parse_service(slot: usize, line: &'static str) -> SdkService {
    let mut fields = line.split('\t');
    let name = fields.next().unwrap_or_default();
    let iam_prefix = fields.next().unwrap_or_default();
    let java_name = fields.next().unwrap_or_default();
    let mut operations = Vec::new();
    let mut outputs = Vec::new();
    let mut iam = Vec::new();
    let mut errors = Vec::new();
    let mut model_errors = Vec::new();
    let mut table: Option<(usize, usize)> = None;
    for f in fields {
        match f.as_bytes().first() {
            Some(b'!') => {
                let mut names = f[1..].split('/');
                let class = names.next().unwrap_or_default();
                model_errors.extend(names.map(|model| (model, class)));
                errors.push(class);
            }
            Some(b'%' | b'?') => {
                // The fields are slices of `line`: the table is the span from the first to
                // the last.
                let start = f.as_ptr() as usize - line.as_ptr() as usize;
                let end = start + f.len();
                table = Some((table.map_or(start, |(s, _)| s), end));
            }
            _ => {
                let (action, rest) = f.split_once('=').expect("an action");
                let at = rest.find(['=', ';']).unwrap_or(rest.len());
                let (input, output) = match rest[..at].split_once('>') {
                    Some((input, output)) => (input, Some(id(output))),
                    None => (&rest[..at], None),
                };
                operations.push((action, id(input)));
                outputs.push(output);
                iam.push(&rest[at..]);
            }
        }
    }
    model_errors.sort_unstable();
    SdkService {
        name,
        iam_prefix,
        operations: leak(operations),
        outputs: leak(outputs),
        java_name,
        errors: leak(errors),
        iam: leak(iam),
        iam_table: table.map_or("", |(start, end)| &line[start..end]),
        slot,
        model_errors: leak(model_errors),
    }
}

#[cfg(test)]
mod tests;
