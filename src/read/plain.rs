//! Plain text: the whole file is one story.
//!
//! A first line that is a date gives the story's date; the next line is the
//! title when it looks like one (short, no final full stop, followed by a
//! blank line).

use crate::story::Story;

/// Parses a plain-text story; `None` when it holds no text.
///
/// `has_default_date` says that a date was given on the command line, in
/// which case a leading date line is still removed but does not win.
///
/// # Examples
///
/// ```
/// let s = entente::read::plain::parse("2024-03-04\nJapan and India sign pact\n\nThe two signed.", "p".into(), false).unwrap();
/// assert_eq!(s.date.as_deref(), Some("2024-03-04"));
/// assert_eq!(s.title.as_deref(), Some("Japan and India sign pact"));
/// assert_eq!(s.text, "The two signed.");
/// ```
pub fn parse(text: &str, id: String, has_default_date: bool) -> Option<Story> {
    let text = text.trim_start_matches('\u{feff}');
    let mut rest = text.trim_start();
    let mut date = None;
    if let Some((first, after)) = rest.split_once('\n') {
        let first = first.trim();
        if first.len() <= 40 && crate::date::parse(first).is_some() {
            if !has_default_date {
                date = crate::date::normalize(first);
            }
            rest = after.trim_start();
        }
    }
    let mut title = None;
    if let Some((first, after)) = rest.split_once('\n') {
        let first = first.trim();
        let blank_follows = after
            .trim_start_matches([' ', '\t', '\r'])
            .starts_with('\n')
            || after.trim().is_empty();
        let looks_like_title =
            !first.is_empty() && first.len() <= 200 && !first.ends_with(['.', ',', ';', ':']);
        if looks_like_title && blank_follows && !after.trim().is_empty() {
            title = Some(first.to_owned());
            rest = after;
        }
    }
    let body = rest.trim();
    if body.is_empty() && title.is_none() {
        return None;
    }
    Some(Story {
        id,
        title,
        date,
        source: None,
        text: body.to_owned(),
    })
}
