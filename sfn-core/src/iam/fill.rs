//! Filling the catalog's resource templates with a state's parameters and the deployment.
//!
//! A template holds `${Partition}`, `${Region}`, `${Account}` (the resource's place: the ARN
//! a parameter of the template gives, else the deployment's), `${Self}` (the state machine's
//! name) and `${Param:Path|filter...}`, where `Path` is dotted and `[]` steps into each element
//! of a list (one resource per element). A parameter that is itself an ARN, or a `${NameArn}`
//! placeholder, replaces the whole template; one that comes from a path makes the resource `*`.
//! Filters:
//! - `name`: the last segment of an ARN, or the value itself;
//! - `sfn-name`: a state machine's name from its ARN, also a version's or an alias's;
//! - `sfn-machine`: a state machine's own ARN from its ARN, a version's or an alias's;
//! - `lambda`: a function's name and qualifier from a name, a partial ARN or an ARN (with the
//!   state's `Qualifier`);
//! - `revision`: an ECS task definition's `family:revision` (`family:*` for a family);
//! - `family`, `revision-number`: its family, and its revision (`*` for a family);
//! - `secret`: a Secrets Manager secret's name followed by `-??????`, its ARN's random suffix;
//! - `strip-slash`: an SSM parameter's name without its leading slash;
//! - `kms-key`: a KMS key, or `*` (the account's keys) for an alias;
//! - `model`, `inference-profile`: a Bedrock model's id, and for a cross-region inference
//!   profile's id its model (in every region) and the profile's ARN;
//! - `build-project`: the CodeBuild project of a build's or a build batch's ID or ARN;
//! - `queue-arn`: an SQS queue URL turned into the queue's ARN;
//! - `s3-uri`: an `s3://bucket/key` URI turned into the object's ARN;
//! - `s3-bucket`: a bucket, or an access point's ARN, which is the resource where the
//!   template ends with the bucket and gives `<arn>/object/<key>` for its objects;
//! - `s3-copy-source`: an S3 copy's `CopySource` (`bucket/key`, URL-encoded, or an access
//!   point's object ARN) turned into the object's ARN;
//! - `api-id`: the API's ID (and region) from an `<id>.execute-api.<region>.amazonaws.com` host;
//! - `default=VALUE`: when the parameter is absent;
//! - `present`: an absent parameter (a list element without it) gives no resource, rather
//!   than `*` in its place; a template none of whose elements has it gives none at all.

use super::{literal, place_of, Deployment};
use crate::json::{Node, Value};

/// Where a resource is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) partition: Option<String>,
    pub(super) region: Option<String>,
    pub(super) account: Option<String>,
}

// Markers for the place, written while a template is filled and replaced at its end, when the
// parameters have told whose place it is.
const PARTITION: char = '\u{E000}';
const REGION: char = '\u{E001}';
const ACCOUNT: char = '\u{E002}';
const SELF: char = '\u{E003}';

/// Fills templates, and collects the notes that explain what it could not know.
pub(super) struct Filler<'d> {
    deployment: &'d Deployment,
    notes: Vec<String>,
    unknown_region: bool,
    unknown_account: bool,
    assumed_partition: bool,
    unknown_name: bool,
}

/// A filled piece of a template.
enum Piece {
    /// Text, with the place of the ARN it came from.
    Text(String, Option<Place>),
    /// A whole resource (an ARN), which replaces the template.
    Whole(String),
    /// Nothing: an element without the parameter, under the `present` filter.
    Skip,
    /// An S3 access point's ARN where a bucket goes: the access point itself where the
    /// template ends with the bucket, else its objects (`<arn>/object/...`).
    AccessPoint(String),
}

/// One resource being filled.
#[derive(Clone)]
struct Partial {
    text: String,
    whole: Option<String>,
    place: Option<Place>,
}

