//! `entente merge`: graphs of shards combine into exactly the graph of the whole.

use super::*;

#[test]
fn merged_halves_equal_the_whole_byte_for_byte() {
    let files = example_files();
    let (first, second) = files.split_at(files.len() / 2);
    let dir = tempfile::tempdir().unwrap();
    // Plain graphs, and graphs with leader nodes, merge alike.
    for (round, options) in [&[][..], &["--leaders"]].into_iter().enumerate() {
        let half = |name: &str, part: &[std::path::PathBuf]| {
            let path = dir.path().join(name);
            entente()
                .args(["graph", "-q", "--format", "json", "--out"])
                .arg(&path)
                .args(options)
                .args(part)
                .assert()
                .success();
            path
        };
        // Distinct names per round: `run_bytes` caches runs by their arguments.
        let (one, two) = (
            half(&format!("one-{round}.json"), first),
            half(&format!("two-{round}.json"), second),
        );
        let graph = |format: &'static str| {
            let mut args = vec!["graph", "-q", "--format", format, "data/examples"];
            args.extend(options);
            args
        };
        let whole = run_bytes(graph("json"));
        if options.contains(&"--leaders") {
            assert!(
                String::from_utf8_lossy(&whole).contains("\"kind\": \"leader\""),
                "the examples name leaders"
            );
        }
        let merged = run_bytes(["merge".as_ref(), one.as_os_str(), two.as_os_str()]);
        assert!(
            merged == whole,
            "merge {options:?} differs from the whole:\n{}",
            String::from_utf8_lossy(&merged)
        );
        let reversed = run_bytes(["merge".as_ref(), two.as_os_str(), one.as_os_str()]);
        assert!(
            reversed == whole,
            "merge {options:?} depends on the order of its inputs"
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
        assert_eq!(read(&out), run_ok(graph("dot")));
    }
}

#[test]
fn a_file_that_is_not_a_graph_is_a_runtime_error() {
    entente()
        .args(["merge", "tests/fixtures/stories/wire.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "tests/fixtures/stories/wire.jsonl: not a graph written by entente graph --format json",
        ));
}
