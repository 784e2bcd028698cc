//! Input layouts: story cards, plain text, JSON Lines, standard input, folders, `--input-format`.

use super::*;

/// The single result of an `extract` run.
fn one(args: &[&str]) -> Value {
    let results = json_lines(&run_ok(args));
    assert_eq!(results.len(), 1, "{results:?}");
    results.into_iter().next().unwrap()
}

#[test]
fn a_story_card_keeps_title_earliest_date_highlights_and_body() {
    let r = one(&[
        "extract",
        "-q",
        "--explain",
        "tests/fixtures/stories/card.txt",
    ]);
    assert_eq!(r["id"], "card");
    assert_eq!(
        r["title"],
        "Lula and Xi sign trade and technology deals in Beijing"
    );
    assert_eq!(r["date"], "2023-04-14");
    let sentences: Vec<&str> = r["explain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["sentence"].as_str().unwrap())
        .collect();
    assert!(
        sentences.contains(&"China is Brazil's largest trading partner."),
        "highlights are read: {sentences:?}"
    );
    assert!(
        sentences.iter().any(|s| s.starts_with("Beijing buys")),
        "the body is read: {sentences:?}"
    );
    assert!(
        !sentences.iter().any(|s| s.contains("weigh every")),
        "opinions are dropped: {sentences:?}"
    );
}

#[test]
fn a_plain_text_file_has_a_date_line_and_a_title() {
    let r = one(&["extract", "-q", "tests/fixtures/stories/plain.txt"]);
    assert_eq!(r["id"], "plain");
    assert_eq!(
        r["title"],
        "India summons Maldives envoy over ministers' remarks about Modi"
    );
    assert_eq!(r["date"], "2024-01-08");
    assert!(has_relation(&r, "IND", "MDV", "tension"), "{r}");
}

#[test]
fn a_jsonl_file_gives_one_story_a_line_with_its_fields() {
    let results = json_lines(&run_ok([
        "extract",
        "-q",
        "tests/fixtures/stories/wire.jsonl",
    ]));
    assert_eq!(
        ids(&results),
        ["fixture-canada-tariffs", "fixture-somalia-port"]
    );
    assert_eq!(results[0]["date"], "2025-03-04");
    assert_eq!(
        results[1]["title"],
        "Somalia recalls envoy from Ethiopia over port deal"
    );
    assert!(
        has_relation(&results[1], "ETH", "SOM", "tension"),
        "{}",
        results[1]
    );
}

#[test]
fn standard_input_is_read_with_a_dash_or_no_argument() {
    let text = read(&fixture("stories/plain.txt"));
    let dash = entente()
        .args(["extract", "-q", "-"])
        .write_stdin(text.clone())
        .output()
        .unwrap();
    let none = entente()
        .args(["extract", "-q"])
        .write_stdin(text)
        .output()
        .unwrap();
    util::assert_success(&dash);
    assert_eq!(dash.stdout, none.stdout);
    let mut from_stdin = json(&String::from_utf8(dash.stdout).unwrap());
    let from_file = one(&["extract", "-q", "tests/fixtures/stories/plain.txt"]);
    assert_eq!(from_stdin["id"], "stdin");
    from_stdin["id"] = from_file["id"].clone();
    assert_eq!(from_stdin, from_file, "standard input reads like the file");
}

#[test]
fn standard_input_layout_is_sniffed() {
    let jsonl = read(&fixture("stories/wire.jsonl"));
    let out = entente()
        .args(["extract", "-q", "-"])
        .write_stdin(jsonl)
        .output()
        .unwrap();
    util::assert_success(&out);
    assert_eq!(
        ids(&json_lines(&String::from_utf8(out.stdout).unwrap())),
        ["fixture-canada-tariffs", "fixture-somalia-port"]
    );
    let card = read(&fixture("stories/card.txt"));
    let out = entente()
        .args(["extract", "-q"])
        .write_stdin(card)
        .output()
        .unwrap();
    util::assert_success(&out);
    let r = json(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        (r["title"].as_str(), r["date"].as_str()),
        (
            Some("Lula and Xi sign trade and technology deals in Beijing"),
            Some("2023-04-14")
        )
    );
}

#[test]
fn a_folder_is_walked_in_sorted_order_for_story_files_only() {
    let walked = ids(&json_lines(&run_ok([
        "extract",
        "-q",
        "tests/fixtures/stories",
    ])));
    assert_eq!(
        walked,
        [
            "card",
            "plain",
            "fixture-canada-tariffs",
            "fixture-somalia-port"
        ]
    );
    assert!(
        fixture("stories/notes.csv").is_file(),
        "the folder holds a file of another kind"
    );
    let listed = ids(&json_lines(&run_ok([
        "extract",
        "-q",
        "tests/fixtures/stories/wire.jsonl",
        "tests/fixtures/stories/plain.txt",
        "tests/fixtures/stories/card.txt",
    ])));
    assert_eq!(
        listed,
        [
            "fixture-canada-tariffs",
            "fixture-somalia-port",
            "plain",
            "card"
        ],
        "files keep command-line order"
    );
}

#[test]
fn input_format_forces_the_layout() {
    let card_as_text = one(&[
        "extract",
        "-q",
        "--input-format",
        "text",
        "--explain",
        "tests/fixtures/stories/card.txt",
    ]);
    assert_eq!(
        card_as_text["title"], "Apr 14, 2023, 09:25 PM",
        "the second date line becomes the title"
    );
    assert_eq!(card_as_text["date"], "2023-04-15");
    let sentences: Vec<&str> = card_as_text["explain"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["sentence"].as_str().unwrap())
        .collect();
    assert!(
        sentences.iter().any(|s| s.contains("weigh every")),
        "as plain text the opinions are read: {sentences:?}"
    );
    let jsonl_as_text = one(&[
        "extract",
        "-q",
        "--input-format",
        "text",
        "tests/fixtures/stories/wire.jsonl",
    ]);
    assert_eq!(jsonl_as_text["id"], "wire");
    // Plain text read as a card has no Story section, so no text.
    let plain = read(&fixture("stories/plain.txt"));
    entente()
        .args(["extract", "--input-format", "card", "-"])
        .write_stdin(plain)
        .assert()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "warning: <stdin>: no text; skipped",
        ));
}

#[test]
fn date_dates_undated_stories_only() {
    let text = "Japan and India signed a defence agreement in Delhi on Monday.\n";
    let out = entente()
        .args(["extract", "-q", "--date", "March 4, 2024"])
        .write_stdin(text)
        .output()
        .unwrap();
    util::assert_success(&out);
    assert_eq!(
        json(&String::from_utf8(out.stdout).unwrap())["date"],
        "2024-03-04"
    );
    let dated = json_lines(&run_ok([
        "extract",
        "-q",
        "--date",
        "2020-01-01",
        "tests/fixtures/stories/wire.jsonl",
    ]));
    let dates: Vec<&str> = dated.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        ["2025-03-04", "2024-01-02"],
        "stories keep their own dates"
    );
}
