//! The Distributed Map as AWS runs it: items read through the Map state's mock, batches,
//! ResultWriter, tolerated failures and the Map Run in the history.

use serde_json::{json, Value};
use sfn_local::{Failure, Machine, Mock, Mocks, Status, TaskCall};

fn machine(def: Value) -> Machine {
    Machine::from_json(&def.to_string()).unwrap_or_else(|d| panic!("invalid: {d:?}"))
}

/// A machine with one Distributed Map `M` whose processor is one Pass state `P` (its
/// output is its input), `extra` merged into the Map state.
fn dmap(extra: Value) -> Machine {
    dmap_with(extra, json!({"P": {"Type": "Pass", "End": true}}), "P")
}

fn dmap_with(extra: Value, states: Value, start: &str) -> Machine {
    let mut m = json!({"Type": "Map", "ItemProcessor": {
        "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
        "StartAt": start, "States": states}, "End": true});
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    machine(json!({"StartAt": "M", "States": {"M": m}}))
}

fn reader(input_type: Option<&str>, resource: &str, config: Value) -> Value {
    let mut cfg = config;
    if let Some(t) = input_type {
        cfg["InputType"] = json!(t);
    }
    json!({"Resource": resource, "ReaderConfig": cfg,
        "Parameters": {"Bucket": "data", "Key.$": "$.key"}})
}

const GET: &str = "arn:aws:states:::s3:getObject";
const LIST: &str = "arn:aws:states:::s3:listObjectsV2";

fn kinds(run: &sfn_local::Execution) -> Vec<&'static str> {
    run.history.iter().map(|e| e.kind).collect()
}

#[test]
fn json_file_items_and_the_reader_call() {
    let m = dmap(json!({"ItemReader": reader(Some("JSON"), GET, json!({}))}));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<TaskCall>::new()));
    let log = seen.clone();
    let run = m
        .runner()
        .input(json!({"key": "in/items.json"}))
        .mock(
            "M",
            Mock::from_fn(move |c| {
                log.lock().unwrap().push(c.clone());
                Ok(json!("[{\"id\": 1}, {\"id\": 2}]"))
            }),
        )
        .run();
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!([{"id": 1}, {"id": 2}])));
    let calls = seen.lock().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].state, "M");
    assert_eq!(calls[0].resource, GET);
    assert_eq!(
        calls[0].parameters,
        json!({"Bucket": "data", "Key": "in/items.json"})
    );
    // The children's events are not in the parent's history.
    assert_eq!(
        kinds(&run),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(run.states_visited(), ["M"]);
}

#[test]
fn map_run_arn_uses_the_label_and_is_deterministic() {
    let m = dmap(json!({"Label": "Orders", "ItemsPath": "$.items"})).with_name("Shop");
    let go = || m.runner().input(json!({"items": [1, 2]})).seed(9).run();
    let run = go();
    assert_eq!(run.output, Some(json!([1, 2])));
    let started = run
        .history
        .iter()
        .find(|e| e.kind == "MapRunStarted")
        .unwrap();
    let arn = started.details.as_ref().unwrap().1["mapRunArn"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        arn.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:Shop/Orders:"),
        "{arn}"
    );
    assert_eq!(arn.rsplit(':').next().unwrap().len(), 36);
    let again = go();
    assert_eq!(again.history, run.history);
    // With the items in the input, MapStateStarted gives their number.
    let ms = run
        .history
        .iter()
        .find(|e| e.kind == "MapStateStarted")
        .unwrap();
    assert_eq!(ms.details.as_ref().unwrap().1, json!({"length": 2}));
}

#[test]
fn jsonl_items() {
    let m = dmap(json!({"ItemReader": reader(Some("JSONL"), GET, json!({}))}));
    let run = m
        .runner()
        .input(json!({"key": "k"}))
        .mock("M", Mock::returns(json!("{\"a\":1}\n[2]\n\n\"three\"\n")))
        .run();
    assert_eq!(run.output, Some(json!([{"a": 1}, [2], "three"])));
}

#[test]
fn csv_first_row_headers() {
    let m = dmap(json!({"ItemReader": reader(Some("CSV"), GET,
        json!({"CSVHeaderLocation": "FIRST_ROW"}))}));
    let csv = "id,name,note\n1,Ann,\"likes, commas\"\n2,Bob\n";
    let run = m
        .runner()
        .input(json!({"key": "k.csv"}))
        .mock("M", Mock::returns(json!(csv)))
        .run();
    assert_eq!(
        run.output,
        Some(json!([
            {"id": "1", "name": "Ann", "note": "likes, commas"},
            {"id": "2", "name": "Bob", "note": ""}
        ]))
    );
}

