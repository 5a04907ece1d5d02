//! Walking a path in what flows to a point of the machine and in the shapes of Rust types,
//! with a message when the path does not exist.

use sfn_core::suggest::{closer, same};

use super::message::{describe, Message};
use super::{Flow, Step};
use crate::shape::{FieldKind, Object, Shape};

/// The shape a path reaches.
// The message is built in constants, where nothing can be boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy)]
pub(super) enum Found {
    /// A known shape.
    Shape(&'static Shape),
    /// An object the state machine built.
    Built,
    /// Nothing known.
    Unknown,
    /// The path does not exist: the message.
    Error(Message),
}

const MAX_STEPS: usize = 32;

/// A path being walked: at most [`MAX_STEPS`] steps (longer ones are not checked).
#[derive(Clone, Copy)]
pub(super) struct Walk {
    steps: [Step; MAX_STEPS],
    len: usize,
    /// How many leading steps are already walked (for messages: the path so far).
    done: usize,
    overflow: bool,
    /// JSONata navigation: a field step over a list reads the field of each element.
    pub(super) jsonata: bool,
}

impl Walk {
    pub(super) const fn new() -> Walk {
        Walk {
            steps: [Step::Each; MAX_STEPS],
            len: 0,
            done: 0,
            overflow: false,
            jsonata: false,
        }
    }

