//! `sfn`: validate Amazon States Language definitions with the same rules as `asl!`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod cfn;
mod coverage;
mod graph;
mod iam;
mod jsonata;
mod load;
mod run;
mod test_state;
mod to_rust;
mod validate;

/// Amazon States Language tools: validate AWS Step Functions definitions.
#[derive(Debug, Parser)]
#[command(name = "sfn", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate definitions (files, or directories searched for `.json` files).
    ///
    /// Exits 0 when every definition is valid, 1 when any is invalid, 2 on a usage or read
    /// error.
    Validate(ValidateArgs),
    /// Print the least-privilege IAM policy a definition's role needs.
    ///
    /// Exits 0 with the policy, 1 when the definition is invalid (its problems are printed), 2
    /// on a usage or read error.
    Iam(IamArgs),
    /// Draw a definition: every state and transition, Catch edges marked, Parallel branches and
    /// Map processors as groups.
    Graph(GraphArgs),
    /// Print a CloudFormation template: the state machine, its role with the least-privilege
    /// policy, and a parameter per `${Name}` placeholder.
    Cfn(CfnArgs),
    /// Print the `asl!` source of a JSON definition, to move it into Rust.
    ToRust(ToRustArgs),
    /// Run a definition locally, as AWS Step Functions would: Task results from mocks, time
    /// virtual. Prints `{"status", "output"}` or `{"status", "error", "cause"}` as JSON.
    ///
    /// When the environment variable SFN_COVERAGE names a directory, the run also records
    /// what it covered there, for `sfn coverage` to sum.
    ///
    /// Exits 0 when the execution succeeded, 1 when it did not, 2 on a usage error or an
    /// invalid definition.
    Run(RunArgs),
    /// Test one state as AWS's TestState API does, without an AWS account: the request as
    /// `aws stepfunctions test-state --cli-input-json` takes it, the response as AWS gives it
    /// (`status` SUCCEEDED, FAILED, CAUGHT_ERROR or RETRIABLE, `output`, `error`, `cause`,
    /// `nextState`, `inspectionData`).
    ///
    /// Exits 0 with the response, 2 on a usage error or a request AWS would refuse.
    TestState(TestStateArgs),
    /// Evaluate a JSONata expression as Step Functions does (JSONata 2.0.6, without `$eval`,
    /// with `$partition`, `$range`, `$random`, `$uuid` and `$parse`), the input as the context
    /// value.
    ///
    /// Exits 0 with the result (or with `undefined`), 1 when the expression fails, 2 on a
    /// usage error.
    Jsonata(JsonataArgs),
    /// Sum the coverage executions recorded and report, per machine, the states, Choice
    /// rules (and Defaults), retriers, catchers and transitions they covered, naming those
    /// none did.
    ///
    /// Executions record their coverage when the environment variable SFN_COVERAGE names a
    /// directory: `SFN_COVERAGE=$PWD/target/sfn-coverage cargo test` (every `sfn_local` run
    /// of every test, on every thread and in every test binary; an absolute path, as each
    /// crate's tests run in its own directory), or `sfn run` with it set.
    ///
    /// Exits 0 with the report, 1 when a machine is under `--fail-under`, 2 when the
    /// directory holds no records or a record does not read.
    Coverage(CoverageArgs),
}

