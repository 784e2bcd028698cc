//! `entente graph`: every export format, `--out`, the filters, and the example stories' network.

use super::*;

/// The graph of the fixture stories in `format`.
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

#[test]
fn leaders_adds_each_named_leader_linked_to_their_country() {
    let plain = json(&graph("json"));
    assert!(
        plain["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["type"] != "leader"),
        "no leader nodes unless asked"
    );
    let doc = json(&run_ok([
        "graph",
        "-q",
        "--leaders",
        "--format",
        "json",
        "tests/fixtures/stories",
    ]));
    let node = |id: &str| {
        doc["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no node {id}"))
    };
    let xi = node("xi-jinping");
    assert_eq!(
        (&xi["type"], &xi["label"]),
        (
            &serde_json::json!("leader"),
            &serde_json::json!("Xi Jinping")
        )
    );
    let links: Vec<&Value> = doc["links"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "leader")
        .collect();
    let lula = links
        .iter()
        .find(|l| l["source"] == "luiz-inacio-lula-da-silva")
        .expect("Lula's link");
    assert_eq!(lula["target"], "BRA");
    assert_eq!(lula["key"], "leader");
    assert_eq!(lula["roles"], serde_json::json!(["President"]));
    assert_eq!(
        (&lula["first"], &lula["last"]),
        (
            &serde_json::json!("2023-04-14"),
            &serde_json::json!("2023-04-14")
        )
    );
    for l in &links {
        assert_eq!(
            node(l["target"].as_str().unwrap())["type"],
            "country",
            "{l}"
        );
    }
    // The relations are the same with or without leaders.
    let relations = |d: &Value| {
        d["links"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["kind"] != "leader")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(relations(&doc), relations(&plain));

    let dot = run_ok(["graph", "-q", "--leaders", "tests/fixtures/stories"]);
    assert!(
        dot.contains("\"xi-jinping\" -- \"CHN\" [color=\"#8c8c8c\" style=\"dotted\""),
        "{dot}"
    );
    assert!(
        dot.contains("leader of"),
        "the legend explains the grey links"
    );
    // With --country, only the leaders of the countries kept stay.
    let ego = json(&run_ok([
        "graph",
        "-q",
        "--leaders",
        "--country",
        "India",
        "--format",
        "json",
        "tests/fixtures/stories",
    ]));
    let leaders: Vec<&str> = ego["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["type"] == "leader")
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(leaders, ["mohamed-muizzu", "narendra-modi"]);
}
