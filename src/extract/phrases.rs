//! Matching cue, modifier and discard patterns against a sentence's words.
//!
//! Patterns are indexed by the start of their first word: its first
//! [`MIN_STEM`] characters, or the whole word when it is shorter. A stem is
//! never shorter than that, so every pattern whose first word can match a
//! sentence word sits under that word's own key, and each word of a sentence
//! costs one hash lookup however many patterns the tables hold. The few
//! candidates under the key are then compared whole (`==` for a word,
//! `starts_with` for a stem), and the rest of a pattern is checked from that
//! word on, allowing the `..` gaps.

use std::ops::Range;

use super::text::{Token, TokenKind};
use crate::rules::pattern::{MAX_GAP, MIN_STEM, Pattern, WordPattern};

/// Which table entry a pattern belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owner {
    /// A cue, by index.
    Cue(u32),
    /// A modifier, by index.
    Modifier(u32),
    /// A discard, by index.
    Discard(u32),
    /// An office title, by index.
    Title(u32),
}

/// A pattern that matched: its owner and the tokens it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    /// The table entry.
    pub owner: Owner,
    /// Token indexes covered, first to last word inclusive.
    pub tokens: Range<usize>,
}

/// Every pattern of the tables, indexed by the start of its first word.
#[derive(Debug, Clone, Default)]
pub struct PhraseMatcher {
    patterns: Vec<(Pattern, Owner)>,
    /// The distinct first words under each [`first_word_key`], in
    /// [`lookup_rank`] order so that matches come out in a stable order.
    by_key: foldhash::HashMap<String, Vec<FirstWord>>,
}

/// The patterns that share a first word; many do ("trade war", "trade
/// deal", ...), and the word is then compared once for all of them.
#[derive(Debug, Clone)]
struct FirstWord {
    word: WordPattern,
    /// Pattern ids, in the order they were added.
    ids: Vec<u32>,
}

impl PhraseMatcher {
    /// Adds a parsed pattern for `owner`.
    pub fn add(&mut self, pattern: Pattern, owner: Owner) {
        let id = u32::try_from(self.patterns.len()).expect("fewer than 2^32 patterns");
        let word = &pattern.words[0].0;
        let key = match word {
            WordPattern::Exact(w) | WordPattern::Stem(w) => first_word_key(w),
        };
        let firsts = self.by_key.entry(key.to_owned()).or_default();
        if let Some(same) = firsts.iter_mut().find(|f| f.word == *word) {
            same.ids.push(id);
        } else {
            let rank = lookup_rank(word);
            let at = firsts.partition_point(|f| lookup_rank(&f.word) <= rank);
            firsts.insert(
                at,
                FirstWord {
                    word: word.clone(),
                    ids: vec![id],
                },
            );
        }
        self.patterns.push((pattern, owner));
    }

    /// Every match in `tokens`, in order of first word; matches may overlap.
    ///
    /// Matches that start at the same word come in [`lookup_rank`] order:
    /// exact words first, then stems from shortest to longest, each in the
    /// order the patterns were added. Modifiers are tried in this order.
    pub fn find(&self, tokens: &[Token]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = token.norm.as_str();
            let Some(firsts) = self.by_key.get(first_word_key(word)) else {
                continue;
            };
            for first in firsts.iter().filter(|f| f.word.matches(word)) {
                for &id in &first.ids {
                    let (pattern, owner) = &self.patterns[id as usize];
                    if let Some(last) = match_rest(pattern, tokens, i) {
                        out.push(PhraseMatch {
                            owner: *owner,
                            tokens: i..last + 1,
                        });
                    }
                }
            }
        }
        out
    }
}

/// The index key of a lower-case word: its first [`MIN_STEM`] characters,
/// or the whole word when it is shorter.
///
/// A stem has at least [`MIN_STEM`] characters, so a word it matches has the
/// same key; an exact word has the key of any word equal to it.
fn first_word_key(word: &str) -> &str {
    word.char_indices()
        .nth(MIN_STEM)
        .map_or(word, |(end, _)| &word[..end])
}

/// Where a first word stands among the candidates of its key: exact words
/// before stems, shorter stems before longer ones.
fn lookup_rank(first: &WordPattern) -> (bool, usize) {
    match first {
        WordPattern::Exact(_) => (false, 0),
        WordPattern::Stem(s) => (true, s.len()),
    }
}

