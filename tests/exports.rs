//! The graph exports open in the tools people open them with.
//!
//! Two networks are exported in every format. One is built from the invented
//! stories in `tests/fixtures/exports/` (its `rules/` overlay gives display
//! names that stress escaping: "Côte d'Ivoire", "Türkiye", and a label with a
//! comma, quotes, `&` and angle brackets), through the library and through the
//! `entente graph` command. The other is built by hand with harsher strings
//! (backslashes, line breaks, tabs, a literal `&amp;`), an undated edge and an
//! edge without evidence. Each file is read back with a real reader:
//!
//! - JSON, GEXF, GraphML: NetworkX, through `tests/py/read_graph.py`;
//! - CSV: Python's csv module, through `tests/py/read_csv.py`;
//! - DOT: graphviz-rust's parser, and Graphviz's `dot -Tsvg`;
//! - Cytoscape.js elements: their documented shape, checked here.
//!
//! The Python and Graphviz checks skip with a message on standard error when
//! python3, NetworkX or `dot` is missing; CI installs them (`.ci/run`).
//!
//! The hand-built network's exports are also compared byte for byte with
//! `tests/golden/`. After an intended change to a writer, rerun with
//! `ENTENTE_BLESS=1` to rewrite them, and review the diff.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use entente::Kind;
use entente::export::{self, Format, LEADER_COLOUR, colour};
use entente::extract::ExtractorBuilder;
use entente::graph::{Edge, EdgeEvidence, Filter, GraphInfo, LEADER, LeaderLink, Network, Node};
use entente::read::{Input, InputFormat, Item, StoryReader};
use entente::rules::RuleSet;
use graphviz_rust::dot_structures::{Attribute, EdgeTy, Graph, GraphAttributes, Id, Stmt, Vertex};
use graphviz_rust::printer::PrinterContext;
use serde_json::{Value, json};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The text formats, with the file extension their golden file uses.
const TEXT_FORMATS: [(Format, &str); 6] = [
    (Format::Dot, "dot"),
    (Format::Json, "json"),
    (Format::Cytoscape, "cyjs"),
    (Format::Gexf, "gexf"),
    (Format::Graphml, "graphml"),
    (Format::Csv, "csv"),
];

fn fixture(name: &str) -> PathBuf {
    Path::new(ROOT).join("tests/fixtures/exports").join(name)
}

/// Says on standard error, past the test harness's capture, why a check did not run.
fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "skipping: {why}");
}

// ---------------------------------------------------------------- networks

/// The fixture stories' network, built once as `entente graph --leaders`
/// builds it.
fn story_network() -> &'static Network {
    static NET: OnceLock<Network> = OnceLock::new();
    NET.get_or_init(|| {
        let overlay = RuleSet::from_dir(&fixture("rules")).expect("fixture rules load");
        let rules = RuleSet::embedded()
            .unwrap()
            .overlay(overlay)
            .validated()
            .expect("fixture rules are valid");
        let ex = ExtractorBuilder::new(rules).build().unwrap();
        let mut net = Network::default();
        for item in StoryReader::new(
            vec![Input::File(fixture("stories.jsonl"))],
            InputFormat::Auto,
        ) {
            match item {
                Item::Story(story) => net.add(&ex.extract(&story)),
                Item::Warning(w) => panic!("fixture story unreadable: {w}"),
            }
        }
        net.filtered(&Filter {
            leaders: true,
            ..Filter::default()
        })
    })
}

fn evidence(date: Option<&str>, story: &str, sentence: &str, rule: &str) -> EdgeEvidence {
    EdgeEvidence {
        date: date.map(str::to_owned),
        story: story.to_owned(),
        title: Some(format!("Headline of {story}: \"quoted\" & <marked>")),
        sentence: sentence.to_owned(),
        rule: rule.to_owned(),
        source: None,
    }
}

fn edge(
    pair: (&str, &str),
    kind: Kind,
    stories: &[&str],
    dates: Option<(&str, &str)>,
    evidence: Vec<EdgeEvidence>,
) -> Edge {
    let score = match kind {
        Kind::Cooperation => 4.5,
        Kind::Trade => 3.0,
        Kind::Tension => -4.25,
        Kind::Conflict => -8.0,
    };
    let n = stories.len() as u64;
    Edge {
        source: pair.0.to_owned(),
        target: pair.1.to_owned(),
        kind,
        stories: n,
        mentions: n + 1,
        score_sum: score * n as f64,
        score,
        first: dates.map(|d| d.0.to_owned()),
        last: dates.map(|d| d.1.to_owned()),
        forward: 1,
        backward: 0,
        story_ids: stories.iter().map(|s| s.to_string()).collect(),
        evidence,
    }
}

