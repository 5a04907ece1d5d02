//! Typed payloads as struct literals rustc type-checks under the user's tokens.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use sfn_core::json::{Node, Value as Json};

use super::*;
use crate::asl::lower::Lowered;

/// A never-called function holding each typed payload as a struct literal, so that rustc
/// checks its fields (unknown, missing, a literal of the wrong kind) under the tokens.
pub(super) fn struct_literals(lowered: &Lowered, root: &Node, rt: &TokenStream) -> TokenStream {
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

pub(super) fn struct_literal(
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
pub(super) fn literal_value(
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
        // A JSONata expression, or an unquoted `${Name}` (never written in `asl!`): its
        // value is known later.
        Json::String(s) if sfn_core::jsonata::is_template(s) => {
            quote_spanned!(span=> ::sfn_runtime::__private::lit::path())
        }
        Json::Placeholder(_) => quote_spanned!(span=> ::sfn_runtime::__private::lit::path()),
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
pub(super) fn marker(i: usize) -> String {
    format!("\u{1}sfn-typed-{i}\u{1}")
}
