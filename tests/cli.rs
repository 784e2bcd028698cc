//! End-to-end tests of the `entente` command: every subcommand, every input
//! layout, the errors a user meets and the exit codes that go with them
//! (0 success, 1 runtime error, 2 usage error), and byte-for-byte
//! determinism.
//!
//! Stories come from `tests/fixtures/stories` (written for these tests) and
//! `data/examples`; the labelled real stories are read from `../shared` at
//! run time, and the tests that need them print a notice and pass when it
//! is absent.

mod util;

use predicates::prelude::*;
use serde_json::Value;
use util::{
    entente, example, fixture, has_relation, ids, json, json_lines, root, run_bytes, run_ok,
};

/// The story files of `data/examples`, sorted by name.
fn example_files() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("data/examples"))
        .expect("data/examples exists")
        .map(|e| e.expect("readable entry").path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "data/examples holds too few files: {files:?}"
    );
    files
}

/// The text of a fixture file.
fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

mod extract {
    use super::*;

    #[test]
    fn jsonl_gives_one_result_per_story_in_input_order() {
        let out = run_ok([
            "extract",
            "-q",
            "--format",
            "jsonl",
            "tests/fixtures/stories",
        ]);
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
        let out = run_ok(["extract", "-q", "tests/fixtures/stories/plain.txt"]);
        assert_eq!(ids(&json_lines(&out)), ["plain"]);
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
}

mod graph {
    use super::*;

    fn graph(format: &str) -> String {
        run_ok(["graph", "-q", "--format", format, "tests/fixtures/stories"])
    }

