//! The JSON shapes of Rust types, and the checks `asl!` hands to the compiler.
//!
//! `#[derive(TaskInput)]` describes a type as serde reads it from JSON: a [`Shape`] with the
//! serde names of its fields. `asl! { input: Order, ... }` turns each path that reads a
//! state's input into a constant that the compiler evaluates with [`check_path`]: the shape of
//! what reaches the state (a [`Flow`]: the execution input, then what each state makes of it)
//! is walked step by step, and an unknown field stops the build under the path, with the
//! field the type does have ("did you mean `orderId`?").
//!
//! ```
//! use sfn_runtime::shape::{Shape, TaskInput};
//!
//! #[derive(TaskInput)]
//! #[serde(rename_all = "camelCase")]
//! #[allow(dead_code)]
//! struct Order {
//!     order_id: String,
//!     items: Vec<Item>,
//! }
//!
//! #[derive(TaskInput)]
//! #[allow(dead_code)]
//! struct Item {
//!     sku: String,
//!     quantity: u32,
//! }
//!
//! let Shape::Object(order) = Order::SHAPE else { unreachable!() };
//! assert_eq!(order.name, "Order");
//! assert_eq!(order.fields[0].name, "orderId");
//! assert_eq!(order.fields[0].rust, "order_id");
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Derives [`TaskInput`](trait@TaskInput): the type's JSON shape, read from its
/// `#[serde(...)]` attributes the way serde's `Deserialize` reads them.
///
/// ```
/// use sfn_runtime::shape::{Shape, TaskInput};
///
/// #[derive(TaskInput)]
/// #[serde(tag = "kind", rename_all = "snake_case")]
/// #[allow(dead_code)]
/// enum Payment {
///     Card { last4: String },
///     BankTransfer { iban: String },
/// }
///
/// let Shape::OneOf(name, variants) = Payment::SHAPE else { unreachable!() };
/// assert_eq!((*name, variants.len()), ("Payment", 2));
/// ```
pub use sfn_macros::TaskInput;

/// A type whose JSON shape is known: derive it with `#[derive(TaskInput)]`.
///
/// Implemented for the usual field types: strings, numbers, `bool`, `Option`, `Vec` and
/// slices, sets, maps with string keys, `Box`/`Rc`/`Arc`, tuples and `serde_json::Value`
/// (any JSON).
///
/// ```
/// use sfn_runtime::shape::{Shape, TaskInput};
///
/// assert_eq!(<Vec<String> as TaskInput>::SHAPE, &Shape::List(&Shape::String));
/// assert_eq!(<Option<u32> as TaskInput>::SHAPE, &Shape::Optional(&Shape::Integer));
/// assert_eq!(<serde_json::Value as TaskInput>::SHAPE, &Shape::Any);
/// ```
pub trait TaskInput {
    /// The type's shape, as serde reads it from JSON.
    const SHAPE: &'static Shape;
}

