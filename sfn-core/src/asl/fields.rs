//! The fields of every ASL object: states (per state type and query language), the machine,
//! scopes, and the objects nested in states. A field of one query language names the fields
//! that take its place in the other, so the hint "use `Arguments`" comes from this table.

use super::{QueryLanguage, StateType};

/// A set of state types.
///
/// ```
/// use sfn_core::asl::{StateType, Types};
///
/// let t = Types::of(&[StateType::Task, StateType::Map]);
/// assert!(t.contains(StateType::Map) && !t.contains(StateType::Pass));
/// assert!(Types::ALL.contains(StateType::Fail));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Types(u16);

impl Types {
    /// Every state type.
    pub const ALL: Types = Types(0xff);

    /// The set of the given types.
    pub const fn of(types: &[StateType]) -> Types {
        let mut bits = 0;
        let mut i = 0;
        while i < types.len() {
            bits |= types[i].bit();
            i += 1;
        }
        Types(bits)
    }

    /// Every type of this set but those given.
    pub const fn except(self, types: &[StateType]) -> Types {
        Types(self.0 & !Types::of(types).0)
    }

    /// Whether the set holds `t`.
    pub const fn contains(self, t: StateType) -> bool {
        self.0 & t.bit() != 0
    }
}

/// The query languages a field exists in.
///
/// ```
/// use sfn_core::asl::{Lang, QueryLanguage};
///
/// assert!(Lang::Both.allows(QueryLanguage::JSONata));
/// assert!(!Lang::JSONPath.allows(QueryLanguage::JSONata));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Both query languages.
    Both,
    /// JSONPath states only.
    JSONPath,
    /// JSONata states only.
    JSONata,
}

impl Lang {
    /// Whether a field of this kind exists in `ql`.
    pub const fn allows(self, ql: QueryLanguage) -> bool {
        matches!(
            (self, ql),
            (Lang::Both, _)
                | (Lang::JSONPath, QueryLanguage::JSONPath)
                | (Lang::JSONata, QueryLanguage::JSONata)
        )
    }
}

/// One field of an ASL object.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name, in ASL's PascalCase.
    pub name: &'static str,
    /// The state types that have it (every type for fields of other objects).
    pub types: Types,
    /// The query languages it exists in.
    pub lang: Lang,
    /// In the other query language, the fields that take its place, in order of preference;
    /// the first that the state type has is the hint.
    pub instead: &'static [&'static str],
}

/// A table of fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields(pub &'static [Field]);

