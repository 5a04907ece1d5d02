//! The `asl!` syntax tree -> the JSON tree sfn-core validates, with a span for every JSON
//! Pointer so that each diagnostic lands on the token that caused it.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use sfn_core::asl::{keywords, WorkflowType, PAYLOAD_FIELDS};
use sfn_core::json::{child_pointer, Member as JsonMember, Node, Number, Value as Json};

use super::parse::{Body, Member, Text, Value};

/// Where a JSON Pointer came from.
#[derive(Clone, Copy)]
pub(crate) struct Origin {
    /// The key's token, for members.
    pub key: Option<Span>,
    /// The value's token.
    pub value: Span,
    /// Whether the value is payload data (keys verbatim) rather than ASL keywords.
    pub payload: bool,
}

/// The lowered definition, spans, and problems found while lowering.
pub(crate) struct Lowered {
    pub root: Node,
    pub origins: HashMap<String, Origin>,
    /// The paths and intrinsic calls written as tokens, by JSON Pointer of their string.
    pub texts: HashMap<String, Text>,
    pub errors: Vec<(Span, String)>,
    /// The machine's `input: Type`.
    pub input_type: Option<TokenStream>,
    /// The machine's `type: Standard | Express` (Standard when absent).
    pub workflow_type: WorkflowType,
    /// The Task states with a `result_type: Type`, by JSON Pointer.
    pub result_types: BTreeMap<String, TokenStream>,
    /// The typed payloads (`Resize { ... }`), by JSON Pointer of the object they lower to.
    pub typed_payloads: BTreeMap<String, TokenStream>,
}

/// How the keys of an object are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// ASL keywords in snake_case.
    Keyword,
    /// Service or user data: keys verbatim; a path or intrinsic value adds `.$` to its key.
    Payload,
    /// Any JSON, keys verbatim, values literal (`Result`).
    Literal,
    /// State names to states.
    States,
    /// One state: `Type { fields }` or a bare `Type`.
    State,
}

pub(crate) fn lower(body: &Body) -> Lowered {
    let mut cx = Lowering {
        origins: HashMap::new(),
        texts: HashMap::new(),
        errors: Vec::new(),
        input_type: None,
        workflow_type: WorkflowType::Standard,
        result_types: BTreeMap::new(),
        typed_payloads: BTreeMap::new(),
        state: None,
    };
    cx.origins.insert(
        String::new(),
        Origin {
            key: None,
            value: body.span,
            payload: false,
        },
    );
    let members = cx.object(&body.members, "", Mode::Keyword);
    Lowered {
        root: Node::new(Json::Object(members)),
        origins: cx.origins,
        texts: cx.texts,
        errors: cx.errors,
        input_type: cx.input_type,
        workflow_type: cx.workflow_type,
        result_types: cx.result_types,
        typed_payloads: cx.typed_payloads,
    }
}

struct Lowering {
    origins: HashMap<String, Origin>,
    texts: HashMap<String, Text>,
    errors: Vec<(Span, String)>,
    input_type: Option<TokenStream>,
    workflow_type: WorkflowType,
    result_types: BTreeMap<String, TokenStream>,
    typed_payloads: BTreeMap<String, TokenStream>,
    /// The state whose fields are being lowered: its JSON Pointer and type.
    state: Option<(String, String)>,
}

/// The Rust type a value names: `Order`, `crate::types::Order`.
fn type_of(v: &Value) -> Option<TokenStream> {
    match v {
        Value::Ident(i) => Some(i.to_token_stream()),
        Value::TypePath(p, None) => Some(p.to_token_stream()),
        _ => None,
    }
}

fn child(at: &str, key: &str) -> String {
    child_pointer(at, key)
}

/// The origin of the node at a JSON Pointer, or of its nearest ancestor that has one.
pub(crate) fn origin_at<'a>(
    origins: &'a HashMap<String, Origin>,
    pointer: &str,
) -> Option<&'a Origin> {
    let mut pointer = pointer;
    loop {
        if let Some(o) = origins.get(pointer) {
            return Some(o);
        }
        pointer = pointer.rsplit_once('/')?.0;
    }
}

