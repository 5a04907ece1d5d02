use super::*;

use serde::Deserialize;

/// A field read under its name.
const fn field(
    name: &'static str,
    rust: &'static str,
    shape: &'static Shape,
    required: bool,
) -> Field {
    Field {
        name,
        aliases: &[],
        rust,
        shape,
        required,
        kind: FieldKind::Normal,
    }
}

/// `f` with another kind.
const fn kind(f: Field, kind: FieldKind) -> Field {
    Field { kind, ..f }
}

/// `f` with aliases.
const fn aliases(f: Field, aliases: &'static [&'static str]) -> Field {
    Field { aliases, ..f }
}

/// The object a shape is.
fn object(shape: &'static Shape) -> &'static Object {
    match shape {
        Shape::Object(o) => o,
        other => panic!("not an object: {other:?}"),
    }
}

/// The JSON names of an object's fields.
fn names(shape: &'static Shape) -> Vec<&'static str> {
    object(shape).fields.iter().map(|f| f.name).collect()
}

/// The variants of an enum's shape.
fn variants(shape: &'static Shape) -> &'static [&'static Shape] {
    match shape {
        Shape::OneOf(_, variants) => variants,
        other => panic!("not an enum: {other:?}"),
    }
}

/// Reads JSON into `T`, failing the test when serde refuses it.
fn read<T: serde::de::DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => panic!("{json}: {e}"),
    }
}

#[test]
fn struct_fields_keep_their_names() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        order_id: String,
        quantity: u32,
        price: f64,
        gift: bool,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Order",
        fields: &[
            field("order_id", "order_id", &Shape::String, true),
            field("quantity", "quantity", &Shape::Integer, true),
            field("price", "price", &Shape::Number, true),
            field("gift", "gift", &Shape::Bool, true),
        ],
    });
    assert_eq!(Order::SHAPE, WANT);
    let _: Order = read(r#"{"order_id": "a", "quantity": 1, "price": 2.5, "gift": false}"#);
}

