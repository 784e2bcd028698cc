//! Rule tables: loading, overlaying and validating the curated knowledge.
//!
//! A [`RuleSet`] is everything entente knows: countries, blocs, ambiguous
//! forms, people with their offices over time, office titles, relation cues,
//! modifiers, discards and abbreviations. It is loaded from TOML (see
//! `docs/rules.md`), either the tables embedded in the binary
//! ([`RuleSet::embedded`]) or a folder ([`RuleSet::from_dir`]), and a user's
//! folder can be laid over the defaults ([`RuleSet::overlay`]).
//!
//! Loading only parses. [`RuleSet::check`] finds every problem at once and
//! reports each with its file and line, so that a curator can fix a table in
//! one pass; [`RuleSet::validated`] turns problems into an error.

mod check;
mod embedded;
pub mod listing;
pub mod model;
pub mod pattern;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use check::Problem;
pub use model::{
    Abbreviations, Ambiguous, Bloc, Country, Cue, Discard, DiscardScope, Kind, Modifier,
    ModifierType, NonActor, Office, Person, Role, Title,
};

/// Where an entry was written: file name and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, relative to its rules folder (`countries/asia.toml`).
    pub file: Arc<str>,
    /// The 1-based line where the entry starts.
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A rule-table entry together with where it was written.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    /// The entry as written.
    pub value: T,
    /// Its file and line.
    pub origin: Origin,
}

impl<T> std::ops::Deref for Entry<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

/// Why a rules folder could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// A file or folder could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that failed.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid TOML or does not fit the table shapes.
    #[error("{file}:{line}: {message}")]
    Parse {
        /// The file, relative to its folder.
        file: String,
        /// The 1-based line of the error.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The tables parsed but break the rules of `docs/rules.md`.
    #[error("{} problem(s) in the rule tables:\n{}", .0.len(), list_problems(.0))]
    Invalid(Vec<Problem>),
}

fn list_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole of entente's curated knowledge.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    /// Countries and territories, in load order.
    pub countries: Vec<Entry<Country>>,
    /// Blocs and organisations.
    pub blocs: Vec<Entry<Bloc>>,
    /// Ambiguous forms.
    pub ambiguous: Vec<Entry<Ambiguous>>,
    /// People and their offices.
    pub people: Vec<Entry<Person>>,
    /// Office titles.
    pub titles: Vec<Entry<Title>>,
    /// Relation cues.
    pub cues: Vec<Entry<Cue>>,
    /// Negation, hedge and future modifiers.
    pub modifiers: Vec<Entry<Modifier>>,
    /// Sentence and story discards.
    pub discards: Vec<Entry<Discard>>,
    /// Names that contain a country's name but name no actor.
    pub nonactors: Vec<Entry<NonActor>>,
    /// Abbreviations for the sentence splitter.
    pub abbreviations: Abbreviations,
    /// Known to pass [`check`](RuleSet::check) unchanged since.
    checked: bool,
}

impl RuleSet {
    /// The tables embedded in the binary (`data/rules/`).
    ///
    /// # Errors
    ///
    /// Only if the embedded tables do not parse, which the test suite rules out.
    ///
    /// # Examples
    ///
    /// ```
    /// let rules = entente::rules::RuleSet::embedded().unwrap();
    /// assert!(rules.country("CHN").is_some());
    /// ```
    pub fn embedded() -> Result<RuleSet, RuleError> {
        let files: Vec<embedded::File> =
            serde_json::from_str(embedded::JSON).map_err(|e| RuleError::Parse {
                file: "<embedded rules>".to_owned(),
                line: e.line(),
                message: e.to_string(),
            })?;
        let mut set = RuleSet::default();
        for f in files {
            let file: Arc<str> = Arc::from(f.name.as_str());
            fn entries<T>(list: Vec<(usize, T)>, file: &Arc<str>) -> Vec<Entry<T>> {
                list.into_iter()
                    .map(|(line, value)| Entry {
                        value,
                        origin: Origin {
                            file: file.clone(),
                            line,
                        },
                    })
                    .collect()
            }
            set.countries.extend(entries(f.country, &file));
            set.blocs.extend(entries(f.bloc, &file));
            set.ambiguous.extend(entries(f.ambiguous, &file));
            set.people.extend(entries(f.person, &file));
            set.titles.extend(entries(f.title, &file));
            set.cues.extend(entries(f.cue, &file));
            set.modifiers.extend(entries(f.modifier, &file));
            set.discards.extend(entries(f.discard, &file));
            set.nonactors.extend(entries(f.nonactor, &file));
            if let Some(abbr) = f.abbreviations {
                set.abbreviations.words.extend(abbr.words);
                set.abbreviations.openers.extend(abbr.openers);
            }
        }
        // The test suite proves the embedded tables sound (see
        // `embedded_tables_are_sound`), so start-up need not check them again.
        set.checked = true;
        Ok(set)
    }