/// The shape of a JSON value.
///
/// ```
/// use std::collections::HashMap;
/// use sfn_runtime::shape::{Shape, TaskInput};
///
/// assert_eq!(<HashMap<String, f64> as TaskInput>::SHAPE, &Shape::Map(&Shape::Number));
/// assert_eq!(<(String, bool) as TaskInput>::SHAPE, &Shape::Tuple(&[&Shape::String, &Shape::Bool]));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Any JSON value (`serde_json::Value`, or what cannot be known).
    Any,
    /// `null` (`()`, unit structs).
    Null,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// A string.
    String,
    /// A value of the inner shape, or `null` (`Option`).
    Optional(&'static Shape),
    /// A list of values of one shape (`Vec`, slices, sets).
    List(&'static Shape),
    /// A list of fixed length (tuples, tuple structs).
    Tuple(&'static [&'static Shape]),
    /// An object with any keys and values of one shape (`HashMap<String, V>`).
    Map(&'static Shape),
    /// An object with named fields (a struct).
    Object(&'static Object),
    /// One of several shapes (an enum: one per variant).
    OneOf(&'static str, &'static [&'static Shape]),
}

/// The fields of a struct, as serde reads them.
///
/// ```
/// use sfn_runtime::shape::{Shape, TaskInput};
///
/// #[derive(TaskInput)]
/// #[allow(dead_code)]
/// struct Photo { bucket: String, key: String }
///
/// let Shape::Object(photo) = Photo::SHAPE else { unreachable!() };
/// assert_eq!(photo.name, "Photo");
/// assert_eq!(photo.fields.iter().map(|f| f.name).collect::<Vec<_>>(), ["bucket", "key"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Object {
    /// The Rust type's name, for messages.
    pub name: &'static str,
    /// Its fields, in declaration order.
    pub fields: &'static [Field],
}

/// One field of an [`Object`].
///
/// ```
/// use sfn_runtime::shape::{FieldKind, Shape, TaskInput};
///
/// #[derive(TaskInput)]
/// #[allow(dead_code)]
/// struct Order {
///     #[serde(rename = "orderId", alias = "id")]
///     order_id: String,
///     note: Option<String>,
/// }
///
/// let Shape::Object(order) = Order::SHAPE else { unreachable!() };
/// let id = &order.fields[0];
/// assert_eq!((id.name, id.rust, id.aliases), ("orderId", "order_id", &["id"][..]));
/// assert!(id.required && id.kind == FieldKind::Normal);
/// assert!(!order.fields[1].required); // an `Option` may be absent
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The JSON name (after `rename` and `rename_all`).
    pub name: &'static str,
    /// Other names serde accepts (`alias`).
    pub aliases: &'static [&'static str],
    /// The Rust name (`0`, `1`, ... for tuple fields).
    pub rust: &'static str,
    /// The value's shape.
    pub shape: &'static Shape,
    /// Whether the JSON must have it (not `Option`, no `default`).
    pub required: bool,
    /// How serde treats it.
    pub kind: FieldKind,
}

/// How serde treats a field.
///
/// ```
/// use sfn_runtime::shape::{FieldKind, Shape, TaskInput};
///
/// #[derive(TaskInput)]
/// #[allow(dead_code)]
/// struct Job {
///     #[serde(skip)]
///     cache: Vec<u8>,
///     #[serde(flatten)]
///     common: Common,
/// }
///
/// #[derive(TaskInput)]
/// #[allow(dead_code)]
/// struct Common { id: String }
///
/// let Shape::Object(job) = Job::SHAPE else { unreachable!() };
/// assert_eq!(job.fields[0].kind, FieldKind::Skip);
/// assert_eq!(job.fields[1].kind, FieldKind::Flatten);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Read and written under its name.
    Normal,
    /// `#[serde(flatten)]`: its fields are the object's own.
    Flatten,
    /// `#[serde(skip)]` / `skip_deserializing`: never read from JSON.
    Skip,
    /// `#[serde(skip_serializing)]`: read, but not written.
    SkipSerializing,
}

macro_rules! leaf {
    ($shape:expr => $($t:ty),*) => {
        $(impl TaskInput for $t {
            const SHAPE: &'static Shape = &$shape;
        })*
    };
}

leaf!(Shape::String => String, str, char, std::path::PathBuf, std::net::IpAddr);
leaf!(Shape::Integer => u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
leaf!(Shape::Number => f32, f64);
leaf!(Shape::Bool => bool);
leaf!(Shape::Null => ());
leaf!(Shape::Any => serde_json::Value, serde_json::Map<String, serde_json::Value>);

impl<T: TaskInput + ?Sized> TaskInput for &T {
    const SHAPE: &'static Shape = T::SHAPE;
}
impl<T: TaskInput + ?Sized> TaskInput for Box<T> {
    const SHAPE: &'static Shape = T::SHAPE;
}
impl<T: TaskInput + ?Sized> TaskInput for std::rc::Rc<T> {
    const SHAPE: &'static Shape = T::SHAPE;
}
impl<T: TaskInput + ?Sized> TaskInput for std::sync::Arc<T> {
    const SHAPE: &'static Shape = T::SHAPE;
}
impl<T: TaskInput + ToOwned + ?Sized> TaskInput for std::borrow::Cow<'_, T> {
    const SHAPE: &'static Shape = T::SHAPE;
}
impl<T: TaskInput> TaskInput for Option<T> {
    const SHAPE: &'static Shape = &Shape::Optional(T::SHAPE);
}
impl<T: TaskInput> TaskInput for Vec<T> {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}
impl<T: TaskInput> TaskInput for std::collections::VecDeque<T> {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}
impl<T: TaskInput> TaskInput for [T] {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}
impl<T: TaskInput, const N: usize> TaskInput for [T; N] {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}
impl<T: TaskInput, S> TaskInput for HashSet<T, S> {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}
impl<T: TaskInput> TaskInput for BTreeSet<T> {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
}
impl<K: MapKey, V: TaskInput, S> TaskInput for HashMap<K, V, S> {
    const SHAPE: &'static Shape = &Shape::Map(V::SHAPE);
}
impl<K: MapKey, V: TaskInput> TaskInput for BTreeMap<K, V> {
    const SHAPE: &'static Shape = &Shape::Map(V::SHAPE);
}

