//! Intrinsic functions (`States.Format(...)` and the rest) as Step Functions evaluates them in
//! JSONPath states.
//!
//! Step Functions runs on the JVM, and its results show it: the JSON values become Java
//! objects (`LinkedHashMap`, `ArrayList`, `Integer`, `Long`, `Double`, `String`), which
//! `States.Format` writes with `toString` (`{Arg1=1, Arg2=[]}`), which `States.ArrayUnique`
//! collects in a `java.util.HashSet` (so its order is the hash table's), and from which a
//! seeded `States.MathRandom` draws with `java.util.Random`. This module reproduces those
//! behaviours; each function's comment says which of them were seen in recorded executions
//! and which are inferred.
//!
//! Failures are `States.IntrinsicFailure`. Where AWS's cause is known ("Invalid arguments in
//! States.ArrayRange") the cause starts with it and goes on with what was wrong.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use serde_json::{Map, Number, Value};
use sfn_core::path::{Arg, Intrinsic, Path, HASH_ALGORITHMS, MAX_INTRINSIC_CALLS};
use sha2::Digest as _;

use crate::error::Failure;
use crate::rng::Rng;

/// The longest string (in UTF-16 units, Java's `String.length()`) that `States.Base64Encode`,
/// `States.Base64Decode` and `States.Hash` take.
const MAX_DATA_CHARS: usize = 10_000;

/// The most items `States.ArrayRange` may create.
const MAX_RANGE_ITEMS: i64 = 1000;

/// Evaluates an intrinsic function call. `read` resolves a path argument ($.x, $$.x, $var) to its value (it returns the Failure the executor wants when the path matches nothing).
///
/// Arguments are evaluated left to right and nested calls inside-out, so the first failing
/// argument decides the failure.
pub(crate) fn call(
    f: &Intrinsic,
    read: &mut dyn FnMut(&Path) -> Result<Value, Failure>,
    rng: &mut Rng,
) -> Result<Value, Failure> {
    eval(f, read, rng, 1)
}

/// Evaluates `f` at nesting level `depth` (1 for the outermost call).
fn eval(
    f: &Intrinsic,
    read: &mut dyn FnMut(&Path) -> Result<Value, Failure>,
    rng: &mut Rng,
    depth: usize,
) -> Result<Value, Failure> {
    // The parser already bounds nesting; this keeps a hand-built call from recursing deeply.
    if depth > MAX_INTRINSIC_CALLS {
        return Err(Failure::intrinsic(format!(
            "Too many nested intrinsic functions: at most {MAX_INTRINSIC_CALLS} are allowed"
        )));
    }
    let mut values = Vec::with_capacity(f.args.len());
    for arg in &f.args {
        values.push(match arg {
            Arg::String(s) => Value::String(s.clone()),
            Arg::Number(text) => number_literal(text)?,
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Null => Value::Null,
            Arg::Path(p) => read(p)?,
            Arg::Call(inner) => eval(inner, read, rng, depth + 1)?,
            // A deployment tool fills it in; a definition run with it still there cannot
            // know its value.
            Arg::Placeholder(name) => {
                return Err(Failure::intrinsic(format!(
                    "The argument ${{{name}}} of {} is a placeholder that was not substituted",
                    f.name
                )))
            }
        });
    }
    let args = Args {
        name: &f.name,
        values,
    };
    apply(f, &args, rng)
}

/// Runs the function `f` names on its evaluated arguments.
fn apply(f: &Intrinsic, args: &Args<'_>, rng: &mut Rng) -> Result<Value, Failure> {
    match f.name.as_str() {
        "States.Format" => format(args, matches!(f.args.first(), Some(Arg::String(_)))),
        "States.StringToJson" => string_to_json(args),
        "States.JsonToString" => json_to_string(args),
        "States.Array" => Ok(Value::Array(args.values.clone())),
        "States.ArrayPartition" => array_partition(args),
        "States.ArrayContains" => array_contains(args),
        "States.ArrayRange" => array_range(args),
        "States.ArrayGetItem" => array_get_item(args),
        "States.ArrayLength" => array_length(args),
        "States.ArrayUnique" => array_unique(args),
        "States.Base64Encode" => base64_encode(args),
        "States.Base64Decode" => base64_decode(args),
        "States.Hash" => hash(args),
        "States.JsonMerge" => json_merge(args),
        "States.MathRandom" => math_random(args, rng),
        "States.MathAdd" => math_add(args),
        "States.StringSplit" => string_split(args),
        "States.UUID" => {
            args.count(0, Some(0))?;
            Ok(Value::String(rng.uuid()))
        }
        other => Err(Failure::intrinsic(format!(
            "'{other}' is not an intrinsic function"
        ))),
    }
}

/// The value of a number literal: an integer when written as one and it fits, else a double
/// (as a JSON parser on the JVM reads it).
fn number_literal(text: &str) -> Result<Value, Failure> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = text.parse::<u64>() {
            return Ok(Value::from(u));
        }
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| Failure::intrinsic(format!("The number {text} is out of range")))
}

/// The failure of a function that refuses its arguments; AWS's cause begins with
/// "Invalid arguments in States.X".
fn invalid(name: &str, detail: impl fmt::Display) -> Failure {
    Failure::intrinsic(format!("Invalid arguments in {name}: {detail}"))
}

/// How a value's type is named in causes.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The evaluated arguments of one call, with the function's name for causes.
struct Args<'a> {
    name: &'a str,
    values: Vec<Value>,
}

impl Args<'_> {
    /// Checks the argument count (`max` `None`: no limit).
    fn count(&self, min: usize, max: Option<usize>) -> Result<(), Failure> {
        let n = self.values.len();
        if n >= min && max.is_none_or(|m| n <= m) {
            return Ok(());
        }
        let expected = match max {
            Some(m) if m == min => format!("exactly {min}"),
            Some(m) => format!("{min} to {m}"),
            None => format!("at least {min}"),
        };
        Err(invalid(
            self.name,
            format_args!("it takes {expected} arguments, but {n} were given"),
        ))
    }

    /// Argument `i` (0-based).
    fn get(&self, i: usize) -> Result<&Value, Failure> {
        self.values
            .get(i)
            .ok_or_else(|| invalid(self.name, format_args!("argument {} is missing", i + 1)))
    }

    /// The failure for argument `i` not being `wanted`.
    fn wrong(&self, i: usize, wanted: &str, got: &Value) -> Failure {
        invalid(
            self.name,
            format_args!(
                "argument {} must be {wanted}, not {}",
                i + 1,
                type_name(got)
            ),
        )
    }

    fn string(&self, i: usize) -> Result<&str, Failure> {
        match self.get(i)? {
            Value::String(s) => Ok(s),
            other => Err(self.wrong(i, "a string", other)),
        }
    }

    fn array(&self, i: usize) -> Result<&[Value], Failure> {
        match self.get(i)? {
            Value::Array(a) => Ok(a),
            other => Err(self.wrong(i, "an array", other)),
        }
    }

    fn object(&self, i: usize) -> Result<&Map<String, Value>, Failure> {
        match self.get(i)? {
            Value::Object(m) => Ok(m),
            other => Err(self.wrong(i, "a JSON object", other)),
        }
    }

    fn number(&self, i: usize) -> Result<&Number, Failure> {
        match self.get(i)? {
            Value::Number(n) => Ok(n),
            other => Err(self.wrong(i, "a number", other)),
        }
    }

    /// Argument `i` as a Java `int`: a number, its fraction truncated toward zero (AWS turns
    /// 1.6 into 1 and -0.6 into 0), inside the `int` range.
    fn int(&self, i: usize) -> Result<i32, Failure> {
        let n = self.number(i)?;
        let truncated = match (n.as_i64(), n.as_f64()) {
            (Some(v), _) => Some(v),
            (None, Some(f)) if n.is_f64() => Some(f.trunc())
                .filter(|t| t.abs() < 9.3e18)
                .map(|t| t as i64),
            _ => None,
        };
        truncated
            .and_then(|v| i32::try_from(v).ok())
            .ok_or_else(|| {
                invalid(
                    self.name,
                    format_args!(
                        "argument {} must be an integer between {} and {}",
                        i + 1,
                        i32::MIN,
                        i32::MAX
                    ),
                )
            })
    }
}

