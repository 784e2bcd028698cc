//! Micro-benchmarks of entente's pipeline stages, with divan.
//!
//! Run with `cargo bench --bench pipeline` (a subset: `cargo bench --bench
//! pipeline -- extract`). Inputs are read at bench time from the project's
//! own stories: the regression set (`tests/fixtures/regression/stories.jsonl`)
//! and `data/examples/`. Two inputs are built from the rule tables to pull the
//! stages apart: `names_no_cues` (sentences that list three countries each but
//! state no relation, so the name matcher and resolution work while the
//! relation frames never fire) and `no_names` (neutral sentences without a
//! single name, the cost of reading text that matters to nobody).
//!
//! The stages in the order a story meets them: `text::split` (sentences),
//! `text::tokenize_sentences` (words), `find::mentions` (mention finding,
//! the name matcher), `find::cues` (cue finding, the phrase matcher) and
//! `extract::stories` (a whole story: the above plus resolution and relation
//! finding, whose cost is the difference); then `corpus::network_add`.
//!
//! Throughput is in bytes of story text (title and body). The whole-corpus
//! figures that the targets are about come from `benches/corpus.sh`;
//! see `docs/performance.md`.

use std::path::Path;
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use entente::extract::text::{Norms, tokenize};
use entente::graph::Network;
use entente::read::{self, InputFormat, Item, StoryReader};
use entente::rules::RuleSet;
use entente::{Extractor, ExtractorBuilder, Story, StoryResult};

fn main() {
    divan::main();
}

/// The inputs every per-story benchmark runs over.
const INPUTS: [&str; 4] = ["regression", "examples", "names_no_cues", "no_names"];

/// Neutral sentences with no country, person or cue, written for this bench.
const NEUTRAL: [&str; 8] = [
    "Officials declined to give further details after the session ended.",
    "The talks lasted about three hours, according to people familiar with the schedule.",
    "Analysts said the outcome would depend on the coming weeks.",
    "Reporters were not allowed into the hall, and the doors stayed shut.",
    "The ministry said the figures would be revised next month.",
    "Some observers called the step largely symbolic; others were more hopeful.",
    "The document runs to more than forty pages and has several annexes.",
    "It was not immediately clear how the measures would be enforced.",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::embedded().expect("embedded tables parse"))
}

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        ExtractorBuilder::new(rules().clone())
            .build()
            .expect("embedded tables build")
    })
}

/// Every story the library's reader finds under `path` (a file or folder).
fn read_stories(path: &Path) -> Vec<Story> {
    if !path.exists() {
        return Vec::new();
    }
    let (inputs, _) = read::expand(&[path.to_path_buf()]);
    StoryReader::new(inputs, InputFormat::Auto)
        .filter_map(|item| match item {
            Item::Story(s) => Some(s),
            Item::Warning(_) => None,
        })
        .collect()
}

/// Stories that name three countries a sentence and state no relation.
fn names_no_cues() -> Vec<Story> {
    let names: Vec<&str> = rules().countries.iter().map(|c| c.name.as_str()).collect();
    names
        .chunks(30)
        .enumerate()
        .map(|(i, chunk)| {
            let text: Vec<String> = chunk
                .chunks(3)
                .map(|t| format!("The list read {}.", t.join(", ")))
                .collect();
            Story::new(format!("names-{i}"), text.join(" ")).with_date("2024-05-01")
        })
        .collect()
}

/// Stories of neutral sentences only, about as long as the regression stories.
fn no_names() -> Vec<Story> {
    (0..40)
        .map(|i| {
            let text: Vec<&str> = (0..3)
                .map(|k| NEUTRAL[(i + k * 3) % NEUTRAL.len()])
                .collect();
            Story::new(format!("plain-{i}"), text.join(" ")).with_date("2024-05-01")
        })
        .collect()
}

