//! `entente partners`: a country's ties ranked by strength.

use super::*;

#[test]
fn text_ranks_a_countrys_ties() {
    let out = run_ok(["partners", "-q", "china", "data/examples"]);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("China (CHN): ") && first.ends_with(" ties"),
        "{out}"
    );
    assert!(out.contains("Philippines (PHL)"), "{out}");
}

#[test]
fn json_lists_edges_of_the_country_strongest_first() {
    let doc = json(&run_ok([
        "partners",
        "-q",
        "--json",
        "china",
        "data/examples",
    ]));
    let edges = doc.as_array().unwrap();
    assert!(edges.len() >= 3, "{doc}");
    assert!(
        edges
            .iter()
            .all(|e| e["source"] == "CHN" || e["target"] == "CHN")
    );
    let stories: Vec<u64> = edges
        .iter()
        .map(|e| e["stories"].as_u64().unwrap())
        .collect();
    assert!(
        stories.windows(2).all(|w| w[0] >= w[1]),
        "not ranked by stories: {stories:?}"
    );
}
