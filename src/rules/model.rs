//! The shapes of the rule tables, exactly as they are written in TOML.
//!
//! These types are deliberately plain: they mirror `docs/rules.md` field for
//! field, reject unknown fields (a misspelt key must never pass silently) and
//! keep dates as written, so that validation can report them with their file
//! and line. [`RuleSet`](super::RuleSet) turns them into checked values.

use serde::{Deserialize, Serialize};

/// One TOML file of a rules folder: any mix of the tables.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleFile {
    #[serde(default)]
    pub(crate) country: Vec<toml::Spanned<Country>>,
    #[serde(default)]
    pub(crate) bloc: Vec<toml::Spanned<Bloc>>,
    #[serde(default)]
    pub(crate) ambiguous: Vec<toml::Spanned<Ambiguous>>,
    #[serde(default)]
    pub(crate) person: Vec<toml::Spanned<Person>>,
    #[serde(default)]
    pub(crate) title: Vec<toml::Spanned<Title>>,
    #[serde(default)]
    pub(crate) cue: Vec<toml::Spanned<Cue>>,
    #[serde(default)]
    pub(crate) modifier: Vec<toml::Spanned<Modifier>>,
    #[serde(default)]
    pub(crate) discard: Vec<toml::Spanned<Discard>>,
    #[serde(default)]
    pub(crate) nonactor: Vec<toml::Spanned<NonActor>>,
    #[serde(default)]
    pub(crate) abbreviations: Option<toml::Spanned<Abbreviations>>,
}

/// A sovereign state or a territory that the news treats as an actor.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (`XKX` for Kosovo).
    pub code: String,
    /// ISO 3166-1 alpha-2 code.
    pub iso2: String,
    /// The short name used in every output.
    pub name: String,
    /// The official long name.
    #[serde(default)]
    pub official: String,
    /// `state` or `territory`.
    #[serde(default = "default_country_kind")]
    pub kind: String,
    /// The state a territory belongs to.
    #[serde(default)]
    pub part_of: Option<String>,
    /// Other names the news uses.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Adjectives and names of the people, with plurals.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Combining forms used before a hyphen ("Sino" in "Sino-Russian").
    #[serde(default)]
    pub prefixes: Vec<String>,
    /// Capital cities, read as the state ("Pyongyang said").
    #[serde(default)]
    pub capitals: Vec<String>,
    /// Seats of power read as the state ("Kremlin", "White House").
    #[serde(default)]
    pub seats: Vec<String>,
    /// Free text for curators: sources, cautions.
    #[serde(default)]
    pub note: Option<String>,
}

fn default_country_kind() -> String {
    "state".to_owned()
}

/// A bloc or international organisation: an actor of its own, never a country.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Bloc {
    /// Our id: upper-case letters and digits ("EU", "NATO", "G7").
    pub code: String,
    /// The full name.
    pub name: String,
    /// `alliance`, `union`, `organisation`, `forum`, or `group` for a
    /// non-state armed group (which is never its host state).
    #[serde(default = "default_bloc_kind")]
    pub kind: String,
    /// Names the news uses.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Seats read as the bloc ("Brussels" for the EU).
    #[serde(default)]
    pub seats: Vec<String>,
    /// ISO3 codes of the members.
    #[serde(default)]
    pub members: Vec<String>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

fn default_bloc_kind() -> String {
    "organisation".to_owned()
}

/// A form that names several actors, or that often is not an actor at all.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ambiguous {
    /// The surface form, as written in the actor tables.
    pub form: String,
    /// Every actor the form can name.
    pub actors: Vec<String>,
    /// The reading when context does not decide.
    pub default: String,
    /// Words in the same sentence that show another sense.
    #[serde(default)]
    pub unless_near: Vec<String>,
    /// Words right before the form that show another sense.
    #[serde(default)]
    pub unless_before: Vec<String>,
    /// Words right after the form that show another sense.
    #[serde(default)]
    pub unless_after: Vec<String>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// A person who holds or held offices that fix a country.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Lower-case hyphenated id, unique.
    pub id: String,
    /// The fullest common form, as reported.
    pub name: String,
    /// Distinctive forms, matched anywhere.
    pub forms: Vec<String>,
    /// Shared surnames, matched only after one of `forms` in the same story.
    #[serde(default)]
    pub short: Vec<String>,
    /// Offices held, with their terms.
    pub roles: Vec<Role>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// One office held by a person over a term.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// ISO3 code of the country.
    pub country: String,
    /// The kind of office.
    pub office: Office,
    /// What the news calls the office ("President", "Foreign Minister").
    #[serde(default)]
    pub title: String,
    /// First day in office, `YYYY-MM-DD`.
    pub start: String,
    /// The day the term ended (exclusive); absent while it runs.
    #[serde(default)]
    pub end: Option<String>,
    /// Several people may hold this office at once.
    #[serde(default)]
    pub shared: bool,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// The offices the tables know. Heads of state and of government are
