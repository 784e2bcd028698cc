//! The frames that bind a cue to the two actors it relates.
//!
//! Each frame is a small function over one clause: its tokens, its
//! participants (actors located by tokens) and the cue. [`bind`] tries them
//! from the most specific to the least and keeps the first that binds two
//! different actors that may be related (countries, or blocs when asked
//! for); a frame that binds only one actor, or only blocs, lets the next one
//! try. A cue's parties and the groups of them on each side of the cue are
//! worked out once ([`Sides`]) and shared by the frames. The frames, in order:
//!
//! | id | shape |
//! |---|---|
//! | `between` | "ties between X and Y", "the relationship between X and Y has cooled" |
//! | `compound` | "US-China trade war", "Sino-Indian clashes" |
//! | `list` | "a summit of X, Y and Z", "talks involving X and Y" |
//! | `subject-object` | "X condemned Y", "X's ties with Y", "Y was condemned by X" |
//! | `coordination` | "X and Y signed a pact", "X and Y accused each other" |
//! | `speech` | "X said Y's move was a provocation" |
//! | `possessive` | "X remains Y's largest trading partner" |
//! | `war-in` | "the war in Ukraine", with the other party named in the sentence |

use std::borrow::Cow;
use std::ops::Range;

use super::text::{Token, TokenKind};
use super::words::WordSet;
use crate::rules::Kind;

/// An actor taking part in a clause, located by tokens.
#[derive(Debug, Clone)]
pub(crate) struct Participant {
    /// The tokens of the mention (merged with adjacent mentions of the same actor).
    pub(crate) tokens: Range<usize>,
    /// The actor.
    pub(crate) actor: u32,
    /// Written as a possessive ("China's").
    pub(crate) possessive: bool,
    /// Introduced by a locative preposition ("talks in Ohrid").
    pub(crate) locative: bool,
    /// Named through a person.
    pub(crate) person: bool,
}

/// A pair bound by a frame.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub(crate) a: u32,
    pub(crate) b: u32,
    /// The acting side, for directed cues.
    pub(crate) source: Option<u32>,
    /// Both sides were named through people (a verbal clash, not a war).
    pub(crate) persons: bool,
    pub(crate) frame: &'static str,
}

/// What a frame sees.
pub(crate) struct Clause<'a> {
    pub(crate) tokens: &'a [Token<'a>],
    /// The clause's participants, in text order.
    pub(crate) participants: &'a [&'a Participant],
    /// All participants of the sentence, for frames that look beyond the clause.
    pub(crate) sentence: &'a [Participant],
    /// The first token of the clause.
    pub(crate) start: usize,
    /// A headline, where a comma stands for "and" ("U.S., Brazil launch talks").
    pub(crate) headline: bool,
}

/// The cue being bound.
pub(crate) struct CueSpan<'a> {
    pub(crate) tokens: Range<usize>,
    pub(crate) directed: bool,
    pub(crate) kind: Kind,
    /// Where the sentence's later cues start, in order.
    pub(crate) later_cues: &'a [usize],
    /// The cue's sub-kind from the tables ("war", "strikes", ...).
    pub(crate) sub: &'a str,
}

/// Prepositions that make the actors after them part of a noun phrase.
const PREPOSITIONS: [&str; 15] = [
    "of",
    "involving",
    "among",
    "including",
    "between",
    "with",
    "from",
    "to",
    "in",
    "at",
    "on",
    "by",
    "for",
    "against",
    "toward",
];

/// Words that introduce the members of an event ("a summit of ...").
const LIST_WORDS: [&str; 6] = [
    "of",
    "involving",
    "among",
    "including",
    "between",
    "grouping",
];

const COPULAS: [&str; 9] = [
    "is", "are", "was", "were", "remains", "remained", "became", "becomes", "been",
];

