//! The service catalog: what each service integration accepts, with which patterns, and which
//! IAM permissions it needs.
//!
//! The input shapes come from the AWS service models in botocore (Apache-2.0; see
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

pub use cursor::{payload_key, Member, ParamCursor};
pub use resource::{is_activity_arn, is_valid_resource_arn, parse_resource, pattern_of, Resource};

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
    /// The actions (sorted) whose IAM actions are not named after them, and those IAM actions
    /// separated by `=`.
    iam_exceptions: &'static [(&'static str, &'static str)],
    /// The API model's names of errors whose class is named otherwise (sorted), and the class.
    model_errors: &'static [(&'static str, &'static str)],
}

impl SdkService {
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

    /// The IAM actions that authorize an action of the service (by its camelCase name). Most
    /// are authorized by the IAM action named after them, with the service's IAM prefix
    /// (`sfn`'s `startExecution` needs `states:StartExecution`); the catalog lists those that
    /// are not (`s3`'s `listObjectsV2` needs `s3:ListBucket`, `lambda`'s `invoke`
    /// `lambda:InvokeFunction`).
    ///
    /// ```
    /// let s3 = sfn_core::catalog::sdk_service("s3").unwrap();
    /// assert_eq!(s3.iam_actions("getObject"), ["s3:GetObject"]);
    /// assert_eq!(s3.iam_actions("listObjectsV2"), ["s3:ListBucket"]);
    /// ```
    pub fn iam_actions(&self, action: &str) -> Vec<String> {
        if let Ok(i) = self
            .iam_exceptions
            .binary_search_by(|(a, _)| (*a).cmp(action))
        {
            return self.iam_exceptions[i]
                .1
                .split('=')
                .map(str::to_string)
                .collect();
        }
        let mut chars = action.chars();
        let first = chars.next().map(|c| c.to_ascii_uppercase());
        let mut out = String::with_capacity(self.iam_prefix.len() + 1 + action.len());
        out.push_str(self.iam_prefix);
        out.push(':');
        out.extend(first);
        out.push_str(chars.as_str());
        vec![out]
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

/// Every AWS SDK integration service, sorted by name.
///
/// ```
/// let all = sfn_core::catalog::sdk_services();
/// assert!(all.iter().any(|s| s.name == "dynamodb"));
/// assert!(all.windows(2).all(|w| w[0].name < w[1].name));
/// ```
pub fn sdk_services() -> &'static [SdkService] {
    static SERVICES: OnceLock<Box<[SdkService]>> = OnceLock::new();
    SERVICES.get_or_init(|| body(generated::SDK).lines().map(parse_service).collect())
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
    static SHAPES: OnceLock<Box<[OnceLock<Shape>]>> = OnceLock::new();
    let cells = SHAPES.get_or_init(|| {
        (0..generated::SHAPE_COUNT)
            .map(|_| OnceLock::new())
            .collect()
    });
    let Some(cell) = cells.get(id as usize) else {
        panic!("{id} is not a shape of the service catalog");
    };
    cell.get_or_init(|| parse_shape(shape_line(id)))
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

/// Reads one line of `sdk.txt`: the service name, its IAM prefix, the SDK's name of it, then
/// `action=shape` fields, each followed by `=prefix:Action` for the IAM actions of an action not
/// named after it, then `!Class` fields, with `/ModelName` for each name the model gives it
/// otherwise.
fn parse_service(line: &'static str) -> SdkService {
    let mut fields = line.split('\t');
    let name = fields.next().unwrap_or_default();
    let iam_prefix = fields.next().unwrap_or_default();
    let java_name = fields.next().unwrap_or_default();
    let mut operations = Vec::new();
    let mut iam_exceptions = Vec::new();
    let mut errors = Vec::new();
    let mut model_errors = Vec::new();
    for f in fields {
        if let Some(error) = f.strip_prefix('!') {
            let mut names = error.split('/');
            let class = names.next().unwrap_or_default();
            model_errors.extend(names.map(|model| (model, class)));
            errors.push(class);
            continue;
        }
        let (action, rest) = f.split_once('=').expect("an action");
        let (shape, iam) = rest.split_once('=').unwrap_or((rest, ""));
        operations.push((action, id(shape)));
        if !iam.is_empty() {
            iam_exceptions.push((action, iam));
        }
    }
    model_errors.sort_unstable();
    SdkService {
        name,
        iam_prefix,
        operations: leak(operations),
        java_name,
        errors: leak(errors),
        iam_exceptions: leak(iam_exceptions),
        model_errors: leak(model_errors),
    }
}

#[cfg(test)]
mod tests;
