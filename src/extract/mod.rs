//! From a story's text to the countries, leaders and relations it states.
//!
//! The [`Extractor`] is compiled once from a [`RuleSet`] and is then
//! immutable and `Send + Sync`: one instance serves every thread. Extraction
//! of a story runs the stages of `docs/design.md` in order:
//!
//! 1. [`text`]: sentences and words with byte offsets;
//! 2. [`gazetteer`]: every name from the tables, looked up at word starts;
//! 3. `resolve`: each name to a country or bloc, using the story's date for
//!    people, context for ambiguous forms, and earlier full names for
//!    shared surnames;
//! 4. `relate`: cues, modifiers and frames pair the actors a sentence links.
//!
//! The result, a [`StoryResult`], carries every relation's evidence: the
//! sentence, its byte span, the cue and the frame that fired.

mod frames;
pub mod gazetteer;
pub mod phrases;
mod relate;
mod resolve;
pub mod text;
mod words;

use std::collections::HashMap;

use serde::Serialize;

use crate::rules::{Kind, Modifier, Office, RuleSet, pattern};
use crate::story::Story;
use gazetteer::Gazetteer;
use phrases::{Owner, PhraseMatcher};
use text::Splitter;

/// Why an extractor could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The rule tables are not sound.
    #[error(transparent)]
    Rules(#[from] crate::rules::RuleError),
}

/// Options that change what extraction reports.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep relations with blocs and organisations (never countries).
    pub blocs: bool,
    /// Record, for each sentence with a cue, what fired or why nothing did.
    pub explain: bool,
}

/// A country or bloc in the compiled actor table.
#[derive(Debug, Clone)]
pub(crate) struct Actor {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) is_country: bool,
    /// A non-state armed group (bloc kind `group`), which acts on its own
    /// even when named with a country ("Yemen's Houthis").
    pub(crate) is_group: bool,
    /// The actor's place in the order of codes, in which a story lists its
    /// actors: sorting by it compares numbers, not strings.
    pub(crate) rank: u32,
}

/// A term in office with parsed dates.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) country: u32,
    pub(crate) office: Office,
    pub(crate) title: String,
    pub(crate) start: jiff::civil::Date,
    pub(crate) end: Option<jiff::civil::Date>,
    pub(crate) shared: bool,
}

impl Term {
    fn holds_on(&self, date: jiff::civil::Date) -> bool {
        self.start <= date && self.end.is_none_or(|end| date < end)
    }
}

/// A person with parsed terms.
#[derive(Debug, Clone)]
pub(crate) struct PersonInfo {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) terms: Vec<Term>,
}

impl PersonInfo {
    /// The term that fixes the person's country on `date`: one held that day
    /// (leaders' offices first), else the latest begun before it, else the
    /// first. Without a date, the latest term.
    pub(crate) fn term_on(&self, date: Option<jiff::civil::Date>) -> Option<&Term> {
        // Leaders' offices first; a person's own office before a shared one
        // (Macron is also co-prince of Andorra).
        let rank = |t: &Term| {
            let office = match t.office {
                Office::HeadOfState | Office::HeadOfGovernment => 0,
                Office::ForeignMinister | Office::DefenceMinister => 1,
                Office::Official => 2,
            };
            (office, t.shared)
        };
        let Some(date) = date else {
            return self
                .terms
                .iter()
                .max_by_key(|t| (t.start, std::cmp::Reverse(rank(t))));
        };
        if let Some(t) = self
            .terms
            .iter()
            .filter(|t| t.holds_on(date))
            .min_by_key(|t| (rank(t), std::cmp::Reverse(t.start)))
        {
            return Some(t);
        }
        self.terms
            .iter()
            .filter(|t| t.start <= date)
            .max_by_key(|t| (t.start, std::cmp::Reverse(rank(t))))
            .or_else(|| self.terms.iter().min_by_key(|t| t.start))
    }

    /// The leader's term (head of state or government) that makes the person a
    /// leader in a story of `date`: held that day, else the latest before it.
    pub(crate) fn leader_term(&self, date: Option<jiff::civil::Date>) -> Option<&Term> {
        let leaders = self.terms.iter().filter(|t| t.office.is_leader());
        match date {
            None => leaders.max_by_key(|t| (!t.shared, t.start)),
            Some(d) => leaders
                .filter(|t| t.start <= d)
                .max_by_key(|t| (t.holds_on(d), !t.shared, t.start)),
        }
    }
}

