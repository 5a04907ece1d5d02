use super::*;

/// Valid expressions, including those of the Step Functions developer guide.
const VALID: &[&str] = &[
    // Step Functions
    "$states.input.x",
    "$states.input.title",
    "$states.input.customer.name",
    "$states.input.age >= 18",
    "$partition($states.input.items, 2)",
    "$range(0, 10, 2)",
    "$hash($states.input.x, 'SHA-256')",
    "$random()",
    "$random(42)",
    "$uuid()",
    "$parse($states.input.json)",
    "$states.context.Execution.Id",
    "$states.context.Map.Item.Value",
    "$states.result.Payload.body",
    "$states.errorOutput.Cause",
    "'Hello ' & $states.input.name",
    "$contains($fullName, '加藤')",
    "$states.input.status = 'active'",
    "$states.input.items[price > 10].name",
    "$sum($states.input.items.(price * qty))",
    "$count($states.input.items[type = 'a'])",
    "$string($states.input.count)",
    "$map($states.input.items, function($v) { $v * 2 })",
    "$map([1, 2, 3], λ($v, $i, $a) { $v + $i })",
    "$filter($states.input.items, function($v, $i, $a) { $v.price > 10 })",
    "$reduce([1, 2, 3], function($acc, $v) { $acc + $v }, 0)",
    "$sort(items, function($l, $r) { $l.price > $r.price })",
    "$each($states.input, function($v, $k) { $k & '=' & $v })",
    "$states.input.age >= 18 ? 'adult' : 'minor'",
    "$states.input.x ? 1",
    "( $x := 5; $y := $x * 2; $x + $y )",
    "( $f := function($n) { $n <= 1 ? 1 : $n * $f($n - 1) }; $f(5) )",
    "$f := function($n) { $n }",
    // functions, signatures, partial application
    "function($a, $b)<n-n:n>{ $a + $b }",
    "function($x) <s:s> { $uppercase($x) }",
    "function($a)<a<n>:n>{ $sum($a) }",
    "function($f, $x)<f<n:n>n:n>{ $f($x) }",
    "function($x)<x-:s>{ $string($x) }",
    "function($x)<(ns)?:s>{ $string($x) }",
    "function()<:n>{ 1 }",
    "λ($x){ $x }(1)",
    "$substring(?, 0, 3)",
    "$f(?, ?)",
    "$zip([1, 2], [3, 4])",
    // literals
    "-5",
    "-$states.input.x",
    "1e10 + 2.5E-3 + 0.5 + 0 + 12E+2",
    "\"tab\\t \\u00e9 \\\" \\/ \\\\ \\b\\f\\n\\r\"",
    "'single \"double\" inside'",
    "\"$states.input\"",
    "true and false or null = null",
    "[]",
    "{}",
    "()",
    "{'a': 1, \"b\": [1, 2, 3], 'c': {'d': null}}",
    "[1..10]",
    "[0..$count(x) - 1]",
    "[1, 2..4, 7]",
    "[-1..1]",
    // paths
    "$$.a",
    "$.a",
    "$",
    "$$",
    "*.b",
    "**.price",
    "Account.Order[0].Product[ProductID = 858383].Price",
    "Account.Order.Product.{ 'p': %.OrderID, 'a': %.%.`Account Name` }",
    "$states.input.`weird key`",
    "a.'quoted step'",
    "\"a\".$uppercase()",
    "a[]",
    "a[0][1]",
    "a.b.c.d.e.f",
    "$x.($ + 1)",
    "a.and.or.in",
    // grouping, sorting, focus, index
    "Account.Order{ OrderID: $sum(Product.(Price * Quantity)) }",
    "Account.Order.Product{`Product Name`: Price}",
    "{ 'items': $states.input.items.{ 'n': name } }",
    "Account.Order^(>Price, <Quantity)",
    "Account.Order.Product^(Price)",
    "Account.Order@$o.Product#$i.{ 'order': $o.OrderID, 'idx': $i }",
    "library.loans@$l.books@$b[$l.isbn = $b.isbn]",
    "$states.input.items#$i[$i < 2]",
    // operators
    "$states.input.a / 2",
    "a / b / c",
    "10 % 3",
    "a != b and a <= b and a >= b and a < b and a > b",
    "'a' & 'b' & 1",
    "$exists(a) and b or c in [1, 2]",
    "$states.input.x in ['a', 'b']",
    "$not(true)",
    "$states.input.s ~> $uppercase ~> $trim",
    "$states.input ~> $keys()",
    "$ ~> | Account.Order.Product | {'Price': Price * 1.2}, ['Description'] |",
    "| a | {'b': 1} |",
    // regular expressions
    "$match($states.input.s, /^[a-z]+\\/x$/i)",
    "$split(s, /,\\s*/)",
    "$replace(s, /a(b|c)/im, 'x')",
    "$contains(s, /[/]/)",
    "[1, /a/, /b/m]",
    "/a/and b",
    "/a/imor b",
    "(a[]) / 2",
    "a[0] / 2",
    "{'a': /x/}",
    "a{/x/: 1}",
    "a ? /x/ : /y/",
    "function($x){ /a/ }",
    "(1; /a/)",
    "$match(s, /a*?b+?c??/)",
    "$match(s, /a{2,}b{1,3}/)",
    "$match(s, /(?:a)(?=b)(?!c)(?<=d)(?<!e)(?<name>f)/)",
    "$match(s, /[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}/i)",
    "$replace(s, /^\\s+|\\s+$/, '')",
    "$match(s, /[\\w-z][^]/)",
    // parent operator
    "a.%",
    "a.b.%.%",
    "a.*.%",
    "a.$f(%)",
    "a.(b; %)",
    "a.().%",
    "a.(b.c).%.%.%",
    "a.b[%.c]",
    "a.b{'x': 1}.%",
    "a.b@$x.%",
    "a ~> $f(%)",
    "%#$i",
    "function(){ % }",
    // `$` and `$$` where a variable is expected
    "function($){ $ }",
    "a@$",
    "$ := 1",
    // grouping and predicates
    "a{'x': 1}[0]",
    "a.b[0]{'x': 1}[0]",
    "(a{'x': 1}){'y': 2}",
    "and or in",
    "a.and",
    // comments and whitespace
    "/* comment */ $x /* another */ + 1",
    "\n\t$x\r\n",
    "(a; b;)",
    "$string($number('1') + 1)",
];

