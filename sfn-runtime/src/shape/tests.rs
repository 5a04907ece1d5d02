//! The shapes `#[derive(TaskInput)]` gives, checked against what serde reads.

use super::*;

use serde::Deserialize;

/// A field read under its name.
const fn field(
    name: &'static str,
    rust: &'static str,
    shape: &'static Shape,
    required: bool,
) -> Field {
    Field {
        name,
        aliases: &[],
        rust,
        shape,
        required,
        kind: FieldKind::Normal,
    }
}

/// `f` with another kind.
const fn kind(f: Field, kind: FieldKind) -> Field {
    Field { kind, ..f }
}

/// `f` with aliases.
const fn aliases(f: Field, aliases: &'static [&'static str]) -> Field {
    Field { aliases, ..f }
}

/// The object a shape is.
fn object(shape: &'static Shape) -> &'static Object {
    match shape {
        Shape::Object(o) => o,
        other => panic!("not an object: {other:?}"),
    }
}

/// The JSON names of an object's fields.
fn names(shape: &'static Shape) -> Vec<&'static str> {
    object(shape).fields.iter().map(|f| f.name).collect()
}

/// The variants of an enum's shape.
fn variants(shape: &'static Shape) -> &'static [&'static Shape] {
    match shape {
        Shape::OneOf(_, variants) => variants,
        other => panic!("not an enum: {other:?}"),
    }
}

/// Reads JSON into `T`, failing the test when serde refuses it.
fn read<T: serde::de::DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!("{json}: {e}"),
    }
}

/// A type with no shape, to show that skipped fields do not need one.
#[derive(Default)]
struct NoShape;

mod enums;
mod structs;
mod types;
