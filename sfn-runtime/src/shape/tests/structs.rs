//! Structs and their fields, under serde's attributes.

use super::*;

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
