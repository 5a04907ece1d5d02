//! JSONPath as the Amazon States Language uses it: `$` (the state input), `$$` (the Context
//! object) and `$name` (a workflow variable), followed by segments.
//!
//! Step Functions evaluates paths with a Jayway-style JSONPath implementation, which is
//! lenient about field names written after a dot (`$.detail-type` works). This parser
//! follows that leniency for whole paths, and the stricter rule the developer guide gives
//! for paths passed as intrinsic function arguments.

use std::fmt;

use super::cursor::Cursor;
use super::PathError;

/// The longest variable name Step Functions accepts, in characters.
///
/// ```
/// use sfn_core::path::{check_variable_name, MAX_VARIABLE_NAME_LEN};
///
/// assert!(check_variable_name(&"a".repeat(MAX_VARIABLE_NAME_LEN)).is_ok());
/// assert!(check_variable_name(&"a".repeat(MAX_VARIABLE_NAME_LEN + 1)).is_err());
/// ```
pub const MAX_VARIABLE_NAME_LEN: usize = 80;

/// What a path starts from.
///
/// `Display` writes `$`, `$$` or `$name`.
///
/// ```
/// use sfn_core::path::{parse_path, Root};
///
/// assert_eq!(parse_path("$.order").unwrap().root, Root::Input);
/// assert_eq!(parse_path("$$.Execution.Id").unwrap().root, Root::Context);
/// let root = parse_path("$order.total").unwrap().root;
/// assert_eq!(root, Root::Variable("order".into()));
/// assert_eq!(root.to_string(), "$order");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Root {
    /// `$`: the state's input (or, depending on the field, its result).
    Input,
    /// `$$`: the Context object.
    Context,
    /// `$name`: a workflow variable.
    Variable(String),
}

/// One member of a union segment such as `['a','b']` or `[0,1]`.
///
/// ```
/// use sfn_core::path::{parse_path, Segment, Selector};
///
/// let p = parse_path("$['id','total']").unwrap();
/// assert_eq!(
///     p.segments,
///     [Segment::Union(vec![Selector::Field("id".into()), Selector::Field("total".into())])],
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// A quoted field name.
    Field(String),
    /// An array index.
    Index(i64),
}

/// One step of a path after its root.
///
/// `Display` writes the segment as it would appear in a path.
///
/// ```
/// use sfn_core::path::{parse_path, Segment};
///
/// let p = parse_path("$.items[1:3]..price").unwrap();
/// assert_eq!(
///     p.segments,
///     [
///         Segment::Field("items".into()),
///         Segment::Slice { start: Some(1), end: Some(3), step: None },
///         Segment::RecursiveDescent(Box::new(Segment::Field("price".into()))),
///     ],
/// );
/// assert_eq!(p.segments[1].to_string(), "[1:3]");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    /// `.name`, `['name']` or `["name"]`.
    Field(String),
    /// `[3]` or `[-1]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[start:end]` or `[start:end:step]`, each part optional.
    Slice {
        /// First index (inclusive).
        start: Option<i64>,
        /// Last index (exclusive).
        end: Option<i64>,
        /// Step between indexes; never 0.
        step: Option<i64>,
    },
    /// `[?(expression)]`; holds the expression between the parentheses.
    Filter(String),
    /// `[(expression)]`; holds the expression between the parentheses.
    Script(String),
    /// `..` followed by the selector it applies at every depth (a field, `*` or a bracket).
    RecursiveDescent(Box<Segment>),
    /// `['a','b']` or `[0,1]`.
    Union(Vec<Selector>),
    /// `.name(args)`, such as `.length()`; only as the last segment.
    Function {
        /// The function name.
        name: String,
        /// The raw text between the parentheses.
        args: String,
    },
}

impl Segment {
    /// Whether a reference path may contain this segment (a field or an index).
    ///
    /// ```
    /// use sfn_core::path::Segment;
    ///
    /// assert!(Segment::Index(0).is_reference());
    /// assert!(!Segment::Wildcard.is_reference());
    /// ```
    pub fn is_reference(&self) -> bool {
        matches!(self, Segment::Field(_) | Segment::Index(_))
    }