#[test]
fn csv_given_headers_with_a_pipe_delimiter_and_item_selector() {
    let m = dmap(json!({
        "ItemReader": reader(Some("CSV"), GET, json!({"CSVHeaderLocation": "GIVEN",
            "CSVHeaders": ["user", "score"], "CSVDelimiter": "PIPE"})),
        "ItemSelector": {"who.$": "$$.Map.Item.Value.user", "n.$": "$$.Map.Item.Index"}
    }));
    let run = m
        .runner()
        .input(json!({"key": "k.psv"}))
        .mock("M", Mock::returns(json!("ann|3\nbob|5")))
        .run();
    assert_eq!(
        run.output,
        Some(json!([{"who": "ann", "n": 0}, {"who": "bob", "n": 1}]))
    );
}

#[test]
fn csv_tab_and_semicolon_delimiters() {
    for (name, sep) in [("TAB", "\t"), ("SEMICOLON", ";"), ("SPACE", " ")] {
        let m = dmap(json!({"ItemReader": reader(Some("CSV"), GET,
            json!({"CSVHeaderLocation": "FIRST_ROW", "CSVDelimiter": name}))}));
        let run = m
            .runner()
            .input(json!({"key": "k"}))
            .mock("M", Mock::returns(json!(format!("a{sep}b\n1{sep}2\n"))))
            .run();
        assert_eq!(run.output, Some(json!([{"a": "1", "b": "2"}])), "{name}");
    }
}

#[test]
fn list_objects_v2_items() {
    let m = dmap(json!({"ItemReader": {"Resource": LIST,
        "Parameters": {"Bucket": "photos", "Prefix.$": "$.prefix"}}}));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Value::Null));
    let log = seen.clone();
    let run = m
        .runner()
        .input(json!({"prefix": "2024/"}))
        .mock(
            "M",
            Mock::from_fn(move |c| {
                *log.lock().unwrap() = c.parameters.clone();
                Ok(json!({"KeyCount": 2, "Contents": [
                    {"ETag": "\"aa\"", "Key": "2024/a.jpg", "LastModified": 1668699881, "Size": 10, "StorageClass": "STANDARD"},
                    {"ETag": "\"bb\"", "Key": "2024/b.jpg", "LastModified": 1668699882, "Size": 20, "StorageClass": "STANDARD"}
                ]}))
            }),
        )
        .run();
    assert_eq!(
        *seen.lock().unwrap(),
        json!({"Bucket": "photos", "Prefix": "2024/"})
    );
    assert_eq!(
        run.output,
        Some(json!([
            {"Etag": "\"aa\"", "Key": "2024/a.jpg", "LastModified": 1668699881, "Size": 10, "StorageClass": "STANDARD"},
            {"Etag": "\"bb\"", "Key": "2024/b.jpg", "LastModified": 1668699882, "Size": 20, "StorageClass": "STANDARD"}
        ]))
    );
}

#[test]
fn manifest_reads_each_inventory_file() {
    let m = dmap(json!({"ItemReader": reader(Some("MANIFEST"), GET, json!({}))}));
    let manifest = json!({"sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inv",
        "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size",
        "files": [{"key": "inv/data/1.csv.gz"}, {"key": "inv/data/2.csv.gz"}]})
    .to_string();
    let run = m
        .runner()
        .input(json!({"key": "inv/manifest.json"}))
        .mock(
            "M",
            Mock::from_fn(move |c| match c.parameters["Key"].as_str() {
                Some("inv/manifest.json") => Ok(json!(manifest)),
                Some("inv/data/1.csv.gz") => {
                    assert_eq!(c.parameters["Bucket"], "inv");
                    Ok(json!("\"src\",\"a.txt\",\"1\"\n"))
                }
                Some("inv/data/2.csv.gz") => Ok(json!("\"src\",\"b.txt\",\"2\"\n")),
                other => Err(Failure::new("S3.NoSuchKey", format!("{other:?}"))),
            }),
        )
        .run();
    assert_eq!(
        run.output,
        Some(json!([
            {"Bucket": "src", "Key": "a.txt", "Size": "1"},
            {"Bucket": "src", "Key": "b.txt", "Size": "2"}
        ]))
    );
}

