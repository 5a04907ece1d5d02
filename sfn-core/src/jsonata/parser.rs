//! The syntax tree of a JSONata expression and the parser that builds it.
//!
//! The checker is a tokenizer and a Pratt (top-down operator precedence) parser. Binding
//! powers, from the JSONata operator table, strongest first:
//!
//! | power | operators |
//! | --- | --- |
//! | 80 | `[` (predicate), `(` (call), `@` (focus), `#` (index) |
//! | 75 | `.` (map / path step) |
//! | 70 | `{` (grouping), unary `-` |
//! | 60 | `*` `/` `%` |
//! | 50 | `+` `-` `&` |
//! | 40 | `=` `!=` `<` `<=` `>` `>=` `in` `~>` `^(` (order-by) `?:` `??` |
//! | 30 | `and` |
//! | 25 | `or` |
//! | 20 | `? :` (conditional; the `: else` part is optional) |
//! | 10 | `:=` (right associative) |
//!
//! All binary operators are left associative except `:=`. The range operator `..` is only
//! valid directly inside an array constructor. A `/` where an operand is expected starts a
//! regular expression literal `/.../flags`; after an operand it divides. Like JSONata, a `/`
//! right after an opening `(`, `[`, `{`, `|` or unary `-` is division (so `(/a/)` is an
//! error) and a `/` right after the closing `]` of `[]`, `)` of an order-by, `}` of a
//! function body or `|` of a transform starts a regular expression.
//!
//! Besides the grammar, [`parse`] reports what JSONata itself rejects when it compiles an
//! expression: literals used as path steps (`a.1`), a predicate after a grouping on a step
//! that is not a path (`$x{...}[0]`), two groupings on one step, `@$x` after a predicate or
//! an order-by, a `%` with no parent step to refer to (`$f(%)`), invalid regular
//! expressions (nothing to repeat, unbalanced groups, ranges out of order), and flags other
//! than `i` and `m`. Function signatures (`<n-n:n>`) are checked for their characters and
//! brackets, which is stricter than JSONata's compiler (it defers such errors to the call).
//! `?:` and `??` are JSONata 2.1 operators, which the lexer refuses: Step Functions runs
//! JSONata 2.0.6.

use super::lexer::{Lexer, Tk, Token};
use super::JsonataError;
use super::{coded, error};

/// Deepest nesting of sub-expressions that [`parse`] accepts. Deeper input is reported as an
/// error instead of risking the stack.
///
/// ```
/// use sfn_core::jsonata::{parse, MAX_DEPTH};
///
/// let nested = |depth| format!("{}1{}", "(".repeat(depth), ")".repeat(depth));
/// assert!(parse(&nested(MAX_DEPTH + 1)).is_err());
/// assert!(parse("((1))").is_ok());
/// ```
pub const MAX_DEPTH: usize = 200;

/// Left binding power of a token in operator position; 0 ends an expression.
fn lbp(kind: Tk) -> u8 {
    match kind {
        Tk::LBracket | Tk::LParen | Tk::At | Tk::Hash => 80,
        Tk::Dot => 75,
        Tk::LBrace => 70,
        Tk::Star | Tk::Slash | Tk::Percent => 60,
        Tk::Plus | Tk::Minus | Tk::Amp => 50,
        Tk::Eq | Tk::Ne | Tk::Lt | Tk::Le | Tk::Gt | Tk::Ge | Tk::In | Tk::Chain | Tk::Caret => 40,
        Tk::And => 30,
        Tk::Or => 25,
        Tk::Question => 20,
        Tk::Assign => 10,
        _ => 0,
    }
}

fn symbol(kind: Tk) -> &'static str {
    match kind {
        Tk::RParen => ")",
        Tk::RBracket => "]",
        Tk::RBrace => "}",
        Tk::Comma => ",",
        Tk::Semi => ";",
        Tk::Pipe => "|",
        Tk::Colon => ":",
        _ => "?",
    }
}

// ---------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------

pub(crate) type Id = usize;

