//! Rust tokens -> a syntax tree of the `asl!` language, keeping a span for every node.
//!
//! Only syntax here: what a key means (keyword or payload) is decided when lowering.

use std::ops::Range;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

/// A value as written.
pub(crate) enum Value {
    Str(LitStr),
    /// A number, as written (a leading `-` included).
    Number(String, Span),
    Bool(bool, Span),
    Null(Span),
    Array(Span, Vec<Value>),
    Object(Span, Vec<Member>),
    /// A bare identifier: a state name, a state type without braces, an enum value.
    Ident(Ident),
    /// `Name { ... }`: a state of type `Name`, or (in a payload) a struct literal.
    Typed(Ident, Vec<Member>),
    /// `a::b::Name` or `a::b::Name { ... }`: a Rust type, or a struct literal of it.
    TypePath(syn::Path, Option<Vec<Member>>),
    /// A path, `$.a.b[0]`, `$$.Task.Token`, `$var`, rendered as ASL text.
    Path(Text, Span),
    /// An intrinsic call, `States.Format("{}", $.a)`, rendered as ASL text.
    Call(Text, Span),
    /// A dotted name without a call: `States.ALL`.
    Dotted(String, Span),
}

impl Value {
    pub(crate) fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span(),
            Value::Ident(i) | Value::Typed(i, _) => i.span(),
            Value::TypePath(p, _) => p
                .segments
                .last()
                .map_or_else(Span::call_site, |s| s.ident.span()),
            Value::Number(_, s)
            | Value::Bool(_, s)
            | Value::Null(s)
            | Value::Array(s, _)
            | Value::Object(s, _)
            | Value::Path(_, s)
            | Value::Call(_, s)
            | Value::Dotted(_, s) => *s,
        }
    }
}

/// A path or an intrinsic call rendered as ASL text, with the token each part of the text
/// came from, so that a problem at a byte offset of the text is reported under its token.
#[derive(Clone, Default)]
pub(crate) struct Text {
    pub text: String,
    /// Byte ranges of `text`, in order and without overlap, each with the span of the token
    /// it was rendered from. Spaces put between words belong to no token.
    pieces: Vec<(Range<usize>, Span)>,
}

impl Text {
    /// Appends `s`, rendered from the token at `span`.
    fn push(&mut self, s: &str, span: Span) {
        if s.is_empty() {
            return;
        }
        let start = self.text.len();
        self.text.push_str(s);
        self.pieces.push((start..self.text.len(), span));
    }

    /// Appends `s`, which no token stands for (separators the rendering adds).
    fn push_plain(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Appends another rendered text, keeping its tokens.
    fn append(&mut self, other: Text) {
        let start = self.text.len();
        self.text.push_str(&other.text);
        self.pieces.extend(
            other
                .pieces
                .into_iter()
                .map(|(r, span)| (r.start + start..r.end + start, span)),
        );
    }

    /// The token under byte `offset` of the text: the one that covers it, else the next one
    /// (after a space between words), else the last one (at the end of the text).
    pub(crate) fn span_at(&self, offset: usize) -> Option<Span> {
        self.piece_at(offset).map(|(_, span)| *span)
    }

    fn piece_at(&self, offset: usize) -> Option<&(Range<usize>, Span)> {
        self.pieces
            .iter()
            .find(|(r, _)| offset < r.end)
            .or(self.pieces.last())
    }
}

/// `key: value`.
pub(crate) struct Member {
    pub key: Key,
    pub value: Value,
}

/// A key: an identifier or a string literal.
pub(crate) enum Key {
    Ident(Ident),
    Str(LitStr),
}

impl Key {
    pub(crate) fn text(&self) -> String {
        match self {
            Key::Ident(i) => unraw(i),
            Key::Str(s) => s.value(),
        }
    }
    pub(crate) fn span(&self) -> Span {
        match self {
            Key::Ident(i) => i.span(),
            Key::Str(s) => s.span(),
        }
    }
    pub(crate) fn is_ident(&self) -> bool {
        matches!(self, Key::Ident(_))
    }
}

/// An identifier's text without a `r#` prefix.
pub(crate) fn unraw(i: &Ident) -> String {
    let s = i.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

/// The whole macro input: the machine's fields.
pub(crate) struct Body {
    pub members: Vec<Member>,
    pub span: Span,
}

impl Parse for Body {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let span = input.span();
        Ok(Body {
            members: members(input)?,
            span,
        })
    }
}

/// `key: value, ...` up to the end of the stream.
fn members(input: ParseStream<'_>) -> syn::Result<Vec<Member>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        out.push(input.parse()?);
        if input.is_empty() {
            break;
        }
        input
            .parse::<Token![,]>()
            .map_err(|e| syn::Error::new(e.span(), "expected `,` between fields"))?;
    }
    Ok(out)
}

