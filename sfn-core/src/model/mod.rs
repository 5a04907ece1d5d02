//! The Amazon States Language as Rust types, in both query languages.
//!
//! The types serialize to canonical ASL: ASL's keys in a fixed documented order, `States` in
//! source order, payloads (`Parameters`, `Arguments`, ...) as written. Read a definition with
//! [`crate::parse_definition`], which validates it first; the types are then a faithful view of
//! it.
//!
//! ```
//! use sfn_core::model::State;
//!
//! let def = sfn_core::parse_definition(
//!     r#"{
//!       "Comment": "Charge, then wait a day",
//!       "StartAt": "Charge",
//!       "States": {
//!         "Charge": {
//!           "Type": "Task",
//!           "Resource": "arn:aws:states:::lambda:invoke",
//!           "Parameters": {
//!             "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:charge",
//!             "Payload.$": "$"
//!           },
//!           "Next": "Later"
//!         },
//!         "Later": {"Type": "Wait", "Seconds": 86400, "End": true}
//!       }
//!     }"#,
//!     &sfn_core::Options::default(),
//! )
//! .unwrap();
//! let machine = def.machine;
//! assert_eq!(machine.comment.as_deref(), Some("Charge, then wait a day"));
//! let names: Vec<&str> = machine.states.iter().map(|(name, _)| name).collect();
//! assert_eq!(names, ["Charge", "Later"]);
//! let Some(State::Task(charge)) = machine.states.get("Charge") else { panic!() };
//! assert_eq!(charge.next.as_deref(), Some("Later"));
//! ```

mod states;

pub use states::*;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::asl::QueryLanguage;

/// A value that is either a literal or, in JSONata states, a `{% ... %}` expression.
///
/// ```
/// use sfn_core::model::{Dynamic, State};
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "QueryLanguage": "JSONata",
///       "StartAt": "Short",
///       "States": {
///         "Short": {"Type": "Wait", "Seconds": 5, "Next": "Long"},
///         "Long": {"Type": "Wait", "Seconds": "{% $states.input.delay %}", "End": true}
///       }
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let seconds = |name| match def.machine.states.get(name) {
///     Some(State::Wait(wait)) => wait.seconds.clone(),
///     _ => None,
/// };
/// assert_eq!(seconds("Short"), Some(Dynamic::Literal(5)));
/// assert_eq!(seconds("Long"), Some(Dynamic::Expression("{% $states.input.delay %}".into())));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Dynamic<T> {
    /// A literal value.
    Literal(T),
    /// A JSONata expression string, `{% ... %}`.
    Expression(String),
}

/// A whole state machine.
///
/// `Serialize` writes canonical ASL, as [`crate::canonical_json`] does.
///
/// ```
/// let def = sfn_core::parse_definition(
///     r#"{"StartAt": "Done", "TimeoutSeconds": 300, "States": {"Done": {"Type": "Succeed"}}}"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let machine = def.machine;
/// assert_eq!(machine.start_at, "Done");
/// assert_eq!(machine.timeout_seconds, Some(300));
/// assert_eq!(machine.version, None);
/// assert_eq!(serde_json::to_value(&machine).unwrap()["TimeoutSeconds"], 300);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateMachine {
    /// A human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The default query language of every state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// The first state.
    pub start_at: String,
    /// The longest an execution may run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<u64>,
    /// The ASL version, `"1.0"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The states, in source order.
    pub states: States,
}

/// The states of a scope, in source order.
///
/// Serializes as a JSON object, keeping the order.
///
/// ```
/// let def = sfn_core::parse_definition(
///     r#"{
///       "StartAt": "B",
///       "States": {"B": {"Type": "Pass", "Next": "A"}, "A": {"Type": "Succeed"}}
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// let states = &def.machine.states;
/// assert_eq!(states.0[0].0, "B");
/// assert_eq!(
///     serde_json::to_string(states).unwrap(),
///     r#"{"B":{"Type":"Pass","Next":"A"},"A":{"Type":"Succeed"}}"#,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct States(
    /// The `(name, state)` pairs, in source order.
    pub Vec<(String, State)>,
);

impl States {
    /// The state called `name`.
    ///
    /// ```
    /// let def = sfn_core::parse_definition(
    ///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
    ///     &sfn_core::Options::default(),
    /// )
    /// .unwrap();
    /// assert_eq!(def.machine.states.get("Done").unwrap().type_name(), "Succeed");
    /// assert!(def.machine.states.get("done").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&State> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
    /// Iterates over `(name, state)` in source order.
    ///
    /// ```
    /// let def = sfn_core::parse_definition(
    ///     r#"{
    ///       "StartAt": "Pause",
    ///       "States": {
    ///         "Pause": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
    ///         "Done": {"Type": "Succeed"}
    ///       }
    ///     }"#,
    ///     &sfn_core::Options::default(),
    /// )
    /// .unwrap();
    /// let listed: Vec<(&str, &str)> =
    ///     def.machine.states.iter().map(|(name, state)| (name, state.type_name())).collect();
    /// assert_eq!(listed, [("Pause", "Wait"), ("Done", "Succeed")]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &State)> {
        self.0.iter().map(|(n, s)| (n.as_str(), s))
    }
}

impl Serialize for States {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, state) in &self.0 {
            map.serialize_entry(name, state)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for States {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = States;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of states")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<States, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, State>()? {
                    out.push((k, v));
                }
                Ok(States(out))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// A nested state machine: a Parallel branch, or the body of a Map.
///
/// ```
/// use sfn_core::model::Scope;
///
/// let processor: Scope = serde_json::from_str(
///     r#"{
///       "ProcessorConfig": {"Mode": "INLINE"},
///       "StartAt": "Ship",
///       "States": {"Ship": {"Type": "Pass", "End": true}}
///     }"#,
/// )
/// .unwrap();
/// assert_eq!(processor.start_at, "Ship");
/// assert_eq!(processor.processor_config.unwrap().mode.as_deref(), Some("INLINE"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Scope {
    /// A human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The query language of the scope's states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_language: Option<QueryLanguage>,
    /// How a Map runs its items (`ItemProcessor` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processor_config: Option<ProcessorConfig>,
    /// The first state.
    pub start_at: String,
    /// The states, in source order.
    pub states: States,
}

/// `ProcessorConfig` of a Map's `ItemProcessor`.
///
/// ```
/// use sfn_core::model::ProcessorConfig;
///
/// let config: ProcessorConfig =
///     serde_json::from_str(r#"{"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}"#).unwrap();
/// assert_eq!(config.mode.as_deref(), Some("DISTRIBUTED"));
/// assert_eq!(config.execution_type.as_deref(), Some("EXPRESS"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessorConfig {
    /// `INLINE` or `DISTRIBUTED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `STANDARD` or `EXPRESS` (Distributed Map only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_type: Option<String>,
}

/// A payload template: `Parameters`, `ResultSelector`, `ItemSelector`, `Arguments`, `Output`,
/// `Assign`, `Result`. Kept as written.
pub type Payload = Value;

/// Reads a field that may be `null` (`ResultPath: null`) as `Some(None)`, and an absent one as
/// `None`.
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
