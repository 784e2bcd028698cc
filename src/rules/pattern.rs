//! The small word-pattern language of cues, modifiers and discards.
//!
//! A pattern is a sequence of words matched against a sentence's words,
//! ignoring case: a plain word matches itself, `stem*` matches any word that
//! starts with the stem, and `..` between two words lets up to
//! [`MAX_GAP`] other words stand between them. It is deliberately smaller than
//! a regex: curators can read it at a glance, and the matcher can index every
//! pattern by its first word.

use std::borrow::Cow;

/// How many words a `..` gap may skip.
pub const MAX_GAP: usize = 3;

/// The shortest stem a `*` word may have; shorter ones match too much.
pub const MIN_STEM: usize = 3;

/// One word of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum WordPattern {
    /// The word itself, lower case.
    Exact(String),
    /// Any word starting with this stem, lower case.
    Stem(String),
}

impl WordPattern {
    /// The word, or the stem without its `*`.
    pub fn text(&self) -> &str {
        match self {
            WordPattern::Exact(w) | WordPattern::Stem(w) => w,
        }
    }

    /// Whether a lower-case word matches.
    pub fn matches(&self, word: &str) -> bool {
        match self {
            WordPattern::Exact(w) => w == word,
            WordPattern::Stem(s) => word.starts_with(s.as_str()),
        }
    }
}

/// A parsed pattern: its words, and for each word whether a gap may precede it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The words in order, each with `true` when a `..` gap stands before it.
    pub words: Vec<(WordPattern, bool)>,
}

/// Whether a character belongs to a word (letters, digits, apostrophes).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '\u{2019}'
}

/// Lower-cases a word and folds the curly apostrophe into the straight one.
///
/// Borrows the word when it is already in that form, as most words of a
/// text are; only the others are copied.
///
/// # Examples
///
/// ```
/// use std::borrow::Cow;
/// use entente::rules::pattern::normalize_word;
///
/// assert!(matches!(normalize_word("talks"), Cow::Borrowed("talks")));
/// assert_eq!(normalize_word("Didn’t"), "didn't");
/// ```
pub fn normalize_word(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else if word
        .chars()
        .all(|c| c != '\u{2019}' && lowercase_is_itself(c))
    {
        Cow::Borrowed(word)
    } else {
        let mut folded = String::with_capacity(word.len());
        normalize_word_into(word, &mut folded);
        Cow::Owned(folded)
    }
}

/// Appends the [`normalize_word`] form of `word` to `out`, for callers that
/// keep many words' forms in one buffer rather than a string each.
pub fn normalize_word_into(word: &str, out: &mut String) {
    out.extend(
        word.chars()
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .flat_map(char::to_lowercase),
    );
}

/// Whether lower-casing leaves `c` as it is (true of most non-letters too).
fn lowercase_is_itself(c: char) -> bool {
    let mut lower = c.to_lowercase();
    lower.next() == Some(c) && lower.next().is_none()
}

/// Parses a pattern.
///
/// # Errors
///
/// A message when the pattern is empty, a gap stands at either end, or a stem
/// is shorter than [`MIN_STEM`] letters.
///
/// # Examples
///
/// ```
/// use entente::rules::pattern::{parse, WordPattern};
///
/// let p = parse("strengthen* .. ties").unwrap();
/// assert_eq!(p.words[0].0, WordPattern::Stem("strengthen".into()));
/// assert_eq!(p.words[1], (WordPattern::Exact("ties".into()), true));
/// ```
pub fn parse(text: &str) -> Result<Pattern, String> {
    let mut words = Vec::new();
    let mut gap = false;
    for item in text.split_whitespace() {
        if item == ".." {
            if words.is_empty() || gap {
                return Err(format!(
                    "pattern {text:?}: `..` must stand between two words"
                ));
            }
            gap = true;
            continue;
        }
        // Hyphens and punctuation separate words inside one item.
        for piece in item.split(|c: char| !(is_word_char(c) || c == '*')) {
            if piece.is_empty() {
                continue;
            }
            let word = if let Some(stem) = piece.strip_suffix('*') {
                if stem.contains('*') {
                    return Err(format!("pattern {text:?}: `*` may only end a word"));
                }
                if stem.chars().count() < MIN_STEM {
                    return Err(format!(
                        "pattern {text:?}: stem {stem:?} is shorter than {MIN_STEM} letters"
                    ));
                }
                WordPattern::Stem(normalize_word(stem).into_owned())
            } else if piece.contains('*') {
                return Err(format!("pattern {text:?}: `*` may only end a word"));
            } else {
                WordPattern::Exact(normalize_word(piece).into_owned())
            };
            words.push((word, gap));
            gap = false;
        }
    }
    if gap {
        return Err(format!(
            "pattern {text:?}: `..` must stand between two words"
        ));
    }
    if words.is_empty() {
        return Err(format!("pattern {text:?} has no words"));
    }
    Ok(Pattern { words })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyphens_split_words() {
        let p = parse("co-operat*").unwrap();
        assert_eq!(
            p.words,
            vec![
                (WordPattern::Exact("co".into()), false),
                (WordPattern::Stem("operat".into()), false)
            ]
        );
    }

    #[test]
    fn normalize_borrows_exactly_the_words_it_leaves_alone() {
        let by_chars = |w: &str| -> String {
            w.chars()
                .map(|c| if c == '\u{2019}' { '\'' } else { c })
                .flat_map(char::to_lowercase)
                .collect()
        };
        for word in [
            "talks",
            "Talks",
            "US",
            "didn't",
            "didn’t",
            "2024",
            "straße",
            "Straße",
            "İzmir",
            "ǅemal",
            "ǆemal",
            "σεισμός",
            "Σεισμός",
            "日本",
            "ﬁnal",
        ] {
            let got = normalize_word(word);
            assert_eq!(got, by_chars(word), "{word:?}");
            assert_eq!(matches!(got, Cow::Borrowed(_)), got == word, "{word:?}");
            let mut appended = String::from("x");
            normalize_word_into(word, &mut appended);
            assert_eq!(appended, format!("x{}", by_chars(word)), "{word:?}");
        }
    }

    #[test]
    fn curly_apostrophes_fold() {
        let p = parse("didn’t").unwrap();
        assert_eq!(p.words[0].0, WordPattern::Exact("didn't".into()));
    }

    #[test]
    fn bad_patterns_are_rejected() {
        for bad in [
            "",
            "..",
            ".. ties",
            "ties ..",
            "a .. .. b",
            "ab*",
            "c*ndemn",
            "**",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
