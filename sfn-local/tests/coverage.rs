//! Execution coverage: what executions reached, summed in-process, over threads, and over
//! the record files of several processes.

use std::path::PathBuf;

use serde_json::{json, Value};
use sfn_local::{By, Coverage, Failure, Kind, Machine, Mock, Mocks, Part, Status};

/// An order: a Task with a retrier and a catcher, a Choice with two rules and a Default, a
/// Parallel with two branches, a Map, and a Fail state reached only by the catcher.
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
      "Default": "Pack"
    },
    "Review": {"Type": "Pass", "Next": "Pack"},
    "Pack": {
      "Type": "Parallel", "ResultPath": null, "Next": "Ship",
      "Branches": [
        {"StartAt": "Box", "States": {"Box": {"Type": "Pass", "End": true}}},
        {"StartAt": "Label", "States": {"Label": {"Type": "Pass", "End": true}}}
      ]
    },
    "Ship": {
      "Type": "Map", "ItemsPath": "$.items", "End": true,
      "ItemProcessor": {"StartAt": "Send", "States": {"Send": {"Type": "Pass", "End": true}}}
    },
    "Notify Failure": {"Type": "Fail", "Error": "OrderFailed"}
  }
}"#;

fn order() -> Machine {
    Machine::from_json(ORDER).unwrap_or_else(|d| panic!("invalid: {d:?}"))
}

fn charge(total: i64) -> Mock {
    Mock::returns(json!({"StatusCode": 200, "Payload": {"total": total}}))
}

fn labels(items: &[&sfn_local::Item]) -> Vec<String> {
    items.iter().map(|i| i.part.to_string()).collect()
}

/// A fresh directory under the system's temporary one.
fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("sfn-local-coverage-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn every_part_of_the_machine_is_listed_uncovered_at_first() {
    let c = Coverage::of(&order());
    assert_eq!(c.executions(), 0);
    assert_eq!(c.count(Kind::State), (0, 9));
    // Two rules and the Default.
    assert_eq!(c.count(Kind::Rule), (0, 3));
    assert_eq!(c.count(Kind::Retrier), (0, 1));
    assert_eq!(c.count(Kind::Catcher), (0, 1));
    // Run Task -> Choose, -> Notify Failure (Catch); Choose's three; Review -> Pack;
    // Pack -> Ship.
    assert_eq!(c.count(Kind::Transition), (0, 7));
    assert_eq!(c.percent(), 0.0);
    // Each scope's states in source order, nested scopes after their parent's.
    assert_eq!(
        labels(&c.uncovered_of(Kind::State)),
        [
            "Run Task",
            "Choose",
            "Review",
            "Pack",
            "Ship",
            "Notify Failure",
            "Box",
            "Label",
            "Send"
        ]
    );
}

#[test]
fn one_execution_covers_its_path_and_names_the_rest() {
    let m = order();
    let run = m
        .runner()
        .input(json!({"items": [1, 2]}))
        .mock("Run Task", charge(50))
        .run();
    assert_eq!(run.status, Status::Succeeded, "{run}");
    let mut c = Coverage::of(&m);
    c.add(&run);
    assert_eq!(c.executions(), 1);
    assert_eq!(
        labels(&c.uncovered()),
        [
            "Review",
            "Notify Failure",
            "Choose rule 1 (-> Review)",
            "Choose rule 2 (-> Ship)",
            "Run Task Retry[0] (States.Timeout)",
            "Run Task Catch[0] -> Notify Failure",
            "Run Task -> Notify Failure (Catch[0])",
            "Choose -> Review (rule 1)",
            "Choose -> Ship (rule 2)",
            "Review -> Pack",
        ]
    );
    // Nested states of the Parallel branches and the Map processor are covered.
    assert_eq!(c.count(Kind::State), (7, 9));
    let report = c.report();
    assert!(
        report.contains("  states          7/9    77.8%"),
        "{report}"
    );
    assert!(
        report.contains("    choice     Choose rule 2 (-> Ship)"),
        "{report}"
    );
    assert!(
        report.contains("    catcher    Run Task Catch[0] -> Notify Failure"),
        "{report}"
    );
    assert!(report.contains("    state      Notify Failure"), "{report}");
}

