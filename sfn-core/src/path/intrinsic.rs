//! Intrinsic functions (`States.Format(...)` and the rest), with the argument rules the
//! Step Functions developer guide gives ("Intrinsic functions for JSONPath states").

use super::cursor::Cursor;
use super::jsonpath::{parse_path_at, Mode, Path};
use super::PathError;
use crate::suggest::did_you_mean;

/// The most intrinsic function calls one field may hold. The developer guide says "You can
/// nest up to 10 intrinsic functions within a field" and counts nine in an example whose
/// calls are only five deep, so every call in the field counts.
///
/// ```
/// use sfn_core::path::{parse_intrinsic, MAX_INTRINSIC_CALLS};
///
/// let nested = |n: usize| format!("{}$.x{}", "States.JsonToString(".repeat(n), ")".repeat(n));
/// assert!(parse_intrinsic(&nested(MAX_INTRINSIC_CALLS)).is_ok());
/// assert!(parse_intrinsic(&nested(MAX_INTRINSIC_CALLS + 1)).is_err());
/// ```
pub const MAX_INTRINSIC_CALLS: usize = 10;

/// The longest string `States.Base64Encode`, `States.Base64Decode` and `States.Hash` take.
const MAX_DATA_CHARS: usize = 10_000;

/// The most items `States.ArrayRange` may create.
const MAX_RANGE_ITEMS: f64 = 1000.0;

/// The algorithms `States.Hash` accepts.
///
/// ```
/// assert!(sfn_core::path::HASH_ALGORITHMS.contains(&"SHA-256"));
/// ```
pub const HASH_ALGORITHMS: &[&str] = &["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// Every intrinsic function, with its least and greatest argument count (`None`: no limit).
const SPECS: &[(&str, usize, Option<usize>)] = &[
    ("States.Format", 1, None),
    ("States.StringToJson", 1, Some(1)),
    ("States.JsonToString", 1, Some(1)),
    ("States.Array", 0, None),
    ("States.ArrayPartition", 2, Some(2)),
    ("States.ArrayContains", 2, Some(2)),
    ("States.ArrayRange", 3, Some(3)),
    ("States.ArrayGetItem", 2, Some(2)),
    ("States.ArrayLength", 1, Some(1)),
    ("States.ArrayUnique", 1, Some(1)),
    ("States.Base64Encode", 1, Some(1)),
    ("States.Base64Decode", 1, Some(1)),
    ("States.Hash", 2, Some(2)),
    ("States.JsonMerge", 3, Some(3)),
    ("States.MathRandom", 2, Some(3)),
    ("States.MathAdd", 2, Some(2)),
    ("States.StringSplit", 2, Some(2)),
    ("States.UUID", 0, Some(0)),
];

/// The names of all intrinsic functions.
///
/// ```
/// use sfn_core::path::FUNCTIONS;
///
/// assert!(FUNCTIONS.contains(&"States.ArrayPartition"));
/// assert!(FUNCTIONS.iter().all(|f| f.starts_with("States.")));
/// ```
pub const FUNCTIONS: &[&str] = &[
    "States.Format",
    "States.StringToJson",
    "States.JsonToString",
    "States.Array",
    "States.ArrayPartition",
    "States.ArrayContains",
    "States.ArrayRange",
    "States.ArrayGetItem",
    "States.ArrayLength",
    "States.ArrayUnique",
    "States.Base64Encode",
    "States.Base64Decode",
    "States.Hash",
    "States.JsonMerge",
    "States.MathRandom",
    "States.MathAdd",
    "States.StringSplit",
    "States.UUID",
];

/// A parsed intrinsic function call.
///
/// ```
/// use sfn_core::path::{parse_intrinsic, Arg};
///
/// let call = parse_intrinsic("States.ArrayGetItem($.items, 0)").unwrap();
/// assert_eq!(call.name, "States.ArrayGetItem");
/// assert!(matches!(&call.args[0], Arg::Path(p) if p.to_string() == "$.items"));
/// assert_eq!(call.args[1], Arg::Number("0".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intrinsic {
    /// The full name, such as `States.Format`.
    pub name: String,
    /// The arguments, in order.
    pub args: Vec<Arg>,
}

