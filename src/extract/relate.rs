//! Pairing the actors a sentence links, cue by cue, without a parser.
//!
//! Each sentence is split into clauses (at `;`, at ", but", ", while",
//! "amid", "despite", ...; a relative clause ", which ..." keeps the actor it
//! describes). Each cue in a clause is first checked against the modifiers
//! before it (negation, hedge, future) and the phrases that silence it
//! ("attack helicopters"), then bound to two actors by the frames of
//! [`super::frames`]. A cue that no frame binds may still take its pair
//! from the clause around it: an elaboration ("ties with Russia,
//! particularly regarding arms sales") reuses the pair of the cue it
//! elaborates, and "the two countries" refers to the pair the story last
//! related.
//!
//! Everything that fired is kept as evidence; with `--explain`, cues that
//! gave nothing say why.

use std::cell::{OnceCell, RefCell};
use std::ops::Range;

use memchr::memchr2_iter;

use super::frames::{self, Binding, Clause, CueSpan, Participant};
use super::phrases::{self, Owner, PhraseMatch};
use super::resolve::{Mention, Resolved};
use super::text::{Norms, Token, TokenKind, recycle, tokenize, tokenize_into};
use super::words::WordSet;
use super::{Actor, Evidence, Explanation, Extractor, Field, FieldName, Relation};
use crate::rules::{DiscardScope, Kind, Modifier, ModifierType};

/// How many words may stand between a modifier and the cue it cancels,
/// unless the modifier says otherwise.
const MODIFIER_REACH: usize = 4;

/// How many tokens around a sentence discard it silences.
const DISCARD_REACH: usize = 10;

/// Nouns for events and statements that "the meeting", "the remarks" refer back to.
const EVENT_NOUNS: [&str; 20] = [
    "meeting",
    "summit",
    "talks",
    "visit",
    "decision",
    "deal",
    "agreement",
    "remarks",
    "remark",
    "move",
    "declaration",
    "accord",
    "pact",
    "exercises",
    "drills",
    "statement",
    "plan",
    "trip",
    "comments",
    "gathering",
];

/// Relative pronouns: the clause they open describes the actor before them.
const RELATIVE: [&str; 3] = ["which", "who", "whose"];

/// Words that make a cue elaborate the relation just stated.
const ELABORATION: [&str; 9] = [
    "particularly",
    "especially",
    "notably",
    "including",
    "regarding",
    "mainly",
    "chiefly",
    "mostly",
    "such",
];

/// Nouns that, after "the two" or "both", refer to a pair of countries.
const PAIR_NOUNS: [&str; 14] = [
    "countries",
    "nations",
    "sides",
    "neighbours",
    "neighbors",
    "governments",
    "states",
    "leaders",
    "capitals",
    "militaries",
    "armies",
    "allies",
    "rivals",
    "partners",
];

/// One sentence, tokenised and matched.
struct Sentence<'a> {
    field: usize,
    name: FieldName,
    range: Range<usize>,
    tokens: Vec<Token<'a>>,
    matches: Vec<PhraseMatch>,
    mentions: &'a [Mention],
}

/// What identifies a relation: the ranks of its two actors
/// ([`Actor::rank`](super::Actor), the order of their codes), the smaller
/// first, and its kind. A lookup compares numbers, not strings.
type RelationKey = (u32, u32, Kind);

/// State carried from sentence to sentence.
struct StoryState<'a> {
    /// The story's relations under their keys, sorted by key: the order a
    /// story lists its relations in.
    relations: Vec<(RelationKey, Relation)>,
    explain: Vec<Explanation>,
    /// The pair the story last related, for "the two countries".
    last_pair: Option<(u32, u32)>,
    /// The two most-mentioned countries, when no pair was related yet.
    top_pair: TopPair<'a>,
    /// The actors of the last sentence that related any, for "the meeting";
    /// empty until one does.
    last_parties: Vec<u32>,
    /// The actors related in the current sentence so far.
    parties_now: Vec<u32>,
}

/// Buffers that relating a sentence fills, kept per thread ([`SCRATCH`]) and
/// cleared for each sentence, so that neither a sentence nor a story
/// allocates them anew.
#[derive(Default)]
struct Scratch {
    /// The tokens of each of the sentence's mentions, if it covers any.
    mention_tokens: Vec<Option<Range<usize>>>,
    /// The sentence's cues, in order of their first token.
    cues: Vec<PhraseMatch>,
    /// Where each cue starts, in the same order.
    cue_starts: Vec<usize>,
    /// See [`clause_ids`].
    clauses: Vec<usize>,
    /// The first token of each clause, by id; see [`clause_ids`].
    clause_starts: Vec<usize>,
    /// See [`locate_participants`].
    participants: Vec<Participant>,
    /// The kinds the current cue still states, once modifiers had their say.
    kinds: Vec<Kind>,
    /// By clause id, the last binding in the clause and where its cue ends,
    /// for elaborations ([`inherited`]).
    bound_in_clause: Vec<Option<(Binding, usize)>>,
    /// The pairs the current cue binds.
    bindings: Vec<Binding>,
    /// The cues before [`keep_longest_cues`] picks from them.
    candidates: Vec<PhraseMatch>,
    /// The tokens of the sentence's phrase discards and office titles, which
    /// silence the cues they overlap.
    silencers: Vec<Range<usize>>,
    /// The current cue's participants. Empty between sentences, so it holds
    /// no reference: `relate_sentence` lends it out with its room.
    in_clause: Vec<&'static Participant>,
    /// The phrases matched in a sentence. This and the two lists of parties
    /// go to the story's [`Sentence`] and [`StoryState`] and come back.
    matches: Vec<PhraseMatch>,
    /// See [`StoryState::last_parties`].
    last_parties: Vec<u32>,
    /// See [`StoryState::parties_now`].
    parties_now: Vec<u32>,
    /// See [`StoryState::relations`].
    relations: Vec<(RelationKey, Relation)>,
    /// The norms of the sentence's tokens. [`relate`] takes this and
    /// `tokens` out for the story, since the tokens borrow them while the
    /// rest of the scratch is lent to each sentence.
    norms: Norms,
    /// The buffer the sentence is tokenised into, empty between sentences.
    tokens: Vec<Token<'static>>,
}

