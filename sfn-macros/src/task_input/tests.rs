//! Expansions of odd input: an impl always, never a panic.

use std::str::FromStr;

use super::*;

#[test]
fn malformed_attributes_expand_without_panic() {
    for attrs in [
        "#[serde]",
        "#[serde = 1]",
        "#[serde()]",
        "#[serde(rename)]",
        "#[serde(rename = 5)]",
        "#[serde(rename(deserialize))]",
        "#[serde(rename(deserialize = 1, serialize = \"x\"))]",
        "#[serde(rename(what = \"x\"), alias = \"y\")]",
        "#[serde(rename_all = \"nope\")]",
        "#[serde(rename_all(deserialize = 3))]",
        "#[serde(tag)]",
        "#[serde(tag = 1, content)]",
        "#[serde(content = \"c\")]",
        "#[serde(untagged, tag = \"t\", content = \"c\")]",
        "#[serde(from = \"not a type\")]",
        "#[serde(try_from = 4)]",
        "#[serde(transparent)]",
        "#[serde(default = \"\")]",
        "#[serde(unknown = a::b::<C, D>, flatten(x))]",
        "#[serde(\"literal\")]",
        "#[serde(, , rename = \"x\")]",
        "#[serde(skip_serializing_if)]",
        "#[serde(with = \"m\", deserialize_with(1))]",
        "#[serde(field_identifier)]",
    ] {
        for item in [
            "struct S { a: u8, #[ATTR] b: Option<S>, c: (u8, String) }",
            "struct T(#[ATTR] u8, u16);",
            "struct N(#[ATTR] u8);",
            "struct U;",
            "enum E { #[ATTR] A, B(#[ATTR] u8), C { x: u8 }, D(u8, u8), #[ATTR] F(Self) }",
            "enum Z {}",
        ] {
            let with_item_attrs = item.replace("ATTR", &attrs[2..attrs.len() - 1]);
            let with_container = format!("{attrs} {item}").replace("#[ATTR]", "");
            for source in [with_item_attrs, with_container] {
                let tokens = TokenStream::from_str(&source).expect("tokens");
                let out = expand(tokens).to_string();
                assert!(out.contains("TaskInput"), "{source}: {out}");
            }
        }
    }
}

#[test]
fn generics_and_unions_are_errors_beside_an_impl() {
    for source in [
        "struct G<T> { t: T }",
        "struct C<const N: usize>([u8; N]);",
        "union U { a: u8 }",
    ] {
        let out = expand(TokenStream::from_str(source).expect("tokens")).to_string();
        assert!(out.contains("compile_error"), "{out}");
        assert!(out.contains("Shape :: Any"), "{out}");
    }
    let out = expand(TokenStream::from_str("struct L<'a> { s: &'a str }").expect("tokens"));
    assert!(!out.to_string().contains("compile_error"), "{out}");
}
