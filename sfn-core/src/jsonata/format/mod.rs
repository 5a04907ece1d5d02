//! The formatting and date/time functions of JSONata 2.0.6, on plain Rust values, for the
//! evaluator to call: `$formatNumber`, `$formatInteger`, `$parseInteger`, `$formatBase`,
//! `$fromMillis` and `$toMillis`.
//!
//! Each function takes the arguments the evaluator has already checked against the JSONata
//! signature (an absent optional argument is `None`; an undefined first argument is the
//! evaluator's business: JSONata returns undefined without calling the function) and answers
//! with the string or number, or a [`FormatError`] carrying JSONata's error code and message.
//!
//! The pictures follow XPath and XQuery 3.1 (`fn:format-number`, `fn:format-integer`,
//! `fn:format-dateTime`) as JSONata implements them, including the places where JSONata's
//! behaviour differs from the specification: the results are JSONata's, not the
//! specification's. Where JSONata itself would crash or loop (a negative number or zero with an
//! exponent picture, a date outside the range of JavaScript dates, a numeral of millions of
//! letters), these
//! functions answer sensibly or with an error instead; none of them panics or runs unbounded.
//!
//! ```
//! use sfn_core::jsonata::format;
//!
//! assert_eq!(format::format_number(12345.6, "#,###.00", None).unwrap(), "12,345.60");
//! assert_eq!(format::format_integer(1984.0, "I").unwrap(), "MCMLXXXIV");
//! assert_eq!(format::parse_integer("twelfth", "w;o").unwrap(), Some(12.0));
//! assert_eq!(format::format_base(100.0, Some(36.0)).unwrap(), "2s");
//! assert_eq!(
//!     format::from_millis(1521801216617.0, Some("[FNn], [D1o] [MNn] [Y]"), None).unwrap(),
//!     "Friday, 23rd March 2018"
//! );
//! assert_eq!(format::to_millis("2018-03-27", None).unwrap(), Some(1522108800000.0));
//! ```
//!
//! - `numbers`: `$formatNumber`, `$formatBase`, and the integer pictures of `$formatInteger`
//!   and `$parseInteger` (also used by the date/time components);
//! - `datetime`: the calendar, `$fromMillis` and `$toMillis`.

mod datetime;
mod numbers;

#[cfg(test)]
mod tests;

use std::fmt;

pub use datetime::{from_millis, to_millis, to_millis_at};
pub use numbers::{format_base, format_integer, format_number, parse_integer};

/// An error of a formatting function: JSONata's code (`D3080`, `D3110`, ...) and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// JSONata's error code.
    pub code: &'static str,
    /// JSONata's message for the code, with the offending value inserted where JSONata does.
    pub message: String,
}

impl FormatError {
    pub(crate) fn new(code: &'static str) -> Self {
        let message = match code {
            "D3080" => "The picture string must only contain a maximum of two sub-pictures",
            "D3081" => "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
            "D3082" => "The sub-picture must not contain more than one instance of the 'percent' character",
            "D3083" => "The sub-picture must not contain more than one instance of the 'per-mille' character",
            "D3084" => "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
            "D3085" => "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
            "D3086" => "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
            "D3087" => "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
            "D3088" => "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
            "D3089" => "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
            "D3090" => "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
            "D3091" => "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
            "D3092" => "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
            "D3093" => "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
            "D3131" => "In a decimal digit pattern, all digits must be from the same decimal group",
            "D3134" => "The timezone integer format specifier cannot have more than four digits",
            "D3135" => "No matching closing bracket ']' in date/time picture string",
            "D3136" => "The date/time picture string is missing specifiers required to parse the timestamp",
            _ => "",
        };
        FormatError {
            code,
            message: message.to_string(),
        }
    }

    /// An error whose message quotes a value, as JSONata's `{{value}}` does (JSON text).
    pub(crate) fn with_value(code: &'static str, value: &str) -> Self {
        let message = match code {
            "D1001" => format!("Number out of range: {value}"),
            "D3100" => format!(
                "The radix of the formatBase function must be between 2 and 36.  It was given {value}"
            ),
            "D3110" => format!(
                "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {value}"
            ),
            "D3130" => format!(
                "Formatting or parsing an integer as a sequence starting with {value} is not supported by this implementation"
            ),
            "D3132" => format!("Unknown component specifier {value} in date/time picture string"),
            "D3133" => format!(
                "The 'name' modifier can only be applied to months and days in the date/time picture string, not {value}"
            ),
            _ => return FormatError::new(code),
        };
        FormatError { code, message }
    }

    /// A number that JSONata cannot format (NaN, infinite, or a result too large to build).
    pub(crate) fn out_of_range(value: f64) -> Self {
        FormatError::with_value("D1001", &json_number(value))
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for FormatError {}

/// The largest padding width a picture may ask for; a wider one is an out-of-range error
/// rather than a string of millions of zeros.
pub(crate) const MAX_WIDTH: usize = 100_000;

/// A string as JSON text, the way JSONata quotes a value in a message.
pub(crate) fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// A number as JSON text (`JSON.stringify`): NaN and the infinities become `null`.
pub(crate) fn json_number(x: f64) -> String {
    if x.is_finite() {
        js_number_to_string(x)
    } else {
        "null".to_string()
    }
}

/// JavaScript's `Number.prototype.toString()`: the shortest digits that read back as the same
/// number, in positional notation from 1e-6 up to 1e21 and in exponential notation outside.
pub(crate) fn js_number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    // `{:e}` writes the shortest round-trip digits as `d.ddde<exp>`.
    let e = format!("{:e}", x.abs());
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i64;
    let n = exp.parse::<i64>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let exp_sign = if n - 1 < 0 { '-' } else { '+' };
        let rest = if k > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        format!("{}{rest}e{exp_sign}{}", &digits[..1], (n - 1).abs())
    };
    format!("{sign}{body}")
}

/// JavaScript's `parseInt(text)` without a radix: leading white space, an optional sign, then
/// decimal digits (or hexadecimal after `0x`); NaN when there are no digits.
pub(crate) fn js_parse_int(text: &str) -> f64 {
    let s = text.trim_start_matches(is_js_space);
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let hex = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"));
    let value = match hex {
        Some(rest) => {
            let digits: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
            if digits.is_empty() {
                f64::NAN
            } else {
                digits.chars().fold(0.0, |acc, c| {
                    acc * 16.0 + f64::from(c.to_digit(16).unwrap_or(0))
                })
            }
        }
        None => {
            let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
            if digits.is_empty() {
                f64::NAN
            } else {
                digits.parse::<f64>().unwrap_or(f64::NAN)
            }
        }
    };
    if negative {
        -value
    } else {
        value
    }
}

/// White space as JavaScript's `\s` and `trim` know it.
pub(crate) fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// `10^n` correctly rounded, as JavaScript's `Math.pow(10, n)` gives it for the integer
/// exponents used here.
pub(crate) fn pow10(n: i64) -> f64 {
    format!("1e{n}").parse::<f64>().unwrap_or(f64::NAN)
}
