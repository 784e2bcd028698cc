//! `entente ties`: the ties between two countries, named in any way the tables know.

use super::*;

#[test]
fn text_lists_each_kind_with_evidence() {
    let out = run_ok(["ties", "-q", "brazil", "china", "tests/fixtures/stories"]);
    assert!(out.starts_with("Brazil (BRA) and China (CHN)\n"), "{out}");
    assert!(out.contains("\n  cooperation: 1 story"), "{out}");
    assert!(out.contains("\n  trade: 1 story"), "{out}");
    assert!(
        out.contains("    \u{2022} \"China is Brazil's largest trading partner.\""),
        "{out}"
    );
    assert!(
        out.contains(
            "2023-04-14, card \u{2014} Lula and Xi sign trade and technology deals in Beijing ["
        ),
        "{out}"
    );
}

#[test]
fn names_may_be_codes_aliases_or_several_words() {
    let by_name = run_ok([
        "ties",
        "-q",
        "--json",
        "united states",
        "canada",
        "tests/fixtures/stories",
    ]);
    let by_code = run_ok([
        "ties",
        "-q",
        "--json",
        "USA",
        "CAN",
        "tests/fixtures/stories",
    ]);
    let by_alias = run_ok([
        "ties",
        "-q",
        "--json",
        "U.S.",
        "Ottawa",
        "tests/fixtures/stories",
    ]);
    assert_eq!(by_name, by_code);
    assert_eq!(by_name, by_alias);
    let doc = json(&by_name);
    assert_eq!(
        (doc["a"].as_str(), doc["b"].as_str()),
        (Some("USA"), Some("CAN"))
    );
}

#[test]
fn json_carries_kinds_counts_and_evidence() {
    let doc = json(&run_ok([
        "ties",
        "-q",
        "--json",
        "china",
        "brazil",
        "tests/fixtures/stories",
    ]));
    assert_eq!(
        (doc["a"].as_str(), doc["b"].as_str()),
        (Some("CHN"), Some("BRA"))
    );
    let kinds = doc["kinds"].as_array().unwrap();
    let names: Vec<&str> = kinds.iter().map(|k| k["kind"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"cooperation") && names.contains(&"trade"),
        "{names:?}"
    );
    for k in kinds {
        assert_eq!(k["stories"], 1);
        assert_eq!(k["first"], "2023-04-14");
        let evidence = k["evidence"].as_array().unwrap();
        assert!(!evidence.is_empty());
        assert!(
            evidence
                .iter()
                .all(|e| e["story"] == "card"
                    && e["sentence"].as_str().is_some_and(|s| !s.is_empty()))
        );
    }
}

#[test]
fn graph_json_input_gives_the_same_answer_as_the_stories() {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("graph.json");
    entente()
        .args(["graph", "-q", "--format", "json", "data/examples", "--out"])
        .arg(&graph)
        .assert()
        .success();
    let from_stories = run_ok(["ties", "-q", "--json", "russia", "ukraine", "data/examples"]);
    let from_graph = run_ok([
        "ties".as_ref(),
        "-q".as_ref(),
        "--json".as_ref(),
        "russia".as_ref(),
        "ukraine".as_ref(),
        graph.as_os_str(),
    ]);
    assert_eq!(from_stories, from_graph);
    assert!(!json(&from_graph)["kinds"].as_array().unwrap().is_empty());
}

#[test]
fn countries_without_ties_are_said_to_have_none() {
    entente()
        .args(["ties", "-q", "brazil", "somalia", "tests/fixtures/stories"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Brazil (BRA) and Somalia (SOM)\n  no direct ties in 4 stories",
        ));
}