    #[test]
    fn json_is_a_node_link_multigraph() {
        let doc = json(&graph("json"));
        assert_eq!(doc["directed"], false);
        assert_eq!(doc["multigraph"], true);
        assert_eq!(doc["graph"]["stories"], 4);
        assert_eq!(doc["graph"]["from"], "2023-04-14");
        assert_eq!(doc["graph"]["to"], "2025-03-04");
        let nodes: Vec<&str> = doc["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect();
        for code in ["BRA", "CHN", "IND", "MDV", "CAN", "USA", "ETH", "SOM"] {
            assert!(nodes.contains(&code), "{code} missing from {nodes:?}");
        }
        let mut sorted = nodes.clone();
        sorted.sort();
        assert_eq!(nodes, sorted, "nodes are sorted by code");
        let links = doc["links"].as_array().unwrap();
        let bra_chn: Vec<&str> = links
            .iter()
            .filter(|l| l["source"] == "BRA" && l["target"] == "CHN")
            .map(|l| l["key"].as_str().unwrap())
            .collect();
        assert!(
            bra_chn.contains(&"cooperation") && bra_chn.contains(&"trade"),
            "{bra_chn:?}"
        );
        for l in links {
            assert_eq!(l["key"], l["kind"]);
            assert!(
                l["source"].as_str() < l["target"].as_str(),
                "links are unordered pairs, smaller code first: {l}"
            );
            assert!(
                !l["evidence"].as_array().unwrap().is_empty(),
                "every link has evidence: {l}"
            );
        }
    }

    #[test]
    fn dot_draws_nodes_and_one_edge_per_kind() {
        let dot = graph("dot");
        assert!(dot.starts_with("graph entente {"), "{dot}");
        assert!(dot.trim_end().ends_with('}'));
        assert!(dot.contains("\"BRA\"[label=\"Brazil\""), "{dot}");
        assert!(
            dot.contains("\"BRA\" -- \"CHN\" [label=\"cooperation\""),
            "{dot}"
        );
        assert!(dot.contains("\"BRA\" -- \"CHN\" [label=\"trade\""), "{dot}");
    }

    #[test]
    fn cytoscape_holds_the_same_nodes_and_edges_as_json() {
        let doc = json(&graph("json"));
        let cy = json(&graph("cytoscape"));
        let nodes = cy["elements"]["nodes"].as_array().expect("elements.nodes");
        let edges = cy["elements"]["edges"].as_array().expect("elements.edges");
        assert_eq!(nodes.len(), doc["nodes"].as_array().unwrap().len());
        assert_eq!(edges.len(), doc["links"].as_array().unwrap().len());
        assert!(edges.iter().any(|e| e["data"]["source"] == "BRA"
            && e["data"]["target"] == "CHN"
            && e["data"]["kind"] == "trade"));
    }

    #[test]
    fn gexf_and_graphml_are_xml_with_every_node_and_edge() {
        let doc = json(&graph("json"));
        let (n_nodes, n_links) = (
            doc["nodes"].as_array().unwrap().len(),
            doc["links"].as_array().unwrap().len(),
        );
        let gexf = graph("gexf");
        assert!(gexf.starts_with("<?xml"), "{gexf}");
        assert!(gexf.contains("<gexf ") && gexf.trim_end().ends_with("</gexf>"));
        assert_eq!(gexf.matches("<node id=").count(), n_nodes);
        assert_eq!(gexf.matches("<edge ").count(), n_links);
        assert!(gexf.contains("<node id=\"BRA\" label=\"Brazil\""));
        let graphml = graph("graphml");
        assert!(graphml.starts_with("<?xml"), "{graphml}");
        assert!(graphml.contains("<graphml ") && graphml.trim_end().ends_with("</graphml>"));
        assert_eq!(graphml.matches("<node id=").count(), n_nodes);
        assert_eq!(graphml.matches("<edge ").count(), n_links);
    }

    #[test]
    fn csv_has_a_header_and_one_row_per_edge() {
        let doc = json(&graph("json"));
        let csv = graph("csv");
        let mut lines = csv.lines();
        let header = lines.next().unwrap();
        assert!(
            header.starts_with("source,target,kind,stories,"),
            "{header}"
        );
        assert_eq!(
            lines.clone().count(),
            doc["links"].as_array().unwrap().len()
        );
        assert!(lines.any(|l| l.starts_with("BRA,CHN,trade,1,")), "{csv}");
    }

    #[test]
    fn out_writes_the_file_instead_of_standard_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("graph.dot");
        entente()
            .args(["graph", "-q", "tests/fixtures/stories", "--out"])
            .arg(&out)
            .assert()
            .success()
            .stdout(predicate::str::is_empty());
        assert_eq!(read(&out), graph("dot"));
    }

