//! Feeds arbitrary bytes to the JSON front end and the validator. Any input must get a
//! verdict; valid definitions (templates aside) must convert to the model and re-validate
//! from canonical JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sfn_core::{canonical_json, parse_definition, validate_str, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for check_arns in [true, false] {
        let options = Options {
            check_arns,
            ..Options::default()
        };
        let report = validate_str(&text, &options);
        for d in &report.diagnostics {
            let _ = report.offset_of(d);
        }
        // A template (unquoted `${Name}` placeholders) is valid but converts only once
        // substituted.
        let template = report
            .root
            .as_ref()
            .is_some_and(|r| sfn_core::json::first_placeholder(r).is_some());
        if report.is_valid() && !template {
            let def = parse_definition(&text, &options).expect("a valid definition converts");
            let json = canonical_json(&def.machine);
            assert!(validate_str(&json, &options).is_valid(), "canonical JSON must stay valid");
        }
    }
});