/// A literal and its value: numbers as `f64`, strings unescaped, regular expressions as
/// their pattern and flags.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Number(f64),
    String(String),
    Bool(bool),
    Null,
    Regex { pattern: String, flags: String },
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Lit(Lit),
    Name(String),
    Var(String),
    Wildcard,
    Descendants,
    Parent,
    Placeholder,
    Neg(Id),
    Binary(Tk, Id, Id),
    Path(Id, Id),
    Bind(Id, Id),
    Condition(Id, Id, Option<Id>),
    Block(Vec<Id>),
    Array(Vec<Id>),
    Range(Id, Id),
    Object(Option<Id>, Vec<(Id, Id)>),
    Predicate(Id, Option<Id>),
    Call(Id, Vec<Id>),
    /// Parameters, body, and the signature's text (`<n-n:n>`) when there is one.
    #[cfg_attr(not(feature = "eval"), allow(dead_code))]
    Lambda(Vec<Id>, Id, Option<String>),
    /// The sorted steps and the terms, each with `true` when descending (`>`).
    Sort(Id, Vec<(Id, bool)>),
    Focus(Id, Id),
    Index(Id, Id),
    Transform(Id, Id, Option<Id>),
}

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(super) pos: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
}

/// A parsed JSONata expression. Nodes live in one vector and refer to each other by index,
/// so even very long operator chains are dropped and walked without recursion.
///
/// Read it through [`free_variables`](super::free_variables),
/// [`free_variable_uses`](super::free_variable_uses) and
/// [`top_level_reference`](super::top_level_reference).
///
/// ```
/// use sfn_core::jsonata::{free_variables, parse};
///
/// let ast = parse("$count($states.input.items)").unwrap();
/// assert_eq!(free_variables(&ast), [("states".to_string(), 7)]);
/// ```
#[derive(Debug, Clone)]
pub struct Ast {
    pub(super) nodes: Vec<Node>,
    pub(super) root: Id,
    /// Added to every reported offset (the template prefix for [`parse_template`](super::parse_template)).
    pub(super) base: usize,
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/// Parses one JSONata expression and returns its syntax tree, or the first syntax error with
/// its byte offset in `expr`.
///
/// ```
/// use sfn_core::jsonata::parse;
///
/// assert!(parse("$states.input.items[price > 100].{'id': id, 'total': price * qty}").is_ok());
/// assert!(parse("$uppercase($states.input.name) & '!'").is_ok());
///
/// let e = parse("$states.input.a.1").unwrap_err();
/// assert_eq!(e.offset, 16);
/// ```
pub fn parse(expr: &str) -> Result<Ast, JsonataError> {
    let mut lex = Lexer { src: expr, pos: 0 };
    let tok = lex.next()?;
    let mut p = Parser {
        lex,
        tok,
        prev: None,
        no_regex: false,
        regex_after_closer: false,
        nodes: Vec::new(),
        depth: 0,
    };
    let root = p.expr(0)?;
    if p.tok.kind != Tk::Eof {
        return Err(p.unexpected_after_expression());
    }
    check_parents(&p.nodes, root)?;
    Ok(Ast {
        nodes: p.nodes,
        root,
        base: 0,
    })
}

#[derive(Debug)]
struct Parser<'a> {
    lex: Lexer<'a>,
    tok: Token,
    prev: Option<Token>,
    /// Set right after an opening `(`, `[`, `{`, `-` or `|` in prefix position, where
    /// JSONata reads a `/` as division, so no regular expression can start there.
    no_regex: bool,
    /// Set right after the `]` of a keep-array `[]`, the `)` of an order-by, the `}` of a
    /// function body and the last `|` of a transform, where JSONata reads a `/` as the
    /// start of a regular expression, not as division.
    regex_after_closer: bool,
    nodes: Vec<Node>,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn text(&self, t: Token) -> &'a str {
        self.lex.src.get(t.start..t.end).unwrap_or("")
    }

    fn describe(&self, t: Token) -> String {
        if t.kind == Tk::Eof {
            return "end of expression".to_string();
        }
        let text = self.text(t);
        let mut shown: String = text.chars().take(24).collect();
        if shown.len() < text.len() {
            shown.push('…');
        }
        format!("`{shown}`")
    }

    fn advance(&mut self) -> Result<Token, JsonataError> {
        let t = self.tok;
        self.prev = Some(t);
        self.no_regex = false;
        self.regex_after_closer = false;
        self.tok = self.lex.next()?;
        Ok(t)
    }

    fn push(&mut self, pos: usize, kind: Kind) -> Id {
        let end = self.prev.map_or(pos, |p| p.end);
        self.nodes.push(Node { pos, end, kind });
        self.nodes.len() - 1
    }

    fn node(&self, id: Id) -> Option<&Node> {
        self.nodes.get(id)
    }

    fn pos(&self, id: Id) -> usize {
        self.node(id).map_or(0, |n| n.pos)
    }

    /// Whether `id` is a field name or a path, which JSONata groups as a whole, possibly
    /// with predicates on its last step.
    fn is_path(&self, mut id: Id) -> bool {
        loop {
            match self.node(id).map(|n| &n.kind) {
                Some(Kind::Name(_) | Kind::Path(..)) => return true,
                Some(Kind::Predicate(inner, _)) => id = *inner,
                _ => return false,
            }
        }
    }

    /// Whether the path that ends at `id` already has a grouping `{...}`.
    fn has_group(&self, mut id: Id) -> bool {
        loop {
            match self.node(id).map(|n| &n.kind) {
                Some(Kind::Object(Some(_), _)) => return true,
                Some(
                    Kind::Path(inner, _)
                    | Kind::Predicate(inner, _)
                    | Kind::Sort(inner, _)
                    | Kind::Focus(inner, _)
                    | Kind::Index(inner, _),
                ) => id = *inner,
                _ => return false,
            }
        }
    }

    fn is_var(&self, id: Id) -> bool {
        matches!(self.node(id).map(|n| &n.kind), Some(Kind::Var(_)))
    }

    /// Consumes the closing `want` of `open`, or reports what was found instead.
    fn close(&mut self, want: Tk, open: Token, sep: Option<Tk>) -> Result<(), JsonataError> {
        if self.tok.kind == want {
            self.advance()?;
            return Ok(());
        }
        let what = match sep {
            Some(s) if self.tok.kind != Tk::Eof => {
                format!("`{}` or `{}`", symbol(s), symbol(want))
            }
            _ => format!("`{}`", symbol(want)),
        };
        Err(self.expected(
            &format!("{what} to close `{}`", self.text(open)),
            Some(open.start),
        ))
    }

    /// "expected {what} [at offset {at}], found {current token}", at the current token.
    #[cold]
    #[inline(never)]
    fn expected(&self, what: &str, at: Option<usize>) -> JsonataError {
        let at = at.map_or(String::new(), |a| format!(" at offset {a}"));
        // JSONata: "Expected X, got Y" (S0202), "Expected X before end of expression" (S0203).
        let code = if self.tok.kind == Tk::Eof {
            "S0203"
        } else {
            "S0202"
        };
        coded(
            code,
            self.tok.start,
            format!("expected {what}{at}, found {}", self.describe(self.tok)),
        )
    }

    #[cold]
    #[inline(never)]
    fn slash_after_closer(&self) -> JsonataError {
        let closer = self.prev.map_or_else(String::new, |p| self.describe(p));
        error(
            self.tok.start,
            format!("JSONata reads a `/` right after this {closer} as the start of a regular expression; to divide, put the left operand in parentheses, as in `(a[]) / 2`"),
        )
    }

    #[cold]
    #[inline(never)]
    fn expected_expression(&self, t: Token) -> JsonataError {
        let found = self.describe(t);
        let message = match self.prev {
            None if t.kind == Tk::Eof => "empty expression".to_string(),
            None => format!("expected an expression, found {found}"),
            Some(p) => {
                let mut m = format!(
                    "expected an expression after {}, found {found}",
                    self.describe(p)
                );
                if p.end == t.start {
                    match (p.kind, t.kind) {
                        (Tk::Eq, Tk::Eq) => m.push_str(" (JSONata compares with a single `=`)"),
                        (Tk::Amp, Tk::Amp) => m.push_str(" (use `and` for a logical and)"),
                        _ => {}
                    }
                }
                m
            }
        };
        // JSONata: "Unexpected end of expression" (S0207), "The symbol X cannot be used as a
        // unary operator" (S0211).
        let code = if t.kind == Tk::Eof { "S0207" } else { "S0211" };
        coded(code, t.start, message)
    }

    #[cold]
    #[inline(never)]
    fn unexpected_after_expression(&self) -> JsonataError {
        let t = self.tok;
        let found = self.describe(t);
        let message = match t.kind {
            Tk::RParen | Tk::RBracket | Tk::RBrace => {
                format!("unmatched {found}: there is no opening bracket for it")
            }
            Tk::Semi => {
                "`;` may only separate expressions inside a block `( ...; ... )`".to_string()
            }
            Tk::DotDot => "the range operator `..` is only allowed inside an array constructor such as `[1..5]`".to_string(),
            Tk::Pipe if self.lex.at(t.end) == Some(b'|') => {
                "unexpected `||`: use `or` for a logical or".to_string()
            }
            _ => format!("expected an operator or the end of the expression, found {found}"),
        };
        error(t.start, message)
    }

    fn expr(&mut self, rbp: u8) -> Result<Id, JsonataError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        let result = self.expr_inner(rbp);
        self.depth -= 1;
        result
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self) -> JsonataError {
        error(
            self.tok.start,
            format!("expression is nested too deeply (more than {MAX_DEPTH} levels)"),
        )
    }

    fn expr_inner(&mut self, rbp: u8) -> Result<Id, JsonataError> {
        let mut left = self.nud()?;
        while rbp < lbp(self.tok.kind) {
            left = self.led(left)?;
        }
        Ok(left)
    }

    /// An expression that starts at the current token (prefix position).
    fn nud(&mut self) -> Result<Id, JsonataError> {
        match self.tok.kind {
            Tk::Minus => self.negation(),
            Tk::LParen => self.block(),
            Tk::LBracket => self.array(),
            Tk::LBrace => self.object(None),
            Tk::Pipe => self.transform(),
            _ => self.terminal(),
        }
    }

    /// Unary minus, which binds like grouping (70).
    fn negation(&mut self) -> Result<Id, JsonataError> {
        let minus = self.advance()?;
        self.no_regex = true;
        let operand = self.expr(70)?;
        Ok(self.push(minus.start, Kind::Neg(operand)))
    }

    /// A single-token operand: literal, name, variable, wildcard, parent, regex.
    fn terminal(&mut self) -> Result<Id, JsonataError> {
        let t = self.tok;
        let kind = match t.kind {
            Tk::Number => Kind::Lit(Lit::Number(
                self.text(t).parse::<f64>().unwrap_or(f64::NAN),
            )),
            Tk::Str => Kind::Lit(Lit::String(unescape(
                self.lex.src.get(t.start + 1..t.end - 1).unwrap_or(""),
            ))),
            Tk::True => Kind::Lit(Lit::Bool(true)),
            Tk::False => Kind::Lit(Lit::Bool(false)),
            Tk::Null => Kind::Lit(Lit::Null),
            Tk::Name | Tk::And | Tk::Or | Tk::In => Kind::Name(self.text(t).to_string()),
            Tk::Quoted => Kind::Name(
                self.lex
                    .src
                    .get(t.start + 1..t.end - 1)
                    .unwrap_or("")
                    .to_string(),
            ),
            Tk::Var => Kind::Var(self.lex.src.get(t.start + 1..t.end).unwrap_or("").to_string()),
            Tk::Star => Kind::Wildcard,
            Tk::StarStar => Kind::Descendants,
            Tk::Percent => Kind::Parent,
            Tk::Slash if self.no_regex => {
                return Err(error(
                    t.start,
                    format!(
                        "a regular expression cannot start right after {}: JSONata reads this `/` as division",
                        self.prev.map_or_else(String::new, |p| self.describe(p))
                    ),
                ))
            }
            Tk::Slash => {
                self.tok = self.lex.regex(t.start)?;
                let text = self.text(self.tok);
                let close = text.rfind('/').unwrap_or(0);
                Kind::Lit(Lit::Regex {
                    pattern: text.get(1..close).unwrap_or("").to_string(),
                    flags: text.get(close + 1..).unwrap_or("").to_string(),
                })
            }
            Tk::Plus => {
                return Err(coded("S0211", 
                    t.start,
                    "`+` cannot be used as a unary operator; JSONata only has unary `-`",
                ))
            }
            _ => return Err(self.expected_expression(t)),
        };
        self.advance()?;
        Ok(self.push(t.start, kind))
    }

    /// Applies the operator at the current token to `left` (infix position). Each operator
    /// has its own function, so that a deep recursion only holds the frames it uses.
    fn led(&mut self, left: Id) -> Result<Id, JsonataError> {
        match self.tok.kind {
            Tk::Slash if self.regex_after_closer => Err(self.slash_after_closer()),
            Tk::Dot => self.led_path(left),
            Tk::LBracket => self.led_predicate(left),
            Tk::LBrace => self.led_group(left),
            Tk::LParen => self.call(left),
            Tk::At | Tk::Hash => self.led_focus(left),
            Tk::Question => self.led_condition(left),
            Tk::Assign => self.led_bind(left),
            Tk::Caret => self.led_sort(left),
            _ => self.led_binary(left),
        }
    }

    fn led_binary(&mut self, left: Id) -> Result<Id, JsonataError> {
        let op = self.advance()?;
        let rhs = self.expr(lbp(op.kind))?;
        Ok(self.push(self.pos(left), Kind::Binary(op.kind, left, rhs)))
    }

    fn led_path(&mut self, left: Id) -> Result<Id, JsonataError> {
        self.advance()?;
        let rhs = self.expr(lbp(Tk::Dot))?;
        self.check_step(left)?;
        self.check_step(rhs)?;
        Ok(self.push(self.pos(left), Kind::Path(left, rhs)))
    }

    fn led_predicate(&mut self, left: Id) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        let filter = if self.tok.kind == Tk::RBracket {
            self.advance()?;
            self.regex_after_closer = true;
            None
        } else {
            let mut step = left;
            while let Some(Kind::Predicate(inner, None)) = self.node(step).map(|n| &n.kind) {
                step = *inner;
            }
            if let Some(Kind::Object(Some(grouped), _)) = self.node(step).map(|n| &n.kind) {
                if !self.is_path(*grouped) {
                    return Err(coded("S0209", 
                        open.start,
                        "a predicate `[...]` cannot follow a grouping expression `{...}` on the same step",
                    ));
                }
            }
            let filter = self.expr(0)?;
            self.close(Tk::RBracket, open, None)?;
            Some(filter)
        };
        Ok(self.push(self.pos(left), Kind::Predicate(left, filter)))
    }

    fn led_group(&mut self, left: Id) -> Result<Id, JsonataError> {
        if self.has_group(left) {
            return Err(coded(
                "S0210",
                self.tok.start,
                "a path step can only have one grouping expression `{...}`",
            ));
        }
        self.object(Some(left))
    }

    /// `step@$var` and `step#$var`.
    fn led_focus(&mut self, left: Id) -> Result<Id, JsonataError> {
        let op = self.advance()?;
        let var = self.expr(lbp(op.kind))?;
        let focus = op.kind == Tk::At;
        if !self.is_var(var) {
            return Err(coded(
                "S0214",
                self.pos(var),
                if focus {
                    "expected a variable such as `$x` after `@`"
                } else {
                    "expected a variable such as `$x` after `#`"
                },
            ));
        }
        if !focus {
            return Ok(self.push(self.pos(left), Kind::Index(left, var)));
        }
        match self.node(left).map(|n| &n.kind) {
            Some(Kind::Predicate(_, Some(_))) => Err(coded(
                "S0215",
                op.start,
                "a focus variable `@$x` must come before any predicate `[...]` on the same step",
            )),
            Some(Kind::Sort(..)) => Err(coded(
                "S0216",
                op.start,
                "a focus variable `@$x` must come before an order-by `^(...)`",
            )),
            _ => Ok(self.push(self.pos(left), Kind::Focus(left, var))),
        }
    }

    /// `cond ? then` and `cond ? then : else`.
    fn led_condition(&mut self, left: Id) -> Result<Id, JsonataError> {
        self.advance()?;
        let then = self.expr(0)?;
        let otherwise = if self.tok.kind == Tk::Colon {
            self.advance()?;
            Some(self.expr(0)?)
        } else {
            None
        };
        Ok(self.push(self.pos(left), Kind::Condition(left, then, otherwise)))
    }

    /// `$var := value`, right associative.
    fn led_bind(&mut self, left: Id) -> Result<Id, JsonataError> {
        if !self.is_var(left) {
            return Err(coded(
                "S0212",
                self.tok.start,
                "the left side of `:=` must be a variable such as `$x`",
            ));
        }
        self.advance()?;
        let value = self.expr(lbp(Tk::Assign) - 1)?;
        Ok(self.push(self.pos(left), Kind::Bind(left, value)))
    }

    /// `steps^(<a, >b)`.
    fn led_sort(&mut self, left: Id) -> Result<Id, JsonataError> {
        self.advance()?;
        if self.tok.kind != Tk::LParen {
            return Err(self.expected("`(` after `^` (order-by)", None));
        }
        let open = self.advance()?;
        let mut terms = Vec::new();
        while self.tok.kind != Tk::Eof {
            let mut descending = false;
            if matches!(self.tok.kind, Tk::Lt | Tk::Gt) {
                descending = self.advance()?.kind == Tk::Gt;
            }
            terms.push((self.expr(0)?, descending));
            if self.tok.kind != Tk::Comma {
                break;
            }
            self.advance()?;
        }
        self.close(Tk::RParen, open, Some(Tk::Comma))?;
        self.regex_after_closer = true;
        Ok(self.push(self.pos(left), Kind::Sort(left, terms)))
    }

    /// Numbers, booleans and `null` cannot be steps of a path (`a.1`, `true.x`).
    fn check_step(&self, mut id: Id) -> Result<(), JsonataError> {
        while let Some(Kind::Predicate(inner, _) | Kind::Focus(inner, _) | Kind::Index(inner, _)) =
            self.node(id).map(|n| &n.kind)
        {
            id = *inner;
        }
        let literal = |id: Id| {
            matches!(
                self.node(id).map(|n| &n.kind),
                Some(Kind::Lit(Lit::Number(_) | Lit::Bool(_) | Lit::Null))
            )
        };
        // JSONata folds `-1` into a number literal.
        let negative_number = matches!(
            self.node(id).map(|n| &n.kind),
            Some(Kind::Neg(inner)) if matches!(self.node(*inner).map(|n| &n.kind), Some(Kind::Lit(Lit::Number(_))))
        );
        match self.node(id) {
            Some(n) if literal(id) || negative_number => Err(coded(
                "S0213",
                n.pos,
                format!(
                    "the literal `{}` cannot be used as a step in a path",
                    self.lex.src.get(n.pos..n.end).unwrap_or("")
                ),
            )),
            _ => Ok(()),
        }
    }

    /// `( e1; e2; ... )`: a trailing `;` and the empty block `()` are allowed.
    fn block(&mut self) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = true;
        let mut items = Vec::new();
        while !matches!(self.tok.kind, Tk::RParen | Tk::Eof) {
            items.push(self.expr(0)?);
            if self.tok.kind != Tk::Semi {
                break;
            }
            self.advance()?;
        }
        self.close(Tk::RParen, open, Some(Tk::Semi))?;
        Ok(self.push(open.start, Kind::Block(items)))
    }

    /// `[ a, b, c..d ]`.
    fn array(&mut self) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = true;
        let mut items = Vec::new();
        if self.tok.kind != Tk::RBracket {
            while self.tok.kind != Tk::Eof {
                let mut item = self.expr(0)?;
                if self.tok.kind == Tk::DotDot {
                    self.advance()?;
                    let high = self.expr(0)?;
                    let pos = self.pos(item);
                    item = self.push(pos, Kind::Range(item, high));
                }
                items.push(item);
                if self.tok.kind != Tk::Comma {
                    break;
                }
                self.advance()?;
            }
        }
        self.close(Tk::RBracket, open, Some(Tk::Comma))?;
        Ok(self.push(open.start, Kind::Array(items)))
    }

    /// `{ k: v, ... }`, on its own or grouping the path `lhs`.
    fn object(&mut self, lhs: Option<Id>) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = lhs.is_none();
        let mut pairs = Vec::new();
        if self.tok.kind != Tk::RBrace {
            while self.tok.kind != Tk::Eof {
                let key = self.expr(0)?;
                if self.tok.kind != Tk::Colon {
                    return Err(self.expected(
                        "`:` after the key in the object constructor `{`",
                        Some(open.start),
                    ));
                }
                self.advance()?;
                let value = self.expr(0)?;
                pairs.push((key, value));
                if self.tok.kind != Tk::Comma {
                    break;
                }
                self.advance()?;
            }
        }
        self.close(Tk::RBrace, open, Some(Tk::Comma))?;
        let pos = lhs.map_or(open.start, |l| self.pos(l));
        Ok(self.push(pos, Kind::Object(lhs, pairs)))
    }

    /// `| pattern | update [, delete] |`.
    fn transform(&mut self) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        self.no_regex = true;
        let pattern = self.expr(0)?;
        if self.tok.kind != Tk::Pipe {
            return Err(self.expected(
                "`|` after the pattern of the transform `|`",
                Some(open.start),
            ));
        }
        self.advance()?;
        let update = self.expr(0)?;
        let delete = if self.tok.kind == Tk::Comma {
            self.advance()?;
            Some(self.expr(0)?)
        } else {
            None
        };
        if self.tok.kind != Tk::Pipe {
            return Err(self.expected("`|` to end the transform started by `|`", Some(open.start)));
        }
        self.advance()?;
        self.regex_after_closer = true;
        Ok(self.push(open.start, Kind::Transform(pattern, update, delete)))
    }

    /// A call `f(a, ?, b)`, or a function definition `function($a, $b)<sig>{ body }`.
    fn call(&mut self, callee: Id) -> Result<Id, JsonataError> {
        let open = self.advance()?;
        let mut args = Vec::new();
        if self.tok.kind != Tk::RParen {
            while self.tok.kind != Tk::Eof {
                let arg = if self.tok.kind == Tk::Question {
                    let q = self.advance()?;
                    self.push(q.start, Kind::Placeholder)
                } else {
                    self.expr(0)?
                };
                args.push(arg);
                if self.tok.kind != Tk::Comma {
                    break;
                }
                self.advance()?;
            }
        }
        self.close(Tk::RParen, open, Some(Tk::Comma))?;
        let is_definition = matches!(
            self.node(callee).map(|n| &n.kind),
            Some(Kind::Name(n)) if n == "function" || n == "λ"
        );
        if is_definition {
            self.definition(callee, args)
        } else {
            Ok(self.push(self.pos(callee), Kind::Call(callee, args)))
        }
    }

    /// The rest of `function($a, $b)<sig>{ body }` after the parameter list.
    fn definition(&mut self, callee: Id, args: Vec<Id>) -> Result<Id, JsonataError> {
        let cpos = self.pos(callee);
        if let Some(&bad) = args.iter().find(|&&a| !self.is_var(a)) {
            return Err(coded(
                "S0208",
                self.pos(bad),
                "function parameters must be variables such as `$x`",
            ));
        }
        let mut signature = None;
        if self.tok.kind == Tk::Lt {
            let end = self.lex.signature(self.tok.start)?;
            signature = self.lex.src.get(self.tok.start..end).map(str::to_string);
            self.lex.pos = end;
            self.tok = self.lex.next()?;
        }
        if self.tok.kind != Tk::LBrace {
            return Err(self.expected("`{` to start the body of the function defined", Some(cpos)));
        }
        let body_open = self.advance()?;
        let body = self.expr(0)?;
        self.close(Tk::RBrace, body_open, None)?;
        self.regex_after_closer = true;
        Ok(self.push(cpos, Kind::Lambda(args, body, signature)))
    }
}

