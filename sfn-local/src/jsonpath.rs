//! JSONPath evaluated as Step Functions evaluates it (Jayway JsonPath): a definite path names
//! one node or nothing; an indefinite one (wildcard, slice, filter, union, `..`) yields the
//! list of what it matched, maybe empty.

use serde_json::{Map, Value};
use sfn_core::path::{Path, Segment, Selector};

/// What a path selects from `root` (the root value already chosen by the caller: the input,
/// the context object or a variable). `None` when a definite path matches nothing.
pub(crate) fn select(path: &Path, root: &Value) -> Option<Value> {
    select_in(&path.segments, root)
}

/// [`select`] for the segments of a path, from `root`.
pub(crate) fn select_in(segments: &[Segment], root: &Value) -> Option<Value> {
    let definite = segments.iter().all(|s| {
        matches!(
            s,
            Segment::Field(_) | Segment::Index(_) | Segment::Function { .. }
        )
    });
    if definite {
        let mut node = root;
        for seg in segments {
            match seg {
                Segment::Field(name) => node = node.as_object()?.get(name)?,
                Segment::Index(i) => node = index(node.as_array()?, *i)?,
                Segment::Function { name, .. } => return function(name, node),
                _ => return None,
            }
        }
        return Some(node.clone());
    }
    let mut nodes: Vec<&Value> = vec![root];
    let mut tail = None;
    for seg in segments {
        if let Segment::Function { name, .. } = seg {
            tail = Some(name.as_str());
            break;
        }
        let mut next = Vec::new();
        for node in nodes {
            step(seg, node, &mut next);
        }
        nodes = next;
    }
    let list = Value::Array(nodes.into_iter().cloned().collect());
    match tail {
        Some(name) => function(name, &list),
        None => Some(list),
    }
}

fn index(items: &[Value], i: i64) -> Option<&Value> {
    let i = if i < 0 { items.len() as i64 + i } else { i };
    usize::try_from(i).ok().and_then(|i| items.get(i))
}

/// Applies one segment to `node`, pushing what it matches; a segment that does not apply
/// matches nothing, as in an indefinite path.
fn step<'a>(seg: &Segment, node: &'a Value, out: &mut Vec<&'a Value>) {
    match seg {
        Segment::Field(name) => {
            if let Some(v) = node.as_object().and_then(|o| o.get(name)) {
                out.push(v);
            }
        }
        Segment::Index(i) => {
            if let Some(v) = node.as_array().and_then(|a| index(a, *i)) {
                out.push(v);
            }
        }
        Segment::Wildcard => match node {
            Value::Array(items) => out.extend(items.iter()),
            Value::Object(map) => out.extend(map.values()),
            _ => {}
        },
        Segment::Slice { start, end, step } => {
            if let Value::Array(items) = node {
                slice(items, *start, *end, step.unwrap_or(1), out);
            }
        }
        Segment::Union(selectors) => {
            for s in selectors {
                match (s, node) {
                    (Selector::Field(name), Value::Object(map)) => out.extend(map.get(name)),
                    (Selector::Index(i), Value::Array(items)) => out.extend(index(items, *i)),
                    _ => {}
                }
            }
        }
        Segment::Filter(expr) => {
            let children: Vec<&Value> = match node {
                Value::Array(items) => items.iter().collect(),
                Value::Object(map) => map.values().collect(),
                _ => Vec::new(),
            };
            let Some(filter) = Filter::parse(expr) else {
                return;
            };
            out.extend(children.into_iter().filter(|c| filter.matches(c)));
        }
        Segment::RecursiveDescent(inner) => descend(inner, node, out, 0),
        Segment::Script(_) | Segment::Function { .. } => {}
    }
}

/// `..inner`: `inner` applied at `node` and at every node below it, in document order.
fn descend<'a>(inner: &Segment, node: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 512 {
        return;
    }
    step(inner, node, out);
    match node {
        Value::Array(items) => items.iter().for_each(|c| descend(inner, c, out, depth + 1)),
        Value::Object(map) => map.values().for_each(|c| descend(inner, c, out, depth + 1)),
        _ => {}
    }
}