    #[test]
    fn kind_keeps_only_the_kinds_asked_for() {
        let doc = json(&run_ok([
            "graph",
            "-q",
            "--format",
            "json",
            "--kind",
            "trade",
            "tests/fixtures/stories",
        ]));
        let kinds: Vec<&str> = doc["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["kind"].as_str().unwrap())
            .collect();
        assert!(
            !kinds.is_empty() && kinds.iter().all(|k| *k == "trade"),
            "{kinds:?}"
        );
        let doc = json(&run_ok([
            "graph",
            "-q",
            "--format",
            "json",
            "--kind",
            "trade,tension",
            "tests/fixtures/stories",
        ]));
        let mut kinds: Vec<&str> = doc["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["kind"].as_str().unwrap())
            .collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds, ["tension", "trade"]);
    }

    #[test]
    fn country_keeps_its_neighbourhood() {
        let doc = json(&run_ok([
            "graph",
            "-q",
            "--format",
            "json",
            "--country",
            "brazil",
            "tests/fixtures/stories",
        ]));
        let links = doc["links"].as_array().unwrap();
        assert!(!links.is_empty());
        assert!(
            links
                .iter()
                .all(|l| l["source"] == "BRA" || l["target"] == "BRA"),
            "{links:?}"
        );
    }

    #[test]
    fn since_and_until_keep_stories_in_the_range() {
        let doc = json(&run_ok([
            "graph",
            "-q",
            "--format",
            "json",
            "--since",
            "2024-01-01",
            "--until",
            "2024-12-31",
            "tests/fixtures/stories",
        ]));
        assert_eq!(doc["graph"]["stories"], 2, "{}", doc["graph"]);
        assert_eq!(doc["graph"]["from"], "2024-01-02");
        assert_eq!(doc["graph"]["to"], "2024-01-08");
    }

    #[test]
    fn examples_make_a_network_with_every_kind() {
        let doc = json(&run_ok([
            "graph",
            "-q",
            "--format",
            "json",
            "data/examples",
        ]));
        assert!(
            doc["graph"]["stories"].as_u64().unwrap() >= 6,
            "{}",
            doc["graph"]
        );
        let countries = doc["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["type"] == "country")
            .count();
        assert!(countries >= 8, "only {countries} countries");
        let links = doc["links"].as_array().unwrap();
        for kind in ["cooperation", "tension", "trade", "conflict"] {
            assert!(
                links.iter().any(|l| l["kind"] == kind),
                "no {kind} edge in the examples"
            );
        }
        let mut pairs = std::collections::BTreeMap::<(String, String), usize>::new();
        for l in links {
            *pairs
                .entry((l["source"].to_string(), l["target"].to_string()))
                .or_default() += 1;
        }
        let multi = pairs.values().filter(|n| **n > 1).count();
        assert!(
            multi >= 3,
            "only {multi} pairs with more than one kind: {pairs:?}"
        );
    }

    #[test]
    fn examples_render_as_dot() {
        let dot = run_ok(["graph", "-q", "--format", "dot", "data/examples"]);
        assert!(dot.starts_with("graph entente {"));
        assert!(
            dot.contains("\"RUS\" -- \"UKR\" [label=\"conflict"),
            "{dot}"
        );
    }
}

mod ties {
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
                evidence.iter().all(|e| e["story"] == "card"
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
}

mod partners {
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
}

mod merge {
    use super::*;

    #[test]
    fn merged_halves_equal_the_whole_byte_for_byte() {
        let files = example_files();
        let (first, second) = files.split_at(files.len() / 2);
        let dir = tempfile::tempdir().unwrap();
        let half = |name: &str, part: &[std::path::PathBuf]| {
            let path = dir.path().join(name);
            entente()
                .args(["graph", "-q", "--format", "json", "--out"])
                .arg(&path)
                .args(part)
                .assert()
                .success();
            path
        };
        let (one, two) = (half("one.json", first), half("two.json", second));
        let whole = run_bytes(["graph", "-q", "--format", "json", "data/examples"]);
        let merged = run_bytes(["merge".as_ref(), one.as_os_str(), two.as_os_str()]);
        assert!(
            merged == whole,
            "merge differs from the whole:\n{}",
            String::from_utf8_lossy(&merged)
        );
        let reversed = run_bytes(["merge".as_ref(), two.as_os_str(), one.as_os_str()]);
        assert!(
            reversed == whole,
            "merge depends on the order of its inputs"
        );
        let out = dir.path().join("merged.dot");
        entente()
            .arg("merge")
            .arg(&one)
            .arg(&two)
            .args(["--format", "dot", "--out"])
            .arg(&out)
            .assert()
            .success();
        assert_eq!(
            read(&out),
            run_ok(["graph", "-q", "--format", "dot", "data/examples"])
        );
    }

    #[test]
    fn a_file_that_is_not_a_graph_is_a_runtime_error() {
        entente()
            .args(["merge", "tests/fixtures/stories/wire.jsonl"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("tests/fixtures/stories/wire.jsonl: not a graph written by entente graph --format json"));
    }
}

mod eval {
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
        assert_eq!(
            eval(&[]),
            score_py(&[]),
            "tables differ on {}",
            dir.display()
        );
        // score.py lists errors in gold-file order and entente by story id;
        // the lines themselves must be the same.
        let sorted = |text: String| {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines.sort();
            lines
        };
        assert_eq!(
            sorted(eval(&["--show-errors"])),
            sorted(score_py(&["--show-errors"]))
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
}

mod rules {
    use super::*;

    #[test]
    fn check_passes_on_the_embedded_tables_and_their_source() {
        for args in [vec!["rules", "check"], vec!["rules", "check", "data/rules"]] {
            entente()
                .args(&args)
                .assert()
                .success()
                .stdout(predicate::str::starts_with("ok: "));
        }
    }

    #[test]
    fn check_reports_file_and_line_of_each_problem() {
        entente()
            .args(["rules", "check", "tests/fixtures/rules-broken"])
            .assert()
            .code(1)
            .stdout(predicate::str::contains(
                "countries.toml:9: country code \"grd\"",
            ))
            .stderr(predicate::str::contains("1 problem"));
    }

    #[test]
    fn list_prints_each_table() {
        let countries = run_ok(["rules", "list"]);
        assert!(
            countries
                .lines()
                .any(|l| l.starts_with("PRK\tNorth Korea\t")),
            "{countries}"
        );
        assert_eq!(countries, run_ok(["rules", "list", "countries"]));
        let leaders = run_ok(["rules", "list", "leaders"]);
        assert!(
            leaders
                .lines()
                .any(|l| l.starts_with("Xi Jinping\tCHN\thead_of_state\t")),
            "no Xi Jinping in leaders"
        );
        let cues = run_ok(["rules", "list", "cues"]);
        for kind in ["cooperation", "tension", "trade", "conflict"] {
            assert!(
                cues.lines().any(|l| l.split('\t').nth(1) == Some(kind)),
                "no {kind} cue"
            );
        }
        let names = run_ok(["rules", "list", "names"]);
        assert!(
            names.lines().any(|l| l == "Pyongyang"),
            "Pyongyang is not a known name"
        );
        let blocs = run_ok(["rules", "list", "blocs"]);
        assert!(blocs.contains("NATO"), "{blocs}");
    }

    #[test]
    fn show_lists_every_entry_of_a_form() {
        let congo = run_ok(["rules", "show", "Congo"]);
        assert!(congo.contains("COD") && congo.contains("COG"), "{congo}");
        entente()
            .args(["rules", "show", "Ruritania"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "no rule table entry matches \"Ruritania\"",
            ));
    }
}

mod inputs {
    use super::*;

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
}

mod errors {
    use super::*;

    #[test]
    fn a_missing_path_is_a_warning_and_the_run_goes_on() {
        entente()
            .args([
                "extract",
                "tests/fixtures/no-such-story.txt",
                "tests/fixtures/stories/plain.txt",
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains("\"id\":\"plain\""))
            .stderr(predicate::str::contains(
                "warning: tests/fixtures/no-such-story.txt: no such file or folder",
            ))
            .stderr(predicate::str::contains("1 stories read, 1 skipped"));
    }

    #[test]
    fn a_missing_path_under_strict_is_a_runtime_error() {
        entente()
            .args([
                "graph",
                "--strict",
                "tests/fixtures/no-such-story.txt",
                "tests/fixtures/stories/plain.txt",
            ])
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "tests/fixtures/no-such-story.txt: no such file or folder (stopping: --strict)",
            ));
    }

    #[test]
    fn a_jsonl_line_that_is_not_json_is_named_and_skipped() {
        let out = entente()
            .args(["extract", "tests/fixtures/bad/mixed.jsonl"])
            .output()
            .unwrap();
        util::assert_success(&out);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: tests/fixtures/bad/mixed.jsonl:2: not JSON"),
            "{stderr}"
        );
        assert!(stderr.contains("2 stories read, 1 skipped"), "{stderr}");
        assert_eq!(
            ids(&json_lines(&String::from_utf8(out.stdout).unwrap())),
            ["mixed-1", "mixed-3"]
        );
        entente()
            .args(["extract", "--strict", "tests/fixtures/bad/mixed.jsonl"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("mixed.jsonl:2: not JSON"));
    }

    #[test]
    fn an_unknown_country_is_a_usage_error_with_suggestions() {
        entente()
            .args(["ties", "-q", "chna", "japan", "tests/fixtures/stories"])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "unknown country \"chna\"; did you mean China (CHN)",
            ));
        entente()
            .args(["partners", "-q", "Ruritania", "tests/fixtures/stories"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("unknown country \"Ruritania\""));
    }

    #[test]
    fn a_bad_kind_is_a_usage_error() {
        entente()
            .args([
                "graph",
                "-q",
                "--kind",
                "trade,friendship",
                "tests/fixtures/stories",
            ])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "unknown relation kind \"friendship\"",
            ));
    }

    #[test]
    fn a_broken_rules_folder_stops_with_file_and_line() {
        entente()
            .args([
                "extract",
                "--rules-only",
                "tests/fixtures/rules-broken",
                "tests/fixtures/stories",
            ])
            .assert()
            .failure()
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(
                "countries.toml:9: country code \"grd\" is not three capital letters",
            ));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("broken.toml"),
            "[[country]]\ncode = \"RUR\"\nname = \n",
        )
        .unwrap();
        entente()
            .args(["graph", "--rules"])
            .arg(dir.path())
            .arg("tests/fixtures/stories")
            .assert()
            .failure()
            .stderr(predicate::str::contains("broken.toml:3: "));
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        entente()
            .args(["extract", "--no-such-flag"])
            .assert()
            .code(2);
        entente()
            .args(["graph", "--format", "bmp", "tests/fixtures/stories"])
            .assert()
            .code(2);
        entente()
            .args(["extract", "--since", "someday", "tests/fixtures/stories"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--since \"someday\" is not a date",
            ));
        entente().arg("frobnicate").assert().code(2);
    }