impl Lowering {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push((span, message.into()));
    }

    fn object(&mut self, members: &[Member], at: &str, mode: Mode) -> Vec<JsonMember> {
        let mut out: Vec<JsonMember> = Vec::with_capacity(members.len());
        for m in members {
            if mode == Mode::Keyword && m.key.is_ident() && self.dsl_field(m, at) {
                continue;
            }
            let Some((key, value_mode)) = self.key(m, mode) else {
                continue;
            };
            let here = child(at, &key);
            if out.iter().any(|o| o.key == key) {
                self.error(
                    m.key.span(),
                    format!(
                        "DUPLICATE_KEY: `{}` is set twice in this object",
                        m.key.text()
                    ),
                );
                continue;
            }
            let value = self.value(&m.value, &here, value_mode, &key);
            self.origins.insert(
                here,
                Origin {
                    key: Some(m.key.span()),
                    value: m.value.span(),
                    payload: matches!(mode, Mode::Payload | Mode::Literal),
                },
            );
            out.push(JsonMember {
                key,
                key_span: Default::default(),
                value,
            });
        }
        out
    }

    /// The DSL's own fields, which are not ASL: the machine's `input: Type` and
    /// `type: Standard | Express`, and a Task's `result_type: Type`. Returns whether `m` was one.
    fn dsl_field(&mut self, m: &Member, at: &str) -> bool {
        let text = m.key.text();
        if text == "type" && at.is_empty() {
            let named = match &m.value {
                Value::Ident(i) => i.to_string(),
                Value::Str(s) => s.value(),
                _ => String::new(),
            };
            match named.parse::<WorkflowType>() {
                Ok(t) => self.workflow_type = t,
                Err(message) => self.error(m.value.span(), message),
            }
            return true;
        }
        let is_state = self.state.as_ref().is_some_and(|(p, _)| p == at);
        let (what, example) = match text.as_str() {
            "input" if at.is_empty() => ("the execution input", "input: Order"),
            "result_type" if is_state => ("the Task's result", "result_type: Thumbnail"),
            _ => return false,
        };
        let Some(ty) = type_of(&m.value) else {
            self.error(
                m.value.span(),
                format!("`{text}` takes the Rust type of {what}, a type that derives `TaskInput`: `{example}`"),
            );
            return true;
        };
        if text == "input" {
            self.input_type = Some(ty);
        } else if self.state.as_ref().is_some_and(|(_, t)| t == "Task") {
            self.result_types.insert(at.to_string(), ty);
        } else {
            self.error(
                m.key.span(),
                "`result_type` is for Task states: it gives the type of the result of the task",
            );
        }
        true
    }

    /// The JSON key of a member and the mode of its value.
    fn key(&mut self, m: &Member, mode: Mode) -> Option<(String, Mode)> {
        let text = m.key.text();
        match mode {
            Mode::States => Some((text, Mode::State)),
            Mode::Literal => Some((text, Mode::Literal)),
            Mode::Payload => {
                let dynamic = matches!(m.value, Value::Path(..) | Value::Call(..));
                let key = if dynamic && !text.ends_with(".$") {
                    format!("{text}.$")
                } else {
                    text
                };
                Some((key, Mode::Payload))
            }
            Mode::Keyword | Mode::State => {
                let value_mode = |k: &str| match k {
                    "States" => Mode::States,
                    "Result" => Mode::Literal,
                    k if PAYLOAD_FIELDS.contains(&k) => Mode::Payload,
                    _ => Mode::Keyword,
                };
                if let Some(k) = keywords::from_snake_case(&text).filter(|_| m.key.is_ident()) {
                    // `role_arn: $.role` in `credentials` is ASL's `"RoleArn.$": "$.role"`.
                    if k == "RoleArn" && matches!(m.value, Value::Path(..) | Value::Call(..)) {
                        return Some(("RoleArn.$".to_string(), Mode::Keyword));
                    }
                    return Some((k.to_string(), value_mode(k)));
                }
                // A string key that already ends in `.$` keeps ASL's meaning, as in payloads.
                if let (false, Some(base)) = (m.key.is_ident(), text.strip_suffix(".$")) {
                    if keywords::is_keyword(base) {
                        return Some((text.clone(), Mode::Keyword));
                    }
                }
                let all = keywords::all();
                if let Some(k) = all.iter().find(|k| **k == text).copied() {
                    let snake = keywords::to_snake_case(&text);
                    self.error(
                        m.key.span(),
                        format!("ASL keywords are written in snake_case here: use `{snake}` for `{text}`"),
                    );
                    // Go on as if it were spelled right, so no follow-on errors appear.
                    return Some((k.to_string(), value_mode(k)));
                }
                if !m.key.is_ident() {
                    let hint = match keywords::from_snake_case(&text) {
                        Some(_) => format!(" Write `{text}` without quotes."),
                        None => String::new(),
                    };
                    self.error(
                        m.key.span(),
                        format!("\"{text}\" is not an ASL keyword; keywords are bare snake_case names such as `start_at`.{hint}"),
                    );
                    return None;
                }
                let snakes: Vec<String> = all.iter().map(|k| keywords::to_snake_case(k)).collect();
                let hint =
                    sfn_core::suggest::did_you_mean(&text, snakes.iter().map(String::as_str));
                self.error(
                    m.key.span(),
                    format!("`{text}` is not an ASL keyword{hint}"),
                );
                None
            }
        }
    }

    fn value(&mut self, v: &Value, at: &str, mode: Mode, key: &str) -> Node {
        let json = match v {
            Value::Str(s) => Json::String(s.value()),
            Value::Number(n, _) => Json::Number(Number::from_text(n.clone())),
            Value::Bool(b, _) => Json::Bool(*b),
            Value::Null(_) => Json::Null,
            Value::Path(text, _) | Value::Call(text, _) => {
                self.literal_check(v, mode, key);
                self.texts.insert(at.to_string(), text.clone());
                Json::String(text.text.clone())
            }
            Value::Dotted(name, _) => {
                self.literal_check(v, mode, key);
                Json::String(name.clone())
            }
            Value::Ident(i) => match mode {
                // A state type without braces: `Done: Succeed`.
                Mode::State => Json::Object(vec![self.type_member(i, at)]),
                // A state name (`next: Done`) or an enum value (`mode: DISTRIBUTED`).
                Mode::Keyword => Json::String(super::parse::unraw(i)),
                _ => {
                    self.error(
                        i.span(),
                        format!("`{i}` is not a value: write a string \"{i}\", or a path such as `$.{i}`"),
                    );
                    Json::Null
                }
            },
            Value::Typed(t, members) => match mode {
                Mode::State => {
                    let mut fields = vec![self.type_member(t, at)];
                    let outer = self.state.replace((at.to_string(), t.to_string()));
                    fields.extend(self.object(members, at, Mode::Keyword));
                    self.state = outer;
                    Json::Object(fields)
                }
                Mode::Payload => {
                    self.typed_payloads
                        .insert(at.to_string(), t.to_token_stream());
                    Json::Object(self.object(members, at, Mode::Payload))
                }
                _ => {
                    self.error(
                        t.span(),
                        format!("`{t} {{ ... }}` is written where a value belongs; a state `Name: {t} {{ ... }}` goes in `states`"),
                    );
                    Json::Null
                }
            },
            Value::TypePath(p, Some(members)) if mode == Mode::Payload => {
                self.typed_payloads
                    .insert(at.to_string(), p.to_token_stream());
                Json::Object(self.object(members, at, Mode::Payload))
            }
            Value::TypePath(..) => {
                self.error(
                    v.span(),
                    "a Rust type is written where a value belongs; a typed payload `Type { field: value, ... }` goes inside a payload object such as `parameters`",
                );
                Json::Null
            }
            Value::Array(_, items) => {
                let item_mode = if matches!(mode, Mode::States | Mode::State) {
                    Mode::Keyword
                } else {
                    mode
                };
                Json::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let here = format!("{at}/{i}");
                            self.origins.insert(
                                here.clone(),
                                Origin {
                                    key: None,
                                    value: item.span(),
                                    payload: matches!(mode, Mode::Payload | Mode::Literal),
                                },
                            );
                            self.value(item, &here, item_mode, key)
                        })
                        .collect(),
                )
            }
            Value::Object(_, members) if mode == Mode::State => {
                let _ = members;
                self.error(
                    v.span(),
                    "a state is written `Name: Type { ... }`, with its type (`Task`, `Pass`, `Choice`, `Wait`, `Succeed`, `Fail`, `Parallel`, `Map`) before the braces",
                );
                Json::Null
            }
            Value::Object(_, members) => Json::Object(self.object(members, at, mode)),
        };
        Node::new(json)
    }

    /// A path or function call where a value is taken literally would be a plain string.
    fn literal_check(&mut self, v: &Value, mode: Mode, key: &str) {
        if mode == Mode::Literal {
            self.error(
                v.span(),
                format!("`{key}` is taken literally: a path or function call here would be a plain string; write it as a string if that is what you mean"),
            );
        }
    }

    /// `"Type": "<Name>"` for a state, with its origin.
    fn type_member(&mut self, ty: &syn::Ident, at: &str) -> JsonMember {
        self.origins.insert(
            child(at, "Type"),
            Origin {
                key: Some(ty.span()),
                value: ty.span(),
                payload: false,
            },
        );
        JsonMember {
            key: "Type".to_string(),
            key_span: Default::default(),
            value: Node::new(Json::String(ty.to_string())),
        }
    }
}