fn slice<'a>(
    items: &'a [Value],
    start: Option<i64>,
    end: Option<i64>,
    step: i64,
    out: &mut Vec<&'a Value>,
) {
    let len = items.len() as i64;
    let norm = |i: i64| if i < 0 { (len + i).max(0) } else { i.min(len) };
    if step > 0 {
        let (mut i, end) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
        while i < end {
            out.extend(items.get(i as usize));
            i += step;
        }
    } else if step < 0 {
        let mut i = start.map_or(len - 1, |s| if s < 0 { len + s } else { s.min(len - 1) });
        let end = end.map_or(-1, |e| if e < 0 { (len + e).max(-1) } else { e });
        while i > end && i >= 0 {
            out.extend(items.get(i as usize));
            i += step;
        }
    }
}

/// Jayway's path functions that Step Functions users write: `length()`, `min()`, `max()`,
/// `avg()`, `sum()`, `stddev()`, `keys()`, `first()`, `last()`.
fn function(name: &str, node: &Value) -> Option<Value> {
    let numbers = || -> Option<Vec<f64>> { node.as_array()?.iter().map(Value::as_f64).collect() };
    let number = |x: f64| serde_json::Number::from_f64(x).map(Value::Number);
    match name {
        "length" => match node {
            Value::Array(a) => Some(a.len().into()),
            Value::Object(o) => Some(o.len().into()),
            Value::String(s) => Some(s.chars().count().into()),
            _ => None,
        },
        "keys" => Some(Value::Array(
            node.as_object()?
                .keys()
                .cloned()
                .map(Value::String)
                .collect(),
        )),
        "first" => node.as_array()?.first().cloned(),
        "last" => node.as_array()?.last().cloned(),
        "sum" => number(numbers()?.iter().sum()),
        "min" => number(numbers()?.into_iter().reduce(f64::min)?),
        "max" => number(numbers()?.into_iter().reduce(f64::max)?),
        "avg" => {
            let n = numbers()?;
            if n.is_empty() {
                return None;
            }
            number(n.iter().sum::<f64>() / n.len() as f64)
        }
        "stddev" => {
            let n = numbers()?;
            if n.is_empty() {
                return None;
            }
            let mean = n.iter().sum::<f64>() / n.len() as f64;
            number((n.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n.len() as f64).sqrt())
        }
        _ => None,
    }
}

/// A filter `[?(...)]`: comparisons of `@`-paths with literals, existence tests, `&&`, `||`,
/// `!` and parentheses.
#[derive(Debug)]
enum Filter {
    Exists(Vec<Segment>),
    Compare(Operand, String, Operand),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
}

#[derive(Debug)]
enum Operand {
    Current(Vec<Segment>),
    Literal(Value),
}

impl Filter {
    fn parse(text: &str) -> Option<Filter> {
        let tokens = tokenize(text)?;
        let mut p = FilterParser { tokens, at: 0 };
        let f = p.or()?;
        (p.at == p.tokens.len()).then_some(f)
    }

    fn matches(&self, node: &Value) -> bool {
        match self {
            Filter::Exists(segs) => resolve(segs, node).is_some(),
            Filter::Compare(l, op, r) => {
                let (Some(a), Some(b)) = (l.value(node), r.value(node)) else {
                    return false;
                };
                compare(&a, op, &b)
            }
            Filter::And(a, b) => a.matches(node) && b.matches(node),
            Filter::Or(a, b) => a.matches(node) || b.matches(node),
            Filter::Not(a) => !a.matches(node),
        }
    }
}

impl Operand {
    fn value(&self, node: &Value) -> Option<Value> {
        match self {
            Operand::Current(segs) => resolve(segs, node).cloned(),
            Operand::Literal(v) => Some(v.clone()),
        }
    }
}

