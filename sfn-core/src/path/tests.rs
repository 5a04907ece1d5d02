//! Tests for paths, intrinsic functions and dynamic values.

use super::*;

fn path_err(s: &str) -> PathError {
    match parse_path(s) {
        Ok(p) => panic!("`{s}` parsed as {p:?}"),
        Err(e) => e,
    }
}

fn ref_err(s: &str) -> PathError {
    match parse_reference_path(s) {
        Ok(p) => panic!("`{s}` parsed as a reference path: {p:?}"),
        Err(e) => e,
    }
}

fn call_err(s: &str) -> PathError {
    match parse_intrinsic(s) {
        Ok(c) => panic!("`{s}` parsed as {c:?}"),
        Err(e) => e,
    }
}

fn assert_err(e: &PathError, offset: usize, needle: &str) {
    assert_eq!(e.offset, offset, "wrong offset for {e:?}");
    assert!(
        e.message.contains(needle),
        "`{}` lacks `{needle}`",
        e.message
    );
}

fn field(name: &str) -> Segment {
    Segment::Field(name.to_string())
}

const VALID_PATHS: &[&str] = &[
    "$",
    "$.a",
    "$.a.b",
    "$['a b']",
    "$[\"a\"]",
    "$.a[0]",
    "$.a[*]",
    "$.a[-1:]",
    "$.a[1:3]",
    "$.a[:2]",
    "$.a[::2]",
    "$.a[0:10:2]",
    "$..a",
    "$..*",
    "$..[0]",
    "$..['a b']",
    "$.a[?(@.price < 10)]",
    "$.a[?(@.name == 'x)')]",
    "$.a[?(@.tags[0] == \"y\" && (@.n > 1))]",
    "$.a[0,1]",
    "$.a[ 0 , 1 ]",
    "$['a','b']",
    "$.a[(@.length-1)]",
    "$.detail-type",
    "$.a.b-c",
    "$.ünïcödé.日本",
    "$.a.length()",
    "$.*",
    "$.a.*",
    "$.abc.['def ghi']",
    "$[0]",
    "$['it\\'s']",
    "$.a:b",
    "$.0",
    "$$",
    "$$.Execution.Id",
    "$$['Execution']",
    "$var",
    "$var.x[0]",
    "$ä",
    "$order.numItems",
];

#[test]
fn valid_paths_parse_and_round_trip() {
    for s in VALID_PATHS {
        let p = parse_path(s).unwrap_or_else(|e| panic!("`{s}`: {e}"));
        assert_eq!(p.segments.len(), p.offsets.len(), "{s}");
        let shown = p.to_string();
        let again = parse_path(&shown).unwrap_or_else(|e| panic!("`{shown}` (from `{s}`): {e}"));
        assert_eq!(again.root, p.root, "{s} -> {shown}");
        assert_eq!(again.segments, p.segments, "{s} -> {shown}");
    }
}

#[test]
fn path_structure() {
    let p = parse_path("$.a['b c'][3]").unwrap();
    assert_eq!(p.root, Root::Input);
    assert_eq!(
        p.segments,
        vec![field("a"), field("b c"), Segment::Index(3)]
    );
    assert_eq!(p.offsets, vec![2, 3, 10]);
    assert!(p.is_reference());

    let p = parse_path("$$.Execution.Input").unwrap();
    assert_eq!(p.root, Root::Context);
    assert_eq!(p.segments, vec![field("Execution"), field("Input")]);

    let p = parse_path("$myVar.x").unwrap();
    assert_eq!(p.root, Root::Variable("myVar".to_string()));
    assert_eq!(p.segments, vec![field("x")]);

    let p = parse_path("$..a[?(@.price < 10)][-1:][0,2]['x','y'].*").unwrap();
    assert_eq!(
        p.segments,
        vec![
            Segment::RecursiveDescent(Box::new(field("a"))),
            Segment::Filter("@.price < 10".to_string()),
            Segment::Slice {
                start: Some(-1),
                end: None,
                step: None
            },
            Segment::Union(vec![Selector::Index(0), Selector::Index(2)]),
            Segment::Union(vec![
                Selector::Field("x".to_string()),
                Selector::Field("y".to_string())
            ]),
            Segment::Wildcard,
        ]
    );
    assert!(!p.is_reference());

    let p = parse_path("$.a[(@.length-1)]").unwrap();
    assert_eq!(p.segments[1], Segment::Script("@.length-1".to_string()));

    let p = parse_path("$.items.length()").unwrap();
    assert_eq!(
        p.segments[1],
        Segment::Function {
            name: "length".to_string(),
            args: String::new()
        }
    );
    assert_eq!(
        parse_path("$.detail-type").unwrap().segments,
        vec![field("detail-type")]
    );
    assert_eq!(
        parse_path("$['a\\\\b']").unwrap().segments,
        vec![field("a\\b")]
    );
}

