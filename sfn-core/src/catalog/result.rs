//! Results checked against their integration: whether a Task's result (a mock's, in the
//! executor) fits the shape the catalog knows for it, and whether an error name is one the
//! integration can raise.
//!
//! The strictness is TestState's `fieldValidationMode` ("MockInput", Step Functions API
//! reference): "`STRICT`: All required fields must be present, and all present fields must
//! conform to the API's schema. `PRESENT`: All present fields must conform to the API's
//! schema. `NONE`: No validation is performed." Recorded TestState calls settle two points:
//! members the API does not have are not an error under `STRICT` (`{"random": "json"}` for
//! `events:putEvents` succeeds), and `{}` for `states:startExecution` succeeds under
//! `PRESENT`.
//!
//! What "conform" means here is the JSON type of each member the shape knows: an object for
//! a structure or a map, an array for a list, a string, an integer, a number, a boolean. The
//! walk follows [`ParamCursor`](super::ParamCursor)'s conventions over the same shapes
//! (members by Step Functions' names, a map's values, a list's items), with indexes in the
//! path it reports (`Tasks[0].LastStatus`). Lengths, bounds and enum values are not checked:
//! services add enum values, and whether Step Functions checks the others is not known.
//!
//! ```
//! use serde_json::json;
//! use sfn_core::catalog::{check_result, result_shape, FieldValidation};
//!
//! let task = result_shape("arn:aws:states:::ecs:runTask.sync").unwrap();
//! let mismatches = check_result(task, &json!({"LastStatus": 3}), FieldValidation::Strict);
//! assert_eq!(mismatches[0].to_string(), "LastStatus: expected a string, got 3");
//! ```

use std::fmt;

use serde_json::Value;

use super::{parse_resource, pattern_of, Pattern, Resource, Shape, ShapeId};

/// How strictly a result is checked against its shape: TestState's `fieldValidationMode`.
///
/// ```
/// use sfn_core::catalog::FieldValidation;
///
/// assert_eq!(FieldValidation::default(), FieldValidation::Strict);
/// assert_eq!("PRESENT".parse(), Ok(FieldValidation::Present));
/// assert_eq!("none".parse(), Ok(FieldValidation::None));
/// assert_eq!(FieldValidation::Strict.to_string(), "STRICT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FieldValidation {
    /// Required members present, and every present member of the type the API declares
    /// (members the API does not have are accepted). The default, as in TestState.
    #[default]
    Strict,
    /// Every present member of the type the API declares.
    Present,
    /// Nothing is checked.
    None,
}

impl FieldValidation {
    /// The three modes, as TestState names them.
    pub const NAMES: [&'static str; 3] = ["STRICT", "PRESENT", "NONE"];

    /// TestState's name of the mode: `"STRICT"`, `"PRESENT"` or `"NONE"`.
    pub fn name(self) -> &'static str {
        match self {
            FieldValidation::Strict => "STRICT",
            FieldValidation::Present => "PRESENT",
            FieldValidation::None => "NONE",
        }
    }
}

impl fmt::Display for FieldValidation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for FieldValidation {
    type Err = String;

    /// Reads a mode in any case (`STRICT`, `strict`).
    fn from_str(s: &str) -> Result<FieldValidation, String> {
        match s.to_ascii_uppercase().as_str() {
            "STRICT" => Ok(FieldValidation::Strict),
            "PRESENT" => Ok(FieldValidation::Present),
            "NONE" => Ok(FieldValidation::None),
            _ => Err(format!(
                "`{s}` is not a field validation mode: use STRICT, PRESENT or NONE{}",
                crate::suggest::did_you_mean(&s.to_ascii_uppercase(), FieldValidation::NAMES)
            )),
        }
    }
}

/// One place where a result does not fit its shape. `Display` gives "`path`: `problem`"
/// (`Tasks[0].LastStatus: expected a string, got 3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where, from the result: `Tasks[0].LastStatus`; empty for the result itself.
    pub path: String,
    /// What is wrong: "expected a string, got 3", "missing (required)".
    pub problem: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "the result: {}", self.problem)
        } else {
            write!(f, "{}: {}", self.path, self.problem)
        }
    }
}

