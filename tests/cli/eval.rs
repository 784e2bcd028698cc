//! `entente eval`: the same numbers as `shared/eval/score.py`.

use super::*;

/// `entente eval` on a gold folder next to score.py on `entente extract`
/// output for the same stories; both JSON and the table must agree.
fn compare_with_score_py(test: &str, dir: &std::path::Path) {
    let Some(shared) = util::shared(test) else {
        return;
    };
    if !util::python3(test) {
        return;
    }
    let (gold, stories) = (dir.join("gold.jsonl"), dir.join("stories.jsonl"));
    let tmp = tempfile::tempdir().unwrap();
    let system = tmp.path().join("system.jsonl");
    entente()
        .args(["extract", "-q", "--out"])
        .arg(&system)
        .arg(&stories)
        .assert()
        .success();
    let score_py = |flags: &[&str]| {
        let out = std::process::Command::new("python3")
            .arg(shared.join("eval/score.py"))
            .arg(&gold)
            .arg(&system)
            .args(flags)
            .output()
            .expect("python3 runs");
        assert!(
            out.status.success(),
            "score.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let eval = |flags: &[&str]| {
        let mut cmd = entente();
        cmd.args(["eval", "-q", "--gold"])
            .arg(&gold)
            .arg(&stories)
            .args(flags);
        let out = cmd.output().unwrap();
        util::assert_success(&out);
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(
        json(&eval(&["--json"])),
        json(&score_py(&["--json"])),
        "scores differ on {}",
        dir.display()
    );
    // With --show-errors the error lines come before the table; score.py
    // lists them in gold-file order and entente by story id, so they are
    // compared as sets and the table line by line.
    let split = |text: String| {
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with("stories: "))
            .expect("a table");
        let table = lines.split_off(start);
        lines.sort();
        (lines, table)
    };
    let ours = split(eval(&["--show-errors"]));
    let theirs = split(score_py(&["--show-errors"]));
    assert_eq!(ours.1, theirs.1, "tables differ on {}", dir.display());
    assert_eq!(ours.0, theirs.0, "errors differ on {}", dir.display());
    assert!(
        !ours.0.is_empty(),
        "no errors to compare on {}",
        dir.display()
    );
}

#[test]
fn matches_score_py_on_the_regression_set() {
    compare_with_score_py(
        "eval::matches_score_py_on_the_regression_set",
        &fixture("regression"),
    );
}

#[test]
fn matches_score_py_on_the_shared_dev_set() {
    let test = "eval::matches_score_py_on_the_shared_dev_set";
    if let Some(shared) = util::shared(test) {
        compare_with_score_py(test, &shared.join("eval/dev"));
    }
}

#[test]
fn counts_every_gold_item() {
    let gold_path = fixture("regression/gold.jsonl");
    let gold = json_lines(&read(&gold_path));
    let count = |key: &str| {
        gold.iter()
            .map(|g| g[key].as_array().map_or(0, Vec::len))
            .sum::<usize>()
    };
    let score = json(&run_ok([
        "eval",
        "-q",
        "--json",
        "--gold",
        "tests/fixtures/regression/gold.jsonl",
        "tests/fixtures/regression/stories.jsonl",
    ]));
    assert_eq!(score["stories"].as_u64(), Some(gold.len() as u64));
    for key in ["countries", "leaders", "relations"] {
        let m = &score[key];
        assert_eq!(m["gold"].as_u64(), Some(count(key) as u64), "{key}: {m}");
        assert!(
            m["tp"].as_u64() <= m["system"].as_u64() && m["tp"].as_u64() <= m["gold"].as_u64(),
            "{key}: {m}"
        );
    }
}

#[test]
fn a_gold_line_that_is_not_json_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"id\": \"a\", \"countries\": []}\n{\"id\": \"b\",\n",
    )
    .unwrap();
    entente()
        .args(["eval", "-q", "--gold"])
        .arg(&gold)
        .arg("tests/fixtures/stories/plain.txt")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gold.jsonl:2: not JSON"));
}