/// Binds the cue with the first frame that relates two actors, into `out`
/// (emptied first; left empty when none does), a buffer the caller keeps
/// from cue to cue.
pub(crate) fn bind(
    clause: &Clause<'_>,
    cue: &CueSpan<'_>,
    valid: &dyn Fn(u32, u32) -> bool,
    out: &mut Vec<Binding>,
) {
    /// Adds what the frame binds to `out`, which it finds empty.
    type Frame = fn(&Clause<'_>, &CueSpan<'_>, &Sides<'_>, &mut Vec<Binding>);
    const FRAMES: [Frame; 11] = [
        between,
        compound,
        by_to,
        list,
        subject_object,
        coordination,
        double_object,
        speech,
        possessive,
        war_in,
        clause_compound,
    ];
    out.clear();
    // Every frame pairs two participants of the clause, but for `war_in`,
    // which pairs one of them with one of the sentence: a clause that names
    // no two actors that may be related is spared them all.
    let may_bind = may_relate(
        clause.participants,
        clause.participants.iter().copied(),
        valid,
    ) || (is_war_like(cue)
        && may_relate(clause.participants, clause.sentence.iter(), valid));
    if !may_bind {
        return;
    }
    let sides = Sides::new(clause, cue);
    for frame in FRAMES {
        frame(clause, cue, &sides, out);
        // Most frames bind nothing: an empty list costs one length check,
        // not a call to filter it.
        if !out.is_empty() {
            keep_relating(out, valid);
            if !out.is_empty() {
                return;
            }
        }
    }
    // The nearest subject may be a bloc or the same country: try the clause's subject.
    subject_fallback(clause, cue, &sides, out);
    keep_relating(out, valid);
}

/// Whether an actor of `some` and a different one of `others` may be related.
fn may_relate<'p>(
    some: &[&Participant],
    others: impl Iterator<Item = &'p Participant> + Clone,
    valid: &dyn Fn(u32, u32) -> bool,
) -> bool {
    some.iter().any(|x| {
        others
            .clone()
            .any(|y| x.actor != y.actor && (valid(x.actor, y.actor) || valid(y.actor, x.actor)))
    })
}

/// Keeps the bindings that relate two different actors that may be related.
fn keep_relating(bindings: &mut Vec<Binding>, valid: &dyn Fn(u32, u32) -> bool) {
    bindings.retain(|b| b.a != b.b && valid(b.a, b.b));
}

/// A cue's parties and the groups of them around it, shared by the frames.
///
/// The groups are runs of neighbouring parties, so they are kept as lengths
/// rather than as lists of their own: working them out allocates nothing.
struct Sides<'a> {
    /// See [`parties`]; in text order and without overlaps, as participants are.
    parties: Cow<'a, [&'a Participant]>,
    /// How many parties end before the cue: they are the first ones.
    left_len: usize,
    /// Where the parties that start after the cue begin: they are the last ones.
    right_start: usize,
    /// How many of the last parties on the left form the [`group_before`] the cue.
    before_len: usize,
    /// How many of the first parties on the right form the [`group_after`] the cue.
    after_len: usize,
}

impl<'a> Sides<'a> {
    fn new(clause: &Clause<'a>, cue: &CueSpan<'_>) -> Sides<'a> {
        let parties = parties(clause, cue);
        debug_assert!(
            parties
                .windows(2)
                .all(|w| w[0].tokens.end <= w[1].tokens.start),
            "participants come in text order without overlaps"
        );
        let left_len = parties.partition_point(|p| p.tokens.end <= cue.tokens.start);
        let right_start = parties.partition_point(|p| p.tokens.start < cue.tokens.end);
        let before_len = group_before(clause.tokens, &parties[..left_len], cue, clause.headline);
        let after_len = group_after(clause.tokens, &parties[right_start..], cue, clause.headline);
        Sides {
            parties,
            left_len,
            right_start,
            before_len,
            after_len,
        }
    }

    /// The parties that end before the cue.
    fn left(&self) -> &[&'a Participant] {
        &self.parties[..self.left_len]
    }

    /// The parties that start after the cue.
    fn right(&self) -> &[&'a Participant] {
        &self.parties[self.right_start..]
    }

    /// The [`group_before`] the cue, in text order.
    fn before(&self) -> &[&'a Participant] {
        &self.parties[self.left_len - self.before_len..self.left_len]
    }

    /// The [`group_after`] the cue, in text order.
    fn after(&self) -> &[&'a Participant] {
        &self.parties[self.right_start..self.right_start + self.after_len]
    }
}

fn pair(a: &Participant, b: &Participant, source: Option<u32>, frame: &'static str) -> Binding {
    Binding {
        a: a.actor,
        b: b.actor,
        source,
        persons: false,
        frame,
    }
}

/// Adds every pair of the group to `out`.
fn within(group: &[&Participant], frame: &'static str, out: &mut Vec<Binding>) {
    for (i, x) in group.iter().enumerate() {
        for y in &group[i + 1..] {
            out.push(pair(x, y, None, frame));
        }
    }
}

