//! The names AWS makes ARNs of: state machines, executions, activities, Map Run labels.

/// The first character AWS refuses in such a name: whitespace, control characters, brackets
/// (`< > { } [ ]`), the wildcards `?` and `*`, and `" # % \ ^ | ~ ` $ & , ; :` (the
/// `CreateStateMachine` and `StartExecution` API references; a Distributed Map's `Label`).
///
/// ```
/// use sfn_core::asl::forbidden_name_char;
///
/// assert_eq!(forbidden_name_char("orders-v2_prod"), None);
/// assert_eq!(forbidden_name_char("my machine"), Some(' '));
/// assert_eq!(forbidden_name_char("a*"), Some('*'));
/// ```
pub fn forbidden_name_char(name: &str) -> Option<char> {
    name.chars()
        .find(|c| c.is_whitespace() || c.is_control() || "<>{}[]?*\"#%\\^|~`$&,;:".contains(*c))
}

/// Why `CreateStateMachine` would refuse a state machine's name: it has 1 to 80 characters,
/// none of [`forbidden_name_char`]'s nor `/`.
///
/// ```
/// use sfn_core::asl::check_state_machine_name;
///
/// assert!(check_state_machine_name("OrderPipeline").is_ok());
/// assert!(check_state_machine_name("").is_err());
/// assert!(check_state_machine_name("a/b").unwrap_err().contains("`/`"));
/// assert!(check_state_machine_name(&"x".repeat(81)).unwrap_err().contains("80"));
/// ```
pub fn check_state_machine_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if len == 0 || len > 80 {
        return Err(format!(
            "a state machine's name has 1 to 80 characters, not {len}"
        ));
    }
    match name.chars().find(|c| *c == '/').or_else(|| forbidden_name_char(name)) {
        Some(c) => Err(format!(
            "a state machine's name cannot contain {}: whitespace, control characters, brackets and the characters ? * \" # % \\ ^ | ~ ` $ & , ; : / are not allowed",
            show(c)
        )),
        None => Ok(()),
    }
}

fn show(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("{c:?}")
    } else {
        format!("`{c}`")
    }
}
