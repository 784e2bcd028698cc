//! Finding every name from the rule tables in a text, word start by word
//! start.
//!
//! All surface forms (country names, aliases, demonyms, combining forms,
//! capitals, seats, bloc names, people's forms), each with a straight and a
//! curly apostrophe, are kept in one table keyed by their first word
//! (ASCII-lower-cased), longest form first. A name can only be accepted where
//! a word starts ("Oman" never in "woman"), and, by the case rule below, only
//! at a capital unless the form itself begins in lower case ("al-Assad", "de
//! Villepin", "mainland China"). So the text is walked once, and only at such
//! word starts (a capital, or two bytes that begin a lower-case form) is the
//! word there looked up; the longest form the text spells there, ignoring
//! ASCII case, is the proposal. It is then checked for what the table cannot
//! see: the end of the word ("Iran" not in "Iranian"), case ("every capital
//! letter of the form is a capital in the text", so "china" the porcelain and
//! "us" are never countries, while a "WASHINGTON" dateline is), and combining
//! forms only before a hyphen and a second country ("Sino-Russian", but not
//! "Indo-Pacific").
//!
//! These are exactly the matches of a leftmost-longest search over all forms
//! that restarts one character after a rejected proposal: only the longest
//! form at a start is judged (a rejected "Guinea-Bissau" in "Guinea-Bissauan"
//! does not fall back to "Guinea"), and a name that starts inside a rejected
//! one is still found ("Sudanese" in "South Sudanese").

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;

use super::text::{ascii_lowercase, ascii_word_run, word_head};
use crate::rules::RuleSet;

/// How a form names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Via {
    /// The name or an alias ("North Korea", "DPRK").
    Name,
    /// A demonym or adjective ("North Korean").
    Demonym,
    /// A combining form before a hyphen ("Sino-").
    Prefix,
    /// The capital, read as the state or as a place.
    Capital,
    /// A seat of power ("Kremlin").
    Seat,
    /// A person's form ("Xi Jinping").
    Person,
    /// A person's shared surname ("Kim"), valid only after a full form.
    Short,
}

/// What one form can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A country or bloc (index into the compiled actor table), and how.
    Actor {
        /// Index of the actor.
        actor: u32,
        /// How the form names it.
        via: Via,
    },
    /// A name that contains a country's name but names no actor.
    Nothing,
    /// A person (index into the compiled people).
    Person {
        /// Index of the person.
        person: u32,
        /// Whether the form is a shared surname.
        short: bool,
    },
}

/// One proposed reading of a form.
#[derive(Debug, Clone)]
struct Reading {
    form: String,
    target: Target,
    /// The index of the rule tables' `ambiguous` entry for this form, if any.
    ambiguity: Option<u32>,
}

/// A name found in the text, with every reading its form allows. It
/// borrows the readings from the gazetteer and the words from the text, so
/// finding a name allocates nothing.
#[derive(Debug, Clone)]
pub struct RawMatch<'a> {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The form as written in the tables (of the first accepted reading).
    pub form: &'a str,
    /// The index of the tables' `ambiguous` entry for `form`, if any.
    pub(crate) ambiguity: Option<u32>,
    /// Every reading of the form, including those the checks reject.
    readings: &'a [Reading],
    /// The text at `span`.
    found: &'a str,
    /// Whether a combining form is followed here by a second country.
    prefix_applies: bool,
}

impl<'a> RawMatch<'a> {
    /// The targets of the readings that passed the case and combining-form
    /// checks (at least one), in table order.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        // A match is only made when some reading passes: a lone one does.
        let lone = self.readings.len() == 1;
        self.readings
            .iter()
            .filter(move |r| lone || self.passes(r))
            .map(|r| r.target)
    }

    /// Whether `reading` fits the text: its capitals are capitals there,
    /// and a combining form is followed by a second country.
    fn passes(&self, reading: &Reading) -> bool {
        capitals_agree(&reading.form, self.found)
            && (self.prefix_applies || !is_prefix(reading.target))
    }
}

/// A hash map with a fast, fixed hasher: the keys are short words from the
/// tables, looked up once per capitalised word of the text.
type FastMap<K, V> = HashMap<K, V, FixedState>;

/// One form up to ASCII case, with every reading the tables give it.
#[derive(Debug, Clone)]
struct Pattern {
    /// The readings, in table order (the first accepted one names the match);
    /// never empty.
    readings: Vec<Reading>,
}

impl Pattern {
    /// The first spelling met; the text must equal it up to ASCII case.
    fn text(&self) -> &str {
        &self.readings[0].form
    }
}

/// One spelling in `Gazetteer::spellings`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    len: u32,
    pattern: u32,
}

