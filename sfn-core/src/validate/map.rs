//! The Map state's own objects: `ProcessorConfig`, `ItemReader`, `ItemBatcher`,
//! `ResultWriter`, `Label`, and the fields only a Distributed Map uses.

use super::check::{enum_value, int_or_expr, known_fields, number_or_expr, string, MAX_INT};
use super::payload::{self, PathRule};
use super::{ptr, Cx};
use crate::asl::WorkflowType;
use crate::asl::{
    values, DISTRIBUTED_MAP_FIELDS, ITEM_BATCHER_FIELDS, ITEM_READER_FIELDS,
    PROCESSOR_CONFIG_FIELDS, READER_CONFIG_FIELDS, RESULT_WRITER_FIELDS, WRITER_CONFIG_FIELDS,
};
use crate::catalog;
use crate::diagnostic::{Code, Diagnostic};
use crate::json::Node;
use crate::model::QueryLanguage;

pub(super) fn processor_config(cx: &mut Cx<'_>, v: &Node, at: &str) {
    let Some(members) = v.as_object() else {
        cx.schema(
            at,
            format!("`ProcessorConfig` must be an object, not {}", v.kind()),
        );
        return;
    };
    known_fields(cx, members, at, PROCESSOR_CONFIG_FIELDS, "ProcessorConfig");
    let mode = v
        .get("Mode")
        .and_then(|m| enum_value(cx, m, &ptr(at, "Mode"), "Mode", values::PROCESSOR_MODE));
    if mode == Some("DISTRIBUTED") && cx.options.workflow_type == WorkflowType::Express {
        // AWS: "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS'
        // state machines"; the developer guide lists Distributed Map for Standard only.
        cx.schema(
            &ptr(at, "Mode"),
            "`Mode: DISTRIBUTED` is not supported inside Express state machines: use an inline Map, or create the state machine as a Standard workflow",
        );
    }
    if let Some(e) = v.get("ExecutionType") {
        enum_value(
            cx,
            e,
            &ptr(at, "ExecutionType"),
            "ExecutionType",
            values::EXECUTION_TYPE,
        );
        if mode != Some("DISTRIBUTED") {
            cx.schema(
                &ptr(at, "ExecutionType"),
                "`ExecutionType` applies only to `Mode: DISTRIBUTED`",
            );
        }
    } else if mode == Some("DISTRIBUTED") {
        cx.missing(
            at,
            &["ExecutionType"],
            "a Distributed Map's `ProcessorConfig` needs `ExecutionType` (`STANDARD` or `EXPRESS`)",
        );
    }
}

/// Whether a Map state runs in distributed mode.
fn is_distributed(state: &Node) -> bool {
    state
        .get("ItemProcessor")
        .or_else(|| state.get("Iterator"))
        .and_then(|p| p.get("ProcessorConfig"))
        .and_then(|c| c.get("Mode"))
        .and_then(Node::as_str)
        == Some("DISTRIBUTED")
}

/// The Map state's own fields.
pub(super) fn map_field(
    cx: &mut Cx<'_>,
    ql: QueryLanguage,
    key: &str,
    v: &Node,
    at: &str,
    state: &Node,
) {
    if DISTRIBUTED_MAP_FIELDS.contains(&key) && !is_distributed(state) {
        cx.push(
            Diagnostic::warning(
                Code::SchemaValidationFailed,
                at,
                format!("`{key}` is only for a Distributed Map: set `ItemProcessor.ProcessorConfig.Mode` to `DISTRIBUTED`"),
            )
            .at_key(),
        );
    }
    match key {
        "Items" => {
            if v.as_array().is_none() && v.as_str().is_none() {
                cx.schema(
                    at,
                    format!(
                        "`Items` must be an array or a JSONata expression, not {}",
                        v.kind()
                    ),
                );
            } else {
                payload::jsonata_value(cx, v, at, 0);
            }
        }
        "MaxConcurrency" => int_or_expr(cx, ql, v, at, key, 0, MAX_INT),
        "ToleratedFailureCount" => int_or_expr(cx, ql, v, at, key, 0, MAX_INT),
        "ToleratedFailurePercentage" => number_or_expr(cx, ql, v, at, key, 0.0, 100.0),
        "Label" => label(cx, v, at),
        "ItemReader" => item_reader(cx, ql, v, at),
        "ItemBatcher" => item_batcher(cx, ql, v, at),
        "ResultWriter" => result_writer(cx, ql, v, at),
        _ => {}
    }
}

fn label(cx: &mut Cx<'_>, v: &Node, at: &str) {
    let Some(s) = string(cx, v, at, "Label") else {
        return;
    };
    let len = s.chars().count();
    if len == 0 || len > 40 {
        cx.schema(
            at,
            format!("`Label` must have 1 to 40 characters, not {len}"),
        );
    }
    if let Some(c) = crate::asl::forbidden_name_char(s) {
        cx.schema(at, format!("`Label` cannot contain {:?}: whitespace, control characters, brackets and the characters ? * \" # % \\ ^ | ~ ` $ & , ; : are not allowed", c));
    }
    cx.labels.push((s.to_string(), at.to_string()));
}