/// The value of a string literal's text (between its quotes), whose escapes the lexer has
/// checked: the JSON escapes, with `\uXXXX` surrogate pairs joined and a lone surrogate
/// replaced by U+FFFD.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let hex4 = |chars: &mut std::str::Chars<'_>| {
        let digits: String = chars.by_ref().take(4).collect();
        u32::from_str_radix(&digits, 16).unwrap_or(0xFFFD)
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hi = hex4(&mut chars);
                let code = if (0xD800..0xDC00).contains(&hi) && chars.as_str().starts_with("\\u") {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.next();
                    let lo = hex4(&mut ahead);
                    if (0xDC00..0xE000).contains(&lo) {
                        chars = ahead;
                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                    } else {
                        hi
                    }
                } else {
                    hi
                };
                out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The parent operator `%`
// ---------------------------------------------------------------------------------------------

const NO_PARENT: &str = "the parent operator `%` has nothing to refer to here: it needs an earlier field step in the same path, as in `Order.Product.%`";

/// A `%` still looking for its parent: how many field steps back, and where the `%` is.
type Slot = (u32, usize);

/// Checks that every `%` can find its parent among the path steps before it, as JSONata does
/// when it compiles an expression. Where JSONata's own rule is irregular (inside predicates,
/// grouping, order-by, `#`, `~>`, functions and transforms) nothing is reported.
fn check_parents(nodes: &[Node], root: Id) -> Result<(), JsonataError> {
    // Children are created before their parent, so one pass in index order sees every
    // child's open slots before the node that contains it.
    let mut open: Vec<Vec<Slot>> = vec![Vec::new(); nodes.len()];
    // Bounds the walks back along paths, so that thousands of `%` stay linear; past it the
    // remaining `%` are taken as resolved.
    let mut budget = nodes.len().saturating_mul(8).max(10_000);
    for (id, node) in nodes.iter().enumerate() {
        // Moves a child's open slots into `into`, keeping the larger vector.
        let mut take = |child: Id, into: &mut Vec<Slot>| {
            if let Some(slots) = open.get_mut(child) {
                if slots.len() > into.len() {
                    std::mem::swap(slots, into);
                }
                into.append(slots);
            }
        };
        let mut slots = Vec::new();
        match &node.kind {
            Kind::Parent => slots.push((1, node.pos)),
            Kind::Path(lhs, step) => {
                take(*lhs, &mut slots);
                let mut from_step = Vec::new();
                take(*step, &mut from_step);
                for (level, pos) in from_step {
                    match seek_parent(nodes, *lhs, level, &mut budget) {
                        Some(0) => {}
                        Some(rest) => slots.push((rest, pos)),
                        None => return Err(coded("S0217", pos, NO_PARENT)),
                    }
                }
            }
            Kind::Neg(a)
            | Kind::Predicate(a, _)
            | Kind::Focus(a, _)
            | Kind::Sort(a, _)
            | Kind::Object(Some(a), _) => take(*a, &mut slots),
            Kind::Binary(op, a, b) if *op != Tk::Chain => {
                take(*a, &mut slots);
                take(*b, &mut slots);
            }
            Kind::Range(a, b) | Kind::Bind(a, b) => {
                take(*a, &mut slots);
                take(*b, &mut slots);
            }
            Kind::Condition(a, b, c) => {
                for child in [Some(*a), Some(*b), *c].into_iter().flatten() {
                    take(child, &mut slots);
                }
            }
            Kind::Block(items) | Kind::Array(items) => {
                for &item in items {
                    take(item, &mut slots);
                }
            }
            Kind::Object(None, pairs) => {
                for &(k, v) in pairs {
                    take(k, &mut slots);
                    take(v, &mut slots);
                }
            }
            Kind::Call(_, args) => {
                for &arg in args {
                    take(arg, &mut slots);
                }
            }
            _ => {}
        }
        if let Some(entry) = open.get_mut(id) {
            *entry = slots;
        }
    }
    match open
        .get(root)
        .and_then(|slots| slots.iter().map(|&(_, pos)| pos).min())
    {
        Some(pos) => Err(coded("S0217", pos, NO_PARENT)),
        None => Ok(()),
    }
}

