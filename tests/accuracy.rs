//! Extraction accuracy on labelled stories, scored as `shared/eval/score.py`
//! does. The regression set is ours (`tests/fixtures/regression`); the dev set
//! is read from `../shared/eval/dev` when it is there. The thresholds sit a
//! little under the measured figures (see the README), so a change that
//! makes extraction worse fails here.

use std::collections::BTreeMap;
use std::path::Path;

use entente::Extractor;
use entente::eval::{Score, load, score};
use entente::read::{Input, InputFormat, Item, StoryReader};

fn score_set(dir: &Path) -> Score {
    let extractor = Extractor::with_defaults().expect("embedded tables build");
    let reader = StoryReader::new(
        vec![Input::File(dir.join("stories.jsonl"))],
        InputFormat::Jsonl,
    );
    let mut system = BTreeMap::new();
    for item in reader {
        let Item::Story(story) = item else {
            panic!("bad record in {}: {item:?}", dir.display())
        };
        let result = extractor.extract(&story);
        system.insert(
            result.id.clone(),
            serde_json::to_value(&result).expect("serialise"),
        );
    }
    let gold_path = dir.join("gold.jsonl");
    let gold_text = std::fs::read_to_string(&gold_path).expect("gold");
    let gold = load(&gold_path.display().to_string(), &gold_text).expect("gold parses");
    score(&gold, &system, false)
}

fn assert_at_least(name: &str, got: f64, want: f64) {
    assert!(got >= want, "{name} {got:.3} fell below {want:.3}");
}

#[test]
fn regression_set_meets_its_thresholds() {
    let s = score_set(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/regression"));
    assert_at_least("countries F1", s.countries.f1, 0.98);
    assert_at_least("leaders F1", s.leaders.f1, 0.98);
    assert_at_least("relations F1", s.relations.f1, 0.84);
    assert_at_least("relations precision", s.relations.precision, 0.85);
    assert_at_least("relations recall", s.relations.recall, 0.82);
    for (kind, floor) in [
        ("cooperation", 0.86),
        ("tension", 0.86),
        ("trade", 0.74),
        ("conflict", 0.70),
    ] {
        assert_at_least(&format!("{kind} F1"), s.relations_by_kind[kind].f1, floor);
    }
}

#[test]
fn dev_set_meets_the_issue_bar() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/dev");
    if !dir.join("gold.jsonl").exists() {
        eprintln!("skipped: {} is not here", dir.display());
        return;
    }
    let s = score_set(&dir);
    assert_at_least("countries F1", s.countries.f1, 0.97);
    assert_at_least("leaders F1", s.leaders.f1, 0.95);
    assert_at_least("relations F1", s.relations.f1, 0.80);
}
