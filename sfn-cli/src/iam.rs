//! `sfn iam`.

use std::process::ExitCode;

use crate::IamArgs;

pub(crate) fn run(args: &IamArgs) -> ExitCode {
    let root = match crate::load::valid_definition(&args.definition) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let policy = sfn_core::iam::policy(&root);
    println!(
        "{}",
        serde_json::to_string_pretty(&policy).unwrap_or_default()
    );
    for note in &policy.notes {
        eprintln!("note: {note}");
    }
    ExitCode::SUCCESS
}
