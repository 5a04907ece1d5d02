//! Every rule of the States Language and of Step Functions' own validation.
//!
//! The validator reads a [`Node`] tree (from JSON text or from the `asl!` macro), never stops
//! at the first problem, and reports each one as a [`Diagnostic`] with a JSON Pointer.
//!
//! ```
//! use sfn_core::{validate_str, Code, Options};
//!
//! let report = validate_str(
//!     r#"{
//!       "StartAt": "Wait",
//!       "States": {
//!         "Wait": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Done"},
//!         "Done": {"Type": "Succed"}
//!       }
//!     }"#,
//!     &Options::default(),
//! );
//! assert!(!report.is_valid());
//! // Every problem at once: the unknown type, and that no state ends the execution.
//! let codes: Vec<Code> = report.diagnostics.iter().map(|d| d.code).collect();
//! assert_eq!(codes, [Code::SchemaValidationFailed, Code::MissingEndState]);
//! assert_eq!(report.diagnostics[0].location, "/States/Done/Type");
//! assert_eq!(report.diagnostics[0].suggestion.as_deref(), Some("Succeed"));
//! ```
//!
//! The rules are cut by ASL construct, each file over the check primitives of `check`:
//! `state` (the machine, scopes, states and their fields), `choice`, `retry_catch`, `map`,
//! `task` (resources and parameters against the service catalog), `payload` (payload
//! templates, paths, intrinsic functions and JSONata in values) and `transitions` (targets,
//! reachability, names). Nothing outside this module uses its insides: the vocabulary they
//! check against is [`crate::asl`], the integrations [`crate::catalog`].

mod check;
mod choice;
mod map;
mod payload;
mod retry_catch;
mod state;
mod task;
mod transitions;
mod variables;

use crate::asl::WorkflowType;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::{self, JsonErrorKind, Node};
use crate::model::QueryLanguage;

/// How strict the validator is.
///
/// ```
/// use sfn_core::{validate_str, Options};
///
/// let src = r#"{
///   "StartAt": "Run",
///   "States": {"Run": {"Type": "Task", "Resource": "foo:bar", "End": true}}
/// }"#;
/// assert!(!validate_str(src, &Options::default()).is_valid());
/// let lenient = Options { check_arns: false, ..Options::default() };
/// assert!(validate_str(src, &lenient).is_valid());
/// ```
#[derive(Debug, Clone)]
pub struct Options {
    /// Check that Task and Map resources are real ARNs (on by default). Turn it off for
    /// definitions with placeholder resources such as `"foo:bar"`.
    pub check_arns: bool,
    /// The workflow type the definition is created as: Express refuses what AWS refuses for
    /// Express workflows (`.sync`, `.waitForTaskToken`, activities, Distributed Map).
    ///
    /// ```
    /// use sfn_core::{asl::WorkflowType, validate_str, Options};
    ///
    /// let src = r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task",
    ///   "Resource": "arn:aws:states:::ecs:runTask.sync",
    ///   "Parameters": {"TaskDefinition": "report:1"}, "End": true}}}"#;
    /// assert!(validate_str(src, &Options::default()).is_valid());
    /// let express = Options { workflow_type: WorkflowType::Express, ..Options::default() };
    /// assert!(!validate_str(src, &express).is_valid());
    /// ```
    pub workflow_type: WorkflowType,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            check_arns: true,
            workflow_type: WorkflowType::Standard,
        }
    }
}

/// What validating a text found.
///
/// ```
/// let report = sfn_core::validate_str(
///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
///     &sfn_core::Options::default(),
/// );
/// assert!(report.is_valid());
/// assert!(report.diagnostics.is_empty());
/// assert_eq!(report.root.unwrap().get("StartAt").unwrap().as_str(), Some("Done"));
/// assert_eq!(report.syntax_error_offset, None);
/// ```
#[derive(Debug, Clone)]
pub struct Report {
    /// The definition as read, `None` when the text is not JSON.
    pub root: Option<Node>,
    /// Every problem, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// Byte offset of the JSON syntax error, when the text is not JSON.
    pub syntax_error_offset: Option<usize>,
}

