//! GraphML for yEd, Gephi and NetworkX (`networkx.read_graphml`).

use std::fmt::Write;

use super::xml::escape;
use crate::graph::Network;

pub(super) fn to_graphml(net: &Network) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    let keys = [
        ("label", "node", "label", "string"),
        ("type", "node", "type", "string"),
        ("nmentions", "node", "mentions", "long"),
        ("nstories", "node", "stories", "long"),
        ("kind", "edge", "kind", "string"),
        ("weight", "edge", "weight", "double"),
        ("stories", "edge", "stories", "long"),
        ("mentions", "edge", "mentions", "long"),
        ("score", "edge", "score", "double"),
        ("first", "edge", "first", "string"),
        ("last", "edge", "last", "string"),
        ("colour", "edge", "colour", "string"),
        ("evidence", "edge", "evidence", "string"),
    ];
    for (id, class, name, ty) in keys {
        let _ = writeln!(out, "  <key id=\"{id}\" for=\"{class}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>");
    }
    out.push_str("  <graph id=\"entente\" edgedefault=\"undirected\">\n");
    for n in net.nodes() {
        let _ = writeln!(
            out,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"type\">{}</data><data key=\"nmentions\">{}</data><data key=\"nstories\">{}</data></node>",
            escape(&n.id), escape(&n.label), escape(&n.kind), n.mentions, n.stories
        );
    }
    for e in net.edges() {
        let _ = write!(
            out,
            "    <edge id=\"{0}-{1}-{2}\" source=\"{0}\" target=\"{1}\"><data key=\"kind\">{2}</data><data key=\"weight\">{3}</data><data key=\"stories\">{3}</data><data key=\"mentions\">{4}</data><data key=\"score\">{5}</data><data key=\"colour\">{6}</data>",
            escape(&e.source), escape(&e.target), e.kind, e.stories, e.mentions, e.score, super::colour(e.kind)
        );
        if let Some(first) = &e.first {
            let _ = write!(out, "<data key=\"first\">{}</data>", escape(first));
        }
        if let Some(last) = &e.last {
            let _ = write!(out, "<data key=\"last\">{}</data>", escape(last));
        }
        if let Some(ev) = e.evidence.first() {
            let _ = write!(out, "<data key=\"evidence\">{}</data>", escape(&ev.sentence));
        }
        out.push_str("</edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