#[test]
fn max_items_and_max_items_path() {
    let m = dmap(json!({"ItemReader": reader(Some("JSON"), GET, json!({"MaxItems": 2}))}));
    let run = m
        .runner()
        .input(json!({"key": "k"}))
        .mock("M", Mock::returns(json!([1, 2, 3, 4])))
        .run();
    assert_eq!(run.output, Some(json!([1, 2])));

    let m = dmap(json!({"ItemReader": reader(Some("CSV"), GET,
        json!({"CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.limit"}))}));
    let run = m
        .runner()
        .input(json!({"key": "k", "limit": 1}))
        .mock("M", Mock::returns(json!("h\nx\ny\n")))
        .run();
    // The header is not an item.
    assert_eq!(run.output, Some(json!([{"h": "x"}])));

    let run = m
        .runner()
        .input(json!({"key": "k", "limit": "one"}))
        .mock("M", Mock::returns(json!("h\nx\n")))
        .run();
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run
        .cause
        .as_deref()
        .unwrap()
        .ends_with("The MaxItemsPath field references an invalid value: \"one\" (a positive integer is required)"));
}

#[test]
fn item_batcher_with_batch_input() {
    let m = dmap(json!({
        "ItemsPath": "$.items",
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"source.$": "$.source", "fixed": 1}}
    }));
    let run = m
        .runner()
        .input(json!({"items": [1, 2, 3, 4, 5], "source": "s3://b/k"}))
        .run();
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let batch_input = json!({"source": "s3://b/k", "fixed": 1});
    assert_eq!(
        run.output,
        Some(json!([
            {"BatchInput": batch_input, "Items": [1, 2]},
            {"BatchInput": batch_input, "Items": [3, 4]},
            {"BatchInput": batch_input, "Items": [5]}
        ]))
    );
}

#[test]
fn item_batcher_paths_and_bytes() {
    let m = dmap(json!({
        "ItemsPath": "$.items",
        "ItemBatcher": {"MaxItemsPerBatchPath": "$.per", "MaxInputBytesPerBatch": 17}
    }));
    let run = m
        .runner()
        .input(json!({"items": [1, 2, 3, 4, 5], "per": 4}))
        .run();
    // `{"Items":[1,2,3]}` is 17 bytes: the byte limit cuts before the count does.
    assert_eq!(
        run.output,
        Some(json!([{"Items": [1, 2, 3]}, {"Items": [4, 5]}]))
    );
    let run = m.runner().input(json!({"items": [1], "per": 0})).run();
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run.cause.unwrap().contains("MaxItemsPerBatchPath"));
}

#[test]
fn result_writer_returns_the_map_run_and_manifest_location() {
    let m = dmap(json!({
        "ItemsPath": "$.items",
        "Label": "Export",
        "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
            "Parameters": {"Bucket": "results", "Prefix.$": "$.prefix"}}
    }));
    let run = m
        .runner()
        .input(json!({"items": [1, 2], "prefix": "jobs"}))
        .run();
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let out = run.output.unwrap();
    let arn = out["MapRunArn"].as_str().unwrap();
    assert!(arn.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:StateMachine/Export:"));
    let id = arn.rsplit(':').next().unwrap();
    assert_eq!(
        out["ResultWriterDetails"],
        json!({"Bucket": "results", "Key": format!("jobs/{id}/manifest.json")})
    );
    assert_eq!(out.as_object().unwrap().len(), 2);
}

#[test]
fn writer_config_alone_flattens_the_results() {
    let m = dmap_with(
        json!({"ItemsPath": "$.items",
            "ResultWriter": {"WriterConfig": {"OutputType": "JSON", "Transformation": "FLATTEN"}}}),
        json!({"P": {"Type": "Pass", "Parameters": {"pair.$": "States.Array($, $)"},
            "OutputPath": "$.pair", "End": true}}),
        "P",
    );
    let run = m.runner().input(json!({"items": [1, 2]})).run();
    assert_eq!(run.output, Some(json!([1, 1, 2, 2])));
}

/// A processor that fails on items whose `ok` is false.
fn failing(extra: Value) -> Machine {
    dmap_with(
        extra,
        json!({
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": false, "Next": "Bad"}],
                "Default": "Good"},
            "Bad": {"Type": "Fail", "Error": "Item.Bad", "Cause": "bad item"},
            "Good": {"Type": "Pass", "Result": "done", "End": true}
        }),
        "Check",
    )
}

