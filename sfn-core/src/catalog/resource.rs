//! Task resources: which integration, service, action and pattern a `Resource` ARN names,
//! and whether it is an ARN at all.
//!
//! ```
//! use sfn_core::catalog::{self, parse_resource, pattern_of, Pattern, Resource};
//!
//! let resource = parse_resource("arn:aws:states:::ecs:runTask.sync");
//! let Resource::Optimized { base, suffix, .. } = resource else { panic!() };
//! assert_eq!(base, "arn:aws:states:::ecs:runTask");
//! assert_eq!(pattern_of(suffix), Some(Pattern::Sync));
//! assert!(catalog::optimized(base).unwrap().patterns.contains(&Pattern::Sync));
//! ```

use super::Pattern;

/// What a Task's `Resource` names.
///
/// ```
/// use sfn_core::catalog::{parse_resource, Resource};
///
/// assert_eq!(
///     parse_resource("arn:aws:states:::aws-sdk:s3:getObject"),
///     Resource::Sdk { service: "s3", action: "getObject", suffix: "" },
/// );
/// assert_eq!(
///     parse_resource("arn:aws:lambda:us-east-1:123456789012:function:charge"),
///     Resource::Other,
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resource<'a> {
    /// An optimized integration: `arn:aws:states:::ecs:runTask.sync`.
    Optimized {
        /// The resource without its suffix.
        base: &'a str,
        /// `ecs`.
        service: &'a str,
        /// `runTask`.
        action: &'a str,
        /// The suffix after the action (`""`, `.sync`, ...).
        suffix: &'a str,
    },
    /// An AWS SDK integration: `arn:aws:states:::aws-sdk:s3:getObject`.
    Sdk {
        /// `s3`.
        service: &'a str,
        /// `getObject`.
        action: &'a str,
        /// The suffix after the action.
        suffix: &'a str,
    },
    /// Anything else: a Lambda function or activity ARN, or a `${...}` substitution.
    Other,
}

/// Reads a Task resource.
///
/// ```
/// use sfn_core::catalog::{parse_resource, Resource};
///
/// assert_eq!(
///     parse_resource("arn:aws:states:::sqs:sendMessage.waitForTaskToken"),
///     Resource::Optimized {
///         base: "arn:aws:states:::sqs:sendMessage",
///         service: "sqs",
///         action: "sendMessage",
///         suffix: ".waitForTaskToken",
///     },
/// );
/// assert_eq!(parse_resource("arn:aws:states:::${Service}:run"), Resource::Other);
/// ```
pub fn parse_resource(resource: &str) -> Resource<'_> {
    if crate::asl::has_placeholder(resource) {
        return Resource::Other;
    }
    let Some(rest) = resource.strip_prefix("arn:") else {
        return Resource::Other;
    };
    let Some((_partition, rest)) = rest.split_once(':') else {
        return Resource::Other;
    };
    let Some(rest) = rest.strip_prefix("states:::") else {
        return Resource::Other;
    };
    let split_suffix = |s: &str| -> (usize, usize) {
        // `action.sync:2` -> action ends at the first `.`.
        match s.find('.') {
            Some(i) => (i, s.len()),
            None => (s.len(), s.len()),
        }
    };
    if let Some(sdk) = rest.strip_prefix("aws-sdk:") {
        let Some((service, rest)) = sdk.split_once(':') else {
            return Resource::Sdk {
                service: sdk,
                action: "",
                suffix: "",
            };
        };
        let (end, _) = split_suffix(rest);
        return Resource::Sdk {
            service,
            action: &rest[..end],
            suffix: &rest[end..],
        };
    }
    let Some((service, rest)) = rest.split_once(':') else {
        return Resource::Optimized {
            base: resource,
            service: rest,
            action: "",
            suffix: "",
        };
    };
    let (end, _) = split_suffix(rest);
    let base_len = resource.len() - (rest.len() - end);
    Resource::Optimized {
        base: &resource[..base_len],
        service,
        action: &rest[..end],
        suffix: &rest[end..],
    }
}

/// The pattern a resource suffix names.
///
/// ```
/// use sfn_core::catalog::{pattern_of, Pattern};
///
/// assert_eq!(pattern_of(""), Some(Pattern::RequestResponse));
/// assert_eq!(pattern_of(".sync:2"), Some(Pattern::Sync2));
/// assert_eq!(pattern_of(".async"), None);
/// ```
pub fn pattern_of(suffix: &str) -> Option<Pattern> {
    match suffix {
        "" => Some(Pattern::RequestResponse),
        ".sync" => Some(Pattern::Sync),
        ".sync:2" => Some(Pattern::Sync2),
        ".waitForTaskToken" => Some(Pattern::WaitForTaskToken),
        _ => None,
    }
}

