//! Internal proc-macros of sfn. Use them through `sfn-runtime`.

use proc_macro::TokenStream;

mod asl;
mod emit;
mod include;
mod task_input;

/// A state machine written in Rust syntax, validated at compile time. See `sfn_runtime::asl`.
#[proc_macro]
pub fn asl(input: TokenStream) -> TokenStream {
    asl::expand(input.into()).into()
}

/// Reads an Amazon States Language JSON file at compile time (path relative to the crate's
/// `Cargo.toml`), validates it, and expands to a `sfn_runtime::StateMachine`.
#[proc_macro]
pub fn include_asl(input: TokenStream) -> TokenStream {
    include::expand(input.into()).into()
}

/// The JSON shape of a struct or enum, as serde reads it: implements
/// `sfn_runtime::shape::TaskInput`. Reads the `#[serde(...)]` attributes the way serde's
/// `Deserialize` derive does (`rename`, `rename_all`, `alias`, `default`, `skip`, `flatten`,
/// `tag`, `content`, `untagged`, `transparent`, `from`, ...). Not for generic types or unions.
///
/// `#[task_input(any)]` on a field makes its shape "any value": for a field whose type does
/// not implement `TaskInput` (a foreign type such as a date or a UUID, or a type that refers
/// back to this one).
#[proc_macro_derive(TaskInput, attributes(serde, task_input))]
pub fn task_input(input: TokenStream) -> TokenStream {
    task_input::expand(input.into()).into()
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proc_macro2::TokenStream;

    const SAMPLE: &str = r#"
        comment: "c",
        input: types::Order,
        start_at: Run,
        states: {
            Run: Task {
                resource: "arn:aws:states:::ecs:runTask.sync",
                parameters: { Cluster: "c", TaskDefinition: "t", Overrides: { ContainerOverrides: [{ Name: "a", Command: $.commands }] } },
                retry: [{ error_equals: [States.ALL], backoff_rate: 2 }],
                catch: [{ error_equals: [States.ALL], next: Failed }],
                next: Check,
            },
            Check: Choice { choices: [{ variable: $.s, string_equals: "x", next: Done }], default: Done },
            Done: Pass { parameters: { m: States.Format("{} {}", $.a, $$.Execution.Id), p: Req { a: $.a, b: [1, "x"], c: Inner { d: null } } }, next: Call },
            Call: Task { resource: "arn:aws:states:::lambda:invoke", parameters: { FunctionName: "f", Payload: types::Req { a: 1.5, b: { c: true } } }, result_type: Res, result_selector: { x: $.Payload.y }, result_path: $.r, output_path: $.r, end: true },
            Failed: Fail { error: "E" },
        },
    "#;

    /// Every prefix of the token stream, and the sample with each token removed, expands to
    /// something (errors or a machine) without a panic.
    #[test]
    fn any_tokens_expand_without_panic() {
        let tokens: Vec<proc_macro2::TokenTree> = TokenStream::from_str(SAMPLE)
            .expect("tokens")
            .into_iter()
            .collect();
        let mut inputs: Vec<TokenStream> = Vec::new();
        for cut in 0..=tokens.len() {
            inputs.push(tokens[..cut].iter().cloned().collect());
        }
        for skip in 0..tokens.len() {
            inputs.push(
                tokens
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, t)| t.clone())
                    .collect(),
            );
        }
        for odd in [
            "",
            ",",
            ":",
            "$",
            "$$",
            "states: Task",
            "states: { A: 1 }",
            "start_at: [1,]",
            "states: { A: Task { parameters: { x: States.Format(\"{}\") } } }",
            "a: b: c",
            "start_at: A, states: { A: Pass { result_path: $.a..b[*], parameters: { x: States.ArrayRange(1, 10, 1, 2), y: States.Format(\"{}\", States.MathAdd($.n, \"one\")), z: $$.Exec.Id, w: $x[1:2:0], v: States.Format(), u: $ } } }",
            "start_at: A, states: { A: Pass { input_path: \"$.a[\", output_path: \"{% $x\", end: true } }",
            "states: { A: Pass { end: true, next: $ } }",
            "start_at: A, states: { A: Succeed { x: y } }",
            "input: T, start_at: A, states: { A: Pass { parameters: { p: T { \"a-b\": 1, \"\": 2, r#type: $.x, self: 1 } }, end: true } }",
            "input: 1, start_at: A, states: { A: Task { resource: \"arn:aws:states:::lambda:invoke\", result_type: a::b, parameters: { FunctionName: \"f\", Payload: a::B { c: D { e: [F { }] } } }, end: true } }",
        ] {
            inputs.push(TokenStream::from_str(odd).expect("tokens"));
        }
        for input in inputs {
            let _ = crate::asl::expand(input);
        }
    }

    #[test]
    fn the_sample_expands_to_a_machine() {
        let out = crate::asl::expand(TokenStream::from_str(SAMPLE).unwrap()).to_string();
        assert!(!out.contains("compile_error"), "{out}");
        assert!(out.contains("__from_validated"));
    }

    /// `sfn_core::to_rust` output for every valid file of the conformance corpus expands,
    /// through `asl!`, to the same definition, value for value.
    #[test]
    fn to_rust_round_trips_the_corpus() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance");
        let Ok(manifest) = std::fs::read_to_string(dir.join("MANIFEST.tsv")) else {
            eprintln!("conformance corpus not found; skipped");
            return;
        };
        let mut checked = 0;
        let mut failures = Vec::new();
        for line in manifest.lines().skip(1) {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.get(1) != Some(&"valid") {
                continue;
            }
            let src = std::fs::read_to_string(dir.join(cols[0])).unwrap_or_default();
            let report = sfn_core::validate_str(&src, &sfn_core::Options::default());
            let (true, Some(root)) = (report.is_valid(), report.root.as_ref()) else {
                continue;
            };
            let body = sfn_core::to_rust::asl_body(root);
            let tokens = match TokenStream::from_str(&body) {
                Ok(t) => t,
                Err(e) => {
                    failures.push(format!("{}: not Rust tokens: {e}\n{body}", cols[0]));
                    continue;
                }
            };
            match crate::asl::check(tokens) {
                Ok(c) => {
                    let back = serde_json::to_value(&c.machine).unwrap();
                    let want = serde_json::to_value(sfn_core::to_model(root).unwrap()).unwrap();
                    if back != want {
                        failures.push(format!("{}: differs\n{body}", cols[0]));
                    }
                }
                Err(e) => failures.push(format!("{}: {e}\n{body}", cols[0])),
            }
            checked += 1;
        }
        assert!(
            failures.is_empty(),
            "{} of {checked}:\n{}",
            failures.len(),
            failures.join("\n\n")
        );
        assert!(checked > 100, "{checked}");
    }
}
