//! JSON Lines: one story object per line.
//!
//! Feeds name their fields differently, so each field has a few accepted
//! names: the text is `text`, `body`, `content` or `article`; the date is
//! `date`, `published`, `publish_date`, `published_at`, `pubdate` or
//! `datetime`, in any common form. A file whose first character is `[` is
//! read as one JSON array of such objects. A line that is not an object, or
//! has no text, is reported with its line number and skipped.

use std::borrow::Cow;
use std::fmt;
use std::io::BufRead;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{Item, Location, Warning};
use crate::story::Story;

const TEXT: [&str; 4] = ["text", "body", "content", "article"];
const TITLE: [&str; 2] = ["title", "headline"];
const DATE: [&str; 6] = [
    "date",
    "published",
    "publish_date",
    "published_at",
    "pubdate",
    "datetime",
];
const ID: [&str; 3] = ["id", "story_id", "uuid"];
const SOURCE: [&str; 3] = ["source", "url", "publisher"];

/// Streams the stories of a JSON Lines input.
pub struct JsonLines<R> {
    reader: R,
    file: String,
    stem: String,
    line: usize,
    buf: Vec<u8>,
    warned_utf8: bool,
    /// Set after an I/O error, which ends the input whatever the reader
    /// would do next (a failing disk may fail on every read).
    ended: bool,
    queue: std::collections::VecDeque<Item>,
}

impl<R: BufRead> JsonLines<R> {
    /// Reads `reader`, naming records after `file` (and `stem` for ids).
    pub fn new(reader: R, file: String, stem: String) -> JsonLines<R> {
        JsonLines {
            reader,
            file,
            stem,
            line: 0,
            buf: Vec::new(),
            warned_utf8: false,
            ended: false,
            queue: Default::default(),
        }
    }

    fn warn(&self, line: usize, message: impl Into<String>, skipped: bool) -> Item {
        Item::Warning(Warning {
            location: Location {
                file: self.file.clone(),
                line: Some(line),
            },
            message: message.into(),
            skipped,
        })
    }

    /// Queues what the current line, `bytes`, holds.
    fn read_line(&mut self, bytes: &[u8]) {
        let line = match std::str::from_utf8(bytes) {
            Ok(line) => Cow::Borrowed(line),
            Err(_) => {
                if !self.warned_utf8 {
                    self.warned_utf8 = true;
                    let w = self.warn(
                        self.line,
                        "invalid UTF-8, decoded lossily (first of possibly several)",
                        false,
                    );
                    self.queue.push_back(w);
                }
                String::from_utf8_lossy(bytes)
            }
        };
        let trimmed = line.trim_start_matches('\u{feff}').trim();
        if trimmed.is_empty() {
            return;
        }
        if self.line == 1 && trimmed.starts_with('[') {
            self.read_array(line.into_owned());
            return;
        }
        self.read_record(trimmed);
    }

    /// Queues the story in one line's `text`, or why there is none.
    fn read_record(&mut self, text: &str) {
        let item = match parse_object(text) {
            Ok(Some(fields)) => {
                match fields.into_story(|| format!("{}:{}", self.stem, self.line)) {
                    Ok(read) => {
                        if let Some(raw) = read.unreadable_date {
                            let message = format!("unreadable date {raw:?}; read without a date");
                            let w = self.warn(self.line, message, false);
                            self.queue.push_back(w);
                        }
                        Item::Story(read.story)
                    }
                    Err(message) => self.warn(self.line, message, true),
                }
            }
            Ok(None) => self.warn(self.line, "not a JSON object; skipped", true),
            Err(e) => self.warn(self.line, format!("not JSON ({e}); skipped"), true),
        };
        self.queue.push_back(item);
    }

    fn read_array(&mut self, first: String) {
        let mut rest = Vec::new();
        let mut text = first;
        if let Err(e) = self.reader.read_to_end(&mut rest) {
            let w = self.warn(self.line, e.to_string(), true);
            self.queue.push_back(w);
            return;
        }
        text.push_str(&String::from_utf8_lossy(&rest));
        match serde_json::from_str::<Vec<Value>>(&text) {
            Ok(values) => {
                for (i, value) in values.into_iter().enumerate() {
                    let item = match value {
                        Value::Object(map) => {
                            let fallback_id = || format!("{}:{}", self.stem, i + 1);
                            match Fields::from_map(map).into_story(fallback_id) {
                                Ok(read) => Item::Story(read.story),
                                Err(m) => self.warn(1, format!("element {}: {m}", i + 1), true),
                            }
                        }
                        _ => self.warn(
                            1,
                            format!("element {}: not a JSON object; skipped", i + 1),
                            true,
                        ),
                    };
                    self.queue.push_back(item);
                }
            }
            Err(e) => {
                let w = self.warn(e.line(), format!("not a JSON array of stories: {e}"), true);
                self.queue.push_back(w);
            }
        }
    }
}