/// Invalid expressions and a fragment each error message must contain.
const INVALID: &[(&str, &str)] = &[
    // JSONata 2.1 operators; Step Functions runs 2.0.6.
    ("$x ?? 'default'", "JSONata 2.1"),
    ("$x ?: 'default'", "JSONata 2.1"),
    ("", "empty expression"),
    ("   ", "empty expression"),
    ("/* only */", "empty expression"),
    (
        "1 +",
        "expected an expression after `+`, found end of expression",
    ),
    ("+ 2", "unary"),
    (
        "$a $b",
        "expected an operator or the end of the expression, found `$b`",
    ),
    (
        "(1 + 2",
        "expected `)` to close `(` at offset 0, found end of expression",
    ),
    (
        "(1 + 2]",
        "expected `;` or `)` to close `(` at offset 0, found `]`",
    ),
    ("[1, 2", "expected `]` to close `[` at offset 0"),
    ("{'a': 1", "expected `}` to close `{` at offset 0"),
    ("$f(1, 2", "expected `)` to close `(` at offset 2"),
    ("$f(1 2)", "expected `,` or `)`"),
    ("'abc", "unterminated string"),
    ("\"abc", "unterminated string"),
    ("/* abc", "unterminated comment"),
    ("`abc", "unterminated quoted name"),
    ("$match(x, /abc)", "unterminated regular expression"),
    ("$match(x, //)", "empty regular expression"),
    ("$match(x, /a/g)", "flag `g`"),
    ("/a/in b", "flag `n`"),
    ("a[] / 2", "right after this `]`"),
    ("a^(b) / 2", "right after this `)`"),
    ("function(){1} / 2", "right after this `}`"),
    ("|a|b| / 2", "right after this `|`"),
    ("'\\x'", "invalid escape sequence `\\x`"),
    ("'\\u12'", "unicode escape"),
    ("'it\\'s'", "`\\'`"),
    ("1e999", "out of range"),
    ("a ! b", "`!`"),
    ("a == b", "single `=`"),
    ("a && b", "use `and`"),
    ("a || b", "use `or`"),
    ("a ~ b", "`~>`"),
    ("$x :=", "expected an expression after `:=`"),
    ("a := 1", "left side of `:=`"),
    ("function(a) { a }", "function parameters must be variables"),
    (
        "function($a, ?) { $a }",
        "function parameters must be variables",
    ),
    ("function($a) $a", "expected `{` to start the body"),
    (
        "function($a) { }",
        "expected an expression after `{`, found `}`",
    ),
    (
        "function($a)<n:n { $a }",
        "invalid character `{` in function signature",
    ),
    ("function($a)<z:n>{ $a }", "invalid character `z`"),
    ("function($a)<n:n", "unterminated function signature"),
    ("function($a)<n<n>>{ $a }", "may only follow"),
    ("a@b", "expected a variable such as `$x` after `@`"),
    ("a#1", "expected a variable such as `$x` after `#`"),
    ("a[0]@$x", "must come before any predicate"),
    ("a^(b)@$x", "must come before an order-by"),
    ("a{'x': 1}{'y': 2}", "only have one grouping"),
    ("[1,]", "expected an expression after `,`, found `]`"),
    ("{'a' 1}", "expected `:` after the key"),
    ("$f(1,)", "expected an expression after `,`, found `)`"),
    ("a ? : b", "expected an expression after `?`, found `:`"),
    ("a.1", "literal `1` cannot be used as a step"),
    ("a.true", "literal `true` cannot be used as a step"),
    ("1.a", "literal `1` cannot be used as a step"),
    ("a^b", "expected `(` after `^`"),
    ("a^()", "expected an expression after `(`, found `)`"),
    ("^(a)", "expected an expression, found `^`"),
    ("a..b", "only allowed inside an array"),
    ("$a; $b", "`;` may only separate"),
    (")", "expected an expression, found `)`"),
    ("a)", "unmatched `)`"),
    ("a]", "unmatched `]`"),
    ("1 2", "found `2`"),
    ("| a | b", "expected `|` to end the transform"),
    ("| a", "expected `|` after the pattern"),
    ("a ** b", "found `**`"),
    ("$x := (1", "expected `)` to close `(` at offset 6"),
    ("?", "expected an expression, found `?`"),
    ("$f(? + 1)", "expected `,` or `)`"),
    ("#$i", "expected an expression, found `#`"),
    ("a = ", "expected an expression after `=`"),
    ("01", "found `1`"),
    ("-", "expected an expression after `-`"),
    ("$x.", "expected an expression after `.`"),
    ("a[", "expected an expression after `[`"),
    ("a[1", "expected `]` to close `[` at offset 1"),
    ("{% $x %}", "expected"),
    ("%", "parent operator `%`"),
    ("%.a", "parent operator `%`"),
    ("a.%.%", "parent operator `%`"),
    ("$f(%)", "parent operator `%`"),
    ("{ 'x': %.y }", "parent operator `%`"),
    ("a.**.%", "parent operator `%`"),
    ("a.$x.%", "parent operator `%`"),
    ("a.b^(c).%", "parent operator `%`"),
    ("-%", "parent operator `%`"),
    ("a.-1", "literal `-1` cannot be used as a step"),
    ("$x{'a': 1}[0]", "cannot follow a grouping"),
    ("[1]{'a': 1}[0]", "cannot follow a grouping"),
    ("a{'a': 1}.b{'b': 1}", "only have one grouping"),
    ("a{'a': 1}[0]{'b': 2}", "only have one grouping"),
    ("$match(s, /+a/)", "nothing to repeat before `+`"),
    ("$match(s, /a**/)", "nothing to repeat before `*`"),
    ("$match(s, /a|*b/)", "nothing to repeat"),
    ("$match(s, /^*/)", "nothing to repeat"),
    ("$match(s, /\\b+/)", "nothing to repeat"),
    ("$match(s, /{2}/)", "nothing to repeat before `{`"),
    ("$match(s, /a{3,2}/)", "numbers out of order"),
    ("$match(s, /[z-a]/)", "range `z-a` out of order"),
    ("$match(s, /(?x)/)", "invalid group"),
    ("$match(s, /(?<1>x)/)", "invalid group"),
    ("$match(s, /a)(/)", "unmatched `)`"),
    ("(/a/)", "regular expression cannot start right after `(`"),
    ("[/a/]", "regular expression cannot start right after `[`"),
    (
        "{/a/: 1}",
        "regular expression cannot start right after `{`",
    ),
    ("- /a/", "regular expression cannot start right after `-`"),
    (
        "| /a/ | {} |",
        "regular expression cannot start right after `|`",
    ),
];