fn resolve<'a>(segs: &[Segment], mut node: &'a Value) -> Option<&'a Value> {
    for s in segs {
        node = match s {
            Segment::Field(n) => node.as_object()?.get(n)?,
            Segment::Index(i) => index(node.as_array()?, *i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn compare(a: &Value, op: &str, b: &Value) -> bool {
    use std::cmp::Ordering;
    let ord = match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    };
    match op {
        "==" => a == b || ord == Some(Ordering::Equal),
        "!=" => !(a == b || ord == Some(Ordering::Equal)),
        "<" => ord == Some(Ordering::Less),
        "<=" => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
        ">" => ord == Some(Ordering::Greater),
        ">=" => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Current(Vec<Segment>),
    Lit(Value),
    Op(String),
    Open,
    Close,
}

fn tokenize(text: &str) -> Option<Vec<Tok>> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut out = Vec::new();
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\n' => i += 1,
            b'(' => {
                out.push(Tok::Open);
                i += 1;
            }
            b')' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'@' => {
                let start = i + 1;
                i = start;
                while i < b.len() && !b" =!<>&|)".contains(&b[i]) {
                    if b[i] == b'[' {
                        while i < b.len() && b[i] != b']' {
                            i += 1;
                        }
                    }
                    i += 1;
                }
                let i2 = i.min(b.len());
                let path = sfn_core::path::parse_path(&format!("${}", &text[start..i2])).ok()?;
                out.push(Tok::Current(path.segments));
                i = i2;
            }
            b'\'' | b'"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    let ch = text[i..].chars().next()?;
                    i += ch.len_utf8();
                    if ch as u32 == u32::from(c) {
                        break;
                    }
                    if ch == '\\' {
                        let esc = text[i..].chars().next()?;
                        i += esc.len_utf8();
                        s.push(esc);
                    } else {
                        s.push(ch);
                    }
                }
                out.push(Tok::Lit(Value::String(s)));
            }
            b'=' | b'!' | b'<' | b'>' | b'&' | b'|' => {
                let two = text.get(i..i + 2).unwrap_or("");
                if ["==", "!=", "<=", ">=", "&&", "||"].contains(&two) {
                    out.push(Tok::Op(two.to_string()));
                    i += 2;
                } else if c == b'!' || c == b'<' || c == b'>' {
                    out.push(Tok::Op((c as char).to_string()));
                    i += 1;
                } else {
                    return None;
                }
            }
            _ => {
                let start = i;
                while i < b.len() && !b" =!<>&|()".contains(&b[i]) {
                    i += 1;
                }
                let v: Value = serde_json::from_str(&text[start..i]).ok()?;
                out.push(Tok::Lit(v));
            }
        }
    }
    Some(out)
}

struct FilterParser {
    tokens: Vec<Tok>,
    at: usize,
}

impl FilterParser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn or(&mut self) -> Option<Filter> {
        let mut left = self.and()?;
        while self.peek() == Some(&Tok::Op("||".into())) {
            self.at += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }

