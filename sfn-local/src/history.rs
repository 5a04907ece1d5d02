//! The execution history: AWS's `GetExecutionHistory` events, on the virtual clock.

use serde_json::{json, Map, Value};

use crate::clock::format_timestamp;

/// One history event, as `GetExecutionHistory` returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// 1, 2, 3, ... in order.
    pub id: u64,
    /// The event this one follows from (0 for none).
    pub previous_event_id: u64,
    /// Milliseconds since the epoch, on the execution's virtual clock.
    pub timestamp: i64,
    /// `ExecutionStarted`, `TaskStateEntered`, `MapIterationStarted`, ...
    pub kind: &'static str,
    /// The `<type>EventDetails` key and its value, when the event has details.
    pub details: Option<(&'static str, Value)>,
}

impl Event {
    /// The event as AWS's API writes it: `id`, `previousEventId`, `timestamp`, `type` and
    /// `<type>EventDetails`, with inputs and outputs as JSON text.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("previousEventId".into(), json!(self.previous_event_id));
        m.insert("timestamp".into(), json!(format_timestamp(self.timestamp)));
        m.insert("type".into(), json!(self.kind));
        if let Some((key, details)) = &self.details {
            m.insert((*key).into(), details.clone());
        }
        Value::Object(m)
    }

    /// The event as Step Functions logs it to CloudWatch Logs: `id`, `type`, `details`,
    /// `previous_event_id`, `event_timestamp` (milliseconds) and `execution_arn`, numbers as
    /// strings.
    pub fn to_log_record(&self, execution_arn: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id.to_string()));
        m.insert("type".into(), json!(self.kind));
        if let Some((_, details)) = &self.details {
            m.insert("details".into(), details.clone());
        }
        m.insert(
            "previous_event_id".into(),
            json!(self.previous_event_id.to_string()),
        );
        m.insert("event_timestamp".into(), json!(self.timestamp.to_string()));
        m.insert("execution_arn".into(), json!(execution_arn));
        Value::Object(m)
    }

    /// The state name of a `...StateEntered` event.
    pub fn entered_state(&self) -> Option<&str> {
        if !self.kind.ends_with("StateEntered") {
            return None;
        }
        self.details.as_ref()?.1.get("name")?.as_str()
    }

    /// The state name of a `...StateExited` event.
    pub(crate) fn exited_state(&self) -> Option<&str> {
        if !self.kind.ends_with("StateExited") {
            return None;
        }
        self.details.as_ref()?.1.get("name")?.as_str()
    }
}

/// The `...EventDetails` key of a state event: `stateEnteredEventDetails` for every
/// `<Type>StateEntered`.
pub(crate) fn entered(state_type: &str) -> &'static str {
    match state_type {
        "Task" => "TaskStateEntered",
        "Pass" => "PassStateEntered",
        "Choice" => "ChoiceStateEntered",
        "Wait" => "WaitStateEntered",
        "Succeed" => "SucceedStateEntered",
        "Fail" => "FailStateEntered",
        "Parallel" => "ParallelStateEntered",
        _ => "MapStateEntered",
    }
}

pub(crate) fn exited(state_type: &str) -> &'static str {
    match state_type {
        "Task" => "TaskStateExited",
        "Pass" => "PassStateExited",
        "Choice" => "ChoiceStateExited",
        "Wait" => "WaitStateExited",
        "Succeed" => "SucceedStateExited",
        "Fail" => "FailStateExited",
        "Parallel" => "ParallelStateExited",
        _ => "MapStateExited",
    }
}

/// The `error` and `cause` of a failure event, as AWS writes them: a key whose value is
/// empty is left out (a Fail state without `Cause`, a timeout, which AWS reports without one).
pub(crate) fn error_details(f: &crate::error::Failure) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    if !f.error.is_empty() {
        m.insert("error".into(), Value::String(f.error.clone()));
    }
    if !f.cause.is_empty() {
        m.insert("cause".into(), Value::String(f.cause.clone()));
    }
    m
}