#[test]
fn invalid_paths_report_offsets() {
    assert_err(&path_err(""), 0, "empty");
    assert_err(&path_err("a.b"), 0, "starts with `$`");
    assert_err(&path_err(" $.a"), 0, "whitespace before");
    assert_err(&path_err("States.Format('x')"), 0, "starts with `$`");
    assert_err(&path_err("$."), 1, "ends with `.`");
    assert_err(&path_err("$.a."), 3, "ends with `.`");
    assert_err(&path_err("$.."), 1, "recursive descent");
    assert_err(&path_err("$.a.."), 3, "recursive descent");
    assert_err(&path_err("$...a"), 3, "`...`");
    assert_err(&path_err("$["), 1, "not closed");
    assert_err(&path_err("$[0"), 1, "not closed");
    assert_err(&path_err("$['a"), 2, "not closed");
    assert_err(&path_err("$['a'"), 1, "not closed");
    assert_err(&path_err("$['a'x]"), 5, "expected `]`");
    assert_err(&path_err("$[]"), 1, "empty brackets");
    assert_err(&path_err("$[x]"), 2, "unexpected `x`");
    assert_err(&path_err("$[0,]"), 4, "expected an index");
    assert_err(&path_err("$['a',]"), 6, "expected a quoted field name");
    assert_err(&path_err("$[-]"), 3, "expected a digit");
    assert_err(&path_err("$[99999999999999999999]"), 2, "too large");
    assert_err(&path_err("$[1:2:0]"), 6, "step cannot be 0");
    assert_err(&path_err("$[?(@.a]"), 3, "`(` is not closed");
    assert_err(&path_err("$[?()]"), 3, "filter expression is empty");
    assert_err(&path_err("$[?@.a]"), 3, "a filter is written");
    assert_err(&path_err("$[()]"), 2, "script expression is empty");
    assert_err(&path_err("$.a b"), 3, "bracket notation");
    assert_err(&path_err("$.a "), 3, "whitespace after the end");
    assert_err(&path_err("$. a"), 2, "found whitespace");
    assert_err(&path_err("$.a]"), 3, "found `]`");
    assert_err(&path_err("$.a)"), 3, "found `)`");
    assert_err(&path_err("$.length()x"), 10, "last part");
    assert_err(&path_err("$..a()"), 4, "cannot follow `..`");
    assert_err(&path_err("$$x"), 2, "after `$$`");
    assert_err(&path_err("$-"), 1, "after `$`");
    assert_err(&path_err("$x-y"), 2, "cannot appear in a variable name");
    assert_err(&path_err("$1"), 1, "start with a letter");
    assert_err(&path_err("$_x"), 1, "start with a letter");
    assert_err(&path_err("$states"), 1, "reserved");
    assert_err(&path_err("$states.input"), 1, "JSONata");
    let long = format!("${}", "a".repeat(81));
    assert_err(&path_err(&long), 1, "maximum is 80");
    assert!(parse_path(&format!("${}", "a".repeat(80))).is_ok());
    // Offsets stay on char boundaries after multibyte text.
    assert_err(&path_err("$.日本 x"), 8, "bracket notation");
}

#[test]
fn reference_paths() {
    for s in [
        "$",
        "$.a.b",
        "$['a b'][0]",
        "$.a[-1]",
        "$$.Execution.Input",
        "$var.x",
    ] {
        assert!(parse_reference_path(s).is_ok(), "{s}");
    }
    assert_err(&ref_err("$.a[*]"), 3, "cannot contain a wildcard `*`");
    assert_err(&ref_err("$.*"), 2, "cannot contain a wildcard `*`");
    let e = ref_err("$.a[?(@.x)]");
    assert_eq!(e.offset, 3);
    assert_eq!(
        e.message,
        "a reference path cannot contain a filter `[?(...)]`"
    );
    assert_err(&ref_err("$..a"), 1, "recursive descent `..`");
    assert_err(&ref_err("$.a[1:2]"), 3, "a slice");
    assert_err(&ref_err("$.a[0,1]"), 3, "a union");
    assert_err(&ref_err("$['a','b']"), 1, "a union");
    assert_err(&ref_err("$.a[(@.length-1)]"), 3, "a script expression");
    assert_err(&ref_err("$.a.length()"), 4, "a function call `length()`");
    // Syntax errors come first.
    assert_err(&ref_err("$.a["), 3, "not closed");
}