    /// Names the construct, for messages: "a filter `[?(...)]`".
    fn describe(&self) -> String {
        match self {
            Segment::Field(_) => "a field".to_string(),
            Segment::Index(_) => "an index".to_string(),
            Segment::Wildcard => "a wildcard `*`".to_string(),
            Segment::Slice { .. } => "a slice `[start:end]`".to_string(),
            Segment::Filter(_) => "a filter `[?(...)]`".to_string(),
            Segment::Script(_) => "a script expression `[(...)]`".to_string(),
            Segment::RecursiveDescent(_) => "recursive descent `..`".to_string(),
            Segment::Union(_) => "a union `[a,b]`".to_string(),
            Segment::Function { name, .. } => format!("a function call `{name}()`"),
        }
    }
}

/// A parsed path.
///
/// `Display` writes the path in a canonical form that parses back to the same root and
/// segments.
///
/// ```
/// use sfn_core::path::parse_path;
///
/// let p = parse_path("$['order'].items[*]").unwrap();
/// assert_eq!(p.to_string(), "$.order.items[*]");
/// assert_eq!(p.offsets, [1, 11, 16]);
/// assert_eq!(parse_path(&p.to_string()).unwrap().segments, p.segments);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path {
    /// What the path starts from.
    pub root: Root,
    /// The steps after the root, in order.
    pub segments: Vec<Segment>,
    /// Byte offset, in the parsed text, of each segment (parallel to `segments`): the name
    /// after a `.`, the `[`, the `*` after a `.`, or the first `.` of `..`.
    pub offsets: Vec<usize>,
}

impl Path {
    /// Whether this is a reference path: only fields and indexes after the root, so that it
    /// names at most one node.
    ///
    /// ```
    /// use sfn_core::path::parse_path;
    ///
    /// assert!(parse_path("$.orders[0].id").unwrap().is_reference());
    /// assert!(!parse_path("$.orders[*].id").unwrap().is_reference());
    /// ```
    pub fn is_reference(&self) -> bool {
        self.segments.iter().all(Segment::is_reference)
    }

    /// The byte offset of segment `i` (0 if unknown, as for a hand-built path).
    ///
    /// ```
    /// use sfn_core::path::parse_path;
    ///
    /// let p = parse_path("$.orders[0]").unwrap();
    /// assert_eq!((p.offset_of(0), p.offset_of(1), p.offset_of(9)), (2, 8, 0));
    /// ```
    pub fn offset_of(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(0)
    }
}

/// Whether `name` can be written after a dot and read back unchanged.
fn is_shorthand(name: &str) -> bool {
    !name.is_empty() && name.chars().all(is_member_char)
}

/// Chars allowed in a dotted field name inside an intrinsic function: the
/// `member-name-shorthand` chars of the JSONPath ABNF (ASCII letters, digits, `_`, and any
/// non-ASCII char), leaving out whitespace.
fn is_member_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_whitespace())
}

fn write_quoted(f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
    f.write_str("['")?;
    for c in name.chars() {
        if c == '\'' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("']")
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Field(name) if is_shorthand(name) => write!(f, ".{name}"),
            Segment::Field(name) => write_quoted(f, name),
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Wildcard => f.write_str("[*]"),
            Segment::Slice { start, end, step } => {
                f.write_str("[")?;
                if let Some(s) = start {
                    write!(f, "{s}")?;
                }
                f.write_str(":")?;
                if let Some(e) = end {
                    write!(f, "{e}")?;
                }
                if let Some(s) = step {
                    write!(f, ":{s}")?;
                }
                f.write_str("]")
            }
            Segment::Filter(e) => write!(f, "[?({e})]"),
            Segment::Script(e) => write!(f, "[({e})]"),
            Segment::RecursiveDescent(inner) => match inner.as_ref() {
                Segment::Field(name) if is_shorthand(name) => write!(f, "..{name}"),
                Segment::Wildcard => f.write_str("..*"),
                other => write!(f, "..{other}"),
            },
            Segment::Union(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    match item {
                        Selector::Index(n) => write!(f, "{n}")?,
                        Selector::Field(name) => {
                            f.write_str("'")?;
                            for c in name.chars() {
                                if c == '\'' || c == '\\' {
                                    f.write_str("\\")?;
                                }
                                write!(f, "{c}")?;
                            }
                            f.write_str("'")?;
                        }
                    }
                }
                f.write_str("]")
            }
            Segment::Function { name, args } => write!(f, ".{name}({args})"),
        }
    }
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Root::Input => f.write_str("$"),
            Root::Context => f.write_str("$$"),
            Root::Variable(name) => write!(f, "${name}"),
        }
    }
}

