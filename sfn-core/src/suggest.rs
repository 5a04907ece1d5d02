//! The one "did you mean" helper, used for every closed set of names.
//!
//! ```
//! use sfn_core::suggest;
//!
//! let types = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];
//! assert_eq!(suggest::closest("Paralel", types), Some("Parallel"));
//! assert_eq!(suggest::did_you_mean("Tsak", types), "; did you mean `Task`?");
//! assert_eq!(suggest::closest("Lambda", types), None);
//! ```

/// Finds the candidate closest to `input`, if one is close enough to be a likely typo.
///
/// A case-only difference always wins. Otherwise Jaro-Winkler similarity above 0.8, or a
/// small edit distance for short names, decides.
///
/// ```
/// use sfn_core::suggest::closest;
///
/// let params = ["Cluster", "TaskDefinition", "LaunchType"];
/// assert_eq!(closest("cluster", params), Some("Cluster"));
/// assert_eq!(closest("TaskDefinitoin", params), Some("TaskDefinition"));
/// assert_eq!(closest("Exec", ["Execution", "State", "StateMachine"]), Some("Execution"));
/// assert_eq!(closest("Subnets", params), None);
/// ```
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    // Very long input is no typo of a short name; skip the quadratic work.
    if input.len() > 64 {
        return None;
    }
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(c) = candidates.iter().find(|c| c.eq_ignore_ascii_case(input)) {
        return Some(c);
    }
    // A truncated name: `Exec` for `Execution`.
    let lower = input.to_lowercase();
    if lower.chars().count() >= 3 {
        if let Some(c) = candidates
            .iter()
            .filter(|c| c.to_lowercase().starts_with(&lower))
            .min_by_key(|c| c.len())
        {
            return Some(c);
        }
    }
    // Compare what differs: a prefix every candidate shares (`States.`) says nothing.
    let shared = shared_prefix(&candidates);
    let tail = |s: &'a str| tail_of(s, shared);
    let input_tail = tail_of(input, shared).to_lowercase();
    let mut best: Option<(&'a str, f64)> = None;
    for c in candidates {
        let c_tail = tail(c);
        let jw = strsim::jaro_winkler(&input_tail, &c_tail.to_lowercase());
        let lev = strsim::levenshtein(&input_tail, &c_tail.to_lowercase());
        let score = if lev <= 2 && input_tail.chars().count() >= 3 {
            jw.max(0.85)
        } else {
            jw
        };
        if score > 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// The longest prefix, ending at a `.` or `_`, that all candidates share (when there are
/// at least two).
fn shared_prefix<'a>(candidates: &[&'a str]) -> &'a str {
    let Some((first, rest)) = candidates.split_first() else {
        return "";
    };
    if rest.is_empty() {
        return "";
    }
    let mut len = first.len();
    for c in rest {
        len = len.min(
            first
                .bytes()
                .zip(c.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    let prefix = &first[..len];
    match prefix.rfind(['.', '_']) {
        Some(i) => &first[..=i],
        None => "",
    }
}

/// `s` without `prefix` (compared ignoring case), or `s` as it is.
fn tail_of<'s>(s: &'s str, prefix: &str) -> &'s str {
    match s.get(..prefix.len()) {
        Some(head) if head.eq_ignore_ascii_case(prefix) => &s[prefix.len()..],
        _ => s,
    }
}

/// A clause to append to a message: "; did you mean `X`?", or "".
///
/// ```
/// use sfn_core::suggest::did_you_mean;
///
/// let fields = ["Execution", "State", "StateMachine", "Task", "Map"];
/// assert_eq!(
///     format!("no field `Taks`{}", did_you_mean("Taks", fields)),
///     "no field `Taks`; did you mean `Task`?",
/// );
/// assert_eq!(did_you_mean("Banana", fields), "");
/// ```
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    closest(input, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// Whether two names differ only in ASCII case.
///
/// ```
/// use sfn_core::suggest::case_only;
///
/// assert!(case_only("startAt", "StartAt"));
/// assert!(!case_only("StartAt", "StartAt"));
/// assert!(!case_only("Start", "StartAt"));
/// ```
pub fn case_only(a: &str, b: &str) -> bool {
    a != b && a.eq_ignore_ascii_case(b)
}

/// A sentence-ending hint: " Did you mean `X`?" or "", with a special wording when the
/// difference is only one of case, and the suggested name.
///
/// ```
/// use sfn_core::suggest::hint;
///
/// let states = ["Charge", "Ship", "Failed"];
/// assert_eq!(
///     hint("charge", states),
///     (" Names are case-sensitive: use `Charge`.".to_string(), Some("Charge".to_string())),
/// );
/// assert_eq!(hint("Shp", states).0, " Did you mean `Ship`?");
/// assert_eq!(hint("Refund", states), (String::new(), None));
/// ```
pub fn hint<'a, I>(input: &str, candidates: I) -> (String, Option<String>)
where
    I: IntoIterator<Item = &'a str>,
{
    match closest(input, candidates) {
        Some(c) if case_only(input, c) => (
            format!(" Names are case-sensitive: use `{c}`."),
            Some(c.to_string()),
        ),
        Some(c) => (format!(" Did you mean `{c}`?"), Some(c.to_string())),
        None => (String::new(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case() {
        let names = ["Cluster", "TaskDefinition", "LaunchType"];
        assert_eq!(closest("cluster", names), Some("Cluster"));
        assert_eq!(closest("Clustr", names), Some("Cluster"));
        assert_eq!(closest("TaskDefinitoin", names), Some("TaskDefinition"));
        assert_eq!(closest("Zebra", names), None);
        assert_eq!(closest("Exec", ["Execution", "State"]), Some("Execution"));
        assert_eq!(closest(&"x".repeat(100), names), None);
        let functions = ["States.Format", "States.ArrayRange", "States.MathAdd"];
        assert_eq!(closest("States.Banana", functions), None);
        assert_eq!(closest("States.Fromat", functions), Some("States.Format"));
        assert_eq!(
            did_you_mean("Tsak", ["Task", "Map"]),
            "; did you mean `Task`?"
        );
        assert!(hint("cluster", names).0.contains("case-sensitive"));
        assert_eq!(hint("Taks", ["Task", "Pass"]).1.as_deref(), Some("Task"));
    }
}
