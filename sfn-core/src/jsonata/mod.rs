//! JSONata, the second query language of Step Functions, used by states whose `QueryLanguage`
//! is `JSONata`: template detection, syntax checking, and the static rules of Step Functions.
//!
//! Step Functions evaluates a string as JSONata when the whole string is a template
//! `"{% <expression> %}"`. [`is_template`] is that test; [`template`] and [`template_error`]
//! tell a well-formed template from a malformed one, [`parse`] checks the expression inside
//! (syntax only, nothing is evaluated) and [`free_variables`] lists the `$variables` it reads
//! from outside, so that a caller can check the uses of `$states` (`$states.input`,
//! `$states.result`, `$states.errorOutput`, `$states.context`) and of workflow variables.
//! [`parse_template`] does all three steps for one string value.
//!
//! ```
//! use sfn_core::jsonata;
//!
//! let ast = jsonata::parse_template("{% $sum($states.input.items.price) * $taxRate %}")
//!     .unwrap()
//!     .expect("a JSONata template");
//! let free = jsonata::free_variables(&ast);
//! assert_eq!(free, [("states".to_string(), 8), ("taxRate".to_string(), 37)]);
//!
//! let e = jsonata::parse_template("{% $states.input.total * %}").unwrap_err();
//! assert_eq!(e.offset, 25);
//! assert_eq!(e.message, "expected an expression after `*`, found end of expression");
//! ```
//!
//! The work is split by phase:
//!
//! - `lexer`: tokens, string, number and regular expression literals, function signatures;
//! - `parser`: the syntax tree ([`Ast`]) and the Pratt parser, with the checks JSONata itself
//!   makes when it compiles an expression;
//! - `rules`: what Step Functions adds and refuses (its JSONata version, its built-in
//!   functions, `$states` and its fields, no input context);
//! - `scope`: which `$variables` an expression binds and which it reads from outside.

#[cfg(feature = "eval")]
pub mod eval;
#[cfg(feature = "eval")]
pub mod format;
mod lexer;
mod parser;
mod rules;
mod scope;

#[cfg(test)]
mod tests;

use std::fmt;

pub use parser::{parse, Ast, MAX_DEPTH};
pub use rules::{
    input_paths, is_builtin_function, top_level_reference, JSONATA_VERSION, STATES_FIELDS,
};
pub use scope::{free_variable_uses, free_variables, FreeVariable};

/// A syntax error in a JSONata expression or in its `{% ... %}` surround.
///
/// `Display` writes the message.
///
/// ```
/// let e = sfn_core::jsonata::parse("$x +").unwrap_err();
/// assert_eq!(e.offset, 4);
/// assert_eq!(e.to_string(), "expected an expression after `+`, found end of expression");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonataError {
    /// Byte offset of the problem in the string that was checked (always a char boundary).
    pub offset: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// JSONata's code for the error (`S0101` unterminated string, `S0202` expected a token,
    /// `S0207` unexpected end, `S0211` no unary use, ...); `S0201`, JSONata's "Syntax error",
    /// where JSONata has no finer one.
    pub code: &'static str,
}

impl fmt::Display for JsonataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsonataError {}

fn error(offset: usize, message: impl Into<String>) -> JsonataError {
    coded("S0201", offset, message)
}

/// An error with JSONata's own code.
fn coded(code: &'static str, offset: usize, message: impl Into<String>) -> JsonataError {
    JsonataError {
        offset,
        message: message.into(),
        code,
    }
}

// ---------------------------------------------------------------------------------------------
// Step Functions template surround
// ---------------------------------------------------------------------------------------------

const OPEN: &str = "{%";
const CLOSE: &str = "%}";

/// Whether Step Functions reads `s` as a JSONata template: it starts with `{%` and ends with
/// `%}`. Nothing else is required: `"{%$x%}"` is a template, and so is `"{%  %}"`, which
/// [`template_error`] then reports as empty. A string that only starts with `{%` is not a
/// template (Step Functions takes it literally); [`template_error`] still flags it, since
/// it is most likely a template with a typo.
///
/// ```
/// use sfn_core::jsonata::is_template;
///
/// assert!(is_template("{% $states.input.order %}"));
/// assert!(is_template("{%$x%}"));
/// assert!(!is_template("{% $states.input.order"));
/// assert!(!is_template("{%}"));
/// assert!(!is_template("arn:aws:states:::sns:publish"));
/// ```
pub fn is_template(s: &str) -> bool {
    s.len() >= OPEN.len() + CLOSE.len() && s.starts_with(OPEN) && s.ends_with(CLOSE)
}

