//! Matching cue, modifier and discard patterns against a sentence's words.
//!
//! Patterns are indexed by the start of their first word: its first
//! [`MIN_STEM`] bytes, or the whole word when it is shorter, packed into a
//! `WordKey`. A stem is never shorter than that, so every pattern whose
//! first word can match a sentence word sits under that word's own key, and
//! each word of a sentence costs one hash lookup, however many patterns the
//! tables hold. Under a key, patterns are
//! grouped by first word, which is compared once for the group, and exact
//! words are kept apart from stems: at most one exact word can equal a
//! sentence word, and the stems it starts with have different lengths, so
//! trying the exact words, then the stems from shortest to longest, gives
//! matches in a fixed order. A first word's length and first eight bytes,
//! kept next to it, settle most words without reading the pattern's text.
//! Many patterns share a first word ("trade war", "trade deal", ...), so
//! each also keeps the key of its second word: most are rejected by
//! comparing that with the keys of the words that follow, read once per
//! word and only as far as its patterns need, and a 64-bit filter of those
//! keys rejects all of a first word's patterns at once. The rest of a
//! pattern is then checked from the first word on, allowing the `..` gaps.
//!
//! The index is built once, from all the patterns, into three flat arrays:
//! the key table's slots hold where their first words lie, and first words
//! and patterns are small records side by side. Most words a lookup reads
//! are in no cache yet, so what it costs is mostly the cache lines it
//! touches; with one allocation per key and per first word, as before,
//! that was about a third of all the run's data cache misses.

use std::collections::HashMap;
use std::ops::Range;

use super::text::{Token, TokenKind, word_head};
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
    /// Where each key's first words lie in `firsts`.
    by_key: KeyTable,
    /// The distinct first words, key by key (see [`KeyGroup`]).
    firsts: Vec<FirstWord>,
    /// The patterns under each first word, in the order added.
    candidates: Vec<Candidate>,
}

/// The first words under one key: `firsts[start..stems]` are the exact
/// words, shortest first, so that a search stops at the first word longer
/// than the one it looks for; `firsts[stems..end]` the stems, shortest first
/// (in the order first added for one length).
///
/// A sentence word equals at most one exact word, and the stems it starts
/// with all differ in length: [`PhraseMatcher::matching`] yields the exact
/// word, then the stems from shortest to longest, which is the documented
/// order of [`PhraseMatcher::find`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct KeyGroup {
    start: u32,
    stems: u32,
    end: u32,
}

/// The patterns that share a first word, compared once for all of them.
#[derive(Debug, Clone)]
struct FirstWord {
    /// The word's [`word_head`]: a sentence word whose head differs (under
    /// the mask of the bytes the word fills, for a stem) cannot match.
    head: u64,
    /// The length of the word in bytes.
    len: u32,
    /// How far to shift all ones right for the mask of the head's bytes
    /// that the word fills (0 from eight bytes on).
    head_shift: u8,
    /// How many words after a match of the first word the patterns need in
    /// their [`Reach`]: the most [`Candidate::reach_words`] of any.
    reach_words: u8,
    /// The [`Candidate::bit`] of every pattern: when a reach has none of
    /// them, no pattern can match and none is tried.
    bits: u64,
    /// Its patterns: the range `patterns.0..patterns.1` of
    /// [`PhraseMatcher::candidates`].
    patterns: (u32, u32),
}

/// A pattern under its first word, with what rejects it cheaply.
#[derive(Debug, Clone)]
struct Candidate {
    id: u32,
    /// The key of the second word and whether a gap stands before it; `None`
    /// for a pattern of one word.
    second: Option<(WordKey, bool)>,
    /// Which of 64 bits is [`Candidate::bit`], kept to reject most patterns
    /// in one test (in a byte, so that four candidates share 64 bytes).
    bit_index: u8,
}

/// A sentence word as its first words are compared with it: its text and
/// [`word_head`], taken from its token.
#[derive(Debug, Clone, Copy)]
struct Probe<'a> {
    text: &'a str,
    head: u64,
}