/// Participants that may be parties to this cue: places are parties to
/// trade ("investment in Kenya"), not to meetings or attacks ("soldiers
/// killed at a base in Jordan"); a war's place has its own frame.
///
/// Most clauses name no place: then the clause's own list is borrowed.
fn parties<'a>(clause: &Clause<'a>, cue: &CueSpan<'_>) -> Cow<'a, [&'a Participant]> {
    let keep_places = cue.kind == Kind::Trade;
    // "an air base in Qatar": a cue that ends in "in" takes the place as its party.
    let cue_takes_place = matches!(word(clause.tokens, cue.tokens.end - 1), "in" | "at");
    let is_party = |p: &Participant| {
        keep_places || !p.locative || (cue_takes_place && p.tokens.start == cue.tokens.end)
    };
    if clause.participants.iter().all(|p| is_party(p)) {
        return Cow::Borrowed(clause.participants);
    }
    clause
        .participants
        .iter()
        .copied()
        .filter(|p| is_party(p))
        .collect()
}

fn word<'t>(tokens: &'t [Token<'_>], i: usize) -> &'t str {
    tokens.get(i).map_or("", |t| t.norm())
}

/// "between X and Y" right after the cue, or as the subject before it with
/// no other actor in between.
fn between(clause: &Clause<'_>, cue: &CueSpan<'_>, sides: &Sides<'_>, out: &mut Vec<Binding>) {
    let ps = &sides.parties;
    for (i, p) in ps.iter().enumerate() {
        let Some(q) = ps.get(i + 1) else { break };
        let Some(before) = p.tokens.start.checked_sub(1) else {
            continue;
        };
        if word(clause.tokens, before) != "between" {
            continue;
        }
        let joined = &clause.tokens[p.tokens.end..q.tokens.start];
        let and_only = joined.len() == 1 && joined[0].norm() == "and";
        let heads = joined.len() <= 6
            && joined.iter().filter(|t| t.norm() == "and").count() == 1
            && joined
                .iter()
                .all(|t| t.norm() == "and" || t.norm() == "the" || is_head_noun(t));
        if !(and_only || heads) {
            continue;
        }
        let after_cue = before >= cue.tokens.end && before - cue.tokens.end <= 2;
        let before_cue = q.tokens.end <= cue.tokens.start
            && !ps
                .iter()
                .any(|o| o.tokens.start >= q.tokens.end && o.tokens.end <= cue.tokens.start);
        if after_cue || before_cue {
            out.push(pair(p, q, None, "between"));
            return;
        }
    }
}

/// Joined by a hyphen, dash or slash: "US-China", "Sino-Russian".
fn joined_by_dash(tokens: &[Token<'_>], left: &Participant, right: &Participant) -> bool {
    let between = &tokens[left.tokens.end..right.tokens.start];
    between.len() == 1
        && matches!(
            between[0].kind,
            TokenKind::Punct('-' | '\u{2013}' | '\u{2014}' | '/')
        )
}

/// "X-Y" right before the cue or right after it.
fn compound(clause: &Clause<'_>, cue: &CueSpan<'_>, _: &Sides<'_>, out: &mut Vec<Binding>) {
    let ps = clause.participants;
    // "North Korea slams US-South Korea drills": after a directed cue with
    // an actor before it, the compound is the object, for subject-object;
    // and "... drills as a rehearsal for invasion" is the subject's label
    // for the compound's deed, not a relation between its sides.
    let has_subject = ps.iter().any(|p| p.tokens.end <= cue.tokens.start);
    let object = cue.directed && has_subject;
    for (i, p) in ps.iter().enumerate() {
        let Some(q) = ps.get(i + 1) else { break };
        let before = q.tokens.end <= cue.tokens.start
            && cue.tokens.start - q.tokens.end <= 2
            && clause.tokens[q.tokens.end..cue.tokens.start]
                .iter()
                .all(|t| !is_auxiliary(t) && t.norm() != "as");
        let after =
            !object && p.tokens.start >= cue.tokens.end && p.tokens.start - cue.tokens.end <= 2;
        if (before || after) && joined_by_dash(clause.tokens, p, q) {
            out.push(pair(p, q, None, "compound"));
            return;
        }
    }
}

/// How two neighbouring participants are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    /// "and", "or", ", and", or the dash of a compound ("US-South Korea").
    Conjunction,
    /// A bare comma: a list only if a conjunction closes it.
    Comma,
    /// Not coordinated.
    None,
}

fn link(tokens: &[Token<'_>], left: &Participant, right: &Participant) -> Link {
    // "slams US-South Korea drills": both sides of a compound are objects.
    if joined_by_dash(tokens, left, right) {
        return Link::Conjunction;
    }
    let between = &tokens[left.tokens.end..right.tokens.start];
    // Neither a list nor joined heads, as the tests below would find: the
    // words between most participants are spared them.
    if between.is_empty() || between.len() > 6 {
        return Link::None;
    }
    // "X, the Y and Z": articles may stand before a list item.
    let listy = between.len() <= 4
        && between
            .iter()
            .any(|t| t.is_punct(',') || matches!(t.norm(), "and" | "or" | "&"))
        && between
            .iter()
            .all(|t| t.is_punct(',') || matches!(t.norm(), "and" | "or" | "&" | "the"));
    // "Djiboutian leaders and the president of Somalia"
    let heads = between.iter().filter(|t| t.norm() == "and").count() == 1
        && between
            .iter()
            .all(|t| t.norm() == "and" || t.norm() == "of" || t.norm() == "the" || is_head_noun(t));
    if heads {
        return Link::Conjunction;
    }
    if !listy {
        Link::None
    } else if between
        .iter()
        .any(|t| matches!(t.norm(), "and" | "or" | "&"))
    {
        Link::Conjunction
    } else if right.possessive {
        Link::None // "Iran, Saudi Arabia's rival": an appositive
    } else {
        Link::Comma
    }
}

/// A group grown by [`chain`]: a run of participants from its seed on, in
/// walking order, kept as counts.
struct Chain {
    /// How many participants it holds, the seed included.
    len: usize,
    /// How many of them reach up to the far side of the last conjunction
    /// link, if any link is one.
    through_conjunction: Option<usize>,
}

/// Cuts a chain to the list it really is: comma links count only when a
/// conjunction closes the list ("X, Y and Z"), not in "X, Y said"; returns
/// how many participants from the seed on stay.
fn close_list(chain: &Chain, headline: bool) -> usize {
    if headline {
        return chain.len;
    }
    chain.through_conjunction.unwrap_or(1)
}

/// Grows a group from `seed` over `rest` (in walking order) while each next
/// participant is linked to the last one taken.
fn chain<'a>(
    seed: &'a Participant,
    rest: impl Iterator<Item = &'a Participant>,
    linked: impl Fn(&Participant, &Participant) -> Link,
) -> Chain {
    let mut chain = Chain {
        len: 1,
        through_conjunction: None,
    };
    let mut last = seed;
    for p in rest {
        match linked(last, p) {
            Link::None => break,
            l => {
                chain.len += 1;
                if l == Link::Conjunction {
                    chain.through_conjunction = Some(chain.len);
                }
                last = p;
            }
        }
    }
    chain
}

/// The participant nearest before the cue and those coordinated with it;
/// `left` holds the parties that end before the cue, and the group is the
/// returned number of the last of them.
fn group_before(
    tokens: &[Token<'_>],
    left: &[&Participant],
    cue: &CueSpan<'_>,
    headline: bool,
) -> usize {
    let Some(&last) = left.last() else {
        return 0;
    };
    let chain = chain(
        last,
        left[..left.len() - 1].iter().rev().copied(),
        |taken, p| link(tokens, p, taken),
    );
    // Walking backwards, the conjunction of "X, Y and Z" is the first link;
    // "X, Y and several other nations" closes the list after its last actor.
    let closed_after = tokens[last.tokens.end..cue.tokens.start.min(last.tokens.end + 2)]
        .iter()
        .any(|t| matches!(t.norm(), "and" | "or"));
    if !headline && !closed_after && chain.through_conjunction.is_none() {
        return 1;
    }
    chain.len
}

/// The first participant after the cue, and those coordinated with it, when
/// it is close enough and no comma separates it from the cue; `right` holds
/// the parties that start after the cue, and the group is the returned
/// number of the first of them.
fn group_after(
    tokens: &[Token<'_>],
    right: &[&Participant],
    cue: &CueSpan<'_>,
    headline: bool,
) -> usize {
    let Some(&first) = right.first() else {
        return 0;
    };
    let gap = &tokens[cue.tokens.end..first.tokens.start];
    // Too far to be the object; counted first, since it spares the word
    // tests below on a long gap.
    if gap.iter().filter(|t| t.is_word()).count() > 10 {
        return 0;
    }
    let aside = gap
        .windows(2)
        .any(|w| w[0].is_punct(',') && opens_aside(&w[1]))
        || gap
            .iter()
            .any(|t| t.is_punct('(') || is_speech_verb(t) || is_cause_word(t))
        || infinitive_owns(tokens, cue, first.tokens.start);
    if aside {
        return 0;
    }
    let chain = chain(first, right[1..].iter().copied(), |taken, p| {
        link(tokens, taken, p)
    });
    close_list(&chain, headline)
}

/// "allies to manage their relations with Beijing": an infinitive whose own
/// cue stands before the actor takes the actor.
fn infinitive_owns(tokens: &[Token<'_>], cue: &CueSpan<'_>, object_start: usize) -> bool {
    let to = (cue.tokens.end..object_start).find(|&i| tokens[i].norm() == "to");
    to.is_some_and(|to| cue.later_cues.iter().any(|&c| c > to && c < object_start))
}

/// Words that introduce a cause or a topic, not a party: "cooperation in
/// light of Russia's war", "tension over Taiwan".
fn is_cause_word(t: &Token<'_>) -> bool {
    matches!(
        t.norm(),
        "over" | "because" | "light" | "due" | "regarding" | "about" | "concerning" | "amid"
    )
}

/// A word that, after a comma, opens an appositive or a new clause rather
/// than continuing a list: "near the Gap, the narrow strip between X and Y".
fn opens_aside(t: &Token<'_>) -> bool {
    t.norm().starts_with(|c: char| c.is_ascii_digit())
        || matches!(
            t.norm(),
            "the"
                | "a"
                | "an"
                | "this"
                | "that"
                | "these"
                | "those"
                | "which"
                | "who"
                | "whose"
                | "its"
                | "his"
                | "her"
                | "their"
                | "it"
                | "they"
                | "he"
                | "she"
                | "one"
                | "two"
                | "three"
                | "nine"
                | "ten"
                | "saying"
                | "according"
                | "officials"
                | "sources"
        )
}

/// Nouns for the people or bodies of a country, which may stand between a
/// country and a conjunction ("US officials and a South African delegation").
fn is_head_noun(t: &Token<'_>) -> bool {
    names_people(t)
        || matches!(
            t.norm(),
            "leader"
                | "president"
                | "prime"
                | "minister"
                | "official"
                | "delegation"
                | "government"
                | "counterpart"
                | "counterparts"
                | "foreign"
                | "defense"
                | "defence"
                | "top"
                | "a"
                | "an"
                | "his"
                | "her"
                | "its"
                | "their"
                | "state"
        )
}

/// Nouns for people that make "the leaders of X and Y" the subject.
fn names_people(t: &Token<'_>) -> bool {
    matches!(
        t.norm(),
        "leaders"
            | "presidents"
            | "ministers"
            | "officials"
            | "delegations"
            | "representatives"
            | "heads"
            | "envoys"
            | "diplomats"
            | "delegates"
            | "troops"
            | "forces"
            | "armies"
            | "governments"
            | "navies"
            | "militaries"
            | "negotiators"
            | "chiefs"
            | "members"
    )
}

/// The group that opens the clause: its grammatical subject, most often;
/// `left` holds the parties that end before the cue, and the group is the
/// first of them.
fn clause_subject<'s, 'a>(
    clause: &Clause<'_>,
    left: &'s [&'a Participant],
) -> &'s [&'a Participant] {
    let Some(&first) = left.first() else {
        return &[];
    };
    // "joint US-Guyana exercises" is one subject of two countries.
    let chain = chain(first, left[1..].iter().copied(), |taken, p| {
        if joined_by_dash(clause.tokens, taken, p) {
            Link::Conjunction
        } else {
            link(clause.tokens, taken, p)
        }
    });
    &left[..close_list(&chain, clause.headline)]
}

/// "a summit of X, Y and Z": an undirected event noun before a list.
fn list(clause: &Clause<'_>, cue: &CueSpan<'_>, sides: &Sides<'_>, out: &mut Vec<Binding>) {
    if cue.directed {
        return;
    }
    let right = sides.after();
    if right.len() < 2 {
        return;
    }
    let gap = &clause.tokens[cue.tokens.end..right[0].tokens.start];
    if gap.iter().any(|t| LIST_WORDS.contains(&t.norm())) {
        within(right, "list", out);
    }
}

fn is_passive(clause: &Clause<'_>, cue: &CueSpan<'_>, object_start: usize) -> bool {
    let gap = &clause.tokens[cue.tokens.end..object_start];
    gap.iter().take(3).any(|t| t.norm() == "by")
}

/// "X \<cue\> Y": the nearest actors on each side; a passive swaps the roles.
fn subject_object(
    clause: &Clause<'_>,
    cue: &CueSpan<'_>,
    sides: &Sides<'_>,
    out: &mut Vec<Binding>,
) {
    let (left, right) = (sides.before(), sides.after());
    if left.is_empty() || right.is_empty() {
        return;
    }
    if cue.directed && is_passive(clause, cue, right[0].tokens.start) {
        // "Y's launch was condemned by X and Z": the target is the subject;
        // "territory occupied by Russia": the noun the participle describes.
        let full =
            cue.tokens.start.checked_sub(1).is_some_and(|i| {
                is_auxiliary(&clause.tokens[i]) || word(clause.tokens, i) == "being"
            });
        let target = if full {
            clause_subject(clause, sides.left())
        } else {
            left
        };
        for t in target {
            for r in right {
                out.push(pair(r, t, Some(r.actor), "passive"));
            }
        }
        return;
    }
    for l in left {
        for r in right {
            let mut b = pair(l, r, cue.directed.then_some(l.actor), "subject-object");
            // Only a leader acting on a leader ("Trump attacks Trudeau") is verbal.
            b.persons = l.person && r.person;
            out.push(b);
        }
    }
    if !cue.directed {
        within(left, "coordination", out);
        let gap = &clause.tokens[cue.tokens.end..right[0].tokens.start];
        if gap.iter().any(|t| t.norm() == "with") {
            within(right, "list", out);
        }
    }
}

/// Retries subject-object with the clause's first group as the subject,
/// for when the actor nearest before the cue is a bloc, a group or the
/// object itself ("Britain notified the Security Council of sanctions on Iran").
fn subject_fallback(
    clause: &Clause<'_>,
    cue: &CueSpan<'_>,
    sides: &Sides<'_>,
    out: &mut Vec<Binding>,
) {
    let subject = clause_subject(clause, sides.left());
    for s in subject {
        for o in sides.after() {
            out.push(pair(
                s,
                o,
                cue.directed.then_some(s.actor),
                "subject-object",
            ));
        }
    }
}

/// Verbs of going somewhere, which make "to" introduce a destination
/// ("travelled to the summit") rather than an infinitive.
const GOING: [&str; 24] = [
    "came",
    "come",
    "comes",
    "coming",
    "went",
    "go",
    "goes",
    "going",
    "travelled",
    "traveled",
    "travel",
    "travels",
    "arrived",
    "arrive",
    "arrives",
    "headed",
    "heads",
    "flew",
    "fly",
    "flies",
    "returned",
    "return",
    "invited",
    "welcomed",
];

/// Whether "each other" or "one another" follows the cue closely: "X and Y
/// accused each other", "expelled each other's diplomats".
fn reciprocal(tokens: &[Token<'_>], cue: &CueSpan<'_>) -> bool {
    let mut words = tokens[cue.tokens.end..]
        .iter()
        .filter(|t| t.is_word())
        .map(|t| t.norm());
    let (first, second, third) = (words.next(), words.next(), words.next());
    let reciprocal_pair = |x: Option<&str>, y: Option<&str>| {
        matches!(
            (x, y),
            (Some("each"), Some("other" | "other's"))
                | (Some("one"), Some("another" | "another's"))
        )
    };
    reciprocal_pair(first, second) || reciprocal_pair(second, third)
}

/// "X and Y \<cue\>": a coordinated subject of an undirected cue, or of a
/// directed one done to "each other".
fn coordination(clause: &Clause<'_>, cue: &CueSpan<'_>, sides: &Sides<'_>, out: &mut Vec<Binding>) {
    if cue.directed && !reciprocal(clause.tokens, cue) {
        return;
    }
    let left = sides.before();
    if left.len() < 2 {
        return;
    }
    let governed = left[0].tokens.start.checked_sub(1).is_some_and(|i| {
        let mut at = i;
        if word(clause.tokens, at) == "the" {
            let Some(before) = at.checked_sub(1) else {
                return false;
            };
            at = before;
        }
        PREPOSITIONS.contains(&word(clause.tokens, at))
            && !at
                .checked_sub(1)
                .is_some_and(|j| names_people(&clause.tokens[j]))
    });
    // The subject must be close, with no quotation in between.
    let gap = &clause.tokens[left[left.len() - 1].tokens.end..cue.tokens.start];
    let close = gap.iter().filter(|t| t.is_word()).count() <= 8
        && !gap
            .iter()
            .any(|t| matches!(t.kind, TokenKind::Punct('"' | '\u{201C}' | '\u{201D}')));
    if !close {
        return;
    }
    // "were the first to arrive for the summit": attendance, not a relation.
    // "to" is attendance only after a verb of going ("came to the talks"),
    // not as an infinitive ("agreed to boost trade", "vowed to strengthen
    // ties").
    let attending = (cue.tokens.start.saturating_sub(3)..cue.tokens.start).any(|i| {
        match word(clause.tokens, i) {
            "for" | "at" | "attend" | "attending" | "attended" | "attends" => true,
            "to" => i
                .checked_sub(1)
                .is_some_and(|j| GOING.contains(&word(clause.tokens, j))),
            _ => false,
        }
    });
    if !(governed || attending) {
        within(left, "coordination", out);
    }
}

/// Whether the word reports speech or a judgement: "said", "called",
/// "accused".
fn is_speech_verb(t: &Token<'_>) -> bool {
    SPEECH_VERBS.contains(t)
}

/// See [`is_speech_verb`].
static SPEECH_VERBS: WordSet<22> = WordSet::new([
    "said",
    "says",
    "say",
    "told",
    "called",
    "calls",
    "described",
    "describes",
    "labelled",
    "labeled",
    "branded",
    "termed",
    "stated",
    "declared",
    "claimed",
    "argued",
    "insisted",
    "noted",
    "added",
    "warned",
    "accused",
    "blamed",
]);

/// "X said Y's move was a provocation": the speaker and the first actor of
/// what was said, for judgements (tension) only; "X says Y's war has made
/// Z urgent" states no war between X and Y.
fn speech(clause: &Clause<'_>, cue: &CueSpan<'_>, sides: &Sides<'_>, out: &mut Vec<Binding>) {
    if cue.kind != Kind::Tension {
        return;
    }
    let ps = &sides.parties;
    let Some(verb) = (clause.start..cue.tokens.start)
        .rev()
        .find(|&i| is_speech_verb(&clause.tokens[i]))
    else {
        return;
    };
    let Some(speaker) = ps.iter().rev().find(|p| p.tokens.end <= verb) else {
        return;
    };
    let topic = ps.iter().find(|p| {
        p.tokens.start > verb && p.tokens.end <= cue.tokens.start && p.actor != speaker.actor
    });
    if let Some(t) = topic {
        out.push(pair(speaker, t, Some(speaker.actor), "speech"));
    }
}

/// "Poland promised Ukraine more help": a giving verb with the receiver as
/// its first object and the cue as its second.
fn double_object(
    clause: &Clause<'_>,
    cue: &CueSpan<'_>,
    sides: &Sides<'_>,
    out: &mut Vec<Binding>,
) {
    const GIVING: [&str; 16] = [
        "promised", "promises", "gave", "gives", "give", "offered", "offers", "sent", "sends",
        "granted", "grants", "lent", "pledged", "pledges", "handed", "owes",
    ];
    let left = sides.left();
    let Some(&receiver) = left.last() else {
        return;
    };
    let gives = receiver
        .tokens
        .start
        .checked_sub(1)
        .is_some_and(|i| GIVING.contains(&word(clause.tokens, i)));
    let close = cue.tokens.start - receiver.tokens.end <= 4;
    let giver = left.iter().rev().find(|p| p.actor != receiver.actor);
    if let Some(g) = giver.filter(|_| gives && close) {
        out.push(pair(g, receiver, Some(g.actor), "double-object"));
    }
}

/// "X remains Y's largest trading partner".
fn possessive(clause: &Clause<'_>, cue: &CueSpan<'_>, sides: &Sides<'_>, out: &mut Vec<Binding>) {
    let left = sides.left();
    let Some(&near) = left.last() else {
        return;
    };
    if !near.possessive || cue.tokens.start - near.tokens.end > 3 {
        return;
    }
    let Some(far) = left.iter().rev().find(|p| p.actor != near.actor) else {
        return;
    };
    let between = &clause.tokens[far.tokens.end..near.tokens.start];
    let copula = between.iter().any(|t| COPULAS.contains(&t.norm()));
    // "Iran, Saudi Arabia's rival": an appositive says the same.
    let appositive = between.len() == 1 && between[0].is_punct(',');
    if copula || appositive {
        out.push(pair(
            far,
            near,
            cue.directed.then_some(far.actor),
            "possessive",
        ));
    }
}

/// "the threat posed by Russia to Georgia", "aggression by X against Y".
fn by_to(clause: &Clause<'_>, cue: &CueSpan<'_>, sides: &Sides<'_>, out: &mut Vec<Binding>) {
    let after = sides.right();
    let (Some(agent), Some(target)) = (after.first(), after.get(1)) else {
        return;
    };
    let to_agent = &clause.tokens[cue.tokens.end..agent.tokens.start];
    let to_target = &clause.tokens[agent.tokens.end..target.tokens.start];
    let by = to_agent.len() <= 3 && to_agent.iter().any(|t| t.norm() == "by");
    let to = to_target.len() <= 3
        && to_target
            .iter()
            .any(|t| matches!(t.norm(), "to" | "against" | "on" | "toward" | "towards"));
    if by && to {
        out.push(pair(
            agent,
            target,
            cue.directed.then_some(agent.actor),
            "by-to",
        ));
    }
}

/// A hyphenated pair anywhere in the clause ("clashes on the Kyrgyz-Tajik
/// border over disputed sections"): the clause is about that pair.
fn clause_compound(clause: &Clause<'_>, cue: &CueSpan<'_>, _: &Sides<'_>, out: &mut Vec<Binding>) {
    // Only disputes read as the clause's topic; a meeting is not about the
    // "Israeli-Palestinian conflict" it was called to discuss.
    if cue.kind != Kind::Tension {
        return;
    }
    // With a third party in the clause ("Pyongyang slams US-South Korea
    // drills as a rehearsal for invasion"), the dispute is that party's.
    let mut ps = clause.participants.iter().filter(|p| !p.locative);
    let (Some(x), Some(y), None) = (ps.next(), ps.next(), ps.next()) else {
        return;
    };
    if joined_by_dash(clause.tokens, x, y) {
        out.push(pair(x, y, None, "compound"));
    }
}

/// "the war in Ukraine" with the other party named elsewhere in the
/// sentence (relations.md: the conflict with Russia named nearby).
fn war_in(clause: &Clause<'_>, cue: &CueSpan<'_>, _: &Sides<'_>, out: &mut Vec<Binding>) {
    if !is_war_like(cue) {
        return;
    }
    let place = clause.participants.iter().find(|p| {
        p.tokens.start >= cue.tokens.end
            && p.tokens.start - cue.tokens.end <= 3
            && clause.tokens[cue.tokens.end..p.tokens.start]
                .iter()
                .any(|t| matches!(t.norm(), "in" | "on" | "against"))
    });
    let Some(place) = place else {
        return;
    };
    let distance = |p: &Participant| {
        if p.tokens.end <= place.tokens.start {
            place.tokens.start - p.tokens.end
        } else {
            p.tokens.start - place.tokens.end
        }
    };
    let other = clause
        .sentence
        .iter()
        .filter(|p| p.actor != place.actor && !p.locative)
        .min_by_key(|p| distance(p));
    if let Some(o) = other {
        out.push(pair(o, place, None, "war-in"));
    }
}

/// A war or occupation "in X" makes X a party; a raid or strike "in X"
/// only places it ("a raid in north-western Syria" on a group).
fn is_war_like(cue: &CueSpan<'_>) -> bool {
    cue.kind == Kind::Conflict && matches!(cue.sub, "war" | "invasion" | "occupation" | "clashes")
}

/// Auxiliary verbs: "was condemned" is a full passive; "US-Guyana exercises
/// were denounced" does not make the compound the cue's pair.
fn is_auxiliary(t: &Token<'_>) -> bool {
    matches!(
        t.norm(),
        "is" | "are" | "was" | "were" | "has" | "have" | "had" | "been" | "be" | "will" | "would"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn participant(actor: u32) -> Participant {
        Participant {
            tokens: 0..1,
            actor,
            possessive: false,
            locative: false,
            person: false,
        }
    }

    #[test]
    fn may_relate_needs_two_different_actors_valid_in_either_order() {
        let (one, other, two, three) = (
            participant(1),
            participant(1),
            participant(2),
            participant(3),
        );
        // 1 may be related to anyone but 3, itself included, in that order only.
        let valid = |a: u32, b: u32| a == 1 && b != 3;
        let relates = |some: &[&Participant], others: &[&Participant]| {
            may_relate(some, others.iter().copied(), &valid)
        };
        assert!(relates(&[&one], &[&three, &two]));
        assert!(relates(&[&two], &[&one]));
        // The same actor twice, or two that may not be related.
        assert!(!relates(&[&one], &[&other]));
        assert!(!relates(&[&one, &three], &[&other, &three]));
        assert!(!relates(&[], &[&one, &two]));
    }
}
