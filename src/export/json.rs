//! NetworkX node-link JSON: the graph format for programs, and the input of
//! `entente merge`.
//!
//! `networkx.node_link_graph(json.load(f), edges="links")` loads it as an
//! undirected multigraph whose edge keys are the relation kinds; D3 reads it
//! with `forceLink(links).id(d => d.id)`. The links carry everything a merge
//! needs (story ids, sums, capped evidence), so merging shards is exact.
//! With `--leaders`, leader nodes (`"type": "leader"`) join the nodes and
//! their links to their countries join the links, with kind and key
//! `"leader"`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::graph::{Edge, GraphInfo, LEADER, LeaderLink, Network, Node};

/// The node-link document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeLink {
    /// Always false: relations are unordered pairs (direction is counted on each link).
    pub directed: bool,
    /// Always true: one link per (pair, kind).
    pub multigraph: bool,
    /// Whole-network facts.
    pub graph: GraphInfo,
    /// The actors (and leaders).
    pub nodes: Vec<Node>,
    /// The relations (and leaders' links).
    pub links: Vec<Link>,
}

/// One link of the document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Link {
    /// A relation between two actors.
    Relation(RelationLink),
    /// A leader's tie to their country.
    Leader(LeaderLinkJson),
}

/// A relation: an edge plus the multigraph key and a weight for layouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationLink {
    /// The multigraph key: the kind.
    pub key: String,
    /// Stories stating it, for tools that want one `weight`.
    pub weight: u64,
    /// The edge.
    #[serde(flatten)]
    pub edge: Edge,
}

/// A leader's link, with the same `key`, `kind` and `weight` fields as a
/// relation so that tools can style every link by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderLinkJson {
    /// The multigraph key: always `leader`.
    pub key: String,
    /// Always `leader`.
    pub kind: String,
    /// Stories naming the leader as this country's.
    pub weight: u64,
    /// The link.
    #[serde(flatten)]
    pub link: LeaderLink,
}

impl<'de> Deserialize<'de> for Link {
    /// Reads a link by its `kind`, so that an error names what is wrong with
    /// that kind of link rather than "no variant matched".
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Link, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let link = if value.get("kind").and_then(Value::as_str) == Some(LEADER) {
            serde_json::from_value(value).map(Link::Leader)
        } else {
            serde_json::from_value(value).map(Link::Relation)
        };
        link.map_err(serde::de::Error::custom)
    }
}

/// The node-link form of a network.
pub fn to_node_link(net: &Network) -> NodeLink {
    let relations = net.edges().map(|e| {
        Link::Relation(RelationLink {
            key: e.kind.as_str().to_owned(),
            weight: e.stories,
            edge: e.clone(),
        })
    });
    let leaders = net.leader_links().map(|l| {
        Link::Leader(LeaderLinkJson {
            key: LEADER.to_owned(),
            kind: LEADER.to_owned(),
            weight: l.stories,
            link: l.clone(),
        })
    });
    NodeLink {
        directed: false,
        multigraph: true,
        graph: net.info().clone(),
        nodes: net.nodes().cloned().collect(),
        links: relations.chain(leaders).collect(),
    }
}

/// Reads a network back from its node-link form.
///
/// # Errors
///
/// When the text is not a node-link document written by entente.
pub fn from_json(text: &str) -> Result<Network, serde_json::Error> {
    let doc: NodeLink = serde_json::from_str(text)?;
    let mut edges = Vec::new();
    let mut leader_links = Vec::new();
    for link in doc.links {
        match link {
            Link::Relation(r) => edges.push(r.edge),
            Link::Leader(l) => leader_links.push(l.link),
        }
    }
    Ok(Network::from_parts(
        doc.graph,
        doc.nodes,
        edges,
        leader_links,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Filter;
    use crate::{Extractor, Story};

    #[test]
    fn leaders_survive_the_round_trip() {
        let ex = Extractor::with_defaults().unwrap();
        let mut net = Network::default();
        net.add(
            &ex.extract(
                &Story::new(
                    "a",
                    "Xi Jinping met Vladimir Putin in Moscow and they signed a pact.",
                )
                .with_date("2023-03-21"),
            ),
        );
        let net = net.filtered(&Filter {
            leaders: true,
            ..Filter::default()
        });
        assert_eq!(net.leader_links().count(), 2);
        let text = serde_json::to_string(&to_node_link(&net)).unwrap();
        assert_eq!(from_json(&text).unwrap(), net);
    }

    #[test]
    fn a_bad_leader_link_is_named_by_its_field() {
        let text = r#"{"directed": false, "multigraph": true,
            "graph": {"stories": 1, "from": null, "to": null, "evidence_cap": 5},
            "nodes": [], "links": [{"key": "leader", "kind": "leader", "weight": 1,
            "source": "xi-jinping", "target": "CHN", "stories": 1, "mentions": 1,
            "first": null, "last": null}]}"#;
        let error = from_json(text).unwrap_err().to_string();
        assert!(error.contains("missing field `roles`"), "{error}");
    }
}