#[test]
fn valid_expressions_parse() {
    for src in VALID {
        if let Err(e) = parse(src) {
            panic!("{src:?} should parse, got {e:?}");
        }
    }
}

#[test]
fn invalid_expressions_are_rejected() {
    for (src, fragment) in INVALID {
        match parse(src) {
            Ok(ast) => panic!("{src:?} should fail, parsed as {ast:?}"),
            Err(e) => {
                assert!(
                    e.message.contains(fragment),
                    "{src:?}: message {:?} lacks {fragment:?}",
                    e.message
                );
                assert!(e.offset <= src.len(), "{src:?}: offset {}", e.offset);
            }
        }
    }
}

#[test]
fn error_offsets() {
    let at = |src: &str| parse(src).map(|_| ()).unwrap_err().offset;
    assert_eq!(at("1 +"), 3);
    assert_eq!(at("+ 2"), 0);
    assert_eq!(at("$a $b"), 3);
    assert_eq!(at("(1 + 2]"), 6);
    assert_eq!(at("x & 'abc"), 4);
    assert_eq!(at("x /* abc"), 2);
    assert_eq!(at("'é' = \"\\q\""), 8);
    assert_eq!(at("$a.1"), 3);
    assert_eq!(at("[1, 2"), 5);
}

#[test]
fn regex_or_division_by_context() {
    // After an operand `/` divides; where an operand is expected it starts a regex.
    assert!(parse("a / b / c").is_ok());
    assert!(parse("$split(a, /b/)").is_ok());
    assert!(parse("(a) / 2").is_ok());
    assert!(parse("a[0] / 2").is_ok());
    assert!(parse("$x / /a/").is_ok());
    // `/a/ / 2` is a regex divided by a number: syntactically fine.
    assert!(parse("/a/ / 2").is_ok());
    // Division without a right operand.
    assert!(parse("a /").is_err());
}

