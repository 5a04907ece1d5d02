//! Reading a definition file for the commands that need a valid one.

use std::path::Path;
use std::process::ExitCode;

use sfn_core::json::Node;

/// Reads and validates a definition. On a read error (exit 2) or an invalid definition (exit
/// 1, its errors printed), returns the exit code to stop with.
pub(crate) fn valid_definition(args: &crate::DefinitionArgs) -> Result<Node, ExitCode> {
    valid_definition_as(args, sfn_core::asl::WorkflowType::Standard)
}

/// [`valid_definition`] for a state machine created as the given workflow type.
pub(crate) fn valid_definition_as(
    args: &crate::DefinitionArgs,
    workflow_type: sfn_core::asl::WorkflowType,
) -> Result<Node, ExitCode> {
    let (path, no_arn_check) = (args.path.as_path(), args.no_arn_check);
    let bytes = std::fs::read(path).map_err(|e| {
        eprintln!("error: {}: {e}", path.display());
        ExitCode::from(2)
    })?;
    let src = String::from_utf8_lossy(&bytes);
    let options = sfn_core::Options {
        check_arns: !no_arn_check,
        workflow_type,
    };
    let report = sfn_core::validate_str(&src, &options);
    match report.root {
        Some(root) if report.diagnostics.iter().all(|d| !d.is_error()) => Ok(root),
        _ => {
            for d in report.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}: {d}", path.display());
            }
            eprintln!(
                "error: {} is not a valid definition; run `sfn validate` for details",
                path.display()
            );
            Err(ExitCode::from(1))
        }
    }
}

/// The file name without `.json` / `.asl.json`.
pub(crate) fn stem(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
        .trim_end_matches(".json")
        .trim_end_matches(".asl")
        .to_string()
}
