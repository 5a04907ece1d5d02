//! The Distributed Map's own parts: reading items (`ItemReader`), grouping them into batches
//! (`ItemBatcher`), the tolerated-failure rule, and what the Map returns with a `ResultWriter`.
//!
//! The parsing, batching and threshold functions are pure; [`Interp::read_items`] is the one
//! place that asks a mock for the S3 data.
//!
//! **Where the items come from in a test.** Step Functions reads an `ItemReader` with an S3
//! call of its own. sfn-local sends that call to the mock of the Map state itself: a
//! [`TaskCall`] whose `state` is the Map's name, whose `resource` is the reader's `Resource`
//! and whose `parameters` are the reader's evaluated `Parameters` (`Bucket`, `Key`, `Prefix`,
//! ...). The mock answers with what S3 returns:
//!
//! - `s3:getObject`: the object's content, as a JSON string (the file's text). For
//!   `InputType: JSON` a JSON value (the already parsed document) is accepted too.
//! - `s3:listObjectsV2`: the `ListObjectsV2` response (`{"Contents": [...]}`) or the
//!   `Contents` array itself.
//! - `InputType: MANIFEST` (an S3 inventory): the first call answers the `manifest.json`; then
//!   one call per file of its `files` list, with the destination bucket and the file's key,
//!   answers that file's CSV text, uncompressed.
//!
//! A failure the mock throws leaves the Map state as it is (the mock decides what S3 did).

use serde_json::{json, Map, Value};

use crate::data::to_text;
use crate::error::Failure;
use crate::exec::Interp;
use crate::mock::TaskCall;

/// The error a Distributed Map fails with when its items cannot be read (the guide's list of
/// Step Functions errors: "States.ItemReaderFailed").
pub(crate) const ITEM_READER_FAILED: &str = "States.ItemReaderFailed";

/// The error when more child executions failed than the Map tolerates ("Setting failure
/// thresholds for Distributed Map states").
pub(crate) const EXCEED_TOLERATED: &str = "States.ExceedToleratedFailureThreshold";

/// The cause Step Functions gives with [`EXCEED_TOLERATED`].
pub(crate) const EXCEED_TOLERATED_CAUSE: &str =
    "The specified tolerated failure threshold was exceeded";

/// The largest CSV header row Step Functions reads: 10 KiB ("ItemReader (Map)").
const MAX_CSV_HEADER_BYTES: usize = 10 * 1024;

fn reader_failed(cause: impl Into<String>) -> Failure {
    Failure::new(ITEM_READER_FAILED, cause)
}

/// What the `ReaderConfig` says about the data, once `MaxItemsPath` has been read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReaderConfig {
    pub input_type: InputType,
    /// `CSVHeaderLocation: GIVEN` gives the headers; `FIRST_ROW` (the default) reads them.
    pub headers: Option<Vec<String>>,
    pub delimiter: char,
    /// `MaxItems` or the value at `MaxItemsPath`; `None` (or 0) reads every item.
    pub max_items: Option<u64>,
}

/// The kind of data the reader reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InputType {
    /// A JSON array.
    Json,
    /// JSON Lines: one JSON value a line.
    Jsonl,
    /// Delimited text, each row an object of strings keyed by the headers.
    Csv,
    /// An S3 inventory `manifest.json`, whose files are CSV.
    Manifest,
    /// The objects of an S3 prefix (`s3:listObjectsV2`, no `InputType`).
    Listing,
}

