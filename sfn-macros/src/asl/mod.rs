//! `asl!`: a state machine written as Rust tokens, validated by sfn-core at compile time.

mod lower;
mod parse;
mod typed;

use proc_macro2::{Span, TokenStream};
use sfn_core::asl::keywords;
use sfn_core::Diagnostic;

use crate::emit;

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    match check(input) {
        Ok(checked) => emit::machine(
            checked
                .typed
                .definition
                .unwrap_or_else(|| emit::canonical(&checked.machine)),
            checked.workflow_type,
            &checked.root,
            &checked.warnings,
            checked.typed.checks,
        ),
        Err(errors) => emit::failed(errors),
    }
}

/// A definition that passed every check.
pub(crate) struct Checked {
    pub machine: sfn_core::model::StateMachine,
    pub workflow_type: sfn_core::asl::WorkflowType,
    pub root: sfn_core::json::Node,
    pub warnings: Vec<(Span, String)>,
    /// The checks of its Rust types, and its definition as pieces when it has typed payloads.
    pub typed: typed::Typed,
}

/// Parses, lowers and validates the macro input; on errors, returns their `compile_error!`s.
pub(crate) fn check(input: TokenStream) -> Result<Checked, TokenStream> {
    let body = parse::parse(input).map_err(|e| e.to_compile_error())?;
    let mut lowered = lower::lower(&body);
    let options = sfn_core::Options {
        workflow_type: lowered.workflow_type,
        ..sfn_core::Options::default()
    };
    let diagnostics = sfn_core::validate_node(&lowered.root, &options);
    let mut errors: Vec<(Span, String)> = std::mem::take(&mut lowered.errors);
    let mut warnings: Vec<(Span, String)> = Vec::new();
    for d in &diagnostics {
        let (span, payload) = locate(&lowered.origins, d);
        let (span, position) = inside_value(&lowered, d, span);
        let message = format!("{}: {}{position}", d.code, respell(&d.message, payload));
        if d.is_error() {
            errors.push((span, message));
        } else {
            warnings.push((span, message));
        }
    }
    if !errors.is_empty() {
        return Err(emit::errors(&errors));
    }
    match sfn_core::to_model(&lowered.root) {
        Ok(machine) => {
            let typed = typed::expand(&lowered, &lowered.root);
            Ok(Checked {
                machine,
                workflow_type: lowered.workflow_type,
                root: lowered.root,
                warnings,
                typed,
            })
        }
        Err(ds) => Err(emit::errors(
            &ds.iter()
                .map(|d| (body.span, d.message.clone()))
                .collect::<Vec<_>>(),
        )),
    }
}

/// The span a diagnostic belongs under: its own node's, or the nearest ancestor's.
fn locate(
    origins: &std::collections::HashMap<String, lower::Origin>,
    d: &Diagnostic,
) -> (Span, bool) {
    match lower::origin_at(origins, &d.location) {
        Some(o) if d.at_key => (o.key.unwrap_or(o.value), o.payload),
        Some(o) => (o.value, o.payload),
        None => (Span::call_site(), false),
    }
}

/// Where inside its value a diagnostic with a [`Diagnostic::value_offset`] belongs. A path or
/// an intrinsic call written as tokens was rendered to text with the token of each part, so
/// the diagnostic goes under the token at the offset (the bad segment or argument), and the
/// message needs no position. A value written as a string literal is underlined whole
/// (stable Rust cannot point inside a literal), so the message gives the position.
fn inside_value(lowered: &lower::Lowered, d: &Diagnostic, span: Span) -> (Span, String) {
    let Some(offset) = d.value_offset else {
        return (span, String::new());
    };
    if let Some(text) = lowered.texts.get(&d.location) {
        return (text.span_at(offset).unwrap_or(span), String::new());
    }
    (span, d.position_note(&lowered.root))
}

/// Rewrites ASL keywords quoted in a message (`` `StartAt` ``) into the snake_case the macro
/// uses (`` `start_at` ``), unless the message is about payload data.
fn respell(message: &str, payload: bool) -> String {
    if payload {
        return message.to_string();
    }
    let mut out = String::with_capacity(message.len());
    let mut parts = message.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('`');
        // A quoted keyword (`StartAt`), or a quoted field with its value (`End: true`).
        let (name, rest) = match part.split_once(": ") {
            Some((name, _)) => (name, &part[name.len()..]),
            None => (part, ""),
        };
        if i % 2 == 0 && keywords::is_keyword(name) {
            out.push_str(&keywords::to_snake_case(name));
            out.push_str(rest);
        } else {
            out.push_str(part);
        }
    }
    out
}
