//! `$fromMillis` and `$toMillis`: the proleptic Gregorian calendar in UTC, XPath
//! `fn:format-dateTime` pictures, and JSONata's picture-driven timestamp parser.
//!
//! Times are JavaScript time values: milliseconds since 1970-01-01T00:00:00Z as `f64`, valid
//! within ±8.64e15 (about ±273,790 years).

use std::collections::HashSet;

use super::numbers::{number_words, Case, IntegerPicture, Primary};
use super::{is_js_space, js_parse_int, json_string, pow10, FormatError, MAX_WIDTH};
use crate::asl::{civil_from_days, days_from_civil};

const DAY: f64 = 86_400_000.0;
const MAX_TIME: f64 = 8.64e15;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The picture of `$fromMillis` without one: ISO 8601 with milliseconds.
const ISO_PICTURE: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

// ---------------------------------------------------------------------------------------------
// Calendar

/// ECMAScript's TimeClip: NaN outside the range of dates, else the integral time value.
fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > MAX_TIME {
        f64::NAN
    } else {
        t.trunc() + 0.0
    }
}

/// ECMAScript's MakeDate(MakeDay(year, month0, day), MakeTime(...)), clipped: months and days
/// out of range roll over into the next or previous year and month.
fn make_time(year: f64, month0: f64, day: f64, hms: [f64; 4]) -> f64 {
    let all = [year, month0, day, hms[0], hms[1], hms[2], hms[3]];
    if all.iter().any(|x| !x.is_finite()) {
        return f64::NAN;
    }
    let month0 = month0.trunc();
    let y = year.trunc() + (month0 / 12.0).floor();
    if y.abs() > 1e7 {
        return f64::NAN;
    }
    let m = month0.rem_euclid(12.0);
    let days = days_from_civil(y as i64, m as i64 + 1, 1) as f64 + day.trunc() - 1.0;
    let [h, mi, s, ms] = hms.map(f64::trunc);
    let time = h * 3_600_000.0 + mi * 60_000.0 + s * 1000.0 + ms;
    time_clip(days * DAY + time)
}

/// JavaScript's `Date.UTC(year, month0, day, h, m, s, ms)`: a year from 0 to 99 means 1900 to
/// 1999.
fn date_utc(year: f64, month0: f64, day: f64, hms: [f64; 4]) -> f64 {
    let y = year.trunc();
    let y = if (0.0..=99.0).contains(&y) {
        1900.0 + y
    } else {
        year
    };
    make_time(y, month0, day, hms)
}

fn date_utc_ymd(year: f64, month0: f64, day: f64) -> f64 {
    date_utc(year, month0, day, [0.0; 4])
}

/// A valid time value split into its UTC fields.
#[derive(Debug, Clone, Copy)]
struct Instant {
    t: f64,
    year: f64,
    /// 1..=12
    month: f64,
    day: f64,
    hour: f64,
    minute: f64,
    second: f64,
    millis: f64,
    /// 0 is Sunday, as `getUTCDay`.
    weekday: i64,
}

fn instant(t: f64) -> Instant {
    let days = (t / DAY).floor();
    let in_day = (t - days * DAY) as i64;
    let days = days as i64;
    let (year, month, day) = civil_from_days(days);
    Instant {
        t,
        year: year as f64,
        month: month as f64,
        day: day as f64,
        hour: (in_day / 3_600_000) as f64,
        minute: (in_day / 60_000 % 60) as f64,
        second: (in_day / 1000 % 60) as f64,
        millis: (in_day % 1000) as f64,
        weekday: (days + 4).rem_euclid(7),
    }
}

fn weekday_of(t: f64) -> i64 {
    ((t / DAY).floor() as i64 + 4).rem_euclid(7)
}

/// The Monday that starts the first week of a month (of a year for January): ISO 8601's week
/// containing the first Thursday, which XPath extends to months.
fn start_of_first_week(year: f64, month0: f64) -> f64 {
    let first = date_utc_ymd(year, month0, 1.0);
    if first.is_nan() {
        return f64::NAN;
    }
    let mut dow = weekday_of(first);
    if dow == 0 {
        dow = 7;
    }
    if dow > 4 {
        first + (8 - dow) as f64 * DAY
    } else {
        first - (dow - 1) as f64 * DAY
    }
}

fn next_month(year: f64, month0: f64) -> (f64, f64) {
    if month0 == 11.0 {
        (year + 1.0, 0.0)
    } else {
        (year, month0 + 1.0)
    }
}

fn previous_month(year: f64, month0: f64) -> (f64, f64) {
    if month0 == 0.0 {
        (year - 1.0, 11.0)
    } else {
        (year, month0 - 1.0)
    }
}

fn delta_weeks(start: f64, end: f64) -> f64 {
    (end - start) / (DAY * 7.0) + 1.0
}

/// The value of a date/time component, as JSONata's `getDateTimeFragment` gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fragment {
    Number(f64),
    Text(&'static str),
    Undefined,
}

