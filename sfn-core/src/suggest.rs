//! The one "did you mean" rule, used for every closed set of names.
//!
//! The rule is made of `const fn`s, so that the same functions decide in the validator (in
//! the macros and the `sfn` command) and in the typed checks of `asl!`, which the compiler
//! evaluates in constants of the user's crate. A candidate is a likely typo of the input when,
//! in this order of preference:
//!
//! 1. it differs only in ASCII case (`cluster`, `Cluster`);
//! 2. it is spelled alike: the same letters once case, `_` and `-` are set aside (`order_id`,
//!    `orderId`, `SHA256`, `SHA-256`);
//! 3. the input is the start of it, three characters or more (`Exec` for `Execution`); the
//!    shortest such candidate wins;
//! 4. few edits turn one into the other (insert, delete, replace a character, or swap two
//!    neighbours; case ignored): none for an input of one or two characters, one for three to
//!    five, two for six or more (`Clustr`, `Taks`, `States.Fromat`). An input without a `.`
//!    is also compared with the part of the candidate after its last `.` (`Format` for
//!    `States.Format`). Fewer edits win, then a longer shared start;
//! 5. it is the start of the input, three characters or more (`TaskDefinitionArn` for
//!    `TaskDefinition`); the longest such candidate wins.
//!
//! Ties go to the candidate listed first.
//!
//! ```
//! use sfn_core::suggest;
//!
//! let types = ["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];
//! assert_eq!(suggest::closest("Paralel", types), Some("Parallel"));
//! assert_eq!(suggest::did_you_mean("Tsak", types), "; did you mean `Task`?");
//! assert_eq!(suggest::closest("Lambda", types), None);
//! ```

/// The words around a suggested name: "did you mean `X`?". Every suggestion uses them.
///
/// ```
/// let (before, after) = sfn_core::suggest::DID_YOU_MEAN;
/// assert_eq!(format!("{before}Task{after}"), "did you mean `Task`?");
/// ```
pub const DID_YOU_MEAN: (&str, &str) = ("did you mean `", "`?");

/// The longest name compared (in bytes): longer input is no typo of a name, and a longer
/// candidate is found only by its start.
pub const MAX_LEN: usize = 128;

/// Ranks of the five kinds of match (lower is closer), spaced so that the rank within a kind
/// never reaches the next kind.
const CASE: usize = 0;
const ALIKE: usize = 1;
const PREFIX: usize = 1 << 12;
const EDITS: usize = 2 << 12;
const EXTENDS: usize = 3 << 12;

/// A rank within a kind of match, below the next kind.
const fn capped(n: usize) -> usize {
    if n < (1 << 12) - 1 {
        n
    } else {
        (1 << 12) - 1
    }
}

/// Whether two names are equal.
///
/// ```
/// assert!(sfn_core::suggest::same("Task", "Task"));
/// assert!(!sfn_core::suggest::same("Task", "task"));
/// ```
pub const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether two names are equal when ASCII case is ignored.
///
/// ```
/// assert!(sfn_core::suggest::same_ignoring_case("startAt", "StartAt"));
/// assert!(!sfn_core::suggest::same_ignoring_case("Start", "StartAt"));
/// ```
pub const fn same_ignoring_case(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && starts_with_ignoring_case(a, b)
}

