//! Sentences and words, with byte offsets into the story text.
//!
//! News text breaks general-purpose sentence splitters in predictable ways:
//! "U.S. President", "Gen. Austin", "$3.5 billion", bullet lists. This
//! splitter is a single forward scan that jumps (with `memchr`) from one
//! candidate byte to the next, and ends a sentence at `.`, `!` or `?`
//! followed by space and a capital, except after an abbreviation from the
//! rule tables or an initial, unless the next word is a sentence opener
//! ("the U.S. The move" splits).
//! Line breaks end a sentence when the line ends in punctuation, the next
//! line is a bullet, or a blank line follows; a hard-wrapped line does not.

use std::ops::Range;

use memchr::{memchr, memchr3};

use crate::rules::pattern::{is_word_char, normalize_word_into};

/// The abbreviation and opener lists the splitter consults.
#[derive(Debug, Clone, Default)]
pub struct Splitter {
    /// Looked up at most full stops, hence a fast hasher (the sets hold
    /// words of the rule tables, not of the text).
    abbreviations: foldhash::HashSet<String>,
    openers: foldhash::HashSet<String>,
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
        // News sentences run to some 140 bytes: room for one per 100 bytes
        // seldom needs to grow.
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        let mut start = 0;
        let mut candidates = Candidates::new(bytes);
        let mut i = 0;
        while let Some(at) = candidates.next_from(i) {
            let cut = if bytes[at] == b'\n' {
                line_break_ends(text, at)
            } else {
                self.ends_sentence(text, at)
            };
            if let Some(end) = cut {
                push_trimmed(text, start..end, &mut out);
                start = end;
                i = end.max(at + 1);
            } else {
                i = at + 1;
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
            && !self.openers.contains(first_word(next))
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
        is_initials(word)
    }
}

/// Whether `word` is initials: "U.S", "J", "U.K" (single letters joined by
/// dots). Most words before a full stop fail at their second character.
fn is_initials(word: &str) -> bool {
    let mut chars = word.chars();
    loop {
        if !chars.next().is_some_and(char::is_alphabetic) {
            return false;
        }
        match chars.next() {
            None => return true,
            Some('.') => {}
            Some(_) => return false,
        }
    }
}

/// The bytes where a sentence may end (`.`, `!`, `?` and line breaks), in
/// order. `memchr` skips the text between them many bytes at a time, and the
/// next mark and next line break are each remembered until passed, so no
/// stretch of text is searched twice.
struct Candidates<'t> {
    bytes: &'t [u8],
    /// The first terminal mark at or after the last search; the text's length
    /// when there is none.
    mark: usize,
    /// The first line break at or after the last search, likewise.
    newline: usize,
}

impl<'t> Candidates<'t> {
    fn new(bytes: &'t [u8]) -> Candidates<'t> {
        Candidates {
            bytes,
            mark: find_from(bytes, 0, |b| memchr3(b'.', b'!', b'?', b)),
            newline: find_from(bytes, 0, |b| memchr(b'\n', b)),
        }
    }

    /// The first candidate at or after `from`, which must not decrease
    /// from one call to the next.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        if self.mark < from {
            self.mark = find_from(self.bytes, from, |b| memchr3(b'.', b'!', b'?', b));
        }
        if self.newline < from {
            self.newline = find_from(self.bytes, from, |b| memchr(b'\n', b));
        }
        let at = self.mark.min(self.newline);
        (at < self.bytes.len()).then_some(at)
    }
}

/// Where `search` first hits in `bytes[from..]`, as an index into `bytes`;
/// `bytes.len()` when it does not.
fn find_from(bytes: &[u8], from: usize, search: impl Fn(&[u8]) -> Option<usize>) -> usize {
    search(&bytes[from..]).map_or(bytes.len(), |at| from + at)
}

