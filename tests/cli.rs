//! End-to-end tests of the `entente` command: every subcommand, every input
//! layout, the errors a user meets and the exit codes that go with them
//! (0 success, 1 runtime error, 2 usage error), and byte-for-byte
//! determinism.
//!
//! Stories come from `tests/fixtures/stories` (written for these tests) and
//! `data/examples`; the labelled real stories are read from `../shared` at
//! run time, and the tests that need them print a notice and pass when it
//! is absent.

mod util;

use predicates::prelude::*;
use serde_json::Value;
use util::{entente, fixture, has_relation, ids, json, json_lines, root, run_bytes, run_ok};

/// The story files of `data/examples`, sorted by name.
fn example_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("data/examples"))
        .expect("data/examples exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "data/examples holds too few files: {files:?}"
    );
    files
}

/// The text of a fixture file.
fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// One module per subject, in tests/cli/ so that cargo builds them into this
// one test binary rather than one binary each.
#[path = "cli/bad_files.rs"]
mod bad_files;
#[path = "cli/determinism.rs"]
mod determinism;
#[path = "cli/errors.rs"]
mod errors;
#[path = "cli/eval.rs"]
mod eval;
#[path = "cli/extract.rs"]
mod extract;
#[path = "cli/graph.rs"]
mod graph;
#[path = "cli/inputs.rs"]
mod inputs;
#[path = "cli/merge.rs"]
mod merge;
#[path = "cli/partners.rs"]
mod partners;
#[path = "cli/rules.rs"]
mod rules;
#[path = "cli/seeds.rs"]
mod seeds;
#[path = "cli/ties.rs"]
mod ties;