impl<R: BufRead> Iterator for JsonLines<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.queue.pop_front() {
                return Some(item);
            }
            if self.ended {
                return None;
            }
            self.buf.clear();
            match read_until_newline(&mut self.reader, &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.line += 1;
                    let w = self.warn(self.line, e.to_string(), true);
                    self.ended = true;
                    return Some(w);
                }
            }
            self.line += 1;
            let buf = std::mem::take(&mut self.buf);
            self.read_line(&buf);
            self.buf = buf;
        }
    }
}

/// `BufRead::read_until` for a newline, with `memchr`'s vectorised search:
/// std's byte search is the larger part of reading a line.
fn read_until_newline(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let (used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), available.is_empty()),
        };
        buf.extend_from_slice(&available[..used]);
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

/// The fields of one line's object, `None` when the line is JSON but not an
/// object.
///
/// Only an object is read field by field; anything else is still parsed
/// whole, so that invalid JSON is reported as such.
fn parse_object(text: &str) -> serde_json::Result<Option<Fields<'_>>> {
    if !text.starts_with('{') {
        return serde_json::from_str::<Skipped>(text).map(|_| None);
    }
    // Without a backslash no string has an escape, so the story text can be
    // taken as it stands; anything the quick reading refuses is read again
    // with every check, which decides.
    if memchr::memchr(b'\\', text.as_bytes()).is_none()
        && let Ok(fields) = parse_fields(text, true)
    {
        return Ok(Some(fields));
    }
    parse_fields(text, false).map(Some)
}

/// Reads an object's fields; `quick_text` reads the text's string as
/// [`QuickText`] does.
fn parse_fields(text: &str, quick_text: bool) -> serde_json::Result<Fields<'_>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let quick_text = quick_text.then_some(QuickText { line: text });
    let fields = deserializer.deserialize_map(FieldsVisitor { quick_text })?;
    deserializer.end()?;
    Ok(fields)
}

/// A story read from an object, with the date it had when that was unreadable.
struct ReadStory {
    story: Story,
    unreadable_date: Option<String>,
}

/// What an object holds under each accepted name, by field and in the order
/// of the names; other keys are checked as JSON and dropped.
#[derive(Default)]
struct Fields<'de> {
    text: [Entry<'de>; TEXT.len()],
    title: [Entry<'de>; TITLE.len()],
    date: [Entry<'de>; DATE.len()],
    id: [Entry<'de>; ID.len()],
    source: [Entry<'de>; SOURCE.len()],
}

impl<'de> Fields<'de> {
    /// The fields of an object already parsed (the array form).
    fn from_map(map: Map<String, Value>) -> Fields<'static> {
        let mut fields = Fields::default();
        for (key, value) in map {
            if let Some(entry) = fields.entry(FieldName::of(&key)) {
                *entry = Entry::from_value(value);
            }
        }
        fields
    }

    /// Where the value under `name` goes, if it is an accepted name.
    fn entry(&mut self, name: FieldName) -> Option<&mut Entry<'de>> {
        match name {
            FieldName::Text(rank) => Some(&mut self.text[rank]),
            FieldName::Title(rank) => Some(&mut self.title[rank]),
            FieldName::Date(rank) => Some(&mut self.date[rank]),
            FieldName::Id(rank) => Some(&mut self.id[rank]),
            FieldName::Source(rank) => Some(&mut self.source[rank]),
            FieldName::Other => None,
        }
    }

    /// Builds a story; `fallback_id` names records without an id.
    ///
    /// Each field is the first of its names present (null counting as
    /// absent), so a later name never overrides an earlier one. An error is
    /// the message when the object has no usable text.
    fn into_story(self, fallback_id: impl FnOnce() -> String) -> Result<ReadStory, String> {
        let Some(text) = first_text(self.text).filter(|t| !t.trim().is_empty()) else {
            return Err(format!(
                "no text (expected one of {}); skipped",
                TEXT.join(", ")
            ));
        };
        let id = first_text(self.id)
            .filter(|s| !s.is_empty())
            .map_or_else(fallback_id, Cow::into_owned);
        let title = first_text(self.title)
            .filter(|s| !s.trim().is_empty())
            .map(Cow::into_owned);
        let raw_date = first_text(self.date);
        let date = raw_date.as_deref().and_then(crate::date::normalize);
        let unreadable_date = raw_date
            .filter(|raw| date.is_none() && !raw.trim().is_empty())
            .map(Cow::into_owned);
        let source = first_text(self.source).map(Cow::into_owned);
        let story = Story {
            id,
            title,
            date,
            source,
            text: text.into_owned(),
        };
        Ok(ReadStory {
            story,
            unreadable_date,
        })
    }
}

/// The first present entry of a field, as text when it is a string or a
/// number.
fn first_text<'de, const N: usize>(entries: [Entry<'de>; N]) -> Option<Cow<'de, str>> {
    match entries.into_iter().find(|e| !matches!(e, Entry::Absent))? {
        Entry::Text(text) => Some(text),
        Entry::Absent | Entry::NotText => None,
    }
}