/// A network written by hand, independent of extraction, with every string
/// a writer could get wrong.
fn handmade_network() -> Network {
    let node =
        |id: &str, label: &str, kind: &str, mentions: u64, stories: u64, leaders: &[&str]| Node {
            id: id.to_owned(),
            label: label.to_owned(),
            kind: kind.to_owned(),
            mentions,
            stories,
            leaders: leaders.iter().map(|l| l.to_string()).collect(),
        };
    let nodes = vec![
        node(
            "CIV",
            "Côte d'Ivoire",
            "country",
            4,
            3,
            &["Alassane Ouattara"],
        ),
        node(
            "EU",
            "European Union <\"EU\"> &amp; friends",
            "bloc",
            2,
            1,
            &[],
        ),
        node(
            "GHA",
            "Ghana, \"Gold Coast\" & <Accra>",
            "country",
            7,
            4,
            &["John Mahama", "Nana Akufo-Addo"],
        ),
        node("NZL", "Aotearoa \\ New Zealand", "country", 1, 1, &[]),
        node("TUR", "Türkiye", "country", 5, 2, &["Recep Tayyip Erdoğan"]),
        node("nana-akufo-addo", "Nana Akufo-Addo", "leader", 3, 2, &[]),
        node(
            "recep-tayyip-erdogan",
            "Recep Tayyip Erdoğan <\"RTE\"> & \\",
            "leader",
            2,
            1,
            &[],
        ),
    ];
    let leader =
        |person: &str, country: &str, roles: &[&str], dates: Option<(&str, &str)>| LeaderLink {
            source: person.to_owned(),
            target: country.to_owned(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            stories: 2,
            mentions: 3,
            first: dates.map(|d| d.0.to_owned()),
            last: dates.map(|d| d.1.to_owned()),
        };
    let leader_links = vec![
        leader(
            "nana-akufo-addo",
            "GHA",
            &["President"],
            Some(("2023-12-31", "2024-03-04")),
        ),
        leader(
            "recep-tayyip-erdogan",
            "TUR",
            &["President", "Prime Minister, \"PM\""],
            None,
        ),
    ];
    let edges = vec![
        edge(
            ("CIV", "GHA"),
            Kind::Cooperation,
            &["s1", "s2"],
            Some(("2024-03-04", "2024-08-15")),
            vec![
                evidence(
                    Some("2024-08-15"),
                    "s2",
                    "The \"cocoa & coffee\" pact,\nsigned\tin Abidjan, was called <historic> by Côte d'Ivoire's minister.",
                    "cooperation.pact",
                ),
                evidence(
                    Some("2024-03-04"),
                    "s1",
                    "Ghana and Côte d'Ivoire agreed to work together.",
                    "cooperation.work-together",
                ),
            ],
        ),
        edge(
            ("CIV", "GHA"),
            Kind::Trade,
            &["s1"],
            Some(("2024-03-04", "2024-03-04")),
            vec![evidence(
                Some("2024-03-04"),
                "s1",
                "Exports rose 10% – a C:\\trade\\report said so; 'good', said one.",
                "trade.exports",
            )],
        ),
        edge(
            ("CIV", "GHA"),
            Kind::Tension,
            &["s3"],
            Some(("2024-05-01", "2024-05-01")),
            vec![evidence(
                Some("2024-05-01"),
                "s3",
                "Accra accused Abidjan of \"bad faith\".",
                "tension.accuse",
            )],
        ),
        edge(
            ("EU", "TUR"),
            Kind::Tension,
            &["s4"],
            None,
            vec![evidence(
                None,
                "s4",
                "The EU criticised Türkiye's stance, calling it \"regrettable\".",
                "tension.criticise",
            )],
        ),
        edge(
            ("GHA", "NZL"),
            Kind::Conflict,
            &["s5"],
            Some(("2023-12-31", "2023-12-31")),
            Vec::new(),
        ),
    ];
    let info = GraphInfo {
        stories: 5,
        from: Some("2023-12-31".to_owned()),
        to: Some("2024-08-15".to_owned()),
        evidence_cap: 5,
    };
    Network::from_parts(info, nodes, edges, leader_links)
}

/// Both networks, named for messages.
fn networks() -> Vec<(&'static str, Network)> {
    vec![
        ("stories", story_network().clone()),
        ("handmade", handmade_network()),
    ]
}

fn write(net: &Network, format: Format) -> Vec<u8> {
    let mut out = Vec::new();
    export::write(net, format, &mut out).expect("export writes");
    out
}

fn write_text(net: &Network, format: Format) -> String {
    String::from_utf8(write(net, format)).expect("exports are UTF-8")
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------- tools

fn entente(args: &[&str], path_env: Option<&Path>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente"));
    cmd.args(args).current_dir(ROOT);
    if let Some(path) = path_env {
        cmd.env("PATH", path);
    }
    cmd.output().expect("entente runs")
}

/// Runs `python3 tests/py/SCRIPT ARGS` and parses what it prints, or says why
/// not and returns `None` when python3 or NetworkX is missing.
fn python(script: &str, args: &[&Path]) -> Option<Value> {
    let script_path = Path::new(ROOT).join("tests/py").join(script);
    let out = match Command::new("python3")
        .arg(&script_path)
        .args(args)
        .output()
    {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            skip(&format!(
                "python3 is not installed, so {script} cannot check the export"
            ));
            return None;
        }
        Err(e) => panic!("running python3: {e}"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        skip(stderr.trim());
        return None;
    }
    assert!(out.status.success(), "{script} {args:?} failed: {stderr}");
    Some(
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{script} printed no JSON: {e}")),
    )
}

/// Whether Graphviz's `dot` can be run; says so when not.
fn have_dot() -> bool {
    let found = Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        skip("Graphviz's dot is not installed");
    }
    found
}

/// Renders DOT text to SVG with the system's `dot`.
fn dot_to_svg(dot_file: &Path) -> String {
    let out = Command::new("dot")
        .arg("-Tsvg")
        .arg(dot_file)
        .output()
        .expect("dot runs");
    assert!(
        out.status.success(),
        "dot -Tsvg failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("svg is UTF-8")
}

// ---------------------------------------------------------------- checks

/// A value of a JSON object, `null` when absent.
fn field<'a>(object: &'a Value, name: &str) -> &'a Value {
    object.get(name).unwrap_or(&Value::Null)
}

