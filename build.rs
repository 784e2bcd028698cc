//! Embeds the rule tables of `data/rules/` in the binary.
//!
//! The tables are parsed here, at compile time, with the same types the
//! library uses, and embedded as compact JSON that keeps each entry's file and
//! line. Parsing a megabyte of TOML at every start would cost more than the
//! rest of start-up together; JSON into the same types is an order of
//! magnitude faster. A table that does not parse stops the build with its
//! file and line.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

#[path = "src/rules/model.rs"]
#[allow(dead_code, unreachable_pub, missing_docs)]
mod model;

fn main() {
    let root = Path::new("data/rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .strip_prefix(root)
            .expect("below root")
            .to_string_lossy()
            .replace('\\', "/");
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        out.push(convert(&name, &text));
    }
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("rules.json");
    std::fs::write(dest, serde_json::to_string(&out).expect("tables serialise"))
        .expect("write rules.json");
}

/// One file as `{"name", "country": [[line, entry], ...], ...}`.
fn convert(name: &str, text: &str) -> Value {
    let parsed: model::RuleFile = toml::from_str(text).unwrap_or_else(|e| {
        let line = e
            .span()
            .map_or(1, |s| text[..s.start].matches('\n').count() + 1);
        panic!("data/rules/{name}:{line}: {}", e.message());
    });
    fn lines<T: serde::Serialize>(list: &[toml::Spanned<T>], text: &str) -> Value {
        list.iter()
            .map(|s| {
                json!([
                    text[..s.span().start].matches('\n').count() + 1,
                    s.get_ref()
                ])
            })
            .collect()
    }
    json!({
        "name": name,
        "country": lines(&parsed.country, text),
        "bloc": lines(&parsed.bloc, text),
        "ambiguous": lines(&parsed.ambiguous, text),
        "person": lines(&parsed.person, text),
        "title": lines(&parsed.title, text),
        "cue": lines(&parsed.cue, text),
        "modifier": lines(&parsed.modifier, text),
        "discard": lines(&parsed.discard, text),
        "nonactor": lines(&parsed.nonactor, text),
        "abbreviations": parsed.abbreviations.as_ref().map(|a| a.get_ref()),
    })
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}