/// The leading alphanumeric run of `text` after any opening quotes or
/// brackets: the word an opener list is checked against.
fn first_word(text: &str) -> &str {
    let word = text.trim_start_matches(['"', '\u{201C}', '\'', '\u{2018}', '(', '[']);
    let len = word
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(word.len());
    &word[..len]
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
    let body = slice.trim_start();
    let mut start = range.start + slice.len() - body.len();
    let body = body.trim_end();
    let end = start + body.len();
    // Drop bullet markers so that a highlight reads as a plain sentence.
    const BULLETS: [char; 4] = ['\u{2022}', '*', '\u{25CF}', '-'];
    if body.starts_with(BULLETS) {
        let unbulleted =
            body.trim_start_matches(|c: char| BULLETS.contains(&c) || c.is_whitespace());
        if !unbulleted.is_empty() {
            start = end - unbulleted.len();
        }
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
    /// See [`Token::norm`]; borrowed from the sentence's [`Norms`], so that
    /// tokens cost no allocation and reading the norm is a field load.
    norm: &'a str,
    /// See [`Token::head`].
    head: u64,
}

impl<'a> Token<'a> {
    /// The word, lower case with straight apostrophes; empty for punctuation.
    pub fn norm(&self) -> &'a str {
        self.norm
    }

    /// The [`word_head`] of the norm, worked out once by the tokeniser:
    /// the phrase matcher keys and compares words by it, and reading it
    /// here costs no branch on the word's length.
    pub(crate) fn head(&self) -> u64 {
        self.head
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

/// The first eight bytes of a word, padded with zeros, as one integer (byte
/// `i` in bits `8 * i` up).
///
/// Shorter words are read in two overlapping loads (or three single bytes),
/// without a loop: the overlapping bytes are equal, so or-ing them is exact.
pub(crate) fn word_head(word: impl AsRef<[u8]>) -> u64 {
    let bytes = word.as_ref();
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

/// The lower-case forms of a sentence's words, which its tokens borrow as
/// their [`Token::norm`]. One value serves sentence after sentence, so that
/// tokenising allocates nothing once its buffers have grown.
#[derive(Debug, Default)]
pub struct Norms {
    /// The sentence with its ASCII letters lower-cased, then [`HEAD_PAD`].
    /// It keeps the sentence's byte offsets, so the norm of most words (all
    /// ASCII ones) is the word's own range of it, and the eight bytes from
    /// any word's start can be read in one load for its head.
    ascii_lower: String,
    /// The norms of the other words that lower-casing or folding the curly
    /// apostrophe changes, one after another.
    folded: String,
    /// Which token's norm is which range of `folded`: set once `folded` has
    /// stopped growing, since tokens cannot borrow a string still growing.
    pending: Vec<(usize, Range<usize>)>,
}

/// Splits `text[range]` into tokens, whose norms `norms` keeps; whitespace
/// is dropped.
///
/// # Examples
///
/// ```
/// use entente::extract::text::{Norms, tokenize};
///
/// let text = "China’s ties, strained.";
/// let mut norms = Norms::default();
/// let tokens = tokenize(text, 0..text.len(), &mut norms);
/// let words: Vec<&str> = tokens.iter().map(|t| t.norm()).collect();
/// assert_eq!(words, ["china's", "ties", "", "strained", ""]);
/// ```
pub fn tokenize<'a>(text: &'a str, range: Range<usize>, norms: &'a mut Norms) -> Vec<Token<'a>> {
    tokenize_into(text, range, norms, Vec::new())
}

/// Like [`tokenize`], but into the buffer `spare`, which is emptied first:
/// one buffer and one [`Norms`] can then serve every sentence of a story,
/// each sentence's tokens going back through [`recycle`].
///
/// News text is almost all ASCII, so the scan classifies bytes through a
/// 256-entry table and decodes a character only at a non-ASCII byte.
pub fn tokenize_into<'a>(
    text: &'a str,
    range: Range<usize>,
    norms: &'a mut Norms,
    spare: Vec<Token<'_>>,
) -> Vec<Token<'a>> {
    let slice = &text[range.clone()];
    let Norms {
        ascii_lower,
        folded,
        pending,
    } = norms;
    ascii_lower.clear();
    ascii_lower.push_str(slice);
    ascii_lower.make_ascii_lowercase();
    ascii_lower.push_str(HEAD_PAD);
    folded.clear();
    pending.clear();
    let mut scan = Scan {
        slice,
        base: range.start,
        lower: ascii_lower,
        folded: &mut *folded,
        pending: &mut *pending,
        out: recycle(spare),
    };
    scan.run();
    let mut tokens = scan.out;
    let folded: &'a str = folded;
    for (i, norm) in pending.drain(..) {
        tokens[i].norm = &folded[norm];
        tokens[i].head = word_head(tokens[i].norm);
    }
    tokens
}

/// What follows a sentence in [`Norms`]: eight bytes, so that its last
/// word's head is read as any other's.
const HEAD_PAD: &str = "\0\0\0\0\0\0\0\0";

/// Empties `tokens` and frees the buffer from the borrow its tokens held, so
/// that it can take the next sentence's tokens. The allocation is kept: std
/// collects a vector's own iterator in place when the element layout does
/// not change.
pub fn recycle<'b>(mut tokens: Vec<Token<'_>>) -> Vec<Token<'b>> {
    tokens.clear();
    tokens
        .into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// What a byte is to the tokeniser; a non-ASCII byte needs its character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// An ASCII letter or digit.
    Alnum,
    /// The straight apostrophe: inside a word a letter, before one a quote.
    Apostrophe,
    /// ASCII whitespace, as [`char::is_whitespace`] has it.
    Space,
    /// Any other ASCII character: a punctuation token of its own.
    Punct,
    /// Part of a multi-byte character.
    NonAscii,
}