fn first_sentence(edge: &Edge) -> Value {
    edge.evidence
        .first()
        .map_or(Value::Null, |x| json!(x.sentence))
}

fn edge_id(edge: &Edge) -> String {
    format!("{}-{}-{}", edge.source, edge.target, edge.kind)
}

/// Compares what NetworkX read from a json, gexf or graphml export with the network.
fn check_networkx(format: &str, net: &Network, got: &Value) {
    assert_eq!(got["directed"], json!(false), "{format}: undirected");
    assert_eq!(
        got["multigraph"],
        json!(true),
        "{format}: parallel edges of different kinds must survive"
    );

    let nodes = got["nodes"].as_object().expect("nodes");
    let ids: BTreeSet<&String> = nodes.keys().collect();
    assert_eq!(
        ids,
        net.nodes().map(|n| &n.id).collect(),
        "{format}: node ids"
    );
    for n in net.nodes() {
        let d = &nodes[&n.id];
        assert_eq!(d["label"], json!(n.label), "{format}: label of {}", n.id);
        assert_eq!(d["type"], json!(n.kind), "{format}: type of {}", n.id);
        assert_eq!(
            d["mentions"],
            json!(n.mentions),
            "{format}: mentions of {}",
            n.id
        );
        assert_eq!(
            d["stories"],
            json!(n.stories),
            "{format}: stories of {}",
            n.id
        );
        let leaders = match format {
            "json" => json!(n.leaders),
            _ if n.leaders.is_empty() => Value::Null,
            _ => json!(
                n.leaders
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
        };
        assert_eq!(
            field(d, "leaders"),
            &leaders,
            "{format}: leaders of {}",
            n.id
        );
    }

    let edges = got["edges"].as_array().expect("edges");
    assert_eq!(
        edges.len(),
        net.edges().count() + net.leader_links().count(),
        "{format}: edge count"
    );
    let mut read: BTreeMap<(String, String, String), &Value> = BTreeMap::new();
    for e in edges {
        let kind_field = if format == "gexf" { "relation" } else { "kind" };
        let kind = e["data"][kind_field]
            .as_str()
            .expect("every edge has a kind")
            .to_owned();
        let (u, v) = (
            e["u"].as_str().unwrap().to_owned(),
            e["v"].as_str().unwrap().to_owned(),
        );
        let pair = if u <= v { (u, v) } else { (v, u) };
        assert!(
            read.insert((pair.0, pair.1, kind), e).is_none(),
            "{format}: one edge per (pair, kind)"
        );
    }
    let per_kind = |kinds: Vec<String>| {
        kinds.into_iter().fold(BTreeMap::new(), |mut m, k| {
            *m.entry(k).or_insert(0) += 1;
            m
        })
    };
    let kinds = net.edges().map(|e| e.kind.to_string());
    let leaders = net.leader_links().map(|_| LEADER.to_owned());
    assert_eq!(
        per_kind(read.keys().map(|k| k.2.clone()).collect()),
        per_kind(kinds.chain(leaders).collect()),
        "{format}: edges per kind"
    );
    for edge in net.edges() {
        let key = (
            edge.source.clone(),
            edge.target.clone(),
            edge.kind.to_string(),
        );
        let e = read
            .get(&key)
            .unwrap_or_else(|| panic!("{format}: edge {key:?} missing"));
        let d = &e["data"];
        let id = edge_id(edge);
        let want_key = if format == "json" {
            edge.kind.to_string()
        } else {
            id.clone()
        };
        assert_eq!(
            e["key"],
            json!(want_key),
            "{format}: multigraph key of {id}"
        );
        assert_eq!(
            d["stories"],
            json!(edge.stories),
            "{format}: stories of {id}"
        );
        assert_eq!(
            d["mentions"],
            json!(edge.mentions),
            "{format}: mentions of {id}"
        );
        assert_eq!(
            d["score"].as_f64(),
            Some(edge.score),
            "{format}: score of {id}"
        );
        assert_eq!(
            d["weight"].as_f64(),
            Some(edge.stories as f64),
            "{format}: weight of {id}"
        );
        match format {
            "json" => {
                assert_eq!(d["kind"], json!(edge.kind), "json: kind of {id}");
                assert_eq!(field(d, "first"), &json!(edge.first), "json: first of {id}");
                assert_eq!(field(d, "last"), &json!(edge.last), "json: last of {id}");
                assert_eq!(
                    d["evidence"],
                    serde_json::to_value(&edge.evidence).unwrap(),
                    "json: evidence of {id}"
                );
                assert_eq!(
                    d["story_ids"],
                    json!(edge.story_ids),
                    "json: story ids of {id}"
                );
            }
            "graphml" => {
                assert_eq!(
                    field(d, "first"),
                    &json!(edge.first),
                    "graphml: first of {id}"
                );
                assert_eq!(field(d, "last"), &json!(edge.last), "graphml: last of {id}");
                assert_eq!(
                    field(d, "evidence"),
                    &first_sentence(edge),
                    "graphml: evidence of {id}"
                );
                assert_eq!(
                    d["colour"],
                    json!(colour(edge.kind)),
                    "graphml: colour of {id}"
                );
            }
            _ => {
                let spells = match (&edge.first, &edge.last) {
                    (Some(f), Some(l)) => json!([[f, l]]),
                    _ => Value::Null,
                };
                assert_eq!(field(d, "spells"), &spells, "gexf: spells of {id}");
                assert_eq!(
                    field(d, "evidence"),
                    &first_sentence(edge),
                    "gexf: evidence of {id}"
                );
                assert_eq!(
                    got["colours"][&id],
                    json!(colour(edge.kind)),
                    "gexf: viz:color of {id}"
                );
            }
        }
    }

    for link in net.leader_links() {
        check_networkx_leader(format, link, &read, got);
    }

    let info = net.info();
    match format {
        "json" => assert_eq!(
            got["graph"],
            serde_json::to_value(info).unwrap(),
            "json: graph attributes"
        ),
        "graphml" => {
            let g = &got["graph"];
            assert_eq!(g["stories"], json!(info.stories), "graphml: graph stories");
            assert_eq!(
                (field(g, "from"), field(g, "to")),
                (&json!(info.from), &json!(info.to)),
                "graphml: graph dates"
            );
        }
        _ => assert_eq!(
            got["graph"]["mode"],
            json!("dynamic"),
            "gexf: a dynamic graph, for Gephi's timeline"
        ),
    }
}

/// Compares one leader's link as NetworkX read it with the network's.
fn check_networkx_leader(
    format: &str,
    link: &LeaderLink,
    read: &BTreeMap<(String, String, String), &Value>,
    got: &Value,
) {
    // Person ids are lower case, so they sort after the country codes.
    let key = (link.target.clone(), link.source.clone(), LEADER.to_owned());
    let e = read
        .get(&key)
        .unwrap_or_else(|| panic!("{format}: leader link {key:?} missing"));
    let d = &e["data"];
    let id = format!("{}-{}-{LEADER}", link.source, link.target);
    let want_key = if format == "json" { LEADER } else { &id };
    assert_eq!(
        e["key"],
        json!(want_key),
        "{format}: multigraph key of {id}"
    );
    assert_eq!(
        d["stories"],
        json!(link.stories),
        "{format}: stories of {id}"
    );
    assert_eq!(
        d["mentions"],
        json!(link.mentions),
        "{format}: mentions of {id}"
    );
    assert_eq!(
        d["weight"].as_f64(),
        Some(link.stories as f64),
        "{format}: weight of {id}"
    );
    assert_eq!(
        field(d, "score"),
        &Value::Null,
        "{format}: no score on {id}"
    );
    let roles = link.roles.iter().cloned().collect::<Vec<_>>().join(", ");
    match format {
        "json" => {
            assert_eq!(d["roles"], json!(link.roles), "json: roles of {id}");
            assert_eq!(field(d, "first"), &json!(link.first), "json: first of {id}");
            assert_eq!(field(d, "last"), &json!(link.last), "json: last of {id}");
        }
        "graphml" => {
            assert_eq!(d["evidence"], json!(roles), "graphml: roles of {id}");
            assert_eq!(
                field(d, "first"),
                &json!(link.first),
                "graphml: first of {id}"
            );
            assert_eq!(d["colour"], json!(LEADER_COLOUR), "graphml: colour of {id}");
        }
        _ => {
            let spells = match (&link.first, &link.last) {
                (Some(f), Some(l)) => json!([[f, l]]),
                _ => Value::Null,
            };
            assert_eq!(field(d, "spells"), &spells, "gexf: spells of {id}");
            assert_eq!(d["evidence"], json!(roles), "gexf: roles of {id}");
            assert_eq!(
                got["colours"][&id],
                json!(LEADER_COLOUR),
                "gexf: viz:color of {id}"
            );
        }
    }
}

fn check_csv(net: &Network, rows: &Value) {
    let rows: Vec<Vec<String>> = serde_json::from_value(rows.clone()).expect("rows of strings");
    let header = "source,target,kind,stories,mentions,score,first,last,source_to_target,target_to_source,source_name,target_name,evidence";
    assert_eq!(rows[0], header.split(',').collect::<Vec<_>>(), "csv header");
    let leader_rows = net.leader_links().count();
    assert_eq!(
        rows.len() - 1,
        net.edges().count() + leader_rows,
        "csv: one row per edge, then one per leader"
    );
    let label = |code: &str| net.node(code).map_or(code.to_owned(), |n| n.label.clone());
    for (row, e) in rows[1..].iter().zip(net.edges()) {
        let id = edge_id(e);
        let want = [
            e.source.clone(),
            e.target.clone(),
            e.kind.to_string(),
            e.stories.to_string(),
            e.mentions.to_string(),
            String::new(),
            e.first.clone().unwrap_or_default(),
            e.last.clone().unwrap_or_default(),
            e.forward.to_string(),
            e.backward.to_string(),
            label(&e.source),
            label(&e.target),
            e.evidence
                .first()
                .map(|x| x.sentence.clone())
                .unwrap_or_default(),
        ];
        assert_eq!(row.len(), want.len(), "csv: field count of {id}");
        assert_eq!(
            row[5].parse::<f64>().ok(),
            Some(e.score),
            "csv: score of {id}"
        );
        for (i, (got, want)) in row.iter().zip(&want).enumerate().filter(|(i, _)| *i != 5) {
            assert_eq!(got, want, "csv: column {} of {id}", rows[0][i]);
        }
    }
    for (row, l) in rows[rows.len() - leader_rows..]
        .iter()
        .zip(net.leader_links())
    {
        let want = [
            l.source.clone(),
            l.target.clone(),
            LEADER.to_owned(),
            l.stories.to_string(),
            l.mentions.to_string(),
            String::new(),
            l.first.clone().unwrap_or_default(),
            l.last.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            label(&l.source),
            label(&l.target),
            l.roles.iter().cloned().collect::<Vec<_>>().join(", "),
        ];
        assert_eq!(row, &want, "csv: row of leader {}", l.source);
    }
}

fn check_cytoscape(net: &Network, doc: &Value) {
    let nodes = doc["elements"]["nodes"]
        .as_array()
        .expect("elements.nodes is an array");
    let edges = doc["elements"]["edges"]
        .as_array()
        .expect("elements.edges is an array");
    let mut ids = BTreeSet::new();
    for element in nodes.iter().chain(edges) {
        let id = element["data"]["id"]
            .as_str()
            .expect("every element has a string data.id");
        assert!(
            ids.insert(id.to_owned()),
            "cytoscape: id {id} is not unique"
        );
    }
    let node_ids: BTreeSet<&str> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        node_ids,
        net.nodes().map(|n| n.id.as_str()).collect(),
        "cytoscape: nodes"
    );
    for (element, n) in nodes.iter().zip(net.nodes()) {
        assert_eq!(
            element["data"]["label"],
            json!(n.label),
            "cytoscape: label of {}",
            n.id
        );
    }
    assert_eq!(
        edges.len(),
        net.edges().count() + net.leader_links().count(),
        "cytoscape: edge count"
    );
    for (element, l) in edges[net.edges().count()..].iter().zip(net.leader_links()) {
        let d = &element["data"];
        assert_eq!(
            (d["source"].as_str(), d["target"].as_str()),
            (Some(l.source.as_str()), Some(l.target.as_str())),
            "cytoscape: ends of leader {}",
            l.source
        );
        assert!(
            node_ids.contains(l.source.as_str()),
            "cytoscape: leader node {}",
            l.source
        );
        assert_eq!(
            (&d["kind"], &element["classes"]),
            (&json!(LEADER), &json!(LEADER))
        );
        assert_eq!(d["colour"], json!(LEADER_COLOUR));
        assert_eq!(d["roles"], json!(l.roles));
        assert_eq!(d["weight"], json!(l.stories));
    }
    for (element, e) in edges.iter().zip(net.edges()) {
        let d = &element["data"];
        let id = edge_id(e);
        for end in ["source", "target"] {
            let code = d[end].as_str().expect("source and target are strings");
            assert!(
                node_ids.contains(code),
                "cytoscape: {end} of {id} is not a node"
            );
        }
        assert_eq!(
            (d["source"].as_str(), d["target"].as_str()),
            (Some(e.source.as_str()), Some(e.target.as_str()))
        );
        assert_eq!(d["kind"], json!(e.kind), "cytoscape: kind of {id}");
        assert_eq!(
            element["classes"],
            json!(e.kind),
            "cytoscape: class of {id}"
        );
        assert_eq!(
            d["colour"],
            json!(colour(e.kind)),
            "cytoscape: colour of {id}"
        );
        assert_eq!(d["weight"], json!(e.stories), "cytoscape: weight of {id}");
        let sentences: Vec<&str> = d["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(
            sentences.first().copied(),
            e.evidence.first().map(|x| x.sentence.as_str()),
            "cytoscape: evidence of {id}"
        );
        assert_eq!(
            sentences.iter().collect::<BTreeSet<_>>().len(),
            sentences.len(),
            "cytoscape: evidence of {id} repeats"
        );
    }
    assert_eq!(
        doc["data"]["stories"],
        json!(net.info().stories),
        "cytoscape: network data"
    );
}

