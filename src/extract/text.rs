//! Sentences and words, with byte offsets into the story text.
//!
//! News text breaks general-purpose sentence splitters in predictable ways:
//! "U.S. President", "Gen. Austin", "$3.5 billion", bullet lists. This
//! splitter is a single forward scan (fast enough to never be the
//! bottleneck) that ends a sentence at `.`, `!` or `?` followed by space and a
//! capital, except after an abbreviation from the rule tables or an initial,
//! unless the next word is a sentence opener ("the U.S. The move" splits).
//! Line breaks end a sentence when the line ends in punctuation, the next
//! line is a bullet, or a blank line follows; a hard-wrapped line does not.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use crate::rules::pattern::{is_word_char, normalize_word};

/// The abbreviation and opener lists the splitter consults.
#[derive(Debug, Clone, Default)]
pub struct Splitter {
    abbreviations: HashSet<String>,
    openers: HashSet<String>,
}

impl Splitter {
    /// A splitter for these abbreviations (without their final dot) and openers.
    pub fn new<'a>(
        abbreviations: impl IntoIterator<Item = &'a String>,
        openers: impl IntoIterator<Item = &'a String>,
    ) -> Splitter {
        Splitter {
            abbreviations: abbreviations.into_iter().cloned().collect(),
            openers: openers.into_iter().cloned().collect(),
        }
    }

    /// The sentences of `text`, as trimmed byte ranges in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use entente::extract::text::Splitter;
    ///
    /// let abbr = vec!["Gen".to_string()];
    /// let openers = vec!["The".to_string()];
    /// let s = Splitter::new(&abbr, &openers);
    /// let text = "U.S. President Joe Biden met Gen. Austin. The talks ended.";
    /// let parts: Vec<&str> = s.sentences(text).into_iter().map(|r| &text[r]).collect();
    /// assert_eq!(parts, ["U.S. President Joe Biden met Gen. Austin.", "The talks ended."]);
    /// ```
    pub fn sentences(&self, text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let cut = match b {
                b'.' | b'!' | b'?' => self.ends_sentence(text, i),
                b'\n' => line_break_ends(text, i),
                _ => None,
            };
            if let Some(end) = cut {
                push_trimmed(text, start..end, &mut out);
                start = end;
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
        push_trimmed(text, start..text.len(), &mut out);
        out
    }

    /// Where the sentence ends if the terminal mark at `i` ends it.
    fn ends_sentence(&self, text: &str, i: usize) -> Option<usize> {
        let bytes = text.as_bytes();
        // Swallow further marks and closing quotes or brackets.
        let mut end = i + 1;
        while end < bytes.len() {
            let rest = &text[end..];
            let c = rest.chars().next()?;
            if matches!(
                c,
                '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '\u{201D}' | '\u{2019}' | '\u{BB}'
            ) {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        let after = &text[end..];
        let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
        if end < bytes.len() && spaces == 0 && !after.starts_with(['\n', '\r']) {
            return None; // "3.5", "U.S.-led", "example.com"
        }
        let next = after.trim_start();
        let next_word: String = next
            .trim_start_matches(['"', '\u{201C}', '\'', '\u{2018}', '(', '['])
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let first = next.chars().next();
        let opens = match first {
            None => true,
            Some(c) => {
                c.is_uppercase()
                    || c.is_ascii_digit()
                    || matches!(
                        c,
                        '"' | '\u{201C}'
                            | '('
                            | '['
                            | '\u{2018}'
                            | '\''
                            | '\u{2022}'
                            | '-'
                            | '\u{AB}'
                    )
            }
        };
        if !opens {
            return None;
        }
        if bytes[i] == b'.'
            && self.is_abbreviation(&text[..i])
            && !self.openers.contains(&next_word)
        {
            return None;
        }
        Some(end)
    }

    /// Whether the word right before a full stop is an abbreviation or initial.
    fn is_abbreviation(&self, before: &str) -> bool {
        let word_start = before
            .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '\u{201C}'))
            .map_or(0, |p| {
                p + before[p..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &before[word_start..];
        if word.is_empty() {
            return false;
        }
        if self.abbreviations.contains(word) {
            return true;
        }
        // Initials: "U.S", "J", "U.K" (single letters joined by dots).
        word.split('.').all(|part| {
            let mut chars = part.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        })
    }
}

/// Whether the line break at `i` ends a sentence; returns where.
fn line_break_ends(text: &str, i: usize) -> Option<usize> {
    let before = text[..i].trim_end_matches([' ', '\t', '\r']);
    let after = &text[i + 1..];
    let next_line = after.trim_start_matches([' ', '\t', '\r']);
    let blank_follows = next_line.starts_with('\n');
    let bullet_follows = next_line.starts_with(['\u{2022}', '*', '-', '\u{2013}', '\u{25CF}']);
    let punct_before = before.ends_with(['.', '!', '?', ':', '"', '\u{201D}', ';']);
    let short_line = before
        .rsplit('\n')
        .next()
        .is_some_and(|l| l.trim().len() < 60);
    let next_capital = next_line.chars().next().is_some_and(char::is_uppercase);
    (blank_follows
        || bullet_follows
        || punct_before
        || before.is_empty()
        || (short_line && next_capital))
        .then_some(i + 1)
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    if slice.trim().is_empty() {
        return;
    }
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    let mut start = range.start + lead;
    let end = range.end - trail;
    // Drop bullet markers so that a highlight reads as a plain sentence.
    let body = &text[start..end];
    let unbulleted = body.trim_start_matches(|c: char| {
        matches!(c, '\u{2022}' | '*' | '\u{25CF}' | '-') || c.is_whitespace()
    });
    if unbulleted.len() < body.len() && !unbulleted.is_empty() {
        start = end - unbulleted.len();
    }
    if start < end && text[start..end].chars().any(char::is_alphanumeric) {
        out.push(start..end);
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of letters, digits and apostrophes.
    Word,
    /// One punctuation character.
    Punct(char),
}

/// A word or punctuation mark of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// Word or punctuation.
    pub kind: TokenKind,
    /// See [`Token::norm`]; borrowed from the text when the word is already
    /// in that form, as most words are, so that tokens cost no allocation.
    norm: Cow<'a, str>,
}

impl Token<'_> {
    /// The word, lower case with straight apostrophes; empty for punctuation.
    pub fn norm(&self) -> &str {
        &self.norm
    }

    /// Whether this is the punctuation mark `c`.
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == TokenKind::Punct(c)
    }

    /// Whether this is a word.
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }
}