/// An intrinsic function argument.
///
/// ```
/// use sfn_core::path::{parse_intrinsic, Arg};
///
/// let call = parse_intrinsic("States.Format('{} of {}', $.count, States.ArrayLength($.items))")
///     .unwrap();
/// assert_eq!(call.args[0], Arg::String("{} of {}".into()));
/// assert!(matches!(&call.args[1], Arg::Path(_)));
/// assert!(matches!(&call.args[2], Arg::Call(inner) if inner.name == "States.ArrayLength"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A single-quoted string literal, unescaped.
    String(String),
    /// A number literal, as written (`-1.5`).
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A path: `$.x`, `$`, `$$.x` or `$var`.
    Path(Path),
    /// A nested call.
    Call(Intrinsic),
    /// A `${Name}` placeholder written as the whole argument, which CloudFormation, SAM or
    /// Terraform replace before Step Functions reads the definition: a value of any type.
    Placeholder(String),
}

impl Arg {
    /// The value of a number literal.
    ///
    /// ```
    /// use sfn_core::path::parse_intrinsic;
    ///
    /// let call = parse_intrinsic("States.MathAdd($.total, -1.5)").unwrap();
    /// assert_eq!(call.args[1].as_number(), Some(-1.5));
    /// assert_eq!(call.args[0].as_number(), None);
    /// ```
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Arg::Number(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// Whether this is a literal (its type is known before the execution runs).
    ///
    /// ```
    /// use sfn_core::path::parse_intrinsic;
    ///
    /// let call = parse_intrinsic("States.StringSplit($.csv, ',')").unwrap();
    /// assert!(!call.args[0].is_literal());
    /// assert!(call.args[1].is_literal());
    /// ```
    pub fn is_literal(&self) -> bool {
        !matches!(self, Arg::Path(_) | Arg::Call(_) | Arg::Placeholder(_))
    }

    fn describe(&self) -> &'static str {
        match self {
            Arg::String(_) => "a string",
            Arg::Number(_) => "a number",
            Arg::Bool(true) => "`true`",
            Arg::Bool(false) => "`false`",
            Arg::Null => "`null`",
            Arg::Path(_) => "a path",
            Arg::Call(_) => "a function call",
            Arg::Placeholder(_) => "a `${...}` placeholder",
        }
    }
}

/// Whether `s` looks like an intrinsic function call: `States.`, a name, then `(`.
///
/// The call itself is not checked; see [`parse_intrinsic`].
///
/// ```
/// use sfn_core::path::looks_like_intrinsic;
///
/// assert!(looks_like_intrinsic("States.UUID()"));
/// assert!(looks_like_intrinsic("States.Fromat('{}', $.x)"));
/// assert!(!looks_like_intrinsic("States.TaskFailed"));
/// assert!(!looks_like_intrinsic("$.order"));
/// ```
pub fn looks_like_intrinsic(s: &str) -> bool {
    s.strip_prefix("States.").is_some_and(|rest| {
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        name_len > 0 && rest[name_len..].starts_with('(')
    })
}

