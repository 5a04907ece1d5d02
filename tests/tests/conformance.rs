//! Runs the public conformance corpus (`../shared/conformance/`) when it is present.
//!
//! Prints agreement per source and fails on any disagreement that is not listed, with its
//! reason, in `tests/conformance-exceptions.tsv`. Every file must get a verdict without a
//! panic, the unclassified ones included.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use sfn_core::{validate_str, Options};

fn corpus_dir() -> Option<PathBuf> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    [
        here.join("../../shared/conformance"),
        here.join("../shared/conformance"),
    ]
    .into_iter()
    .find(|p| p.join("MANIFEST.tsv").is_file())
}

/// Sources whose fixtures use placeholder resources (`"foo:bar"`): AWS needs real ARNs, so
/// they are validated with the ARN check off.
fn placeholder_resources(source: &str) -> bool {
    source.contains("statelint")
}

struct Exception {
    verdict: String,
    reason: String,
}

fn exceptions() -> HashMap<String, Exception> {
    let text = include_str!("../conformance-exceptions.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.splitn(3, '\t');
            let path = cols.next()?.to_string();
            let verdict = cols.next()?.to_string();
            let reason = cols.next()?.to_string();
            Some((path, Exception { verdict, reason }))
        })
        .collect()
}

#[test]
fn conformance_corpus() {
    let Some(dir) = corpus_dir() else {
        eprintln!("conformance corpus not found next to the project; skipped");
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("manifest");
    let exceptions = exceptions();
    let mut used = Vec::new();
    let mut per_source: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (path, expected, source) = (cols[0], cols[1], cols[2]);
        let bytes = std::fs::read(dir.join(path)).expect("corpus file");
        let src = String::from_utf8_lossy(&bytes);
        let options = Options {
            check_arns: !placeholder_resources(source),
            ..Options::default()
        };
        let report = validate_str(&src, &options);
        let ours = if report.is_valid() {
            "valid"
        } else {
            "invalid"
        };
        if expected == "unclassified" {
            continue;
        }
        let entry = per_source.entry(source.to_string()).or_default();
        entry.1 += 1;
        if ours == expected {
            entry.0 += 1;
            if exceptions.contains_key(path) {
                failures.push(format!(
                    "{path}: listed as an exception but now agrees with the source ({ours})"
                ));
            }
            continue;
        }
        match exceptions.get(path) {
            Some(e) if e.verdict == ours && !e.reason.trim().is_empty() => used.push(path),
            _ => {
                let why: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
                failures.push(format!(
                    "{path}: the source expects {expected}, sfn says {ours}\n    {}",
                    if why.is_empty() {
                        "(no diagnostics)".to_string()
                    } else {
                        why.join("\n    ")
                    }
                ));
            }
        }
    }
    eprintln!("conformance: agreement per source");
    for (source, (agree, total)) in &per_source {
        eprintln!("  {source}: {agree}/{total}");
    }
    eprintln!(
        "  disagreements explained in conformance-exceptions.tsv: {}",
        used.len()
    );
    assert!(
        failures.is_empty(),
        "{} unexplained disagreements:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