/// Splits `text[range]` into tokens; whitespace is dropped.
///
/// # Examples
///
/// ```
/// use entente::extract::text::tokenize;
///
/// let text = "China’s ties, strained.";
/// let tokens = tokenize(text, 0..text.len());
/// let words: Vec<&str> = tokens.iter().map(|t| t.norm()).collect();
/// assert_eq!(words, ["china's", "ties", "", "strained", ""]);
/// ```
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    tokenize_into(text, range, &mut out);
    out
}

/// Like [`tokenize`], but into `out`, which is cleared first: one buffer
/// can then serve every sentence of a story.
pub fn tokenize_into<'a>(text: &'a str, range: Range<usize>, out: &mut Vec<Token<'a>>) {
    out.clear();
    let slice = &text[range.clone()];
    let mut iter = slice.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        let start = range.start + i;
        if is_word_char(c) && !is_quote_apostrophe(slice, i) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if is_word_char(d) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            // A trailing apostrophe is a closing quote or a plural possessive.
            let word = slice[i..end].trim_end_matches(['\'', '\u{2019}']);
            let end = i + word.len();
            out.push(Token {
                span: start..range.start + end,
                kind: TokenKind::Word,
                norm: normalize_word(word),
            });
            // Re-emit a dropped trailing apostrophe as punctuation.
            let tail = &slice[end..];
            for (k, q) in tail
                .char_indices()
                .take_while(|(_, q)| *q == '\'' || *q == '\u{2019}')
            {
                let at = range.start + end + k;
                out.push(Token {
                    span: at..at + q.len_utf8(),
                    kind: TokenKind::Punct(q),
                    norm: Cow::Borrowed(""),
                });
            }
        } else {
            out.push(Token {
                span: start..start + c.len_utf8(),
                kind: TokenKind::Punct(c),
                norm: Cow::Borrowed(""),
            });
        }
    }
}

