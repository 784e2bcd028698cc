//! Matching cue, modifier and discard patterns against a sentence's words.
//!
//! Patterns are indexed by the start of their first word: its first
//! [`MIN_STEM`] characters, or the whole word when it is shorter, packed into
//! a `WordKey`. A stem is never shorter than that, so every pattern whose
//! first word can match a sentence word sits under that word's own key, and
//! each word of a sentence costs one hash lookup however many patterns the
//! tables hold. Under a key, patterns are grouped by first word, which is
//! compared once for the group (equal for a word, a prefix for a stem): its
//! length and first eight bytes, kept next to it, settle most words without
//! reading the pattern's text. Many patterns share a first word ("trade war", "trade deal", ...),
//! so each also keeps the key of its second word: most are rejected by
//! comparing that with the keys of the words that follow, without reading
//! the pattern. The rest of a pattern is then checked from the first word
//! on, allowing the `..` gaps.

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
    /// The words a `..` gap skipped, as bits by offset from the first token
    /// (offsets past 63 are not recorded): "signed a trade deal" matched by
    /// `sign* .. deal` skips "a" and "trade", where another cue may start.
    pub skipped: u64,
}

impl PhraseMatch {
    /// Whether the word at token `i` was skipped by a gap of this match.
    pub fn skips(&self, i: usize) -> bool {
        i.checked_sub(self.tokens.start)
            .is_some_and(|offset| offset < 64 && self.skipped & (1 << offset) != 0)
    }
}

/// Every pattern of the tables, indexed by the start of its first word.
#[derive(Debug, Clone, Default)]
pub struct PhraseMatcher {
    patterns: Vec<(Pattern, Owner)>,
    /// The distinct first words under each key, in [`lookup_rank`] order so
    /// that matches come out in a stable order.
    by_key: foldhash::HashMap<WordKey, Vec<FirstWord>>,
}

/// The patterns that share a first word, compared once for all of them.
#[derive(Debug, Clone)]
struct FirstWord {
    word: WordPattern,
    /// The [`head`] of the word's text, and the mask of the bytes of it that
    /// the text fills: a word whose head differs under the mask cannot match.
    head: u64,
    mask: u64,
    /// In the order the patterns were added.
    patterns: Vec<Candidate>,
}

/// A pattern under its first word, with what rejects it cheaply.
#[derive(Debug, Clone)]
struct Candidate {
    id: u32,
    /// The key of the second word and whether a gap stands before it; `None`
    /// for a pattern of one word.
    second: Option<(WordKey, bool)>,
}

impl FirstWord {
    fn new(word: WordPattern, patterns: Vec<Candidate>) -> FirstWord {
        let len = word.text().len();
        let mask = if len >= 8 { !0 } else { (1 << (8 * len)) - 1 };
        FirstWord {
            head: head(word.text()),
            mask,
            word,
            patterns,
        }
    }

    /// [`WordPattern::matches`], given the word's [`head`]: the lengths and
    /// heads settle most words, and only bytes past the eighth are compared.
    fn matches(&self, word: &str, word_head: u64) -> bool {
        let (text, word) = (self.word.text().as_bytes(), word.as_bytes());
        let fits = match self.word {
            WordPattern::Exact(_) => word.len() == text.len(),
            WordPattern::Stem(_) => word.len() >= text.len(),
        };
        fits && word_head & self.mask == self.head
            && (text.len() <= 8 || word[8..text.len()] == text[8..])
    }
}

/// The first eight bytes of a word, padded with zeros, as one integer (byte
/// `i` in bits `8 * i` up).
///
/// Shorter words are read in two overlapping loads (or three single bytes),
/// without a loop: the overlapping bytes are equal, so or-ing them is exact.
fn head(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let len = bytes.len();
    let load4 = |at: usize| u64::from(u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()));
    match len {
        8.. => u64::from_le_bytes(bytes[..8].try_into().unwrap()),
        4..8 => load4(0) | load4(len - 4) << (8 * (len - 4)),
        1..4 => {
            let at = |i: usize| u64::from(bytes[i]) << (8 * i);
            at(0) | at(len / 2) | at(len - 1)
        }
        0 => 0,
    }
}

