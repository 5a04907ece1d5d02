//! A machine's flows as constants, and a constant check per path that reads them.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use proc_macro2::{Delimiter, Group};
use quote::{quote, quote_spanned};
use sfn_core::flow::{self, Expect, Flow, Kind};
use sfn_core::json::Node;

use super::*;
use crate::asl::lower::Lowered;

/// The flows as constants and a constant check per path.
pub(super) fn flows(lowered: &Lowered, root: &Node, rt: &TokenStream) -> TokenStream {
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
        // The compiler reports a failed evaluation under the call: its name carries the
        // span of the path's first token and its arguments the span of the path's last, so
        // the whole path is underlined.
        let (start, end) = path_spans(lowered, &c.pointer, text).unwrap_or((span, span));
        let (name, args) = match (field, &c.expect) {
            _ if c.jsonata => (
                quote_spanned!(start=> ::sfn_runtime::__private::check_jsonata_path),
                quote_spanned!(start=> #flow, #text, #steps),
            ),
            (Some((ty, rust)), _) => {
                let shape = shape_of(ty, rt);
                (
                    quote_spanned!(start=> ::sfn_runtime::__private::check_field_path),
                    quote_spanned!(start=> #flow, #text, #steps, #shape, #rust),
                )
            }
            (None, Some((name, expect))) => {
                let wanted = expect_shape(expect, rt);
                let what = format!("`{name}`");
                (
                    quote_spanned!(start=> ::sfn_runtime::__private::check_path),
                    quote_spanned!(start=> #flow, #text, #steps, #rt::Expect::Shape(&#wanted), #what),
                )
            }
            (None, None) => (
                quote_spanned!(start=> ::sfn_runtime::__private::check_path),
                quote_spanned!(start=> #flow, #text, #steps, #rt::Expect::Any, ""),
            ),
        };
        let mut args = Group::new(Delimiter::Parenthesis, args);
        args.set_span(end);
        let call = quote!(#name #args);
        out.extend(quote_spanned!(start=> const _: () = #call;));
    }
    out
}

pub(super) fn expect_shape(e: &Expect, rt: &TokenStream) -> TokenStream {
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

/// The spans of the first and last tokens of a path written as tokens (the path may be part
/// of a longer text, such as an argument of an intrinsic call).
fn path_spans(lowered: &Lowered, pointer: &str, path: &str) -> Option<(Span, Span)> {
    let text = lowered.texts.get(pointer)?;
    let at = text.text.find(path)?;
    let last = at + path.len().checked_sub(1)?;
    Some((text.span_at(at)?, text.span_at(last)?))
}
