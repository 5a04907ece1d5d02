//! What `asl!` hands to rustc about Rust types: the flows of a machine with `input: Type`
//! (and Tasks with `result_type: Type`) as constants, each path that reads them as a constant
//! check under the path's token, and typed payloads (`Resize { ... }`) as struct literals
//! rustc type-checks plus definition pieces joined at compile time under serde's names.

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use sfn_core::flow::{self, Expect, Flow, Kind, Step};
use sfn_core::json::{Node, Value as Json};

use super::lower::{origin_at, Lowered, Origin};

/// The code that checks a machine's types, and the definition as pieces when it has typed
/// payloads (`None`: the canonical JSON is used as it is).
pub(crate) struct Typed {
    pub checks: TokenStream,
    pub definition: Option<TokenStream>,
}

const PRIVATE: &str = "::sfn_runtime::__private";

fn rt() -> TokenStream {
    PRIVATE.parse().unwrap_or_default()
}

/// The span of the value at a JSON Pointer (or of its nearest ancestor).
fn span_at(origins: &HashMap<String, Origin>, pointer: &str) -> Span {
    origin_at(origins, pointer).map_or_else(Span::call_site, |o| o.value)
}

pub(crate) fn expand(lowered: &Lowered, root: &Node) -> Typed {
    let rt = rt();
    let mut checks = TokenStream::new();
    if lowered.input_type.is_some() || !lowered.result_types.is_empty() {
        checks.extend(flows(lowered, root, &rt));
    }
    let definition = if lowered.typed_payloads.is_empty() {
        None
    } else {
        checks.extend(struct_literals(lowered, root, &rt));
        Some(pieces(lowered, root, &rt))
    };
    Typed { checks, definition }
}

