//! A CloudFormation template for a state machine: the `AWS::StepFunctions::StateMachine`, its
//! role with the least-privilege policy, and a parameter for each `${Name}` placeholder, passed
//! through `DefinitionSubstitutions`.
//!
//! ```
//! let root = sfn_core::json::parse(
//!     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
//! )
//! .root
//! .unwrap();
//! let yaml = sfn_core::cfn::to_yaml(&sfn_core::cfn::template(
//!     "hello",
//!     &root,
//!     sfn_core::asl::WorkflowType::Standard,
//! ));
//! assert!(yaml.starts_with("AWSTemplateFormatVersion: \"2010-09-09\"\n"));
//! assert!(yaml.contains("  Hello:\n    Type: \"AWS::StepFunctions::StateMachine\"\n"));
//! ```

use serde_json::{json, Map, Value};

use crate::asl::WorkflowType;
use crate::iam::Deployment;
use crate::json::Node;

/// The template, as a JSON value ([`to_yaml`] renders it as YAML).
///
/// `name` is the state machine's name; the logical ids are made from it in PascalCase
/// (`order-flow` gives `OrderFlow` and `OrderFlowRole`).
///
/// ```
/// use sfn_core::asl::WorkflowType;
///
/// let root = sfn_core::json::parse(
///     r#"{
///       "StartAt": "Notify",
///       "States": {
///         "Notify": {
///           "Type": "Task",
///           "Resource": "arn:aws:states:::sns:publish",
///           "Parameters": {"TopicArn": "${TopicArn}", "Message.$": "$.text"},
///           "End": true
///         }
///       }
///     }"#,
/// )
/// .root
/// .unwrap();
/// let template = sfn_core::cfn::template("order-flow", &root, WorkflowType::Standard);
/// let machine = &template["Resources"]["OrderFlow"];
/// assert_eq!(machine["Type"], "AWS::StepFunctions::StateMachine");
/// assert_eq!(machine["Properties"]["DefinitionSubstitutions"]["TopicArn"]["Ref"], "TopicArn");
/// assert_eq!(template["Parameters"]["TopicArn"]["Type"], "String");
/// let policy = &template["Resources"]["OrderFlowRole"]["Properties"]["Policies"][0];
/// assert_eq!(policy["PolicyDocument"]["Statement"][0]["Resource"][0]["Fn::Sub"], "${TopicArn}");
///
/// // An Express machine gets its type and, since its executions have no history in Step
/// // Functions, a log group, logging and the role's log delivery permissions.
/// let express = sfn_core::cfn::template("order-flow", &root, WorkflowType::Express);
/// let machine = &express["Resources"]["OrderFlow"]["Properties"];
/// assert_eq!(machine["StateMachineType"], "EXPRESS");
/// assert_eq!(machine["LoggingConfiguration"]["Level"], "ALL");
/// assert_eq!(express["Resources"]["OrderFlowLogs"]["Type"], "AWS::Logs::LogGroup");
/// ```
pub fn template(name: &str, root: &Node, ty: WorkflowType) -> Value {
    template_for(root, ty, &Deployment::cloudformation(name))
}