/// The shape of the result a Task with this `Resource` receives, when the catalog knows it:
/// an AWS SDK action's output, or an optimized integration's result for the resource's
/// pattern ([`Integration::result`](super::Integration::result)). `None` for a
/// `.waitForTaskToken` resource (the callback sends any JSON), a Lambda function or activity
/// ARN, and results the developer guide does not document.
///
/// ```
/// use sfn_core::catalog::result_shape;
///
/// assert!(result_shape("arn:aws:states:::sns:publish").is_some());
/// assert!(result_shape("arn:aws:states:::aws-sdk:s3:listBuckets").is_some());
/// assert!(result_shape("arn:aws:states:::sns:publish.waitForTaskToken").is_none());
/// assert!(result_shape("arn:aws:lambda:us-east-1:123456789012:function:f").is_none());
/// ```
pub fn result_shape(resource: &str) -> Option<ShapeId> {
    match parse_resource(resource) {
        Resource::Optimized { base, suffix, .. } => match pattern_of(suffix)? {
            Pattern::WaitForTaskToken => None,
            pattern => super::optimized(base)?.result(pattern),
        },
        Resource::Sdk {
            service,
            action,
            suffix,
        } => match pattern_of(suffix)? {
            Pattern::RequestResponse => super::sdk_service(service)?.output(action),
            _ => None,
        },
        Resource::Other => None,
    }
}

/// Why an error cannot come from a Task with this `Resource`, when the catalog knows it
/// cannot: an AWS SDK integration raises `<service>.<exception class>` with the AWS SDK for
/// Java 2.x's names, or a Step Functions error (`States.*`, [`crate::asl::PREDEFINED_ERRORS`]).
/// The message ends with "did you mean" when a name is close ([`crate::suggest`]'s rule).
/// Optimized integrations, Lambda functions and activities raise names the catalog does not
/// list: their errors are not checked.
///
/// ```
/// use sfn_core::catalog::error_mismatch;
///
/// let s3 = "arn:aws:states:::aws-sdk:s3:getObject";
/// assert_eq!(error_mismatch(s3, "S3.NoSuchKeyException"), None);
/// assert_eq!(error_mismatch(s3, "States.Timeout"), None);
/// assert_eq!(
///     error_mismatch(s3, "S3.NoSuchBucketExceptio").unwrap(),
///     "`S3.NoSuchBucketExceptio` is not an error `aws-sdk:s3` raises; did you mean `S3.NoSuchBucketException`?",
/// );
/// assert_eq!(error_mismatch("arn:aws:states:::lambda:invoke", "Oops"), None);
/// ```
pub fn error_mismatch(resource: &str, error: &str) -> Option<String> {
    let Resource::Sdk {
        service, suffix, ..
    } = parse_resource(resource)
    else {
        return None;
    };
    if pattern_of(suffix) != Some(Pattern::RequestResponse) {
        return None;
    }
    let sdk = super::sdk_service(service)?;
    if sdk.raises(error) || crate::asl::is_predefined_error(error) {
        return None;
    }
    let (before, after) = crate::suggest::DID_YOU_MEAN;
    let hint = match sdk.meant_error(error) {
        Some(meant) => format!("; {before}{meant}{after}"),
        None => format!(
            ": its errors are `{}.<exception class>` (as `{}.{}`) or `States.*`",
            sdk.java_name, sdk.java_name, sdk.errors[0]
        ),
    };
    Some(format!(
        "`{error}` is not an error `aws-sdk:{service}` raises{hint}"
    ))
}

