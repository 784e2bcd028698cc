//! Errors and exit codes: warnings that let a run go on, runtime errors (1), usage errors (2).

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
