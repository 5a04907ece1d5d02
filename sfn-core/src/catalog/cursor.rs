//! One cursor over the API shape of a Task's parameters: from a `Resource` to the shape of its
//! parameters, then member by member and item by item, with the members Step Functions refuses
//! and the members that take any JSON. The validator checks values with it; the typed flow
//! analysis follows typed values with it.
//!
//! ```
//! use sfn_core::catalog::{Member, ParamCursor, Shape};
//!
//! let run_task = ParamCursor::for_resource("arn:aws:states:::ecs:runTask.sync").unwrap();
//! let Member::Found(overrides) = run_task.member("Overrides") else { panic!() };
//! let Member::Found(containers) = overrides.member("ContainerOverrides") else { panic!() };
//! let container = containers.item().unwrap();
//! assert_eq!(container.path(), "Overrides.ContainerOverrides[]");
//! let Member::Found(command) = container.member("Command") else { panic!() };
//! assert!(matches!(command.shape(), Shape::List { .. }));
//!
//! // Step Functions refuses the roles inside ECS overrides.
//! assert!(matches!(overrides.member("TaskRoleArn"), Member::Forbidden(_)));
//! assert!(matches!(run_task.member("Clsuter"), Member::Unknown(_)));
//!
//! // AWS SDK integrations use the AWS SDK for Java 2.x's names.
//! let rds = ParamCursor::for_resource("arn:aws:states:::aws-sdk:rds:stopDBInstance").unwrap();
//! assert!(matches!(rds.member("DbInstanceIdentifier"), Member::Found(_)));
//! assert!(matches!(rds.member("DBInstanceIdentifier"), Member::ModelName("DbInstanceIdentifier")));
//! ```

use super::{parse_resource, Forbidden, Resource, Shape, ShapeId};
use crate::asl::QueryLanguage;

/// A place in the API shape of a Task's parameters.
#[derive(Debug, Clone)]
pub struct ParamCursor {
    shape: ShapeId,
    path: String,
    json_fields: &'static [&'static str],
    forbidden: &'static [Forbidden],
}

/// What a member name finds at a [`ParamCursor`].
#[derive(Debug, Clone)]
pub enum Member {
    /// The member's place.
    Found(ParamCursor),
    /// A member of the API that Step Functions does not accept here.
    Forbidden(&'static Forbidden),
    /// The structure has no member of this name; these are the members it has.
    Unknown(&'static [(&'static str, ShapeId)]),
    /// The API model's spelling of a member that AWS SDK integrations name otherwise, with the
    /// name they use (`DBInstanceIdentifier`: `DbInstanceIdentifier`).
    ModelName(&'static str),
    /// The value here is not an object.
    NotObject,
}

impl ParamCursor {
    /// The root of the parameters of a Task that calls `resource`, when the catalog knows the
    /// integration (an optimized integration with an input shape, or an AWS SDK call).
    ///
    /// ```
    /// use sfn_core::catalog::ParamCursor;
    ///
    /// assert!(ParamCursor::for_resource("arn:aws:states:::aws-sdk:s3:getObject").is_some());
    /// assert!(ParamCursor::for_resource("arn:aws:lambda:us-east-1:123456789012:function:f").is_none());
    /// ```
    pub fn for_resource(resource: &str) -> Option<ParamCursor> {
        match parse_resource(resource) {
            Resource::Optimized { base, .. } => {
                let i = super::optimized(base)?;
                Some(ParamCursor::new(i.input?, i.json_fields, i.forbidden))
            }
            Resource::Sdk {
                service, action, ..
            } => super::sdk_service(service)?
                .operation(action)
                .map(|input| ParamCursor::new(input, &[], &[])),
            Resource::Other => None,
        }
    }

    /// The root of parameters of shape `input`, with the members that take any JSON and the
    /// members Step Functions refuses (dotted paths from the root).
    pub fn new(
        input: ShapeId,
        json_fields: &'static [&'static str],
        forbidden: &'static [Forbidden],
    ) -> ParamCursor {
        ParamCursor {
            shape: input,
            path: String::new(),
            json_fields,
            forbidden,
        }
    }

    /// The shape here.
    pub fn shape(&self) -> &'static Shape {
        super::shape(self.shape)
    }

    /// The id of the shape here.
    pub fn shape_id(&self) -> ShapeId {
        self.shape
    }

    /// The dotted path from the parameters (`Overrides.ContainerOverrides[].Command`); empty
    /// at the root.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether Step Functions takes any JSON here, in place of what the API model says (it
    /// serializes the value, as for a Lambda `Payload` or an SQS `MessageBody`).
    pub fn takes_any_json(&self) -> bool {
        !self.path.is_empty() && self.json_fields.contains(&self.path.as_str())
    }

    /// The member `name` of the object here: a structure's member, or a map's value.
    pub fn member(&self, name: &str) -> Member {
        match self.shape() {
            Shape::Structure {
                members,
                model_names,
                ..
            } => {
                let path = if self.path.is_empty() {
                    name.to_string()
                } else {
                    format!("{}.{name}", self.path)
                };
                if let Some(f) = self.forbidden.iter().find(|f| f.path == path) {
                    return Member::Forbidden(f);
                }
                match members.iter().find(|(n, _)| *n == name) {
                    Some(&(_, shape)) => Member::Found(self.at(shape, path)),
                    None => match model_names.iter().find(|(_, model)| *model == name) {
                        Some(&(sdk_name, _)) => Member::ModelName(sdk_name),
                        None => Member::Unknown(members),
                    },
                }
            }
            // A value of a map is named by its key in messages (`Item.id`); no forbidden member
            // or JSON field lies below a map (catalog-gen refuses overlay paths through one).
            Shape::Map { value, .. } => {
                Member::Found(self.at(*value, format!("{}.{name}", self.path)))
            }
            _ => Member::NotObject,
        }
    }

    /// The place of the items of the list here.
    pub fn item(&self) -> Option<ParamCursor> {
        match self.shape() {
            Shape::List { member, .. } => Some(self.at(*member, format!("{}[]", self.path))),
            _ => None,
        }
    }

    fn at(&self, shape: ShapeId, path: String) -> ParamCursor {
        ParamCursor {
            shape,
            path,
            json_fields: self.json_fields,
            forbidden: self.forbidden,
        }
    }
}

/// A payload key's member name, and whether its value is a path (a JSONPath `Name.$` key).
///
/// ```
/// use sfn_core::asl::QueryLanguage;
/// use sfn_core::catalog::payload_key;
///
/// assert_eq!(payload_key("Command.$", QueryLanguage::JSONPath), ("Command", true));
/// assert_eq!(payload_key("Command", QueryLanguage::JSONPath), ("Command", false));
/// assert_eq!(payload_key("Command.$", QueryLanguage::JSONata), ("Command.$", false));
/// ```
pub fn payload_key(key: &str, ql: QueryLanguage) -> (&str, bool) {
    match key.strip_suffix(".$") {
        Some(name) if ql == QueryLanguage::JSONPath => (name, true),
        _ => (key, false),
    }
}
