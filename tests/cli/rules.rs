//! `entente rules check | list | show`.

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