#[derive(Debug, clap::Args)]
struct CoverageArgs {
    /// The directory of the records (default: $SFN_COVERAGE, else target/sfn-coverage).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// `text`: a report per machine; `json`: `{"dir", "machines": [...]}` with every part
    /// and the executions that covered it.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
    format: CoverageFormat,
    /// Only the machine with this name, or whose id starts so.
    #[arg(long, value_name = "NAME|ID")]
    machine: Option<String>,
    /// Also draw each machine with its coverage over it (covered states and transitions
    /// green, the rest grey), into the file given by `--graph-out` (with several machines,
    /// one file each, named `FILE-<id>.<ext>`).
    #[arg(long, value_enum, value_name = "FORMAT", requires = "graph_out")]
    graph: Option<GraphFormat>,
    /// The file `--graph` writes the diagram to.
    #[arg(long, value_name = "FILE", requires = "graph")]
    graph_out: Option<PathBuf>,
    /// Exit 1 when a machine's coverage (all its parts) is under PERCENT.
    #[arg(long, value_name = "PERCENT")]
    fail_under: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum CoverageFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
struct JsonataArgs {
    /// The input, as JSON text (none: the expression has no context value).
    #[arg(long, conflicts_with = "input_file")]
    input: Option<String>,
    /// A file holding the input.
    #[arg(long, value_name = "FILE")]
    input_file: Option<std::path::PathBuf>,
    /// Variables, as a JSON object: `{"rate": 0.2}` binds `$rate`.
    #[arg(long, value_name = "JSON")]
    bindings: Option<String>,
    /// `text` prints the result as JSON (nothing when undefined); `json` prints
    /// `{"result": ...}`, `{"undefined": true}` or `{"error": {"code", "message"}}`.
    #[arg(long, value_enum, default_value_t = JsonataFormat::Text)]
    format: JsonataFormat,
    /// The expression.
    #[arg(allow_hyphen_values = true)]
    expression: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum JsonataFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
struct TestStateArgs {
    /// The request: a file, or the JSON text itself (`file://` prefixes are accepted, as the
    /// AWS CLI writes them).
    #[arg(long = "cli-input-json", value_name = "FILE|JSON")]
    cli_input_json: String,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// The execution input, as JSON text (default `{}`).
    #[arg(long)]
    input: Option<String>,
    /// A file holding the execution input.
    #[arg(long)]
    input_file: Option<PathBuf>,
    /// Step Functions Local's mock configuration file: Task results by test case.
    #[arg(long)]
    mock_config: Option<PathBuf>,
    /// The test case of the mock configuration (needed when it has more than one).
    #[arg(long, requires = "mock_config")]
    test_case: Option<String>,
    /// The state machine of the mock configuration, also its name in ARNs (default: the
    /// file name).
    #[arg(long)]
    state_machine: Option<String>,
    /// Also print AWS's `GetExecutionHistory` events.
    #[arg(long)]
    history: bool,
    /// Also draw the machine with the execution's path over it (visited states, transitions
    /// taken, the failing state), into the file given by `--graph-out`.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "graph_out")]
    graph: Option<GraphFormat>,
    /// The file `--graph` writes the diagram to (stdout keeps the JSON result).
    #[arg(long, value_name = "FILE", requires = "graph")]
    graph_out: Option<PathBuf>,
    /// The workflow type: an `express` run ends after five minutes of virtual time.
    #[arg(long = "type", value_enum, default_value_t = WorkflowArg::Standard)]
    workflow_type: WorkflowArg,
    /// How strictly each mocked result is checked against the result its integration
    /// returns, as TestState's `fieldValidationMode`: `strict` (required members present,
    /// present members of the API's types), `present` (present members only) or `none`. A
    /// mock that does not fit, or an error an AWS SDK integration cannot raise, is a warning
    /// on stderr; the run uses the mock as it is.
    #[arg(long, value_enum, value_name = "MODE", default_value_t = FieldValidationArg::Strict)]
    field_validation: FieldValidationArg,
    /// Accept any string as a Task resource (for definitions with placeholders like "foo:bar").
    #[arg(long)]
    no_arn_check: bool,
    /// The definition file.
    definition: PathBuf,
}

/// `--field-validation`: TestState's `fieldValidationMode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FieldValidationArg {
    Strict,
    Present,
    None,
}

impl From<FieldValidationArg> for sfn_local::FieldValidation {
    fn from(mode: FieldValidationArg) -> Self {
        match mode {
            FieldValidationArg::Strict => sfn_local::FieldValidation::Strict,
            FieldValidationArg::Present => sfn_local::FieldValidation::Present,
            FieldValidationArg::None => sfn_local::FieldValidation::None,
        }
    }
}

/// The definition file of a command that needs a valid definition.
#[derive(Debug, clap::Args)]
struct DefinitionArgs {
    /// Accept any string as a Task resource (for definitions with placeholders like "foo:bar").
    #[arg(long)]
    no_arn_check: bool,
    /// The definition file.
    path: PathBuf,
}

#[derive(Debug, clap::Args)]
struct ToRustArgs {
    /// The name of the `static` (default: from the file name, in SCREAMING_SNAKE_CASE).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    definition: DefinitionArgs,
}

/// Template formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CfnFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// The workflow type a state machine is created as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum WorkflowArg {
    /// Standard workflows (the default).
    Standard,
    /// Express workflows: request-response integrations only, at most five minutes.
    Express,
}

