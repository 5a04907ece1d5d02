//! The compile-time checks, run at run time: a failure is a panic with the message the
//! compiler would print.

use std::collections::HashMap;

use super::*;
use crate::shape::TaskInput;

#[derive(TaskInput)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Order {
    order_id: String,
    lines: Vec<Line>,
    tags: HashMap<String, u32>,
    pair: (String, u32),
    payment: Payment,
    #[serde(flatten)]
    meta: Meta,
    note: Option<Note>,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Line {
    sku: String,
    quantity: u32,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Meta {
    source: String,
}

#[derive(TaskInput)]
#[allow(dead_code)]
struct Note {
    text: String,
}

#[derive(TaskInput)]
#[serde(tag = "kind")]
#[allow(dead_code)]
enum Payment {
    Card { last4: String },
    Transfer { iban: String },
}

const ORDER: &Flow = &Flow::Of(<Order as TaskInput>::SHAPE);

/// The message of a failed check, `None` when it passes.
fn check(flow: &'static Flow, steps: &[Step], expect: Expect) -> Option<String> {
    let text = "$.path";
    std::panic::catch_unwind(|| check_path(flow, text, steps, expect, "`Param`"))
        .err()
        .map(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        })
}

fn ok(flow: &'static Flow, steps: &[Step]) {
    assert_eq!(check(flow, steps, Expect::Any), None, "{steps:?}");
}

fn fails(flow: &'static Flow, steps: &[Step], message: &str) {
    assert_eq!(
        check(flow, steps, Expect::Any).as_deref(),
        Some(message),
        "{steps:?}"
    );
}

#[test]
fn fields_lists_maps_tuples_enums_flatten_and_options() {
    use Step::*;
    ok(ORDER, &[]);
    ok(ORDER, &[Field("orderId")]);
    ok(ORDER, &[Field("lines"), Index(3), Field("sku")]);
    ok(ORDER, &[Field("lines"), Each, Field("quantity")]);
    ok(ORDER, &[Field("tags"), Field("anything")]);
    ok(ORDER, &[Field("pair"), Index(1)]);
    ok(ORDER, &[Field("payment"), Field("kind")]);
    ok(ORDER, &[Field("payment"), Field("iban")]);
    ok(ORDER, &[Field("source")]);
    ok(ORDER, &[Field("note"), Field("text")]);
    fails(
        ORDER,
        &[Field("order_id")],
        "`$.order_id`: `Order` has no field `order_id`; did you mean `orderId`?",
    );
    fails(
        ORDER,
        &[Field("lines"), Index(0), Field("qty")],
        "`$.lines[0].qty`: `Line` has no field `qty` (its fields: `sku`, `quantity`)",
    );
    fails(
        ORDER,
        &[Field("lines"), Field("sku")],
        "`$.lines` is a list of `Line`s, not an object: `$.lines.sku` does not exist",
    );
    fails(
        ORDER,
        &[Field("orderId"), Field("x")],
        "`$.orderId` is a string, not an object or a list: `$.orderId.x` does not exist",
    );
    fails(
        ORDER,
        &[Field("pair"), Index(2)],
        "`$.pair[2]`: the list has 2 elements, there is no [2]",
    );
    fails(
        ORDER,
        &[Field("payment"), Field("bic")],
        "`$.payment.bic`: no variant of `Payment` has it (`$.payment.bic`: `Payment::Card` has no field `bic` (its fields: `kind`, `last4`))",
    );
    fails(
        ORDER,
        &[Field("sorce")],
        "`$.sorce`: `Order` has no field `sorce`; did you mean `source`?",
    );
}

