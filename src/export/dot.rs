//! Graphviz DOT, built as a graphviz-rust syntax tree, and pictures rendered
//! from it by the system's `dot`.
//!
//! graphviz-rust escapes nothing, so every user string goes through
//! [`dot_escape`], node ids included. The graph
//! is an undirected, non-`strict` `graph` (strict would merge the parallel
//! edges of different kinds), one edge per (pair, kind), coloured and styled
//! by kind, its pen width growing with the number of stories, with the top
//! evidence as tooltip and a legend in the graph label. The legend and the
//! edges take their colours from the one palette, [`colour`].
//!
//! An edge's `weight` is its story count, always an integer, because `dot`
//! rejects fractional weights; line thickness comes from `penwidth`. The file
//! asks for the `neato` layout (`layout=neato`), which `dot -Tsvg` honours;
//! `dot -Glayout=sfdp` or `-Glayout=dot` picks another engine.
//!
//! With `--leaders`, each leader is a plain-text node tied to their country
//! by a short, thin, grey dotted line, which the legend then explains; node ids of
//! leaders are the people's table ids, quoted like every id.

use graphviz_rust::cmd::{CommandArg, Format as GvFormat};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, GraphAttributes, Id, Node as DotNode, NodeId, Stmt,
    Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::{ExportError, Format, LEADER_COLOUR, colour};
use crate::graph::{LEADER, Network};
use crate::rules::Kind;

/// Escapes text for a double-quoted DOT string.
///
/// Backslashes and quotes are escaped for the DOT parser, line breaks become
/// `\n`, and `&` becomes `&amp;`, because Graphviz reads entities such as
/// `&amp;` in every string: without that, a name containing `&amp;` would be
/// drawn as `&`.
///
/// # Examples
///
/// ```
/// assert_eq!(entente::export::dot::dot_escape("say \"hi\"\\\n"), "say \\\"hi\\\"\\\\\\n");
/// assert_eq!(entente::export::dot::dot_escape("Trinidad & Tobago"), "Trinidad &amp; Tobago");
/// ```
pub fn dot_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn quoted(text: &str) -> Id {
    Id::Escaped(format!("\"{}\"", dot_escape(text)))
}

fn attr(key: &str, value: Id) -> Attribute {
    Attribute(Id::Plain(key.to_owned()), value)
}

fn node_id(code: &str) -> NodeId {
    NodeId(quoted(code), None)
}

/// "1 story", "2 stories".
fn count(n: u64, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {noun}s"),
    }
}

/// ", 2024-03-04" or ", 2024-03-04 to 2024-08-15" for a tooltip; nothing
/// when undated.
fn date_range(first: &Option<String>, last: &Option<String>) -> String {
    match (first, last) {
        (Some(f), Some(l)) if f == l => format!(", {f}"),
        (Some(f), Some(l)) => format!(", {f} to {l}"),
        _ => String::new(),
    }
}

/// The line style of a kind, so that kinds differ without colour too.
fn style(kind: Kind) -> &'static str {
    match kind {
        Kind::Cooperation => "solid",
        Kind::Tension => "dashed",
        Kind::Trade => "dotted",
        Kind::Conflict => "bold",
    }
}

/// The legend: one row per kind, and one for leaders when they are drawn.
fn legend(leaders: bool) -> Id {
    let mut rows: String = Kind::ALL
        .iter()
        .map(|k| format!("<tr><td><font color=\"{}\">&#9473;&#9473;</font></td><td align=\"left\">{} ({})</td></tr>", colour(*k), k, style(*k)))
        .collect();
    if leaders {
        rows.push_str(&format!("<tr><td><font color=\"{LEADER_COLOUR}\">&#8943;&#8943;</font></td><td align=\"left\">leader of (thin dotted, grey)</td></tr>"));
    }
    Id::Html(format!(
        "<<table border=\"0\" cellspacing=\"0\">{rows}</table>>"
    ))
}