/// The text of an identifier, without the quotes of a quoted string.
fn id_text(id: &Id) -> &str {
    match id {
        Id::Escaped(s) => s
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(s),
        Id::Html(s) | Id::Plain(s) | Id::Anonymous(s) => s,
    }
}

fn attrs(list: &[Attribute]) -> BTreeMap<&str, &str> {
    list.iter()
        .map(|Attribute(k, v)| (id_text(k), id_text(v)))
        .collect()
}

/// Parses our DOT with graphviz-rust and checks the syntax tree.
fn check_dot_syntax(name: &str, net: &Network, text: &str) {
    let parsed = graphviz_rust::parse(text)
        .unwrap_or_else(|e| panic!("{name}: graphviz-rust cannot parse our DOT: {e}"));
    assert_eq!(
        parsed,
        export::dot::to_graph(net),
        "{name}: parsing the DOT gives back the syntax tree it was printed from"
    );
    let printed = graphviz_rust::print(parsed.clone(), &mut PrinterContext::default());
    assert_eq!(
        format!("{printed}\n"),
        text,
        "{name}: printing the parsed DOT gives the same text"
    );

    let Graph::Graph {
        strict: false,
        stmts,
        ..
    } = &parsed
    else {
        panic!(
            "{name}: the DOT must be an undirected, non-strict `graph` (strict would merge parallel edges)"
        );
    };
    assert!(
        text.starts_with("graph "),
        "{name}: undirected graph keyword"
    );
    let mut per_pair: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut legend = None;
    for stmt in stmts {
        match stmt {
            Stmt::Edge(edge) => {
                let EdgeTy::Pair(Vertex::N(a), Vertex::N(b)) = &edge.ty else {
                    panic!("{name}: edges are pairs of nodes")
                };
                let a_ = attrs(&edge.attributes);
                if a_["class"] == LEADER {
                    assert_eq!(a_["color"], LEADER_COLOUR, "{name}: a leader link is grey");
                    per_pair
                        .entry((id_text(&a.0).to_owned(), id_text(&b.0).to_owned()))
                        .or_default()
                        .push(format!("{LEADER}:{}", a_["weight"]));
                    continue;
                }
                let kind: Kind = a_["class"].parse().expect("an edge's class is its kind");
                let stories: u64 = a_["weight"].parse().unwrap_or_else(|_| {
                    panic!("{name}: weight {} is not an integer", a_["weight"])
                });
                assert!(stories >= 1, "{name}: weight is at least 1");
                assert_eq!(
                    a_["color"],
                    colour(kind),
                    "{name}: a {kind} edge has the palette's colour"
                );
                per_pair
                    .entry((id_text(&a.0).to_owned(), id_text(&b.0).to_owned()))
                    .or_default()
                    .push(format!("{kind}:{stories}"));
            }
            Stmt::GAttribute(GraphAttributes::Graph(list)) => {
                legend = list
                    .iter()
                    .find(|Attribute(k, _)| id_text(k) == "label")
                    .map(|Attribute(_, v)| v.clone());
            }
            _ => {}
        }
    }
    let mut want: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for e in net.edges() {
        want.entry((e.source.clone(), e.target.clone()))
            .or_default()
            .push(format!("{}:{}", e.kind, e.stories));
    }
    for l in net.leader_links() {
        want.entry((l.source.clone(), l.target.clone()))
            .or_default()
            .push(format!("{LEADER}:{}", l.stories));
    }
    assert_eq!(
        per_pair, want,
        "{name}: one DOT edge per (pair, kind), weighted by stories"
    );

    let Some(Id::Html(legend)) = legend else {
        panic!("{name}: the graph label is an HTML legend")
    };
    for kind in Kind::ALL {
        let row = legend
            .split("<tr>")
            .find(|row| row.contains(&format!(">{kind} (")))
            .unwrap_or_else(|| panic!("{name}: legend lacks {kind}"));
        assert!(
            row.contains(&format!("color=\"{}\"", colour(kind))),
            "{name}: legend colour of {kind}"
        );
    }
    assert_eq!(
        legend.contains(&format!("color=\"{LEADER_COLOUR}\"")),
        net.leader_links().next().is_some(),
        "{name}: the legend explains leader links when there are some"
    );
}

