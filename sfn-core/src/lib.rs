//! The Amazon States Language: model, paths, expressions and validation.
//!
//! This crate is internal to `sfn`; depend on `sfn-runtime` (the library) or `sfn-cli` (the
//! `sfn` command) instead.
//!
//! ```
//! let report = sfn_core::validate_str(
//!     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
//!     &sfn_core::Options::default(),
//! );
//! assert!(report.is_valid());
//! ```

pub mod asl;
pub mod catalog;
pub mod cfn;
pub mod diagnostic;
pub mod flow;
pub mod graph;
pub mod iam;
pub mod json;
pub mod jsonata;
pub mod model;
pub mod path;
pub mod suggest;
pub mod to_rust;
pub mod validate;

pub use asl::substitutions;
pub use diagnostic::{Code, Diagnostic, Severity};
pub use validate::{validate_node, validate_str, Options, Report};

/// A definition that was read and found valid: its model and its warnings.
///
/// ```
/// let def = sfn_core::parse_definition(
///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// assert_eq!(def.machine.start_at, "Done");
/// assert!(def.warnings.is_empty());
/// ```
/// Something that holds a state machine's definition: its JSON text, and the workflow type it
/// was checked for. `sfn_runtime::StateMachine` is one, so an executor or a tool can take a
/// machine written with `asl!` or `include_asl!` as well as JSON text.
///
/// ```
/// use sfn_core::asl::WorkflowType;
/// use sfn_core::DefinitionSource;
///
/// let text = r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#;
/// assert_eq!(text.definition_json(), text);
/// assert_eq!(text.workflow_type(), WorkflowType::Standard);
/// ```
pub trait DefinitionSource {
    /// The definition as JSON text.
    fn definition_json(&self) -> &str;

    /// The workflow type it is created as (Standard unless it says otherwise).
    fn workflow_type(&self) -> asl::WorkflowType {
        asl::WorkflowType::Standard
    }

    /// Whether the definition was validated already (by `asl!` or `include_asl!` at compile
    /// time), so that a consumer need not validate it again. JSON text is not.
    fn is_validated(&self) -> bool {
        false
    }
}

impl DefinitionSource for str {
    fn definition_json(&self) -> &str {
        self
    }
}

impl DefinitionSource for String {
    fn definition_json(&self) -> &str {
        self
    }
}

#[derive(Debug, Clone)]
pub struct Definition {
    /// The definition as typed model.
    pub machine: model::StateMachine,
    /// Warnings (a valid definition has no errors).
    pub warnings: Vec<Diagnostic>,
}

/// Reads, validates and converts a definition. On any error, returns every diagnostic.
///
/// ```
/// use sfn_core::{model::State, Code, Options};
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "Report",
///       "States": {
///         "Report": {
///           "Type": "Task",
///           "Resource": "arn:aws:states:::ecs:runTask.sync",
///           "Parameters": {
///             "Cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/jobs",
///             "TaskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/report:1"
///           },
///           "End": true
///         }
///       }
///     }"#,
///     &Options::default(),
/// )
/// .unwrap();
/// let Some(State::Task(task)) = def.machine.states.get("Report") else { panic!() };
/// assert_eq!(task.resource, "arn:aws:states:::ecs:runTask.sync");
///
/// let errors = sfn_core::parse_definition(
///     r#"{"StartAt": "Strat", "States": {"Start": {"Type": "Succeed"}}}"#,
///     &Options::default(),
/// )
/// .unwrap_err();
/// assert_eq!(errors[0].code, Code::MissingTransitionTarget);
/// assert_eq!(errors[0].suggestion.as_deref(), Some("Start"));
/// ```
pub fn parse_definition(src: &str, options: &Options) -> Result<Definition, Vec<Diagnostic>> {
    let report = validate_str(src, options);
    let Some(root) = report.root.as_ref().filter(|_| report.is_valid()) else {
        return Err(report.diagnostics);
    };
    to_model(root).map(|machine| Definition {
        machine,
        warnings: report.diagnostics,
    })
}

/// Converts a validated tree to the typed model.
///
/// Validate the tree first ([`validate_node`]); [`parse_definition`] does both steps.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 30, "End": true}}}"#,
/// )
/// .root
/// .unwrap();
/// assert!(sfn_core::validate_node(&root, &sfn_core::Options::default()).is_empty());
///
/// let machine = sfn_core::to_model(&root).unwrap();
/// assert_eq!(machine.states.get("Wait").unwrap().type_name(), "Wait");
/// ```
pub fn to_model(root: &json::Node) -> Result<model::StateMachine, Vec<Diagnostic>> {
    if let Some((at, name)) = json::first_placeholder(root) {
        return Err(vec![Diagnostic::error(
            Code::SchemaValidationFailed,
            &at,
            format!(
                "`${{{name}}}` is an unquoted template placeholder: this definition is a template \
                 that SAM or CloudFormation fills in, and it can be run or embedded only once \
                 `{name}` is substituted"
            ),
        )]);
    }
    serde_json::from_value(root.to_serde()).map_err(|e| {
        vec![Diagnostic::error(
            Code::SchemaValidationFailed,
            "",
            format!("the definition does not fit the States Language model: {e}"),
        )]
    })
}

/// Canonical compact JSON of a definition: ASL's keys in a fixed order, states in source
/// order.
///
/// ```
/// let def = sfn_core::parse_definition(
///     r#"{"States": {"Done": {"Type": "Succeed", "Comment": "the end"}}, "StartAt": "Done"}"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// assert_eq!(
///     sfn_core::canonical_json(&def.machine),
///     r#"{"StartAt":"Done","States":{"Done":{"Type":"Succeed","Comment":"the end"}}}"#,
/// );
/// ```
pub fn canonical_json(machine: &model::StateMachine) -> String {
    serde_json::to_string(machine).unwrap_or_default()
}

/// Canonical indented JSON of a definition.
///
/// ```
/// let def = sfn_core::parse_definition(
///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let pretty = sfn_core::canonical_json_pretty(&def.machine);
/// assert!(pretty.starts_with("{\n  \"StartAt\": \"Done\",\n"));
/// ```
pub fn canonical_json_pretty(machine: &model::StateMachine) -> String {
    serde_json::to_string_pretty(machine).unwrap_or_default()
}