    /// Loads every `*.toml` file below `dir`, in sorted path order.
    ///
    /// # Errors
    ///
    /// When the folder or a file cannot be read, or a file does not parse.
    pub fn from_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let mut files = Vec::new();
        collect_toml(dir, &mut files)?;
        files.sort();
        let mut texts = Vec::with_capacity(files.len());
        for path in files {
            let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                path: path.clone(),
                source,
            })?;
            let name = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            texts.push((name, text));
        }
        RuleSet::from_sources(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    }

    /// Parses named TOML texts into one rule set, in the order given.
    ///
    /// # Errors
    ///
    /// When a text is not valid TOML or does not fit the table shapes.
    pub fn from_sources<'a>(
        sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        for (name, text) in sources {
            set.add_file(name, text)?;
        }
        Ok(set)
    }

    fn add_file(&mut self, name: &str, text: &str) -> Result<(), RuleError> {
        let parsed: model::RuleFile = toml::from_str(text).map_err(|e| RuleError::Parse {
            file: name.to_owned(),
            line: e.span().map_or(1, |s| line_of(text, s.start)),
            message: e.message().trim().to_owned(),
        })?;
        let file: Arc<str> = Arc::from(name);
        let lines = LineIndex::new(text);
        fn entries<T>(
            list: Vec<toml::Spanned<T>>,
            lines: &LineIndex,
            file: &Arc<str>,
        ) -> Vec<Entry<T>> {
            list.into_iter()
                .map(|spanned| {
                    let line = lines.line(spanned.span().start);
                    Entry {
                        value: spanned.into_inner(),
                        origin: Origin {
                            file: file.clone(),
                            line,
                        },
                    }
                })
                .collect()
        }
        self.countries
            .extend(entries(parsed.country, &lines, &file));
        self.blocs.extend(entries(parsed.bloc, &lines, &file));
        self.ambiguous
            .extend(entries(parsed.ambiguous, &lines, &file));
        self.people.extend(entries(parsed.person, &lines, &file));
        self.titles.extend(entries(parsed.title, &lines, &file));
        self.cues.extend(entries(parsed.cue, &lines, &file));
        self.modifiers
            .extend(entries(parsed.modifier, &lines, &file));
        self.discards.extend(entries(parsed.discard, &lines, &file));
        self.nonactors
            .extend(entries(parsed.nonactor, &lines, &file));
        if let Some(abbr) = parsed.abbreviations {
            let abbr = abbr.into_inner();
            self.abbreviations.words.extend(abbr.words);
            self.abbreviations.openers.extend(abbr.openers);
        }
        Ok(())
    }

    /// Lays `other` over `self`: an entry with the same id (country or bloc
    /// code, person or cue id, ambiguous form, title office) replaces the one
    /// in `self`; new ids are added; abbreviations are merged.
    ///
    /// # Examples
    ///
    /// ```
    /// use entente::rules::RuleSet;
    ///
    /// let extra = RuleSet::from_sources([("mine.toml", r#"
    /// [[cue]]
    /// id = "cooperation.handshake"
    /// kind = "cooperation"
    /// score = 1.0
    /// forms = ["shook hands"]
    /// "#)]).unwrap();
    /// let rules = RuleSet::embedded().unwrap().overlay(extra);
    /// assert!(rules.cues.iter().any(|c| c.id == "cooperation.handshake"));
    /// ```
    pub fn overlay(mut self, other: RuleSet) -> RuleSet {
        self.checked = false;
        overlay_by(&mut self.countries, other.countries, |c| c.code.clone());
        overlay_by(&mut self.blocs, other.blocs, |b| b.code.clone());
        overlay_by(&mut self.ambiguous, other.ambiguous, |a| a.form.clone());
        overlay_by(&mut self.people, other.people, |p| p.id.clone());
        overlay_by(&mut self.titles, other.titles, |t| {
            t.office.as_str().to_owned()
        });
        overlay_by(&mut self.cues, other.cues, |c| c.id.clone());
        overlay_by(&mut self.modifiers, other.modifiers, |m| m.id.clone());
        overlay_by(&mut self.discards, other.discards, |d| d.id.clone());
        overlay_by(&mut self.nonactors, other.nonactors, |n| n.id.clone());
        self.abbreviations.words.extend(other.abbreviations.words);
        self.abbreviations
            .openers
            .extend(other.abbreviations.openers);
        self
    }

    /// Every problem in the tables, in file order; empty when they are sound.
    pub fn check(&self) -> Vec<Problem> {
        check::check(self)
    }

    /// Returns the set unchanged when [`check`](RuleSet::check) finds nothing.
    ///
    /// # Errors
    ///
    /// [`RuleError::Invalid`] with every problem found.
    pub fn validated(mut self) -> Result<RuleSet, RuleError> {
        if self.checked {
            return Ok(self);
        }
        let problems = self.check();
        if problems.is_empty() {
            self.checked = true;
            Ok(self)
        } else {
            Err(RuleError::Invalid(problems))
        }
    }

    /// The country with this ISO3 code.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries
            .iter()
            .map(|e| &e.value)
            .find(|c| c.code == code)
    }

    /// The bloc with this code.
    pub fn bloc(&self, code: &str) -> Option<&Bloc> {
        self.blocs.iter().map(|e| &e.value).find(|b| b.code == code)
    }

    /// The display name of a country or bloc code, or the code itself.
    pub fn actor_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.country(code)
            .map(|c| c.name.as_str())
            .or_else(|| self.bloc(code).map(|b| b.name.as_str()))
            .unwrap_or(code)
    }

    /// Resolves a user's name for a country or bloc ("north korea", "DPRK",
    /// "PRK", "Pyongyang") to its code, ignoring case.
    ///
    /// # Errors
    ///
    /// A message naming the closest known names when nothing matches.
    ///
    /// # Examples
    ///
    /// ```
    /// let rules = entente::rules::RuleSet::embedded().unwrap();
    /// assert_eq!(rules.resolve_name("north korea").unwrap(), "PRK");
    /// assert_eq!(rules.resolve_name("DPRK").unwrap(), "PRK");
    /// assert!(rules.resolve_name("Narnia").is_err());
    /// ```
    pub fn resolve_name(&self, name: &str) -> Result<String, String> {
        let wanted = fold_name(name);
        let mut known: BTreeMap<String, String> = BTreeMap::new();
        for c in &self.countries {
            let forms = [&c.code, &c.iso2, &c.name, &c.official];
            let lists = [&c.aliases, &c.demonyms, &c.capitals];
            for form in forms.into_iter().chain(lists.into_iter().flatten()) {
                known
                    .entry(fold_name(form))
                    .or_insert_with(|| c.code.clone());
            }
        }
        for b in &self.blocs {
            for form in std::iter::once(&b.code).chain(&b.name_list()) {
                known
                    .entry(fold_name(form))
                    .or_insert_with(|| b.code.clone());
            }
        }
        if let Some(code) = known.get(&wanted) {
            return Ok(code.clone());
        }
        let mut near: Vec<(usize, &String)> = known
            .keys()
            .map(|k| (edit_distance(&wanted, k), k))
            .collect();
        near.sort();
        let mut seen_codes = std::collections::BTreeSet::new();
        let suggestions: Vec<String> = near
            .iter()
            .filter(|(d, _)| *d <= wanted.len().max(3) / 2 + 1)
            .filter(|(_, k)| seen_codes.insert(known[*k].clone()))
            .take(3)
            .map(|(_, k)| {
                let code = &known[*k];
                format!("{} ({code})", self.actor_name(code))
            })
            .collect();
        if suggestions.is_empty() {
            Err(format!("unknown country {name:?}"))
        } else {
            Err(format!(
                "unknown country {name:?}; did you mean {}?",
                suggestions.join(", ")
            ))
        }
    }
}