impl Parse for Member {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let lookahead = input.lookahead1();
        let key = if lookahead.peek(LitStr) {
            Key::Str(input.parse()?)
        } else if lookahead.peek(Ident::peek_any) {
            Key::Ident(input.call(syn::ext::IdentExt::parse_any)?)
        } else {
            return Err(lookahead.error());
        };
        if input.peek(Token![=]) {
            return Err(input.error("expected `:`; fields are written `name: value`"));
        }
        input.parse::<Token![:]>()?;
        let value = input.parse()?;
        Ok(Member { key, value })
    }
}

impl Parse for Value {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(Value::Str(input.parse()?));
        }
        if input.peek(syn::LitInt) || input.peek(syn::LitFloat) || input.peek(Token![-]) {
            return number(input);
        }
        if input.peek(syn::LitBool) {
            let b: syn::LitBool = input.parse()?;
            return Ok(Value::Bool(b.value, b.span));
        }
        if input.peek(Token![$]) {
            let span = input.span();
            return Ok(Value::Path(path_tokens(input)?, span));
        }
        if input.peek(syn::token::Bracket) {
            let content;
            let bracket = syn::bracketed!(content in input);
            let mut items = Vec::new();
            while !content.is_empty() {
                items.push(content.parse()?);
                if content.is_empty() {
                    break;
                }
                content.parse::<Token![,]>()?;
            }
            return Ok(Value::Array(bracket.span.join(), items));
        }
        if input.peek(syn::token::Brace) {
            let content;
            let brace = syn::braced!(content in input);
            return Ok(Value::Object(brace.span.join(), members(&content)?));
        }
        if input.peek(Ident::peek_any) {
            let ident: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            if ident == "null" {
                return Ok(Value::Null(ident.span()));
            }
            if input.peek(Token![.]) {
                return dotted(ident, input);
            }
            if input.peek(Token![::]) {
                let mut path = syn::Path::from(ident);
                while input.peek(Token![::]) {
                    path.segments.push_punct(input.parse::<Token![::]>()?);
                    path.segments
                        .push_value(syn::PathSegment::from(input.call(Ident::parse_any)?));
                }
                let fields = if input.peek(syn::token::Brace) {
                    let content;
                    syn::braced!(content in input);
                    Some(members(&content)?)
                } else {
                    None
                };
                return Ok(Value::TypePath(path, fields));
            }
            if input.peek(syn::token::Brace) {
                let content;
                syn::braced!(content in input);
                return Ok(Value::Typed(ident, members(&content)?));
            }
            return Ok(Value::Ident(ident));
        }
        if input.peek(syn::LitChar) {
            return Err(input.error("strings are written in double quotes: \"...\""));
        }
        Err(input.error(
            "expected a value: a string, a number, `true`, `false`, `null`, `[...]`, `{...}`, a path such as `$.a`, or an intrinsic call such as `States.Format(\"{}\", $.a)`",
        ))
    }
}

fn number(input: ParseStream<'_>) -> syn::Result<Value> {
    let span = input.span();
    let negative = input.parse::<Option<Token![-]>>()?.is_some();
    let digits = if input.peek(syn::LitInt) {
        let lit: syn::LitInt = input.parse()?;
        if !lit.suffix().is_empty() {
            return Err(syn::Error::new(
                lit.span(),
                "numbers take no type suffix here",
            ));
        }
        lit.base10_digits().to_string()
    } else if input.peek(syn::LitFloat) {
        let lit: syn::LitFloat = input.parse()?;
        if !lit.suffix().is_empty() {
            return Err(syn::Error::new(
                lit.span(),
                "numbers take no type suffix here",
            ));
        }
        lit.base10_digits().to_string()
    } else {
        return Err(input.error("expected a number after `-`"));
    };
    let text = if negative {
        format!("-{digits}")
    } else {
        digits
    };
    Ok(Value::Number(text, span))
}

