//! `sfn graph`.

use std::process::ExitCode;

use sfn_core::graph::{Covered, Graph, Trace};

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
    print!("{}", render(&graph, args.format, Overlay::None));
    ExitCode::SUCCESS
}

/// What a diagram draws over the machine.
pub(crate) enum Overlay<'a> {
    /// Nothing: the plain diagram (`sfn graph`).
    None,
    /// An execution's path (`sfn run --graph`).
    Trace(&'a Trace),
    /// What many executions covered (`sfn coverage --graph`).
    Covered(&'a Covered),
}

/// The diagram in `format`, with an overlay.
pub(crate) fn render(graph: &Graph, format: GraphFormat, overlay: Overlay<'_>) -> String {
    use sfn_core::graph::{
        dot, dot_covered, dot_traced, mermaid, mermaid_covered, mermaid_traced, svg, svg_covered,
        svg_traced,
    };
    match (format, overlay) {
        (GraphFormat::Mermaid, Overlay::None) => mermaid(graph),
        (GraphFormat::Mermaid, Overlay::Trace(t)) => mermaid_traced(graph, t),
        (GraphFormat::Mermaid, Overlay::Covered(c)) => mermaid_covered(graph, c),
        (GraphFormat::Dot, Overlay::None) => dot(graph),
        (GraphFormat::Dot, Overlay::Trace(t)) => dot_traced(graph, t),
        (GraphFormat::Dot, Overlay::Covered(c)) => dot_covered(graph, c),
        (GraphFormat::Svg, Overlay::None) => svg(graph),
        (GraphFormat::Svg, Overlay::Trace(t)) => svg_traced(graph, t),
        (GraphFormat::Svg, Overlay::Covered(c)) => svg_covered(graph, c),
    }
}
