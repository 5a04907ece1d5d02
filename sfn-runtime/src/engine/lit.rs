//! What the struct literals of typed payloads are checked with: functions that give a value
//! of the field's type from a literal of a kind, so that rustc reports a literal of the wrong
//! kind under it. Never called.

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
