//! One test per validation rule: each definition must produce the expected code at the
//! expected JSON Pointer, and the valid ones nothing at all.

use sfn_core::{validate_str, Code, Diagnostic, Options, Severity};

fn check(src: &str) -> Vec<Diagnostic> {
    validate_str(src, &Options::default()).diagnostics
}

/// Asserts that validating `src` reports `code` at `location` (as an error).
#[track_caller]
fn expect(src: &str, code: Code, location: &str) {
    let diags = check(src);
    assert!(
        diags
            .iter()
            .any(|d| d.code == code && d.location == location && d.severity == Severity::Error),
        "expected {code} at {location}, got:\n{}",
        diags.iter().map(|d| format!("  {d}\n")).collect::<String>()
    );
}

#[track_caller]
fn expect_warning(src: &str, code: Code, location: &str) {
    let report = validate_str(src, &Options::default());
    assert!(report.is_valid(), "{:?}", report.diagnostics);
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == code && d.location == location && d.severity == Severity::Warning),
        "expected warning {code} at {location}, got {:?}",
        report.diagnostics
    );
}

#[track_caller]
fn expect_valid(src: &str) {
    let diags = check(src);
    assert!(
        diags.iter().all(|d| !d.is_error()),
        "expected valid, got:\n{}",
        diags.iter().map(|d| format!("  {d}\n")).collect::<String>()
    );
}

