//! Timestamps as the States Language writes them.

/// Whether `s` is a timestamp as Step Functions accepts it: RFC 3339 with an uppercase `T`
/// between date and time and a `Z` or numeric offset (`2016-03-14T01:59:00Z`,
/// `2016-03-14T01:59:00.123+01:00`). A space instead of `T` is refused, as AWS does.
///
/// ```
/// use sfn_core::asl::is_rfc3339_timestamp;
///
/// assert!(is_rfc3339_timestamp("2016-03-14T01:59:00Z"));
/// assert!(is_rfc3339_timestamp("2016-03-14T01:59:00.123+01:00"));
/// assert!(!is_rfc3339_timestamp("2016-03-14 01:59:00Z"));
/// assert!(!is_rfc3339_timestamp("2023-02-29T00:00:00Z"));
/// ```
pub fn is_rfc3339_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || b.get(10) != Some(&b'T') {
        return false;
    }
    let (Some(hour), Some(min), Some(sec)) = (digits(11..13), digits(14..16), digits(17..19))
    else {
        return false;
    };
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days || hour > 23 || min > 59 || sec > 60 {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let (Some(oh), Some(om)) = (digits(i + 1..i + 3), digits(i + 4..i + 6)) else {
                return false;
            };
            b.get(i + 3) == Some(&b':') && oh <= 23 && om <= 59 && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        for ok in [
            "2016-03-14T01:59:00Z",
            "2016-03-14T01:59:00.123Z",
            "2016-03-14T01:59:00+01:00",
            "2024-02-29T23:59:59-08:30",
        ] {
            assert!(is_rfc3339_timestamp(ok), "{ok}");
        }
        for bad in [
            "2016-12-05 21:29:29Z",
            "2016-03-14t01:59:00Z",
            "2016-03-14T01:59:00",
            "2023-02-29T00:00:00Z",
            "2016-13-14T01:59:00Z",
            "2016-03-14T24:00:00Z",
            "2016-03-14T01:59:00.Z",
            "2016-03-14T01:59:00+0100",
            "",
            "é",
            "2016-03-14T01:59:00Zx",
        ] {
            assert!(!is_rfc3339_timestamp(bad), "{bad}");
        }
    }
}