/// Writes `s` as an intrinsic function string literal: in single quotes, with `'`, `{`,
/// `}` and `\` escaped by a backslash, as the developer guide requires.
///
/// Every brace is escaped, so the result is literal text; a `States.Format` template
/// whose `{}` placeholders must stay live has to be written by hand.
///
/// ```
/// use sfn_core::path::{parse_intrinsic, quote_intrinsic_string, Arg};
///
/// let quoted = quote_intrinsic_string("it's {done}");
/// assert_eq!(quoted, r"'it\'s \{done\}'");
/// let call = parse_intrinsic(&format!("States.Format({quoted})")).unwrap();
/// assert_eq!(call.args[0], Arg::String("it's {done}".into()));
/// ```
pub fn quote_intrinsic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Parses an intrinsic function call and checks each call in it: the function exists, the
/// argument count fits, and literal arguments have the type and value the function needs
/// (paths and nested calls are only known at run time and pass). `$$` paths in arguments
/// must name Context object fields.
///
/// ```
/// use sfn_core::path::parse_intrinsic;
///
/// let call = parse_intrinsic("States.Hash($.payload, 'SHA-256')").unwrap();
/// assert_eq!(call.args.len(), 2);
///
/// let e = parse_intrinsic("States.Hash($.payload, 'SHA-2')").unwrap_err();
/// assert_eq!(e.offset, 23);
/// assert!(e.message.contains("did you mean `SHA-256`?"));
///
/// let e = parse_intrinsic("States.Format('{} {}', $.a)").unwrap_err();
/// assert_eq!(e.message, "the template has 2 `{}` placeholders but 1 value follows");
/// ```
pub fn parse_intrinsic(s: &str) -> Result<Intrinsic, PathError> {
    if s.starts_with(char::is_whitespace) {
        return Err(PathError::new(0, "whitespace before the function name"));
    }
    let mut p = Parser {
        c: Cursor::new(s, 0),
        calls: 0,
    };
    let call = p.call()?;
    // Whitespace after the closing `)` is accepted, as AWS's language service does.
    if !p.c.at_end() && !p.c.rest().trim().is_empty() {
        let at = p.c.pos;
        return Err(PathError::new(
            at,
            format!("unexpected text after the closing `)` of `{}`", call.name),
        ));
    }
    Ok(call)
}

/// What the parser knows about an argument beyond its value.
#[derive(Debug, Clone, Copy)]
struct Meta {
    /// Where the argument starts.
    offset: usize,
    /// For a string literal: how many unescaped `{}` placeholders it has.
    placeholders: usize,
    /// For a string literal: where its first unescaped `{` or `}` that is not part of `{}`
    /// is, and which. Only a `States.Format` template refuses one.
    lone_brace: Option<(usize, char)>,
}

#[derive(Debug)]
struct Parser<'a> {
    c: Cursor<'a>,
    /// Calls seen so far; bounded by [`MAX_INTRINSIC_CALLS`], which bounds the recursion.
    calls: usize,
}