/// The compiled name matcher: every form of the tables, found in a text by
/// looking up only the words where a name can start.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Every form up to ASCII case; pattern ids index it.
    patterns: Vec<Pattern>,
    /// Every pattern's spelling, ASCII-lower-cased (so a lookup folds only
    /// the text's case), back to back, grouped by first word and
    /// longest first within a group, so that a lookup reads one stretch of
    /// memory.
    spellings: String,
    /// Where each spelling lies in `spellings`, in order, and its pattern.
    entries: Vec<Entry>,
    /// Key of the first word of a form (possibly empty, see `word_key`) to
    /// the range of `entries` of the forms that begin with it.
    by_word: FastMap<u128, (u32, u32)>,
    /// Length in bytes of the longest first word of a form.
    longest_word: usize,
    /// One bit per pair of ASCII-lower-cased bytes that begins a form not
    /// written with a capital first ("al-", "de", "eSwatini"); a form of one
    /// byte sets every pair that starts with it.
    lower_starts: Box<[u64]>,
}

/// Resolves a country or bloc code to its index in the actor table.
pub(crate) type ActorIndex = HashMap<String, u32>;

impl Gazetteer {
    /// Builds the matcher from the tables. `actors` maps codes to indexes
    /// and `people` maps person ids to indexes.
    pub(crate) fn build(
        rules: &RuleSet,
        actors: &ActorIndex,
        people: &HashMap<String, u32>,
    ) -> Gazetteer {
        let mut forms: Vec<(&str, Target)> = Vec::new();
        for c in &rules.countries {
            let actor = actors[&c.code];
            let t = |via| Target::Actor { actor, via };
            forms.push((&c.name, t(Via::Name)));
            forms.extend(c.aliases.iter().map(|f| (f.as_str(), t(Via::Name))));
            forms.extend(c.demonyms.iter().map(|f| (f.as_str(), t(Via::Demonym))));
            forms.extend(c.prefixes.iter().map(|f| (f.as_str(), t(Via::Prefix))));
            forms.extend(c.capitals.iter().map(|f| (f.as_str(), t(Via::Capital))));
            forms.extend(c.seats.iter().map(|f| (f.as_str(), t(Via::Seat))));
        }
        for b in &rules.blocs {
            let actor = actors[&b.code];
            let t = |via| Target::Actor { actor, via };
            forms.extend(b.aliases.iter().map(|f| (f.as_str(), t(Via::Name))));
            forms.push((&b.name, t(Via::Name)));
            forms.extend(b.seats.iter().map(|f| (f.as_str(), t(Via::Seat))));
        }
        for n in &rules.nonactors {
            forms.extend(n.forms.iter().map(|f| (f.as_str(), Target::Nothing)));
        }
        for p in &rules.people {
            let person = people[&p.id];
            let t = |short| Target::Person { person, short };
            forms.extend(p.forms.iter().map(|f| (f.as_str(), t(false))));
            forms.extend(p.short.iter().map(|f| (f.as_str(), t(true))));
        }
        let mut gazetteer = Gazetteer::from_forms(forms);
        gazetteer.mark_ambiguous(rules.ambiguous.iter().map(|a| a.form.as_str()));
        gazetteer
    }