/// Checks a result against a shape, as strictly as `mode` says; every mismatch, in the
/// order of the shape's members.
///
/// A member whose value is `null` counts as absent. Timestamps are accepted as numbers or
/// strings: Step Functions' results show epoch numbers (`StartDate` of `states:startExecution`
/// in the developer guide's examples) and ISO 8601 text is what a mock author writes, and
/// which one each integration returns is not established. Binary members (the model's
/// `blob`) accept any value: Step Functions hands some back as JSON (`bedrock:invokeModel`'s
/// `Body`) and others as text.
///
/// ```
/// use serde_json::json;
/// use sfn_core::catalog::{self, check_result, FieldValidation, Pattern};
///
/// let start = catalog::optimized("arn:aws:states:::states:startExecution").unwrap();
/// let shape = start.result(Pattern::RequestResponse).unwrap();
/// let missing = check_result(shape, &json!({}), FieldValidation::Strict);
/// let text: Vec<String> = missing.iter().map(ToString::to_string).collect();
/// assert_eq!(text, ["ExecutionArn: missing (required)", "StartDate: missing (required)"]);
/// assert!(check_result(shape, &json!({}), FieldValidation::Present).is_empty());
/// assert!(check_result(shape, &json!({"ExecutionArn": 1}), FieldValidation::None).is_empty());
/// ```
pub fn check_result(shape: ShapeId, value: &Value, mode: FieldValidation) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if mode != FieldValidation::None {
        walk(shape, value, mode, &mut String::new(), &mut out);
    }
    out
}

fn walk(
    id: ShapeId,
    value: &Value,
    mode: FieldValidation,
    path: &mut String,
    out: &mut Vec<Mismatch>,
) {
    let shape = super::shape(id);
    let expected = match shape {
        Shape::Structure {
            members, required, ..
        } => {
            let Value::Object(object) = value else {
                return mismatch(out, path, "an object", value);
            };
            if mode == FieldValidation::Strict {
                for name in *required {
                    if object.get(*name).is_none_or(Value::is_null) {
                        out.push(Mismatch {
                            path: join(path, name),
                            problem: "missing (required)".to_string(),
                        });
                    }
                }
            }
            for (name, member) in *members {
                if let Some(v) = object.get(*name).filter(|v| !v.is_null()) {
                    let len = path.len();
                    push_member(path, name);
                    walk(*member, v, mode, path, out);
                    path.truncate(len);
                }
            }
            return;
        }
        Shape::Map { value: of, .. } => {
            let Value::Object(object) = value else {
                return mismatch(out, path, "an object", value);
            };
            for (key, v) in object.iter().filter(|(_, v)| !v.is_null()) {
                let len = path.len();
                push_member(path, key);
                walk(*of, v, mode, path, out);
                path.truncate(len);
            }
            return;
        }
        Shape::List { member, .. } => {
            let Value::Array(items) = value else {
                return mismatch(out, path, "an array", value);
            };
            for (i, v) in items.iter().enumerate().filter(|(_, v)| !v.is_null()) {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(*member, v, mode, path, out);
                path.truncate(len);
            }
            return;
        }
        Shape::String { .. } if value.is_string() => return,
        Shape::String { .. } => "a string",
        Shape::Integer { .. } if value.is_i64() || value.is_u64() => return,
        Shape::Integer { .. } => "an integer",
        Shape::Float if value.is_number() => return,
        Shape::Float => "a number",
        Shape::Boolean if value.is_boolean() => return,
        Shape::Boolean => "a boolean",
        Shape::Timestamp if value.is_number() || value.is_string() => return,
        Shape::Timestamp => "a timestamp (a number or a string)",
        Shape::Blob | Shape::Document => return,
    };
    mismatch(out, path, expected, value);
}

fn mismatch(out: &mut Vec<Mismatch>, path: &str, expected: &str, got: &Value) {
    let mut text = got.to_string();
    if text.len() > 60 {
        let cut = (0..=57)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        text.truncate(cut);
        text.push_str("...");
    }
    out.push(Mismatch {
        path: path.to_string(),
        problem: format!("expected {expected}, got {text}"),
    });
}

fn join(path: &str, name: &str) -> String {
    let mut p = path.to_string();
    push_member(&mut p, name);
    p
}

