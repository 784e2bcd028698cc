//! GraphML for yEd, Gephi and NetworkX (`networkx.read_graphml`).
//!
//! Every `<key>` comes before the `<graph>`, as the GraphML schema requires;
//! key ids carry a domain prefix (`g_`, `n_`, `e_`) so that a node and an
//! edge attribute can share a name (`stories`). Parallel edges of one pair
//! (one per kind) have distinct ids, so NetworkX reads them as a
//! `MultiGraph` keyed by edge id. Optional values that are missing (no date,
//! no leaders, no evidence) are left out rather than written empty. A
//! leader's link to their country (`--leaders`) is an edge of kind `leader`
//! with their offices as its `evidence` and no score.

use std::fmt::Write;

use super::xml::escape;
use crate::graph::{LEADER, Network};

/// The data keys: (id, domain, attribute name, GraphML type).
const KEYS: [(&str, &str, &str, &str); 17] = [
    ("g_stories", "graph", "stories", "long"),
    ("g_from", "graph", "from", "string"),
    ("g_to", "graph", "to", "string"),
    ("n_label", "node", "label", "string"),
    ("n_type", "node", "type", "string"),
    ("n_mentions", "node", "mentions", "long"),
    ("n_stories", "node", "stories", "long"),
    ("n_leaders", "node", "leaders", "string"),
    ("e_kind", "edge", "kind", "string"),
    ("e_weight", "edge", "weight", "double"),
    ("e_stories", "edge", "stories", "long"),
    ("e_mentions", "edge", "mentions", "long"),
    ("e_score", "edge", "score", "double"),
    ("e_first", "edge", "first", "string"),
    ("e_last", "edge", "last", "string"),
    ("e_colour", "edge", "colour", "string"),
    ("e_evidence", "edge", "evidence", "string"),
];

/// Writes one `<data>` element per non-empty value.
fn data(out: &mut String, values: &[(&str, String)]) {
    for (key, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(out, "<data key=\"{key}\">{}</data>", escape(value));
    }
}

pub(super) fn to_graphml(net: &Network) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    for (id, domain, name, ty) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"entente\" edgedefault=\"undirected\">\n    ");
    let info = net.info();
    data(
        &mut out,
        &[
            ("g_stories", info.stories.to_string()),
            ("g_from", info.from.clone().unwrap_or_default()),
            ("g_to", info.to.clone().unwrap_or_default()),
        ],
    );
    out.push('\n');
    for n in net.nodes() {
        let _ = write!(out, "    <node id=\"{}\">", escape(&n.id));
        let leaders = n
            .leaders
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ");
        data(
            &mut out,
            &[
                ("n_label", n.label.clone()),
                ("n_type", n.kind.clone()),
                ("n_mentions", n.mentions.to_string()),
                ("n_stories", n.stories.to_string()),
                ("n_leaders", leaders),
            ],
        );
        out.push_str("</node>\n");
    }
    for e in net.edges() {
        let _ = write!(
            out,
            "    <edge id=\"{0}-{1}-{2}\" source=\"{0}\" target=\"{1}\">",
            escape(&e.source),
            escape(&e.target),
            e.kind
        );
        data(
            &mut out,
            &[
                ("e_kind", e.kind.to_string()),
                ("e_weight", e.stories.to_string()),
                ("e_stories", e.stories.to_string()),
                ("e_mentions", e.mentions.to_string()),
                ("e_score", e.score.to_string()),
                ("e_first", e.first.clone().unwrap_or_default()),
                ("e_last", e.last.clone().unwrap_or_default()),
                ("e_colour", super::colour(e.kind).to_owned()),
                (
                    "e_evidence",
                    e.evidence
                        .first()
                        .map(|x| x.sentence.clone())
                        .unwrap_or_default(),
                ),
            ],
        );
        out.push_str("</edge>\n");
    }
    for l in net.leader_links() {
        let _ = write!(
            out,
            "    <edge id=\"{0}-{1}-{LEADER}\" source=\"{0}\" target=\"{1}\">",
            escape(&l.source),
            escape(&l.target),
        );
        data(
            &mut out,
            &[
                ("e_kind", LEADER.to_owned()),
                ("e_weight", l.stories.to_string()),
                ("e_stories", l.stories.to_string()),
                ("e_mentions", l.mentions.to_string()),
                ("e_first", l.first.clone().unwrap_or_default()),
                ("e_last", l.last.clone().unwrap_or_default()),
                ("e_colour", super::LEADER_COLOUR.to_owned()),
                ("e_evidence", super::roles(l)),
            ],
        );
        out.push_str("</edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