impl Fields {
    /// The field named `name`.
    ///
    /// ```
    /// use sfn_core::asl::{Lang, STATE_FIELDS};
    ///
    /// assert_eq!(STATE_FIELDS.get("Arguments").unwrap().lang, Lang::JSONata);
    /// assert!(STATE_FIELDS.get("Arguemnts").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&'static Field> {
        self.0.iter().find(|f| f.name == name)
    }

    /// Every field name of the table.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.0.iter().map(|f| f.name)
    }

    /// The fields of a state type in a query language.
    ///
    /// ```
    /// use sfn_core::asl::{QueryLanguage, StateType, STATE_FIELDS};
    ///
    /// let pass: Vec<&str> = STATE_FIELDS.of(StateType::Pass, QueryLanguage::JSONata).collect();
    /// assert!(pass.contains(&"Output") && !pass.contains(&"Arguments") && !pass.contains(&"Result"));
    /// ```
    pub fn of(
        &self,
        ty: StateType,
        ql: QueryLanguage,
    ) -> impl Iterator<Item = &'static str> + Clone {
        self.0
            .iter()
            .filter(move |f| f.types.contains(ty) && f.lang.allows(ql))
            .map(|f| f.name)
    }

    /// The fields of an object (not a state) in a query language.
    ///
    /// ```
    /// use sfn_core::asl::{QueryLanguage, CATCHER_FIELDS};
    ///
    /// let fields: Vec<&str> = CATCHER_FIELDS.in_language(QueryLanguage::JSONata).collect();
    /// assert_eq!(fields, ["Assign", "Comment", "ErrorEquals", "Next", "Output"]);
    /// ```
    pub fn in_language(&self, ql: QueryLanguage) -> impl Iterator<Item = &'static str> + Clone {
        self.0
            .iter()
            .filter(move |f| f.lang.allows(ql))
            .map(|f| f.name)
    }

    /// Whether a state type has the field in a query language.
    pub fn allows(&self, name: &str, ty: StateType, ql: QueryLanguage) -> bool {
        self.get(name)
            .is_some_and(|f| f.types.contains(ty) && f.lang.allows(ql))
    }

    /// The field to use in `ql` instead of `name`, a field of the other query language: the
    /// first of its `instead` fields that the state type has in `ql`.
    ///
    /// ```
    /// use sfn_core::asl::{QueryLanguage::*, StateType::*, STATE_FIELDS};
    ///
    /// assert_eq!(STATE_FIELDS.counterpart("Parameters", Task, JSONata), Some("Arguments"));
    /// assert_eq!(STATE_FIELDS.counterpart("Parameters", Map, JSONata), Some("ItemSelector"));
    /// assert_eq!(STATE_FIELDS.counterpart("Parameters", Pass, JSONata), Some("Output"));
    /// assert_eq!(STATE_FIELDS.counterpart("Arguments", Task, JSONPath), Some("Parameters"));
    /// assert_eq!(STATE_FIELDS.counterpart("InputPath", Task, JSONata), None);
    /// ```
    pub fn counterpart(
        &self,
        name: &str,
        ty: StateType,
        ql: QueryLanguage,
    ) -> Option<&'static str> {
        self.counterpart_where(name, ql, |f| f.types.contains(ty))
    }

    /// [`Fields::counterpart`] for the fields of an object that is not a state.
    ///
    /// ```
    /// use sfn_core::asl::{QueryLanguage, CATCHER_FIELDS, CHOICE_RULE_FIELDS};
    ///
    /// assert_eq!(CATCHER_FIELDS.counterpart_in("ResultPath", QueryLanguage::JSONata), Some("Output"));
    /// assert_eq!(CHOICE_RULE_FIELDS.counterpart_in("Condition", QueryLanguage::JSONPath), Some("Variable"));
    /// ```
    pub fn counterpart_in(&self, name: &str, ql: QueryLanguage) -> Option<&'static str> {
        self.counterpart_where(name, ql, |_| true)
    }

    fn counterpart_where(
        &self,
        name: &str,
        ql: QueryLanguage,
        fits: impl Fn(&Field) -> bool,
    ) -> Option<&'static str> {
        let field = self.get(name)?;
        if field.lang.allows(ql) {
            return None;
        }
        field
            .instead
            .iter()
            .filter_map(|n| self.get(n))
            .find(|f| f.lang.allows(ql) && fits(f))
            .map(|f| f.name)
    }
}

const fn field(name: &'static str, types: Types, lang: Lang) -> Field {
    Field {
        name,
        types,
        lang,
        instead: &[],
    }
}

const fn replaced(
    name: &'static str,
    types: Types,
    lang: Lang,
    instead: &'static [&'static str],
) -> Field {
    Field {
        name,
        types,
        lang,
        instead,
    }
}

const fn both(name: &'static str) -> Field {
    field(name, Types::ALL, Lang::Both)
}

use StateType::{Choice, Fail, Map, Parallel, Pass, Succeed, Task, Wait};

const ALL: Types = Types::ALL;
const NOT_FAIL: Types = Types::ALL.except(&[Fail]);
/// The states with `Next` or `End`.
const FLOW: Types = Types::of(&[Task, Pass, Wait, Parallel, Map]);
/// The states with a result: Task, Parallel, Map.
const RESULT: Types = Types::of(&[Task, Parallel, Map]);
const TASK: Types = Types::of(&[Task]);
const WAIT: Types = Types::of(&[Wait]);
const FAIL: Types = Types::of(&[Fail]);
const MAP: Types = Types::of(&[Map]);