fn resource_field(cx: &mut Cx<'_>, obj: &Node, at: &str, what: &str, required: bool) {
    match obj.get("Resource") {
        None if required => cx.missing(at, &["Resource"], format!("`{what}` needs `Resource`")),
        None => {}
        Some(r) => {
            let f = ptr(at, "Resource");
            if let Some(s) = string(cx, r, &f, "Resource") {
                if let Some(problem) =
                    catalog::resource_arn_problem(s).filter(|_| cx.options.check_arns)
                {
                    cx.error(
                        Code::InvalidResource,
                        &f,
                        format!("`{s}` is not a valid resource ARN: {problem}"),
                    );
                }
            }
        }
    }
}

fn args_or_params(cx: &mut Cx<'_>, ql: QueryLanguage, obj: &Node, at: &str) {
    for key in ["Parameters", "Arguments"] {
        if let Some(p) = obj.get(key) {
            let f = ptr(at, key);
            let lang = if key == "Parameters" {
                QueryLanguage::JSONPath
            } else {
                QueryLanguage::JSONata
            };
            if lang != ql {
                cx.push(
                    Diagnostic::error(
                        Code::SchemaValidationFailed,
                        &f,
                        format!(
                            "`{key}` is a {} field, but this state uses {}",
                            lang.as_str(),
                            ql.as_str()
                        ),
                    )
                    .at_key(),
                );
            } else {
                payload::payload(cx, ql, p, &f);
            }
        }
    }
}

fn item_reader(cx: &mut Cx<'_>, ql: QueryLanguage, v: &Node, at: &str) {
    let Some(members) = v.as_object() else {
        cx.schema(
            at,
            format!("`ItemReader` must be an object, not {}", v.kind()),
        );
        return;
    };
    let fields: Vec<&str> = ITEM_READER_FIELDS.names().collect();
    known_fields(cx, members, at, &fields, "ItemReader");
    resource_field(cx, v, at, "ItemReader", true);
    args_or_params(cx, ql, v, at);
    let Some(config) = v.get("ReaderConfig") else {
        return;
    };
    let at = ptr(at, "ReaderConfig");
    let Some(members) = config.as_object() else {
        cx.schema(
            &at,
            format!("`ReaderConfig` must be an object, not {}", config.kind()),
        );
        return;
    };
    let fields: Vec<&str> = READER_CONFIG_FIELDS.names().collect();
    known_fields(cx, members, &at, &fields, "ReaderConfig");
    for m in members {
        let f = ptr(&at, &m.key);
        match m.key.as_str() {
            "InputType" => {
                enum_value(cx, &m.value, &f, "InputType", values::INPUT_TYPE);
            }
            "CSVHeaderLocation" => {
                enum_value(
                    cx,
                    &m.value,
                    &f,
                    "CSVHeaderLocation",
                    values::CSV_HEADER_LOCATION,
                );
            }
            "CSVDelimiter" => {
                enum_value(cx, &m.value, &f, "CSVDelimiter", values::CSV_DELIMITER);
            }
            "ManifestType" => {
                enum_value(cx, &m.value, &f, "ManifestType", values::MANIFEST_TYPE);
            }
            "Transformation" => {
                enum_value(
                    cx,
                    &m.value,
                    &f,
                    "Transformation",
                    values::READER_TRANSFORMATION,
                );
            }
            // A JSON Pointer (RFC 6901) to the array inside a JSON file (the developer guide,
            // "ItemReader (Map)": `"/inventory/products/featured"`).
            "ItemsPointer" => {
                if let Some(s) = string(cx, &m.value, &f, "ItemsPointer") {
                    let pointer = s.is_empty() || s.starts_with('/');
                    let expression = ql == QueryLanguage::JSONata && s.starts_with("{%");
                    if !pointer && !expression {
                        cx.push(Diagnostic::warning(
                            Code::SchemaValidationFailed,
                            &f,
                            format!(
                                "`ItemsPointer` is a JSON Pointer, which starts with `/` (`/{s}`)"
                            ),
                        ));
                    }
                }
            }
            "CSVHeaders" => match m.value.as_array() {
                Some(hs) if hs.iter().all(|h| h.as_str().is_some()) => {}
                _ => cx.schema(&f, "`CSVHeaders` must be an array of strings"),
            },
            "MaxItems" => int_or_expr(cx, ql, &m.value, &f, "MaxItems", 0, 100_000_000),
            "MaxItemsPath" => {
                if ql == QueryLanguage::JSONata {
                    cx.push(Diagnostic::error(Code::SchemaValidationFailed, &f, "`MaxItemsPath` is a JSONPath field: in JSONata use `MaxItems` with an expression").with_suggestion("MaxItems").at_key());
                } else if let Some(s) = string(cx, &m.value, &f, "MaxItemsPath") {
                    payload::path_string(cx, s, &f, PathRule::Reference);
                }
            }
            _ => {}
        }
    }
    if config.get("MaxItems").is_some() && config.get("MaxItemsPath").is_some() {
        cx.schema(
            &at,
            "`MaxItems` and `MaxItemsPath` cannot be used together: keep one",
        );
    }
    // The developer guide's ReaderConfig: "InputType is required if Transformation is
    // LOAD_AND_FLATTEN", which reads the objects an `s3:listObjectsV2` lists.
    if config.get("Transformation").and_then(Node::as_str) == Some("LOAD_AND_FLATTEN") {
        if config.get("InputType").is_none() {
            cx.schema(
                &at,
                "`Transformation: LOAD_AND_FLATTEN` needs `InputType`: the format of the listed objects",
            );
        }
        if v.get("Resource")
            .and_then(Node::as_str)
            .is_some_and(|r| !r.ends_with("s3:listObjectsV2"))
        {
            cx.push(Diagnostic::warning(
                Code::SchemaValidationFailed,
                ptr(&at, "Transformation"),
                "`LOAD_AND_FLATTEN` reads the objects a listing names: the developer guide gives it with `arn:aws:states:::s3:listObjectsV2`",
            ));
        }
    }
    if config.get("CSVHeaderLocation").and_then(Node::as_str) == Some("GIVEN")
        && config.get("CSVHeaders").is_none()
    {
        cx.missing(
            &at,
            &["CSVHeaders"],
            "`CSVHeaderLocation: GIVEN` needs `CSVHeaders`",
        );
    }
}