/// Types serde writes as JSON object keys: the keys of the maps that implement [`TaskInput`].
///
/// ```
/// use std::collections::BTreeMap;
/// use sfn_runtime::shape::{Shape, TaskInput};
///
/// assert_eq!(<BTreeMap<u32, bool> as TaskInput>::SHAPE, &Shape::Map(&Shape::Bool));
/// ```
pub trait MapKey {}
impl MapKey for String {}
impl MapKey for &str {}
impl MapKey for std::borrow::Cow<'_, str> {}
impl MapKey for char {}
impl MapKey for bool {}
macro_rules! map_keys { ($($t:ty),*) => { $(impl MapKey for $t {})* }; }
map_keys!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

macro_rules! tuples {
    ($(($($t:ident),+)),*) => {
        $(impl<$($t: TaskInput),+> TaskInput for ($($t,)+) {
            const SHAPE: &'static Shape = &Shape::Tuple(&[$($t::SHAPE),+]);
        })*
    };
}
tuples!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

/// One step of a path: `.name`, `[3]`, or a step that reads every element (`[*]`, a slice, a
/// filter). `asl!` writes these; they are public for its expansion only.
#[doc(hidden)]
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
#[doc(hidden)]
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

/// The shape a path reaches.
// The message is built in constants, where nothing can be boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Copy)]
enum Found {
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
struct Walk {
    steps: [Step; MAX_STEPS],
    len: usize,
    /// How many leading steps are already walked (for messages: the path so far).
    done: usize,
    overflow: bool,
    /// JSONata navigation: a field step over a list reads the field of each element.
    jsonata: bool,
}

impl Walk {
    const fn new() -> Walk {
        Walk {
            steps: [Step::Each; MAX_STEPS],
            len: 0,
            done: 0,
            overflow: false,
            jsonata: false,
        }
    }