impl<'a> Probe<'a> {
    fn of(token: &Token<'a>) -> Probe<'a> {
        Probe {
            text: token.norm(),
            head: token.head(),
        }
    }
}

impl FirstWord {
    /// The record of `word`, whose patterns are `candidates`, the range
    /// `patterns` of the matcher's.
    fn new(word: &WordPattern, candidates: &[Candidate], patterns: (u32, u32)) -> FirstWord {
        let len = word.text().len();
        let reach_words = candidates.iter().map(Candidate::reach_words).max();
        FirstWord {
            head: word_head(word.text()),
            len: index(len),
            // At most 56: a word of no bytes is taken as one, which is
            // harmless, as only the empty word has its key.
            head_shift: (8 * (8 - len.clamp(1, 8))) as u8,
            reach_words: reach_words.unwrap_or(0) as u8,
            bits: candidates.iter().fold(0, |bits, c| bits | c.bit()),
            patterns,
        }
    }

    /// Whether `word` may be this (exact) word: the length and head settle
    /// it for a word of up to eight bytes; past them, the rest is compared.
    fn may_equal(&self, word: &Probe<'_>) -> bool {
        word.text.len() == self.len as usize && word.head == self.head
    }

    /// Whether `word` may start with this stem, as [`FirstWord::may_equal`].
    fn may_start(&self, word: &Probe<'_>) -> bool {
        let mask = u64::MAX >> self.head_shift;
        word.text.len() >= self.len as usize && word.head & mask == self.head
    }
}

/// `n` as a `u32`: the matcher counts patterns and words in 32 bits.
fn index(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 patterns and bytes in a word")
}

impl Candidate {
    /// Pattern `id`, whose second word (if any) has key `second`.
    fn new(id: u32, second: Option<(WordKey, bool)>) -> Candidate {
        Candidate {
            id,
            second,
            bit_index: second.map_or(Reach::ALWAYS.trailing_zeros() as u8, |(key, _)| {
                key.bit_index()
            }),
        }
    }

    /// The pattern's bit in a [`FirstWord::bits`]: [`WordKey::bit`] of its
    /// second word, or [`Reach::ALWAYS`] for a pattern of one word.
    fn bit(&self) -> u64 {
        1 << self.bit_index
    }

    /// How many words after the first the pattern may need to see: none for
    /// one word, the next one for a second word right after, all that a
    /// gap may skip and the word after them otherwise.
    fn reach_words(&self) -> usize {
        match self.second {
            None => 0,
            Some((_, false)) => 1,
            Some((_, true)) => MAX_GAP + 1,
        }
    }

