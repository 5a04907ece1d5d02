//! `sfn graph`.

use std::process::ExitCode;

use crate::{GraphArgs, GraphFormat};

pub(crate) fn run(args: &GraphArgs) -> ExitCode {
    let bytes = match std::fs::read(&args.path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {}: {e}", args.path.display());
            return ExitCode::from(2);
        }
    };
    let src = String::from_utf8_lossy(&bytes);
    let parsed = sfn_core::json::parse(&src);
    let Some(root) = parsed.root else {
        eprintln!(
            "error: {} is not JSON; run `sfn validate` for details",
            args.path.display()
        );
        return ExitCode::from(1);
    };
    let graph = sfn_core::graph::build(&root);
    let text = match args.format {
        GraphFormat::Mermaid => sfn_core::graph::mermaid(&graph),
        GraphFormat::Dot => sfn_core::graph::dot(&graph),
        GraphFormat::Svg => sfn_core::graph::svg(&graph),
    };
    print!("{text}");
    ExitCode::SUCCESS
}
