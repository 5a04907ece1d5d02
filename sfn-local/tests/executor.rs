//! What the executor does, construct by construct, as AWS Step Functions does it.

use serde_json::{json, Value};
use sfn_local::{format_timestamp, Failure, Machine, Mock, Mocks, Status};

fn machine(def: Value) -> Machine {
    Machine::from_json(&def.to_string()).unwrap_or_else(|d| panic!("invalid: {d:?}"))
}

fn one_task(extra: Value) -> Value {
    let mut task = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "f", "Payload.$": "$"}, "End": true});
    for (k, v) in extra.as_object().unwrap() {
        task[k] = v.clone();
    }
    json!({"StartAt": "Work", "States": {"Work": task}})
}

/// The timestamps, in seconds from the start, of the events of type `kind`.
fn times_of(run: &sfn_local::Execution, kind: &str) -> Vec<i64> {
    let start = run.history[0].timestamp;
    run.history
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| (e.timestamp - start) / 1000)
        .collect()
}

#[test]
fn input_result_and_output_paths() {
    let m = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "InputPath": "$.order", "Parameters": {"id.$": "$.id", "fixed": 1},
              "ResultPath": "$.built", "Next": "B"},
        "B": {"Type": "Pass", "Result": {"x.$": "$.not.evaluated"}, "ResultPath": null, "Next": "C"},
        "C": {"Type": "Pass", "InputPath": null, "Result": 5, "ResultPath": "$.five", "OutputPath": "$.five", "End": true}
    }}));
    let run = m.run(json!({"order": {"id": 7}}), Mocks::new());
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!(5)));
    let a_out = &run.history[2].details.as_ref().unwrap().1["output"];
    assert_eq!(
        serde_json::from_str::<Value>(a_out.as_str().unwrap()).unwrap(),
        json!({"order": {"id": 7}, "built": {"id": 7, "fixed": 1}})
    );
}

#[test]
fn a_missing_path_fails_with_aws_wording() {
    let m = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Parameters": {"id.$": "$.missing"}, "End": true}}}));
    let run = m.run(json!({"x": 1}), Mocks::new());
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        run.cause.as_deref(),
        Some("An error occurred while executing the state 'A' (entered at the event id #2). The JSONPath '$.missing' specified for the field 'id.$' could not be found in the input '{\"x\":1}'")
    );
}

#[test]
fn retry_backs_off_on_the_virtual_clock() {
    let m = machine(one_task(
        json!({"Retry": [{"ErrorEquals": ["Lambda.TooManyRequestsException"],
        "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 3}]}),
    ));
    let mock = Mock::sequence([
        Err(Failure::new("Lambda.TooManyRequestsException", "slow down")),
        Err(Failure::new("Lambda.TooManyRequestsException", "slow down")),
        Ok(json!({"Payload": "done"})),
    ]);
    let run = m.runner().mock("Work", mock).run();
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!({"Payload": "done"})));
    // 2 s, then 2 * 3 = 6 s more.
    assert_eq!(times_of(&run, "TaskScheduled"), [0, 2, 8]);
}

#[test]
fn max_attempts_zero_never_retries_and_max_delay_caps() {
    let m = machine(one_task(json!({"Retry": [
        {"ErrorEquals": ["A"], "MaxAttempts": 0},
        {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 10, "MaxAttempts": 3, "MaxDelaySeconds": 50}
    ]})));
    let run = m.runner().mock("Work", Mock::throws("A", "no")).run();
    assert_eq!(run.status, Status::Failed);
    assert_eq!(times_of(&run, "TaskScheduled"), [0]);
    let run = m.runner().mock("Work", Mock::throws("B", "no")).run();
    assert_eq!(times_of(&run, "TaskScheduled"), [0, 10, 60, 110]);
    assert_eq!(run.error.as_deref(), Some("B"));
}

#[test]
fn full_jitter_is_seeded() {
    let m = machine(one_task(json!({"Retry": [{"ErrorEquals": ["States.ALL"],
        "IntervalSeconds": 100, "MaxAttempts": 2, "JitterStrategy": "FULL"}]})));
    let run = |seed| {
        m.runner()
            .seed(seed)
            .mock("Work", Mock::throws("X", "x"))
            .run()
    };
    let (a, b) = (run(1), run(1));
    assert_eq!(times_of(&a, "TaskScheduled"), times_of(&b, "TaskScheduled"));
    let t = times_of(&a, "TaskScheduled");
    assert!(t[1] <= 100 && t[2] - t[1] <= 200, "{t:?}");
}

#[test]
fn catch_puts_the_error_output_at_its_result_path() {
    let m = machine(json!({"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                 "Parameters": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "hi"},
                 "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Handle"}],
                 "End": true},
        "Handle": {"Type": "Pass", "End": true}}}));
    let run = m
        .runner()
        .input(json!({"a": 1}))
        .mock("Work", Mock::throws("SNS.NotFoundException", "gone"))
        .run();
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"a": 1, "error": {"Error": "SNS.NotFoundException", "Cause": "gone"}}))
    );
    assert_eq!(run.states_visited(), ["Work", "Handle"]);
}

