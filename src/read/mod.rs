//! Reading stories from files, folders and standard input.
//!
//! Three layouts are understood, sniffed per file (or forced with
//! [`InputFormat`]): JSON Lines (one story a line, see [`jsonl`]), the "story
//! card" layout of dated headline, tag, Highlights, Story and Opinions (see
//! [`card`]), and plain text (see [`plain`]). Folders are walked in sorted
//! order for `.txt`, `.md`, `.jsonl` and `.json` files.
//!
//! Reading never stops at a bad record: a [`StoryReader`] yields
//! [`Item::Warning`] with the file, line and reason (marked `skipped` when no
//! story came of the record), and goes on, so that the caller decides whether
//! a warning is fatal (`--strict`).

pub mod card;
pub mod jsonl;
pub mod plain;

use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::story::Story;

/// The layout of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    /// Decide per file from its name and first bytes.
    #[default]
    Auto,
    /// One JSON object per line.
    Jsonl,
    /// The story card layout.
    Card,
    /// Plain text, one story per file.
    Text,
}

/// Where a story or a warning comes from: a file (or `-`) and a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file, or `<stdin>`.
    pub file: String,
    /// The 1-based line, for JSON Lines records.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

/// A record that was read with a problem, or skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub location: Location,
    /// What, in a few words.
    pub message: String,
    /// Whether the story was skipped (otherwise it was read with a repair).
    pub skipped: bool,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// What a reader yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A story.
    Story(Story),
    /// A problem; when `skipped`, no story came of the record.
    Warning(Warning),
}

/// One input: a file, or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_owned(),
        }
    }
}

const EXTENSIONS: [&str; 4] = ["txt", "md", "jsonl", "json"];

/// Expands the command line's paths into inputs: files as given, folders
/// walked in sorted order, `-` (or nothing) as standard input. Problems
/// (missing paths, unreadable folders, symlink loops) come back as warnings.
///
/// # Examples
///
/// ```
/// use entente::read::{expand, Input};
///
/// let (inputs, warnings) = expand(&["-".into()]);
/// assert_eq!(inputs, vec![Input::Stdin]);
/// assert!(warnings.is_empty());
/// ```
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<Warning>) {
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    if paths.is_empty() {
        return (vec![Input::Stdin], warnings);
    }
    let mut visited = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut visited, &mut inputs, &mut warnings),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => warnings.push(Warning {
                location: Location {
                    file: path.display().to_string(),
                    line: None,
                },
                message: describe_io(&e),
                skipped: true,
            }),
        }
    }
    (inputs, warnings)
}

fn walk(
    dir: &Path,
    visited: &mut HashSet<PathBuf>,
    inputs: &mut Vec<Input>,
    warnings: &mut Vec<Warning>,
) {
    let warn = |warnings: &mut Vec<Warning>, path: &Path, message: String| {
        warnings.push(Warning {
            location: Location {
                file: path.display().to_string(),
                line: None,
            },
            message,
            skipped: true,
        });
    };
    match std::fs::canonicalize(dir) {
        Ok(real) => {
            if !visited.insert(real) {
                warn(
                    warnings,
                    dir,
                    "folder already read (symlink loop?); skipped".to_owned(),
                );
                return;
            }
        }
        Err(e) => return warn(warnings, dir, describe_io(&e)),
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return warn(warnings, dir, describe_io(&e)),
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, visited, inputs, warnings),
            Ok(_) => {
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e));
                if wanted {
                    inputs.push(Input::File(path));
                }
            }
            Err(e) => warn(warnings, &path, describe_io(&e)),
        }
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// Reads stories from inputs, one at a time.
pub struct StoryReader {
    inputs: std::vec::IntoIter<Input>,
    format: InputFormat,
    default_date: Option<String>,
    current: Option<Box<dyn Iterator<Item = Item> + Send>>,
}

