//! The JSON shapes of Rust types: what `#[derive(TaskInput)]` gives a type.
//!
//! `#[derive(TaskInput)]` describes a type as serde reads it from JSON: a [`Shape`] with the
//! serde names of its fields. `asl! { input: Order, ... }` checks each path that reads a
//! state's input against it when the crate compiles: the shape of what reaches the state (the
//! execution input, then what each state makes of it) is walked step by step, and an unknown
//! field stops the build under the path, with the field the type does have ("`$.order_id`:
//! `Order` has no field `order_id`; did you mean `orderId`?").
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

#[cfg(test)]
mod tests;