/// The class of every byte value.
static BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::Punct; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c >= 0x80 {
            ByteClass::NonAscii
        } else if matches!(c, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            ByteClass::Space
        } else if c.is_ascii_alphanumeric() {
            ByteClass::Alnum
        } else if c == b'\'' {
            ByteClass::Apostrophe
        } else {
            ByteClass::Punct
        };
        b += 1;
    }
    table
};

/// The end of the run of ASCII letters and digits (and straight apostrophes,
/// with `apostrophes`) that starts at byte `at`: the first byte from there
/// that is none of them, or the end of `bytes`.
///
/// Bytes are judged eight at a time, so that a word of up to seven bytes
/// ends without a branch on its length: a loop byte by byte costs a
/// mispredicted branch at the end of nearly every word.
#[inline(always)]
pub(crate) fn ascii_word_run(bytes: &[u8], mut at: usize, apostrophes: bool) -> usize {
    while let Some(chunk) = bytes.get(at..at + 8) {
        let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let others = not_ascii_word_bytes(chunk, apostrophes);
        if others != 0 {
            return at + others.trailing_zeros() as usize / 8;
        }
        at += 8;
    }
    while bytes
        .get(at)
        .is_some_and(|&b| b.is_ascii_alphanumeric() || apostrophes && b == b'\'')
    {
        at += 1;
    }
    at
}

/// Eight ones, one in each byte: times `n`, `n` in every byte.
const ONES: u64 = 0x0101_0101_0101_0101;

/// The high bit of each of eight bytes.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `ascii` (eight bytes below 0x80) that is at
/// least `n`: adding 0x80 - n to such a byte sets its high bit exactly then,
/// and carries into no other byte.
fn bytes_at_least(ascii: u64, n: u8) -> u64 {
    (ascii + u64::from(0x80 - n) * ONES) & HIGH
}

