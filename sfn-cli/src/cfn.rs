//! `sfn cfn`.

use std::process::ExitCode;

use crate::{CfnArgs, CfnFormat};

pub(crate) fn run(args: &CfnArgs) -> ExitCode {
    let root = match crate::load::valid_definition_as(
        &args.definition,
        args.workflow_type.workflow_type(),
    ) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| crate::load::stem(&args.definition.path));
    let deployment = args.deployment.deployment(Some(name));
    if let Err(why) = deployment.check() {
        eprintln!("error: {why}");
        return ExitCode::from(2);
    }
    let template =
        sfn_core::cfn::template_for(&root, args.workflow_type.workflow_type(), &deployment);
    match args.format {
        CfnFormat::Yaml => print!("{}", sfn_core::cfn::to_yaml(&template)),
        CfnFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&template).unwrap_or_default()
        ),
    }
    ExitCode::SUCCESS
}