/// The stories of one named input, loaded once.
fn input(name: &str) -> &'static [Story] {
    static LOADED: OnceLock<Vec<(&'static str, Vec<Story>)>> = OnceLock::new();
    let all = LOADED.get_or_init(|| {
        vec![
            (
                "regression",
                read_stories(&root().join("tests/fixtures/regression/stories.jsonl")),
            ),
            ("examples", read_stories(&root().join("data/examples"))),
            ("names_no_cues", names_no_cues()),
            ("no_names", no_names()),
        ]
    });
    all.iter()
        .find(|(n, _)| *n == name)
        .map_or(&[], |(_, s)| s.as_slice())
}

/// Every sentence of the stories' texts, as (text, byte range), split as
/// the extractor splits them.
fn sentences(stories: &[Story]) -> Vec<(&str, std::ops::Range<usize>)> {
    let splitter = extractor().splitter();
    stories
        .iter()
        .flat_map(|s| {
            splitter
                .sentences(&s.text)
                .into_iter()
                .map(|r| (s.text.as_str(), r))
        })
        .collect()
}

fn text_bytes(stories: &[Story]) -> usize {
    stories
        .iter()
        .map(|s| s.text.len() + s.title.as_ref().map_or(0, String::len))
        .sum()
}

/// Loading the tables and compiling the extractor: the start-up cost.
mod load {
    use super::{Bencher, ExtractorBuilder, RuleSet, rules};

    /// Parsing the embedded TOML tables into a rule set.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn embedded_rules() -> RuleSet {
        RuleSet::embedded().expect("embedded tables parse")
    }

    /// Checking the tables: `validated` runs on every load and every build.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn validate(bencher: Bencher<'_, '_>) {
        bencher
            .with_inputs(|| rules().clone())
            .bench_values(|r| r.validated().expect("sound"));
    }

    /// Compiling the name table, phrase index and splitter.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn build_extractor(bencher: Bencher<'_, '_>) {
        bencher.with_inputs(|| rules().clone()).bench_values(|r| {
            ExtractorBuilder::new(r)
                .build()
                .expect("embedded tables build")
        });
    }

    /// Both, as every `entente` command does before reading a story.
    #[divan::bench(sample_count = 10, sample_size = 1)]
    fn rules_and_extractor() -> entente::Extractor {
        ExtractorBuilder::new(RuleSet::embedded().expect("parse"))
            .build()
            .expect("build")
    }
}

/// Sentence splitting and tokenising.
mod text {
    use super::{BytesCount, INPUTS, Norms, extractor, input, sentences, text_bytes, tokenize};

    /// `Splitter::sentences` over every story text of the input.
    #[divan::bench(args = INPUTS)]
    fn split(bencher: divan::Bencher<'_, '_>, name: &str) {
        let stories = input(name);
        let splitter = extractor().splitter();
        bencher
            .counter(BytesCount::new(text_bytes(stories)))
            .bench(|| {
                stories
                    .iter()
                    .map(|s| splitter.sentences(&s.text).len())
                    .sum::<usize>()
            });
    }

    /// `tokenize` of every sentence: the relation pass does this for each
    /// sentence of every story.
    #[divan::bench(args = INPUTS)]
    fn tokenize_sentences(bencher: divan::Bencher<'_, '_>, name: &str) {
        let stories = input(name);
        let sentences = sentences(stories);
        bencher
            .counter(BytesCount::new(text_bytes(stories)))
            .bench(|| {
                let mut norms = Norms::default();
                sentences
                    .iter()
                    .map(|(text, range)| tokenize(text, range.clone(), &mut norms).len())
                    .sum::<usize>()
            });
    }
}

/// The two matchers on their own, on sentences split (and tokenised)
/// beforehand: mention finding and cue finding. Relation finding is what
/// `extract::stories` adds on top of them (resolution, modifiers, frames).
mod find {
    use super::{BytesCount, INPUTS, extractor, input, sentences, text_bytes};
    use entente::extract::text::{Norms, Token, tokenize};