impl fmt::Debug for StoryReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoryReader")
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl StoryReader {
    /// A reader over these inputs.
    pub fn new(inputs: Vec<Input>, format: InputFormat) -> StoryReader {
        StoryReader {
            inputs: inputs.into_iter(),
            format,
            default_date: None,
            current: None,
        }
    }

    /// The date given to stories that have none (`--date`).
    pub fn default_date(mut self, date: Option<String>) -> StoryReader {
        self.default_date = date;
        self
    }

    fn open(&self, input: &Input) -> Box<dyn Iterator<Item = Item> + Send> {
        let name = input.name();
        let reader: Box<dyn BufRead + Send> = match input {
            Input::Stdin => Box::new(BufReader::new(std::io::stdin())),
            Input::File(path) => match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    let w = Warning {
                        location: Location {
                            file: name,
                            line: None,
                        },
                        message: describe_io(&e),
                        skipped: true,
                    };
                    return Box::new(std::iter::once(Item::Warning(w)));
                }
            },
        };
        let mut reader = reader;
        let format = match self.format {
            InputFormat::Auto => sniff(input, &mut reader),
            f => f,
        };
        let stem = match input {
            Input::File(p) => p
                .file_stem()
                .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned()),
            Input::Stdin => "stdin".to_owned(),
        };
        match format {
            InputFormat::Jsonl | InputFormat::Auto => {
                Box::new(jsonl::JsonLines::new(reader, name, stem))
            }
            InputFormat::Card | InputFormat::Text => Box::new(
                read_whole(reader, &name, stem, format, self.default_date.clone()).into_iter(),
            ),
        }
    }
}

impl Iterator for StoryReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.current.as_mut().and_then(Iterator::next) {
                let item = match item {
                    Item::Story(mut s) if s.date.is_none() => {
                        s.date.clone_from(&self.default_date);
                        Item::Story(s)
                    }
                    other => other,
                };
                return Some(item);
            }
            let input = self.inputs.next()?;
            self.current = Some(self.open(&input));
        }
    }
}

/// Decides the layout from the name and the first bytes.
fn sniff(input: &Input, reader: &mut Box<dyn BufRead + Send>) -> InputFormat {
    let ext = match input {
        Input::File(p) => p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase),
        Input::Stdin => None,
    };
    if matches!(ext.as_deref(), Some("jsonl" | "json" | "ndjson")) {
        return InputFormat::Jsonl;
    }
    let head = reader
        .fill_buf()
        .map(|b| String::from_utf8_lossy(&b[..b.len().min(4096)]).into_owned())
        .unwrap_or_default();
    let trimmed = head.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        InputFormat::Jsonl
    } else if card::looks_like_card(trimmed) {
        InputFormat::Card
    } else {
        InputFormat::Text
    }
}

fn read_whole(
    mut reader: Box<dyn BufRead + Send>,
    name: &str,
    id: String,
    format: InputFormat,
    default_date: Option<String>,
) -> Vec<Item> {
    let mut bytes = Vec::new();
    let location = Location {
        file: name.to_owned(),
        line: None,
    };
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return vec![Item::Warning(Warning {
            location,
            message: describe_io(&e),
            skipped: true,
        })];
    }
    // A NUL byte never occurs in text: the file is binary (an image, an
    // archive, a stray executable), and its lossy decoding would only be noise.
    if bytes.contains(&0) {
        return vec![Item::Warning(Warning {
            location,
            message: "binary file; skipped".to_owned(),
            skipped: true,
        })];
    }
    let mut items = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            items.push(Item::Warning(Warning {
                location: location.clone(),
                message: "invalid UTF-8, decoded lossily".to_owned(),
                skipped: false,
            }));
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    };
    let story = if format == InputFormat::Card {
        card::parse(&text, id)
    } else {
        plain::parse(&text, id, default_date.is_some())
    };
    match story {
        Some(s) => items.push(Item::Story(s)),
        None => items.push(Item::Warning(Warning {
            location,
            message: "no text; skipped".to_owned(),
            skipped: true,
        })),
    }
    items
}