/// Replaces the XML entities and character references Graphviz writes.
fn xml_unescape(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("entity ends") + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = entity.strip_prefix("#x").map_or_else(
                    || entity[1..].parse().ok(),
                    |h| u32::from_str_radix(h, 16).ok(),
                );
                code.and_then(char::from_u32)
                    .unwrap_or_else(|| panic!("unknown entity &{entity};"))
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// The `<text>` elements of an SVG: (attributes, text content).
fn svg_texts(svg: &str) -> Vec<(&str, String)> {
    svg.split("<text")
        .skip(1)
        .map(|chunk| {
            let (attributes, rest) = chunk.split_once('>').expect("text tag closes");
            let content = rest.split_once("</text>").expect("text element closes").0;
            (attributes, xml_unescape(content))
        })
        .collect()
}

/// Checks Graphviz's SVG: every node label, the legend in the palette's
/// colours, and every edge stroked in its kind's colour.
fn check_svg(name: &str, net: &Network, svg: &str) {
    let texts = svg_texts(svg);
    for n in net.nodes() {
        assert!(
            texts.iter().any(|(_, t)| *t == n.label),
            "{name}: the svg lacks the label {:?}",
            n.label
        );
    }
    for kind in Kind::ALL {
        let at = texts
            .iter()
            .position(|(_, t)| t.starts_with(&format!("{kind} (")))
            .unwrap_or_else(|| panic!("{name}: svg legend lacks {kind}"));
        let fill = format!("fill=\"{}\"", colour(kind));
        assert!(
            at > 0 && texts[at - 1].0.contains(&fill),
            "{name}: the legend swatch of {kind} is not {}",
            colour(kind)
        );
    }
    let mut drawn = BTreeMap::new();
    for block in svg.split("<g id=\"edge").skip(1) {
        let class = block
            .split_once("class=\"edge ")
            .and_then(|(_, r)| r.split_once('"'))
            .expect("edge class")
            .0;
        let path = block.split_once("<path").expect("an edge has a path").1;
        let stroke = match class {
            LEADER => LEADER_COLOUR,
            _ => colour(
                class
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}: edge class {class:?} is not a kind")),
            ),
        };
        assert!(
            path.contains(&format!("stroke=\"{stroke}\"")),
            "{name}: a {class} edge is drawn in another colour"
        );
        *drawn.entry(class.to_owned()).or_insert(0) += 1;
    }
    let mut want = BTreeMap::new();
    net.edges()
        .for_each(|e| *want.entry(e.kind.to_string()).or_insert(0) += 1);
    net.leader_links()
        .for_each(|_| *want.entry(LEADER.to_owned()).or_insert(0) += 1);
    assert_eq!(drawn, want, "{name}: svg edges per kind");
}