/// A machine whose first state is `A`.
fn m(states: &str) -> String {
    format!(r#"{{"StartAt": "A", "States": {{{states}}}}}"#)
}

/// A machine with the one state `A`, given its fields.
fn one(fields: &str) -> String {
    m(&format!(r#""A": {{{fields}}}"#))
}

const LAMBDA: &str = r#""Resource": "arn:aws:lambda:us-east-1:123456789012:function:f""#;

#[test]
fn json_problems() {
    // AWS's ValidateStateMachineDefinition codes: INVALID_JSON_DESCRIPTION for a JSON syntax
    // problem, MISSING_DESCRIPTION for an empty definition.
    expect("{", Code::InvalidJsonDescription, "");
    expect("  \n", Code::MissingDescription, "");
    // A Terraform template with directives is not JSON until rendered: the error says so.
    let d = check("{\n  %{ if x }\n  \"StartAt\": \"A\",\n  %{ endif }\n}");
    assert!(
        d[0].message.contains("Terraform template directive"),
        "{d:?}"
    );
    expect(
        r#"{"StartAt": "A", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
        Code::DuplicateKey,
        "/StartAt",
    );
    let deep = check(&"[".repeat(1000));
    assert_eq!(deep.len(), 1);
    assert_eq!(deep[0].code, Code::TooDeeplyNested);
    assert_eq!(deep[0].location, "/0".repeat(sfn_core::json::MAX_DEPTH));
    expect("[]", Code::SchemaValidationFailed, "");
}

#[test]
fn machine_fields() {
    expect(
        r#"{"States": {"A": {"Type": "Succeed"}}}"#,
        Code::SchemaValidationFailed,
        "",
    );
    expect(r#"{"StartAt": "A"}"#, Code::SchemaValidationFailed, "");
    expect(
        r#"{"StartAt": "A", "States": {}}"#,
        Code::SchemaValidationFailed,
        "/States",
    );
    expect(
        r#"{"StartAt": "A", "startAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
        Code::SchemaValidationFailed,
        "/startAt",
    );
    expect(
        r#"{"StartAt": "A", "TimeoutSeconds": 0, "States": {"A": {"Type": "Succeed"}}}"#,
        Code::SchemaValidationFailed,
        "/TimeoutSeconds",
    );
    expect(
        r#"{"StartAt": "A", "QueryLanguage": "JSONata2", "States": {"A": {"Type": "Succeed"}}}"#,
        Code::SchemaValidationFailed,
        "/QueryLanguage",
    );
    expect_valid(
        r#"{"Comment": "c", "Version": "1.0", "TimeoutSeconds": 60, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#,
    );
}

#[test]
fn transitions_and_graph() {
    expect(
        &m(r#""B": {"Type": "Succeed"}"#),
        Code::MissingTransitionTarget,
        "/StartAt",
    );
    expect(
        &m(r#""A": {"Type": "Pass", "Next": "Bee"}, "B": {"Type": "Succeed"}"#),
        Code::MissingTransitionTarget,
        "/States/A/Next",
    );
    let d = check(&m(
        r#""A": {"Type": "Pass", "Next": "Notify Sucess"}, "Notify Success": {"Type": "Succeed"}"#,
    ));
    assert_eq!(d[0].suggestion.as_deref(), Some("Notify Success"), "{d:?}");
    expect(
        &m(r#""A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}"#),
        Code::UnreachableState,
        "/States/B",
    );
    // A cycle that never ends.
    expect(
        &m(r#""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}"#),
        Code::MissingEndState,
        "/States",
    );
    // A cycle with a way out is fine; reachability follows Choice, Default and Catch edges.
    expect_valid(&m(&format!(
        r#""A": {{"Type": "Choice", "Choices": [{{"Variable": "$.x", "IsPresent": true, "Next": "B"}}], "Default": "C"}},
           "B": {{"Type": "Task", {LAMBDA}, "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "D"}}], "Next": "A"}},
           "C": {{"Type": "Succeed"}}, "D": {{"Type": "Fail"}}"#
    )));
    // Branches are closed scopes: a Next cannot leave them.
    expect(
        &one(
            r#""Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Next": "A"}}}]"#,
        ),
        Code::MissingTransitionTarget,
        "/States/A/Branches/0/States/B/Next",
    );
    expect(
        &one(
            r#""Type": "Map", "End": true, "ItemProcessor": {"StartAt": "X", "States": {"B": {"Type": "Succeed"}}}"#,
        ),
        Code::MissingTransitionTarget,
        "/States/A/ItemProcessor/StartAt",
    );
}

#[test]
fn state_names() {
    expect(
        &m(
            r#""A": {"Type": "Parallel", "Next": "B", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}]}, "B": {"Type": "Succeed"}"#,
        ),
        Code::DuplicateStateName,
        "/States/B",
    );
    let long = "x".repeat(81);
    expect(
        &format!(r#"{{"StartAt": "{long}", "States": {{"{long}": {{"Type": "Succeed"}}}}}}"#),
        Code::InvalidStateName,
        &format!("/States/{long}"),
    );
    let ok = "é".repeat(80);
    expect_valid(&format!(
        r#"{{"StartAt": "{ok}", "States": {{"{ok}": {{"Type": "Succeed"}}}}}}"#
    ));
    // JSON Pointer escaping of `/` and `~`.
    expect(
        &m(r#""A": {"Type": "Pass", "Next": "x"}, "a/b~c": {"Type": "Succeed"}"#),
        Code::UnreachableState,
        "/States/a~1b~0c",
    );
}

#[test]
fn state_types_and_fields() {
    let d = check(&one(r#""Type": "Taks", "End": true"#));
    assert_eq!(d[0].location, "/States/A/Type");
    assert_eq!(d[0].suggestion.as_deref(), Some("Task"));
    expect(
        &one(r#""End": true"#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "Resource": "x""#),
        Code::SchemaValidationFailed,
        "/States/A/Resource",
    );
    let d = check(&one(r#""Type": "Pass", "end": true"#));
    assert!(
        d.iter().any(|d| d.location == "/States/A/end"
            && d.message.contains("PascalCase")
            && d.suggestion.as_deref() == Some("End")),
        "{d:?}"
    );
    expect(
        &one(r#""Type": "Task", "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Choice", "Default": "A""#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Parallel", "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Parallel", "End": true, "Branches": []"#),
        Code::SchemaValidationFailed,
        "/States/A/Branches",
    );
    expect(
        &one(r#""Type": "Succeed", "Next": "A""#),
        Code::SchemaValidationFailed,
        "/States/A/Next",
    );
    expect(
        &one(r#""Type": "Fail", "InputPath": "$""#),
        Code::SchemaValidationFailed,
        "/States/A/InputPath",
    );
}

#[test]
fn exactly_one_and_at_most_one() {
    expect(
        &one(r#""Type": "Pass""#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &m(r#""A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}"#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Wait", "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Wait", "End": true, "Seconds": 1, "Timestamp": "2016-03-14T01:59:00Z""#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Fail", "Error": "E", "ErrorPath": "$.e""#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Fail", "Cause": "E", "CausePath": "$.e""#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t""#
        )),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(
            r#""Type": "Map", "End": true, "ItemsPath": "$.a", "ItemSelector": {}, "Parameters": {}, "ItemProcessor": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Map", "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "Parameters": {"a": 1, "a.$": "$.a"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Parameters/a.$",
    );
}

#[test]
fn task_timeouts_and_resources() {
    expect(
        &one(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "TimeoutSeconds": 10, "HeartbeatSeconds": 10"#
        )),
        Code::SchemaValidationFailed,
        "/States/A/HeartbeatSeconds",
    );
    expect(
        &one(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "TimeoutSeconds": 0"#
        )),
        Code::SchemaValidationFailed,
        "/States/A/TimeoutSeconds",
    );
    expect(
        &one(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "TimeoutSeconds": 1.5"#
        )),
        Code::SchemaValidationFailed,
        "/States/A/TimeoutSeconds",
    );
    expect(
        &one(r#""Type": "Task", "Resource": "foo:bar", "End": true"#),
        Code::InvalidResource,
        "/States/A/Resource",
    );
    expect_valid(&one(
        r#""Type": "Task", "Resource": "${FunctionArn}", "End": true"#,
    ));
    expect_valid(&one(
        r#""Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Hello:$LATEST", "End": true"#,
    ));
    let opts = Options {
        check_arns: false,
        ..Options::default()
    };
    assert!(validate_str(
        &one(r#""Type": "Task", "Resource": "foo:bar", "End": true"#),
        &opts
    )
    .is_valid());
    expect_valid(&one(&format!(
        r#""Type": "Task", {LAMBDA}, "End": true, "TimeoutSecondsPath": "$.t", "HeartbeatSecondsPath": "$.h", "Credentials": {{"RoleArn.$": "$.role"}}"#
    )));
}

#[test]
fn paths() {
    expect(
        &one(r#""Type": "Pass", "End": true, "InputPath": "a.b""#),
        Code::InvalidJsonPath,
        "/States/A/InputPath",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "ResultPath": "$.a[*]""#),
        Code::InvalidJsonPath,
        "/States/A/ResultPath",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "ResultPath": "$$.Execution.Id""#),
        Code::InvalidJsonPath,
        "/States/A/ResultPath",
    );
    // Step Functions accepts an unknown Context field and fails it at run time: a warning.
    expect_warning(
        &one(r#""Type": "Pass", "End": true, "Parameters": {"x.$": "$$.Execution.Idd"}"#),
        Code::InvalidJsonPath,
        "/States/A/Parameters/x.$",
    );
    expect_warning(
        &one(
            r#""Type": "Pass", "End": true, "Parameters": {"x.$": "States.Format('{}', $$.Task.Tokn)"}"#,
        ),
        Code::InvalidJsonPath,
        "/States/A/Parameters/x.$",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "Parameters": {"x.$": "hello"}"#),
        Code::InvalidJsonPath,
        "/States/A/Parameters/x.$",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "Parameters": {"x.$": 3}"#),
        Code::SchemaValidationFailed,
        "/States/A/Parameters/x.$",
    );
    expect(
        &one(r#""Type": "Wait", "End": true, "SecondsPath": "$.a[0:2]""#),
        Code::InvalidJsonPath,
        "/States/A/SecondsPath",
    );
    expect_valid(&one(
        r#""Type": "Pass", "End": true, "InputPath": "$.a[?(@.b > 1)]", "ResultPath": null, "OutputPath": "$['x y'][0]", "Parameters": {"t.$": "$$.Task.Token", "n": {"deep.$": "$.a"}}"#,
    ));
    expect_warning(
        &one(r#""Type": "Pass", "End": true, "Parameters": {"Command": "$.commands"}"#),
        Code::NoDollar,
        "/States/A/Parameters/Command",
    );
}

#[test]
fn intrinsic_functions() {
    let bad = [
        "States.Format('{} {}', $.a)",
        "States.JsonMerge($.a, $.b, true)",
        "States.Hash($.a, 'SHA-3')",
        "States.ArrayRange(1, 10, 0)",
        "States.Nope($.a)",
        "States.UUID(1)",
        "States.Format('a\\\"b')",
    ];
    for f in bad {
        let json_f = serde_json::to_string(f).unwrap();
        expect(
            &one(&format!(
                r#""Type": "Pass", "End": true, "Parameters": {{"x.$": {json_f}}}"#
            )),
            Code::InvalidIntrinsic,
            "/States/A/Parameters/x.$",
        );
    }
    let good = [
        "States.Format('Hello {} it\\'s {}', $.name, States.UUID())",
        "States.Array('a', $.x, 2.3, -1, true, null)",
        "States.JsonMerge($.a, $.b, false)",
        "States.Hash($.a, 'SHA-256')",
        "States.ArrayRange(1, 9, 2)",
        "States.MathRandom(1, 10)",
        "States.StringSplit($.s, ',')",
    ];
    for f in good {
        let json_f = serde_json::to_string(f).unwrap();
        expect_valid(&one(&format!(
            r#""Type": "Pass", "End": true, "Parameters": {{"x.$": {json_f}}}"#
        )));
    }
    // ErrorPath and CausePath take intrinsics too.
    expect_valid(&one(
        r#""Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('failed: {}', $.c)""#,
    ));
}

#[test]
fn intrinsic_string_escapes_as_aws_reads_them() {
    // aws/aws-cdk#27304: a definition whose intrinsic literal held a backslash and `n`
    // (`"States.Format('Hello\\n{}', $.name)"` in the definition's JSON) failed to deploy with
    // "The value for the field 'message.$' must be a valid JSONPath or a valid intrinsic
    // function"; the same definition with a real line break in the literal deployed and
    // printed it. Only \' \{ \} and \\ are escapes (the developer guide's intrinsic
    // functions page).
    let field = |f: &str| {
        let json_f = serde_json::to_string(f).unwrap();
        one(&format!(
            r#""Type": "Pass", "End": true, "Parameters": {{"message.$": {json_f}}}"#
        ))
    };
    expect(
        &field("States.Format('Hello\\n{}', $.name)"),
        Code::InvalidIntrinsic,
        "/States/A/Parameters/message.$",
    );
    expect_valid(&field("States.Format('Hello\n{}', $.name)"));
    expect_valid(&field(
        "States.Format('a \\{ b \\} c \\\\ d \\' {}', $.name)",
    ));
}

#[test]
fn retry_and_catch() {
    let task = |extra: &str| {
        m(&format!(
            r#""A": {{"Type": "Task", {LAMBDA}, "End": true, {extra}}}, "F": {{"Type": "Fail"}}"#
        ))
    };
    expect(
        &task(r#""Retry": [{"ErrorEquals": []}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/ErrorEquals",
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["States.ALL", "X"]}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/ErrorEquals/0",
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/ErrorEquals/0",
    );
    // A `States.` name Step Functions does not raise: a warning (see
    // `reserved_error_names_are_warnings_in_both_places`).
    assert!(
        check(&task(r#""Retry": [{"ErrorEquals": ["States.MyError"]}]"#))
            .iter()
            .any(|d| d.severity == Severity::Warning
                && d.location == "/States/A/Retry/0/ErrorEquals/0")
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["X"], "BackoffRate": 0.5}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/BackoffRate",
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 0}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/IntervalSeconds",
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["X"], "MaxAttempts": -1}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/MaxAttempts",
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "HALF"}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/JitterStrategy",
    );
    expect(
        &task(r#""Retry": [{"ErrorEquals": ["X"], "MaxDelaySeconds": 0}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/MaxDelaySeconds",
    );
    expect(
        &task(r#""Catch": [{"ErrorEquals": ["X"]}]"#),
        Code::SchemaValidationFailed,
        "/States/A/Catch/0",
    );
    expect(
        &task(r#""Catch": [{"ErrorEquals": ["X"], "Next": "G"}]"#),
        Code::MissingTransitionTarget,
        "/States/A/Catch/0/Next",
    );
    let d = check(&task(
        r#""Retry": [{"ErrorEquals": ["States.Timeuot"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "F"}]"#,
    ));
    assert_eq!(d[0].suggestion.as_deref(), Some("States.Timeout"), "{d:?}");
    expect_valid(&task(
        r#""Retry": [{"ErrorEquals": ["X", "States.Timeout"], "IntervalSeconds": 1, "MaxAttempts": 0, "BackoffRate": 1.0, "MaxDelaySeconds": 10, "JitterStrategy": "FULL"}, {"ErrorEquals": ["States.ALL"]}], "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "F"}]"#,
    ));
}

#[test]
fn choice_rules() {
    let choice = |rules: &str| {
        m(&format!(
            r#""A": {{"Type": "Choice", "Choices": [{rules}], "Default": "B"}}, "B": {{"Type": "Succeed"}}"#
        ))
    };
    expect(
        &m(r#""A": {"Type": "Choice", "Choices": [], "Default": "B"}, "B": {"Type": "Succeed"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "StringEquals": "a"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0",
    );
    expect(
        &choice(r#"{"StringEquals": "a", "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "StringEquals": "a", "StringLessThan": "b", "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0",
    );
    expect(
        &choice(r#"{"Not": {"Variable": "$.x", "IsNull": true, "Next": "B"}, "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0/Not/Next",
    );
    expect(
        &choice(r#"{"And": [], "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0/And",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "NumericEquals": "1", "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0/NumericEquals",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "TimestampEquals": "2016-12-05 21:29:29Z", "Next": "B"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0/TimestampEquals",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "StringEqualsPath": "x", "Next": "B"}"#),
        Code::InvalidJsonPath,
        "/States/A/Choices/0/StringEqualsPath",
    );
    expect(
        &choice(r#"{"Variable": "$.x", "StringEquals": "a", "Next": "C"}"#),
        Code::MissingTransitionTarget,
        "/States/A/Choices/0/Next",
    );
    expect_valid(&choice(
        r#"{"Variable": "$.x", "StringMatches": "log-*.txt", "Next": "B"},
           {"Or": [{"Variable": "$.n", "NumericLessThanEqualsPath": "$.max"}, {"Not": {"Variable": "$.b", "BooleanEquals": false}}], "Next": "B"},
           {"Variable": "$.t", "TimestampGreaterThan": "2016-03-14T01:59:00Z", "Next": "B", "Assign": {"seen": true}}"#,
    ));
}

#[test]
fn wait_and_timestamps() {
    expect(
        &one(r#""Type": "Wait", "End": true, "Timestamp": "2016-12-05 21:29:29Z""#),
        Code::SchemaValidationFailed,
        "/States/A/Timestamp",
    );
    expect(
        &one(r#""Type": "Wait", "End": true, "Seconds": -1"#),
        Code::SchemaValidationFailed,
        "/States/A/Seconds",
    );
    expect_valid(&one(
        r#""Type": "Wait", "End": true, "Timestamp": "2016-03-14T01:59:00.5+01:00""#,
    ));
}

#[test]
fn map_states() {
    let map = |extra: &str, config: &str| {
        one(&format!(
            r#""Type": "Map", "End": true, {extra} "ItemProcessor": {{{config} "StartAt": "B", "States": {{"B": {{"Type": "Succeed"}}}}}}"#
        ))
    };
    let dist = r#""ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},"#;
    expect(
        &map(r#""ToleratedFailurePercentage": 101,"#, dist),
        Code::SchemaValidationFailed,
        "/States/A/ToleratedFailurePercentage",
    );
    expect(
        &map(r#""MaxConcurrency": -1,"#, ""),
        Code::SchemaValidationFailed,
        "/States/A/MaxConcurrency",
    );
    expect(
        &map(r#""Label": "has space","#, dist),
        Code::SchemaValidationFailed,
        "/States/A/Label",
    );
    expect(
        &map(&format!(r#""Label": "{}","#, "x".repeat(41)), dist),
        Code::SchemaValidationFailed,
        "/States/A/Label",
    );
    expect(
        &map("", r#""ProcessorConfig": {"Mode": "DISTRIBUTED"},"#),
        Code::SchemaValidationFailed,
        "/States/A/ItemProcessor/ProcessorConfig",
    );
    expect(
        &map("", r#""ProcessorConfig": {"Mode": "PARALLEL"},"#),
        Code::SchemaValidationFailed,
        "/States/A/ItemProcessor/ProcessorConfig/Mode",
    );
    expect(
        &map(
            r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "XML"}},"#,
            dist,
        ),
        Code::SchemaValidationFailed,
        "/States/A/ItemReader/ReaderConfig/InputType",
    );
    expect(
        &map(r#""ItemReader": {"ReaderConfig": {}},"#, dist),
        Code::SchemaValidationFailed,
        "/States/A/ItemReader",
    );
    expect(
        &map(
            r#""ItemBatcher": {"MaxItemsPerBatch": 2, "MaxItemsPerBatchPath": "$.n"},"#,
            dist,
        ),
        Code::SchemaValidationFailed,
        "/States/A/ItemBatcher",
    );
    expect(
        &map(
            r#""ResultWriter": {"WriterConfig": {"OutputType": "XML", "Transformation": "NONE"}},"#,
            dist,
        ),
        Code::SchemaValidationFailed,
        "/States/A/ResultWriter/WriterConfig/OutputType",
    );
    expect_valid(&map(
        r#""ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItems": 10}, "Parameters": {"Bucket": "b", "Key": "k"}},
           "ItemBatcher": {"MaxItemsPerBatch": 10, "BatchInput": {"x.$": "$.x"}},
           "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "b", "Prefix": "p"}},
           "ToleratedFailurePercentage": 5, "ToleratedFailureCount": 2, "MaxConcurrency": 100, "Label": "Fan_out-1", "ItemSelector": {"v.$": "$$.Map.Item.Value"},"#,
        dist,
    ));
    expect_valid(&one(
        r#""Type": "Map", "End": true, "ItemsPath": "$.items", "Iterator": {"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}"#,
    ));
}

#[test]
fn jsonata_states() {
    let jn = |fields: &str| {
        format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "A", "States": {{"A": {{{fields}}}}}}}"#
        )
    };
    expect(
        &jn(r#""Type": "Pass", "End": true, "Parameters": {}"#),
        Code::SchemaValidationFailed,
        "/States/A/Parameters",
    );
    let d = check(&jn(r#""Type": "Pass", "End": true, "OutputPath": "$""#));
    assert_eq!(d[0].suggestion.as_deref(), Some("Output"), "{d:?}");
    expect(
        &jn(r#""Type": "Pass", "QueryLanguage": "JSONPath", "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A/QueryLanguage",
    );
    expect(
        &jn(r#""Type": "Pass", "End": true, "Output": {"x": "{% $states.input. %}"}"#),
        Code::InvalidJsonata,
        "/States/A/Output/x",
    );
    expect(
        &jn(r#""Type": "Pass", "End": true, "Output": {"x": "{% (1 + 2 %}"}"#),
        Code::InvalidJsonata,
        "/States/A/Output/x",
    );
    // AWS accepts a `.$` key in a JSONata state as a plain key (the issue's recorded verdicts).
    expect_warning(
        &jn(r#""Type": "Pass", "End": true, "Output": {"x.$": "$.a"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Output/x.$",
    );
    expect(
        &jn(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "TimeoutSeconds": "soon""#
        )),
        Code::SchemaValidationFailed,
        "/States/A/TimeoutSeconds",
    );
    expect(
        &jn(
            r#""Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "A"}], "Default": "A""#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/Choices/0/Variable",
    );
    expect_valid(&jn(&format!(
        r#""Type": "Task", {LAMBDA}, "End": true, "Arguments": {{"FunctionName": "f", "Payload": "{{% $states.input %}}"}},
           "Output": "{{% $states.result.Payload %}}", "Assign": {{"count": "{{% $count + 1 %}}"}}, "TimeoutSeconds": "{{% $t %}}""#
    )));
    // `$states` fields and where they exist; no input at the top level.
    expect_warning(
        &jn(r#""Type": "Pass", "End": true, "Output": "{% $states.inptu %}""#),
        Code::InvalidJsonata,
        "/States/A/Output",
    );
    expect(
        &jn(r#""Type": "Pass", "End": true, "Output": "{% $states.result %}""#),
        Code::InvalidJsonata,
        "/States/A/Output",
    );
    expect(
        &jn(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "Arguments": {{"x": "{{% $states.errorOutput %}}"}}"#
        )),
        Code::InvalidJsonata,
        "/States/A/Arguments/x",
    );
    expect(
        &jn(r#""Type": "Pass", "End": true, "Output": {"total": "{% order.total %}"}"#),
        Code::InvalidJsonata,
        "/States/A/Output/total",
    );
    expect_valid(&jn(&format!(
        r#""Type": "Task", {LAMBDA}, "Next": "F", "Output": "{{%$states.result%}}",
           "Catch": [{{"ErrorEquals": ["States.ALL"], "Output": "{{% $states.errorOutput %}}", "Next": "F"}}]}},
           "F": {{"Type": "Fail""#
    )));
    // JSONata 2.1 operators are not in the JSONata Step Functions runs.
    expect(
        &jn(r#""Type": "Pass", "End": true, "Output": "{% $states.input.a ?? 1 %}""#),
        Code::InvalidJsonata,
        "/States/A/Output",
    );
    // A JSONPath machine may raise one state to JSONata.
    expect_valid(&one(
        r#""Type": "Pass", "QueryLanguage": "JSONata", "End": true, "Output": "{% $states.input %}""#,
    ));
}

#[test]
fn variables() {
    expect(
        &one(r#""Type": "Pass", "End": true, "Assign": {"9lives": 1}"#),
        Code::SchemaValidationFailed,
        "/States/A/Assign/9lives",
    );
    expect(
        &one(r#""Type": "Pass", "End": true, "Assign": {"x.$": "$.a[", "y": 1}"#),
        Code::InvalidJsonPath,
        "/States/A/Assign/x.$",
    );
    expect_valid(&one(
        r#""Type": "Pass", "End": true, "Assign": {"x.$": "$.a", "total": 0, "names": ["a"]}"#,
    ));
}

#[test]
fn all_errors_at_once() {
    let d = check(&m(
        r#""A": {"Type": "Pass", "Next": "Nope", "InputPath": "bad"}, "B": {"Type": "Wat"}"#,
    ));
    let codes: Vec<Code> = d.iter().map(|d| d.code).collect();
    for c in [
        Code::MissingTransitionTarget,
        Code::InvalidJsonPath,
        Code::SchemaValidationFailed,
        Code::UnreachableState,
    ] {
        assert!(codes.contains(&c), "{c} missing in {codes:?}");
    }
}

/// The diagnostics of `src` created as an Express workflow.
fn express(src: &str) -> Vec<Diagnostic> {
    let options = Options {
        workflow_type: sfn_core::asl::WorkflowType::Express,
        ..Options::default()
    };
    validate_str(src, &options).diagnostics
}

#[track_caller]
fn expect_express(src: &str, code: Code, location: &str, severity: Severity) {
    let diags = express(src);
    assert!(
        diags
            .iter()
            .any(|d| d.code == code && d.location == location && d.severity == severity),
        "expected {code} ({severity:?}) at {location}, got:\n{}",
        diags.iter().map(|d| format!("  {d}\n")).collect::<String>()
    );
    // The same definition is fine as a Standard workflow.
    assert!(
        validate_str(src, &Options::default()).is_valid(),
        "{:?}",
        check(src)
    );
}

#[test]
fn express_workflows_refuse_what_aws_refuses() {
    let task = |resource: &str, params: &str| {
        one(&format!(
            r#""Type": "Task", "Resource": "{resource}", "Parameters": {params}, "End": true"#
        ))
    };
    // Job-run and callback patterns, optimized and AWS SDK.
    expect_express(
        &task(
            "arn:aws:states:::ecs:runTask.sync",
            r#"{"TaskDefinition": "t"}"#,
        ),
        Code::UnsupportedIntegrationPattern,
        "/States/A/Resource",
        Severity::Error,
    );
    expect_express(
        &task(
            "arn:aws:states:::states:startExecution.sync:2",
            r#"{"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:x"}"#,
        ),
        Code::UnsupportedIntegrationPattern,
        "/States/A/Resource",
        Severity::Error,
    );
    expect_express(
        &task(
            "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            r#"{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "MessageBody": {"Token.$": "$$.Task.Token"}}"#,
        ),
        Code::UnsupportedIntegrationPattern,
        "/States/A/Resource",
        Severity::Error,
    );
    let d = express(&task(
        "arn:aws:states:::ecs:runTask.sync",
        r#"{"TaskDefinition": "t"}"#,
    ));
    assert!(d[0]
        .message
        .starts_with("Express state machine does not support '.sync' service integration"));
    // Activities.
    expect_express(
        &one(
            r#""Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:review", "End": true"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/Resource",
        Severity::Error,
    );
    // Distributed Map.
    expect_express(
        &one(r#""Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}"#),
        Code::SchemaValidationFailed,
        "/States/A/ItemProcessor/ProcessorConfig/Mode",
        Severity::Error,
    );
    // A Wait longer than an Express execution can run.
    expect_express(
        &one(r#""Type": "Wait", "Seconds": 301, "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A/Seconds",
        Severity::Error,
    );
    // A machine timeout longer than five minutes never applies.
    let src = r#"{"StartAt": "A", "TimeoutSeconds": 3600, "States": {"A": {"Type": "Succeed"}}}"#;
    expect_express(
        src,
        Code::SchemaValidationFailed,
        "/TimeoutSeconds",
        Severity::Warning,
    );
    // Request-response integrations, inline Maps and short Waits are Express's own.
    for ok in [
        task(
            "arn:aws:states:::sns:publish",
            r#"{"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m"}"#,
        ),
        one(r#""Type": "Wait", "Seconds": 300, "End": true"#),
        one(r#""Type": "Map", "End": true, "ItemProcessor": {
                "ProcessorConfig": {"Mode": "INLINE"},
                "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}"#),
    ] {
        assert!(express(&ok).is_empty(), "{:?}", express(&ok));
    }
}

#[test]
fn what_aws_accepts_that_looks_wrong() {
    // Step Functions' JSONPath reader trims the path; deployed AWS samples write
    // `"$$.Execution.Name "`.
    expect_warning(
        &one(r#""Type": "Pass", "End": true, "Parameters": {"name.$": "$$.Execution.Name "}"#),
        Code::InvalidJsonPath,
        "/States/A/Parameters/name.$",
    );
    expect_warning(
        &one(r#""Type": "Pass", "End": true, "InputPath": " $.order""#),
        Code::InvalidJsonPath,
        "/States/A/InputPath",
    );
    // Spaces do not make a bad path good.
    expect(
        &one(r#""Type": "Pass", "End": true, "ResultPath": " $.a..b ""#),
        Code::InvalidJsonPath,
        "/States/A/ResultPath",
    );
    // AWS accepts `ProcessorConfig` on the deprecated `Iterator`.
    let iterator = one(r#""Type": "Map", "End": true, "Iterator": {
            "ProcessorConfig": {"Mode": "INLINE"},
            "StartAt": "B", "States": {"B": {"Type": "Succeed"}}}"#);
    expect_valid(&iterator);
    let def = sfn_core::parse_definition(&iterator, &Options::default()).expect("converts");
    assert!(
        sfn_core::canonical_json(&def.machine).contains(r#""ProcessorConfig":{"Mode":"INLINE"}"#)
    );
}

#[test]
fn a_machine_field_inside_states_is_one_error() {
    let src = r#"{"StartAt": "A", "States": {"QueryLanguage": "JSONata", "A": {"Type": "Pass", "End": true}}}"#;
    let diags = check(src);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].location, "/States/QueryLanguage");
    assert!(diags[0].message.contains("move it out of `States`"));
}

/// One typo, one error: a misspelled required field is reported once, with its fix, and the
/// checks that follow read it as the field meant (`Choice` for `Choices`, `next` for `Next`, a
/// transition to `b` for `B`), so nothing is reported missing, unreachable or endless because
/// of it.
#[test]
fn a_typo_is_one_error() {
    let only = |src: &str, location: &str, says: &str| {
        let diags = check(src);
        assert_eq!(diags.len(), 1, "{src}: {diags:#?}");
        assert_eq!(diags[0].location, location, "{src}");
        assert!(
            diags[0].message.contains(says),
            "{src}: {}",
            diags[0].message
        );
    };
    only(
        r#"{"Startat": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#,
        "/Startat",
        "use `StartAt`",
    );
    only(
        &one(r#""type": "Pass", "End": true"#),
        "/States/A/type",
        "use `Type`",
    );
    only(
        &m(
            r#""A": {"Type": "Choice", "Choice": [{"Variable": "$.x", "NumericEquals": 1, "Next": "B"}], "Default": "B"},
              "B": {"Type": "Succeed"}"#,
        ),
        "/States/A/Choice",
        "`Choices`",
    );
    only(
        &one(r#""Type": "Wait", "Second": 5, "End": true"#),
        "/States/A/Second",
        "`Seconds`",
    );
    only(
        &one(&format!(
            r#""Type": "Task", {LAMBDA}, "End": true, "Catch": [{{"ErrorEqual": ["States.ALL"], "Next": "A"}}]"#
        )),
        "/States/A/Catch/0/ErrorEqual",
        "`ErrorEquals`",
    );
    only(
        &m(r#""A": {"Type": "Pass", "next": "B"}, "B": {"Type": "Succeed"}"#),
        "/States/A/next",
        "use `Next`",
    );
    only(
        &one(r#""Type": "Pass", "end": true"#),
        "/States/A/end",
        "use `End`",
    );
    only(
        &one(r#""Type": "Pass", "End": "true""#),
        "/States/A/End",
        "must be `true`",
    );
    only(
        &one(r#""Type": "Pass", "Next": 5"#),
        "/States/A/Next",
        "must be a string",
    );
    only(
        &m(r#""A": {"Type": "Pass", "Next": "b"}, "B": {"Type": "Succeed"}"#),
        "/States/A/Next",
        "use `B`",
    );
    only(
        &m(
            r#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "StringEqual": "a", "Next": "B"}], "Default": "B"},
              "B": {"Type": "Succeed"}"#,
        ),
        "/States/A/Choices/0/StringEqual",
        "`StringEquals`",
    );
    only(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}}"#,
        "/States/A/Parameters",
        "use `Arguments`",
    );
    // A JSONPath comparison in a JSONata rule is one mistake.
    only(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": 1, "Next": "B"}], "Default": "B"},
            "B": {"Type": "Succeed"}}}"#,
        "/States/A/Choices/0/Variable",
        "use `Condition`",
    );
    // A target near no state: the state meant may have ended the execution.
    only(
        &m(r#""A": {"Type": "Pass", "Next": "Elsewhere"}"#),
        "/States/A/Next",
        "no state named `Elsewhere`",
    );
    // What is wrong on its own is still said: `C` is unreachable whatever `b` was meant to be.
    let diags = check(&m(
        r#""A": {"Type": "Pass", "Next": "b"}, "B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}"#,
    ));
    assert_eq!(diags.len(), 2, "{diags:#?}");
    assert_eq!(diags[1].code, Code::UnreachableState);
    assert_eq!(diags[1].location, "/States/C");
    // And a field that is missing, not misspelled, is reported missing.
    expect(
        &one(r#""Type": "Pass""#),
        Code::SchemaValidationFailed,
        "/States/A",
    );
}

/// The warnings AWS's ValidateStateMachineDefinition gives, under its codes: NO_DOLLAR (a path
/// under a key without `.$`), NO_PATH (a path where the field takes the value itself) and
/// PASS_RESULT_IS_STATIC (a path in a Pass state's `Result`).
#[test]
fn aws_warning_codes() {
    expect_warning(
        &one(r#""Type": "Fail", "Error": "$.error", "Cause": "$.cause""#),
        Code::NoPath,
        "/States/A/Error",
    );
    expect_warning(
        &one(r#""Type": "Fail", "Error": "$.error", "Cause": "$.cause""#),
        Code::NoPath,
        "/States/A/Cause",
    );
    expect_valid(&one(
        r#""Type": "Fail", "Error": "PaymentFailed", "Cause": "$5 was declined""#,
    ));
    expect_warning(
        &one(r#""Type": "Pass", "Result": {"order": {"id.$": "$.id"}}, "End": true"#),
        Code::PassResultIsStatic,
        "/States/A/Result/order/id.$",
    );
    expect_warning(
        &one(r#""Type": "Pass", "Result": "$.order", "End": true"#),
        Code::PassResultIsStatic,
        "/States/A/Result",
    );
    expect_valid(&one(
        r#""Type": "Pass", "Result": {"price": "$5"}, "End": true"#,
    ));
    // Where the field refuses the value, the error names the field that reads a path.
    let diags = check(&one(r#""Type": "Wait", "Seconds": "$.delay", "End": true"#));
    assert!(diags[0].message.contains("use `SecondsPath`"), "{diags:?}");
    let diags = check(&one(r#""Type": "Wait", "Timestamp": "$.at", "End": true"#));
    assert!(
        diags[0].message.contains("use `TimestampPath`"),
        "{diags:?}"
    );
}

#[test]
fn reserved_error_names_are_warnings_in_both_places() {
    // The States Language reserves `States.` for the errors Step Functions raises; AWS's verdict
    // on other `States.` names is not established: a warning, in `ErrorEquals` and in `Error`.
    let retry = one(&format!(
        r#""Type": "Task", {LAMBDA}, "End": true, "Retry": [{{"ErrorEquals": ["States.RanOutOfTime"]}}]"#
    ));
    expect_warning(
        &retry,
        Code::SchemaValidationFailed,
        "/States/A/Retry/0/ErrorEquals/0",
    );
    let fail = one(r#""Type": "Fail", "Error": "States.MyError", "Cause": "x""#);
    expect_warning(&fail, Code::SchemaValidationFailed, "/States/A/Error");
    // A predefined name, a custom name and a JSONata expression are fine.
    expect_valid(&one(r#""Type": "Fail", "Error": "States.Timeout""#));
    expect_valid(&one(r#""Type": "Fail", "Error": "OrderRejected""#));
    expect_valid(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Fail", "Error": "{% 'States.' & $states.input.kind %}"}}}"#,
    );
}

/// Variables read before any state assigns them. In JSONPath a read of an unassigned
/// variable fails the state with States.Runtime ("The variable 'x' is not defined", as the
/// executor reports it); a state's own `Assign` does not count for its own reads, since every
/// field of a state reads the values from before it (Step Functions developer guide,
/// "Passing data between states with variables").
#[test]
fn variables_read_before_assignment() {
    // Assigned by an earlier state: fine, also through a loop and a Choice rule's Assign.
    expect_valid(&m(r#"
        "A": {"Type": "Pass", "Assign": {"total": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"t.$": "$total", "s.$": "States.Format('{}', $total)"}, "End": true}"#));
    expect_valid(&m(r#"
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "B", "Assign": {"v": 1}}],
              "Default": "B", "Assign": {"v": 2}},
        "B": {"Type": "Pass", "OutputPath": "$v", "End": true}"#));
    // Never assigned: every execution that reaches the read fails.
    expect(
        &m(r#""A": {"Type": "Pass", "Parameters": {"v.$": "$nope"}, "End": true}"#),
        Code::UndefinedVariable,
        "/States/A/Parameters/v.$",
    );
    // Its own Assign does not count.
    expect(
        &m(r#""A": {"Type": "Pass", "Assign": {"x": 1, "y.$": "$x"}, "End": true}"#),
        Code::UndefinedVariable,
        "/States/A/Assign/y.$",
    );
    // Inside an intrinsic call, a Choice rule, and a *Path field.
    expect(
        &m(
            r#""A": {"Type": "Pass", "Parameters": {"v.$": "States.Array($.a, $missing)"}, "End": true}"#,
        ),
        Code::UndefinedVariable,
        "/States/A/Parameters/v.$",
    );
    expect(
        &m(
            r#""A": {"Type": "Choice", "Choices": [{"Variable": "$flag", "BooleanEquals": true, "Next": "B"}], "Default": "B"},
              "B": {"Type": "Succeed"}"#,
        ),
        Code::UndefinedVariable,
        "/States/A/Choices/0/Variable",
    );
    expect(
        &m(r#""A": {"Type": "Wait", "SecondsPath": "$delay", "End": true}"#),
        Code::UndefinedVariable,
        "/States/A/SecondsPath",
    );
    // A Pass state's Result is literal: nothing is read.
    expect_valid(&m(
        r#""A": {"Type": "Pass", "Result": {"v.$": "$nope"}, "End": true}"#,
    ));
    // Only some paths assign: a warning that names a path without it.
    let some = m(r#"
        "A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Set"}], "Default": "Use"},
        "Set": {"Type": "Pass", "Assign": {"v": 1}, "Next": "Use"},
        "Use": {"Type": "Pass", "Parameters": {"v.$": "$v"}, "End": true}"#);
    expect_warning(&some, Code::UndefinedVariable, "/States/Use/Parameters/v.$");
    let d = check(&some);
    assert!(d[0].message.contains("`A` -> `Use`"), "{}", d[0].message);
    // A catcher's Assign counts on its own edge, the state's Assign does not.
    expect_valid(&m(r#"
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
              "Assign": {"r": 1}, "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"r": 2}, "Next": "B"}], "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"r.$": "$r"}, "End": true}"#));
    expect_warning(
        &m(r#"
        "A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"},
              "Assign": {"r": 1}, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B"}], "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"r.$": "$r"}, "End": true}"#),
        Code::UndefinedVariable,
        "/States/B/Parameters/r.$",
    );
    // Parallel branches and inline Map iterations see the outer variables; a Distributed
    // Map's children do not; what a branch assigns stays inside it.
    let nested = |mode: &str| {
        m(&format!(
            r#"
        "A": {{"Type": "Pass", "Assign": {{"outer": 1}}, "Next": "M"}},
        "M": {{"Type": "Map", "ItemProcessor": {{"ProcessorConfig": {{"Mode": "{mode}"}}, "StartAt": "I",
              "States": {{"I": {{"Type": "Pass", "Parameters": {{"o.$": "$outer"}}, "End": true}}}}}}, "End": true}}"#
        ))
    };
    expect_valid(&nested("INLINE"));
    expect(
        &nested("DISTRIBUTED"),
        Code::UndefinedVariable,
        "/States/M/ItemProcessor/States/I/Parameters/o.$",
    );
    expect(
        &m(r#"
        "A": {"Type": "Parallel", "Branches": [{"StartAt": "In", "States": {"In": {"Type": "Pass", "Assign": {"inner": 1}, "End": true}}}], "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"i.$": "$inner"}, "End": true}"#),
        Code::UndefinedVariable,
        "/States/B/Parameters/i.$",
    );
    // JSONata: an unassigned variable is undefined, which `$exists` can test: a warning.
    expect_warning(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Output": {"v": "{% $exists($nope) ? $nope : 0 %}"}, "End": true}}}"#,
        Code::UndefinedVariable,
        "/States/A/Output/v",
    );
    expect_valid(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Assign": {"n": 1}, "Next": "B"},
            "B": {"Type": "Pass", "Output": "{% $n + $count($states.input.items) %}", "End": true}}}"#,
    );
    // Read twice in one expression: one warning.
    let report = sfn_core::validate_str(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Output": "{% $exists($maybe) ? $maybe : 0 %}", "End": true}}}"#,
        &Options::default(),
    );
    assert_eq!(report.diagnostics.len(), 1, "{:?}", report.diagnostics);
    // Called as a function, an unassigned variable fails the call every time (T1006); AWS
    // creates the machine, and the AWS CDK's distributed Map test calls `$invalidFunction()`
    // on purpose to reach its `Catch`: a warning that says the call fails.
    let src = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"id": "{% $invalidFunction() %}"}, "End": true}}}"#;
    expect_warning(src, Code::UndefinedVariable, "/States/A/Assign/id");
    let report = sfn_core::validate_str(src, &Options::default());
    assert!(report.diagnostics[0].message.contains("is called here"));
    assert!(report.diagnostics[0].message.contains("fails every time"));
}

/// A `${Name}` placeholder that is a whole value, unquoted or as the whole string, stands for a
/// value of its field's type, wherever the field is (CloudFormation's DefinitionSubstitutions
/// and Terraform's `templatefile` replace the text before Step Functions reads it); one inside
/// a JSONata expression or as an intrinsic function's argument is replaced too. Seen in real
/// templates: Terraform's `"ErrorEquals": ${jsonencode(var.errors)}`, a SAM file's
/// `{% $millis() + ${TimeoutMilliseconds} %}`.
#[test]
fn placeholders_stand_for_values_anywhere() {
    let lambda = LAMBDA;
    for src in [
        one(&format!(
            r#""Type": "Task", {lambda}, "Retry": [{{"ErrorEquals": ${{Errors}}}}], "End": true"#
        )),
        one(r#""Type": "Pass", "End": ${IsLast}"#),
        one(r#""Type": "Pass", "Parameters": ${Params}, "End": true"#),
        one(r#""Type": "Wait", "Timestamp": "${At}", "End": true"#),
        one(r#""Type": "Pass", "InputPath": "${From}", "Parameters": {"x.$": "${Path}"}, "End": true"#),
        m(r#""A": {"Type": "Choice", "Choices": [{"Variable": "${V}", "TimestampEquals": "${T}", "Next": "B"}], "Default": "B"},
             "B": {"Type": "Succeed"}"#),
        one(r#""Type": "Map", "ItemsPath": "${Items}", "End": true, "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "${Type}"},
            "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#),
        one(r#""Type": "Pass", "Parameters": {"x.$": "States.ArrayGetItem($.list, ${Index})"}, "End": true"#),
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Output": "{% $string($millis() + ${TimeoutMilliseconds}) %}", "End": true}}}"#
            .to_string(),
    ] {
        expect_valid(&src);
    }
    // Quoted, a placeholder stays a string: it cannot stand for a boolean, a list or a number.
    expect(
        &one(r#""Type": "Pass", "End": "${IsLast}""#),
        Code::SchemaValidationFailed,
        "/States/A/End",
    );
    expect(
        &one(r#""Type": "Wait", "Seconds": "${Delay}", "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A/Seconds",
    );
    // Every other check still runs.
    expect(
        &one(
            r#""Type": "Pass", "Parameters": {"x.$": "States.ArrayGetItem($.list, ${Index}, 1)"}, "End": true"#,
        ),
        Code::InvalidIntrinsic,
        "/States/A/Parameters/x.$",
    );
    expect(
        r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
            "A": {"Type": "Pass", "Output": "{% ${Limit} + %}", "End": true}}}"#,
        Code::InvalidJsonata,
        "/States/A/Output",
    );
}

/// Unquoted `${Name}` placeholders where values go, the SAM `DefinitionUri` idiom
/// (`"TimeoutSeconds": ${Timeout}`): each stands for a value of the field's type, every other
/// check still runs, and the placeholders are listed.
#[test]
fn unquoted_placeholders() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/sam-template.asl.json"
    ))
    .unwrap();
    expect_valid(&src);
    let root = sfn_core::json::parse(&src).root.unwrap();
    assert_eq!(sfn_core::substitutions(&root)[0], "MachineTimeout");
    // The other checks still run.
    expect(
        &src.replace(r#""Next": "Fan""#, r#""Next": "Fna""#),
        Code::MissingTransitionTarget,
        "/States/Work/Next",
    );
    expect(
        &m(r#""A": {"Type": "Wait", "Seconds": ${Delay}, "Nxt": "B"}, "B": {"Type": "Succeed"}"#),
        Code::SchemaValidationFailed,
        "/States/A/Nxt",
    );
    // Not a placeholder: a syntax error that says what one looks like.
    let report = validate_str(
        &m(r#""A": {"Type": "Wait", "Seconds": ${Delay, "End": true}"#),
        &Options::default(),
    );
    assert!(!report.is_valid());
    assert!(
        report.diagnostics[0].message.contains("`${Name}`"),
        "{:?}",
        report.diagnostics
    );
    // A template cannot become the model until it is substituted; the error says so.
    let e = sfn_core::parse_definition(&src, &Options::default()).unwrap_err();
    assert_eq!(e[0].location, "/TimeoutSeconds");
    assert!(e[0]
        .message
        .contains("`${MachineTimeout}` is an unquoted template placeholder"));
}

/// The undetermined facts of AWS's validation, each a warning that says what is not known
/// until AWS's verdict is established.
#[test]
fn undetermined_facts_are_warnings() {
    // A JSON object where an AWS SDK member takes a string: deployed definitions pass one as
    // `sfn:startSyncExecution`'s `Input`.
    expect_warning(
        &one(
            r#""Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sfn:startSyncExecution",
            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child",
                           "Input": {"orderId": 7}}, "End": true"#,
        ),
        Code::InvalidParameterValue,
        "/States/A/Parameters/Input",
    );
    // The strings "true" and "false" where a boolean is wanted.
    expect_warning(
        &one(
            r#""Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
            "Parameters": {"TaskDefinition": "job:1", "EnableExecuteCommand": "true"}, "End": true"#,
        ),
        Code::InvalidParameterValue,
        "/States/A/Parameters/EnableExecuteCommand",
    );
    // A number written as a string, likewise (`DelaySeconds: "5"`); a word stays an error.
    let delay = |v: &str| {
        one(&format!(
            r#""Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
            "Parameters": {{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                           "MessageBody": "m", "DelaySeconds": {v}}}, "End": true"#
        ))
    };
    let at = "/States/A/Parameters/DelaySeconds";
    expect_warning(&delay(r#""5""#), Code::InvalidParameterValue, at);
    expect(&delay(r#""five""#), Code::InvalidParameterValue, at);
    // Any other string stays an error.
    expect(
        &one(
            r#""Type": "Task", "Resource": "arn:aws:states:::ecs:runTask",
            "Parameters": {"TaskDefinition": "job:1", "EnableExecuteCommand": "yes"}, "End": true"#,
        ),
        Code::InvalidParameterValue,
        "/States/A/Parameters/EnableExecuteCommand",
    );
    // A Pass state whose Parameters is an array (an EventBridge Pipes enrichment pattern).
    expect_warning(
        &one(r#""Type": "Pass", "Parameters": [{"id.$": "$.id"}], "End": true"#),
        Code::SchemaValidationFailed,
        "/States/A/Parameters",
    );
}

#[test]
fn reader_config_transformation_and_items_pointer() {
    // The developer guide, "ItemReader (Map)" (updated September 2025): `Transformation:
    // LOAD_AND_FLATTEN` reads the objects an `s3:listObjectsV2` lists ("InputType is required
    // if Transformation is LOAD_AND_FLATTEN"), and `ItemsPointer` selects the array inside a
    // JSON file with a JSON Pointer. Both examples are the guide's.
    let reader = |reader: &str| {
        one(&format!(
            r#""Type": "Map", "End": true, "ItemReader": {reader}, "ItemProcessor": {{"ProcessorConfig": {{"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}}, "StartAt": "B", "States": {{"B": {{"Type": "Succeed"}}}}}}"#
        ))
    };
    let flatten = reader(
        r#"{"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"InputType": "JSON", "Transformation": "LOAD_AND_FLATTEN"}, "Parameters": {"Bucket": "b", "Prefix": "p"}}"#,
    );
    assert!(check(&flatten).is_empty(), "{:#?}", check(&flatten));
    let pointer = reader(
        r#"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "/inventory/products/featured"}, "Parameters": {"Bucket": "b", "Key": "k.json"}}"#,
    );
    assert!(check(&pointer).is_empty(), "{:#?}", check(&pointer));
    expect(
        &reader(
            r#"{"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"Transformation": "LOAD_AND_FLATTEN"}, "Parameters": {"Bucket": "b"}}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/ItemReader/ReaderConfig",
    );
    expect(
        &reader(
            r#"{"Resource": "arn:aws:states:::s3:listObjectsV2", "ReaderConfig": {"InputType": "JSON", "Transformation": "FLATTEN"}, "Parameters": {"Bucket": "b"}}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/ItemReader/ReaderConfig/Transformation",
    );
    expect_warning(
        &reader(
            r#"{"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "ItemsPointer": "inventory/products"}, "Parameters": {"Bucket": "b", "Key": "k.json"}}"#,
        ),
        Code::SchemaValidationFailed,
        "/States/A/ItemReader/ReaderConfig/ItemsPointer",
    );
}

#[test]
fn http_status_errors_are_step_functions_errors() {
    // The developer guide, "Call HTTPS APIs in Step Functions workflows": an HTTP Task whose
    // response is not 2XX fails with `States.Http.StatusCode.<status>`, which public
    // definitions retry and catch (`States.Http.StatusCode.429`).
    let http = |error: &str| {
        one(&format!(
            r#""Type": "Task", "Resource": "arn:aws:states:::http:invoke", "Parameters": {{"ApiEndpoint": "https://example.com", "Method": "GET", "Authentication": {{"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}}}}, "End": true, "Retry": [{{"ErrorEquals": ["{error}"]}}]"#
        ))
    };
    for status in ["States.Http.StatusCode.429", "States.Http.StatusCode.503"] {
        let diags = check(&http(status));
        assert!(diags.is_empty(), "{status}: {diags:#?}");
    }
    for not_a_status in ["States.Http.StatusCode.5XX", "States.Http.StatusCode.42"] {
        expect_warning(
            &http(not_a_status),
            Code::SchemaValidationFailed,
            "/States/A/Retry/0/ErrorEquals/0",
        );
    }
}