/// An apostrophe that opens a word is a quote mark, not part of the word.
fn is_quote_apostrophe(slice: &str, i: usize) -> bool {
    matches!(slice[i..].chars().next(), Some('\'' | '\u{2019}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitter() -> Splitter {
        let rules = crate::rules::RuleSet::embedded().unwrap();
        Splitter::new(&rules.abbreviations.words, &rules.abbreviations.openers)
    }

    macro_rules! split {
        ($name:ident, $text:expr, $expected:expr) => {
            #[test]
            fn $name() {
                let text: &str = $text;
                let got: Vec<&str> = splitter()
                    .sentences(text)
                    .into_iter()
                    .map(|r| &text[r])
                    .collect();
                let want: Vec<&str> = $expected.to_vec();
                assert_eq!(got, want);
            }
        };
    }

    split!(
        us_president,
        "U.S. President Joe Biden spoke. He left.",
        ["U.S. President Joe Biden spoke.", "He left."]
    );
    split!(
        us_at_end,
        "Sanctions imposed by the U.S. The move angered Moscow.",
        ["Sanctions imposed by the U.S.", "The move angered Moscow."]
    );
    split!(
        titles_and_months,
        "Mr. Kim met Gen. Austin on Jan. 5 in Seoul. Dr. Lee attended.",
        [
            "Mr. Kim met Gen. Austin on Jan. 5 in Seoul.",
            "Dr. Lee attended."
        ]
    );
    split!(
        figures,
        "Trade rose 3.5 pct. to $3.5 billion. Exports fell.",
        ["Trade rose 3.5 pct. to $3.5 billion.", "Exports fell."]
    );
    split!(
        quotes,
        "\"We will respond,\" he said. \"Never again.\" She agreed.",
        [
            "\"We will respond,\" he said.",
            "\"Never again.\"",
            "She agreed."
        ]
    );
    split!(
        lowercase_after_dot,
        "The U.S. said no. It is final.",
        ["The U.S. said no.", "It is final."]
    );
    split!(
        bullets,
        "Highlights\n  • Xi wrote to Kim.\n  • Ties cooled.\nStory",
        ["Highlights", "Xi wrote to Kim.", "Ties cooled.", "Story"]
    );
    split!(
        hard_wrapped,
        "The two sides signed a long agreement on trade and\ninvestment in the region. It was new.",
        [
            "The two sides signed a long agreement on trade and\ninvestment in the region.",
            "It was new."
        ]
    );
    split!(
        initials,
        "John F. Kennedy met Nikita S. Khrushchev. They talked.",
        ["John F. Kennedy met Nikita S. Khrushchev.", "They talked."]
    );
    split!(
        question_and_bang,
        "Will it hold? Nobody knows! Wait.",
        ["Will it hold?", "Nobody knows!", "Wait."]
    );
    split!(
        no_terminal,
        "A headline without a stop",
        ["A headline without a stop"]
    );
    split!(
        no_number,
        "He cited No. 10 Downing Street. Then left.",
        ["He cited No. 10 Downing Street.", "Then left."]
    );

    #[test]
    fn tokenize_into_replaces_what_the_buffer_held() {
        let text = "Ties warmed. Trade fell";
        let mut buffer = tokenize(text, 0..12);
        tokenize_into(text, 13..text.len(), &mut buffer);
        assert_eq!(buffer, tokenize(text, 13..text.len()));
    }

    #[test]
    fn tokens_keep_offsets() {
        let text = "Russia’s ‘war’ in Ukraine";
        for t in tokenize(text, 0..text.len()) {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        }
        let tokens = tokenize(text, 0..text.len());
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| t.is_word())
            .map(|t| t.norm())
            .collect();
        assert_eq!(words, ["russia's", "war", "in", "ukraine"]);
    }
}
