//! Pairing the actors a sentence links, cue by cue, without a parser.
//!
//! Each sentence is split into clauses (at `;`, at ", but", ", while", ...;
//! a relative clause ", which ..." keeps the actor it describes). For every
//! cue in a clause that no negation, hedge or future modifier cancels, the
//! frames below are tried in order and the first that binds two different
//! actors wins:
//!
//! - `between`: "between X and Y";
//! - `compound`: "X-Y" next to the cue ("US-China trade war", "Sino-Indian");
//! - `subject-object`: the nearest actor (with those coordinated with it)
//!   before the cue and the first after it; "by" after a directed cue makes
//!   it passive; an event noun before a list ("a summit of X, Y and Z")
//!   pairs the list;
//! - `coordination`: "X and Y signed ..." for cues without direction;
//! - `possessive`: "X remains Y's largest trading partner";
//! - `speech`: "X said Y's move was a provocation".
//!
//! Everything that fired is kept as evidence; with `--explain`, cues that
//! gave nothing say why.

use std::collections::BTreeMap;
use std::ops::Range;

use super::phrases::{Owner, PhraseMatch, longest_non_overlapping};
use super::resolve::{Mention, Resolved};
use super::text::{Token, TokenKind, tokenize};
use super::{Evidence, Explanation, Extractor, Field, FieldName, Relation};
use crate::rules::{DiscardScope, Kind};

/// How many words may stand between a modifier and the cue it cancels.
const MODIFIER_REACH: usize = 4;

/// An actor taking part in a clause, located by tokens.
#[derive(Debug, Clone)]
struct Participant {
    tokens: Range<usize>,
    actor: u32,
    possessive: bool,
}

/// One sentence, tokenised and matched.
struct Sentence<'a> {
    field: usize,
    name: FieldName,
    range: Range<usize>,
    tokens: Vec<Token>,
    matches: Vec<PhraseMatch>,
    mentions: Vec<&'a Mention>,
}

/// A pair bound by a frame.
struct Binding {
    a: u32,
    b: u32,
    source: Option<u32>,
    frame: &'static str,
}