impl Parser<'_> {
    fn call(&mut self) -> Result<Intrinsic, PathError> {
        let start = self.c.pos;
        self.calls += 1;
        if self.calls > MAX_INTRINSIC_CALLS {
            return Err(self.c.error(
                start,
                format!(
                    "too many intrinsic function calls: a field may hold at most {MAX_INTRINSIC_CALLS}"
                ),
            ));
        }
        let name = self
            .c
            .take_while(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
        if name.is_empty() {
            return Err(self.c.error(
                start,
                format!(
                    "expected an intrinsic function name such as `States.Format`, found {}",
                    self.c.describe_next()
                ),
            ));
        }
        let Some(&(name, min, max)) = SPECS.iter().find(|(n, _, _)| *n == name) else {
            return Err(self.c.error(start, unknown_function(name)));
        };
        let open = self.c.pos;
        if !self.c.eat('(') {
            return Err(self.c.error(
                open,
                format!(
                    "expected `(` right after `{name}`, found {}",
                    self.c.describe_next()
                ),
            ));
        }
        let mut args = Vec::new();
        let mut metas = Vec::new();
        self.c.skip_ws();
        if !self.c.eat(')') {
            loop {
                let (arg, meta) = self.arg(name, open)?;
                args.push(arg);
                metas.push(meta);
                self.c.skip_ws();
                if self.c.eat(',') {
                    self.c.skip_ws();
                    if self.c.peek() == Some(')') {
                        return Err(self.c.error(self.c.pos, "an argument is missing after `,`"));
                    }
                } else if self.c.eat(')') {
                    break;
                } else if self.c.at_end() {
                    return Err(self
                        .c
                        .error(open, format!("the `(` of `{name}` is not closed")));
                } else {
                    return Err(self.c.error(
                        self.c.pos,
                        format!(
                            "expected `,` or `)` after an argument, found {}",
                            self.c.describe_next()
                        ),
                    ));
                }
            }
        }
        check_arity(name, min, max, start, &metas)?;
        check_args(name, start, &args, &metas)?;
        Ok(Intrinsic {
            name: name.to_string(),
            args,
        })
    }

    fn arg(&mut self, fname: &str, open: usize) -> Result<(Arg, Meta), PathError> {
        let at = self.c.pos;
        let meta = Meta {
            offset: at,
            placeholders: 0,
            lone_brace: None,
        };
        let arg = match self.c.peek() {
            None => {
                return Err(self
                    .c
                    .error(open, format!("the `(` of `{fname}` is not closed")))
            }
            Some('\'') => {
                let (value, placeholders, lone_brace) = self.string()?;
                return Ok((
                    Arg::String(value),
                    Meta {
                        offset: at,
                        placeholders,
                        lone_brace,
                    },
                ));
            }
            Some('"') => {
                return Err(self.c.error(
                    at,
                    "string literals in intrinsic functions use single quotes: '...'",
                ))
            }
            Some('$') => match crate::asl::placeholder_at(&self.c.src[at..]) {
                Some(name) => {
                    self.c.pos = at + name.len() + 3;
                    Arg::Placeholder(name.to_string())
                }
                None => {
                    let (path, end) = parse_path_at(self.c.src, at, Mode::Argument)?;
                    self.c.pos = end;
                    Arg::Path(path)
                }
            },
            Some(c) if c == '-' || c.is_ascii_digit() => Arg::Number(self.number()?),
            Some(c) if c.is_ascii_alphabetic() => {
                let word = self
                    .c
                    .take_while(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
                match word {
                    _ if self.c.peek() == Some('(') => {
                        self.c.pos = at;
                        Arg::Call(self.call()?)
                    }
                    "true" => Arg::Bool(true),
                    "false" => Arg::Bool(false),
                    "null" => Arg::Null,
                    _ if word.starts_with("States.") => {
                        return Err(self.c.error(
                            self.c.pos,
                            format!(
                                "expected `(` right after `{word}`, found {}",
                                self.c.describe_next()
                            ),
                        ))
                    }
                    _ => {
                        return Err(self.c.error(
                            at,
                            format!(
                                "unexpected `{word}`: string literals are single-quoted ('{word}') \
                                 and paths start with `$`"
                            ),
                        ))
                    }
                }
            }
            Some(c) => {
                return Err(self.c.error(
                    at,
                    format!(
                        "expected an argument (a 'string', a number, `true`, `false`, `null`, \
                         a path or a function call), found {}",
                        if c == ')' || c == ',' {
                            format!("`{c}`")
                        } else {
                            self.c.describe_next()
                        }
                    ),
                ))
            }
        };
        Ok((arg, meta))
    }

    /// Reads a single-quoted string; returns its unescaped value, its `{}` count and its first
    /// lone brace. A `${Name}` placeholder (CloudFormation's, replaced before Step Functions
    /// reads the definition) is text, not braces.
    #[allow(clippy::type_complexity)]
    fn string(&mut self) -> Result<(String, usize, Option<(usize, char)>), PathError> {
        let open = self.c.pos;
        self.c.bump();
        let mut value = String::new();
        let mut placeholders = 0;
        let mut lone_brace = None;
        let unclosed = "the string is not closed: missing `'`";
        loop {
            let at = self.c.pos;
            match self.c.bump() {
                None => return Err(self.c.error(open, unclosed)),
                Some('\'') => return Ok((value, placeholders, lone_brace)),
                Some('\\') => {
                    match self.c.bump() {
                        Some(e @ ('\'' | '{' | '}' | '\\')) => value.push(e),
                        // AWS fact: Step Functions rejects `\"` inside an intrinsic string
                        // literal, although a bare `"` is fine.
                        Some('"') => return Err(self.c.error(
                            at,
                            "`\\\"` is not allowed in an intrinsic function string: write `\"` \
                             without the backslash",
                        )),
                        Some(other) => {
                            return Err(self.c.error(
                                at,
                                format!(
                                    "`\\{other}` is not an escape intrinsic functions know: only \
                                 \\' \\{{ \\}} and \\\\ are"
                                ),
                            ))
                        }
                        None => return Err(self.c.error(open, unclosed)),
                    }
                }
                Some('$') if self.c.peek() == Some('{') => {
                    value.push('$');
                    let here = self.c.src.get(at..).unwrap_or("");
                    if let Some(name) = crate::asl::placeholder_at(here) {
                        // `${Name}`: consume it whole.
                        for _ in 0..name.chars().count() + 2 {
                            self.c.bump();
                        }
                        value.push('{');
                        value.push_str(name);
                        value.push('}');
                    }
                }
                Some('{') if self.c.peek() == Some('}') => {
                    self.c.bump();
                    placeholders += 1;
                    value.push_str("{}");
                }
                Some(brace @ ('{' | '}')) => {
                    lone_brace.get_or_insert((at, brace));
                    value.push(brace);
                }
                Some(ch) => value.push(ch),
            }
        }
    }

    /// Reads `-?digits(.digits)?([eE][+-]?digits)?`.
    fn number(&mut self) -> Result<String, PathError> {
        let c = &mut self.c;
        let start = c.pos;
        c.eat('-');
        if c.take_while(|ch| ch.is_ascii_digit()).is_empty() {
            return Err(c.error(
                c.pos,
                format!("expected a digit, found {}", c.describe_next()),
            ));
        }
        if c.eat('.') && c.take_while(|ch| ch.is_ascii_digit()).is_empty() {
            return Err(c.error(
                c.pos,
                format!("expected a digit after `.`, found {}", c.describe_next()),
            ));
        }
        if c.peek().is_some_and(|ch| ch == 'e' || ch == 'E')
            && c.peek2()
                .is_some_and(|ch| ch.is_ascii_digit() || ch == '-' || ch == '+')
        {
            c.bump();
            if !c.eat('-') {
                c.eat('+');
            }
            if c.take_while(|ch| ch.is_ascii_digit()).is_empty() {
                return Err(c.error(
                    c.pos,
                    format!(
                        "expected a digit in the exponent, found {}",
                        c.describe_next()
                    ),
                ));
            }
        }
        if let Some(ch) = c
            .peek()
            .filter(|&ch| ch.is_alphanumeric() || ch == '_' || ch == '.')
        {
            return Err(c.error(c.pos, format!("unexpected `{ch}` after a number")));
        }
        Ok(c.slice(start, c.pos).to_string())
    }
}

fn unknown_function(name: &str) -> String {
    if name.starts_with("States.") {
        return format!(
            "unknown intrinsic function `{name}`{}",
            did_you_mean(name, FUNCTIONS.iter().copied())
        );
    }
    let guess = match name.split_once('.') {
        Some((_, rest)) => format!("States.{rest}"),
        None => format!("States.{name}"),
    };
    let hint = did_you_mean(&guess, FUNCTIONS.iter().copied());
    format!("`{name}` is not an intrinsic function: their names start with `States.`{hint}")
}

fn check_arity(
    name: &str,
    min: usize,
    max: Option<usize>,
    start: usize,
    metas: &[Meta],
) -> Result<(), PathError> {
    let n = metas.len();
    let fits = n >= min && max.is_none_or(|m| n <= m);
    if fits {
        return Ok(());
    }
    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
    let expected = match max {
        Some(m) if m == min => format!("{min} {}", plural(min)),
        Some(m) => format!("{min} to {m} arguments"),
        None => format!("at least {min} {}", plural(min)),
    };
    let offset = match max {
        Some(m) if n > m => metas[m].offset,
        _ => start,
    };
    Err(PathError::new(
        offset,
        format!(
            "`{name}` takes {expected}, but {n} {} given",
            if n == 1 { "was" } else { "were" }
        ),
    ))
}

/// The type a function needs an argument to have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    String,
    Number,
    Array,
    Object,
    Path,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::String => "a string",
            Want::Number => "a number",
            Want::Array => "an array (from a path or a function)",
            Want::Object => "a JSON object (from a path or a function)",
            Want::Path => "a path",
        }
    }
}

