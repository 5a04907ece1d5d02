//! `sfn iam`.

use std::process::ExitCode;

use crate::IamArgs;

pub(crate) fn run(args: &IamArgs) -> ExitCode {
    let root = match crate::load::valid_definition(&args.definition) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let deployment = args.deployment.deployment(args.name.clone());
    if let Err(why) = deployment.check() {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    let policy = sfn_core::iam::policy_for(&root, &deployment);
    println!(
        "{}",
        serde_json::to_string_pretty(&policy).unwrap_or_default()
    );
    for note in &policy.notes {
        eprintln!("note: {note}");
    }
    for assumed in &policy.assumed_roles {
        // What the assumed role itself needs, as a policy document to attach to it.
        let document = sfn_core::iam::Policy {
            statements: assumed.statements.clone(),
            ..sfn_core::iam::Policy::default()
        };
        eprintln!(
            "note: the role `{}` needs:\n{}",
            assumed.role,
            serde_json::to_string_pretty(&document).unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}