    /// Whether the pattern may match, given the words after its first, read
    /// as far as [`Candidate::reach_words`] at least.
    fn may_match(&self, next: &Reach) -> bool {
        match self.second {
            None => true,
            Some((key, true)) => next.keys.contains(&key),
            Some((key, false)) => next.keys[0] == key,
        }
    }
}

impl PhraseMatcher {
    /// A matcher of `patterns`, each with the table entry it belongs to.
    pub fn new(patterns: impl IntoIterator<Item = (Pattern, Owner)>) -> PhraseMatcher {
        let patterns: Vec<(Pattern, Owner)> = patterns.into_iter().collect();
        // The keys in the order first seen, each with its distinct first
        // words and their patterns' ids.
        type FirstWords<'p> = Vec<(&'p WordPattern, Vec<u32>)>;
        let mut keys: Vec<(WordKey, FirstWords<'_>)> = Vec::new();
        let mut key_at: HashMap<WordKey, usize> = HashMap::new();
        for (id, (pattern, _)) in patterns.iter().enumerate() {
            let word = &pattern.words[0].0;
            let key = WordKey::of(word.text());
            let at = *key_at.entry(key).or_insert_with(|| {
                keys.push((key, Vec::new()));
                keys.len() - 1
            });
            let words = &mut keys[at].1;
            match words.iter_mut().find(|(w, _)| *w == word) {
                Some((_, ids)) => ids.push(index(id)),
                None => words.push((word, vec![index(id)])),
            }
        }
        let mut by_key = KeyTable::default();
        let mut firsts = Vec::new();
        let mut candidates = Vec::new();
        for (key, mut words) in keys {
            // Exact words, then stems, each shortest first; the sort is
            // stable, so words of one length keep the order first seen.
            words.sort_by_key(|(w, _)| (matches!(w, WordPattern::Stem(_)), w.text().len()));
            let exact = words
                .iter()
                .take_while(|(w, _)| matches!(w, WordPattern::Exact(_)))
                .count();
            let start = firsts.len();
            for (word, ids) in words {
                let from = candidates.len();
                candidates.extend(ids.into_iter().map(|id| {
                    let second = patterns[id as usize]
                        .0
                        .words
                        .get(1)
                        .map(|(second, gap)| (WordKey::of(second.text()), *gap));
                    Candidate::new(id, second)
                }));
                let range = (index(from), index(candidates.len()));
                firsts.push(FirstWord::new(word, &candidates[from..], range));
            }
            let group = KeyGroup {
                start: index(start),
                stems: index(start + exact),
                end: index(firsts.len()),
            };
            by_key.insert(key, group);
        }
        PhraseMatcher {
            patterns,
            by_key,
            firsts,
            candidates,
        }
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
        for (i, token) in tokens.iter().enumerate() {
            if !token.is_word() {
                continue;
            }
            if let Some(group) = self.by_key.get(WordKey::of_token(token)) {
                self.find_at(group, &Probe::of(token), tokens, i, out);
            }
        }
    }

    /// Adds to `out` the matches of the patterns under `group` that start
    /// at `tokens[i]`, which is `word`.
    fn find_at(
        &self,
        group: KeyGroup,
        word: &Probe<'_>,
        tokens: &[Token<'_>],
        i: usize,
        out: &mut Vec<PhraseMatch>,
    ) {
        let (mut reach, mut read) = (Reach::NONE, 0);
        for first in self.matching(group, word) {
            if first.reach_words as usize > read {
                read = first.reach_words as usize;
                reach = Reach::after(tokens, i, read);
            }
            if first.bits & reach.bits == 0 {
                continue;
            }
            let may_match = |c: &&Candidate| c.bit() & reach.bits != 0 && c.may_match(&reach);
            let (from, to) = first.patterns;
            for candidate in self.candidates[from as usize..to as usize]
                .iter()
                .filter(may_match)
            {
                self.push_match(candidate.id, tokens, i, out);
            }
        }
    }

    /// The first words under `group` that match `word`: the exact word
    /// equal to it, then the stems it starts with, shortest first.
    fn matching<'m>(
        &'m self,
        group: KeyGroup,
        word: &Probe<'_>,
    ) -> impl Iterator<Item = &'m FirstWord> {
        let exact = self.firsts[group.start as usize..group.stems as usize]
            .iter()
            .take_while(|f| f.len as usize <= word.text.len())
            .find(|f| f.may_equal(word) && self.tail_matches(f, word));
        let stems = self.firsts[group.stems as usize..group.end as usize]
            .iter()
            .filter(|f| f.may_start(word) && self.tail_matches(f, word));
        exact.into_iter().chain(stems)
    }

    /// Whether the bytes of first word `first` past its head start `word`
    /// from its ninth byte on; `word` is at least as long.
    fn tail_matches(&self, first: &FirstWord, word: &Probe<'_>) -> bool {
        let len = first.len as usize;
        len <= 8 || word.text.as_bytes()[8..len] == self.spelling(first).as_bytes()[8..]
    }

    /// The text of a first word, as its first pattern spells it (read only
    /// for words longer than a head).
    fn spelling(&self, first: &FirstWord) -> &str {
        let id = self.candidates[first.patterns.0 as usize].id;
        self.patterns[id as usize].0.words[0].0.text()
    }