/// Checks that argument `i`, if it is a literal, has the wanted type.
fn want(name: &str, args: &[Arg], metas: &[Meta], i: usize, w: Want) -> Result<(), PathError> {
    let Some(arg) = args.get(i) else {
        return Ok(());
    };
    // Paths and calls are only known at run time.
    let ok = matches!(
        (arg, w),
        (Arg::Path(_) | Arg::Call(_) | Arg::Placeholder(_), _)
            | (Arg::String(_), Want::String)
            | (Arg::Number(_), Want::Number)
    );
    if ok {
        return Ok(());
    }
    Err(PathError::new(
        metas[i].offset,
        format!(
            "argument {} of `{name}` must be {}, not {}",
            i + 1,
            w.describe(),
            arg.describe()
        ),
    ))
}

/// The nearest integer to a number literal: Step Functions rounds non-integers where it
/// needs integers.
fn rounded(args: &[Arg], i: usize) -> Option<f64> {
    args.get(i).and_then(Arg::as_number).map(f64::round)
}

fn check_args(name: &str, start: usize, args: &[Arg], metas: &[Meta]) -> Result<(), PathError> {
    let at = |i: usize| metas.get(i).map_or(start, |m| m.offset);
    let long_string = |i: usize| -> Result<(), PathError> {
        match args.get(i) {
            Some(Arg::String(s)) if s.chars().count() > MAX_DATA_CHARS => Err(PathError::new(
                at(i),
                format!(
                    "argument {} of `{name}` is longer than {MAX_DATA_CHARS} characters",
                    i + 1
                ),
            )),
            _ => Ok(()),
        }
    };
    match name {
        "States.Format" => {
            want(name, args, metas, 0, Want::String)?;
            if let Some((at, brace)) = metas.first().and_then(|m| m.lone_brace) {
                return Err(PathError::new(
                    at,
                    if brace == '{' {
                        "`{` is reserved in a States.Format template: write `\\{` for a brace, or `{}` for a placeholder"
                    } else {
                        "`}` is reserved in a States.Format template: write `\\}` for a brace"
                    },
                ));
            }
            if let (Some(Arg::String(_)), Some(meta)) = (args.first(), metas.first()) {
                let holes = meta.placeholders;
                let values = args.len() - 1;
                if holes != values {
                    return Err(PathError::new(
                        meta.offset,
                        format!(
                            "the template has {holes} `{{}}` placeholder{} but {values} value{} follow{}",
                            if holes == 1 { "" } else { "s" },
                            if values == 1 { "" } else { "s" },
                            if values == 1 { "s" } else { "" },
                        ),
                    ));
                }
            }
        }
        "States.StringToJson" => want(name, args, metas, 0, Want::String)?,
        "States.JsonToString" => want(name, args, metas, 0, Want::Path)?,
        "States.ArrayPartition" => {
            want(name, args, metas, 0, Want::Array)?;
            want(name, args, metas, 1, Want::Number)?;
            if rounded(args, 1).is_some_and(|n| n < 1.0) {
                return Err(PathError::new(
                    at(1),
                    "the chunk size of `States.ArrayPartition` must be a positive integer",
                ));
            }
        }
        "States.ArrayContains" | "States.ArrayLength" | "States.ArrayUnique" => {
            want(name, args, metas, 0, Want::Array)?;
        }
        "States.ArrayGetItem" => {
            want(name, args, metas, 0, Want::Array)?;
            want(name, args, metas, 1, Want::Number)?;
        }
        "States.ArrayRange" => {
            for i in 0..3 {
                want(name, args, metas, i, Want::Number)?;
            }
            if rounded(args, 2) == Some(0.0) {
                return Err(PathError::new(
                    at(2),
                    "the step of `States.ArrayRange` must not be 0 (non-integers are rounded)",
                ));
            }
            if let (Some(first), Some(last), Some(step)) =
                (rounded(args, 0), rounded(args, 1), rounded(args, 2))
            {
                let items = ((last - first) / step).floor() + 1.0;
                if items > MAX_RANGE_ITEMS {
                    return Err(PathError::new(
                        start,
                        format!(
                            "`States.ArrayRange` would create {items:.0} items; the most it may create is 1000"
                        ),
                    ));
                }
            }
        }
        "States.Base64Encode" | "States.Base64Decode" => {
            want(name, args, metas, 0, Want::String)?;
            long_string(0)?;
        }
        "States.Hash" => {
            long_string(0)?;
            want(name, args, metas, 1, Want::String)?;
            if let Some(Arg::String(alg)) = args.get(1) {
                if !HASH_ALGORITHMS.contains(&alg.as_str()) {
                    return Err(PathError::new(
                        at(1),
                        format!(
                            "`{alg}` is not a hash algorithm `States.Hash` knows{} (it knows {})",
                            did_you_mean(alg, HASH_ALGORITHMS.iter().copied()),
                            HASH_ALGORITHMS.join(", ")
                        ),
                    ));
                }
            }
        }
        "States.JsonMerge" => {
            want(name, args, metas, 0, Want::Object)?;
            want(name, args, metas, 1, Want::Object)?;
            if args.len() == 3 && !matches!(args[2], Arg::Bool(false) | Arg::Placeholder(_)) {
                return Err(PathError::new(
                    at(2),
                    format!(
                        "the third argument of `States.JsonMerge` must be `false`, not {}: \
                         Step Functions only supports shallow merging",
                        args[2].describe()
                    ),
                ));
            }
        }
        "States.MathRandom" => {
            for i in 0..3 {
                want(name, args, metas, i, Want::Number)?;
            }
        }
        "States.MathAdd" => {
            for i in 0..2 {
                want(name, args, metas, i, Want::Number)?;
                if rounded(args, i)
                    .is_some_and(|n| !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&n))
                {
                    return Err(PathError::new(
                        at(i),
                        format!(
                            "argument {} of `States.MathAdd` must be between -2147483648 and 2147483647",
                            i + 1
                        ),
                    ));
                }
            }
        }
        "States.StringSplit" => {
            want(name, args, metas, 0, Want::String)?;
            want(name, args, metas, 1, Want::String)?;
        }
        _ => {}
    }
    Ok(())
}