#[test]
fn runtime_errors_and_timeouts_escape_the_wildcards() {
    let def = one_task(json!({"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "H"}]}));
    let mut def = def;
    def["States"]["H"] = json!({"Type": "Succeed"});
    def["States"]["Work"]["Parameters"]["Payload.$"] = json!("$.missing");
    let run = machine(def).run(json!({}), Mocks::new().on("Work", Mock::returns(json!(1))));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));

    let mut def = one_task(json!({"Catch": [{"ErrorEquals": ["States.TaskFailed"], "Next": "H"}]}));
    def["States"]["H"] = json!({"Type": "Succeed"});
    let run = machine(def).run(
        json!({}),
        Mocks::new().on("Work", Mock::throws("States.Timeout", "late")),
    );
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert!(run.history.iter().any(|e| e.kind == "TaskTimedOut"));
}

#[test]
fn a_task_without_a_mock_names_the_state() {
    let run = machine(one_task(json!({}))).run(json!({}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run.cause.unwrap().contains("'Work'"));
}

#[test]
fn wait_costs_no_real_time_and_the_machine_timeout_ends_the_run() {
    let m = machine(json!({"StartAt": "W", "TimeoutSeconds": 3600, "States": {
        "W": {"Type": "Wait", "SecondsPath": "$.s", "Next": "Done"}, "Done": {"Type": "Succeed"}}}));
    let run = m.run(json!({"s": 1800}), Mocks::new());
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(times_of(&run, "WaitStateExited"), [1800]);
    let run = m.run(json!({"s": 86400}), Mocks::new());
    assert_eq!(run.status, Status::TimedOut);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert_eq!(run.history.last().unwrap().kind, "ExecutionTimedOut");
}

#[test]
fn wait_until_a_timestamp() {
    let m = machine(json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "TimestampPath": "$.at", "End": true}}}));
    let run = m
        .runner()
        .input(json!({"at": "2026-01-02T00:00:00Z"}))
        .run();
    assert_eq!(
        format_timestamp(run.history.last().unwrap().timestamp),
        "2026-01-02T00:00:00.000Z"
    );
    let run = m.runner().input(json!({"at": "tomorrow"})).run();
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn express_runs_end_after_five_minutes() {
    let def = json!({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 200, "Next": "X"},
        "X": {"Type": "Wait", "Seconds": 200, "End": true}}});
    let standard = machine(def.clone()).run(json!({}), Mocks::new());
    assert_eq!(standard.status, Status::Succeeded);
    let express = machine(def)
        .with_workflow_type(sfn_core::asl::WorkflowType::Express)
        .run(json!({}), Mocks::new());
    assert_eq!(express.status, Status::TimedOut);
}

