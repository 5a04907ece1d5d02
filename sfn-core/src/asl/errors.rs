//! The errors Step Functions itself raises.

/// Every `States.*` error name Step Functions raises; custom error names cannot start with
/// `States.`.
///
/// ```
/// assert!(sfn_core::asl::PREDEFINED_ERRORS.contains(&"States.TaskFailed"));
/// ```
pub const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
    "States.BranchFailed",
];

/// The prefix of the errors an HTTP Task raises for a response whose status is not 2XX,
/// followed by the status (`States.Http.StatusCode.404`; the developer guide, "Call HTTPS APIs
/// in Step Functions workflows", handling errors).
pub const HTTP_STATUS_ERROR_PREFIX: &str = "States.Http.StatusCode.";

/// Whether Step Functions raises the error `name` itself: one of [`PREDEFINED_ERRORS`] or an
/// HTTP Task's `States.Http.StatusCode.<status>` (three digits, 100 to 599).
///
/// ```
/// use sfn_core::asl::is_predefined_error;
///
/// assert!(is_predefined_error("States.Timeout"));
/// assert!(is_predefined_error("States.Http.StatusCode.429"));
/// assert!(!is_predefined_error("States.Http.StatusCode.5XX"));
/// assert!(!is_predefined_error("States.RanOutOfTime"));
/// ```
pub fn is_predefined_error(name: &str) -> bool {
    PREDEFINED_ERRORS.contains(&name)
        || name
            .strip_prefix(HTTP_STATUS_ERROR_PREFIX)
            .and_then(|s| (s.len() == 3).then(|| s.parse::<u16>().ok()).flatten())
            .is_some_and(|status| (100..600).contains(&status))
}