/// The network as a graphviz-rust syntax tree.
pub fn to_graph(net: &Network) -> Graph {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("layout", quoted("neato")),
            attr("overlap", quoted("false")),
            attr("splines", quoted("true")),
            // Room around nodes and edges when neato removes overlaps, so the
            // parallel edges of one pair are drawn apart.
            attr("sep", quoted("+20")),
            attr("esep", quoted("+10")),
            attr("label", legend(net.leader_links().next().is_some())),
            attr("labelloc", quoted("b")),
            attr("fontname", quoted("Helvetica")),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("shape", quoted("box")),
            attr("style", quoted("rounded,filled")),
            attr("fillcolor", quoted("#f7f7f7")),
            attr("fontname", quoted("Helvetica")),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", quoted("Helvetica")),
            attr("fontsize", quoted("9")),
            // neato's preferred edge length in inches: long enough for labelled boxes.
            attr("len", quoted("3")),
        ])),
    ];
    for n in net.nodes() {
        // A leader's id is a table id, not worth showing; a country's code is.
        let code = match n.kind.as_str() {
            LEADER => String::new(),
            _ => format!(" ({})", n.id),
        };
        let mut tooltip = format!(
            "{}{code}: {}, {}",
            n.label,
            count(n.stories, "story"),
            count(n.mentions, "mention")
        );
        if !n.leaders.is_empty() {
            tooltip.push_str(&format!(
                "; leaders: {}",
                n.leaders.iter().cloned().collect::<Vec<_>>().join(", ")
            ));
        }
        let mut attributes = vec![
            attr("label", quoted(&n.label)),
            attr("tooltip", quoted(&tooltip)),
        ];
        match n.kind.as_str() {
            "country" => {}
            LEADER => attributes.extend([
                attr("shape", quoted("plaintext")),
                attr("style", quoted("")),
                attr("fontsize", quoted("10")),
                attr("fontcolor", quoted("#555555")),
            ]),
            _ => attributes.push(attr("shape", quoted("ellipse"))),
        }
        stmts.push(Stmt::Node(DotNode {
            id: node_id(&n.id),
            attributes,
        }));
    }
    for e in net.edges() {
        let width = 1.0 + (e.stories as f64).log2();
        let dates = date_range(&e.first, &e.last);
        let mut tooltip = format!(
            "{} {}-{}: {}{dates}",
            e.kind,
            e.source,
            e.target,
            count(e.stories, "story")
        );
        if let Some(ev) = e.evidence.first() {
            tooltip.push_str(&format!("\n\u{201C}{}\u{201D}", ev.sentence));
        }
        let label = if e.stories > 1 {
            format!("{} ({})", e.kind, e.stories)
        } else {
            e.kind.to_string()
        };
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&e.source)), Vertex::N(node_id(&e.target))),
            attributes: vec![
                attr("label", quoted(&label)),
                attr("color", quoted(colour(e.kind))),
                attr("fontcolor", quoted(colour(e.kind))),
                attr("style", quoted(style(e.kind))),
                attr("penwidth", quoted(&format!("{width:.2}"))),
                attr("weight", quoted(&e.stories.to_string())),
                attr("tooltip", quoted(&tooltip)),
                attr("class", quoted(e.kind.as_str())),
            ],
        }));
    }
    for l in net.leader_links() {
        let dates = date_range(&l.first, &l.last);
        let name = |id: &str| net.node(id).map_or(id.to_owned(), |n| n.label.clone());
        let tooltip = format!(
            "{}: {} of {}, {}{dates}",
            name(&l.source),
            super::roles(l),
            name(&l.target),
            count(l.stories, "story")
        );
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&l.source)), Vertex::N(node_id(&l.target))),
            attributes: vec![
                attr("color", quoted(LEADER_COLOUR)),
                attr("style", quoted("dotted")),
                attr("penwidth", quoted("0.6")),
                attr("len", quoted("1.2")),
                attr("weight", quoted(&l.stories.to_string())),
                attr("tooltip", quoted(&tooltip)),
                attr("class", quoted(LEADER)),
            ],
        }));
    }
    Graph::Graph {
        id: Id::Plain("entente".to_owned()),
        strict: false,
        stmts,
    }
}

/// The network as DOT text.
pub fn to_dot(net: &Network) -> String {
    let mut text = to_graph(net).print(&mut PrinterContext::default());
    text.push('\n');
    text
}

/// Renders the network with the system's Graphviz.
///
/// # Errors
///
/// [`ExportError::NoGraphviz`] when `dot` is not on `PATH`, or
/// [`ExportError::Graphviz`] when it fails.
pub fn render(net: &Network, format: Format) -> Result<Vec<u8>, ExportError> {
    let gv = match format {
        Format::Png => GvFormat::Png,
        Format::Pdf => GvFormat::Pdf,
        _ => GvFormat::Svg,
    };
    let args = vec![
        CommandArg::Format(gv),
        CommandArg::Custom("-Kneato".to_owned()),
    ];
    graphviz_rust::exec(to_graph(net), &mut PrinterContext::default(), args).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            ExportError::NoGraphviz
        } else {
            ExportError::Graphviz(e.to_string())
        }
    })
}
