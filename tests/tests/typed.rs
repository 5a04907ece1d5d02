//! `asl!` with Rust types: `input: Type`, `result_type: Type` and typed payloads. The checks
//! that fail are ui-tests (ui-tests/tests/ui/typed/); these are the machines that pass, and
//! the definitions they give.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sfn_runtime::{asl, StateMachine, TaskInput};

#[derive(Serialize, Deserialize, TaskInput)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Order {
    order_id: String,
    customer: Customer,
    items: Vec<Item>,
    #[serde(default)]
    priority: Option<u8>,
    commands: Vec<String>,
}

#[derive(Serialize, Deserialize, TaskInput)]
#[allow(dead_code)]
struct Customer {
    name: String,
    #[serde(rename = "e-mail")]
    email: String,
}

#[derive(Serialize, Deserialize, TaskInput)]
#[allow(dead_code)]
struct Item {
    sku: String,
    quantity: u32,
}

/// The input of a Lambda function, shared with the state machine.
#[derive(Serialize, Deserialize, TaskInput, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Resize {
    bucket_name: String,
    object_key: String,
    width: u32,
    #[serde(skip)]
    cache: Option<String>,
    options: Options,
}

#[derive(Serialize, Deserialize, TaskInput, Debug, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
struct Options {
    keep_ratio: bool,
    formats: Vec<String>,
}

/// What the resize function returns.
#[derive(Serialize, Deserialize, TaskInput)]
#[allow(dead_code)]
struct Resized {
    url: String,
    bytes: u64,
}

static TYPED: StateMachine = asl! {
    input: Order,
    start_at: Check,
    states: {
        Check: Choice {
            choices: [{ variable: $.customer["e-mail"], is_present: true, next: Resize }],
            default: Resize,
        },
        Resize: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: {
                FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:resize",
                Payload: Resize {
                    bucket_name: "photos",
                    object_key: $.orderId,
                    width: 200,
                    cache: null,
                    options: Options { keep_ratio: true, formats: ["png", "webp"] },
                },
            },
            result_type: Resized,
            result_selector: { "url.$": "$.Payload.url", "size.$": "$.Payload.bytes" },
            result_path: $.resized,
            next: Items,
        },
        Items: Map {
            items_path: $.items,
            item_processor: {
                start_at: Each,
                states: { Each: Pass { parameters: { sku: $.sku, count: $.quantity }, end: true } },
            },
            result_path: null,
            next: Run,
        },
        Run: Task {
            resource: "arn:aws:states:::ecs:runTask.sync",
            parameters: {
                Cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/t:1",
                Overrides: { ContainerOverrides: [{ Name: "app", Command: $.commands }] },
            },
            result_path: null,
            output_path: $.resized,
            next: Done,
        },
        Done: Pass { parameters: { link: $.url }, end: true },
    },
};

#[test]
fn typed_payloads_use_serde_names() {
    let def: Value = serde_json::from_str(TYPED.definition()).unwrap();
    assert_eq!(
        def["States"]["Resize"]["Parameters"]["Payload"],
        json!({
            "bucketName": "photos",
            "objectKey.$": "$.orderId",
            "width": 200,
            "options": {"KEEP_RATIO": true, "FORMATS": ["png", "webp"]}
        })
    );
    // The rest of the definition is as written.
    assert_eq!(def["States"]["Resize"]["ResultPath"], "$.resized");
    assert_eq!(
        def["States"]["Done"]["Parameters"],
        json!({"link.$": "$.url"})
    );
    assert!(def["States"]["Resize"].get("result_type").is_none());
    assert!(def.get("input").is_none());
}

#[test]
fn the_payload_is_what_the_function_reads() {
    // The JSON Step Functions sends, once the path is resolved, deserializes into the type.
    let def: Value = serde_json::from_str(TYPED.definition()).unwrap();
    let mut payload = def["States"]["Resize"]["Parameters"]["Payload"].clone();
    let object = payload.as_object_mut().unwrap();
    object.remove("objectKey.$");
    object.insert("objectKey".into(), json!("order-1"));
    let resize: Resize = serde_json::from_value(payload).unwrap();
    assert_eq!(
        resize,
        Resize {
            bucket_name: "photos".into(),
            object_key: "order-1".into(),
            width: 200,
            cache: None,
            options: Options {
                keep_ratio: true,
                formats: vec!["png".into(), "webp".into()],
            },
        }
    );
}

#[test]
fn typed_definitions_are_canonical() {
    // The same text as the untyped definition would have: compact, no padding.
    let def = TYPED.definition();
    let reparsed: Value = serde_json::from_str(def).unwrap();
    assert_eq!(serde_json::to_string(&reparsed).unwrap(), def);
    assert_eq!(TYPED.to_string(), def);
}

mod shared {
    use sfn_runtime::TaskInput;

    /// A type from another module, named by its path.
    #[derive(serde::Serialize, TaskInput)]
    #[allow(dead_code)]
    pub struct Request {
        #[serde(rename = "Id")]
        pub id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub note: Option<String>,
    }
}