impl fmt::Display for Path {
    /// Writes the path in a canonical form that parses back to the same root and segments.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)?;
        for s in &self.segments {
            write!(f, "{s}")?;
        }
        Ok(())
    }
}

/// Where a path is being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// The whole string is the path.
    Whole,
    /// An intrinsic function argument: the path ends at `,`, `)` or whitespace.
    Argument,
}

fn is_terminator(mode: Mode, c: char) -> bool {
    mode == Mode::Argument && (c == ',' || c == ')' || c.is_whitespace())
}

/// Parses any ASL path: `$`, `$$` or `$name`, then fields, indexes, wildcards, slices,
/// filters, script expressions, unions, recursive descent and trailing functions.
///
/// The whole string must be the path; errors carry the byte offset of the problem.
///
/// ```
/// use sfn_core::path::{parse_path, Root, Segment};
///
/// let p = parse_path("$.orders[?(@.total > 100)]").unwrap();
/// assert_eq!(p.root, Root::Input);
/// assert_eq!(p.segments[1], Segment::Filter("@.total > 100".into()));
/// // Step Functions accepts dashes in dotted names.
/// let p = parse_path("$.detail-type").unwrap();
/// assert_eq!(p.segments, [Segment::Field("detail-type".into())]);
///
/// let e = parse_path("order.total").unwrap_err();
/// assert_eq!((e.offset, e.message.as_str()), (0, "a path starts with `$`, not `o`"));
/// ```
pub fn parse_path(s: &str) -> Result<Path, PathError> {
    if s.is_empty() {
        return Err(PathError::new(
            0,
            "the path is empty; a path starts with `$`",
        ));
    }
    if !s.starts_with('$') && s.trim_start().starts_with('$') {
        return Err(PathError::new(0, "whitespace before the path"));
    }
    parse_path_at(s, 0, Mode::Whole).map(|(p, _)| p)
}

/// Parses a reference path (`ResultPath`, `ItemsPath`, `SecondsPath`, ...): a path whose
/// segments are only fields (`.name`, `['name']`) and indexes (`[0]`), so that it names a
/// single node.
///
/// Any root is accepted; the caller decides where `$$` or variables are allowed (for
/// example, `ResultPath` takes neither).
///
/// ```
/// use sfn_core::path::parse_reference_path;
///
/// assert!(parse_reference_path("$.result['status code'][0]").is_ok());
/// let e = parse_reference_path("$.items[?(@.ok)]").unwrap_err();
/// assert_eq!(e.offset, 7);
/// assert_eq!(e.message, "a reference path cannot contain a filter `[?(...)]`");
/// ```
pub fn parse_reference_path(s: &str) -> Result<Path, PathError> {
    let path = parse_path(s)?;
    if let Some(i) = path.segments.iter().position(|seg| !seg.is_reference()) {
        return Err(PathError::new(
            path.offset_of(i),
            format!(
                "a reference path cannot contain {}",
                path.segments[i].describe()
            ),
        ));
    }
    Ok(path)
}