    /// Checks the rest of pattern `id`, whose first word is `tokens[first]`,
    /// and adds the match to `out` if it holds.
    fn push_match(&self, id: u32, tokens: &[Token<'_>], first: usize, out: &mut Vec<PhraseMatch>) {
        let (pattern, owner) = &self.patterns[id as usize];
        if let Some((last, skipped)) = match_rest(pattern, tokens, first) {
            out.push(PhraseMatch {
                owner: *owner,
                tokens: first..last + 1,
                skipped,
            });
        }
    }
}

/// The first [`MIN_STEM`] bytes of a lower-case word, or the whole word when
/// it is shorter, packed with their length into one integer.
///
/// A stem has at least [`MIN_STEM`] characters, so at least as many bytes,
/// and a word it matches has the same key; an exact word has the key of any
/// word equal to it. Two words have the same key exactly when they start
/// with the same bytes. Counting bytes rather than characters may cut a
/// character in two, which is harmless: only equality of keys matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct WordKey(u32);

// The key's bytes fit under the length in the top byte, and
// [`WordKey::of`] reads three of them.
const _: () = assert!(MIN_STEM == 3);

impl WordKey {
    /// A key that no word has, not even the empty word (its length byte is
    /// past [`MIN_STEM`]): it fills the slots of a [`Reach`] past the last
    /// word.
    const NONE: WordKey = WordKey(u32::MAX);

    /// The key of `word`.
    fn of(word: &str) -> WordKey {
        WordKey::from_head(word_head(word), word.len())
    }

    /// The key of a sentence word, from the head its token keeps.
    fn of_token(token: &Token<'_>) -> WordKey {
        WordKey::from_head(token.head(), token.norm().len())
    }

    /// The key of a word of `len` bytes whose [`word_head`] is `head`: its
    /// bytes past the end are zeros, so the low three bytes of the head are
    /// the key's bytes.
    fn from_head(head: u64, len: usize) -> WordKey {
        WordKey(head as u32 & 0xFF_FFFF | (len.min(MIN_STEM) as u32) << 24)
    }

    /// The key's bits mixed by one multiplication (Fibonacci hashing): its
    /// top bits pick a [`WordKey::bit`], its low bits a [`KeyTable`] slot.
    fn spread(self) -> usize {
        (u64::from(self.0).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize
    }

    /// One of 64 bits, picked by the top six bits of [`WordKey::spread`].
    fn bit(self) -> u64 {
        1 << self.bit_index()
    }

    /// The index of [`WordKey::bit`].
    fn bit_index(self) -> u8 {
        (self.spread() >> 26) as u8
    }
}

/// A hash table from word keys to their first words, open addressing with
/// linear probing: every word of every sentence is looked up, and here that
/// is one multiplication and mostly one slot read, cheaper than a general
/// map's lookup, and the slot holds the group itself.
#[derive(Debug, Clone)]
struct KeyTable {
    /// Keys and their groups; [`WordKey::NONE`], which no word has, marks
    /// a free slot.
    slots: Vec<(WordKey, KeyGroup)>,
    /// How many slots are taken, at most a quarter of them, so that most
    /// lookups of a key that is not there end at the first slot.
    len: usize,
}

impl Default for KeyTable {
    fn default() -> KeyTable {
        KeyTable::with_slots(8)
    }
}

impl KeyTable {
    /// An empty table of `count` slots, a power of two.
    fn with_slots(count: usize) -> KeyTable {
        KeyTable {
            slots: vec![(WordKey::NONE, KeyGroup::default()); count],
            len: 0,
        }
    }