/// A cue compiled for the relation pass.
#[derive(Debug, Clone)]
pub(crate) struct CueInfo {
    pub(crate) id: String,
    pub(crate) kinds: Vec<Kind>,
    pub(crate) score: f64,
    pub(crate) directed: bool,
    pub(crate) if_negated: Option<Kind>,
    pub(crate) sub: String,
}

/// An ambiguity entry compiled for resolution.
#[derive(Debug, Clone)]
pub(crate) struct AmbiguityInfo {
    pub(crate) default: u32,
    /// Words whose presence in the sentence shows another sense, each
    /// with its searcher built once (a sentence is searched per mention).
    pub(crate) unless_near: Vec<memchr::memmem::Finder<'static>>,
    pub(crate) unless_before: Vec<String>,
    pub(crate) unless_after: Vec<String>,
}

/// Builds an [`Extractor`].
///
/// # Examples
///
/// ```
/// use entente::extract::ExtractorBuilder;
/// use entente::rules::RuleSet;
///
/// let extractor = ExtractorBuilder::new(RuleSet::embedded().unwrap()).build().unwrap();
/// # let _ = extractor;
/// ```
#[derive(Debug, Clone)]
pub struct ExtractorBuilder {
    rules: RuleSet,
    options: Options,
}

impl ExtractorBuilder {
    /// A builder over these tables.
    pub fn new(rules: RuleSet) -> ExtractorBuilder {
        ExtractorBuilder {
            rules,
            options: Options::default(),
        }
    }

    /// Sets the reporting options.
    pub fn options(mut self, options: Options) -> ExtractorBuilder {
        self.options = options;
        self
    }

    /// Validates the tables and compiles the matchers.
    ///
    /// # Errors
    ///
    /// [`BuildError::Rules`] with every problem in the tables.
    pub fn build(self) -> Result<Extractor, BuildError> {
        let rules = self.rules.validated()?;
        let mut actors = Vec::new();
        let mut actor_index: HashMap<String, u32> = HashMap::new();
        for c in &rules.countries {
            actor_index.insert(c.code.clone(), actors.len() as u32);
            actors.push(Actor {
                code: c.code.clone(),
                name: c.name.clone(),
                is_country: true,
                is_group: false,
                rank: 0,
            });
        }
        for b in &rules.blocs {
            actor_index.insert(b.code.clone(), actors.len() as u32);
            actors.push(Actor {
                code: b.code.clone(),
                name: b.name.clone(),
                is_country: false,
                is_group: b.kind == "group",
                rank: 0,
            });
        }
        rank_by_code(&mut actors);
        let mut people = Vec::new();
        let mut person_index = HashMap::new();
        for p in &rules.people {
            person_index.insert(p.id.clone(), people.len() as u32);
            let terms = p
                .roles
                .iter()
                .filter_map(|r| {
                    Some(Term {
                        country: *actor_index.get(&r.country)?,
                        office: r.office,
                        title: r.title.clone(),
                        start: crate::rules::parse_date(&r.start)?,
                        end: r.end.as_deref().and_then(crate::rules::parse_date),
                        shared: r.shared,
                    })
                })
                .collect();
            people.push(PersonInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                terms,
            });
        }
        let gazetteer = Gazetteer::build(&rules, &actor_index, &person_index);
        let ambiguities = rules
            .ambiguous
            .iter()
            .map(|a| AmbiguityInfo {
                default: actor_index[&a.default],
                unless_near: a
                    .unless_near
                    .iter()
                    .map(|w| memchr::memmem::Finder::new(w).into_owned())
                    .collect(),
                unless_before: a.unless_before.clone(),
                unless_after: a.unless_after.clone(),
            })
            .collect();
        let mut patterns = Vec::new();
        let mut cues = Vec::new();
        for (i, c) in rules.cues.iter().enumerate() {
            patterns.extend(c.forms.iter().map(|f| (f, Owner::Cue(i as u32))));
            let mut kinds = vec![c.kind];
            kinds.extend(c.also.iter().copied().filter(|k| *k != c.kind));
            cues.push(CueInfo {
                id: c.id.clone(),
                kinds,
                score: c.score,
                directed: c.directed,
                if_negated: c.if_negated,
                sub: c.sub.clone(),
            });
        }
        for (i, m) in rules.modifiers.iter().enumerate() {
            patterns.extend(m.forms.iter().map(|f| (f, Owner::Modifier(i as u32))));
        }
        for (i, d) in rules.discards.iter().enumerate() {
            patterns.extend(d.forms.iter().map(|f| (f, Owner::Discard(i as u32))));
        }
        for (i, t) in rules.titles.iter().enumerate() {
            patterns.extend(t.forms.iter().map(|f| (f, Owner::Title(i as u32))));
        }
        let phrases = PhraseMatcher::new(
            patterns
                .into_iter()
                .map(|(form, owner)| (pattern::parse(form).expect("validated"), owner)),
        );
        let splitter = Splitter::new(&rules.abbreviations.words, &rules.abbreviations.openers);
        Ok(Extractor {
            splitter,
            gazetteer,
            actors,
            people,
            ambiguities,
            phrases,
            cues,
            modifiers: rules.modifiers.iter().map(|m| m.value.clone()).collect(),
            discards: rules
                .discards
                .iter()
                .map(|d| (d.id.clone(), d.scope))
                .collect(),
            options: self.options,
        })
    }
}

