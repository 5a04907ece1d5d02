// AWS SDK integrations take the AWS SDK for Java 2.x's names (AWS samples send
// `DbInstanceIdentifier` to `aws-sdk:rds`; re:Post: "If you switch from "BOOL" to "Bool" it will
// work" for `aws-sdk:dynamodb`); the API's spelling names the right one.
use sfn_runtime::{asl, StateMachine};

static M: StateMachine = asl! {
    start_at: Stop,
    states: {
        Stop: Task {
            resource: "arn:aws:states:::aws-sdk:rds:stopDBInstance",
            parameters: { DBInstanceIdentifier: "db-1" },
            next: Put,
        },
        Put: Task {
            resource: "arn:aws:states:::aws-sdk:dynamodb:putItem",
            parameters: { TableName: "t", Item: { done: { BOOL: true } } },
            end: true,
        },
    },
};

fn main() {
    let _ = &M;
}