/// Matches the words after the first; returns the last token index.
fn match_rest(pattern: &Pattern, tokens: &[Token], first: usize) -> Option<usize> {
    let mut at = first;
    for (word, gap) in &pattern.words[1..] {
        let allowed_skips = if *gap { MAX_GAP } else { 0 };
        let mut skipped = 0;
        let mut j = at + 1;
        loop {
            let token = tokens.get(j)?;
            match token.kind {
                // Hyphens join words; dots of "U.S." and quotation marks do not break a phrase.
                TokenKind::Punct(
                    '-' | '\u{2013}' | '\u{2010}' | '/' | '.' | '"' | '\u{201C}' | '\u{201D}'
                    | '\u{2018}' | '\u{2019}' | '\'',
                ) => {}
                TokenKind::Punct(_) => return None,
                TokenKind::Word if word.matches(&token.norm) => break,
                TokenKind::Word => {
                    skipped += 1;
                    if skipped > allowed_skips {
                        return None;
                    }
                }
            }
            j += 1;
        }
        at = j;
    }
    Some(at)
}

/// Keeps the longest of overlapping matches (then the leftmost).
pub fn longest_non_overlapping(mut found: Vec<PhraseMatch>) -> Vec<PhraseMatch> {
    found.sort_by_key(|m| (std::cmp::Reverse(m.tokens.len()), m.tokens.start, m.owner));
    let mut kept: Vec<PhraseMatch> = Vec::new();
    for m in found {
        if kept
            .iter()
            .all(|k| k.tokens.end <= m.tokens.start || m.tokens.end <= k.tokens.start)
        {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.tokens.start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::tokenize;
    use crate::rules::pattern::parse;

    fn matcher(patterns: &[&str]) -> PhraseMatcher {
        let mut m = PhraseMatcher::default();
        for (i, p) in patterns.iter().enumerate() {
            m.add(parse(p).unwrap(), Owner::Cue(i as u32));
        }
        m
    }

    /// (patterns, sentence, expected (pattern index, matched text)).
    macro_rules! t {
        ($name:ident, $patterns:expr, $text:expr, $expected:expr) => {
            #[test]
            fn $name() {
                let text: &str = $text;
                let tokens = tokenize(text, 0..text.len());
                let found = longest_non_overlapping(matcher(&$patterns).find(&tokens));
                let got: Vec<(u32, &str)> = found
                    .iter()
                    .map(|m| {
                        let Owner::Cue(i) = m.owner else {
                            unreachable!()
                        };
                        (
                            i,
                            &text[tokens[m.tokens.start].span.start
                                ..tokens[m.tokens.end - 1].span.end],
                        )
                    })
                    .collect();
                let want: Vec<(u32, &str)> = $expected.to_vec();
                assert_eq!(got, want);
            }
        };
    }

    t!(exact_word, ["ties"], "warm ties", [(0, "ties")]);
    t!(
        stem_word,
        ["condemn*"],
        "It condemned the test",
        [(0, "condemned")]
    );
    t!(
        gap,
        ["strengthen* .. ties"],
        "to strengthen their bilateral ties",
        [(0, "strengthen their bilateral ties")]
    );
    t!(
        gap_too_long,
        ["strengthen* .. ties"],
        "strengthen a b c d ties",
        []
    );
    t!(
        no_gap_across_comma,
        ["relations .. strain*"],
        "relations, which strained",
        []
    );
    t!(
        hyphen_inside,
        ["co operation"],
        "co-operation grew",
        [(0, "co-operation")]
    );
    t!(
        longest_wins,
        ["ties", "cut* ties"],
        "they cut ties",
        [(1, "cut ties")]
    );
    t!(curly_apostrophe, ["didn't"], "it didn’t", [(0, "didn’t")]);
    t!(
        case_folds,
        ["trade war"],
        "Trade War looms",
        [(0, "Trade War")]
    );
    t!(
        short_exact_word_is_whole,
        ["us", "use*"],
        "use us",
        [(1, "use"), (0, "us")]
    );
    t!(
        stem_with_accents,
        ["ukraïn*", "été"],
        "Ukraïne’s été",
        [(0, "Ukraïne’s"), (1, "été")]
    );

    #[test]
    fn same_first_word_comes_exact_first_then_shorter_stems() {
        let m = matcher(&["condemned", "condemn*", "con*", "cond*", "condemned"]);
        let text = "condemned";
        let owners: Vec<Owner> = m
            .find(&tokenize(text, 0..text.len()))
            .into_iter()
            .map(|found| found.owner)
            .collect();
        let want = [0, 4, 2, 3, 1].map(Owner::Cue);
        assert_eq!(owners, want);
    }

    #[test]
    fn keys_are_whole_characters() {
        assert_eq!(first_word_key("us"), "us");
        assert_eq!(first_word_key("ties"), "tie");
        assert_eq!(first_word_key("étés"), "été");
        assert_eq!(first_word_key(""), "");
    }
}