    /// Marks each reading whose form is one of `forms` (the tables'
    /// `ambiguous` entries, in order, either apostrophe) with the index of
    /// its entry, the last if two list it, so that a name found need not
    /// be looked up by its text.
    fn mark_ambiguous<'a>(&mut self, forms: impl IntoIterator<Item = &'a str>) {
        for (entry, form) in forms.into_iter().enumerate() {
            let straight = form.replace('\u{2019}', "'");
            let curly = straight.replace('\'', "\u{2019}");
            for variant in [straight, curly] {
                let Some(pattern) = self.pattern_of(&variant) else {
                    continue;
                };
                for reading in &mut self.patterns[pattern as usize].readings {
                    if reading.form == variant {
                        reading.ambiguity = Some(entry as u32);
                    }
                }
            }
        }
    }

    /// The pattern of `form`: the one that spells it up to ASCII case.
    fn pattern_of(&self, form: &str) -> Option<u32> {
        self.longest_with_word(form, 0, word_end(form, 0), form.len())
            .filter(|&p| self.patterns[p as usize].text().len() == form.len())
    }

    /// The matcher over `(form, target)` pairs in table order. Forms equal up
    /// to ASCII case share one pattern and keep all their readings.
    fn from_forms<'a>(forms: impl IntoIterator<Item = (&'a str, Target)>) -> Gazetteer {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut by_word: FastMap<u128, Vec<u32>> = FastMap::default();
        let mut longest_word = 0;
        for (form, target) in forms {
            let form = form.trim();
            if form.is_empty() {
                continue;
            }
            let straight = if form.contains('\u{2019}') {
                Cow::Owned(form.replace('\u{2019}', "'"))
            } else {
                Cow::Borrowed(form)
            };
            let curly = straight
                .contains('\'')
                .then(|| Cow::Owned(straight.replace('\'', "\u{2019}")));
            for variant in std::iter::once(straight).chain(curly) {
                let word = &variant.as_bytes()[..word_end(&variant, 0)];
                longest_word = longest_word.max(word.len());
                let ids = by_word.entry(word_key(word)).or_default();
                let same = ids
                    .iter()
                    .find(|&&id| patterns[id as usize].text().eq_ignore_ascii_case(&variant));
                let readings = match same {
                    Some(&id) => &mut patterns[id as usize].readings,
                    None => {
                        ids.push(patterns.len() as u32);
                        patterns.push(Pattern {
                            readings: Vec::with_capacity(1),
                        });
                        &mut patterns.last_mut().expect("just pushed").readings
                    }
                };
                if !readings
                    .iter()
                    .any(|r| r.form == variant && r.target == target)
                {
                    readings.push(Reading {
                        form: variant.into_owned(),
                        target,
                        ambiguity: None,
                    });
                }
            }
        }
        let mut lower_starts = vec![0u64; 1 << 10].into_boxed_slice();
        for p in &patterns {
            if p.readings.iter().any(|r| !starts_upper(&r.form)) {
                let bytes = p.text().as_bytes();
                let seconds = match bytes.get(1) {
                    Some(&b) => b..=b,
                    None => 0..=u8::MAX,
                };
                for second in seconds {
                    let pair = pair_index(bytes[0], second);
                    lower_starts[pair / 64] |= 1 << (pair % 64);
                }
            }
        }
        let mut spellings = String::new();
        let mut entries = Vec::with_capacity(patterns.len());
        let by_word = by_word
            .into_iter()
            .map(|(word, mut ids)| {
                ids.sort_by_key(|&id| Reverse(patterns[id as usize].text().len()));
                let first = entries.len() as u32;
                for id in ids {
                    let text = patterns[id as usize].text();
                    entries.push(Entry {
                        start: spellings.len() as u32,
                        len: text.len() as u32,
                        pattern: id,
                    });
                    spellings.push_str(text);
                }
                (word, (first, entries.len() as u32))
            })
            .collect();
        spellings.make_ascii_lowercase();
        Gazetteer {
            patterns,
            spellings,
            entries,
            by_word,
            longest_word,
            lower_starts,
        }
    }

    /// Every name in `text[range]`, left to right, not overlapping, found
    /// as the iterator advances.
    ///
    /// `range` must start and end on character boundaries. A match must end
    /// by `range.end`; the characters around it are read from the whole text.
    pub fn find<'a>(
        &'a self,
        text: &'a str,
        range: Range<usize>,
    ) -> impl Iterator<Item = RawMatch<'a>> + 'a {
        let mut at = range.start;
        if ends_in_word(&text[..at]) {
            at = next_word_start(text, at, range.end);
        }
        std::iter::from_fn(move || self.next_match(text, &mut at, range.end))
    }

    /// The first name from the word start `*at` on that ends by `end`;
    /// moves `*at` to the first word start after it (or to `end`).
    fn next_match<'a>(&'a self, text: &'a str, at: &mut usize, end: usize) -> Option<RawMatch<'a>> {
        while *at < end {
            if self.may_start(text, *at)
                && let Some(pattern) = self.longest_with_word(text, *at, word_end(text, *at), end)
                && let Some(found) = self.accept(text, *at, pattern)
            {
                *at = found.span.end;
                if ends_in_word(&text[..*at]) {
                    *at = next_word_start(text, *at, end);
                }
                return Some(found);
            }
            *at = word_start_after(text, *at, end);
        }
        None
    }

    /// Whether a name can start at the word start `at`: at a capital, or at
    /// two bytes that begin a form not written with a capital first.
    fn may_start(&self, text: &str, at: usize) -> bool {
        let b = text.as_bytes()[at];
        b.is_ascii_uppercase()
            || (!b.is_ascii() && char_at(text, at).is_uppercase())
            || self.may_start_lower(text.as_bytes(), at)
    }

    /// Whether the two bytes at `at` begin a form not written with a capital
    /// first. Elsewhere, a word that does not start with a capital cannot be
    /// a name: the case rule rejects every form it spells.
    fn may_start_lower(&self, bytes: &[u8], at: usize) -> bool {
        let pair = pair_index(bytes[at], bytes.get(at + 1).copied().unwrap_or(0));
        self.lower_starts[pair / 64] & (1 << (pair % 64)) != 0
    }

    /// The longest form spelt at `at` (up to ASCII case) whose first word is
    /// `text[at..word_end]` and which ends by `limit`.
    ///
    /// At a word start this is the longest form spelt there whenever that
    /// one can be accepted: a form spelt at `at` has the same first word as
    /// the text unless it is a single word that stops inside the text's, and
    /// then it is cut off mid-word and rejected, as is any form shorter than
    /// the text's word.
    fn longest_with_word(
        &self,
        text: &str,
        at: usize,
        word_end: usize,
        limit: usize,
    ) -> Option<u32> {
        if word_end - at > self.longest_word {
            return None;
        }
        let word = &text.as_bytes()[at..word_end];
        let spelt = text.as_bytes().get(at..limit)?;
        let &(first, last) = self.by_word.get(&word_key(word))?;
        // Every form here has a first word as long as the text's, which
        // begins as the text's does up to ASCII case: only the rest is
        // compared.
        let known = word.len().min(KEY_BYTES);
        self.entries[first as usize..last as usize]
            .iter()
            .find(|e| {
                let form = &self.spellings.as_bytes()[e.start as usize..][..e.len as usize];
                spelt.get(known..form.len()).is_some_and(|t| {
                    let rest = &form[known..];
                    t.iter()
                        .zip(rest)
                        .all(|(t, f)| t.to_ascii_lowercase() == *f)
                })
            })
            .map(|e| e.pattern)
    }

    /// The longest form spelt at `at` up to ASCII case, whatever surrounds
    /// it: a form whose first word is the text's word there, or a one-word
    /// form that begins it.
    fn longest_at(&self, text: &str, at: usize) -> Option<u32> {
        let word_end = word_end(text, at);
        (at..=word_end.min(at + self.longest_word))
            .rev()
            .filter(|&end| text.is_char_boundary(end))
            .find_map(|end| self.longest_with_word(text, at, end, text.len()))
    }

    /// Judges the proposal of `pattern` at `start`, a word start: the match
    /// must end a word, and keeps the readings that pass the case and
    /// combining-form checks (none left: rejected).
    fn accept<'a>(&'a self, text: &'a str, start: usize, pattern: u32) -> Option<RawMatch<'a>> {
        let readings = &self.patterns[pattern as usize].readings;
        let end = start + self.patterns[pattern as usize].text().len();
        if text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        let found = &text[start..end];
        let mut m = RawMatch {
            span: start..end,
            form: "",
            ambiguity: None,
            readings,
            found,
            prefix_applies: false,
        };
        if readings
            .iter()
            .any(|r| is_prefix(r.target) && capitals_agree(&r.form, found))
        {
            m.prefix_applies = self.prefix_applies(text, end);
        }
        let named = readings.iter().find(|r| m.passes(r))?;
        m.form = &named.form;
        m.ambiguity = named.ambiguity;
        Some(m)
    }

    /// A combining form counts only as "Sino-\<another country form\>": the
    /// longest form spelt right after the hyphen must name an actor.
    fn prefix_applies(&self, text: &str, end: usize) -> bool {
        let rest = &text[end..];
        let Some(rest) = rest.strip_prefix(['-', '\u{2013}']) else {
            return false;
        };
        self.longest_at(text, text.len() - rest.len())
            .is_some_and(|p| {
                self.patterns[p as usize]
                    .readings
                    .iter()
                    .any(|r| matches!(r.target, Target::Actor { .. }))
            })
    }
}

