//! `sfn coverage`: sums the coverage records executions wrote (`SFN_COVERAGE=DIR cargo test`,
//! `sfn run`) and reports per machine what they covered, with its diagram when asked.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sfn_local::Coverage;

use crate::graph::{render, Overlay};
use crate::{CoverageArgs, CoverageFormat};

/// Where the records are when neither `--dir` nor `SFN_COVERAGE` says.
const DEFAULT_DIR: &str = "target/sfn-coverage";

pub(crate) fn run(args: &CoverageArgs) -> ExitCode {
    let fail = |msg: String| {
        eprintln!("error: {msg}");
        ExitCode::from(2)
    };
    let dir = args.dir.clone().unwrap_or_else(|| {
        std::env::var_os(sfn_local::COVERAGE_ENV)
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from(DEFAULT_DIR), PathBuf::from)
    });
    let mut machines = match Coverage::read_dir(&dir) {
        Ok(m) => m,
        Err(e) => return fail(e.to_string()),
    };
    if machines.is_empty() {
        return fail(format!(
            "{}: no coverage records (*.jsonl): run the tests with {}={}",
            dir.display(),
            sfn_local::COVERAGE_ENV,
            dir.display()
        ));
    }
    if let Some(wanted) = &args.machine {
        machines.retain(|m| m.name() == wanted || m.id().starts_with(wanted.as_str()));
        if machines.is_empty() {
            return fail(format!(
                "{}: no machine named {wanted} or with an id starting so",
                dir.display()
            ));
        }
    }
    if let (Some(format), Some(file)) = (args.graph, &args.graph_out) {
        for m in &machines {
            let path = if machines.len() == 1 {
                file.clone()
            } else {
                per_machine(file, m.id())
            };
            let text = render(m.graph(), format, Overlay::Covered(&m.covered()));
            if let Err(e) = std::fs::write(&path, text) {
                return fail(format!("{}: {e}", path.display()));
            }
            if machines.len() > 1 {
                eprintln!("{} [{}]: {}", m.name(), m.id(), path.display());
            }
        }
    }
    let out = match args.format {
        CoverageFormat::Text => {
            let reports: Vec<String> = machines.iter().map(Coverage::report).collect();
            reports.join("\n")
        }
        CoverageFormat::Json => {
            let all: Vec<serde_json::Value> = machines.iter().map(Coverage::to_json).collect();
            let v = serde_json::json!({"dir": dir.to_string_lossy(), "machines": all});
            format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default())
        }
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    match args.fail_under {
        Some(min) if machines.iter().any(|m| m.percent() < min) => {
            for m in machines.iter().filter(|m| m.percent() < min) {
                eprintln!(
                    "error: {} [{}] is {:.1}% covered, under {min}%",
                    m.name(),
                    m.id(),
                    m.percent()
                );
            }
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// `FILE` with the machine's id before its extension: `cov.svg` -> `cov-<id>.svg`.
fn per_machine(file: &Path, id: &str) -> PathBuf {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match file.extension() {
        Some(ext) => format!("{stem}-{id}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{id}"),
    };
    file.with_file_name(name)
}