impl ReaderConfig {
    /// Reads `ReaderConfig` for an `ItemReader` whose `Resource` is `resource`.
    /// `max_items_path` is the value `MaxItemsPath` read, if any.
    pub fn parse(
        resource: &str,
        config: Option<&Value>,
        max_items_path: Option<u64>,
    ) -> Result<ReaderConfig, Failure> {
        let empty = Value::Object(Map::new());
        let config = config.unwrap_or(&empty);
        let text = |k: &str| config.get(k).and_then(Value::as_str);
        let input_type = match (text("InputType"), resource.ends_with(":listObjectsV2")) {
            (Some("JSON"), _) => InputType::Json,
            (Some("JSONL"), _) => InputType::Jsonl,
            (Some("CSV"), _) => InputType::Csv,
            (Some("MANIFEST"), _) => InputType::Manifest,
            (None, true) => InputType::Listing,
            (None, false) => {
                return Err(Failure::runtime(format!(
                    "The ItemReader's ReaderConfig needs an InputType to read with {resource}."
                )))
            }
            (Some(other), _) => {
                return Err(Failure::runtime(format!(
                    "sfn-local does not read the ItemReader InputType '{other}' (it reads JSON, JSONL, CSV, MANIFEST and s3:listObjectsV2)."
                )))
            }
        };
        if text("ManifestType") == Some("ATHENA_DATA") {
            return Err(Failure::runtime(
                "sfn-local does not read Athena data manifests (ManifestType ATHENA_DATA).",
            ));
        }
        let headers = match text("CSVHeaderLocation") {
            Some("GIVEN") => Some(
                config
                    .get("CSVHeaders")
                    .and_then(Value::as_array)
                    .map(|hs| {
                        hs.iter()
                            .map(|h| h.as_str().unwrap_or_default().to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
            ),
            _ => None,
        };
        let delimiter = match text("CSVDelimiter") {
            None | Some("COMMA") => ',',
            Some("PIPE") => '|',
            Some("SEMICOLON") => ';',
            Some("SPACE") => ' ',
            Some("TAB") => '\t',
            Some(other) => {
                return Err(Failure::runtime(format!(
                    "'{other}' is not a CSVDelimiter (COMMA, PIPE, SEMICOLON, SPACE or TAB)."
                )))
            }
        };
        let max_items = config
            .get("MaxItems")
            .and_then(Value::as_u64)
            .or(max_items_path)
            .filter(|n| *n > 0);
        Ok(ReaderConfig {
            input_type,
            headers,
            delimiter,
            max_items,
        })
    }

    /// Keeps the first `MaxItems` items ("ItemReader (Map)": the reader stops after that
    /// many, counted from the start; a CSV header row is not an item).
    pub fn limit(&self, mut items: Vec<Value>) -> Vec<Value> {
        if let Some(n) = self.max_items {
            items.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
        items
    }
}

/// Splits delimited text into records of fields, by the rules of "How Step Functions parses
/// input CSV files": newlines end records; a field may be enclosed in double quotes, and then
/// holds delimiters and newlines, with `""` for a quote; a backslash escapes a backslash, a
/// double quote or the delimiter, and before any other character it is dropped. Blank lines
/// are skipped; a quote left open is an error.
pub(crate) fn csv_records(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    // Whether the current record has anything yet (a blank line has not).
    let mut started = false;
    let mut quoted = false;
    let mut line = 1usize;
    let mut quote_line = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            started = true;
            match chars.next() {
                Some(n) if n == '\\' || n == '"' || n == delimiter => field.push(n),
                Some('\n') => {
                    line += 1;
                    field.push('\n');
                }
                Some(n) => field.push(n),
                None => {}
            }
            continue;
        }
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                started = true;
                quoted = true;
                quote_line = line;
            }
            c if c == delimiter => {
                started = true;
                record.push(std::mem::take(&mut field));
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                if started {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
                started = false;
            }
            other => {
                started = true;
                field.push(other);
            }
        }
    }
    if quoted {
        return Err(format!(
            "the double quote opened on line {quote_line} is never closed"
        ));
    }
    if started {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// CSV rows as items: each row an object of strings keyed by the headers, `headers` given or
/// (`None`) read from the first row. A row shorter than the headers gets empty strings, a
/// longer one loses its extra fields ("How Step Functions parses input CSV files").
pub(crate) fn csv_items(
    text: &str,
    headers: Option<&[String]>,
    delimiter: char,
) -> Result<Vec<Value>, String> {
    let mut records = csv_records(text, delimiter)?.into_iter();
    let headers: Vec<String> = match headers {
        Some(h) => h.to_vec(),
        None => match records.next() {
            Some(h) => {
                let size: usize = h.iter().map(|f| f.len() + 1).sum();
                if size > MAX_CSV_HEADER_BYTES {
                    return Err(format!(
                        "the CSV header row is {size} bytes, more than the 10 KiB Step Functions reads"
                    ));
                }
                h
            }
            None => return Ok(Vec::new()),
        },
    };
    Ok(records
        .map(|row| {
            let mut fields = row.into_iter();
            let obj: Map<String, Value> = headers
                .iter()
                .map(|h| (h.clone(), Value::String(fields.next().unwrap_or_default())))
                .collect();
            Value::Object(obj)
        })
        .collect())
}

/// JSON Lines: one JSON value a non-blank line.
pub(crate) fn jsonl_items(text: &str) -> Result<Vec<Value>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| format!("line {} is not JSON: {e}", i + 1))
        })
        .collect()
}