#[test]
fn a_runaway_loop_ends_at_the_history_limit() {
    let m = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.loop", "IsPresent": true, "Next": "A"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}}));
    let run = m.run(json!({"loop": true}), Mocks::new());
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run.history.len() <= 25_000);
}

#[test]
fn a_task_loop_ends_at_the_history_limit_with_the_last_event_written() {
    // A Task writes five events per visit: the quota falls in the middle of one.
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Parameters": {"FunctionName": "f"}, "ResultPath": null, "Next": "T",
              "Catch": [{"ErrorEquals": ["Never"], "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}}));
    let run = m
        .runner()
        .mock("T", Mock::returns(json!({"Payload": 1})))
        .run();
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert_eq!(run.history.len(), 25_000);
    assert_eq!(run.history.last().unwrap().kind, "ExecutionFailed");
}

#[test]
fn a_payload_nested_ever_deeper_fails_the_state_instead_of_the_process() {
    // Each visit wraps the state's input in one more object.
    let m = machine(json!({"StartAt": "Wrap", "States": {
        "Wrap": {"Type": "Pass", "Parameters": {"inner.$": "$"}, "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.never", "IsPresent": true, "Next": "Done"}],
                  "Default": "Wrap"},
        "Done": {"Type": "Succeed"}}}));
    let run = m.run(json!({}), Mocks::new());
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
}

#[test]
fn a_slow_task_times_out_and_heartbeats_keep_it_alive() {
    use std::time::Duration;
    // TimeoutSeconds: the task fails when the time is up, without a cause, as AWS reports it.
    let m = machine(one_task(json!({"TimeoutSeconds": 60})));
    let slow = || Mock::returns(json!({"Payload": 1})).taking(Duration::from_secs(90));
    let run = m.runner().mock("Work", slow()).run();
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert_eq!(run.cause, None);
    let kinds: Vec<_> = run.history.iter().map(|e| e.kind).collect();
    assert!(kinds.contains(&"TaskTimedOut"), "{kinds:?}");
    assert_eq!(times_of(&run, "TaskTimedOut"), [60]);
    // Fast enough: the answer comes after its time on the virtual clock.
    let quick = Mock::returns(json!({"Payload": 1})).taking(Duration::from_secs(30));
    let run = m.runner().mock("Work", quick).run();
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(times_of(&run, "TaskSucceeded"), [30]);
    // HeartbeatSeconds without heartbeats: States.HeartbeatTimeout at the first missed beat.
    let m = machine(one_task(
        json!({"TimeoutSeconds": 600, "HeartbeatSeconds": 20}),
    ));
    let run = m.runner().mock("Work", slow()).run();
    assert_eq!(run.error.as_deref(), Some("States.HeartbeatTimeout"));
    assert_eq!(times_of(&run, "TaskTimedOut"), [20]);
    // Heartbeats every 10 seconds keep it alive.
    let beating = slow().heartbeat_every(Duration::from_secs(10));
    let run = m.runner().mock("Work", beating).run();
    assert_eq!(run.status, Status::Succeeded);
    // The Path forms read the input; a Catch gets the error without a cause.
    let m = machine(json!({"StartAt": "Work", "States": {
        "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                 "Parameters": {"FunctionName": "f"}, "TimeoutSecondsPath": "$.limit",
                 "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}], "End": true},
        "Late": {"Type": "Pass", "End": true}}}));
    let run = m
        .runner()
        .input(json!({"limit": 5}))
        .mock("Work", slow())
        .run();
    assert_eq!(run.output, Some(json!({"Error": "States.Timeout"})));
    // The machine's own limit still ends a slow task's execution.
    let mut def = one_task(json!({}));
    def["TimeoutSeconds"] = json!(45);
    let run = machine(def).runner().mock("Work", slow()).run();
    assert_eq!(run.status, Status::TimedOut);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
}

