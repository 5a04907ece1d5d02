//! Deploys a state machine written with `asl!` through the AWS SDK for Rust, then runs it.
//!
//! `CreateStateMachine` when no machine of that name exists, `UpdateStateMachine` when one does
//! (found with `ListStateMachines`, so a second run updates the first one's machine), both with
//! the definition `StateMachine::definition()` hands out; then `StartExecution` with an input
//! serialized from the machine's own input type, and `DescribeExecution` until the execution
//! ends or the wait runs out.
//!
//! Region, credentials and endpoint come from the environment like for any AWS SDK program
//! (`AWS_REGION`, `AWS_PROFILE` or `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, and
//! `AWS_ENDPOINT_URL` for a local endpoint), so the same binary deploys to AWS and to a local
//! Step Functions such as moto's server (`examples/aws-sdk/run-against-moto.sh`).
//!
//! ```text
//! cargo run --manifest-path examples/aws-sdk/Cargo.toml -- [ROLE_ARN]
//! ```
//!
//! - `ROLE_ARN`, or `SFN_ROLE_ARN`: the role Step Functions runs the machine with. The default,
//!   `arn:aws:iam::123456789012:role/sfn-example-aws-sdk`, only suits a local endpoint.
//! - `SFN_STATE_MACHINE_NAME`: the machine's name, `sfn-example-greeter` by default.
//! - `SFN_WAIT_SECONDS`: how long to wait for the execution to end, 30 by default. An
//!   execution still running then is reported, not an error; one that failed, timed out or was
//!   aborted makes the program exit with status 1.

use std::error::Error;
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_config::BehaviorVersion;
use aws_sdk_sfn::types::ExecutionStatus;
use aws_sdk_sfn::Client;
use serde::{Deserialize, Serialize};
use sfn_runtime::{asl, StateMachine, TaskInput};

/// The execution input. `asl!` checks every path that reads it (`$.nmae` would not compile),
/// and the program serializes the input it starts the execution with from the same type.
#[derive(Debug, Serialize, Deserialize, TaskInput)]
pub struct Visitor {
    pub name: String,
    pub returning: bool,
}

/// Greets a visitor, differently the second time. Pass and Choice states only: the machine's
/// role needs no permission (`GREETER.iam_policy()` has no statement).
pub static GREETER: StateMachine = asl! {
    comment: "Greets a visitor; deployed and started by the aws-sdk example of sfn",
    input: Visitor,
    start_at: Returning,
    states: {
        Returning: Choice {
            choices: [{ variable: $.returning, boolean_equals: true, next: WelcomeBack }],
            default: Welcome,
        },
        Welcome: Pass {
            parameters: { message: States.Format("Hello, {}!", $.name) },
            end: true,
        },
        WelcomeBack: Pass {
            parameters: { message: States.Format("Welcome back, {}!", $.name) },
            end: true,
        },
    },
};

const DEFAULT_ROLE_ARN: &str = "arn:aws:iam::123456789012:role/sfn-example-aws-sdk";
const DEFAULT_NAME: &str = "sfn-example-greeter";
const DEFAULT_WAIT_SECONDS: u64 = 30;

type Result<T, E = Box<dyn Error>> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a single-threaded tokio runtime");
    match runtime.block_on(run()) {
        Ok(code) => code,
        Err(error) => {
            // The SDK's errors tell what went wrong in their sources: print each text once.
            let mut message = format!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                let text = cause.to_string();
                if !message.ends_with(&text) {
                    message = format!("{message}: {text}");
                }
                source = cause.source();
            }
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<ExitCode> {
    let role_arn = std::env::args()
        .nth(1)
        .or_else(|| std::env::var("SFN_ROLE_ARN").ok())
        .unwrap_or_else(|| DEFAULT_ROLE_ARN.to_owned());
    let name = std::env::var("SFN_STATE_MACHINE_NAME").unwrap_or_else(|_| DEFAULT_NAME.to_owned());
    let wait = match std::env::var("SFN_WAIT_SECONDS") {
        Ok(seconds) => seconds.parse().map_err(|_| {
            format!("SFN_WAIT_SECONDS must be a number of seconds, not `{seconds}`")
        })?,
        Err(_) => DEFAULT_WAIT_SECONDS,
    };

    let config = aws_config::load_defaults(BehaviorVersion::latest()).await;
    let client = Client::new(&config);

    let (arn, updated) = create_or_update(&client, &name, &role_arn, GREETER.definition()).await?;
    println!(
        "state machine {}: {arn}",
        if updated { "updated" } else { "created" }
    );

    // A machine that was already there takes the other branch of the Choice state.
    let input = Visitor {
        name: "Ferris".to_owned(),
        returning: updated,
    };
    // Named, although the name is optional: moto's engine names an unnamed execution `None`.
    let execution_name = format!(
        "greet-{}",
        SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis()
    );
    let started = client
        .start_execution()
        .state_machine_arn(&arn)
        .name(execution_name)
        .input(serde_json::to_string(&input)?)
        .send()
        .await?;
    println!("execution started: {}", started.execution_arn());

    let execution =
        wait_for_end(&client, started.execution_arn(), Duration::from_secs(wait)).await?;
    if let Some(output) = execution.output() {
        println!("execution output: {output}");
    }
    Ok(match execution.status() {
        ExecutionStatus::Running | ExecutionStatus::Succeeded => ExitCode::SUCCESS,
        _ => {
            eprintln!(
                "error: the execution ended {}: {} {}",
                execution.status(),
                execution.error().unwrap_or_default(),
                execution.cause().unwrap_or_default()
            );
            ExitCode::FAILURE
        }
    })
}

/// Updates the machine named `name` if there is one, creates it otherwise. Returns its ARN and
/// whether it was updated.
async fn create_or_update(
    client: &Client,
    name: &str,
    role_arn: &str,
    definition: &str,
) -> Result<(String, bool)> {
    let mut machines = client.list_state_machines().into_paginator().items().send();
    while let Some(machine) = machines.next().await {
        let machine = machine?;
        if machine.name() == name {
            client
                .update_state_machine()
                .state_machine_arn(machine.state_machine_arn())
                .definition(definition)
                .role_arn(role_arn)
                .send()
                .await?;
            return Ok((machine.state_machine_arn().to_owned(), true));
        }
    }
    let created = client
        .create_state_machine()
        .name(name)
        .definition(definition)
        .role_arn(role_arn)
        .send()
        .await?;
    Ok((created.state_machine_arn().to_owned(), false))
}

/// Describes the execution until it is no longer running or `wait` has passed, printing each
/// status it sees.
async fn wait_for_end(
    client: &Client,
    execution_arn: &str,
    wait: Duration,
) -> Result<aws_sdk_sfn::operation::describe_execution::DescribeExecutionOutput> {
    let deadline = Instant::now() + wait;
    let mut last_status = None;
    loop {
        let execution = client
            .describe_execution()
            .execution_arn(execution_arn)
            .send()
            .await?;
        let status = execution.status().clone();
        if last_status.as_ref() != Some(&status) {
            println!("execution status: {status}");
        }
        if status != ExecutionStatus::Running {
            return Ok(execution);
        }
        if Instant::now() >= deadline {
            println!("execution still running after {} s", wait.as_secs());
            return Ok(execution);
        }
        last_status = Some(status);
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