fn fragment(d: &Instant, component: char) -> Fragment {
    let month0 = d.month - 1.0;
    let value = match component {
        'Y' => d.year,
        'M' => d.month,
        'D' => d.day,
        'd' => {
            let today = date_utc_ymd(d.year, month0, d.day);
            let first = date_utc_ymd(d.year, 0.0, 1.0);
            (today - first) / DAY + 1.0
        }
        'F' => {
            if d.weekday == 0 {
                7.0
            } else {
                d.weekday as f64
            }
        }
        'W' => {
            let start = start_of_first_week(d.year, 0.0);
            let today = date_utc_ymd(d.year, month0, d.day);
            let mut week = delta_weeks(start, today);
            if week > 52.0 {
                if today >= start_of_first_week(d.year + 1.0, 0.0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(d.year - 1.0, 0.0), today);
            }
            week.floor()
        }
        'w' => {
            let start = start_of_first_week(d.year, month0);
            let today = date_utc_ymd(d.year, month0, d.day);
            let mut week = delta_weeks(start, today);
            if week > 4.0 {
                let (y, m) = next_month(d.year, month0);
                if today >= start_of_first_week(y, m) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                let (y, m) = previous_month(d.year, month0);
                week = delta_weeks(start_of_first_week(y, m), today);
            }
            week.floor()
        }
        'X' => {
            if d.t < start_of_first_week(d.year, 0.0) {
                d.year - 1.0
            } else if d.t >= start_of_first_week(d.year + 1.0, 0.0) {
                d.year + 1.0
            } else {
                d.year
            }
        }
        'x' => {
            let (ny, nm) = next_month(d.year, month0);
            if d.t < start_of_first_week(d.year, month0) {
                previous_month(d.year, month0).1 + 1.0
            } else if d.t >= start_of_first_week(ny, nm) {
                nm + 1.0
            } else {
                d.month
            }
        }
        'H' => d.hour,
        'h' => {
            let h = d.hour % 12.0;
            if h == 0.0 {
                12.0
            } else {
                h
            }
        }
        'P' => return Fragment::Text(if d.hour >= 12.0 { "pm" } else { "am" }),
        'm' => d.minute,
        's' => d.second,
        'f' => d.millis,
        'C' | 'E' => return Fragment::Text("ISO"),
        _ => return Fragment::Undefined,
    };
    Fragment::Number(value)
}

// ---------------------------------------------------------------------------------------------
// Pictures

#[derive(Debug, Clone)]
enum Part {
    Literal(Vec<char>),
    Marker(Marker),
}

/// A variable marker `[...]` of a date/time picture.
#[derive(Debug, Clone)]
struct Marker {
    component: char,
    width_max: Option<i64>,
    presentation2: Option<char>,
    names: Option<Case>,
    integer: Option<IntegerPicture>,
    /// The number of year digits kept (`[Y,2]`, `[Y01]`); `None` keeps them all.
    year_digits: Option<i64>,
}