pub(crate) fn relate(ex: &Extractor, fields: &[Field<'_>], resolved: &Resolved) -> (Vec<Relation>, Vec<Explanation>) {
    let mut sentences = Vec::new();
    for (f, field) in fields.iter().enumerate() {
        for (s, range) in field.sentences.iter().enumerate() {
            let mentions: Vec<&Mention> = resolved.in_sentence(f, s).collect();
            let distinct = distinct_actors(&mentions);
            // Only sentences that could hold a relation are matched, except
            // for discards, which must be seen everywhere.
            let tokens = tokenize(field.text, range.clone());
            let matches = if distinct >= 2 || !ex.discards.is_empty() {
                ex.phrases.find(&tokens)
            } else {
                Vec::new()
            };
            sentences.push(Sentence { field: f, name: field.name, range: range.clone(), tokens, matches, mentions });
        }
    }
    let story_discarded = sentences.iter().any(|s| {
        s.matches.iter().any(|m| matches!(m.owner, Owner::Discard(d) if ex.discards[d as usize].1 == DiscardScope::Story))
    });
    let mut relations: BTreeMap<(String, String, Kind), Relation> = BTreeMap::new();
    let mut explain = Vec::new();
    for sentence in &sentences {
        relate_sentence(ex, fields, sentence, story_discarded, &mut relations, &mut explain);
    }
    let mut out: Vec<Relation> = relations.into_values().collect();
    for r in &mut out {
        r.score = r.evidence.iter().map(|e| e.score).sum::<f64>() / r.evidence.len() as f64;
        r.score = (r.score * 100.0).round() / 100.0;
    }
    (out, explain)
}

fn distinct_actors(mentions: &[&Mention]) -> usize {
    let mut actors: Vec<u32> = mentions.iter().filter(|m| !m.place).map(|m| m.actor).collect();
    actors.sort_unstable();
    actors.dedup();
    actors.len()
}

fn relate_sentence(
    ex: &Extractor,
    fields: &[Field<'_>],
    s: &Sentence<'_>,
    story_discarded: bool,
    relations: &mut BTreeMap<(String, String, Kind), Relation>,
    explain: &mut Vec<Explanation>,
) {
    let cues: Vec<PhraseMatch> = longest_non_overlapping(
        s.matches.iter().filter(|m| matches!(m.owner, Owner::Cue(_))).cloned().collect(),
    );
    if cues.is_empty() {
        return;
    }
    let text = fields[s.field].text;
    let sentence_text = &text[s.range.clone()];
    let discarded = story_discarded || s.matches.iter().any(|m| matches!(m.owner, Owner::Discard(_)));
    let clauses = clause_ids(&s.tokens);
    let participants = participants(&s.tokens, &s.mentions);
    for cue in &cues {
        let Owner::Cue(c) = cue.owner else { continue };
        let info = &ex.cues[c as usize];
        let matched = &text[s.tokens[cue.tokens.start].span.start..s.tokens[cue.tokens.end - 1].span.end];
        let mut note = |outcome: String, pairs: Vec<String>, frame: Option<String>| {
            if ex.options.explain {
                explain.push(Explanation {
                    sentence: sentence_text.to_owned(),
                    cue: info.id.clone(),
                    matched: matched.to_owned(),
                    outcome,
                    pairs,
                    frame,
                });
            }
        };
        if discarded {
            note("discarded (sport, culture or weather context)".to_owned(), vec![], None);
            continue;
        }
        let clause = clauses[cue.tokens.start];
        let kinds: Vec<Kind> = info
            .kinds
            .iter()
            .copied()
            .filter(|k| {
                match cancelled_by(ex, s, &clauses, cue, *k) {
                    Some(why) => {
                        note(why, vec![], None);
                        false
                    }
                    None => true,
                }
            })
            .collect();
        if kinds.is_empty() {
            continue;
        }
        let in_clause: Vec<&Participant> = participants
            .iter()
            .filter(|p| clause_of_participant(&clauses, p) == clause || antecedent_of(&clauses, &s.tokens, p, clause))
            .collect();
        let bindings = bind(&s.tokens, &in_clause, cue, info.directed);
        let bindings: Vec<Binding> = bindings
            .into_iter()
            .filter(|b| b.a != b.b)
            .filter(|b| ex.options.blocs || (ex.actors[b.a as usize].is_country && ex.actors[b.b as usize].is_country))
            .collect();
        if bindings.is_empty() {
            let why = if distinct_actors(&s.mentions) < 2 { "one actor only" } else { "no frame binds two actors" };
            note(why.to_owned(), vec![], None);
            continue;
        }
        let pairs = bindings.iter().map(|b| format!("{}-{}", ex.code(b.a), ex.code(b.b))).collect();
        note("relation".to_owned(), pairs, Some(bindings[0].frame.to_owned()));
        for binding in &bindings {
            for kind in &kinds {
                add_relation(ex, relations, s, sentence_text, binding, *kind, &info.id, info.score);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn add_relation(
    ex: &Extractor,
    relations: &mut BTreeMap<(String, String, Kind), Relation>,
    s: &Sentence<'_>,
    sentence_text: &str,
    binding: &Binding,
    kind: Kind,
    rule: &str,
    score: f64,
) {
    let (x, y) = (ex.code(binding.a).to_owned(), ex.code(binding.b).to_owned());
    let (a, b) = if x <= y { (x, y) } else { (y, x) };
    let source = binding.source.map(|src| ex.code(src).to_owned());
    let target = binding.source.map(|src| {
        let other = if src == binding.a { binding.b } else { binding.a };
        ex.code(other).to_owned()
    });
    let relation = relations.entry((a.clone(), b.clone(), kind)).or_insert_with(|| Relation {
        a,
        b,
        kind,
        source: source.clone(),
        target: target.clone(),
        score: 0.0,
        evidence: Vec::new(),
    });
    let evidence = Evidence {
        field: s.name,
        sentence: sentence_text.to_owned(),
        start: s.range.start,
        end: s.range.end,
        rule: rule.to_owned(),
        frame: binding.frame.to_owned(),
        score,
        source,
    };
    if !relation.evidence.iter().any(|e| e.start == evidence.start && e.field == evidence.field && e.rule == evidence.rule) {
        relation.evidence.push(evidence);
    }
}

/// Whether a modifier before the cue, in its clause, cancels it for `kind`.
fn cancelled_by(ex: &Extractor, s: &Sentence<'_>, clauses: &[usize], cue: &PhraseMatch, kind: Kind) -> Option<String> {
    let clause = clauses[cue.tokens.start];
    for m in &s.matches {
        let Owner::Modifier(i) = m.owner else { continue };
        if m.tokens.end > cue.tokens.start || clauses[m.tokens.start] != clause {
            continue;
        }
        let words_between = s.tokens[m.tokens.end..cue.tokens.start].iter().filter(|t| t.is_word()).count();
        if words_between > MODIFIER_REACH {
            continue;
        }
        let modifier = &ex.modifiers[i as usize];
        if modifier.applies_to.is_empty() || modifier.applies_to.contains(&kind) {
            return Some(format!("{} ({})", modifier.kind.as_str(), modifier.id));
        }
    }
    None
}

/// Assigns each token a clause id.
fn clause_ids(tokens: &[Token]) -> Vec<usize> {
    const SPLIT_AFTER_COMMA: [&str; 6] = ["but", "while", "whereas", "although", "though", "however"];
    const RELATIVE: [&str; 3] = ["which", "who", "whose"];
    let mut ids = Vec::with_capacity(tokens.len());
    let mut next_id = 0;
    let mut current = 0;
    let mut resume: Option<usize> = None;
    for (i, t) in tokens.iter().enumerate() {
        let next_word = tokens.get(i + 1).map_or("", |n| n.norm.as_str());
        match t.kind {
            TokenKind::Punct(';') => {
                next_id += 1;
                current = next_id;
                resume = None;
            }
            TokenKind::Punct(',') if RELATIVE.contains(&next_word) => {
                next_id += 1;
                resume = Some(current);
                current = next_id;
            }
            TokenKind::Punct(',') if SPLIT_AFTER_COMMA.contains(&next_word) => {
                next_id += 1;
                current = next_id;
                resume = None;
            }
            TokenKind::Punct(',') if resume.is_some() => {
                current = resume.take().unwrap_or(current);
            }
            TokenKind::Word if t.norm == "but" => {
                next_id += 1;
                current = next_id;
                resume = None;
            }
            _ => {}
        }
        ids.push(current);
    }
    ids
}

fn clause_of_participant(clauses: &[usize], p: &Participant) -> usize {
    clauses[p.tokens.start]
}

/// A participant right before ", which/who" belongs to that relative clause too.
fn antecedent_of(clauses: &[usize], tokens: &[Token], p: &Participant, clause: usize) -> bool {
    let after = p.tokens.end;
    tokens.get(after).is_some_and(|t| t.is_punct(','))
        && tokens.get(after + 1).is_some_and(|t| ["which", "who", "whose"].contains(&t.norm.as_str()))
        && clauses.get(after + 1) == Some(&clause)
}

/// Locates mentions by tokens, merging adjacent mentions of one actor
/// ("Chinese President Xi Jinping" is one participant).
fn participants(tokens: &[Token], mentions: &[&Mention]) -> Vec<Participant> {
    let mut out: Vec<Participant> = Vec::new();
    for m in mentions.iter().filter(|m| !m.place) {
        let first = tokens.iter().position(|t| t.span.end > m.span.start);
        let last = tokens.iter().rposition(|t| t.span.start < m.span.end);
        let (Some(first), Some(last)) = (first, last) else { continue };
        if last < first {
            continue;
        }
        let last_token = &tokens[last];
        let possessive = last_token.norm.ends_with("'s")
            || tokens.get(last + 1).is_some_and(|t| t.is_punct('\'') || t.is_punct('\u{2019}'));
        if let Some(prev) = out.last_mut() {
            let between = &tokens[prev.tokens.end..first];
            let close = between.len() <= 3 && between.iter().all(is_title_word);
            if prev.actor == m.actor && close {
                prev.tokens.end = last + 1;
                prev.possessive = possessive;
                continue;
            }
        }
        out.push(Participant { tokens: first..last + 1, actor: m.actor, possessive });
    }
    out
}

/// Words of an office title, which may stand between a country and its
/// office holder ("Chinese President Xi Jinping").
fn is_title_word(t: &Token) -> bool {
    matches!(
        t.norm.as_str(),
        "president" | "prime" | "minister" | "premier" | "chancellor" | "king" | "queen" | "leader"
            | "foreign" | "defense" | "defence" | "secretary" | "emir" | "crown" | "prince" | "supreme"
            | "state" | "of" | "vice" | "deputy" | "general"
    )
}

/// Tokens between two participants that make them coordinated.
fn coordinated(tokens: &[Token], left: &Participant, right: &Participant) -> bool {
    let between = &tokens[left.tokens.end..right.tokens.start];
    !between.is_empty()
        && between.len() <= 3
        && between.iter().all(|t| t.is_punct(',') || matches!(t.norm.as_str(), "and" | "or" | "&"))
}

/// Joined by a hyphen, dash or slash: "US-China", "Sino-Russian".
fn compound(tokens: &[Token], left: &Participant, right: &Participant) -> bool {
    let between = &tokens[left.tokens.end..right.tokens.start];
    between.len() == 1 && matches!(between[0].kind, TokenKind::Punct('-' | '\u{2013}' | '\u{2014}' | '/'))
}

fn bind(tokens: &[Token], ps: &[&Participant], cue: &PhraseMatch, directed: bool) -> Vec<Binding> {
    let mut out = Vec::new();
    let pair = |a: &Participant, b: &Participant, source: Option<u32>, frame| Binding { a: a.actor, b: b.actor, source, frame };
    // between X and Y
    for (i, p) in ps.iter().enumerate() {
        let Some(q) = ps.get(i + 1) else { break };
        let before = p.tokens.start.checked_sub(1).map(|k| tokens[k].norm.as_str());
        let joined = &tokens[p.tokens.end..q.tokens.start];
        if before == Some("between") && joined.len() == 1 && joined[0].norm == "and" {
            out.push(pair(p, q, None, "between"));
            return out;
        }
    }
    // X-Y next to the cue
    for (i, p) in ps.iter().enumerate() {
        let Some(q) = ps.get(i + 1) else { break };
        let near = q.tokens.end <= cue.tokens.start && cue.tokens.start - q.tokens.end <= 3
            || p.tokens.start >= cue.tokens.end && p.tokens.start - cue.tokens.end <= 2;
        if compound(tokens, p, q) && near {
            out.push(pair(p, q, None, "compound"));
            return out;
        }
    }
    let left: Vec<&Participant> = ps.iter().copied().filter(|p| p.tokens.end <= cue.tokens.start).collect();
    let right: Vec<&Participant> = ps.iter().copied().filter(|p| p.tokens.start >= cue.tokens.end).collect();
    let left_group = group_back(tokens, &left);
    let right_group = group_forward(tokens, &right);
    if !left_group.is_empty() && !right_group.is_empty() {
        let gap = &tokens[cue.tokens.end..right_group[0].tokens.start];
        let passive = directed && gap.iter().any(|t| t.norm == "by");
        let list_word = gap.iter().any(|t| matches!(t.norm.as_str(), "of" | "involving" | "among" | "including" | "between"));
        if !directed && right_group.len() >= 2 && list_word {
            push_within(&mut out, &right_group, "list");
            return out;
        }
        for l in &left_group {
            for r in &right_group {
                let source = directed.then(|| if passive { r.actor } else { l.actor });
                out.push(pair(l, r, source, "subject-object"));
            }
        }
        if !directed {
            push_within(&mut out, &left_group, "coordination");
            if gap.iter().any(|t| t.norm == "with") {
                push_within(&mut out, &right_group, "list");
            }
        }
        return out;
    }
    if left_group.len() >= 2 && !directed {
        push_within(&mut out, &left_group, "coordination");
        return out;
    }
    if right_group.len() >= 2 && !directed {
        push_within(&mut out, &right_group, "list");
        return out;
    }
    if left.len() >= 2 && right.is_empty() {
        let near = left[left.len() - 1];
        let Some(far) = left[..left.len() - 1].iter().rev().find(|p| p.actor != near.actor) else { return out };
        let adjacent = cue.tokens.start - near.tokens.end <= 3;
        if near.possessive && adjacent {
            out.push(pair(far, near, directed.then_some(far.actor), "possessive"));
        } else if tokens[far.tokens.end..near.tokens.start].iter().any(is_speech_verb) {
            out.push(pair(far, near, directed.then_some(far.actor), "speech"));
        }
    }
    out
}

fn push_within(out: &mut Vec<Binding>, group: &[&Participant], frame: &'static str) {
    for (i, x) in group.iter().enumerate() {
        for y in &group[i + 1..] {
            out.push(Binding { a: x.actor, b: y.actor, source: None, frame });
        }
    }
}

/// The nearest participant before the cue and those coordinated with it.
fn group_back<'p>(tokens: &[Token], left: &[&'p Participant]) -> Vec<&'p Participant> {
    let Some(&last) = left.last() else { return Vec::new() };
    let mut group = vec![last];
    for p in left[..left.len() - 1].iter().rev() {
        if coordinated(tokens, p, group[group.len() - 1]) {
            group.push(p);
        } else {
            break;
        }
    }
    group.reverse();
    group
}

/// The first participant after the cue and those coordinated with it.
fn group_forward<'p>(tokens: &[Token], right: &[&'p Participant]) -> Vec<&'p Participant> {
    let Some(&first) = right.first() else { return Vec::new() };
    let mut group = vec![first];
    for p in &right[1..] {
        if coordinated(tokens, group[group.len() - 1], p) {
            group.push(p);
        } else {
            break;
        }
    }
    group
}

fn is_speech_verb(t: &Token) -> bool {
    matches!(
        t.norm.as_str(),
        "said" | "says" | "say" | "told" | "called" | "calls" | "described" | "describes" | "labelled" | "labeled"
            | "branded" | "termed" | "stated" | "declared" | "claimed" | "argued" | "insisted" | "noted" | "added"
    )
}