#[test]
fn nesting_is_limited() {
    let deep =
        |open: &str, close: &str, n: usize| format!("{}1{}", open.repeat(n), close.repeat(n));
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("$f(", ")"),
        ("-", ""),
        ("{'a': ", "}"),
    ] {
        let ok = deep(open, close, MAX_DEPTH / 2);
        assert!(parse(&ok).is_ok(), "{open} x {}", MAX_DEPTH / 2);
        let err = parse(&deep(open, close, 100_000)).map(|_| ()).unwrap_err();
        assert!(err.message.contains("nested too deeply"), "{err:?}");
    }
    let err = parse(&"$a := ".repeat(1000)).map(|_| ()).unwrap_err();
    assert!(err.message.contains("nested too deeply"));
    // Long left-associative chains are not nesting.
    let chain = vec!["1"; 50_000].join(" + ");
    let ast = parse(&chain).unwrap();
    assert!(free_variables(&ast).is_empty());
    let path = vec!["a"; 50_000].join(".");
    assert!(parse(&path).is_ok());
}

#[test]
fn long_inputs_take_linear_work() {
    // Each of these takes quadratic work with a naive walk back along the path.
    let parents = vec!["%"; 30_000].join(".");
    assert!(parse(&parents).is_err());
    let resolved = format!(
        "{}.{}",
        vec!["a"; 30_000].join("."),
        vec!["%"; 30_000].join(".")
    );
    assert!(parse(&resolved).is_ok());
    let bindings = format!(
        "( {} {}1 )",
        "$a := 1; ".repeat(20_000),
        "$b + ".repeat(20_000)
    );
    let ast = parse(&bindings).unwrap();
    assert_eq!(free_variables(&ast).len(), 20_000);
    let literals = format!("'{}' & /{}/i", "x".repeat(100_000), "a".repeat(100_000));
    assert!(parse(&literals).is_ok());
}