/// Walks the steps that end at `steps` backwards, each field step answering one level of a
/// `%` and each `%` step asking one more. Returns the levels still open after the first
/// step, or `None` when a step (a variable, a function call, `**`, an order-by...) has no
/// parent to give.
fn seek_parent(nodes: &[Node], steps: Id, mut level: u32, budget: &mut usize) -> Option<u32> {
    let mut queue = vec![steps];
    while level > 0 {
        if *budget == 0 {
            return Some(0);
        }
        *budget -= 1;
        let Some(mut id) = queue.pop() else { break };
        while let Some(
            Kind::Predicate(inner, _)
            | Kind::Focus(inner, _)
            | Kind::Index(inner, _)
            | Kind::Object(Some(inner), _),
        ) = nodes.get(id).map(|n| &n.kind)
        {
            id = *inner;
        }
        match nodes.get(id).map(|n| &n.kind) {
            Some(Kind::Path(lhs, step)) => {
                queue.push(*lhs);
                queue.push(*step);
            }
            Some(Kind::Name(_) | Kind::Wildcard | Kind::Lit(Lit::String(_))) => level -= 1,
            Some(Kind::Parent) => level = level.saturating_add(1),
            Some(Kind::Block(items)) => queue.extend(items.last()),
            _ => return None,
        }
    }
    Some(level)
}
