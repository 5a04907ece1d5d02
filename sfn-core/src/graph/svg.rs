//! SVG output: the diagram model laid out and drawn by `layout-rs` (feature `svg`).
//!
//! `layout-rs` places nodes in layers (Sugiyama) and writes the SVG, escaping every text; it
//! has no clusters, so a Parallel branch or a Map processor is not drawn as a box around its
//! states. Instead each state of a group carries the group in a first label line
//! (`[Fan: branch 1]`) and the group's fill colour, and the Parallel or Map state points at
//! the group's first state with a dotted edge labelled with the group.

use layout::adt::dag::NodeHandle;
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::trace::{Mark, Marks};
use super::{Covered, EdgeKind, Graph, Group, Trace};

/// One font size for every text: the library writes a CSS class per font size from a hash map,
/// in the map's (random) order; one class keeps the output byte-identical from run to run.
const FONT_SIZE: usize = 15;
/// Edge labels longer than this are wrapped on spaces.
const LABEL_WIDTH: usize = 40;
/// See [`svg()`].
const FULL_LAYOUT_LIMIT: usize = 1500;
/// Space between a text and its box.
const PADDING: f64 = 8.0;
/// Space right of and below the drawing.
const MARGIN: f64 = 20.0;
/// Fill colours of the groups, in turn.
const GROUP_FILLS: [&str; 6] = [
    "#e3f2fd", "#fff3e0", "#e8f5e9", "#f3e5f5", "#fffde7", "#e0f7fa",
];

/// The diagram as an SVG document: every state (name and type), `start` and `end`, every
/// transition (`Next`; `Default` and each Choice rule labelled; `Catch` edges red, dashed and
/// labelled `catch <errors>`), and Parallel branches and Map processors as groups (see the
/// module documentation for how groups look).
///
/// A layout of more than 1500 nodes (the library adds a hidden node for each layer an edge
/// crosses: 1500 is about 70 states in a row that share a `Catch` target) skips the library's
/// crossing reduction and placer, whose time grows much faster than the graph (in a release
/// build about 1 s at that size, 17 s at 5000): nodes keep their layers and are packed to the
/// left.
///
/// Never panics: should the library fail on a graph (it asserts its invariants), the drawing
/// falls back to its simple placement, then to an empty drawing that says so. The library's
/// panic message is still printed by the panic hook (and under `panic = "abort"` nothing can
/// be caught). No such graph is known: labelled edges, which tripped the library's placer, go
/// through label nodes of ours (see `connect`).
pub fn svg(graph: &Graph) -> String {
    svg_with(graph, None)
}

/// [`svg()`] with the path of an execution: visited states filled green, the failing state
/// red, the others grey, the transitions taken bold and green and the others grey (see
/// [`Trace`] for what counts as taken). The marks are classes too: `state visited`,
/// `state failed`, `state unvisited`, `edge next taken`, ...
///
/// ```
/// use sfn_core::graph::{build, svg_traced, Trace};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Fail"}}}"#,
/// )
/// .root
/// .unwrap();
/// let out = svg_traced(&build(&root), &Trace::new(["A", "B"]).failed_in("B"));
/// assert!(out.contains(r#"class="state failed""#));
/// assert!(out.contains(r#"class="edge next taken""#));
/// ```
pub fn svg_traced(graph: &Graph, trace: &Trace) -> String {
    svg_with(graph, Some(&Marks::new(graph, trace)))
}

/// [`svg()`] with what many executions covered (a [`Covered`]): covered states filled green,
/// the others grey, the transitions taken bold and green, each edge apart.
///
/// ```
/// use sfn_core::graph::{build, svg_covered, Covered};
///
/// let root = sfn_core::json::parse(
///     r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}"#,
/// )
/// .root
/// .unwrap();
/// let mut covered = Covered::default();
/// covered.states.insert("A".to_string());
/// let out = svg_covered(&build(&root), &covered);
/// assert!(out.contains(r#"class="state visited""#));
/// assert!(out.contains(r#"class="state unvisited""#));
/// ```
pub fn svg_covered(graph: &Graph, covered: &Covered) -> String {
    svg_with(graph, Some(&Marks::covered(graph, covered)))
}