#[test]
fn an_express_run_has_express_arns_and_log_records() {
    let m = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"id.$": "$$.Execution.Id"}, "End": true}}}))
    .with_workflow_type(sfn_local::WorkflowType::Express)
    .with_name("Orders");
    let run = m.runner().name("run-1").run();
    let id = run.output.as_ref().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        id.starts_with("arn:aws:states:us-east-1:123456789012:express:Orders:run-1:"),
        "{id}"
    );
    assert_eq!(id, run.execution_arn);
    let logs = run.to_json(true)["history"].clone();
    let first = &logs[0];
    assert_eq!(first["type"], "ExecutionStarted");
    assert_eq!(first["id"], "1");
    assert_eq!(first["previous_event_id"], "0");
    assert_eq!(first["event_timestamp"], "1767225600000");
    assert_eq!(first["execution_arn"], id.as_str());
    assert_eq!(first["details"]["input"], "{}");
    assert_eq!(
        logs.as_array().unwrap().last().unwrap()["type"],
        "ExecutionSucceeded"
    );
    // A Standard run keeps GetExecutionHistory's shape.
    let standard = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}))
        .run(json!({}), Mocks::new());
    assert_eq!(standard.to_json(true)["history"][0]["previousEventId"], 0);
}

#[test]
fn choice_rules_and_no_match() {
    let m = machine(json!({"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.n", "NumericGreaterThan": 10}], "Next": "Big"},
            {"Variable": "$.name", "StringMatches": "log-*.txt", "Next": "Log"},
            {"Not": {"Variable": "$.t", "TimestampLessThan": "2020-01-01T00:00:00Z"}, "Next": "Late"}]},
        "Big": {"Type": "Succeed"}, "Log": {"Type": "Succeed"}, "Late": {"Type": "Succeed"}}}));
    let path = |input: Value| m.run(input, Mocks::new()).states_visited().join(",");
    assert_eq!(path(json!({"n": 11})), "C,Big");
    assert_eq!(path(json!({"n": "11", "name": "log-1.txt"})), "C,Log");
    assert_eq!(
        path(json!({"n": 1, "name": "a", "t": "2021-06-01T00:00:00Z"})),
        "C,Late"
    );
    let run = m.run(
        json!({"n": 1, "name": "a", "t": "2019-06-01T00:00:00Z"}),
        Mocks::new(),
    );
    assert_eq!(run.error.as_deref(), Some("States.NoChoiceMatched"));
    // A rule whose variable is missing fails the state, as in AWS.
    let run = m.run(json!({"n": 1}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn map_items_selector_and_context() {
    let m = machine(
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
        "ItemSelector": {"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "k.$": "$.k"},
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "ResultPath": "$.out", "End": true}}}),
    );
    let run = m.run(json!({"items": ["a", "b"], "k": 1}), Mocks::new());
    assert_eq!(
        run.output.unwrap()["out"],
        json!([{"i": 0, "v": "a", "k": 1}, {"i": 1, "v": "b", "k": 1}])
    );
}

#[test]
fn a_failed_branch_fails_the_parallel_with_its_own_error() {
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "Broken", "Cause": "b"}}}]}}}),
    );
    let run = m.run(json!({}), Mocks::new());
    assert_eq!(
        (run.error.as_deref(), run.cause.as_deref()),
        (Some("Broken"), Some("b"))
    );
    assert!(run.history.iter().any(|e| e.kind == "ParallelStateFailed"));
}

#[test]
fn parallel_outputs_come_in_branch_order() {
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
        {"StartAt": "B", "States": {"B": {"Type": "Wait", "Seconds": 5, "Next": "C"}, "C": {"Type": "Pass", "Result": "b", "End": true}}}]}}}),
    );
    assert_eq!(
        m.run(json!({}), Mocks::new()).output,
        Some(json!(["a", "b"]))
    );
}

