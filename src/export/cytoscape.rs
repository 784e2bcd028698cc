//! Cytoscape.js elements JSON: `cytoscape({ elements: doc.elements })` or
//! `cy.add(doc.elements)`; Cytoscape desktop imports the same file as
//! `.cyjs` (its top-level `data` becomes network attributes).
//!
//! Ids are strings and unique across nodes and edges: a node's id is its
//! code, an edge's is `SOURCE-TARGET-kind`, so the parallel edges of one pair
//! stay apart. Each edge has the class of its kind for stylesheets; a
//! leader's link to their country (`--leaders`) has kind and class `leader`.

use serde_json::{Value, json};

use crate::graph::{LEADER, Network};

pub(super) fn to_elements(net: &Network) -> Value {
    let nodes: Vec<Value> = net
        .nodes()
        .map(|n| {
            json!({"data": {"id": n.id, "label": n.label, "type": n.kind, "mentions": n.mentions,
                            "stories": n.stories, "leaders": n.leaders}})
        })
        .collect();
    let edges: Vec<Value> = net
        .edges()
        .map(|e| {
            let mut sentences: Vec<&str> = Vec::new();
            for x in &e.evidence {
                if !sentences.contains(&x.sentence.as_str()) {
                    sentences.push(&x.sentence);
                }
            }
            json!({"data": {"id": format!("{}-{}-{}", e.source, e.target, e.kind), "source": e.source,
                            "target": e.target, "label": e.kind, "kind": e.kind, "weight": e.stories,
                            "stories": e.stories, "mentions": e.mentions, "score": e.score, "first": e.first,
                            "last": e.last, "colour": super::colour(e.kind), "evidence": sentences},
                   "classes": e.kind.as_str()})
        })
        .chain(net.leader_links().map(|l| {
            json!({"data": {"id": format!("{}-{}-{LEADER}", l.source, l.target), "source": l.source,
                            "target": l.target, "label": super::roles(l), "kind": LEADER, "weight": l.stories,
                            "stories": l.stories, "mentions": l.mentions, "first": l.first, "last": l.last,
                            "colour": super::LEADER_COLOUR, "roles": l.roles},
                   "classes": LEADER})
        }))
        .collect();
    let info = net.info();
    json!({"data": {"name": "entente", "stories": info.stories, "from": info.from, "to": info.to},
           "elements": {"nodes": nodes, "edges": edges}})
}