fn items(bad: usize, total: usize) -> Value {
    let v: Vec<Value> = (0..total).map(|i| json!({"ok": i >= bad})).collect();
    json!({"items": v, "count": 1, "pct": 25})
}

#[test]
fn no_threshold_means_no_failure_is_tolerated() {
    let run = failing(json!({"ItemsPath": "$.items"})).run(items(1, 4), Mocks::new());
    assert_eq!(run.status, Status::Failed);
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(
        run.cause.as_deref(),
        Some("The specified tolerated failure threshold was exceeded")
    );
    assert_eq!(
        kinds(&run),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    let failed = run
        .history
        .iter()
        .find(|e| e.kind == "MapRunFailed")
        .unwrap();
    assert_eq!(
        failed.details.as_ref().unwrap().1,
        json!({"cause": "The specified tolerated failure threshold was exceeded",
            "error": "States.ExceedToleratedFailureThreshold"})
    );
}

#[test]
fn tolerated_failure_count_literal_and_path() {
    let m = failing(json!({"ItemsPath": "$.items", "ToleratedFailureCount": 1}));
    let run = m.run(items(1, 3), Mocks::new());
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let out = run.output.unwrap();
    assert_eq!(out[0]["Status"], "FAILED");
    assert_eq!(out[0]["Error"], "Item.Bad");
    assert_eq!(out[0]["Cause"], "bad item");
    assert_eq!(out[1], "done");
    assert_eq!(out[2], "done");
    let run = m.run(items(2, 3), Mocks::new());
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );

    let m = failing(json!({"ItemsPath": "$.items", "ToleratedFailureCountPath": "$.count"}));
    assert_eq!(m.run(items(1, 3), Mocks::new()).status, Status::Succeeded);
    assert_eq!(
        m.run(items(2, 3), Mocks::new()).error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    let mut bad = items(0, 1);
    bad["count"] = json!(-1);
    let run = m.run(bad, Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run.cause.unwrap().ends_with(
        "The ToleratedFailureCountPath field references an invalid value: -1 (a non-negative integer is required)"
    ));
}

#[test]
fn tolerated_failure_percentage_literal_and_path() {
    // 1 of 4 is 25%: tolerated at 25, not at 20.
    let m = failing(json!({"ItemsPath": "$.items", "ToleratedFailurePercentage": 25}));
    assert_eq!(m.run(items(1, 4), Mocks::new()).status, Status::Succeeded);
    assert_eq!(
        m.run(items(2, 4), Mocks::new()).error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    let m = failing(json!({"ItemsPath": "$.items", "ToleratedFailurePercentagePath": "$.pct"}));
    assert_eq!(m.run(items(1, 4), Mocks::new()).status, Status::Succeeded);
    assert_eq!(
        m.run(items(2, 4), Mocks::new()).error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    let mut bad = items(0, 1);
    bad["pct"] = json!(150);
    let run = m.run(bad, Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run
        .cause
        .unwrap()
        .contains("ToleratedFailurePercentagePath"));
}

#[test]
fn count_and_percentage_exceeding_either_fails() {
    // 2 of 4 failed: within 50%, over a count of 1.
    let m = failing(json!({"ItemsPath": "$.items", "ToleratedFailureCount": 1,
        "ToleratedFailurePercentage": 50}));
    assert_eq!(
        m.run(items(2, 4), Mocks::new()).error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(m.run(items(1, 4), Mocks::new()).status, Status::Succeeded);
}

#[test]
fn the_threshold_error_can_be_caught() {
    let def = json!({"StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "Bad",
            "States": {"Bad": {"Type": "Fail", "Error": "E"}}},
            "Catch": [{"ErrorEquals": ["States.ExceedToleratedFailureThreshold"], "Next": "Handled"}],
            "End": true},
        "Handled": {"Type": "Pass", "End": true}}});
    let run = machine(def).run(json!({"items": [1]}), Mocks::new());
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"Error": "States.ExceedToleratedFailureThreshold",
            "Cause": "The specified tolerated failure threshold was exceeded"}))
    );
}