/// Which field a key names, and the name's rank among that field's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldName {
    Text(usize),
    Title(usize),
    Date(usize),
    Id(usize),
    Source(usize),
    Other,
}

impl FieldName {
    fn of(key: &str) -> FieldName {
        let rank = |names: &[&str]| names.iter().position(|n| *n == key);
        rank(&TEXT)
            .map(FieldName::Text)
            .or_else(|| rank(&TITLE).map(FieldName::Title))
            .or_else(|| rank(&DATE).map(FieldName::Date))
            .or_else(|| rank(&ID).map(FieldName::Id))
            .or_else(|| rank(&SOURCE).map(FieldName::Source))
            .unwrap_or(FieldName::Other)
    }
}

/// The value under one accepted name, as far as a story cares.
#[derive(Debug, Default, PartialEq, Eq)]
enum Entry<'de> {
    /// Not there, or null.
    #[default]
    Absent,
    /// A string, or a number written as JSON writes it.
    Text(Cow<'de, str>),
    /// A boolean, array or object: present, but no text.
    NotText,
}

impl Entry<'_> {
    fn from_value(value: Value) -> Entry<'static> {
        match value {
            Value::Null => Entry::Absent,
            Value::String(s) => Entry::Text(Cow::Owned(s)),
            Value::Number(n) => Entry::number(n),
            Value::Bool(_) | Value::Array(_) | Value::Object(_) => Entry::NotText,
        }
    }

    fn number(n: Number) -> Entry<'static> {
        Entry::Text(Cow::Owned(n.to_string()))
    }
}

struct FieldsVisitor<'de> {
    /// How to read the text, when it can be read quickly.
    quick_text: Option<QuickText<'de>>,
}

impl<'de> Visitor<'de> for FieldsVisitor<'de> {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    /// Keeps the last value of a repeated key, as a JSON map does.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
        let mut fields = Fields::default();
        while let Some(name) = map.next_key::<FieldName>()? {
            let quick = self
                .quick_text
                .filter(|_| matches!(name, FieldName::Text(_)));
            match (fields.entry(name), quick) {
                (Some(entry), Some(quick)) => *entry = map.next_value_seed(quick)?,
                (Some(entry), None) => *entry = map.next_value()?,
                (None, _) => {
                    map.next_value::<Skipped>()?;
                }
            }
        }
        Ok(fields)
    }
}

impl<'de> Deserialize<'de> for FieldName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(FieldNameVisitor)
    }
}

struct FieldNameVisitor;

impl Visitor<'_> for FieldNameVisitor {
    type Value = FieldName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E>(self, key: &str) -> Result<FieldName, E> {
        Ok(FieldName::of(key))
    }
}