fn is_template_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// If `s` is a well-formed JSONata template, returns the expression inside and its byte
/// offset in `s` (always 2).
///
/// A template is the whole string ([`is_template`]), as in `"{% $states.input.x %}"`.
/// Returns `None` for every other string and for a template with nothing inside;
/// [`template_error`] tells a malformed template (such as `"{% $x"`) from a plain string.
///
/// ```
/// use sfn_core::jsonata::template;
///
/// assert_eq!(template("{% $states.input.order %}"), Some((" $states.input.order ", 2)));
/// assert_eq!(template("arn:aws:states:::sns:publish"), None);
/// assert_eq!(template("{% $states.input.order"), None);
/// ```
pub fn template(s: &str) -> Option<(&str, usize)> {
    if template_error(s).is_some() {
        return None;
    }
    let inner = s.strip_prefix(OPEN)?.strip_suffix(CLOSE)?;
    Some((inner, OPEN.len()))
}

/// Returns the error for a string that looks like a JSONata template but whose `{% ... %}`
/// surround is malformed, or `None` for a well-formed template and for a plain string.
///
/// Reported: `{%` without a closing `%}` at the very end (whitespace after `%}` included) and
/// an empty expression. The expression itself is checked by [`parse`].
///
/// ```
/// use sfn_core::jsonata::template_error;
///
/// let e = template_error("{% $states.input.order").unwrap();
/// assert_eq!(e.message, "expected `%}` at the end of the string to close `{%` at offset 0");
/// assert_eq!(template_error("{%  %}").unwrap().offset, 2);
/// assert!(template_error("{% $states.input.order %}").is_none());
/// assert!(template_error("plain text %}").is_none());
/// ```
pub fn template_error(s: &str) -> Option<JsonataError> {
    // A string that does not start with `{%` is a plain string whatever it ends with.
    if !s.starts_with(OPEN) {
        return None;
    }
    if is_template(s) {
        let inner = s.get(OPEN.len()..s.len() - CLOSE.len()).unwrap_or("");
        if inner.trim_matches(is_template_ws).is_empty() {
            return Some(error(
                OPEN.len(),
                "empty JSONata expression between `{%` and `%}`",
            ));
        }
        return None;
    }
    let trimmed = s.trim_end_matches(is_template_ws);
    if is_template(trimmed) {
        Some(error(
            trimmed.len(),
            "unexpected whitespace after `%}`: a JSONata template must end with `%}`",
        ))
    } else {
        Some(error(
            s.len(),
            "expected `%}` at the end of the string to close `{%` at offset 0",
        ))
    }
}

/// Checks a whole Step Functions string value: `Ok(None)` for a plain string, `Ok(Some(ast))`
/// for a valid JSONata template, or the first error. Offsets in the error and in the
/// [`free_variables`] of the returned tree are byte offsets into `s`.
///
/// ```
/// use sfn_core::jsonata::{free_variables, parse_template};
///
/// let ast = parse_template("{% $states.input.total * 1.2 %}").unwrap().unwrap();
/// assert_eq!(free_variables(&ast), [("states".to_string(), 3)]);
/// assert!(parse_template("FARGATE").unwrap().is_none());
/// assert_eq!(parse_template("{% $states.input.total * %}").unwrap_err().offset, 25);
/// ```
pub fn parse_template(s: &str) -> Result<Option<Ast>, JsonataError> {
    if let Some(e) = template_error(s) {
        return Err(e);
    }
    let Some((inner, base)) = template(s) else {
        return Ok(None);
    };
    match parse(inner) {
        Ok(mut ast) => {
            ast.base = base;
            Ok(Some(ast))
        }
        Err(mut e) => {
            e.offset += base;
            Err(e)
        }
    }
}
