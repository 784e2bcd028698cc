//! A folder of whatever a scraper left behind: binary files, invalid UTF-8,
//! empty files, dangling links and symlink loops. Each bad file is named
//! once with what is wrong, the good stories are all read, and `--strict`
//! turns the first warning into a failure.

use std::path::Path;

use super::*;

/// Builds the scraper's folder in `dir` and returns its path.
fn scraped_folder(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("scraped");
    std::fs::create_dir_all(folder.join("nested")).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(folder.join(name), bytes).unwrap();
    write(
        "good.txt",
        b"2024-03-01\nTalks in Tokyo\n\nChina and Japan signed a trade agreement on Friday.\n",
    );
    // Latin-1 bytes in the middle of a sentence, twice: one warning, and the
    // sentence still reads.
    write(
        "latin1.txt",
        b"France and Germany held talks in Berlin about caf\xe9 prices and \xe9nergie.\n",
    );
    // A picture saved with the wrong extension: NUL bytes and invalid UTF-8.
    let mut picture = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    picture.extend((0u8..=255).cycle().take(4096));
    write("picture.txt", &picture);
    write("empty.txt", b"");
    write("blank.md", b"\n   \n\t\n");
    write(
        "fields.jsonl",
        b"{\"id\":\"no-text\",\"text\":\"\"}\n{\"id\":\"kept\",\"text\":\"Chile and Peru held talks on trade.\"}\n",
    );
    write("notes.csv", b"not a story format; never read\n");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/no/such/target.txt", folder.join("dangling.txt")).unwrap();
        std::os::unix::fs::symlink("..", folder.join("nested/loop")).unwrap();
    }
    folder
}

#[test]
fn a_folder_of_bad_files_reads_every_good_story_and_names_each_bad_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scraped_folder(dir.path());
    let out = entente().arg("extract").arg(&folder).output().unwrap();
    util::assert_success(&out);
    let results = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(ids(&results), ["kept", "good", "latin1"]);
    assert!(has_relation(&results[1], "CHN", "JPN", "trade"));
    assert!(
        has_relation(&results[2], "DEU", "FRA", "cooperation"),
        "the lossily decoded story is still read: {}",
        results[2]
    );

    let stderr = String::from_utf8_lossy(&out.stderr);
    let warned = |file: &str, message: &str| {
        let line = format!("{}: {message}", folder.join(file).display());
        let count = stderr.matches(&line).count();
        assert_eq!(count, 1, "expected `{line}` once in:\n{stderr}");
    };
    warned("picture.txt", "binary file; skipped");
    warned("latin1.txt", "invalid UTF-8, decoded lossily");
    warned("empty.txt", "no text; skipped");
    warned("blank.md", "no text; skipped");
    warned("fields.jsonl:1", "no text");
    #[cfg(unix)]
    {
        warned("dangling.txt", "no such file or folder");
        warned(
            "nested/loop",
            "folder already read (symlink loop?); skipped",
        );
    }
    assert!(
        !stderr.contains("picture.txt: invalid UTF-8"),
        "a binary file gets one warning, not two:\n{stderr}"
    );
    assert!(!stderr.contains("notes.csv"), "{stderr}");
    let skipped = if cfg!(unix) { 6 } else { 4 };
    assert!(
        stderr.contains(&format!(
            "3 stories read, {skipped} skipped, 1 read with repairs"
        )),
        "{stderr}"
    );
}

#[test]
fn a_folder_of_bad_files_fails_under_strict_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let folder = scraped_folder(dir.path());
    let graph = dir.path().join("graph.json");
    entente()
        .args(["graph", "--strict", "--format", "json", "--out"])
        .arg(&graph)
        .arg(&folder)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(stopping: --strict)"));
    assert!(!graph.exists(), "no partial output under --strict");
}

#[test]
fn invalid_utf8_in_json_lines_is_repaired_and_warned_once_per_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.jsonl");
    std::fs::write(
        &file,
        b"{\"id\":\"a\",\"text\":\"France and Germany \xff held talks in Paris.\"}\n\
          {\"id\":\"b\",\"text\":\"Chile and Peru \xfe held talks.\"}\n",
    )
    .unwrap();
    let out = entente().arg("extract").arg(&file).output().unwrap();
    util::assert_success(&out);
    let results = json_lines(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(ids(&results), ["a", "b"]);
    assert!(has_relation(&results[0], "DEU", "FRA", "cooperation"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("invalid UTF-8").count(), 1, "{stderr}");
    assert!(stderr.contains("feed.jsonl:1: invalid UTF-8"), "{stderr}");
    assert!(
        stderr.contains("2 stories read, 1 read with repairs"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_named_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("feed");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("a.txt"),
        "Chile and Peru held talks on trade.\n",
    )
    .unwrap();
    let locked = folder.join("b.txt");
    std::fs::write(&locked, "Kenya and Uganda signed a pact.\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&locked).is_ok() {
        // The superuser reads any file; there is nothing to refuse here.
        println!("skipping the refusal check: running as a user who can read mode 000 files");
        return;
    }
    let out = entente().arg("extract").arg(&folder).output().unwrap();
    util::assert_success(&out);
    assert_eq!(
        ids(&json_lines(&String::from_utf8(out.stdout).unwrap())),
        ["a"]
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}: permission denied", locked.display())),
        "{stderr}"
    );
    assert!(stderr.contains("1 stories read, 1 skipped"), "{stderr}");
}
