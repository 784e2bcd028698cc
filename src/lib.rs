//! entente turns news stories into a graph of how countries relate.
//!
//! It finds countries and leaders in story text with curated rule tables,
//! reads the relations between them (cooperation, tension, trade, conflict)
//! with the evidence for each, and aggregates many stories into one network
//! that can be queried and exported.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! read      files, folders, stdin      -> Story
//! extract   sentences, mentions,
//!           resolution, relations      -> StoryResult (with Evidence)
//! graph     many results               -> Network (petgraph), queries
//! export    dot, json, cytoscape, gexf, graphml, csv
//! ```
//!
//! The principal type is the [`Extractor`], built once from a
//! [`RuleSet`](rules::RuleSet) by an [`ExtractorBuilder`] and then shared by
//! reference across threads.
//!
//! ```
//! use entente::{Extractor, Story};
//!
//! let extractor = Extractor::with_defaults().unwrap();
//! let story = Story::new("s1", "China remains North Korea's largest trading partner.")
//!     .with_date("2024-09-09");
//! let result = extractor.extract(&story);
//! let kinds: Vec<_> = result.relations.iter().map(|r| (r.a.as_str(), r.b.as_str(), r.kind)).collect();
//! assert_eq!(kinds, [("CHN", "PRK", entente::Kind::Trade)]);
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod date;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod output;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod rules;
mod story;

pub use extract::{Extractor, ExtractorBuilder, StoryResult};
pub use rules::Kind;
pub use story::Story;
