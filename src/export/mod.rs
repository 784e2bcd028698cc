//! Writing a network in the formats visualization tools read.
//!
//! | format | for |
//! |---|---|
//! | [`Format::Dot`] | Graphviz (`dot`, `neato`), built with graphviz-rust |
//! | [`Format::Svg`], [`Format::Png`], [`Format::Pdf`] | pictures rendered by the system's `dot` |
//! | [`Format::Json`] | NetworkX node-link (`node_link_graph(data, edges="links")`) and D3; also `entente merge`'s input |
//! | [`Format::Cytoscape`] | Cytoscape.js elements |
//! | [`Format::Gexf`] | Gephi, with edge dates as time intervals |
//! | [`Format::Graphml`] | yEd, Gephi, NetworkX |
//! | [`Format::Csv`] | spreadsheets: one edge a row |
//!
//! Every writer emits nodes sorted by code and edges by (source, target,
//! kind), then the leaders' links (`--leaders`) by (person, country), so the
//! same network always gives the same bytes. The shapes are
//! documented in `docs/formats.md`.

mod csv;
mod cytoscape;
pub mod dot;
mod gexf;
mod graphml;
pub mod json;
mod xml;

use std::io::Write;

use crate::graph::{LeaderLink, Network};
use crate::rules::Kind;

/// An output format of `entente graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// Graphviz DOT text.
    Dot,
    /// SVG rendered by Graphviz.
    Svg,
    /// PNG rendered by Graphviz.
    Png,
    /// PDF rendered by Graphviz.
    Pdf,
    /// NetworkX node-link JSON.
    Json,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// GEXF 1.3.
    Gexf,
    /// GraphML.
    Graphml,
    /// CSV edge list.
    Csv,
}

/// Why a network could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Graphviz's `dot` is not installed.
    #[error(
        "rendering needs Graphviz's `dot` on PATH; install Graphviz (Debian/Ubuntu: apt-get install graphviz, macOS: brew install graphviz) or use --format dot"
    )]
    NoGraphviz,
    /// `dot` failed.
    #[error("Graphviz failed: {0}")]
    Graphviz(String),
}

/// Writes `net` in `format` to `out`.
///
/// # Errors
///
/// When writing fails, or a picture format is asked for and Graphviz is
/// missing or fails.
pub fn write(net: &Network, format: Format, out: &mut dyn Write) -> Result<(), ExportError> {
    match format {
        Format::Dot => out.write_all(dot::to_dot(net).as_bytes())?,
        Format::Svg | Format::Png | Format::Pdf => out.write_all(&dot::render(net, format)?)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, &json::to_node_link(net))
                .map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        }
        Format::Cytoscape => {
            serde_json::to_writer_pretty(&mut *out, &cytoscape::to_elements(net))
                .map_err(std::io::Error::from)?;
            out.write_all(b"\n")?;
        }
        Format::Gexf => out.write_all(gexf::to_gexf(net).as_bytes())?,
        Format::Graphml => out.write_all(graphml::to_graphml(net).as_bytes())?,
        Format::Csv => out.write_all(csv::to_csv(net).as_bytes())?,
    }
    Ok(())
}

/// The colour of the links between leaders and their countries (`--leaders`):
/// a neutral grey, so they never read as a relation.
pub const LEADER_COLOUR: &str = "#8c8c8c";

/// "President, Prime Minister": the offices on a leader's link.
fn roles(link: &LeaderLink) -> String {
    link.roles.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The colour of each kind, shared by every format that draws.
pub fn colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Cooperation => "#1a9850",
        Kind::Tension => "#f28e2b",
        Kind::Trade => "#4e79a7",
        Kind::Conflict => "#d62728",
    }
}