    /// `Gazetteer::find` over every sentence: every name the tables know,
    /// before resolution.
    #[divan::bench(args = INPUTS)]
    fn mentions(bencher: divan::Bencher<'_, '_>, name: &str) {
        let stories = input(name);
        let sentences = sentences(stories);
        let gazetteer = extractor().gazetteer();
        bencher
            .counter(BytesCount::new(text_bytes(stories)))
            .bench(|| {
                sentences
                    .iter()
                    .map(|(text, range)| gazetteer.find(text, range.clone()).count())
                    .sum::<usize>()
            });
    }

    /// `PhraseMatcher::find` over every sentence's words: every cue,
    /// modifier and discard phrase, before the frames bind any.
    #[divan::bench(args = INPUTS)]
    fn cues(bencher: divan::Bencher<'_, '_>, name: &str) {
        let stories = input(name);
        let sentences = sentences(stories);
        let mut norms: Vec<Norms> = sentences.iter().map(|_| Norms::default()).collect();
        let tokens: Vec<Vec<Token<'_>>> = sentences
            .into_iter()
            .zip(&mut norms)
            .map(|((text, range), norms)| tokenize(text, range, norms))
            .collect();
        let phrases = extractor().phrases();
        bencher
            .counter(BytesCount::new(text_bytes(stories)))
            .bench(|| tokens.iter().map(|t| phrases.find(t).len()).sum::<usize>());
    }
}

/// Whole-story extraction through the public API.
mod extract {
    use super::{BytesCount, INPUTS, Story, extractor, input, text_bytes};

    /// `Extractor::extract` of each story of the input. `names_no_cues`
    /// isolates the name matcher and resolution; `regression` is dense in
    /// cues and relations; `no_names` is the floor for text without actors.
    #[divan::bench(args = INPUTS)]
    fn stories(bencher: divan::Bencher<'_, '_>, name: &str) {
        let stories = input(name);
        let ex = extractor();
        bencher
            .counter(BytesCount::new(text_bytes(stories)))
            .bench(|| {
                stories
                    .iter()
                    .map(|s| ex.extract(s).relations.len())
                    .sum::<usize>()
            });
    }

    /// One long story made of every regression text: a per-story cost that
    /// grows faster than the text shows here as lower throughput than
    /// `stories(regression)`.
    #[divan::bench(sample_count = 20)]
    fn long_story(bencher: divan::Bencher<'_, '_>) {
        let all = input("regression");
        let text: Vec<&str> = all.iter().map(|s| s.text.as_str()).collect();
        let story = Story::new("long", text.join("\n\n")).with_date("2024-05-01");
        let ex = extractor();
        bencher
            .counter(BytesCount::new(story.text.len()))
            .bench(|| ex.extract(&story).relations.len());
    }
}

/// Reading JSON Lines and aggregating results into a network.
mod corpus {
    use super::{BytesCount, Network, StoryResult, extractor, input, root, text_bytes};
    use entente::read::jsonl::JsonLines;

    /// Parsing the regression set's JSON Lines into stories.
    #[divan::bench]
    fn read_jsonl(bencher: divan::Bencher<'_, '_>) {
        let path = root().join("tests/fixtures/regression/stories.jsonl");
        let bytes = std::fs::read(&path).unwrap_or_default();
        bencher.counter(BytesCount::new(bytes.len())).bench(|| {
            JsonLines::new(bytes.as_slice(), "stories.jsonl".into(), "stories".into()).count()
        });
    }

    /// `Network::add` of the regression set's results, as `entente graph` does.
    #[divan::bench]
    fn network_add(bencher: divan::Bencher<'_, '_>) {
        let stories = input("regression");
        let ex = extractor();
        let results: Vec<StoryResult> = stories.iter().map(|s| ex.extract(s)).collect();
        bencher
            .counter(BytesCount::new(text_bytes(stories)))
            .bench(|| {
                let mut net = Network::default();
                for r in &results {
                    net.add(r);
                }
                net.edges().count()
            });
    }
}