/// A JSON file's items: the file must hold an array.
pub(crate) fn json_items(content: &Value) -> Result<Vec<Value>, String> {
    let parsed;
    let doc = match content {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text)
                .map_err(|e| format!("the object is not JSON: {e}"))?;
            &parsed
        }
        other => other,
    };
    match doc {
        Value::Array(items) => Ok(items.clone()),
        other => Err(format!(
            "the JSON object holds {}, not an array",
            kind(other)
        )),
    }
}

/// `s3:listObjectsV2`'s objects as items, each `{"Etag", "Key", "LastModified", "Size",
/// "StorageClass"}` as the guide shows them ("ItemReader (Map)"); S3's `ETag` is renamed
/// `Etag`, and what the listing leaves out stays out.
pub(crate) fn listing_items(response: &Value) -> Result<Vec<Value>, String> {
    let contents = match response {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("Contents") {
            Some(Value::Array(a)) => a,
            None => return Ok(Vec::new()),
            Some(other) => return Err(format!("`Contents` is {}, not an array", kind(other))),
        },
        other => {
            return Err(format!(
                "the listing is {}, not a ListObjectsV2 response",
                kind(other)
            ))
        }
    };
    contents
        .iter()
        .map(|entry| {
            let Value::Object(o) = entry else {
                return Err(format!("a listed object is {}, not an object", kind(entry)));
            };
            let mut item = Map::new();
            if let Some(tag) = o.get("Etag").or_else(|| o.get("ETag")) {
                item.insert("Etag".into(), tag.clone());
            }
            for k in ["Key", "LastModified", "Size", "StorageClass"] {
                if let Some(v) = o.get(k) {
                    item.insert(k.into(), v.clone());
                }
            }
            Ok(Value::Object(item))
        })
        .collect()
}

/// What an S3 inventory `manifest.json` names: the bucket holding the files, the files' keys
/// and the column names (`fileSchema`). Only CSV inventories are read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Manifest {
    pub bucket: String,
    pub keys: Vec<String>,
    pub columns: Vec<String>,
}

pub(crate) fn manifest(content: &Value) -> Result<Manifest, String> {
    let parsed;
    let doc = match content {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text)
                .map_err(|e| format!("the manifest is not JSON: {e}"))?;
            &parsed
        }
        other => other,
    };
    let format = doc
        .get("fileFormat")
        .and_then(Value::as_str)
        .unwrap_or("CSV");
    if format != "CSV" {
        return Err(format!(
            "the inventory's fileFormat is {format}; sfn-local reads CSV inventories only"
        ));
    }
    let bucket = doc
        .get("destinationBucket")
        .and_then(Value::as_str)
        .ok_or("the manifest has no destinationBucket")?;
    let bucket = bucket.rsplit(":::").next().unwrap_or(bucket).to_string();
    let columns = doc
        .get("fileSchema")
        .and_then(Value::as_str)
        .ok_or("the manifest has no fileSchema")?
        .split(',')
        .map(|c| c.trim().to_string())
        .collect();
    let keys = doc
        .get("files")
        .and_then(Value::as_array)
        .ok_or("the manifest has no files list")?
        .iter()
        .map(|f| {
            f.get("key")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| "a file of the manifest has no key".to_string())
        })
        .collect::<Result<_, _>>()?;
    Ok(Manifest {
        bucket,
        keys,
        columns,
    })
}