#[test]
fn variable_names() {
    for ok in ["x", "ä", "x1_y", "Ωmega", "名前", "cafe\u{301}"] {
        assert_eq!(check_variable_name(ok), Ok(()), "{ok}");
    }
    assert!(check_variable_name(&"a".repeat(MAX_VARIABLE_NAME_LEN)).is_ok());
    assert_err(&check_variable_name("").unwrap_err(), 0, "empty");
    assert_err(
        &check_variable_name("1x").unwrap_err(),
        0,
        "start with a letter",
    );
    assert_err(
        &check_variable_name("_x").unwrap_err(),
        0,
        "start with a letter",
    );
    assert_err(
        &check_variable_name("x-y").unwrap_err(),
        1,
        "`-` cannot appear",
    );
    assert_err(
        &check_variable_name("äx.y").unwrap_err(),
        3,
        "`.` cannot appear",
    );
    assert_err(
        &check_variable_name(&"a".repeat(81)).unwrap_err(),
        0,
        "81 characters",
    );
    assert_err(&check_variable_name("states").unwrap_err(), 0, "reserved");
}

#[test]
fn intrinsic_examples_from_the_guide_parse() {
    for s in [
        "States.Format('Hello, my name is {}.', $.name)",
        "States.Format($.template, $.name)",
        "States.StringToJson($.escapedJsonString)",
        "States.JsonToString($.unescapedJson)",
        "States.Array($.Id)",
        "States.ArrayPartition($.inputArray,4)",
        "States.ArrayContains($.inputArray, $.lookingFor)",
        "States.ArrayRange(1, 9, 2)",
        "States.ArrayGetItem($.inputArray, $.index)",
        "States.ArrayLength($.inputArray)",
        "States.ArrayUnique($.inputArray)",
        "States.Base64Encode($.input)",
        "States.Base64Decode($.base64)",
        "States.Hash($.Data, $.Algorithm)",
        "States.JsonMerge($.json1, $.json2, false)",
        "States.MathRandom($.start, $.end)",
        "States.MathAdd($.value1, $.step)",
        "States.StringSplit($.inputString, $.splitter)",
        "States.UUID()",
        "States.Format('The order number is {}', $order.number)",
        // The guide's nine-call example, given the third value its template asks for.
        "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(\
         States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.\
         StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), $.x)",
        "States.Format('{}', $.abc.['def ghi'])",
    ] {
        assert!(parse_intrinsic(s).is_ok(), "{s}: {:?}", parse_intrinsic(s));
        assert!(looks_like_intrinsic(s), "{s}");
        assert_eq!(check_dynamic_value(s), Ok(()), "{s}");
    }
}

#[test]
fn intrinsic_literals_and_structure() {
    let c = parse_intrinsic(
        "States.Array(1, -2.5, 3e2, 'a\\'b\\{\\}\\\\', true, false, null, $, $.x, $$.Task.Token, $v, States.UUID())",
    )
    .unwrap();
    assert_eq!(c.name, "States.Array");
    assert_eq!(c.args.len(), 12);
    assert_eq!(c.args[0], Arg::Number("1".to_string()));
    assert_eq!(c.args[1].as_number(), Some(-2.5));
    assert_eq!(c.args[2].as_number(), Some(300.0));
    assert_eq!(c.args[3], Arg::String("a'b{}\\".to_string()));
    assert_eq!(c.args[4], Arg::Bool(true));
    assert_eq!(c.args[5], Arg::Bool(false));
    assert_eq!(c.args[6], Arg::Null);
    assert!(matches!(&c.args[7], Arg::Path(p) if p.root == Root::Input && p.segments.is_empty()));
    assert!(matches!(&c.args[8], Arg::Path(p) if p.segments == vec![field("x")]));
    assert!(matches!(&c.args[9], Arg::Path(p) if p.root == Root::Context));
    assert!(matches!(&c.args[10], Arg::Path(p) if p.root == Root::Variable("v".into())));
    assert!(matches!(&c.args[11], Arg::Call(i) if i.name == "States.UUID" && i.args.is_empty()));
    assert!(!c.args[8].is_literal() && c.args[0].is_literal());

    // Whitespace between arguments, bracket paths, a plain double quote in a string.
    let c = parse_intrinsic("States.Format( 'say \"{}\"' , $['a b'] )").unwrap();
    assert_eq!(c.args[0], Arg::String("say \"{}\"".to_string()));
    assert!(parse_intrinsic("States.Array()").unwrap().args.is_empty());
    // Offsets of argument paths are offsets into the whole call.
    let c = parse_intrinsic("States.Array($.a.b)").unwrap();
    assert!(matches!(&c.args[0], Arg::Path(p) if p.offsets == vec![15, 17]));
}