impl<'d> Filler<'d> {
    pub(super) fn new(deployment: &'d Deployment) -> Filler<'d> {
        Filler {
            deployment,
            notes: Vec::new(),
            unknown_region: false,
            unknown_account: false,
            assumed_partition: false,
            unknown_name: false,
        }
    }

    pub(super) fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// Takes over what another filler (of an assumed role's account) noted and missed.
    pub(super) fn absorb(&mut self, other: Filler<'_>) {
        self.notes.extend(other.notes);
        self.unknown_region |= other.unknown_region;
        self.unknown_account |= other.unknown_account;
        self.assumed_partition |= other.assumed_partition;
        self.unknown_name |= other.unknown_name;
    }

    /// The notes, with one for each part of the deployment the policy needed and did not have.
    pub(super) fn finish(mut self) -> Vec<String> {
        let mut missing = Vec::new();
        if self.unknown_region {
            missing.push("region (`--region`)");
        }
        if self.unknown_account {
            missing.push("account (`--account`)");
        }
        if !missing.is_empty() {
            self.notes.push(format!(
                "the state machine's {} {} not given, so resources that are not named by an ARN have `*` in {} place; `sfn cfn` and `cloudformation()` use the stack's `${{AWS::Region}}` and `${{AWS::AccountId}}`",
                missing.join(" and "),
                if missing.len() == 1 { "is" } else { "are" },
                if missing.len() == 1 { "its" } else { "their" },
            ));
        }
        if self.assumed_partition {
            self.notes.push(
                "the partition is assumed to be `aws` (`--partition`, or a `--region` of another partition, changes it)".to_string(),
            );
        }
        if self.unknown_name {
            self.notes.push(
                "the state machine's name is not given (`--name`), so resources that name it have `*` in its place".to_string(),
            );
        }
        self.notes.sort();
        self.notes.dedup();
        self.notes
    }

    /// A role given by name or ARN, as an ARN.
    pub(super) fn role_arn(&mut self, role: &str) -> String {
        if role.starts_with("arn:") || is_arn_placeholder(role) {
            return role.to_string();
        }
        let partition = self.resolve(PARTITION, None);
        let account = self.resolve(ACCOUNT, None);
        format!("arn:{partition}:iam::{account}:role/{role}")
    }

    /// Fills a template: one resource per combination of list elements, sorted.
    pub(super) fn fill_all(
        &mut self,
        template: &str,
        params: Option<&Node>,
        state: &str,
    ) -> Vec<String> {
        let mut partials = vec![Partial {
            text: String::new(),
            whole: None,
            place: None,
        }];
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            for p in &mut partials {
                p.text.push_str(&rest[..i]);
            }
            let after = &rest[i + 2..];
            let Some(end) = after.find('}') else {
                break;
            };
            let key = &after[..end];
            rest = &after[end + 1..];
            let pieces = match key {
                "Partition" => vec![Piece::Text(PARTITION.into(), None)],
                "Region" => vec![Piece::Text(REGION.into(), None)],
                "Account" => vec![Piece::Text(ACCOUNT.into(), None)],
                "Self" => vec![Piece::Text(SELF.into(), None)],
                _ => match key.strip_prefix("Param:") {
                    Some(spec) => {
                        let mut filters = spec.split('|');
                        let path = filters.next().unwrap_or_default();
                        let filters: Vec<&str> = filters.collect();
                        let Some(values) = param_values(params, path) else {
                            self.note(format!(
                                "`{state}` takes `{path}` from a path at run time, so its resource is `*`"
                            ));
                            return vec!["*".to_string()];
                        };
                        let mut pieces = Vec::with_capacity(values.len());
                        for v in values {
                            match self.apply_filters(path, v, &filters, params, state) {
                                Some(Piece::Skip) => {}
                                Some(piece) => pieces.push(piece),
                                None => return vec!["*".to_string()],
                            }
                        }
                        pieces
                    }
                    None => vec![Piece::Text("*".to_string(), None)],
                },
            };
            let mut next = Vec::with_capacity(partials.len() * pieces.len().max(1));
            for p in &partials {
                for piece in &pieces {
                    let mut p = p.clone();
                    match piece {
                        Piece::Text(t, place) => {
                            p.text.push_str(t);
                            if place.is_some() {
                                p.place.clone_from(place);
                            }
                        }
                        Piece::Whole(w) => p.whole = Some(w.clone()),
                        Piece::AccessPoint(arn) if rest.is_empty() => p.whole = Some(arn.clone()),
                        Piece::AccessPoint(arn) => {
                            p.text = format!("{arn}/object");
                            p.place = None;
                        }
                        Piece::Skip => continue,
                    }
                    next.push(p);
                }
            }
            partials = next;
        }
        let mut out: Vec<String> = partials
            .into_iter()
            .map(|p| match p.whole {
                Some(whole) => self.place_markers(&whole, p.place.as_ref()),
                None => {
                    let text = p.text + rest;
                    self.place_markers(&text, p.place.as_ref())
                }
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Replaces the markers with the place's parts, or the deployment's.
    fn place_markers(&mut self, text: &str, place: Option<&Place>) -> String {
        let mut out = String::with_capacity(text.len() + 32);
        for c in text.chars() {
            match c {
                PARTITION | REGION | ACCOUNT | SELF => out.push_str(&self.resolve(c, place)),
                c => out.push(c),
            }
        }
        out
    }

    fn resolve(&mut self, marker: char, place: Option<&Place>) -> String {
        let dep = self.deployment;
        let from_place = |f: fn(&Place) -> &Option<String>| place.and_then(|p| f(p).clone());
        match marker {
            PARTITION => from_place(|p| &p.partition)
                .or_else(|| dep.partition.clone())
                .or_else(|| {
                    from_place(|p| &p.region)
                        .or_else(|| dep.region.clone())
                        .map(|r| partition_of_region(&r).to_string())
                })
                .unwrap_or_else(|| {
                    self.assumed_partition = true;
                    "aws".to_string()
                }),
            REGION => from_place(|p| &p.region)
                .or_else(|| dep.region.clone())
                .unwrap_or_else(|| {
                    self.unknown_region = true;
                    "*".to_string()
                }),
            ACCOUNT => from_place(|p| &p.account)
                .or_else(|| dep.account.clone())
                .unwrap_or_else(|| {
                    self.unknown_account = true;
                    "*".to_string()
                }),
            _ => dep.name.clone().unwrap_or_else(|| {
                self.unknown_name = true;
                "*".to_string()
            }),
        }
    }

    /// One parameter value (`None` when absent) through a template's filters; `None` when the
    /// whole resource must be `*`.
    fn apply_filters(
        &mut self,
        path: &str,
        value: Option<String>,
        filters: &[&str],
        params: Option<&Node>,
        state: &str,
    ) -> Option<Piece> {
        // A literal `*`, `?` or `$` is that character, not a wildcard: IAM writes it `${*}`,
        // `${?}`, `${$}` (S3 keys may hold all three; in any other name the call fails, so
        // the grant must not widen).
        let mut value = value.map(|v| escape_literal(&v));
        let mut whole_allowed = true;
        let mut place = value.as_deref().and_then(place_of);
        for f in filters {
            match *f {
                "sfn-machine" => {
                    // A state machine, its version or its alias: authorized on the state
                    // machine's own ARN ("Authorization for versions and aliases").
                    let v = value.clone()?;
                    if is_arn_placeholder(&v) {
                        return Some(Piece::Whole(v));
                    }
                    if let Some(at) = v.find(":stateMachine:") {
                        let rest = &v[at + ":stateMachine:".len()..];
                        let name = rest.split(':').next().unwrap_or_default();
                        return Some(Piece::Whole(format!("{}:stateMachine:{name}", &v[..at])));
                    }
                }
                "sfn-name" if value.as_deref().is_some_and(is_arn_placeholder) => {
                    let v = value.unwrap_or_default();
                    if self.deployment.cloudformation {
                        // CloudFormation takes the name apart from the ARN the stack passes
                        // in (`cfn`'s `${Name|sfn-executions}`).
                        return Some(Piece::Whole(format!(
                            "{}|sfn-executions}}",
                            &v[..v.len() - 1]
                        )));
                    }
                    self.note(format!(
                        "`{state}` names its state machine by `{v}`, known only at deployment, so the executions it may describe and stop are those of any state machine (with `sfn cfn`, the ones of that state machine)"
                    ));
                    whole_allowed = false;
                    value = Some("*".to_string());
                }
                "name" | "sfn-name" => {
                    whole_allowed = false;
                    if value.as_deref().is_some_and(is_arn_placeholder) {
                        self.note(format!(
                            "`{state}` names a resource by `{}`, known only at deployment, so the resources named after it are `*`",
                            value.unwrap_or_default()
                        ));
                        return None;
                    }
                    value = value.map(|v| match v.strip_prefix("arn:") {
                        Some(arn) if *f == "sfn-name" && arn.contains(":stateMachine:") => arn
                            .split(":stateMachine:")
                            .nth(1)
                            .and_then(|rest| rest.split(':').next())
                            .unwrap_or_default()
                            .to_string(),
                        Some(arn) => arn
                            .rsplit([':', '/'])
                            .next()
                            .unwrap_or_default()
                            .to_string(),
                        None => v,
                    });
                }
                "lambda" => {
                    whole_allowed = false;
                    let dynamic = params.is_some_and(|p| p.get("Qualifier.$").is_some());
                    let qualifier = params.and_then(|p| p.get("Qualifier"));
                    let qualifier = match qualifier {
                        _ if dynamic => {
                            self.note(format!(
                                "`{state}` takes `Qualifier` from a path at run time, so every version and alias of its function is granted"
                            ));
                            Some("*".to_string())
                        }
                        Some(q) => match literal(Some(q)) {
                            Some(q) => Some(q),
                            None => {
                                self.note(format!(
                                    "`{state}` takes `Qualifier` from a path at run time, so every version and alias of its function is granted"
                                ));
                                Some("*".to_string())
                            }
                        },
                        None => None,
                    };
                    let v = value.as_deref()?;
                    if is_arn_placeholder(v) || (v.starts_with("arn:") && place_of(v).is_none()) {
                        return Some(Piece::Whole(match qualifier {
                            Some(q) => format!("{v}:{q}"),
                            None => v.to_string(),
                        }));
                    }
                    let (function, from) = lambda_function(v);
                    if from.is_some() {
                        place = from;
                    }
                    value = Some(match qualifier {
                        Some(q) if !function.contains(':') => format!("{function}:{q}"),
                        _ => function,
                    });
                }
                "build-project" => {
                    // A build's or a batch's ID is `project:uuid`; its ARN ends in
                    // `build/project:uuid` or `build-batch/project:uuid`.
                    whole_allowed = false;
                    value = value.map(|v| {
                        let id = match v.strip_prefix("arn:") {
                            Some(arn) => arn.rsplit('/').next().unwrap_or_default(),
                            None => v.as_str(),
                        };
                        match id.rsplit_once(':') {
                            Some((project, _)) => project.to_string(),
                            None => {
                                self.notes.push(format!(
                                    "`{state}` gives a build ID `{id}` that names no project (`project:uuid`), so its resource is the account's projects"
                                ));
                                "*".to_string()
                            }
                        }
                    });
                }
                "api-id" => {
                    // `<api-id>.execute-api.<region>.amazonaws.com`: the API's ID, and the
                    // region the API is in.
                    whole_allowed = false;
                    let v = value.clone()?;
                    let host = v.trim_start_matches("https://");
                    let host = host.split('/').next().unwrap_or_default();
                    match host.split_once(".execute-api.") {
                        Some((id, rest)) if !id.is_empty() => {
                            let region = rest.split('.').next().unwrap_or_default();
                            place = Some(Place {
                                region: Some(region.to_string()).filter(|r| !r.is_empty()),
                                ..Place::default()
                            });
                            value = Some(id.to_string());
                        }
                        _ => {
                            self.note(format!(
                                "`{state}` calls `{v}`, whose host does not name the API (a custom domain), so the API is `*` in its resource"
                            ));
                            value = Some("*".to_string());
                        }
                    }
                }
                "s3-uri" => {
                    // `s3://bucket/key` is the object `arn:<partition>:s3:::bucket/key`.
                    let v = value.as_deref()?;
                    return Some(match v.strip_prefix("s3://") {
                        Some(path) if !path.is_empty() => {
                            Piece::Whole(format!("arn:{PARTITION}:s3:::{path}"))
                        }
                        _ if is_arn_placeholder(v) => Piece::Whole(v.to_string()),
                        _ => {
                            self.note(format!(
                                "`{state}` names an S3 object as `{v}`, which is not an `s3://` URI, so its resource is `*`"
                            ));
                            return None;
                        }
                    });
                }
                "present" if value.is_none() => return Some(Piece::Skip),
                "s3-bucket" if value.as_deref().is_some_and(is_s3_access_point) => {
                    return Some(Piece::AccessPoint(value.unwrap_or_default()));
                }
                "s3-copy-source" => {
                    let v = value.as_deref()?;
                    if is_arn_placeholder(v) {
                        return Some(Piece::Whole(v.to_string()));
                    }
                    return match copy_source(v) {
                        Some(arn) => Some(Piece::Whole(arn)),
                        None => {
                            self.note(format!(
                                "`{state}` names its source object as `{v}`, which is not `bucket/key` or an access point's object ARN, so its resource is `*`"
                            ));
                            None
                        }
                    };
                }
                "secret" => {
                    if let Some(v) = value.as_deref() {
                        // A name, or a partial ARN (without the `-` and six characters of the
                        // secret's ARN), matches the secret with any suffix.
                        let partial = v.starts_with("arn:") && !has_secret_suffix(v);
                        if partial || (!v.starts_with("arn:") && !is_arn_placeholder(v)) {
                            value = Some(format!("{v}-??????"));
                        }
                    }
                }
                "model" | "inference-profile" => {
                    // A cross-region inference profile's id is a geography, `.`, and the
                    // model's id (`us.anthropic.claude-3-haiku-20240307-v1:0`).
                    let v = value.clone()?;
                    if v.starts_with("arn:") || is_arn_placeholder(&v) {
                        // `model` gives the ARN whole; `inference-profile` repeats it.
                        return Some(Piece::Whole(v));
                    }
                    let profile = inference_profile(&v);
                    match (*f, profile) {
                        ("model", Some(model)) => {
                            whole_allowed = false;
                            self.note(format!(
                                "`{state}` invokes the inference profile `{v}`, which routes to `{model}` in several regions: the model is granted in every region"
                            ));
                            place = Some(Place {
                                region: Some("*".to_string()),
                                ..Place::default()
                            });
                            value = Some(model.to_string());
                        }
                        ("inference-profile", Some(_)) => {
                            return Some(Piece::Text(
                                format!("arn:{PARTITION}:bedrock:{REGION}:{ACCOUNT}:inference-profile/{v}"),
                                None,
                            ));
                        }
                        // Not a profile: the foundation model itself, as `model` gives it.
                        ("inference-profile", None) => {
                            return Some(Piece::Text(
                                format!("arn:{PARTITION}:bedrock:{REGION}::foundation-model/{v}"),
                                None,
                            ));
                        }
                        _ => {}
                    }
                }
                "kms-key" => {
                    if let Some(v) = value.as_deref() {
                        if v.starts_with("alias/") || v.contains(":alias/") {
                            self.note(format!(
                                "`{state}` names its KMS key by the alias `{v}`: KMS authorizes the key the alias points to, which the definition does not name, so the account's keys are granted (narrow them with the condition `kms:RequestAlias`)"
                            ));
                            whole_allowed = false;
                            place = v.strip_prefix("arn:").and_then(|_| place_of(v));
                            value = Some("*".to_string());
                        }
                    }
                }
                "strip-slash" => {
                    value = value.map(|v| v.strip_prefix('/').map(str::to_string).unwrap_or(v));
                }
                "family" | "revision-number" => {
                    // `family:revision`, `family`, or `arn:...:task-definition/family:revision`.
                    whole_allowed = false;
                    value = value.map(|v| {
                        let def = v.rsplit('/').next().unwrap_or_default();
                        let def = if v.starts_with("arn:") {
                            def
                        } else {
                            v.as_str()
                        };
                        let (family, revision) = def.split_once(':').unwrap_or((def, "*"));
                        if *f == "family" { family } else { revision }.to_string()
                    });
                }
                "revision" => {
                    if let Some(v) = value.as_deref() {
                        // A family (by name or ARN) runs its latest ACTIVE revision.
                        let family = v.rsplit('/').next().unwrap_or_default();
                        let unrevised = if v.starts_with("arn:") {
                            v.contains(":task-definition/") && !family.contains(':')
                        } else {
                            !v.contains(':') && !is_arn_placeholder(v)
                        };
                        if unrevised {
                            value = Some(format!("{v}:*"));
                        }
                    }
                }
                "queue-arn" => {
                    return Some(match value.as_deref().map(queue_arn) {
                        Some(Some(arn)) => Piece::Whole(arn),
                        Some(None)
                            if value.as_deref().is_some_and(|v| {
                                v.starts_with("arn:") || is_arn_placeholder(v)
                            }) =>
                        {
                            Piece::Whole(value.unwrap_or_default())
                        }
                        Some(None)
                            if self.deployment.cloudformation
                                && value
                                    .as_deref()
                                    .and_then(crate::asl::placeholder_at)
                                    .is_some_and(|n| {
                                        value.as_deref().is_some_and(|v| v.len() == n.len() + 3)
                                    }) =>
                        {
                            // A queue URL that the stack fills in: CloudFormation takes the
                            // queue's ARN apart from it (`cfn`'s `${Name|queue-arn}`).
                            let v = value.unwrap_or_default();
                            Piece::Whole(format!("{}|queue-arn}}", &v[..v.len() - 1]))
                        }
                        _ => {
                            self.note(format!(
                                "`{state}` names its queue in a way that does not give the queue's ARN, so it is granted every queue of the account (with `sfn cfn`, a `${{QueueUrl}}` placeholder gives the queue's own ARN)"
                            ));
                            Piece::Text(format!("arn:{PARTITION}:sqs:{REGION}:{ACCOUNT}:*"), None)
                        }
                    });
                }
                other => {
                    if let Some(default) = other.strip_prefix("default=") {
                        value = value.or_else(|| Some(default.to_string()));
                    }
                }
            }
        }
        Some(match value {
            Some(v) if whole_allowed && (v.starts_with("arn:") || is_arn_placeholder(&v)) => {
                Piece::Whole(v)
            }
            Some(v) => Piece::Text(v, place),
            None => {
                self.note(format!(
                    "`{state}` does not give `{path}`, so its resource has `*` in its place"
                ));
                Piece::Text("*".to_string(), None)
            }
        })
    }
}

/// The object an S3 copy reads, from its `CopySource` (already through [`escape_literal`]):
/// `bucket/key` (a leading `/` allowed) or an access point's object ARN, URL-encoded, with an
/// optional `?versionId=...` (the encoding turns a `?` of the key into `%3F`, so the first `?`
/// starts the query). `None` when it is neither.
fn copy_source(escaped: &str) -> Option<String> {
    let path = escaped.split("${?}").next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    // The decoding may give `*`, `?` or `$`: literal characters of the key.
    let path = escape_literal(&decoded);
    if path.starts_with("arn:") {
        return path.contains(":accesspoint/").then_some(path);
    }
    let path = path.strip_prefix('/').unwrap_or(&path);
    let (bucket, key) = path.split_once('/')?;
    (!bucket.is_empty() && !key.is_empty()).then(|| format!("arn:{PARTITION}:s3:::{path}"))
}

/// An S3 access point's ARN (`arn:aws:s3:us-east-1:123456789012:accesspoint/reports`, or a
/// Multi-Region Access Point's, without a region), which S3 calls take where a bucket goes.
fn is_s3_access_point(value: &str) -> bool {
    let parts: Vec<&str> = value.splitn(6, ':').collect();
    matches!(parts.as_slice(), ["arn", _, "s3", _, account, resource]
        if !account.is_empty()
            && resource
                .strip_prefix("accesspoint/")
                .is_some_and(|name| !name.is_empty() && !name.contains('/')))
}

/// `%XX` escapes decoded; `None` for a malformed escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A literal value with IAM's wildcards and variable sign escaped: `*` is `${*}`, `?` is `${?}`
/// and a `$` that does not start a `${Name}` placeholder is `${$}`.
pub(super) fn escape_literal(value: &str) -> String {
    if !value.contains(['*', '?', '$']) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 8);
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        match c {
            '$' => match crate::asl::placeholder_at(rest) {
                Some(name) => {
                    out.push_str(&rest[..name.len() + 3]);
                    rest = &rest[name.len() + 3..];
                    continue;
                }
                None => out.push_str("${$}"),
            },
            '*' => out.push_str("${*}"),
            '?' => out.push_str("${?}"),
            c => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The model of a cross-region inference profile's id (`us.anthropic.x` gives
/// `anthropic.x`); `None` for a model's own id.
fn inference_profile(id: &str) -> Option<&str> {
    const GEOGRAPHIES: &[&str] = &["us", "us-gov", "eu", "apac", "jp", "au", "ca", "global"];
    let (geo, model) = id.split_once('.')?;
    (GEOGRAPHIES.contains(&geo) && model.contains('.')).then_some(model)
}

/// Whether a secret's ARN ends in the `-` and six letters or digits Secrets Manager adds.
fn has_secret_suffix(arn: &str) -> bool {
    let name = arn.rsplit(':').next().unwrap_or_default();
    name.len() > 7
        && name.as_bytes()[name.len() - 7] == b'-'
        && name[name.len() - 6..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric())
}

/// The partition of a region: `cn-north-1` is in `aws-cn`.
fn partition_of_region(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("${") {
        "${AWS::Partition}"
    } else {
        "aws"
    }
}

/// A `${Name}` placeholder that stands for a whole ARN: the value is just the placeholder and
/// its name ends in `Arn` (`${FunctionArn}`, `${QueueARN}`).
pub(super) fn is_arn_placeholder(value: &str) -> bool {
    crate::asl::placeholder_at(value).is_some_and(|name| {
        name.len() + 3 == value.len() && name.to_ascii_lowercase().ends_with("arn")
    })
}

/// A Lambda function's `name[:qualifier]` and the place its ARN gives: from `name`,
/// `name:alias`, `123456789012:function:name[:alias]` or a full ARN.
fn lambda_function(value: &str) -> (String, Option<Place>) {
    if let Some(place) = place_of(value) {
        let rest = value.splitn(7, ':').nth(6).unwrap_or_default();
        return (rest.to_string(), Some(place));
    }
    let parts: Vec<&str> = value.split(':').collect();
    match parts.as_slice() {
        [account, "function", rest @ ..] if !rest.is_empty() => (
            rest.join(":"),
            Some(Place {
                account: Some(account.to_string()),
                ..Place::default()
            }),
        ),
        _ => (value.to_string(), None),
    }
}

/// The ARN of the queue at an SQS queue URL: `https://sqs.us-east-1.amazonaws.com/123456789012/q`
/// (or the legacy `https://us-east-1.queue.amazonaws.com/...`) gives
/// `arn:aws:sqs:us-east-1:123456789012:q`.
pub(super) fn queue_arn(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let (host, path) = rest.split_once('/')?;
    let (account, name) = path.trim_end_matches('/').split_once('/')?;
    let valid = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || extra.contains(&c))
    };
    if !valid(account, &[]) || !valid(name, &['-', '_', '.']) {
        return None;
    }
    let (region, domain) = if let Some(h) = host.strip_prefix("sqs.") {
        h.split_once('.')?
    } else if host == "queue.amazonaws.com" {
        // The legacy endpoint of us-east-1.
        ("us-east-1", "amazonaws.com")
    } else if let Some((_, h)) = host
        .split_once(".sqs.")
        .filter(|_| host.starts_with("vpce-"))
    {
        // An interface VPC endpoint: `vpce-<id>.sqs.<region>.vpce.amazonaws.com`.
        let (region, d) = h.split_once('.')?;
        (region, d.strip_prefix("vpce.")?)
    } else {
        let (region, d) = host.split_once(".queue.")?;
        (region, d)
    };
    let partition = match domain {
        "amazonaws.com" => "aws",
        "amazonaws.com.cn" => "aws-cn",
        _ if domain.starts_with("amazonaws.") => partition_of_region(region),
        _ => return None,
    };
    if !valid(region, &['-']) {
        return None;
    }
    Some(format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

/// Whether the parameter at `path` is absent (a path or an expression counts as present).
pub(super) fn is_absent(params: Option<&Node>, path: &str) -> bool {
    param_values(params, path).is_some_and(|values| values.iter().all(Option::is_none))
}

/// The literal values of a parameter (one per list element when the path has `[]` steps;
/// `None` for an absent one), or `None` when one comes from a path at run time.
fn param_values(params: Option<&Node>, path: &str) -> Option<Vec<Option<String>>> {
    let Some(params) = params else {
        return Some(vec![None]);
    };
    let mut out = Vec::new();
    collect_param(params, path, &mut out).then_some(out)
}

/// Walks `path` from `node`, pushing the values it reaches; false when a step is dynamic.
fn collect_param(node: &Node, path: &str, out: &mut Vec<Option<String>>) -> bool {
    let is_dynamic = |n: &Node| n.as_str().is_some_and(crate::jsonata::is_template);
    if path.is_empty() {
        match &node.value {
            _ if is_dynamic(node) => return false,
            Value::String(s) => out.push(Some(s.clone())),
            Value::Number(n) => out.push(Some(n.to_string())),
            _ => out.push(None),
        }
        return true;
    }
    let (step, rest) = match path.find(['.', '[']) {
        Some(0) => {
            // `[]`: each element of a list.
            let rest = path.strip_prefix("[]").unwrap_or(path);
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            if is_dynamic(node) {
                return false;
            }
            return match node.as_array() {
                Some(items) if !items.is_empty() => {
                    items.iter().all(|item| collect_param(item, rest, out))
                }
                _ => {
                    out.push(None);
                    true
                }
            };
        }
        Some(i) => {
            if is_dynamic(node) {
                return false;
            }
            let rest = &path[i..];
            (&path[..i], rest.strip_prefix('.').unwrap_or(rest))
        }
        None if is_dynamic(node) => return false,
        None => (path, ""),
    };
    if let Some(v) = node.get(step) {
        return collect_param(v, rest, out);
    }
    if node.get(&format!("{step}.$")).is_some() {
        return false;
    }
    out.push(None);
    true
}
