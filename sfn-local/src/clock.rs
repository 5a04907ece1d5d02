//! Virtual time: milliseconds since the Unix epoch, read from and written as RFC 3339.

use sfn_core::asl::{civil_from_days, days_from_civil};

/// Reads an RFC 3339 timestamp, as Step Functions accepts it, into milliseconds since the
/// epoch; `None` when it is not one.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    if !sfn_core::asl::is_rfc3339_timestamp(s) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let days = days_from_civil(num(0..4)?, num(5..7)?, num(8..10)?);
    let secs = days * 86_400 + num(11..13)? * 3600 + num(14..16)? * 60 + num(17..19)?.min(59);
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let len = frac.bytes().take_while(u8::is_ascii_digit).count();
        let digits = &frac[..len];
        let padded = format!("{:0<3}", &digits[..digits.len().min(3)]);
        millis = padded.parse::<i64>().ok()?;
        rest = &frac[len..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            let h = rest.get(1..3)?.parse::<i64>().ok()?;
            let m = rest.get(4..6)?.parse::<i64>().ok()?;
            sign * (h * 3600 + m * 60)
        }
    };
    Some((secs - offset) * 1000 + millis)
}

/// Writes milliseconds since the epoch as Step Functions writes a time in the context object:
/// `2026-12-04T10:00:00.000Z`.
pub fn format_timestamp(millis: i64) -> String {
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = parse_timestamp("2026-12-04T10:11:12.345Z").unwrap();
        assert_eq!(format_timestamp(t), "2026-12-04T10:11:12.345Z");
        assert_eq!(format_timestamp(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn offsets_and_fractions() {
        let utc = parse_timestamp("2016-03-14T01:59:00Z").unwrap();
        assert_eq!(parse_timestamp("2016-03-14T02:59:00+01:00"), Some(utc));
        assert_eq!(parse_timestamp("2016-03-14T01:59:00.5Z"), Some(utc + 500));
        assert_eq!(
            parse_timestamp("2016-03-14T01:59:00.123456Z"),
            Some(utc + 123)
        );
        assert_eq!(parse_timestamp("2016-03-14 01:59:00Z"), None);
        assert_eq!(
            format_timestamp(parse_timestamp("2024-02-29T23:59:59Z").unwrap()),
            "2024-02-29T23:59:59.000Z"
        );
    }
}