/// One test per `rename_all` style: struct fields from snake_case, variants from PascalCase.
macro_rules! rename_all_case {
    ($test:ident, $style:literal, [$($field:literal),*], [$($variant:literal),*]) => {
        #[test]
        fn $test() {
            #[derive(TaskInput, Deserialize)]
            #[serde(rename_all = $style)]
            #[allow(dead_code)]
            struct Fields {
                order_id: String,
                x: u8,
                http_status_code: u16,
            }
            #[derive(TaskInput, Deserialize)]
            #[serde(rename_all = $style)]
            #[allow(dead_code)]
            enum Variants {
                OrderPlaced(u8),
                X(u8),
                HttpStatusCode(u8),
            }
            assert_eq!(names(Fields::SHAPE), [$($field),*]);
            let variant_names: Vec<&str> =
                variants(Variants::SHAPE).iter().map(|v| names(v)[0]).collect();
            assert_eq!(variant_names, [$($variant),*]);
            // serde reads the names the shape gives.
            let [f0, f1, f2] = [$($field),*];
            let _: Fields = read(&format!(r#"{{"{f0}": "a", "{f1}": 1, "{f2}": 200}}"#));
            for v in [$($variant),*] {
                let _: Variants = read(&format!(r#"{{"{v}": 1}}"#));
            }
        }
    };
}

rename_all_case!(
    rename_all_lowercase,
    "lowercase",
    ["order_id", "x", "http_status_code"],
    ["orderplaced", "x", "httpstatuscode"]
);
rename_all_case!(
    rename_all_uppercase,
    "UPPERCASE",
    ["ORDER_ID", "X", "HTTP_STATUS_CODE"],
    ["ORDERPLACED", "X", "HTTPSTATUSCODE"]
);
rename_all_case!(
    rename_all_pascal_case,
    "PascalCase",
    ["OrderId", "X", "HttpStatusCode"],
    ["OrderPlaced", "X", "HttpStatusCode"]
);
rename_all_case!(
    rename_all_camel_case,
    "camelCase",
    ["orderId", "x", "httpStatusCode"],
    ["orderPlaced", "x", "httpStatusCode"]
);
rename_all_case!(
    rename_all_snake_case,
    "snake_case",
    ["order_id", "x", "http_status_code"],
    ["order_placed", "x", "http_status_code"]
);
rename_all_case!(
    rename_all_screaming_snake_case,
    "SCREAMING_SNAKE_CASE",
    ["ORDER_ID", "X", "HTTP_STATUS_CODE"],
    ["ORDER_PLACED", "X", "HTTP_STATUS_CODE"]
);
rename_all_case!(
    rename_all_kebab_case,
    "kebab-case",
    ["order-id", "x", "http-status-code"],
    ["order-placed", "x", "http-status-code"]
);
rename_all_case!(
    rename_all_screaming_kebab_case,
    "SCREAMING-KEBAB-CASE",
    ["ORDER-ID", "X", "HTTP-STATUS-CODE"],
    ["ORDER-PLACED", "X", "HTTP-STATUS-CODE"]
);

#[test]
fn rename_all_deserialize_only() {
    #[derive(TaskInput, Deserialize)]
    #[serde(rename_all(serialize = "UPPERCASE", deserialize = "camelCase"))]
    #[allow(dead_code)]
    struct Both {
        order_id: String,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(rename_all(serialize = "UPPERCASE"))]
    #[allow(dead_code)]
    struct SerializeOnly {
        order_id: String,
    }
    assert_eq!(names(Both::SHAPE), ["orderId"]);
    assert_eq!(names(SerializeOnly::SHAPE), ["order_id"]);
    let _: Both = read(r#"{"orderId": "a"}"#);
    let _: SerializeOnly = read(r#"{"order_id": "a"}"#);
}

#[test]
fn container_rename_keeps_the_rust_name() {
    #[derive(TaskInput, Deserialize)]
    #[serde(rename = "order")]
    #[allow(dead_code)]
    struct Order {
        id: String,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(rename(deserialize = "item"))]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }
    assert_eq!(object(Order::SHAPE).name, "Order");
    assert_eq!(object(Item::SHAPE).name, "Item");
}

#[test]
fn field_rename() {
    #[derive(TaskInput, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Order {
        #[serde(rename = "ID")]
        order_id: String,
        #[serde(rename(serialize = "out", deserialize = "in"))]
        both_ways: u8,
        // Renamed for serialization only: `rename_all` still names it for reading.
        #[serde(rename(serialize = "OUT"))]
        serialize_only: u8,
        r#type: String,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Order",
        fields: &[
            field("ID", "order_id", &Shape::String, true),
            field("in", "both_ways", &Shape::Integer, true),
            field("serializeOnly", "serialize_only", &Shape::Integer, true),
            field("type", "type", &Shape::String, true),
        ],
    });
    assert_eq!(Order::SHAPE, WANT);
    let _: Order = read(r#"{"ID": "a", "in": 1, "serializeOnly": 2, "type": "t"}"#);
}

#[test]
fn field_aliases() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        #[serde(alias = "orderId", alias = "OrderId")]
        order_id: String,
        #[serde(rename(deserialize = "qty", deserialize = "count"), alias = "n")]
        quantity: u32,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Order",
        fields: &[
            aliases(
                field("order_id", "order_id", &Shape::String, true),
                &["orderId", "OrderId"],
            ),
            aliases(
                field("qty", "quantity", &Shape::Integer, true),
                &["count", "n"],
            ),
        ],
    });
    assert_eq!(Order::SHAPE, WANT);
    let _: Order = read(r#"{"OrderId": "a", "count": 1}"#);
    let _: Order = read(r#"{"orderId": "a", "n": 1}"#);
}

fn seven() -> u32 {
    7
}

#[test]
fn field_default() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        id: String,
        #[serde(default)]
        quantity: u32,
        #[serde(default = "seven")]
        limit: u32,
    }
    let required: Vec<bool> = object(Order::SHAPE)
        .fields
        .iter()
        .map(|f| f.required)
        .collect();
    assert_eq!(required, [true, false, false]);
    let _: Order = read(r#"{"id": "a"}"#);
}

#[test]
fn container_default() {
    #[derive(TaskInput, Deserialize, Default)]
    #[serde(default)]
    #[allow(dead_code)]
    struct Settings {
        name: String,
        retries: u32,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(default = "Limits::new")]
    #[allow(dead_code)]
    struct Limits {
        max: u32,
    }
    impl Limits {
        fn new() -> Limits {
            Limits { max: 3 }
        }
    }
    assert!(object(Settings::SHAPE).fields.iter().all(|f| !f.required));
    assert!(!object(Limits::SHAPE).fields[0].required);
    let _: Settings = read("{}");
    let _: Limits = read("{}");
}

/// A type with no shape, to show that skipped fields do not need one.
#[derive(Default)]
struct NoShape;

#[test]
fn field_skip() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        id: String,
        #[serde(skip)]
        cache: NoShape,
        #[serde(skip_deserializing)]
        computed: u32,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Order",
        fields: &[
            field("id", "id", &Shape::String, true),
            kind(field("cache", "cache", &Shape::Any, false), FieldKind::Skip),
            kind(
                field("computed", "computed", &Shape::Any, false),
                FieldKind::Skip,
            ),
        ],
    });
    assert_eq!(Order::SHAPE, WANT);
    let _: Order = read(r#"{"id": "a"}"#);
}