fn default_presentation(component: char) -> Option<&'static str> {
    Some(match component {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

/// A width of the width modifier: absent for `*`, for nothing, or for anything that does not
/// start with digits.
fn parse_width(w: Option<&[char]>) -> Option<i64> {
    let w: String = w?.iter().collect();
    if w == "*" {
        return None;
    }
    let v = js_parse_int(&w);
    v.is_finite().then_some(v.clamp(-1e15, 1e15) as i64)
}

fn to_width(w: i64) -> Result<usize, FormatError> {
    let w = w.max(0) as usize;
    if w > MAX_WIDTH {
        Err(FormatError::out_of_range(w as f64))
    } else {
        Ok(w)
    }
}

/// Splits a date/time picture into literals and markers (F&O 9.8.4.1), as JSONata reads it:
/// `[[` and `]]` are literal brackets, white space inside a marker is ignored.
fn analyse_picture(picture: &str) -> Result<Vec<Part>, FormatError> {
    let p: Vec<char> = picture.chars().collect();
    let mut parts: Vec<Part> = Vec::new();
    let add_literal = |parts: &mut Vec<Part>, start: usize, end: usize| {
        if end > start {
            let mut literal = Vec::with_capacity(end - start);
            let mut i = start;
            while i < end {
                literal.push(p[i]);
                i += if p[i] == ']' && i + 1 < end && p[i + 1] == ']' {
                    2
                } else {
                    1
                };
            }
            parts.push(Part::Literal(literal));
        }
    };
    let mut start = 0;
    let mut pos = 0;
    while pos < p.len() {
        if p[pos] == '[' {
            if p.get(pos + 1) == Some(&'[') {
                add_literal(&mut parts, start, pos);
                parts.push(Part::Literal(vec!['[']));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut parts, start, pos);
            start = pos;
            let close = p[start..]
                .iter()
                .position(|&c| c == ']')
                .ok_or_else(|| FormatError::new("D3135"))?;
            pos = start + close;
            let marker: Vec<char> = p[start + 1..pos]
                .iter()
                .copied()
                .filter(|&c| !is_js_space(c))
                .collect();
            let def = analyse_marker(&marker, &mut parts)?;
            parts.push(Part::Marker(def));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut parts, start, p.len());
    Ok(parts)
}

fn analyse_marker(marker: &[char], parts: &mut [Part]) -> Result<Marker, FormatError> {
    let component = marker.first().copied();
    let mut width_min = None;
    let mut width_max = None;
    let presentation: Vec<char> = match marker.iter().rposition(|&c| c == ',') {
        Some(comma) => {
            let width = &marker[comma + 1..];
            match width.iter().position(|&c| c == '-') {
                None => width_min = parse_width(Some(width)),
                Some(dash) => {
                    width_min = parse_width(Some(&width[..dash]));
                    width_max = parse_width(Some(&width[dash + 1..]));
                }
            }
            // `marker.substring(1, comma)`, which swaps its ends when the comma comes first.
            if comma == 0 {
                marker[..1].to_vec()
            } else {
                marker[1..comma].to_vec()
            }
        }
        None => marker.get(1..).unwrap_or_default().to_vec(),
    };
    let unknown = || {
        let name: String = component.map(String::from).unwrap_or_default();
        FormatError::with_value("D3132", &json_string(&name))
    };
    let (presentation1, presentation2): (String, Option<char>) = match presentation.len() {
        0 => {
            let c = component.ok_or_else(unknown)?;
            (
                default_presentation(c).ok_or_else(unknown)?.to_string(),
                None,
            )
        }
        1 => (presentation.iter().collect(), None),
        n => match presentation[n - 1] {
            last @ ('a' | 't' | 'c' | 'o') => (presentation[..n - 1].iter().collect(), Some(last)),
            _ => (presentation.iter().collect(), None),
        },
    };
    // A marker is never empty here: an empty one has no default presentation.
    let component = component.ok_or_else(unknown)?;
    let mut def = Marker {
        component,
        width_max,
        presentation2,
        names: None,
        integer: None,
        year_digits: None,
    };
    let mut first = presentation1.chars();
    match (first.next(), first.next()) {
        (Some('n'), _) => def.names = Some(Case::Lower),
        (Some('N'), Some('n')) => def.names = Some(Case::Title),
        (Some('N'), _) => def.names = Some(Case::Upper),
        _ if "YMDdFWwXxHhmsf".contains(component) => {
            let mut pattern = presentation1.clone();
            if let Some(p2) = presentation2 {
                pattern.push(';');
                pattern.push(p2);
            }
            let mut integer = IntegerPicture::analyse(&pattern)?;
            if let Some(min) = width_min {
                let min = to_width(min)?;
                if integer.mandatory < min {
                    integer.mandatory = min;
                }
            }
            if component == 'Y' {
                if let Some(max) = width_max {
                    def.year_digits = Some(max);
                    integer.mandatory = to_width(max)?;
                } else {
                    let w = integer.mandatory + integer.optional;
                    if w >= 2 {
                        def.year_digits = Some(w as i64);
                    }
                }
            }
            // A number right after another number: the first one must be read with its exact
            // width, or it would swallow the digits of the second.
            if let Some(Part::Marker(previous)) = parts.last_mut() {
                if let Some(prev) = previous.integer.as_mut() {
                    prev.parse_width = Some(prev.mandatory);
                }
            }
            def.integer = Some(integer);
        }
        _ => {}
    }
    if component == 'Z' || component == 'z' {
        def.integer = Some(IntegerPicture::analyse(&presentation1)?);
    }
    Ok(def)
}

fn apply_case(text: &str, case: Case) -> String {
    match case {
        Case::Upper => text.to_uppercase(),
        Case::Lower => text.to_lowercase(),
        Case::Title => text.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// $fromMillis

fn format_marker(
    d: &Instant,
    m: &Marker,
    offset_hours: f64,
    offset_minutes: f64,
) -> Result<String, FormatError> {
    let c = m.component;
    let value = fragment(d, c);
    let integer = || {
        m.integer
            .as_ref()
            .ok_or_else(|| FormatError::out_of_range(f64::NAN))
    };
    let number = match value {
        Fragment::Number(v) => v,
        _ => f64::NAN,
    };
    if "YMDdFWwXxHhms".contains(c) {
        let mut v = number;
        if c == 'Y' {
            if let Some(n) = m.year_digits {
                v %= pow10(n);
            }
        }
        if let Some(case) = m.names {
            let name = match c {
                'M' | 'x' => MONTHS
                    .get((v as usize).wrapping_sub(1))
                    .copied()
                    .unwrap_or(""),
                'F' => DAYS.get(v as usize).copied().unwrap_or(""),
                _ => {
                    return Err(FormatError::with_value(
                        "D3133",
                        &json_string(&c.to_string()),
                    ))
                }
            };
            let mut name = apply_case(name, case);
            if let Some(max) = m.width_max {
                if name.chars().count() as i64 > max {
                    name = name.chars().take(max.max(0) as usize).collect();
                }
            }
            Ok(name)
        } else {
            integer()?.format(v)
        }
    } else if c == 'f' {
        integer()?.format(number)
    } else if c == 'Z' || c == 'z' {
        let pic = integer()?;
        let offset = offset_hours * 100.0 + offset_minutes;
        let mut out = if pic.regular_separator().is_some() {
            pic.format(offset)?
        } else {
            match (pic.primary, pic.mandatory) {
                (Primary::Decimal, 1 | 2) => {
                    let mut s = pic.format(offset_hours)?;
                    if offset_minutes != 0.0 {
                        s.push(':');
                        s.push_str(&super::format_integer(offset_minutes, "00")?);
                    }
                    s
                }
                (Primary::Decimal, 3 | 4) => pic.format(offset)?,
                _ => return Err(FormatError::new("D3134")),
            }
        };
        if offset >= 0.0 {
            out.insert(0, '+');
        }
        if c == 'z' {
            out.insert_str(0, "GMT");
        }
        if offset == 0.0 && m.presentation2 == Some('t') {
            out = "Z".to_string();
        }
        Ok(out)
    } else {
        Ok(match value {
            Fragment::Text(t) if c == 'P' && m.names == Some(Case::Upper) => t.to_uppercase(),
            Fragment::Text(t) => t.to_string(),
            Fragment::Number(v) => super::js_number_to_string(v),
            Fragment::Undefined => "undefined".to_string(),
        })
    }
}

/// `$fromMillis(millis, picture, timezone)`: a time in milliseconds since the epoch as text.
///
/// Without a picture the text is ISO 8601, `YYYY-MM-DDTHH:mm:ss.SSSZ` (with the offset instead
/// of `Z` when a timezone is given). A picture is an XPath `fn:format-dateTime` picture:
/// `[Y0001]-[M01]-[D01]`, `[FNn], [D1o] [MNn]`, `[h]:[m01] [P]`, `[Z01:01]`, `[z]`, `[X]`/`[W]`
/// for the ISO week date... The timezone is `±HHMM`, read as JSONata reads it (by
/// `parseInt`). Errors: D3132 to D3135 for a bad picture, D3130/D3131 for a bad integer
/// picture inside a marker; D1001 when the time (after the offset) is outside the range of
/// dates or the timezone is not a number, where JSONata would print `NaN`s.
///
/// ```
/// use sfn_core::jsonata::format::from_millis;
///
/// assert_eq!(from_millis(1509380732935.0, None, None).unwrap(), "2017-10-30T16:25:32.935Z");
/// assert_eq!(
///     from_millis(1531310400000.0, Some("[Y]-[M01]-[D01]T[H01]:[m]:[s][Z]"), Some("-0500")).unwrap(),
///     "2018-07-11T07:00:00-05:00"
/// );
/// ```
pub fn from_millis(
    millis: f64,
    picture: Option<&str>,
    timezone: Option<&str>,
) -> Result<String, FormatError> {
    let (offset_hours, offset_minutes) = match timezone {
        None => (0.0, 0.0),
        Some(tz) => {
            let offset = js_parse_int(tz);
            if offset.is_nan() {
                return Err(FormatError::with_value("D1001", &json_string(tz)));
            }
            // JSONata splits -0530 into -6 hours and -30 minutes.
            ((offset / 100.0).floor(), offset % 100.0)
        }
    };
    let parts = analyse_picture(picture.unwrap_or(ISO_PICTURE))?;
    let t = time_clip(millis + (60.0 * offset_hours + offset_minutes) * 60_000.0);
    if t.is_nan() {
        return Err(FormatError::out_of_range(millis));
    }
    let d = instant(t);
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(l) => out.extend(l.iter()),
            Part::Marker(m) => out.push_str(&format_marker(&d, m, offset_hours, offset_minutes)?),
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// $toMillis without a picture

/// JSONata's test for an ISO 8601 timestamp, the regular expression
/// `^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`.
fn iso_shape(s: &[u8]) -> bool {
    let digit = |i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
    let within = |i: usize, lo: u8, hi: u8| s.get(i).is_some_and(|c| (lo..=hi).contains(c));
    let at = |i: usize, c: u8| s.get(i) == Some(&c);
    if !(0..4).all(digit) {
        return false;
    }
    // The ends of any number of `-dd` pairs (the first digit 0 to 3), then of `Thh:mm:ss` groups.
    let mut date_ends = vec![4];
    let mut i = 4;
    while at(i, b'-') && within(i + 1, b'0', b'3') && digit(i + 2) {
        i += 3;
        date_ends.push(i);
    }
    let time_group = |i: usize| {
        at(i, b'T')
            && within(i + 1, b'0', b'2')
            && digit(i + 2)
            && at(i + 3, b':')
            && within(i + 4, b'0', b'5')
            && digit(i + 5)
            && at(i + 6, b':')
            && within(i + 7, b'0', b'5')
            && digit(i + 8)
    };
    let tail = |i: usize| {
        // Optional fraction, optional offset, end.
        let mut starts = vec![i];
        if at(i, b'.') && digit(i + 1) {
            let mut j = i + 1;
            while digit(j) {
                j += 1;
            }
            starts.push(j);
        }
        starts.into_iter().any(|j| {
            if j == s.len() {
                return true;
            }
            if at(j, b'Z') {
                return j + 1 == s.len();
            }
            if (at(j, b'+') || at(j, b'-')) && within(j + 1, b'0', b'2') && digit(j + 2) {
                let k = if at(j + 3, b':') { j + 4 } else { j + 3 };
                return within(k, b'0', b'5') && digit(k + 1) && k + 2 == s.len();
            }
            false
        })
    };
    date_ends.into_iter().any(|mut j| loop {
        if tail(j) {
            return true;
        }
        if time_group(j) {
            j += 9;
        } else {
            return false;
        }
    })
}

/// `Date.parse` for the ISO 8601 forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, each optionally with
/// `THH:mm:ss`, a fraction and `Z` or an offset `±HH:mm`/`±HHmm`. A date-time without an offset
/// is read as UTC. NaN for anything else or for out-of-range fields.
fn parse_iso(s: &str) -> f64 {
    let b = s.as_bytes();
    let mut i = 0;
    let num = |i: &mut usize, n: usize| -> Option<f64> {
        let digits = b.get(*i..*i + n)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        *i += n;
        Some(
            digits
                .iter()
                .fold(0.0, |acc, d| acc * 10.0 + f64::from(d - b'0')),
        )
    };
    let parsed = (|| -> Option<f64> {
        let year = num(&mut i, 4)?;
        let (mut month, mut day) = (1.0, 1.0);
        if b.get(i) == Some(&b'-') {
            i += 1;
            month = num(&mut i, 2)?;
            if b.get(i) == Some(&b'-') {
                i += 1;
                day = num(&mut i, 2)?;
            }
        }
        if !(1.0..=12.0).contains(&month) || !(1.0..=31.0).contains(&day) {
            return None;
        }
        let (mut h, mut m, mut sec, mut ms, mut offset) = (0.0, 0.0, 0.0, 0.0, 0.0);
        if b.get(i) == Some(&b'T') {
            i += 1;
            h = num(&mut i, 2)?;
            (b.get(i) == Some(&b':')).then_some(())?;
            i += 1;
            m = num(&mut i, 2)?;
            (b.get(i) == Some(&b':')).then_some(())?;
            i += 1;
            sec = num(&mut i, 2)?;
            if b.get(i) == Some(&b'.') {
                i += 1;
                let start = i;
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                // Milliseconds: the first three digits; more are ignored.
                let frac = &s[start..i];
                let mut three: String = frac.chars().take(3).collect();
                while three.len() < 3 {
                    three.push('0');
                }
                ms = three.parse::<f64>().ok()?;
            }
            match b.get(i) {
                None => {}
                Some(b'Z') => i += 1,
                Some(&sign @ (b'+' | b'-')) => {
                    i += 1;
                    let oh = num(&mut i, 2)?;
                    if b.get(i) == Some(&b':') {
                        i += 1;
                    }
                    let om = num(&mut i, 2)?;
                    if oh > 23.0 || om > 59.0 {
                        return None;
                    }
                    offset = (oh * 60.0 + om) * if sign == b'-' { -1.0 } else { 1.0 };
                }
                Some(_) => return None,
            }
            let valid = h < 24.0 && m < 60.0 && sec < 60.0
                || h == 24.0 && m == 0.0 && sec == 0.0 && ms == 0.0;
            if !valid {
                return None;
            }
        }
        if i != b.len() {
            return None;
        }
        Some(make_time(year, month - 1.0, day, [h, m, sec, ms]) - offset * 60_000.0)
    })();
    parsed.map_or(f64::NAN, time_clip)
}

// ---------------------------------------------------------------------------------------------
// $toMillis with a picture

/// What one part of a picture matches: JSONata builds a regular expression from the picture
/// (case-insensitive) and these are its pieces.
#[derive(Debug, Clone)]
enum Matcher {
    Literal(Vec<char>),
    /// `[0-9]+` or `[0-9]{n}`, then `th|st|nd|rd` for ordinals.
    Digits {
        width: Option<usize>,
        ordinal: bool,
    },
    /// `[A-Z]+` (case-insensitive, so any ASCII letter): letters and names.
    Letters,
    /// `[MDCLXVI]+`
    Roman,
    /// `(?:one|two|...|and|[\-, ])+`
    Words,
    /// `[-+][0-9]+`, after `GMT` for `z`, with `<separator>[0-9]+` when the picture has one.
    Zone {
        gmt: bool,
        separator: Option<char>,
    },
}

/// How a matched piece becomes a component value.
#[derive(Debug, Clone)]
enum Reader {
    Integer(IntegerPicture),
    Names(Vec<(String, f64)>),
    Zone { gmt: bool, separator: Option<char> },
}

/// The Canonicalize of a case-insensitive JavaScript regular expression (without the `u` flag).
fn fold(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) if !u.is_ascii() || c.is_ascii() => u,
        _ => c,
    }
}

fn starts_with_folded(text: &[char], at: usize, pattern: &[char]) -> bool {
    text.len() >= at + pattern.len()
        && text[at..at + pattern.len()]
            .iter()
            .zip(pattern)
            .all(|(a, b)| fold(*a) == fold(*b))
}

struct Text<'a> {
    chars: &'a [char],
    words: Vec<Vec<char>>,
}

impl Text<'_> {
    fn run(&self, at: usize, accept: impl Fn(char) -> bool) -> usize {
        self.chars[at.min(self.chars.len())..]
            .iter()
            .take_while(|&&c| accept(c))
            .count()
    }

    /// The ends of the matches of `m` at `at`, in the order JavaScript's backtracking tries them.
    fn ends(&self, m: &Matcher, at: usize) -> Vec<usize> {
        let greedy = |n: usize| (1..=n).rev().map(|k| at + k).collect::<Vec<_>>();
        match m {
            Matcher::Literal(l) => {
                if starts_with_folded(self.chars, at, l) {
                    vec![at + l.len()]
                } else {
                    Vec::new()
                }
            }
            Matcher::Digits { width, ordinal } => {
                let run = self.run(at, |c| c.is_ascii_digit());
                let candidates = match width {
                    Some(w) if run >= *w => vec![at + w],
                    Some(_) => Vec::new(),
                    None => greedy(run),
                };
                if !ordinal {
                    return candidates;
                }
                let suffixes: [[char; 2]; 4] = [['t', 'h'], ['s', 't'], ['n', 'd'], ['r', 'd']];
                candidates
                    .into_iter()
                    .filter(|&e| {
                        suffixes
                            .iter()
                            .any(|s| starts_with_folded(self.chars, e, s))
                    })
                    .map(|e| e + 2)
                    .collect()
            }
            Matcher::Letters => greedy(self.run(at, |c| c.is_ascii_alphabetic())),
            Matcher::Roman => greedy(self.run(at, |c| "MDCLXVImdclxvi".contains(c))),
            Matcher::Words => self.word_ends(at),
            Matcher::Zone { gmt, separator } => {
                let mut p = at;
                if *gmt {
                    if !starts_with_folded(self.chars, p, &['G', 'M', 'T']) {
                        return Vec::new();
                    }
                    p += 3;
                }
                if !matches!(self.chars.get(p), Some('+' | '-')) {
                    return Vec::new();
                }
                p += 1;
                let hours = self.run(p, |c| c.is_ascii_digit());
                if hours == 0 {
                    return Vec::new();
                }
                match separator {
                    None => (1..=hours).rev().map(|k| p + k).collect(),
                    Some(sep) => {
                        let q = p + hours;
                        if self.chars.get(q).map(|&c| fold(c)) != Some(fold(*sep)) {
                            return Vec::new();
                        }
                        let minutes = self.run(q + 1, |c| c.is_ascii_digit());
                        (1..=minutes).rev().map(|k| q + 1 + k).collect()
                    }
                }
            }
        }
    }

    /// The ends of `(?:word|...|and|[\-, ])+` at `at`: each iteration tries the alternatives in
    /// order and, greedily, another iteration before stopping. An end already produced is not
    /// produced again (it has been tried, with everything that follows it).
    fn word_ends(&self, at: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut stack: Vec<(usize, usize)> = vec![(at, 0)];
        while let Some(top) = stack.last_mut() {
            let (q, next_alt) = (top.0, &mut top.1);
            let mut found = None;
            let alternatives = self.words.len() + 3;
            while *next_alt < alternatives {
                let k = *next_alt;
                *next_alt += 1;
                let len = match self.words.get(k) {
                    Some(word) => starts_with_folded(self.chars, q, word).then_some(word.len()),
                    None => {
                        let class = ['-', ',', ' '][k - self.words.len()];
                        (self.chars.get(q) == Some(&class)).then_some(1)
                    }
                };
                if let Some(len) = len {
                    if seen.insert(q + len) {
                        found = Some(q + len);
                        break;
                    }
                }
            }
            match found {
                Some(r) => stack.push((r, 0)),
                None => {
                    stack.pop();
                    if !stack.is_empty() {
                        out.push(q);
                    }
                }
            }
        }
        out
    }
}

/// The longest search for a match of a picture before giving up on it as not matching.
const MATCH_BUDGET: usize = 2_000_000;

/// Matches the whole text against the pieces, as `^(p1)(p2)...$` would: the first match in
/// JavaScript's order. The captured ranges, or `None`.
fn match_all(text: &Text<'_>, matchers: &[Matcher]) -> Option<Vec<(usize, usize)>> {
    let len = text.chars.len();
    if matchers.is_empty() {
        return (len == 0).then(Vec::new);
    }
    struct Frame {
        part: usize,
        start: usize,
        ends: Vec<usize>,
        next: usize,
    }
    let mut failed: HashSet<(usize, usize)> = HashSet::new();
    let mut budget = MATCH_BUDGET;
    let first = text.ends(&matchers[0], 0);
    budget = budget.saturating_sub(first.len() + 1);
    let mut stack = vec![Frame {
        part: 0,
        start: 0,
        ends: first,
        next: 0,
    }];
    while let Some(top) = stack.last_mut() {
        if top.next < top.ends.len() {
            let end = top.ends[top.next];
            top.next += 1;
            let part = top.part + 1;
            if part == matchers.len() {
                if end == len {
                    return Some(
                        stack
                            .iter()
                            .map(|f| (f.start, f.ends[f.next - 1]))
                            .collect(),
                    );
                }
                continue;
            }
            if failed.contains(&(part, end)) {
                continue;
            }
            let ends = text.ends(&matchers[part], end);
            budget = budget.checked_sub(ends.len() + 1)?;
            stack.push(Frame {
                part,
                start: end,
                ends,
                next: 0,
            });
        } else {
            failed.insert((top.part, top.start));
            stack.pop();
        }
    }
    None
}

/// A piece of the picture's pattern, and the component it reads with its reader.
type Piece = (Matcher, Option<(char, Reader)>);

fn build_matchers(parts: &[Part]) -> Result<Vec<Piece>, FormatError> {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let m = match part {
            Part::Literal(l) => (Matcher::Literal(l.clone()), None),
            Part::Marker(m) if m.component == 'Z' || m.component == 'z' => {
                let separator = m
                    .integer
                    .as_ref()
                    .and_then(IntegerPicture::regular_separator);
                let gmt = m.component == 'z';
                (
                    Matcher::Zone { gmt, separator },
                    Some((m.component, Reader::Zone { gmt, separator })),
                )
            }
            Part::Marker(m) => match &m.integer {
                Some(integer) => {
                    let matcher = match integer.primary {
                        Primary::Letters => Matcher::Letters,
                        Primary::Roman => Matcher::Roman,
                        Primary::Words => Matcher::Words,
                        Primary::Decimal => Matcher::Digits {
                            width: integer.parse_width.filter(|&w| w > 0),
                            ordinal: integer.ordinal,
                        },
                        Primary::Sequence => {
                            return Err(FormatError::with_value(
                                "D3130",
                                &json_string(&integer.token),
                            ));
                        }
                    };
                    (
                        matcher,
                        Some((m.component, Reader::Integer(integer.clone()))),
                    )
                }
                None => {
                    let truncate = |name: &str| match m.width_max {
                        Some(max) if max != 0 => name.chars().take(max.max(0) as usize).collect(),
                        _ => name.to_string(),
                    };
                    let lookup: Vec<(String, f64)> = match m.component {
                        'M' | 'x' => MONTHS
                            .iter()
                            .enumerate()
                            .map(|(i, n)| (truncate(n), i as f64 + 1.0))
                            .collect(),
                        'F' => DAYS
                            .iter()
                            .enumerate()
                            .skip(1)
                            .map(|(i, n)| (truncate(n), i as f64))
                            .collect(),
                        'P' => vec![
                            ("am".into(), 0.0),
                            ("AM".into(), 0.0),
                            ("pm".into(), 1.0),
                            ("PM".into(), 1.0),
                        ],
                        c => {
                            return Err(FormatError::with_value(
                                "D3133",
                                &json_string(&c.to_string()),
                            ))
                        }
                    };
                    (Matcher::Letters, Some((m.component, Reader::Names(lookup))))
                }
            },
        };
        out.push(m);
    }
    Ok(out)
}

/// A matched piece as a component value; `None` is JavaScript's undefined (a name not in the
/// table), NaN stays NaN.
fn read(reader: &Reader, text: &str) -> Result<Option<f64>, FormatError> {
    Ok(match reader {
        Reader::Integer(pic) => Some(pic.parse(text)?),
        Reader::Names(lookup) => lookup
            .iter()
            .rev()
            .find(|(name, _)| name == text)
            .map(|(_, v)| *v),
        Reader::Zone { gmt, separator } => {
            let value: Vec<char> = text.chars().skip(if *gmt { 3 } else { 0 }).collect();
            let int = |s: &[char]| js_parse_int(&s.iter().collect::<String>());
            let (hours, minutes) =
                match separator.and_then(|sep| value.iter().position(|&c| c == sep)) {
                    Some(at) => (int(&value[..at]), int(&value[at + 1..])),
                    None if separator.is_some() => (int(&[]), int(&value)),
                    None if value.len() <= 3 => (int(&value), 0.0),
                    None => (int(&value[..3]), int(&value[3..])),
                };
            // -05:30 reads as -5 hours and +30 minutes, as in JSONata.
            Some(hours * 60.0 + minutes)
        }
    })
}

/// The date and time components a parsed timestamp may set, in the order of JSONata's masks.
const DATE_COMPONENTS: [char; 8] = ['Y', 'X', 'M', 'x', 'W', 'w', 'd', 'D'];
const TIME_COMPONENTS: [char; 6] = ['P', 'H', 'h', 'm', 's', 'f'];

fn parse_with_picture(
    timestamp: &str,
    picture: &str,
    now: f64,
) -> Result<Option<f64>, FormatError> {
    let parts = analyse_picture(picture)?;
    let pieces = build_matchers(&parts)?;
    let chars: Vec<char> = timestamp.chars().collect();
    let words = number_words().iter().map(|w| w.chars().collect()).collect();
    let text = Text {
        chars: &chars,
        words,
    };
    let matchers: Vec<Matcher> = pieces.iter().map(|p| p.0.clone()).collect();
    let Some(captures) = match_all(&text, &matchers) else {
        return Ok(None);
    };

    // Each component: absent, present but undefined, or a number (possibly NaN).
    let mut components: Vec<(char, Option<f64>)> = Vec::new();
    for ((_, reader), &(start, end)) in pieces.iter().zip(&captures) {
        if let Some((component, reader)) = reader {
            let captured: String = chars[start..end].iter().collect();
            let value = read(reader, &captured)?;
            match components.iter_mut().find(|(c, _)| c == component) {
                Some(slot) => slot.1 = value,
                None => components.push((*component, value)),
            }
        }
    }
    if components.is_empty() {
        return Ok(None);
    }
    let get = |components: &[(char, Option<f64>)], c: char| {
        components
            .iter()
            .find(|(k, _)| *k == c)
            .and_then(|(_, v)| *v)
    };
    let truthy = |v: Option<f64>| v.is_some_and(|x| x != 0.0 && !x.is_nan());
    let mask_of = |set: &[char]| {
        set.iter().fold(0u32, |mask, &c| {
            (mask << 1) | u32::from(truthy(get(&components, c)))
        })
    };
    // A combination fits when the components given are all in it, and at least one is.
    let fits = |kind: u32, mask: u32| (!kind & mask) == 0 && (kind & mask) != 0;

    let date_mask = mask_of(&DATE_COMPONENTS);
    let date_a = fits(0b1010_0001, date_mask); // Y M D
    let date_b = !date_a && fits(0b1000_0010, date_mask); // Y d
    let date_c = fits(0b0101_0100, date_mask); // X x w (F)
    let date_d = !date_c && fits(0b0100_1000, date_mask); // X W (F)
    let time_mask = mask_of(&TIME_COMPONENTS);
    let time_a = fits(0b01_0111, time_mask); // H m s f
    let time_b = !time_a && fits(0b10_1111, time_mask); // P h m s f

    let date_comps: &[char] = if date_b {
        &['Y', 'D']
    } else if date_c {
        &['X', 'x', 'w', 'F']
    } else if date_d {
        &['X', 'W', 'F']
    } else {
        &['Y', 'M', 'D']
    };
    let time_comps: &[char] = if time_b {
        &['P', 'h', 'm', 's', 'f']
    } else {
        &['H', 'm', 's', 'f']
    };

    // Before the given components, the current date and time; after them, zero (one for
    // months and days); a gap between given components is an error.
    let now = time_clip(now);
    let now_instant = instant(if now.is_nan() { 0.0 } else { now });
    let mut started = false;
    let mut ended = false;
    for &c in date_comps.iter().chain(time_comps) {
        if get(&components, c).is_none() {
            let value = if started {
                ended = true;
                if "MDd".contains(c) {
                    1.0
                } else {
                    0.0
                }
            } else {
                match fragment(&now_instant, c) {
                    Fragment::Number(v) => v,
                    // The am/pm marker of now is text, never equal to 1.
                    _ => f64::NAN,
                }
            };
            match components.iter_mut().find(|(k, _)| *k == c) {
                Some(slot) => slot.1 = Some(value),
                None => components.push((c, Some(value))),
            }
        } else {
            started = true;
            if ended {
                return Err(FormatError::new("D3136"));
            }
        }
    }

    let value = |c: char| get(&components, c).unwrap_or(f64::NAN);
    let m = value('M');
    let mut month0 = if m > 0.0 { m - 1.0 } else { 0.0 };
    let mut day = value('D');
    if date_b {
        let first = date_utc_ymd(value('Y'), 0.0, 1.0);
        let derived = time_clip(first + (value('d') - 1.0) * DAY);
        if derived.is_nan() {
            month0 = f64::NAN;
            day = f64::NAN;
        } else {
            let d = instant(derived);
            month0 = d.month - 1.0;
            day = d.day;
        }
    }
    if date_c || date_d {
        // JSONata does not parse week dates.
        return Err(FormatError::new("D3136"));
    }
    let mut hour = value('H');
    if time_b {
        let h = value('h');
        hour = if h == 12.0 { 0.0 } else { h };
        if value('P') == 1.0 {
            hour += 12.0;
        }
    }
    let mut millis = date_utc(
        value('Y'),
        month0,
        day,
        [hour, value('m'), value('s'), value('f')],
    );
    let zone = [get(&components, 'Z'), get(&components, 'z')]
        .into_iter()
        .find(|v| truthy(*v))
        .flatten();
    if let Some(offset) = zone {
        millis -= offset * 60_000.0;
    }
    Ok(millis.is_finite().then_some(millis))
}

/// `$toMillis(timestamp, picture)` at the current time: see [`to_millis_at`].
///
/// ```
/// use sfn_core::jsonata::format::to_millis;
///
/// assert_eq!(to_millis("2017-10-30T15:28:34Z", None).unwrap(), Some(1509377314000.0));
/// assert_eq!(to_millis("27th April 2008", Some("[D1o] [MNn] [Y0001]")).unwrap(), Some(1209254400000.0));
/// assert_eq!(to_millis("foo", None).unwrap_err().code, "D3110");
/// ```
pub fn to_millis(timestamp: &str, picture: Option<&str>) -> Result<Option<f64>, FormatError> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    to_millis_at(timestamp, picture, now)
}