/// Every state field: the state types that have it, the languages it exists in, and what
/// takes its place in the other language.
pub const STATE_FIELDS: Fields = Fields(&[
    field("Type", ALL, Lang::Both),
    field("Comment", ALL, Lang::Both),
    field("QueryLanguage", ALL, Lang::Both),
    field("Next", FLOW, Lang::Both),
    field("End", FLOW, Lang::Both),
    field("InputPath", NOT_FAIL, Lang::JSONPath),
    replaced("OutputPath", NOT_FAIL, Lang::JSONPath, &["Output"]),
    replaced(
        "Parameters",
        Types::of(&[Task, Pass, Parallel, Map]),
        Lang::JSONPath,
        &["Arguments", "ItemSelector", "Output"],
    ),
    replaced("ResultSelector", RESULT, Lang::JSONPath, &["Output"]),
    replaced(
        "ResultPath",
        Types::of(&[Task, Pass, Parallel, Map]),
        Lang::JSONPath,
        &["Output"],
    ),
    replaced("Result", Types::of(&[Pass]), Lang::JSONPath, &["Output"]),
    replaced(
        "Arguments",
        Types::of(&[Task, Parallel]),
        Lang::JSONata,
        &["Parameters"],
    ),
    field("Output", NOT_FAIL, Lang::JSONata),
    field("Assign", ALL.except(&[Succeed, Fail]), Lang::Both),
    field("Retry", RESULT, Lang::Both),
    field("Catch", RESULT, Lang::Both),
    field("Resource", TASK, Lang::Both),
    field("Credentials", TASK, Lang::Both),
    field("TimeoutSeconds", TASK, Lang::Both),
    replaced(
        "TimeoutSecondsPath",
        TASK,
        Lang::JSONPath,
        &["TimeoutSeconds"],
    ),
    field("HeartbeatSeconds", TASK, Lang::Both),
    replaced(
        "HeartbeatSecondsPath",
        TASK,
        Lang::JSONPath,
        &["HeartbeatSeconds"],
    ),
    field("Choices", Types::of(&[Choice]), Lang::Both),
    field("Default", Types::of(&[Choice]), Lang::Both),
    field("Seconds", WAIT, Lang::Both),
    replaced("SecondsPath", WAIT, Lang::JSONPath, &["Seconds"]),
    field("Timestamp", WAIT, Lang::Both),
    replaced("TimestampPath", WAIT, Lang::JSONPath, &["Timestamp"]),
    field("Error", FAIL, Lang::Both),
    replaced("ErrorPath", FAIL, Lang::JSONPath, &["Error"]),
    field("Cause", FAIL, Lang::Both),
    replaced("CausePath", FAIL, Lang::JSONPath, &["Cause"]),
    field("Branches", Types::of(&[Parallel]), Lang::Both),
    field("ItemProcessor", MAP, Lang::Both),
    field("Iterator", MAP, Lang::Both),
    replaced("ItemsPath", MAP, Lang::JSONPath, &["Items"]),
    replaced("Items", MAP, Lang::JSONata, &["ItemsPath"]),
    field("ItemSelector", MAP, Lang::Both),
    field("ItemReader", MAP, Lang::Both),
    field("ItemBatcher", MAP, Lang::Both),
    field("ResultWriter", MAP, Lang::Both),
    field("MaxConcurrency", MAP, Lang::Both),
    replaced(
        "MaxConcurrencyPath",
        MAP,
        Lang::JSONPath,
        &["MaxConcurrency"],
    ),
    field("ToleratedFailurePercentage", MAP, Lang::Both),
    replaced(
        "ToleratedFailurePercentagePath",
        MAP,
        Lang::JSONPath,
        &["ToleratedFailurePercentage"],
    ),
    field("ToleratedFailureCount", MAP, Lang::Both),
    replaced(
        "ToleratedFailureCountPath",
        MAP,
        Lang::JSONPath,
        &["ToleratedFailureCount"],
    ),
    field("Label", MAP, Lang::Both),
]);

/// The fields of the state machine object.
pub const MACHINE_FIELDS: &[&str] = &[
    "Comment",
    "QueryLanguage",
    "StartAt",
    "States",
    "TimeoutSeconds",
    "Version",
];

/// The fields of a Parallel branch (and of a Map's legacy `Iterator`).
pub const BRANCH_FIELDS: &[&str] = &["Comment", "StartAt", "States"];

/// The fields of a Map's `ItemProcessor`.
pub const PROCESSOR_FIELDS: &[&str] = &["Comment", "ProcessorConfig", "StartAt", "States"];

/// The fields of a Choice rule besides its comparison operator (see [`OPERATORS`]); `Next`,
/// `Assign` and `Output` only at the top level.
///
/// [`OPERATORS`]: super::OPERATORS
pub const CHOICE_RULE_FIELDS: Fields = Fields(&[
    field("And", ALL, Lang::JSONPath),
    both("Assign"),
    both("Comment"),
    replaced("Condition", ALL, Lang::JSONata, &["Variable"]),
    both("Next"),
    field("Not", ALL, Lang::JSONPath),
    field("Or", ALL, Lang::JSONPath),
    field("Output", ALL, Lang::JSONata),
    replaced("Variable", ALL, Lang::JSONPath, &["Condition"]),
]);

/// The fields only a top-level Choice rule has.
pub const TOP_CHOICE_RULE_FIELDS: &[&str] = &["Assign", "Next", "Output"];