    pub(super) const fn push_all(mut self, steps: &[Step]) -> Walk {
        let mut i = 0;
        while i < steps.len() {
            if self.len == MAX_STEPS {
                self.overflow = true;
                return self;
            }
            self.steps[self.len] = steps[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    /// This walk with `prefix` in front of its remaining steps.
    const fn prepend(self, prefix: &[Step]) -> Walk {
        let mut out = Walk::new().push_all(prefix);
        let mut i = self.done;
        while i < self.len {
            out = out.push_all(&[self.steps[i]]);
            i += 1;
        }
        out.overflow = out.overflow || self.overflow;
        out.jsonata = self.jsonata;
        out
    }

    const fn remaining(&self) -> usize {
        self.len - self.done
    }

    const fn next(&self) -> Step {
        self.steps[self.done]
    }

    const fn advance(mut self) -> Walk {
        self.done += 1;
        self
    }
}

/// The path's text up to the step being walked (`$.order.items[0]`), for messages.
const fn path_so_far(m: Message, walk: &Walk, upto: usize) -> Message {
    let mut m = if walk.jsonata {
        m.push("$states.input")
    } else {
        m.push("$")
    };
    let mut i = 0;
    while i < upto && i < walk.len {
        m = match walk.steps[i] {
            Step::Field(name) => m.push(".").push(name),
            Step::Index(n) => m.push("[").push_usize(n).push("]"),
            Step::Each => m.push("[*]"),
        };
        i += 1;
    }
    m
}

/// Finds a field of an object by JSON name or alias, in flattened fields too.
pub(super) const fn find_field(object: &Object, name: &str, depth: usize) -> Found {
    let mut i = 0;
    while i < object.fields.len() {
        let f = &object.fields[i];
        if matches!(f.kind, FieldKind::Normal | FieldKind::SkipSerializing) {
            if same(f.name, name) {
                return Found::Shape(f.shape);
            }
            let mut a = 0;
            while a < f.aliases.len() {
                if same(f.aliases[a], name) {
                    return Found::Shape(f.shape);
                }
                a += 1;
            }
        }
        i += 1;
    }
    // Flattened fields, after the object's own.
    let mut i = 0;
    while i < object.fields.len() {
        let f = &object.fields[i];
        if matches!(f.kind, FieldKind::Flatten) {
            let found = in_flattened(f.shape, name, depth + 1);
            if !matches!(found, Found::Error(_)) {
                return found;
            }
        }
        i += 1;
    }
    Found::Error(Message::new())
}

/// A field `name` in a flattened shape: any name for maps and unknown shapes.
const fn in_flattened(shape: &'static Shape, name: &str, depth: usize) -> Found {
    if depth > 16 {
        return Found::Unknown;
    }
    match shape {
        Shape::Object(o) => find_field(o, name, depth),
        Shape::Optional(inner) => in_flattened(inner, name, depth + 1),
        Shape::Map(v) => Found::Shape(v),
        Shape::OneOf(_, variants) => {
            let mut i = 0;
            while i < variants.len() {
                let found = in_flattened(variants[i], name, depth + 1);
                if !matches!(found, Found::Error(_)) {
                    return found;
                }
                i += 1;
            }
            Found::Error(Message::new())
        }
        Shape::Any => Found::Unknown,
        _ => Found::Error(Message::new()),
    }
}

/// The closest field name of an object (flattened fields included) to `name`.
const fn closest_field(
    object: &Object,
    name: &str,
    best: Option<(&'static str, usize)>,
    depth: usize,
) -> Option<(&'static str, usize)> {
    let mut best = best;
    if depth > 16 {
        return best;
    }
    let mut i = 0;
    while i < object.fields.len() {
        let f = &object.fields[i];
        match f.kind {
            FieldKind::Normal | FieldKind::SkipSerializing => {
                best = closer(best, name, f.name);
            }
            FieldKind::Flatten => {
                if let Shape::Object(inner) = f.shape {
                    best = closest_field(inner, name, best, depth + 1);
                }
            }
            FieldKind::Skip => {}
        }
        i += 1;
    }
    best
}

/// The fields of an object, for a message: "`a`, `b`, `c`" (the first few).
const fn list_fields(m: Message, object: &Object) -> Message {
    let mut m = m;
    let mut shown = 0;
    let mut i = 0;
    while i < object.fields.len() {
        let f = &object.fields[i];
        if matches!(f.kind, FieldKind::Normal | FieldKind::SkipSerializing) {
            if shown == 8 {
                return m.push(", ...");
            }
            if shown > 0 {
                m = m.push(", ");
            }
            m = m.push("`").push(f.name).push("`");
            shown += 1;
        }
        i += 1;
    }
    if shown == 0 {
        m = m.push("none");
    }
    m
}

/// Walks the rest of a path in a shape.
const fn walk_shape(shape: &'static Shape, walk: Walk, depth: usize) -> Found {
    if walk.remaining() == 0 {
        return Found::Shape(shape);
    }
    if depth > 64 {
        return Found::Unknown;
    }
    let step = walk.next();
    match shape {
        Shape::Any => Found::Unknown,
        Shape::Optional(inner) => walk_shape(inner, walk, depth + 1),
        Shape::Object(object) => match step {
            Step::Field(name) => match find_field(object, name, 0) {
                Found::Shape(s) => walk_shape(s, walk.advance(), depth + 1),
                Found::Error(_) => {
                    let m = path_so_far(Message::new().push("`"), &walk, walk.done + 1)
                        .push("`: `")
                        .push(object.name)
                        .push("` has no field `")
                        .push(name)
                        .push("`");
                    let m = match closest_field(object, name, None, 0) {
                        Some((best, _)) => m.did_you_mean(best),
                        None => list_fields(m.push(" (its fields: "), object).push(")"),
                    };
                    Found::Error(m)
                }
                other => other,
            },
            // `.*`, `[*]` and filters select an object's values: any of its fields.
            Step::Each => Found::Unknown,
            Step::Index(_) => not_a(shape, &walk, "a list"),
        },
        Shape::Map(value) => match step {
            Step::Field(_) | Step::Each => walk_shape(value, walk.advance(), depth + 1),
            Step::Index(_) => not_a(shape, &walk, "a list"),
        },
        Shape::List(item) => match step {
            Step::Index(_) | Step::Each => walk_shape(item, walk.advance(), depth + 1),
            // JSONata maps a field step over the elements of a list.
            Step::Field(_) if walk.jsonata => walk_shape(item, walk, depth + 1),
            Step::Field(_) => not_a(shape, &walk, "an object"),
        },
        Shape::Tuple(items) => match step {
            Step::Index(n) if n < items.len() => walk_shape(items[n], walk.advance(), depth + 1),
            Step::Index(n) => Found::Error(
                path_so_far(Message::new().push("`"), &walk, walk.done + 1)
                    .push("`: the list has ")
                    .push_usize(items.len())
                    .push(" elements, there is no [")
                    .push_usize(n)
                    .push("]"),
            ),
            Step::Each => Found::Unknown,
            Step::Field(_) if walk.jsonata => Found::Unknown,
            Step::Field(_) => not_a(shape, &walk, "an object"),
        },
        Shape::OneOf(name, variants) => {
            let mut i = 0;
            while i < variants.len() {
                let found = walk_shape(variants[i], walk, depth + 1);
                if !matches!(found, Found::Error(_)) {
                    return found;
                }
                i += 1;
            }
            let mut m = path_so_far(Message::new().push("`"), &walk, walk.len)
                .push("`: no variant of `")
                .push(name)
                .push("` has it");
            // The message of the first variant, when there is one, says more.
            if let Some(v) = variants.first() {
                if let Found::Error(first) = walk_shape(v, walk, depth + 1) {
                    m = m.push(" (").push(first.as_str()).push(")");
                }
            }
            Found::Error(m)
        }
        Shape::Null | Shape::Bool | Shape::Integer | Shape::Number | Shape::String => {
            not_a(shape, &walk, "an object or a list")
        }
    }
}

const fn not_a(shape: &Shape, walk: &Walk, wanted: &str) -> Found {
    let m = path_so_far(Message::new().push("`"), walk, walk.done).push("` is ");
    let m = describe(m, shape).push(", not ").push(wanted).push(": `");
    let m = path_so_far(m, walk, walk.done + 1).push("` does not exist");
    Found::Error(m)
}

/// Walks a path in what flows to a point.
pub(super) const fn walk_flow(flow: &'static Flow, walk: Walk, depth: usize) -> Found {
    if walk.overflow || depth > 64 {
        return Found::Unknown;
    }
    match flow {
        Flow::Unknown => Found::Unknown,
        Flow::Of(shape) => walk_shape(shape, walk, 0),
        Flow::At(base, path) => walk_flow(base, walk.prepend(path), depth + 1),
        Flow::Set(base, path, value) => {
            // Does the path read what was set, or below it?
            let mut i = 0;
            while i < path.len() && i < walk.remaining() {
                match walk.steps[walk.done + i] {
                    Step::Field(name) if same(name, path[i]) => {}
                    _ => break,
                }
                i += 1;
            }
            if i == path.len() {
                let mut inner = walk;
                inner.done += path.len();
                return walk_flow(value, inner, depth + 1);
            }
            if i == walk.remaining() {
                // A parent of what was set: an object, changed.
                return Found::Unknown;
            }
            walk_flow(base, walk, depth + 1)
        }
        Flow::Object(builder, members) => {
            if walk.remaining() == 0 {
                return Found::Built;
            }
            match walk.next() {
                Step::Field(name) => {
                    let mut i = 0;
                    while i < members.len() {
                        if same(members[i].0, name) {
                            return walk_flow(members[i].1, walk.advance(), depth + 1);
                        }
                        i += 1;
                    }
                    let mut m = path_so_far(Message::new().push("`"), &walk, walk.done + 1)
                        .push("`: the object that ")
                        .push(builder)
                        .push(" builds has no field `")
                        .push(name)
                        .push("`");
                    let mut best = None;
                    let mut i = 0;
                    while i < members.len() {
                        best = closer(best, name, members[i].0);
                        i += 1;
                    }
                    m = match best {
                        Some((b, _)) => m.did_you_mean(b),
                        None => {
                            let mut m = m.push(" (its fields: ");
                            let mut i = 0;
                            while i < members.len() {
                                if i > 0 {
                                    m = m.push(", ");
                                }
                                m = m.push("`").push(members[i].0).push("`");
                                i += 1;
                            }
                            if members.is_empty() {
                                m = m.push("none");
                            }
                            m.push(")")
                        }
                    };
                    Found::Error(m)
                }
                Step::Each => Found::Unknown,
                Step::Index(_) => Found::Error(
                    path_so_far(Message::new().push("`"), &walk, walk.done)
                        .push("` is the object that ")
                        .push(builder)
                        .push(" builds, not a list"),
                ),
            }
        }
    }
}
