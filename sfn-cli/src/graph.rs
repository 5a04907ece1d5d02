//! `sfn graph`.

use std::process::ExitCode;

use sfn_core::graph::{Graph, Trace};

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
    print!("{}", render(&graph, args.format, None));
    ExitCode::SUCCESS
}

/// The diagram in `format`, with an execution's path over it when there is one (`sfn run
/// --graph`).
pub(crate) fn render(graph: &Graph, format: GraphFormat, trace: Option<&Trace>) -> String {
    use sfn_core::graph::{dot, dot_traced, mermaid, mermaid_traced, svg, svg_traced};
    match (format, trace) {
        (GraphFormat::Mermaid, None) => mermaid(graph),
        (GraphFormat::Mermaid, Some(t)) => mermaid_traced(graph, t),
        (GraphFormat::Dot, None) => dot(graph),
        (GraphFormat::Dot, Some(t)) => dot_traced(graph, t),
        (GraphFormat::Svg, None) => svg(graph),
        (GraphFormat::Svg, Some(t)) => svg_traced(graph, t),
    }
}