/// The one SVG renderer, with or without a trace.
fn svg_with(graph: &Graph, marks: Option<&Marks>) -> String {
    let attempt = |full| std::panic::catch_unwind(|| draw(graph, marks, full)).ok();
    let full =
        std::panic::catch_unwind(|| size(graph, marks) <= FULL_LAYOUT_LIMIT).unwrap_or(false);
    full.then(|| attempt(true))
        .flatten()
        .or_else(|| attempt(false))
        .unwrap_or_else(failed)
}

/// An edge to draw.
struct Line {
    label: String,
    style: LineStyleKind,
    color: &'static str,
    width: usize,
    /// A fixed word (the library writes it unescaped into a `<g>` tag), after `edge`.
    class: &'static str,
    /// `taken`, `untaken` under a trace, or nothing.
    mark: &'static str,
}

impl Line {
    fn new(label: String, style: LineStyleKind, color: &'static str, class: &'static str) -> Line {
        Line {
            label,
            style,
            color,
            width: 1,
            class,
            mark: "",
        }
    }

    /// The line as a trace draws it: bold and green when taken, grey otherwise.
    fn traced(mut self, marks: Option<&Marks>, taken: impl FnOnce(&Marks) -> bool) -> Line {
        match marks {
            None => {}
            Some(m) if taken(m) => {
                (self.color, self.width, self.mark) = (TAKEN, 3, " taken");
            }
            Some(_) => {
                (self.color, self.mark) = (DIMMED, " untaken");
            }
        }
        self
    }
}

/// The colour of the transitions taken, under a trace.
const TAKEN: &str = "#2e7d32";
/// The colour of what the execution did not reach, under a trace.
const DIMMED: &str = "#bdbdbd";

/// A state's fill, border and class word under a trace.
fn state_look(mark: Mark) -> (&'static str, &'static str, &'static str) {
    match mark {
        Mark::Visited => ("#dff0d8", TAKEN, " visited"),
        Mark::Failed => ("#f8d7da", "#c62828", " failed"),
        Mark::Unvisited => ("#f5f5f5", DIMMED, " unvisited"),
    }
}

/// The library's graph of the diagram: nodes and edges, not yet laid out.
fn visual(graph: &Graph, marks: Option<&Marks>) -> VisualGraph {
    let mut vg = VisualGraph::new(Orientation::TopToBottom);
    // The library checks its whole graph after each edge it adds; ours is built to be valid.
    vg.dag.set_validate(false);
    let mut ids: Vec<(&str, NodeHandle)> = Vec::new();
    let start = node(&mut vg, ShapeKind::new_circle("start"), BLACK, "start");
    let finish = node(&mut vg, ShapeKind::new_double_circle("end"), BLACK, "end");
    let mut groups = 0;
    let mut edges = Vec::new();
    add_group(
        &mut vg,
        &graph.top,
        None,
        marks,
        &mut groups,
        &mut ids,
        &mut edges,
    );
    let handle = |id: &str| ids.iter().find(|(i, _)| *i == id).map(|(_, h)| *h);
    let plain = |class| Line::new(String::new(), LineStyleKind::Normal, "black", class);
    for s in &graph.top.states {
        let Some(h) = handle(&s.id) else { continue };
        if s.start {
            let line = plain("start").traced(marks, |m| m.entered(&s.id));
            connect(&mut vg, start, h, line);
        }
        if s.terminal {
            let line = plain("end").traced(marks, |m| m.finished(&s.id));
            connect(&mut vg, h, finish, line);
        }
    }
    for (from, to, line) in edges {
        if let (Some(from), Some(to)) = (handle(from), handle(to)) {
            connect(&mut vg, from, to, line);
        }
    }
    vg
}

