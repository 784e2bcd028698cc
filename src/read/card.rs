//! The "story card" layout: dated lines, a headline, a tag, Highlights,
//! Story and Opinions sections, then site boilerplate.
//!
//! ```text
//! Sep 10, 2024, 12:00 AM
//! Sep 9, 2024, 12:00 AM
//!
//! Xi Jinping strengthens ties with North Korea
//!
//! Provocative
//! Highlights
//!   • ...
//! Story
//! ...
//! Opinions
//! You've reached the end
//! ```
//!
//! The story keeps its title, its earliest date, the highlights and the
//! body; the tag, the opinions (commentary, not reporting) and the
//! boilerplate are dropped.

use crate::story::Story;

const BOILERPLATE: [&str; 4] = [
    "You've reached the end",
    "You’ve reached the end",
    "Read more",
    "Share this story",
];

/// Whether a text looks like a story card: a dated first line and a
/// `Story` or `Highlights` heading line.
pub fn looks_like_card(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let dated = lines.next().is_some_and(is_date_line);
    let headed = text
        .lines()
        .any(|l| matches!(l.trim(), "Story" | "Highlights"));
    dated && headed
}

fn is_date_line(line: &str) -> bool {
    line.len() <= 40
        && line.chars().next().is_some_and(char::is_alphanumeric)
        && crate::date::parse(line).is_some()
}

/// Parses a story card; `None` when it holds no text.
///
/// # Examples
///
/// ```
/// let card = "Sep 10, 2024\nSep 9, 2024\n\nA headline\n\nTag\nHighlights\n  • One.\nStory\n\nBody.\n\nOpinions\n\nYou've reached the end\n";
/// let s = entente::read::card::parse(card, "x".into()).unwrap();
/// assert_eq!(s.title.as_deref(), Some("A headline"));
/// assert_eq!(s.date.as_deref(), Some("2024-09-09"));
/// assert_eq!(s.text, "One.\n\nBody.");
/// ```
pub fn parse(text: &str, id: String) -> Option<Story> {
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    let mut dates = Vec::new();
    while i < lines.len() {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
        } else if is_date_line(line) {
            dates.extend(crate::date::parse(line));
            i += 1;
        } else {
            break;
        }
    }
    let title = lines
        .get(i)
        .map(|l| l.trim().to_owned())
        .filter(|t| !t.is_empty() && !is_heading(t));
    if title.is_some() {
        i += 1;
    }
    let mut highlights = Vec::new();
    let mut body = Vec::new();
    let mut section = "";
    for line in &lines[i..] {
        let trimmed = line.trim();
        if is_heading(trimmed) {
            section = trimmed;
            continue;
        }
        if BOILERPLATE.iter().any(|b| trimmed.starts_with(b)) {
            break;
        }
        match section {
            "Highlights" => {
                let bullet = trimmed
                    .trim_start_matches(['\u{2022}', '*', '-', '\u{25CF}'])
                    .trim();
                if !bullet.is_empty() {
                    highlights.push(bullet.to_owned());
                }
            }
            "Story" => body.push(*line),
            // The tag line before Highlights and the opinions are dropped.
            _ => {}
        }
    }
    let body = body.join("\n").trim().to_owned();
    let mut parts = Vec::new();
    if !highlights.is_empty() {
        parts.push(highlights.join("\n"));
    }
    if !body.is_empty() {
        parts.push(body);
    }
    if parts.is_empty() {
        return None;
    }
    let date = dates.into_iter().min().map(|d| d.to_string());
    Some(Story {
        id,
        title,
        date,
        source: None,
        text: parts.join("\n\n"),
    })
}

fn is_heading(line: &str) -> bool {
    matches!(line, "Highlights" | "Story" | "Opinions")
}