// ---------------------------------------------------------------- tests

#[test]
fn fixture_stories_cover_every_kind_and_parallel_edges() {
    let net = story_network();
    let kinds: BTreeSet<Kind> = net.edges().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        Kind::ALL.into_iter().collect(),
        "the fixture stories must give all four kinds; edit them if extraction changed"
    );
    let mut pairs = BTreeMap::new();
    net.edges()
        .for_each(|e| *pairs.entry((&e.source, &e.target)).or_insert(0) += 1);
    assert!(
        pairs.values().any(|&n| n >= 3),
        "the fixture stories must give one pair three kinds: {pairs:?}"
    );
    assert!(
        net.leader_links().next().is_some(),
        "the fixture stories must name a leader, for the leader links"
    );
    for (code, label) in [
        ("CIV", "Côte d'Ivoire"),
        ("TUR", "Türkiye"),
        ("GHA", "Ghana, \"Gold Coast\" & <Accra>"),
    ] {
        assert_eq!(
            net.node(code).map(|n| n.label.as_str()),
            Some(label),
            "the rules overlay names {code}"
        );
    }
}

#[test]
fn cli_graph_writes_what_the_library_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("graph.json");
    let stories = fixture("stories.jsonl");
    let rules = fixture("rules");
    let run = entente(
        &[
            "graph",
            "-q",
            "--leaders",
            "--rules",
            rules.to_str().unwrap(),
            "--format",
            "json",
            "--out",
            out.to_str().unwrap(),
            stories.to_str().unwrap(),
        ],
        None,
    );
    assert!(
        run.status.success(),
        "entente graph failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        write_text(story_network(), Format::Json)
    );
}