#[test]
fn intrinsic_syntax_errors() {
    assert_err(&call_err(""), 0, "expected an intrinsic function name");
    assert_err(&call_err(" States.UUID()"), 0, "whitespace before");
    assert!(parse_intrinsic("States.UUID()  ").is_ok());
    assert_err(&call_err("States.UUID()x"), 13, "unexpected text");
    assert_err(
        &call_err("States.UUID ()"),
        11,
        "expected `(` right after `States.UUID`",
    );
    assert_err(&call_err("States.Array(1"), 12, "not closed");
    assert_err(&call_err("States.Array(1,"), 12, "not closed");
    assert_err(&call_err("States.Array(1,)"), 15, "missing after `,`");
    assert_err(&call_err("States.Array(,1)"), 13, "expected an argument");
    assert_err(&call_err("States.Array(1 2)"), 15, "expected `,` or `)`");
    assert_err(&call_err("States.Array(foo)"), 13, "unexpected `foo`");
    assert_err(&call_err("States.Array(\"x\")"), 13, "single quotes");
    assert_err(&call_err("States.Array(12abc)"), 15, "after a number");
    assert_err(&call_err("States.Array(-)"), 14, "expected a digit");
    assert_err(&call_err("States.Array(1.)"), 15, "after `.`");
    assert_err(&call_err("States.Array('abc"), 13, "not closed");
    assert_err(&call_err("States.Array('a\\"), 13, "not closed");
    assert_err(
        &call_err("States.Array(States.Foo())"),
        13,
        "unknown intrinsic function `States.Foo`",
    );
    assert_err(&call_err("States.Array(States.UUID)"), 24, "expected `(`");
    assert_err(&call_err("States.Array($.a b)"), 17, "expected `,` or `)`");
}