impl<'de> Deserialize<'de> for Entry<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Entry<'de>, E> {
        Ok(Entry::Absent)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Entry<'de>, E> {
        Ok(Entry::NotText)
    }

    fn visit_i64<E>(self, n: i64) -> Result<Entry<'de>, E> {
        Ok(Entry::number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Entry<'de>, E> {
        Ok(Entry::number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Entry<'de>, E> {
        // As a JSON value would have it: a number that is not finite is null.
        Ok(Number::from_f64(n).map_or(Entry::Absent, Entry::number))
    }

    fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Entry<'de>, E> {
        Ok(Entry::Text(Cow::Borrowed(s)))
    }

    fn visit_str<E>(self, s: &str) -> Result<Entry<'de>, E> {
        Ok(Entry::Text(Cow::Owned(s.to_owned())))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Entry<'de>, A::Error> {
        SkippedVisitor.visit_seq(seq)?;
        Ok(Entry::NotText)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry<'de>, A::Error> {
        SkippedVisitor.visit_map(map)?;
        Ok(Entry::NotText)
    }
}

/// A string or null read without serde_json's string checks, which cost
/// more than the rest of the line: the story text, when its line has no
/// escape.
///
/// serde_json's raw byte strings skip the search for control characters, so
/// those are looked for here, quickly; without escapes that is the only check
/// skipped. Anything else (a number, an object, a control character) is an
/// error, to read the line again with every check.
#[derive(Clone, Copy)]
struct QuickText<'de> {
    /// The line being read, which the string's bytes are part of.
    line: &'de str,
}

impl<'de> DeserializeSeed<'de> for QuickText<'de> {
    type Value = Entry<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry<'de>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for QuickText<'de> {
    type Value = Entry<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string without escapes or control characters, or null")
    }

    fn visit_none<E>(self) -> Result<Entry<'de>, E> {
        Ok(Entry::Absent)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Entry<'de>, D::Error> {
        deserializer.deserialize_bytes(self)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, bytes: &'de [u8]) -> Result<Entry<'de>, E> {
        if bytes.iter().copied().min().is_some_and(|b| b < 0x20) {
            return Err(E::custom("control character in a string"));
        }
        // The bytes lie inside the line, which is known to be UTF-8: slicing
        // it at their place spares checking them again.
        let start = (bytes.as_ptr() as usize).checked_sub(self.line.as_ptr() as usize);
        let text = start.and_then(|start| self.line.get(start..start + bytes.len()));
        text.map(|text| Entry::Text(Cow::Borrowed(text)))
            .ok_or_else(|| E::custom("a string that is not part of the line"))
    }
}

/// Any JSON value, parsed in full and dropped.
///
/// Unlike `serde::de::IgnoredAny`, which serde_json skips over without
/// checking escapes, number ranges or nesting depth, this refuses whatever a
/// `Value` would refuse.
struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkippedVisitor)
    }
}

struct SkippedVisitor;

impl<'de> Visitor<'de> for SkippedVisitor {
    type Value = Skipped;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_str<E>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skipped, A::Error> {
        while seq.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skipped, A::Error> {
        while map.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<Item> {
        JsonLines::new(text.as_bytes(), "f.jsonl".into(), "f".into()).collect()
    }

    #[test]
    fn accepts_alternative_field_names() {
        let items =
            read("{\"body\": \"Text.\", \"headline\": \"H\", \"published\": \"Sep 9, 2024\"}\n");
        let Item::Story(s) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(
            (s.id.as_str(), s.title.as_deref(), s.date.as_deref()),
            ("f:1", Some("H"), Some("2024-09-09"))
        );
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let items = read(
            "{\"text\": \"ok\"}\n\nnot json\n[1]\n{\"title\": \"no text\"}\n{\"text\": \"fine\", \"id\": 7}\n",
        );
        let got: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Story(s) => format!("story {}", s.id),
                Item::Warning(w) => format!("{}", w.location),
            })
            .collect();
        assert_eq!(
            got,
            [
                "story f:1",
                "f.jsonl:3",
                "f.jsonl:4",
                "f.jsonl:5",
                "story 7"
            ]
        );
    }

    #[test]
    fn an_unreadable_date_is_reported_and_the_story_kept() {
        let items = read("{\"text\": \"Some text.\", \"date\": \"next Tuesday\"}\n");
        let [Item::Warning(w), Item::Story(s)] = items.as_slice() else {
            panic!("{items:?}")
        };
        assert_eq!(
            w.to_string(),
            "f.jsonl:1: unreadable date \"next Tuesday\"; read without a date"
        );
        assert!(!w.skipped);
        assert_eq!(s.date, None);
    }