/// "leaders" in the sense of `relations.md`; the others are officials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Office {
    /// Presidents who head the state, monarchs, supreme leaders.
    HeadOfState,
    /// Prime ministers, premiers, chancellors.
    HeadOfGovernment,
    /// Foreign ministers, secretaries of state.
    ForeignMinister,
    /// Defence ministers and secretaries.
    DefenceMinister,
    /// Any other office that makes the country mentioned.
    Official,
}

impl Office {
    /// Whether holders of this office are listed as leaders.
    pub fn is_leader(self) -> bool {
        matches!(self, Office::HeadOfState | Office::HeadOfGovernment)
    }

    /// The snake-case name used in the tables and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Office::HeadOfState => "head_of_state",
            Office::HeadOfGovernment => "head_of_government",
            Office::ForeignMinister => "foreign_minister",
            Office::DefenceMinister => "defence_minister",
            Office::Official => "official",
        }
    }
}

/// Names that contain a country's name but name no actor ("Inner Mongolia",
/// "South China Sea"). The matcher prefers the longest name, so listing them
/// keeps the country inside them from being found.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NonActor {
    /// Unique id.
    pub id: String,
    /// The names, matched like country names.
    pub forms: Vec<String>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// Words that name an office ("premier", "top diplomat").
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Title {
    /// The office these words name.
    pub office: Office,
    /// The words, lower case.
    pub forms: Vec<String>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// The four relation kinds of `relations.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Working together, support, agreements, meetings, aid.
    Cooperation,
    /// At odds without fighting: criticism, threats, sanctions.
    Tension,
    /// Exchange of goods, money or investment.
    Trade,
    /// Fighting: war, invasion, strikes, clashes.
    Conflict,
}

impl Kind {
    /// Every kind, in output order.
    pub const ALL: [Kind; 4] = [
        Kind::Cooperation,
        Kind::Tension,
        Kind::Trade,
        Kind::Conflict,
    ];

    /// The lower-case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Cooperation => "cooperation",
            Kind::Tension => "tension",
            Kind::Trade => "trade",
            Kind::Conflict => "conflict",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown relation kind {s:?} (cooperation, tension, trade, conflict)")
            })
    }
}

/// A phrase that signals a relation kind.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cue {
    /// `kind.slug`, unique.
    pub id: String,
    /// The relation it signals.
    pub kind: Kind,
    /// Further kinds it implies (tariffs are trade and tension).
    #[serde(default)]
    pub also: Vec<Kind>,
    /// A free sub-kind (diplomatic, sanctions, arms, ...).
    #[serde(default)]
    pub sub: String,
    /// Goldstein-like score, -10..=10.
    pub score: f64,
    /// The actor before the cue acts on the one after.
    #[serde(default)]
    pub directed: bool,
    /// Word patterns (see `docs/rules.md`).
    pub forms: Vec<String>,
    /// The kind a negated cue states instead ("did not support" is tension).
    #[serde(default)]
    pub if_negated: Option<Kind>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// What a modifier does to the cue after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ModifierType {
    /// "did not", "denied": the relation is not stated.
    Negation,
    /// "may", "speculate": the relation is not asserted.
    Hedge,
    /// "is due to meet": the relation has not happened yet.
    Future,
}

impl ModifierType {
    /// The lower-case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            ModifierType::Negation => "negation",
            ModifierType::Hedge => "hedge",
            ModifierType::Future => "future",
        }
    }
}

/// Words that cancel the cue they stand before.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Modifier {
    /// Unique id (`neg.*`, `hedge.*`, `future.*`).
    pub id: String,
    /// What it does.
    #[serde(rename = "type")]
    pub kind: ModifierType,
    /// Word patterns, as for cues.
    pub forms: Vec<String>,
    /// The relation kinds it affects; empty means all.
    #[serde(default)]
    pub applies_to: Vec<Kind>,
    /// How many words may stand between it and the cue (default 4).
    #[serde(default)]
    pub reach: Option<usize>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// How far a discard reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiscardScope {
    /// Only the sentence that holds the form gives no relation.
    Sentence,
    /// The whole story gives no relation.
    Story,
    /// Only cues overlapping the phrase are silenced ("attack helicopters").
    Phrase,
}

/// Phrases that mark a sentence or story as giving no relations (sport, weather).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Discard {
    /// Unique id.
    pub id: String,
    /// How far it reaches.
    pub scope: DiscardScope,
    /// Word patterns, as for cues.
    pub forms: Vec<String>,
    /// Free text for curators.
    #[serde(default)]
    pub note: Option<String>,
}

/// Abbreviations after which a full stop does not end a sentence.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Abbreviations {
    /// Abbreviations written without their final dot ("Mr", "Gen", "Jan").
    #[serde(default)]
    pub words: Vec<String>,
    /// Words that start a new sentence even after an abbreviation or initial.
    #[serde(default)]
    pub openers: Vec<String>,
}