/// The size of the layout problem: the number of nodes once every edge spans one layer.
fn size(graph: &Graph, marks: Option<&Marks>) -> usize {
    let mut vg = visual(graph, marks);
    vg.to_valid_dag();
    vg.split_long_edges(true);
    vg.num_nodes()
}

/// Lays out and draws; `full` runs the library's crossing reduction and placer, otherwise
/// nodes keep their layers and are packed to the left.
fn draw(graph: &Graph, marks: Option<&Marks>, full: bool) -> String {
    let mut vg = visual(graph, marks);
    let mut writer = SVGWriter::new();
    vg.do_it(false, !full, !full, &mut writer);
    let (mut right, mut bottom) = (0f64, 0f64);
    for n in vg.iter_nodes() {
        let (_, corner) = vg.pos(n).bbox(false);
        right = right.max(corner.x);
        bottom = bottom.max(corner.y);
    }
    fit(
        &sans_serif(writer.finalize()),
        right + MARGIN,
        bottom + MARGIN,
    )
}

/// The last resort, should the library fail in both modes: a valid, empty drawing.
fn failed() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\
     <svg width=\"300\" height=\"40\" viewBox=\"0 0 300 40\" xmlns=\"http://www.w3.org/2000/svg\">\
     <text x=\"10\" y=\"25\">the diagram could not be laid out</text></svg>\n"
        .to_string()
}

/// Adds an edge. A labelled edge goes through a node of its own that holds the label, with
/// no border: the library's own edge labels trip an assertion in its placer on some graphs.
fn connect(vg: &mut VisualGraph, from: NodeHandle, to: NodeHandle, line: Line) {
    let look = StyleAttr::new(Color::fast(line.color), line.width, None, 0, FONT_SIZE);
    let arrow = |end| {
        Arrow::with_properties(
            LineEndKind::None,
            end,
            line.style,
            "",
            &look,
            format!("class=\"edge {}{}\"", line.class, line.mark),
            &None,
            &None,
        )
    };
    if line.label.is_empty() {
        vg.add_edge(arrow(LineEndKind::Arrow), from, to);
        return;
    }
    let size = text_size(&line.label);
    let shape = ShapeKind::new_box(&line.label);
    let look = StyleAttr::new(Color::transparent(), 0, None, 0, FONT_SIZE);
    let label = vg.add_node(Element::create_with_properties(
        shape,
        look,
        Orientation::TopToBottom,
        size,
        "class=\"label\"",
    ));
    vg.add_edge(arrow(LineEndKind::None), from, label);
    vg.add_edge(arrow(LineEndKind::Arrow), label, to);
}