impl Candidate {
    /// Whether the pattern may match, given the words after its first.
    fn may_match(&self, next: &Reach) -> bool {
        match self.second {
            None => true,
            Some((key, true)) => next.keys().contains(&key),
            Some((key, false)) => next.keys().first() == Some(&key),
        }
    }
}

impl PhraseMatcher {
    /// Adds a parsed pattern for `owner`.
    pub fn add(&mut self, pattern: Pattern, owner: Owner) {
        let id = u32::try_from(self.patterns.len()).expect("fewer than 2^32 patterns");
        let word = &pattern.words[0].0;
        let candidate = Candidate {
            id,
            second: pattern
                .words
                .get(1)
                .map(|(second, gap)| (WordKey::of(second.text()), *gap)),
        };
        let firsts = self.by_key.entry(WordKey::of(word.text())).or_default();
        if let Some(same) = firsts.iter_mut().find(|f| f.word == *word) {
            same.patterns.push(candidate);
        } else {
            let rank = lookup_rank(word);
            let at = firsts.partition_point(|f| lookup_rank(&f.word) <= rank);
            firsts.insert(at, FirstWord::new(word.clone(), vec![candidate]));
        }
        self.patterns.push((pattern, owner));
    }

    /// Every match in `tokens`, in order of first word; matches may overlap.
    ///
    /// Matches that start at the same word come exact words first, then
    /// stems from shortest to longest, each in the order the patterns were
    /// added. Modifiers are tried in this order.
    pub fn find(&self, tokens: &[Token<'_>]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        self.find_into(tokens, &mut out);
        out
    }

    /// [`PhraseMatcher::find`] into `out`, which is cleared first: a caller
    /// that matches sentence after sentence reuses one buffer.
    pub fn find_into(&self, tokens: &[Token<'_>], out: &mut Vec<PhraseMatch>) {
        out.clear();
        let keys: Vec<Option<WordKey>> = tokens
            .iter()
            .map(|t| t.is_word().then(|| WordKey::of(t.norm())))
            .collect();
        for (i, token) in tokens.iter().enumerate() {
            let Some(firsts) = keys[i].and_then(|key| self.by_key.get(&key)) else {
                continue;
            };
            let word = token.norm();
            let word_head = head(word);
            let mut reach = None;
            for first in firsts.iter().filter(|f| f.matches(word, word_head)) {
                let next = reach.get_or_insert_with(|| Reach::after(tokens, &keys, i));
                for candidate in first.patterns.iter().filter(|c| c.may_match(next)) {
                    let (pattern, owner) = &self.patterns[candidate.id as usize];
                    if let Some((last, skipped)) = match_rest(pattern, tokens, i) {
                        out.push(PhraseMatch {
                            owner: *owner,
                            tokens: i..last + 1,
                            skipped,
                        });
                    }
                }
            }
        }
    }
}

/// The first [`MIN_STEM`] characters of a lower-case word, or the whole word
/// when it is shorter, packed with their length into one integer.
///
/// A stem has at least [`MIN_STEM`] characters, so a word it matches has the
/// same key; an exact word has the key of any word equal to it. Two words
/// have the same key exactly when they start with the same characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WordKey(u128);

// The key's bytes (at most four per character) and their length fit in 128 bits.
const _: () = assert!(MIN_STEM * 4 < 16);

impl WordKey {
    fn of(word: &str) -> WordKey {
        let bytes = word.as_bytes();
        let head = &bytes[..bytes.len().min(MIN_STEM)];
        let end = if head.is_ascii() {
            head.len()
        } else {
            word.char_indices()
                .nth(MIN_STEM)
                .map_or(bytes.len(), |(end, _)| end)
        };
        let packed = match end {
            0 => 0,
            // Most keys: up to three bytes, read without a loop and packed in
            // 32 bits (the middle byte may be the first or last again, which
            // or-ing leaves exact).
            1..=3 => {
                let at = |i: usize| u32::from(bytes[i]) << (8 * i);
                u128::from(at(0) | at(end / 2) | at(end - 1))
            }
            _ => (0..end).fold(0, |key, i| key | u128::from(bytes[i]) << (8 * i)),
        };
        WordKey(packed | (end as u128) << 120)
    }
}

/// The keys of the words after a pattern's first word that its second word
/// may stand on, nearest first.
#[derive(Debug, Clone, Copy)]
struct Reach {
    keys: [WordKey; MAX_GAP + 1],
    len: usize,
}

impl Reach {
    /// Up to [`MAX_GAP`] + 1 words after `tokens[first]`, across the
    /// punctuation that [`joins_words`] and stopping at any other; `keys`
    /// holds the key of each word token.
    fn after(tokens: &[Token<'_>], keys: &[Option<WordKey>], first: usize) -> Reach {
        let mut reach = Reach {
            keys: [WordKey(0); MAX_GAP + 1],
            len: 0,
        };
        for (token, key) in tokens.iter().zip(keys).skip(first + 1) {
            match (token.kind, key) {
                (TokenKind::Word, Some(key)) => {
                    reach.keys[reach.len] = *key;
                    reach.len += 1;
                    if reach.len == reach.keys.len() {
                        break;
                    }
                }
                (TokenKind::Punct(c), _) if joins_words(c) => {}
                _ => break,
            }
        }
        reach
    }

    fn keys(&self) -> &[WordKey] {
        &self.keys[..self.len]
    }
}

/// Where a first word stands among the candidates of its key: exact words
/// before stems, shorter stems before longer ones.
fn lookup_rank(first: &WordPattern) -> (bool, usize) {
    match first {
        WordPattern::Exact(_) => (false, 0),
        WordPattern::Stem(s) => (true, s.len()),
    }
}

/// Matches the words after the first; returns the last token index and the
/// skipped words (see [`PhraseMatch::skipped`]).
fn match_rest(pattern: &Pattern, tokens: &[Token<'_>], first: usize) -> Option<(usize, u64)> {
    let mut at = first;
    let mut skipped_words = 0u64;
    for (word, gap) in &pattern.words[1..] {
        let allowed_skips = if *gap { MAX_GAP } else { 0 };
        let mut skipped = 0;
        let mut j = at + 1;
        loop {
            let token = tokens.get(j)?;
            match token.kind {
                TokenKind::Punct(c) if joins_words(c) => {}
                TokenKind::Punct(_) => return None,
                TokenKind::Word if word.matches(token.norm()) => break,
                TokenKind::Word => {
                    skipped += 1;
                    if skipped > allowed_skips {
                        return None;
                    }
                    if j - first < 64 {
                        skipped_words |= 1 << (j - first);
                    }
                }
            }
            j += 1;
        }
        at = j;
    }
    Some((at, skipped_words))
}

/// Whether a phrase goes on across this punctuation mark: hyphens join
/// words, and the dots of "U.S." and quotation marks do not break a phrase.
fn joins_words(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2013}'
            | '\u{2010}'
            | '/'
            | '.'
            | '"'
            | '\u{201C}'
            | '\u{201D}'
            | '\u{2018}'
            | '\u{2019}'
            | '\''
    )
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
        gap_of_most_words,
        ["strengthen* .. ties"],
        "strengthen a b c ties",
        [(0, "strengthen a b c ties")]
    );
    t!(
        second_word_after_a_near_miss,
        ["ties .. within", "ties within"],
        "ties with within",
        [(0, "ties with within")]
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
        let key = |w: &str| WordKey::of(w);
        assert_eq!(key("ties"), key("tie"));
        assert_ne!(key("ties"), key("ti"));
        assert_ne!(key("us"), key("use"));
        assert_eq!(key("étés"), key("été"));
        assert_ne!(key("été"), key("ét"));
        assert_ne!(key(""), key("a"));
        assert_ne!(key("a"), key("a\0"));
        assert_eq!(key("日本語です"), key("日本語"));
    }

    #[test]
    fn keys_pack_the_bytes_in_order_with_their_length() {
        let slow = |bytes: &[u8]| {
            let packed = bytes
                .iter()
                .enumerate()
                .fold(0, |key, (i, &b)| key | u128::from(b) << (8 * i));
            WordKey(packed | (bytes.len() as u128) << 120)
        };
        for (word, head) in [
            ("", ""),
            ("a", "a"),
            ("ab", "ab"),
            ("abc", "abc"),
            ("abcd", "abc"),
            ("éa", "éa"),
            ("été", "été"),
            ("étés", "été"),
            ("日本語です", "日本語"),
        ] {
            assert_eq!(WordKey::of(word), slow(head.as_bytes()), "{word:?}");
        }
    }

    #[test]
    fn heads_decide_as_the_pattern_word_does() {
        let words = [
            "",
            "a",
            "tie",
            "ties",
            "tied",
            "strength",
            "strengthen",
            "strengthened",
            "strengthening",
            "été",
            "étés",
            "日本語",
            "日本語です",
            "co-operate",
            "ab\0",
        ];
        for pattern in words.iter().filter(|w| !w.is_empty()) {
            for word in [
                WordPattern::Exact((*pattern).to_owned()),
                WordPattern::Stem((*pattern).to_owned()),
            ] {
                let first = FirstWord::new(word.clone(), Vec::new());
                for text in words {
                    assert_eq!(
                        first.matches(text, head(text)),
                        word.matches(text),
                        "{word:?} against {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn heads_are_the_first_eight_bytes() {
        let slow = |w: &str| {
            let bytes = &w.as_bytes()[..w.len().min(8)];
            bytes.iter().rev().fold(0, |h, &b| h << 8 | u64::from(b))
        };
        let text = "abcdefghijk";
        for end in 0..=text.len() {
            assert_eq!(head(&text[..end]), slow(&text[..end]), "{end} bytes");
        }
    }

    #[test]
    fn reachable_words_stop_at_breaking_punctuation() {
        let keys = |text: &str| {
            let tokens = tokenize(text, 0..text.len());
            let keys: Vec<_> = tokens.iter().map(|t| Some(WordKey::of(t.norm()))).collect();
            Reach::after(&tokens, &keys, 0).keys().to_vec()
        };
        let of = |words: &[&str]| words.iter().map(|w| WordKey::of(w)).collect::<Vec<_>>();
        assert_eq!(keys("cut off-the ties"), of(&["off", "the", "ties"]));
        assert_eq!(keys("cut a b c d e"), of(&["a", "b", "c", "d"]));
        assert_eq!(keys("cut a, b"), of(&["a"]));
        assert_eq!(keys("cut"), of(&[]));
    }

    #[test]
    fn a_gap_records_the_words_it_skipped() {
        let text = "they signed a trade deal";
        let tokens = tokenize(text, 0..text.len());
        let found = matcher(&["sign* .. deal", "trade deal"]).find(&tokens);
        let outer = found.iter().find(|m| m.owner == Owner::Cue(0)).unwrap();
        assert_eq!(outer.tokens, 1..5);
        let skipped: Vec<usize> = (0..6).filter(|&i| outer.skips(i)).collect();
        assert_eq!(skipped, [2, 3], "\"a\" and \"trade\"");
        let inner = found.iter().find(|m| m.owner == Owner::Cue(1)).unwrap();
        assert_eq!((inner.tokens.clone(), inner.skipped), (3..5, 0));
    }
}