/// `States.ALL` or `States.Format(...)`.
fn dotted(first: Ident, input: ParseStream<'_>) -> syn::Result<Value> {
    // Stable Rust cannot join spans: point at the function or error name, the part most
    // likely to be wrong.
    let mut span = first.span();
    let mut name = unraw(&first);
    while input.peek(Token![.]) {
        input.parse::<Token![.]>()?;
        let next: Ident = input.call(Ident::parse_any)?;
        name.push('.');
        name.push_str(&unraw(&next));
        span = next.span();
    }
    if input.peek(syn::token::Paren) {
        let content;
        let paren = syn::parenthesized!(content in input);
        let mut call = Text::default();
        call.push(&name, span);
        call.push("(", paren.span.join());
        let mut first = true;
        while !content.is_empty() {
            let arg: Value = content.parse()?;
            if !first {
                call.push_plain(", ");
            }
            first = false;
            call.append(render_argument(arg)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        call.push(")", paren.span.close());
        return Ok(Value::Call(call, span));
    }
    Ok(Value::Dotted(name, span))
}

/// An intrinsic argument in ASL's form.
fn render_argument(arg: Value) -> syn::Result<Text> {
    let mut text = Text::default();
    match arg {
        Value::Str(s) => text.push(&quote_string(&s.value()), s.span()),
        Value::Number(n, span) => text.push(&n, span),
        Value::Bool(b, span) => text.push(&b.to_string(), span),
        Value::Null(span) => text.push("null", span),
        Value::Path(p, _) | Value::Call(p, _) => text = p,
        other => {
            return Err(syn::Error::new(
                other.span(),
                "an intrinsic function argument is a string, a number, `true`, `false`, `null`, a path or another intrinsic call",
            ))
        }
    }
    Ok(text)
}

/// A Rust string as an ASL intrinsic string literal: single quotes, with `'` and `\`
/// escaped. Braces pass through, so `"{}"` stays a `States.Format` placeholder.
fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The tokens of a path, up to the next `,` at this level, as text.
fn path_tokens(input: ParseStream<'_>) -> syn::Result<Text> {
    let mut tokens = Vec::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        tokens.push(input.parse::<TokenTree>()?);
    }
    let mut out = Text::default();
    render(tokens, &mut out);
    Ok(out)
}

/// Renders tokens as compact text, with a space only where two words would run together.
fn render(tokens: impl IntoIterator<Item = TokenTree>, out: &mut Text) {
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '"';
    let space_before = |out: &mut Text, next: &str| {
        if out.text.chars().last().is_some_and(word) && next.chars().next().is_some_and(word) {
            out.push_plain(" ");
        }
    };
    for t in tokens {
        let text = match &t {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                space_before(out, open);
                // An error at the opening bracket is about the whole group: `[*]`.
                out.push(open, g.span());
                render(g.stream(), out);
                out.push(close, g.span_close());
                continue;
            }
            TokenTree::Ident(i) => i.to_string(),
            TokenTree::Punct(p) => p.as_char().to_string(),
            TokenTree::Literal(l) => l.to_string(),
        };
        space_before(out, &text);
        out.push(&text, t.span());
    }
}

/// Parses the macro input.
pub(crate) fn parse(input: TokenStream) -> syn::Result<Body> {
    syn::parse2(input)
}

#[cfg(test)]
mod tests {
    use super::{Text, Value};

    fn rendered(src: &str) -> Text {
        match syn::parse_str::<Value>(src) {
            Ok(Value::Path(text, _) | Value::Call(text, _)) => text,
            _ => panic!("{src:?} is not a path or a call"),
        }
    }

    /// The text of the token a problem at `offset` is reported under.
    fn token_at(text: &Text, offset: usize) -> &str {
        let (range, _) = text.piece_at(offset).expect("a token");
        &text.text[range.clone()]
    }

    #[test]
    fn paths_keep_the_token_of_each_part() {
        let t = rendered("$.a..b");
        assert_eq!(t.text, "$.a..b");
        let tokens: Vec<&str> = (0..t.text.len()).map(|i| token_at(&t, i)).collect();
        assert_eq!(tokens, ["$", ".", "a", ".", ".", "b"]);
        // Past the end: the last token.
        assert_eq!(token_at(&t, 6), "b");

        let t = rendered("$$.Execution.Id");
        assert_eq!(token_at(&t, 3), "Execution");

        // The opening bracket stands for the whole group.
        let t = rendered("$.items[1:2:0]");
        assert_eq!(t.text, "$.items[1:2:0]");
        assert_eq!(token_at(&t, 7), "[");
        assert_eq!(token_at(&t, 12), "0");
        assert_eq!(token_at(&t, 13), "]");
    }

    #[test]
    fn calls_keep_the_token_of_each_argument() {
        let t = rendered(r#"States.Format("{} of {}", $.n, States.MathAdd($.x, -1))"#);
        assert_eq!(
            t.text,
            "States.Format('{} of {}', $.n, States.MathAdd($.x, -1))"
        );
        assert_eq!(token_at(&t, 0), "States.Format");
        assert_eq!(token_at(&t, 14), "'{} of {}'");
        // The `, ` between arguments belongs to no token: the next argument is used.
        assert_eq!(token_at(&t, 24), "$");
        let add = t.text.find("States.MathAdd").unwrap();
        assert_eq!(token_at(&t, add), "States.MathAdd");
        let minus = t.text.find("-1").unwrap();
        assert_eq!(token_at(&t, minus), "-1");
        assert_eq!(token_at(&t, t.text.len() - 1), ")");
    }
}