    /// The one story read from `line`, or a panic naming what came instead.
    fn story(line: &str) -> Story {
        match read(line).as_slice() {
            [Item::Story(s)] => s.clone(),
            items => panic!("{items:?}"),
        }
    }

    /// The messages of what was read, stories as `story ID`.
    fn messages(text: &str) -> Vec<String> {
        read(text)
            .iter()
            .map(|item| match item {
                Item::Story(s) => format!("story {}", s.id),
                Item::Warning(w) => w.to_string(),
            })
            .collect()
    }

    #[test]
    fn an_earlier_name_wins_wherever_it_stands() {
        let s = story(r#"{"body": "B", "headline": "H", "text": "T", "title": "A"}"#);
        assert_eq!((s.text.as_str(), s.title.as_deref()), ("T", Some("A")));
    }

    #[test]
    fn null_counts_as_absent_but_another_type_does_not() {
        assert_eq!(story(r#"{"text": null, "body": "B"}"#).text, "B");
        let s = story(r#"{"text": "T", "id": [1], "story_id": "x", "title": {}}"#);
        assert_eq!((s.id.as_str(), s.title), ("f:1", None));
        assert_eq!(
            messages(r#"{"text": true, "body": "B"}"#),
            ["f.jsonl:1: no text (expected one of text, body, content, article); skipped"]
        );
    }

    #[test]
    fn numbers_are_read_as_text() {
        let s = story(r#"{"text": 42, "title": 1.5, "id": -7, "source": 1e3}"#);
        assert_eq!(
            (s.text.as_str(), s.title.as_deref(), s.id.as_str()),
            ("42", Some("1.5"), "-7")
        );
        assert_eq!(s.source.as_deref(), Some("1000.0"));
        assert_eq!(
            messages(r#"{"text": "a", "date": 20240910}"#),
            [
                "f.jsonl:1: unreadable date \"20240910\"; read without a date",
                "story f:1"
            ]
        );
    }

    #[test]
    fn blank_values_are_dropped_or_skipped() {
        assert_eq!(
            messages("{\"text\": \" \\n\", \"body\": \"B\"}"),
            ["f.jsonl:1: no text (expected one of text, body, content, article); skipped"]
        );
        let s = story(r#"{"text": "T", "id": "", "story_id": "x", "title": "  "}"#);
        assert_eq!((s.id.as_str(), s.title), ("f:1", None));
        assert_eq!(story(r#"{"text": "T", "id": " "}"#).id, " ");
    }

    #[test]
    fn the_last_of_duplicate_keys_counts() {
        assert_eq!(story(r#"{"text": "a", "text": "b"}"#).text, "b");
        assert_eq!(
            story(r#"{"text": "a", "text": null, "body": "c"}"#).text,
            "c"
        );
    }

    #[test]
    fn strings_with_escapes_are_decoded() {
        let s = story(r#"{"text": "a\"b\u00e9\n", "title": "\ud83d\ude42"}"#);
        assert_eq!(
            (s.text.as_str(), s.title.as_deref()),
            ("a\"b\u{e9}\n", Some("\u{1f642}"))
        );
    }

    #[test]
    fn unknown_fields_are_checked_as_json() {
        let got = messages(concat!(
            "{\"text\": \"a\", \"x\": \"\\ud800x\"}\n",
            "{\"text\": \"a\", \"x\": 1e400}\n",
            "{\"text\": \"a\", \"x\": [{\"y\": tru}]}\n",
            "{\"text\": \"a\", \"x\": {\"\\udc00\": 1}}\n",
            "{\"text\": \"a\", \"x\": [1, {\"y\": null, \"z\": [true, 2.5, \"s\"]}]}\n",
        ));
        assert_eq!(
            got,
            [
                "f.jsonl:1: not JSON (unexpected end of hex escape at line 1 column 27); skipped",
                "f.jsonl:2: not JSON (number out of range at line 1 column 24); skipped",
                "f.jsonl:3: not JSON (expected ident at line 1 column 30); skipped",
                "f.jsonl:4: not JSON (lone leading surrogate in hex escape at line 1 column 27); skipped",
                "story f:5",
            ]
        );
    }

    #[test]
    fn control_characters_in_the_text_are_refused_with_or_without_escapes() {
        assert_eq!(
            messages("{\"text\": \"a\tb\"}\n{\"text\": \"\\\"a\x01\"}\n"),
            [
                "f.jsonl:1: not JSON (control character (\\u0000-\\u001F) found while parsing a string at line 1 column 12); skipped",
                "f.jsonl:2: not JSON (control character (\\u0000-\\u001F) found while parsing a string at line 1 column 14); skipped",
            ]
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!(
            "{{\"text\": \"a\", \"x\": {}{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        let [message] = messages(&deep).try_into().unwrap();
        assert!(message.contains("recursion limit exceeded"), "{message}");
    }

    #[test]
    fn lines_that_are_not_objects_are_named() {
        assert_eq!(
            messages(
                "{\"text\": \"a\"}\n\"s\"\n{\"text\": \"a\"} x\n{\"text\": \"a\",}\n{\"text\" \"a\"}\n"
            ),
            [
                "story f:1",
                "f.jsonl:2: not a JSON object; skipped",
                "f.jsonl:3: not JSON (trailing characters at line 1 column 15); skipped",
                "f.jsonl:4: not JSON (trailing comma at line 1 column 14); skipped",
                "f.jsonl:5: not JSON (expected `:` at line 1 column 9); skipped",
            ]
        );
    }

    #[test]
    fn byte_order_marks_blank_lines_and_bad_utf8_are_borne() {
        let mut bytes = b"\xef\xbb\xbf  {\"text\": \"a\"} \r\n\n \t\n".to_vec();
        bytes.extend_from_slice(b"{\"text\": \"b\xff\"}\n{\"text\": \"c\xfe\"}");
        let items: Vec<Item> = JsonLines::new(&bytes[..], "f.jsonl".into(), "f".into()).collect();
        let got: Vec<String> = items
            .iter()
            .map(|item| match item {
                Item::Story(s) => format!("{} {}", s.id, s.text),
                Item::Warning(w) => w.to_string(),
            })
            .collect();
        assert_eq!(
            got,
            [
                "f:1 a",
                "f.jsonl:4: invalid UTF-8, decoded lossily (first of possibly several)",
                "f:4 b\u{fffd}",
                "f:5 c\u{fffd}",
            ]
        );
    }

    #[test]
    fn a_reader_that_keeps_failing_gives_one_warning() {
        struct AlwaysFails;
        impl std::io::Read for AlwaysFails {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let reader = std::io::BufReader::new(AlwaysFails);
        let items: Vec<Item> = JsonLines::new(reader, "f.jsonl".into(), "f".into())
            .take(3)
            .collect();
        assert_eq!(items.len(), 1, "{items:?}");
    }

    #[test]
    fn an_io_error_ends_the_input() {
        /// Fails once, then reads as empty.
        struct FailsOnce(bool);
        impl std::io::Read for FailsOnce {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                if std::mem::replace(&mut self.0, true) {
                    return Ok(0);
                }
                Err(std::io::Error::other("disk gone"))
            }
        }
        let lines = std::io::Read::chain(&b"{\"text\": \"a\"}\n"[..], FailsOnce(false));
        let reader = std::io::BufReader::new(lines);
        let items: Vec<Item> = JsonLines::new(reader, "f.jsonl".into(), "f".into()).collect();
        let got: Vec<String> = items
            .iter()
            .map(|item| match item {
                Item::Story(s) => format!("story {}", s.id),
                Item::Warning(w) => w.to_string(),
            })
            .collect();
        assert_eq!(got, ["story f:1", "f.jsonl:2: disk gone"]);
    }

    #[test]
    fn arrays_keep_their_rules_without_date_warnings() {
        let got = messages(concat!(
            "[{\"text\": \"a\", \"date\": \"soon\"}, 3, {\"title\": \"t\"},\n",
            " {\"body\": \"b\", \"text\": null, \"id\": \"\"}]",
        ));
        assert_eq!(
            got,
            [
                "story f:1",
                "f.jsonl:1: element 2: not a JSON object; skipped",
                "f.jsonl:1: element 3: no text (expected one of text, body, content, article); skipped",
                "story f:4",
            ]
        );
    }

    #[test]
    fn arrays_are_read() {
        let items = read("[{\"text\": \"a\"}, {\"text\": \"b\", \"id\": \"x\"}]");
        assert_eq!(items.len(), 2);
    }
}