    const fn push_all(mut self, steps: &[Step]) -> Walk {
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

/// A message built at compile time (no allocation in constants).
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Message {
    buf: [u8; 400],
    len: usize,
}

impl Message {
    const fn new() -> Message {
        Message {
            buf: [0; 400],
            len: 0,
        }
    }

    const fn push(mut self, s: &str) -> Message {
        let bytes = s.as_bytes();
        // Cut at a character boundary so that the text stays UTF-8.
        let mut end = bytes.len();
        if self.len + end > self.buf.len() {
            end = self.buf.len() - self.len;
            while end > 0 && (bytes[end] & 0xC0) == 0x80 {
                end -= 1;
            }
        }
        let mut i = 0;
        while i < end {
            self.buf[self.len] = bytes[i];
            self.len += 1;
            i += 1;
        }
        self
    }

    const fn push_usize(self, n: usize) -> Message {
        let mut digits = [0u8; 20];
        let mut len = 0;
        let mut n = n;
        loop {
            digits[19 - len] = b'0' + (n % 10) as u8;
            len += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let (_, tail) = digits.split_at(20 - len);
        match std::str::from_utf8(tail) {
            Ok(s) => self.push(s),
            Err(_) => self,
        }
    }

    /// The text.
    pub const fn as_str(&self) -> &str {
        let (head, _) = self.buf.split_at(self.len);
        match std::str::from_utf8(head) {
            Ok(s) => s,
            Err(_) => "",
        }
    }
}

impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Message").field(&self.as_str()).finish()
    }
}

const fn eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `a` and `b` spelled alike: equal when lower-cased with `_` and `-` removed
/// (`order_id`, `orderId`, `OrderId`, `order-id`).
const fn alike(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        while i < a.len() && (a[i] == b'_' || a[i] == b'-') {
            i += 1;
        }
        while j < b.len() && (b[j] == b'_' || b[j] == b'-') {
            j += 1;
        }
        if i == a.len() || j == b.len() {
            return i == a.len() && j == b.len();
        }
        if !a[i].eq_ignore_ascii_case(&b[j]) {
            return false;
        }
        i += 1;
        j += 1;
    }
}

/// The edit distance between two short names (case-insensitive; a swap of two neighbours
/// counts as one edit), or `usize::MAX` when one is longer than 48 bytes.
const fn distance(a: &str, b: &str) -> usize {
    const N: usize = 48;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > N || b.len() > N {
        return usize::MAX;
    }
    let mut rows = [[0usize; N + 1]; N + 1];
    let mut i = 0;
    while i <= a.len() {
        rows[i][0] = i;
        i += 1;
    }
    let mut j = 0;
    while j <= b.len() {
        rows[0][j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        let mut j = 1;
        while j <= b.len() {
            let (x, y) = (a[i - 1].to_ascii_lowercase(), b[j - 1].to_ascii_lowercase());
            let cost = if x == y { 0 } else { 1 };
            let mut best = rows[i - 1][j - 1] + cost;
            if rows[i - 1][j] + 1 < best {
                best = rows[i - 1][j] + 1;
            }
            if rows[i][j - 1] + 1 < best {
                best = rows[i][j - 1] + 1;
            }
            if i > 1
                && j > 1
                && x == b[j - 2].to_ascii_lowercase()
                && a[i - 2].to_ascii_lowercase() == y
                && rows[i - 2][j - 2] + 1 < best
            {
                best = rows[i - 2][j - 2] + 1;
            }
            rows[i][j] = best;
            j += 1;
        }
        i += 1;
    }
    rows[a.len()][b.len()]
}

/// How close `candidate` is to `input` as a typo, lower is closer; `None` when it is not one.
/// The same rules as the validator's suggestions: spelled alike (case, `_`), then a small
/// edit distance.
const fn closeness(input: &str, candidate: &str) -> Option<usize> {
    if alike(input, candidate) {
        return Some(0);
    }
    let d = distance(input, candidate);
    let limit = if input.len() < 3 {
        0
    } else if input.len() < 6 {
        1
    } else {
        2
    };
    if d <= limit {
        Some(d)
    } else {
        None
    }
}

/// `best`, or `candidate` when it is a closer typo of `input`.
const fn closer(
    best: Option<(&'static str, usize)>,
    input: &str,
    candidate: &'static str,
) -> Option<(&'static str, usize)> {
    match (closeness(input, candidate), best) {
        (Some(d), Some((_, b))) if d >= b => best,
        (Some(d), _) => Some((candidate, d)),
        (None, _) => best,
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

/// Describes a shape in a few words: "a string", "a list", "`Order`".
const fn describe(m: Message, shape: &Shape) -> Message {
    match shape {
        Shape::Any => m.push("any value"),
        Shape::Null => m.push("null"),
        Shape::Bool => m.push("a boolean"),
        Shape::Integer => m.push("an integer"),
        Shape::Number => m.push("a number"),
        Shape::String => m.push("a string"),
        Shape::Optional(inner) => describe(m, inner).push(" or null"),
        Shape::List(item) => plural(m.push("a list of "), item),
        Shape::Tuple(_) => m.push("a list"),
        Shape::Map(_) => m.push("a map"),
        Shape::Object(o) => m.push("`").push(o.name).push("`"),
        Shape::OneOf(name, _) => m.push("`").push(name).push("`"),
    }
}

/// Describes the values of a list: "strings", "`Item`s".
const fn plural(m: Message, shape: &Shape) -> Message {
    match shape {
        Shape::Any => m.push("any values"),
        Shape::Null => m.push("nulls"),
        Shape::Bool => m.push("booleans"),
        Shape::Integer => m.push("integers"),
        Shape::Number => m.push("numbers"),
        Shape::String => m.push("strings"),
        Shape::Optional(inner) => plural(m, inner).push(" or nulls"),
        Shape::List(_) | Shape::Tuple(_) => m.push("lists"),
        Shape::Map(_) => m.push("maps"),
        Shape::Object(o) => m.push("`").push(o.name).push("`s"),
        Shape::OneOf(name, _) => m.push("`").push(name).push("`s"),
    }
}

/// Finds a field of an object by JSON name or alias, in flattened fields too.
const fn find_field(object: &Object, name: &str, depth: usize) -> Found {
    let mut i = 0;
    while i < object.fields.len() {
        let f = &object.fields[i];
        if matches!(f.kind, FieldKind::Normal | FieldKind::SkipSerializing) {
            if eq(f.name, name) {
                return Found::Shape(f.shape);
            }
            let mut a = 0;
            while a < f.aliases.len() {
                if eq(f.aliases[a], name) {
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
                        Some((best, _)) => m.push("; did you mean `").push(best).push("`?"),
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
const fn walk_flow(flow: &'static Flow, walk: Walk, depth: usize) -> Found {
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
                    Step::Field(name) if eq(name, path[i]) => {}
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
                        if eq(members[i].0, name) {
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
                        Some((b, _)) => m.push("; did you mean `").push(b).push("`?"),
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

/// What a parameter or field expects of the value a path gives.
#[doc(hidden)]
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
/// constants; a failure stops the build with the message under the path.
#[doc(hidden)]
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
#[doc(hidden)]
pub const fn check_jsonata_path(flow: &'static Flow, text: &str, steps: &[Step]) {
    let _ = text;
    let mut walk = Walk::new().push_all(steps);
    walk.jsonata = true;
    if let Found::Error(m) = walk_flow(flow, walk, 0) {
        panic!("{}", m.as_str());
    }
}

/// [`check_path`] against the shape a typed payload's field (by its Rust name) expects.
#[doc(hidden)]
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

/// A field of a struct shape by its Rust name.
const fn rust_field(shape: &'static Shape, rust: &str) -> Option<&'static Field> {
    if let Shape::Object(o) = shape {
        let mut i = 0;
        while i < o.fields.len() {
            if eq(o.fields[i].rust, rust) {
                return Some(&o.fields[i]);
            }
            i += 1;
        }
    }
    None
}

/// A piece of a definition whose JSON depends on types: `asl!` writes the definition as text
/// pieces and typed payloads, joined at compile time by [`join`].
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Piece {
    /// JSON text, written as is.
    Text(&'static str),
    /// A typed payload: the type's shape and its fields (Rust name, whether the value is a
    /// path, the value's pieces), written under their serde names.
    Typed(
        &'static Shape,
        &'static [(&'static str, bool, &'static [Piece])],
    ),
}

/// Writes `s` at `pos` when `out` has room (`out` is empty when only counting).
const fn put(out: &mut [u8], pos: usize, s: &[u8]) -> usize {
    if pos + s.len() <= out.len() {
        // A loop: `copy_from_slice` is const only from Rust 1.87.
        let mut i = 0;
        while i < s.len() {
            out[pos + i] = s[i];
            i += 1;
        }
    }
    pos + s.len()
}

/// Writes a JSON string (`"name"` or `"name.$"`) with JSON escapes.
const fn put_key(out: &mut [u8], pos: usize, name: &str, path: bool) -> usize {
    let mut pos = put(out, pos, b"\"");
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        pos = match b {
            b'"' => put(out, pos, b"\\\""),
            b'\\' => put(out, pos, b"\\\\"),
            b'\n' => put(out, pos, b"\\n"),
            b'\r' => put(out, pos, b"\\r"),
            b'\t' => put(out, pos, b"\\t"),
            0..=0x1f => {
                let digits = b"0123456789abcdef";
                let esc = [
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    digits[(b >> 4) as usize],
                    digits[(b & 0xF) as usize],
                ];
                put(out, pos, &esc)
            }
            _ => put(out, pos, &[b]),
        };
        i += 1;
    }
    if path {
        pos = put(out, pos, b".$");
    }
    put(out, pos, b"\"")
}

/// Writes pieces; `braces` is false for a flattened payload, whose fields join its parent's.
const fn put_pieces(out: &mut [u8], pos: usize, pieces: &[Piece], depth: usize) -> usize {
    let mut pos = pos;
    let mut i = 0;
    while i < pieces.len() {
        pos = match pieces[i] {
            Piece::Text(t) => put(out, pos, t.as_bytes()),
            Piece::Typed(shape, fields) => {
                let pos = put(out, pos, b"{");
                let (pos, _) = put_fields(out, pos, shape, fields, true, depth);
                put(out, pos, b"}")
            }
        };
        i += 1;
    }
    pos
}

/// Writes the fields of a typed payload, separated by commas; `first` says whether nothing
/// is written yet in the object (a flattened payload's fields join its parent's). Returns the
/// position and whether the object is still empty.
const fn put_fields(
    out: &mut [u8],
    pos: usize,
    shape: &'static Shape,
    fields: &[(&'static str, bool, &'static [Piece])],
    first: bool,
    depth: usize,
) -> (usize, bool) {
    if depth > 64 {
        panic!("typed payloads nested too deeply");
    }
    let mut pos = pos;
    let mut first = first;
    let mut i = 0;
    while i < fields.len() {
        let (rust, path, value) = fields[i];
        let (name, kind) = match rust_field(shape, rust) {
            Some(f) => (f.name, f.kind),
            None => (rust, FieldKind::Normal),
        };
        match kind {
            FieldKind::Skip => {}
            // Not written by the type's `Serialize`, but read by its `Deserialize`: the
            // function that receives the payload needs it.
            FieldKind::Normal | FieldKind::SkipSerializing => {
                if !first {
                    pos = put(out, pos, b",");
                }
                first = false;
                pos = put_key(out, pos, name, path);
                pos = put(out, pos, b":");
                pos = put_pieces(out, pos, value, depth + 1);
            }
            FieldKind::Flatten => match value {
                [Piece::Typed(inner, inner_fields)] => {
                    (pos, first) = put_fields(out, pos, inner, inner_fields, first, depth + 1);
                }
                _ => panic!(
                    "a flattened field of a typed payload takes a struct literal, not a path or a value"
                ),
            },
        }
        i += 1;
    }
    (pos, first)
}

/// The length of the pieces of a definition, joined.
#[doc(hidden)]
pub const fn joined_len(pieces: &[Piece]) -> usize {
    put_pieces(&mut [], 0, pieces, 0)
}

/// The pieces of a definition, joined; `N` is [`joined_len`].
#[doc(hidden)]
pub const fn join<const N: usize>(pieces: &[Piece]) -> [u8; N] {
    let mut out = [b' '; N];
    put_pieces(&mut out, 0, pieces, 0);
    out
}

/// The joined definition as text, without the padding.
#[doc(hidden)]
pub const fn joined_str(bytes: &[u8]) -> &str {
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1] == b' ' {
        end -= 1;
    }
    let (head, _) = bytes.split_at(end);
    match std::str::from_utf8(head) {
        Ok(s) => s,
        Err(_) => panic!("a definition that is not UTF-8"),
    }
}

/// What the struct literals of typed payloads are checked with: functions that give a value
/// of the field's type from a literal of a kind, so that rustc reports a literal of the wrong
/// kind under it. Never called.
#[doc(hidden)]
pub mod __lit {
    use std::borrow::Cow;
    use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

    /// Types a JSON string can be read into.
    #[diagnostic::on_unimplemented(
        message = "a string does not fit a field of type `{Self}`",
        label = "a string here"
    )]
    pub trait FromString {}
    /// Types a JSON integer can be read into.
    #[diagnostic::on_unimplemented(
        message = "an integer does not fit a field of type `{Self}`",
        label = "an integer here"
    )]
    pub trait FromInteger {}
    /// Types a JSON number with a fraction can be read into.
    #[diagnostic::on_unimplemented(
        message = "a number with a fraction does not fit a field of type `{Self}`",
        label = "a number here"
    )]
    pub trait FromNumber {}
    /// Types a JSON boolean can be read into.
    #[diagnostic::on_unimplemented(
        message = "a boolean does not fit a field of type `{Self}`",
        label = "a boolean here"
    )]
    pub trait FromBool {}
    /// Types `null` can be read into.
    #[diagnostic::on_unimplemented(
        message = "`null` does not fit a field of type `{Self}`; only `Option` fields take `null`",
        label = "`null` here"
    )]
    pub trait FromNull {}
    /// Types a JSON array can be read into, with the type of their elements.
    #[diagnostic::on_unimplemented(
        message = "a list does not fit a field of type `{Self}`",
        label = "a list here"
    )]
    pub trait FromList {
        /// The type of the elements.
        type Item;
    }
    /// Types a JSON object (other than a struct literal) can be read into.
    #[diagnostic::on_unimplemented(
        message = "an object does not fit a field of type `{Self}`; write a struct literal `Type {{ ... }}` for a struct",
        label = "an object here"
    )]
    pub trait FromObject {}

    macro_rules! marks {
        ($trait:ident: $($t:ty),*) => { $(impl $trait for $t {})* };
    }
    marks!(FromString: String, &str, Cow<'_, str>, Box<str>, std::path::PathBuf, serde_json::Value);
    marks!(FromInteger: u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64, serde_json::Value);
    marks!(FromNumber: f32, f64, serde_json::Value);
    marks!(FromBool: bool, serde_json::Value);
    marks!(FromNull: (), serde_json::Value);
    marks!(FromObject: serde_json::Value, serde_json::Map<String, serde_json::Value>);
    impl<T> FromNull for Option<T> {}
    impl<T: FromString> FromString for Option<T> {}
    impl<T: FromInteger> FromInteger for Option<T> {}
    impl<T: FromNumber> FromNumber for Option<T> {}
    impl<T: FromBool> FromBool for Option<T> {}
    impl<T: FromObject> FromObject for Option<T> {}
    impl<T: FromList> FromList for Option<T> {
        type Item = T::Item;
    }
    impl<T: FromString> FromString for Box<T> {}
    impl<T: FromObject> FromObject for Box<T> {}
    impl<K, V, S> FromObject for HashMap<K, V, S> {}
    impl<K, V> FromObject for BTreeMap<K, V> {}
    impl FromList for serde_json::Value {
        type Item = serde_json::Value;
    }
    impl<T> FromList for Vec<T> {
        type Item = T;
    }
    impl<T> FromList for VecDeque<T> {
        type Item = T;
    }
    impl<T, S> FromList for HashSet<T, S> {
        type Item = T;
    }
    impl<T> FromList for BTreeSet<T> {
        type Item = T;
    }

    /// A string literal as a field value.
    pub fn string<T: FromString>(_: &str) -> T {
        unreachable!("only type-checked")
    }
    /// An integer literal as a field value.
    pub fn integer<T: FromInteger>(_: i128) -> T {
        unreachable!("only type-checked")
    }
    /// A number literal with a fraction as a field value.
    pub fn number<T: FromNumber>(_: f64) -> T {
        unreachable!("only type-checked")
    }
    /// A boolean literal as a field value.
    pub fn boolean<T: FromBool>(_: bool) -> T {
        unreachable!("only type-checked")
    }
    /// `null` as a field value.
    pub fn null<T: FromNull>() -> T {
        unreachable!("only type-checked")
    }
    /// An array literal as a field value, with its elements.
    pub fn list<T: FromList, const N: usize>(_: [T::Item; N]) -> T {
        unreachable!("only type-checked")
    }
    /// An object literal as a field value.
    pub fn object<T: FromObject>() -> T {
        unreachable!("only type-checked")
    }
    /// A path or intrinsic call as a field value: its type is checked against the path's
    /// shape in a constant.
    pub fn path<T>() -> T {
        unreachable!("only type-checked")
    }
}

#[cfg(test)]
mod check_tests;
#[cfg(test)]
mod tests;