#[test]
fn deepest_accepted_nesting_fits_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            for (open, close) in [
                ("(", ")"),
                ("[", "]"),
                ("$f(", ")"),
                ("-", ""),
                ("{'a': ", "}"),
                ("function($x){", "}"),
                ("a ? ", " : 1"),
            ] {
                for n in [MAX_DEPTH - 2, MAX_DEPTH + 5] {
                    let src = format!("{}1{}", open.repeat(n), close.repeat(n));
                    let _ = parse(&src).map(|ast| free_variables(&ast));
                }
            }
        })
        .unwrap();
    assert!(handle.join().is_ok());
}

#[test]
fn templates() {
    assert_eq!(template("{% $x %}"), Some((" $x ", 2)));
    assert_eq!(template("{%\n$x\n%}"), Some(("\n$x\n", 2)));
    assert_eq!(template("{%  1 + 2\t%}"), Some(("  1 + 2\t", 2)));
    assert_eq!(template_error("{% $x %}"), None);
    // No whitespace is needed inside the markers.
    assert_eq!(template("{%$x%}"), Some(("$x", 2)));
    assert_eq!(template("{% $x%}"), Some((" $x", 2)));
    for plain in [
        "hello",
        "",
        "$.x",
        "{ not a template }",
        "50%",
        "{x%",
        " {% x",
        // Not templates: Step Functions reads these as plain strings.
        "$x %}",
        "%}",
        " {% $x %}",
        " {% $x %} ",
    ] {
        assert_eq!(template(plain), None, "{plain:?}");
        assert_eq!(template_error(plain), None, "{plain:?}");
    }
    let err = |s: &str| template_error(s).unwrap_or_else(|| panic!("{s:?} should fail"));
    for (s, offset, fragment) in [
        ("{% $x", 5, "expected `%}`"),
        ("{% $x %", 7, "expected `%}`"),
        ("{%}", 3, "expected `%}`"),
        ("{%", 2, "expected `%}`"),
        ("{% $x %} ", 8, "whitespace after `%}`"),
        ("{% %}", 2, "empty"),
        ("{%%}", 2, "empty"),
        ("{%  \n %}", 2, "empty"),
    ] {
        let e = err(s);
        assert_eq!(e.offset, offset, "{s:?}: {e:?}");
        assert!(e.message.contains(fragment), "{s:?}: {e:?}");
        assert_eq!(template(s), None, "{s:?}");
    }
}

#[test]
fn template_detection() {
    // Step Functions' rule: the string starts with `{%` and ends with `%}`.
    for s in ["{% $x %}", "{%$x%}", "{%%}", "{% %}", "{%\n$x\n%}"] {
        assert!(is_template(s), "{s:?}");
    }
    for s in [
        "{% $x",
        "{% $x %} ",
        " {% $x %}",
        "{%}",
        "{%",
        "%}",
        "$x %}",
        "",
        "$.x",
    ] {
        assert!(!is_template(s), "{s:?}");
    }
    // The well-formed ones are the templates with an expression inside.
    for s in ["{% $x %}", "{%%}", "{% $x", "plain"] {
        assert_eq!(
            template(s).is_some(),
            is_template(s) && template_error(s).is_none(),
            "{s:?}"
        );
    }
}