#[test]
fn variables_assign_after_output_path_and_stay_in_their_scope() {
    let m = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Result": {"r": 2}, "Assign": {"x.$": "$.r"}, "OutputPath": "$x", "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "I", "States": {
            "I": {"Type": "Pass", "Assign": {"inner": 5}, "Parameters": {"seen.$": "$x"}, "End": true}}},
            "ResultPath": "$.mapped", "Next": "Z"},
        "Z": {"Type": "Pass", "Parameters": {"x.$": "$x", "mapped.$": "$.mapped"}, "End": true}}}));
    // B's OutputPath reads x before B's own Assign: 1.
    let run = m.run(json!({}), Mocks::new());
    assert_eq!(run.status, Status::Failed, "{:?}", run.output);
    let m2 = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Result": {"items": [1, 2]}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "I", "States": {
            "I": {"Type": "Pass", "Parameters": {"seen.$": "$x"}, "End": true}}},
            "ResultPath": "$.mapped", "Next": "Z"},
        "Z": {"Type": "Pass", "Parameters": {"x.$": "$x", "mapped.$": "$.mapped"}, "End": true}}}));
    let run = m2.run(json!({}), Mocks::new());
    assert_eq!(
        run.output,
        Some(json!({"x": 1, "mapped": [{"seen": 1}, {"seen": 1}]}))
    );
}

#[test]
fn wait_for_task_token_hands_the_token_to_the_mock() {
    let m = machine(json!({"StartAt": "Ask", "States": {"Ask": {"Type": "Task",
        "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
        "Parameters": {"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                       "MessageBody": {"token.$": "$$.Task.Token"}},
        "End": true}}}));
    let mock = Mock::from_fn(|call| {
        let token = call.parameters["MessageBody"]["token"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(Some(token.clone()), call.task_token);
        Ok(json!({"approved": true, "token_len": token.len()}))
    });
    let run = m.runner().mock("Ask", mock).run();
    assert_eq!(run.output, Some(json!({"approved": true, "token_len": 32})));
}

#[test]
fn the_same_seed_gives_the_same_history() {
    let m = machine(one_task(
        json!({"Parameters": {"FunctionName": "f", "Payload": {"name.$": "$$.Execution.Name"}}}),
    ));
    let h = |seed| {
        let run = m
            .runner()
            .seed(seed)
            .mock("Work", Mock::returns(json!(1)))
            .run();
        serde_json::to_string(&run.to_json(true)).unwrap()
    };
    assert_eq!(h(9), h(9));
    assert_ne!(h(9), h(10), "the execution name comes from the seed");
}

#[test]
fn outputs_over_256_kib_fail() {
    let m = machine(json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}));
    let big = "x".repeat(300_000);
    let run = m.run(json!({"big": big}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
}

#[test]
fn step_functions_local_mock_files() {
    let config = r#"{
      "StateMachines": {"Orders": {"TestCases": {"Retry": {"Work": "FlakyThenOk"}}}},
      "MockedResponses": {"FlakyThenOk": {
        "0": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "down"}},
        "1-2": {"Return": {"Payload": "ok"}}}}
    }"#;
    let mocks = sfn_local::from_mock_config(config, Some("Orders"), Some("Retry")).unwrap();
    let m = machine(one_task(
        json!({"Retry": [{"ErrorEquals": ["States.ALL"]}]}),
    ));
    let run = m.run(json!({}), mocks);
    assert_eq!(run.output, Some(json!({"Payload": "ok"})));
    let err = sfn_local::from_mock_config(config, Some("Other"), None).unwrap_err();
    assert!(
        err.to_string().contains("no state machine `Other`"),
        "{err}"
    );
    assert!(sfn_local::from_mock_config("{", None, None).is_err());
}

#[test]
fn legacy_lambda_arns_write_lambda_events() {
    let m = machine(json!({"StartAt": "F", "States": {"F": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}}}));
    let run = m
        .runner()
        .mock("F", Mock::returns(json!({"ok": true})))
        .run();
    assert_eq!(run.output, Some(json!({"ok": true})));
    let kinds: Vec<&str> = run.history.iter().map(|e| e.kind).collect();
    assert!(
        kinds.contains(&"LambdaFunctionScheduled") && kinds.contains(&"LambdaFunctionSucceeded"),
        "{kinds:?}"
    );
}

