//! A failure: an error name and its cause, as Step Functions reports them.

use std::fmt;

/// An error raised while a state runs: by a Task (through its mock), by a Fail state, or by
/// Step Functions itself (`States.Runtime`, `States.IntrinsicFailure`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error name that Retry and Catch match (`States.TaskFailed`, `Lambda.ServiceException`).
    pub error: String,
    /// The human-readable cause.
    pub cause: String,
}

impl Failure {
    /// A failure with `error` and `cause`.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Failure {
            error: error.into(),
            cause: cause.into(),
        }
    }

    /// `States.Runtime`: the definition cannot go on with this data.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Failure::new("States.Runtime", cause)
    }

    /// `States.IntrinsicFailure`: an intrinsic function refused its arguments.
    pub fn intrinsic(cause: impl Into<String>) -> Self {
        Failure::new("States.IntrinsicFailure", cause)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

impl std::error::Error for Failure {}