/// The shape of a type, under the type's tokens.
fn shape_of(ty: &TokenStream, rt: &TokenStream) -> TokenStream {
    let span = ty
        .clone()
        .into_iter()
        .last()
        .map_or_else(Span::call_site, |t| t.span());
    quote_spanned!(span=> <#ty as #rt::TaskInput>::SHAPE)
}

fn steps_tokens(steps: &[Step], rt: &TokenStream) -> TokenStream {
    let steps = steps.iter().map(|s| match s {
        Step::Field(f) => quote!(#rt::Step::Field(#f)),
        Step::Index(i) => quote!(#rt::Step::Index(#i)),
        Step::Each => quote!(#rt::Step::Each),
    });
    quote!(&[#(#steps),*])
}

fn flow_name(id: usize) -> syn::Ident {
    format_ident!("__SFN_FLOW_{}", id)
}

/// The flows as constants and a constant check per path.
fn flows(lowered: &Lowered, root: &Node, rt: &TokenStream) -> TokenStream {
    let typed: HashSet<String> = lowered.result_types.keys().cloned().collect();
    let payloads: HashSet<String> = lowered.typed_payloads.keys().cloned().collect();
    let analysis = flow::analyze(root, &typed, &payloads);
    // Which flows a type reaches: the others are not worth checking.
    let mut reach = vec![false; analysis.flows.len()];
    for (id, f) in analysis.flows.iter().enumerate() {
        reach[id] = match f {
            Flow::Unknown | Flow::Literal(_) => false,
            Flow::Input => lowered.input_type.is_some(),
            Flow::Result(p) => lowered.result_types.contains_key(p),
            Flow::Payload(p) => lowered.typed_payloads.contains_key(p),
            Flow::Set(a, _, b) => reach[*a] || reach[*b],
            Flow::At(a, _) => reach[*a],
            Flow::Object(_, members) => members.iter().any(|(_, m)| reach[*m]),
        };
    }
    let mut out = TokenStream::new();
    // Only the flows the checks need, with their parts.
    let mut needed = vec![false; analysis.flows.len()];
    let mut stack: Vec<usize> = analysis
        .checks
        .iter()
        .filter(|c| reach[c.flow])
        .map(|c| c.flow)
        .collect();
    while let Some(id) = stack.pop() {
        if std::mem::replace(&mut needed[id], true) {
            continue;
        }
        match &analysis.flows[id] {
            Flow::Set(a, _, b) => stack.extend([*a, *b]),
            Flow::At(a, _) => stack.push(*a),
            Flow::Object(_, members) => stack.extend(members.iter().map(|(_, m)| *m)),
            _ => {}
        }
    }
    for (id, f) in analysis.flows.iter().enumerate() {
        if !needed[id] {
            continue;
        }
        let name = flow_name(id);
        let value = match f {
            Flow::Unknown => quote!(#rt::Flow::Unknown),
            Flow::Input => match &lowered.input_type {
                Some(ty) => {
                    let shape = shape_of(ty, rt);
                    quote!(#rt::Flow::Of(#shape))
                }
                None => quote!(#rt::Flow::Unknown),
            },
            Flow::Payload(p) => match lowered.typed_payloads.get(p) {
                Some(ty) => {
                    let shape = shape_of(ty, rt);
                    quote!(#rt::Flow::Of(#shape))
                }
                None => quote!(#rt::Flow::Unknown),
            },
            Flow::Result(p) => match lowered.result_types.get(p) {
                Some(ty) => {
                    let shape = shape_of(ty, rt);
                    quote!(#rt::Flow::Of(#shape))
                }
                None => quote!(#rt::Flow::Unknown),
            },
            Flow::Literal(kind) => {
                let shape = match kind {
                    Kind::String => quote!(#rt::Shape::String),
                    Kind::Integer => quote!(#rt::Shape::Integer),
                    Kind::Number => quote!(#rt::Shape::Number),
                    Kind::Bool => quote!(#rt::Shape::Bool),
                    Kind::Null => quote!(#rt::Shape::Null),
                    Kind::List => quote!(#rt::Shape::List(&#rt::Shape::Any)),
                };
                quote!(#rt::Flow::Of(&#shape))
            }
            Flow::Set(a, path, b) => {
                let (a, b) = (flow_name(*a), flow_name(*b));
                quote!(#rt::Flow::Set(#a, &[#(#path),*], #b))
            }
            Flow::At(a, steps) => {
                let a = flow_name(*a);
                let steps = steps_tokens(steps, rt);
                quote!(#rt::Flow::At(#a, #steps))
            }
            Flow::Object(builder, members) => {
                let members = members.iter().map(|(k, m)| {
                    let m = flow_name(*m);
                    quote!((#k, #m))
                });
                quote!(#rt::Flow::Object(#builder, &[#(#members),*]))
            }
        };
        out.extend(quote! {
            #[allow(non_upper_case_globals)]
            const #name: &#rt::Flow = &#value;
        });
    }
    for c in &analysis.checks {
        if !reach[c.flow] {
            continue;
        }
        let span = span_at(&lowered.origins, &c.pointer);
        let flow = flow_name(c.flow);
        let text = &c.text;
        let steps = steps_tokens(&c.steps, rt);
        // A path given to a field of a typed payload must fit the field's type.
        let field = c
            .pointer
            .rsplit_once('/')
            .filter(|_| c.whole)
            .and_then(|(parent, key)| {
                let ty = lowered.typed_payloads.get(parent)?;
                let key = sfn_core::json::unescape_pointer_token(key);
                let rust = key.strip_suffix(".$").unwrap_or(&key).to_string();
                Some((ty, rust))
            });
        // The paths are written out (not interpolated) so that the call, whose span the
        // compiler reports a failed evaluation under, is the path's token.
        let call = match (field, &c.expect) {
            _ if c.jsonata => {
                quote_spanned!(span=> ::sfn_runtime::__private::check_jsonata_path(#flow, #text, #steps))
            }
            (Some((ty, rust)), _) => {
                let shape = shape_of(ty, rt);
                quote_spanned!(span=> ::sfn_runtime::__private::check_field_path(#flow, #text, #steps, #shape, #rust))
            }
            (None, Some((name, expect))) => {
                let wanted = expect_shape(expect, rt);
                let what = format!("`{name}`");
                quote_spanned!(span=> ::sfn_runtime::__private::check_path(#flow, #text, #steps, #rt::Expect::Shape(&#wanted), #what))
            }
            (None, None) => {
                quote_spanned!(span=> ::sfn_runtime::__private::check_path(#flow, #text, #steps, #rt::Expect::Any, ""))
            }
        };
        out.extend(quote_spanned!(span=> const _: () = #call;));
    }
    out
}

fn expect_shape(e: &Expect, rt: &TokenStream) -> TokenStream {
    match e {
        Expect::String => quote!(#rt::Shape::String),
        Expect::Integer => quote!(#rt::Shape::Integer),
        Expect::Number => quote!(#rt::Shape::Number),
        Expect::Bool => quote!(#rt::Shape::Bool),
        Expect::Object => quote!(#rt::Shape::Map(&#rt::Shape::Any)),
        Expect::List(item) => {
            let item = expect_shape(item, rt);
            quote!(#rt::Shape::List(&#item))
        }
    }
}

/// A never-called function holding each typed payload as a struct literal, so that rustc
/// checks its fields (unknown, missing, a literal of the wrong kind) under the tokens.
fn struct_literals(lowered: &Lowered, root: &Node, rt: &TokenStream) -> TokenStream {
    let mut lets = TokenStream::new();
    for (pointer, ty) in &lowered.typed_payloads {
        // Nested payloads are checked inside their parent's literal.
        let nested = pointer
            .rsplit_once('/')
            .is_some_and(|(parent, _)| lowered.typed_payloads.contains_key(parent));
        if nested {
            continue;
        }
        let node = sfn_core::json::lookup(root, pointer);
        let literal = struct_literal(lowered, node, pointer, ty, rt, 0);
        lets.extend(quote!(let _: #ty = #literal;));
    }
    quote! {
        #[allow(dead_code, unreachable_code, clippy::all)]
        fn __sfn_typed_payloads() {
            #lets
        }
    }
}

fn struct_literal(
    lowered: &Lowered,
    node: &Node,
    pointer: &str,
    ty: &TokenStream,
    rt: &TokenStream,
    depth: usize,
) -> TokenStream {
    let mut fields = TokenStream::new();
    for m in node.as_object().unwrap_or_default() {
        let here = sfn_core::json::child_pointer(pointer, &m.key);
        let origin = lowered.origins.get(&here);
        let key_span = origin.and_then(|o| o.key).unwrap_or_else(Span::call_site);
        let (name, is_path) = match m.key.strip_suffix(".$") {
            Some(n) => (n, true),
            None => (m.key.as_str(), false),
        };
        // A field name: an identifier, or a keyword written `r#type`. Anything else (a string
        // key such as "a-b") is no field of a struct.
        let ident = if syn::parse_str::<syn::Ident>(name).is_ok() {
            syn::Ident::new(name, key_span)
        } else if syn::parse_str::<syn::Ident>(&format!("r#{name}")).is_ok() {
            syn::Ident::new_raw(name, key_span)
        } else {
            let message = format!("`{name}` is not a field name: a typed payload's fields are the struct's fields, written as identifiers");
            return quote_spanned!(key_span=> { ::core::compile_error!(#message); #ty { #fields } });
        };
        let value = if is_path {
            let span = origin.map_or_else(Span::call_site, |o| o.value);
            quote_spanned!(span=> ::sfn_runtime::__private::lit::path())
        } else {
            literal_value(lowered, &m.value, &here, rt, depth + 1)
        };
        // A flattened field's keys join the payload's: it takes a struct literal, which is
        // checked under every other value.
        let value = if lowered.typed_payloads.contains_key(&here) {
            value
        } else {
            let span = origin.map_or_else(Span::call_site, |o| o.value);
            let given = match m.value.as_str() {
                Some(path) if is_path => format!("`{path}`"),
                _ => "a value".to_string(),
            };
            let shape = shape_of(ty, rt);
            quote_spanned!(span=> {
                const _: () = ::sfn_runtime::__private::check_not_flattened(#shape, #name, #given);
                #value
            })
        };
        fields.extend(quote!(#ident: #value,));
    }
    quote!(#ty { #fields })
}

/// A literal value as an expression of the field's type.
fn literal_value(
    lowered: &Lowered,
    node: &Node,
    pointer: &str,
    rt: &TokenStream,
    depth: usize,
) -> TokenStream {
    let span = span_at(&lowered.origins, pointer);
    if depth > 64 {
        return quote_spanned!(span=> ::sfn_runtime::__private::lit::path());
    }
    if let Some(ty) = lowered.typed_payloads.get(pointer) {
        let literal = struct_literal(lowered, node, pointer, ty, rt, depth + 1);
        return quote_spanned!(span=> ::core::convert::From::from(#literal));
    }
    match &node.value {
        // A JSONata expression: its value is known when the state runs.
        Json::String(s) if s.starts_with("{%") && s.ends_with("%}") => {
            quote_spanned!(span=> ::sfn_runtime::__private::lit::path())
        }
        Json::String(s) => quote_spanned!(span=> ::sfn_runtime::__private::lit::string(#s)),
        Json::Number(n) => {
            let text = n.as_str();
            if n.is_integer_literal() {
                match text.parse::<i128>() {
                    Ok(i) => quote_spanned!(span=> ::sfn_runtime::__private::lit::integer(#i)),
                    Err(_) => quote_spanned!(span=> ::sfn_runtime::__private::lit::number(0.0)),
                }
            } else {
                quote_spanned!(span=> ::sfn_runtime::__private::lit::number(0.0))
            }
        }
        Json::Bool(b) => quote_spanned!(span=> ::sfn_runtime::__private::lit::boolean(#b)),
        Json::Null => quote_spanned!(span=> ::sfn_runtime::__private::lit::null()),
        Json::Array(items) => {
            let items = items.iter().enumerate().map(|(i, item)| {
                literal_value(lowered, item, &format!("{pointer}/{i}"), rt, depth + 1)
            });
            quote_spanned!(span=> ::sfn_runtime::__private::lit::list([#(#items),*]))
        }
        Json::Object(_) => quote_spanned!(span=> ::sfn_runtime::__private::lit::object()),
    }
}

/// The marker a typed payload is replaced with in the canonical JSON, before splitting.
fn marker(i: usize) -> String {
    format!("\u{1}sfn-typed-{i}\u{1}")
}

/// The definition as pieces: the canonical JSON around each typed payload, and each payload
/// as its fields, joined at compile time under the type's serde names.
fn pieces(lowered: &Lowered, root: &Node, rt: &TokenStream) -> TokenStream {
    // The outermost typed payloads, replaced by markers.
    let outer: Vec<&String> = lowered
        .typed_payloads
        .keys()
        .filter(|p| {
            !lowered
                .typed_payloads
                .keys()
                .any(|q| q != *p && p.starts_with(&format!("{q}/")))
        })
        .collect();
    let mut marked = root.clone();
    let mut markers = BTreeMap::new();
    for (i, p) in outer.iter().enumerate() {
        if let Some(n) = sfn_core::json::lookup_mut(&mut marked, p) {
            *n = Node::new(Json::String(marker(i)));
            markers.insert(i, *p);
        }
    }
    let text = match sfn_core::to_model(&marked) {
        Ok(machine) => sfn_core::canonical_json(&machine),
        Err(_) => return quote!(compile_error!("a typed payload could not be placed")),
    };
    let mut parts = Vec::new();
    let mut rest = text.as_str();
    loop {
        // The earliest marker left.
        let next = markers
            .iter()
            .filter_map(|(i, p)| {
                let m = serde_json::to_string(&marker(*i)).unwrap_or_default();
                rest.find(&m).map(|at| (at, m.len(), *p))
            })
            .min_by_key(|(at, _, _)| *at);
        match next {
            Some((at, len, p)) => {
                let head = &rest[..at];
                parts.push(quote!(#rt::Piece::Text(#head)));
                parts.push(typed_piece(lowered, root, p, rt, 0));
                rest = &rest[at + len..];
            }
            None => {
                parts.push(quote!(#rt::Piece::Text(#rest)));
                break;
            }
        }
    }
    quote! {{
        const PIECES: &[#rt::Piece] = &[#(#parts),*];
        const LEN: usize = #rt::joined_len(PIECES);
        const BYTES: [u8; LEN] = #rt::join::<LEN>(PIECES);
        #rt::joined_str(&BYTES)
    }}
}

/// A typed payload as a piece: its fields with their Rust names, joined under serde's.
fn typed_piece(
    lowered: &Lowered,
    root: &Node,
    pointer: &str,
    rt: &TokenStream,
    depth: usize,
) -> TokenStream {
    let Some(ty) = lowered.typed_payloads.get(pointer) else {
        return quote!(#rt::Piece::Text("null"));
    };
    let shape = shape_of(ty, rt);
    let node = sfn_core::json::lookup(root, pointer);
    let fields = node.as_object().unwrap_or_default().iter().map(|m| {
        let here = sfn_core::json::child_pointer(pointer, &m.key);
        let (name, is_path) = match m.key.strip_suffix(".$") {
            Some(n) => (n, true),
            None => (m.key.as_str(), false),
        };
        let value = value_pieces(lowered, root, &m.value, &here, rt, depth + 1);
        quote!((#name, #is_path, &[#(#value),*]))
    });
    quote!(#rt::Piece::Typed(#shape, &[#(#fields),*]))
}

/// The pieces of a value inside a typed payload: JSON text, with nested typed payloads.
fn value_pieces(
    lowered: &Lowered,
    root: &Node,
    node: &Node,
    pointer: &str,
    rt: &TokenStream,
    depth: usize,
) -> Vec<TokenStream> {
    if depth > 64 {
        return vec![quote!(#rt::Piece::Text("null"))];
    }
    if lowered.typed_payloads.contains_key(pointer) {
        return vec![typed_piece(lowered, root, pointer, rt, depth + 1)];
    }
    let nested = lowered
        .typed_payloads
        .keys()
        .any(|p| p.starts_with(&format!("{pointer}/")));
    if !nested {
        let text = serde_json::to_string(&node.to_serde()).unwrap_or_default();
        return vec![quote!(#rt::Piece::Text(#text))];
    }
    // A plain object or array holding typed payloads.
    let mut out = Vec::new();
    match &node.value {
        Json::Object(members) => {
            out.push(quote!(#rt::Piece::Text("{")));
            for (i, m) in members.iter().enumerate() {
                let here = sfn_core::json::child_pointer(pointer, &m.key);
                let key = serde_json::to_string(&m.key).unwrap_or_default();
                let head = if i == 0 {
                    format!("{key}:")
                } else {
                    format!(",{key}:")
                };
                out.push(quote!(#rt::Piece::Text(#head)));
                out.extend(value_pieces(lowered, root, &m.value, &here, rt, depth + 1));
            }
            out.push(quote!(#rt::Piece::Text("}")));
        }
        Json::Array(items) => {
            out.push(quote!(#rt::Piece::Text("[")));
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(quote!(#rt::Piece::Text(",")));
                }
                out.extend(value_pieces(
                    lowered,
                    root,
                    item,
                    &format!("{pointer}/{i}"),
                    rt,
                    depth + 1,
                ));
            }
            out.push(quote!(#rt::Piece::Text("]")));
        }
        _ => {}
    }
    out
}
