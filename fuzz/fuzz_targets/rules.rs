//! Fuzzes rule-table loading: the bytes, decoded lossily, are one TOML rule
//! file. Parsing and checking must never panic; a file that checks clean
//! must also build into an extractor that runs, since the builder trusts
//! what the checks passed (`expect("validated")`).
#![no_main]

use entente::Story;
use entente::extract::ExtractorBuilder;
use entente::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

/// A story that names a country, a leader and a cue, run on rule sets that
/// check clean.
const STORY: &str =
    "Japan and India signed a pact. President Xi met Kim in Beijing; the talks ended.";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(rules) = RuleSet::from_sources([("fuzz.toml", text.as_ref())]) else {
        return;
    };
    if !rules.check().is_empty() {
        return;
    }
    let extractor = ExtractorBuilder::new(rules)
        .build()
        .expect("rules that check clean build");
    let story = Story::new("s", STORY)
        .with_title("Japan, India sign pact")
        .with_date("2024-03-04");
    let _ = extractor.extract(&story);
});