/// The fields of a retrier.
pub const RETRIER_FIELDS: &[&str] = &[
    "BackoffRate",
    "Comment",
    "ErrorEquals",
    "IntervalSeconds",
    "JitterStrategy",
    "MaxAttempts",
    "MaxDelaySeconds",
];

/// The fields of a catcher.
pub const CATCHER_FIELDS: Fields = Fields(&[
    both("Assign"),
    both("Comment"),
    both("ErrorEquals"),
    both("Next"),
    replaced("Output", ALL, Lang::JSONata, &["ResultPath"]),
    replaced("ResultPath", ALL, Lang::JSONPath, &["Output"]),
]);

/// The fields of `Credentials`.
pub const CREDENTIALS_FIELDS: &[&str] = &["RoleArn"];

/// The fields of a Map's `ItemReader` (and of its `ResultWriter`, with `WriterConfig`): the
/// parameters of the call in the state's query language.
pub const ITEM_READER_FIELDS: Fields = Fields(&[
    replaced("Arguments", ALL, Lang::JSONata, &["Parameters"]),
    replaced("Parameters", ALL, Lang::JSONPath, &["Arguments"]),
    both("ReaderConfig"),
    both("Resource"),
]);

/// The fields of an `ItemReader`'s `ReaderConfig`.
pub const READER_CONFIG_FIELDS: Fields = Fields(&[
    both("CSVDelimiter"),
    both("CSVHeaderLocation"),
    both("CSVHeaders"),
    both("InputType"),
    both("ItemsPointer"),
    both("ManifestType"),
    both("MaxItems"),
    replaced("MaxItemsPath", ALL, Lang::JSONPath, &["MaxItems"]),
    both("Transformation"),
]);

/// The fields of a Map's `ItemBatcher`.
pub const ITEM_BATCHER_FIELDS: Fields = Fields(&[
    both("BatchInput"),
    both("MaxInputBytesPerBatch"),
    replaced(
        "MaxInputBytesPerBatchPath",
        ALL,
        Lang::JSONPath,
        &["MaxInputBytesPerBatch"],
    ),
    both("MaxItemsPerBatch"),
    replaced(
        "MaxItemsPerBatchPath",
        ALL,
        Lang::JSONPath,
        &["MaxItemsPerBatch"],
    ),
]);

/// Every table of fields with languages, for what walks them all (the keywords, tests).
pub const FIELD_TABLES: &[Fields] = &[
    STATE_FIELDS,
    CHOICE_RULE_FIELDS,
    CATCHER_FIELDS,
    ITEM_READER_FIELDS,
    READER_CONFIG_FIELDS,
    ITEM_BATCHER_FIELDS,
    RESULT_WRITER_FIELDS,
];

/// The fields of a Map's `ResultWriter`.
pub const RESULT_WRITER_FIELDS: Fields = Fields(&[
    replaced("Arguments", ALL, Lang::JSONata, &["Parameters"]),
    replaced("Parameters", ALL, Lang::JSONPath, &["Arguments"]),
    both("Resource"),
    both("WriterConfig"),
]);

/// The fields of a `ResultWriter`'s `WriterConfig`.
pub const WRITER_CONFIG_FIELDS: &[&str] = &["OutputType", "Transformation"];

/// The fields of a Map processor's `ProcessorConfig`.
pub const PROCESSOR_CONFIG_FIELDS: &[&str] = &["ExecutionType", "Mode"];

/// Fields whose value is a payload: service or user data whose keys are kept verbatim.
///
/// ```
/// use sfn_core::asl::PAYLOAD_FIELDS;
///
/// assert!(PAYLOAD_FIELDS.contains(&"Parameters"));
/// assert!(!PAYLOAD_FIELDS.contains(&"ResultPath"));
/// ```
pub const PAYLOAD_FIELDS: &[&str] = &[
    "Arguments",
    "Assign",
    "BatchInput",
    "ItemSelector",
    "Items",
    "Output",
    "Parameters",
    "Result",
    "ResultSelector",
];

/// The fields a state type requires (besides `Type`, and `Next`/`End` for [`FLOW`] states).
///
/// ```
/// use sfn_core::asl::{required_fields, StateType};
///
/// assert_eq!(required_fields(StateType::Task), ["Resource"]);
/// assert!(required_fields(StateType::Pass).is_empty());
/// ```
///
/// [`FLOW`]: StateType::has_transition
pub fn required_fields(ty: StateType) -> &'static [&'static str] {
    match ty {
        Task => &["Resource"],
        Choice => &["Choices"],
        Parallel => &["Branches"],
        _ => &[],
    }
}