// ---------------------------------------------------------------------------------------
// Strings and JSON text
// ---------------------------------------------------------------------------------------

/// `States.Format(template, values...)`: each `{}` of the template replaced by the next
/// value as Java's `toString` writes it: strings raw, `null` as `null`, numbers as Java
/// prints them, objects as `{a=1, b=[x, y]}` and arrays as `[1, 2]` (recorded:
/// `{Arg1=1, Arg2=[]}`).
///
/// A literal template's `\{` and `\}` escapes are resolved by the parser, which checked that
/// its live `{}` count matches the values. When the literal holds more `{}` than values,
/// some of them were written `\{\}`; the parsed value no longer tells which, so the first
/// ones are taken as the placeholders. A template read from a path or returned by a call
/// has no escapes: its `{}` count must match the values.
fn format(args: &Args<'_>, literal_template: bool) -> Result<Value, Failure> {
    args.count(1, None)?;
    let template = args.string(0)?;
    let values = args.values.get(1..).unwrap_or_default();
    let holes = template.matches("{}").count();
    if holes < values.len() || (holes > values.len() && !literal_template) {
        return Err(invalid(
            args.name,
            format_args!(
                "the template has {holes} '{{}}' placeholder(s) but {} value(s) follow",
                values.len()
            ),
        ));
    }
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    for value in values {
        let Some((before, after)) = rest.split_once("{}") else {
            break;
        };
        out.push_str(before);
        java_text(value, &mut out);
        rest = after;
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

/// `States.StringToJson(text)`: the JSON value the text holds. As Step Functions' JSON
/// reader does, an empty (or blank) string gives `null` and text after the first value is
/// ignored.
fn string_to_json(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(1, Some(1))?;
    let text = args.string(0)?;
    if text.trim().is_empty() {
        return Ok(Value::Null);
    }
    match serde_json::Deserializer::from_str(text)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(v)) => Ok(v),
        Some(Err(e)) => Err(invalid(
            args.name,
            format_args!("the string is not valid JSON: {e}"),
        )),
        None => Ok(Value::Null),
    }
}

/// `States.JsonToString(path)`: compact JSON text (recorded: `{"Arg1":1,"Arg2":[]}`,
/// `"HelloWorld"` with its quotes, `1.1`, `null`).
fn json_to_string(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(1, Some(1))?;
    let mut out = String::new();
    write_json(args.get(0)?, &mut out);
    Ok(Value::String(out))
}

/// `States.StringSplit(text, delimiters)`: the text split at every character of the
/// delimiter string, empty pieces dropped (as `java.util.StringTokenizer` does; AWS returns
/// `[]` for an empty string and no empty piece between adjacent delimiters).
fn string_split(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(2, Some(2))?;
    let text = args.string(0)?;
    let delimiters = args.string(1)?;
    let pieces = text
        .split(|c: char| delimiters.contains(c))
        .filter(|piece| !piece.is_empty())
        .map(|piece| Value::String(piece.to_string()))
        .collect();
    Ok(Value::Array(pieces))
}

/// `States.JsonMerge(a, b, false)`: a shallow merge, `b`'s keys replacing `a`'s (a key
/// already in `a` keeps its place). Deep merging (`true`) is not supported by Step
/// Functions; any other third value merges shallowly (AWS accepts the string `'false'`).
fn json_merge(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(3, Some(3))?;
    let first = args.object(0)?;
    let second = args.object(1)?;
    if args.get(2)? == &Value::Bool(true) {
        return Err(invalid(
            args.name,
            "deep merging is not supported: the third argument must be false",
        ));
    }
    let mut merged = first.clone();
    for (k, v) in second {
        merged.insert(k.clone(), v.clone());
    }
    Ok(Value::Object(merged))
}

// ---------------------------------------------------------------------------------------
// Arrays
// ---------------------------------------------------------------------------------------

/// `States.ArrayPartition(array, size)`: chunks of `size` items, the last one shorter. The
/// size is truncated to an integer (AWS: 2.6 gives chunks of 2) and must be positive.
fn array_partition(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(2, Some(2))?;
    let items = args.array(0)?;
    let size = args.int(1)?;
    let size = usize::try_from(size)
        .ok()
        .filter(|&s| s > 0)
        .ok_or_else(|| invalid(args.name, "the chunk size must be a positive integer"))?;
    let chunks = items
        .chunks(size)
        .map(|chunk| Value::Array(chunk.to_vec()))
        .collect();
    Ok(Value::Array(chunks))
}

/// `States.ArrayContains(array, value)`: whether an item is written, by Java's `toString`,
/// as the value is. AWS compares that way: `true` matches `"true"`, and `{"a":1,"b":2}`
/// does not match `{"b":2,"a":1}`.
fn array_contains(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(2, Some(2))?;
    let items = args.array(0)?;
    let target = java_string(args.get(1)?);
    Ok(Value::Bool(
        items.iter().any(|item| java_string(item) == target),
    ))
}

/// `States.ArrayRange(first, last, step)`: `first`, `first + step`, ... up to `last`
/// inclusive. The arguments are truncated to integers (AWS: `(1.6, 1.4, 1)` gives `[1]`);
/// the step must not be 0 and the range may hold at most 1000 items. A step pointing away
/// from `last` gives `[]`.
fn array_range(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(3, Some(3))?;
    let first = i64::from(args.int(0)?);
    let last = i64::from(args.int(1)?);
    let step = i64::from(args.int(2)?);
    if step == 0 {
        return Err(invalid(args.name, "the step must not be 0"));
    }
    let items = if (step > 0 && first > last) || (step < 0 && first < last) {
        0
    } else {
        (last - first) / step + 1
    };
    if items > MAX_RANGE_ITEMS {
        return Err(invalid(
            args.name,
            format_args!(
                "the range would hold {items} items; at most {MAX_RANGE_ITEMS} are allowed"
            ),
        ));
    }
    let values = (0..items).map(|k| Value::from(first + k * step)).collect();
    Ok(Value::Array(values))
}

/// `States.ArrayGetItem(array, index)`: the item at the index, truncated to an integer
/// (AWS: 1.2 reads item 1). An index outside the array fails, except that AWS returns
/// `null` for any non-negative index into an empty array.
fn array_get_item(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(2, Some(2))?;
    let items = args.array(0)?;
    let index = args.int(1)?;
    let Ok(at) = usize::try_from(index) else {
        return Err(invalid(
            args.name,
            format_args!("the index {index} is negative"),
        ));
    };
    if items.is_empty() {
        return Ok(Value::Null);
    }
    items.get(at).cloned().ok_or_else(|| {
        invalid(
            args.name,
            format_args!(
                "the index {index} is out of bounds for an array of {} items",
                items.len()
            ),
        )
    })
}

/// `States.ArrayLength(array)`.
fn array_length(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(1, Some(1))?;
    Ok(Value::from(args.array(0)?.len()))
}

