//! `entente extract`: JSON Lines and text output, evidence spans, `--explain`, `--out`.

use super::*;

#[test]
fn jsonl_gives_one_result_per_story_in_input_order() {
    let out = run_ok(["extract", "-q", "tests/fixtures/stories"]);
    let results = json_lines(&out);
    assert_eq!(
        ids(&results),
        [
            "card",
            "plain",
            "fixture-canada-tariffs",
            "fixture-somalia-port"
        ]
    );
    for r in &results {
        for key in ["title", "date", "countries", "leaders", "relations"] {
            assert!(r.get(key).is_some(), "result {} has no {key}: {r}", r["id"]);
        }
    }
    let card = &results[0];
    assert!(has_relation(card, "BRA", "CHN", "cooperation"), "{card}");
    assert!(has_relation(card, "BRA", "CHN", "trade"), "{card}");
    let leaders: Vec<&str> = card["leaders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap())
        .collect();
    assert!(leaders.contains(&"Xi Jinping"), "{leaders:?}");
    assert!(
        leaders.iter().any(|l| l.starts_with("Luiz Inácio Lula")),
        "{leaders:?}"
    );
}

#[test]
fn jsonl_is_the_default_when_standard_output_is_not_a_terminal() {
    let default = run_ok(["extract", "-q", "tests/fixtures/stories"]);
    let jsonl = run_ok([
        "extract",
        "-q",
        "--format",
        "jsonl",
        "tests/fixtures/stories",
    ]);
    assert_eq!(default, jsonl);
}

#[test]
fn evidence_spans_point_at_the_sentence_in_the_story() {
    let file = fixture("stories/wire.jsonl");
    let stories: Vec<Value> = json_lines(&read(&file));
    let out = run_ok(["extract".as_ref(), "-q".as_ref(), file.as_os_str()]);
    let mut checked = 0;
    for (story, result) in stories.iter().zip(json_lines(&out)) {
        assert_eq!(story["id"], result["id"]);
        for rel in result["relations"].as_array().unwrap() {
            for e in rel["evidence"].as_array().unwrap() {
                let field = story[e["field"].as_str().unwrap()].as_str().unwrap();
                let (start, end) = (
                    e["start"].as_u64().unwrap() as usize,
                    e["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(&field[start..end], e["sentence"].as_str().unwrap());
                assert!(!e["rule"].as_str().unwrap().is_empty());
                checked += 1;
            }
        }
    }
    assert!(checked > 0, "no evidence to check in {out}");
}

#[test]
fn text_format_shows_countries_leaders_and_relations_with_evidence() {
    entente()
        .args([
            "extract",
            "-q",
            "--format",
            "text",
            "tests/fixtures/stories/card.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "== card (2023-04-14)\n   Lula and Xi sign trade and technology deals in Beijing\n",
        ))
        .stdout(predicate::str::contains("Brazil (BRA)"))
        .stdout(predicate::str::contains("China (CHN)"))
        .stdout(predicate::str::contains("Xi Jinping (CHN"))
        .stdout(predicate::str::contains("BRA - CHN  cooperation"))
        .stdout(predicate::str::contains(
            "      \"China is Brazil's largest trading partner.\"",
        ));
}

#[test]
fn explain_lists_each_cue_and_what_became_of_it() {
    let args = [
        "extract",
        "-q",
        "--format",
        "text",
        "tests/fixtures/stories/card.txt",
    ];
    let plain = run_ok(args);
    assert!(
        !plain.contains("explain:"),
        "explain lines without --explain:\n{plain}"
    );
    let explained = run_ok(args.iter().copied().chain(["--explain"]));
    assert!(explained.contains("  explain: "), "{explained}");
    assert!(
        explained.contains("-> relation BRA-CHN via "),
        "{explained}"
    );
    let results = json_lines(&run_ok([
        "extract",
        "-q",
        "--explain",
        "tests/fixtures/stories/card.txt",
    ]));
    let entries = results[0]["explain"]
        .as_array()
        .expect("jsonl results carry an explain list");
    assert!(entries.iter().any(|x| {
        x["outcome"] == "relation"
            && x["cue"]
                .as_str()
                .is_some_and(|c| c.starts_with("cooperation."))
    }));
}

#[test]
fn out_writes_the_file_instead_of_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.jsonl");
    entente()
        .args(["extract", "-q", "tests/fixtures/stories", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    assert_eq!(
        read(&out),
        run_ok(["extract", "-q", "tests/fixtures/stories"])
    );
}
