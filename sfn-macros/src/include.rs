//! `include_asl!`: an existing JSON definition, validated at compile time.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use sfn_core::asl::WorkflowType;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use crate::emit;

/// `"path"` or `"path", type: Standard | Express`.
struct Args {
    lit: LitStr,
    workflow_type: WorkflowType,
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let lit: LitStr = input.parse()?;
        let mut workflow_type = WorkflowType::Standard;
        if input.parse::<Option<Token![,]>>()?.is_some() && !input.is_empty() {
            let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            if key != "type" {
                return Err(syn::Error::new(
                    key.span(),
                    "expected `type: Standard` or `type: Express` after the file",
                ));
            }
            input.parse::<Token![:]>()?;
            let value: Ident = input.parse()?;
            workflow_type = value
                .to_string()
                .parse()
                .map_err(|message: String| syn::Error::new(value.span(), message))?;
            input.parse::<Option<Token![,]>>()?;
        }
        Ok(Args { lit, workflow_type })
    }
}

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let Args { lit, workflow_type } = match syn::parse2(input) {
        Ok(a) => a,
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

    let options = sfn_core::Options {
        workflow_type,
        ..sfn_core::Options::default()
    };
    let report = sfn_core::validate_str(&src, &options);
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
    if sfn_core::json::first_placeholder(root).is_some() {
        // A template (SAM's `DefinitionUri`): its unquoted `${Name}` placeholders stand for
        // values SAM or CloudFormation fills in, so the definition keeps them as written.
        let text = sfn_core::json::template_text(root);
        return emit::machine(quote!(#text), workflow_type, root, &warnings, track);
    }
    match sfn_core::to_model(root) {
        Ok(machine) => emit::machine(
            emit::canonical(&machine),
            workflow_type,
            root,
            &warnings,
            track,
        ),
        Err(ds) => {
            let errors: Vec<(Span, String)> = ds.iter().map(located).collect();
            emit::failed(emit::errors(&errors))
        }
    }
}
