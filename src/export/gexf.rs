//! GEXF 1.3 for Gephi: a dynamic graph whose edges live from their first to
//! their last story date, so Gephi's timeline can play the network.

use std::fmt::Write;

use super::xml::escape;
use crate::graph::Network;

fn rgb(hex: &str) -> (u8, u8, u8) {
    let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    (v(1), v(3), v(5))
}

pub(super) fn to_gexf(net: &Network) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n");
    out.push_str("  <meta><creator>entente</creator><description>Relations between countries in news stories</description></meta>\n");
    out.push_str("  <graph mode=\"dynamic\" defaultedgetype=\"undirected\" timeformat=\"date\" timerepresentation=\"interval\">\n");
    out.push_str("    <attributes class=\"node\" mode=\"static\">\n");
    out.push_str("      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n");
    out.push_str("      <attribute id=\"mentions\" title=\"mentions\" type=\"long\"/>\n");
    out.push_str("      <attribute id=\"stories\" title=\"stories\" type=\"long\"/>\n");
    out.push_str("    </attributes>\n");
    out.push_str("    <attributes class=\"edge\" mode=\"static\">\n");
    out.push_str("      <attribute id=\"relation\" title=\"relation\" type=\"string\"/>\n");
    out.push_str("      <attribute id=\"stories\" title=\"stories\" type=\"long\"/>\n");
    out.push_str("      <attribute id=\"score\" title=\"score\" type=\"double\"/>\n");
    out.push_str("      <attribute id=\"evidence\" title=\"evidence\" type=\"string\"/>\n");
    out.push_str("    </attributes>\n");
    out.push_str("    <nodes>\n");
    for n in net.nodes() {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"type\" value=\"{}\"/><attvalue for=\"mentions\" value=\"{}\"/><attvalue for=\"stories\" value=\"{}\"/></attvalues></node>",
            escape(&n.id), escape(&n.label), escape(&n.kind), n.mentions, n.stories
        );
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for e in net.edges() {
        let (r, g, b) = rgb(super::colour(e.kind));
        let span = match (&e.first, &e.last) {
            (Some(f), Some(l)) => format!(" start=\"{}\" end=\"{}\"", escape(f), escape(l)),
            _ => String::new(),
        };
        let _ = write!(
            out,
            "      <edge id=\"{0}-{1}-{2}\" source=\"{0}\" target=\"{1}\" kind=\"{2}\" weight=\"{3}\"{4}><attvalues><attvalue for=\"relation\" value=\"{2}\"/><attvalue for=\"stories\" value=\"{3}\"/><attvalue for=\"score\" value=\"{5}\"/>",
            escape(&e.source), escape(&e.target), e.kind, e.stories, span, e.score
        );
        if let Some(ev) = e.evidence.first() {
            let _ = write!(out, "<attvalue for=\"evidence\" value=\"{}\"/>", escape(&ev.sentence));
        }
        out.push_str("</attvalues>");
        if let (Some(f), Some(l)) = (&e.first, &e.last) {
            let _ = write!(out, "<spells><spell start=\"{}\" end=\"{}\"/></spells>", escape(f), escape(l));
        }
        let thickness = 1.0 + (e.stories as f64).log2();
        let _ = writeln!(out, "<viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/><viz:thickness value=\"{thickness:.2}\"/></edge>");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
