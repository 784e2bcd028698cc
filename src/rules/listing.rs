//! Plain-text listings of the rule tables, for `entente rules list` and
//! `entente rules show`.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::RuleSet;

/// One country a line: code, name, and its forms.
pub fn countries(rules: &RuleSet) -> String {
    let mut out = String::new();
    let mut sorted: Vec<_> = rules.countries.iter().collect();
    sorted.sort_by(|a, b| a.code.cmp(&b.code));
    for c in sorted {
        let forms: Vec<&str> = c
            .aliases
            .iter()
            .chain(&c.demonyms)
            .chain(&c.capitals)
            .chain(&c.seats)
            .map(String::as_str)
            .collect();
        let _ = writeln!(out, "{}\t{}\t{}", c.code, c.name, forms.join(", "));
    }
    out
}

/// One bloc a line: code, name, members.
pub fn blocs(rules: &RuleSet) -> String {
    let mut out = String::new();
    for b in &rules.blocs {
        let _ = writeln!(out, "{}\t{}\t{} members", b.code, b.name, b.members.len());
    }
    out
}

/// One role a line: person, country, office, title, term.
pub fn people(rules: &RuleSet, leaders_only: bool) -> String {
    let mut out = String::new();
    for p in &rules.people {
        for r in &p.roles {
            if leaders_only && !r.office.is_leader() {
                continue;
            }
            let end = r.end.as_deref().unwrap_or("");
            let _ = writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}..{end}",
                p.name,
                r.country,
                r.office.as_str(),
                r.title,
                r.start
            );
        }
    }
    out
}

/// One cue a line: id, kind, score, forms.
pub fn cues(rules: &RuleSet) -> String {
    let mut out = String::new();
    for c in &rules.cues {
        let _ = writeln!(
            out,
            "{}\t{}\t{:+}\t{}",
            c.id,
            c.kind,
            c.score,
            c.forms.join(" | ")
        );
    }
    out
}

/// Every surface form the name matcher knows, one a line, sorted.
pub fn names(rules: &RuleSet) -> String {
    let mut all = BTreeSet::new();
    for c in &rules.countries {
        all.insert(c.name.as_str());
        all.extend(
            c.aliases
                .iter()
                .chain(&c.demonyms)
                .chain(&c.prefixes)
                .chain(&c.capitals)
                .chain(&c.seats)
                .map(String::as_str),
        );
    }
    for b in &rules.blocs {
        all.insert(b.name.as_str());
        all.extend(b.aliases.iter().chain(&b.seats).map(String::as_str));
    }
    for p in &rules.people {
        all.extend(p.forms.iter().chain(&p.short).map(String::as_str));
    }
    let mut out = String::new();
    for name in all.into_iter().filter(|n| !n.trim().is_empty()) {
        out.push_str(name);
        out.push('\n');
    }
    out
}

/// Every entry a form can match, ignoring case.
pub fn show(rules: &RuleSet, form: &str) -> String {
    let same = |f: &String| {
        f.replace('\u{2019}', "'")
            .eq_ignore_ascii_case(&form.replace('\u{2019}', "'"))
    };
    let mut out = String::new();
    for c in &rules.countries {
        let lists = [
            ("name", std::slice::from_ref(&c.name)),
            ("alias", &c.aliases[..]),
            ("demonym", &c.demonyms[..]),
            ("prefix", &c.prefixes[..]),
            ("capital", &c.capitals[..]),
            ("seat", &c.seats[..]),
        ];
        for (how, list) in lists {
            if list.iter().any(same) {
                let _ = writeln!(
                    out,
                    "country {} ({}) as {how}  [{}]",
                    c.code, c.name, c.origin
                );
            }
        }
    }
    for b in &rules.blocs {
        if std::iter::once(&b.name)
            .chain(&b.aliases)
            .chain(&b.seats)
            .any(same)
        {
            let _ = writeln!(out, "bloc {} ({})  [{}]", b.code, b.name, b.origin);
        }
    }
    for p in &rules.people {
        let how = if p.forms.iter().any(same) {
            "name"
        } else if p.short.iter().any(same) {
            "surname, only after the full name"
        } else {
            continue;
        };
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|r| {
                format!(
                    "{} {} {}..{}",
                    r.country,
                    r.title,
                    r.start,
                    r.end.as_deref().unwrap_or("")
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "person {} ({how}): {}  [{}]",
            p.name,
            roles.join("; "),
            p.origin
        );
    }
    for a in &rules.ambiguous {
        if same(&a.form) {
            let _ = writeln!(
                out,
                "ambiguous: {} default {}  [{}]",
                a.actors.join("/"),
                a.default,
                a.origin
            );
        }
    }
    out
}