#[test]
fn json_loads_in_networkx() {
    let dir = tempfile::tempdir().unwrap();
    for (name, net) in networks() {
        let text = write_text(&net, Format::Json);
        let order: Vec<usize> = ["directed", "multigraph", "graph", "nodes", "links"]
            .iter()
            .map(|k| {
                text.find(&format!("\n  \"{k}\":"))
                    .unwrap_or_else(|| panic!("{name}: no top-level {k}"))
            })
            .collect();
        assert!(
            order.is_sorted(),
            "{name}: node-link keys in NetworkX's order"
        );
        let path = save(dir.path(), &format!("{name}.json"), text.as_bytes());
        if let Some(got) = python("read_graph.py", &[Path::new("json"), &path]) {
            check_networkx("json", &net, &got);
        }
    }
}

#[test]
fn gexf_loads_in_networkx() {
    let dir = tempfile::tempdir().unwrap();
    for (name, net) in networks() {
        let text = write_text(&net, Format::Gexf);
        assert!(
            text.contains("version=\"1.3\"") && text.contains("timeformat=\"date\""),
            "{name}: GEXF 1.3 with date times"
        );
        assert!(
            !text.contains("<slices") && !text.contains("startopen"),
            "{name}: no GEXF 1.1 dynamics"
        );
        let path = save(dir.path(), &format!("{name}.gexf"), text.as_bytes());
        if let Some(got) = python("read_graph.py", &[Path::new("gexf"), &path]) {
            check_networkx("gexf", &net, &got);
        }
    }
}

