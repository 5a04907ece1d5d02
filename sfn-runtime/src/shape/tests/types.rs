//! Standard types, recursive types, identifiers and `#[task_input(any)]`.

use super::*;

#[test]
fn recursive_fields_are_any() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Node {
        name: String,
        children: Vec<Node>,
        parent: Option<Box<Self>>,
    }
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    enum Expr {
        Leaf(u8),
        Not(Box<Expr>),
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Node",
        fields: &[
            field("name", "name", &Shape::String, true),
            field("children", "children", &Shape::Any, true),
            field("parent", "parent", &Shape::Any, false),
        ],
    });
    assert_eq!(Node::SHAPE, WANT);
    assert_eq!(
        object(variants(Expr::SHAPE)[1]).fields[0].shape,
        &Shape::Any
    );
    let _: Node = read(r#"{"name": "a", "children": [{"name": "b", "children": []}]}"#);
}

#[test]
fn std_types() {
    #[derive(TaskInput, Deserialize)]
    #[allow(dead_code)]
    struct Everything {
        list: Vec<u32>,
        map: HashMap<String, Vec<String>>,
        boxed: Box<bool>,
        maybe_list: Option<Vec<f32>>,
        json: serde_json::Value,
        pair: (u8, String),
        set: BTreeSet<String>,
        sorted: BTreeMap<u32, f64>,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Everything",
        fields: &[
            field("list", "list", &Shape::List(&Shape::Integer), true),
            field(
                "map",
                "map",
                &Shape::Map(&Shape::List(&Shape::String)),
                true,
            ),
            field("boxed", "boxed", &Shape::Bool, true),
            field(
                "maybe_list",
                "maybe_list",
                &Shape::Optional(&Shape::List(&Shape::Number)),
                false,
            ),
            field("json", "json", &Shape::Any, true),
            field(
                "pair",
                "pair",
                &Shape::Tuple(&[&Shape::Integer, &Shape::String]),
                true,
            ),
            field("set", "set", &Shape::List(&Shape::String), true),
            field("sorted", "sorted", &Shape::Map(&Shape::Number), true),
        ],
    });
    assert_eq!(Everything::SHAPE, WANT);
}

#[test]
fn identifier_enums_are_strings() {
    #[derive(TaskInput, Deserialize)]
    #[serde(field_identifier, rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Key {
        Name,
        Other(String),
    }
    assert_eq!(Key::SHAPE, &Shape::String);
}

#[test]
fn struct_tag_may_be_there() {
    // serde writes the tag of a struct, and reads past it.
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "type")]
    #[allow(dead_code)]
    struct Tagged {
        id: String,
    }
    #[derive(TaskInput, Deserialize)]
    #[serde(tag = "type", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Strict {
        id: String,
    }
    const WANT: &Shape = &Shape::Object(&Object {
        name: "Tagged",
        fields: &[
            field("type", "", &Shape::String, false),
            field("id", "id", &Shape::String, true),
        ],
    });
    assert_eq!(Tagged::SHAPE, WANT);
    assert_eq!(names(Strict::SHAPE), ["id"]);
    let _: Tagged = read(r#"{"type": "Tagged", "id": "a"}"#);
    let _: Tagged = read(r#"{"id": "a"}"#);
    assert!(serde_json::from_str::<Strict>(r#"{"type": "Strict", "id": "a"}"#).is_err());
}

#[test]
fn task_input_any_fields() {
    /// A type from elsewhere, without `TaskInput`.
    #[allow(dead_code)]
    struct Foreign;

    #[derive(TaskInput)]
    #[allow(dead_code)]
    struct Event {
        #[task_input(any)]
        at: Foreign,
        #[task_input(any)]
        maybe: Option<Foreign>,
    }
    let Shape::Object(event) = Event::SHAPE else {
        panic!("an object");
    };
    assert_eq!(event.fields[0].shape, &Shape::Any);
    assert!(event.fields[0].required);
    assert_eq!(event.fields[1].shape, &Shape::Any);
    assert!(!event.fields[1].required);
}

#[test]
fn types_that_contain_each_other_with_task_input_any() {
    #[derive(TaskInput)]
    #[allow(dead_code)]
    struct Folder {
        name: String,
        files: Vec<File>,
    }

    #[derive(TaskInput)]
    #[allow(dead_code)]
    struct File {
        name: String,
        #[task_input(any)]
        parent: Option<Box<Folder>>,
    }

    let Shape::Object(folder) = Folder::SHAPE else {
        panic!("an object");
    };
    let Shape::List(Shape::Object(file)) = folder.fields[1].shape else {
        panic!("a list of objects");
    };
    assert_eq!(file.fields[1].shape, &Shape::Any);
}
