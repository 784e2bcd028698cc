//! Same inputs, same bytes: whatever the order of the inputs or the number of threads.

use super::*;

/// Every example and fixture story file, in sorted order, with a bad record.
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
        ["extract", "--format", "text"],
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