/// Checks a workflow variable name (as assigned in `Assign`, without the `$`).
///
/// The developer guide: names follow Unicode identifier rules (UAX #31): the first char is
/// an `ID_Start` char, the others `ID_Continue` chars, at most 80 chars. `states` is
/// reserved. Without Unicode tables, `ID_Start` is approximated by "alphabetic" and
/// `ID_Continue` by "alphanumeric, `_`, or a combining mark or connector".
///
/// ```
/// use sfn_core::path::check_variable_name;
///
/// assert!(check_variable_name("orderId").is_ok());
/// assert!(check_variable_name("states").is_err());
/// let e = check_variable_name("order-id").unwrap_err();
/// assert_eq!(e.offset, 5);
/// ```
pub fn check_variable_name(name: &str) -> Result<(), PathError> {
    let mut chars = name.char_indices();
    match chars.next() {
        None => return Err(PathError::new(0, "the variable name is empty")),
        Some((_, c)) if !is_id_start(c) => {
            return Err(PathError::new(
                0,
                format!("a variable name must start with a letter, not `{c}`"),
            ))
        }
        Some(_) => {}
    }
    if let Some((i, c)) = chars.find(|&(_, c)| !is_id_continue(c)) {
        return Err(PathError::new(
            i,
            format!("`{c}` cannot appear in a variable name (only letters, digits and `_`)"),
        ));
    }
    let len = name.chars().count();
    if len > MAX_VARIABLE_NAME_LEN {
        return Err(PathError::new(
            0,
            format!(
                "the variable name is {len} characters long; the maximum is {MAX_VARIABLE_NAME_LEN}"
            ),
        ));
    }
    if name == "states" {
        return Err(PathError::new(
            0,
            "`$states` is reserved: Step Functions sets it in JSONata states only; \
             in JSONPath use `$` for the input and `$$` for the Context object",
        ));
    }
    Ok(())
}

fn is_id_start(c: char) -> bool {
    c.is_alphabetic()
}

fn is_id_continue(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || matches!(c,
            '\u{00B7}'
            | '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{200C}'..='\u{200D}'
            | '\u{203F}'..='\u{2040}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{FE33}'..='\u{FE34}'
            | '\u{FE4D}'..='\u{FE4F}'
            | '\u{FF3F}')
}

/// Parses a path starting at byte `start` of `src`. In [`Mode::Argument`] the path ends
/// before a `,`, `)` or whitespace outside brackets; otherwise it must reach the end.
/// Returns the path and the offset just past it. Offsets are into `src`.
pub(super) fn parse_path_at(
    src: &str,
    start: usize,
    mode: Mode,
) -> Result<(Path, usize), PathError> {
    let mut c = Cursor::new(src, start);
    let start = c.pos;
    if !c.eat('$') {
        return Err(c.error(
            start,
            format!("a path starts with `$`, not {}", c.describe_next()),
        ));
    }
    let root = if c.eat('$') {
        Root::Context
    } else if c.peek().is_some_and(is_id_continue) {
        let name_at = c.pos;
        let name = c.take_while(is_id_continue);
        check_variable_name(name).map_err(|e| PathError::new(name_at + e.offset, e.message))?;
        Root::Variable(name.to_string())
    } else {
        Root::Input
    };
    let mut path = Path {
        root,
        segments: Vec::new(),
        offsets: Vec::new(),
    };
    loop {
        let at = c.pos;
        let seg = match c.peek() {
            None => break,
            Some(ch) if is_terminator(mode, ch) => break,
            Some('.') => dot_segment(&mut c, mode)?,
            Some('[') => bracket_segment(&mut c)?,
            Some(ch) => return Err(unexpected(&c, &path, ch)),
        };
        let offset = match seg {
            // Point at the name, not the dot.
            Segment::Field(_) | Segment::Wildcard | Segment::Function { .. }
                if src.get(at..).is_some_and(|r| r.starts_with('.')) =>
            {
                at + 1
            }
            _ => at,
        };
        let is_function = matches!(seg, Segment::Function { .. });
        path.segments.push(seg);
        path.offsets.push(offset);
        if is_function && c.peek().is_some_and(|ch| !is_terminator(mode, ch)) {
            return Err(c.error(
                c.pos,
                "a function call such as `length()` must be the last part of a path",
            ));
        }
    }
    Ok((path, c.pos))
}