#[test]
fn retriers_catchers_and_choice_rules_are_told_apart() {
    let m = order();
    let mut c = Coverage::of(&m);
    // Retried once, then succeeds; the first rule matches.
    let retried = m
        .runner()
        .input(json!({"items": []}))
        .mock(
            "Run Task",
            Mock::sequence([
                Err(Failure::new("States.Timeout", "slow")),
                Ok(json!({"Payload": {"total": 500}})),
            ]),
        )
        .run();
    assert_eq!(retried.status, Status::Succeeded, "{retried}");
    c.add(&retried);
    // Fails at once: the catcher takes it to the Fail state.
    let caught = m
        .runner()
        .mock("Run Task", Mock::throws("Boom", "no"))
        .run();
    assert_eq!(caught.status, Status::Failed);
    c.add(&caught);
    assert_eq!(c.count(Kind::Retrier), (1, 1));
    assert_eq!(c.count(Kind::Catcher), (1, 1));
    assert_eq!(c.count(Kind::Rule), (1, 3));
    let transitions: Vec<(String, u64)> = c
        .items()
        .iter()
        .filter(|i| i.part.kind() == Kind::Transition)
        .map(|i| (i.part.to_string(), i.executions))
        .collect();
    assert!(transitions.contains(&("Run Task -> Choose".into(), 1)));
    assert!(transitions.contains(&("Run Task -> Notify Failure (Catch[0])".into(), 1)));
    assert!(transitions.contains(&("Choose -> Review (rule 1)".into(), 1)));
    assert!(transitions.contains(&("Choose -> Pack (Default)".into(), 0)));
    // The state the catcher led to counts for both executions' sum.
    let run_task = c
        .items()
        .iter()
        .find(|i| {
            i.part
                == Part::State {
                    name: "Run Task".into(),
                }
        })
        .unwrap();
    assert_eq!(run_task.executions, 2);
    assert!(c.items().iter().any(|i| i.part
        == Part::Transition {
            from: "Choose".into(),
            to: "Pack".into(),
            by: By::Default
        }
        && i.executions == 0));
}

#[test]
fn jsonata_choice_rules_and_the_default_are_recorded() {
    let m = Machine::from_json(
        r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [
              {"Condition": "{% $states.input.n > 1 %}", "Next": "Big"},
              {"Condition": "{% $states.input.n < 0 %}", "Next": "Negative"}],
            "Default": "Small"},
          "Big": {"Type": "Succeed"}, "Negative": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}}}"#,
    )
    .unwrap();
    let mut c = Coverage::of(&m);
    for n in [5, 0] {
        c.add(&m.runner().input(json!({"n": n})).history(false).run());
    }
    assert_eq!(
        labels(&c.uncovered()),
        [
            "Negative",
            "C rule 2 (-> Negative)",
            "C -> Negative (rule 2)"
        ]
    );
}

#[test]
fn coverage_is_kept_without_the_history() {
    let m = order();
    let run = m
        .runner()
        .input(json!({"items": [1]}))
        .mock("Run Task", charge(500))
        .history(false)
        .run();
    assert!(run.history.is_empty());
    let mut c = Coverage::of(&m);
    c.add(&run);
    assert_eq!(c.count(Kind::State), (8, 9));
    assert_eq!(labels(&c.uncovered_of(Kind::State)), ["Notify Failure"]);
}

