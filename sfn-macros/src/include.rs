//! `include_asl!`: an existing JSON definition, validated at compile time.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

use crate::emit;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let lit: LitStr = match syn::parse2(input) {
        Ok(l) => l,
        Err(e) => return emit::failed(e.to_compile_error()),
    };
    let rel = lit.value();
    let span = lit.span();
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let path = base.join(&rel);
    let src = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            let msg = format!("cannot read `{}`: {e}", path.display());
            return emit::failed(emit::errors(&[(span, msg)]));
        }
    };
    // Cargo rebuilds the crate when the file changes.
    let tracked = path.to_string_lossy().into_owned();
    let track = quote! { const _: &str = ::core::include_str!(#tracked); };

    let report = sfn_core::validate_str(&src, &sfn_core::Options::default());
    let located = |d: &sfn_core::Diagnostic| -> (Span, String) {
        let (line, col) = report
            .offset_of(d)
            .map_or((1, 1), |o| sfn_core::json::line_col(&src, o));
        let at = if d.location.is_empty() {
            "/"
        } else {
            &d.location
        };
        (
            span,
            format!("{rel}:{line}:{col}: {} at {at}: {}", d.code, d.message),
        )
    };
    let errors: Vec<(Span, String)> = report
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(located)
        .collect();
    if !errors.is_empty() {
        let errors = emit::errors(&errors);
        return emit::failed(quote! { #track #errors });
    }
    let warnings: Vec<(Span, String)> = report.diagnostics.iter().map(located).collect();
    let Some(root) = report.root.as_ref() else {
        return emit::failed(emit::errors(&[(span, format!("{rel} is not JSON"))]));
    };
    match sfn_core::to_model(root) {
        Ok(machine) => emit::machine(&machine, root, &warnings, track, None),
        Err(ds) => {
            let errors: Vec<(Span, String)> = ds.iter().map(located).collect();
            emit::failed(emit::errors(&errors))
        }
    }
}