fn push_member(path: &mut String, name: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(name);
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(resource: &str, value: Value, mode: FieldValidation) -> Vec<String> {
        let shape = result_shape(resource).unwrap();
        check_result(shape, &value, mode)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn extra_members_are_accepted_in_every_mode() {
        // Recorded: `{"random": "json"}` for `events:putEvents` succeeds under STRICT.
        let put = "arn:aws:states:::events:putEvents";
        assert!(check(put, json!({"random": "json"}), FieldValidation::Strict).is_empty());
        assert!(check(put, json!({}), FieldValidation::Strict).is_empty());
    }

    #[test]
    fn types_are_checked_deep_with_indexes() {
        let put = "arn:aws:states:::events:putEvents";
        let value = json!({"Entries": [{"EventId": "a"}, {"EventId": 7}], "FailedEntryCount": 1.5});
        assert_eq!(
            check(put, value, FieldValidation::Present),
            [
                "FailedEntryCount: expected an integer, got 1.5",
                "Entries[1].EventId: expected a string, got 7"
            ]
        );
        assert_eq!(
            check(put, json!({"Entries": {}}), FieldValidation::Present),
            ["Entries: expected an array, got {}"]
        );
    }

    #[test]
    fn lambda_payload_is_any_json_and_status_code_an_integer() {
        let invoke = "arn:aws:states:::lambda:invoke";
        let ok = json!({"Payload": {"a": [1]}, "StatusCode": 200, "SdkHttpMetadata": {}});
        assert!(check(invoke, ok, FieldValidation::Strict).is_empty());
        assert_eq!(
            check(
                invoke,
                json!({"StatusCode": "200"}),
                FieldValidation::Present
            ),
            ["StatusCode: expected an integer, got \"200\""]
        );
    }

    #[test]
    fn sync_results_are_the_described_job() {
        let task = "arn:aws:states:::ecs:runTask.sync";
        assert!(check(
            task,
            json!({"LastStatus": "STOPPED", "Containers": [{"ExitCode": 0}]}),
            FieldValidation::Strict
        )
        .is_empty());
        assert_eq!(
            check(
                task,
                json!({"Containers": [{"ExitCode": "0"}]}),
                FieldValidation::Strict
            ),
            ["Containers[0].ExitCode: expected an integer, got \"0\""]
        );
        // `.sync:2` gives the child execution's output as JSON, `.sync` as text.
        let sync = "arn:aws:states:::states:startExecution.sync";
        let sync2 = "arn:aws:states:::states:startExecution.sync:2";
        let described = |output: Value| {
            json!({"ExecutionArn": "a", "StateMachineArn": "s", "Status": "SUCCEEDED",
                   "StartDate": 1_700_000_000_000_i64, "Output": output})
        };
        assert!(check(sync2, described(json!({"x": 1})), FieldValidation::Strict).is_empty());
        assert_eq!(
            check(sync, described(json!({"x": 1})), FieldValidation::Strict),
            ["Output: expected a string, got {\"x\":1}"]
        );
        assert!(result_shape("arn:aws:states:::athena:startQueryExecution.sync").is_none());
    }

    #[test]
    fn sdk_results_use_the_java_sdk_names() {
        let describe = "arn:aws:states:::aws-sdk:rds:describeDBInstances";
        assert_eq!(
            check(
                describe,
                json!({"DbInstances": [{"DbInstanceIdentifier": 1}]}),
                FieldValidation::Present
            ),
            ["DbInstances[0].DbInstanceIdentifier: expected a string, got 1"]
        );
    }

    #[test]
    fn long_values_are_cut() {
        let put = "arn:aws:states:::events:putEvents";
        let long = "x".repeat(100);
        let got = check(
            put,
            json!({"FailedEntryCount": long}),
            FieldValidation::Present,
        );
        assert!(got[0].ends_with("xxx..."), "{got:?}");
        assert!(got[0].len() < 120);
    }

    #[test]
    fn sdk_error_names() {
        let s3 = "arn:aws:states:::aws-sdk:s3:getObject";
        assert!(error_mismatch(s3, "S3.S3Exception").is_none());
        assert!(error_mismatch(s3, "States.TaskFailed").is_none());
        let other = error_mismatch(s3, "MockException").unwrap();
        assert!(other.contains("`S3.<exception class>`"), "{other}");
        assert!(error_mismatch(
            "arn:aws:states:::aws-sdk:s3:getObject.waitForTaskToken",
            "X"
        )
        .is_none());
    }
}
