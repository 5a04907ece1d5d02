//! `$formatNumber`, `$formatBase`, `$formatInteger` and `$parseInteger`.
//!
//! The pictures are handled as sequences of characters with JavaScript's string semantics where
//! JSONata's result depends on them (an `indexOf` of an empty separator, a `slice` with a
//! negative position).

use serde_json::{Map, Value};

use super::MAX_WIDTH;
use super::{js_number_to_string, js_parse_int, json_number, json_string, pow10, FormatError};

// ---------------------------------------------------------------------------------------------
// JavaScript string operations on character slices

/// `hay.indexOf(needle, from)`.
fn index_of(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    let from = from.min(hay.len());
    if needle.is_empty() {
        return Some(from);
    }
    if needle.len() > hay.len() {
        return None;
    }
    (from..=hay.len() - needle.len()).find(|&i| hay[i..].starts_with(needle))
}

/// `hay.lastIndexOf(needle)`.
fn last_index_of(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..].starts_with(needle))
}

fn contains(hay: &[char], needle: &[char]) -> bool {
    index_of(hay, needle, 0).is_some()
}

/// `s.substring(a, b)`: both ends clamped to the string, swapped when reversed.
fn substring(s: &[char], a: isize, b: isize) -> Vec<char> {
    let clamp = |x: isize| x.clamp(0, s.len() as isize) as usize;
    let (a, b) = (clamp(a), clamp(b));
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    s[a..b].to_vec()
}

/// A `slice` position: a negative one counts from the end.
fn slice_pos(len: usize, p: isize) -> usize {
    if p < 0 {
        (len as isize + p).max(0) as usize
    } else {
        (p as usize).min(len)
    }
}

/// `s.slice(0, p) + ins + s.slice(p)`.
fn insert_at(s: &mut Vec<char>, p: isize, ins: &[char]) {
    let q = slice_pos(s.len(), p);
    s.splice(q..q, ins.iter().copied());
}

/// `s.substr(0, p) + ins + s.substr(p)`: unlike `slice`, a negative `p` drops the start of the
/// string (JSONata's irregular grouping in `$formatInteger` does this for short numbers).
fn insert_substr(s: &mut Vec<char>, p: isize, ins: &[char]) {
    let head = if p > 0 {
        s[..(p as usize).min(s.len())].to_vec()
    } else {
        Vec::new()
    };
    let tail = s[slice_pos(s.len(), p)..].to_vec();
    let mut out = head;
    out.extend_from_slice(ins);
    out.extend(tail);
    *s = out;
}

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// A single character equal to a whole option string (`charAt(i) === option`), where a position
/// outside the string is the empty string.
fn char_is(s: &[char], i: isize, option: &[char]) -> bool {
    if i < 0 || i as usize >= s.len() {
        option.is_empty()
    } else {
        option.len() == 1 && option[0] == s[i as usize]
    }
}

// ---------------------------------------------------------------------------------------------
// $formatNumber

/// The properties of the decimal format: the defaults, overridden by the options object.
struct Properties {
    decimal: Vec<char>,
    grouping: Vec<char>,
    exponent: Vec<char>,
    infinity: String,
    minus: Vec<char>,
    nan: String,
    percent: Vec<char>,
    per_mille: Vec<char>,
    zero: Vec<char>,
    digit: Vec<char>,
    pattern: Vec<char>,
}

/// An option value as JavaScript would turn it into a string.
fn option_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => js_number_to_string(n.as_f64().unwrap_or(f64::NAN)),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                if i.is_null() {
                    String::new()
                } else {
                    option_string(i)
                }
            })
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(_) => "[object Object]".to_string(),
    }
}

impl Properties {
    fn new(options: Option<&Map<String, Value>>) -> Self {
        let get = |key: &str, default: &str| -> String {
            options
                .and_then(|o| o.get(key))
                .map_or_else(|| default.to_string(), option_string)
        };
        Properties {
            decimal: chars(&get("decimal-separator", ".")),
            grouping: chars(&get("grouping-separator", ",")),
            exponent: chars(&get("exponent-separator", "e")),
            infinity: get("infinity", "Infinity"),
            minus: chars(&get("minus-sign", "-")),
            nan: get("NaN", "NaN"),
            percent: chars(&get("percent", "%")),
            per_mille: chars(&get("per-mille", "\u{2030}")),
            zero: chars(&get("zero-digit", "0")),
            digit: chars(&get("digit", "#")),
            pattern: chars(&get("pattern-separator", ";")),
        }
    }
}

/// The ten digits that start at the zero-digit (none when the zero-digit is empty).
fn digit_family(zero: &[char]) -> Vec<char> {
    match zero.first() {
        Some(&z) => (0..10)
            .filter_map(|i| char::from_u32(z as u32 + i))
            .collect(),
        None => Vec::new(),
    }
}

/// One sub-picture split into its parts (F&O 4.7.3), as JSONata splits it.
#[derive(Clone)]
struct Parts {
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fractional: Vec<char>,
    sub: Vec<char>,
}