impl Report {
    /// Byte offset in the source that a diagnostic concerns, when it can be found: the key of a
    /// misplaced member, the value otherwise, or the JSON syntax error.
    ///
    /// ```
    /// let src = r#"{"StartAt": "Strat", "States": {"Start": {"Type": "Succeed"}}}"#;
    /// let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    /// let offset = report.offset_of(&report.diagnostics[0]).unwrap();
    /// assert_eq!(&src[offset..offset + 7], r#""Strat""#);
    /// ```
    pub fn offset_of(&self, d: &Diagnostic) -> Option<usize> {
        if d.offset.is_some() {
            return d.offset;
        }
        let Some(root) = &self.root else {
            return self.syntax_error_offset;
        };
        if d.at_key {
            if let Some(span) = json::lookup_key(root, &d.location) {
                return Some(span.start);
            }
        }
        Some(json::lookup(root, &d.location).span.start)
    }

    /// Whether the definition has no errors (warnings allowed).
    ///
    /// ```
    /// use sfn_core::{validate_str, Options};
    ///
    /// // `.waitForTaskToken` without the task token in the parameters is only a warning.
    /// let report = validate_str(
    ///     r#"{
    ///       "StartAt": "Approve",
    ///       "States": {
    ///         "Approve": {
    ///           "Type": "Task",
    ///           "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    ///           "Parameters": {
    ///             "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
    ///             "MessageBody.$": "$.order"
    ///           },
    ///           "End": true
    ///         }
    ///       }
    ///     }"#,
    ///     &Options::default(),
    /// );
    /// assert_eq!(report.diagnostics.len(), 1);
    /// assert!(report.is_valid());
    /// ```
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and validates a definition's JSON text.
///
/// A text that is not JSON gives one diagnostic, with the line and column in its message and
/// the byte offset in [`Report::syntax_error_offset`].
///
/// ```
/// use sfn_core::{validate_str, Code, Options};
///
/// let report = validate_str(r#"{"StartAt": "A", "States": {"#, &Options::default());
/// assert!(report.root.is_none());
/// assert_eq!(report.diagnostics[0].code, Code::InvalidJsonDescription);
/// assert!(report.diagnostics[0].message.starts_with("not valid JSON at line 1, column 29"));
/// assert_eq!(report.syntax_error_offset, Some(28));
/// ```
pub fn validate_str(src: &str, options: &Options) -> Report {
    let parsed = json::parse(src);
    let mut diagnostics: Vec<Diagnostic> = parsed
        .errors
        .iter()
        .map(|e| {
            let code = match e.kind {
                // AWS's codes: MISSING_DESCRIPTION for an empty text, INVALID_JSON_DESCRIPTION
                // for any other JSON syntax problem.
                JsonErrorKind::Syntax if src.trim().is_empty() => Code::MissingDescription,
                JsonErrorKind::Syntax => Code::InvalidJsonDescription,
                JsonErrorKind::TooDeep => Code::TooDeeplyNested,
                JsonErrorKind::DuplicateKey => Code::DuplicateKey,
            };
            let message = match e.kind {
                JsonErrorKind::Syntax if src.trim().is_empty() => {
                    "the definition is empty: a state machine is a JSON object with `StartAt` and `States`".to_string()
                }
                JsonErrorKind::Syntax => {
                    let (line, col) = json::line_col(src, e.offset);
                    // A Terraform template directive is text the template engine removes; the
                    // file is not a definition until it is rendered.
                    let directive = if src.get(e.offset..).is_some_and(|r| r.starts_with("%{")) {
                        "; `%{ ... }` is a Terraform template directive: render the template (`templatefile`) and validate the result"
                    } else {
                        ""
                    };
                    format!(
                        "not valid JSON at line {line}, column {col}: {}{directive}",
                        e.message
                    )
                }
                _ => e.message.clone(),
            };
            let mut d = Diagnostic::error(code, e.pointer.clone(), message);
            d.offset = Some(e.offset);
            if e.kind == JsonErrorKind::DuplicateKey {
                d.at_key()
            } else {
                d
            }
        })
        .collect();
    if let Some(root) = &parsed.root {
        diagnostics.extend(
            validate_node(root, options)
                .into_iter()
                .map(|d| d.placed_in(src, root)),
        );
    }
    let syntax_error_offset = parsed
        .errors
        .iter()
        .find(|e| e.kind != JsonErrorKind::DuplicateKey)
        .map(|e| e.offset);
    Report {
        root: parsed.root,
        diagnostics,
        syntax_error_offset,
    }
}

/// Validates a definition already read into a [`Node`] tree.
///
/// ```
/// use sfn_core::{json, validate_node, Code, Options};
///
/// let root = json::parse(
///     r#"{
///       "StartAt": "A",
///       "States": {
///         "A": {"Type": "Pass", "Next": "B"},
///         "B": {"Type": "Succeed"},
///         "C": {"Type": "Succeed"}
///       }
///     }"#,
/// )
/// .root
/// .unwrap();
/// let diagnostics = validate_node(&root, &Options::default());
/// assert_eq!(diagnostics[0].code, Code::UnreachableState);
/// assert_eq!(diagnostics[0].location, "/States/C");
/// ```
pub fn validate_node(root: &Node, options: &Options) -> Vec<Diagnostic> {
    let mut cx = Cx {
        options,
        diags: Vec::new(),
        names: Vec::new(),
        labels: Vec::new(),
        machine_language: QueryLanguage::JSONPath,
        states_result: false,
        states_error_output: false,
    };
    state::machine(&mut cx, root);
    transitions::unique_names(&mut cx);
    variables::machine(&mut cx, root);
    cx.diags
}

/// The validator's state while walking one definition.
struct Cx<'a> {
    pub options: &'a Options,
    pub diags: Vec<Diagnostic>,
    /// Every state name with the pointer of its state, for machine-wide uniqueness.
    pub names: Vec<(String, String)>,
    /// Every Map `Label` with its pointer.
    pub labels: Vec<(String, String)>,
    /// The state machine's query language, inherited by every state that sets none.
    pub machine_language: QueryLanguage,
    /// Whether JSONata expressions being checked may read `$states.result`.
    pub states_result: bool,
    /// Whether JSONata expressions being checked may read `$states.errorOutput`.
    pub states_error_output: bool,
}