/// A string that starts with `{%` but does not end with `%}` is a literal for Step
/// Functions, so the IAM policy scopes the resource to it instead of widening it to `*`.
#[test]
fn iam_policy_follows_template_detection() {
    let definition = |function: &str| {
        format!(
            r#"{{"StartAt": "Run", "States": {{"Run": {{"Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": {{"FunctionName": "{function}"}}, "End": true}}}}}}"#
        )
    };
    let resources = |function: &str| {
        let root = crate::json::parse(&definition(function)).root.unwrap();
        crate::iam::policy(&root)
            .statements
            .into_iter()
            .flat_map(|s| s.resources)
            .collect::<Vec<_>>()
    };
    assert_eq!(resources("{% $states.input.fn %}"), ["*"]);
    let literal = resources("{%fn");
    assert!(!literal.iter().any(|r| r == "*"), "{literal:?}");
    assert!(literal.iter().any(|r| r.contains("{%fn")), "{literal:?}");
}

#[test]
fn parse_template_offsets_are_in_the_whole_string() {
    assert!(parse_template("plain").unwrap().is_none());
    let ast = parse_template("{% $states.input.x + $y %}")
        .unwrap()
        .unwrap();
    assert_eq!(
        free_variables(&ast),
        vec![("states".to_string(), 3), ("y".to_string(), 21)]
    );
    let e = parse_template("{% 1 + %}").map(|_| ()).unwrap_err();
    assert_eq!(e.offset, 7);
    assert!(parse_template("{%1%}").unwrap().is_some());
    let e = parse_template("{%1 +%}").map(|_| ()).unwrap_err();
    assert_eq!(e.offset, 5);
}

fn free(src: &str) -> Vec<(String, usize)> {
    free_variables(&parse(src).unwrap_or_else(|e| panic!("{src:?}: {e:?}")))
}

fn names(src: &str) -> Vec<String> {
    free(src).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn free_variables_of_expressions() {
    assert_eq!(free("$states.input.x"), vec![("states".to_string(), 0)]);
    assert_eq!(names("( $x := 1; $x + $y )"), ["y"]);
    assert_eq!(names("function($a){ $a + $b }"), ["b"]);
    assert_eq!(free("$x := $x + 1"), vec![("x".to_string(), 6)]);
    assert_eq!(
        names("$map($states.input.items, function($v){ $v * $factor })"),
        ["states", "factor"]
    );
    assert!(names("Account.Order@$o.Product[$o.x]").is_empty());
    assert!(names("Account.Order#$i[$i > 0]").is_empty());
    assert!(names("( $f := function($n){ $n > 0 ? $f($n - 1) : 0 }; $f(1) )").is_empty());
    assert!(names("( $f := function(){ $g() }; $g := function(){ 1 }; $f() )").is_empty());
    assert_eq!(free("( $a; $a := 1 )"), vec![("a".to_string(), 2)]);
    assert_eq!(names("( ($a := 1); $a )"), ["a"]);
    assert!(names("$$.x + $.y + $").is_empty());
    assert_eq!(names("$eval('1')"), ["eval"]);
    assert!(names("$count($sum([1]))").is_empty());
    assert_eq!(names("$a + $a"), ["a", "a"]);
    assert_eq!(names("[$a..$b]"), ["a", "b"]);
    assert_eq!(
        names("$t ~> | $p | {'x': $u}, [$d] |"),
        ["t", "p", "u", "d"]
    );
    assert_eq!(names("x{ $k: $v }^(>$s)"), ["k", "v", "s"]);
    assert_eq!(names("$c ? $t : $e"), ["c", "t", "e"]);
    assert_eq!(names("function($x){ ( $y := $x; $y + $z ) }"), ["z"]);
}

#[test]
fn fields_after_free_variables() {
    let ast =
        parse("$states.input.x + $states.result[0].y + $states.context + $v + $w.`a b`").unwrap();
    let uses = free_variable_uses(&ast);
    let fields: Vec<_> = uses
        .iter()
        .map(|u| (u.name.as_str(), u.field.clone()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("states", Some(("input".to_string(), 8))),
            ("states", Some(("result".to_string(), 26))),
            ("states", Some(("context".to_string(), 48))),
            ("v", None),
            ("w", Some(("a b".to_string(), 66))),
        ]
    );
}

#[test]
fn builtin_functions() {
    assert!(is_builtin_function("partition"));
    assert!(is_builtin_function("map"));
    assert!(!is_builtin_function("eval"));
    assert!(!is_builtin_function("states"));
}

/// A small deterministic generator, so the no-panic test needs no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn check_no_panic(src: &str) {
    match parse(src) {
        Ok(ast) => {
            for v in free_variable_uses(&ast) {
                assert!(src.is_char_boundary(v.offset), "{src:?}");
            }
        }
        Err(e) => {
            assert!(e.offset <= src.len(), "{src:?}: {e:?}");
            assert!(src.is_char_boundary(e.offset), "{src:?}: {e:?}");
            assert!(!e.message.is_empty());
        }
    }
    let wrapped = format!("{{% {src} %}}");
    for s in [src, wrapped.as_str()] {
        if let Err(e) = parse_template(s) {
            assert!(s.is_char_boundary(e.offset), "{s:?}: {e:?}");
        }
        let _ = template(s);
    }
}

