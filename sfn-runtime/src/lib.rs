//! AWS Step Functions state machines as Rust, checked at compile time.
//!
//! ```
//! use sfn_runtime::{include_asl, StateMachine};
//!
//! static HELLO: StateMachine = include_asl!("../examples/machines/hello.asl.json");
//!
//! assert!(HELLO.definition().starts_with("{\"Comment\""));
//! ```
//!
//! `include_asl!` reads a definition at compile time, validates it with every rule of the
//! States Language and of Step Functions, and fails the build with the problems it finds.
//! The definition is stored as canonical JSON: reading it costs nothing at run time.

use std::fmt;

pub use sfn_macros::{asl, include_asl};

pub mod emit;
pub mod shape;

pub use shape::TaskInput;

// The derive's expansion names `::sfn_runtime`, in this crate's own tests too.
extern crate self as sfn_runtime;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

/// Items the macros' expansions use. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::StateMachine;
}

/// A validated state machine definition.
///
/// `Display` writes the canonical compact JSON; `Serialize` writes the definition object.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct StateMachine {
    json: &'static str,
    substitutions: &'static [&'static str],
    policy: &'static str,
}

impl StateMachine {
    /// Used by the macros. Not public API.
    #[doc(hidden)]
    pub const fn __from_validated(
        json: &'static str,
        substitutions: &'static [&'static str],
        policy: &'static str,
    ) -> Self {
        StateMachine {
            json,
            substitutions,
            policy,
        }
    }

    /// A CloudFormation template (as JSON) with an `AWS::StepFunctions::StateMachine` named
    /// `name`, its role with [`StateMachine::iam_policy`], and a parameter for each `${Name}`
    /// placeholder, passed through `DefinitionSubstitutions`.
    pub fn cloudformation(&self, name: &str) -> serde_json::Value {
        match sfn_core::json::parse(self.json).root {
            Some(root) => sfn_core::cfn::template(name, &root),
            None => serde_json::Value::Null,
        }
    }

    /// The diagram as a Mermaid flowchart: every state and transition, `Catch` edges dotted,
    /// Parallel branches and Map processors as groups.
    pub fn mermaid(&self) -> String {
        self.graph(sfn_core::graph::mermaid)
    }

    /// The diagram as Graphviz `dot`.
    pub fn dot(&self) -> String {
        self.graph(sfn_core::graph::dot)
    }

    fn graph(&self, render: fn(&sfn_core::graph::Graph) -> String) -> String {
        match sfn_core::json::parse(self.json).root {
            Some(root) => render(&sfn_core::graph::build(&root)),
            None => String::new(),
        }
    }

    /// [`StateMachine::cloudformation`] rendered as YAML.
    pub fn cloudformation_yaml(&self, name: &str) -> String {
        sfn_core::cfn::to_yaml(&self.cloudformation(name))
    }

    /// The least-privilege IAM policy the state machine's role needs, derived at compile time
    /// from its Task states: the statements the Step Functions developer guide documents for
    /// each integration and pattern, scoped to the definition's literal ARNs.
    pub fn iam_policy(&self) -> IamPolicy {
        IamPolicy { json: self.policy }
    }

    /// The definition as canonical compact JSON.
    pub fn definition(&self) -> &'static str {
        self.json
    }

    /// The definition as canonical indented JSON.
    pub fn definition_pretty(&self) -> String {
        match serde_json::from_str::<serde_json::Value>(self.json) {
            Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| self.json.to_string()),
            Err(_) => self.json.to_string(),
        }
    }

    /// The names of the `${Name}` placeholders (CloudFormation `DefinitionSubstitutions`) in the
    /// definition, each once, in order of first appearance.
    pub fn substitutions(&self) -> &'static [&'static str] {
        self.substitutions
    }

    /// The definition with every `${Name}` placeholder replaced by its value.
    ///
    /// Fails when a placeholder has no value. Values are inserted as JSON string content
    /// (escaped), as CloudFormation does for strings.
    pub fn render(&self, values: &[(&str, &str)]) -> Result<String, MissingSubstitution> {
        if let Some(missing) = self
            .substitutions
            .iter()
            .find(|name| !values.iter().any(|(n, _)| n == *name))
        {
            return Err(MissingSubstitution {
                name: (*missing).to_string(),
            });
        }
        let mut out = self.json.to_string();
        for (name, value) in values {
            let escaped = serde_json::to_string(value).unwrap_or_default();
            let escaped = &escaped[1..escaped.len() - 1];
            out = out.replace(&format!("${{{name}}}"), escaped);
        }
        Ok(out)
    }
}

impl fmt::Display for StateMachine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.json)
    }
}

impl fmt::Debug for StateMachine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateMachine")
            .field("definition", &self.json)
            .finish()
    }
}

impl serde::Serialize for StateMachine {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: serde_json::Value =
            serde_json::from_str(self.json).map_err(serde::ser::Error::custom)?;
        value.serialize(serializer)
    }
}

/// An IAM policy document. `Serialize` writes `{"Version": "2012-10-17", "Statement": [...]}`;
/// `Display` writes it as compact JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct IamPolicy {
    json: &'static str,
}

impl IamPolicy {
    /// The policy as compact JSON.
    pub fn json(&self) -> &'static str {
        self.json
    }

    /// The policy as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        match serde_json::from_str::<serde_json::Value>(self.json) {
            Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| self.json.to_string()),
            Err(_) => self.json.to_string(),
        }
    }
}

impl fmt::Display for IamPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.json)
    }
}

impl fmt::Debug for IamPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamPolicy")
            .field("json", &self.json)
            .finish()
    }
}

impl serde::Serialize for IamPolicy {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: serde_json::Value =
            serde_json::from_str(self.json).map_err(serde::ser::Error::custom)?;
        value.serialize(serializer)
    }
}

/// A `${Name}` placeholder without a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingSubstitution {
    /// The placeholder's name.
    pub name: String,
}

impl fmt::Display for MissingSubstitution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no value for the placeholder `${{{}}}`", self.name)
    }
}

impl std::error::Error for MissingSubstitution {}
