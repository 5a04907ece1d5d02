//! ASL's own keywords, for front ends that spell them differently (the `asl!` macro writes
//! them in snake_case).
//!
//! ```
//! use sfn_core::asl::keywords;
//!
//! assert_eq!(keywords::from_snake_case("items_path"), Some("ItemsPath"));
//! assert_eq!(keywords::to_snake_case("ResultSelector"), "result_selector");
//! assert!(keywords::is_keyword("HeartbeatSeconds"));
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use super::fields::*;
use super::OPERATORS;

/// Every keyword and its snake_case spelling, built once.
struct Table {
    all: Vec<&'static str>,
    by_snake: HashMap<String, &'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut all: Vec<&'static str> = MACHINE_FIELDS
            .iter()
            .chain(PROCESSOR_FIELDS)
            .chain(RETRIER_FIELDS)
            .chain(WRITER_CONFIG_FIELDS)
            .chain(PROCESSOR_CONFIG_FIELDS)
            .chain(CREDENTIALS_FIELDS)
            .copied()
            .chain(OPERATORS.iter().map(|(n, _)| *n))
            .chain(FIELD_TABLES.iter().flat_map(|t| t.names()))
            .collect();
        all.sort_unstable();
        all.dedup();
        let by_snake = all.iter().map(|k| (to_snake_case(k), *k)).collect();
        Table { all, by_snake }
    })
}

/// Every keyword of the States Language, sorted: field names of the machine, scopes,
/// states, rules, retriers, catchers and the Map state's objects.
///
/// ```
/// let all = sfn_core::asl::keywords::all();
/// assert!(all.contains(&"StartAt") && all.contains(&"ToleratedFailurePercentagePath"));
/// assert!(all.windows(2).all(|w| w[0] < w[1]));
/// ```
pub fn all() -> &'static [&'static str] {
    &table().all
}

/// Whether `name` is a keyword of the States Language.
///
/// ```
/// use sfn_core::asl::keywords::is_keyword;
///
/// assert!(is_keyword("TimeoutSecondsPath"));
/// assert!(is_keyword("StringEquals"));
/// assert!(!is_keyword("start_at"));
/// ```
pub fn is_keyword(name: &str) -> bool {
    all().binary_search(&name).is_ok()
}

/// The keyword a snake_case name stands for: `start_at` -> `StartAt`,
/// `csv_header_location` -> `CSVHeaderLocation`.
///
/// ```
/// use sfn_core::asl::keywords::from_snake_case;
///
/// assert_eq!(from_snake_case("start_at"), Some("StartAt"));
/// assert_eq!(from_snake_case("csv_header_location"), Some("CSVHeaderLocation"));
/// assert_eq!(from_snake_case("StartAt"), None);
/// ```
pub fn from_snake_case(name: &str) -> Option<&'static str> {
    table().by_snake.get(name).copied()
}

/// The snake_case spelling of a keyword: `StartAt` -> `start_at`, `CSVHeaders` ->
/// `csv_headers`, `MaxItemsPerBatch` -> `max_items_per_batch`.
///
/// ```
/// use sfn_core::asl::keywords::to_snake_case;
///
/// assert_eq!(to_snake_case("StartAt"), "start_at");
/// assert_eq!(to_snake_case("CSVHeaders"), "csv_headers");
/// assert_eq!(to_snake_case("MaxItemsPerBatch"), "max_items_per_batch");
/// ```
pub fn to_snake_case(keyword: &str) -> String {
    let chars: Vec<char> = keyword.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower = i > 0 && chars[i - 1].is_ascii_lowercase();
            let next_lower = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            let prev_upper = i > 0 && chars[i - 1].is_ascii_uppercase();
            if i > 0 && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_round_trips_for_every_keyword() {
        for k in all() {
            assert_eq!(from_snake_case(&to_snake_case(k)), Some(*k), "{k}");
            assert!(is_keyword(k));
        }
        assert!(!is_keyword("start_at"));
        assert_eq!(to_snake_case("CSVHeaderLocation"), "csv_header_location");
        assert_eq!(to_snake_case("StringEqualsPath"), "string_equals_path");
        assert_eq!(from_snake_case("start_at"), Some("StartAt"));
        assert_eq!(from_snake_case("StartAt"), None);
        assert_eq!(from_snake_case("startat"), None);
        assert!(all().contains(&"ToleratedFailurePercentagePath"));
    }
}