/// Whether `a` starts with `prefix`, ASCII case ignored.
const fn starts_with_ignoring_case(a: &[u8], prefix: &[u8]) -> bool {
    if prefix.len() > a.len() {
        return false;
    }
    let mut i = 0;
    while i < prefix.len() {
        if !a[i].eq_ignore_ascii_case(&prefix[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether two names are spelled alike: equal once ASCII case, `_` and `-` are set aside
/// (`order_id`, `orderId`, `OrderId`, `order-id`).
///
/// ```
/// use sfn_core::suggest::alike;
///
/// assert!(alike("order_id", "orderId"));
/// assert!(alike("SHA256", "SHA-256"));
/// assert!(!alike("order", "orders"));
/// ```
pub const fn alike(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        while i < a.len() && (a[i] == b'_' || a[i] == b'-') {
            i += 1;
        }
        while j < b.len() && (b[j] == b'_' || b[j] == b'-') {
            j += 1;
        }
        if i == a.len() || j == b.len() {
            return i == a.len() && j == b.len();
        }
        if !a[i].eq_ignore_ascii_case(&b[j]) {
            return false;
        }
        i += 1;
        j += 1;
    }
}

/// The number of edits between two names, ASCII case ignored: inserting, deleting or
/// replacing a byte, or swapping two neighbours, counts one. `usize::MAX` when either is
/// longer than [`MAX_LEN`].
///
/// ```
/// use sfn_core::suggest::edits;
///
/// assert_eq!(edits("Taks", "Task"), 1);
/// assert_eq!(edits("clustr", "Cluster"), 1);
/// assert_eq!(edits("Banana", "Format"), 6);
/// ```
pub const fn edits(a: &str, b: &str) -> usize {
    const W: usize = MAX_LEN + 1;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() > MAX_LEN || b.len() > MAX_LEN {
        return usize::MAX;
    }
    // Three rows of the table: two rows back (for swaps), the last one, this one.
    let mut back = [0usize; W];
    let mut last = [0usize; W];
    let mut row = [0usize; W];
    let mut j = 0;
    while j <= b.len() {
        last[j] = j;
        j += 1;
    }
    let mut i = 1;
    while i <= a.len() {
        row[0] = i;
        let x = a[i - 1].to_ascii_lowercase();
        let mut j = 1;
        while j <= b.len() {
            let y = b[j - 1].to_ascii_lowercase();
            let mut best = last[j - 1] + if x == y { 0 } else { 1 };
            if last[j] + 1 < best {
                best = last[j] + 1;
            }
            if row[j - 1] + 1 < best {
                best = row[j - 1] + 1;
            }
            if i > 1
                && j > 1
                && x == b[j - 2].to_ascii_lowercase()
                && a[i - 2].to_ascii_lowercase() == y
                && back[j - 2] + 1 < best
            {
                best = back[j - 2] + 1;
            }
            row[j] = best;
            j += 1;
        }
        back = last;
        last = row;
        i += 1;
    }
    last[b.len()]
}

/// The number of leading bytes two names share, ASCII case ignored.
const fn shared_start(a: &[u8], b: &[u8]) -> usize {
    let mut i = 0;
    while i < a.len() && i < b.len() && a[i].eq_ignore_ascii_case(&b[i]) {
        i += 1;
    }
    i
}

/// The bytes of `s` from `start` on.
const fn tail(s: &str, start: usize) -> &str {
    let (_, rest) = s.as_bytes().split_at(start);
    match std::str::from_utf8(rest) {
        Ok(t) => t,
        Err(_) => s,
    }
}

/// How many edits a typo of an input of `len` bytes may have.
const fn edit_limit(len: usize) -> usize {
    if len < 3 {
        0
    } else if len < 6 {
        1
    } else {
        2
    }
}

/// The rank of `candidate` among the edit-distance matches of `input`, or `None` beyond the
/// limit.
const fn edit_rank(input: &str, candidate: &str) -> Option<usize> {
    let d = edits(input, candidate);
    if d > edit_limit(input.len()) {
        return None;
    }
    let start = shared_start(input.as_bytes(), candidate.as_bytes());
    let start = if start > 63 { 63 } else { start };
    Some(EDITS + d * 64 + (63 - start))
}

/// The last part of a dotted name (`Format` of `States.Format`), or `None` without a `.`.
const fn last_part(name: &str) -> Option<&str> {
    let bytes = name.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        if bytes[i - 1] == b'.' {
            return Some(tail(name, i));
        }
        i -= 1;
    }
    None
}

/// Whether `name` has a `.`.
const fn dotted(name: &str) -> bool {
    last_part(name).is_some()
}

/// How close `candidate` is to `input` as a typo, lower is closer; `None` when it is not a
/// likely typo (the rules are in the [module documentation](self)).
///
/// ```
/// use sfn_core::suggest::closeness;
///
/// assert_eq!(closeness("cluster", "Cluster"), Some(0));
/// assert!(closeness("Exec", "Execution").is_some());
/// assert!(closeness("orderId", "order_id") < closeness("ordrId", "orderId"));
/// assert_eq!(closeness("Banana", "Format"), None);
/// ```
pub const fn closeness(input: &str, candidate: &str) -> Option<usize> {
    if input.len() > MAX_LEN || input.is_empty() {
        return None;
    }
    if same_ignoring_case(input, candidate) {
        return Some(CASE);
    }
    if alike(input, candidate) {
        return Some(ALIKE);
    }
    if input.len() >= 3 && starts_with_ignoring_case(candidate.as_bytes(), input.as_bytes()) {
        return Some(PREFIX + capped(candidate.len() - input.len()));
    }
    let whole = edit_rank(input, candidate);
    // A name without its namespace: `Format` for `States.Format`.
    let part = match last_part(candidate) {
        Some(part) if !dotted(input) => edit_rank(input, part),
        _ => None,
    };
    match (whole, part) {
        (Some(w), Some(p)) if p < w => Some(p),
        (Some(w), _) => Some(w),
        (None, Some(p)) => Some(p),
        // The input goes on past a name: `TaskDefinitionArn` for `TaskDefinition`.
        (None, None)
            if candidate.len() >= 3
                && starts_with_ignoring_case(input.as_bytes(), candidate.as_bytes()) =>
        {
            Some(EXTENDS + capped(input.len() - candidate.len()))
        }
        (None, None) => None,
    }
}

/// `best`, or `candidate` with its [`closeness`] when it is a closer typo of `input` (a tie
/// keeps `best`). Folding the candidates with it finds the closest, as [`closest`] does.
///
/// ```
/// use sfn_core::suggest::closer;
///
/// let best = closer(None, "Tsak", "Pass");
/// assert_eq!(best, None);
/// let best = closer(best, "Tsak", "Task");
/// assert_eq!(best.map(|(name, _)| name), Some("Task"));
/// ```
pub const fn closer<'a>(
    best: Option<(&'a str, usize)>,
    input: &str,
    candidate: &'a str,
) -> Option<(&'a str, usize)> {
    match (closeness(input, candidate), best) {
        (Some(d), Some((_, b))) if d >= b => best,
        (Some(d), _) => Some((candidate, d)),
        (None, _) => best,
    }
}

/// [`closest`] over a slice, in a constant.
///
/// ```
/// use sfn_core::suggest::closest_in;
///
/// const FOUND: Option<&str> = closest_in("Exec", &["Execution", "State", "StateMachine"]);
/// assert_eq!(FOUND, Some("Execution"));
/// ```
pub const fn closest_in<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let mut best = None;
    let mut i = 0;
    while i < candidates.len() {
        best = closer(best, input, candidates[i]);
        i += 1;
    }
    match best {
        Some((name, _)) => Some(name),
        None => None,
    }
}

/// Finds the candidate closest to `input`, if one is close enough to be a likely typo (the
/// rules are in the [module documentation](self)).
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
    candidates
        .into_iter()
        .fold(None, |best, c| closer(best, input, c))
        .map(|(c, _)| c)
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
    let (before, after) = DID_YOU_MEAN;
    closest(input, candidates)
        .map(|c| format!("; {before}{c}{after}"))
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
pub const fn case_only(a: &str, b: &str) -> bool {
    !same(a, b) && same_ignoring_case(a, b)
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
        Some(c) => {
            // The same words, starting a sentence.
            let (before, after) = DID_YOU_MEAN;
            let (first, rest) = before.split_at(1);
            let first = first.to_ascii_uppercase();
            (format!(" {first}{rest}{c}{after}"), Some(c.to_string()))
        }
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