impl Cx<'_> {
    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    pub fn error(&mut self, code: Code, at: &str, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(code, at, message));
    }

    pub fn schema(&mut self, at: &str, message: impl Into<String>) {
        self.error(Code::SchemaValidationFailed, at, message);
    }

    /// Reports that the object at `at` lacks a required field (one of `fields`), unless one
    /// of its members was already reported as a misspelling of it: one root cause, one error
    /// (`Choice` for `Choices` says the fix; "needs `Choices`" would say it twice).
    pub fn missing(&mut self, at: &str, fields: &[&str], message: impl Into<String>) {
        self.missing_as(Code::SchemaValidationFailed, at, fields, message);
    }

    /// [`Cx::missing`] with its own code.
    pub fn missing_as(
        &mut self,
        code: Code,
        at: &str,
        fields: &[&str],
        message: impl Into<String>,
    ) {
        let misspelled = self.diags.iter().any(|d| {
            d.suggestion.as_deref().is_some_and(|s| fields.contains(&s))
                && d.location
                    .strip_prefix(at)
                    .and_then(|key| key.strip_prefix('/'))
                    .is_some_and(|key| !key.contains('/'))
        });
        if !misspelled {
            self.error(code, at, message);
        }
    }

    /// Whether the member at `at` was reported as a misspelling of `field` (`next` for
    /// `Next`): the checks that follow read it as the field meant, so as not to report what
    /// follows from the typo.
    pub fn misspelling_of(&self, at: &str, field: &str) -> bool {
        self.diags
            .iter()
            .any(|d| d.location == at && d.suggestion.as_deref() == Some(field))
    }
}

/// The JSON Pointer of `key` under `base`.
fn ptr(base: &str, key: &str) -> String {
    json::child_pointer(base, key)
}

/// The JSON Pointer of element `i` under `base`.
fn idx(base: &str, i: usize) -> String {
    format!("{base}/{i}")
}
