//! A CSV edge list with a header: one row per (pair, kind), then one per
//! leader and country (kind `leader`, their offices in the `evidence`
//! column, the relation-only columns empty).

use crate::graph::{LEADER, Network};

fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

pub(super) fn to_csv(net: &Network) -> String {
    let mut out = String::from(
        "source,target,kind,stories,mentions,score,first,last,source_to_target,target_to_source,source_name,target_name,evidence\n",
    );
    let name = |code: &str| {
        net.node(code)
            .map_or_else(|| code.to_owned(), |n| n.label.clone())
    };
    let mut push = |row: [String; 13]| {
        out.push_str(&row.join(","));
        out.push('\n');
    };
    for e in net.edges() {
        push([
            field(&e.source),
            field(&e.target),
            e.kind.as_str().to_owned(),
            e.stories.to_string(),
            e.mentions.to_string(),
            e.score.to_string(),
            e.first.clone().unwrap_or_default(),
            e.last.clone().unwrap_or_default(),
            e.forward.to_string(),
            e.backward.to_string(),
            field(&name(&e.source)),
            field(&name(&e.target)),
            field(e.evidence.first().map_or("", |x| x.sentence.as_str())),
        ]);
    }
    for l in net.leader_links() {
        push([
            field(&l.source),
            field(&l.target),
            LEADER.to_owned(),
            l.stories.to_string(),
            l.mentions.to_string(),
            String::new(),
            l.first.clone().unwrap_or_default(),
            l.last.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            field(&name(&l.source)),
            field(&name(&l.target)),
            field(&super::roles(l)),
        ]);
    }
    out
}