/// The template of a machine deployed as `deployment` says: its name (`name`, else
/// `StateMachine`), the roles its ECS tasks pass, and CloudWatch Logs logging and X-Ray
/// tracing, which set the machine's `LoggingConfiguration` and `TracingConfiguration` and add
/// the guide's statements to the role. The policy's partition, region and account are the
/// stack's where the deployment leaves them out. An Express machine always logs.
///
/// ```
/// use sfn_core::asl::WorkflowType;
/// use sfn_core::iam::Deployment;
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let deployment = Deployment::cloudformation("traced").tracing(true);
/// let template = sfn_core::cfn::template_for(&root, WorkflowType::Standard, &deployment);
/// let machine = &template["Resources"]["Traced"]["Properties"];
/// assert_eq!(machine["TracingConfiguration"]["Enabled"], true);
/// let policy = &template["Resources"]["TracedRole"]["Properties"]["Policies"][0]["PolicyDocument"];
/// assert_eq!(policy["Statement"][0]["Action"][0], "xray:GetSamplingRules");
/// ```
pub fn template_for(root: &Node, ty: WorkflowType, deployment: &Deployment) -> Value {
    let name = deployment.name.as_deref().unwrap_or("StateMachine");
    let stack = Deployment::cloudformation(name);
    let deployment = Deployment {
        partition: deployment.partition.clone().or(stack.partition),
        region: deployment.region.clone().or(stack.region),
        account: deployment.account.clone().or(stack.account),
        name: Some(name.to_string()),
        logging: deployment.logging || ty == WorkflowType::Express,
        cloudformation: true,
        ..deployment.clone()
    };
    let subs = crate::asl::substitutions(root);
    let subs: Vec<&str> = subs.iter().map(String::as_str).collect();
    let derived = crate::iam::policy_for(root, &deployment);
    let policy = serde_json::to_value(&derived).unwrap_or(Value::Null);
    // A template with unquoted `${Name}` placeholders is JSON only once they are
    // substituted: it goes in as text (`DefinitionString`), which CloudFormation substitutes
    // before Step Functions reads it.
    let definition = match crate::json::first_placeholder(root) {
        Some(_) => Value::String(crate::json::template_text(root)),
        None => root.to_serde(),
    };
    let mut template = assemble(name, definition, policy, &subs, ty);
    // Why a resource is `*`, and what the policy could not know, beside the role.
    let role = format!("{}Role", logical_id(name));
    if let Some(role) = template
        .get_mut("Resources")
        .and_then(|r| r.get_mut(&role))
        .and_then(Value::as_object_mut)
    {
        if !derived.notes.is_empty() {
            role.insert("Metadata".into(), json!({"sfn": {"Notes": derived.notes}}));
        }
    }
    observability(template, name, deployment.logging, deployment.tracing)
}

/// The template from parts already derived: the definition, its policy document and its
/// `${Name}` placeholders. [`template`] derives them from a definition; the runtime's
/// `StateMachine` stores them at compile time and assembles the template without reading the
/// definition again.
///
/// ```
/// use serde_json::json;
/// use sfn_core::asl::WorkflowType;
///
/// let definition = json!({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}});
/// let policy = json!({"Version": "2012-10-17", "Statement": []});
/// let template = sfn_core::cfn::assemble("hello", definition.clone(), policy, &[], WorkflowType::Standard);
/// assert_eq!(template["Resources"]["Hello"]["Properties"]["Definition"], definition);
/// assert!(template.get("Parameters").is_none());
/// ```
pub fn assemble(
    name: &str,
    definition: Value,
    policy: Value,
    subs: &[&str],
    ty: WorkflowType,
) -> Value {
    let id = logical_id(name);
    let role = format!("{id}Role");
    let mut parameters = Map::new();
    let mut substitutions = Map::new();
    for &s in subs {
        // `${AWS::Region}` and the other pseudo parameters are the stack's own: substituted,
        // not asked for.
        if s.starts_with("AWS::") {
            substitutions.insert(s.to_string(), json!({ "Ref": s }));
            continue;
        }
        parameters.insert(
            s.to_string(),
            json!({"Type": "String", "Description": format!("Value of `${{{s}}}` in the definition")}),
        );
        substitutions.insert(s.to_string(), json!({ "Ref": s }));
    }
    let mut properties = Map::new();
    properties.insert("StateMachineName".into(), json!(name));
    // A definition given as text (a template) is a `DefinitionString`.
    let key = if definition.is_string() {
        "DefinitionString"
    } else {
        "Definition"
    };
    properties.insert(key.into(), definition);
    properties.insert("RoleArn".into(), json!({"Fn::GetAtt": [role, "Arn"]}));
    if !substitutions.is_empty() {
        properties.insert(
            "DefinitionSubstitutions".into(),
            Value::Object(substitutions),
        );
    }
    // A policy without statements is no policy: IAM refuses an empty one.
    let has_statements = policy
        .get("Statement")
        .and_then(Value::as_array)
        .is_some_and(|s| !s.is_empty());
    let policies = if has_statements {
        json!([{"PolicyName": format!("{id}Policy"), "PolicyDocument": substitute(policy)}])
    } else {
        json!([])
    };
    let mut out = Map::new();
    out.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    out.insert(
        "Description".into(),
        json!(format!("The {name} state machine and its role")),
    );
    if !parameters.is_empty() {
        out.insert("Parameters".into(), Value::Object(parameters));
    }
    out.insert(
        "Resources".into(),
        json!({
            role.clone(): {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [{
                            "Effect": "Allow",
                            "Principal": {"Service": "states.amazonaws.com"},
                            "Action": "sts:AssumeRole"
                        }]
                    },
                    "Policies": policies
                }
            },
            id.clone(): {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": Value::Object(properties)
            }
        }),
    );
    out.insert(
        "Outputs".into(),
        json!({
            format!("{id}Arn"): {"Value": {"Ref": id}},
            format!("{role}Arn"): {"Value": {"Fn::GetAtt": [role, "Arn"]}}
        }),
    );
    workflow_type(Value::Object(out), &id, ty)
}