#[test]
fn graphml_loads_in_networkx() {
    let dir = tempfile::tempdir().unwrap();
    for (name, net) in networks() {
        let text = write_text(&net, Format::Graphml);
        let last_key = text.rfind("<key ").expect("keys");
        assert!(
            last_key < text.find("<graph ").expect("graph"),
            "{name}: every <key> before <graph>"
        );
        let path = save(dir.path(), &format!("{name}.graphml"), text.as_bytes());
        if let Some(got) = python("read_graph.py", &[Path::new("graphml"), &path]) {
            check_networkx("graphml", &net, &got);
        }
    }
}

#[test]
fn csv_parses_with_python_csv() {
    let dir = tempfile::tempdir().unwrap();
    for (name, net) in networks() {
        let path = save(
            dir.path(),
            &format!("{name}.csv"),
            &write(&net, Format::Csv),
        );
        if let Some(rows) = python("read_csv.py", &[&path]) {
            check_csv(&net, &rows);
        }
    }
}

#[test]
fn cytoscape_has_the_elements_shape() {
    for (_, net) in networks() {
        let doc: Value = serde_json::from_slice(&write(&net, Format::Cytoscape))
            .expect("cytoscape export is JSON");
        check_cytoscape(&net, &doc);
    }
}

#[test]
fn dot_parses_with_graphviz_rust() {
    for (name, net) in networks() {
        check_dot_syntax(name, &net, &write_text(&net, Format::Dot));
    }
}

#[test]
fn dot_renders_with_graphviz() {
    if !have_dot() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, net) in networks() {
        let path = save(
            dir.path(),
            &format!("{name}.dot"),
            &write(&net, Format::Dot),
        );
        check_svg(name, &net, &dot_to_svg(&path));
    }
}

#[test]
fn cli_renders_pictures_with_graphviz() {
    if !have_dot() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = save(
        dir.path(),
        "graph.json",
        &write(story_network(), Format::Json),
    );
    let rules = fixture("rules");
    for (format, magic) in [
        ("svg", &b"<?xml"[..]),
        ("png", b"\x89PNG\r\n\x1a\n"),
        ("pdf", b"%PDF-"),
    ] {
        let out = dir.path().join(format!("graph.{format}"));
        let run = entente(
            &[
                "graph",
                "-q",
                "--leaders",
                "--rules-only",
                rules.to_str().unwrap(),
                "-f",
                format,
                "-o",
                out.to_str().unwrap(),
                input.to_str().unwrap(),
            ],
            None,
        );
        assert!(
            run.status.success(),
            "entente graph -f {format} failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(magic), "{format}: not a {format} file");
        assert!(
            bytes.len() > 1000,
            "{format}: suspiciously small ({} bytes)",
            bytes.len()
        );
        if format == "svg" {
            check_svg(
                "cli svg",
                story_network(),
                &String::from_utf8(bytes).unwrap(),
            );
        }
    }
}

#[test]
fn pictures_without_graphviz_say_how_to_install_it() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty-path");
    std::fs::create_dir(&empty).unwrap();
    let input = save(
        dir.path(),
        "graph.json",
        &write(story_network(), Format::Json),
    );
    let rules = fixture("rules");
    let svg = dir.path().join("graph.svg");
    let args = |format: &str, out: &Path| {
        [
            "graph",
            "-q",
            "--leaders",
            "--rules-only",
            rules.to_str().unwrap(),
            "-f",
            format,
            "-o",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ]
        .map(str::to_owned)
    };
    let run = entente(
        &args("svg", &svg).each_ref().map(String::as_str),
        Some(&empty),
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "rendering without dot must fail");
    assert!(
        stderr.contains("install Graphviz") && stderr.contains("apt-get install graphviz"),
        "the error says how to install Graphviz: {stderr}"
    );
    assert!(
        stderr.contains("--format dot"),
        "the error points to --format dot: {stderr}"
    );
    assert!(!svg.exists(), "no partial picture is left behind");

    let dot = dir.path().join("graph.dot");
    let run = entente(
        &args("dot", &dot).each_ref().map(String::as_str),
        Some(&empty),
    );
    assert!(
        run.status.success(),
        "--format dot needs no Graphviz: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&dot).unwrap(),
        write_text(story_network(), Format::Dot)
    );
}

#[test]
fn palette_has_one_distinct_colour_per_kind() {
    let colours: BTreeSet<&str> = Kind::ALL.iter().map(|k| colour(*k)).collect();
    assert_eq!(
        colours.len(),
        Kind::ALL.len(),
        "each kind has its own colour"
    );
    for c in colours {
        assert!(
            c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|h| h.is_ascii_hexdigit()),
            "{c} is #rrggbb"
        );
    }
}

#[test]
fn exports_match_golden_files() {
    let net = handmade_network();
    let bless = std::env::var_os("ENTENTE_BLESS").is_some();
    for (format, ext) in TEXT_FORMATS {
        let got = write_text(&net, format);
        assert_eq!(
            got,
            write_text(&net, format),
            "{ext}: the same network gives the same bytes"
        );
        let path = Path::new(ROOT)
            .join("tests/golden")
            .join(format!("handmade.{ext}"));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with ENTENTE_BLESS=1 to create it",
                path.display()
            )
        });
        assert!(
            got == want,
            "{ext} export differs from {}; if the change is intended, rerun with ENTENTE_BLESS=1 and review the diff",
            path.display()
        );
    }
}