/// The groups of fields of which a state may set at most one.
///
/// ```
/// use sfn_core::asl::{exclusive_fields, StateType};
///
/// assert!(exclusive_fields(StateType::Map).contains(&["Items", "ItemsPath"].as_slice()));
/// ```
pub fn exclusive_fields(ty: StateType) -> &'static [&'static [&'static str]] {
    match ty {
        Task => &[
            &["TimeoutSeconds", "TimeoutSecondsPath"],
            &["HeartbeatSeconds", "HeartbeatSecondsPath"],
        ],
        Fail => &[&["Error", "ErrorPath"], &["Cause", "CausePath"]],
        Map => &[
            &["ItemSelector", "Parameters"],
            &["Items", "ItemsPath"],
            &["MaxConcurrency", "MaxConcurrencyPath"],
            &[
                "ToleratedFailurePercentage",
                "ToleratedFailurePercentagePath",
            ],
            &["ToleratedFailureCount", "ToleratedFailureCountPath"],
            &["ItemProcessor", "Iterator"],
        ],
        Wait => &[WAIT_FIELDS],
        _ => &[],
    }
}

/// A Wait state's ways to say how long: it needs exactly one.
pub const WAIT_FIELDS: &[&str] = &["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];

/// The Map fields that only a Distributed Map uses.
pub const DISTRIBUTED_MAP_FIELDS: &[&str] = &[
    "ItemReader",
    "ResultWriter",
    "ItemBatcher",
    "Label",
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
];

/// The values of the fields that take one of a closed set of words.
pub mod values {
    /// `JitterStrategy` of a retrier.
    pub const JITTER_STRATEGY: &[&str] = &["FULL", "NONE"];
    /// `ProcessorConfig.Mode`.
    pub const PROCESSOR_MODE: &[&str] = &["INLINE", "DISTRIBUTED"];
    /// `ProcessorConfig.ExecutionType`.
    pub const EXECUTION_TYPE: &[&str] = &["STANDARD", "EXPRESS"];
    /// `ReaderConfig.InputType`.
    pub const INPUT_TYPE: &[&str] = &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"];
    /// `ReaderConfig.CSVHeaderLocation`.
    pub const CSV_HEADER_LOCATION: &[&str] = &["FIRST_ROW", "GIVEN"];
    /// `ReaderConfig.CSVDelimiter`.
    pub const CSV_DELIMITER: &[&str] = &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"];
    /// `ReaderConfig.Transformation` (the developer guide, "ItemReader (Map)": `LOAD_AND_FLATTEN`
    /// reads the objects a `listObjectsV2` lists).
    pub const READER_TRANSFORMATION: &[&str] = &["NONE", "LOAD_AND_FLATTEN"];
    /// `ReaderConfig.ManifestType`.
    pub const MANIFEST_TYPE: &[&str] = &["ATHENA_DATA", "CSV", "S3_INVENTORY"];
    /// `WriterConfig.OutputType`.
    pub const OUTPUT_TYPE: &[&str] = &["JSON", "JSONL"];
    /// `WriterConfig.Transformation`.
    pub const TRANSFORMATION: &[&str] = &["NONE", "COMPACT", "FLATTEN"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_replacement_names_a_field_of_the_other_language() {
        for table in FIELD_TABLES {
            for f in table.0 {
                for other in f.instead {
                    let o = table.get(other).unwrap_or_else(|| panic!("{other}"));
                    assert_ne!(o.lang, f.lang, "{} -> {other}", f.name);
                }
            }
        }
    }

    #[test]
    fn every_state_field_of_one_language_has_a_counterpart_where_one_exists() {
        // A JSONata Pass has no `Arguments`: its payload template becomes its `Output`.
        assert_eq!(
            STATE_FIELDS.counterpart("Parameters", Pass, QueryLanguage::JSONata),
            Some("Output")
        );
        for ty in StateType::ALL {
            for f in STATE_FIELDS.0.iter().filter(|f| f.types.contains(ty)) {
                for ql in [QueryLanguage::JSONPath, QueryLanguage::JSONata] {
                    if let Some(c) = STATE_FIELDS.counterpart(f.name, ty, ql) {
                        assert!(STATE_FIELDS.allows(c, ty, ql), "{ty} {} -> {c}", f.name);
                    }
                }
            }
        }
    }
}
