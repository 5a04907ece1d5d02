//! `asl!` source for a JSON definition: the migration path from existing definitions.
//!
//! ASL keywords become snake_case, payload keys stay verbatim, simple paths become bare tokens,
//! and every other value keeps the form that means the same thing to `asl!` (a `"Key.$"`
//! string key for intrinsic calls and unusual paths, string literals for names that are not
//! Rust identifiers).
//!
//! ```
//! let root = sfn_core::json::parse(
//!     r#"{
//!       "StartAt": "Wait",
//!       "States": {"Wait": {"Type": "Wait", "SecondsPath": "$.delay", "End": true}}
//!     }"#,
//! )
//! .root
//! .unwrap();
//! assert_eq!(
//!     sfn_core::to_rust::asl_body(&root),
//!     "    start_at: Wait,
//!     states: {
//!         Wait: Wait {
//!             seconds_path: $.delay,
//!             end: true,
//!         },
//!     },
//! ",
//! );
//! ```

use crate::asl::{keywords, PAYLOAD_FIELDS};
use crate::json::{Node, Value};

/// The `asl! { ... }` body of a definition, indented by four spaces per level.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{
///       "StartAt": "Greet",
///       "States": {
///         "Greet": {
///           "Type": "Pass",
///           "Parameters": {
///             "greeting.$": "States.Format('Hello, {}', $.name)",
///             "when.$": "$$.Execution.StartTime",
///             "detail-type": "Order"
///           },
///           "End": true
///         }
///       }
///     }"#,
/// )
/// .root
/// .unwrap();
/// assert_eq!(
///     sfn_core::to_rust::asl_body(&root),
///     r#"    start_at: Greet,
///     states: {
///         Greet: Pass {
///             parameters: {
///                 "greeting.$": "States.Format('Hello, {}', $.name)",
///                 when: $$.Execution.StartTime,
///                 "detail-type": "Order",
///             },
///             end: true,
///         },
///     },
/// "#,
/// );
/// ```
pub fn asl_body(root: &Node) -> String {
    let mut out = String::new();
    if let Some(members) = root.as_object() {
        for m in members {
            field(&m.key, &m.value, 1, &mut out);
        }
    }
    out
}

/// A complete Rust item: `pub static NAME: StateMachine = asl! { ... };`.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let item = sfn_core::to_rust::asl_static("HELLO", &root);
/// assert!(item.starts_with("use sfn_runtime::{asl, StateMachine};\n"));
/// assert!(item.contains("pub static HELLO: StateMachine = asl! {\n    start_at: Done,\n"));
/// assert!(item.ends_with("};\n"));
/// ```
pub fn asl_static(name: &str, root: &Node) -> String {
    format!(
        "use sfn_runtime::{{asl, StateMachine}};\n\npub static {name}: StateMachine = asl! {{\n{}}};\n",
        asl_body(root)
    )
}

const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "null", "_",
];

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RUST_KEYWORDS.contains(&s)
}

fn name(s: &str) -> String {
    if is_ident(s) {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

/// A path that Rust tokenizes back to the same text: `$`, `$$`, `$var`, then `.field` and
/// `[N]` steps with plain identifiers.
fn bare_path(s: &str) -> bool {
    let rest = s
        .strip_prefix("$$")
        .or_else(|| s.strip_prefix('$'))
        .unwrap_or("-");
    if rest == "-" {
        return false;
    }
    let mut rest = rest;
    if let Some(var) = rest.strip_prefix(|c: char| c.is_ascii_alphabetic()) {
        let end = var
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(var.len());
        rest = &var[end..];
        if s.starts_with("$$") {
            return false;
        }
    }
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let field = &after[..end];
            if !is_ident(field) {
                return false;
            }
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(0);
            if end == 0 || !after[..end].bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            rest = &after[end + 1..];
        } else {
            return false;
        }
    }
    true
}

fn pad(depth: usize) -> String {
    "    ".repeat(depth)
}