    /// Stores `group` under `key`, which is not stored yet, doubling the
    /// slots first if more than a quarter of them would be taken.
    fn insert(&mut self, key: WordKey, group: KeyGroup) {
        if 4 * (self.len + 1) > self.slots.len() {
            let old = std::mem::replace(self, KeyTable::with_slots(2 * self.slots.len()));
            for (key, group) in old.slots {
                if key != WordKey::NONE {
                    self.insert(key, group);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut at = key.spread();
        while self.slots[at & mask].0 != WordKey::NONE {
            at += 1;
        }
        self.slots[at & mask] = (key, group);
        self.len += 1;
    }

    /// The group stored under `key`, if any.
    fn get(&self, key: WordKey) -> Option<KeyGroup> {
        let mask = self.slots.len() - 1;
        let mut at = key.spread();
        loop {
            let (stored, group) = self.slots[at & mask];
            if stored == key {
                return Some(group);
            }
            if stored == WordKey::NONE {
                return None;
            }
            at += 1;
        }
    }
}

/// The keys of the words after a pattern's first word that its second word
/// may stand on, nearest first, then [`WordKey::NONE`] in the slots left.
#[derive(Debug, Clone, Copy)]
struct Reach {
    keys: [WordKey; MAX_GAP + 1],
    /// [`Reach::ALWAYS`] and the [`WordKey::bit`] of each key: a small Bloom
    /// filter that rejects most first words' patterns all at once.
    bits: u64,
}

impl Reach {
    /// The bit every reach has, which patterns of one word take (another
    /// word's key may share it, which only lets its patterns be tried).
    const ALWAYS: u64 = 1;

    /// No words: what the patterns of one word are checked against.
    const NONE: Reach = Reach {
        keys: [WordKey::NONE; MAX_GAP + 1],
        bits: Reach::ALWAYS,
    };

    /// Up to `words` (1 to [`MAX_GAP`] + 1) words after `tokens[first]`,
    /// across the punctuation that [`joins_words`] and stopping at any other.
    fn after(tokens: &[Token<'_>], first: usize, words: usize) -> Reach {
        let mut reach = Reach::NONE;
        let mut len = 0;
        for token in &tokens[first + 1..] {
            match token.kind {
                TokenKind::Word => {
                    let key = WordKey::of_token(token);
                    reach.keys[len] = key;
                    reach.bits |= key.bit();
                    len += 1;
                    if len == words {
                        break;
                    }
                }
                TokenKind::Punct(c) if joins_words(c) => {}
                TokenKind::Punct(_) => break,
            }
        }
        reach
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
    let mut kept = Vec::new();
    keep_longest_into(&mut found, &mut kept);
    kept
}

/// [`longest_non_overlapping`] into buffers the caller keeps: pushes onto
/// the empty `kept` the longest of the overlapping matches in `found` (then
/// the leftmost), in text order, and leaves `found` sorted the longest
/// first, the order in which they were judged.
pub fn keep_longest_into(found: &mut [PhraseMatch], kept: &mut Vec<PhraseMatch>) {
    found.sort_by_key(|m| (std::cmp::Reverse(m.tokens.len()), m.tokens.start, m.owner));
    for m in found.iter() {
        if kept
            .iter()
            .all(|k| k.tokens.end <= m.tokens.start || m.tokens.end <= k.tokens.start)
        {
            kept.push(m.clone());
        }
    }
    kept.sort_by_key(|m| m.tokens.start);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::{Norms, tokenize};
    use crate::rules::pattern::parse;

    fn matcher(patterns: &[&str]) -> PhraseMatcher {
        PhraseMatcher::new(
            patterns
                .iter()
                .enumerate()
                .map(|(i, p)| (parse(p).unwrap(), Owner::Cue(i as u32))),
        )
    }

    /// (patterns, sentence, expected (pattern index, matched text)).
    macro_rules! t {
        ($name:ident, $patterns:expr, $text:expr, $expected:expr) => {
            #[test]
            fn $name() {
                let text: &str = $text;
                let mut norms = Norms::default();
                let tokens = tokenize(text, 0..text.len(), &mut norms);
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
            .find(&tokenize(text, 0..text.len(), &mut Norms::default()))
            .into_iter()
            .map(|found| found.owner)
            .collect();
        let want = [0, 4, 2, 3, 1].map(Owner::Cue);
        assert_eq!(owners, want);
    }

    #[test]
    fn keys_are_the_first_bytes_and_their_count() {
        let key = |w: &str| WordKey::of(w);
        assert_eq!(key("ties"), key("tie"));
        assert_ne!(key("ties"), key("ti"));
        assert_ne!(key("us"), key("use"));
        assert_eq!(key("étés"), key("ét"));
        assert_ne!(key("été"), key("é"));
        assert_ne!(key(""), key("a"));
        assert_ne!(key("a"), key("a\0"));
        assert_eq!(key("日本語です"), key("日"));
    }

    #[test]
    fn keys_pack_the_bytes_in_order_with_their_count() {
        let slow = |bytes: &[u8]| {
            let packed = bytes
                .iter()
                .enumerate()
                .fold(0, |key, (i, &b)| key | u32::from(b) << (8 * i));
            WordKey(packed | (bytes.len() as u32) << 24)
        };
        for word in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "éa",
            "été",
            "étés",
            "日本語です",
        ] {
            let bytes = &word.as_bytes()[..word.len().min(MIN_STEM)];
            assert_eq!(WordKey::of(word), slow(bytes), "{word:?}");
        }
    }

    #[test]
    fn the_key_table_finds_what_was_stored_and_nothing_else() {
        let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
        // Three letters, so that the keys differ: 2,000 of them, enough to
        // make the table grow several times.
        let words: Vec<String> = (0..2000)
            .map(|i| {
                [letter(i), letter(i / 26), letter(i / 676)]
                    .iter()
                    .collect()
            })
            .collect();
        let group = |i: usize| KeyGroup {
            start: index(i),
            stems: index(i + 1),
            end: index(i + 2),
        };
        let mut table = KeyTable::default();
        for (i, word) in words.iter().enumerate() {
            table.insert(WordKey::of(word), group(i));
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(table.get(WordKey::of(word)), Some(group(i)), "{word}");
        }
        for word in ["", "a", "ab", "zzz", "\u{e9}t\u{e9}"] {
            assert_eq!(table.get(WordKey::of(word)), None, "{word:?}");
        }
        assert!(4 * table.len <= table.slots.len());
    }

    #[test]
    fn first_words_match_as_the_pattern_word_does() {
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
            let stem = WordPattern::Stem((*pattern).to_owned());
            // A stem is never shorter than MIN_STEM characters.
            let stem = (pattern.chars().count() >= MIN_STEM).then_some(stem);
            for word in [WordPattern::Exact((*pattern).to_owned())]
                .into_iter()
                .chain(stem)
            {
                let pattern = Pattern {
                    words: vec![(word.clone(), false)],
                };
                let m = PhraseMatcher::new([(pattern, Owner::Cue(0))]);
                for text in words {
                    let probe = Probe {
                        text,
                        head: word_head(text),
                    };
                    let fast = m
                        .by_key
                        .get(WordKey::of(text))
                        .is_some_and(|group| m.matching(group, &probe).next().is_some());
                    assert_eq!(fast, word.matches(text), "{word:?} against {text:?}");
                }
            }
        }
    }

    #[test]
    fn reachable_words_stop_at_breaking_punctuation() {
        let keys = |text: &str| {
            let mut norms = Norms::default();
            let tokens = tokenize(text, 0..text.len(), &mut norms);
            Reach::after(&tokens, 0, MAX_GAP + 1).keys
        };
        let of = |words: &[&str]| {
            let mut keys = [WordKey::NONE; MAX_GAP + 1];
            for (key, word) in keys.iter_mut().zip(words) {
                *key = WordKey::of(word);
            }
            keys
        };
        assert_eq!(keys("cut off-the ties"), of(&["off", "the", "ties"]));
        assert_eq!(keys("cut a b c d e"), of(&["a", "b", "c", "d"]));
        assert_eq!(keys("cut a, b"), of(&["a"]));
        assert_eq!(keys("cut"), of(&[]));
        let mut norms = Norms::default();
        let tokens = tokenize("cut, off - the ties", 0..19, &mut norms);
        let next = |first| Reach::after(&tokens, first, 1).keys;
        assert_eq!(next(0), of(&[]));
        assert_eq!(next(2), of(&["the"]));
    }

    /// [`PhraseMatcher::find`] by the documented rule, without the index:
    /// every pattern is tried at every word, and those that start at one
    /// word come exact words first, then stems from shortest to longest,
    /// each in the order added.
    fn find_by_scan(m: &PhraseMatcher, tokens: &[Token<'_>]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for (i, token) in tokens.iter().enumerate().filter(|(_, t)| t.is_word()) {
            let mut starting: Vec<(usize, &(Pattern, Owner))> = m
                .patterns
                .iter()
                .enumerate()
                .filter(|(_, (p, _))| p.words[0].0.matches(token.norm()))
                .collect();
            starting.sort_by_key(|(id, (p, _))| match &p.words[0].0 {
                WordPattern::Exact(_) => (false, 0, *id),
                WordPattern::Stem(s) => (true, s.len(), *id),
            });
            for (_, (pattern, owner)) in starting {
                if let Some((last, skipped)) = match_rest(pattern, tokens, i) {
                    out.push(PhraseMatch {
                        owner: *owner,
                        tokens: i..last + 1,
                        skipped,
                    });
                }
            }
        }
        out
    }

    #[test]
    fn the_index_finds_what_a_scan_of_every_pattern_finds() {
        let patterns = [
            "con",
            "con*",
            "cond*",
            "condemn*",
            "condemned",
            "condemn* .. test*",
            "cont* talks",
            "trade war",
            "trade deal",
            "trade .. deal",
            "trade*",
            "sign* .. deal",
            "ties",
            "cut* ties",
            "cut* .. ties",
            "co-operat*",
            "co operation",
            "didn't",
            "didn’t .. back",
            "ukraïn*",
            "été",
            "été .. ukraïn*",
            "日本語*",
            "日本",
            "a",
            "us",
            "use*",
            "the",
            "the u.s.",
            "in talks",
            "in .. talks",
            "strengthen* .. bilateral ties",
            "verylongword*",
            "verylongwordsmith",
            "vs",
            "nor",
            "no longer",
        ];
        let words = [
            "con",
            "cond",
            "condemned",
            "condemns",
            "condemnation",
            "test",
            "tests",
            "contain",
            "talks",
            "trade",
            "traders",
            "war",
            "deal",
            "signed",
            "a",
            "the",
            "U.S.",
            "ties",
            "cut",
            "co-operation",
            "co",
            "operation",
            "didn't",
            "didn’t",
            "back",
            "Ukraïne’s",
            "été",
            "étés",
            "日本語です",
            "日本",
            "us",
            "use",
            "used",
            "in",
            "strengthened",
            "bilateral",
            "verylongwordsmith",
            "verylongwordsmiths",
            "verylongword",
            "vs",
            "nor",
            "no",
            "longer",
            ",",
            ";",
            "-",
            "—",
            "\"",
            "42",
            "(",
            ")",
            "’",
        ];
        let m = matcher(&patterns);
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut found = 0;
        for _ in 0..3000 {
            let len = 1 + next(14);
            let text = (0..len)
                .map(|_| words[next(words.len())])
                .collect::<Vec<_>>()
                .join(if next(4) == 0 { "-" } else { " " });
            let mut norms = Norms::default();
            let tokens = tokenize(&text, 0..text.len(), &mut norms);
            let want = find_by_scan(&m, &tokens);
            assert_eq!(m.find(&tokens), want, "{text:?}");
            found += want.len();
        }
        assert!(
            found > 10_000,
            "the sentences exercise the patterns: {found}"
        );
    }

    #[test]
    fn a_gap_records_the_words_it_skipped() {
        let text = "they signed a trade deal";
        let mut norms = Norms::default();
        let tokens = tokenize(text, 0..text.len(), &mut norms);
        let found = matcher(&["sign* .. deal", "trade deal"]).find(&tokens);
        let outer = found.iter().find(|m| m.owner == Owner::Cue(0)).unwrap();
        assert_eq!(outer.tokens, 1..5);
        let skipped: Vec<usize> = (0..6).filter(|&i| outer.skips(i)).collect();
        assert_eq!(skipped, [2, 3], "\"a\" and \"trade\"");
        let inner = found.iter().find(|m| m.owner == Owner::Cue(1)).unwrap();
        assert_eq!((inner.tokens.clone(), inner.skipped), (3..5, 0));
    }
}