/// How many leading bytes of a word its key holds.
const KEY_BYTES: usize = 12;

/// The key of a form's first word in `Gazetteer::by_word`: its length and
/// its first `KEY_BYTES` bytes, ASCII-lower-cased, in one number, so that
/// looking up a word of the text hashes a number rather than a lower-cased
/// copy of the word. Longer words of one length and start share a key;
/// comparing the rest of each form tells them apart.
///
/// Every word of a text that may start a name is looked up: the bytes are
/// read in overlapping loads of fixed size (overlapping bytes are equal, so
/// or-ing them is exact) and lower-cased eight at a time, where copying a
/// word's own length of bytes would call `memcpy`.
fn word_key(word: &[u8]) -> u128 {
    const _: () = assert!(KEY_BYTES == 12);
    let len = word.len();
    let load4 = |at: usize| u128::from(u32::from_le_bytes(word[at..at + 4].try_into().unwrap()));
    let load8 = |at: usize| u128::from(u64::from_le_bytes(word[at..at + 8].try_into().unwrap()));
    let bytes = match len {
        12.. => load8(0) | load4(8) << 64,
        8..12 => load8(0) | load4(len - 4) << (8 * (len - 4)),
        _ => u128::from(word_head(word)),
    };
    let low = ascii_lowercase(bytes as u64);
    let high = ascii_lowercase((bytes >> 64) as u64);
    u128::from(low) | u128::from(high) << 64 | (len as u128) << (8 * KEY_BYTES)
}

/// End of the run of letters and digits that starts at `at`: a form's first
/// word, or the text's word at a word start.
fn word_end(text: &str, at: usize) -> usize {
    match skip_letters(text, at, text.len()) {
        Ok(stop) | Err(stop) => stop,
    }
}

