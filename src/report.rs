//! Readable text for people: a story's findings, the ties between two
//! countries, a country's partners.

use std::fmt::Write;

use crate::extract::StoryResult;
use crate::graph::{Edge, Network, Ties};

/// A story's findings as text, with the evidence sentence of each relation.
pub fn story(r: &StoryResult) -> String {
    let mut out = String::new();
    let date = r.date.as_deref().unwrap_or("undated");
    let _ = writeln!(out, "== {} ({date})", r.id);
    if let Some(title) = &r.title {
        let _ = writeln!(out, "   {title}");
    }
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.join(", ")
        }
    };
    let countries = r
        .countries
        .iter()
        .map(|c| format!("{} ({}) x{}", c.name, c.code, c.mentions))
        .collect();
    let _ = writeln!(out, "countries: {}", list(countries));
    let leaders = r
        .leaders
        .iter()
        .map(|l| format!("{} ({}, {}) x{}", l.name, l.country, l.role, l.mentions))
        .collect();
    let _ = writeln!(out, "leaders:   {}", list(leaders));
    if !r.officials.is_empty() {
        let officials = r
            .officials
            .iter()
            .map(|l| format!("{} ({}, {})", l.name, l.country, l.role))
            .collect();
        let _ = writeln!(out, "officials: {}", list(officials));
    }
    if r.relations.is_empty() {
        let _ = writeln!(out, "relations: none");
    } else {
        let _ = writeln!(out, "relations:");
    }
    for rel in &r.relations {
        let arrow = match (&rel.source, &rel.target) {
            (Some(s), Some(t)) => format!("{s} -> {t}"),
            _ => format!("{} - {}", rel.a, rel.b),
        };
        let _ = writeln!(out, "  {arrow}  {} ({:+.1})", rel.kind, rel.score);
        for e in &rel.evidence {
            let _ = writeln!(out, "      \"{}\"  [{}, {}]", e.sentence, e.rule, e.frame);
        }
    }
    for n in &r.notes {
        let _ = writeln!(out, "note: {n}");
    }
    for x in &r.explain {
        let pairs = if x.pairs.is_empty() {
            String::new()
        } else {
            format!(" {}", x.pairs.join(" "))
        };
        let frame = x
            .frame
            .as_deref()
            .map(|f| format!(" via {f}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  explain: {} \"{}\" -> {}{pairs}{frame}",
            x.cue, x.matched, x.outcome
        );
        let _ = writeln!(out, "           in \"{}\"", x.sentence);
    }
    out
}

/// The ties between two countries as text.
pub fn ties(net: &Network, t: &Ties) -> String {
    let name = |code: &str| {
        net.node(code)
            .map_or_else(|| code.to_owned(), |n| n.label.clone())
    };
    let (na, nb) = (name(&t.a), name(&t.b));
    let mut out = String::new();
    let _ = writeln!(out, "{na} ({}) and {nb} ({})", t.a, t.b);
    if t.kinds.is_empty() {
        let _ = writeln!(out, "  no direct ties in {} stories", net.info().stories);
    }
    for k in &t.kinds {
        let dates = match (&k.first, &k.last) {
            (Some(f), Some(l)) if f == l => format!(", {f}"),
            (Some(f), Some(l)) => format!(", {f} to {l}"),
            _ => String::new(),
        };
        let stories = if k.stories == 1 {
            "1 story".to_owned()
        } else {
            format!("{} stories", k.stories)
        };
        let _ = writeln!(
            out,
            "\n  {}: {stories}, score {:+.1}{dates}",
            k.kind, k.score
        );
        if k.a_to_b + k.b_to_a > 0 {
            let _ = writeln!(
                out,
                "    direction: {} -> {} in {}, {} -> {} in {}",
                t.a, t.b, k.a_to_b, t.b, t.a, k.b_to_a
            );
        }
        for e in &k.evidence {
            let when = e.date.as_deref().unwrap_or("undated");
            let title = e
                .title
                .as_deref()
                .map(|t| format!(" \u{2014} {t}"))
                .unwrap_or_default();
            let _ = writeln!(out, "    \u{2022} \"{}\"", e.sentence);
            let _ = writeln!(out, "      {when}, {}{title} [{}]", e.story, e.rule);
        }
    }
    if !t.shared_partners.is_empty() {
        let _ = writeln!(out, "\n  shared partners:");
        for p in &t.shared_partners {
            let kinds =
                |ks: &[crate::Kind]| ks.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("+");
            let _ = writeln!(
                out,
                "    {} ({}): {} with {}, {} with {}",
                p.name,
                p.code,
                kinds(&p.kinds_a),
                t.a,
                kinds(&p.kinds_b),
                t.b
            );
        }
    }
    if !t.path.is_empty() {
        let _ = writeln!(out, "\n  shortest chain of ties:");
        for step in &t.path {
            let kinds: Vec<&str> = step.kinds.iter().map(|k| k.as_str()).collect();
            let _ = writeln!(
                out,
                "    {} -> {} ({})",
                step.from,
                step.to,
                kinds.join(", ")
            );
        }
    }
    out
}

/// A country's ties ranked by strength.
pub fn partners(net: &Network, code: &str, edges: &[&Edge]) -> String {
    let name = |c: &str| {
        net.node(c)
            .map_or_else(|| c.to_owned(), |n| n.label.clone())
    };
    let mut out = format!("{} ({code}): {} ties\n", name(code), edges.len());
    for e in edges {
        let other = if e.source == code {
            &e.target
        } else {
            &e.source
        };
        let _ = writeln!(
            out,
            "  {:<28} {:<12} {:>4} {}  score {:+.1}",
            format!("{} ({other})", name(other)),
            e.kind.as_str(),
            e.stories,
            if e.stories == 1 { "story  " } else { "stories" },
            e.score
        );
    }
    out
}
