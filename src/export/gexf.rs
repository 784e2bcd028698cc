//! GEXF 1.3 for Gephi: a dynamic graph whose edges live from their first to
//! their last story date, so Gephi's timeline can play the network.
//!
//! Following the 1.3 schema: the graph is `mode="dynamic"` with
//! `timeformat="date"` and `timerepresentation="interval"`; each dated edge
//! carries one `<spells><spell start end/></spells>` (1.3 spells, not the
//! 1.1 `<slices>`, and not also `start`/`end` attributes, which Gephi ignores
//! once spells are present); parallel edges of one pair are told apart by
//! the 1.3 edge `kind`; the weight is a double. Nodes carry no time: they
//! exist for the whole timeline. Attributes are static.

use std::fmt::Write;

use super::xml::escape;
use crate::graph::Network;

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
        let _ = write!(
            out,
            "      <edge id=\"{0}-{1}-{2}\" source=\"{0}\" target=\"{1}\" label=\"{2}\" kind=\"{2}\" weight=\"{3}\">",
            escape(&e.source),
            escape(&e.target),
            e.kind,
            e.stories
        );
        attvalues(
            &mut out,
            &[
                ("relation", e.kind.to_string()),
                ("stories", e.stories.to_string()),
                ("mentions", e.mentions.to_string()),
                ("score", e.score.to_string()),
                (
                    "evidence",
                    e.evidence
                        .first()
                        .map(|x| x.sentence.clone())
                        .unwrap_or_default(),
                ),
            ],
        );
        if e.first.is_some() || e.last.is_some() {
            out.push_str("<spells><spell");
            if let Some(first) = &e.first {
                let _ = write!(out, " start=\"{}\"", escape(first));
            }
            if let Some(last) = &e.last {
                let _ = write!(out, " end=\"{}\"", escape(last));
            }
            out.push_str("/></spells>");
        }
        let (r, g, b) = rgb(super::colour(e.kind));
        let thickness = 1.0 + (e.stories as f64).log2();
        let _ = writeln!(
            out,
            "<viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/><viz:thickness value=\"{thickness:.2}\"/></edge>"
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
