//! Every optimized integration of the catalog, with every pattern: a Task that passes its
//! required parameters is valid, the patterns it lacks are refused, and the IAM policy grants
//! something for each supported pattern (except the integrations whose access the guide grants
//! elsewhere).

use sfn_core::catalog::{self, Pattern, Shape, ShapeId};
use sfn_core::{validate_str, Code, Options};

/// A minimal value of a shape: required members only, one item per required list.
fn minimal(id: ShapeId, depth: usize) -> serde_json::Value {
    use serde_json::json;
    if depth > 12 {
        return json!({});
    }
    match catalog::shape(id) {
        Shape::Structure {
            members, required, ..
        } => {
            let mut map = serde_json::Map::new();
            for name in *required {
                if let Some((_, m)) = members.iter().find(|(n, _)| n == name) {
                    map.insert(name.to_string(), minimal(*m, depth + 1));
                }
            }
            serde_json::Value::Object(map)
        }
        Shape::List { member, min, .. } => {
            let n = min.unwrap_or(1).clamp(1, 3);
            serde_json::Value::Array((0..n).map(|_| minimal(*member, depth + 1)).collect())
        }
        Shape::Map { .. } => json!({}),
        Shape::String {
            enum_values, min, ..
        } => match enum_values.first() {
            Some(v) => json!(v),
            None => json!("x".repeat(min.unwrap_or(1).max(1) as usize)),
        },
        Shape::Integer { min, .. } => json!(min.unwrap_or(1).max(0)),
        Shape::Float => json!(1.0),
        Shape::Boolean => json!(true),
        Shape::Timestamp => json!("2024-01-01T00:00:00Z"),
        Shape::Blob | Shape::Document => json!("x"),
    }
}

fn machine(resource: &str, params: &serde_json::Value) -> String {
    serde_json::json!({
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": resource, "Parameters": params, "End": true}}
    })
    .to_string()
}

#[test]
fn every_optimized_integration_and_pattern() {
    let all = catalog::optimized_integrations();
    assert!(all.len() >= 60, "{} integrations", all.len());
    let mut failures = Vec::new();
    for integration in all {
        let params = integration
            .input
            .map(|id| minimal(id, 0))
            .unwrap_or_else(|| serde_json::json!({}));
        for pattern in Pattern::ALL {
            let resource = format!("{}{}", integration.resource, pattern.suffix());
            let report = validate_str(&machine(&resource, &params), &Options::default());
            let errors: Vec<String> = report
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect();
            let supported = integration.patterns.contains(&pattern);
            if supported && !errors.is_empty() {
                failures.push(format!("{resource} with {params}: {errors:?}"));
            }
            if !supported
                && !report
                    .diagnostics
                    .iter()
                    .any(|d| d.code == Code::UnsupportedIntegrationPattern)
            {
                failures.push(format!("{resource}: an unsupported pattern was accepted"));
            }
            if supported {
                let deployment = sfn_core::iam::Deployment::default()
                    .region("us-east-1")
                    .account("123456789012")
                    .name("machine");
                let policy = sfn_core::iam::policy_for(report.root.as_ref().unwrap(), &deployment);
                let grants_elsewhere =
                    resource.contains(":eks:runJob") || resource.contains(":eks:call");
                let grants = policy
                    .statements
                    .iter()
                    .any(|s| s.effect == sfn_core::iam::Effect::Allow);
                if !grants && !grants_elsewhere {
                    failures.push(format!("{resource}: no IAM statement"));
                }
                // Every `*` comes with a note that says why.
                let starred = policy
                    .statements
                    .iter()
                    .filter(|s| s.effect == sfn_core::iam::Effect::Allow)
                    .any(|s| s.resources.iter().any(|r| r.contains('*')));
                if starred && !policy.notes.iter().any(|n| n.contains("`T`")) {
                    failures.push(format!(
                        "{resource}: a resource has `*` and no note says why: {policy:?}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sdk_services_are_all_reachable() {
    let services = catalog::sdk_services();
    assert!(services.len() > 400);
    for service in services {
        assert!(!service.operations.is_empty(), "{}", service.name);
        let (action, input) = service.operations[0];
        assert!(
            action.starts_with(|c: char| c.is_ascii_lowercase()),
            "{}:{action}",
            service.name
        );
        let _ = catalog::shape(input);
    }
}
