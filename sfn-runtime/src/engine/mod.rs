//! The engine of the typed checks: the constants `asl!` hands to the compiler. Not public
//! API: the macros' expansions reach it through `sfn_runtime::__private`.
//!
//! `asl! { input: Order, ... }` turns each path that reads a state's input into a constant
//! that the compiler evaluates with [`check_path`]: the shape of what reaches the state (a
//! [`Flow`]: the execution input, then what each state makes of it) is walked step by step,
//! and an unknown field stops the build under the path, with the field the type does have
//! ("did you mean `orderId`?", by the one rule of `sfn_core::suggest`). The checks are
//! `#[track_caller]`: rustc reports a failure under the path's token, as a sentence about the
//! path, without the engine's own frames.
//!
//! - `walk`: walking a path in a flow and a shape, and the messages when it does not exist;
//! - `message`: text built in constants;
//! - `join`: the definition's JSON around typed payloads, joined under serde's names;
//! - [`lit`]: the functions the struct literals of typed payloads are type-checked with.

mod join;
pub mod lit;
mod message;
mod walk;

use sfn_core::suggest::same;

pub use join::{join, joined_len, joined_str, Piece};
use message::{describe, Message};
use walk::{find_field, walk_flow, Found, Walk};

use crate::shape::{Field, FieldKind, Object, Shape};

/// One step of a path: `.name`, `[3]`, or a step that reads every element (`[*]`, a slice, a
/// filter). `asl!` writes these; they are public for its expansion only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `.name` or `['name']`.
    Field(&'static str),
    /// `[n]`.
    Index(usize),
    /// `[*]`, `[a:b]`, `[?(...)]`, `..`: elements of a list, values of an object.
    Each,
}