impl Intrinsic {
    /// Every path among the arguments, nested calls included, in order.
    ///
    /// ```
    /// use sfn_core::path::parse_intrinsic;
    ///
    /// let call =
    ///     parse_intrinsic("States.Format('{} {}', $.id, States.JsonToString($$.Execution.StartTime))")
    ///         .unwrap();
    /// let paths: Vec<String> = call.paths().iter().map(|p| p.to_string()).collect();
    /// assert_eq!(paths, ["$.id", "$$.Execution.StartTime"]);
    ///
    /// let call = parse_intrinsic("States.Format('{}{}', States.JsonToString($.a), $.b)").unwrap();
    /// let paths: Vec<String> = call.paths().iter().map(|p| p.to_string()).collect();
    /// assert_eq!(paths, ["$.a", "$.b"]);
    /// ```
    pub fn paths(&self) -> Vec<&Path> {
        let mut out = Vec::new();
        // Arguments left to read, the next one last: source order without recursion.
        let mut stack: Vec<&Arg> = self.args.iter().rev().collect();
        while let Some(arg) = stack.pop() {
            match arg {
                Arg::Path(p) => out.push(p),
                Arg::Call(c) => stack.extend(c.args.iter().rev()),
                _ => {}
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_list_matches_specs() {
        let names: Vec<&str> = SPECS.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(names, FUNCTIONS);
    }
}
