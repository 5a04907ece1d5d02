//! Standard and Express workflows: chosen when a state machine is created, not written in its
//! definition.

/// The type of a state machine.
///
/// ```
/// use sfn_core::asl::WorkflowType;
///
/// assert_eq!(WorkflowType::from_name("express"), Some(WorkflowType::Express));
/// assert_eq!(WorkflowType::Express.cloudformation_name(), "EXPRESS");
/// assert_eq!(WorkflowType::default(), WorkflowType::Standard);
/// assert_eq!(WorkflowType::Express.max_duration_seconds(), Some(300));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum WorkflowType {
    /// Standard workflows: up to a year, exactly-once, every integration pattern.
    #[default]
    Standard,
    /// Express workflows: up to five minutes, request-response integrations only.
    Express,
}

impl WorkflowType {
    /// The name as the CLI and the `asl!` macro write it: `standard` or `express`.
    pub fn name(self) -> &'static str {
        match self {
            WorkflowType::Standard => "standard",
            WorkflowType::Express => "express",
        }
    }

    /// The type a name stands for, in any case (`express`, `EXPRESS`, `Express`).
    pub fn from_name(name: &str) -> Option<WorkflowType> {
        match name.to_ascii_lowercase().as_str() {
            "standard" => Some(WorkflowType::Standard),
            "express" => Some(WorkflowType::Express),
            _ => None,
        }
    }

    /// The name in CloudFormation's `StateMachineType` and the `CreateStateMachine` API.
    pub fn cloudformation_name(self) -> &'static str {
        match self {
            WorkflowType::Standard => "STANDARD",
            WorkflowType::Express => "EXPRESS",
        }
    }

    /// The longest an execution runs, when the type limits it below what a definition can
    /// ask for: five minutes for Express (Step Functions developer guide, "Choosing workflow
    /// type").
    pub fn max_duration_seconds(self) -> Option<u64> {
        match self {
            WorkflowType::Standard => None,
            WorkflowType::Express => Some(300),
        }
    }

    /// The longest an execution runs before it times out: five minutes for Express, one year
    /// for Standard ("Step Functions service quotas": a Standard execution that runs past a
    /// year times out).
    ///
    /// ```
    /// use sfn_core::asl::WorkflowType;
    ///
    /// assert_eq!(WorkflowType::Standard.execution_limit_seconds(), 31_536_000);
    /// assert_eq!(WorkflowType::Express.execution_limit_seconds(), 300);
    /// ```
    pub fn execution_limit_seconds(self) -> u64 {
        self.max_duration_seconds().unwrap_or(STANDARD_MAX_SECONDS)
    }
}

/// A Standard execution's longest run: one year of 365 days.
pub const STANDARD_MAX_SECONDS: u64 = 365 * 24 * 60 * 60;

/// Reads a workflow type by name ([`WorkflowType::from_name`]); the error says which exist.
///
/// ```
/// use sfn_core::asl::WorkflowType;
///
/// assert_eq!("Express".parse::<WorkflowType>(), Ok(WorkflowType::Express));
/// assert!("Bulk".parse::<WorkflowType>().unwrap_err().contains("`Standard` (the default) or `Express`"));
/// ```
impl std::str::FromStr for WorkflowType {
    type Err = String;

    fn from_str(name: &str) -> Result<WorkflowType, String> {
        WorkflowType::from_name(name).ok_or_else(|| {
            "`type` is the workflow type the state machine is created as: `Standard` (the default) or `Express`".to_string()
        })
    }
}

impl std::fmt::Display for WorkflowType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