/// The error for a char that cannot start a segment.
fn unexpected(c: &Cursor<'_>, path: &Path, ch: char) -> PathError {
    let at = c.pos;
    if ch.is_whitespace() {
        if c.rest().trim().is_empty() {
            return c.error(at, "whitespace after the end of the path");
        }
        return c.error(
            at,
            "unexpected whitespace; a field name with spaces needs bracket notation, \
             such as `['my field']`",
        );
    }
    if path.segments.is_empty() && path.root == Root::Context {
        return c.error(at, format!("expected `.` or `[` after `$$`, found `{ch}`"));
    }
    if path.segments.is_empty() && path.root == Root::Input {
        return c.error(
            at,
            format!("expected `.`, `[`, `$` or a variable name after `$`, found `{ch}`"),
        );
    }
    if let Root::Variable(name) = &path.root {
        if path.segments.is_empty() {
            return c.error(
                at,
                format!("`{ch}` cannot appear in a variable name (after `${name}`)"),
            );
        }
    }
    c.error(at, format!("expected `.` or `[`, found `{ch}`"))
}

/// Reads a segment that starts with `.`: `.name`, `.*`, `.[...]`, `.name(...)` or `..x`.
fn dot_segment(c: &mut Cursor<'_>, mode: Mode) -> Result<Segment, PathError> {
    let dot = c.pos;
    c.bump();
    if c.eat('.') {
        let at = c.pos;
        return match c.peek() {
            Some('.') => Err(c.error(at, "`...` is not valid; recursive descent is `..`")),
            Some('*') => {
                c.bump();
                Ok(Segment::RecursiveDescent(Box::new(Segment::Wildcard)))
            }
            Some('[') => Ok(Segment::RecursiveDescent(Box::new(bracket_segment(c)?))),
            Some(ch) if !is_name_start(mode, ch) => Err(c.error(
                dot,
                "recursive descent `..` must be followed by a field name, `*` or `[...]`",
            )),
            None => Err(c.error(
                dot,
                "recursive descent `..` must be followed by a field name, `*` or `[...]`",
            )),
            Some(_) => {
                let name = field_name(c, mode)?;
                if c.peek() == Some('(') {
                    return Err(c.error(c.pos, "a function call cannot follow `..`"));
                }
                Ok(Segment::RecursiveDescent(Box::new(Segment::Field(name))))
            }
        };
    }
    match c.peek() {
        Some('*') => {
            c.bump();
            Ok(Segment::Wildcard)
        }
        // Jayway reads `$.a.['b']` like `$.a['b']`; the developer guide uses that form.
        Some('[') => bracket_segment(c),
        Some(ch) if is_name_start(mode, ch) => {
            let name = field_name(c, mode)?;
            if c.peek() == Some('(') {
                let args = balanced(c)?;
                return Ok(Segment::Function {
                    name,
                    args: args.to_string(),
                });
            }
            Ok(Segment::Field(name))
        }
        None => Err(c.error(dot, "the path ends with `.`; a field name must follow it")),
        Some(ch) if is_terminator(mode, ch) && !ch.is_whitespace() => {
            Err(c.error(dot, "a field name must follow `.`"))
        }
        Some(ch) if ch.is_whitespace() => Err(c.error(
            c.pos,
            "expected a field name after `.`, found whitespace; a field name with spaces \
             needs bracket notation, such as `['my field']`",
        )),
        Some(_) if mode == Mode::Argument => Err(dotted_name_error(c)),
        Some(ch) => Err(c.error(
            c.pos,
            format!("expected a field name after `.`, found `{ch}`"),
        )),
    }
}

/// Whether `ch` can start a dotted field name.
fn is_name_start(mode: Mode, ch: char) -> bool {
    match mode {
        Mode::Whole => !matches!(ch, '.' | '[' | ']' | '(' | ')' | '*') && !ch.is_whitespace(),
        Mode::Argument => is_member_char(ch),
    }
}

