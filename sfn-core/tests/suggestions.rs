//! The one suggestion rule (`sfn_core::suggest`) measured on real misspellings and near-names
//! (`misspellings.tsv`: definitions AWS refused in public issue trackers, the UI tests, and
//! the kinds of typo people make, with names that are other words and must get no
//! suggestion). No row may get a wrong suggestion (another name than the one meant, or any
//! name for another word); a misspelling may go without one (a miss), and the misses are
//! counted: the rule's limits are set so that other words stay silent, which costs the two
//! misspellings three edits away (`Retries`, `States.Base64Encoding`). The test prints the
//! measure.

use sfn_core::catalog::{self, Shape};

/// The closed set a row names.
fn set(name: &str) -> Vec<&'static str> {
    match name {
        "state" => sfn_core::asl::STATE_FIELDS.names().collect(),
        "machine" => sfn_core::asl::MACHINE_FIELDS.to_vec(),
        "error" => sfn_core::asl::PREDEFINED_ERRORS.to_vec(),
        "intrinsic" => sfn_core::path::FUNCTIONS.to_vec(),
        "hash" => sfn_core::path::HASH_ALGORITHMS.to_vec(),
        "service" => catalog::suggestable_sdk_services()
            .map(|s| s.name)
            .collect(),
        "runtask" => {
            let run = catalog::optimized("arn:aws:states:::ecs:runTask").expect("ecs:runTask");
            let Shape::Structure { members, .. } = catalog::shape(run.input.expect("an input"))
            else {
                panic!("RunTask's input is a structure")
            };
            members.iter().map(|(name, _)| *name).collect()
        }
        "context" => vec!["Execution", "State", "StateMachine", "Task", "Map"],
        other => panic!("misspellings.tsv: unknown set {other}"),
    }
}

#[test]
fn the_rule_agrees_with_every_row() {
    let text = include_str!("misspellings.tsv");
    let mut rows = 0;
    let (mut right_suggestions, mut right_silences) = (0, 0);
    let (mut typos, mut others) = (0, 0);
    let mut wrong = Vec::new();
    let mut missed = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "misspellings.tsv: {line}");
        let (set_name, written, meant) = (cols[0], cols[1], cols[2]);
        let got = sfn_core::suggest::closest(written, set(set_name));
        let want = (meant != "-").then_some(meant);
        rows += 1;
        if want.is_some() {
            typos += 1;
        } else {
            others += 1;
        }
        if got == want {
            if want.is_some() {
                right_suggestions += 1;
            } else {
                right_silences += 1;
            }
        } else if got.is_none() {
            missed.push(format!("{set_name}: `{written}` (meant `{meant}`)"));
        } else {
            wrong.push(format!(
                "{set_name}: `{written}` gave {got:?}, meant {want:?} ({})",
                cols[3]
            ));
        }
    }
    println!(
        "{rows} rows: {right_suggestions}/{typos} misspellings get the name meant, {right_silences}/{others} other words get no suggestion"
    );
    println!("missed: {}", missed.join("; "));
    assert!(rows >= 80, "{rows} rows");
    assert!(wrong.is_empty(), "wrong suggestions:\n{}", wrong.join("\n"));
    assert!(
        missed.len() <= 2,
        "more misses than measured:\n{}",
        missed.join("\n")
    );
}
