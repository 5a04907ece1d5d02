//! `sfn run`: runs a definition locally with sfn-local and prints the result as one JSON object
//! (and with `--graph FORMAT --graph-out FILE`, writes the diagram of the path it took).

use std::io::Write;
use std::process::ExitCode;

use crate::RunArgs;

pub(crate) fn run(args: &RunArgs) -> ExitCode {
    let usage = |msg: String| {
        eprintln!("error: {msg}");
        ExitCode::from(2)
    };
    let path = &args.definition;
    let src = match std::fs::read(path) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return usage(format!("{}: {e}", path.display())),
    };
    let input_text = match (&args.input, &args.input_file) {
        (Some(text), None) => text.clone(),
        (None, Some(file)) => match std::fs::read_to_string(file) {
            Ok(t) => t,
            Err(e) => return usage(format!("{}: {e}", file.display())),
        },
        (None, None) => "{}".to_string(),
        (Some(_), Some(_)) => return usage("give --input or --input-file, not both".into()),
    };
    let input: serde_json::Value = match serde_json::from_str(&input_text) {
        Ok(v) => v,
        Err(e) => return usage(format!("the input is not JSON: {e}")),
    };
    let options = sfn_core::Options {
        check_arns: !args.no_arn_check,
        workflow_type: args.workflow_type.workflow_type(),
    };
    let report = sfn_core::validate_str(&src, &options);
    if !report.is_valid() {
        let mut text = String::new();
        crate::validate::render_text(&mut text, path, &src, &report);
        eprint!("{text}");
        return ExitCode::from(2);
    }
    // The diagram is of the definition as written, states in source order.
    let graph = match (&args.graph, &report.root) {
        (Some(_), Some(root)) => Some(sfn_core::graph::build(root)),
        _ => None,
    };
    // The report's tree is the definition: validated once, converted once.
    let model = match report.root.as_ref().map(sfn_core::to_model) {
        Some(Ok(m)) => m,
        Some(Err(diagnostics)) => {
            for d in diagnostics {
                eprintln!("{}: {d}", path.display());
            }
            return ExitCode::from(2);
        }
        None => return usage(format!("{}: not a definition", path.display())),
    };
    let machine = sfn_local::Machine::from_model(model).with_workflow_type(options.workflow_type);
    let name = args
        .state_machine
        .clone()
        .unwrap_or_else(|| crate::load::stem(path));
    let machine = machine.with_name(name);
    let mocks = match &args.mock_config {
        Some(file) => {
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => return usage(format!("{}: {e}", file.display())),
            };
            match sfn_local::from_mock_config(
                &text,
                args.state_machine.as_deref(),
                args.test_case.as_deref(),
            ) {
                Ok(m) => m,
                Err(e) => return usage(format!("{}: {e}", file.display())),
            }
        }
        None if args.test_case.is_some() => {
            return usage("--test-case needs --mock-config".into());
        }
        None => sfn_local::Mocks::new(),
    };
    let execution = machine
        .runner()
        .input(input)
        .mocks(mocks)
        .field_validation(args.field_validation.into())
        // The diagram's path is read from the history.
        .history(args.history || args.graph.is_some())
        .run();
    for w in execution.warnings() {
        eprintln!("warning: {w}");
    }
    if let (Some(format), Some(graph), Some(file)) = (args.graph, &graph, &args.graph_out) {
        let trace = execution.trace();
        let text = crate::graph::render(graph, format, crate::graph::Overlay::Trace(&trace));
        if let Err(e) = std::fs::write(file, text) {
            return usage(format!("{}: {e}", file.display()));
        }
    }
    let out = serde_json::to_string_pretty(&execution.to_json(args.history)).unwrap_or_default();
    let _ = writeln!(std::io::stdout().lock(), "{out}");
    let code = if execution.status == sfn_local::Status::Succeeded {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    // The process ends here: freeing a long history one event at a time would only cost
    // time (a Map of a thousand items writes eight thousand events).
    std::mem::forget(execution);
    code
}
