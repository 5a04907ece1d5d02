//! `sfn jsonata`: one JSONata expression, evaluated as Step Functions evaluates it.

use std::process::ExitCode;

use serde_json::{json, Value};
use sfn_core::jsonata::{self, eval};

use crate::{JsonataArgs, JsonataFormat};

pub(crate) fn run(args: &JsonataArgs) -> ExitCode {
    let usage = |msg: String| {
        eprintln!("error: {msg}");
        ExitCode::from(2)
    };
    let input_text = match (&args.input, &args.input_file) {
        (Some(t), _) => Some(t.clone()),
        (None, Some(file)) => match std::fs::read_to_string(file) {
            Ok(t) => Some(t),
            Err(e) => return usage(format!("{}: {e}", file.display())),
        },
        (None, None) => None,
    };
    let input: Option<Value> = match input_text.as_deref().map(serde_json::from_str) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(e)) => return usage(format!("the input is not JSON: {e}")),
    };
    let bindings = match args.bindings.as_deref().map(serde_json::from_str::<Value>) {
        None => serde_json::Map::new(),
        Some(Ok(Value::Object(m))) => m,
        Some(Ok(_)) => return usage("--bindings must be a JSON object".into()),
        Some(Err(e)) => return usage(format!("--bindings is not JSON: {e}")),
    };
    let outcome = jsonata::parse(&args.expression)
        .map_err(|e| {
            let message = format!("{} (at offset {})", e.message, e.offset);
            (e.code.to_string(), message)
        })
        .and_then(|ast| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            let mut host = sfn_local::JsonataHost::new(now, now as u64);
            eval::evaluate(
                &ast,
                input.as_ref(),
                &bindings,
                &mut host,
                &Default::default(),
            )
            .map_err(|e| (e.code.clone(), e.message.clone()))
        });
    let (printed, code) = match (&outcome, args.format) {
        (Ok(Some(v)), JsonataFormat::Text) => (Some(pretty(v)), 0),
        (Ok(None), JsonataFormat::Text) => (None, 0),
        (Ok(Some(v)), JsonataFormat::Json) => (Some(pretty(&json!({"result": v}))), 0),
        (Ok(None), JsonataFormat::Json) => (Some(pretty(&json!({"undefined": true}))), 0),
        (Err((code, message)), JsonataFormat::Json) => (
            Some(pretty(
                &json!({"error": {"code": code, "message": message}}),
            )),
            1,
        ),
        (Err((code, message)), JsonataFormat::Text) => {
            eprintln!("error: {code}: {message}");
            (None, 1)
        }
    };
    if let Some(text) = printed {
        println!("{text}");
    }
    ExitCode::from(code)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}
