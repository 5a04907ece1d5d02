//! State types and query languages.

use serde::{Deserialize, Serialize};

/// `JSONPath` or `JSONata`.
///
/// ```
/// use sfn_core::asl::QueryLanguage;
///
/// let def = sfn_core::parse_definition(
///     r#"{
///       "QueryLanguage": "JSONata",
///       "StartAt": "Done",
///       "States": {"Done": {"Type": "Succeed"}}
///     }"#,
///     &sfn_core::Options::default(),
/// )
/// .unwrap();
/// assert_eq!(def.machine.query_language, Some(QueryLanguage::JSONata));
/// assert_eq!(QueryLanguage::default(), QueryLanguage::JSONPath);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum QueryLanguage {
    /// JSONPath and intrinsic functions (the default).
    #[default]
    JSONPath,
    /// JSONata expressions in `{% ... %}`.
    JSONata,
}

impl QueryLanguage {
    /// The name as written in ASL.
    ///
    /// ```
    /// use sfn_core::asl::QueryLanguage;
    ///
    /// assert_eq!(QueryLanguage::JSONata.as_str(), "JSONata");
    /// assert_eq!(QueryLanguage::JSONPath.as_str(), "JSONPath");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            QueryLanguage::JSONPath => "JSONPath",
            QueryLanguage::JSONata => "JSONata",
        }
    }

    /// The language a `QueryLanguage` value names.
    ///
    /// ```
    /// use sfn_core::asl::QueryLanguage;
    ///
    /// assert_eq!(QueryLanguage::from_name("JSONata"), Some(QueryLanguage::JSONata));
    /// assert_eq!(QueryLanguage::from_name("jsonata"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<QueryLanguage> {
        match name {
            "JSONPath" => Some(QueryLanguage::JSONPath),
            "JSONata" => Some(QueryLanguage::JSONata),
            _ => None,
        }
    }

    /// The other language.
    ///
    /// ```
    /// use sfn_core::asl::QueryLanguage;
    ///
    /// assert_eq!(QueryLanguage::JSONPath.other(), QueryLanguage::JSONata);
    /// ```
    pub fn other(self) -> QueryLanguage {
        match self {
            QueryLanguage::JSONPath => QueryLanguage::JSONata,
            QueryLanguage::JSONata => QueryLanguage::JSONPath,
        }
    }
}

/// The `Type` of a state.
///
/// ```
/// use sfn_core::asl::StateType;
///
/// assert_eq!(StateType::from_name("Parallel"), Some(StateType::Parallel));
/// assert_eq!(StateType::Map.name(), "Map");
/// assert!(StateType::Fail.is_terminal() && !StateType::Fail.has_transition());
/// assert!(StateType::Task.has_transition());
/// assert_eq!(StateType::ALL.len(), 8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateType {
    /// Does work through a service integration, a Lambda function or an activity.
    Task,
    /// Passes its input on, shaped.
    Pass,
    /// Picks the next state by rules.
    Choice,
    /// Waits for a time or until a timestamp.
    Wait,
    /// Ends the execution (or branch) successfully.
    Succeed,
    /// Ends the execution (or branch) with an error.
    Fail,
    /// Runs branches side by side.
    Parallel,
    /// Runs a processor for each item.
    Map,
}

impl StateType {
    /// Every state type, in the order the States Language lists them.
    pub const ALL: [StateType; 8] = [
        StateType::Task,
        StateType::Pass,
        StateType::Choice,
        StateType::Wait,
        StateType::Succeed,
        StateType::Fail,
        StateType::Parallel,
        StateType::Map,
    ];

    /// The name as written in `Type`.
    pub fn name(self) -> &'static str {
        match self {
            StateType::Task => "Task",
            StateType::Pass => "Pass",
            StateType::Choice => "Choice",
            StateType::Wait => "Wait",
            StateType::Succeed => "Succeed",
            StateType::Fail => "Fail",
            StateType::Parallel => "Parallel",
            StateType::Map => "Map",
        }
    }

    /// The state type a `Type` value names.
    pub fn from_name(name: &str) -> Option<StateType> {
        StateType::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Every state type name, in order.
    ///
    /// ```
    /// assert_eq!(sfn_core::asl::StateType::names().next(), Some("Task"));
    /// ```
    pub fn names() -> impl Iterator<Item = &'static str> + Clone {
        StateType::ALL.into_iter().map(StateType::name)
    }

    /// Whether the state always ends its scope (`Succeed`, `Fail`).
    pub fn is_terminal(self) -> bool {
        matches!(self, StateType::Succeed | StateType::Fail)
    }

    /// Whether the state has `Next` or `End` (every type but `Choice`, `Succeed` and `Fail`).
    pub fn has_transition(self) -> bool {
        !matches!(
            self,
            StateType::Choice | StateType::Succeed | StateType::Fail
        )
    }

    /// Whether the state produces a result to shape (`ResultSelector`, `ResultPath`, and in
    /// JSONata `$states.result`): Task, Parallel and Map.
    pub fn has_result(self) -> bool {
        matches!(self, StateType::Task | StateType::Parallel | StateType::Map)
    }

    pub(crate) const fn bit(self) -> u16 {
        1 << self as u16
    }
}

impl std::fmt::Display for StateType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