#[test]
fn max_concurrency_path_is_checked() {
    let m = dmap(json!({"ItemsPath": "$.items", "MaxConcurrencyPath": "$.conc"}));
    let ok = m.run(json!({"items": [1], "conc": 5}), Mocks::new());
    assert_eq!(ok.output, Some(json!([1])));
    // A string that holds a whole number is taken, as AWS takes it.
    let ok = m.run(json!({"items": [1], "conc": "2"}), Mocks::new());
    assert_eq!(ok.output, Some(json!([1])));
    for bad in [json!(-1), json!(1.5), json!("five")] {
        let run = m.run(json!({"items": [1], "conc": bad}), Mocks::new());
        assert_eq!(run.error.as_deref(), Some("States.Runtime"), "{bad}");
        assert_eq!(
            run.cause.as_deref(),
            Some(format!("An error occurred while executing the state 'M' (entered at the event id #2). The MaxConcurrencyPath field references an invalid value: {bad} (a non-negative integer is required)").as_str())
        );
    }
    // The inline Map checks it too.
    let inline = machine(json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemsPath": "$.items", "MaxConcurrencyPath": "$.conc",
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
        "End": true}}}));
    let run = inline.run(json!({"items": [1], "conc": "x"}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn bad_csv_content_fails_with_item_reader_failed() {
    let m = dmap(json!({"ItemReader": reader(Some("CSV"), GET,
        json!({"CSVHeaderLocation": "FIRST_ROW"}))}));
    let run = m
        .runner()
        .input(json!({"key": "k"}))
        .mock("M", Mock::returns(json!("a,b\n1,\"unterminated\n")))
        .run();
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.ItemReaderFailed"));
    assert_eq!(
        run.cause.as_deref(),
        Some("The ItemReader of the Map state 'M' could not read its items: the double quote opened on line 2 is never closed.")
    );
    assert_eq!(
        kinds(&run)[3..],
        [
            "MapRunStarted",
            "MapRunFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn bad_json_and_jsonl_content() {
    let m = dmap(json!({"ItemReader": reader(Some("JSON"), GET, json!({}))}));
    let run = m
        .runner()
        .input(json!({"key": "k"}))
        .mock("M", Mock::returns(json!("{\"not\": \"an array\"}")))
        .run();
    assert_eq!(run.error.as_deref(), Some("States.ItemReaderFailed"));
    assert!(run.cause.unwrap().contains("holds an object, not an array"));

    let m = dmap(json!({"ItemReader": reader(Some("JSONL"), GET, json!({}))}));
    let run = m
        .runner()
        .input(json!({"key": "k"}))
        .mock("M", Mock::returns(json!({"not": "text"})))
        .run();
    assert_eq!(run.error.as_deref(), Some("States.ItemReaderFailed"));
    assert!(run
        .cause
        .unwrap()
        .contains("returned an object, not the object's text"));
}

#[test]
fn a_missing_reader_mock_is_named() {
    let m = dmap(json!({"ItemReader": reader(Some("JSON"), GET, json!({}))}));
    let run = m.run(json!({"key": "k"}), Mocks::new());
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert!(run
        .cause
        .unwrap()
        .contains("No mock answers the ItemReader of the Map state 'M'"));
}

#[test]
fn children_do_not_see_parent_variables_and_have_their_own_execution() {
    let def = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "Label": "L", "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
            "States": {"P": {"Type": "Pass", "Parameters": {"exec.$": "$$.Execution.Id",
                "machine.$": "$$.StateMachine.Name", "input.$": "$$.Execution.Input"}, "End": true}}},
            "End": true}}});
    let run = machine(def).run(json!({"items": ["a"]}), Mocks::new());
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let out = &run.output.unwrap()[0];
    assert!(out["exec"]
        .as_str()
        .unwrap()
        .starts_with("arn:aws:states:us-east-1:123456789012:execution:StateMachine/L:"));
    assert_eq!(out["machine"], "StateMachine/L");
    assert_eq!(out["input"], "a");

    let def = json!({"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"outer": 1}, "Next": "M"},
        "M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
            "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P",
            "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$outer"}, "End": true}}},
            "End": true}}});
    // The validator refuses the read, since no state of the child's scope assigns it...
    let diagnostics = Machine::from_json(&def.to_string()).unwrap_err();
    assert!(diagnostics
        .iter()
        .any(|d| d.code == sfn_core::Code::UndefinedVariable));
    // ...and a machine run without validation fails in the child, as AWS's would.
    let model: sfn_core::model::StateMachine = serde_json::from_value(def).unwrap();
    let run = Machine::from_model(model).run(json!({"items": ["a"]}), Mocks::new());
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}
