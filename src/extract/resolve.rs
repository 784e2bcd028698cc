//! Turning found names into actors, and summarising a story's mentions.
//!
//! A name can stand for several things, and this is where context decides:
//! a person resolves to the country of the office that counts on the
//! story's date; a shared surname ("Kim") only to a person already named in
//! full earlier in the story; an ambiguous form is dropped when its
//! `unless_*` context shows another sense, and otherwise resolves to the
//! reading the story supports elsewhere, or to its default; a capital after
//! "in" or in a dateline is a place, which counts as a mention but never as
//! a party to a relation.

use std::cell::Cell;
use std::ops::Range;

use memchr::memmem::Finder;

use super::gazetteer::{Target, Via};
use super::{
    AmbiguityInfo, CountryMention, Explanation, Extractor, Field, FieldName, PersonMention,
    Relation, StoryResult,
};
use crate::story::Story;

/// An actor found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// Index of the field in the story's fields.
    pub(crate) field: usize,
    /// Index of the sentence within the field.
    pub(crate) sentence: usize,
    /// Byte range in the field's text.
    pub(crate) span: Range<usize>,
    /// The country or bloc.
    pub(crate) actor: u32,
    /// The person, when the name was a person's.
    pub(crate) person: Option<u32>,
    /// A capital used only as a place.
    pub(crate) place: bool,
}

/// The mentions of a story, in reading order (field, then sentence, then
/// position), which lets the relation pass walk them with a cursor.
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    pub(crate) mentions: Vec<Mention>,
}

/// Buffers a thread lends to each story it resolves and summarises in turn,
/// so that, once it has met a story as long, a story allocates none of them.
#[derive(Default)]
struct Spare {
    mentions: Vec<Mention>,
    seen_people: Vec<u32>,
    actor_keys: Vec<u64>,
}

thread_local! {
    /// The [`Spare`] buffers of the stories this thread reads, one after
    /// another.
    static SPARE: Cell<Spare> = Cell::new(Spare::default());
}

/// Gives the buffer of a story's mentions back to the thread, for its next
/// story.
pub(crate) fn recycle(resolved: Resolved) {
    let mut spare = SPARE.take();
    spare.mentions = resolved.mentions;
    spare.mentions.clear();
    SPARE.set(spare);
}

/// A mention whose form names several actors, waiting for the rest of the
/// story to choose one.
struct Pending {
    /// Index of the mention in the story's mentions.
    slot: usize,
    candidates: Vec<u32>,
    default: u32,
}