impl Bloc {
    fn name_list(&self) -> Vec<String> {
        std::iter::once(self.name.clone())
            .chain(self.aliases.iter().cloned())
            .collect()
    }
}

fn fold_name(name: &str) -> String {
    let name = name.trim();
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    name.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn overlay_by<T>(base: &mut Vec<Entry<T>>, extra: Vec<Entry<T>>, key: impl Fn(&T) -> String) {
    for entry in extra {
        let k = key(&entry.value);
        match base.iter_mut().find(|e| key(&e.value) == k) {
            Some(slot) => *slot = entry,
            None => base.push(entry),
        }
    }
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), RuleError> {
    let read = std::fs::read_dir(dir).map_err(|source| RuleError::Io {
        path: dir.into(),
        source,
    })?;
    for item in read {
        let item = item.map_err(|source| RuleError::Io {
            path: dir.into(),
            source,
        })?;
        let path = item.path();
        let kind = item.file_type().map_err(|source| RuleError::Io {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            collect_toml(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

/// The 1-based line of a byte offset (for one-off lookups; files use
/// [`LineIndex`]).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Parses a `YYYY-MM-DD` date as written in the tables.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// Line starts of a text, for turning many byte offsets into lines without
/// rescanning the text each time.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        LineIndex(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_are_sound() {
        let problems = RuleSet::embedded().unwrap().check();
        assert!(problems.is_empty(), "{}", list_problems(&problems));
    }

    #[test]
    fn embedded_tables_equal_the_toml_files() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        let from_toml = RuleSet::from_dir(&dir).unwrap();
        let embedded = RuleSet::embedded().unwrap();
        assert_eq!(
            format!("{:?}", from_toml.countries),
            format!("{:?}", embedded.countries)
        );
        assert_eq!(
            format!("{:?}", from_toml.people),
            format!("{:?}", embedded.people)
        );
        assert_eq!(
            format!("{:?}", from_toml.cues),
            format!("{:?}", embedded.cues)
        );
    }

    #[test]
    fn parse_errors_name_file_and_line() {
        let err = RuleSet::from_sources([("bad.toml", "[[country]]\ncode = \"PRK\"\niso2 = 3\n")])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("bad.toml:3:"), "{err}");
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let text =
            "[[cue]]\nid = \"x.y\"\nkind = \"trade\"\nscore = 1.0\nforms = [\"a b\"]\nfrom = 1\n";
        let err = RuleSet::from_sources([("cues.toml", text)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown field"), "{err}");
    }

    #[test]
    fn names_fold() {
        assert_eq!(fold_name("  the  North Korea "), "north korea");
        assert_eq!(fold_name("U.S."), "us");
    }
}