/// The first word start after `at`, a word start (or `end`): one character
/// further if that character is no letter or digit, else past the rest of
/// its word and the character that ends it.
fn word_start_after(text: &str, at: usize, end: usize) -> usize {
    let b = text.as_bytes()[at];
    if b.is_ascii_alphanumeric() {
        next_word_start(text, at + 1, end)
    } else if b.is_ascii() {
        at + 1
    } else {
        let c = char_at(text, at);
        if c.is_alphanumeric() {
            next_word_start(text, at + c.len_utf8(), end)
        } else {
            at + c.len_utf8()
        }
    }
}

/// The first word start at or after `at`, which follows a letter or digit
/// (or `end`): past the letters and digits from `at` and the character that
/// ends them. `end` must be a character boundary.
// Forced inline: the walk calls it once per word of the text, and the
// call, which LLVM kept, cost about a tenth of the walk.
#[inline(always)]
fn next_word_start(text: &str, at: usize, end: usize) -> usize {
    match skip_letters(text, at, end) {
        Ok(stop) => stop + char_at(text, stop).len_utf8(),
        Err(end) => end,
    }
}

/// Skips the letters and digits from `at` on: `Ok` with the position of
/// the first other character before `end`, or `Err(end)` if there is none.
/// ASCII is judged eight bytes at a time; only other characters are
/// decoded.
#[inline]
fn skip_letters(text: &str, mut at: usize, end: usize) -> Result<usize, usize> {
    let bytes = &text.as_bytes()[..end];
    loop {
        at = ascii_word_run(bytes, at, false);
        match bytes.get(at) {
            None => return Err(end),
            Some(b) if b.is_ascii() => return Ok(at),
            Some(_) => match wide_letter_len(text, at) {
                Some(len) => at += len,
                None => return Ok(at),
            },
        }
    }
}

/// The byte length of the non-ASCII character at `at` if it is a letter or
/// digit (kept out of line: most text is ASCII).
#[cold]
#[inline(never)]
fn wide_letter_len(text: &str, at: usize) -> Option<usize> {
    let c = char_at(text, at);
    c.is_alphanumeric().then(|| c.len_utf8())
}

/// The character at byte `at`, a character boundary before the end of
/// `text`; ASCII without decoding.
fn char_at(text: &str, at: usize) -> char {
    match text.as_bytes()[at] {
        b if b.is_ascii() => char::from(b),
        _ => text[at..].chars().next().expect("at < text.len()"),
    }
}