pub(crate) fn resolve(
    ex: &Extractor,
    fields: &[Field<'_>],
    date: Option<jiff::civil::Date>,
) -> Resolved {
    let mut spare = SPARE.take();
    let mut mentions = std::mem::take(&mut spare.mentions);
    let mut pending: Vec<Pending> = Vec::new();
    let seen_people = &mut spare.seen_people;
    for (f, field) in fields.iter().enumerate() {
        for (s, range) in field.sentences.iter().enumerate() {
            for raw in ex.gazetteer.find(field.text, range.clone()) {
                let sentence = &field.text[range.clone()];
                let local = raw.span.start - range.start..raw.span.end - range.start;
                let base = |actor, person| Mention {
                    field: f,
                    sentence: s,
                    span: raw.span.clone(),
                    actor,
                    person,
                    place: false,
                };
                if raw.targets().any(|t| t == Target::Nothing) {
                    continue;
                }
                let mut actor_readings = raw.targets().filter_map(actor_reading);
                let Some(first_reading) = actor_readings.next() else {
                    if adjective_compound(sentence, local.end) {
                        continue; // "Trump-era", "Putin-style": no one is acting
                    }
                    let found = &field.text[raw.span.clone()];
                    let person_full = raw.targets().find_map(|t| match t {
                        Target::Person {
                            person,
                            short: false,
                        } => Some(person),
                        _ => None,
                    });
                    // A titled name ("King Abdullah") names its person as
                    // surely as a full form, for the short forms after it.
                    let named =
                        person_full.or_else(|| sole_titled_holder(ex, raw.targets(), found, date));
                    let person = named.or_else(|| {
                        // A shared surname: the person most recently named in full.
                        seen_people.iter().rev().copied().find(|&p| {
                            raw.targets().any(|t| {
                                t == Target::Person {
                                    person: p,
                                    short: true,
                                }
                            })
                        })
                    });
                    let Some(person) = person else { continue };
                    let Some(term) = ex.people[person as usize].term_on(date) else {
                        continue;
                    };
                    if named.is_some() {
                        // Each person once, most recent last: a long story
                        // naming the same leaders keeps this list short.
                        seen_people.retain(|&p| p != person);
                        seen_people.push(person);
                    }
                    mentions.push(base(term.country, Some(person)));
                    continue;
                };
                let ambiguity = raw.ambiguity.map(|i| &ex.ambiguities[i as usize]);
                if let Some(amb) = ambiguity
                    && other_sense(amb, sentence, local.clone())
                {
                    continue;
                }
                // A place reads as the city's country ("a meeting in Brussels").
                let capital = raw
                    .targets()
                    .filter_map(actor_reading)
                    .find(|r| r.1 == Via::Capital);
                // Only a capital can be a place.
                let opens_text = field.name == FieldName::Text && s == 0;
                let place = capital.is_some() && is_place(sentence, local.clone(), opens_text);
                let ((first, via), several) = match capital {
                    Some(c) if place => (c, false),
                    _ => (
                        first_reading,
                        actor_readings.any(|(actor, _)| actor != first_reading.0),
                    ),
                };
                let mut mention = base(first, None);
                mention.place = via == Via::Capital && place;
                if several {
                    let mut candidates: Vec<u32> = raw
                        .targets()
                        .filter_map(actor_reading)
                        .map(|r| r.0)
                        .collect();
                    candidates.dedup();
                    let default = ambiguity.map_or(first, |a| a.default);
                    pending.push(Pending {
                        slot: mentions.len(),
                        candidates,
                        default,
                    });
                }
                mentions.push(mention);
            }
        }
    }
    settle(&mut mentions, &pending);
    seen_people.clear();
    SPARE.set(spare);
    Resolved { mentions }
}

/// Ambiguous forms take the reading the story supports elsewhere: the first
/// candidate that another, settled mention names, else the default.
/// `pending` is in the order of its slots.
fn settle(mentions: &mut [Mention], pending: &[Pending]) {
    if pending.is_empty() {
        return;
    }
    let settled: Vec<u32> = mentions
        .iter()
        .enumerate()
        .filter(|(i, _)| pending.binary_search_by_key(i, |p| p.slot).is_err())
        .map(|(_, m)| m.actor)
        .collect();
    for p in pending {
        mentions[p.slot].actor = p
            .candidates
            .iter()
            .copied()
            .find(|c| settled.contains(c))
            .unwrap_or(p.default);
    }
}

/// The actor and the way a reading names it, if it names an actor.
fn actor_reading(target: Target) -> Option<(u32, Via)> {
    match target {
        Target::Actor { actor, via } => Some((actor, via)),
        Target::Person { .. } | Target::Nothing => None,
    }
}

/// A name glued by a hyphen to a lower-case word is an adjective.
fn adjective_compound(sentence: &str, end: usize) -> bool {
    let rest = &sentence[end..];
    rest.strip_prefix('-')
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_lowercase)
}