/// Groups `items` into child inputs `{"Items": [...]}`, with `"BatchInput"` beside them when
/// given ("ItemBatcher (Map)"). A batch takes at most `max_items` items and, as JSON text, at
/// most `max_bytes` bytes; an item too big for a batch of its own is an error.
pub(crate) fn batches(
    items: Vec<Value>,
    max_items: Option<u64>,
    max_bytes: Option<u64>,
    batch_input: Option<&Value>,
) -> Result<Vec<Value>, String> {
    let shell = |items: Vec<Value>| {
        let mut m = Map::new();
        if let Some(b) = batch_input {
            m.insert("BatchInput".into(), b.clone());
        }
        m.insert("Items".into(), Value::Array(items));
        Value::Object(m)
    };
    let base = to_text(&shell(Vec::new())).len() as u64;
    let max_items = max_items.filter(|n| *n > 0).unwrap_or(u64::MAX);
    let max_bytes = max_bytes.filter(|n| *n > 0).unwrap_or(u64::MAX);
    let mut out = Vec::new();
    let mut current: Vec<Value> = Vec::new();
    let mut size = base;
    for item in items {
        let len = to_text(&item).len() as u64;
        let extra = len + u64::from(!current.is_empty());
        if !current.is_empty()
            && (current.len() as u64 >= max_items || size.saturating_add(extra) > max_bytes)
        {
            out.push(shell(std::mem::take(&mut current)));
            size = base;
        }
        let extra = len + u64::from(!current.is_empty());
        if base + len > max_bytes {
            return Err(format!(
                "an item of {len} bytes does not fit in a batch of at most {max_bytes} bytes (MaxInputBytesPerBatch)"
            ));
        }
        size += extra;
        current.push(item);
    }
    if !current.is_empty() {
        out.push(shell(current));
    }
    Ok(out)
}

/// Whether `failed` of `total` items exceed the tolerated failures ("Setting failure
/// thresholds for Distributed Map states"): the percentage is the failed items over all
/// items; when both a count and a percentage are given, exceeding either fails the Map Run;
/// when neither is given nothing is tolerated (the default of both is 0).
pub(crate) fn exceeds_threshold(
    failed: u64,
    total: u64,
    count: Option<u64>,
    percentage: Option<f64>,
) -> bool {
    if count.is_none() && percentage.is_none() {
        return failed > 0;
    }
    let over_count = count.is_some_and(|c| failed > c);
    let over_pct = percentage.is_some_and(|p| {
        let share = if total == 0 {
            0.0
        } else {
            failed as f64 * 100.0 / total as f64
        };
        share > p
    });
    over_count || over_pct
}

/// The Map Run's ARN: `arn:aws:states:<region>:<account>:mapRun:<machine>/<label>:<id>`,
/// the label being the Map's `Label` or a generated one ("Viewing a Distributed Map Run
/// execution in Step Functions": `<stateMachineName>/<MapRunLabel or UUID>`).
pub(crate) fn map_run_arn(machine_arn: &str, label: &str, id: &str) -> String {
    let base = machine_arn.replacen(":stateMachine:", ":mapRun:", 1);
    format!("{base}/{label}:{id}")
}

/// The key of the Map Run's manifest under the writer's prefix:
/// `<Prefix>/<map run id>/manifest.json` ("ResultWriter (Map)").
pub(crate) fn manifest_key(prefix: &str, map_run_id: &str) -> String {
    if prefix.is_empty() {
        format!("{map_run_id}/manifest.json")
    } else if prefix.ends_with('/') {
        format!("{prefix}{map_run_id}/manifest.json")
    } else {
        format!("{prefix}/{map_run_id}/manifest.json")
    }
}

/// `WriterConfig.Transformation`: how the children's results are given back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Transformation {
    /// Each child's execution record, its output included (the default with an S3 export).
    None,
    /// Each child's output (the default without a `ResultWriter`).
    Compact,
    /// Each child's output, arrays flattened one level.
    Flatten,
}

impl Transformation {
    pub fn parse(writer_config: Option<&Value>, exporting: bool) -> Transformation {
        match writer_config
            .and_then(|c| c.get("Transformation"))
            .and_then(Value::as_str)
        {
            Some("NONE") => Transformation::None,
            Some("COMPACT") => Transformation::Compact,
            Some("FLATTEN") => Transformation::Flatten,
            _ if exporting => Transformation::None,
            _ => Transformation::Compact,
        }
    }
}

/// One child execution of the Map Run, as the result files describe it.
#[derive(Debug, Clone)]
pub(crate) struct Child {
    pub arn: String,
    pub name: String,
    pub state_machine: String,
    pub input: Value,
    pub outcome: Result<Value, Failure>,
    pub start: String,
    pub stop: String,
}