#[test]
fn flows_set_select_and_build() {
    use Step::*;
    const RESULT: &Flow = &Flow::Of(<Line as TaskInput>::SHAPE);
    const SET: &Flow = &Flow::Set(ORDER, &["result", "line"], RESULT);
    ok(SET, &[Field("result"), Field("line"), Field("sku")]);
    ok(SET, &[Field("orderId")]);
    ok(SET, &[Field("result")]);
    fails(
        SET,
        &[Field("result"), Field("line"), Field("price")],
        "`$.result.line.price`: `Line` has no field `price` (its fields: `sku`, `quantity`)",
    );
    const AT: &Flow = &Flow::At(ORDER, &[Field("lines"), Each]);
    ok(AT, &[Field("sku")]);
    fails(
        AT,
        &[Field("skus")],
        "`$.lines[*].skus`: `Line` has no field `skus`; did you mean `sku`?",
    );
    const BUILT: &Flow = &Flow::Object("`parameters`", &[("id", ORDER), ("n", &Flow::Unknown)]);
    ok(BUILT, &[Field("id"), Field("orderId")]);
    ok(BUILT, &[Field("n"), Field("anything")]);
    fails(
        BUILT,
        &[Field("idd")],
        "`$.idd`: the object that `parameters` builds has no field `idd`; did you mean `id`?",
    );
    fails(
        BUILT,
        &[Index(0)],
        "`$` is the object that `parameters` builds, not a list",
    );
    ok(&Flow::Unknown, &[Field("x"), Index(1)]);
}

#[test]
fn values_must_fit_what_is_expected() {
    use Step::*;
    let strings = Expect::Shape(&Shape::List(&Shape::String));
    assert_eq!(
        check(ORDER, &[Field("orderId")], Expect::Shape(&Shape::String)),
        None
    );
    assert_eq!(
        check(ORDER, &[Field("orderId")], strings).as_deref(),
        Some("`$.path` is a string, but `Param` takes a list of strings")
    );
    assert_eq!(
        check(
            ORDER,
            &[Field("lines"), Index(0), Field("quantity")],
            Expect::Shape(&Shape::Number)
        ),
        None
    );
    assert_eq!(
        check(ORDER, &[Field("lines")], Expect::Shape(&Shape::Integer)).as_deref(),
        Some("`$.path` is a list of `Line`s, but `Param` takes an integer")
    );
    // An optional value fits where its inner type does; anything fits `Any`.
    assert_eq!(
        check(
            ORDER,
            &[Field("note")],
            Expect::Shape(<Note as TaskInput>::SHAPE)
        ),
        None
    );
    assert_eq!(
        check(ORDER, &[Field("tags")], Expect::Shape(&Shape::Any)),
        None
    );
    // A struct fits where it is expected; a flattened field is not in the JSON at all.
    assert_eq!(
        check(
            ORDER,
            &[Field("lines"), Index(0)],
            Expect::Shape(<Line as TaskInput>::SHAPE)
        ),
        None
    );
    assert_eq!(
        check(ORDER, &[Field("meta")], Expect::Any).as_deref(),
        Some("`$.meta`: `Order` has no field `meta` (its fields: `orderId`, `lines`, `tags`, `pair`, `payment`, `note`)")
    );
}

#[test]
fn typed_payloads_join_under_serde_names() {
    const PIECES: &[Piece] = &[
        Piece::Text("{\"Payload\":"),
        Piece::Typed(
            <Order as TaskInput>::SHAPE,
            &[
                ("order_id", true, &[Piece::Text("\"$.id\"")]),
                (
                    "meta",
                    false,
                    &[Piece::Typed(
                        <Meta as TaskInput>::SHAPE,
                        &[("source", false, &[Piece::Text("\"a,}\"")])],
                    )],
                ),
                ("note", false, &[Piece::Text("null")]),
            ],
        ),
        Piece::Text("}"),
    ];
    const LEN: usize = joined_len(PIECES);
    const BYTES: [u8; LEN] = join::<LEN>(PIECES);
    assert_eq!(
        joined_str(&BYTES),
        r#"{"Payload":{"orderId.$":"$.id","source":"a,}","note":null}}"#
    );
}
