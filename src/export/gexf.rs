//! GEXF 1.3 for Gephi: a dynamic graph whose edges live from their first to
//! their last story date, so Gephi's timeline can play the network.
//!
//! Following the 1.3 schema: the graph is `mode="dynamic"` with
//! `timeformat="date"` and `timerepresentation="interval"`; each dated edge
//! carries one `<spells><spell start end/></spells>` (1.3 spells, not the
//! 1.1 `<slices>`, and not also `start`/`end` attributes, which Gephi ignores
//! once spells are present); parallel edges of one pair are told apart by
//! the 1.3 edge `kind`; the weight is a double. Nodes carry no time: they
//! exist for the whole timeline. Attributes are static. A leader's link to
//! their country (`--leaders`) is an edge of kind `leader`, living from the
//! first to the last story that names them, with their offices as its
//! `evidence`.

use std::fmt::Write;

use super::xml::escape;
use crate::graph::{LEADER, Network};

/// The static attribute columns: (class, id and title, GEXF type).
const ATTRIBUTES: [(&str, &[(&str, &str)]); 2] = [
    (
        "node",
        &[
            ("type", "string"),
            ("mentions", "long"),
            ("stories", "long"),
            ("leaders", "string"),
        ],
    ),
    (
        "edge",
        &[
            ("relation", "string"),
            ("stories", "long"),
            ("mentions", "long"),
            ("score", "double"),
            ("evidence", "string"),
        ],
    ),
];

fn rgb(hex: &str) -> (u8, u8, u8) {
    let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    (v(1), v(3), v(5))
}

/// Writes `<attvalues>` for the given (column, value) pairs, skipping empty values.
fn attvalues(out: &mut String, values: &[(&str, String)]) {
    out.push_str("<attvalues>");
    for (column, value) in values.iter().filter(|(_, v)| !v.is_empty()) {
        let _ = write!(
            out,
            "<attvalue for=\"{column}\" value=\"{}\"/>",
            escape(value)
        );
    }
    out.push_str("</attvalues>");
}

/// What an `<edge>` element shows besides its attribute values.
struct EdgeLine<'a> {
    source: &'a str,
    target: &'a str,
    kind: &'a str,
    stories: u64,
    first: Option<&'a str>,
    last: Option<&'a str>,
    colour: &'a str,
}

/// Writes one edge: id, kind, weight, attributes, its spell and its look.
fn write_edge(out: &mut String, edge: EdgeLine<'_>, values: &[(&str, String)]) {
    let _ = write!(
        out,
        "      <edge id=\"{0}-{1}-{2}\" source=\"{0}\" target=\"{1}\" label=\"{2}\" kind=\"{2}\" weight=\"{3}\">",
        escape(edge.source),
        escape(edge.target),
        edge.kind,
        edge.stories
    );
    attvalues(out, values);
    if edge.first.is_some() || edge.last.is_some() {
        out.push_str("<spells><spell");
        if let Some(first) = edge.first {
            let _ = write!(out, " start=\"{}\"", escape(first));
        }
        if let Some(last) = edge.last {
            let _ = write!(out, " end=\"{}\"", escape(last));
        }
        out.push_str("/></spells>");
    }
    let (r, g, b) = rgb(edge.colour);
    let thickness = 1.0 + (edge.stories as f64).log2();
    let _ = writeln!(
        out,
        "<viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/><viz:thickness value=\"{thickness:.2}\"/></edge>"
    );
}

pub(super) fn to_gexf(net: &Network) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n");
    out.push_str("  <meta><creator>entente</creator><description>Relations between countries in news stories</description></meta>\n");
    out.push_str("  <graph mode=\"dynamic\" defaultedgetype=\"undirected\" timeformat=\"date\" timerepresentation=\"interval\">\n");
    for (class, columns) in ATTRIBUTES {
        let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
        for (id, ty) in columns {
            let _ = writeln!(
                out,
                "      <attribute id=\"{id}\" title=\"{id}\" type=\"{ty}\"/>"
            );
        }
        out.push_str("    </attributes>\n");
    }
    out.push_str("    <nodes>\n");
    for n in net.nodes() {
        let _ = write!(
            out,
            "      <node id=\"{}\" label=\"{}\">",
            escape(&n.id),
            escape(&n.label)
        );
        let leaders = n
            .leaders
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("; ");
        attvalues(
            &mut out,
            &[
                ("type", n.kind.clone()),
                ("mentions", n.mentions.to_string()),
                ("stories", n.stories.to_string()),
                ("leaders", leaders),
            ],
        );
        out.push_str("</node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for e in net.edges() {
        let evidence = e.evidence.first().map(|x| x.sentence.clone());
        write_edge(
            &mut out,
            EdgeLine {
                source: &e.source,
                target: &e.target,
                kind: e.kind.as_str(),
                stories: e.stories,
                first: e.first.as_deref(),
                last: e.last.as_deref(),
                colour: super::colour(e.kind),
            },
            &[
                ("relation", e.kind.to_string()),
                ("stories", e.stories.to_string()),
                ("mentions", e.mentions.to_string()),
                ("score", e.score.to_string()),
                ("evidence", evidence.unwrap_or_default()),
            ],
        );
    }
    for l in net.leader_links() {
        write_edge(
            &mut out,
            EdgeLine {
                source: &l.source,
                target: &l.target,
                kind: LEADER,
                stories: l.stories,
                first: l.first.as_deref(),
                last: l.last.as_deref(),
                colour: super::LEADER_COLOUR,
            },
            &[
                ("relation", LEADER.to_owned()),
                ("stories", l.stories.to_string()),
                ("mentions", l.mentions.to_string()),
                ("evidence", super::roles(l)),
            ],
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
