//! Paths and intrinsic functions: the small languages inside the strings of JSONPath states.
//! JSONata, the other query language, has its own module, [`crate::jsonata`].
//!
//! - [`parse_path`] reads any JSONPath ASL accepts (`$`, `$$`, `$var`, filters, slices...);
//!   [`parse_reference_path`] only the single-node subset (`ResultPath`, `ItemsPath`...).
//! - [`check_context_path`] checks `$$` paths against the Context object's fields.
//! - [`parse_intrinsic`] reads and checks `States.*` intrinsic function calls.
//! - [`check_dynamic_value`] checks the value of a `Key.$` payload field.
//!
//! Every function returns a [`PathError`] with a byte offset into the checked string, and
//! none of them panics, whatever the input.
//!
//! ```
//! use sfn_core::path::{self, Root, Segment};
//!
//! let p = path::parse_path("$.orders[0].total").unwrap();
//! assert_eq!(p.root, Root::Input);
//! assert_eq!(
//!     p.segments,
//!     [Segment::Field("orders".into()), Segment::Index(0), Segment::Field("total".into())],
//! );
//!
//! let call = path::parse_intrinsic("States.Format('Order {} shipped', $.order.id)").unwrap();
//! assert_eq!(call.name, "States.Format");
//!
//! let e = path::parse_reference_path("$.items[*]").unwrap_err();
//! assert_eq!(e.offset, 7);
//! assert_eq!(e.message, "a reference path cannot contain a wildcard `*`");
//! ```

use std::fmt;

mod context;
mod cursor;
mod intrinsic;
mod jsonpath;

#[cfg(test)]
mod tests;

pub use context::check_context_path;
pub use intrinsic::{
    looks_like_intrinsic, parse_intrinsic, quote_intrinsic_string, Arg, Intrinsic, FUNCTIONS,
    HASH_ALGORITHMS, MAX_INTRINSIC_CALLS,
};
pub use jsonpath::{
    check_variable_name, parse_path, parse_reference_path, Path, Root, Segment, Selector,
    MAX_VARIABLE_NAME_LEN,
};

/// An error inside a path or intrinsic function string.
///
/// `Display` writes the message and the offset.
///
/// ```
/// let e = sfn_core::path::parse_path("$.orders[").unwrap_err();
/// assert_eq!(e.offset, 8);
/// assert_eq!(e.to_string(), "`[` is not closed (at byte 8)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// Byte offset of the problem in the checked string (always on a char boundary).
    pub offset: usize,
    /// What is wrong, as a lowercase phrase without a final period.
    pub message: String,
}

impl PathError {
    /// An error at `offset`.
    ///
    /// ```
    /// let e = sfn_core::path::PathError::new(2, "expected a field name");
    /// assert_eq!(e.to_string(), "expected a field name (at byte 2)");
    /// ```
    pub fn new(offset: usize, message: impl Into<String>) -> Self {
        PathError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for PathError {}

/// Checks what a `Key.$` payload value must be: a path (`$...`, `$$...`, `$var...`, with
/// `$$` paths naming real Context object fields) or an intrinsic function call.
///
/// ```
/// use sfn_core::path::check_dynamic_value;
///
/// assert!(check_dynamic_value("$.order.id").is_ok());
/// assert!(check_dynamic_value("$$.Task.Token").is_ok());
/// assert!(check_dynamic_value("States.JsonToString($.order)").is_ok());
/// assert_eq!(
///     check_dynamic_value("States.Fromat('{}', $.x)").unwrap_err().message,
///     "unknown intrinsic function `States.Fromat`; did you mean `States.Format`?",
/// );
/// assert!(check_dynamic_value("order.id").is_err());
/// ```
pub fn check_dynamic_value(s: &str) -> Result<(), PathError> {
    if s.starts_with('$') {
        let path = parse_path(s)?;
        return check_context_path(&path);
    }
    if s.starts_with("States.") || looks_like_call(s) {
        return parse_intrinsic(s).map(|_| ());
    }
    let trimmed = s.trim_start();
    if trimmed.len() != s.len() && (trimmed.starts_with('$') || trimmed.starts_with("States.")) {
        return Err(PathError::new(0, "whitespace before the value"));
    }
    Err(PathError::new(
        0,
        "expected a path (starting with `$`) or an intrinsic function call such as \
         `States.Format(...)`",
    ))
}

/// Whether `s` is a dotted name followed by `(`, like a misspelled `states.format(`.
fn looks_like_call(s: &str) -> bool {
    let name_len = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .unwrap_or(s.len());
    name_len > 0 && s.as_bytes()[0].is_ascii_alphabetic() && s[name_len..].starts_with('(')
}
