//! `sfn to-rust`.

use std::process::ExitCode;

use crate::ToRustArgs;

pub(crate) fn run(args: &ToRustArgs) -> ExitCode {
    let root = match crate::load::valid_definition(&args.definition) {
        Ok(root) => root,
        Err(code) => return code,
    };
    if let Some((at, name)) = sfn_core::json::first_placeholder(&root) {
        eprintln!(
            "error: {}: `${{{name}}}` at {at} is an unquoted template placeholder; `asl!` holds \
             placeholders only inside strings: substitute it, or keep the file and use \
             `include_asl!`, which reads templates",
            args.definition.path.display()
        );
        return ExitCode::from(1);
    }
    let name = args.name.clone().unwrap_or_else(|| {
        let stem: String = crate::load::stem(&args.definition.path)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        if stem.is_empty() || stem.starts_with(|c: char| c.is_ascii_digit()) {
            format!("STATE_MACHINE_{stem}")
        } else {
            stem
        }
    });
    print!("{}", sfn_core::to_rust::asl_static(&name, &root));
    ExitCode::SUCCESS
}
