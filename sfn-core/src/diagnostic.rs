//! Diagnostics: what the validator reports, with a code, a severity and a JSON Pointer.
//!
//! ```
//! use sfn_core::{Code, Severity};
//!
//! let report = sfn_core::validate_str(
//!     r#"{
//!       "StartAt": "A",
//!       "States": {"A": {"Type": "Pass", "Nxt": "B"}, "B": {"Type": "Succeed"}}
//!     }"#,
//!     &sfn_core::Options::default(),
//! );
//! let d = &report.diagnostics[0];
//! assert_eq!((d.code, d.severity), (Code::SchemaValidationFailed, Severity::Error));
//! assert_eq!(d.location, "/States/A/Nxt");
//! assert_eq!(d.suggestion.as_deref(), Some("Next"));
//! assert!(d.to_string().starts_with("error [SCHEMA_VALIDATION_FAILED] at /States/A/Nxt: "));
//! ```

use std::fmt;

use crate::json::{self, Node};

/// How bad a diagnostic is.
///
/// Errors sort before warnings.
///
/// ```
/// use sfn_core::Severity;
///
/// assert!(Severity::Error < Severity::Warning);
/// assert_eq!(Severity::Warning.as_str(), "warning");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The definition is invalid: Step Functions would reject it or fail at run time.
    Error,
    /// The definition is accepted but probably not what was meant.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    ///
    /// ```
    /// assert_eq!(sfn_core::Severity::Error.as_str(), "error");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// The kind of a diagnostic. Codes follow AWS's `ValidateStateMachineDefinition` where
        /// one exists.
        ///
        /// `Display` writes [`Code::as_str`].
        ///
        /// ```
        /// use sfn_core::Code;
        ///
        /// assert_eq!(Code::MissingTransitionTarget.to_string(), "MISSING_TRANSITION_TARGET");
        /// assert!(Code::ALL.contains(&Code::InvalidJsonPath));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            /// Every code, in declaration order.
            ///
            /// ```
            /// use sfn_core::Code;
            ///
            /// assert_eq!(Code::ALL[0], Code::SchemaValidationFailed);
            /// ```
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written in reports, e.g. `MISSING_TRANSITION_TARGET`.
            ///
            /// ```
            /// use sfn_core::Code;
            ///
            /// assert_eq!(Code::UnreachableState.as_str(), "UNREACHABLE_STATE");
            /// assert_eq!(Code::MissingTaskToken.as_str(), "MISSING_TASK_TOKEN");
            /// ```
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    /// Not JSON, a missing or unknown field, or a value of the wrong type or range.
    SchemaValidationFailed = "SCHEMA_VALIDATION_FAILED",
    /// A `Next`, `Default` or `StartAt` names a state that does not exist in its scope.
    MissingTransitionTarget = "MISSING_TRANSITION_TARGET",
    /// Two states share a name.
    DuplicateStateName = "DUPLICATE_STATE_NAME",
    /// A state name is empty, too long or uses characters Step Functions refuses.
    InvalidStateName = "INVALID_STATE_NAME",
    /// No terminal state can be reached from `StartAt`.
    MissingEndState = "MISSING_END_STATE",
    /// A Task `Resource` is not a valid ARN.
    InvalidResource = "INVALID_RESOURCE",
    /// The definition nests deeper than the validator follows.
    TooDeeplyNested = "TOO_DEEPLY_NESTED",
    /// A state cannot be reached from `StartAt`.
    UnreachableState = "UNREACHABLE_STATE",
    /// A JSONPath, reference path, context path or variable is malformed.
    InvalidJsonPath = "INVALID_JSON_PATH",
    /// An intrinsic function call is malformed or misused.
    InvalidIntrinsic = "INVALID_INTRINSIC",
    /// A JSONata expression is malformed or misplaced.
    InvalidJsonata = "INVALID_JSONATA",
    /// A key is set twice in one JSON object.
    DuplicateKey = "DUPLICATE_KEY",
    /// A value looks like a path but its key does not end in `.$` (AWS's warning code).
    NoDollar = "NO_DOLLAR",
    /// A field's value looks like a path, but the field takes the value itself: its `...Path`
    /// counterpart reads it from the input (AWS's warning code).
    NoPath = "NO_PATH",
    /// A Pass state's `Result` holds a path, which Step Functions does not evaluate (AWS's
    /// warning code).
    PassResultIsStatic = "PASS_RESULT_IS_STATIC",
    /// The text is not JSON (AWS's code for a JSON syntax problem).
    InvalidJsonDescription = "INVALID_JSON_DESCRIPTION",
    /// The text is empty (AWS's code for an empty definition).
    MissingDescription = "MISSING_DESCRIPTION",
    /// A task parameter the integration does not accept.
    UnknownParameter = "UNKNOWN_PARAMETER",
    /// A task parameter the integration requires is missing.
    MissingParameter = "MISSING_PARAMETER",
    /// A task parameter has a value the integration does not accept.
    InvalidParameterValue = "INVALID_PARAMETER_VALUE",
    /// The integration has no such pattern (`.sync`, `.waitForTaskToken`).
    UnsupportedIntegrationPattern = "UNSUPPORTED_INTEGRATION_PATTERN",
    /// `.waitForTaskToken` without `$$.Task.Token` in the parameters.
    MissingTaskToken = "MISSING_TASK_TOKEN",
    /// A variable is read where no state before has assigned it (on some or every path).
    UndefinedVariable = "UNDEFINED_VARIABLE",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a definition.
