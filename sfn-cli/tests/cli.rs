//! The `sfn` contracts: output formats, exit codes, files and directories (`sfn validate`,
//! `sfn run`, ...).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const VALID: &str = r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;
const INVALID: &str = "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\", \"Next\": \"Bee\"},\n    \"Be\": {\"Type\": \"Succeed\"}\n  }\n}\n";
const PLACEHOLDER: &str =
    r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "foo:bar", "End": true}}}"#;

fn sfn(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sfn"))
        .args(args)
        .output()
        .expect("run sfn")
}

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("sfn-cli-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("nested")).unwrap();
    d
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn exit_codes_and_text_output() {
    let d = dir("text");
    let valid = write(&d.join("ok.asl.json"), VALID);
    let invalid = write(&d.join("bad.json"), INVALID);

    let out = sfn(&["validate", &valid]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid"));

    let out = sfn(&["validate", &valid, &invalid]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[MISSING_TRANSITION_TARGET]"), "{text}");
    assert!(text.contains("Did you mean `Be`?"), "{text}");
    // File, line and column of the offending value, and the source line.
    assert!(text.contains("bad.json:4:35 at /States/A/Next"), "{text}");
    assert!(
        text.contains(r#"4 |     "A": {"Type": "Pass", "Next": "Bee"},"#),
        "{text}"
    );

    let out = sfn(&["validate", &d.join("missing.json").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let out = sfn(&["validate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = sfn(&["validate", "--format", "xml", &valid]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn json_messages_give_the_character_of_a_bad_path() {
    let d = dir("json-position");
    let bad = write(
        &d.join("bad.json"),
        r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "ResultPath": "$.a..b", "End": true}}}"#,
    );
    let out = sfn(&["validate", "--format", "json", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v[0]["diagnostics"][0];
    assert_eq!(d["location"], "/States/A/ResultPath");
    let message = d["message"].as_str().unwrap();
    assert!(message.ends_with("(at character 3)"), "{message}");
}

#[test]
fn json_output_is_the_pinned_shape() {
    let d = dir("json");
    let valid = write(&d.join("ok.json"), VALID);
    let invalid = write(&d.join("bad.json"), INVALID);
    let out = sfn(&["validate", "--format", "json", &valid, &invalid]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let reports = v.as_array().expect("an array");
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[0]["file"], valid.as_str());
    assert_eq!(reports[0]["valid"], true);
    assert_eq!(reports[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(reports[1]["valid"], false);
    let diags = reports[1]["diagnostics"].as_array().unwrap();
    let first = diags[0].as_object().unwrap();
    let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "location", "message", "severity"]);
    assert!(diags
        .iter()
        .any(|d| d["code"] == "MISSING_TRANSITION_TARGET"
            && d["location"] == "/States/A/Next"
            && d["severity"] == "error"));
}

#[test]
fn directories_and_arn_check() {
    let d = dir("dirs");
    write(&d.join("a.json"), VALID);
    write(&d.join("nested/b.asl.json"), PLACEHOLDER);
    write(&d.join("notes.txt"), "not a definition");
    let root = d.to_string_lossy().into_owned();

    let out = sfn(&["validate", "--format", "json", &root]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "only .json files are read");
    assert!(v[1]["diagnostics"][0]["code"] == "INVALID_RESOURCE");

    let out = sfn(&["validate", "--no-arn-check", &root]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn bad_bytes_get_a_verdict() {
    let d = dir("bytes");
    let p = d.join("junk.json");
    std::fs::write(&p, [0xff, 0xfe, b'{', 0x00]).unwrap();
    let out = sfn(&["validate", &p.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn iam_prints_the_policy() {
    let d = dir("iam");
    let file = write(
        &d.join("m.json"),
        r#"{"StartAt": "N", "States": {"N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "hi"}, "End": true}}}"#,
    );
    let out = sfn(&["iam", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["Version"], "2012-10-17");
    assert_eq!(
        v["Statement"][0]["Action"],
        serde_json::json!(["sns:Publish"])
    );
    assert_eq!(
        v["Statement"][0]["Resource"],
        serde_json::json!(["arn:aws:sns:us-east-1:123456789012:t"])
    );

    let bad = write(&d.join("bad.json"), INVALID);
    assert_eq!(sfn(&["iam", &bad]).status.code(), Some(1));
    assert_eq!(
        sfn(&["iam", &d.join("none.json").to_string_lossy()])
            .status
            .code(),
        Some(2)
    );

    // A deployment AWS could not have is a usage error, for `sfn iam` and `sfn cfn` alike.
    for (flags, says) in [
        (&["--account", "1234"][..], "12 digits"),
        (&["--region", "Europe"][..], "region code"),
        (&["--partition", "amazon"][..], "AWS partition"),
        (&["--name", "my machine"][..], "cannot contain"),
    ] {
        for command in ["iam", "cfn"] {
            let out = sfn(&[&[command, file.as_str()][..], flags].concat());
            assert_eq!(out.status.code(), Some(2), "{command} {flags:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains(says), "{command} {flags:?}: {err}");
        }
    }
    let ok = sfn(&[
        "iam",
        &file,
        "--region",
        "us-gov-west-1",
        "--account",
        "123456789012",
    ]);
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn graph_draws_mermaid_and_dot() {
    let d = dir("graph");
    let file = write(&d.join("m.json"), VALID);
    let out = sfn(&["graph", &file]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("flowchart TD"), "{text}");
    assert!(text.contains("start --> s0"), "{text}");
    let out = sfn(&["graph", "--format", "dot", &file]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph"));
    assert_eq!(
        sfn(&["graph", &d.join("none.json").to_string_lossy()])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn graph_draws_svg() {
    let d = dir("graph-svg");
    let file = write(
        &d.join("m.json"),
        r#"{"StartAt": "Run <1> & \"go\"", "States": {
            "Run <1> & \"go\"": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                "Next": "Fan", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Échec 失敗"}]},
            "Fan": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "End": true}}}]},
            "Échec 失敗": {"Type": "Fail"}}}"#,
    );
    let out = sfn(&["graph", "--format", "svg", &file]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).collect();
    for name in [
        "Run <1> & \"go\"",
        "Fan",
        "Inner",
        "[Fan: branch 1]",
        "Échec 失敗",
        "catch States.ALL",
    ] {
        assert!(texts.contains(&name), "{name:?} in {texts:?}");
    }
    let catch: Vec<_> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge catch"))
        .collect();
    assert!(!catch.is_empty());
    for g in catch {
        let path = g.children().find(|n| n.has_tag_name("path")).unwrap();
        assert!(path.attribute("stroke-dasharray").is_some());
    }
}

#[test]
fn cfn_renders_a_template() {
    let d = dir("cfn");
    let file = write(
        &d.join("orders.asl.json"),
        r#"{"StartAt": "N", "States": {"N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "${Topic}", "Message": "hi"}, "End": true}}}"#,
    );
    let out = sfn(&["cfn", "--format", "json", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["Resources"]["Orders"]["Type"],
        "AWS::StepFunctions::StateMachine"
    );
    assert_eq!(
        v["Resources"]["Orders"]["Properties"]["DefinitionSubstitutions"]["Topic"]["Ref"],
        "Topic"
    );
    let out = sfn(&["cfn", &file]);
    let yaml = String::from_utf8_lossy(&out.stdout);
    assert!(yaml.contains("Type: \"AWS::IAM::Role\""), "{yaml}");
}

#[test]
fn to_rust_prints_asl_source() {
    let d = dir("to-rust");
    let file = write(
        &d.join("order-flow.asl.json"),
        r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
            "Parameters": {"TaskDefinition": "t", "Overrides": {"ContainerOverrides": [{"Name": "a", "Command.$": "$.commands"}]}},
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}], "End": true},
            "Failed": {"Type": "Fail", "Error": "E"}}}"#,
    );
    let out = sfn(&["to-rust", &file]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("pub static ORDER_FLOW: StateMachine = asl! {"),
        "{text}"
    );
    assert!(text.contains("start_at: Run,"), "{text}");
    assert!(text.contains("Command: $.commands,"), "{text}");
    assert!(text.contains("error_equals: [States.ALL],"), "{text}");
    assert!(text.contains("Failed: Fail {"), "{text}");
}

#[test]
fn workflow_type_for_validate_and_cfn() {
    let d = dir("workflow-type");
    let sync = write(
        &d.join("sync.json"),
        r#"{"StartAt": "Run", "States": {"Run": {"Type": "Task", "Resource": "arn:aws:states:::ecs:runTask.sync",
            "Parameters": {"TaskDefinition": "report:1"}, "End": true}}}"#,
    );
    assert_eq!(sfn(&["validate", &sync]).status.code(), Some(0));
    assert_eq!(
        sfn(&["validate", "--type", "standard", &sync])
            .status
            .code(),
        Some(0)
    );
    let out = sfn(&["validate", "--type", "express", "--format", "json", &sync]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v[0]["diagnostics"][0]["code"],
        "UNSUPPORTED_INTEGRATION_PATTERN"
    );
    assert_eq!(v[0]["diagnostics"][0]["location"], "/States/Run/Resource");
    assert_eq!(
        sfn(&["validate", "--type", "bulk", &sync]).status.code(),
        Some(2)
    );
    // `sfn cfn --type express` refuses what Express refuses, and writes an Express machine.
    assert_eq!(
        sfn(&["cfn", "--type", "express", &sync]).status.code(),
        Some(1)
    );
    let quick = write(
        &d.join("quick.json"),
        r#"{"StartAt": "N", "States": {"N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "hi"}, "End": true}}}"#,
    );
    let out = sfn(&["cfn", "--type", "express", "--format", "json", &quick]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let machine = &v["Resources"]["Quick"]["Properties"];
    assert_eq!(machine["StateMachineType"], "EXPRESS");
    assert_eq!(
        machine["LoggingConfiguration"]["Destinations"][0]["CloudWatchLogsLogGroup"]["LogGroupArn"]
            ["Fn::GetAtt"][0],
        "QuickLogs"
    );
    let policies = v["Resources"]["QuickRole"]["Properties"]["Policies"]
        .as_array()
        .unwrap();
    assert_eq!(policies.len(), 1);
    assert_eq!(
        policies[0]["PolicyDocument"]["Statement"][0]["Action"][0],
        "logs:CreateLogDelivery"
    );
    assert!(v["Resources"]["QuickRole"]["Metadata"]["sfn"]["Notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().contains("resource-level")));
    // The default stays a Standard machine, as before.
    let out = sfn(&["cfn", "--format", "json", &quick]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["Resources"]["Quick"]["Properties"]
        .get("StateMachineType")
        .is_none());
}

#[test]
fn the_caret_finds_its_column_on_a_long_line() {
    let d = dir("long-line");
    let padding = "x".repeat(400);
    let file = write(
        &d.join("long.json"),
        &format!(
            r#"{{"Comment": "{padding}", "StartAt": "A", "States": {{"A": {{"Type": "Pass", "Next": "Nowhere"}}}}}}"#
        ),
    );
    let out = sfn(&["validate", &file]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let source = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
    let caret = lines[source + 1];
    let column = caret.chars().position(|c| c == '^').unwrap();
    let under: String = lines[source].chars().skip(column).take(9).collect();
    assert_eq!(under, "\"Nowhere\"", "{text}");
    assert!(lines[source].starts_with("1 | …"), "{text}");
}

/// The pinned `sfn run` contract: one JSON object, the exit code by status, mock files.
#[test]
fn run_prints_the_execution_and_exits_by_status() {
    let d = dir("run");
    let json = |out: &Output| -> serde_json::Value {
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    };
    let pass = write(
        &d.join("pass.asl.json"),
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass",
            "Parameters": {"sum.$": "States.MathAdd($.a, 1)"}, "End": true}}}"#,
    );
    let out = sfn(&["run", "--input", r#"{"a": 41}"#, &pass]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out),
        serde_json::json!({"status": "SUCCEEDED", "output": {"sum": 42}})
    );

    let input = write(&d.join("input.json"), r#"{"a": 1}"#);
    let out = sfn(&["run", "--input-file", &input, "--history", &pass]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let types: Vec<_> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        types,
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    // Inputs and outputs are JSON text in the history, as AWS returns them.
    assert_eq!(
        v["history"][0]["executionStartedEventDetails"]["input"],
        r#"{"a":1}"#
    );

    // A Task answered by a Step Functions Local mock file, failing through its retries.
    let task = write(
        &d.join("task.asl.json"),
        r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f"},
            "Retry": [{"ErrorEquals": ["Boom"], "MaxAttempts": 1}], "End": true}}}"#,
    );
    let mocks = write(
        &d.join("mocks.json"),
        r#"{"StateMachines": {"task": {"TestCases": {
              "Fails": {"Call": "Boom"}, "Recovers": {"Call": "BoomThenOk"}}}},
            "MockedResponses": {
              "Boom": {"0-9": {"Throw": {"Error": "Boom", "Cause": "it broke"}}},
              "BoomThenOk": {"0": {"Throw": {"Error": "Boom", "Cause": "once"}},
                             "1": {"Return": {"Payload": "fine"}}}}}"#,
    );
    let out = sfn(&[
        "run",
        "--mock-config",
        &mocks,
        "--test-case",
        "Fails",
        &task,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out),
        serde_json::json!({"status": "FAILED", "error": "Boom", "cause": "it broke"})
    );
    let out = sfn(&[
        "run",
        "--mock-config",
        &mocks,
        "--test-case",
        "Recovers",
        &task,
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["output"]["Payload"], "fine");
    // An unknown test case and a Task without a mock.
    let out = sfn(&["run", "--mock-config", &mocks, "--test-case", "Nope", &task]);
    assert_eq!(out.status.code(), Some(2));
    let out = sfn(&["run", &task]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["error"], "States.Runtime");

    // Express: a Wait past five minutes times out.
    let wait = write(
        &d.join("wait.asl.json"),
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.s", "End": true}}}"#,
    );
    let out = sfn(&[
        "run",
        "--type",
        "express",
        "--input",
        r#"{"s": 400}"#,
        &wait,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["status"], "TIMED_OUT");

    // An invalid definition, bad input JSON: usage errors.
    let invalid = write(&d.join("bad.json"), INVALID);
    let out = sfn(&["run", &invalid]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("MISSING_TRANSITION_TARGET"));
    let out = sfn(&["run", "--input", "{not json", &pass]);
    assert_eq!(out.status.code(), Some(2));
}

/// `sfn run --graph FORMAT --graph-out FILE`: the diagram of the path taken goes to the file,
/// stdout keeps the pinned JSON object (without the history unless `--history` asks).
#[test]
fn run_draws_the_path_it_took() {
    let d = dir("run-graph");
    let def = write(
        &d.join("flow.asl.json"),
        r#"{"StartAt": "Charge", "States": {
            "Charge": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {"FunctionName": "f"}, "Next": "Done",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Refuse"}]},
            "Done": {"Type": "Succeed"},
            "Refuse": {"Type": "Fail", "Error": "Refused"}}}"#,
    );
    let mocks = write(
        &d.join("mocks.json"),
        r#"{"StateMachines": {"flow": {"TestCases": {"declined": {"Charge": "Declined"}}}},
            "MockedResponses": {"Declined": {"0": {"Throw": {"Error": "Declined", "Cause": "no"}}}}}"#,
    );
    let out_file = d.join("flow.mmd");
    let out_path = out_file.to_str().unwrap();
    let out = sfn(&[
        "run",
        "--mock-config",
        &mocks,
        "--test-case",
        "declined",
        "--graph",
        "mermaid",
        "--graph-out",
        out_path,
        &def,
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"status": "FAILED", "error": "Refused", "cause": null})
    );
    let text = std::fs::read_to_string(&out_file).unwrap();
    assert!(text.starts_with("flowchart TD\n"), "{text}");
    // Charge (s0) visited, Done (s1) not, Refuse (s2) failed; start --> s0 (0), the catch
    // s0 -.-> s2 (4) taken.
    assert!(text.contains("    class s0 visited\n"), "{text}");
    assert!(text.contains("    class s2 failed\n"), "{text}");
    assert!(text.contains("    class s1 unvisited\n"), "{text}");
    assert!(text.contains("    linkStyle 0,4 stroke:#2e7d32"), "{text}");

    let dot_file = d.join("flow.dot");
    let out = sfn(&[
        "run",
        "--graph",
        "dot",
        "--graph-out",
        dot_file.to_str().unwrap(),
        &def,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(std::fs::read_to_string(&dot_file)
        .unwrap()
        .contains("digraph state_machine {"));

    // The two options go together.
    let out = sfn(&["run", "--graph", "mermaid", &def]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let out = sfn(&["run", "--graph-out", out_path, &def]);
    assert_eq!(out.status.code(), Some(2));
}

/// `sfn test-state --cli-input-json FILE|JSON`: AWS's request in, AWS's response out.
#[test]
fn test_state_answers_as_aws_does() {
    let d = dir("test-state");
    let request = serde_json::json!({
        "definition": r#"{"Type": "Pass", "Parameters": {"x.$": "$.a"}, "Next": "B"}"#,
        "input": r#"{"a": 1}"#,
        "inspectionLevel": "DEBUG"
    })
    .to_string();
    for arg in [request.clone(), write(&d.join("req.json"), &request)] {
        let out = sfn(&["test-state", "--cli-input-json", &arg]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["status"], "SUCCEEDED");
        assert_eq!(v["output"], r#"{"x":1}"#);
        assert_eq!(v["nextState"], "B");
        assert_eq!(v["inspectionData"]["afterParameters"], r#"{"x":1}"#);
    }
    // A Task without a mock, and a request that is not one: refused.
    let task = serde_json::json!({"definition": r#"{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}"#}).to_string();
    assert_eq!(
        sfn(&["test-state", "--cli-input-json", &task])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        sfn(&["test-state", "--cli-input-json", "{}"]).status.code(),
        Some(2)
    );
}

/// The pinned `sfn jsonata` contract: text and JSON formats, undefined, errors and exit codes.
#[test]
fn jsonata_evaluates_as_step_functions_does() {
    let out = sfn(&[
        "jsonata",
        "--input",
        r#"{"items": [{"price": 10}, {"price": 30}]}"#,
        "--bindings",
        r#"{"rate": 0.5}"#,
        "$sum(items.price) * $rate",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "20");
    let json = |args: &[&str]| -> (Option<i32>, serde_json::Value) {
        let out = sfn(args);
        (
            out.status.code(),
            serde_json::from_slice(&out.stdout).unwrap(),
        )
    };
    assert_eq!(
        json(&["jsonata", "--format", "json", "nothing"]),
        (Some(0), serde_json::json!({"undefined": true}))
    );
    assert_eq!(
        json(&["jsonata", "--format", "json", "$partition([1, 2, 3], 2)"]),
        (Some(0), serde_json::json!({"result": [[1, 2], [3]]}))
    );
    let (code, v) = json(&["jsonata", "--format", "json", "'a' + 1"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["code"], "T2001");
    // `$eval` is not in Step Functions' JSONata.
    let (code, v) = json(&["jsonata", "--format", "json", "$eval('1')"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["error"]["code"], "T1006");
    assert_eq!(
        sfn(&["jsonata", "--input", "{not json", "1"]).status.code(),
        Some(2)
    );
}

/// A Choice with two rules and a Default after a Task with a retrier and a catcher.
const ORDER: &str = r#"{
  "StartAt": "Run Task",
  "States": {
    "Run Task": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {"FunctionName": "charge", "Payload.$": "$"},
      "ResultSelector": {"total.$": "$.Payload.total"}, "ResultPath": "$.charge",
      "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 2}],
      "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Notify Failure"}],
      "Next": "Choose"
    },
    "Choose": {
      "Type": "Choice",
      "Choices": [
        {"Variable": "$.charge.total", "NumericGreaterThan": 100, "Next": "Review"},
        {"Variable": "$.charge.total", "NumericLessThan": 0, "Next": "Ship"}
      ],
      "Default": "Ship"
    },
    "Review": {"Type": "Pass", "Next": "Ship"},
    "Ship": {"Type": "Succeed"},
    "Notify Failure": {"Type": "Fail", "Error": "OrderFailed"}
  }
}"#;

const ORDER_MOCKS: &str = r#"{
  "StateMachines": {"order": {"TestCases": {"Small": {"Run Task": "Small"}, "Big": {"Run Task": "Big"}}}},
  "MockedResponses": {
    "Small": {"0": {"Return": {"Payload": {"total": 5}}}},
    "Big": {"0": {"Return": {"Payload": {"total": 500}}}}
  }
}"#;

fn sfn_with_coverage(args: &[&str], records: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sfn"))
        .args(args)
        .env("SFN_COVERAGE", records)
        .output()
        .expect("run sfn")
}

#[test]
fn coverage_sums_the_runs_that_recorded_it() {
    let d = dir("coverage");
    let def = write(&d.join("order.asl.json"), ORDER);
    let mocks = write(&d.join("mocks.json"), ORDER_MOCKS);
    let records = d.join("records");
    for case in ["Small", "Big"] {
        let out = sfn_with_coverage(
            &["run", &def, "--mock-config", &mocks, "--test-case", case],
            &records,
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
    }
    // One file per process.
    assert_eq!(std::fs::read_dir(&records).unwrap().count(), 2);

    // The directory from SFN_COVERAGE.
    let out = sfn_with_coverage(&["coverage"], &records);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("order ["), "{text}");
    assert!(text.contains("]: 2 executions, 62.5% covered"), "{text}");
    assert!(text.contains("  states          4/5    80.0%"), "{text}");
    assert!(text.contains("  choice rules    2/3    66.7%"), "{text}");
    assert!(text.contains("    state      Notify Failure\n"), "{text}");
    assert!(
        text.contains("    choice     Choose rule 2 (-> Ship)\n"),
        "{text}"
    );
    assert!(
        text.contains("    retrier    Run Task Retry[0] (States.Timeout)\n"),
        "{text}"
    );
    assert!(
        text.contains("    catcher    Run Task Catch[0] -> Notify Failure\n"),
        "{text}"
    );
    assert!(
        text.contains("    transition Choose -> Ship (rule 2)\n"),
        "{text}"
    );
    assert!(!text.contains("Choose Default"), "{text}");

    let dir_arg = records.to_string_lossy().into_owned();
    let out = sfn(&["coverage", "--dir", &dir_arg, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let m = &v["machines"][0];
    assert_eq!(m["name"], "order");
    assert_eq!(m["executions"], 2);
    assert_eq!(
        m["totals"]["catchers"],
        serde_json::json!({"covered": 0, "total": 1})
    );
    let review = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "Choose rule 1 (-> Review)")
        .unwrap();
    assert_eq!(review["kind"], "choice_rule");
    assert_eq!(review["index"], 0);
    assert_eq!(review["executions"], 1);

    // The diagram: covered states green, the Fail state grey, the unused catcher grey.
    let graph_out = d.join("coverage.dot");
    let out = sfn(&[
        "coverage",
        "--dir",
        &dir_arg,
        "--graph",
        "dot",
        "--graph-out",
        &graph_out.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let dot = std::fs::read_to_string(&graph_out).unwrap();
    assert!(
        dot.contains(r##"s0 [label="Run Task\n(Task)", style="rounded,filled""##),
        "{dot}"
    );
    assert!(
        dot.contains(r##"s4 [label="Notify Failure\n(Fail)", color="#bdbdbd""##),
        "{dot}"
    );
    assert!(
        dot.contains(r##"s0 -> s4 [label="catch States.ALL", style=dashed, color="#bdbdbd""##),
        "{dot}"
    );
    let svg_out = d.join("coverage.svg");
    let out = sfn(&[
        "coverage",
        "--dir",
        &dir_arg,
        "--graph",
        "svg",
        "--graph-out",
        &svg_out.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    roxmltree::Document::parse(&std::fs::read_to_string(&svg_out).unwrap()).unwrap();

    // Under the bar: exit 1, and why.
    let out = sfn(&["coverage", "--dir", &dir_arg, "--fail-under", "90"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("62.5% covered, under 90%"));
    let out = sfn(&["coverage", "--dir", &dir_arg, "--fail-under", "60"]);
    assert_eq!(out.status.code(), Some(0));

    // Choosing a machine by name, and a name no machine has.
    let out = sfn(&["coverage", "--dir", &dir_arg, "--machine", "order"]);
    assert_eq!(out.status.code(), Some(0));
    let out = sfn(&["coverage", "--dir", &dir_arg, "--machine", "other"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn coverage_of_missing_empty_or_corrupt_records_is_a_clear_error() {
    let d = dir("coverage-bad");
    let missing = d.join("none").to_string_lossy().into_owned();
    let out = sfn(&["coverage", "--dir", &missing]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no such directory"), "{err}");
    assert!(err.contains("SFN_COVERAGE="), "{err}");

    let empty = d.join("nested").to_string_lossy().into_owned();
    let out = sfn(&["coverage", "--dir", &empty]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no coverage records"));

    write(
        &d.join("nested/abc-1.jsonl"),
        "{\"states\": {\"A\": [\"next\"]}}\n",
    );
    let out = sfn(&["coverage", "--dir", &empty]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("abc-1.jsonl:1: a record before the header"),
        "{err}"
    );

    write(&d.join("nested/abc-1.jsonl"), "\u{0}garbage");
    let out = sfn(&["coverage", "--dir", &empty]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("abc-1.jsonl:1: not a coverage record"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn run_checks_mocks_against_their_integration() {
    let d = dir("field-validation");
    let task = write(
        &d.join("start.asl.json"),
        r#"{"StartAt": "Start", "States": {"Start": {"Type": "Task",
            "Resource": "arn:aws:states:::states:startExecution",
            "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child"},
            "End": true}}}"#,
    );
    let mocks = write(
        &d.join("mocks.json"),
        r#"{"StateMachines": {"start": {"TestCases": {"Empty": {"Start": "Empty"}}}},
            "MockedResponses": {"Empty": {"0": {"Return": {}}}}}"#,
    );
    let run = |mode: Option<&str>| {
        let mut args = vec!["run", "--mock-config", mocks.as_str()];
        if let Some(mode) = mode {
            args.extend(["--field-validation", mode]);
        }
        args.push(task.as_str());
        sfn(&args)
    };
    // STRICT by default: the required members are missing. stdout keeps its JSON.
    let out = run(None);
    assert_eq!(out.status.code(), Some(0));
    let stdout: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        stdout,
        serde_json::json!({"status": "SUCCEEDED", "output": {}})
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: Task state 'Start': the mocked result does not fit the result of arn:aws:states:::states:startExecution (STRICT): ExecutionArn: missing (required)"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&run(Some("strict")).stderr), stderr);
    for quiet in ["present", "none"] {
        let out = run(Some(quiet));
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{quiet}");
    }
    let out = run(Some("loose"));
    assert_eq!(out.status.code(), Some(2));
}