#[test]
fn field_skip_serializing() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        #[serde(skip_serializing)]
        secret: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
        #[serde(skip_serializing_if = "String::is_empty")]
        label: String,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Order",
        fields: &[
            kind(
                field("secret", "secret", &Shape::String, true),
                FieldKind::SkipSerializing,
            ),
            // `skip_serializing_if` decides per value: the field is written.
            field("note", "note", &Shape::Optional(&Shape::String), false),
            // ... and it does not make it optional to read.
            field("label", "label", &Shape::String, true),
        ],
    });
    assert_eq!(Order::SHAPE, WANT);
}

#[test]
fn field_flatten() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Paging {
        page: u32,
    }
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Query {
        q: String,
        #[serde(flatten)]
        paging: Paging,
        #[serde(flatten)]
        extra: HashMap<String, serde_json::Value>,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Query",
        fields: &[
            field("q", "q", &Shape::String, true),
            kind(
                field("paging", "paging", Paging::SHAPE, false),
                FieldKind::Flatten,
            ),
            kind(
                field("extra", "extra", &Shape::Map(&Shape::Any), false),
                FieldKind::Flatten,
            ),
        ],
    });
    assert_eq!(Query::SHAPE, WANT);
    let _: Query = read(r#"{"q": "a", "page": 2, "other": true}"#);
}

mod as_text {
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        let s: String = serde::Deserialize::deserialize(d)?;
        Ok(s.parse().ok())
    }
}

fn text_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let s: String = serde::Deserialize::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}

#[test]
fn field_with_is_any_shape() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        // Read by a function: a missing field is an error, `Option` or not.
        #[serde(with = "as_text")]
        count: Option<u32>,
        #[serde(deserialize_with = "text_number")]
        total: u32,
        #[serde(default, with = "as_text")]
        limit: Option<u32>,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Order",
        fields: &[
            field("count", "count", &Shape::Any, true),
            field("total", "total", &Shape::Any, true),
            field("limit", "limit", &Shape::Any, false),
        ],
    });
    assert_eq!(Order::SHAPE, WANT);
    let _: Order = read(r#"{"count": "1", "total": "2"}"#);
    assert!(serde_json::from_str::<Order>(r#"{"total": "2"}"#).is_err());
}

#[test]
fn field_borrow_is_ignored() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Borrowed<'a> {
        #[serde(borrow)]
        name: std::borrow::Cow<'a, str>,
        id: &'a str,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Borrowed",
        fields: &[
            field("name", "name", &Shape::String, true),
            field("id", "id", &Shape::String, true),
        ],
    });
    assert_eq!(Borrowed::SHAPE, WANT);
}

