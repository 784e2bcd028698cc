//! NetworkX node-link JSON: the graph format for programs, and the input of
//! `entente merge`.
//!
//! `networkx.node_link_graph(json.load(f), edges="links")` loads it as an
//! undirected multigraph whose edge keys are the relation kinds; D3 reads it
//! with `forceLink(links).id(d => d.id)`. The links carry everything a merge
//! needs (story ids, sums, capped evidence), so merging shards is exact.

use serde::{Deserialize, Serialize};

use crate::graph::{Edge, GraphInfo, Network, Node};

/// The node-link document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeLink {
    /// Always false: relations are unordered pairs (direction is counted on each link).
    pub directed: bool,
    /// Always true: one link per (pair, kind).
    pub multigraph: bool,
    /// Whole-network facts.
    pub graph: GraphInfo,
    /// The actors.
    pub nodes: Vec<Node>,
    /// The relations.
    pub links: Vec<Link>,
}

/// One link: an edge plus the multigraph key and a weight for layouts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// The multigraph key: the kind.
    pub key: String,
    /// Stories stating it, for tools that want one `weight`.
    pub weight: u64,
    /// The edge.
    #[serde(flatten)]
    pub edge: Edge,
}

/// The node-link form of a network.
pub fn to_node_link(net: &Network) -> NodeLink {
    NodeLink {
        directed: false,
        multigraph: true,
        graph: net.info().clone(),
        nodes: net.nodes().cloned().collect(),
        links: net
            .edges()
            .map(|e| Link {
                key: e.kind.as_str().to_owned(),
                weight: e.stories,
                edge: e.clone(),
            })
            .collect(),
    }
}

/// Reads a network back from its node-link form.
///
/// # Errors
///
/// When the text is not a node-link document written by entente.
pub fn from_json(text: &str) -> Result<Network, serde_json::Error> {
    let doc: NodeLink = serde_json::from_str(text)?;
    Ok(Network::from_parts(
        doc.graph,
        doc.nodes,
        doc.links.into_iter().map(|l| l.edge).collect(),
    ))
}