/// The high bit of each of the eight bytes of `x` (little-endian) that is
/// not an ASCII letter or digit, nor, with `apostrophes`, a straight
/// apostrophe.
fn not_ascii_word_bytes(x: u64, apostrophes: bool) -> u64 {
    let ascii = x & !HIGH;
    let digit = bytes_at_least(ascii, b'0') & !bytes_at_least(ascii, b'9' + 1);
    // Or-ing 0x20 folds capitals onto small letters, and nothing else onto
    // them.
    let folded = ascii | (0x20 * ONES);
    let letter = bytes_at_least(folded, b'a') & !bytes_at_least(folded, b'z' + 1);
    let mut word = digit | letter;
    if apostrophes {
        // A byte equal to the apostrophe is zero after the xor.
        word |= !bytes_at_least(ascii ^ (u64::from(b'\'') * ONES), 1) & HIGH;
    }
    // A byte with its high bit set is no ASCII.
    (!word & HIGH) | (x & HIGH)
}

/// `x` with the ASCII capitals of its eight bytes lower-cased and every other
/// byte as it was.
pub(crate) fn ascii_lowercase(x: u64) -> u64 {
    let ascii = x & !HIGH;
    let capital = bytes_at_least(ascii, b'A') & !bytes_at_least(ascii, b'Z' + 1) & !(x & HIGH);
    // The high bit of a capital's byte, moved to 0x20: the bit that makes it
    // small.
    x | capital >> 2
}

/// The character starting at byte `i` of `slice`, which must be a boundary.
fn next_char(slice: &str, i: usize) -> char {
    slice[i..].chars().next().expect("i is inside the slice")
}

/// One sentence being tokenised, and the buffers its tokens go to.
struct Scan<'a, 'n> {
    /// The sentence.
    slice: &'a str,
    /// Where the sentence starts in the text.
    base: usize,
    /// The sentence with its ASCII letters lower-cased ([`Norms`]).
    lower: &'a str,
    /// See [`Norms`].
    folded: &'n mut String,
    /// See [`Norms`].
    pending: &'n mut Vec<(usize, Range<usize>)>,
    /// The tokens so far.
    out: Vec<Token<'a>>,
}

