//! Finding every name from the rule tables in a text, with one automaton.
//!
//! All surface forms (country names, aliases, demonyms, combining forms,
//! capitals, seats, bloc names, people's forms) go into a single
//! leftmost-longest Aho-Corasick automaton that folds ASCII case. The
//! automaton only proposes; each proposal is then checked for what it cannot
//! see: whole-word boundaries ("Oman" in "woman"), case ("every capital
//! letter of the form is a capital in the text", so "china" the porcelain and
//! "us" are never countries, while a "WASHINGTON" dateline is), and
//! combining forms only before a hyphen and a second country ("Sino-Russian",
//! but not "Indo-Pacific"). A rejected proposal restarts the search one
//! character later, so a valid shorter name is never hidden behind it.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, Input, MatchKind};

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
}

/// A name found in the text, with every reading its form allows.
#[derive(Debug, Clone)]
pub struct RawMatch {
    /// Byte range in the text.
    pub span: Range<usize>,
    /// The readings that passed the case check (at least one).
    pub targets: Vec<Target>,
    /// The form as written in the tables (of the first reading).
    pub form: String,
}

/// The compiled name matcher.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    automaton: AhoCorasick,
    readings: Vec<Vec<Reading>>,
}

/// Resolves a country or bloc code to its index in the actor table.
pub(crate) type ActorIndex = HashMap<String, u32>;

impl Gazetteer {
    /// Builds the matcher from the tables. `actors` maps codes to indexes
    /// and `people` maps person ids to indexes.
    ///
    /// # Errors
    ///
    /// Only if the automaton cannot be built (far beyond any real table size).
    pub(crate) fn build(
        rules: &RuleSet,
        actors: &ActorIndex,
        people: &HashMap<String, u32>,
    ) -> Result<Gazetteer, aho_corasick::BuildError> {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut readings: Vec<Vec<Reading>> = Vec::new();
        let mut add = |form: &str, target: Target| {
            let form = form.trim();
            if form.is_empty() {
                return;
            }
            let straight = form.replace('\u{2019}', "'");
            let curly = straight.replace('\'', "\u{2019}");
            for variant in [straight.clone(), curly] {
                let key = variant.to_ascii_lowercase();
                let slot = *by_key.entry(key).or_insert_with(|| {
                    patterns.push(variant.clone());
                    readings.push(Vec::new());
                    patterns.len() - 1
                });
                let reading = Reading {
                    form: variant,
                    target,
                };
                if !readings[slot]
                    .iter()
                    .any(|r| r.form == reading.form && r.target == reading.target)
                {
                    readings[slot].push(reading);
                }
            }
        };
        for c in &rules.countries {
            let actor = actors[&c.code];
            let t = |via| Target::Actor { actor, via };
            add(&c.name, t(Via::Name));
            for f in &c.aliases {
                add(f, t(Via::Name));
            }
            for f in &c.demonyms {
                add(f, t(Via::Demonym));
            }
            for f in &c.prefixes {
                add(f, t(Via::Prefix));
            }
            for f in &c.capitals {
                add(f, t(Via::Capital));
            }
            for f in &c.seats {
                add(f, t(Via::Seat));
            }
        }
        for b in &rules.blocs {
            let actor = actors[&b.code];
            for f in &b.aliases {
                add(
                    f,
                    Target::Actor {
                        actor,
                        via: Via::Name,
                    },
                );
            }
            add(
                &b.name,
                Target::Actor {
                    actor,
                    via: Via::Name,
                },
            );
            for f in &b.seats {
                add(
                    f,
                    Target::Actor {
                        actor,
                        via: Via::Seat,
                    },
                );
            }
        }
        for n in &rules.nonactors {
            for f in &n.forms {
                add(f, Target::Nothing);
            }
        }
        for p in &rules.people {
            let person = people[&p.id];
            for f in &p.forms {
                add(
                    f,
                    Target::Person {
                        person,
                        short: false,
                    },
                );
            }
            for f in &p.short {
                add(
                    f,
                    Target::Person {
                        person,
                        short: true,
                    },
                );
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Both)
            .ascii_case_insensitive(true)
            .build(&patterns)?;
        Ok(Gazetteer {
            automaton,
            readings,
        })
    }

    /// Every name in `text[range]`, left to right, not overlapping.
    pub fn find(&self, text: &str, range: Range<usize>) -> Vec<RawMatch> {
        let mut out = Vec::new();
        let mut at = range.start;
        while at < range.end {
            let input = Input::new(text).span(at..range.end);
            let Some(m) = self.automaton.find(input) else {
                break;
            };
            match self.accept(text, m.start(), m.end(), m.pattern().as_usize()) {
                Some(found) => {
                    at = m.end();
                    out.push(found);
                }
                None => {
                    at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        out
    }

    fn accept(&self, text: &str, start: usize, end: usize, pattern: usize) -> Option<RawMatch> {
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        let found = &text[start..end];
        let mut targets = Vec::new();
        let mut form = None;
        for r in &self.readings[pattern] {
            if !capitals_agree(&r.form, found) {
                continue;
            }
            if let Target::Actor {
                via: Via::Prefix, ..
            } = r.target
                && !self.prefix_applies(text, end)
            {
                continue;
            }
            form.get_or_insert_with(|| r.form.clone());
            targets.push(r.target);
        }
        let form = form?;
        Some(RawMatch {
            span: start..end,
            targets,
            form,
        })
    }

    /// A combining form counts only as "Sino-<another country form>".
    fn prefix_applies(&self, text: &str, end: usize) -> bool {
        let rest = &text[end..];
        let Some(rest) = rest.strip_prefix(['-', '\u{2013}']) else {
            return false;
        };
        let from = text.len() - rest.len();
        let input = Input::new(text)
            .span(from..text.len())
            .anchored(aho_corasick::Anchored::Yes);
        self.automaton.find(input).is_some_and(|m| {
            m.start() == from
                && self.readings[m.pattern().as_usize()]
                    .iter()
                    .any(|r| matches!(r.target, Target::Actor { .. }))
        })
    }
}

/// Every capital letter of the form must be a capital in the text.
fn capitals_agree(form: &str, found: &str) -> bool {
    form.chars()
        .zip(found.chars())
        .all(|(f, t)| !f.is_uppercase() || t.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_rule() {
        assert!(capitals_agree("China", "China"));
        assert!(capitals_agree("China", "CHINA"));
        assert!(!capitals_agree("China", "china"));
        assert!(!capitals_agree("US", "us"));
        assert!(!capitals_agree("US", "Us"));
        assert!(capitals_agree("Côte d'ivoire", "Côte d'Ivoire"));
    }
}
