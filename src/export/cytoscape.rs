//! Cytoscape.js elements JSON: `cy.add(data.elements)` or
//! `cytoscape({ elements: data.elements })`.

use serde_json::{Value, json};

use crate::graph::Network;

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
            json!({"data": {"id": format!("{}-{}-{}", e.source, e.target, e.kind), "source": e.source,
                            "target": e.target, "kind": e.kind, "weight": e.stories, "stories": e.stories,
                            "mentions": e.mentions, "score": e.score, "first": e.first, "last": e.last,
                            "colour": super::colour(e.kind),
                            "evidence": e.evidence.iter().map(|x| &x.sentence).collect::<Vec<_>>()},
                   "classes": e.kind.as_str()})
        })
        .collect();
    json!({"elements": {"nodes": nodes, "edges": edges}})
}