/// What reaches a point of a state machine, as far as the definition tells: the execution
/// input's type, changed by each state's `input_path`, `parameters`, `result_path`,
/// `output_path`, ... `asl!` writes these; they are public for its expansion only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Nothing is known: every path is accepted.
    Unknown,
    /// A value of a Rust type.
    Of(&'static Shape),
    /// The value `.0` with the field at path `.1` set to `.2` (a `result_path`).
    Set(&'static Flow, &'static [&'static str], &'static Flow),
    /// The part of `.0` at path `.1` (an `input_path`, `output_path`, `items_path`).
    At(&'static Flow, &'static [Step]),
    /// An object built by the state (its `parameters`, `result_selector`, a Pass `result`):
    /// `.0` names what built it, for messages.
    Object(&'static str, &'static [(&'static str, &'static Flow)]),
}

/// What a parameter or field expects of the value a path gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Anything.
    Any,
    /// A value of this shape (a typed payload's field).
    Shape(&'static Shape),
}

/// Whether a value of shape `found` can be given where `wanted` is expected.
const fn fits(found: &Shape, wanted: &Shape, depth: usize) -> bool {
    if depth > 16 {
        return true;
    }
    match (found, wanted) {
        (Shape::Any, _) | (_, Shape::Any) => true,
        (Shape::Optional(f), _) => fits(f, wanted, depth + 1),
        (_, Shape::Optional(w)) => matches!(found, Shape::Null) || fits(found, w, depth + 1),
        (Shape::Null, Shape::Null)
        | (Shape::Bool, Shape::Bool)
        | (Shape::String, Shape::String) => true,
        (Shape::Integer, Shape::Integer | Shape::Number) | (Shape::Number, Shape::Number) => true,
        (Shape::List(f), Shape::List(w)) => fits(f, w, depth + 1),
        (Shape::Tuple(_), Shape::List(_) | Shape::Tuple(_)) => true,
        (Shape::List(_), Shape::Tuple(_)) => true,
        (Shape::Map(_) | Shape::Object(_), Shape::Map(_)) => true,
        (Shape::Map(_), Shape::Object(_)) => true,
        (Shape::Object(f), Shape::Object(w)) => object_fits(f, w, depth + 1),
        (Shape::OneOf(..), _) | (_, Shape::OneOf(..)) => true,
        _ => false,
    }
}

/// Every field `wanted` requires is in `found`, with a shape that fits.
const fn object_fits(found: &Object, wanted: &Object, depth: usize) -> bool {
    let mut i = 0;
    while i < wanted.fields.len() {
        let w = &wanted.fields[i];
        if w.required && matches!(w.kind, FieldKind::Normal | FieldKind::SkipSerializing) {
            match find_field(found, w.name, 0) {
                Found::Shape(s) if !fits(s, w.shape, depth + 1) => return false,
                Found::Error(_) => return false,
                _ => {}
            }
        }
        i += 1;
    }
    true
}

/// Checks, at compile time, that `path` (its text and its steps) exists in what `flow` gives,
/// and that the value fits `expect` (what `what` takes, for the message). `asl!` calls it in
/// constants; a failure stops the build with the message under the path (`#[track_caller]`:
/// rustc shows the path, not the engine's frames).
#[track_caller]
pub const fn check_path(
    flow: &'static Flow,
    text: &str,
    steps: &[Step],
    expect: Expect,
    what: &str,
) {
    let walk = Walk::new().push_all(steps);
    let found = walk_flow(flow, walk, 0);
    let shape = match found {
        Found::Error(m) => panic!("{}", m.as_str()),
        Found::Shape(s) => s,
        Found::Built => &Shape::Map(&Shape::Any),
        Found::Unknown => return,
    };
    if let Expect::Shape(wanted) = expect {
        if !fits(shape, wanted, 0) {
            let m = Message::new().push("`").push(text).push("` is ");
            let m = describe(m, shape).push(", but ").push(what).push(" takes ");
            let m = describe(m, wanted);
            panic!("{}", m.as_str());
        }
    }
}

/// Checks, at compile time, that a JSONata `$states.input` read (`text`, and its field steps)
/// exists in what `flow` gives. A field step over a list reads the field of each element, as
/// JSONata does.
#[track_caller]
pub const fn check_jsonata_path(flow: &'static Flow, text: &str, steps: &[Step]) {
    let _ = text;
    let mut walk = Walk::new().push_all(steps);
    walk.jsonata = true;
    if let Found::Error(m) = walk_flow(flow, walk, 0) {
        panic!("{}", m.as_str());
    }
}

/// [`check_path`] against the shape a typed payload's field (by its Rust name) expects.
#[track_caller]
pub const fn check_field_path(
    flow: &'static Flow,
    text: &str,
    steps: &[Step],
    payload: &'static Shape,
    field: &str,
) {
    let wanted = match rust_field(payload, field) {
        Some(f) => f.shape,
        None => &Shape::Any,
    };
    let what = Message::new().push("field `").push(field).push("` of ");
    let what = describe(what, payload);
    check_path(flow, text, steps, Expect::Shape(wanted), what.as_str());
}

/// Checks, at compile time, that a field of a typed payload (by its Rust name) given `given`
/// (a path, or a value other than a struct literal) is not flattened: a flattened field's keys
/// join the payload's own, so it takes a struct literal.
#[track_caller]
pub const fn check_not_flattened(payload: &'static Shape, field: &str, given: &str) {
    if let Some(f) = rust_field(payload, field) {
        if matches!(f.kind, FieldKind::Flatten) {
            let m = Message::new().push("field `").push(field).push("` of ");
            let m = describe(m, payload)
                .push(" is flattened (`#[serde(flatten)]`): it takes a struct literal, not ")
                .push(given);
            panic!("{}", m.as_str());
        }
    }
}

/// A field of a struct shape by its Rust name.
const fn rust_field(shape: &'static Shape, rust: &str) -> Option<&'static Field> {
    if let Shape::Object(o) = shape {
        let mut i = 0;
        while i < o.fields.len() {
            if same(o.fields[i].rust, rust) {
                return Some(&o.fields[i]);
            }
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod suggest_tests;
#[cfg(test)]
mod tests;
