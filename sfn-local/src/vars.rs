//! Workflow variables: one scope per execution, a child scope per Parallel branch and Map
//! iteration that reads the outer values and keeps its own assignments.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

/// The variables visible to a state.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    outer: Option<Arc<Vars>>,
    own: BTreeMap<String, Value>,
}

impl Vars {
    /// A child scope that sees `self`.
    pub(crate) fn child(self: &Arc<Self>) -> Vars {
        Vars {
            outer: Some(self.clone()),
            own: BTreeMap::new(),
        }
    }

    /// The value of `name`, from the innermost scope that has it.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.own
            .get(name)
            .or_else(|| self.outer.as_ref().and_then(|o| o.get(name)))
    }

    pub(crate) fn set(&mut self, name: String, value: Value) {
        self.own.insert(name, value);
    }

    /// Every visible variable, inner values over outer ones.
    pub(crate) fn all(&self) -> BTreeMap<String, Value> {
        let mut out = self.outer.as_ref().map(|o| o.all()).unwrap_or_default();
        out.extend(self.own.iter().map(|(k, v)| (k.clone(), v.clone())));
        out
    }
}
