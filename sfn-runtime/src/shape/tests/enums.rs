//! Enums in each of serde's representations, and their variants' attributes.

use super::*;

#[test]
fn enum_externally_tagged() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    enum Status {
        Pending,
        Done,
    }
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    enum Event {
        Started,
        Stopped,
        Renamed(String),
        Moved { x: i32, y: Option<i32> },
        Resized(u32, u32),
    }
    assert_eq!(Status::SHAPE, &Shape::String);
    const WANT: &Shape = &Shape::OneOf(
        "Event",
        &[
            // The unit variants, once.
            &Shape::String,
            &Shape::Object(&Object {
                name: "Event::Renamed",
                fields: &[field("Renamed", "Renamed", &Shape::String, true)],
            }),
            &Shape::Object(&Object {
                name: "Event::Moved",
                fields: &[field(
                    "Moved",
                    "Moved",
                    &Shape::Object(&Object {
                        name: "Event::Moved",
                        fields: &[
                            field("x", "x", &Shape::Integer, true),
                            field("y", "y", &Shape::Optional(&Shape::Integer), false),
                        ],
                    }),
                    true,
                )],
            }),
            &Shape::Object(&Object {
                name: "Event::Resized",
                fields: &[field(
                    "Resized",
                    "Resized",
                    &Shape::Tuple(&[&Shape::Integer, &Shape::Integer]),
                    true,
                )],
            }),
        ],
    );
    assert_eq!(Event::SHAPE, WANT);
    let _: Status = read(r#""Done""#);
    for json in [
        r#""Stopped""#,
        r#"{"Renamed": "a"}"#,
        r#"{"Moved": {"x": 1}}"#,
        r#"{"Resized": [1, 2]}"#,
    ] {
        let _: Event = read(json);
    }
}

#[test]
fn enum_internally_tagged() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Card {
        number: String,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Payment {
        Cash,
        ByCard(Card),
        Transfer { iban: String },
    }
    const TAG: Field = field("type", "", &Shape::String, true);
    const WANT: &Shape = &Shape::OneOf(
        "Payment",
        &[
            &Shape::Object(&Object {
                name: "Payment::Cash",
                fields: &[TAG],
            }),
            &Shape::Object(&Object {
                name: "Payment::ByCard",
                fields: &[
                    TAG,
                    kind(field("0", "0", Card::SHAPE, false), FieldKind::Flatten),
                ],
            }),
            &Shape::Object(&Object {
                name: "Payment::Transfer",
                fields: &[TAG, field("iban", "iban", &Shape::String, true)],
            }),
        ],
    );
    assert_eq!(Payment::SHAPE, WANT);
    for json in [
        r#"{"type": "cash"}"#,
        r#"{"type": "by_card", "number": "4111"}"#,
        r#"{"type": "transfer", "iban": "DE00"}"#,
    ] {
        let _: Payment = read(json);
    }
}

#[test]
fn enum_adjacently_tagged() {
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "t", content = "c")]
    #[allow(dead_code)]
    enum Message {
        Ping,
        Text(String),
        Note(Option<String>),
        Point { x: i32 },
    }
    const TAG: Field = field("t", "", &Shape::String, true);
    const WANT: &Shape = &Shape::OneOf(
        "Message",
        &[
            &Shape::Object(&Object {
                name: "Message::Ping",
                fields: &[TAG],
            }),
            &Shape::Object(&Object {
                name: "Message::Text",
                fields: &[TAG, field("c", "", &Shape::String, true)],
            }),
            &Shape::Object(&Object {
                name: "Message::Note",
                // serde reads a missing content as the missing `Option`: `None`.
                fields: &[TAG, field("c", "", &Shape::Optional(&Shape::String), false)],
            }),
            &Shape::Object(&Object {
                name: "Message::Point",
                fields: &[
                    TAG,
                    field(
                        "c",
                        "",
                        &Shape::Object(&Object {
                            name: "Message::Point",
                            fields: &[field("x", "x", &Shape::Integer, true)],
                        }),
                        true,
                    ),
                ],
            }),
        ],
    );
    assert_eq!(Message::SHAPE, WANT);
    for json in [
        r#"{"t": "Ping"}"#,
        r#"{"t": "Text", "c": "hi"}"#,
        r#"{"t": "Note"}"#,
        r#"{"t": "Point", "c": {"x": 1}}"#,
    ] {
        let _: Message = read(json);
    }
}