/// The template as a workflow of type `ty`: `StateMachineType: EXPRESS` for Express.
fn workflow_type(mut template: Value, id: &str, ty: WorkflowType) -> Value {
    if ty == WorkflowType::Express {
        if let Some(props) = template
            .get_mut("Resources")
            .and_then(|r| r.get_mut(id))
            .and_then(|m| m.get_mut("Properties"))
            .and_then(Value::as_object_mut)
        {
            props.insert("StateMachineType".into(), json!(ty.cloudformation_name()));
        }
    }
    template
}

/// Logging and tracing: a log group (`/aws/vendedlogs/states/<name>`) and the machine's
/// `LoggingConfiguration` (level `ALL`, without execution data: inputs and outputs reach the
/// logs only if you set `IncludeExecutionData`), and `TracingConfiguration`. The role's
/// statements for them are in its policy ([`crate::iam::Deployment`]).
fn observability(mut template: Value, name: &str, logging: bool, tracing: bool) -> Value {
    let id = logical_id(name);
    let logs = format!("{id}Logs");
    let Some(resources) = template.get_mut("Resources").and_then(Value::as_object_mut) else {
        return template;
    };
    if let Some(props) = resources
        .get_mut(&id)
        .and_then(|m| m.get_mut("Properties"))
        .and_then(Value::as_object_mut)
    {
        if logging {
            props.insert(
                "LoggingConfiguration".into(),
                json!({
                    "Level": "ALL",
                    "IncludeExecutionData": false,
                    "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": [logs, "Arn"]}}}]
                }),
            );
        }
        if tracing {
            props.insert("TracingConfiguration".into(), json!({"Enabled": true}));
        }
    }
    if logging {
        resources.insert(
            logs,
            json!({
                "Type": "AWS::Logs::LogGroup",
                "Properties": {"LogGroupName": format!("/aws/vendedlogs/states/{name}")}
            }),
        );
    }
    template
}

/// A CloudFormation logical id from a name: letters and digits, PascalCase.
fn logical_id(name: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "StateMachine");
    }
    out
}

/// Policy strings that hold `${Name}` placeholders become `Fn::Sub`, so CloudFormation fills
/// them from the template's parameters.
fn substitute(v: Value) -> Value {
    match v {
        Value::String(s) if s.starts_with("${") && s.ends_with("|queue-arn}") => {
            // An SQS queue URL, `https://sqs.<region>.amazonaws.com/<account>/<name>` (what `Ref`
            // of an `AWS::SQS::Queue` gives), taken
            // apart into the queue's ARN.
            let name = &s[2..s.len() - "|queue-arn}".len()];
            let parts = json!({"Fn::Split": ["/", {"Ref": name}]});
            let host = json!({"Fn::Split": [".", {"Fn::Select": [2, parts.clone()]}]});
            json!({"Fn::Join": [":", [
                "arn",
                {"Ref": "AWS::Partition"},
                "sqs",
                {"Fn::Select": [1, host]},
                {"Fn::Select": [3, parts.clone()]},
                {"Fn::Select": [4, parts]}
            ]]})
        }
        Value::String(s) if s.starts_with("${") && s.ends_with("|sfn-executions}") => {
            // A state machine's ARN, `arn:<partition>:states:<region>:<account>:stateMachine:
            // <name>`, taken apart into its executions' ARNs.
            let name = &s[2..s.len() - "|sfn-executions}".len()];
            let parts = json!({"Fn::Split": [":", {"Ref": name}]});
            json!({"Fn::Join": [":", [
                "arn",
                {"Fn::Select": [1, parts.clone()]},
                "states",
                {"Fn::Select": [3, parts.clone()]},
                {"Fn::Select": [4, parts.clone()]},
                "execution",
                {"Fn::Select": [6, parts]},
                "*"
            ]]})
        }
        Value::String(s) if crate::asl::has_placeholder(&s) => {
            // IAM's literal characters `${*}`, `${?}`, `${$}` are written `${!*}`, ... in
            // `Fn::Sub`, which would read them as variables.
            let s = s
                .replace("${*}", "${!*}")
                .replace("${?}", "${!?}")
                .replace("${$}", "${!$}");
            json!({ "Fn::Sub": s })
        }
        Value::Array(a) => Value::Array(a.into_iter().map(substitute).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, substitute(v))).collect()),
        other => other,
    }
}