/// Whether `s` ends with a letter or digit, so that what follows is no word
/// start.
fn ends_in_word(s: &str) -> bool {
    s.chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Whether a target is a combining form ("Sino-").
fn is_prefix(target: Target) -> bool {
    matches!(
        target,
        Target::Actor {
            via: Via::Prefix,
            ..
        }
    )
}

/// Whether a form starts with a capital, so that it needs one in the text.
fn starts_upper(form: &str) -> bool {
    form.chars().next().is_some_and(char::is_uppercase)
}

/// The bit of `Gazetteer::lower_starts` for two bytes, ASCII case folded.
fn pair_index(first: u8, second: u8) -> usize {
    (usize::from(first.to_ascii_lowercase()) << 8) | usize::from(second.to_ascii_lowercase())
}

/// Every capital letter of the form must be a capital in the text.
///
/// `found` spells `form` up to ASCII case, so only ASCII letters can differ
/// and comparing bytes is enough.
fn capitals_agree(form: &str, found: &str) -> bool {
    form.bytes()
        .zip(found.bytes())
        .all(|(f, t)| !f.is_ascii_uppercase() || t.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::*;

    /// Forms chosen to be awkward: prefixes of one another, inner
    /// punctuation, curly apostrophes, non-ASCII letters, lower-case,
    /// digit and punctuation initials, one-byte forms.
    const FORMS: &[(&str, Via)] = &[
        ("Guinea", Via::Name),
        ("Guinea-Bissau", Via::Name),
        ("Bissau", Via::Capital),
        ("Papua New Guinea", Via::Name),
        ("Sudan", Via::Name),
        ("South Sudan", Via::Name),
        ("Sudanese", Via::Demonym),
        ("Korea", Via::Name),
        ("North Korea", Via::Name),
        ("North Korean", Via::Demonym),
        ("Korean", Via::Demonym),
        ("Oman", Via::Name),
        ("Iran", Via::Name),
        ("China", Via::Name),
        ("mainland China", Via::Name),
        ("US", Via::Name),
        ("U.S.", Via::Name),
        ("U.S.A.", Via::Name),
        ("USA", Via::Name),
        ("Washington", Via::Capital),
        ("Washington, D.C.", Via::Capital),
        ("Sino", Via::Prefix),
        ("Indo", Via::Prefix),
        ("Russia", Via::Name),
        ("Russian", Via::Demonym),
        ("Côte d'Ivoire", Via::Name),
        ("Côte d’ivoire", Via::Name),
        ("Ivorian", Via::Demonym),
        ("São Tomé", Via::Capital),
        ("São Tomé and Príncipe", Via::Name),
        ("Élysée", Via::Seat),
        ("al-Assad", Via::Person),
        ("al Qaeda", Via::Name),
        ("de Villepin", Via::Person),
        ("de la Rúa", Via::Person),
        ("zu Guttenberg", Via::Person),
        ("eSwatini", Via::Name),
        ("'s-Hertogenbosch", Via::Capital),
        ("1MDB", Via::Name),
        ("G7", Via::Name),
        ("Xi", Via::Person),
        ("Ma", Via::Person),
        ("e", Via::Name),
        ("Q", Via::Name),
        // First words longer than a key holds, two of them sharing a key.
        ("Transnistria", Via::Name),
        ("Transnistrian", Via::Demonym),
        ("Transnistrias", Via::Name),
    ];

    /// Names no actor, so it cannot complete a combining form.
    const NOTHING: &str = "Pacific";

    fn gazetteer() -> Gazetteer {
        let actors = FORMS.iter().enumerate().map(|(i, &(form, via))| {
            (
                form,
                Target::Actor {
                    actor: i as u32,
                    via,
                },
            )
        });
        Gazetteer::from_forms(actors.chain([(NOTHING, Target::Nothing)]))
    }

    /// The text of every match over the whole text.
    fn found<'t>(g: &Gazetteer, text: &'t str) -> Vec<&'t str> {
        g.find(text, 0..text.len()).map(|m| &text[m.span]).collect()
    }

    /// A match as plain data, to compare two searches.
    fn plain(m: RawMatch<'_>) -> (Range<usize>, Vec<Target>, String) {
        (m.span.clone(), m.targets().collect(), m.form.to_owned())
    }

    /// The longest form spelt at `at` and ending by `limit`, by trying every
    /// form.
    fn brute_longest(g: &Gazetteer, text: &str, at: usize, limit: usize) -> Option<u32> {
        let spelt = &text.as_bytes()[at..limit];
        (0..g.patterns.len() as u32)
            .filter(|&id| {
                let form = g.patterns[id as usize].text().as_bytes();
                spelt
                    .get(..form.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(form))
            })
            .max_by_key(|&id| g.patterns[id as usize].text().len())
    }

    /// The search this matcher replaced, by brute force: the leftmost start
    /// where any form is spelt, the longest form there, judged (including
    /// the word start); after a rejection, again one character later.
    fn reference<'a>(g: &'a Gazetteer, text: &'a str, range: Range<usize>) -> Vec<RawMatch<'a>> {
        let mut out = Vec::new();
        let mut at = range.start;
        while at < range.end {
            let Some((start, id)) = (at..range.end)
                .filter(|&s| text.is_char_boundary(s))
                .find_map(|s| Some((s, brute_longest(g, text, s, range.end)?)))
            else {
                break;
            };
            match g.accept(text, start, id) {
                Some(m) if !ends_in_word(&text[..start]) => {
                    at = m.span.end;
                    out.push(m);
                }
                _ => at = start + text[start..].chars().next().map_or(1, char::len_utf8),
            }
        }
        out
    }

    /// `find` and `longest_at` agree with brute force on `text`, over
    /// `range` (given as two cut points, snapped to character boundaries).
    fn agrees(g: &Gazetteer, text: &str, cuts: (Index, Index)) -> Result<(), TestCaseError> {
        let snap = |i: &Index| {
            let mut at = i.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let (a, b) = (snap(&cuts.0), snap(&cuts.1));
        for range in [0..text.len(), a.min(b)..a.max(b)] {
            let got: Vec<_> = g.find(text, range.clone()).map(plain).collect();
            let want: Vec<_> = reference(g, text, range).into_iter().map(plain).collect();
            prop_assert_eq!(got, want, "text {:?}", text);
        }
        for at in (0..text.len()).filter(|&at| text.is_char_boundary(at)) {
            prop_assert_eq!(
                g.longest_at(text, at),
                brute_longest(g, text, at, text.len()),
                "at {} of {:?}",
                at,
                text
            );
        }
        Ok(())
    }

    #[test]
    fn whole_words_only() {
        let g = gazetteer();
        assert!(found(&g, "a woman in Tehran, Iranian oil").is_empty());
        assert_eq!(found(&g, "Oman, Iran's neighbour"), ["Oman", "Iran"]);
        assert!(found(&g, "USAID and U.S.S.R. and X1MDB").is_empty());
        assert_eq!(found(&g, "1MDB (G7)"), ["1MDB", "G7"]);
    }

    #[test]
    fn capitals_must_be_capitals() {
        let g = gazetteer();
        assert!(found(&g, "fine china for us, Us and ma").is_empty());
        assert_eq!(found(&g, "CHINA and the US"), ["CHINA", "US"]);
        assert_eq!(found(&g, "Xi and Ma met"), ["Xi", "Ma"]);
    }

    #[test]
    fn lower_case_forms_need_no_capital() {
        let g = gazetteer();
        assert_eq!(
            found(&g, "al-Assad, de Villepin, de la Rúa and zu Guttenberg"),
            ["al-Assad", "de Villepin", "de la Rúa", "zu Guttenberg"]
        );
        assert_eq!(found(&g, "Al-Assad in eSwatini"), ["Al-Assad", "eSwatini"]);
        assert_eq!(
            found(&g, "Mainland China and mainland China"),
            ["Mainland China", "mainland China"]
        );
        assert_eq!(found(&g, "e and E"), ["e", "E"]);
        assert_eq!(found(&g, "the de facto al Qaeda"), ["al Qaeda"]);
    }

    #[test]
    fn inner_punctuation_and_odd_initials() {
        let g = gazetteer();
        assert_eq!(found(&g, "U.S.-led, U.S.A.'s"), ["U.S.", "U.S.A."]);
        assert_eq!(
            found(&g, "Washington, D.C., Washington D.C."),
            ["Washington, D.C.", "Washington",]
        );
        assert_eq!(found(&g, "in 's-Hertogenbosch"), ["'s-Hertogenbosch"]);
        assert!(found(&g, "it's-Hertogenbosch").is_empty());
    }

    #[test]
    fn apostrophes_and_non_ascii_letters() {
        let g = gazetteer();
        let m: Vec<_> = g.find("Côte d’Ivoire", 0.."Côte d’Ivoire".len()).collect();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].form, "Côte d’Ivoire");
        // Only ASCII letters fold: "Ô" is not "ô".
        assert_eq!(found(&g, "CôTE D'IVOIRE"), ["CôTE D'IVOIRE"]);
        assert!(found(&g, "CÔTE D'IVOIRE, COTE D'IVOIRE").is_empty());
        assert_eq!(
            found(&g, "São Tomé and Príncipe; São Tomé"),
            ["São Tomé and Príncipe", "São Tomé",]
        );
        assert_eq!(found(&g, "l’Élysée, ÉLYSÉE, Élyséen"), ["Élysée"]);
    }

    #[test]
    fn only_the_longest_form_at_a_start_is_judged() {
        let g = gazetteer();
        // "Guinea-Bissau" is cut off mid-word: "Guinea" is not tried instead.
        assert!(found(&g, "Guinea-Bissauan troops").is_empty());
        assert_eq!(found(&g, "Guinea-Bissau's"), ["Guinea-Bissau"]);
        assert!(found(&g, "North Koreans").is_empty());
        // Fails the case rule, so the name inside it is found.
        assert_eq!(found(&g, "north Korean"), ["Korean"]);
        // A name that starts inside a rejected one.
        assert_eq!(found(&g, "South Sudanese"), ["Sudanese"]);
        assert_eq!(found(&g, "Papua New Guineans, New Guinea"), ["Guinea"]);
    }

    #[test]
    fn matches_end_by_the_range() {
        let g = gazetteer();
        let text = "Guinea-Bissau";
        let m: Vec<_> = g.find(text, 0..6).collect();
        assert_eq!(m.len(), 1);
        assert_eq!(&text[m[0].span.clone()], "Guinea");
        assert_eq!(g.find(text, 0..5).count(), 0);
        // The characters around a match are read beyond the range.
        assert_eq!(g.find("xOman Oman", 1..5).count(), 0);
        assert_eq!(g.find("xOman Oman", 1..10).count(), 1);
        assert_eq!(g.find("Oman Omanis", 5..9).count(), 0);
    }

    #[test]
    fn combining_forms_need_a_second_country() {
        let g = gazetteer();
        assert_eq!(found(&g, "Sino-Russian ties"), ["Sino", "Russian"]);
        assert_eq!(found(&g, "Sino–US talks"), ["Sino", "US"]);
        assert!(found(&g, "Indo-Pacific, Sino Russian").contains(&"Russian"));
        assert!(!found(&g, "Indo-Pacific, Sino Russian").contains(&"Sino"));
        // As before, the form after the hyphen need not end a word there.
        assert_eq!(found(&g, "Sino-Russianness"), ["Sino"]);
    }

    /// The byte-table walk agrees with decoding every character: where a
    /// word ends, and where the next word starts.
    #[test]
    fn ascii_walk_agrees_with_chars() {
        let text = "Élysée’s 9 a-b  ÉLYSÉEn Straße,x ΣΑ Σ. 北京 z\u{2013}q’ end";
        let by_chars = |at: usize| {
            text[at..]
                .char_indices()
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(text.len(), |(i, _)| at + i)
        };
        for at in (0..text.len()).filter(|&at| text.is_char_boundary(at)) {
            assert_eq!(word_end(text, at), by_chars(at), "at {at}");
            for end in (at..=text.len()).filter(|&end| text.is_char_boundary(end)) {
                let stop = by_chars(at);
                let want = match text[stop.min(end)..end].chars().next() {
                    Some(c) => stop + c.len_utf8(),
                    None => end,
                };
                assert_eq!(next_word_start(text, at, end), want, "{at}..{end}");
            }
        }
    }

    #[test]
    fn long_first_words() {
        let g = gazetteer();
        assert_eq!(
            found(&g, "Transnistrias, TRANSNISTRIAN and Transnistriaz"),
            ["Transnistrias", "TRANSNISTRIAN"]
        );
        assert_eq!(word_key(b"Transnistrian"), word_key(b"Transnistrias"));
        assert_ne!(word_key(b"Transnistria"), word_key(b"Transnistrian"));
        assert_eq!(word_key(b"China"), word_key(b"cHINA"));
        assert_ne!(word_key(b"China"), word_key(b"Chin"));
    }

    #[test]
    fn word_keys_hold_the_lower_cased_first_bytes_and_the_length() {
        let slow = |word: &[u8]| {
            let mut key = [0; 16];
            let start = word.len().min(KEY_BYTES);
            key[..start].copy_from_slice(&word[..start]);
            key[..KEY_BYTES].make_ascii_lowercase();
            key[KEY_BYTES..].copy_from_slice(&(word.len() as u32).to_le_bytes());
            u128::from_le_bytes(key)
        };
        // Every byte value at every position of words of every length up to
        // past the key's bytes, around bytes of each kind.
        for len in 0..=16 {
            for at in 0..len {
                for b in 0..=255u8 {
                    for fill in [b'a', b'Z', b'@', b'[', 0xC3] {
                        let mut word = vec![fill; len];
                        word[at] = b;
                        assert_eq!(word_key(&word), slow(&word), "{word:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn ambiguous_forms_are_marked_by_exact_spelling() {
        let mut g = gazetteer();
        g.mark_ambiguous(["Côte d’Ivoire", "Guinea", "Atlantis", "Guinea"]);
        let marks = |text: &str| -> Vec<Option<u32>> {
            g.find(text, 0..text.len()).map(|m| m.ambiguity).collect()
        };
        // Either apostrophe; the later of two entries of one form.
        assert_eq!(
            marks("Côte d'Ivoire, Côte d’Ivoire, Guinea, Sudan"),
            [Some(0), Some(0), Some(3), None]
        );
        // Another spelling of the same pattern is another form.
        assert_eq!(marks("Côte d'ivoire, GUINEA-Bissau"), [None, None]);
    }

    #[test]
    fn capitals_rule() {
        assert!(capitals_agree("China", "China"));
        assert!(capitals_agree("China", "CHINA"));
        assert!(!capitals_agree("China", "china"));
        assert!(!capitals_agree("US", "us"));
        assert!(!capitals_agree("US", "Us"));
        assert!(capitals_agree("Côte d'ivoire", "Côte d'Ivoire"));
    }

    /// Pieces of text: every form in several cases, and what can surround or
    /// split one.
    fn pieces() -> Vec<String> {
        let mut out = Vec::new();
        for (form, _) in FORMS.iter().chain([&(NOTHING, Via::Name)]) {
            out.push((*form).to_owned());
            out.push(form.to_ascii_lowercase());
            out.push(form.to_ascii_uppercase());
            out.push(form.replace('\'', "’"));
        }
        let glue = [
            " ", " ", " ", "-", "–", "'", "’", ".", ", ", "s", "an", "ese", "n", "North ", "New ",
            "south ", "la ", "de ", "Al", "é", "É", "9", "x", "'s",
        ];
        out.extend(glue.map(str::to_owned));
        out
    }

    proptest! {
        #[test]
        fn same_as_brute_force(
            parts in prop::collection::vec(prop::sample::select(pieces()), 1..12),
            cuts in any::<(Index, Index)>(),
        ) {
            let g = gazetteer();
            agrees(&g, &parts.concat(), cuts)?;
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn same_as_brute_force_on_the_tables(
            parts in prop::collection::vec((any::<Index>(), 0..4u8), 1..8),
            cuts in any::<(Index, Index)>(),
        ) {
            static TABLES: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
            let g = TABLES.get_or_init(|| {
                crate::Extractor::with_defaults().expect("embedded tables build").gazetteer
            });
            let glue = [" ", "-", "s ", "’s "];
            let text: String = parts
                .iter()
                .map(|(i, case)| {
                    let form = g.patterns[i.index(g.patterns.len())].text();
                    match case {
                        0 => form.to_string(),
                        1 => form.to_ascii_lowercase(),
                        2 => form.to_ascii_uppercase(),
                        _ => format!("{form}{}", glue[form.len() % glue.len()]),
                    }
                })
                .collect();
            agrees(g, &text, cuts)?;
        }
    }
}