/// `$toMillis(timestamp, picture)`, with `now` (milliseconds since the epoch) as the evaluation's
/// current time, which fills in the leading components a picture leaves out (`[H]:[m]` is a time
/// today). The evaluator passes the same `now` as its `$now()` and `$millis()`.
///
/// Without a picture the timestamp must be ISO 8601 as JSONata accepts it (`2018`,
/// `2017-10-30`, `2017-10-30T15:28:34Z`, `2018-02-01T09:42:13.123+0000`), else D3110; a date-time
/// without an offset is UTC. With a picture (an XPath `fn:format-dateTime` picture), the
/// timestamp is read as JSONata 2.0.6 reads it: `None` (undefined) when it does not match the
/// picture or has no components, D3136 when the components given leave a gap (`[M]-[D] [m]`) or
/// form a week date, D3132/D3133/D3130 for markers that cannot be parsed. A result outside the
/// range of dates (or a field JSONata reads as NaN) is `None` too.
///
/// ```
/// use sfn_core::jsonata::format::to_millis_at;
///
/// let now = 1522800000000.0; // 2018-04-04T00:00:00Z
/// assert_eq!(to_millis_at("13:45", Some("[H]:[m]"), now).unwrap(), Some(1522849500000.0));
/// assert_eq!(to_millis_at("2018-22", Some("[Y]-[D]"), now).unwrap_err().code, "D3136");
/// ```
pub fn to_millis_at(
    timestamp: &str,
    picture: Option<&str>,
    now: f64,
) -> Result<Option<f64>, FormatError> {
    match picture {
        None => {
            if !iso_shape(timestamp.as_bytes()) {
                return Err(FormatError::with_value("D3110", &json_string(timestamp)));
            }
            let t = parse_iso(timestamp);
            Ok(t.is_finite().then_some(t))
        }
        Some(picture) => parse_with_picture(timestamp, picture, now),
    }
}
