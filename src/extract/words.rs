//! Small fixed sets of words that the relation pass tests tokens against:
//! speech verbs, title words, the words that split a clause.
//!
//! Such a test runs on nearly every word of a sentence and nearly always
//! fails. Written as a `match` on the word, it compiles to a jump on the
//! word's length and then string comparisons: branches that go one way or
//! the other from word to word, and so are often mispredicted. A
//! [`WordSet`] first tests one bit of a 128-bit filter, picked by the
//! word's [`Token::head`]: a branch that goes the same way for most words,
//! and the words themselves are compared only when the bit is set.
//! The sets took about 7 % of the worker's mispredicted branches away, by
//! cachegrind's branch simulation (the eighth round in
//! `docs/performance.md`).

use super::text::Token;
#[cfg(doc)]
use super::text::word_head;

/// A set of lower-case words, built at compile time.
#[derive(Debug)]
pub(crate) struct WordSet<const N: usize> {
    words: [&'static str; N],
    /// The [`word_head`] of each word.
    heads: [u64; N],
    /// The [`filter_bit`] of every word, in two halves: a word whose bit
    /// is not here is not in the set.
    filter: [u64; 2],
}

impl<const N: usize> WordSet<N> {
    /// The set of `words`, which must be lower case (as norms are) and not
    /// empty.
    pub(crate) const fn new(words: [&'static str; N]) -> WordSet<N> {
        let mut heads = [0; N];
        let mut filter = [0; 2];
        let mut i = 0;
        while i < N {
            assert!(!words[i].is_empty(), "a word has at least one byte");
            assert!(
                !has_ascii_capital(words[i]),
                "norms are lower case, so a capital would never match"
            );
            heads[i] = const_head(words[i]);
            let bit = filter_bit(heads[i]);
            filter[bit / 64] |= 1 << (bit % 64);
            i += 1;
        }
        WordSet {
            words,
            heads,
            filter,
        }
    }

    /// Whether the token's word is in the set.
    #[inline]
    pub(crate) fn contains(&self, token: &Token<'_>) -> bool {
        self.position(token).is_some()
    }

    /// Where the token's word stands in the words the set was made of, if
    /// it is one of them.
    #[inline]
    pub(crate) fn position(&self, token: &Token<'_>) -> Option<usize> {
        let head = token.head();
        let bit = filter_bit(head);
        if self.filter[bit / 64] & 1 << (bit % 64) == 0 {
            return None;
        }
        self.heads
            .iter()
            .zip(&self.words)
            // Equal heads settle a word of under eight bytes, as no word
            // holds a zero byte.
            .position(|(&h, w)| h == head && (w.len() < 8 || *w == token.norm()))
    }

    /// The words, in the order given.
    #[cfg(test)]
    fn words(&self) -> &[&'static str] {
        &self.words
    }
}

/// Whether `word` has an ASCII capital letter.
const fn has_ascii_capital(word: &str) -> bool {
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            return true;
        }
        i += 1;
    }
    false
}

/// [`word_head`], at compile time.
const fn const_head(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut head = 0;
    let mut i = 0;
    while i < bytes.len() && i < 8 {
        head |= (bytes[i] as u64) << (8 * i);
        i += 1;
    }
    head
}

/// Which of 128 bits stands for a word: the top bits of its head times a
/// large odd number (Fibonacci hashing), so that words alike in their first
/// bytes spread.
const fn filter_bit(head: u64) -> usize {
    (head.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::{Norms, tokenize, word_head};

    const SET: WordSet<6> =
        WordSet::new(["a", "said", "between", "describe", "governments", "été"]);

    #[test]
    fn heads_agree_with_the_tokenisers() {
        for word in SET.words() {
            assert_eq!(const_head(word), word_head(word), "{word}");
        }
    }

    #[test]
    fn a_set_holds_its_words_and_no_other() {
        let text = "A said, between describe governments \u{c9}t\u{e9}; an says \
                    betweens describes government governmentsx \u{e9}t describ";
        let mut norms = Norms::default();
        let tokens = tokenize(text, 0..text.len(), &mut norms);
        let found: Vec<&str> = tokens
            .iter()
            .filter(|t| SET.contains(t))
            .map(|t| t.norm())
            .collect();
        assert_eq!(
            found,
            [
                "a",
                "said",
                "between",
                "describe",
                "governments",
                "\u{e9}t\u{e9}"
            ]
        );
    }
}