/// Sets each actor's [`Actor::rank`] (codes are unique among actors).
fn rank_by_code(actors: &mut [Actor]) {
    let mut by_code: Vec<usize> = (0..actors.len()).collect();
    by_code.sort_unstable_by(|&x, &y| actors[x].code.cmp(&actors[y].code));
    for (rank, i) in by_code.into_iter().enumerate() {
        actors[i].rank = rank as u32;
    }
}

/// The compiled extractor: immutable, shareable across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    pub(crate) splitter: Splitter,
    pub(crate) gazetteer: Gazetteer,
    pub(crate) actors: Vec<Actor>,
    pub(crate) people: Vec<PersonInfo>,
    /// The tables' ambiguous forms, in order: a name found carries the
    /// index of its form's entry.
    pub(crate) ambiguities: Vec<AmbiguityInfo>,
    pub(crate) phrases: PhraseMatcher,
    pub(crate) cues: Vec<CueInfo>,
    pub(crate) modifiers: Vec<Modifier>,
    pub(crate) discards: Vec<(String, crate::rules::DiscardScope)>,
    pub(crate) options: Options,
}

impl Extractor {
    /// An extractor over the embedded tables with default options.
    ///
    /// # Errors
    ///
    /// Only if the embedded tables are broken, which the tests rule out.
    pub fn with_defaults() -> Result<Extractor, BuildError> {
        ExtractorBuilder::new(RuleSet::embedded()?).build()
    }

    /// Extracts countries, leaders and relations from one story.
    ///
    /// # Examples
    ///
    /// ```
    /// use entente::{Extractor, Story};
    ///
    /// let ex = Extractor::with_defaults().unwrap();
    /// let story = Story::new("s1", "Japan and India signed a defence pact on Monday.").with_date("2024-03-04");
    /// let result = ex.extract(&story);
    /// assert_eq!(result.countries.len(), 2);
    /// assert_eq!(result.relations[0].kind, entente::Kind::Cooperation);
    /// ```
    pub fn extract(&self, story: &Story) -> StoryResult {
        let date = story.date.as_deref().and_then(crate::rules::parse_date);
        let fields = self.analyse_fields(story);
        let resolved = resolve::resolve(self, &fields, date);
        let (relations, explanations) = relate::relate(self, &fields, &resolved);
        let result = resolve::summarise(
            self,
            story,
            date,
            &fields,
            &resolved,
            relations,
            explanations,
        );
        resolve::recycle(resolved);
        result
    }