/// Renders a JSON value as block-style YAML (strings always quoted, so no value changes type).
///
/// ```
/// let value = serde_json::json!({
///     "Resource": "arn:aws:states:::sns:publish",
///     "End": true,
///     "Retry": [1, "2"],
/// });
/// assert_eq!(
///     sfn_core::cfn::to_yaml(&value),
///     "Resource: \"arn:aws:states:::sns:publish\"\nEnd: true\nRetry:\n  - 1\n  - \"2\"\n",
/// );
/// ```
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    yaml(v, 0, &mut out, false);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml(v: &Value, indent: usize, out: &mut String, inline: bool) {
    let pad = "  ".repeat(indent);
    match v {
        Value::Object(o) if !o.is_empty() => {
            for (i, (k, val)) in o.iter().enumerate() {
                if !(inline && i == 0) {
                    out.push_str(&pad);
                }
                out.push_str(&quote_key(k));
                out.push(':');
                scalar_or_block(val, indent, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for item in a {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(o) if !o.is_empty() => yaml(item, indent + 1, out, true),
                    Value::Array(x) if !x.is_empty() => {
                        out.push('\n');
                        yaml(item, indent + 1, out, false)
                    }
                    _ => {
                        out.push_str(&scalar(item));
                        out.push('\n');
                    }
                }
            }
        }
        _ => {
            out.push_str(&scalar(v));
            out.push('\n');
        }
    }
}

fn scalar_or_block(val: &Value, indent: usize, out: &mut String) {
    match val {
        Value::Object(o) if !o.is_empty() => {
            out.push('\n');
            yaml(val, indent + 1, out, false);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml(val, indent + 1, out, false);
        }
        _ => {
            out.push(' ');
            out.push_str(&scalar(val));
            out.push('\n');
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

fn quote_key(k: &str) -> String {
    let plain = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'))
        && !k.starts_with(['-', '.']);
    if plain {
        k.to_string()
    } else {
        serde_json::to_string(k).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_with_unquoted_placeholders_is_a_definition_string() {
        let src = r#"{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": ${Delay}, "End": true}}}"#;
        let root = crate::json::parse(src).root.unwrap();
        let t = template("waiter", &root, WorkflowType::Standard);
        let props = &t["Resources"]["Waiter"]["Properties"];
        assert!(props.get("Definition").is_none());
        assert_eq!(
            props["DefinitionString"],
            r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":${Delay},"End":true}}}"#
        );
        assert_eq!(props["DefinitionSubstitutions"]["Delay"]["Ref"], "Delay");
    }

    #[test]
    fn template_with_role_policy_and_substitutions() {
        let src = r#"{"StartAt": "N", "States": {"N": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "${Topic}", "Message": "hi"}, "End": true}}}"#;
        let root = crate::json::parse(src).root.unwrap();
        let t = template("order-flow", &root, WorkflowType::Standard);
        let sm = &t["Resources"]["OrderFlow"];
        assert_eq!(sm["Type"], "AWS::StepFunctions::StateMachine");
        assert_eq!(
            sm["Properties"]["DefinitionSubstitutions"]["Topic"],
            json!({"Ref": "Topic"})
        );
        assert_eq!(sm["Properties"]["Definition"]["StartAt"], "N");
        assert_eq!(
            sm["Properties"]["RoleArn"],
            json!({"Fn::GetAtt": ["OrderFlowRole", "Arn"]})
        );
        assert_eq!(t["Parameters"]["Topic"]["Type"], "String");
        let policy =
            &t["Resources"]["OrderFlowRole"]["Properties"]["Policies"][0]["PolicyDocument"];
        assert_eq!(
            policy["Statement"][0]["Resource"][0],
            json!({"Fn::Sub": "${Topic}"})
        );
        let y = to_yaml(&t);
        assert!(
            y.starts_with("AWSTemplateFormatVersion: \"2010-09-09\"\n"),
            "{y}"
        );
        assert!(
            y.contains("  OrderFlow:\n    Type: \"AWS::StepFunctions::StateMachine\"\n"),
            "{y}"
        );
        assert!(y.contains("- Effect: \"Allow\"\n"), "{y}");
        assert_eq!(logical_id("9 lives"), "StateMachine9Lives");
    }
}