/// The analysed sub-picture (F&O 4.7.4).
#[derive(Clone)]
struct Variables {
    integer_grouping: Vec<usize>,
    regular_grouping: usize,
    min_integer: usize,
    scaling: usize,
    prefix: Vec<char>,
    fractional_grouping: Vec<usize>,
    min_fraction: usize,
    max_fraction: usize,
    min_exponent: usize,
    suffix: Vec<char>,
    picture: Vec<char>,
}

struct NumberPicture<'a> {
    p: &'a Properties,
    family: Vec<char>,
}

impl NumberPicture<'_> {
    fn is_family(&self, c: char) -> bool {
        self.family.contains(&c)
    }

    fn is_active(&self, c: char) -> bool {
        let p = self.p;
        self.is_family(c)
            || [&p.decimal, &p.exponent, &p.grouping, &p.digit, &p.pattern]
                .iter()
                .any(|s| s.len() == 1 && s[0] == c)
    }

    fn is_exponent(&self, c: char) -> bool {
        self.p.exponent.len() == 1 && self.p.exponent[0] == c
    }

    fn is_digit_sign(&self, c: char) -> bool {
        self.p.digit.len() == 1 && self.p.digit[0] == c
    }

    fn count_family(&self, s: &[char]) -> usize {
        s.iter().filter(|&&c| self.is_family(c)).count()
    }

    fn count_digits(&self, s: &[char]) -> usize {
        s.iter()
            .filter(|&&c| self.is_family(c) || self.is_digit_sign(c))
            .count()
    }

    fn split_parts(&self, sub: &[char]) -> Result<Parts, FormatError> {
        let is_boundary = |c: char| self.is_active(c) && !self.is_exponent(c);
        // A sub-picture without any active character has no mantissa (JSONata fails on it
        // with a TypeError; the specification's error is D3085).
        let first = sub
            .iter()
            .position(|&c| is_boundary(c))
            .ok_or_else(|| FormatError::new("D3085"))?;
        let last = sub.iter().rposition(|&c| is_boundary(c)).unwrap_or(first);
        let prefix = sub[..first].to_vec();
        let suffix = sub[last + 1..].to_vec();
        let active = sub[prefix.len()..sub.len() - suffix.len()].to_vec();
        let exponent_position = index_of(sub, &self.p.exponent, prefix.len());
        let (mantissa, exponent) = match exponent_position {
            Some(pos) if pos <= sub.len() - suffix.len() => {
                // JSONata takes the position in the whole sub-picture as a position in the active
                // part; with a prefix the split lands elsewhere, and so does ours.
                let pos = pos as isize;
                (
                    substring(&active, 0, pos),
                    Some(substring(&active, pos + 1, active.len() as isize)),
                )
            }
            _ => (active.clone(), None),
        };
        let (integer, fractional) = match index_of(&mantissa, &self.p.decimal, 0) {
            // Without a decimal separator JSONata takes the suffix as the fractional part.
            None => (mantissa.clone(), suffix.clone()),
            Some(d) => (
                mantissa[..d].to_vec(),
                substring(&mantissa, d as isize + 1, mantissa.len() as isize),
            ),
        };
        Ok(Parts {
            prefix,
            suffix,
            active,
            mantissa,
            exponent,
            integer,
            fractional,
            sub: sub.to_vec(),
        })
    }

    /// The checks of F&O 4.7.3; like JSONata, the last failing check names the error.
    fn validate(&self, parts: &Parts) -> Result<(), FormatError> {
        let p = self.p;
        let sub = &parts.sub;
        let mut error = None;
        let decimal_pos = index_of(sub, &p.decimal, 0);
        if decimal_pos != last_index_of(sub, &p.decimal) {
            error = Some("D3081");
        }
        if index_of(sub, &p.percent, 0) != last_index_of(sub, &p.percent) {
            error = Some("D3082");
        }
        if index_of(sub, &p.per_mille, 0) != last_index_of(sub, &p.per_mille) {
            error = Some("D3083");
        }
        if contains(sub, &p.percent) && contains(sub, &p.per_mille) {
            error = Some("D3084");
        }
        if !parts
            .mantissa
            .iter()
            .any(|&c| self.is_family(c) || self.is_digit_sign(c))
        {
            error = Some("D3085");
        }
        if parts.active.iter().any(|&c| !self.is_active(c)) {
            error = Some("D3086");
        }
        match decimal_pos {
            Some(d) => {
                let d = d as isize;
                if char_is(sub, d - 1, &p.grouping) || char_is(sub, d + 1, &p.grouping) {
                    error = Some("D3087");
                }
            }
            None => {
                if char_is(
                    &parts.integer,
                    parts.integer.len() as isize - 1,
                    &p.grouping,
                ) {
                    error = Some("D3088");
                }
            }
        }
        let double: Vec<char> = p
            .grouping
            .iter()
            .chain(p.grouping.iter())
            .copied()
            .collect();
        if contains(sub, &double) {
            error = Some("D3089");
        }
        if let Some(pos) = index_of(&parts.integer, &p.digit, 0) {
            if self.count_family(&parts.integer[..pos]) > 0 {
                error = Some("D3090");
            }
        }
        if let Some(pos) = last_index_of(&parts.fractional, &p.digit) {
            if self.count_family(&parts.fractional[pos.min(parts.fractional.len())..]) > 0 {
                error = Some("D3091");
            }
        }
        if let Some(exp) = &parts.exponent {
            if !exp.is_empty() && (contains(sub, &p.percent) || contains(sub, &p.per_mille)) {
                error = Some("D3092");
            }
            if exp.is_empty() || exp.iter().any(|&c| !self.is_family(c)) {
                error = Some("D3093");
            }
        }
        match error {
            Some(code) => Err(FormatError::new(code)),
            None => Ok(()),
        }
    }

    /// The grouping positions of a part: digits to the right of each separator (to the left for
    /// the fractional part). Like JSONata, the search for the next separator runs over the
    /// integer part, whichever part is analysed.
    fn grouping_positions(&self, part: &[char], to_left: bool, integer: &[char]) -> Vec<usize> {
        let mut positions = Vec::new();
        if self.p.grouping.is_empty() {
            // An empty separator never gets here (D3089 rejects it); searching for it would
            // never end.
            return positions;
        }
        let mut at = index_of(part, &self.p.grouping, 0);
        while let Some(g) = at {
            let side = if to_left {
                substring(part, 0, g as isize)
            } else {
                substring(part, g as isize, part.len() as isize)
            };
            positions.push(self.count_digits(&side));
            at = index_of(integer, &self.p.grouping, g + 1);
        }
        positions
    }

    fn analyse(&self, parts: &Parts) -> Variables {
        let integer_grouping = self.grouping_positions(&parts.integer, false, &parts.integer);
        let regular_grouping = regular_interval(&integer_grouping);
        let fractional_grouping = self.grouping_positions(&parts.fractional, true, &parts.integer);
        let mut min_integer = self.count_family(&parts.integer);
        let scaling = min_integer;
        let mut min_fraction = self.count_family(&parts.fractional);
        let mut max_fraction = self.count_digits(&parts.fractional);
        let exponent_present = parts.exponent.is_some();
        if min_integer == 0 && max_fraction == 0 {
            if exponent_present {
                min_fraction = 1;
                max_fraction = 1;
            } else {
                min_integer = 1;
            }
        }
        if exponent_present && min_integer == 0 && contains(&parts.integer, &self.p.digit) {
            min_integer = 1;
        }
        if min_integer == 0 && min_fraction == 0 {
            min_fraction = 1;
        }
        let min_exponent = parts.exponent.as_ref().map_or(0, |e| self.count_family(e));
        Variables {
            integer_grouping,
            regular_grouping,
            min_integer,
            scaling,
            prefix: parts.prefix.clone(),
            fractional_grouping,
            min_fraction,
            max_fraction,
            min_exponent,
            suffix: parts.suffix.clone(),
            picture: parts.sub.clone(),
        }
    }

    /// `Math.abs(value).toFixed(dp)` in the digit family.
    fn make_string(&self, value: f64, dp: usize) -> Vec<char> {
        let abs = value.abs();
        let s = if abs >= 1e21 || !abs.is_finite() {
            js_number_to_string(abs)
        } else {
            format!("{abs:.dp$}")
        };
        s.chars()
            .map(|c| match c.to_digit(10) {
                Some(d) if self.p.zero != ['0'] => {
                    self.family.get(d as usize).copied().unwrap_or(c)
                }
                _ => c,
            })
            .collect()
    }
}