#[test]
fn a_run_without_its_history_gives_the_same_result() {
    let m = machine(one_task(
        json!({"Retry": [{"ErrorEquals": ["States.ALL"]}]}),
    ));
    let run = |keep| {
        m.runner()
            .input(json!({"x": 1}))
            .mock(
                "Work",
                Mock::sequence([
                    Err(sfn_local::Failure::new("Boom", "b")),
                    Ok(json!({"Payload": 2})),
                ]),
            )
            .history(keep)
            .run()
    };
    let (with, without) = (run(true), run(false));
    assert_eq!(with.output, without.output);
    assert_eq!(with.status, without.status);
    assert!(!with.history.is_empty());
    assert!(without.history.is_empty());
    // The quota still counts the events that are not kept.
    let looping = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "Again"},
        "Again": {"Type": "Choice", "Choices": [{"Variable": "$.loop", "IsPresent": true, "Next": "A"}],
                  "Default": "Done"},
        "Done": {"Type": "Succeed"}}}));
    let run = looping
        .runner()
        .input(json!({"loop": true}))
        .history(false)
        .run();
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

/// The trace of a failed run marks the innermost state that failed (the Task in its branch,
/// not the Parallel around it), and a caught error's path runs through the catcher's target.
#[test]
fn a_failing_execution_traces_its_failing_state() {
    let task = |next: Value| {
        let mut t = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "f", "Payload.$": "$"}});
        for (k, v) in next.as_object().unwrap() {
            t[k] = v.clone();
        }
        t
    };
    let m = machine(json!({"StartAt": "Try", "States": {
        "Try": task(json!({"Next": "Fan",
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Fan"}]})),
        "Fan": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "Charge", "States": {"Charge": task(json!({"End": true}))}},
            {"StartAt": "Ship", "States": {"Ship": {"Type": "Pass", "End": true}}}]}}}));
    let mocks = Mocks::new()
        .on("Try", Mock::throws("Boom", "try"))
        .on("Charge", Mock::throws("Declined", "no funds"));
    let run = m.run(json!({}), mocks);
    assert_eq!(run.status, Status::Failed);
    let trace = run.trace();
    assert_eq!(trace.visited[..3], ["Try", "Fan", "Charge"]);
    assert_eq!(trace.failed.as_deref(), Some("Charge"));
    let text = run.mermaid(&m);
    // Try s0, Fan s1, Charge s2, Ship s3: Charge is the failing state.
    assert!(text.contains("class s2 failed"), "{text}");
    assert!(text.contains("subgraph s1[\"Fan (Parallel)\"]"));

    // A run that succeeds has no failing state; one without a history has an empty trace.
    let ok = m.run(json!({}), Mocks::new().otherwise(Mock::returns(json!({}))));
    assert_eq!(ok.status, Status::Succeeded);
    assert_eq!(ok.trace().failed, None);
    let quiet = m
        .runner()
        .mocks(Mocks::new().on("Charge", Mock::throws("Declined", "")))
        .history(false)
        .run();
    assert_eq!(quiet.trace(), sfn_core::graph::Trace::default());
}

/// A `.waitForTaskToken` Task of an SQS message, with or without the token in it.
fn approval(with_token: bool) -> Machine {
    let body = if with_token {
        r#"{"TaskToken.$": "$$.Task.Token", "Order.$": "$.order"}"#
    } else {
        r#"{"Order.$": "$.order"}"#
    };
    Machine::new(&format!(
        r#"{{"StartAt": "Approve", "States": {{"Approve": {{"Type": "Task",
          "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          "Parameters": {{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q",
                          "MessageBody": {body}}},
          "HeartbeatSeconds": 600, "End": true}}}}}}"#
    ))
    .unwrap()
}