    #[test]
    fn an_unwritable_output_is_a_runtime_error() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("no/such/folder/graph.json");
        entente()
            .args(["graph", "-q", "tests/fixtures/stories", "--out"])
            .arg(&out)
            .assert()
            .code(1);
        assert!(!out.exists());
    }

    #[test]
    fn a_closed_standard_output_ends_the_run_quietly() {
        // The reading end is closed before entente has read its inputs, so
        // its first write fails with a broken pipe.
        let mut child = std::process::Command::new(util::entente_path())
            .args(["graph", "-q", "--format", "json", "data/examples"])
            .current_dir(root())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

mod determinism {
    use super::*;

    fn inputs() -> Vec<std::path::PathBuf> {
        let mut files = example_files();
        files.push(fixture("stories"));
        files.push(fixture("bad/mixed.jsonl"));
        files
    }

    #[test]
    fn input_order_does_not_change_the_graph() {
        let forward = inputs();
        let backward: Vec<_> = forward.iter().rev().cloned().collect();
        let a = run_bytes(
            ["graph", "-q", "--format", "json"]
                .iter()
                .map(std::ffi::OsStr::new)
                .chain(forward.iter().map(|p| p.as_os_str())),
        );
        let b = run_bytes(
            ["graph", "-q", "--format", "json"]
                .iter()
                .map(std::ffi::OsStr::new)
                .chain(backward.iter().map(|p| p.as_os_str())),
        );
        assert!(a == b, "the graph depends on the order of the inputs");
        assert!(json(&String::from_utf8(a).unwrap())["graph"]["stories"].as_u64() > Some(8));
    }

    #[test]
    fn thread_count_does_not_change_the_output() {
        for command in [
            ["graph", "--format", "json"],
            ["extract", "--format", "jsonl"],
        ] {
            let run = |threads: &str| {
                let mut cmd = entente();
                cmd.args(command)
                    .args(["-q", "--threads", threads])
                    .args(inputs());
                let out = cmd.output().unwrap();
                util::assert_success(&out);
                out.stdout
            };
            assert!(
                run("1") == run("2"),
                "{} differs between one and two threads",
                command[0]
            );
        }
    }
}

mod seeds {
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
}