impl Child {
    /// The execution record (`Transformation: NONE`): ARN, name, input and output as text,
    /// status, dates; a failed child has `Error` and `Cause` in place of its output.
    pub fn record(&self) -> Value {
        let mut m = Map::new();
        if let Err(f) = &self.outcome {
            m.insert("Cause".into(), json!(f.cause));
            m.insert("Error".into(), json!(f.error));
        }
        m.insert("ExecutionArn".into(), json!(self.arn));
        m.insert("Input".into(), json!(to_text(&self.input)));
        m.insert("InputDetails".into(), json!({"Included": true}));
        m.insert("Name".into(), json!(self.name));
        if let Ok(out) = &self.outcome {
            m.insert("Output".into(), json!(to_text(out)));
            m.insert("OutputDetails".into(), json!({"Included": true}));
        }
        m.insert("RedriveCount".into(), json!(0));
        m.insert("StartDate".into(), json!(self.start));
        m.insert("StateMachineArn".into(), json!(self.state_machine));
        let status = if self.outcome.is_ok() {
            "SUCCEEDED"
        } else {
            "FAILED"
        };
        m.insert("Status".into(), json!(status));
        m.insert("StopDate".into(), json!(self.stop));
        Value::Object(m)
    }
}

/// The children's results as the Map gives them back. A failed child is given as its
/// execution record whatever the transformation ("ResultWriter (Map)": a failed child's
/// result is returned unchanged, as with `NONE`).
pub(crate) fn results(children: &[Child], transformation: Transformation) -> Value {
    let mut out = Vec::with_capacity(children.len());
    for c in children {
        match (&c.outcome, transformation) {
            (Ok(_), Transformation::None) | (Err(_), _) => out.push(c.record()),
            (Ok(v), Transformation::Compact) => out.push(v.clone()),
            (Ok(Value::Array(a)), Transformation::Flatten) => out.extend(a.iter().cloned()),
            (Ok(v), Transformation::Flatten) => out.push(v.clone()),
        }
    }
    Value::Array(out)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Interp {
    /// Reads the items of a Distributed Map's `ItemReader`: the S3 call goes to the Map
    /// state's mock (see the module's documentation), its answer is parsed per `config`.
    pub(crate) fn read_items(
        &mut self,
        state: &str,
        resource: &str,
        parameters: Value,
        config: &ReaderConfig,
    ) -> Result<Vec<Value>, Failure> {
        let content = self.s3_call(state, resource, parameters.clone())?;
        let fail = |e: String| {
            reader_failed(format!(
                "The ItemReader of the Map state '{state}' could not read its items: {e}."
            ))
        };
        let text = |v: &Value| -> Result<String, Failure> {
            match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(fail(format!(
                    "{resource} returned {}, not the object's text",
                    kind(other)
                ))),
            }
        };
        let items = match config.input_type {
            InputType::Json => json_items(&content).map_err(fail)?,
            InputType::Jsonl => jsonl_items(&text(&content)?).map_err(fail)?,
            InputType::Csv => csv_items(
                &text(&content)?,
                config.headers.as_deref(),
                config.delimiter,
            )
            .map_err(fail)?,
            InputType::Listing => listing_items(&content).map_err(fail)?,
            InputType::Manifest => {
                let m = manifest(&content).map_err(fail)?;
                let mut items = Vec::new();
                for key in &m.keys {
                    let file =
                        self.s3_call(state, resource, json!({"Bucket": m.bucket, "Key": key}))?;
                    let file_text = text(&file)?;
                    items.extend(
                        csv_items(&file_text, Some(&m.columns), ',')
                            .map_err(|e| fail(format!("{key}: {e}")))?,
                    );
                    if config.max_items.is_some_and(|n| items.len() as u64 >= n) {
                        break;
                    }
                }
                items
            }
        };
        Ok(config.limit(items))
    }

    /// One S3 call of the reader, answered by the Map state's mock.
    fn s3_call(
        &mut self,
        state: &str,
        resource: &str,
        parameters: Value,
    ) -> Result<Value, Failure> {
        let invocation = {
            let n = self.invocations.entry(state.to_string()).or_insert(0);
            let now = *n;
            *n += 1;
            now
        };
        let call = TaskCall {
            state: state.to_string(),
            resource: resource.to_string(),
            parameters,
            task_token: None,
            invocation,
            retry_count: 0,
        };
        match self.mocks.answer(&call) {
            Some(answer) => answer.result,
            None => Err(Failure::runtime(format!(
                "No mock answers the ItemReader of the Map state '{state}' (resource {resource}): give the Map state a mock that returns what S3 returns."
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    #[test]
    fn csv_quotes_escapes_and_newlines() {
        let text = "a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",C:\\\\dir\\,more\r\n\n";
        assert_eq!(
            csv_records(text, ',').unwrap(),
            strs(&[
                &["a", "b"],
                &["x, y", "say \"hi\""],
                &["two\nlines", "C:\\dir,more"]
            ])
        );
    }

    #[test]
    fn csv_backslash_before_other_characters_is_dropped() {
        assert_eq!(
            csv_records("a\\bc,\\\"q\\\"", ',').unwrap(),
            strs(&[&["abc", "\"q\""]])
        );
    }

    #[test]
    fn csv_unclosed_quote_is_an_error() {
        let e = csv_records("a,b\n1,\"open\n2,3\n", ',').unwrap_err();
        assert_eq!(e, "the double quote opened on line 2 is never closed");
    }

    #[test]
    fn csv_items_pad_short_rows_and_drop_extra_fields() {
        let items = csv_items("id|name\n1\n2|b|extra\n", None, '|').unwrap();
        assert_eq!(
            items,
            [
                json!({"id": "1", "name": ""}),
                json!({"id": "2", "name": "b"})
            ]
        );
    }

    #[test]
    fn csv_items_with_given_headers_read_every_row() {
        let headers = ["x".to_string(), "y".to_string()];
        let items = csv_items("1\t2\n3\t4", Some(&headers), '\t').unwrap();
        assert_eq!(
            items,
            [json!({"x": "1", "y": "2"}), json!({"x": "3", "y": "4"})]
        );
        assert_eq!(csv_items("", None, ',').unwrap(), Vec::<Value>::new());
    }

    #[test]
    fn csv_header_over_10_kib_is_refused() {
        let header = "h".repeat(11 * 1024);
        assert!(csv_items(&format!("{header}\n1\n"), None, ',')
            .unwrap_err()
            .contains("10 KiB"));
    }

    #[test]
    fn jsonl_reads_each_line_and_names_a_bad_one() {
        assert_eq!(
            jsonl_items("{\"a\":1}\n\n2\n\"s\"\n").unwrap(),
            [json!({"a": 1}), json!(2), json!("s")]
        );
        assert!(jsonl_items("1\n{oops\n")
            .unwrap_err()
            .starts_with("line 2 is not JSON"));
    }

    #[test]
    fn json_needs_an_array() {
        assert_eq!(json_items(&json!("[1, 2]")).unwrap(), [json!(1), json!(2)]);
        assert_eq!(json_items(&json!([true])).unwrap(), [json!(true)]);
        assert_eq!(
            json_items(&json!("{\"a\": 1}")).unwrap_err(),
            "the JSON object holds an object, not an array"
        );
    }

    #[test]
    fn listing_keeps_the_five_fields() {
        let resp = json!({"Contents": [{"ETag": "\"e1\"", "Key": "a.jpg", "LastModified": 1668699881,
            "Size": 3, "StorageClass": "STANDARD", "Owner": {"ID": "x"}}]});
        assert_eq!(
            listing_items(&resp).unwrap(),
            [
                json!({"Etag": "\"e1\"", "Key": "a.jpg", "LastModified": 1668699881, "Size": 3,
                "StorageClass": "STANDARD"})
            ]
        );
        assert_eq!(listing_items(&json!({})).unwrap(), Vec::<Value>::new());
    }

    #[test]
    fn manifest_names_bucket_files_and_columns() {
        let m = manifest(
            &json!({"destinationBucket": "arn:aws:s3:::inv", "fileFormat": "CSV",
            "fileSchema": "Bucket, Key, Size", "files": [{"key": "data/1.csv.gz"}]}),
        )
        .unwrap();
        assert_eq!(m.bucket, "inv");
        assert_eq!(m.keys, ["data/1.csv.gz"]);
        assert_eq!(m.columns, ["Bucket", "Key", "Size"]);
        assert!(manifest(&json!({"fileFormat": "ORC"}))
            .unwrap_err()
            .contains("ORC"));
    }

    #[test]
    fn batches_by_count_and_bytes() {
        let items: Vec<Value> = (1..=5).map(|n| json!(n)).collect();
        let b = batches(items.clone(), Some(2), None, Some(&json!({"k": 1}))).unwrap();
        assert_eq!(
            b,
            [
                json!({"BatchInput": {"k": 1}, "Items": [1, 2]}),
                json!({"BatchInput": {"k": 1}, "Items": [3, 4]}),
                json!({"BatchInput": {"k": 1}, "Items": [5]})
            ]
        );
        // `{"Items":[]}` is 12 bytes; `[1,2,3]` makes 17.
        let b = batches(items.clone(), None, Some(17), None).unwrap();
        assert_eq!(b, [json!({"Items": [1, 2, 3]}), json!({"Items": [4, 5]})]);
        for batch in &b {
            assert!(to_text(batch).len() <= 17);
        }
        assert!(batches(vec![json!("long string")], None, Some(13), None).is_err());
    }

    #[test]
    fn threshold_rule() {
        // Nothing given: nothing tolerated.
        assert!(!exceeds_threshold(0, 10, None, None));
        assert!(exceeds_threshold(1, 10, None, None));
        // A count of 0 tolerates none; 2 tolerates two.
        assert!(exceeds_threshold(1, 10, Some(0), None));
        assert!(!exceeds_threshold(2, 10, Some(2), None));
        assert!(exceeds_threshold(3, 10, Some(2), None));
        // 20% of 10 items is 2.
        assert!(!exceeds_threshold(2, 10, None, Some(20.0)));
        assert!(exceeds_threshold(3, 10, None, Some(20.0)));
        // Both: exceeding either fails.
        assert!(exceeds_threshold(3, 10, Some(5), Some(20.0)));
        assert!(exceeds_threshold(2, 10, Some(1), Some(50.0)));
        assert!(!exceeds_threshold(1, 10, Some(1), Some(50.0)));
    }

    #[test]
    fn arns_and_keys() {
        assert_eq!(
            map_run_arn(
                "arn:aws:states:us-east-1:123456789012:stateMachine:M",
                "Label",
                "id"
            ),
            "arn:aws:states:us-east-1:123456789012:mapRun:M/Label:id"
        );
        assert_eq!(manifest_key("jobs", "id"), "jobs/id/manifest.json");
        assert_eq!(manifest_key("jobs/", "id"), "jobs/id/manifest.json");
        assert_eq!(manifest_key("", "id"), "id/manifest.json");
    }

    #[test]
    fn reader_config_reads_delimiters_headers_and_limits() {
        let c = ReaderConfig::parse(
            "arn:aws:states:::s3:getObject",
            Some(&json!({"InputType": "CSV", "CSVHeaderLocation": "GIVEN",
                "CSVHeaders": ["a", "b"], "CSVDelimiter": "SEMICOLON", "MaxItems": 2})),
            None,
        )
        .unwrap();
        assert_eq!(c.input_type, InputType::Csv);
        assert_eq!(c.headers, Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(c.delimiter, ';');
        assert_eq!(
            c.limit(vec![json!(1), json!(2), json!(3)]),
            [json!(1), json!(2)]
        );
        let l = ReaderConfig::parse("arn:aws:states:::s3:listObjectsV2", None, Some(1)).unwrap();
        assert_eq!(l.input_type, InputType::Listing);
        assert_eq!(l.max_items, Some(1));
        assert!(ReaderConfig::parse("arn:aws:states:::s3:getObject", None, None).is_err());
    }

    #[test]
    fn flatten_and_failed_children() {
        let ok = |v: Value| Child {
            arn: "arn:c".into(),
            name: "c".into(),
            state_machine: "arn:m".into(),
            input: json!({}),
            outcome: Ok(v),
            start: "s".into(),
            stop: "t".into(),
        };
        let children = [ok(json!([1, 2])), ok(json!(3))];
        assert_eq!(
            results(&children, Transformation::Flatten),
            json!([1, 2, 3])
        );
        assert_eq!(
            results(&children, Transformation::Compact),
            json!([[1, 2], 3])
        );
        let mut failed = ok(json!(null));
        failed.outcome = Err(Failure::new("E", "C"));
        let r = results(&[failed], Transformation::Compact);
        assert_eq!(r[0]["Status"], "FAILED");
        assert_eq!(r[0]["Error"], "E");
        assert_eq!(r[0]["Cause"], "C");
    }
}
