//! `entente merge`: graphs of shards combine into exactly the graph of the whole.

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
        .stderr(predicate::str::contains(
            "tests/fixtures/stories/wire.jsonl: not a graph written by entente graph --format json",
        ));
}