    fn analyse_fields<'s>(&self, story: &'s Story) -> Vec<Field<'s>> {
        let mut fields = Vec::with_capacity(2);
        if let Some(title) = story.title.as_deref().filter(|t| !t.trim().is_empty()) {
            fields.push(Field {
                name: FieldName::Title,
                text: title,
                sentences: self.splitter.sentences(title),
            });
        }
        fields.push(Field {
            name: FieldName::Text,
            text: &story.text,
            sentences: self.splitter.sentences(&story.text),
        });
        fields
    }

    /// The sentence splitter the extractor reads stories with (the tables'
    /// abbreviations), for tools and benchmarks that need only that stage.
    pub fn splitter(&self) -> &Splitter {
        &self.splitter
    }

    /// The compiled name matcher (stage 2, mention finding), for tools and
    /// benchmarks that need only that stage.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// The compiled cue, modifier and discard matcher the relation pass
    /// starts from, for tools and benchmarks that need only that stage.
    pub fn phrases(&self) -> &PhraseMatcher {
        &self.phrases
    }

    /// The code of an actor index.
    pub(crate) fn code(&self, actor: u32) -> &str {
        &self.actors[actor as usize].code
    }
}

/// Which part of a story a span refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldName {
    /// The headline.
    Title,
    /// The body.
    Text,
}

/// A field of a story with its sentences.
#[derive(Debug)]
pub(crate) struct Field<'s> {
    pub(crate) name: FieldName,
    pub(crate) text: &'s str,
    pub(crate) sentences: Vec<std::ops::Range<usize>>,
}

/// Everything extracted from one story; the per-story JSON Lines record.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryResult {
    /// The story id.
    pub id: String,
    /// The headline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The story date (`YYYY-MM-DD`), if known.
    pub date: Option<String>,
    /// Countries mentioned, by code.
    pub countries: Vec<CountryMention>,
    /// Heads of state and government named in the story.
    pub leaders: Vec<PersonMention>,
    /// Other officials the tables know.
    pub officials: Vec<PersonMention>,
    /// Blocs and organisations mentioned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocs: Vec<CountryMention>,
    /// Relations, one per (pair, kind).
    pub relations: Vec<Relation>,
    /// Remarks on how the story was read ("no date: ...").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// With `--explain`: what each cue did.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explain: Vec<Explanation>,
}

/// A country (or bloc) and how often the story names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryMention {
    /// ISO3 code (or bloc code).
    pub code: String,
    /// Display name.
    pub name: String,
    /// Number of mentions.
    pub mentions: usize,
}

/// A person named in the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonMention {
    /// The person's id in the rule tables ("xi-jinping"): stable across
    /// stories and spellings, so it keys leader nodes in the network.
    pub id: String,
    /// The fullest form of the name the story uses.
    pub name: String,
    /// The name as the rule tables give it.
    pub canonical: String,
    /// The country of the office that counts on the story's date.
    pub country: String,
    /// The office title ("President").
    pub role: String,
    /// Number of mentions.
    pub mentions: usize,
}

/// A relation between two actors, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    /// The smaller code of the pair.
    pub a: String,
    /// The larger code of the pair.
    pub b: String,
    /// The kind.
    pub kind: Kind,
    /// The acting side, when a cue gives a direction.
    pub source: Option<String>,
    /// The side acted upon, when a cue gives a direction.
    pub target: Option<String>,
    /// Mean cue score over the evidence, -10..=10.
    pub score: f64,
    /// Every sentence that supports the relation.
    pub evidence: Vec<Evidence>,
}

/// One sentence supporting a relation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The story part the span refers to.
    pub field: FieldName,
    /// The sentence.
    pub sentence: String,
    /// Byte offset of the sentence in its field.
    pub start: usize,
    /// Byte offset of the sentence's end in its field.
    pub end: usize,
    /// The cue that fired.
    pub rule: String,
    /// The frame that bound the two actors.
    pub frame: String,
    /// The cue's score.
    pub score: f64,
    /// The acting side, when the cue gives a direction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// What a cue did in a sentence, for rule curators.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The sentence.
    pub sentence: String,
    /// The cue id.
    pub cue: String,
    /// The words that matched the cue.
    pub matched: String,
    /// `relation` when it gave one, else why not.
    pub outcome: String,
    /// The actors paired, if any ("CHN-PRK").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<String>,
    /// The frame that bound them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_order_of_codes() {
        let ex = Extractor::with_defaults().unwrap();
        let mut by_rank: Vec<&Actor> = ex.actors.iter().collect();
        by_rank.sort_by_key(|a| a.rank);
        assert!(by_rank.windows(2).all(|w| w[0].code < w[1].code));
        assert!(by_rank.iter().enumerate().all(|(i, a)| a.rank == i as u32));
    }
}
