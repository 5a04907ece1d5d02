//! Checks of single values: timestamps, ARNs, names.

/// Whether `s` is a timestamp as Step Functions accepts it: RFC 3339 with an uppercase `T`
/// between date and time and a `Z` or numeric offset (`2016-03-14T01:59:00Z`,
/// `2016-03-14T01:59:00.123+01:00`). A space instead of `T` is refused, as AWS does.
///
/// ```
/// use sfn_core::validate::is_rfc3339_timestamp;
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

/// AWS partitions.
const PARTITIONS: &[&str] = &[
    "aws",
    "aws-cn",
    "aws-us-gov",
    "aws-iso",
    "aws-iso-b",
    "aws-iso-e",
    "aws-iso-f",
    "aws-eusc",
];

/// Whether `s` is a resource ARN a Task may name: `arn:<partition>:<service>:<region>:<account>:<resource>`
/// with a known partition, a service, a region and account made of the characters AWS uses
/// (either may be empty, as in `arn:aws:states:::sns:publish`) and a resource. A string with a
/// `${Name}` definition substitution is accepted as it stands: its value is known only at
/// deployment.
///
/// ```
/// use sfn_core::validate::is_valid_resource_arn;
///
/// assert!(is_valid_resource_arn("arn:aws:states:::ecs:runTask.sync"));
/// assert!(is_valid_resource_arn("arn:aws:lambda:us-east-1:123456789012:function:charge:$LATEST"));
/// assert!(is_valid_resource_arn("arn:aws:states:${Region}:${Account}:activity:review"));
/// assert!(!is_valid_resource_arn("arn:aws:lambda:us-east-1:123456789012:charge"));
/// assert!(!is_valid_resource_arn("foo:bar"));
/// ```
pub fn is_valid_resource_arn(s: &str) -> bool {
    if has_substitution(s) {
        return true;
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" {
        return false;
    }
    let (partition, service, region, account, resource) =
        (parts[1], parts[2], parts[3], parts[4], parts[5]);
    PARTITIONS.contains(&partition)
        && !service.is_empty()
        && service
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-')
        && region
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && account.bytes().all(|c| c.is_ascii_digit())
        && !resource.is_empty()
        && !resource.chars().any(char::is_whitespace)
        && (service != "lambda" || is_lambda_resource(resource))
}

/// `function:NAME` with an optional `:VERSION`, `:ALIAS` or `:$LATEST`.
fn is_lambda_resource(resource: &str) -> bool {
    let name_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    let Some(rest) = resource.strip_prefix("function:") else {
        return false;
    };
    let (name, qualifier) = match rest.split_once(':') {
        Some((n, q)) => (n, Some(q)),
        None => (rest, None),
    };
    !name.is_empty()
        && name.chars().all(name_char)
        && qualifier.is_none_or(|q| q == "$LATEST" || (!q.is_empty() && q.chars().all(name_char)))
}

/// Whether `s` holds a CloudFormation-style `${Name}` placeholder.
pub fn has_substitution(s: &str) -> bool {
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) if j > 0 => return true,
            _ => rest = after,
        }
    }
    false
}

/// The error names Step Functions itself raises.
pub(crate) const PREDEFINED_ERRORS: &[&str] = &[
    "States.ALL",
    "States.DataLimitExceeded",
    "States.ExceedToleratedFailureThreshold",
    "States.HeartbeatTimeout",
    "States.Http.Socket",
    "States.IntrinsicFailure",
    "States.ItemReaderFailed",
    "States.NoChoiceMatched",
    "States.ParameterPathFailure",
    "States.Permissions",
    "States.QueryEvaluationError",
    "States.ResultPathMatchFailure",
    "States.ResultWriterFailed",
    "States.Runtime",
    "States.TaskFailed",
    "States.Timeout",
    "States.BranchFailed",
];

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

    #[test]
    fn arns() {
        assert!(is_valid_resource_arn("arn:aws:states:::ecs:runTask.sync"));
        assert!(is_valid_resource_arn(
            "arn:aws:lambda:us-east-1:123456789012:function:Hello"
        ));
        assert!(is_valid_resource_arn("${LambdaArn}"));
        assert!(is_valid_resource_arn(
            "arn:aws-us-gov:states:us-gov-west-1:123456789012:activity:x"
        ));
        assert!(is_valid_resource_arn(
            "arn:aws:lambda:us-east-1:123456789012:function:F:$LATEST"
        ));
        assert!(is_valid_resource_arn(
            "arn:aws:lambda:us-east-1:123456789012:function:F:live-2"
        ));
        for bad in [
            "arn:aws:lambda:us-east-1:123456789012:function:F:",
            "arn:aws:lambda:us-east-1:123456789012:function:F:$*#",
            "foo:bar",
            "arn:aws:lambda",
            "arn:foo:lambda:us-east-1:123456789012:function:x",
            "arn:aws::us-east-1:123456789012:x",
            "${}",
        ] {
            assert!(!is_valid_resource_arn(bad), "{bad}");
        }
    }
}