/// The interval of regular grouping separators, or 0 when they are not regular: every
/// multiple of the greatest common divisor must be present.
fn regular_interval(positions: &[usize]) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let Some(&first) = positions.first() else {
        return 0;
    };
    let factor = positions[1..].iter().fold(first, |a, &b| gcd(a, b));
    let regular = (1..=positions.len()).all(|i| positions.contains(&(i * factor)));
    if regular {
        factor
    } else {
        0
    }
}

/// `picture.split(separator)` as JavaScript splits (an empty separator splits every character).
fn js_split(picture: &[char], separator: &[char]) -> Vec<Vec<char>> {
    if separator.is_empty() {
        return picture.iter().map(|&c| vec![c]).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(at) = index_of(picture, separator, start) {
        out.push(picture[start..at].to_vec());
        start = at + separator.len();
    }
    out.push(picture[start..].to_vec());
    out
}

/// JSONata's `$round`: half to even, at `precision` decimal places, shifting the decimal point
/// in the number's text so that binary fractions do not disturb the rounding.
pub(crate) fn jsonata_round(arg: f64, precision: i64) -> f64 {
    let shift = |x: f64, by: i64| -> f64 {
        let text = js_number_to_string(x);
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let exp = exp.parse::<i64>().unwrap_or(0).saturating_add(by);
        format!("{mantissa}e{exp}")
            .parse::<f64>()
            .unwrap_or(f64::NAN)
    };
    let x = if precision != 0 {
        shift(arg, precision)
    } else {
        arg
    };
    let mut result = js_math_round(x);
    let diff = result - x;
    if diff.abs() == 0.5 && (result % 2.0).abs() == 1.0 {
        result -= 1.0;
    }
    if precision != 0 {
        result = shift(result, -precision);
    }
    if result == 0.0 {
        // JSON has no negative zero.
        result = 0.0;
    }
    result
}

/// `Math.round`: to the nearest integer, halves toward positive infinity.
fn js_math_round(x: f64) -> f64 {
    if !x.is_finite() || x.fract() == 0.0 {
        return x;
    }
    let f = x.floor();
    if x - f >= 0.5 {
        f + 1.0
    } else {
        f
    }
}

/// `$formatNumber(value, picture, options)`: `value` formatted by an XPath `fn:format-number`
/// picture, as JSONata 2.0.6 formats it.
///
/// `options` overrides the decimal format properties by their XPath names
/// (`decimal-separator`, `grouping-separator`, `exponent-separator`, `infinity`, `minus-sign`,
/// `NaN`, `percent`, `per-mille`, `zero-digit`, `digit`, `pattern-separator`). An invalid
/// picture is one of the errors D3080 to D3093.
///
/// ```
/// use sfn_core::jsonata::format::format_number;
///
/// assert_eq!(format_number(1234.5678, "00.000e0", None).unwrap(), "12.346e2");
/// assert_eq!(format_number(-6.0, "000", None).unwrap(), "-006");
/// assert_eq!(format_number(20.0, "#;#;#", None).unwrap_err().code, "D3080");
/// ```
pub fn format_number(
    value: f64,
    picture: &str,
    options: Option<&Map<String, Value>>,
) -> Result<String, FormatError> {
    let props = Properties::new(options);
    let np = NumberPicture {
        family: digit_family(&props.zero),
        p: &props,
    };
    let picture = chars(picture);
    let sub_pictures = js_split(&picture, &props.pattern);
    if sub_pictures.len() > 2 {
        return Err(FormatError::new("D3080"));
    }
    let parts = sub_pictures
        .iter()
        .map(|s| np.split_parts(s))
        .collect::<Result<Vec<_>, _>>()?;
    for p in &parts {
        np.validate(p)?;
    }
    let mut variables: Vec<Variables> = parts.iter().map(|p| np.analyse(p)).collect();
    let Some(first) = variables.first().cloned() else {
        return Err(FormatError::new("D3085"));
    };
    if variables.len() == 1 {
        let mut negative = first;
        negative.prefix = props
            .minus
            .iter()
            .chain(negative.prefix.iter())
            .copied()
            .collect();
        variables.push(negative);
    }

    if value.is_nan() {
        return Ok(props.nan.clone());
    }
    let pic = if value >= 0.0 {
        &variables[0]
    } else {
        &variables[1]
    };
    let with_affixes = |body: &str| -> String {
        let mut out: String = pic.prefix.iter().collect();
        out.push_str(body);
        out.extend(pic.suffix.iter());
        out
    };
    let adjusted = if contains(&pic.picture, &props.percent) {
        value * 100.0
    } else if contains(&pic.picture, &props.per_mille) {
        value * 1000.0
    } else {
        value
    };
    if !adjusted.is_finite() {
        return Ok(with_affixes(&props.infinity));
    }

    let (mantissa, exponent) = if pic.min_exponent == 0 {
        (adjusted, None)
    } else {
        // JSONata loops forever here on zero and on negative numbers; the sign is in the
        // prefix, so the mantissa is computed from the magnitude.
        let max_mantissa = pow10(pic.scaling as i64);
        let min_mantissa = pow10(pic.scaling as i64 - 1);
        let mut mantissa = adjusted.abs();
        let mut exponent: i64 = 0;
        if mantissa != 0.0 {
            let mut steps = 0;
            while mantissa < min_mantissa && steps < 2000 {
                mantissa *= 10.0;
                exponent -= 1;
                steps += 1;
            }
            while mantissa > max_mantissa && steps < 4000 {
                mantissa /= 10.0;
                exponent += 1;
                steps += 1;
            }
        }
        if !mantissa.is_finite() {
            return Ok(with_affixes(&props.infinity));
        }
        (mantissa, Some(exponent))
    };

    let rounded = jsonata_round(mantissa, pic.max_fraction as i64);
    let mut s = np.make_string(rounded, pic.max_fraction);
    match s.iter().position(|&c| c == '.') {
        None => s.extend_from_slice(&props.decimal),
        Some(p) => {
            s.splice(p..=p, props.decimal.iter().copied());
        }
    }
    if let [z] = props.zero[..] {
        let lead = s.iter().take_while(|&&c| c == z).count();
        s.drain(..lead);
        while s.last() == Some(&z) {
            s.pop();
        }
    }
    let find_decimal = |s: &[char]| index_of(s, &props.decimal, 0).map_or(-1, |d| d as isize);
    let mut decimal_pos = find_decimal(&s);
    let pad_left = pic.min_integer as isize - decimal_pos;
    let pad_right = pic.min_fraction as isize - (s.len() as isize - decimal_pos - 1);
    if pad_left > 0 {
        let pad: Vec<char> = props
            .zero
            .iter()
            .copied()
            .cycle()
            .take(props.zero.len() * pad_left as usize)
            .collect();
        s.splice(0..0, pad);
    }
    if pad_right > 0 {
        s.extend(
            props
                .zero
                .iter()
                .copied()
                .cycle()
                .take(props.zero.len() * pad_right as usize),
        );
    }
    decimal_pos = find_decimal(&s);
    if pic.regular_grouping > 0 {
        let every = pic.regular_grouping as isize;
        let groups = (decimal_pos - 1).div_euclid(every);
        for group in 1..=groups {
            insert_at(&mut s, decimal_pos - group * every, &props.grouping);
        }
    } else {
        for &pos in &pic.integer_grouping {
            insert_at(&mut s, decimal_pos - pos as isize, &props.grouping);
            decimal_pos += 1;
        }
    }
    decimal_pos = find_decimal(&s);
    for &pos in &pic.fractional_grouping {
        insert_at(&mut s, pos as isize + decimal_pos + 1, &props.grouping);
    }
    decimal_pos = find_decimal(&s);
    if !contains(&pic.picture, &props.decimal) || decimal_pos == s.len() as isize - 1 {
        s.pop();
    }
    if let Some(exponent) = exponent {
        let mut digits = np.make_string(exponent as f64, 0);
        let pad = pic.min_exponent as isize - digits.len() as isize;
        if pad > 0 {
            let zeros: Vec<char> = props
                .zero
                .iter()
                .copied()
                .cycle()
                .take(props.zero.len() * pad as usize)
                .collect();
            digits.splice(0..0, zeros);
        }
        s.extend_from_slice(&props.exponent);
        if exponent < 0 {
            s.extend_from_slice(&props.minus);
        }
        s.extend(digits);
    }
    Ok(with_affixes(&s.iter().collect::<String>()))
}

// ---------------------------------------------------------------------------------------------
// $formatBase

/// `$formatBase(value, radix)`: `value`, rounded half to even, in base `radix` (10 when
/// absent; rounded too). D3100 when the radix is outside 2..=36.
///
/// ```
/// use sfn_core::jsonata::format::format_base;
///
/// assert_eq!(format_base(-100.0, Some(2.0)).unwrap(), "-1100100");
/// assert_eq!(format_base(100.0, Some(37.0)).unwrap_err().code, "D3100");
/// ```
pub fn format_base(value: f64, radix: Option<f64>) -> Result<String, FormatError> {
    let value = jsonata_round(value, 0);
    let radix = radix.map_or(10.0, |r| jsonata_round(r, 0));
    if !(2.0..=36.0).contains(&radix) {
        return Err(FormatError::with_value("D3100", &json_number(radix)));
    }
    Ok(js_to_radix_string(value, radix as u32))
}

/// `Number.prototype.toString(radix)` for an integral value, with V8's digits: past 2^53 the
/// lowest digits come out as zeros.
fn js_to_radix_string(value: f64, radix: u32) -> String {
    if radix == 10 || !value.is_finite() {
        return js_number_to_string(value);
    }
    let r = f64::from(radix);
    let mut integer = value.abs().floor();
    let mut digits = Vec::new();
    // 2^53: above it, the division by the radix is no longer exact.
    while integer / r >= 9007199254740992.0 {
        integer /= r;
        digits.push('0');
    }
    loop {
        let remainder = integer % r;
        digits.push(char::from_digit(remainder as u32, radix).unwrap_or('0'));
        integer = (integer - remainder) / r;
        if integer <= 0.0 {
            break;
        }
    }
    if value < 0.0 {
        digits.push('-');
    }
    digits.iter().rev().collect()
}

// ---------------------------------------------------------------------------------------------
// Integer pictures: $formatInteger, $parseInteger and the date/time components

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    /// A numbering sequence JSONata does not support (D3130 when used).
    Sequence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Grouping {
    /// The same separator every `every` digits.
    Regular { every: usize, separator: char },
    /// Separators at these positions (digits to their right), in the order met reading the
    /// picture from the right.
    Irregular(Vec<(usize, char)>),
}

/// An analysed `fn:format-integer` picture.
#[derive(Debug, Clone)]
pub(crate) struct IntegerPicture {
    pub(crate) primary: Primary,
    pub(crate) case: Case,
    pub(crate) ordinal: bool,
    pub(crate) zero: u32,
    pub(crate) mandatory: usize,
    pub(crate) optional: usize,
    pub(crate) grouping: Grouping,
    /// The picture of an unsupported numbering sequence.
    pub(crate) token: String,
    /// The exact number of digits to read when parsing (set when another number follows
    /// without a literal between).
    pub(crate) parse_width: Option<usize>,
}

/// The first digit of each Unicode decimal digit family JSONata recognises.
const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

impl IntegerPicture {
    pub(crate) fn analyse(picture: &str) -> Result<Self, FormatError> {
        let mut pic = IntegerPicture {
            primary: Primary::Decimal,
            case: Case::Lower,
            ordinal: false,
            zero: 0x30,
            mandatory: 0,
            optional: 0,
            grouping: Grouping::Irregular(Vec::new()),
            token: String::new(),
            parse_width: None,
        };
        let primary = match picture.rfind(';') {
            None => picture,
            Some(at) => {
                pic.ordinal = picture[at + 1..].starts_with('o');
                &picture[..at]
            }
        };
        match primary {
            "A" | "a" | "I" | "i" | "W" | "w" | "Ww" => {
                pic.primary = match primary {
                    "A" | "a" => Primary::Letters,
                    "I" | "i" => Primary::Roman,
                    _ => Primary::Words,
                };
                pic.case = match primary {
                    "A" | "I" | "W" => Case::Upper,
                    "Ww" => Case::Title,
                    _ => Case::Lower,
                };
            }
            _ => {
                let mut zero = None;
                let mut separators = Vec::new();
                let mut position = 0;
                for c in primary.chars().rev() {
                    let code = c as u32;
                    match DECIMAL_GROUPS
                        .iter()
                        .find(|&&g| (g..=g + 9).contains(&code))
                    {
                        Some(&group) => {
                            pic.mandatory += 1;
                            position += 1;
                            match zero {
                                None => zero = Some(group),
                                Some(z) if z != group => return Err(FormatError::new("D3131")),
                                Some(_) => {}
                            }
                        }
                        None if c == '#' => {
                            position += 1;
                            pic.optional += 1;
                        }
                        None => separators.push((position, c)),
                    }
                }
                if pic.mandatory > 0 {
                    pic.zero = zero.unwrap_or(0x30);
                    let positions: Vec<usize> = separators.iter().map(|s| s.0).collect();
                    let same_char = separators.iter().all(|s| s.1 == separators[0].1);
                    let every = if same_char {
                        regular_interval(&positions)
                    } else {
                        0
                    };
                    pic.grouping = if every > 0 {
                        Grouping::Regular {
                            every,
                            separator: separators[0].1,
                        }
                    } else {
                        Grouping::Irregular(separators)
                    };
                } else {
                    pic.primary = Primary::Sequence;
                    pic.token = primary.to_string();
                }
            }
        }
        Ok(pic)
    }

    /// The separator of a regular grouping (what a timezone picture like `01:01` puts between
    /// hours and minutes).
    pub(crate) fn regular_separator(&self) -> Option<char> {
        match (self.primary, &self.grouping) {
            (Primary::Decimal, Grouping::Regular { separator, .. }) => Some(*separator),
            _ => None,
        }
    }

    /// JSONata's `_formatInteger`: an integral value by this picture.
    pub(crate) fn format(&self, value: f64) -> Result<String, FormatError> {
        if !value.is_finite() {
            return Err(FormatError::out_of_range(value));
        }
        let negative = value < 0.0;
        let v = value.abs();
        let mut out = match self.primary {
            Primary::Letters => {
                let a = if self.case == Case::Upper { b'A' } else { b'a' };
                letters(v, a)
            }
            Primary::Roman => {
                let roman = roman(v)?;
                if self.case == Case::Upper {
                    roman.to_uppercase()
                } else {
                    roman
                }
            }
            Primary::Words => {
                let words = number_to_words(v, false, self.ordinal);
                match self.case {
                    Case::Upper => words.to_uppercase(),
                    Case::Lower => words.to_lowercase(),
                    Case::Title => words,
                }
            }
            Primary::Decimal => self.format_decimal(v)?,
            Primary::Sequence => {
                return Err(FormatError::with_value("D3130", &json_string(&self.token)));
            }
        };
        if negative {
            out.insert(0, '-');
        }
        Ok(out)
    }

    fn format_decimal(&self, v: f64) -> Result<String, FormatError> {
        if self.mandatory > MAX_WIDTH {
            return Err(FormatError::out_of_range(self.mandatory as f64));
        }
        let mut s: Vec<char> = js_number_to_string(v).chars().collect();
        if s.len() < self.mandatory {
            let pad = vec!['0'; self.mandatory - s.len()];
            s.splice(0..0, pad);
        }
        if self.zero != 0x30 {
            for c in &mut s {
                if let Some(d) = c.to_digit(10) {
                    *c = char::from_u32(self.zero + d).unwrap_or(*c);
                }
            }
        }
        match &self.grouping {
            Grouping::Regular { every, separator } => {
                let n = (s.len().saturating_sub(1)) / every;
                for i in (1..=n).rev() {
                    let pos = s.len() - i * every;
                    s.insert(pos, *separator);
                }
            }
            Grouping::Irregular(separators) => {
                for &(position, separator) in separators.iter().rev() {
                    let pos = s.len() as isize - position as isize;
                    insert_substr(&mut s, pos, &[separator]);
                }
            }
        }
        if self.ordinal {
            let last = s.last().copied();
            let tens_is_one = s.len() > 1 && s[s.len() - 2] == '1';
            let suffix = match last {
                _ if tens_is_one => "th",
                Some('1') => "st",
                Some('2') => "nd",
                Some('3') => "rd",
                _ => "th",
            };
            s.extend(suffix.chars());
        }
        Ok(s.into_iter().collect())
    }

    /// JSONata's integer parser for this picture: no validation of the text, NaN (here `None`)
    /// where JavaScript's arithmetic gives NaN.
    pub(crate) fn parse(&self, text: &str) -> Result<f64, FormatError> {
        let value = match self.primary {
            Primary::Letters => {
                let a = if self.case == Case::Upper { 'A' } else { 'a' };
                letters_to_decimal(text, a)
            }
            Primary::Roman => {
                if self.case == Case::Upper {
                    roman_to_decimal(text)
                } else {
                    roman_to_decimal(&text.to_uppercase())
                }
            }
            Primary::Words => words_to_number(&text.to_lowercase()),
            Primary::Decimal => {
                let mut digits: Vec<char> = text.chars().collect();
                if self.ordinal {
                    digits.truncate(digits.len().saturating_sub(2));
                }
                match &self.grouping {
                    // JSONata removes commas here, whatever the separator.
                    Grouping::Regular { .. } => digits.retain(|&c| c != ','),
                    Grouping::Irregular(separators) => {
                        digits.retain(|c| !separators.iter().any(|s| s.1 == *c));
                    }
                }
                if self.zero != 0x30 {
                    for c in &mut digits {
                        let code = *c as u32;
                        if (self.zero..=self.zero + 9).contains(&code) {
                            *c = char::from_u32(code - self.zero + 0x30).unwrap_or(*c);
                        }
                    }
                }
                js_parse_int(&digits.into_iter().collect::<String>())
            }
            Primary::Sequence => {
                return Err(FormatError::with_value("D3130", &json_string(&self.token)));
            }
        };
        Ok(value)
    }
}

/// Spreadsheet-column letters: 1 is `a`, 26 is `z`, 27 is `aa`; 0 is empty.
fn letters(mut v: f64, a: u8) -> String {
    let mut out = Vec::new();
    while v > 0.0 {
        let offset = ((v - 1.0) % 26.0) as u8;
        out.push(char::from(a + offset));
        v = ((v - 1.0) / 26.0).floor();
    }
    out.iter().rev().collect()
}

fn letters_to_decimal(text: &str, a: char) -> f64 {
    let mut decimal = 0.0;
    let mut weight = 1.0;
    let units: Vec<u16> = text.encode_utf16().collect();
    for &c in units.iter().rev() {
        decimal += (f64::from(c) - f64::from(a as u32) + 1.0) * weight;
        weight *= 26.0;
    }
    decimal
}

const ROMAN: [(u32, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

/// Lower-case roman numerals (0 is empty). Past a billion the string would be millions of `m`s:
/// an out-of-range error instead.
fn roman(v: f64) -> Result<String, FormatError> {
    if v >= 1e9 {
        return Err(FormatError::out_of_range(v));
    }
    let mut rest = v as u64;
    let mut out = String::new();
    for &(value, numeral) in &ROMAN {
        let value = u64::from(value);
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    Ok(out)
}

fn roman_to_decimal(roman: &str) -> f64 {
    let mut decimal = 0.0;
    let mut max = 1.0;
    for c in roman.chars().rev() {
        let value = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'V' => 5.0,
            'I' => 1.0,
            _ => return f64::NAN,
        };
        if value < max {
            decimal -= value;
        } else {
            max = value;
            decimal += value;
        }
    }
    decimal
}

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = [
    "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred",
];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

/// English words for a non-negative integral number, title case: "Three Hundred and Twelve".
/// Past the trillions the magnitudes repeat ("Ten Billion Trillion Trillion Trillion").
fn number_to_words(num: f64, prev: bool, ordinal: bool) -> String {
    let mut words = String::new();
    if num <= 19.0 {
        if prev {
            words.push_str(" and ");
        }
        let i = num as usize;
        words.push_str(if ordinal {
            ORDINALS[i.min(19)]
        } else {
            FEW[i.min(19)]
        });
    } else if num < 100.0 {
        let tens = (num / 10.0).floor() as usize;
        let remainder = num % 10.0;
        if prev {
            words.push_str(" and ");
        }
        words.push_str(DECADES[tens - 2]);
        if remainder > 0.0 {
            words.push('-');
            words.push_str(&number_to_words(remainder, false, ordinal));
        } else if ordinal {
            words.pop();
            words.push_str("ieth");
        }
    } else if num < 1000.0 {
        let hundreds = (num / 100.0).floor() as usize;
        let remainder = num % 100.0;
        if prev {
            words.push_str(", ");
        }
        words.push_str(FEW[hundreds]);
        words.push_str(" Hundred");
        if remainder > 0.0 {
            words.push_str(&number_to_words(remainder, true, ordinal));
        } else if ordinal {
            words.push_str("th");
        }
    } else {
        // floor(log10(num) / 3), at most the largest magnitude word.
        let mag = [1e12, 1e9, 1e6, 1e3]
            .iter()
            .position(|&m| num >= m)
            .map_or(1, |i| 4 - i);
        let factor = pow10(3 * mag as i64);
        let mantissa = (num / factor).floor();
        let remainder = num - mantissa * factor;
        if prev {
            words.push_str(", ");
        }
        words.push_str(&number_to_words(mantissa, false, false));
        words.push(' ');
        words.push_str(MAGNITUDES[mag - 1]);
        if remainder > 0.0 {
            words.push_str(&number_to_words(remainder, true, ordinal));
        } else if ordinal {
            words.push_str("th");
        }
    }
    words
}

/// The value of a lower-case number word, cardinal or ordinal, as JSONata's table has them
/// (including its "hundreieth").
fn word_value(word: &str) -> Option<f64> {
    let lower = |w: &str| w.to_lowercase();
    for (i, w) in FEW.iter().enumerate() {
        if lower(w) == word || lower(ORDINALS[i]) == word {
            return Some(i as f64);
        }
    }
    for (i, w) in DECADES.iter().enumerate() {
        let w = lower(w);
        let value = ((i + 2) * 10) as f64;
        if w == word || format!("{}ieth", &w[..w.len() - 1]) == word {
            return Some(value);
        }
    }
    if word == "hundredth" {
        return Some(100.0);
    }
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let w = lower(w);
        if w == word || format!("{w}th") == word {
            return Some(pow10(3 * (i as i64 + 1)));
        }
    }
    None
}

/// Every word `$parseInteger` and `$toMillis` recognise, in JSONata's order (which decides the
/// order in which a picture's regular expression tries them).
pub(crate) fn number_words() -> Vec<String> {
    let mut words: Vec<String> = FEW
        .iter()
        .chain(ORDINALS.iter())
        .map(|w| w.to_lowercase())
        .collect();
    for w in DECADES {
        let w = w.to_lowercase();
        words.push(format!("{}ieth", &w[..w.len() - 1]));
        words.insert(words.len() - 1, w);
    }
    words.push("hundredth".to_string());
    for w in MAGNITUDES {
        let w = w.to_lowercase();
        words.push(w.clone());
        words.push(format!("{w}th"));
    }
    words.push("and".to_string());
    words
}

/// JSONata's `wordsToNumber`: the text split at ", ", " and ", white space, `\` and `-`; an
/// unknown word makes the result NaN.
fn words_to_number(text: &str) -> f64 {
    let c: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < c.len() {
        let sep_len = if c[i] == ',' && c.get(i + 1).is_some_and(|&n| super::is_js_space(n)) {
            2
        } else if super::is_js_space(c[i])
            && c.get(i + 1..i + 4) == Some(&['a', 'n', 'd'][..])
            && c.get(i + 4).is_some_and(|&n| super::is_js_space(n))
        {
            5
        } else if super::is_js_space(c[i]) || c[i] == '\\' || c[i] == '-' {
            1
        } else {
            0
        };
        if sep_len > 0 {
            parts.push(c[start..i].iter().collect::<String>());
            i += sep_len;
            start = i;
        } else {
            i += 1;
        }
    }
    parts.push(c[start..].iter().collect::<String>());

    let mut segs = vec![0.0];
    for part in parts {
        match word_value(&part) {
            Some(value) if value < 100.0 => {
                let mut top = segs.pop().unwrap_or(0.0);
                if top >= 1000.0 {
                    segs.push(top);
                    top = 0.0;
                }
                segs.push(top + value);
            }
            Some(value) => {
                let top = segs.pop().unwrap_or(0.0);
                segs.push(top * value);
            }
            None => {
                let top = segs.pop().unwrap_or(0.0);
                segs.push(top * f64::NAN);
            }
        }
    }
    segs.iter().sum()
}

/// `$formatInteger(value, picture)`: `value`, rounded down, by an XPath `fn:format-integer`
/// picture: a decimal digit pattern (`000`, `#,##0`, digits of another Unicode family), `a`/`A`
/// letters, `i`/`I` roman numerals, `w`/`W`/`Ww` words; `;o` for ordinals.
///
/// ```
/// use sfn_core::jsonata::format::format_integer;
///
/// assert_eq!(format_integer(1234567890.0, "#,##0").unwrap(), "1,234,567,890");
/// assert_eq!(format_integer(555.0, "Ww").unwrap(), "Five Hundred and Fifty-Five");
/// assert_eq!(format_integer(123.0, "000;o").unwrap(), "123rd");
/// ```
pub fn format_integer(value: f64, picture: &str) -> Result<String, FormatError> {
    let pic = IntegerPicture::analyse(picture)?;
    pic.format(value.floor())
}

/// `$parseInteger(text, picture)`: the integer `text` writes by an `fn:format-integer` picture.
/// Like JSONata, the text is not checked against the picture; where JSONata's answer is NaN
/// (a word or numeral it does not know) the answer is `None`.
///
/// ```
/// use sfn_core::jsonata::format::parse_integer;
///
/// assert_eq!(parse_integer("12,345,678", "#,##0").unwrap(), Some(12345678.0));
/// assert_eq!(parse_integer("MCMLXXXIV", "I").unwrap(), Some(1984.0));
/// assert_eq!(parse_integer("50", "#").unwrap_err().code, "D3130");
/// ```
pub fn parse_integer(text: &str, picture: &str) -> Result<Option<f64>, FormatError> {
    let pic = IntegerPicture::analyse(picture)?;
    let value = pic.parse(text)?;
    Ok(value.is_finite().then_some(value))
}
