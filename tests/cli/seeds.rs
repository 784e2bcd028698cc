//! The acceptance checks of the seed story in `../shared/seeds`.

use super::*;

const SEED: &str = "../shared/seeds/000_acb840db19e2396f.txt";

/// The sentences quoted on evidence lines under the first relation line
/// of `pair` and `kind` in `extract --format text` output.
fn evidence_under(text: &str, pair: [&str; 2], kind: &str) -> Vec<String> {
    let mut lines = text.lines().skip_while(|l| {
        let words: Vec<&str> = l.split_whitespace().collect();
        let header = l.starts_with("  ") && !l.starts_with("   ") && words.len() >= 4;
        let found = header
            && words[3] == kind
            && [[words[0], words[2]], [words[2], words[0]]].contains(&pair);
        !found
    });
    assert!(
        lines.next().is_some(),
        "no {pair:?} {kind} relation in:\n{text}"
    );
    lines
        .take_while(|l| l.starts_with("      \""))
        .map(|l| {
            l.trim_start()
                .strip_prefix('"')
                .unwrap_or(l)
                .rsplit_once("\"  [")
                .expect("evidence line ends with its rule")
                .0
                .to_owned()
        })
        .collect()
}

#[test]
fn extract_finds_the_actors_and_the_china_north_korea_cooperation() {
    if util::shared("seeds::extract_finds_the_actors_and_the_china_north_korea_cooperation")
        .is_none()
    {
        return;
    }
    let seed = read(&root().join(SEED));
    let out = run_ok(["extract", "-q", SEED, "--format", "text"]);
    for name in [
        "China (CHN)",
        "North Korea (PRK)",
        "Russia (RUS)",
        "Xi Jinping (CHN",
        "Kim Jong Un (PRK",
        "Putin (RUS",
    ] {
        assert!(out.contains(name), "{name} missing from:\n{out}");
    }
    let evidence = evidence_under(&out, ["CHN", "PRK"], "cooperation");
    assert!(
        !evidence.is_empty(),
        "CHN-PRK cooperation has no evidence:\n{out}"
    );
    for sentence in &evidence {
        assert!(
            seed.contains(sentence.as_str()),
            "evidence is not a sentence of the story: {sentence}"
        );
    }
    assert!(
        evidence
            .iter()
            .any(|s| s.contains("North Korea") && s.contains("cooperation")),
        "{evidence:?}"
    );
}

#[test]
fn ties_lists_china_north_korea_ties_by_kind_with_evidence() {
    let Some(shared) =
        util::shared("seeds::ties_lists_china_north_korea_ties_by_kind_with_evidence")
    else {
        return;
    };
    let seeds = shared.join("seeds");
    let seed = read(&root().join(SEED));
    let out = run_ok([
        "ties".as_ref(),
        "-q".as_ref(),
        "china".as_ref(),
        "north korea".as_ref(),
        seeds.as_os_str(),
    ]);
    assert!(
        out.starts_with("China (CHN) and North Korea (PRK)\n"),
        "{out}"
    );
    let sections: Vec<&str> = out.split("\n\n  ").skip(1).collect();
    let cooperation = sections
        .iter()
        .find(|s| s.starts_with("cooperation: "))
        .unwrap_or_else(|| panic!("no cooperation section:\n{out}"));
    for section in &sections {
        if ["cooperation", "tension", "trade", "conflict"]
            .iter()
            .any(|k| section.starts_with(&format!("{k}: ")))
        {
            let quoted: Vec<&str> = section
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("\u{2022} \""))
                .collect();
            assert!(!quoted.is_empty(), "a kind without evidence:\n{section}");
            for q in quoted {
                let sentence = q.strip_suffix('"').unwrap();
                assert!(
                    seed.contains(sentence),
                    "evidence is not a sentence of the story: {sentence}"
                );
            }
        }
    }
    assert!(
        cooperation.contains("000_acb840db19e2396f"),
        "{cooperation}"
    );
    let doc = json(&run_ok([
        "ties".as_ref(),
        "-q".as_ref(),
        "--json".as_ref(),
        "PRK".as_ref(),
        "Beijing".as_ref(),
        seeds.as_os_str(),
    ]));
    assert_eq!(
        (doc["a"].as_str(), doc["b"].as_str()),
        (Some("PRK"), Some("CHN"))
    );
    assert!(
        doc["kinds"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["kind"] == "cooperation")
    );
}