/// Reads a field name written after a dot.
///
/// Whole paths are lenient, as Jayway is: the name runs to the next `.`, `[`, `]`, `(`,
/// `)` or whitespace, so `$.detail-type` works. In intrinsic function arguments the
/// developer guide requires bracket notation for names with characters other than
/// letters, digits and `_`.
fn field_name(c: &mut Cursor<'_>, mode: Mode) -> Result<String, PathError> {
    match mode {
        Mode::Whole => Ok(c
            .take_while(|ch| !matches!(ch, '.' | '[' | ']' | '(' | ')') && !ch.is_whitespace())
            .to_string()),
        Mode::Argument => {
            let name = c.take_while(is_member_char).to_string();
            match c.peek() {
                None | Some('.' | '[' | '(' | ',' | ')') => Ok(name),
                Some(ch) if ch.is_whitespace() => Ok(name),
                Some(_) => Err(dotted_name_error(c)),
            }
        }
    }
}

/// The error for a dotted name with a char that needs bracket notation inside an
/// intrinsic function argument. The cursor is at the offending char.
fn dotted_name_error(c: &Cursor<'_>) -> PathError {
    let bad = c.peek().unwrap_or(' ');
    // The name the user probably meant: back to the dot, forward to a separator.
    let before = c.slice(0, c.pos);
    let name_start = before.rfind('.').map_or(c.pos, |i| i + 1);
    let mut end = c.pos;
    for ch in c.rest().chars() {
        if matches!(ch, '.' | '[' | ',' | ')') || ch.is_whitespace() {
            break;
        }
        end += ch.len_utf8();
    }
    let meant = c
        .slice(name_start, end)
        .replace('\\', "\\\\")
        .replace('\'', "\\'");
    c.error(
        c.pos,
        format!(
            "`{bad}` cannot appear in a field name written after `.` inside an intrinsic \
             function; use bracket notation: `['{meant}']`"
        ),
    )
}

/// Reads a `[...]` segment. The cursor is at the `[`.
fn bracket_segment(c: &mut Cursor<'_>) -> Result<Segment, PathError> {
    let open = c.pos;
    c.bump();
    c.skip_ws();
    let seg = match c.peek() {
        None => return Err(c.error(open, "`[` is not closed")),
        Some(']') => return Err(c.error(open, "empty brackets `[]`")),
        Some('\'' | '"') => {
            let mut names = vec![quoted(c)?];
            c.skip_ws();
            while c.eat(',') {
                c.skip_ws();
                if !matches!(c.peek(), Some('\'' | '"')) {
                    return Err(c.error(
                        c.pos,
                        format!(
                            "expected a quoted field name after `,`, found {}",
                            c.describe_next()
                        ),
                    ));
                }
                names.push(quoted(c)?);
                c.skip_ws();
            }
            if names.len() == 1 {
                Segment::Field(names.pop().unwrap_or_default())
            } else {
                Segment::Union(names.into_iter().map(Selector::Field).collect())
            }
        }
        Some('*') => {
            c.bump();
            Segment::Wildcard
        }
        Some('?') => {
            c.bump();
            c.skip_ws();
            if c.peek() != Some('(') {
                return Err(c.error(
                    c.pos,
                    format!(
                        "a filter is written `[?(...)]`; expected `(`, found {}",
                        c.describe_next()
                    ),
                ));
            }
            let at = c.pos;
            let expr = balanced(c)?;
            if expr.trim().is_empty() {
                return Err(c.error(at, "the filter expression is empty"));
            }
            Segment::Filter(expr.to_string())
        }
        Some('(') => {
            let at = c.pos;
            let expr = balanced(c)?;
            if expr.trim().is_empty() {
                return Err(c.error(at, "the script expression is empty"));
            }
            Segment::Script(expr.to_string())
        }
        Some(ch) if ch == '-' || ch == ':' || ch.is_ascii_digit() => numeric(c)?,
        Some(ch) => {
            return Err(c.error(
                c.pos,
                format!(
                    "unexpected `{ch}` inside `[...]`; expected a quoted field name, an index, \
                     `*`, a slice or a filter `?(...)`"
                ),
            ))
        }
    };
    close_bracket(c, open)?;
    Ok(seg)
}

fn close_bracket(c: &mut Cursor<'_>, open: usize) -> Result<(), PathError> {
    c.skip_ws();
    if c.eat(']') {
        return Ok(());
    }
    if c.at_end() {
        return Err(c.error(open, "`[` is not closed"));
    }
    Err(c.error(c.pos, format!("expected `]`, found {}", c.describe_next())))
}