thread_local! {
    /// The [`Scratch`] of the stories this thread relates, one after another.
    /// A story takes it and puts it back, with the room its sentences needed.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

pub(crate) fn relate(
    ex: &Extractor,
    fields: &[Field<'_>],
    resolved: &Resolved,
) -> (Vec<Relation>, Vec<Explanation>) {
    // Only sentences that name an actor, or refer to "the two countries",
    // can hold a relation; the rest are not tokenised at all (most news
    // sentences name no country).
    // A story-wide discard (none in the default tables) needs a look at
    // every sentence first; the relation pass then streams sentence by
    // sentence, so a story of any length holds one sentence's tokens at a time.
    let mut scratch = SCRATCH.take();
    let mut norms = std::mem::take(&mut scratch.norms);
    let mut spare_tokens = std::mem::take(&mut scratch.tokens);
    let story_discarded = ex.discards.iter().any(|d| d.1 == DiscardScope::Story)
        && fields.iter().any(|field| {
            field.sentences.iter().any(|range| {
                ex.phrases.find(&tokenize(field.text, range.clone(), &mut norms)).iter().any(|m| {
                    matches!(m.owner, Owner::Discard(d) if ex.discards[d as usize].1 == DiscardScope::Story)
                })
            })
        });
    let mut state = StoryState {
        relations: std::mem::take(&mut scratch.relations),
        explain: Vec::new(),
        last_pair: None,
        top_pair: TopPair {
            ex,
            mentions: &resolved.mentions,
            pair: OnceCell::new(),
        },
        last_parties: std::mem::take(&mut scratch.last_parties),
        parties_now: std::mem::take(&mut scratch.parties_now),
    };
    let mut next_mention = 0;
    // The thread's match and token buffers and scratch, lent to each
    // sentence in turn.
    let mut matches = std::mem::take(&mut scratch.matches);
    for (f, field) in fields.iter().enumerate() {
        for (s, range) in field.sentences.iter().enumerate() {
            let first = next_mention;
            while resolved
                .mentions
                .get(next_mention)
                .is_some_and(|m| m.field == f && m.sentence == s)
            {
                next_mention += 1;
            }
            let mentions = &resolved.mentions[first..next_mention];
            if mentions.is_empty() && !may_refer_to_pair(&field.text[range.clone()]) {
                continue;
            }
            let tokens = tokenize_into(field.text, range.clone(), &mut norms, spare_tokens);
            ex.phrases.find_into(&tokens, &mut matches);
            let sentence = Sentence {
                field: f,
                name: field.name,
                range: range.clone(),
                tokens,
                matches,
                mentions,
            };
            relate_sentence(
                ex,
                fields,
                &sentence,
                story_discarded,
                &mut state,
                &mut scratch,
            );
            spare_tokens = recycle(sentence.tokens);
            matches = sentence.matches;
            if !state.parties_now.is_empty() {
                // The two lists trade buffers, so neither is allocated anew.
                std::mem::swap(&mut state.last_parties, &mut state.parties_now);
                state.parties_now.clear();
                state.last_parties.sort_unstable();
                state.last_parties.dedup();
            }
        }
    }
    scratch.norms = norms;
    scratch.tokens = spare_tokens;
    scratch.matches = matches;
    // The next story starts with no parties.
    state.last_parties.clear();
    scratch.last_parties = std::mem::take(&mut state.last_parties);
    scratch.parties_now = std::mem::take(&mut state.parties_now);
    let relations = scored(&mut state.relations);
    scratch.relations = state.relations;
    SCRATCH.set(scratch);
    (relations, state.explain)
}

/// The story's relations, each scored by the mean of its evidence; the
/// buffer is left empty, with its room, for the next story.
fn scored(relations: &mut Vec<(RelationKey, Relation)>) -> Vec<Relation> {
    relations
        .drain(..)
        .map(|(_, mut r)| {
            r.score = r.evidence.iter().map(|e| e.score).sum::<f64>() / r.evidence.len() as f64;
            r.score = (r.score * 100.0).round() / 100.0;
            r
        })
        .collect()
}

fn distinct_actors(mentions: &[Mention]) -> usize {
    let mut actors: Vec<u32> = mentions
        .iter()
        .filter(|m| !m.place)
        .map(|m| m.actor)
        .collect();
    actors.sort_unstable();
    actors.dedup();
    actors.len()
}

/// The two countries a story mentions most, if two stand out, worked out
/// when first asked for: few stories refer to "the two countries" before
/// they relate a pair.
struct TopPair<'a> {
    ex: &'a Extractor,
    /// The story's mentions.
    mentions: &'a [Mention],
    /// Empty until [`TopPair::get`] is first called.
    pair: OnceCell<Option<(u32, u32)>>,
}

impl TopPair<'_> {
    /// The pair, counted on the first call.
    fn get(&self) -> Option<(u32, u32)> {
        *self.pair.get_or_init(|| {
            let mut countries: Vec<u32> = self
                .mentions
                .iter()
                .map(|m| m.actor)
                .filter(|&a| self.ex.actors[a as usize].is_country)
                .collect();
            countries.sort_unstable();
            two_most_frequent(&countries)
        })
    }
}

/// The two values of a sorted list that occur most often, if they occur
/// more often than any third and the first at least twice; of values that
/// occur as often, the larger ranks first.
fn two_most_frequent(sorted: &[u32]) -> Option<(u32, u32)> {
    // The three largest (count, value), largest first: no map and no list
    // of counts to sort.
    let mut top: [Option<(usize, u32)>; 3] = [None; 3];
    for run in sorted.chunk_by(|x, y| x == y) {
        let mut entry = Some((run.len(), run[0]));
        for slot in &mut top {
            if entry > *slot {
                std::mem::swap(slot, &mut entry);
            }
        }
    }
    match top {
        [Some((n1, a)), Some((n2, b)), third] if n1 >= 2 && third.is_none_or(|(n3, _)| n3 < n2) => {
            Some((a, b))
        }
        _ => None,
    }
}

/// What [`may_refer_to_pair`] looks for, in any case, each with where it
/// has its "h" or "w": every one has one, and those letters are rarer than
/// the first letters of the needles ("t", "b", "e", "n").
const PAIR_NEEDLES: [(&[u8], usize); 6] = [
    (b"two ", 1),
    (b"both ", 3),
    (b"their ", 1),
    (b"each other", 3),
    (b"neighbo", 4),
    (b"between ", 3),
];