#[test]
fn executions_on_many_threads_sum_up() {
    let m = order();
    let totals = [50, 500, -5, 50, 500, -5, 50, 500];
    let runs: Vec<sfn_local::Execution> = std::thread::scope(|s| {
        let handles: Vec<_> = totals
            .iter()
            .map(|&t| {
                let m = &m;
                s.spawn(move || {
                    m.runner()
                        .input(json!({"items": [t]}))
                        .mock("Run Task", charge(t))
                        .run()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut c = Coverage::of(&m);
    for run in &runs {
        assert_eq!(run.status, Status::Succeeded, "{run}");
        c.add(run);
    }
    assert_eq!(c.executions(), 8);
    assert_eq!(c.count(Kind::Rule), (3, 3));
    let count = |label: &str| {
        c.items()
            .iter()
            .find(|i| i.part.to_string() == label)
            .map(|i| i.executions)
    };
    assert_eq!(count("Run Task"), Some(8));
    assert_eq!(count("Review"), Some(3));
    assert_eq!(count("Choose rule 2 (-> Ship)"), Some(2));
    assert_eq!(count("Choose Default (-> Pack)"), Some(3));
    // Pack (and its branches) after the Default and after Review; never after rule 2.
    assert_eq!(count("Box"), Some(6));
    assert_eq!(
        labels(&c.uncovered()),
        [
            "Notify Failure",
            "Run Task Retry[0] (States.Timeout)",
            "Run Task Catch[0] -> Notify Failure",
            "Run Task -> Notify Failure (Catch[0])",
        ]
    );
}

#[test]
fn record_files_of_two_processes_and_many_threads_are_summed() {
    let dir = temp_dir("files");
    let m = order().with_name("Order").with_coverage_dir(&dir);
    // This process: runs on four threads into one file, one line each.
    std::thread::scope(|s| {
        for t in [50, 500, 50, 500] {
            let m = &m;
            s.spawn(move || {
                m.runner()
                    .input(json!({"items": [1]}))
                    .mock("Run Task", charge(t))
                    .run()
            });
        }
    });
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    // The header and four records, each a whole line.
    assert_eq!(text.lines().count(), 5, "{text}");
    for line in text.lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    // Another process's file: the same machine, an execution the catcher caught.
    let mut other = String::new();
    let header: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    other.push_str(&format!("{header}\n"));
    other.push_str(
        &json!({"states": {"Run Task": ["catch 0"], "Notify Failure": ["stopped"]}}).to_string(),
    );
    // A later process with the same id appends to the same file, header first.
    other.push_str(&format!("\n{header}\n"));
    other.push_str(&json!({"states": {"Run Task": ["next"]}}).to_string());
    other.push('\n');
    let id = header["machine"].as_str().unwrap();
    std::fs::write(dir.join(format!("{id}-999999999.jsonl")), other).unwrap();

    let summed = Coverage::read_dir(&dir).unwrap();
    assert_eq!(summed.len(), 1);
    let c = &summed[0];
    assert_eq!(c.name(), "Order");
    assert_eq!(c.id(), id);
    assert_eq!(c.executions(), 6);
    assert_eq!(c.count(Kind::State), (9, 9));
    assert_eq!(c.count(Kind::Catcher), (1, 1));
    assert_eq!(
        labels(&c.uncovered()),
        [
            "Choose rule 2 (-> Ship)",
            "Run Task Retry[0] (States.Timeout)",
            "Choose -> Ship (rule 2)",
        ]
    );
    let json = c.to_json();
    assert_eq!(json["totals"]["states"], json!({"covered": 9, "total": 9}));
    assert_eq!(json["executions"], 6);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn two_machines_get_two_files_and_two_reports() {
    let dir = temp_dir("two");
    let a =
        Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
            .unwrap()
            .with_name("Alpha")
            .with_coverage_dir(&dir);
    let b = Machine::from_json(r#"{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}"#)
        .unwrap()
        .with_name("Beta")
        .with_coverage_dir(&dir);
    a.run(json!({}), Mocks::new());
    b.run(json!({}), Mocks::new());
    b.run(json!({}), Mocks::new());
    let summed = Coverage::read_dir(&dir).unwrap();
    let names: Vec<(&str, u64)> = summed.iter().map(|c| (c.name(), c.executions())).collect();
    assert_eq!(names, [("Alpha", 1), ("Beta", 2)]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_record_files_are_errors_that_name_the_file_and_line() {
    let missing = temp_dir("missing");
    let e = Coverage::read_dir(&missing).unwrap_err();
    assert!(e.to_string().contains("no such directory"), "{e}");
    assert!(e.to_string().contains("SFN_COVERAGE="), "{e}");

    let dir = temp_dir("corrupt");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("x-1.jsonl"), "{\"states\": {}}\n").unwrap();
    let e = Coverage::read_dir(&dir).unwrap_err();
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("before the header"), "{e}");

    std::fs::write(dir.join("x-1.jsonl"), "not json\n").unwrap();
    let e = Coverage::read_dir(&dir).unwrap_err();
    assert!(
        e.to_string().contains("x-1.jsonl:1: not a coverage record"),
        "{e}"
    );

    // A header whose definition was edited no longer matches its id.
    let m = order().with_coverage_dir(&dir);
    std::fs::remove_file(dir.join("x-1.jsonl")).unwrap();
    m.runner().mock("Run Task", charge(1)).run();
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("Choose", "Chose", 1)).unwrap();
    let e = Coverage::read_dir(&dir).unwrap_err();
    assert!(e.message.contains("does not hash to its machine id"), "{e}");

    std::fs::write(
        &file,
        format!(
            "{}\n{{\"states\": {{\"Choose\": [\"sideways\"]}}}}\n",
            text.lines().next().unwrap()
        ),
    )
    .unwrap();
    let e = Coverage::read_dir(&dir).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("unknown exit \"sideways\""), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_diagram_marks_covered_and_uncovered_parts() {
    let m = order();
    let mut c = Coverage::of(&m);
    c.add(
        &m.runner()
            .input(json!({"items": [1]}))
            .mock("Run Task", charge(-1))
            .run(),
    );
    let covered = c.covered();
    assert!(covered.states.contains("Ship"));
    assert!(!covered.states.contains("Pack"));
    assert!(covered.ended.contains("Ship"));
    let mermaid = c.mermaid();
    // Run Task s0, Choose s1, Review s2, Pack s3, Ship s4, Notify Failure s5, Box s6,
    // Label s7, Send s8.
    assert!(
        mermaid.contains("    class s0,s1,s4,s8 visited\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("    class s2,s3,s6,s7,s5 unvisited\n"),
        "{mermaid}"
    );
    let dot = sfn_core::graph::dot_covered(c.graph(), &covered);
    // Rule 2 (Choose -> Ship) is taken, the Catch edge is not.
    assert!(
        dot.contains(
            "s1 -> s4 [label=\"$.charge.total NumericLessThan 0\", color=\"#2e7d32\", penwidth=3];"
        ),
        "{dot}"
    );
    assert!(
        dot.contains("s0 -> s5 [label=\"catch States.ALL\", style=dashed, color=\"#bdbdbd\""),
        "{dot}"
    );
}

#[test]
fn a_machine_fully_covered_says_so() {
    let m = Machine::from_json(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#).unwrap();
    let mut c = Coverage::of(&m);
    c.add(&m.run(json!({}), Mocks::new()));
    assert!(c.uncovered().is_empty());
    assert_eq!(c.percent(), 100.0);
    assert!(c.report().contains("everything covered"));
    // An execution of another machine adds nothing but its count.
    let other =
        Machine::from_json(r#"{"StartAt": "Z", "States": {"Z": {"Type": "Succeed"}}}"#).unwrap();
    let mut c2 = Coverage::of(&m);
    c2.add(&other.run(json!({}), Mocks::new()));
    assert_eq!(c2.executions(), 1);
    assert_eq!(c2.percent(), 0.0);
    // Coverages of one machine merge; of another, they do not.
    c2.merge(&c).unwrap();
    assert_eq!(c2.percent(), 100.0);
    assert!(c2.merge(&Coverage::of(&other)).is_err());
}