/// Reads a quoted name: `'...'` or `"..."`, where a backslash escapes the next char.
fn quoted(c: &mut Cursor<'_>) -> Result<String, PathError> {
    let open = c.pos;
    let quote = c.bump().unwrap_or('\'');
    let mut out = String::new();
    loop {
        match c.bump() {
            None => {
                return Err(c.error(
                    open,
                    format!("the quoted name is not closed: missing `{quote}`"),
                ))
            }
            Some('\\') => match c.bump() {
                Some(e) => out.push(e),
                None => {
                    return Err(c.error(
                        open,
                        format!("the quoted name is not closed: missing `{quote}`"),
                    ))
                }
            },
            Some(ch) if ch == quote => return Ok(out),
            Some(ch) => out.push(ch),
        }
    }
}

/// Reads an index, a union of indexes or a slice (the cursor is at `-`, `:` or a digit).
fn numeric(c: &mut Cursor<'_>) -> Result<Segment, PathError> {
    let first = if c.peek() == Some(':') {
        None
    } else {
        Some(integer(c)?)
    };
    c.skip_ws();
    if c.eat(':') {
        c.skip_ws();
        let end = optional_integer(c)?;
        c.skip_ws();
        let mut step = None;
        if c.eat(':') {
            c.skip_ws();
            let at = c.pos;
            step = optional_integer(c)?;
            if step == Some(0) {
                return Err(c.error(at, "a slice step cannot be 0"));
            }
        }
        return Ok(Segment::Slice {
            start: first,
            end,
            step,
        });
    }
    let first = first.unwrap_or_default();
    if c.peek() != Some(',') {
        return Ok(Segment::Index(first));
    }
    let mut items = vec![Selector::Index(first)];
    while c.eat(',') {
        c.skip_ws();
        if !matches!(c.peek(), Some(ch) if ch == '-' || ch.is_ascii_digit()) {
            return Err(c.error(
                c.pos,
                format!("expected an index after `,`, found {}", c.describe_next()),
            ));
        }
        items.push(Selector::Index(integer(c)?));
        c.skip_ws();
    }
    Ok(Segment::Union(items))
}

fn optional_integer(c: &mut Cursor<'_>) -> Result<Option<i64>, PathError> {
    match c.peek() {
        Some(ch) if ch == '-' || ch.is_ascii_digit() => integer(c).map(Some),
        _ => Ok(None),
    }
}

/// Reads `-?[0-9]+` as an `i64`.
fn integer(c: &mut Cursor<'_>) -> Result<i64, PathError> {
    let start = c.pos;
    c.eat('-');
    let digits = c.take_while(|ch| ch.is_ascii_digit());
    if digits.is_empty() {
        return Err(c.error(
            c.pos,
            format!("expected a digit, found {}", c.describe_next()),
        ));
    }
    c.slice(start, c.pos)
        .parse()
        .map_err(|_| c.error(start, "the index is too large"))
}

/// Reads `(...)` up to the matching `)`, skipping parentheses inside quoted strings, and
/// returns the text between them. The cursor is at the `(`. Never recurses.
pub(super) fn balanced<'a>(c: &mut Cursor<'a>) -> Result<&'a str, PathError> {
    let open = c.pos;
    c.bump();
    let start = c.pos;
    let mut depth = 1usize;
    loop {
        match c.bump() {
            None => return Err(c.error(open, "`(` is not closed")),
            Some('(') => depth += 1,
            Some(')') => {
                depth -= 1;
                if depth == 0 {
                    return Ok(c.slice(start, c.pos - 1));
                }
            }
            Some(q @ ('\'' | '"')) => {
                let at = c.pos - 1;
                loop {
                    match c.bump() {
                        None => {
                            return Err(
                                c.error(at, format!("the string is not closed: missing `{q}`"))
                            )
                        }
                        Some('\\') => {
                            c.bump();
                        }
                        Some(ch) if ch == q => break,
                        Some(_) => {}
                    }
                }
            }
            Some(_) => {}
        }
    }
}