#[test]
fn callbacks_answer_wait_for_task_token_tasks() {
    use sfn_local::Callback;

    let m = approval(true);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let seen_by_worker = std::sync::Arc::clone(&seen);
    let worker = Mock::callback(move |call, token| {
        *seen_by_worker.lock().unwrap() = Some(token.to_string());
        assert_eq!(call.parameters["MessageBody"]["Order"], 7);
        Callback::success(json!({"approved": true}))
    });
    let run = m
        .runner()
        .input(json!({"order": 7}))
        .mock("Approve", worker)
        .run();
    assert_eq!(run.output, Some(json!({"approved": true})), "{run}");
    assert!(seen.lock().unwrap().is_some());

    let refuse = Mock::callback(|_, _| Callback::failure("Approval.Refused", "over budget"));
    let run = m
        .runner()
        .input(json!({"order": 7}))
        .mock("Approve", refuse)
        .run();
    assert_eq!(run.error.as_deref(), Some("Approval.Refused"));
    assert_eq!(run.cause.as_deref(), Some("over budget"));

    // A worker that heartbeats but never calls back: the Task waits until the execution's
    // one-year limit, on the virtual clock.
    let silent =
        Mock::callback(|_, _| Callback::Never).heartbeat_every(std::time::Duration::from_secs(60));
    let run = m
        .runner()
        .input(json!({"order": 7}))
        .mock("Approve", silent)
        .run();
    assert_eq!(run.status, Status::TimedOut, "{run}");
}

#[test]
fn a_worker_without_the_token_cannot_call_back() {
    use sfn_local::Callback;

    // The message does not carry the token: whatever the worker would do, it cannot call
    // back, and the heartbeat timeout ends the Task.
    let m = approval(false);
    let worker = Mock::callback(|_, _| Callback::success(json!("never seen")));
    let run = m
        .runner()
        .input(json!({"order": 7}))
        .mock("Approve", worker)
        .run();
    assert_eq!(
        run.error.as_deref(),
        Some("States.HeartbeatTimeout"),
        "{run}"
    );
}

#[test]
fn a_callback_mock_on_a_task_without_a_token_fails_clearly() {
    use sfn_local::Callback;

    let m = Machine::new(
        r#"{"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": true}}}"#,
    )
    .unwrap();
    let run = m
        .runner()
        .mock("T", Mock::callback(|_, _| Callback::success(json!(1))))
        .run();
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(
        run.cause
            .as_deref()
            .unwrap()
            .contains("not a .waitForTaskToken"),
        "{run}"
    );
}

#[test]
fn a_standard_execution_times_out_after_a_year() {
    // "Step Functions service quotas": a Standard execution runs at most a year.
    let m = Machine::new(
        r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 40000000, "End": true}}}"#,
    )
    .unwrap();
    let run = m.run(json!({}), Mocks::new());
    assert_eq!(run.status, Status::TimedOut);
    let end = run.history.last().unwrap();
    assert_eq!(end.kind, "ExecutionTimedOut");
}

#[test]
fn steps_give_each_states_input_and_output_nested_ones_too() {
    let m = Machine::new(
        r#"{"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "L", "States": {"L": {"Type": "Pass", "Result": "left", "End": true}}},
            {"StartAt": "R", "States": {"R": {"Type": "Pass", "Result": "right", "End": true}}}]}}}"#,
    )
    .unwrap();
    let run = m.run(json!({"x": 1}), Mocks::new());
    let steps = run.steps();
    let names: Vec<&str> = steps.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Both", "L", "R"]);
    assert_eq!(steps[1].input, json!({"x": 1}));
    assert_eq!(steps[1].output, Some(json!("left")));
    assert_eq!(steps[0].output, Some(json!(["left", "right"])));
    // Without the history there is nothing to read them from.
    assert!(m.runner().history(false).run().steps().is_empty());
}