#[test]
fn no_panic_on_prefixes_and_mutations() {
    const BYTES: &[u8] = b" \t\n()[]{}.,;:?+-*/%|=<>^&!~@#$\"'`\\0123456789eEaz_\x7f\xce\xbb";
    let mut rng = Lcg(0x5eed);
    for src in VALID {
        // Every prefix and suffix at a char boundary.
        for (i, _) in src.char_indices().chain([(src.len(), ' ')]) {
            check_no_panic(&src[..i]);
            check_no_panic(&src[i..]);
        }
        let bytes = src.as_bytes();
        for i in 0..bytes.len() {
            // Deleting, doubling and replacing one byte.
            let mut deleted = bytes.to_vec();
            deleted.remove(i);
            let mut doubled = bytes.to_vec();
            doubled.insert(i, bytes[i]);
            let mut variants = vec![deleted, doubled];
            for _ in 0..6 {
                let mut replaced = bytes.to_vec();
                replaced[i] = BYTES[rng.below(BYTES.len())];
                variants.push(replaced);
            }
            for v in variants {
                if let Ok(s) = String::from_utf8(v) {
                    check_no_panic(&s);
                }
            }
        }
    }
    // Random strings over the characters JSONata cares about.
    for _ in 0..20_000 {
        let len = rng.below(24);
        let raw: Vec<u8> = (0..len).map(|_| BYTES[rng.below(BYTES.len())]).collect();
        check_no_panic(&String::from_utf8_lossy(&raw));
    }
    // Random splices of valid expressions.
    for _ in 0..5_000 {
        let a = VALID[rng.below(VALID.len())];
        let b = VALID[rng.below(VALID.len())];
        let cut_a = a
            .char_indices()
            .map(|(i, _)| i)
            .nth(rng.below(a.chars().count() + 1));
        let cut_b = b
            .char_indices()
            .map(|(i, _)| i)
            .nth(rng.below(b.chars().count() + 1));
        let s = format!(
            "{}{}",
            &a[..cut_a.unwrap_or(a.len())],
            &b[cut_b.unwrap_or(b.len())..]
        );
        check_no_panic(&s);
    }
}

#[test]
fn top_level_references() {
    let top = |src: &str| top_level_reference(&parse(src).unwrap()).map(|(n, _)| n);
    assert_eq!(top("orderId"), Some("orderId".to_string()));
    assert_eq!(top("order.items[0].price"), Some("order".to_string()));
    assert_eq!(top("$"), Some("$".to_string()));
    assert_eq!(top("$$.a"), Some("$$".to_string()));
    assert_eq!(top("$states.input.orderId"), None);
    assert_eq!(top("$count($states.input.items)"), None);
    assert_eq!(top("1 + 2"), None);
    assert_eq!(top("$states.input.items[price > 10]"), None);
}