#[test]
fn option_fields_are_not_required() {
    type Maybe = Option<u8>;
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Order {
        a: Option<String>,
        b: std::option::Option<u8>,
        c: ::core::option::Option<Vec<String>>,
        d: String,
        // Not spelled `Option`: the derive goes by the spelling, as serde_derive does, and
        // marks it required, although serde reads a missing `Option` as `None` whatever its
        // spelling.
        e: Maybe,
    }
    let o = object(Order::SHAPE);
    let required: Vec<bool> = o.fields.iter().map(|f| f.required).collect();
    assert_eq!(required, [false, false, false, true, true]);
    assert_eq!(
        o.fields[2].shape,
        &Shape::Optional(&Shape::List(&Shape::String))
    );
    let _: Order = read(r#"{"d": "x"}"#);
}

#[test]
fn container_transparent() {
    #[derive(TaskInput, Deserialize)]
    #[serde(transparent)]
    #[allow(dead_code)]
    struct Id {
        value: String,
        #[serde(skip)]
        cache: NoShape,
        marker: std::marker::PhantomData<u8>,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(transparent)]
    #[allow(dead_code)]
    struct Ids(Vec<Id>);
    assert_eq!(Id::SHAPE, &Shape::String);
    assert_eq!(Ids::SHAPE, &Shape::List(&Shape::String));
    let _: Ids = read(r#"["a", "b"]"#);
}

#[test]
fn container_from_and_try_from() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Raw {
        celsius: f64,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(from = "Raw")]
    #[allow(dead_code)]
    struct Temperature(f64);
    impl From<Raw> for Temperature {
        fn from(r: Raw) -> Self {
            Temperature(r.celsius)
        }
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(try_from = "String")]
    #[allow(dead_code)]
    struct Sku {
        text: String,
        len: usize,
    }
    impl TryFrom<String> for Sku {
        type Error = &'static str;
        fn try_from(text: String) -> Result<Self, Self::Error> {
            let len = text.len();
            Ok(Sku { text, len })
        }
    }
    assert_eq!(Temperature::SHAPE, Raw::SHAPE);
    assert_eq!(Sku::SHAPE, &Shape::String);
    let _: Temperature = read(r#"{"celsius": 2.5}"#);
    let _: Sku = read(r#""ABC""#);
}

#[test]
fn container_deny_unknown_fields_changes_nothing() {
    #[derive(TaskInput, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        a: u8,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Strict",
        fields: &[field("a", "a", &Shape::Integer, true)],
    });
    assert_eq!(Strict::SHAPE, WANT);
}

#[test]
fn unknown_serde_keys_are_ignored() {
    // serde's derive reports unknown keys; the shape alone reads what it knows.
    #[derive(TaskInput)]
    #[serde(no_such_key, rename_all = "camelCase", other_key = "x")]
    #[allow(dead_code)]
    struct Loose {
        #[serde(what(ever), rename = "A", more = 1 + 2)]
        a_b: u8,
        #[serde(rename = 5)]
        c_d: u8,
    }
    assert_eq!(names(Loose::SHAPE), ["A", "cD"]);
}

#[test]
fn newtype_tuple_and_unit_structs() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Meters(f64);
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Pair(u32, String);
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Skips(u32, #[serde(skip)] NoShape, String);
    #[derive(TaskInput, Deserialize)]
    struct Nothing;
    assert_eq!(Meters::SHAPE, &Shape::Number);
    assert_eq!(
        Pair::SHAPE,
        &Shape::Tuple(&[&Shape::Integer, &Shape::String])
    );
    assert_eq!(
        Skips::SHAPE,
        &Shape::Tuple(&[&Shape::Integer, &Shape::String])
    );
    assert_eq!(Nothing::SHAPE, &Shape::Null);
    let _: Meters = read("2.5");
    let _: Pair = read(r#"[1, "a"]"#);
    let _: Skips = read(r#"[1, "a"]"#);
    let _: Nothing = read("null");
}

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

#[test]
fn recursive_fields_are_any() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Node {
        name: String,
        children: Vec<Node>,
        parent: Option<Box<Self>>,
    }
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    enum Expr {
        Leaf(u8),
        Not(Box<Expr>),
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Node",
        fields: &[
            field("name", "name", &Shape::String, true),
            field("children", "children", &Shape::Any, true),
            field("parent", "parent", &Shape::Any, false),
        ],
    });
    assert_eq!(Node::SHAPE, WANT);
    assert_eq!(
        object(variants(Expr::SHAPE)[1]).fields[0].shape,
        &Shape::Any
    );
    let _: Node = read(r#"{"name": "a", "children": [{"name": "b", "children": []}]}"#);
}

#[test]
fn std_types() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Everything {
        list: Vec<u32>,
        map: HashMap<String, Vec<String>>,
        boxed: Box<bool>,
        maybe_list: Option<Vec<f32>>,
        json: serde_json::Value,
        pair: (u8, String),
        set: BTreeSet<String>,
        sorted: BTreeMap<u32, f64>,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Everything",
        fields: &[
            field("list", "list", &Shape::List(&Shape::Integer), true),
            field(
                "map",
                "map",
                &Shape::Map(&Shape::List(&Shape::String)),
                true,
            ),
            field("boxed", "boxed", &Shape::Bool, true),
            field(
                "maybe_list",
                "maybe_list",
                &Shape::Optional(&Shape::List(&Shape::Number)),
                false,
            ),
            field("json", "json", &Shape::Any, true),
            field(
                "pair",
                "pair",
                &Shape::Tuple(&[&Shape::Integer, &Shape::String]),
                true,
            ),
            field("set", "set", &Shape::List(&Shape::String), true),
            field("sorted", "sorted", &Shape::Map(&Shape::Number), true),
        ],
    });
    assert_eq!(Everything::SHAPE, WANT);
}