///
/// `Display` writes `severity [CODE] at /pointer: message`.
///
/// ```
/// use sfn_core::{Code, Severity};
///
/// let report = sfn_core::validate_str(
///     r#"{"StartAt": "Strat", "States": {"Start": {"Type": "Succeed"}}}"#,
///     &sfn_core::Options::default(),
/// );
/// let d = &report.diagnostics[0];
/// assert_eq!(d.code, Code::MissingTransitionTarget);
/// assert_eq!(d.severity, Severity::Error);
/// assert_eq!(d.location, "/StartAt");
/// assert_eq!(d.suggestion.as_deref(), Some("Start"));
/// assert_eq!(
///     d.to_string(),
///     "error [MISSING_TRANSITION_TARGET] at /StartAt: there is no state named `Strat` in this \
///      scope. Did you mean `Start`?",
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// What kind of problem.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// JSON Pointer of the value concerned (`""` for the whole definition).
    pub location: String,
    /// A sentence that says what is wrong.
    pub message: String,
    /// A replacement that would fix it, when one is known (also quoted in the message).
    pub suggestion: Option<String>,
    /// Whether the location names the member's key rather than its value (a misspelled or
    /// misplaced field), so front ends can point at the key.
    pub at_key: bool,
    /// Byte offset in the source text, when it is known better than the location: JSON
    /// syntax errors, duplicate keys, and the place inside a string of a definition read
    /// from text that [`Diagnostic::value_offset`] names.
    pub offset: Option<usize>,
    /// Byte offset inside the string value at the location, for a problem inside a path, an
    /// intrinsic function call or a JSONata expression. The message does not repeat it: each
    /// front end shows it its own way (a line and column in the file, or the token the text
    /// came from).
    pub value_offset: Option<usize>,
}