/// Adds the states of `group` (and of the groups inside them) and collects their edges.
/// `within` is the label line and the fill colour of the group, `None` for the machine.
fn add_group<'g>(
    vg: &mut VisualGraph,
    group: &'g Group,
    within: Option<(&str, &'static str)>,
    marks: Option<&Marks>,
    groups: &mut usize,
    ids: &mut Vec<(&'g str, NodeHandle)>,
    edges: &mut Vec<(&'g str, &'g str, Line)>,
) {
    for s in &group.states {
        let (label, fill, class) = match within {
            Some((line, fill)) => (
                format!("[{line}]\n{}\n({})", text(&s.name), text(&s.kind)),
                fill,
                "state grouped",
            ),
            None => (
                format!("{}\n({})", text(&s.name), text(&s.kind)),
                "white",
                "state",
            ),
        };
        let h = match marks.map(|m| state_look(m.state(&s.id))) {
            Some((fill, stroke, mark)) => {
                let look = Look { fill, stroke };
                node(
                    vg,
                    ShapeKind::new_box(&label),
                    look,
                    &format!("{class}{mark}"),
                )
            }
            None => {
                let look = Look {
                    fill,
                    stroke: "black",
                };
                node(vg, ShapeKind::new_box(&label), look, class)
            }
        };
        ids.push((&s.id, h));
        for g in &s.groups {
            let fill = GROUP_FILLS[*groups % GROUP_FILLS.len()];
            *groups += 1;
            let line = format!("{}: {}", text(&s.name), text(&g.label));
            add_group(vg, g, Some((&line, fill)), marks, groups, ids, edges);
            if let Some(first) = g.states.iter().find(|x| x.start) {
                let line = Line::new(text(&g.label), LineStyleKind::Dotted, "dimgray", "group")
                    .traced(marks, |m| m.entered(&first.id));
                edges.push((&s.id, &first.id, line));
            }
        }
    }
    for e in &group.edges {
        let line = match &e.kind {
            EdgeKind::Next => Line::new(String::new(), LineStyleKind::Normal, "black", "next"),
            EdgeKind::Default => {
                Line::new("default".into(), LineStyleKind::Normal, "black", "default")
            }
            EdgeKind::Rule(r) => Line::new(wrap(&text(r)), LineStyleKind::Normal, "black", "rule"),
            EdgeKind::Catch(errors) => Line::new(
                wrap(&format!("catch {}", text(errors))),
                LineStyleKind::Dashed,
                "red",
                "catch",
            ),
        };
        edges.push((&e.from, &e.to, line.traced(marks, |m| m.took(e))));
    }
}

/// A node's fill and border colours.
#[derive(Clone, Copy)]
struct Look {
    fill: &'static str,
    stroke: &'static str,
}

/// `start` and `end`.
const BLACK: Look = Look {
    fill: "white",
    stroke: "black",
};

/// A node; `class` as in [`Line`].
fn node(vg: &mut VisualGraph, shape: ShapeKind, look: Look, class: &str) -> NodeHandle {
    let look = StyleAttr::new(
        Color::fast(look.stroke),
        1,
        Some(Color::fast(look.fill)),
        6,
        FONT_SIZE,
    );
    let size = match &shape {
        ShapeKind::Circle(label) | ShapeKind::DoubleCircle(label) => {
            let size = text_size(label);
            Point::splat(size.x.max(size.y))
        }
        ShapeKind::Box(label) => text_size(label),
        _ => Point::splat(1.0),
    };
    vg.add_node(Element::create_with_properties(
        shape,
        look,
        Orientation::TopToBottom,
        size,
        format!("class=\"{class}\""),
    ))
}

/// The size of a box around a text. The library counts a full font size per character, twice
/// the width of most; this counts 0.62 of it, and a full one for East Asian scripts.
fn text_size(label: &str) -> Point {
    let font = FONT_SIZE as f64;
    let width = label
        .split('\n')
        .map(|l| {
            l.chars()
                .map(|c| if c >= '\u{2e80}' { 1.0 } else { 0.62 })
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    let lines = label.split('\n').count() as f64;
    Point::new(width * font + 2.0 * PADDING, lines * font + 2.0 * PADDING)
}

/// A text as the library may take it: it escapes `<`, `&` and quotes itself, but XML has no
/// form at all for most control characters, and it splits lines on `\n`.
fn text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// Wraps a label on spaces into lines of at most [`LABEL_WIDTH`] characters (longer words
/// stay whole).
fn wrap(s: &str) -> String {
    let mut out = String::new();
    let mut line = 0;
    for (i, word) in s.split(' ').enumerate() {
        let len = word.chars().count();
        if i > 0 {
            if line > 0 && line + 1 + len > LABEL_WIDTH {
                out.push('\n');
                line = 0;
            } else {
                out.push(' ');
                line += 1;
            }
        }
        out.push_str(word);
        line += len;
    }
    out
}

/// Swaps the library's Times for a sans-serif font, in its `<style>` block only (texts come
/// after it and cannot hold `</style>`: `<` is escaped).
fn sans_serif(svg: String) -> String {
    match svg.split_once("</style>") {
        Some((head, rest)) => format!(
            "{}</style>{rest}",
            head.replace(
                "font-family: Times, serif;",
                "font-family: Helvetica, Arial, sans-serif;"
            )
        ),
        None => svg,
    }
}

/// Sets the size of the drawing from its nodes' boxes (`right`, `bottom`). The library grows
/// its canvas for each text by the text's length downwards instead of sideways, which leaves a
/// wide empty band at the bottom and may cut a long edge label on the right; the width stays
/// at least the library's (which counts the edges' curves).
fn fit(svg: &str, right: f64, bottom: f64) -> String {
    let Some(start) = svg.find("<svg ") else {
        return svg.to_string();
    };
    let Some(len) = svg[start..].find('>') else {
        return svg.to_string();
    };
    let header = &svg[start..start + len];
    let width = header
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse::<f64>().ok())
        .unwrap_or(0.0)
        .max(right)
        .ceil();
    let height = bottom.ceil();
    format!(
        "{}<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\">{}",
        &svg[..start],
        &svg[start + len + 1..]
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{json, Value};

    use super::*;
    use crate::graph::build;

    fn graph(src: &str) -> Graph {
        build(&crate::json::parse(src).root.unwrap())
    }

    fn render(src: &str) -> String {
        svg(&graph(src))
    }

    /// The texts of the drawing, one per `<text>` element, its lines joined by `\n`.
    fn texts(doc: &roxmltree::Document) -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|t| {
                t.descendants()
                    .filter(|n| n.has_tag_name("tspan") || n.has_tag_name("textPath"))
                    .map(|n| n.text().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .filter(|t| !t.is_empty())
            .collect()
    }

    const SRC: &str = r#"{"StartAt": "Run <&> \"q\" 'a' ü 日本", "States": {
        "Run <&> \"q\" 'a' ü 日本": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
            "Next": "Check", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$.s", "StringEquals": "<ok>", "Next": "Fan"},
            {"Variable": "$.s", "StringEquals": "again", "Next": "Run <&> \"q\" 'a' ü 日本"}],
            "Default": "Failed"},
        "Fan": {"Type": "Parallel", "Next": "Each", "Branches": [
            {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}},
            {"StartAt": "B\u0001", "States": {"B\u0001": {"Type": "Pass", "End": true}}}]},
        "Each": {"Type": "Map", "Next": "Done", "ItemProcessor": {"StartAt": "Do", "States": {
            "Do": {"Type": "Pass", "End": true}}}},
        "Done": {"Type": "Succeed"},
        "Failed": {"Type": "Fail"}}}"#;

    #[test]
    fn well_formed_with_every_state_and_edge() {
        let out = render(SRC);
        let doc = roxmltree::Document::parse(&out).expect("well-formed SVG");
        assert!(doc
            .root_element()
            .has_tag_name(("http://www.w3.org/2000/svg", "svg")));
        let texts = texts(&doc);
        for name in [
            "Run <&> \"q\" 'a' ü 日本\n(Task)",
            "Check\n(Choice)",
            "Fan\n(Parallel)",
            "Each\n(Map)",
            "Done\n(Succeed)",
            "Failed\n(Fail)",
            "[Fan: branch 1]\nA\n(Pass)",
            "[Fan: branch 2]\nB\u{fffd}\n(Pass)",
            "[Each: for each item]\nDo\n(Pass)",
            "start",
            "end",
            "catch States.ALL",
            "default",
            "$.s StringEquals \"<ok>\"",
            "$.s StringEquals \"again\"",
            "branch 1",
            "branch 2",
            "for each item",
        ] {
            assert!(texts.iter().any(|t| t == name), "{name:?} in {texts:?}");
        }
        let groups = doc.descendants().filter(|n| n.has_tag_name("g"));
        let class = |c: &str| {
            groups
                .clone()
                .filter(|g| g.attribute("class") == Some(c))
                .collect::<Vec<_>>()
        };
        assert_eq!(class("state").len(), 6);
        assert_eq!(class("state grouped").len(), 3);
        // A labelled edge is drawn in two pieces, to its label and on from it.
        let catch = class("edge catch");
        assert_eq!(catch.len(), 2);
        for g in catch {
            let path = g.children().find(|n| n.has_tag_name("path")).unwrap();
            assert_eq!(path.attribute("stroke-dasharray"), Some("5,5"));
            assert_eq!(path.attribute("stroke"), Some("#ff0000ff"));
        }
        assert_eq!(class("edge rule").len(), 4);
        assert_eq!(class("edge default").len(), 2);
        assert_eq!(class("label").len(), 7);
        assert_eq!(class("edge next").len(), 3);
        assert_eq!(class("edge start").len(), 1);
        assert_eq!(class("edge end").len(), 2);
        assert_eq!(class("start").len(), 1);
        assert_eq!(class("end").len(), 1);
        assert_eq!(class("edge group").len(), 6);
    }

    #[test]
    fn traced_marks_states_and_edges() {
        let g = graph(SRC);
        let run = "Run <&> \"q\" 'a' ü 日本";
        let out = svg_traced(&g, &Trace::new([run, "Failed"]).failed_in("Failed"));
        let doc = roxmltree::Document::parse(&out).expect("well-formed SVG");
        let class = |c: &str| {
            doc.descendants()
                .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some(c))
                .count()
        };
        assert_eq!(class("state visited"), 1);
        assert_eq!(class("state failed"), 1);
        assert_eq!(class("state unvisited"), 4);
        assert_eq!(class("state grouped unvisited"), 3);
        // start -> Run, and the catch edge in its two pieces.
        assert_eq!(class("edge start taken"), 1);
        assert_eq!(class("edge catch taken"), 2);
        assert_eq!(class("edge end untaken"), 2);
        assert_eq!(
            svg_traced(&g, &Trace::default()),
            svg_traced(&g, &Trace::default())
        );
    }

    #[test]
    fn same_output_every_time() {
        assert_eq!(render(SRC), render(SRC));
    }

    #[test]
    fn empty_and_broken_definitions() {
        for src in [
            "{}",
            "[]",
            r#"{"StartAt": "X", "States": {}}"#,
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A"}}}"#,
            r#"{"StartAt": "A", "States": {"A": {"Next": "Nowhere"}}}"#,
        ] {
            let out = render(src);
            roxmltree::Document::parse(&out).unwrap_or_else(|e| panic!("{src}: {e}\n{out}"));
        }
    }

    /// Graphs on which the library's placer failed an assertion when edge labels were its own
    /// (they are nodes of ours now).
    #[test]
    fn placer_regressions() {
        for src in [
            r#"{"StartAt": "A0", "States": {
                "A0": {"Type": "Task", "Next": "A1", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A1"}]},
                "A1": {"Type": "Parallel", "Next": "A2", "Branches": [
                    {"StartAt": "B0", "States": {"B0": {"Type": "Task",
                        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "B0"}]}}}]},
                "A2": {"Type": "Task"},
                "A3": {"Type": "Task", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A1"}]}}}"#,
            r#"{"StartAt": "A0", "States": {
                "A0": {"Type": "Task", "Next": "A1", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A1"}]},
                "A1": {"Type": "Choice", "Choices": [{"Next": "B"}, {"Next": "C"}], "Default": "A2"},
                "A2": {"Type": "Task"}, "B": {"Type": "Task"}, "C": {"Type": "Task"},
                "A3": {"Type": "Task", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "A1"}]}}}"#,
        ] {
            let out = super::draw(&graph(src), None, true);
            roxmltree::Document::parse(&out).unwrap();
        }
    }

    /// A machine too large for the full layout is drawn with the simple one, every state in.
    #[test]
    fn large_machines_skip_the_full_layout() {
        let n = 80;
        let states: serde_json::Map<String, Value> = (0..n)
            .map(|i| {
                let next = if i + 1 < n {
                    format!("S{}", i + 1)
                } else {
                    "Done".into()
                };
                let catch = json!([{"ErrorEquals": ["States.ALL"], "Next": "Handle"}]);
                (
                    format!("S{i}"),
                    json!({"Type": "Pass", "Next": next, "Catch": catch}),
                )
            })
            .chain([
                ("Done".to_string(), json!({"Type": "Succeed"})),
                ("Handle".to_string(), json!({"Type": "Fail"})),
            ])
            .collect();
        let g = graph(&json!({"StartAt": "S0", "States": states}).to_string());
        assert!(size(&g, None) > FULL_LAYOUT_LIMIT, "{}", size(&g, None));
        let out = svg(&g);
        let doc = roxmltree::Document::parse(&out).unwrap();
        let texts = texts(&doc);
        assert!(texts.iter().any(|t| t == "S79\n(Pass)"));
        assert_eq!(texts.iter().filter(|t| *t == "catch States.ALL").count(), n);
        assert!(size(&graph(SRC), None) < FULL_LAYOUT_LIMIT);
    }

    #[test]
    fn long_labels_wrap() {
        assert_eq!(wrap("a b"), "a b");
        let long = "{% $states.input.order.total > 100 and $states.input.order.express %}";
        let wrapped = wrap(long);
        assert_eq!(wrapped.replace('\n', " "), long);
        assert!(wrapped.lines().all(|l| l.chars().count() <= LABEL_WIDTH));
        assert_eq!(wrap(&"x".repeat(50)), "x".repeat(50));
    }

    /// A scope of `n` states whose transitions point anywhere (itself included), with Choice
    /// rules, Catch edges and, at the top, Parallel and Map states with scopes of their own.
    fn scope(depth: u32) -> BoxedStrategy<Value> {
        let state = (
            0usize..7,
            proptest::option::of(0usize..6),
            prop::collection::vec(0usize..6, 0..3),
            prop::collection::vec(0usize..6, 0..2),
            any::<bool>(),
        );
        let inner = if depth == 0 {
            Just(Vec::new()).boxed()
        } else {
            prop::collection::vec(scope(depth - 1), 1..3).boxed()
        };
        (
            prop::collection::vec((state, inner), 1..6),
            prop::sample::select(vec!["A", "<b>", "c&d", "\"e\"", "ф", "g\u{7}"]),
        )
            .prop_map(|(states, prefix)| {
                let n = states.len();
                let name = |i: usize| format!("{prefix}{}", i % n);
                let mut members = serde_json::Map::new();
                for (i, ((kind, next, rules, catches, end), inner)) in states.into_iter().enumerate()
                {
                    let kind = ["Task", "Pass", "Choice", "Parallel", "Map", "Succeed", "Fail"][kind];
                    let mut s = json!({"Type": kind});
                    if let Some(next) = next {
                        s["Next"] = json!(name(next));
                    }
                    if end {
                        s["End"] = json!(true);
                    }
                    if kind == "Choice" {
                        s["Choices"] = rules
                            .iter()
                            .map(|r| json!({"Variable": "$.x", "NumericEquals": r, "Next": name(*r)}))
                            .collect();
                        s["Default"] = json!(name(i + 1));
                    }
                    s["Catch"] = catches
                        .iter()
                        .map(|c| json!({"ErrorEquals": ["States.ALL"], "Next": name(*c)}))
                        .collect();
                    if kind == "Parallel" {
                        s["Branches"] = Value::Array(inner);
                    } else if kind == "Map" {
                        if let Some(p) = inner.into_iter().next() {
                            s["ItemProcessor"] = p;
                        }
                    }
                    members.insert(name(i), s);
                }
                json!({"StartAt": name(0), "States": members})
            })
            .boxed()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn any_machine_draws_well_formed(machine in scope(1)) {
            let src = machine.to_string();
            let g = graph(&src);
            for out in [svg(&g), super::draw(&g, None, false)] {
                let doc = roxmltree::Document::parse(&out);
                prop_assert!(doc.is_ok(), "{src}\n{out}");
                let labels = texts(&doc.unwrap()).join("\n");
                for s in &g.top.states {
                    prop_assert!(labels.contains(&text(&s.name)), "{} in {labels}", s.name);
                }
            }
        }
    }
}