#[test]
fn identifier_enums_are_strings() {
    #[derive(TaskInput, Deserialize)]
    #[serde(field_identifier, rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Key {
        Name,
        Other(String),
    }
    assert_eq!(Key::SHAPE, &Shape::String);
}

#[test]
fn struct_tag_may_be_there() {
    // serde writes the tag of a struct, and reads past it.
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    struct Tagged {
        id: String,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "type", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        id: String,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Tagged",
        fields: &[
            field("type", "", &Shape::String, false),
            field("id", "id", &Shape::String, true),
        ],
    });
    assert_eq!(Tagged::SHAPE, WANT);
    assert_eq!(names(Strict::SHAPE), ["id"]);
    let _: Tagged = read(r#"{"type": "Tagged", "id": "a"}"#);
    let _: Tagged = read(r#"{"id": "a"}"#);
    assert!(serde_json::from_str::<Strict>(r#"{"type": "Strict", "id": "a"}"#).is_err());
}

#[test]
fn task_input_any_fields() {
    /// A type from elsewhere, without `TaskInput`.
    #[allow(dead_code)]
    struct Foreign;

    #[derive(TaskInput)]
    #[allow(dead_code)]
    struct Event {
        #[task_input(any)]
        at: Foreign,
        #[task_input(any)]
        maybe: Option<Foreign>,
    }
    let Shape::Object(event) = Event::SHAPE else {
        panic!("an object");
    };
    assert_eq!(event.fields[0].shape, &Shape::Any);
    assert!(event.fields[0].required);
    assert_eq!(event.fields[1].shape, &Shape::Any);
    assert!(!event.fields[1].required);
}

#[test]
fn types_that_contain_each_other_with_task_input_any() {
    #[derive(TaskInput)]
    #[allow(dead_code)]
    struct Folder {
        name: String,
        files: Vec<File>,
    }

    #[derive(TaskInput)]
    #[allow(dead_code)]
    struct File {
        name: String,
        #[task_input(any)]
        parent: Option<Box<Folder>>,
    }

    let Shape::Object(folder) = Folder::SHAPE else {
        panic!("an object");
    };
    let Shape::List(Shape::Object(file)) = folder.fields[1].shape else {
        panic!("a list of objects");
    };
    assert_eq!(file.fields[1].shape, &Shape::Any);
}