impl Diagnostic {
    /// An error.
    ///
    /// ```
    /// use sfn_core::{Code, Diagnostic};
    ///
    /// let d = Diagnostic::error(Code::InvalidResource, "/States/Run/Resource", "not an ARN");
    /// assert!(d.is_error());
    /// assert_eq!(d.to_string(), "error [INVALID_RESOURCE] at /States/Run/Resource: not an ARN");
    /// ```
    pub fn error(code: Code, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            location: location.into(),
            message: message.into(),
            suggestion: None,
            at_key: false,
            offset: None,
            value_offset: None,
        }
    }

    /// A warning.
    ///
    /// ```
    /// use sfn_core::{Code, Diagnostic, Severity};
    ///
    /// let d = Diagnostic::warning(
    ///     Code::MissingTaskToken,
    ///     "/States/Approve/Parameters",
    ///     "the parameters never pass the task token",
    /// );
    /// assert_eq!(d.severity, Severity::Warning);
    /// assert!(!d.is_error());
    /// ```
    pub fn warning(code: Code, location: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, location, message)
        }
    }

    /// Adds a suggested replacement.
    ///
    /// ```
    /// use sfn_core::{Code, Diagnostic};
    ///
    /// let d = Diagnostic::error(Code::MissingTransitionTarget, "/StartAt", "no state `Strat`")
    ///     .with_suggestion("Start");
    /// assert_eq!(d.suggestion.as_deref(), Some("Start"));
    /// ```
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }

    /// Marks the diagnostic as concerning the member's key.
    ///
    /// ```
    /// use sfn_core::{Code, Diagnostic};
    ///
    /// let d = Diagnostic::error(Code::SchemaValidationFailed, "/States/A/Nxt", "unknown field")
    ///     .at_key();
    /// assert!(d.at_key);
    /// ```
    pub fn at_key(mut self) -> Self {
        self.at_key = true;
        self
    }

    /// Marks where inside the string value at the location the problem is.
    ///
    /// ```
    /// use sfn_core::{Code, Diagnostic};
    ///
    /// let d = Diagnostic::error(Code::InvalidJsonPath, "/States/A/ResultPath", "bad segment")
    ///     .with_value_offset(7);
    /// assert_eq!(d.value_offset, Some(7));
    ///
    /// // A definition read from text places it in the text.
    /// let src = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.items[*]", "End": true}}}"#;
    /// let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    /// let d = &report.diagnostics[0];
    /// assert_eq!(d.value_offset, Some(7));
    /// assert_eq!(&src[report.offset_of(d).unwrap()..][..3], "[*]");
    /// ```
    pub fn with_value_offset(mut self, offset: usize) -> Self {
        self.value_offset = Some(offset);
        self
    }

    /// Where in its string the diagnostic points, for a message that has no other way to show
    /// it: `" (at character N)"`, counting characters from 0, or `""` when it points at no
    /// place inside a string of `root`.
    ///
    /// ```
    /// let src = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.a..b", "End": true}}}"#;
    /// let report = sfn_core::validate_str(src, &sfn_core::Options::default());
    /// let root = report.root.as_ref().unwrap();
    /// assert_eq!(report.diagnostics[0].position_note(root), " (at character 3)");
    /// ```
    pub fn position_note(&self, root: &Node) -> String {
        let value = json::lookup(root, &self.location).as_str();
        match (self.value_offset, value) {
            (Some(offset), Some(value)) => {
                let chars = value.get(..offset).map_or(offset, |p| p.chars().count());
                format!(" (at character {chars})")
            }
            _ => String::new(),
        }
    }

    /// Sets [`Diagnostic::offset`] from [`Diagnostic::value_offset`] for a definition read
    /// from `src` into `root`, unless it is already set.
    pub(crate) fn placed_in(mut self, src: &str, root: &Node) -> Self {
        if let (None, Some(inner)) = (self.offset, self.value_offset) {
            let node = json::lookup(root, &self.location);
            if node.as_str().is_some() {
                self.offset = json::string_source_offset(src, node.span, inner);
            }
        }
        self
    }

    /// Whether this is an error (not a warning).
    ///
    /// ```
    /// use sfn_core::{Code, Diagnostic};
    ///
    /// assert!(Diagnostic::error(Code::DuplicateStateName, "/States/A", "twice").is_error());
    /// assert!(!Diagnostic::warning(Code::InvalidJsonPath, "/States/A", "odd").is_error());
    /// ```
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.location.is_empty() {
            "/"
        } else {
            &self.location
        };
        write!(
            f,
            "{} [{}] at {}: {}",
            self.severity.as_str(),
            self.code,
            at,
            self.message
        )
    }
}
