//! The default rule tables, parsed by `build.rs` at compile time and
//! embedded as JSON with each entry's file and line.

use serde::Deserialize;

use super::model::{
    Abbreviations, Ambiguous, Bloc, Country, Cue, Discard, Modifier, NonActor, Person, Title,
};

/// The embedded tables, one element per file of `data/rules/`.
pub(crate) const JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/rules.json"));

/// One embedded file: each table as (line, entry) pairs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct File {
    pub(crate) name: String,
    pub(crate) country: Vec<(usize, Country)>,
    pub(crate) bloc: Vec<(usize, Bloc)>,
    pub(crate) ambiguous: Vec<(usize, Ambiguous)>,
    pub(crate) person: Vec<(usize, Person)>,
    pub(crate) title: Vec<(usize, Title)>,
    pub(crate) cue: Vec<(usize, Cue)>,
    pub(crate) modifier: Vec<(usize, Modifier)>,
    pub(crate) discard: Vec<(usize, Discard)>,
    pub(crate) nonactor: Vec<(usize, NonActor)>,
    pub(crate) abbreviations: Option<Abbreviations>,
}
