//! The definition as pieces, with each typed payload joined under serde's names at compile
//! time.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use sfn_core::json::{Node, Value as Json};

use super::literals::marker;
use super::*;
use crate::asl::lower::Lowered;

/// The definition as pieces: the canonical JSON around each typed payload, and each payload
/// as its fields, joined at compile time under the type's serde names.
pub(super) fn pieces(lowered: &Lowered, root: &Node, rt: &TokenStream) -> TokenStream {
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
pub(super) fn typed_piece(
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
pub(super) fn value_pieces(
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