#[test]
fn enum_untagged() {
    #[derive(TaskInput, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum Value {
        Nothing,
        Number(f64),
        Pair(String, String),
        Named { name: String },
    }
    const WANT: &Shape = &Shape::OneOf(
        "Value",
        &[
            &Shape::Null,
            &Shape::Number,
            &Shape::Tuple(&[&Shape::String, &Shape::String]),
            &Shape::Object(&Object {
                name: "Value::Named",
                fields: &[field("name", "name", &Shape::String, true)],
            }),
        ],
    );
    assert_eq!(Value::SHAPE, WANT);
    for json in ["null", "1.5", r#"["a", "b"]"#, r#"{"name": "n"}"#] {
        let _: Value = read(json);
    }
}

#[test]
fn variant_rename_and_alias() {
    #[derive(TaskInput, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    #[allow(dead_code)]
    enum Command {
        #[serde(rename = "go")]
        Start(u8),
        #[serde(alias = "halt", alias = "end")]
        StopNow(u8),
    }
    const WANT: &Shape = &Shape::OneOf(
        "Command",
        &[
            &Shape::Object(&Object {
                name: "Command::Start",
                fields: &[field("go", "Start", &Shape::Integer, true)],
            }),
            &Shape::Object(&Object {
                name: "Command::StopNow",
                fields: &[aliases(
                    field("stop-now", "StopNow", &Shape::Integer, true),
                    &["halt", "end"],
                )],
            }),
        ],
    );
    assert_eq!(Command::SHAPE, WANT);
    let _: Command = read(r#"{"go": 1}"#);
    let _: Command = read(r#"{"halt": 1}"#);
}

#[test]
fn variant_skip() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    enum Job {
        Run(u8),
        #[serde(skip)]
        Internal(NoShape),
        #[serde(skip_deserializing)]
        Legacy(u8),
    }
    let shapes = variants(Job::SHAPE);
    assert_eq!(shapes.len(), 1);
    assert_eq!(names(shapes[0]), ["Run"]);
}

#[test]
fn variant_other() {
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "kind")]
    #[allow(dead_code)]
    enum Animal {
        Dog {
            name: String,
        },
        #[serde(other)]
        Unknown,
    }
    let shapes = variants(Animal::SHAPE);
    assert_eq!(names(shapes[0]), ["kind", "name"]);
    assert_eq!(names(shapes[1]), ["kind"]);
    let _: Animal = read(r#"{"kind": "Cat"}"#);
}

#[test]
fn variant_untagged() {
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    enum Input {
        Order {
            id: String,
        },
        #[serde(untagged)]
        Raw(String),
    }
    const WANT: &Shape = &Shape::OneOf(
        "Input",
        &[
            &Shape::Object(&Object {
                name: "Input::Order",
                fields: &[
                    field("type", "", &Shape::String, true),
                    field("id", "id", &Shape::String, true),
                ],
            }),
            &Shape::String,
        ],
    );
    assert_eq!(Input::SHAPE, WANT);
    let _: Input = read(r#"{"type": "Order", "id": "a"}"#);
    let _: Input = read(r#""raw""#);
}

#[test]
fn rename_all_fields_and_variant_rename_all() {
    #[derive(TaskInput, Deserialize)]
    #[serde(
        tag = "type",
        rename_all = "lowercase",
        rename_all_fields = "camelCase"
    )]
    #[allow(dead_code)]
    enum Shipment {
        Parcel {
            tracking_id: String,
        },
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        Freight {
            container_id: String,
        },
    }
    let shapes = variants(Shipment::SHAPE);
    assert_eq!(names(shapes[0]), ["type", "trackingId"]);
    assert_eq!(names(shapes[1]), ["type", "CONTAINER_ID"]);
    let _: Shipment = read(r#"{"type": "parcel", "trackingId": "a"}"#);
    let _: Shipment = read(r#"{"type": "freight", "CONTAINER_ID": "b"}"#);
}