    fn and(&mut self) -> Option<Filter> {
        let mut left = self.unary()?;
        while self.peek() == Some(&Tok::Op("&&".into())) {
            self.at += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Some(left)
    }

    fn unary(&mut self) -> Option<Filter> {
        match self.peek()? {
            Tok::Op(op) if op == "!" => {
                self.at += 1;
                Some(Filter::Not(Box::new(self.unary()?)))
            }
            Tok::Open => {
                self.at += 1;
                let f = self.or()?;
                (self.peek() == Some(&Tok::Close)).then_some(())?;
                self.at += 1;
                Some(f)
            }
            _ => self.comparison(),
        }
    }

    fn operand(&mut self) -> Option<Operand> {
        let t = self.tokens.get(self.at)?.clone();
        self.at += 1;
        match t {
            Tok::Current(segs) => Some(Operand::Current(segs)),
            Tok::Lit(v) => Some(Operand::Literal(v)),
            _ => None,
        }
    }

    fn comparison(&mut self) -> Option<Filter> {
        let left = self.operand()?;
        match self.peek() {
            Some(Tok::Op(op)) if !matches!(op.as_str(), "&&" | "||" | "!") => {
                let op = op.clone();
                self.at += 1;
                let right = self.operand()?;
                Some(Filter::Compare(left, op, right))
            }
            _ => match left {
                Operand::Current(segs) => Some(Filter::Exists(segs)),
                Operand::Literal(v) => Some(if v == Value::Bool(true) {
                    Filter::Exists(Vec::new())
                } else {
                    Filter::Not(Box::new(Filter::Exists(Vec::new())))
                }),
            },
        }
    }
}

/// Writes `value` at the reference path `path` inside `target`, creating objects on the way,
/// as ResultPath does. `Err` with the step that cannot be taken (a field of a non-object, an
/// index past the end).
pub(crate) fn put(target: &mut Value, path: &Path, value: Value) -> Result<(), String> {
    let mut node = target;
    for (i, seg) in path.segments.iter().enumerate() {
        let last = i + 1 == path.segments.len();
        node = match seg {
            Segment::Field(name) => {
                if node.is_null() {
                    *node = Value::Object(Map::new());
                }
                let Value::Object(map) = node else {
                    return Err(seg.to_string());
                };
                map.entry(name.clone()).or_insert(Value::Null)
            }
            Segment::Index(idx) => {
                let Value::Array(items) = node else {
                    return Err(seg.to_string());
                };
                let len = items.len() as i64;
                let at = if *idx < 0 { len + idx } else { *idx };
                match usize::try_from(at).ok().and_then(|k| items.get_mut(k)) {
                    Some(v) => v,
                    None => return Err(seg.to_string()),
                }
            }
            _ => return Err(seg.to_string()),
        };
        if last {
            *node = value;
            return Ok(());
        }
    }
    *node = value;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use sfn_core::path::parse_path;

    fn sel(path: &str, v: &Value) -> Option<Value> {
        select(&parse_path(path).unwrap(), v)
    }

    #[test]
    fn definite_paths_name_one_node_or_nothing() {
        let v = json!({"a": {"b": [1, 2, 3]}});
        assert_eq!(sel("$.a.b[1]", &v), Some(json!(2)));
        assert_eq!(sel("$.a.b[-1]", &v), Some(json!(3)));
        assert_eq!(sel("$", &v), Some(v.clone()));
        assert_eq!(sel("$.a.c", &v), None);
        assert_eq!(sel("$.a.b[5]", &v), None);
        assert_eq!(sel("$.a.b.length()", &v), Some(json!(3)));
    }

    #[test]
    fn indefinite_paths_give_lists() {
        let v = json!({"items": [{"id": 1, "p": 5}, {"id": 2, "p": 15}, {"id": 3}]});
        assert_eq!(sel("$.items[*].id", &v), Some(json!([1, 2, 3])));
        assert_eq!(sel("$.items[*].p", &v), Some(json!([5, 15])));
        assert_eq!(sel("$.items[0:2].id", &v), Some(json!([1, 2])));
        assert_eq!(sel("$.items[-1:].id", &v), Some(json!([3])));
        assert_eq!(sel("$..id", &v), Some(json!([1, 2, 3])));
        assert_eq!(sel("$.items[?(@.p > 10)].id", &v), Some(json!([2])));
        assert_eq!(sel("$.items[?(@.p)].id", &v), Some(json!([1, 2])));
        assert_eq!(
            sel("$.items[?(@.id == 1 || @.id == 3)].id", &v),
            Some(json!([1, 3]))
        );
        assert_eq!(sel("$.items[0,2].id", &v), Some(json!([1, 3])));
        assert_eq!(sel("$.nothing[*]", &v), Some(json!([])));
    }

    #[test]
    fn put_merges_and_refuses_what_it_cannot_reach() {
        let mut v = json!({"a": 1});
        put(&mut v, &parse_path("$.b.c").unwrap(), json!(2)).unwrap();
        assert_eq!(v, json!({"a": 1, "b": {"c": 2}}));
        assert!(put(&mut v, &parse_path("$.a.x").unwrap(), json!(3)).is_err());
        let mut s = json!("text");
        assert!(put(&mut s, &parse_path("$.x").unwrap(), json!(3)).is_err());
    }
}
