//! One typo rule, two front ends: the validator's suggestions (`sfn_core::suggest`, and the
//! Context object check that uses it) and the typed checks' (this engine, evaluated in
//! constants) give the same verdict on the same input and candidates.

use super::*;
use sfn_core::path::{check_context_path, parse_path};
use sfn_core::suggest;

/// The Context object's fields, level by level, as the Step Functions developer guide lists
/// them (and `sfn_core::path::check_context_path` checks them).
const CONTEXT: &[&str] = &["Execution", "State", "StateMachine", "Task", "Map"];
const EXECUTION: &[&str] = &[
    "Id",
    "Input",
    "Name",
    "RoleArn",
    "StartTime",
    "RedriveCount",
    "RedriveTime",
];
const STATE: &[&str] = &["EnteredTime", "Name", "RetryCount"];
const MAP_ITEM: &[&str] = &["Index", "Key", "Value", "Source"];

/// Inputs and the names they are checked against.
const TABLE: &[(&str, &[&str])] = &[
    ("Exec", CONTEXT),
    ("Executon", CONTEXT),
    ("execution", CONTEXT),
    ("Tsak", CONTEXT),
    ("Stat", CONTEXT),
    ("Banana", CONTEXT),
    ("Nmae", EXECUTION),
    ("StartTme", EXECUTION),
    ("Redrive", EXECUTION),
    ("RoleArnArn", EXECUTION),
    ("I", EXECUTION),
    ("Entered", STATE),
    ("Indx", MAP_ITEM),
    ("order_id", &["orderId", "lines", "tags"]),
    ("OrderID", &["orderId", "lines", "tags"]),
    ("qty", &["sku", "quantity"]),
    ("skus", &["sku", "quantity"]),
    ("cust", &["orderId", "customer", "items"]),
    ("nmae", &["name"]),
    ("idd", &["id", "n"]),
    ("link", &["url", "bytes"]),
    ("Clustr", &["Cluster", "TaskDefinition", "LaunchType"]),
    (
        "TaskDefinitionArn",
        &["Cluster", "TaskDefinition", "LaunchType"],
    ),
    ("Subnets", &["Cluster", "TaskDefinition", "LaunchType"]),
    ("SHA256", sfn_core::path::HASH_ALGORITHMS),
    ("SHA-3", sfn_core::path::HASH_ALGORITHMS),
    ("Format", sfn_core::path::FUNCTIONS),
    ("States.Fromat", sfn_core::path::FUNCTIONS),
    ("States.Banana", sfn_core::path::FUNCTIONS),
];

/// The name after "did you mean" in a message.
fn suggested(message: &str) -> Option<String> {
    let (before, after) = suggest::DID_YOU_MEAN;
    let (_, rest) = message.split_once(before)?;
    let (name, _) = rest.split_once(after)?;
    Some(name.to_string())
}

/// The message of a failed check.
fn failure(check: impl FnOnce() + std::panic::UnwindSafe) -> String {
    match std::panic::catch_unwind(check) {
        Ok(()) => panic!("the check passed"),
        Err(e) => e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    }
}

/// What the typed checks suggest for `$.<input>` in a struct with these fields.
fn typed(input: &'static str, candidates: &'static [&'static str]) -> Option<String> {
    let fields: Vec<Field> = candidates
        .iter()
        .map(|name| Field {
            name,
            aliases: &[],
            rust: name,
            shape: &Shape::Any,
            required: true,
            kind: FieldKind::Normal,
        })
        .collect();
    let object: &'static Object = Box::leak(Box::new(Object {
        name: "Input",
        fields: Box::leak(fields.into_boxed_slice()),
    }));
    let flow: &'static Flow = Box::leak(Box::new(Flow::Of(Box::leak(Box::new(Shape::Object(
        object,
    ))))));
    let message = failure(|| check_path(flow, "$", &[Step::Field(input)], Expect::Any, ""));
    assert!(message.contains("has no field"), "{message}");
    suggested(&message)
}

/// What the typed checks suggest for `$.<input>` in an object a state builds with these keys.
fn built(input: &'static str, candidates: &'static [&'static str]) -> Option<String> {
    let members: Vec<(&'static str, &'static Flow)> =
        candidates.iter().map(|c| (*c, &Flow::Unknown)).collect();
    let flow: &'static Flow = Box::leak(Box::new(Flow::Object(
        "`parameters`",
        Box::leak(members.into_boxed_slice()),
    )));
    let message = failure(|| check_path(flow, "$", &[Step::Field(input)], Expect::Any, ""));
    assert!(message.contains("has no field"), "{message}");
    suggested(&message)
}

#[test]
fn both_front_ends_suggest_alike() {
    for (input, candidates) in TABLE {
        let validator = suggest::closest(input, candidates.iter().copied()).map(str::to_string);
        let wording = suggest::did_you_mean(input, candidates.iter().copied());
        assert_eq!(
            suggested(&wording),
            validator,
            "{input} among {candidates:?}"
        );
        assert_eq!(
            typed(input, candidates),
            validator,
            "{input} among {candidates:?}"
        );
        assert_eq!(
            built(input, candidates),
            validator,
            "{input} among {candidates:?}"
        );
    }
}

#[test]
fn context_paths_and_typed_paths_agree() {
    for (prefix, fields, input) in [
        ("$$", CONTEXT, "Exec"),
        ("$$", CONTEXT, "Executon"),
        ("$$", CONTEXT, "Banana"),
        ("$$.Execution", EXECUTION, "Nmae"),
        ("$$.Execution", EXECUTION, "Strat"),
        ("$$.State", STATE, "Entered"),
        ("$$.Map.Item", MAP_ITEM, "Indx"),
    ] {
        let path = parse_path(&format!("{prefix}.{input}")).unwrap();
        let context = check_context_path(&path).unwrap_err().message;
        assert!(context.contains("has no field"), "{context}");
        assert_eq!(
            suggested(&context),
            typed(input, fields),
            "{prefix}.{input}: {context}"
        );
    }
    // The case that once differed: a truncated name.
    assert_eq!(typed("Exec", CONTEXT).as_deref(), Some("Execution"));
}

#[test]
fn the_rule_runs_in_constants() {
    const EXEC: Option<&str> = suggest::closest_in("Exec", CONTEXT);
    const NONE: Option<&str> = suggest::closest_in("Banana", CONTEXT);
    assert_eq!((EXEC, NONE), (Some("Execution"), None));
}