impl WorkflowArg {
    fn workflow_type(self) -> sfn_core::asl::WorkflowType {
        match self {
            WorkflowArg::Standard => sfn_core::asl::WorkflowType::Standard,
            WorkflowArg::Express => sfn_core::asl::WorkflowType::Express,
        }
    }
}

#[derive(Debug, clap::Args)]
struct CfnArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CfnFormat::Yaml)]
    format: CfnFormat,
    /// The workflow type: `express` writes `StateMachineType: EXPRESS` with a log group, the
    /// logging configuration and the role's log delivery permissions.
    #[arg(long = "type", value_enum, default_value_t = WorkflowArg::Standard)]
    workflow_type: WorkflowArg,
    /// The state machine's name (default: the file name without `.asl.json` / `.json`).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    deployment: DeploymentArgs,
    #[command(flatten)]
    definition: DefinitionArgs,
}

/// What the definition does not say about the deployment, for the policy.
#[derive(Debug, clap::Args)]
struct DeploymentArgs {
    /// The state machine's region (resources not named by an ARN are in it).
    #[arg(long)]
    region: Option<String>,
    /// The state machine's account.
    #[arg(long)]
    account: Option<String>,
    /// The partition (default: the region's, else `aws`).
    #[arg(long)]
    partition: Option<String>,
    /// A task role or task execution role of the ECS task definitions the machine runs, by
    /// ARN or name: the role needs `iam:PassRole` on it (repeat for each).
    #[arg(long = "task-role", value_name = "ROLE")]
    task_roles: Vec<String>,
    /// Executions log to CloudWatch Logs: the guide's log delivery statement (and, for
    /// `sfn cfn`, a log group and the logging configuration).
    #[arg(long)]
    logging: bool,
    /// Executions are traced with X-Ray: the guide's tracing statement (and, for `sfn cfn`,
    /// the tracing configuration).
    #[arg(long)]
    tracing: bool,
}

impl DeploymentArgs {
    fn deployment(&self, name: Option<String>) -> sfn_core::iam::Deployment {
        sfn_core::iam::Deployment {
            partition: self.partition.clone(),
            region: self.region.clone(),
            account: self.account.clone(),
            name,
            task_roles: self.task_roles.clone(),
            logging: self.logging,
            tracing: self.tracing,
            cloudformation: false,
        }
    }
}

/// Diagram formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// A Mermaid flowchart (renders on GitHub and in most Markdown viewers).
    Mermaid,
    /// Graphviz dot.
    Dot,
    /// An SVG image, laid out in pure Rust by layout-rs (no Graphviz needed).
    Svg,
}

#[derive(Debug, clap::Args)]
struct GraphArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    format: GraphFormat,
    /// The definition file.
    path: PathBuf,
}

#[derive(Debug, clap::Args)]
struct IamArgs {
    /// The state machine's name (a Distributed Map starts executions of it; an HTTP Task is
    /// authorized on it).
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    deployment: DeploymentArgs,
    #[command(flatten)]
    definition: DefinitionArgs,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable diagnostics with the source line.
    Text,
    /// One JSON array with a report per file.
    Json,
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// The workflow type the definitions are created as: `express` refuses what AWS refuses
    /// for Express workflows (`.sync`, `.waitForTaskToken`, activities, Distributed Map).
    #[arg(long = "type", value_enum, default_value_t = WorkflowArg::Standard)]
    workflow_type: WorkflowArg,
    /// Accept any string as a Task resource (for definitions with placeholders like "foo:bar").
    #[arg(long)]
    no_arn_check: bool,
    /// Definition files or directories.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Validate(args) => validate::run(&args),
        Command::Iam(args) => iam::run(&args),
        Command::Graph(args) => graph::run(&args),
        Command::Cfn(args) => cfn::run(&args),
        Command::ToRust(args) => to_rust::run(&args),
        Command::Run(args) => run::run(&args),
        Command::TestState(args) => test_state::run(&args),
        Command::Jsonata(args) => jsonata::run(&args),
        Command::Coverage(args) => coverage::run(&args),
    }
}