/// Whether a Task resource names a Step Functions activity:
/// `arn:<partition>:states:<region>:<account>:activity:<name>`.
///
/// ```
/// use sfn_core::catalog::is_activity_arn;
///
/// assert!(is_activity_arn("arn:aws:states:us-east-1:123456789012:activity:review"));
/// assert!(!is_activity_arn("arn:aws:states:::sns:publish"));
/// ```
pub fn is_activity_arn(resource: &str) -> bool {
    let parts: Vec<&str> = resource.splitn(7, ':').collect();
    matches!(parts.as_slice(), ["arn", _, "states", _, _, "activity", name] if !name.is_empty())
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
/// use sfn_core::catalog::is_valid_resource_arn;
///
/// assert!(is_valid_resource_arn("arn:aws:states:::ecs:runTask.sync"));
/// assert!(is_valid_resource_arn("arn:aws:lambda:us-east-1:123456789012:function:charge:$LATEST"));
/// assert!(is_valid_resource_arn("arn:aws:states:${Region}:${Account}:activity:review"));
/// assert!(!is_valid_resource_arn("arn:aws:lambda:us-east-1:123456789012:charge"));
/// assert!(!is_valid_resource_arn("foo:bar"));
/// ```
pub fn is_valid_resource_arn(s: &str) -> bool {
    resource_arn_problem(s).is_none()
}

/// What is wrong with a Task's resource ARN, or `None` when [`is_valid_resource_arn`]: the part
/// that breaks the form, named (a placeholder such as `REGION` left in the ARN is the common
/// case).
///
/// ```
/// use sfn_core::catalog::resource_arn_problem;
///
/// assert_eq!(resource_arn_problem("arn:aws:states:::sns:publish"), None);
/// assert_eq!(
///     resource_arn_problem("arn:aws:lambda:REGION:123456789012:function:f").as_deref(),
///     Some("its region `REGION` is not a region (lower-case letters, digits and `-`)"),
/// );
/// ```
pub fn resource_arn_problem(s: &str) -> Option<String> {
    if crate::asl::has_placeholder(s) {
        return None;
    }
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" {
        return Some(
            "expected `arn:<partition>:<service>:<region>:<account>:<resource>`, such as `arn:aws:states:::sns:publish`"
                .to_string(),
        );
    }
    let (partition, service, region, account, resource) =
        (parts[1], parts[2], parts[3], parts[4], parts[5]);
    if !PARTITIONS.contains(&partition) {
        return Some(format!(
            "its partition `{partition}` is not an AWS partition (`aws`, `aws-cn`, `aws-us-gov`, ...)"
        ));
    }
    if service.is_empty()
        || !service
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-')
    {
        return Some(format!("its service `{service}` is not a service name"));
    }
    if !region
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
    {
        return Some(format!(
            "its region `{region}` is not a region (lower-case letters, digits and `-`)"
        ));
    }
    if !account.bytes().all(|c| c.is_ascii_digit()) {
        return Some(format!(
            "its account `{account}` is not an account ID (12 digits)"
        ));
    }
    if resource.is_empty() || resource.chars().any(char::is_whitespace) {
        return Some("its resource part is empty or holds whitespace".to_string());
    }
    if service == "lambda" && !is_lambda_resource(resource) {
        return Some(format!(
            "`{resource}` is not a Lambda function (`function:<name>`, with an optional version or alias)"
        ));
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn resources() {
        assert_eq!(
            parse_resource("arn:aws:states:::ecs:runTask.sync"),
            Resource::Optimized {
                base: "arn:aws:states:::ecs:runTask",
                service: "ecs",
                action: "runTask",
                suffix: ".sync"
            }
        );
        assert_eq!(
            parse_resource("arn:aws:states:::states:startExecution.sync:2"),
            Resource::Optimized {
                base: "arn:aws:states:::states:startExecution",
                service: "states",
                action: "startExecution",
                suffix: ".sync:2"
            }
        );
        assert_eq!(
            parse_resource("arn:aws:states:::aws-sdk:s3:getObject"),
            Resource::Sdk {
                service: "s3",
                action: "getObject",
                suffix: ""
            }
        );
        assert_eq!(
            parse_resource("arn:aws:lambda:us-east-1:123456789012:function:f"),
            Resource::Other
        );
        assert_eq!(parse_resource("${Arn}"), Resource::Other);
        assert_eq!(pattern_of(".sync:2"), Some(Pattern::Sync2));
        assert_eq!(pattern_of(".wait"), None);
    }
}