/// One keyword field of the machine, a scope, a state, a rule, ...
fn field(key: &str, value: &Node, depth: usize, out: &mut String) {
    // `"RoleArn.$": "$.role"` (Credentials): a bare path under the keyword means the same.
    if let (Some(base), Some(s)) = (key.strip_suffix(".$"), value.as_str()) {
        out.push_str(&pad(depth));
        if keywords::is_keyword(base) && bare_path(s) {
            out.push_str(&format!("{}: {s},\n", keywords::to_snake_case(base)));
        } else {
            out.push_str(&format!("{key:?}: {s:?},\n"));
        }
        return;
    }
    let snake = if keywords::is_keyword(key) {
        keywords::to_snake_case(key)
    } else {
        format!("{key:?}")
    };
    out.push_str(&pad(depth));
    out.push_str(&snake);
    out.push_str(": ");
    match key {
        "States" => states(value, depth, out),
        "Result" => literal(value, depth, out),
        k if PAYLOAD_FIELDS.contains(&k) || k == "Credentials" => payload(value, depth, out),
        "StartAt" | "Next" | "Default" => match value.as_str() {
            Some(s) => out.push_str(&name(s)),
            None => literal(value, depth, out),
        },
        "ErrorEquals" => match value.as_array() {
            Some(items) => {
                let names: Vec<String> = items
                    .iter()
                    .map(|n| match n.as_str() {
                        Some(s) if s.starts_with("States.") && is_ident(&s[7..]) => s.to_string(),
                        Some(s) => format!("{s:?}"),
                        None => String::from("null"),
                    })
                    .collect();
                out.push_str(&format!("[{}]", names.join(", ")));
            }
            None => literal(value, depth, out),
        },
        _ => keyword_value(value, depth, out),
    }
    out.push_str(",\n");
}

/// A value in keyword position: objects hold keyword fields; strings that are simple paths
/// become bare tokens (they mean the same string here).
fn keyword_value(value: &Node, depth: usize, out: &mut String) {
    match &value.value {
        Value::String(s) if bare_path(s) => out.push_str(s),
        Value::Object(members) => {
            out.push_str("{\n");
            for m in members {
                field(&m.key, &m.value, depth + 1, out);
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) => array(items, depth, out, keyword_value),
        _ => literal(value, depth, out),
    }
}

fn states(value: &Node, depth: usize, out: &mut String) {
    let Some(members) = value.as_object() else {
        literal(value, depth, out);
        return;
    };
    out.push_str("{\n");
    for m in members {
        out.push_str(&pad(depth + 1));
        out.push_str(&name(&m.key));
        out.push_str(": ");
        let ty = m.value.get("Type").and_then(Node::as_str).unwrap_or("Pass");
        let fields: Vec<_> = m
            .value
            .as_object()
            .unwrap_or_default()
            .iter()
            .filter(|f| f.key != "Type")
            .collect();
        out.push_str(ty);
        if !fields.is_empty() {
            out.push_str(" {\n");
            for f in fields {
                field(&f.key, &f.value, depth + 2, out);
            }
            out.push_str(&pad(depth + 1));
            out.push('}');
        }
        out.push_str(",\n");
    }
    out.push_str(&pad(depth));
    out.push('}');
}

/// Payload data: keys verbatim, `Key.$` members kept as written.
fn payload(value: &Node, depth: usize, out: &mut String) {
    match &value.value {
        Value::Object(members) => {
            out.push_str("{\n");
            for m in members {
                out.push_str(&pad(depth + 1));
                if let (Some(base), Some(s)) = (m.key.strip_suffix(".$"), m.value.as_str()) {
                    if bare_path(s) && is_ident(base) {
                        out.push_str(&format!("{base}: {s},\n"));
                    } else {
                        out.push_str(&format!("{:?}: {s:?},\n", m.key));
                    }
                    continue;
                }
                out.push_str(&name(&m.key));
                out.push_str(": ");
                payload(&m.value, depth + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
        Value::Array(items) => array(items, depth, out, payload),
        _ => literal(value, depth, out),
    }
}

/// `[...]`, one item per line, each written by `item`.
fn array(items: &[Node], depth: usize, out: &mut String, item: fn(&Node, usize, &mut String)) {
    out.push_str("[\n");
    for i in items {
        out.push_str(&pad(depth + 1));
        item(i, depth + 1, out);
        out.push_str(",\n");
    }
    out.push_str(&pad(depth));
    out.push(']');
}

/// Plain JSON, keys verbatim (as `asl!` reads `result`).
fn literal(value: &Node, depth: usize, out: &mut String) {
    match &value.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(&b.to_string()),
        Value::Number(n) => out.push_str(n.as_str()),
        Value::String(s) => out.push_str(&format!("{s:?}")),
        // `asl!` holds placeholders only inside strings.
        Value::Placeholder(name) => out.push_str(&format!("{:?}", format!("${{{name}}}"))),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                literal(item, depth, out);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push_str("{\n");
            for m in members {
                out.push_str(&pad(depth + 1));
                out.push_str(&name(&m.key));
                out.push_str(": ");
                literal(&m.value, depth + 1, out);
                out.push_str(",\n");
            }
            out.push_str(&pad(depth));
            out.push('}');
        }
    }
}
