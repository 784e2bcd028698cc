//! JSON Lines: one story object per line.
//!
//! Feeds name their fields differently, so each field has a few accepted
//! names: the text is `text`, `body`, `content` or `article`; the date is
//! `date`, `published`, `publish_date`, `published_at`, `pubdate` or
//! `datetime`, in any common form. A file whose first character is `[` is
//! read as one JSON array of such objects. A line that is not an object, or
//! has no text, is reported with its line number and skipped.

use std::io::BufRead;

use serde_json::{Map, Value};

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
                            match story_from(&map, &format!("{}:{}", self.stem, i + 1)) {
                                Ok(s) => Item::Story(s),
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
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.line += 1;
                    let w = self.warn(self.line, e.to_string(), true);
                    // An I/O error mid-file ends this input.
                    self.buf.clear();
                    let _ = self.reader.read_to_end(&mut Vec::new());
                    return Some(w);
                }
            }
            self.line += 1;
            let line = match std::str::from_utf8(&self.buf) {
                Ok(s) => s.to_owned(),
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
                    String::from_utf8_lossy(&self.buf).into_owned()
                }
            };
            let trimmed = line.trim_start_matches('\u{feff}').trim();
            if trimmed.is_empty() {
                continue;
            }
            if self.line == 1 && trimmed.starts_with('[') {
                self.read_array(line);
                continue;
            }
            let item = match serde_json::from_str::<Value>(trimmed) {
                Ok(Value::Object(map)) => {
                    match story_from(&map, &format!("{}:{}", self.stem, self.line)) {
                        Ok(story) => {
                            if let Some(raw) = unreadable_date(&map) {
                                let message =
                                    format!("unreadable date {raw:?}; read without a date");
                                let w = self.warn(self.line, message, false);
                                self.queue.push_back(w);
                            }
                            Item::Story(story)
                        }
                        Err(message) => self.warn(self.line, message, true),
                    }
                }
                Ok(_) => self.warn(self.line, "not a JSON object; skipped", true),
                Err(e) => self.warn(self.line, format!("not JSON ({e}); skipped"), true),
            };
            self.queue.push_back(item);
        }
    }
}

fn field<'m>(map: &'m Map<String, Value>, names: &[&str]) -> Option<&'m Value> {
    names
        .iter()
        .find_map(|n| map.get(*n).filter(|v| !v.is_null()))
}

fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The date field as written, when it is there but cannot be read.
fn unreadable_date(map: &Map<String, Value>) -> Option<String> {
    let raw = field(map, &DATE)
        .and_then(as_text)
        .filter(|d| !d.trim().is_empty())?;
    crate::date::normalize(&raw).is_none().then_some(raw)
}

/// Builds a story from one object; `fallback_id` names records without an id.
///
/// # Errors
///
/// A message when the object has no usable text field.
pub fn story_from(map: &Map<String, Value>, fallback_id: &str) -> Result<Story, String> {
    let text = field(map, &TEXT)
        .and_then(as_text)
        .filter(|t| !t.trim().is_empty());
    let Some(text) = text else {
        return Err(format!(
            "no text (expected one of {}); skipped",
            TEXT.join(", ")
        ));
    };
    let id = field(map, &ID)
        .and_then(as_text)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| fallback_id.to_owned());
    let title = field(map, &TITLE)
        .and_then(as_text)
        .filter(|s| !s.trim().is_empty());
    let date = field(map, &DATE)
        .and_then(as_text)
        .and_then(|d| crate::date::normalize(&d));
    let source = field(map, &SOURCE).and_then(as_text);
    Ok(Story {
        id,
        title,
        date,
        source,
        text,
    })
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