/// `States.ArrayUnique(array)`: the distinct items in the order a `java.util.HashSet` built
/// from the array iterates them, which is how AWS returns them (`[true, false, true]` gives
/// `[false, true]`, `[[1,2],[1,2],[2,1]]` gives `[[2,1],[1,2]]`): by hash bucket, and
/// within a bucket in first-seen order. Items are equal as Java objects are: objects
/// regardless of key order, `1` and `1.0` distinct.
fn array_unique(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(1, Some(1))?;
    let items = args.array(0)?;
    let table = hash_set_table_size(items.len());
    // Distinct items by Java hash, as indexes into `firsts`.
    let mut by_hash: HashMap<i32, Vec<usize>> = HashMap::new();
    let mut firsts: Vec<(usize, &Value)> = Vec::new();
    for item in items {
        let h = java_hash(item);
        let same_hash = by_hash.entry(h).or_default();
        let seen = same_hash
            .iter()
            .any(|&k| firsts.get(k).is_some_and(|(_, v)| *v == item));
        if !seen {
            same_hash.push(firsts.len());
            firsts.push((bucket(h, table), item));
        }
    }
    // Stable: first-seen order within a bucket.
    firsts.sort_by_key(|&(b, _)| b);
    Ok(Value::Array(
        firsts.into_iter().map(|(_, v)| v.clone()).collect(),
    ))
}

/// The bucket count of `new HashSet<>(collection)` for a collection of `len` items (JDK 8 to
/// 18: `max((int) (len / .75f) + 1, 16)`, rounded up to a power of two); adding the
/// distinct items never grows it.
fn hash_set_table_size(len: usize) -> usize {
    let wanted = ((len as f32 / 0.75) as u64).saturating_add(1).max(16);
    wanted.min(1 << 30).next_power_of_two() as usize
}

/// The `HashMap` bucket of a Java hash code in a table of `table` (a power of two) buckets.
fn bucket(hash: i32, table: usize) -> usize {
    let h = hash as u32;
    (h ^ (h >> 16)) as usize & (table - 1)
}

/// The Java `hashCode` of a value as a Java object: `null` 0, `Boolean` 1231/1237, `Integer`
/// (or `Long`, `BigInteger`, `Double`), `String` over UTF-16 units, `List` and `Map` as
/// their interfaces define.
fn java_hash(v: &Value) -> i32 {
    match v {
        Value::Null => 0,
        Value::Bool(true) => 1231,
        Value::Bool(false) => 1237,
        Value::Number(n) => number_hash(n),
        Value::String(s) => string_hash(s),
        Value::Array(items) => items
            .iter()
            .fold(1i32, |h, e| h.wrapping_mul(31).wrapping_add(java_hash(e))),
        Value::Object(m) => m.iter().fold(0i32, |h, (k, v)| {
            h.wrapping_add(string_hash(k) ^ java_hash(v))
        }),
    }
}

/// `String.hashCode()`.
fn string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// The hash of a number as the JVM's JSON reader types it: `Integer` when it fits, else
/// `Long`, `BigInteger` beyond that, and `Double` for fractions.
fn number_hash(n: &Number) -> i32 {
    if let Some(i) = n.as_i64() {
        if let Ok(small) = i32::try_from(i) {
            return small;
        }
        let u = i as u64;
        return (u ^ (u >> 32)) as i32;
    }
    if let Some(u) = n.as_u64() {
        // A BigInteger of two 32-bit words.
        let (hi, lo) = ((u >> 32) as i32, u as i32);
        return hi.wrapping_mul(31).wrapping_add(lo);
    }
    let bits = n.as_f64().unwrap_or(0.0).to_bits();
    (bits ^ (bits >> 32)) as i32
}

// ---------------------------------------------------------------------------------------
// Encoding and hashing
// ---------------------------------------------------------------------------------------

/// A standard-alphabet decoder that takes input without padding and ignores stray bits in
/// the last character, for the lenient decoding below.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone),
);

/// A string argument of at most [`MAX_DATA_CHARS`] UTF-16 units.
fn data_string<'a>(args: &'a Args<'_>, i: usize) -> Result<&'a str, Failure> {
    let s = args.string(i)?;
    check_data_length(args.name, s)?;
    Ok(s)
}

fn check_data_length(name: &str, s: &str) -> Result<(), Failure> {
    if s.len() > MAX_DATA_CHARS && s.encode_utf16().count() > MAX_DATA_CHARS {
        return Err(invalid(
            name,
            format_args!("the input is longer than {MAX_DATA_CHARS} characters"),
        ));
    }
    Ok(())
}

/// `States.Base64Encode(text)`: the UTF-8 bytes in standard, padded Base64.
fn base64_encode(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(1, Some(1))?;
    let text = data_string(args, 0)?;
    Ok(Value::String(
        base64::engine::general_purpose::STANDARD.encode(text),
    ))
}

/// `States.Base64Decode(base64)`: the decoded bytes read as UTF-8 (invalid sequences become
/// U+FFFD). Decoding is as lenient as AWS's MIME decoder: characters outside the Base64
/// alphabets are skipped (spaces, `!`), `-` and `_` count as `+` and `/`, decoding stops at
/// the first `=`, and a missing padding or a dangling last character is tolerated.
fn base64_decode(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(1, Some(1))?;
    let text = data_string(args, 0)?;
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '=' => break,
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' => clean.push(c),
            '-' => clean.push('+'),
            '_' => clean.push('/'),
            _ => {}
        }
    }
    // A lone character in the last group holds fewer than 8 bits: no byte.
    if clean.len() % 4 == 1 {
        clean.pop();
    }
    let bytes = LENIENT_BASE64
        .decode(clean.as_bytes())
        .map_err(|e| invalid(args.name, format_args!("the input is not Base64: {e}")))?;
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

/// `States.Hash(data, algorithm)`: the lowercase hex digest of the data's UTF-8 bytes. A
/// non-string data value is hashed as Java's `toString` writes it (AWS hashes numbers and
/// objects rather than refusing them); the algorithm is one of [`HASH_ALGORITHMS`], exactly.
fn hash(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(2, Some(2))?;
    let data: Cow<'_, str> = match args.get(0)? {
        Value::String(s) => Cow::Borrowed(s),
        other => Cow::Owned(java_string(other)),
    };
    check_data_length(args.name, &data)?;
    let algorithm = args.string(1)?;
    match digest(data.as_bytes(), algorithm) {
        Some(d) => Ok(Value::String(d)),
        None => Err(invalid(
            args.name,
            format_args!(
                "'{algorithm}' is not a supported algorithm (supported: {})",
                HASH_ALGORITHMS.join(", ")
            ),
        )),
    }
}

