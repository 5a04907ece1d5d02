//! What the macros expand to: a `StateMachine` holding the canonical JSON, or errors beside a
//! placeholder of the same type.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// The canonical JSON of a validated machine, as the expression `machine` emits.
pub(crate) fn canonical(machine: &sfn_core::model::StateMachine) -> TokenStream {
    let json = sfn_core::canonical_json(machine);
    quote!(#json)
}

/// A validated machine: its definition (`json`, an expression of type `&'static str`) and
/// placeholders, and the warnings found.
pub(crate) fn machine(
    json: TokenStream,
    workflow_type: sfn_core::asl::WorkflowType,
    root: &sfn_core::json::Node,
    warnings: &[(Span, String)],
    extra: TokenStream,
) -> TokenStream {
    let policy = sfn_core::iam::policy(root).to_json();
    let subs = sfn_core::substitutions(root);
    let warnings = warnings.iter().enumerate().map(|(i, (span, message))| {
        // Stable Rust has no warning API for proc-macros: a deprecated item used under the
        // offending token makes rustc print the message as a warning there.
        let name = syn::Ident::new(&format!("__sfn_warning_{i}"), *span);
        quote_spanned! {*span=>
            const _: () = {
                #[deprecated(note = #message)]
                #[allow(non_upper_case_globals)]
                const #name: () = ();
                #name
            };
        }
    });
    let express =
        (workflow_type == sfn_core::asl::WorkflowType::Express).then(|| quote!(.__express()));
    quote! {
        {
            #extra
            #(#warnings)*
            ::sfn_runtime::__private::StateMachine::__from_validated(#json, &[#(#subs),*], #policy)
                #express
        }
    }
}

/// `compile_error!`s, each under its span.
pub(crate) fn errors(errors: &[(Span, String)]) -> TokenStream {
    errors
        .iter()
        .map(|(span, message)| quote_spanned!(*span=> ::core::compile_error!(#message);))
        .collect()
}

/// Errors, plus a value of the right type so that no follow-on errors appear.
pub(crate) fn failed(errors: TokenStream) -> TokenStream {
    quote! {
        {
            #errors
            ::sfn_runtime::__private::StateMachine::__from_validated("{}", &[], "{}")
        }
    }
}
