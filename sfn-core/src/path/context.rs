//! The fields of the Context object (`$$`), as the Step Functions developer guide lists
//! them ("Accessing execution data from the Context object").

use super::jsonpath::{Path, Root, Segment, Selector};
use super::PathError;
use crate::suggest::did_you_mean;

/// What lies under a Context object field.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// An object with exactly these fields.
    Object(&'static [Field]),
    /// A string or number: nothing below it. Holds "a string" or "a number".
    Scalar(&'static str),
    /// Arbitrary data (the execution input, the current Map item).
    Any,
}

#[derive(Debug, Clone, Copy)]
struct Field {
    name: &'static str,
    kind: Kind,
}

const fn field(name: &'static str, kind: Kind) -> Field {
    Field { name, kind }
}

const STRING: Kind = Kind::Scalar("a string");
const NUMBER: Kind = Kind::Scalar("a number");

const EXECUTION: &[Field] = &[
    field("Id", STRING),
    field("Input", Kind::Any),
    field("Name", STRING),
    field("RoleArn", STRING),
    field("StartTime", STRING),
    field("RedriveCount", NUMBER),
    field("RedriveTime", STRING),
];

const STATE: &[Field] = &[
    field("EnteredTime", STRING),
    field("Name", STRING),
    field("RetryCount", NUMBER),
];

const STATE_MACHINE: &[Field] = &[field("Id", STRING), field("Name", STRING)];

const TASK: &[Field] = &[field("Token", STRING)];

/// `Key` is set only when a Map state iterates over a JSON object; `Source` is
/// `STATE_DATA` or the Amazon S3 URI the items were read from.
const MAP_ITEM: &[Field] = &[
    field("Index", NUMBER),
    field("Key", STRING),
    field("Value", Kind::Any),
    field("Source", STRING),
];

const MAP: &[Field] = &[field("Item", Kind::Object(MAP_ITEM))];

const CONTEXT: &[Field] = &[
    field("Execution", Kind::Object(EXECUTION)),
    field("State", Kind::Object(STATE)),
    field("StateMachine", Kind::Object(STATE_MACHINE)),
    field("Task", Kind::Object(TASK)),
    field("Map", Kind::Object(MAP)),
];

/// Checks that a `$$` path names fields the Context object has.
///
/// `$$` alone and any prefix of a known field (`$$.Execution`) are fine; below
/// `$$.Execution.Input` and `$$.Map.Item.Value` anything goes. An unknown name is an error
/// that suggests the closest known one. Checking stops at the first wildcard, filter,
/// slice or recursive descent. Paths that do not start with `$$` always pass.
///
/// ```
/// use sfn_core::path::{check_context_path, parse_path};
///
/// let check = |s: &str| check_context_path(&parse_path(s).unwrap());
/// assert!(check("$$.Execution.StartTime").is_ok());
/// assert!(check("$$.Map.Item.Value.orderId").is_ok());
/// assert!(check("$.Execution.Nmae").is_ok());
///
/// let e = check("$$.Execution.Nmae").unwrap_err();
/// assert_eq!(e.offset, 13);
/// assert!(e.message.starts_with("`$$.Execution` has no field `Nmae`; did you mean `Name`?"));
/// ```
pub fn check_context_path(p: &Path) -> Result<(), PathError> {
    if p.root != Root::Context {
        return Ok(());
    }
    let mut kind = Kind::Object(CONTEXT);
    let mut here = String::from("$$");
    for (i, seg) in p.segments.iter().enumerate() {
        let offset = p.offset_of(i);
        match kind {
            Kind::Any => return Ok(()),
            Kind::Scalar(what) => {
                return Err(PathError::new(
                    offset,
                    format!("`{here}` is {what}; nothing can follow it"),
                ))
            }
            Kind::Object(fields) => match seg {
                Segment::Field(name) => {
                    kind = lookup(fields, name, &here, offset)?;
                    here.push('.');
                    here.push_str(name);
                }
                Segment::Union(items) => {
                    for item in items {
                        match item {
                            Selector::Field(name) => {
                                lookup(fields, name, &here, offset)?;
                            }
                            Selector::Index(_) => return Err(not_array(&here, offset)),
                        }
                    }
                    return Ok(());
                }
                Segment::Index(_) | Segment::Slice { .. } => return Err(not_array(&here, offset)),
                _ => return Ok(()),
            },
        }
    }
    Ok(())
}

fn lookup(fields: &[Field], name: &str, here: &str, offset: usize) -> Result<Kind, PathError> {
    if let Some(f) = fields.iter().find(|f| f.name == name) {
        return Ok(f.kind);
    }
    let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
    let hint = did_you_mean(name, names.iter().copied());
    let known = names.join(", ");
    let message = if here == "$$" {
        format!("the Context object has no field `{name}`{hint} (it has {known})")
    } else {
        format!("`{here}` has no field `{name}`{hint} (it has {known})")
    };
    Err(PathError::new(offset, message))
}

fn not_array(here: &str, offset: usize) -> PathError {
    PathError::new(offset, format!("`{here}` is an object, not an array"))
}

#[cfg(test)]
mod tests {
    use super::super::parse_path;
    use super::*;

    fn check(s: &str) -> Result<(), PathError> {
        check_context_path(&parse_path(s).expect("parses"))
    }

    #[test]
    fn known_fields_pass() {
        for s in [
            "$$",
            "$$.Execution",
            "$$.Execution.Id",
            "$$.Execution.Input",
            "$$.Execution.Input.any.thing[3]",
            "$$.Execution.Name",
            "$$.Execution.RoleArn",
            "$$.Execution.StartTime",
            "$$.Execution.RedriveCount",
            "$$.Execution.RedriveTime",
            "$$.State.EnteredTime",
            "$$.State.Name",
            "$$.State.RetryCount",
            "$$.StateMachine.Id",
            "$$.StateMachine.Name",
            "$$.Task.Token",
            "$$.Map",
            "$$.Map.Item",
            "$$.Map.Item.Index",
            "$$.Map.Item.Key",
            "$$.Map.Item.Value",
            "$$.Map.Item.Value.deep[0].x",
            "$$.Map.Item.Source",
            "$$['Execution']['Id']",
            "$$.Execution.*",
            "$$..Id",
            "$$['State','Task']",
        ] {
            assert_eq!(check(s), Ok(()), "{s}");
        }
    }

    #[test]
    fn other_roots_pass() {
        assert_eq!(check("$.Whatever"), Ok(()));
        assert_eq!(check("$var.Whatever"), Ok(()));
    }

    #[test]
    fn unknown_top_level_suggests() {
        let e = check("$$.Executon.Id").unwrap_err();
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("no field `Executon`"), "{}", e.message);
        assert!(
            e.message.contains("did you mean `Execution`?"),
            "{}",
            e.message
        );
        let e = check("$$.execution").unwrap_err();
        assert!(
            e.message.contains("did you mean `Execution`?"),
            "{}",
            e.message
        );
        let e = check("$$.Banana").unwrap_err();
        assert!(!e.message.contains("did you mean"), "{}", e.message);
        assert!(e.message.contains("Execution, State"), "{}", e.message);
    }

    #[test]
    fn unknown_second_level_suggests() {
        let e = check("$$.Execution.Nmae").unwrap_err();
        assert_eq!(e.offset, 13);
        assert!(
            e.message
                .starts_with("`$$.Execution` has no field `Nmae`; did you mean `Name`?"),
            "{}",
            e.message
        );
        let e = check("$$.Task.token").unwrap_err();
        assert!(e.message.contains("did you mean `Token`?"), "{}", e.message);
        let e = check("$$.Map.Item.Indx").unwrap_err();
        assert!(e.message.contains("did you mean `Index`?"), "{}", e.message);
        let e = check("$$.Map.Items").unwrap_err();
        assert!(e.message.contains("did you mean `Item`?"), "{}", e.message);
        let e = check("$$['State','Tsak']").unwrap_err();
        assert!(e.message.contains("did you mean `Task`?"), "{}", e.message);
    }

    #[test]
    fn below_scalars_and_indexes_are_errors() {
        let e = check("$$.Execution.Id.x").unwrap_err();
        assert_eq!(e.offset, 16);
        assert!(
            e.message.contains("`$$.Execution.Id` is a string"),
            "{}",
            e.message
        );
        let e = check("$$.State.RetryCount[0]").unwrap_err();
        assert!(e.message.contains("is a number"), "{}", e.message);
        let e = check("$$.Execution[0]").unwrap_err();
        assert!(
            e.message.contains("is an object, not an array"),
            "{}",
            e.message
        );
    }
}