impl<'a> Scan<'a, '_> {
    /// Tokenises the whole sentence.
    fn run(&mut self) {
        let bytes = self.slice.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            i = match BYTE_CLASS[usize::from(bytes[i])] {
                ByteClass::Space => i + 1,
                ByteClass::Alnum => {
                    // Most words are followed by one space, skipped here at
                    // less cost than by another turn of the loop.
                    let end = self.push_ascii_word(i);
                    end + usize::from(bytes.get(end) == Some(&b' '))
                }
                ByteClass::Apostrophe | ByteClass::Punct => {
                    self.push_punct(i, char::from(bytes[i]));
                    i + 1
                }
                ByteClass::NonAscii => {
                    let c = next_char(self.slice, i);
                    if c.is_whitespace() {
                        i + c.len_utf8()
                    } else if is_word_char(c) && c != '\u{2019}' {
                        self.push_word(i)
                    } else {
                        // A curly apostrophe that opens a word is a quote mark.
                        self.push_punct(i, c);
                        i + c.len_utf8()
                    }
                }
            };
        }
    }

    /// Pushes the punctuation mark `c` at byte `at` of the sentence.
    fn push_punct(&mut self, at: usize, c: char) {
        let at = self.base + at;
        self.out.push(Token {
            span: at..at + c.len_utf8(),
            kind: TokenKind::Punct(c),
            norm: "",
            head: 0,
        });
    }

    /// [`Scan::push_word`] for a word that starts with an ASCII letter or
    /// digit. Nearly every word is ASCII throughout and ends in neither
    /// apostrophe: those are pushed here, inlined into the scan, and the
    /// rest left to `push_word`.
    #[inline(always)]
    fn push_ascii_word(&mut self, start: usize) -> usize {
        let bytes = self.slice.as_bytes();
        let end = ascii_word_run(bytes, start + 1, true);
        if bytes.get(end).is_some_and(|b| !b.is_ascii()) || bytes[end - 1] == b'\'' {
            return self.push_word(start);
        }
        let at = self.base + start;
        let len = end - start;
        // The eight bytes from the word's start, those past its end zeroed;
        // a word has at least one byte, so the shift is at most 56.
        let eight = &self.lower.as_bytes()[start..start + 8];
        let head =
            u64::from_le_bytes(eight.try_into().unwrap()) & u64::MAX >> (64 - 8 * len.min(8));
        self.out.push(Token {
            span: at..at + len,
            kind: TokenKind::Word,
            norm: &self.lower[start..end],
            head,
        });
        end
    }

    /// Pushes the word starting at byte `start` of the sentence, then any
    /// trailing apostrophes as punctuation; returns where the word ends.
    #[inline(never)]
    fn push_word(&mut self, start: usize) -> usize {
        let slice = self.slice;
        let bytes = slice.as_bytes();
        let mut end = start;
        let mut ascii = true;
        loop {
            // The common case: a run of ASCII letters, digits and apostrophes.
            end = ascii_word_run(bytes, end, true);
            if bytes.get(end).is_some_and(|b| !b.is_ascii()) {
                let c = next_char(slice, end);
                if is_word_char(c) {
                    ascii = false;
                    end += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        // A trailing apostrophe is a closing quote or a plural possessive; the
        // last byte of both apostrophes is a cheap test for one.
        let word_end = if matches!(bytes[end - 1], b'\'' | 0x99) {
            start + slice[start..end].trim_end_matches(['\'', '\u{2019}']).len()
        } else {
            end
        };
        let lower = self.lower;
        let norm = if ascii {
            &lower[start..word_end]
        } else {
            self.fold(&lower[start..word_end])
        };
        self.out.push(Token {
            span: self.base + start..self.base + word_end,
            kind: TokenKind::Word,
            norm,
            head: word_head(norm),
        });
        // Re-emit the dropped trailing apostrophes as punctuation.
        if word_end < end {
            for (k, q) in slice[word_end..end].char_indices() {
                self.push_punct(word_end + k, q);
            }
        }
        end
    }

    /// The norm of the non-ASCII word about to be pushed, given with its
    /// ASCII letters lower-cased: that form itself if folding leaves it as it
    /// is, as it does most words; otherwise empty until [`tokenize_into`]
    /// points the token at its folded form in [`Norms`].
    fn fold(&mut self, word: &'a str) -> &'a str {
        let at = self.folded.len();
        normalize_word_into(word, self.folded);
        if self.folded[at..] == *word {
            self.folded.truncate(at);
            word
        } else {
            self.pending.push((self.out.len(), at..self.folded.len()));
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pattern::normalize_word;

    #[test]
    fn heads_are_the_first_eight_bytes() {
        let slow = |w: &str| {
            let bytes = &w.as_bytes()[..w.len().min(8)];
            bytes.iter().rev().fold(0, |h, &b| h << 8 | u64::from(b))
        };
        let text = "abcdefghijk";
        for end in 0..=text.len() {
            assert_eq!(word_head(&text[..end]), slow(&text[..end]), "{end} bytes");
        }
    }

    #[test]
    fn eight_bytes_lower_cased_as_one_by_one() {
        // Every byte value at every position, among bytes of each kind.
        for at in 0..8 {
            for b in 0..=255u8 {
                for fill in [b'a', b'Z', b'@', b'[', 0xC3] {
                    let mut bytes = [fill; 8];
                    bytes[at] = b;
                    let want = bytes.map(|b| b.to_ascii_lowercase());
                    let x = u64::from_le_bytes(bytes);
                    assert_eq!(ascii_lowercase(x), u64::from_le_bytes(want), "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn tokens_keep_the_heads_of_their_norms() {
        // Words of every length up to the sentence's end, non-ASCII words
        // (folded or not), apostrophes and punctuation.
        let texts = [
            "a",
            "ab",
            "Strengthening ties",
            "The U.S. and C\u{f4}te d\u{2019}Ivoire\u{2019}s \u{201c}\u{c9}T\u{c9}\u{201d} talks, 2024-25.",
            "Ministers' deal with France'",
            "x y z abcdefgh abcdefghi",
        ];
        let mut norms = Norms::default();
        for text in texts {
            for end in 1..=text.len() {
                if !text.is_char_boundary(end) {
                    continue;
                }
                for token in tokenize(text, 0..end, &mut norms) {
                    assert_eq!(
                        token.head(),
                        word_head(token.norm()),
                        "{token:?} of {:?}",
                        &text[..end]
                    );
                }
            }
        }
    }

    #[test]
    fn word_runs_end_where_a_byte_by_byte_scan_ends_them() {
        let slow = |bytes: &[u8], mut at: usize, apostrophes: bool| {
            while bytes
                .get(at)
                .is_some_and(|&b| b.is_ascii_alphanumeric() || apostrophes && b == b'\'')
            {
                at += 1;
            }
            at
        };
        // Every byte value, after runs of each length, at every offset of
        // the eight-byte reads.
        for b in 0..=255u8 {
            for run in 0..20 {
                let mut bytes: Vec<u8> = b"aZ09'mQ7".iter().copied().cycle().take(run).collect();
                bytes.push(b);
                bytes.extend_from_slice(b"xy");
                for at in 0..bytes.len() {
                    for apostrophes in [false, true] {
                        assert_eq!(
                            ascii_word_run(&bytes, at, apostrophes),
                            slow(&bytes, at, apostrophes),
                            "{bytes:?} from {at}, apostrophes {apostrophes}"
                        );
                    }
                }
            }
        }
    }

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

    split!(
        marks_and_breaks_close_together,
        "Why?! \"No.\"\nYes.\n\nEnd.\r\n• Bullet.\nWait... now? Ok",
        [
            "Why?!",
            "\"No.\"",
            "Yes.",
            "End.",
            "Bullet.",
            "Wait... now?",
            "Ok"
        ]
    );

    #[test]
    fn initials_are_single_letters_joined_by_dots() {
        for word in ["U.S", "J", "U.K", "É.U", "a.b.c"] {
            assert!(is_initials(word), "{word}");
        }
        for word in ["", "US", "U.", ".U", "U..S", "U.Sa", "1.2", "U-S"] {
            assert!(!is_initials(word), "{word}");
        }
    }

    #[test]
    fn candidates_are_every_mark_and_line_break_in_order() {
        let text = "a.b!c?\nd\n\n.x?é!\n";
        let want: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?' | b'\n'))
            .map(|(i, _)| i)
            .collect();
        let mut candidates = Candidates::new(text.as_bytes());
        let mut got = Vec::new();
        let mut from = 0;
        while let Some(at) = candidates.next_from(from) {
            got.push(at);
            from = at + 1;
        }
        assert_eq!(got, want);
        // Skipping ahead passes over the candidates in between.
        let mut candidates = Candidates::new(text.as_bytes());
        assert_eq!(candidates.next_from(0), Some(1));
        assert_eq!(candidates.next_from(7), Some(8));
        assert_eq!(candidates.next_from(text.len()), None);
    }

    /// What tests compare tokens by: span, kind and norm.
    type Plain = (Range<usize>, TokenKind, String);

    fn plain(tokens: &[Token<'_>]) -> Vec<Plain> {
        tokens
            .iter()
            .map(|t| (t.span.clone(), t.kind, t.norm().to_string()))
            .collect()
    }

    /// `tokenize` with a fresh [`Norms`], as plain tokens.
    fn tokenize_plain(text: &str, range: Range<usize>) -> Vec<Plain> {
        plain(&tokenize(text, range, &mut Norms::default()))
    }

    #[test]
    fn tokenize_into_replaces_what_the_buffers_held() {
        // Folded norms, then none, then others: nothing of a sentence's
        // norms may leak into the next.
        let text = "Didn’t İzmir TALK. Ties warmed. Straße’s ÉTAT’ fell";
        let second = text.find("Ties").unwrap();
        let third = text.find("Straße").unwrap();
        let sentences = [0..second - 1, second..third - 1, third..text.len()];
        let mut norms = Norms::default();
        let mut spare = Vec::new();
        for range in sentences {
            let tokens = tokenize_into(text, range.clone(), &mut norms, spare);
            assert_eq!(plain(&tokens), tokenize_plain(text, range));
            spare = recycle(tokens);
        }
    }

    #[test]
    fn recycling_keeps_the_allocation() {
        let text = "Ties warmed, then cooled.";
        let mut norms = Norms::default();
        let tokens = tokenize(text, 0..text.len(), &mut norms);
        let (at, capacity) = (tokens.as_ptr().cast::<()>(), tokens.capacity());
        let spare: Vec<Token<'static>> = recycle(tokens);
        assert!(spare.is_empty());
        assert_eq!(spare.as_ptr().cast::<()>(), at);
        assert_eq!(spare.capacity(), capacity);
    }

    /// The tokeniser as a plain walk over characters: what the byte-class
    /// fast path must agree with.
    fn tokenize_by_chars(text: &str, range: Range<usize>) -> Vec<Plain> {
        let mut out = Vec::new();
        let slice = &text[range.clone()];
        let mut iter = slice.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            if c.is_whitespace() {
                continue;
            }
            let start = range.start + i;
            if is_word_char(c) && c != '\'' && c != '\u{2019}' {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if !is_word_char(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    iter.next();
                }
                let word = slice[i..end].trim_end_matches(['\'', '\u{2019}']);
                out.push((
                    start..start + word.len(),
                    TokenKind::Word,
                    normalize_word(word).into_owned(),
                ));
                for (k, q) in slice[i + word.len()..end].char_indices() {
                    let at = start + word.len() + k;
                    out.push((at..at + q.len_utf8(), TokenKind::Punct(q), String::new()));
                }
            } else {
                out.push((
                    start..start + c.len_utf8(),
                    TokenKind::Punct(c),
                    String::new(),
                ));
            }
        }
        out
    }

    /// Pieces that stress the fast path: case, digits, both apostrophes,
    /// Unicode letters, marks and spaces, control characters.
    const PIECES: [&str; 24] = [
        "a",
        "Z",
        "7",
        "'",
        "\u{2019}",
        " ",
        "\t",
        "\n",
        "\u{0B}",
        "\u{A0}",
        "\u{2003}",
        ".",
        "-",
        "\"",
        "\u{201C}",
        "\u{2018}",
        "é",
        "É",
        "ß",
        "İ",
        "日",
        "\u{1F600}",
        "\u{0}",
        "\u{85}",
    ];

    #[test]
    fn tokenize_agrees_with_the_char_walk() {
        let mut texts = vec![
            "China’s ties, strained.".to_string(),
            "'Twas the U.S.-led ‘war’ in Ukraine's east; Kyiv's allies' aid".to_string(),
            "Straße İzmir ǅemal ŒUVRE naïve São Paulo’s 3.5% rise…".to_string(),
            "  Didn’t  DIDN'T don’t'’ ''quoted'' 日本の首相 🇺🇸 flag".to_string(),
        ];
        for a in PIECES {
            for b in PIECES {
                for c in PIECES {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{a}x{b}Y{c}"));
                }
            }
        }
        for text in &texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for &start in &bounds {
                let range = start..text.len();
                assert_eq!(
                    tokenize_plain(text, range.clone()),
                    tokenize_by_chars(text, range),
                    "{text:?} from {start}"
                );
            }
        }
    }

    #[test]
    fn tokens_keep_offsets() {
        let text = "Russia’s ‘war’ in Ukraine";
        let mut norms = Norms::default();
        let tokens = tokenize(text, 0..text.len(), &mut norms);
        for t in &tokens {
            assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        }
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| t.is_word())
            .map(|t| t.norm())
            .collect();
        assert_eq!(words, ["russia's", "war", "in", "ukraine"]);
    }
}
