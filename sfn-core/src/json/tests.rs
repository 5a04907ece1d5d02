use super::*;

#[test]
fn reads_values_with_spans() {
    let src = r#"{"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00"}"#;
    let p = parse(src);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    let root = p.root.unwrap();
    let a = root.get("a").unwrap();
    assert_eq!(&src[a.span.start..a.span.end], "[1, -2.5e3, true, null]");
    assert_eq!(root.get("b").unwrap().as_str(), Some("xé😀"));
    assert_eq!(lookup(&root, "/a/1").as_str(), None);
    assert_eq!(lookup(&root, "/a/1").to_serde(), serde_json::json!(-2500.0));
}

#[test]
fn duplicate_keys_are_reported_and_reading_goes_on() {
    let p = parse(r#"{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}"#);
    assert!(p.root.is_some());
    let dups: Vec<_> = p.errors.iter().map(|e| e.pointer.as_str()).collect();
    assert_eq!(dups, ["/b/c", "/a"]);
    assert!(p
        .errors
        .iter()
        .all(|e| e.kind == JsonErrorKind::DuplicateKey));
}

#[test]
fn syntax_errors() {
    for bad in [
        "",
        "{",
        "[1,]",
        "{\"a\" 1}",
        "01",
        "1.",
        "\"abc",
        "{\"a\":1}x",
        "nul",
        "\"\\x\"",
        "\"\\ud800\"",
        "[\"\u{1}\"]",
        "{,}",
        "-",
    ] {
        let p = parse(bad);
        assert!(p.root.is_none(), "{bad:?} was read");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].kind, JsonErrorKind::Syntax);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = "[".repeat(100_000);
    let p = parse(&src);
    assert_eq!(p.errors[0].kind, JsonErrorKind::TooDeep);
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).errors.is_empty());
}

#[test]
fn positions() {
    let src = "{\n  \"é\": 1,\n  \"b\": x}";
    let p = parse(src);
    let (l, c) = line_col(src, p.errors[0].offset);
    assert_eq!((l, c), (3, 8));
    assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
}

#[test]
fn offsets_in_strings_through_escapes() {
    let src = r#"{"s": "a\n\ud83d\ude00\u00e9\"b", "n": 1}"#;
    let root = parse(src).root.unwrap();
    let s = root.get("s").unwrap();
    assert_eq!(s.as_str(), Some("a\n😀é\"b"));
    let at = |offset| string_source_offset(src, s.span, offset).unwrap();
    let value = s.as_str().unwrap();
    // Each char of the value starts where its (escaped) text starts.
    let starts: Vec<&str> = value
        .char_indices()
        .map(|(i, _)| &src[at(i)..at(i) + 2])
        .collect();
    assert_eq!(starts, ["a\\", "\\n", "\\u", "\\u", "\\\"", "b\""]);
    // Past the end: the closing quote.
    assert_eq!(&src[at(value.len())..at(value.len()) + 1], "\"");
    assert_eq!(at(1000), at(value.len()));
    // Not a string literal.
    let n = root.get("n").unwrap();
    assert_eq!(string_source_offset(src, n.span, 0), None);
    assert_eq!(
        string_source_offset(src, Span { start: 5, end: 500 }, 0),
        None
    );
}
