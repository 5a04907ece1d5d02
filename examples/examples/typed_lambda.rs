//! A Lambda function's input type and the state machine that calls it, in one crate.
//!
//! `Order` is the execution input and `ThumbnailRequest` the function's input: both derive
//! `TaskInput` beside serde's derives, so `asl!` checks every path that reads the order
//! (`$.order_id` would not compile: the JSON name is `orderId`), builds the payload with a
//! struct literal that rustc checks like any other (a missing `width` would not compile), and
//! writes it under serde's names. The function deserializes exactly what the machine sends.
//!
//! ```text
//! cargo run -p sfn-examples --example typed_lambda
//! ```

use serde::{Deserialize, Serialize};
use sfn_runtime::{asl, StateMachine, TaskInput};

/// The execution input: `{"orderId": "o-1", "photo": {"bucket": "...", "key": "..."}, ...}`.
#[derive(Debug, Serialize, Deserialize, TaskInput)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub order_id: String,
    pub photo: Photo,
    pub sizes: Vec<u32>,
    pub notify: Option<String>,
}

/// Where a photo is in S3.
#[derive(Debug, Serialize, Deserialize, TaskInput)]
pub struct Photo {
    pub bucket: String,
    pub key: String,
}

/// The `thumbnail` function's input.
#[derive(Debug, PartialEq, Serialize, Deserialize, TaskInput)]
#[serde(rename_all = "camelCase")]
pub struct ThumbnailRequest {
    pub source_bucket: String,
    pub source_key: String,
    pub width: u32,
    pub format: String,
}

/// The `thumbnail` function's output.
#[derive(Debug, Serialize, Deserialize, TaskInput)]
#[serde(rename_all = "camelCase")]
pub struct Thumbnail {
    pub url: String,
    pub bytes: u64,
}

/// The function itself (deployed with the Lambda runtime of your choice).
pub fn thumbnail(request: ThumbnailRequest) -> Thumbnail {
    Thumbnail {
        url: format!(
            "s3://{}/thumbnails/{}-{}.{}",
            request.source_bucket, request.source_key, request.width, request.format
        ),
        bytes: 0,
    }
}

/// Makes a thumbnail of the order's photo, then publishes its URL.
pub static THUMBNAILS: StateMachine = asl! {
    comment: "Make a thumbnail of an order's photo",
    input: Order,
    start_at: Thumbnail,
    states: {
        Thumbnail: Task {
            resource: "arn:aws:states:::lambda:invoke",
            parameters: {
                FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:thumbnail",
                Payload: ThumbnailRequest {
                    source_bucket: $.photo.bucket,
                    source_key: $.photo.key,
                    width: 200,
                    format: "webp",
                },
            },
            result_type: Thumbnail,
            result_selector: { "url.$": "$.Payload.url" },
            result_path: $.thumbnail,
            next: Publish,
        },
        Publish: Task {
            resource: "arn:aws:states:::sns:publish",
            parameters: {
                TopicArn: "arn:aws:sns:us-east-1:123456789012:thumbnails",
                Message: States.Format("Order {}: {}", $.orderId, $.thumbnail.url),
            },
            end: true,
        },
    },
};

fn main() {
    println!("{}", THUMBNAILS.definition_pretty());
    println!(
        "{}",
        serde_json::to_string_pretty(&THUMBNAILS.iam_policy()).unwrap()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn the_function_reads_what_the_machine_sends() {
        let def: Value = serde_json::from_str(THUMBNAILS.definition()).unwrap();
        let payload = &def["States"]["Thumbnail"]["Parameters"]["Payload"];
        assert_eq!(
            payload,
            &json!({
                "sourceBucket.$": "$.photo.bucket",
                "sourceKey.$": "$.photo.key",
                "width": 200,
                "format": "webp"
            })
        );
        // Step Functions resolves the paths against the input, then invokes the function.
        let input = json!({
            "orderId": "o-1",
            "photo": {"bucket": "photos", "key": "cat.png"},
            "sizes": [200],
            "notify": null
        });
        let order: Order = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(order.order_id, "o-1");
        let sent = json!({
            "sourceBucket": input["photo"]["bucket"],
            "sourceKey": input["photo"]["key"],
            "width": payload["width"],
            "format": payload["format"]
        });
        let request: ThumbnailRequest = serde_json::from_value(sent).unwrap();
        assert_eq!(
            thumbnail(request).url,
            "s3://photos/thumbnails/cat.png-200.webp"
        );
    }

    /// Run locally with the function itself as a typed mock: it receives the request the
    /// machine builds, and its result flows on as AWS's `lambda:invoke` envelope would.
    #[test]
    fn runs_with_the_function_as_a_typed_mock() {
        use sfn_local::{Failure, Machine, Mock};

        let machine = Machine::new(&THUMBNAILS).unwrap().with_name("thumbnails");
        let run = machine
            .runner()
            .input(
                json!({"orderId": "o-1", "photo": {"bucket": "photos", "key": "cat.png"},
                          "sizes": [200], "notify": null}),
            )
            .mock(
                "Thumbnail",
                Mock::typed(|r: ThumbnailRequest| Ok::<_, Failure>(thumbnail(r))),
            )
            .mock(
                "Publish",
                Mock::from_fn(|call| {
                    assert_eq!(
                        call.parameters["Message"],
                        "Order o-1: s3://photos/thumbnails/cat.png-200.webp"
                    );
                    Ok(json!({"MessageId": "m-1"}))
                }),
            )
            .run();
        assert_eq!(run.status, sfn_local::Status::Succeeded, "{run}");
        assert_eq!(run.states_visited(), ["Thumbnail", "Publish"]);
    }
}
