//! Helpers shared by the CLI tests: where the fixtures are, how to run the
//! binary, and how to skip a test whose outside inputs are missing.

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex, OnceLock};

use assert_cmd::Command;

/// The crate's root folder; every command runs there, so relative paths in
/// the tests read like the commands a user types.
pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `entente` binary of this build, run from the crate root.
pub(crate) fn entente() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("entente");
    cmd.current_dir(root());
    cmd
}

/// Path of the binary, for tests that need a plain `std::process::Command`.
pub(crate) fn entente_path() -> &'static Path {
    assert_cmd::cargo::cargo_bin!("entente")
}

/// A file or folder under `tests/fixtures/`.
pub(crate) fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures").join(name)
}

/// The team's shared folder (`../shared`), or `None` with a printed notice
/// naming the test that is skipped, so a run without it still passes and
/// says what it did not check.
pub(crate) fn shared(test: &str) -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping {test}: {} is not present", dir.display());
        None
    }
}

/// Whether `python3` runs here; prints a notice naming the test otherwise.
pub(crate) fn python3(test: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        println!("skipping {test}: python3 is not available");
    }
    ok
}

/// Outputs of the commands run so far, by their arguments. The binary is a
/// pure function of its arguments and input files, and every run pays for
/// loading the rule tables, so tests that ask the same question share one
/// run. Commands that read standard input are not cached.
type Runs = Mutex<BTreeMap<Vec<OsString>, Arc<OnceLock<Output>>>>;
static RUNS: Runs = Mutex::new(BTreeMap::new());

/// Runs `entente` with `args` (once per distinct `args` in this test binary).
pub(crate) fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let cell = RUNS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .entry(args.clone())
        .or_default()
        .clone();
    cell.get_or_init(|| entente().args(&args).output().expect("entente runs"))
        .clone()
}

/// Runs `entente` with `args`, asserts exit code 0 and returns the raw bytes
/// of standard output (for byte-for-byte comparisons).
pub(crate) fn run_bytes<I, S>(args: I) -> Vec<u8>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = run(args);
    assert_success(&out);
    out.stdout
}

/// Runs `entente` with `args`, asserts exit code 0 and returns standard output.
pub(crate) fn run_ok<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    String::from_utf8(run_bytes(args)).expect("standard output is UTF-8")
}

/// Panics with the command's standard error unless it exited with 0.
pub(crate) fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "entente failed with {:?}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Parses JSON Lines output into one value per line.
pub(crate) fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Parses a whole JSON document.
pub(crate) fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The `id` of every object in `values`, in order.
pub(crate) fn ids(values: &[serde_json::Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| v["id"].as_str().expect("every result has an id").to_owned())
        .collect()
}

/// The (a, b, kind) triples of a story result's relations.
pub(crate) fn relations(result: &serde_json::Value) -> Vec<(String, String, String)> {
    let text = |v: &serde_json::Value| v.as_str().expect("relation fields are strings").to_owned();
    result["relations"]
        .as_array()
        .expect("relations is a list")
        .iter()
        .map(|r| (text(&r["a"]), text(&r["b"]), text(&r["kind"])))
        .collect()
}

/// Whether a story result holds the relation `a`-`b` of `kind`, in either order.
pub(crate) fn has_relation(result: &serde_json::Value, a: &str, b: &str, kind: &str) -> bool {
    relations(result)
        .iter()
        .any(|(x, y, k)| k == kind && ((x == a && y == b) || (x == b && y == a)))
}
