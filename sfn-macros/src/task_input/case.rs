//! serde's `rename_all` rules (`internals/case.rs`).

/// serde's `rename_all` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl Rule {
    /// The rule of a `rename_all` value; `None` for a value serde rejects.
    pub(super) fn from_name(name: &str) -> Option<Rule> {
        Some(match name {
            "lowercase" => Rule::Lower,
            "UPPERCASE" => Rule::Upper,
            "PascalCase" => Rule::Pascal,
            "camelCase" => Rule::Camel,
            "snake_case" => Rule::Snake,
            "SCREAMING_SNAKE_CASE" => Rule::ScreamingSnake,
            "kebab-case" => Rule::Kebab,
            "SCREAMING-KEBAB-CASE" => Rule::ScreamingKebab,
            _ => return None,
        })
    }

    /// A variant's name (PascalCase in Rust) under the rule, as serde's `apply_to_variant`.
    pub(super) fn variant(self, variant: &str) -> String {
        match self {
            Rule::Pascal => variant.to_string(),
            Rule::Lower => variant.to_ascii_lowercase(),
            Rule::Upper => variant.to_ascii_uppercase(),
            Rule::Camel => lower_first(variant),
            Rule::Snake => {
                let mut snake = String::new();
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            Rule::ScreamingSnake => Rule::Snake.variant(variant).to_ascii_uppercase(),
            Rule::Kebab => Rule::Snake.variant(variant).replace('_', "-"),
            Rule::ScreamingKebab => Rule::ScreamingSnake.variant(variant).replace('_', "-"),
        }
    }

    /// A field's name (snake_case in Rust) under the rule, as serde's `apply_to_field`.
    pub(super) fn field(self, field: &str) -> String {
        match self {
            Rule::Lower | Rule::Snake => field.to_string(),
            Rule::Upper | Rule::ScreamingSnake => field.to_ascii_uppercase(),
            Rule::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            Rule::Camel => lower_first(&Rule::Pascal.field(field)),
            Rule::Kebab => field.replace('_', "-"),
            Rule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// The text with its first character in ASCII lower case (serde slices off one byte, which
/// panics on a non-ASCII first character: this does not).
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// serde's own table (`internals/case.rs`, `rename_variants`).
    #[test]
    fn variant_rules_match_serde() {
        for (original, lower, upper, camel, snake, screaming, kebab, screaming_kebab) in [
            (
                "Outcome", "outcome", "OUTCOME", "outcome", "outcome", "OUTCOME", "outcome",
                "OUTCOME",
            ),
            (
                "VeryTasty",
                "verytasty",
                "VERYTASTY",
                "veryTasty",
                "very_tasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("A", "a", "A", "a", "a", "A", "a", "A"),
            ("Z42", "z42", "Z42", "z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(Rule::Lower.variant(original), lower);
            assert_eq!(Rule::Upper.variant(original), upper);
            assert_eq!(Rule::Pascal.variant(original), original);
            assert_eq!(Rule::Camel.variant(original), camel);
            assert_eq!(Rule::Snake.variant(original), snake);
            assert_eq!(Rule::ScreamingSnake.variant(original), screaming);
            assert_eq!(Rule::Kebab.variant(original), kebab);
            assert_eq!(Rule::ScreamingKebab.variant(original), screaming_kebab);
        }
    }

    /// serde's own table (`internals/case.rs`, `rename_fields`).
    #[test]
    fn field_rules_match_serde() {
        for (original, upper, pascal, camel, screaming, kebab, screaming_kebab) in [
            (
                "outcome", "OUTCOME", "Outcome", "outcome", "OUTCOME", "outcome", "OUTCOME",
            ),
            (
                "very_tasty",
                "VERY_TASTY",
                "VeryTasty",
                "veryTasty",
                "VERY_TASTY",
                "very-tasty",
                "VERY-TASTY",
            ),
            ("a", "A", "A", "a", "A", "a", "A"),
            ("z42", "Z42", "Z42", "z42", "Z42", "z42", "Z42"),
        ] {
            assert_eq!(Rule::Lower.field(original), original);
            assert_eq!(Rule::Upper.field(original), upper);
            assert_eq!(Rule::Pascal.field(original), pascal);
            assert_eq!(Rule::Camel.field(original), camel);
            assert_eq!(Rule::Snake.field(original), original);
            assert_eq!(Rule::ScreamingSnake.field(original), screaming);
            assert_eq!(Rule::Kebab.field(original), kebab);
            assert_eq!(Rule::ScreamingKebab.field(original), screaming_kebab);
        }
    }

    #[test]
    fn odd_names_do_not_panic() {
        for rule in [Rule::Camel, Rule::Pascal, Rule::Snake, Rule::ScreamingKebab] {
            assert_eq!(rule.field(""), "");
            assert_eq!(rule.variant(""), "");
            let _ = rule.field("_");
            let _ = rule.variant("Épée");
        }
        assert_eq!(Rule::Camel.variant("Épée"), "Épée");
    }
}
