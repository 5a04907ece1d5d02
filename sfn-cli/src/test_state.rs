//! `sfn test-state`: AWS's TestState API, answered by sfn-local.

use std::process::ExitCode;

use crate::TestStateArgs;

pub(crate) fn run(args: &TestStateArgs) -> ExitCode {
    let usage = |msg: String| {
        eprintln!("error: {msg}");
        ExitCode::from(2)
    };
    let given = args.cli_input_json.trim();
    let given = given.strip_prefix("file://").unwrap_or(given);
    let text = if given.starts_with('{') {
        given.to_string()
    } else {
        match std::fs::read_to_string(given) {
            Ok(t) => t,
            Err(e) => return usage(format!("{given}: {e}")),
        }
    };
    let request: sfn_local::TestStateRequest = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => return usage(format!("the request is not a TestState request: {e}")),
    };
    match sfn_local::test_state(&request) {
        Ok(response) => {
            for w in &response.warnings {
                eprintln!("warning: {w}");
            }
            let json = serde_json::to_string_pretty(&response).unwrap_or_default();
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => usage(e.to_string()),
    }
}