/// The lowercase hex digest of `bytes` with one of [`HASH_ALGORITHMS`] (`States.Hash` and
/// JSONata's `$hash` take the same ones), `None` for any other algorithm.
pub(crate) fn digest(bytes: &[u8], algorithm: &str) -> Option<String> {
    Some(match algorithm {
        "MD5" => hex(&md5::Md5::digest(bytes)),
        "SHA-1" => hex(&sha1::Sha1::digest(bytes)),
        "SHA-256" => hex(&sha2::Sha256::digest(bytes)),
        "SHA-384" => hex(&sha2::Sha384::digest(bytes)),
        "SHA-512" => hex(&sha2::Sha512::digest(bytes)),
        _ => return None,
    })
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

// ---------------------------------------------------------------------------------------
// Math
// ---------------------------------------------------------------------------------------

/// `States.MathAdd(a, b)`: each argument rounded half up as Java's `Math.round` does
/// (recorded: 1.5 -> 2, -1.5 -> -1, 2.5 -> 3, -3.5 -> -3), then added. The arguments and
/// the sum must fit a Java `int`.
fn math_add(args: &Args<'_>) -> Result<Value, Failure> {
    args.count(2, Some(2))?;
    let a = rounded_int(args, 0)?;
    let b = rounded_int(args, 1)?;
    let sum = a.checked_add(b).ok_or_else(|| {
        invalid(
            args.name,
            format_args!("the sum of {a} and {b} is outside the integer range"),
        )
    })?;
    Ok(Value::from(sum))
}

/// Argument `i` rounded half up to an `int`.
fn rounded_int(args: &Args<'_>, i: usize) -> Result<i32, Failure> {
    let n = args.number(i)?;
    let rounded = match n.as_i64() {
        Some(v) => Some(v),
        None => n
            .as_f64()
            .map(java_round)
            .filter(|r| r.abs() < 9.3e18)
            .map(|r| r as i64),
    };
    rounded.and_then(|v| i32::try_from(v).ok()).ok_or_else(|| {
        invalid(
            args.name,
            format_args!(
                "argument {} must be between {} and {}",
                i + 1,
                i32::MIN,
                i32::MAX
            ),
        )
    })
}

/// Java's `Math.round`: the nearest integer, halves toward positive infinity.
fn java_round(x: f64) -> f64 {
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`. The bounds are
/// truncated to integers and `start` must be below `end`. With a seed the number is
/// `new java.util.Random(seed).nextInt(end - start) + start`, as on AWS (seed 42 over
/// `[-5, 5)` gives -5); without one it comes from the executor's generator.
fn math_random(args: &Args<'_>, rng: &mut Rng) -> Result<Value, Failure> {
    args.count(2, Some(3))?;
    let start = args.int(0)?;
    let end = args.int(1)?;
    let seed = match args.values.get(2) {
        Some(_) => Some(java_long(args.number(2)?)),
        None => None,
    };
    if start >= end {
        return Err(invalid(
            args.name,
            format_args!("the start ({start}) must be less than the end ({end})"),
        ));
    }
    let value = match seed {
        Some(seed) => {
            let bound = end
                .checked_sub(start)
                .ok_or_else(|| invalid(args.name, "the range from start to end is too large"))?;
            i64::from(start) + i64::from(JavaRandom::new(seed).next_int(bound))
        }
        None => rng.range(i64::from(start), i64::from(end)),
    };
    Ok(Value::from(value))
}

/// A number as a Java `long` seed: fractions truncated, out-of-range doubles saturated.
fn java_long(n: &Number) -> i64 {
    match (n.as_i64(), n.as_u64()) {
        (Some(v), _) => v,
        (None, Some(u)) => u as i64,
        _ => n.as_f64().map_or(0, |f| f as i64),
    }
}

/// `java.util.Random`: the 48-bit linear congruential generator, as far as `nextInt(bound)`.
#[derive(Debug)]
struct JavaRandom(u64);

impl JavaRandom {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;

    fn new(seed: i64) -> Self {
        JavaRandom((seed as u64 ^ Self::MULTIPLIER) & Self::MASK)
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.0 = self.0.wrapping_mul(Self::MULTIPLIER).wrapping_add(0xB) & Self::MASK;
        (self.0 >> (48 - bits)) as i32
    }

    /// A number in `[0, bound)`; `bound` must be positive.
    fn next_int(&mut self, bound: i32) -> i32 {
        if bound <= 0 {
            return 0;
        }
        if bound & bound.wrapping_neg() == bound {
            return ((i64::from(bound) * i64::from(self.next(31))) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let value = bits % bound;
            // Java rejects the draws whose `bits - value + (bound - 1)` overflows.
            if bits.wrapping_sub(value).wrapping_add(bound - 1) >= 0 {
                return value;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Values as the JVM writes them
// ---------------------------------------------------------------------------------------

/// A value as Java's `String.valueOf` writes the object it becomes.
fn java_string(v: &Value) -> String {
    let mut out = String::new();
    java_text(v, &mut out);
    out
}

/// Appends a value as Java's `toString` writes it: `{a=1, b=[x, null]}`.
fn java_text(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => java_number(n, out),
        Value::String(s) => out.push_str(s),
        Value::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                java_text(item, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (k, (key, item)) in m.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                out.push_str(key);
                out.push('=');
                java_text(item, out);
            }
            out.push('}');
        }
    }
}

/// Appends compact JSON text, with doubles as Java writes them (`1.0E20`).
fn write_json(v: &Value, out: &mut String) {
    match v {
        Value::Null | Value::Bool(_) => java_text(v, out),
        Value::Number(n) => java_number(n, out),
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string()),
        Value::Array(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (k, (key, item)) in m.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_json(item, out);
            }
            out.push('}');
        }
    }
}

/// Appends a number: integers in decimal, doubles as `Double.toString` writes them.
fn java_number(n: &Number, out: &mut String) {
    match n.as_f64().filter(|_| n.is_f64()) {
        Some(f) => out.push_str(&java_double(f)),
        None => out.push_str(&n.to_string()),
    }
}

/// `Double.toString`: plain notation with at least one fraction digit for magnitudes in
/// `[1e-3, 1e7)`, else `d.dddE±n`; the shortest digits that read back as the same double.
fn java_double(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "1.2345e-5", "1e20".
    let sci = format!("{:e}", x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::with_capacity(digits.len() + 8);
    if x < 0.0 {
        out.push('-');
    }
    if (1e-3..1e7).contains(&x.abs()) {
        // Here the exponent is between -3 and 6.
        let int_len = usize::try_from(exponent + 1).unwrap_or(0);
        if int_len > 0 {
            let (int_part, fraction) = digits.split_at(int_len.min(digits.len()));
            out.push_str(int_part);
            out.extend(std::iter::repeat_n('0', int_len - int_part.len()));
            out.push('.');
            out.push_str(if fraction.is_empty() { "0" } else { fraction });
        } else {
            out.push_str("0.");
            let zeros = usize::try_from(-exponent - 1).unwrap_or(0);
            out.extend(std::iter::repeat_n('0', zeros));
            out.push_str(&digits);
        }
    } else {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        out.push('.');
        out.push_str(if rest.is_empty() { "0" } else { rest });
        out.push('E');
        out.push_str(&exponent.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sfn_core::path::{parse_intrinsic, Root, Segment};

    /// What paths read: the state input (`$`), the Context object (`$$`) and variables.
    struct Env {
        input: Value,
        context: Value,
        vars: Value,
    }

    impl Env {
        fn new(input: Value) -> Self {
            Env {
                input,
                context: json!({}),
                vars: json!({}),
            }
        }

        fn read(&self, p: &Path) -> Result<Value, Failure> {
            let mut node = match &p.root {
                Root::Input => &self.input,
                Root::Context => &self.context,
                Root::Variable(name) => self.vars.get(name).unwrap_or(&Value::Null),
            };
            for segment in &p.segments {
                let next = match segment {
                    Segment::Field(name) => node.get(name),
                    Segment::Index(i) => usize::try_from(*i).ok().and_then(|i| node.get(i)),
                    _ => None,
                };
                node = next.ok_or_else(|| {
                    Failure::runtime(format!("The JSONPath '{p}' could not be found"))
                })?;
            }
            Ok(node.clone())
        }

        fn run(&self, expr: &str) -> Result<Value, Failure> {
            let f = parse_intrinsic(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
            let mut read = |p: &Path| self.read(p);
            call(&f, &mut read, &mut Rng::new(7))
        }
    }

    fn run(expr: &str, input: Value) -> Result<Value, Failure> {
        Env::new(input).run(expr)
    }

    #[test]
    fn an_unsubstituted_placeholder_argument_fails_the_call() {
        let f = fails(
            "States.ArrayGetItem($.list, ${Index})",
            json!({"list": [1]}),
        );
        assert_eq!(f.error, "States.IntrinsicFailure");
        assert!(f.cause.contains("${Index}"), "{}", f.cause);
    }

    fn path_arg(text: &str) -> Arg {
        Arg::Path(sfn_core::path::parse_path(text).unwrap_or_else(|e| panic!("{text}: {e}")))
    }

    fn ok(expr: &str, input: Value) -> Value {
        run(expr, input).unwrap_or_else(|f| panic!("{expr}: {f}"))
    }

    fn fails(expr: &str, input: Value) -> Failure {
        match run(expr, input) {
            Ok(v) => panic!("{expr} gave {v}"),
            Err(f) => f,
        }
    }

    /// `Pass` with `Parameters: {"FunctionResult.$": expr}` over `{"FunctionInput": input}`.
    fn function_result(expr: &str, input: Value) -> Value {
        ok(expr, json!({ "FunctionInput": input }))
    }

    // --- Recorded executions against AWS (conformance-exec/executions.jsonl) ------------

    #[test]
    fn recorded_json_to_string() {
        let expr = "States.JsonToString($.FunctionInput)";
        for (input, text) in [
            (json!(null), "null"),
            (json!(0), "0"),
            (json!(1), "1"),
            (json!(1.1), "1.1"),
            (json!(true), "true"),
            (json!("HelloWorld"), "\"HelloWorld\""),
            (json!([1, 2, "HelloWorld"]), "[1,2,\"HelloWorld\"]"),
            (json!({"Arg1": 1, "Arg2": []}), "{\"Arg1\":1,\"Arg2\":[]}"),
        ] {
            assert_eq!(function_result(expr, input), json!(text));
        }
    }

    #[test]
    fn recorded_format_writes_values_as_java_does() {
        let expr = "States.Format('Formatting arguments fst={} and snd={}.', \
                    $.FunctionInput.fst, $.FunctionInput.snd)";
        for (value, written) in [
            (json!(""), ""),
            (json!(" "), " "),
            (json!("HelloWorld"), "HelloWorld"),
            (json!(null), "null"),
            (json!(1), "1"),
            (json!(1.1), "1.1"),
            (
                json!("{\"Arg1\": 1, \"Arg2\": []}"),
                "{\"Arg1\": 1, \"Arg2\": []}",
            ),
            (json!({"Arg1": 1, "Arg2": []}), "{Arg1=1, Arg2=[]}"),
        ] {
            let out = function_result(expr, json!({ "fst": value, "snd": value }));
            let want = format!("Formatting arguments fst={written} and snd={written}.");
            assert_eq!(out, json!(want));
        }
    }

    #[test]
    fn recorded_format_in_fail_state_and_map() {
        let input = json!({"Cause": "cause string", "Error": "error string"});
        assert_eq!(
            ok(
                "States.Format('This is a custom error message for {}, caused by {}.', $.Error, $.Cause)",
                input.clone()
            ),
            json!("This is a custom error message for error string, caused by cause string.")
        );
        assert_eq!(
            ok("States.Format('{}', $.Error)", input),
            json!("error string")
        );

        // A template from a variable and from the input, the value from $$.Map.Item.Value.
        let mut env = Env::new(json!({"AnswerTemplate": "It's {}!"}));
        env.vars = json!({"AnswerTemplate": "It's {}!"});
        for name in ["Charizard", "Pikachu", "Squirtle"] {
            env.context = json!({"Map": {"Item": {"Index": 0, "Value": name}}});
            let want = json!(format!("It's {name}!"));
            let by_var = env.run("States.Format($AnswerTemplate, $$.Map.Item.Value)");
            let by_path = env.run("States.Format($.AnswerTemplate, $$.Map.Item.Value)");
            assert_eq!(by_var, Ok(want.clone()));
            assert_eq!(by_path, Ok(want));
        }
    }

    #[test]
    fn recorded_array_partition() {
        let expr = "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)";
        for (items, size, want) in [
            (json!([]), 1, json!([])),
            (json!([]), 4, json!([])),
            (json!([0, 1]), 1, json!([[0], [1]])),
            (json!([0, 1]), 4, json!([[0, 1]])),
            (json!([0, 1]), 5, json!([[0, 1]])),
            (json!([0, 1, 2]), 2, json!([[0, 1], [2]])),
            (json!([0, 1, 2]), 5, json!([[0, 1, 2]])),
            (json!([0, 1, 2, 3]), 4, json!([[0, 1, 2, 3]])),
        ] {
            let input = json!({"fst": items, "snd": size});
            assert_eq!(function_result(expr, input), want);
        }
    }

    #[test]
    fn recorded_array_contains() {
        let expr = "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)";
        for (items, value, want) in [
            (json!([]), json!(null), false),
            (json!([]), json!([]), false),
            (json!([]), json!(1), false),
            (json!([[1, 2, 3], 2]), json!(null), false),
            (json!([[1, 2, 3], 2]), json!([1, 2, 3]), true),
            (json!([{"1": 2, "2": []}]), json!([]), false),
            (json!([{"1": 2, "2": []}]), json!({"1": 2, "2": []}), true),
            (json!([true, false]), json!(true), true),
            (json!([true, false]), json!(false), true),
        ] {
            let input = json!({"fst": items, "snd": value});
            assert_eq!(function_result(expr, input), json!(want));
        }
    }

    #[test]
    fn recorded_array_range_and_length() {
        let expr =
            "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)";
        for (first, last, step, want) in [
            (0, 9, 3, json!([0, 3, 6, 9])),
            (0, 10, 3, json!([0, 3, 6, 9])),
            (1, 9, 9, json!([1])),
            (1, 9, 2, json!([1, 3, 5, 7, 9])),
        ] {
            let input = json!({"fst": first, "snd": last, "trd": step});
            assert_eq!(function_result(expr, input), want);
        }
        assert_eq!(
            ok("States.ArrayRange(0, 3, 1)", json!({})),
            json!([0, 1, 2, 3])
        );

        let expr = "States.ArrayLength($.FunctionInput)";
        assert_eq!(
            function_result(expr, json!([1, 2, 3, 4, 5, 6, 7, 8, 9])),
            json!(9)
        );
        let mixed = json!([null, null, true, true, false, false, 1, 1, 1.1, 0, 0,
            "HelloWorld", "HelloWorld", [], [], [null], [null],
            {"a": 1, "b": 2}, {"a": 1, "b": 2}, {"a": 1, "b": 1}]);
        assert_eq!(function_result(expr, mixed), json!(20));
    }

    #[test]
    fn recorded_math_add_rounds_half_up() {
        let expr = "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)";
        for (a, b, sum) in [
            (json!(-9), json!(3), -6),
            (json!(1.49), json!(1.5), 3),
            (json!(-1.5), json!(-1.51), -3),
            (json!(1.51), json!(0), 2),
            (json!(-1.5), json!(0), -1),
            (json!(2.5), json!(0), 3),
            (json!(-3.5), json!(0), -3),
        ] {
            assert_eq!(
                function_result(expr, json!({"fst": a, "snd": b})),
                json!(sum)
            );
        }
        assert_eq!(
            ok("States.MathAdd($.Iterations, -1)", json!({"Iterations": 3})),
            json!(2)
        );
    }

    #[test]
    fn recorded_math_random_stays_in_range() {
        let expr = "States.MathRandom($.FunctionInput.fst, $.FunctionInput.snd)";
        // Recorded values are normalized away; the bounds are truncated (12.5 -> 12).
        for (start, end, low, high) in [
            (json!(12.5), json!(44.51), 12, 44),
            (json!(9999), json!(99999), 9999, 99999),
            (json!(-99999), json!(-9999), -99999, -9999),
        ] {
            let out = function_result(expr, json!({"fst": start, "snd": end}));
            let n = out
                .as_i64()
                .unwrap_or_else(|| panic!("{out} is not an integer"));
            assert!((low..high).contains(&n), "{n}");
        }
    }

    #[test]
    fn recorded_json_merge_is_shallow() {
        let input = json!({
            "fst": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3},
            "snd": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}
        });
        let out = function_result(
            "States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)",
            input,
        );
        assert_eq!(
            out,
            json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3, "d": 4})
        );
        // Keys already in the first object keep their place.
        let keys: Vec<&str> = out
            .as_object()
            .map_or(vec![], |m| m.keys().map(String::as_str).collect());
        assert_eq!(keys, ["a", "b", "d", "c"]);
    }

    #[test]
    fn recorded_nested_calls_and_escapes() {
        // The recorded machine name is normalized; any name with dashes shows the shape.
        let mut env = Env::new(json!({"FunctionInput": null}));
        env.context = json!({"StateMachine": {"Name": "first-middle-last"}});
        assert_eq!(
            env.run("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 0)"),
            Ok(json!("first"))
        );
        assert_eq!(
            env.run(
                "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), \
                 States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))"
            ),
            Ok(json!("last"))
        );
        // The definition's JSON "\n" is a newline inside the intrinsic string.
        assert_eq!(
            ok("States.StringSplit('Hello\nWorld', '\n')", json!({})),
            json!(["Hello", "World"])
        );
    }

    // --- The developer guide's examples -------------------------------------------------

    #[test]
    fn guide_examples() {
        let input = json!({
            "inputArray": [1, 2, 3, 4, 5, 6, 7, 8, 9], "index": 5, "lookingFor": 5,
            "name": "Arnav", "template": "Hello, my name is {}.", "Id": 123456,
            "escapedJsonString": "{\"foo\": \"bar\"}", "unescapedJson": {"foo": "bar"},
            "json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3},
            "value1": 111, "step": -1, "inputString": "1,2,3,4,5", "splitter": ",",
            "input": "Data to encode", "base64": "RGF0YSB0byBlbmNvZGU=",
            "dupes": [1, 2, 3, 3, 3, 3, 3, 3, 4]
        });
        let cases = [
            (
                "States.Format('Hello, my name is {}.', $.name)",
                json!("Hello, my name is Arnav."),
            ),
            (
                "States.Format($.template, $.name)",
                json!("Hello, my name is Arnav."),
            ),
            (
                "States.StringToJson($.escapedJsonString)",
                json!({"foo": "bar"}),
            ),
            (
                "States.JsonToString($.unescapedJson)",
                json!("{\"foo\":\"bar\"}"),
            ),
            ("States.Array($.Id)", json!([123456])),
            (
                "States.Array('Foo', 2020, $.unescapedJson, null)",
                json!(["Foo", 2020, {"foo": "bar"}, null]),
            ),
            (
                "States.ArrayPartition($.inputArray,4)",
                json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]]),
            ),
            (
                "States.ArrayContains($.inputArray, $.lookingFor)",
                json!(true),
            ),
            ("States.ArrayRange(1, 9, 2)", json!([1, 3, 5, 7, 9])),
            ("States.ArrayGetItem($.inputArray, $.index)", json!(6)),
            ("States.ArrayLength($.inputArray)", json!(9)),
            ("States.ArrayUnique($.dupes)", json!([1, 2, 3, 4])),
            (
                "States.Base64Encode($.input)",
                json!("RGF0YSB0byBlbmNvZGU="),
            ),
            ("States.Base64Decode($.base64)", json!("Data to encode")),
            (
                "States.JsonMerge($.json1, $.json2, false)",
                json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}),
            ),
            ("States.MathAdd($.value1, $.step)", json!(110)),
            (
                "States.StringSplit($.inputString, $.splitter)",
                json!(["1", "2", "3", "4", "5"]),
            ),
        ];
        for (expr, want) in cases {
            assert_eq!(ok(expr, input.clone()), want, "{expr}");
        }
        let n = ok("States.MathRandom(1, 999)", json!({}))
            .as_i64()
            .unwrap_or(0);
        assert!((1..999).contains(&n));
    }

    #[test]
    fn hash_digests() {
        for (algorithm, digest) in [
            ("MD5", "5d41402abc4b2a76b9719d911017c592"),
            ("SHA-1", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"),
            ("SHA-256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
            ("SHA-384", "59e1748777448c69de6b800d7a33bbfb9ff1b463e44354c3553bcdb9c666fa90125a3c79f90397bdf5f6a13de828684f"),
            ("SHA-512", "9b71d224bd62f3785d96d46ad3ea3d73319bfbc2890caadae2dff72519673ca72323c3d99ba5c11d7c7acc6e14b8c5da0c4663475c2e5c3adef46f73bcdec043"),
        ] {
            let expr = format!("States.Hash('hello', '{algorithm}')");
            assert_eq!(ok(&expr, json!({})), json!(digest));
        }
        // UTF-8 bytes, and an algorithm from a path.
        assert_eq!(
            ok("States.Hash($.s, $.a)", json!({"s": "✓", "a": "SHA-256"})),
            json!("1dabba21cdad44541f6b15796f8d22978fc7ea10c46aeceeeeb66c23b3ac7604")
        );
        for bad in ["sha-256", "SHA256", "", "MD-5"] {
            let f = fails("States.Hash('data', $.a)", json!({"a": bad}));
            assert_eq!(f.error, "States.IntrinsicFailure");
            assert!(
                f.cause.starts_with("Invalid arguments in States.Hash"),
                "{}",
                f.cause
            );
        }
        // A number is hashed as it is written.
        assert_eq!(
            ok("States.Hash($.n, 'MD5')", json!({"n": 123})),
            ok("States.Hash('123', 'MD5')", json!({}))
        );
    }

    #[test]
    fn uuid_comes_from_the_generator() {
        let f = parse_intrinsic("States.UUID()").unwrap_or_else(|e| panic!("{e}"));
        let mut read = |_: &Path| -> Result<Value, Failure> { Ok(Value::Null) };
        let a = call(&f, &mut read, &mut Rng::new(3));
        let b = call(&f, &mut read, &mut Rng::new(3));
        assert_eq!(a, b);
        assert_eq!(a, Ok(json!(Rng::new(3).uuid())));
    }

    // --- Behaviours reported from AWS by third-party conformance tests ------------------

    #[test]
    fn reported_truncation_of_integer_arguments() {
        assert_eq!(ok("States.ArrayRange(1.6, 1.4, 1)", json!({})), json!([1]));
        assert_eq!(
            ok("States.ArrayRange(5.4, -0.6, -2.4)", json!({})),
            json!([5, 3, 1])
        );
        assert_eq!(
            ok("States.ArrayRange(1.4, 5.6, 2.2)", json!({})),
            json!([1, 3, 5])
        );
        assert_eq!(ok("States.ArrayRange(3, 3, -1)", json!({})), json!([3]));
        assert_eq!(ok("States.ArrayRange(5, 1, 1)", json!({})), json!([]));
        assert_eq!(ok("States.ArrayRange(1, 5, -1)", json!({})), json!([]));
        let arr = json!({"arr": [1, 2, 3, 4, 5]});
        assert_eq!(
            ok("States.ArrayPartition($.arr, 2.6)", arr.clone()),
            json!([[1, 2], [3, 4], [5]])
        );
        assert!(fails("States.ArrayPartition($.arr, 0.6)", arr)
            .cause
            .starts_with("Invalid arguments in States.ArrayPartition"));
        assert_eq!(
            ok(
                "States.ArrayGetItem($.arr, 1.2)",
                json!({"arr": [10, 20, 30]})
            ),
            json!(20)
        );
        assert!(fails("States.MathRandom(1.4, 1.6)", json!({}))
            .cause
            .starts_with("Invalid arguments in States.MathRandom"));
    }

    #[test]
    fn reported_array_get_item_bounds() {
        let input = json!({"arr": [10, 20, 30], "empty": []});
        assert!(fails("States.ArrayGetItem($.arr, 3)", input.clone())
            .cause
            .contains("out of bounds"));
        fails(
            "States.ArrayGetItem($.arr, $.i)",
            json!({"arr": [1], "i": -1}),
        );
        fails("States.ArrayGetItem($.s, 0)", json!({"s": "not-array"}));
        assert_eq!(ok("States.ArrayGetItem($.empty, 999)", input), json!(null));
    }

    #[test]
    fn reported_array_unique_order_is_a_java_hash_set() {
        let cases = [
            (json!([true, false, true, false]), json!([false, true])),
            (json!([[1, 2], [1, 2], [2, 1]]), json!([[2, 1], [1, 2]])),
            (json!([null, null, 1, null]), json!([null, 1])),
            (json!([1, "1", 1, "01"]), json!([1, "1", "01"])),
            (json!(["a", "b", "a", "c", "b"]), json!(["a", "b", "c"])),
            (json!([1, 2, 1, 3, 2, 4]), json!([1, 2, 3, 4])),
            (
                json!([{"a": 1, "b": 2}, {"b": 2, "a": 1}]),
                json!([{"a": 1, "b": 2}]),
            ),
            (json!([3, 1, 2]), json!([1, 2, 3])),
            (json!([]), json!([])),
        ];
        for (items, want) in cases {
            assert_eq!(ok("States.ArrayUnique($.a)", json!({"a": items})), want);
        }
        // 1 and 1.0 are an Integer and a Double; the Double's hash puts it first.
        assert_eq!(
            ok("States.ArrayUnique($.a)", json!({"a": [1, 1.0]})),
            json!([1.0, 1])
        );
    }

    #[test]
    fn reported_array_contains_compares_written_forms() {
        let contains = |items: Value, target: Value| {
            ok(
                "States.ArrayContains($.a, $.t)",
                json!({"a": items, "t": target}),
            )
        };
        assert_eq!(
            contains(json!([{"a": 1, "b": 2}]), json!({"b": 2, "a": 1})),
            json!(false)
        );
        assert_eq!(contains(json!(["true", "false"]), json!(true)), json!(true));
        assert_eq!(
            contains(json!(["9007199254740991"]), json!(9007199254740991_i64)),
            json!(true)
        );
        assert_eq!(
            contains(json!([0, 1, -1, -1.5]), json!(false)),
            json!(false)
        );
        assert_eq!(contains(json!([1, null, 3]), json!(null)), json!(true));
        assert_eq!(
            contains(json!([[0, 1, false]]), json!([0, 1, false])),
            json!(true)
        );
    }

    #[test]
    fn reported_string_split_and_string_to_json() {
        let split = |s: &str, d: &str| ok("States.StringSplit($.s, $.d)", json!({"s": s, "d": d}));
        assert_eq!(split("1+2,3.4", ".+,"), json!(["1", "2", "3", "4"]));
        assert_eq!(split("a,,b", ","), json!(["a", "b"]));
        assert_eq!(split(",a,b,", ","), json!(["a", "b"]));
        assert_eq!(split(",", ","), json!([]));
        assert_eq!(split("", ","), json!([]));
        assert_eq!(split("abc", ""), json!(["abc"]));
        assert_eq!(split("1a2b3ab4", "ab"), json!(["1", "2", "3", "4"]));
        fails("States.StringSplit($.s, ',')", json!({"s": 123}));
        fails(
            "States.StringSplit($.s, $.d)",
            json!({"s": "a,b", "d": [","]}),
        );

        let parse = |s: &str| run("States.StringToJson($.s)", json!({ "s": s }));
        assert_eq!(parse(""), Ok(json!(null)));
        assert_eq!(parse(" {\"a\":1} "), Ok(json!({"a": 1})));
        assert_eq!(parse("\"hello\""), Ok(json!("hello")));
        assert!(parse("{bad json}").is_err());
        assert!(parse("{\"a\":1").is_err());
        assert!(parse("undefined").is_err());
        fails("States.StringToJson($.s)", json!({"s": 123}));
    }

    #[test]
    fn reported_base64_limits_and_leniency() {
        let decode = |s: &str| run("States.Base64Decode($.s)", json!({ "s": s }));
        assert_eq!(decode("aGVsbG8="), Ok(json!("hello")));
        assert_eq!(decode(""), Ok(json!("")));
        assert_eq!(decode("4pyT"), Ok(json!("✓")));
        assert_eq!(decode("YWJjAGRlZg=="), Ok(json!("abc\u{0}def")));
        assert_eq!(decode(" YWJjZA== "), Ok(json!("abcd")));
        // "abc" holds the bytes 0x69 0xB7; the second is not UTF-8 on its own.
        assert_eq!(decode("abc"), Ok(json!("i\u{FFFD}")));
        assert_eq!(decode("ab==cd"), Ok(json!("i")));
        assert!(decode("!!!invalid!!!").is_ok());
        assert!(decode(&"A".repeat(10_000)).is_ok());
        assert!(decode(&"A".repeat(10_001)).is_err());

        let encode = |s: &str| run("States.Base64Encode($.s)", json!({ "s": s }));
        assert_eq!(encode("🚀"), Ok(json!("8J+agA==")));
        assert_eq!(encode("line1\nline2"), Ok(json!("bGluZTEKbGluZTI=")));
        assert!(encode(&"a".repeat(10_000)).is_ok());
        assert!(encode(&"a".repeat(10_001)).is_err());
        // 5,000 two-unit characters are 10,000 UTF-16 units.
        assert!(encode(&"🚀".repeat(5_000)).is_ok());
        assert!(encode(&"🚀".repeat(5_001)).is_err());
        fails("States.Base64Encode($.s)", json!({"s": ["x"]}));
        assert!(run(
            "States.Hash($.s, 'SHA-256')",
            json!({"s": "a".repeat(10_000)})
        )
        .is_ok());
        fails(
            "States.Hash($.s, 'SHA-256')",
            json!({"s": "a".repeat(10_001)}),
        );
    }

    #[test]
    fn reported_math_limits_and_seeds() {
        assert_eq!(
            ok("States.MathAdd(2147483647, 0)", json!({})),
            json!(2147483647)
        );
        assert_eq!(
            ok("States.MathAdd(-2147483647, -1)", json!({})),
            json!(-2147483648_i64)
        );
        fails("States.MathAdd(2147483647, 1)", json!({}));
        fails("States.MathAdd(-2147483648, -1)", json!({}));
        fails("States.MathAdd($.a, 1)", json!({"a": 3_000_000_000_u64}));
        fails("States.MathAdd($.a, 1)", json!({"a": "1"}));
        fails("States.MathAdd($.a, 1)", json!({"a": true}));

        // java.util.Random(42).nextInt(10) is 0.
        assert_eq!(ok("States.MathRandom(-5, 5, 42)", json!({})), json!(-5));
        let seeded = ok("States.MathRandom(1, 100, 42)", json!({}));
        assert_eq!(ok("States.MathRandom(1, 100, 42)", json!({})), seeded);
        fails("States.MathRandom(1, 1)", json!({}));
        fails("States.MathRandom(10, 5)", json!({}));
        fails("States.MathRandom($.s, 10)", json!({"s": null}));
        fails("States.MathRandom(1, 10, $.seed)", json!({"seed": "seed"}));
        let n = ok(
            "States.MathRandom($.a, $.b, 1)",
            json!({"a": 2147483640, "b": 2147483647}),
        );
        assert!((2147483640..2147483647).contains(&n.as_i64().unwrap_or(0)));
    }

    #[test]
    fn reported_json_merge_and_format_edges() {
        fails(
            "States.JsonMerge($.a, $.b, false)",
            json!({"a": null, "b": {}}),
        );
        fails(
            "States.JsonMerge($.a, $.b, false)",
            json!({"a": {}, "b": "x"}),
        );
        // The parser takes only a literal `false`; a hand-built call shows the run-time rule.
        let merge = |d: Value| {
            let env = Env::new(json!({"a": {"x": 1}, "b": {}, "d": d}));
            let args = ["$.a", "$.b", "$.d"].map(path_arg).into();
            let f = Intrinsic {
                name: "States.JsonMerge".into(),
                args,
            };
            let mut read = |p: &Path| env.read(p);
            call(&f, &mut read, &mut Rng::new(1))
        };
        let deep = merge(json!(true)).expect_err("deep merge");
        assert!(deep.cause.contains("deep"), "{}", deep.cause);
        assert_eq!(merge(json!("false")), Ok(json!({"x": 1})));

        let fmt = |expr: &str, input: Value| ok(expr, input);
        assert_eq!(
            fmt(
                "States.Format('{}|{}|{}|{}|{}', $.n, $.b, $.i, $.f, $.big)",
                json!({"n": null, "b": false, "i": -1, "f": 3.5, "big": 9007199254740991_i64})
            ),
            json!("null|false|-1|3.5|9007199254740991")
        );
        assert_eq!(
            fmt(
                "States.Format('Name: \\'{}\\', Surname: \"{}\"', $.a, $.b)",
                json!({"a": "G", "b": "M"})
            ),
            json!("Name: 'G', Surname: \"M\"")
        );
        assert_eq!(
            fmt("States.Format('no placeholders')", json!({})),
            json!("no placeholders")
        );
        assert_eq!(
            fmt(
                "States.Format('arn:{}:{}', $.s, States.JsonToString($.o))",
                json!({"s": "x", "o": {"k": 1}})
            ),
            json!("arn:x:{\"k\":1}")
        );
        assert_eq!(
            fmt(
                "States.Format('{}', $.a)",
                json!({"a": [null, "", 1.5, [true], {"k": "v"}]})
            ),
            json!("[null, , 1.5, [true], {k=v}]")
        );
        // Escaped braces of a literal template stay text when they follow the placeholders;
        // before them the parsed template cannot tell them apart (see `format`).
        assert_eq!(
            fmt("States.Format('{} \\{\\}', $.a)", json!({"a": "x"})),
            json!("x {}")
        );
        assert_eq!(fmt("States.Format('\\{\\}')", json!({})), json!("{}"));
    }

    #[test]
    fn format_template_from_a_path_must_match_its_values() {
        let f = fails("States.Format($.t, $.a)", json!({"t": "{} {}", "a": 1}));
        assert!(
            f.cause.starts_with("Invalid arguments in States.Format"),
            "{}",
            f.cause
        );
        fails("States.Format($.t, $.a)", json!({"t": "none", "a": 1}));
        fails("States.Format($.t)", json!({"t": 123}));
        // Lone braces in a template read at run time are text.
        assert_eq!(
            ok("States.Format($.t, $.a)", json!({"t": "{x} {}", "a": 1})),
            json!("{x} 1")
        );
    }

    #[test]
    fn array_range_limits_fail_before_allocating() {
        assert_eq!(
            ok("States.ArrayRange(1, 1000, 1)", json!({}))
                .as_array()
                .map(Vec::len),
            Some(1000)
        );
        assert_eq!(
            ok("States.ArrayRange(1000, 1, -1)", json!({}))
                .as_array()
                .map(Vec::len),
            Some(1000)
        );
        fails("States.ArrayRange($.a, 1001, 1)", json!({"a": 1}));
        fails("States.ArrayRange($.a, 1, $.s)", json!({"a": 1, "s": 0.49}));
        let input = json!({"lo": -2147483648_i64, "hi": 2147483647, "huge": 1e300, "s": "a"});
        let f = fails("States.ArrayRange($.lo, $.hi, 1)", input.clone());
        assert!(
            f.cause
                .starts_with("Invalid arguments in States.ArrayRange"),
            "{}",
            f.cause
        );
        fails("States.ArrayRange(0, $.huge, 1)", input.clone());
        fails("States.ArrayRange($.s, 5, 1)", input);
    }

    #[test]
    fn missing_paths_keep_the_executors_failure() {
        let f = fails("States.Hash($.missing, 'SHA-256')", json!({}));
        assert_eq!(f.error, "States.Runtime");
        assert!(f.cause.contains("$.missing"));
    }

    // --- Java renderings ----------------------------------------------------------------

    #[test]
    fn doubles_are_written_as_java_writes_them() {
        for (x, text) in [
            (1.0, "1.0"),
            (1.1, "1.1"),
            (-1.5, "-1.5"),
            (100.0, "100.0"),
            (0.001, "0.001"),
            (0.5, "0.5"),
            (0.0001, "1.0E-4"),
            (1234567.0, "1234567.0"),
            (1e7, "1.0E7"),
            (12345678.9, "1.23456789E7"),
            (1e20, "1.0E20"),
            (-2.5e-7, "-2.5E-7"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(java_double(x), text, "{x}");
        }
        assert_eq!(
            ok("States.JsonToString($.x)", json!({"x": [1e20, 2.0]})),
            json!("[1.0E20,2.0]")
        );
    }

    #[test]
    fn java_random_matches_the_jdk() {
        assert_eq!(JavaRandom::new(42).next_int(10), 0);
        assert_eq!(JavaRandom::new(1).next_int(7), 4);
        assert_eq!(JavaRandom::new(42).next_int(99), 62);
        assert_eq!(JavaRandom::new(0).next_int(9), 6);
        assert_eq!(JavaRandom::new(-10).next_int(9), 0);
    }

    #[test]
    fn java_hash_codes() {
        assert_eq!(
            string_hash("HelloWorld"),
            "HelloWorld"
                .encode_utf16()
                .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
        );
        assert_eq!(string_hash("a"), 97);
        assert_eq!(java_hash(&json!([1, 2])), 994);
        assert_eq!(java_hash(&json!(-1)), -1);
        assert_eq!(java_hash(&json!(1.0)), 1_072_693_248);
        assert_eq!(java_hash(&json!(4_294_967_296_i64)), 1);
        assert_eq!(hash_set_table_size(11), 16);
        assert_eq!(hash_set_table_size(12), 32);
        assert_eq!(hash_set_table_size(100), 256);
    }

    // --- No panics ----------------------------------------------------------------------

    #[test]
    fn every_function_survives_awkward_values() {
        let values = [
            json!(null),
            json!(true),
            json!(0),
            json!(-1),
            json!(1.5),
            json!(-0.6),
            json!(2147483648_i64),
            json!(-9223372036854775808_i64),
            json!(u64::MAX),
            json!(1e308),
            json!(-1e308),
            json!(""),
            json!("{}"),
            json!("\u{0}"),
            json!("🚀"),
            json!([]),
            json!([[]]),
            json!({}),
            json!({"a": [1, {"b": null}]}),
        ];
        let input = Value::Object(
            values
                .iter()
                .enumerate()
                .map(|(k, v)| (format!("v{k}"), v.clone()))
                .collect(),
        );
        let env = Env::new(input);
        let n = values.len();
        for name in sfn_core::path::FUNCTIONS {
            for a in 0..n {
                for b in 0..n {
                    for arity in 0..=3 {
                        let picks = [a, b, (a + b) % n];
                        let args = picks[..arity]
                            .iter()
                            .map(|k| path_arg(&format!("$.v{k}")))
                            .collect();
                        let f = Intrinsic {
                            name: (*name).to_string(),
                            args,
                        };
                        let mut read = |p: &Path| env.read(p);
                        let _ = call(&f, &mut read, &mut Rng::new(1));
                    }
                }
            }
        }
    }

    #[test]
    fn hand_built_calls_are_bounded() {
        let mut f = Intrinsic {
            name: "States.Array".into(),
            args: vec![],
        };
        for _ in 0..100 {
            f = Intrinsic {
                name: "States.Array".into(),
                args: vec![Arg::Call(f)],
            };
        }
        let mut read = |_: &Path| -> Result<Value, Failure> { Ok(Value::Null) };
        assert!(call(&f, &mut read, &mut Rng::new(1)).is_err());
        let unknown = Intrinsic {
            name: "States.Nope".into(),
            args: vec![],
        };
        assert!(call(&unknown, &mut read, &mut Rng::new(1)).is_err());
        let short = Intrinsic {
            name: "States.ArrayGetItem".into(),
            args: vec![Arg::Null],
        };
        assert!(call(&short, &mut read, &mut Rng::new(1)).is_err());
    }
}
