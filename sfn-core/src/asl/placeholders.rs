//! `${Name}` placeholders: CloudFormation's `DefinitionSubstitutions`, filled in at deployment.
//!
//! A placeholder is `${` and `}` around a name that is not empty and holds neither `$` nor `{`.
//! Every part of sfn that asks whether a string holds one asks here.

/// The `${Name}` placeholders of one string, in order.
///
/// ```
/// let names: Vec<&str> =
///     sfn_core::asl::placeholder_names("arn:aws:sns:${Region}:${Account}:alerts").collect();
/// assert_eq!(names, ["Region", "Account"]);
/// assert_eq!(sfn_core::asl::placeholder_names("no ${} placeholder").count(), 0);
/// ```
pub fn placeholder_names(s: &str) -> impl Iterator<Item = &str> {
    placeholder_spans(s).map(|(_, name)| name)
}

/// Each `${Name}` placeholder of `s` with the byte offset of its `$`, in order.
fn placeholder_spans(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + s[from..].find("${")?;
        match placeholder_at(&s[start..]) {
            Some(name) => {
                from = start + name.len() + 3;
                return Some((start, name));
            }
            // `${${Name}}`: look again from inside.
            None => from = start + 2,
        }
    })
}

/// The name of the `${Name}` placeholder that `s` starts with.
///
/// ```
/// use sfn_core::asl::placeholder_at;
///
/// assert_eq!(placeholder_at("${Bucket}/key"), Some("Bucket"));
/// assert_eq!(placeholder_at("${}"), None);
/// assert_eq!(placeholder_at("x${Bucket}"), None);
/// ```
pub fn placeholder_at(s: &str) -> Option<&str> {
    let after = s.strip_prefix("${")?;
    let name = &after[..after.find('}')?];
    (!name.is_empty() && !name.contains(['$', '{'])).then_some(name)
}

/// Whether a string is one `${Name}` placeholder and nothing else: the deployment tool
/// replaces it whole, so it stands for any value of its field (`"ItemsPath": "${ItemsPath}"`).
///
/// ```
/// use sfn_core::asl::is_whole_placeholder;
///
/// assert!(is_whole_placeholder("${ItemsPath}"));
/// assert!(!is_whole_placeholder("${Bucket}/key"));
/// assert!(!is_whole_placeholder("$.items"));
/// ```
pub fn is_whole_placeholder(s: &str) -> bool {
    placeholder_at(s).is_some_and(|name| name.len() + 3 == s.len())
}

/// A JSONata template as the validator reads it: each `${Name}` placeholder, which the
/// deployment tool replaces in the text before Step Functions reads it
/// (`{% $millis() + ${TimeoutMs} %}`), becomes the number `0` padded with spaces to its
/// length, so that the expression parses and every offset into it stays right.
///
/// ```
/// use sfn_core::asl::mask_placeholders;
///
/// assert_eq!(mask_placeholders("{% $x + ${Limit} %}"), "{% $x + 0        %}");
/// assert_eq!(mask_placeholders("{% $x %}"), "{% $x %}");
/// ```
pub fn mask_placeholders(s: &str) -> std::borrow::Cow<'_, str> {
    if !has_placeholder(s) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for (start, name) in placeholder_spans(s) {
        out.push_str(&s[copied..start]);
        out.push('0');
        out.extend(std::iter::repeat_n(' ', name.len() + 2));
        copied = start + name.len() + 3;
    }
    out.push_str(&s[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Whether a string holds a `${Name}` placeholder.
///
/// ```
/// use sfn_core::asl::has_placeholder;
///
/// assert!(has_placeholder("${LambdaArn}"));
/// assert!(has_placeholder("arn:aws:lambda:${AWS::Region}:1:function:f"));
/// assert!(!has_placeholder("${}"));
/// assert!(!has_placeholder("costs $5"));
/// ```
pub fn has_placeholder(s: &str) -> bool {
    placeholder_names(s).next().is_some()
}

/// The names of the CloudFormation-style `${Name}` placeholders (DefinitionSubstitutions) in a
/// definition, in order of first appearance, each once.
///
/// ```
/// let root = sfn_core::json::parse(
///     r#"{
///       "StartAt": "Notify",
///       "States": {
///         "Notify": {
///           "Type": "Task",
///           "Resource": "arn:aws:states:::sns:publish",
///           "Parameters": {"TopicArn": "${TopicArn}", "Message": "${Greeting} from ${TopicArn}"},
///           "End": true
///         }
///       }
///     }"#,
/// )
/// .root
/// .unwrap();
/// assert_eq!(sfn_core::asl::substitutions(&root), ["TopicArn", "Greeting"]);
/// ```
pub fn substitutions(root: &crate::json::Node) -> Vec<String> {
    fn visit(node: &crate::json::Node, out: &mut Vec<String>, depth: usize) {
        if depth > crate::json::MAX_DEPTH {
            return;
        }
        match &node.value {
            crate::json::Value::String(s) => {
                for name in placeholder_names(s) {
                    if !out.iter().any(|n| n == name) {
                        out.push(name.to_string());
                    }
                }
            }
            crate::json::Value::Placeholder(name) if !out.iter().any(|n| n == name) => {
                out.push(name.clone());
            }
            crate::json::Value::Array(items) => items.iter().for_each(|n| visit(n, out, depth + 1)),
            crate::json::Value::Object(members) => {
                members.iter().for_each(|m| visit(&m.value, out, depth + 1))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    visit(root, &mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let all = |s| placeholder_names(s).collect::<Vec<_>>();
        assert_eq!(all("${A}-${B}"), ["A", "B"]);
        assert_eq!(all("${${A}}"), ["A"]);
        assert_eq!(all("${A"), Vec::<&str>::new());
        assert_eq!(all("${}${B}"), ["B"]);
        assert_eq!(all("$A {B}"), Vec::<&str>::new());
    }
}