static BY_PATH: StateMachine = asl! {
    input: shared::Request,
    start_at: Call,
    states: {
        Call: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: {
                FunctionName: "f",
                Payload: shared::Request { id: $.Id, note: null },
            },
            end: true,
        },
    },
};

#[test]
fn types_named_by_path() {
    let def: Value = serde_json::from_str(BY_PATH.definition()).unwrap();
    assert_eq!(
        def["States"]["Call"]["Parameters"]["Payload"],
        json!({"Id.$": "$.Id", "note": null})
    );
}

#[derive(serde::Serialize, serde::Deserialize, TaskInput, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Summary {
    image_url: String,
    line_count: usize,
    label: String,
    #[serde(skip_serializing)]
    token: String,
}

/// Typed payloads built by a Pass state are read under their serde names by later states;
/// intrinsic functions inside them are not checked against the field's type; wildcards select
/// a struct's values; `IsPresent` may ask about fields the type leaves out.
static SUMMARY: StateMachine = asl! {
    input: Order,
    start_at: Check,
    states: {
        Check: Choice {
            choices: [{ variable: $.coupon, is_present: true, next: Shape }],
            default: Shape,
        },
        Shape: Pass {
            parameters: {
                summary: Summary {
                    image_url: $.customer.name,
                    line_count: States.ArrayLength($.items),
                    label: States.Format("{} items", $.orderId),
                    token: $.orderId,
                },
                names: $.customer.*,
            },
            next: Use,
        },
        Use: Pass { parameters: { u: $.summary.imageUrl, n: $.summary.lineCount }, end: true },
    },
};

#[test]
fn built_payloads_flow_under_serde_names() {
    let def: Value = serde_json::from_str(SUMMARY.definition()).unwrap();
    assert_eq!(
        def["States"]["Shape"]["Parameters"]["summary"],
        json!({
            "imageUrl.$": "$.customer.name",
            "lineCount.$": "States.ArrayLength($.items)",
            "label.$": "States.Format('{} items', $.orderId)",
            "token.$": "$.orderId"
        })
    );
    // A `skip_serializing` field is still read by `Deserialize`: it is written.
    let summary: Summary = serde_json::from_value(json!({
        "imageUrl": "u", "lineCount": 2, "label": "2 items", "token": "t"
    }))
    .unwrap();
    assert_eq!(summary.token, "t");
}

/// JSONata states: `$states.input` reads are checked against the input type, with JSONata's
/// mapping of field steps over lists.
static JSONATA: StateMachine = asl! {
    query_language: JSONata,
    input: Order,
    start_at: Check,
    states: {
        Check: Choice {
            choices: [{ condition: "{% $states.input.priority > 3 %}", next: Notify }],
            default: Notify,
        },
        Notify: Task {
            resource: "arn:aws:states:::sns:publish",
            arguments: {
                TopicArn: "arn:aws:sns:us-east-1:123456789012:orders",
                Message: "{% $states.input.orderId & ': ' & $join($states.input.items.sku, ',') & $string($states.input.items[0].quantity) %}",
            },
            end: true,
        },
    },
};

#[test]
fn jsonata_reads_are_checked() {
    let def: Value = serde_json::from_str(JSONATA.definition()).unwrap();
    assert_eq!(def["QueryLanguage"], "JSONata");
}

/// What `aws-sdk:rds:describeDBInstances` returns, in the AWS SDK for Java 2.x's names that
/// AWS SDK integrations use (`DBInstances` is `DbInstances`, `DBInstanceClass` is
/// `DbInstanceClass`): serde's PascalCase of the snake_case fields gives them.
#[derive(Serialize, Deserialize, TaskInput)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct DescribedInstances {
    db_instances: Vec<DescribedInstance>,
}

#[derive(Serialize, Deserialize, TaskInput)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct DescribedInstance {
    db_instance_class: String,
}

#[derive(Serialize, Deserialize, TaskInput)]
#[allow(dead_code)]
struct Database {
    id: String,
}

/// AWS's deployed samples send `DbInstanceIdentifier` to `aws-sdk:rds` and read
/// `$.DbInstances[0].DbInstanceClass` from the result: the typed flow follows those names
/// through the parameters (checked against the catalog) and the result.
static RDS_CLASS: StateMachine = asl! {
    input: Database,
    start_at: Describe,
    states: {
        Describe: Task {
            resource: "arn:aws:states:::aws-sdk:rds:describeDBInstances",
            parameters: { DbInstanceIdentifier: $.id },
            result_type: DescribedInstances,
            result_selector: { "class.$": "$.DbInstances[0].DbInstanceClass" },
            end: true,
        },
    },
};

#[test]
fn aws_sdk_results_use_the_java_sdks_names() {
    let def: Value = serde_json::from_str(RDS_CLASS.definition()).unwrap();
    assert_eq!(
        def["States"]["Describe"]["Parameters"],
        json!({"DbInstanceIdentifier.$": "$.id"})
    );
    assert_eq!(
        def["States"]["Describe"]["ResultSelector"],
        json!({"class.$": "$.DbInstances[0].DbInstanceClass"})
    );
}
