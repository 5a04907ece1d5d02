//! `StateMachine::svg()` (sfn-runtime's `svg` feature, which this crate turns on): the
//! container-task sample against its committed drawing, and a machine with groups.
#![deny(warnings)]

use sfn_runtime::{asl, include_asl, StateMachine};

static FARGATE: StateMachine =
    include_asl!("../examples/machines/fargate-task-notification.asl.json");

/// The `<g class="...">` elements of a drawing with that class.
fn count(doc: &roxmltree::Document, class: &str) -> usize {
    doc.descendants()
        .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some(class))
        .count()
}

fn text(doc: &roxmltree::Document) -> String {
    doc.descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn container_task_matches_the_committed_drawing() {
    let svg = FARGATE.svg();
    assert_eq!(
        svg,
        include_str!("../../docs/container-task.svg"),
        "the drawing changed: regenerate it with `cargo run -p sfn-cli -- graph --format svg \
         examples/machines/fargate-task-notification.asl.json > docs/container-task.svg`"
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let text = text(&doc);
    for name in [
        "Run Fargate Task",
        "Notify Success",
        "Notify Failure",
        "catch States.ALL",
    ] {
        assert!(text.contains(name), "{name}");
    }
    assert_eq!(count(&doc, "state"), 3);
    // The catch edge, in two pieces around its label.
    assert_eq!(count(&doc, "edge catch"), 2);
    assert_eq!(count(&doc, "edge next"), 1);
}

static GROUPS: StateMachine = asl! {
    start_at: Fan,
    states: {
        Fan: Parallel {
            branches: [
                { start_at: Left, states: { Left: Pass { end: true } } },
                { start_at: Right, states: { Right: Pass { end: true } } },
            ],
            next: Each,
        },
        Each: Map {
            items_path: $.items,
            item_processor: { start_at: Work, states: { Work: Pass { end: true } } },
            next: Check,
        },
        Check: Choice {
            choices: [{ variable: $.ok, boolean_equals: true, next: Done }],
            default: Failed,
        },
        Done: Succeed,
        Failed: Fail,
    },
};

#[test]
fn groups_and_choice_rules() {
    let svg = GROUPS.svg();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let text = text(&doc);
    for line in [
        "[Fan: branch 1]",
        "[Fan: branch 2]",
        "[Each: for each item]",
        "$.ok BooleanEquals true",
        "default",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert_eq!(count(&doc, "state"), 5);
    assert_eq!(count(&doc, "state grouped"), 3);
    assert_eq!(count(&doc, "edge group"), 6);
}