/// A cheap test on raw text for the words [`refers_to_pair`] looks for.
///
/// `memchr` jumps from one "h" or "w" to the next, and only there are the
/// needles that have that letter compared.
fn may_refer_to_pair(text: &str) -> bool {
    let bytes = text.as_bytes();
    let found_at = |anchor: usize| {
        PAIR_NEEDLES.iter().any(|&(needle, offset)| {
            // Setting bit 5 lower-cases a letter and maps no other byte to one.
            bytes[anchor] | 0x20 == needle[offset]
                && anchor
                    .checked_sub(offset)
                    .and_then(|start| bytes.get(start..start + needle.len()))
                    .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
    };
    memchr2_iter(b'h', b'w', bytes)
        .chain(memchr2_iter(b'H', b'W', bytes))
        .any(found_at)
}

/// Whether the tokens say "the two countries", "both sides", "their
/// countries", "the neighbours" or "each other".
///
/// One pass: each token is matched once against the first words of those
/// phrases, and only a first word looks at the words after it.
fn refers_to_pair(tokens: &[Token<'_>]) -> bool {
    (0..tokens.len()).any(|i| {
        if !PAIR_OPENERS.contains(&tokens[i]) {
            return false;
        }
        // Past the end, a word is "", which no phrase holds.
        let next = |k: usize| tokens.get(i + k).map_or("", |t| t.norm());
        match tokens[i].norm() {
            "between" => next(1) == "them" || (next(1) == "the" && PAIR_NOUNS.contains(&next(2))),
            "two" | "both" | "their" => PAIR_NOUNS.contains(&next(1)),
            "the" => matches!(next(1), "neighbours" | "neighbors"),
            "each" => matches!(next(1), "other" | "other's"),
            _ => false,
        }
    })
}

/// The first words of the phrases [`refers_to_pair`] looks for: most words
/// are none of them, and are settled by [`WordSet::contains`].
static PAIR_OPENERS: WordSet<6> = WordSet::new(["between", "two", "both", "their", "the", "each"]);

/// Keeps the longest of overlapping cues, with the cues of another kind in
/// their gaps ([`add_gap_cues`]), in order of their first token;
/// `candidates` is a buffer.
///
/// The matcher yields cues in that order, and most sentences have no two
/// that overlap: then every cue is kept as it is, without sorting or copying.
fn keep_longest_cues(
    ex: &Extractor,
    cues: &mut Vec<PhraseMatch>,
    candidates: &mut Vec<PhraseMatch>,
) {
    if cues
        .windows(2)
        .all(|w| w[0].tokens.end <= w[1].tokens.start)
    {
        return;
    }
    candidates.clear();
    candidates.append(cues);
    phrases::keep_longest_into(candidates, cues);
    add_gap_cues(ex, cues, candidates);
}

/// Adds to the longest cues (`kept`, in order of their first token) the
/// cues of another kind that start in one of their gaps: "signed a trade
/// deal" is `sign* .. deal` (cooperation) with "trade deal" (trade) inside
/// it. A cue that adds no kind stays hidden, and so does any cue inside a
/// hostile one or hostile itself. `candidates` are all the cues, the
/// longest first.
fn add_gap_cues(ex: &Extractor, kept: &mut Vec<PhraseMatch>, candidates: &[PhraseMatch]) {
    // Every candidate was kept: nothing lies hidden inside another cue.
    if kept.len() == candidates.len() {
        return;
    }
    let kinds = |m: &PhraseMatch| match m.owner {
        Owner::Cue(c) => ex.cues[c as usize].kinds.as_slice(),
        _ => &[],
    };
    // A hostile host governs what it holds: "ended diplomatic relations",
    // "cut trade ties" state no cooperation and no trade.
    let friendly = |m: &PhraseMatch| match m.owner {
        Owner::Cue(c) => ex.cues[c as usize].score > 0.0,
        _ => false,
    };
    // The cues found in gaps go after the hosts, which stay in front.
    let hosts = kept.len();
    for m in candidates {
        let host = kept[..hosts].iter().find(|k| {
            k.tokens.start < m.tokens.start
                && m.tokens.end <= k.tokens.end
                && k.skips(m.tokens.start)
        });
        let Some(host) = host else { continue };
        let adds_kind = kinds(m).iter().any(|kind| !kinds(host).contains(kind))
            && friendly(host)
            && friendly(m);
        let free = kept[hosts..]
            .iter()
            .all(|i| i.tokens.end <= m.tokens.start || m.tokens.end <= i.tokens.start);
        if adds_kind && free {
            kept.push(m.clone());
        }
    }
    if kept.len() > hosts {
        kept.sort_by_key(|m| (m.tokens.start, std::cmp::Reverse(m.tokens.len())));
    }
}

fn relate_sentence(
    ex: &Extractor,
    fields: &[Field<'_>],
    s: &Sentence<'_>,
    story_discarded: bool,
    state: &mut StoryState<'_>,
    scratch: &mut Scratch,
) {
    // Only a cue relates; without one, the sentence changes nothing.
    if !s.matches.iter().any(|m| matches!(m.owner, Owner::Cue(_))) {
        return;
    }
    // The phrases that silence the cues near them, picked out where they are
    // needed: most sentences hold none, and few cues.
    let sentence_discards = || {
        s.matches.iter().filter(|m| {
            matches!(m.owner, Owner::Discard(d)
                if ex.discards[d as usize].1 == DiscardScope::Sentence)
        })
    };
    let text = fields[s.field].text;
    let Scratch {
        mention_tokens,
        cues,
        cue_starts,
        clauses,
        clause_starts,
        participants,
        kinds,
        bound_in_clause,
        bindings,
        candidates,
        in_clause: spare_in_clause,
        silencers,
        // Out for the story (see `relate`).
        matches: _,
        last_parties: _,
        parties_now: _,
        relations: _,
        norms: _,
        tokens: _,
    } = scratch;
    token_ranges(&s.tokens, s.mentions, mention_tokens);
    let names = || mention_tokens.iter().flatten();
    // The phrases that silence the cues they overlap, gathered in one pass:
    // "attack helicopters", "Shanghai Cooperation Organisation", "Secretary
    // of War". Each cue is then checked against these alone, most often none.
    silencers.clear();
    silencers.extend(
        s.matches
            .iter()
            .filter(|m| match m.owner {
                Owner::Title(_) => true,
                Owner::Discard(d) => ex.discards[d as usize].1 == DiscardScope::Phrase,
                Owner::Cue(_) | Owner::Modifier(_) => false,
            })
            .map(|m| m.tokens.clone()),
    );
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    cues.clear();
    cues.extend(
        s.matches
            .iter()
            .filter(|m| matches!(m.owner, Owner::Cue(_)))
            .filter(|m| !silencers.iter().any(|b| overlaps(b, &m.tokens)))
            .filter(|m| !names().any(|n| n.start <= m.tokens.start && m.tokens.start < n.end))
            .cloned(),
    );
    keep_longest_cues(ex, cues, candidates);
    for m in cues.iter_mut() {
        // A gap that swallowed a name ends the cue there: "ties with | Moscow have soured".
        if let Some(n) = names().find(|n| n.start > m.tokens.start && n.start < m.tokens.end) {
            m.tokens.end = n.start;
        }
    }
    if cues.is_empty() {
        return;
    }
    let sentence_text = &text[s.range.clone()];
    // The cues are in order of their first token.
    cue_starts.clear();
    cue_starts.extend(cues.iter().map(|c| c.tokens.start));
    debug_assert!(cue_starts.is_sorted());
    clause_ids(&s.tokens, clauses, clause_starts);
    locate_participants(
        text,
        &s.tokens,
        s.mentions,
        mention_tokens,
        &ex.actors,
        participants,
    );
    let participants: &[Participant] = participants;
    // The cue's participants, cleared for each cue.
    let mut in_clause = reborrowed(std::mem::take(spare_in_clause));
    let valid = |a: u32, b: u32| {
        ex.options.blocs || (ex.actors[a as usize].is_country && ex.actors[b as usize].is_country)
    };
    bound_in_clause.clear();
    bound_in_clause.resize(clause_starts.len(), None);
    for cue in cues.iter() {
        let Owner::Cue(c) = cue.owner else { continue };
        let info = &ex.cues[c as usize];
        let matched =
            &text[s.tokens[cue.tokens.start].span.start..s.tokens[cue.tokens.end - 1].span.end];
        // Explanations are built only when asked for: without `--explain`
        // a note costs nothing.
        let note = |state: &mut StoryState<'_>, outcome: &str, bindings: &[Binding]| {
            if ex.options.explain {
                state.explain.push(Explanation {
                    sentence: sentence_text.to_owned(),
                    cue: info.id.clone(),
                    matched: matched.to_owned(),
                    outcome: outcome.to_owned(),
                    pairs: bindings
                        .iter()
                        .map(|b| format!("{}-{}", ex.code(b.a), ex.code(b.b)))
                        .collect(),
                    frame: bindings.first().map(|b| b.frame.to_owned()),
                });
            }
        };
        // A sport or weather phrase silences the cues around it, not a
        // sentence that only dates itself by it ("hours before the Olympics").
        let near_discard = sentence_discards().any(|d| {
            d.tokens.start.abs_diff(cue.tokens.start) <= DISCARD_REACH
                || d.tokens.end.abs_diff(cue.tokens.end) <= DISCARD_REACH
        });
        if story_discarded || near_discard {
            note(state, "discarded (sport, culture or weather context)", &[]);
            continue;
        }
        let clause_id = clauses[cue.tokens.start];
        kinds.clear();
        for &kind in &info.kinds {
            let Some(modifier) = cancelled_by(ex, s, clauses, cue, kind) else {
                kinds.push(kind);
                continue;
            };
            let why = || format!("{} ({})", modifier.kind.as_str(), modifier.id);
            match modifier.kind {
                ModifierType::Negation if info.if_negated.is_some() => {
                    kinds.extend(info.if_negated);
                    if ex.options.explain {
                        let read_as = info.if_negated.map_or("", Kind::as_str);
                        note(state, &format!("{}: read as {read_as}", why()), &[]);
                    }
                }
                _ if ex.options.explain => note(state, &why(), &[]),
                _ => {}
            }
        }
        kinds.dedup();
        if kinds.is_empty() {
            continue;
        }
        in_clause.clear();
        in_clause.extend(participants.iter().filter(|p| {
            clauses[p.tokens.start] == clause_id || antecedent_of(clauses, &s.tokens, p, clause_id)
        }));
        let start = clause_starts[clause_id];
        let headline = s.name == FieldName::Title;
        let clause = Clause {
            tokens: &s.tokens,
            participants: &in_clause,
            sentence: participants,
            start,
            headline,
        };
        let later_cues = &cue_starts[cue_starts.partition_point(|&st| st <= cue.tokens.start)..];
        let span = CueSpan {
            tokens: cue.tokens.clone(),
            directed: info.directed,
            kind: kinds[0],
            later_cues,
            sub: &info.sub,
        };
        frames::bind(&clause, &span, &valid, bindings);
        if bindings.is_empty() {
            inherited(
                &s.tokens,
                &clause,
                cue,
                kinds[0],
                clause_id,
                bound_in_clause,
                state,
                &valid,
                bindings,
            );
        }
        if bindings.is_empty() {
            if ex.options.explain {
                let why = if distinct_actors(s.mentions) < 2 {
                    "one actor only"
                } else {
                    "no frame binds two actors"
                };
                note(state, why, &[]);
            }
            continue;
        }
        note(state, "relation", bindings);
        for binding in bindings.iter() {
            for &kind in kinds.iter() {
                // Leaders "attacking" each other is a war of words.
                let kind = if kind == Kind::Conflict && binding.persons {
                    Kind::Tension
                } else {
                    kind
                };
                add_relation(
                    ex,
                    state,
                    s,
                    sentence_text,
                    binding,
                    kind,
                    &info.id,
                    info.score,
                );
            }
        }
        let last = bindings[bindings.len() - 1].clone();
        state.last_pair = Some((last.a, last.b));
        if bindings.iter().all(|b| b.frame != "event") {
            state
                .parties_now
                .extend(bindings.iter().flat_map(|b| [b.a, b.b]));
        }
        bound_in_clause[clause_id] = Some((last, cue.tokens.end));
    }
    *spare_in_clause = reborrowed(in_clause);
}

/// The vector emptied, with its room, for references of another lifetime:
/// a buffer of references kept from sentence to sentence holds none between
/// them.
fn reborrowed<'b, T>(mut refs: Vec<&T>) -> Vec<&'b T> {
    refs.clear();
    refs.into_iter()
        .map(|_| unreachable!("the vector is empty"))
        .collect()
}

/// A pair for a cue no frame could bind, into `out` (which it finds empty):
/// the relation it elaborates, or the pair "the two countries" refers to.
#[allow(clippy::too_many_arguments)]
fn inherited(
    tokens: &[Token<'_>],
    clause: &Clause<'_>,
    cue: &PhraseMatch,
    kind: Kind,
    clause_id: usize,
    bound_in_clause: &[Option<(Binding, usize)>],
    state: &StoryState<'_>,
    valid: &dyn Fn(u32, u32) -> bool,
    out: &mut Vec<Binding>,
) {
    if let Some((previous, end)) = &bound_in_clause[clause_id] {
        // A cue inside the gap of the one bound before ("sign an investment
        // deal") starts before that one ends: nothing stands between them.
        let from = (*end)
            .max(cue.tokens.start.saturating_sub(3))
            .min(cue.tokens.start);
        let between = &tokens[from..cue.tokens.start];
        let no_new_actor = !clause.participants.iter().any(|p| {
            p.tokens.start >= *end
                && p.tokens.end <= cue.tokens.start
                && p.actor != previous.a
                && p.actor != previous.b
        });
        if no_new_actor && between.iter().any(|t| ELABORATION.contains(&t.norm())) {
            out.push(Binding {
                frame: "elaboration",
                ..previous.clone()
            });
            return;
        }
    }
    // "North Korea denounced the summit", "Beijing condemned the visit": the
    // parties of the event the story just reported.
    // Only reactions to an event ("denounced the summit") relate the reacting
    // actor to the event's parties.
    let parties = if kind != Kind::Tension {
        None
    } else if state.parties_now.is_empty() {
        (!state.last_parties.is_empty()).then_some(state.last_parties.as_slice())
    } else {
        Some(state.parties_now.as_slice())
    };
    if let Some(actors) = parties {
        // The last participant before the cue is the subject.
        let mut subject = clause
            .participants
            .iter()
            .copied()
            .rfind(|p| p.tokens.end <= cue.tokens.start);
        // "..., as it labeled the meeting a provocation": "it" is the sentence's subject.
        let pronoun = tokens[clause.start..cue.tokens.start]
            .iter()
            .any(|t| matches!(t.norm(), "it" | "they"));
        if subject.is_none() && pronoun {
            subject = clause
                .sentence
                .iter()
                .find(|p| !p.locative && p.tokens.end <= clause.start);
        }
        let right_free = !clause
            .participants
            .iter()
            .any(|p| p.tokens.start >= cue.tokens.end);
        // "denounced the summit", or "labeled the meeting a provocation".
        let around = &tokens[clause.start.max(cue.tokens.start.saturating_sub(6))
            ..(cue.tokens.end + 4).min(tokens.len())];
        let refers = around.windows(2).any(|w| {
            matches!(w[0].norm(), "the" | "this" | "that" | "their")
                && (EVENT_NOUNS.contains(&w[1].norm())
                    || EVENT_NOUNS
                        .iter()
                        .any(|n| w[1].norm().strip_suffix("'s") == Some(n)))
        });
        if let (Some(subject), true, true) = (subject, right_free, refers) {
            out.extend(
                actors
                    .iter()
                    .filter(|&&a| a != subject.actor && valid(subject.actor, a))
                    .map(|&a| Binding {
                        a: subject.actor,
                        b: a,
                        source: Some(subject.actor),
                        persons: false,
                        frame: "event",
                    }),
            );
            if !out.is_empty() {
                return;
            }
        }
    }
    // "X and Y signed a deal despite tensions", "X met Y amid a Z border
    // row": a background clause of tension belongs to the sentence's pair,
    // or pairs its own actor with the main clause's subject.
    let opener = tokens.get(clause.start).map(|t| t.norm());
    if kind == Kind::Tension && matches!(opener, Some("amid" | "despite")) {
        let mut own = clause
            .participants
            .iter()
            .filter(|p| p.tokens.start >= clause.start);
        let earlier = bound_in_clause[..clause_id]
            .iter()
            .rev()
            .flatten()
            .next()
            .map(|(b, _)| b);
        match (own.next(), own.next(), earlier) {
            (None, _, Some(previous)) => {
                out.push(Binding {
                    frame: "amid",
                    source: None,
                    ..previous.clone()
                });
                return;
            }
            (Some(x), None, _) => {
                let subject = clause
                    .sentence
                    .iter()
                    .find(|p| p.tokens.end <= clause.start && !p.locative);
                if let Some(subject) =
                    subject.filter(|s| s.actor != x.actor && valid(s.actor, x.actor))
                {
                    out.push(Binding {
                        a: subject.actor,
                        b: x.actor,
                        source: None,
                        persons: false,
                        frame: "amid",
                    });
                    return;
                }
            }
            _ => {}
        }
    }
    // The clause up to the end of the cue (tokens are in text order).
    let cue_end = tokens[cue.tokens.end - 1].span.end;
    let upto_cue = tokens[clause.start..].partition_point(|t| t.span.start <= cue_end);
    let refers = refers_to_pair(&tokens[clause.start..clause.start + upto_cue])
        || refers_to_pair(
            &tokens[cue.tokens.end.min(tokens.len())..(cue.tokens.end + 4).min(tokens.len())],
        );
    // Only a reference looks for the pair it refers to: the story's two
    // most-mentioned countries are counted only then.
    let Some((a, b)) = refers
        .then(|| state.last_pair.or_else(|| state.top_pair.get()))
        .flatten()
    else {
        return;
    };
    // "Both governments pointed to Chinese pressure": each of the two with the third.
    let third = clause
        .participants
        .iter()
        .find(|p| !p.locative && p.actor != a && p.actor != b);
    if let Some(x) = third {
        out.extend(
            [a, b]
                .into_iter()
                .filter(|&y| valid(y, x.actor))
                .map(|y| Binding {
                    a: y,
                    b: x.actor,
                    source: None,
                    persons: false,
                    frame: "the-two",
                }),
        );
    } else if a != b && valid(a, b) {
        out.push(Binding {
            a,
            b,
            source: None,
            persons: false,
            frame: "the-two",
        });
    }
}

#[allow(clippy::too_many_arguments)]
fn add_relation(
    ex: &Extractor,
    state: &mut StoryState<'_>,
    s: &Sentence<'_>,
    sentence_text: &str,
    binding: &Binding,
    kind: Kind,
    rule: &str,
    score: f64,
) {
    let rank = |actor: u32| ex.actors[actor as usize].rank;
    let (a, b) = if rank(binding.a) <= rank(binding.b) {
        (binding.a, binding.b)
    } else {
        (binding.b, binding.a)
    };
    // Spelt out only where it is stored: a sentence's second binding of a
    // pair stores nothing.
    let source = || binding.source.map(|src| ex.code(src).to_owned());
    let evidence = || Evidence {
        field: s.name,
        sentence: sentence_text.to_owned(),
        start: s.range.start,
        end: s.range.end,
        rule: rule.to_owned(),
        frame: binding.frame.to_owned(),
        score,
        source: source(),
    };
    let key = (rank(a), rank(b), kind);
    match state.relations.binary_search_by_key(&key, |&(k, _)| k) {
        Err(slot) => {
            let target = binding.source.map(|src| {
                let other = if src == binding.a {
                    binding.b
                } else {
                    binding.a
                };
                ex.code(other).to_owned()
            });
            let relation = Relation {
                a: ex.code(a).to_owned(),
                b: ex.code(b).to_owned(),
                kind,
                source: source(),
                target,
                score: 0.0,
                // Most relations have one piece of evidence: room for one.
                evidence: vec![evidence()],
            };
            state.relations.insert(slot, (key, relation));
        }
        Ok(found) => {
            // One piece of evidence per sentence: the first cue that bound
            // it. Sentences come in reading order, so this sentence's
            // evidence, if any, is the last: no scan over a long story's
            // evidence.
            let relation = &mut state.relations[found].1;
            let seen = relation
                .evidence
                .last()
                .is_some_and(|e| e.start == s.range.start && e.field == s.name);
            if !seen {
                relation.evidence.push(evidence());
            }
        }
    }
}

/// The first modifier before the cue, in its clause, that cancels it for
/// `kind`, if any. Its note is spelt out by the caller, and only for
/// `--explain`.
fn cancelled_by<'e>(
    ex: &'e Extractor,
    s: &Sentence<'_>,
    clauses: &[usize],
    cue: &PhraseMatch,
    kind: Kind,
) -> Option<&'e Modifier> {
    let clause = clauses[cue.tokens.start];
    for m in &s.matches {
        let Owner::Modifier(i) = m.owner else {
            continue;
        };
        // A modifier may end inside the cue ("will visit" before "visit").
        if m.tokens.start >= cue.tokens.start || clauses[m.tokens.start] != clause {
            continue;
        }
        let modifier = &ex.modifiers[i as usize];
        let gap = m.tokens.end.min(cue.tokens.start)..cue.tokens.start;
        let words_between = s.tokens[gap].iter().filter(|t| t.is_word()).count();
        if words_between > modifier.reach.unwrap_or(MODIFIER_REACH) {
            continue;
        }
        if modifier.applies_to.is_empty() || modifier.applies_to.contains(&kind) {
            return Some(modifier);
        }
    }
    None
}

/// Assigns each token a clause id, into `ids`, and puts the first token of
/// each clause, by id, into `starts`.
///
/// Ids are handed out in text order, but go back after an aside: the last
/// token need not hold the highest.
fn clause_ids(tokens: &[Token<'_>], ids: &mut Vec<usize>, starts: &mut Vec<usize>) {
    ids.clear();
    starts.clear();
    if !tokens.is_empty() {
        starts.push(0);
    }
    let mut next_id = 0;
    let mut current = 0;
    let mut resume: Option<usize> = None;
    // One id per token, written in place: the length is known up front.
    ids.extend((0..tokens.len()).map(|i| {
        match boundary(tokens, i) {
            Boundary::OpensAside => {
                resume = Some(resume.unwrap_or(current));
                next_id += 1;
                current = next_id;
                starts.push(i);
            }
            Boundary::Splits => {
                resume = None;
                next_id += 1;
                current = next_id;
                starts.push(i);
            }
            Boundary::Comma => {
                if let Some(back) = resume.take() {
                    current = back;
                }
            }
            Boundary::None => {}
        }
        current
    }));
}

/// What a token does to the clause it stands in, for [`clause_ids`].
enum Boundary {
    /// Opens a clause that ends at the next comma: an aside ("amid ...",
    /// "despite ...") or a relative clause (", which ...").
    OpensAside,
    /// Splits the sentence: ";", "but", ", while", ...
    Splits,
    /// A comma that does neither; it closes an aside.
    Comma,
    /// Nothing.
    None,
}

/// Words that bound a clause wherever they stand: the first two open an
/// aside, the others split the sentence.
static CLAUSE_WORDS: WordSet<4> = WordSet::new(["amid", "despite", "but", "whereas"]);

/// What token `i` does to its clause; only a comma looks at the words
/// after it, so most tokens cost one comparison of their kind.
fn boundary(tokens: &[Token<'_>], i: usize) -> Boundary {
    let t = &tokens[i];
    match t.kind {
        TokenKind::Punct(',') => {
            let next_word = tokens.get(i + 1).map_or("", |n| n.norm());
            if RELATIVE.contains(&next_word) {
                return Boundary::OpensAside;
            }
            match next_word {
                // ", as well as" and ", however," are no clause boundaries.
                "as" if tokens.get(i + 2).is_some_and(|n| n.norm() == "well") => Boundary::Comma,
                "however" if tokens.get(i + 2).is_some_and(|n| n.is_punct(',')) => Boundary::Comma,
                // Words that split a clause when a comma comes right before them.
                "while" | "although" | "though" | "however" | "as" | "after" | "before"
                | "since" | "because" | "when" | "following" | "even" | "where" => Boundary::Splits,
                _ => Boundary::Comma,
            }
        }
        TokenKind::Punct(';') => Boundary::Splits,
        TokenKind::Word => match CLAUSE_WORDS.position(t) {
            // An aside clause ends at the next comma.
            Some(0 | 1) => Boundary::OpensAside,
            Some(_) => Boundary::Splits,
            None => Boundary::None,
        },
        TokenKind::Punct(_) => Boundary::None,
    }
}

/// The tokens each mention covers, if any, into `out`, one entry per mention.
///
/// Tokens and mentions are both in text order, so one walk over the tokens
/// serves all the mentions; a mention that starts before the one before it
/// (none does) only makes the walk start again.
fn token_ranges(tokens: &[Token<'_>], mentions: &[Mention], out: &mut Vec<Option<Range<usize>>>) {
    out.clear();
    let (mut first, mut previous_start) = (0, 0);
    for m in mentions {
        if m.span.start < previous_start {
            first = 0;
        }
        previous_start = m.span.start;
        // The tokens before the mention...
        while tokens
            .get(first)
            .is_some_and(|t| t.span.end <= m.span.start)
        {
            first += 1;
        }
        // ...and those that start inside it.
        let mut end = first;
        while tokens.get(end).is_some_and(|t| t.span.start < m.span.end) {
            end += 1;
        }
        out.push((first < end).then_some(first..end));
    }
}

/// A participant right before ", which/who" belongs to that relative clause too.
fn antecedent_of(clauses: &[usize], tokens: &[Token<'_>], p: &Participant, clause: usize) -> bool {
    let after = p.tokens.end;
    clauses.get(after + 1) == Some(&clause)
        && tokens.get(after).is_some_and(|t| t.is_punct(','))
        && tokens
            .get(after + 1)
            .is_some_and(|t| RELATIVE.contains(&t.norm()))
}

/// Locates mentions by tokens (`mention_tokens`, one per mention), into
/// `out`, merging adjacent mentions of one actor ("Chinese President Xi
/// Jinping" is one participant).
fn locate_participants(
    text: &str,
    tokens: &[Token<'_>],
    mentions: &[Mention],
    mention_tokens: &[Option<Range<usize>>],
    actors: &[Actor],
    out: &mut Vec<Participant>,
) {
    out.clear();
    for (m, range) in mentions.iter().zip(mention_tokens) {
        let Some(range) = range.as_ref().filter(|_| !m.place) else {
            continue;
        };
        let (first, last) = (range.start, range.end - 1);
        let possessive = tokens[last].norm().ends_with("'s")
            || tokens
                .get(last + 1)
                .is_some_and(|t| t.is_punct('\'') || t.is_punct('\u{2019}'));
        let person = m.person.is_some();
        if let Some(prev) = out.last_mut() {
            // "Washington’Pakistan" is one word token holding two names: the
            // second is no party of its own.
            if first < prev.tokens.end {
                continue;
            }
            let between = &tokens[prev.tokens.end..first];
            let close = between.len() <= 3 && between.iter().all(is_title_word);
            if prev.actor == m.actor && close {
                prev.tokens.end = last + 1;
                prev.possessive = possessive;
                prev.person |= person;
                continue;
            }
        }
        if is_attributive(tokens, last) {
            continue; // "Iran-backed militias", "US-made jets": no party
        }
        // "Yemen's Houthi movement": the group acts, not the country; but in
        // "Sweden's NATO bid" Sweden does.
        if possessive && is_group_next(mentions, m, tokens, last, actors) {
            continue;
        }
        // "shocked at Russia's aggression": a possessive is never a place.
        let locative = !possessive && is_locative(text, tokens, first);
        out.push(Participant {
            tokens: first..last + 1,
            actor: m.actor,
            possessive,
            locative,
            person,
        });
    }
}

/// Whether the mention after `m` is an armed group that starts right after it.
fn is_group_next(
    mentions: &[Mention],
    m: &Mention,
    tokens: &[Token<'_>],
    last: usize,
    actors: &[Actor],
) -> bool {
    let next_start = tokens.get(last + 1).map(|t| t.span.start);
    mentions.iter().any(|n| {
        actors[n.actor as usize].is_group
            && Some(n.span.start) == next_start
            && n.span.start > m.span.start
    })
}

/// A name glued to a participle that makes it describe something else:
/// "Iran-backed", "US-made", "Qatar-based".
fn is_attributive(tokens: &[Token<'_>], last: usize) -> bool {
    const PARTICIPLES: [&str; 12] = [
        "backed",
        "based",
        "made",
        "born",
        "funded",
        "sponsored",
        "aligned",
        "allied",
        "linked",
        "supplied",
        "built",
        "trained",
    ];
    tokens
        .get(last + 1)
        .is_some_and(|t| matches!(t.kind, TokenKind::Punct('-' | '\u{2013}')))
        && tokens
            .get(last + 2)
            .is_some_and(|t| PARTICIPLES.contains(&t.norm()))
}

/// Introduced by "in", "at" or "near", perhaps through an article and
/// capitalised words ("in the North Macedonian town of", "at the Kremlin").
fn is_locative(text: &str, tokens: &[Token<'_>], first: usize) -> bool {
    let mut i = first;
    for _ in 0..4 {
        let Some(prev) = i.checked_sub(1) else {
            return false;
        };
        let t = &tokens[prev];
        match t.norm() {
            "in" | "at" | "near" | "outside" | "inside" | "across" | "throughout" | "around" => {
                // "the administration in Dhaka", "authorities in Beijing": the state.
                let seat = prev.checked_sub(1).is_some_and(|k| {
                    matches!(
                        tokens[k].norm(),
                        "administration"
                            | "government"
                            | "regime"
                            | "authorities"
                            | "leadership"
                            | "officials"
                            | "junta"
                    )
                });
                // "fired water cannon at a Philippine vessel": "at a" aims, it does not place.
                let aims = t.norm() == "at" && i < first && matches!(tokens[i].norm(), "a" | "an");
                return !seat && !aims;
            }
            "the" | "a" | "an" | "northern" | "southern" | "eastern" | "western" | "central" => {
                i = prev;
            }
            _ if t.is_word() && text[t.span.clone()].starts_with(char::is_uppercase) => i = prev,
            _ => return false,
        }
    }
    false
}

/// Words of an office title, which may stand between a country and its
/// office holder ("Chinese President Xi Jinping").
fn is_title_word(t: &Token<'_>) -> bool {
    TITLE_WORDS.contains(t)
}

/// See [`is_title_word`].
static TITLE_WORDS: WordSet<21> = WordSet::new([
    "president",
    "prime",
    "minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "leader",
    "foreign",
    "defense",
    "defence",
    "secretary",
    "emir",
    "crown",
    "prince",
    "supreme",
    "state",
    "of",
    "vice",
    "deputy",
    "general",
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_most_frequent_needs_two_that_stand_out() {
        assert_eq!(two_most_frequent(&[1, 1, 1, 2, 2, 3]), Some((1, 2)));
        // Of values as frequent, the larger ranks first.
        assert_eq!(two_most_frequent(&[1, 1, 2, 2]), Some((2, 1)));
        assert_eq!(two_most_frequent(&[1, 1, 2, 5, 5, 5]), Some((5, 1)));
        // A third as frequent as the second: no pair stands out.
        assert_eq!(two_most_frequent(&[1, 1, 1, 2, 2, 3, 3]), None);
        // The first must occur twice.
        assert_eq!(two_most_frequent(&[1, 2]), None);
        assert_eq!(two_most_frequent(&[4, 4]), None);
        assert_eq!(two_most_frequent(&[]), None);
    }

    #[test]
    fn scored_scores_each_relation_in_order_and_empties_the_buffer() {
        let relation = |a: &str, scores: &[f64]| Relation {
            a: a.to_owned(),
            b: "ZZZ".to_owned(),
            kind: Kind::Trade,
            source: None,
            target: None,
            score: 0.0,
            evidence: scores
                .iter()
                .map(|&score| Evidence {
                    field: FieldName::Text,
                    sentence: String::new(),
                    start: 0,
                    end: 0,
                    rule: String::new(),
                    frame: String::new(),
                    score,
                    source: None,
                })
                .collect(),
        };
        // In the order of their keys, as `add_relation` keeps them.
        let mut relations = vec![
            ((0, 9, Kind::Trade), relation("A", &[1.0, 2.0, 2.0])),
            ((1, 9, Kind::Trade), relation("B", &[2.0])),
            ((2, 9, Kind::Trade), relation("C", &[-3.0])),
        ];
        let listed = scored(&mut relations);
        let names: Vec<_> = listed.iter().map(|r| (r.a.as_str(), r.score)).collect();
        assert_eq!(names, [("A", 1.67), ("B", 2.0), ("C", -3.0)]);
        assert!(relations.is_empty());
    }

    #[test]
    fn reborrowed_keeps_the_room() {
        let (a, b) = (1, 2);
        let refs = vec![&a, &b];
        let (at, capacity) = (refs.as_ptr().cast::<()>(), refs.capacity());
        let spare: Vec<&'static i32> = reborrowed(refs);
        assert!(spare.is_empty());
        assert_eq!(spare.as_ptr().cast::<()>(), at);
        assert_eq!(spare.capacity(), capacity);
    }

    /// The clause id of each word of `text` (punctuation left out).
    fn word_clauses(text: &str) -> Vec<(String, usize)> {
        let mut norms = Norms::default();
        let tokens = tokenize(text, 0..text.len(), &mut norms);
        let (mut ids, mut starts) = (Vec::new(), Vec::new());
        clause_ids(&tokens, &mut ids, &mut starts);
        // Each clause starts where its id first appears.
        for (id, &start) in starts.iter().enumerate() {
            assert_eq!(ids.iter().position(|&c| c == id), Some(start), "{text:?}");
        }
        assert_eq!(starts.len(), ids.iter().max().map_or(0, |&id| id + 1));
        tokens
            .iter()
            .zip(ids)
            .filter(|(t, _)| t.is_word())
            .map(|(t, id)| (t.norm().to_owned(), id))
            .collect()
    }

    #[test]
    fn clause_ids_split_at_semicolons_conjunctions_and_asides() {
        let ids = |text: &str| -> Vec<usize> {
            word_clauses(text).into_iter().map(|(_, id)| id).collect()
        };
        // ", while" splits; "but" splits wherever it stands.
        assert_eq!(
            ids("A met B, while C left but D stayed"),
            [0, 0, 0, 1, 1, 1, 2, 2, 2]
        );
        // An aside ends at the next comma, back in the clause it interrupted.
        assert_eq!(ids("A, despite talks, met B"), [0, 1, 1, 0, 0]);
        // A relative clause likewise; ";" splits.
        assert_eq!(ids("A, which left, met B; C"), [0, 1, 1, 0, 0, 2]);
        // ", as well as" and ", however," are no clause boundaries.
        assert_eq!(ids("A, as well as B, met C"), [0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(ids("A, however, met B"), [0, 0, 0, 0]);
        assert_eq!(ids("A left, however B stayed"), [0, 0, 1, 1, 1]);
    }

    #[test]
    fn token_ranges_agree_with_a_binary_search_per_mention() {
        let text = "Chinese President Xi Jinping met U.S. officials in Washington’Pakistan talks.";
        let mut norms = Norms::default();
        let tokens = tokenize(text, 0..text.len(), &mut norms);
        let mention = |span: Range<usize>| Mention {
            field: 0,
            sentence: 0,
            span,
            actor: 0,
            person: None,
            place: false,
        };
        let at = |word: &str| text.find(word).unwrap();
        let mentions = [
            mention(0..at(" President")),
            mention(at("Xi")..at(" met")),
            mention(at("U.S.")..at(" officials")),
            mention(at("Washington")..at("’Pakistan")),
            mention(at("Pakistan")..at(" talks")),
            // Inside a word, between two words, and back before the others.
            mention(at("inese")..at("ese")),
            mention(at(" met")..at("met")),
            mention(at("Xi")..at(" Jinping")),
        ];
        let slow = |m: &Mention| {
            let first = tokens.partition_point(|t| t.span.end <= m.span.start);
            let end = tokens.partition_point(|t| t.span.start < m.span.end);
            (first < end).then_some(first..end)
        };
        let mut ranges = Vec::new();
        token_ranges(&tokens, &mentions, &mut ranges);
        let want: Vec<_> = mentions.iter().map(slow).collect();
        assert_eq!(ranges, want);
        assert_eq!(want[5], Some(0..1));
        assert_eq!(want[6], None);
    }

    #[test]
    fn refers_to_pair_agrees_with_a_scan_of_every_phrase() {
        // Each phrase looked for at every position, as it was first written.
        let slow = |tokens: &[Token<'_>]| {
            tokens.windows(3).any(|w| {
                w[0].norm() == "between"
                    && w[1].norm() == "the"
                    && PAIR_NOUNS.contains(&w[2].norm())
            }) || tokens.windows(2).any(|w| {
                let (a, b) = (w[0].norm(), w[1].norm());
                (matches!(a, "two" | "both" | "their") && PAIR_NOUNS.contains(&b))
                    || (a == "the" && matches!(b, "neighbours" | "neighbors"))
                    || (a == "between" && b == "them")
                    || (a == "each" && matches!(b, "other" | "other's"))
            })
        };
        for text in [
            "",
            "between",
            "between the",
            "talks between the two countries",
            "ties between the countries",
            "the gap between them",
            "Both sides met",
            "their governments",
            "their",
            "with the neighbours",
            "the Neighbors",
            "they accused each other",
            "each other's",
            "each",
            "two",
            "two leaders",
            "the two",
            "China and Japan met in Tokyo",
        ] {
            let mut norms = Norms::default();
            let tokens = tokenize(text, 0..text.len(), &mut norms);
            assert_eq!(refers_to_pair(&tokens), slow(&tokens), "{text:?}");
        }
    }

    #[test]
    fn pair_needles_are_lower_case_with_an_h_or_w_where_they_say() {
        for (needle, offset) in PAIR_NEEDLES {
            assert_eq!(needle, needle.to_ascii_lowercase(), "{needle:?}");
            assert!(matches!(needle[offset], b'h' | b'w'), "{needle:?}");
        }
    }

    #[test]
    fn may_refer_to_pair_finds_the_needles_anywhere_in_any_case() {
        let slow = |text: &str| {
            let bytes = text.as_bytes();
            PAIR_NEEDLES
                .iter()
                .any(|(n, _)| bytes.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n)))
        };
        for text in [
            "",
            "two",
            "two ",
            "The TWO sides",
            "BETWEEN them",
            "their",
            "ties with its Neighbours",
            "each other",
            "each othe",
            "Both  leaders",
            "Téhéran et Bagdad, leurs deux pays",
            "N\u{f6}rth and s\u{fc}d, between\u{a0}",
            "tit for tat between ",
            "heir to the throne",
            "wo ",
            "eighbours and twO Hh",
            "tWo ",
            "the neighBO",
            "wHat the WHO saw",
        ] {
            assert_eq!(may_refer_to_pair(text), slow(text), "{text:?}");
        }
    }
}
