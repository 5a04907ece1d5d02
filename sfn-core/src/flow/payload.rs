//! Payload templates and literals: the objects `Parameters`, `ResultSelector` and
//! `ItemSelector` build, with typed values followed through the catalog's API shapes.

use super::states::{steps_of, Cx};
use super::*;
use crate::asl::QueryLanguage;
use crate::catalog::{self, Shape as CatalogShape, ShapeId};
use crate::catalog::{payload_key, Member, ParamCursor};
use crate::json::child_pointer as ptr;
use crate::json::{Node, Value};
use crate::path::{looks_like_intrinsic, parse_intrinsic};

impl Cx<'_> {
    /// A literal JSON value's flow.
    pub(super) fn literal(&mut self, node: &Node, builder: &str, depth: usize) -> FlowId {
        let flow = match &node.value {
            Value::String(_) => Flow::Literal(Kind::String),
            Value::Number(n) => {
                if n.as_str().contains(['.', 'e', 'E']) {
                    Flow::Literal(Kind::Number)
                } else {
                    Flow::Literal(Kind::Integer)
                }
            }
            Value::Bool(_) => Flow::Literal(Kind::Bool),
            Value::Null => Flow::Literal(Kind::Null),
            Value::Array(_) => Flow::Literal(Kind::List),
            Value::Object(members) if depth < 32 => {
                let members = members
                    .iter()
                    .map(|m| (m.key.clone(), self.literal(&m.value, builder, depth + 1)))
                    .collect();
                Flow::Object(builder.to_string(), members)
            }
            Value::Object(_) | Value::Placeholder(_) => Flow::Unknown,
        };
        self.add(flow)
    }

    /// A payload template (`Parameters`, `ResultSelector`, `ItemSelector`): checks each path
    /// in it against `reads`, and returns the object it builds. `typed` is where the value is
    /// in the catalog's shape of a Task's parameters.
    pub(super) fn payload(
        &mut self,
        node: &Node,
        at: &str,
        reads: FlowId,
        builder: &str,
        typed: Option<ParamCursor>,
        depth: usize,
    ) -> FlowId {
        if depth > 32 {
            return UNKNOWN;
        }
        // A field that takes any JSON in place of what the API model says.
        let typed = typed.filter(|t| !t.takes_any_json());
        match &node.value {
            Value::Object(members) => {
                let mut built = Vec::with_capacity(members.len());
                for m in members {
                    let here = ptr(at, &m.key);
                    let (name, dynamic) = payload_key(&m.key, QueryLanguage::JSONPath);
                    let member = typed
                        .as_ref()
                        .and_then(|t| match t.member(name) {
                            Member::Found(c) => Some(c),
                            _ => None,
                        })
                        .filter(|t| !t.takes_any_json());
                    let flow = if dynamic {
                        let text = m.value.as_str().unwrap_or_default();
                        if looks_like_intrinsic(text) {
                            if let Ok(call) = parse_intrinsic(text) {
                                for p in call.paths() {
                                    if let (Some(steps), false) = (steps_of(p), reads == UNKNOWN) {
                                        self.out.checks.push(PathCheck {
                                            pointer: here.clone(),
                                            text: p.to_string(),
                                            steps,
                                            flow: reads,
                                            expect: None,
                                            whole: false,
                                            jsonata: false,
                                        });
                                    }
                                }
                            }
                            UNKNOWN
                        } else {
                            let expect = member
                                .as_ref()
                                .and_then(|t| expect_of(t.shape_id()))
                                .map(|e| (name.to_string(), e));
                            self.check(&here, text, reads, expect);
                            self.select(reads, text)
                        }
                    } else {
                        self.payload(&m.value, &here, reads, builder, member, depth + 1)
                    };
                    built.push((name.to_string(), flow));
                }
                if self.payloads.contains(at) {
                    // Written under the type's serde names: its shape is the type's.
                    return self.add(Flow::Payload(at.to_string()));
                }
                self.add(Flow::Object(builder.to_string(), built))
            }
            Value::Array(items) => {
                let item = typed.as_ref().and_then(ParamCursor::item);
                for (i, node) in items.iter().enumerate() {
                    self.payload(
                        node,
                        &format!("{at}/{i}"),
                        reads,
                        builder,
                        item.clone(),
                        depth + 1,
                    );
                }
                self.add(Flow::Literal(Kind::List))
            }
            _ => self.literal(node, builder, depth),
        }
    }
}

/// What a catalog shape expects of a value given by a path.
fn expect_of(shape: ShapeId) -> Option<Expect> {
    Some(match catalog::shape(shape) {
        CatalogShape::String { .. } => Expect::String,
        CatalogShape::Integer { .. } => Expect::Integer,
        CatalogShape::Float => Expect::Number,
        CatalogShape::Boolean => Expect::Bool,
        CatalogShape::List { member, .. } => {
            Expect::List(Box::new(expect_of(*member).unwrap_or(Expect::Object)))
        }
        CatalogShape::Structure { .. } | CatalogShape::Map { .. } => Expect::Object,
        _ => return None,
    })
}
