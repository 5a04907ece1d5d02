//! What `asl!` hands to rustc about Rust types: the flows of a machine with `input: Type`
//! (and Tasks with `result_type: Type`) as constants, each path that reads them as a constant
//! check under the path's token, and typed payloads (`Resize { ... }`) as struct literals
//! rustc type-checks plus definition pieces joined at compile time under serde's names.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use sfn_core::flow::Step;
use sfn_core::json::Node;

use super::lower::{origin_at, Lowered, Origin};

mod flows;
mod literals;
mod pieces;

use flows::flows;
use literals::struct_literals;
use pieces::pieces;

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