#[test]
fn intrinsic_string_escapes() {
    let e = call_err("States.Format('a\\\"b')");
    assert_err(&e, 16, "`\\\"` is not allowed");
    assert_err(
        &call_err("States.Format('a\\nb')"),
        16,
        "`\\n` is not an escape",
    );
    assert_err(&call_err("States.Format('a { b')"), 17, "`{` is reserved");
    assert_err(&call_err("States.Format('a } b')"), 17, "`}` is reserved");
    assert_err(&call_err("States.Format('{a}')"), 15, "`{` is reserved");
    // `${Name}` is a CloudFormation placeholder, replaced before Step Functions reads the
    // definition: text, not braces, even in a `States.Format` template.
    let c = parse_intrinsic("States.Format('s3://${Bucket}/{}', $.key)").unwrap();
    assert_eq!(c.args[0], Arg::String("s3://${Bucket}/{}".to_string()));
    assert_err(
        &call_err("States.Format('s3://${Bucket}/{}')"),
        14,
        "1 `{}` placeholder but 0 values",
    );
    // Outside a `States.Format` template, AWS accepts unescaped braces.
    let c = parse_intrinsic(r#"States.StringToJson('{"a": 1}')"#).unwrap();
    assert_eq!(c.args[0], Arg::String(r#"{"a": 1}"#.to_string()));
    assert!(parse_intrinsic("States.Array('}', '{')").is_ok());
    // A nested template still refuses them.
    assert_err(
        &call_err("States.Array(States.Format('a { b'))"),
        30,
        "`{` is reserved",
    );
    let c = parse_intrinsic("States.Format('\\{literal\\} {}', $.x)").unwrap();
    assert_eq!(c.args[0], Arg::String("{literal} {}".to_string()));
}

#[test]
fn unknown_functions_suggest() {
    assert_err(
        &call_err("States.Fromat('x')"),
        0,
        "did you mean `States.Format`?",
    );
    assert_err(
        &call_err("States.format('x')"),
        0,
        "did you mean `States.Format`?",
    );
    assert_err(&call_err("States.Uuid()"), 0, "did you mean `States.UUID`?");
    let e = call_err("Format('x')");
    assert_err(&e, 0, "start with `States.`");
    assert!(
        e.message.contains("did you mean `States.Format`?"),
        "{}",
        e.message
    );
    assert_err(
        &call_err("states.Format('x')"),
        0,
        "did you mean `States.Format`?",
    );
    assert_err(
        &call_err("States.Banana()"),
        0,
        "unknown intrinsic function",
    );
    assert!(!call_err("States.Banana()").message.contains("did you mean"));
}

#[test]
fn argument_counts() {
    assert_err(
        &call_err("States.ArrayLength($.a, $.b)"),
        24,
        "takes 1 argument, but 2 were given",
    );
    assert_err(
        &call_err("States.UUID(1)"),
        12,
        "takes 0 arguments, but 1 was given",
    );
    assert_err(
        &call_err("States.MathRandom(1)"),
        0,
        "takes 2 to 3 arguments",
    );
    assert_err(
        &call_err("States.MathRandom(1, 2, 3, 4)"),
        27,
        "takes 2 to 3 arguments",
    );
    assert_err(&call_err("States.Format()"), 0, "takes at least 1 argument");
    assert_err(
        &call_err("States.JsonMerge($.a, $.b)"),
        0,
        "takes 3 arguments",
    );
    assert_err(&call_err("States.ArrayRange(1, 2)"), 0, "takes 3 arguments");
    assert!(parse_intrinsic("States.MathRandom(1, 999, 42)").is_ok());
    let many = format!("States.Array({})", ["1"; 200].join(","));
    assert!(parse_intrinsic(&many).is_ok());
}

#[test]
fn format_placeholders() {
    assert!(parse_intrinsic("States.Format('no placeholders')").is_ok());
    assert!(parse_intrinsic("States.Format('{}{}', 1, $.b)").is_ok());
    assert_err(
        &call_err("States.Format('{} {}', $.a)"),
        14,
        "2 `{}` placeholders but 1 value follows",
    );
    assert_err(
        &call_err("States.Format('{}')"),
        14,
        "1 `{}` placeholder but 0 values follow",
    );
    assert_err(
        &call_err("States.Format('x', 1)"),
        14,
        "0 `{}` placeholders but 1 value follows",
    );
    assert_err(
        &call_err("States.Format('\\{\\}', 1)"),
        14,
        "0 `{}` placeholders",
    );
    assert_err(
        &call_err("States.Format(1)"),
        14,
        "must be a string, not a number",
    );
    // The guide's own nine-call example has three placeholders and two values.
    let guide = "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(\
                 States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), \
                 States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit(\
                 $.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    assert_err(
        &call_err(guide),
        14,
        "3 `{}` placeholders but 2 values follow",
    );
    // A template from a path cannot be counted.
    assert!(parse_intrinsic("States.Format($.t, 1, 2, 3)").is_ok());
}

#[test]
fn literal_argument_rules() {
    // Arrays and objects can only come from paths or calls.
    assert_err(
        &call_err("States.ArrayLength('abc')"),
        19,
        "must be an array",
    );
    assert_err(&call_err("States.ArrayUnique(1)"), 19, "must be an array");
    assert_err(
        &call_err("States.ArrayContains(null, 1)"),
        21,
        "must be an array",
    );
    assert_err(
        &call_err("States.ArrayGetItem($.a, 'x')"),
        25,
        "must be a number",
    );
    assert_err(
        &call_err("States.JsonMerge('a', $.b, false)"),
        17,
        "must be a JSON object",
    );
    assert_err(&call_err("States.JsonToString('x')"), 20, "must be a path");
    assert!(parse_intrinsic("States.JsonToString($.x)").is_ok());
    assert_err(&call_err("States.StringToJson(1)"), 20, "must be a string");
    assert_err(
        &call_err("States.StringSplit($.a, 1)"),
        24,
        "must be a string",
    );
    assert_err(
        &call_err("States.Base64Encode(true)"),
        20,
        "must be a string, not `true`",
    );

    // JsonMerge: shallow only.
    assert_err(
        &call_err("States.JsonMerge($.a, $.b, true)"),
        27,
        "must be `false`, not `true`",
    );
    assert_err(
        &call_err("States.JsonMerge($.a, $.b, $.deep)"),
        27,
        "must be `false`, not a path",
    );

    // ArrayRange: integers, non-zero step, at most 1000 items.
    assert_err(&call_err("States.ArrayRange(1, 9, 0)"), 24, "must not be 0");
    assert_err(
        &call_err("States.ArrayRange(1, 9, 0.4)"),
        24,
        "must not be 0",
    );
    assert_err(
        &call_err("States.ArrayRange('a', 9, 1)"),
        18,
        "must be a number",
    );
    assert!(parse_intrinsic("States.ArrayRange(1, 1000, 1)").is_ok());
    assert_err(
        &call_err("States.ArrayRange(0, 1000, 1)"),
        0,
        "would create 1001 items",
    );
    assert_err(
        &call_err("States.ArrayRange(1, 5000, 1)"),
        0,
        "would create 5000 items",
    );
    assert!(parse_intrinsic("States.ArrayRange(10, 1, -1)").is_ok());
    assert!(parse_intrinsic("States.ArrayRange(1, 1e999, $.step)").is_ok());
    assert!(call_err("States.ArrayRange(0, 1e999, 1)")
        .message
        .contains("items"));

    // ArrayPartition: positive chunk size (rounded).
    assert_err(
        &call_err("States.ArrayPartition($.a, 0)"),
        27,
        "positive integer",
    );
    assert_err(
        &call_err("States.ArrayPartition($.a, -3)"),
        27,
        "positive integer",
    );
    assert_err(
        &call_err("States.ArrayPartition($.a, 0.4)"),
        27,
        "positive integer",
    );
    assert!(parse_intrinsic("States.ArrayPartition($.a, 0.6)").is_ok());

    // MathAdd: 32-bit integers.
    assert!(parse_intrinsic("States.MathAdd(111, -1)").is_ok());
    assert!(parse_intrinsic("States.MathAdd(-2147483648, 2147483647.4)").is_ok());
    assert_err(
        &call_err("States.MathAdd(1, 2147483648)"),
        18,
        "between -2147483648 and 2147483647",
    );
    assert_err(&call_err("States.MathAdd(-2147483649, 1)"), 15, "between");
    assert_err(&call_err("States.MathAdd('1', 2)"), 15, "must be a number");
    assert_err(
        &call_err("States.MathRandom(1, 'x')"),
        21,
        "must be a number",
    );
    assert_err(
        &call_err("States.MathRandom(1, 2, null)"),
        24,
        "must be a number, not `null`",
    );

    // Hash: known algorithms only.
    for alg in HASH_ALGORITHMS {
        assert!(
            parse_intrinsic(&format!("States.Hash($.d, '{alg}')")).is_ok(),
            "{alg}"
        );
    }
    assert_err(
        &call_err("States.Hash($.d, 'SHA256')"),
        17,
        "did you mean `SHA-256`?",
    );
    assert_err(
        &call_err("States.Hash($.d, 'sha-512')"),
        17,
        "did you mean `SHA-512`?",
    );
    assert_err(&call_err("States.Hash($.d, 'CRC32')"), 17, "MD5, SHA-1");
    assert_err(&call_err("States.Hash($.d, 1)"), 17, "must be a string");

    // 10,000-character limits on literal data.
    let long = "a".repeat(10_001);
    assert_err(
        &call_err(&format!("States.Base64Encode('{long}')")),
        20,
        "longer than 10000",
    );
    assert_err(
        &call_err(&format!("States.Base64Decode('{long}')")),
        20,
        "longer than 10000",
    );
    assert_err(
        &call_err(&format!("States.Hash('{long}', 'MD5')")),
        12,
        "longer than 10000",
    );
    assert!(parse_intrinsic(&format!("States.Base64Encode('{}')", "é".repeat(10_000))).is_ok());
}

#[test]
fn paths_inside_intrinsics() {
    // Dotted names may only use letters, digits and `_` inside a call.
    let e = call_err("States.Format('{}', $.detail-type)");
    assert_err(&e, 28, "use bracket notation: `['detail-type']`");
    assert!(parse_intrinsic("States.Format('{}', $['detail-type'])").is_ok());
    assert!(parse_intrinsic("States.Format('{}', $.日本)").is_ok());
    assert!(parse_intrinsic("States.Format('{}', $.a[?(@.b == ')')])").is_ok());
    assert!(parse_intrinsic("States.Array($.a[0,1], $..x, $.a[*])").is_ok());
    // Context paths are the caller's to check, through `Intrinsic::paths`.
    let call = parse_intrinsic("States.Format('{}', States.Array($$.Executon.Id))").unwrap();
    let paths = call.paths();
    assert_eq!(paths.len(), 1);
    let e = check_context_path(paths[0]).unwrap_err();
    assert!(
        e.message.contains("did you mean `Execution`?"),
        "{}",
        e.message
    );
    assert!(parse_intrinsic("States.Format('{}', $$.Execution.Id)").is_ok());
    // Variables follow the variable rules.
    assert_err(
        &call_err("States.Format('{}', $states.input)"),
        21,
        "reserved",
    );
    assert!(parse_intrinsic("States.Format('{}', $ä.b)").is_ok());
    // Path errors keep their offsets in the whole string.
    assert_err(&call_err("States.Array($.a[)"), 17, "unexpected `)`");
    assert_err(
        &call_err("States.Array($.)"),
        14,
        "a field name must follow `.`",
    );
}

#[test]
fn nesting_is_limited_without_deep_recursion() {
    let nest = |n: usize| {
        format!(
            "{}States.UUID(){}",
            "States.Array(".repeat(n - 1),
            ")".repeat(n - 1)
        )
    };
    assert!(parse_intrinsic(&nest(MAX_INTRINSIC_CALLS)).is_ok());
    let e = call_err(&nest(MAX_INTRINSIC_CALLS + 1));
    assert_err(&e, 13 * MAX_INTRINSIC_CALLS, "at most 10");
    // Ten calls side by side also count.
    let flat = format!("States.Array({})", ["States.UUID()"; 10].join(", "));
    assert!(call_err(&flat).message.contains("at most 10"));
    // Very deep input fails fast instead of overflowing the stack.
    let deep = "States.Array(".repeat(200_000);
    assert!(call_err(&deep).message.contains("at most 10"));
    let deep_path = format!("$[?({}", "(".repeat(200_000));
    assert!(parse_path(&deep_path).is_err());
    let brackets = format!("${}", "[".repeat(200_000));
    assert!(parse_path(&brackets).is_err());
}

#[test]
fn looks_like_intrinsic_cases() {
    assert!(looks_like_intrinsic("States.Format('x')"));
    assert!(looks_like_intrinsic("States.UUID()"));
    assert!(looks_like_intrinsic("States.Nope(")); // looks like one; parsing says it is unknown
    assert!(!looks_like_intrinsic("States.Format"));
    assert!(!looks_like_intrinsic("States.(x)"));
    assert!(!looks_like_intrinsic("States.Format ('x')"));
    assert!(!looks_like_intrinsic("states.Format('x')"));
    assert!(!looks_like_intrinsic("$.a"));
    assert!(!looks_like_intrinsic(""));
}

#[test]
fn quoting_round_trips() {
    assert_eq!(
        quote_intrinsic_string("it's {a} \\"),
        "'it\\'s \\{a\\} \\\\'"
    );
    assert_eq!(quote_intrinsic_string(""), "''");
    for s in [
        "",
        "plain",
        "it's",
        "{}",
        "{ }",
        "\\",
        "a\"b",
        "日本 ✓ 𝄞",
        "\\'{}\\",
    ] {
        let call = format!("States.Array({})", quote_intrinsic_string(s));
        let parsed = parse_intrinsic(&call).unwrap_or_else(|e| panic!("{call}: {e}"));
        assert_eq!(parsed.args, vec![Arg::String(s.to_string())], "{call}");
        // Quoted text is literal: it has no placeholders.
        let fmt = format!("States.Format({})", quote_intrinsic_string(s));
        assert!(parse_intrinsic(&fmt).is_ok(), "{fmt}");
    }
}

#[test]
fn dynamic_values() {
    for ok in [
        "$",
        "$.a",
        "$$.Execution.Id",
        "$$.Map.Item.Value.x",
        "$var",
        "$.a[?(@.b > 1)]",
        "States.UUID()",
        "States.Format('{}', $.x)",
    ] {
        assert_eq!(check_dynamic_value(ok), Ok(()), "{ok}");
    }
    assert_err(
        &check_dynamic_value("$$.Exec").unwrap_err(),
        3,
        "did you mean `Execution`?",
    );
    assert_err(
        &check_dynamic_value("$.a.").unwrap_err(),
        3,
        "ends with `.`",
    );
    assert_err(
        &check_dynamic_value("States.Format").unwrap_err(),
        13,
        "expected `(`",
    );
    assert_err(
        &check_dynamic_value("states.format('x')").unwrap_err(),
        0,
        "did you mean `States.Format`?",
    );
    assert_err(
        &check_dynamic_value("hello").unwrap_err(),
        0,
        "expected a path",
    );
    assert_err(&check_dynamic_value("").unwrap_err(), 0, "expected a path");
    assert_err(
        &check_dynamic_value(" $.a").unwrap_err(),
        0,
        "whitespace before",
    );
    assert_err(
        &check_dynamic_value("\tStates.UUID()").unwrap_err(),
        0,
        "whitespace before",
    );
    assert_err(
        &check_dynamic_value("$states.input").unwrap_err(),
        1,
        "reserved",
    );
}

#[test]
fn errors_display() {
    let e = PathError::new(3, "bad thing");
    assert_eq!(e.to_string(), "bad thing (at byte 3)");
}

/// A tiny deterministic generator for the garbage test.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Runs every entry point on `s` and checks the error offsets are usable.
fn exercise(s: &str) {
    let check = |r: Result<(), PathError>| {
        if let Err(e) = r {
            assert!(
                e.offset <= s.len(),
                "offset {} past the end of {s:?}",
                e.offset
            );
            assert!(
                s.is_char_boundary(e.offset),
                "offset {} splits a char in {s:?}",
                e.offset
            );
            assert!(!e.message.is_empty());
        }
    };
    match parse_path(s) {
        Ok(p) => {
            check(check_context_path(&p));
            let shown = p.to_string();
            let again = parse_path(&shown).unwrap_or_else(|e| panic!("{shown:?} from {s:?}: {e}"));
            assert_eq!(again.segments, p.segments, "{s:?} -> {shown:?}");
        }
        Err(e) => check(Err(e)),
    }
    check(parse_reference_path(s).map(|_| ()));
    check(parse_intrinsic(s).map(|_| ()));
    check(check_dynamic_value(s));
    check(check_variable_name(s));
    let _ = looks_like_intrinsic(s);
    let quoted = format!("States.Array({})", quote_intrinsic_string(s));
    assert_eq!(
        parse_intrinsic(&quoted).map(|c| c.args),
        Ok(vec![Arg::String(s.to_string())]),
        "{quoted:?}"
    );
}

#[test]
fn garbage_never_panics() {
    let seeds: Vec<&str> = VALID_PATHS
        .iter()
        .copied()
        .chain([
            "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.a, '/'), 2), $$.Execution.Id)",
            "States.JsonMerge($.a, $['b c'], false)",
            "States.Hash('ü', 'SHA-256')",
            "States.ArrayRange(-1.5e2, 9, 2)",
            "States.Format('\\{\\} it\\'s {} \\\\', $var.x[?(@.y == 'é')])",
            "$$.Map.Item.Value['日本'][0]",
            "$.a[?(@.b == \"q\\\"\")]",
        ])
        .collect();
    let pool = [
        "$", "$$", ".", "..", "[", "]", "(", ")", "'", "\"", "\\", ",", ":", "?", "@", "*", "-",
        "{", "}", "{}", " ", "\t", "0", "9", "a", "_", "é", "日", "𝄞", "States.", "(", "e5",
        "\u{301}", "\u{0}",
    ];
    let mut rng = XorShift(0x5eed_1234_abcd_ef01);
    for seed in &seeds {
        // Every prefix, at every char boundary and at every byte (lossily decoded).
        for (i, _) in seed.char_indices() {
            exercise(&seed[..i]);
            exercise(&seed[i..]);
        }
        for i in 0..=seed.len() {
            exercise(&String::from_utf8_lossy(&seed.as_bytes()[..i]));
        }
        // Random edits.
        for _ in 0..300 {
            let mut s = seed.to_string();
            for _ in 0..=rng.below(3) {
                let bounds: Vec<usize> =
                    s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
                let at = bounds[rng.below(bounds.len())];
                match rng.below(3) {
                    0 => s.insert_str(at, pool[rng.below(pool.len())]),
                    1 => {
                        if let Some(c) = s[at..].chars().next() {
                            s.replace_range(at..at + c.len_utf8(), "");
                        }
                    }
                    _ => {
                        if let Some(c) = s[at..].chars().next() {
                            s.replace_range(at..at + c.len_utf8(), pool[rng.below(pool.len())]);
                        }
                    }
                }
            }
            exercise(&s);
        }
    }
}

/// Diagnostics about a problem inside a path, an intrinsic call or a JSONata expression carry
/// its offset in the string, and a definition read from text places it in the text, escapes
/// included.
#[test]
fn problems_inside_strings_are_placed_in_the_text() {
    let src = r#"{
      "StartAt": "A",
      "States": {
        "A": {
          "Type": "Pass",
          "ResultPath": "$.a..b",
          "Parameters": {
            "f.$": "States.Format('{} \"q\" {}', $.one)",
            "t.$": "$$.Task.Tokn",
            "h.$": "States.Hash($.data, 'SHA-3')"
          },
          "Next": "B"
        },
        "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% \u00e9 + %}", "End": true}
      }
    }"#;
    let report = crate::validate_str(src, &crate::Options::default());
    let at = |location: &str| {
        let d = report
            .diagnostics
            .iter()
            .find(|d| d.location == location)
            .unwrap_or_else(|| panic!("no diagnostic at {location}: {:?}", report.diagnostics));
        assert!(d.value_offset.is_some(), "{d:?}");
        assert!(!d.message.contains("at character"), "{d:?}");
        let offset = report.offset_of(d).expect("an offset");
        &src[offset..]
    };
    assert!(at("/States/A/ResultPath").starts_with("..b\""));
    // The template's `\"` escapes are counted as written.
    assert!(at("/States/A/Parameters/f.$").starts_with(r#"'{} \"q\" {}'"#));
    assert!(at("/States/A/Parameters/t.$").starts_with("Tokn\""));
    assert!(at("/States/A/Parameters/h.$").starts_with("'SHA-3'"));
    // `\u00e9` is six bytes in the text and two in the value.
    assert!(at("/States/B/Output").starts_with("%}\""));
}
