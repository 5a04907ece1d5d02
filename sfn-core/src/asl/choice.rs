//! The comparison operators and combinators of JSONPath Choice rules.

/// What a comparison operator compares against.
///
/// ```
/// use sfn_core::asl::{Operand, OPERATORS};
///
/// let (_, operand) = OPERATORS.iter().find(|(n, _)| *n == "NumericLessThanPath").unwrap();
/// assert_eq!(*operand, Operand::Path);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operand {
    /// A string.
    String,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// An RFC 3339 timestamp string.
    Timestamp,
    /// A path to the value to compare against (the `...Path` operators).
    Path,
    /// `IsNull`, `IsPresent`, ...: a boolean.
    Test,
    /// `StringMatches`: a pattern with `*`.
    Pattern,
}

/// Every comparison operator of a JSONPath Choice rule.
pub const OPERATORS: &[(&str, Operand)] = &[
    ("BooleanEquals", Operand::Boolean),
    ("BooleanEqualsPath", Operand::Path),
    ("IsBoolean", Operand::Test),
    ("IsNull", Operand::Test),
    ("IsNumeric", Operand::Test),
    ("IsPresent", Operand::Test),
    ("IsString", Operand::Test),
    ("IsTimestamp", Operand::Test),
    ("NumericEquals", Operand::Number),
    ("NumericEqualsPath", Operand::Path),
    ("NumericGreaterThan", Operand::Number),
    ("NumericGreaterThanPath", Operand::Path),
    ("NumericGreaterThanEquals", Operand::Number),
    ("NumericGreaterThanEqualsPath", Operand::Path),
    ("NumericLessThan", Operand::Number),
    ("NumericLessThanPath", Operand::Path),
    ("NumericLessThanEquals", Operand::Number),
    ("NumericLessThanEqualsPath", Operand::Path),
    ("StringEquals", Operand::String),
    ("StringEqualsPath", Operand::Path),
    ("StringGreaterThan", Operand::String),
    ("StringGreaterThanPath", Operand::Path),
    ("StringGreaterThanEquals", Operand::String),
    ("StringGreaterThanEqualsPath", Operand::Path),
    ("StringLessThan", Operand::String),
    ("StringLessThanPath", Operand::Path),
    ("StringLessThanEquals", Operand::String),
    ("StringLessThanEqualsPath", Operand::Path),
    ("StringMatches", Operand::Pattern),
    ("TimestampEquals", Operand::Timestamp),
    ("TimestampEqualsPath", Operand::Path),
    ("TimestampGreaterThan", Operand::Timestamp),
    ("TimestampGreaterThanPath", Operand::Path),
    ("TimestampGreaterThanEquals", Operand::Timestamp),
    ("TimestampGreaterThanEqualsPath", Operand::Path),
    ("TimestampLessThan", Operand::Timestamp),
    ("TimestampLessThanPath", Operand::Path),
    ("TimestampLessThanEquals", Operand::Timestamp),
    ("TimestampLessThanEqualsPath", Operand::Path),
];

/// The Boolean combinators of JSONPath Choice rules.
pub const COMBINATORS: &[&str] = &["And", "Or", "Not"];
