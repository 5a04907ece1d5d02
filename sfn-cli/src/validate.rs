//! `sfn validate`.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sfn_core::{json, Options, Report, Severity};

use crate::{Format, ValidateArgs};

/// Collects the definition files under the given paths, sorted within each directory.
fn collect(paths: &[PathBuf], problems: &mut Vec<String>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => walk(p, &mut out, problems),
            Ok(_) => out.push(p.clone()),
            Err(_) => problems.push(format!("{}: no such file or directory", p.display())),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, problems: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(format!("{}: {e}", dir.display()));
            return;
        }
    };
    // The entry's own file type needs no further system call on most file systems; a symbolic
    // link is followed, as `Path::is_dir` would.
    let mut entries: Vec<(PathBuf, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let path = e.path();
            let dir = match e.file_type() {
                Ok(t) if t.is_symlink() => path.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => path.is_dir(),
            };
            (path, dir)
        })
        .collect();
    entries.sort();
    for (p, dir) in entries {
        if dir {
            walk(&p, out, problems);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

pub(crate) fn run(args: &ValidateArgs) -> ExitCode {
    let options = Options {
        check_arns: !args.no_arn_check,
        workflow_type: args.workflow_type.workflow_type(),
    };
    let mut problems = Vec::new();
    let files = collect(&args.paths, &mut problems);
    let mut any_invalid = false;
    let mut text = String::new();
    let mut reports = Vec::new();
    for file in &files {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{}: {e}", file.display()));
                continue;
            }
        };
        let src = String::from_utf8_lossy(&bytes);
        let mut report = sfn_core::validate_str(&src, &options);
        if std::str::from_utf8(&bytes).is_err() {
            report.diagnostics.insert(
                0,
                sfn_core::Diagnostic::error(
                    sfn_core::Code::SchemaValidationFailed,
                    "",
                    "the file is not valid UTF-8",
                ),
            );
        }
        let valid = report.is_valid();
        any_invalid |= !valid;
        match args.format {
            Format::Text => render_text(&mut text, file, &src, &report),
            Format::Json => reports.push(json_report(file, &report)),
        }
    }
    let mut stdout = std::io::stdout().lock();
    match args.format {
        Format::Text => {
            let _ = stdout.write_all(text.as_bytes());
        }
        Format::Json => {
            let out = serde_json::to_string_pretty(&serde_json::Value::Array(reports))
                .unwrap_or_default();
            let _ = writeln!(stdout, "{out}");
        }
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    if !problems.is_empty() {
        ExitCode::from(2)
    } else if any_invalid {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn json_report(file: &Path, report: &Report) -> serde_json::Value {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "code": d.code.as_str(),
                "severity": d.severity.as_str(),
                "location": d.location,
                "message": match &report.root {
                    // The pinned JSON report has no field for a position inside a string.
                    Some(root) => format!("{}{}", d.message, d.position_note(root)),
                    None => d.message.clone(),
                },
            })
        })
        .collect();
    serde_json::json!({
        "file": file.display().to_string(),
        "valid": report.is_valid(),
        "diagnostics": diagnostics,
    })
}

pub(crate) fn render_text(out: &mut String, file: &Path, src: &str, report: &Report) {
    let name = file.display();
    if report.diagnostics.is_empty() {
        let _ = writeln!(out, "{name}: valid");
        return;
    }
    for d in &report.diagnostics {
        let offset = report.offset_of(d);
        let (line, col) = offset.map_or((1, 1), |o| json::line_col(src, o));
        let location = if d.location.is_empty() {
            "/"
        } else {
            &d.location
        };
        let _ = writeln!(
            out,
            "{}[{}]: {}\n  --> {name}:{line}:{col} at {location}",
            d.severity.as_str(),
            d.code,
            d.message
        );
        if let Some(text) = src.lines().nth(line - 1) {
            let width = line.to_string().len();
            let (shown, caret_pad) = window(text, col);
            let _ = writeln!(
                out,
                "{:width$} |\n{line} | {shown}\n{:width$} | {caret_pad}^",
                "", ""
            );
        }
    }
    let errors = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = report.diagnostics.len() - errors;
    let verdict = if report.is_valid() {
        "valid"
    } else {
        "invalid"
    };
    let _ = writeln!(
        out,
        "{name}: {verdict} ({}, {})\n",
        count(errors, "error"),
        count(warnings, "warning")
    );
}

/// At most [`SHOWN`] characters of a source line around 1-based column `col`, with `…` where
/// the line goes on, and the padding that puts a caret under the column.
fn window(text: &str, col: usize) -> (String, String) {
    const SHOWN: usize = 200;
    let chars: Vec<char> = text.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let start = if at < SHOWN - 40 { 0 } else { at - 80 };
    let end = (start + SHOWN).min(chars.len());
    let mut shown = String::new();
    let mut pad = String::new();
    if start > 0 {
        shown.push('…');
        pad.push(' ');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    pad.extend(
        chars[start..at]
            .iter()
            .map(|&c| if c == '\t' { '\t' } else { ' ' }),
    );
    (shown, pad)
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
