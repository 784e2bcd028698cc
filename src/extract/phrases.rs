//! Matching cue, modifier and discard patterns against a sentence's words.
//!
//! Patterns are indexed by their first word (exact words in one map, stems
//! in another keyed by the stem), so each word of a sentence costs a couple
//! of hash lookups however many patterns the tables hold. The rest of a
//! pattern is then checked from that word on, allowing the `..` gaps.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use super::text::{Token, TokenKind};
use crate::rules::pattern::{MAX_GAP, Pattern, WordPattern};

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

/// Every pattern of the tables, indexed by first word.
#[derive(Debug, Clone, Default)]
pub struct PhraseMatcher {
    patterns: Vec<(Pattern, Owner)>,
    exact: HashMap<String, Vec<u32>>,
    stems: HashMap<String, Vec<u32>>,
    stem_lengths: BTreeSet<usize>,
}

impl PhraseMatcher {
    /// Adds a parsed pattern for `owner`.
    pub fn add(&mut self, pattern: Pattern, owner: Owner) {
        let id = u32::try_from(self.patterns.len()).expect("fewer than 2^32 patterns");
        match &pattern.words[0].0 {
            WordPattern::Exact(w) => self.exact.entry(w.clone()).or_default().push(id),
            WordPattern::Stem(s) => {
                self.stem_lengths.insert(s.len());
                self.stems.entry(s.clone()).or_default().push(id);
            }
        }
        self.patterns.push((pattern, owner));
    }

    /// Every match in `tokens`, in order of first word; matches may overlap.
    pub fn find(&self, tokens: &[Token]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = token.norm.as_str();
            let exact = self.exact.get(word).into_iter().flatten();
            let stems = self
                .stem_lengths
                .iter()
                .take_while(|&&len| len <= word.len())
                .filter(|&&len| word.is_char_boundary(len))
                .filter_map(|&len| self.stems.get(&word[..len]))
                .flatten();
            for &id in exact.chain(stems) {
                let (pattern, owner) = &self.patterns[id as usize];
                if let Some(last) = match_rest(pattern, tokens, i) {
                    out.push(PhraseMatch {
                        owner: *owner,
                        tokens: i..last + 1,
                    });
                }
            }
        }
        out
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
}