fn item_batcher(cx: &mut Cx<'_>, ql: QueryLanguage, v: &Node, at: &str) {
    let Some(members) = v.as_object() else {
        cx.schema(
            at,
            format!("`ItemBatcher` must be an object, not {}", v.kind()),
        );
        return;
    };
    let allowed: Vec<&str> = ITEM_BATCHER_FIELDS.in_language(ql).collect();
    known_fields(cx, members, at, &allowed, "ItemBatcher");
    for m in members {
        let f = ptr(at, &m.key);
        match m.key.as_str() {
            "MaxItemsPerBatch" => int_or_expr(cx, ql, &m.value, &f, "MaxItemsPerBatch", 0, MAX_INT),
            "MaxInputBytesPerBatch" => {
                int_or_expr(cx, ql, &m.value, &f, "MaxInputBytesPerBatch", 0, 262_144)
            }
            "MaxItemsPerBatchPath" | "MaxInputBytesPerBatchPath"
                if ql == QueryLanguage::JSONPath =>
            {
                if let Some(s) = string(cx, &m.value, &f, &m.key) {
                    payload::path_string(cx, s, &f, PathRule::Reference);
                }
            }
            "BatchInput" => {
                if m.value.as_object().is_none()
                    && !(ql == QueryLanguage::JSONata && m.value.as_str().is_some())
                {
                    cx.schema(
                        &f,
                        format!("`BatchInput` must be an object, not {}", m.value.kind()),
                    );
                } else {
                    payload::payload(cx, ql, &m.value, &f);
                }
            }
            _ => {}
        }
    }
    for pair in [
        ["MaxItemsPerBatch", "MaxItemsPerBatchPath"],
        ["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"],
    ] {
        if v.get(pair[0]).is_some() && v.get(pair[1]).is_some() {
            cx.schema(
                at,
                format!(
                    "`{}` and `{}` cannot be used together: keep one",
                    pair[0], pair[1]
                ),
            );
        }
    }
}

fn result_writer(cx: &mut Cx<'_>, ql: QueryLanguage, v: &Node, at: &str) {
    let Some(members) = v.as_object() else {
        cx.schema(
            at,
            format!("`ResultWriter` must be an object, not {}", v.kind()),
        );
        return;
    };
    let fields: Vec<&str> = RESULT_WRITER_FIELDS.names().collect();
    known_fields(cx, members, at, &fields, "ResultWriter");
    resource_field(cx, v, at, "ResultWriter", v.get("WriterConfig").is_none());
    if v.get("Resource").is_some() && v.get("Parameters").is_none() && v.get("Arguments").is_none()
    {
        cx.schema(at, "a `ResultWriter` with `Resource` needs the bucket and prefix in `Parameters` (JSONPath) or `Arguments` (JSONata)");
    }
    args_or_params(cx, ql, v, at);
    if let Some(config) = v.get("WriterConfig") {
        let at = ptr(at, "WriterConfig");
        let Some(members) = config.as_object() else {
            cx.schema(
                &at,
                format!("`WriterConfig` must be an object, not {}", config.kind()),
            );
            return;
        };
        known_fields(cx, members, &at, WRITER_CONFIG_FIELDS, "WriterConfig");
        if config.get("OutputType").is_none() {
            cx.missing(
                &at,
                &["OutputType"],
                "`WriterConfig` needs `OutputType` (`JSON` or `JSONL`)",
            );
        }
        if let Some(o) = config.get("OutputType") {
            enum_value(
                cx,
                o,
                &ptr(&at, "OutputType"),
                "OutputType",
                values::OUTPUT_TYPE,
            );
        }
        if let Some(t) = config.get("Transformation") {
            enum_value(
                cx,
                t,
                &ptr(&at, "Transformation"),
                "Transformation",
                values::TRANSFORMATION,
            );
        }
    }
}
