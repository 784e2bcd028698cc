//! Fuzzes the whole pipeline: read, extract, aggregate, export.
//!
//! The bytes are read three ways: as JSON Lines (every record a story), and,
//! decoded lossily, as a story card and as plain text. Every story is
//! extracted by one extractor (built once, with blocs and explanations on so
//! that every reporting path runs), the results are added to one network,
//! and the network is written in every format that needs no Graphviz.
//!
//! Besides "no panic", the target checks what a reader of the output relies
//! on: evidence spans slice their field to the quoted sentence, relations
//! join two distinct actors the story names, and every export parses back
//! with an independent reader (serde_json, roxmltree, graphviz-rust's DOT
//! parser, the csv crate).
#![no_main]

use std::sync::OnceLock;

use entente::export::{self, Format};
use entente::extract::{ExtractorBuilder, FieldName, Options};
use entente::graph::Network;
use entente::read::jsonl::JsonLines;
use entente::read::{Item, card, plain};
use entente::rules::RuleSet;
use entente::{Extractor, Story, StoryResult};
use libfuzzer_sys::fuzz_target;

/// The formats written without Graphviz (svg, png and pdf run `dot`).
const FORMATS: [Format; 6] = [
    Format::Dot,
    Format::Json,
    Format::Cytoscape,
    Format::Gexf,
    Format::Graphml,
    Format::Csv,
];

/// Evidence kept per edge: small, so that capping runs too.
const EVIDENCE_CAP: usize = 3;

/// The one extractor of the run, built on first use.
fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let rules = RuleSet::embedded().expect("embedded rules parse");
        ExtractorBuilder::new(rules)
            .options(Options {
                blocs: true,
                explain: true,
            })
            .build()
            .expect("embedded rules build")
    })
}

/// The stories the three readers make of the bytes.
fn stories(data: &[u8]) -> Vec<Story> {
    let mut stories: Vec<Story> = JsonLines::new(data, "fuzz.jsonl".to_owned(), "fuzz".to_owned())
        .filter_map(|item| match item {
            Item::Story(s) => Some(s),
            Item::Warning(_) => None,
        })
        .collect();
    let text = String::from_utf8_lossy(data);
    stories.extend(card::parse(&text, "card".to_owned()));
    stories.extend(plain::parse(&text, "plain".to_owned(), false));
    stories
}

/// Evidence slices its field to the sentence; relations join two distinct,
/// ordered actors the story names.
fn check_result(story: &Story, result: &StoryResult) {
    let actors: Vec<&str> = result
        .countries
        .iter()
        .chain(&result.blocs)
        .map(|c| c.code.as_str())
        .collect();
    for r in &result.relations {
        assert!(r.a < r.b, "relation pair not ordered: {} {}", r.a, r.b);
        assert!(
            actors.contains(&r.a.as_str()) && actors.contains(&r.b.as_str()),
            "relation {}-{} joins an actor not among {actors:?}",
            r.a,
            r.b
        );
        assert!(
            !r.evidence.is_empty(),
            "relation {}-{} without evidence",
            r.a,
            r.b
        );
        for e in &r.evidence {
            let field = match e.field {
                FieldName::Title => story
                    .title
                    .as_deref()
                    .expect("title evidence without a title"),
                FieldName::Text => story.text.as_str(),
            };
            assert_eq!(
                field.get(e.start..e.end),
                Some(e.sentence.as_str()),
                "evidence span {}..{}",
                e.start,
                e.end
            );
        }
    }
}

/// The export parses back with an independent reader.
fn check_export(net: &Network, format: Format, out: &[u8]) {
    let text = std::str::from_utf8(out).expect("exports are UTF-8");
    match format {
        Format::Json | Format::Cytoscape => {
            serde_json::from_str::<serde_json::Value>(text).expect("JSON export parses");
        }
        Format::Gexf | Format::Graphml => {
            roxmltree::Document::parse(text).expect("XML export is well-formed");
        }
        Format::Dot => {
            graphviz_rust::parse(text).expect("DOT export parses");
        }
        Format::Csv => {
            let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(out);
            let width = reader.headers().expect("CSV header").len();
            let mut rows = 0;
            for record in reader.records() {
                assert_eq!(
                    record.expect("CSV row parses").len(),
                    width,
                    "CSV row width"
                );
                rows += 1;
            }
            assert_eq!(
                rows,
                net.edges().count() + net.leader_links().count(),
                "one CSV row per edge and per leader link"
            );
        }
        _ => unreachable!("only the formats in FORMATS are written"),
    }
}

/// One input through the whole pipeline.
fn run(data: &[u8]) {
    let extractor = extractor();
    let mut net = Network::new(EVIDENCE_CAP);
    for story in stories(data) {
        let result = extractor.extract(&story);
        check_result(&story, &result);
        net.add(&result);
    }
    for format in FORMATS {
        let mut out = Vec::new();
        export::write(&net, format, &mut out).expect("writing to memory succeeds");
        check_export(&net, format, &out);
    }
}

fuzz_target!(
    // Building the extractor is slow under instrumentation: do it
    // before the first input, so that it does not count as a timeout.
    init: {
        extractor();
    },
    |data: &[u8]| run(data)
);