/// Whether the context of an ambiguous form shows a non-actor sense.
fn other_sense(amb: &AmbiguityInfo, sentence: &str, span: Range<usize>) -> bool {
    if amb.unless_near.iter().any(|w| contains_word(sentence, w)) {
        return true;
    }
    let before = sentence[..span.start].trim_end_matches([' ', '-', '\u{2013}']);
    if amb.unless_before.iter().any(|w| {
        before.ends_with(w.as_str())
            && !before[..before.len() - w.len()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    }) {
        return true;
    }
    let after = sentence[span.end..].trim_start_matches([' ', '-', '\u{2013}']);
    amb.unless_after.iter().any(|w| {
        after.starts_with(w.as_str())
            && !after[w.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Whether the needle of `finder` occurs in `hay` as whole words.
fn contains_word(hay: &str, finder: &Finder<'_>) -> bool {
    let len = finder.needle().len();
    // Only an empty needle can match inside a character.
    let mut found = finder
        .find_iter(hay.as_bytes())
        .filter(|&i| hay.is_char_boundary(i));
    found.any(|i| {
        !hay[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !hay[i + len..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Titles that, before a shared name, say the person holds the office
/// ("King Abdullah", "President Kim"): only a sitting leader is called so.
const LEADER_TITLES: [&str; 9] = [
    "King",
    "Queen",
    "Emir",
    "Sultan",
    "President",
    "Premier",
    "Chancellor",
    "Sheikh",
    "Prime",
];

/// A shared short form that opens with a leader's title names the one person
/// among its holders who is a leader on the story's date: "King Abdullah" in
/// 2021 is Jordan's Abdullah II (Saudi Arabia's King Abdullah died in 2015);
/// in 2010, when both reigned, it stays unresolved. Without a date, nobody.
fn sole_titled_holder(
    ex: &Extractor,
    targets: impl Iterator<Item = Target>,
    found: &str,
    date: Option<jiff::civil::Date>,
) -> Option<u32> {
    let date = date?;
    let first = found.split_whitespace().next()?;
    if !LEADER_TITLES.contains(&first) {
        return None;
    }
    let mut sitting = targets.filter_map(|t| match t {
        Target::Person {
            person,
            short: true,
        } => {
            let info = &ex.people[person as usize];
            info.terms
                .iter()
                .any(|term| term.office.is_leader() && term.holds_on(date))
                .then_some(person)
        }
        _ => None,
    });
    match (sitting.next(), sitting.next()) {
        (Some(person), None) => Some(person),
        _ => None,
    }
}

/// A capital after a locative preposition, or opening a dateline, is a place.
/// Only the text opens with a dateline: a headline's "Seoul, Tokyo mend
/// ties" names two actors.
fn is_place(sentence: &str, span: Range<usize>, opens_text: bool) -> bool {
    let before = sentence[..span.start].trim_end();
    let prev_word = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    if [
        "in", "at", "near", "outside", "around", "across", "In", "At",
    ]
    .contains(&prev_word)
        && !before.is_empty()
    {
        return true;
    }
    let dateline = before.is_empty() && opens_text;
    let after = sentence[span.end..].trim_start();
    dateline && (after.starts_with(['(', '-', '\u{2014}', '\u{2013}', ',']))
}

/// Builds the story's record from its mentions and relations.
pub(crate) fn summarise(
    ex: &Extractor,
    story: &Story,
    date: Option<jiff::civil::Date>,
    fields: &[Field<'_>],
    resolved: &Resolved,
    relations: Vec<Relation>,
    explain: Vec<Explanation>,
) -> StoryResult {
    let mut spare = SPARE.take();
    let (countries, blocs) = actor_lists(ex, resolved, &mut spare.actor_keys);
    SPARE.set(spare);
    let mut leaders = Vec::new();
    let mut officials = Vec::new();
    for named in named_people(fields, resolved) {
        let info = &ex.people[named.person as usize];
        let (list, term) = match info.leader_term(date) {
            Some(term) => (&mut leaders, term),
            None => match info.term_on(date) {
                Some(term) => (&mut officials, term),
                None => continue,
            },
        };
        list.push(PersonMention {
            id: info.id.clone(),
            name: named.form.to_owned(),
            canonical: info.name.clone(),
            country: ex.code(term.country).to_owned(),
            role: term.title.clone(),
            mentions: named.mentions,
        });
    }
    leaders.sort_by(|a, b| (&a.country, &a.name).cmp(&(&b.country, &b.name)));
    officials.sort_by(|a, b| (&a.country, &a.name).cmp(&(&b.country, &b.name)));
    let mut notes = Vec::new();
    if story.date.is_none() {
        notes.push("no date: people resolved by their latest term".to_owned());
    } else if date.is_none() {
        notes.push(format!(
            "unreadable date {:?}: people resolved by their latest term",
            story.date
        ));
    }
    StoryResult {
        id: story.id.clone(),
        title: story.title.clone(),
        date: story.date.clone(),
        countries,
        leaders,
        officials,
        blocs,
        relations,
        notes,
        explain,
    }
}

/// The countries and the blocs the mentions name, each in code order with
/// its number of mentions; `keys` is a buffer.
fn actor_lists(
    ex: &Extractor,
    resolved: &Resolved,
    keys: &mut Vec<u64>,
) -> (Vec<CountryMention>, Vec<CountryMention>) {
    // Each mention's actor under its rank in one number: sorting plain
    // numbers puts the actors in code order without a look-up per comparison.
    keys.clear();
    keys.extend(
        resolved
            .mentions
            .iter()
            .map(|m| (u64::from(ex.actors[m.actor as usize].rank) << 32) | u64::from(m.actor)),
    );
    keys.sort_unstable();
    let runs = || keys.chunk_by(|a, b| a == b);
    let actor_of = |run: &[u64]| &ex.actors[(run[0] & u64::from(u32::MAX)) as usize];
    let named = runs().count();
    let named_countries = runs().filter(|run| actor_of(run).is_country).count();
    let mut countries = Vec::with_capacity(named_countries);
    let mut blocs = Vec::with_capacity(named - named_countries);
    for run in runs() {
        let actor = actor_of(run);
        let list = if actor.is_country {
            &mut countries
        } else {
            &mut blocs
        };
        list.push(CountryMention {
            code: actor.code.clone(),
            name: actor.name.clone(),
            mentions: run.len(),
        });
    }
    (countries, blocs)
}

/// A person the story names, with the fullest form the text uses (as
/// relations.md reports leaders) and the number of mentions.
struct NamedPerson<'s> {
    person: u32,
    form: &'s str,
    mentions: usize,
}

/// The people the mentions name, in order of first mention. Of a person's
/// forms, the first of those with the most characters is kept.
fn named_people<'s>(fields: &[Field<'s>], resolved: &Resolved) -> Vec<NamedPerson<'s>> {
    let mut people: Vec<NamedPerson<'s>> = Vec::new();
    for m in &resolved.mentions {
        let Some(person) = m.person else { continue };
        let form = &fields[m.field].text[m.span.clone()];
        match people.iter_mut().find(|n| n.person == person) {
            None => people.push(NamedPerson {
                person,
                form,
                mentions: 1,
            }),
            Some(named) => {
                named.mentions += 1;
                if form.chars().count() > named.form.chars().count() {
                    named.form = form;
                }
            }
        }
    }
    people
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_words_are_whole_words() {
        let near = |hay: &str, needle: &str| contains_word(hay, &Finder::new(needle));
        assert!(near("flights to Atlanta, Georgia", "Atlanta"));
        assert!(near("Atlantans in Atlanta", "Atlanta"));
        assert!(!near("Atlantans and éAtlanta", "Atlanta"));
        assert!(near("born in Athens, Ga. in 1960", "Athens, Ga."));
        // An empty needle matches between characters only.
        assert!(near("é, ", ""));
        assert!(!near("éé", ""));
    }

    fn mention(actor: u32, person: Option<u32>, span: Range<usize>) -> Mention {
        Mention {
            field: 0,
            sentence: 0,
            span,
            actor,
            person,
            place: false,
        }
    }

    #[test]
    fn actors_are_listed_by_code_with_their_mentions() {
        let ex = Extractor::with_defaults().unwrap();
        let actor = |code: &str| ex.actors.iter().position(|a| a.code == code).unwrap() as u32;
        let resolved = Resolved {
            mentions: ["USA", "EU", "CHN", "USA", "USA"]
                .iter()
                .map(|&code| mention(actor(code), None, 0..0))
                .collect(),
        };
        let (countries, blocs) = actor_lists(&ex, &resolved, &mut Vec::new());
        let listed = |list: &[CountryMention]| -> Vec<(String, usize)> {
            list.iter().map(|c| (c.code.clone(), c.mentions)).collect()
        };
        assert_eq!(
            listed(&countries),
            [("CHN".to_owned(), 1), ("USA".to_owned(), 3)]
        );
        assert_eq!(listed(&blocs), [("EU".to_owned(), 1)]);
    }

    /// A thread's buffers carry nothing from one story to the next: neither
    /// its mentions, nor the people a shared surname may stand for.
    #[test]
    fn a_story_starts_afresh_on_the_same_thread() {
        let ex = Extractor::with_defaults().unwrap();
        let story = |text: &str| Story::new("s", text).with_date("2024-03-04");
        let first = ex.extract(&story("Japan and India met. Kim Jong Un spoke to China."));
        assert_eq!(first.countries.len(), 4);
        assert_eq!(first.leaders.len(), 1);
        let second = ex.extract(&story("France said Kim spoke."));
        let codes: Vec<&str> = second.countries.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["FRA"]);
        assert!(second.leaders.is_empty());
    }

    #[test]
    fn a_person_keeps_the_first_of_the_longest_forms() {
        let text = "Xi and Biden met. Xi Jinping, Joe Biden and Xi Jinpin agreed.";
        let fields = [Field {
            name: FieldName::Text,
            text,
            sentences: Vec::new(),
        }];
        let span = |form: &str, from: usize| {
            let start = from + text[from..].find(form).unwrap();
            start..start + form.len()
        };
        let resolved = Resolved {
            mentions: vec![
                mention(0, Some(7), span("Xi", 0)),
                mention(0, Some(3), span("Biden", 0)),
                mention(0, Some(7), span("Xi Jinping", 0)),
                mention(0, Some(3), span("Joe Biden", 0)),
                mention(0, Some(7), span("Xi Jinpin", 20)),
            ],
        };
        let named: Vec<_> = named_people(&fields, &resolved)
            .iter()
            .map(|n| (n.person, n.form, n.mentions))
            .collect();
        assert_eq!(named, [(7, "Xi Jinping", 3), (3, "Joe Biden", 2)]);
    }
}
