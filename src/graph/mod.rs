//! Many stories become one network of countries.
//!
//! A [`Network`] holds one node per actor and one edge per (unordered pair,
//! kind), each with its counts, dates, direction tallies, story ids and
//! capped evidence. It is built by adding [`StoryResult`]s one at a time, so
//! only the aggregate grows, and two networks [`merge`](Network::merge) into
//! exactly the network their stories would have given together: every field
//! is a sum, a minimum, a maximum, a set union, or the top of a total order
//! (evidence, newest first). That is what lets a corpus be processed in
//! shards on many machines and combined with `entente merge`.
//!
//! The leaders the stories name are kept too, as nodes of type `leader`
//! with a [`LeaderLink`] to the country whose office they held; they are
//! bounded by the rule tables, so they cost nothing as the corpus grows, and
//! [`Filter::leaders`] decides whether a diagram shows them.
//!
//! Queries that walk the graph (paths, neighbourhoods) run on a
//! [`petgraph`] view built by [`Network::to_petgraph`]; it holds the
//! relations only.

mod query;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::extract::{PersonMention, Relation, StoryResult};
use crate::rules::Kind;

pub use query::{Partner, PathStep, TieKind, Ties};

/// How many evidence sentences an edge keeps unless told otherwise.
pub const DEFAULT_EVIDENCE: usize = 5;

/// How many story ids an edge keeps (the smallest in id order, so that
/// merging shards gives the same sample as one run).
pub const MAX_STORY_IDS: usize = 50;

/// An actor in the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// ISO3 code (or bloc code).
    pub id: String,
    /// Display name.
    pub label: String,
    /// `country`, `bloc` or `leader` (see [`LEADER`]).
    #[serde(rename = "type")]
    pub kind: String,
    /// Mentions over all stories.
    pub mentions: u64,
    /// Stories that mention it.
    pub stories: u64,
    /// Leaders of this country named in the stories.
    #[serde(default)]
    pub leaders: BTreeSet<String>,
}

/// The node type and link kind of leaders, next to `country` and `bloc`.
pub const LEADER: &str = "leader";

/// A leader's tie to the country whose office they held in the stories:
/// the link between a `leader` node and a `country` node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeaderLink {
    /// The person's id in the rule tables (the leader node's id).
    pub source: String,
    /// The country's code.
    pub target: String,
    /// The office titles the stories' dates gave them ("President").
    pub roles: BTreeSet<String>,
    /// Stories that name them as this country's leader.
    pub stories: u64,
    /// Mentions over those stories.
    pub mentions: u64,
    /// Earliest such story date.
    pub first: Option<String>,
    /// Latest such story date.
    pub last: Option<String>,
}

/// One supporting sentence kept on an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EdgeEvidence {
    /// The story date, if known.
    pub date: Option<String>,
    /// The story id.
    pub story: String,
    /// The story's headline.
    #[serde(default)]
    pub title: Option<String>,
    /// The sentence.
    pub sentence: String,
    /// The cue that fired.
    pub rule: String,
    /// The acting side, when the cue gives a direction.
    #[serde(default)]
    pub source: Option<String>,
}

/// The relation of one kind between two actors, over all stories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// The smaller code.
    pub source: String,
    /// The larger code.
    pub target: String,
    /// The kind, also the multigraph key.
    pub kind: Kind,
    /// Number of stories that state it.
    pub stories: u64,
    /// Number of supporting sentences over all stories.
    pub mentions: u64,
    /// Sum of the per-story scores.
    pub score_sum: f64,
    /// Mean per-story score.
    pub score: f64,
    /// Earliest story date.
    pub first: Option<String>,
    /// Latest story date.
    pub last: Option<String>,
    /// Stories where `source` acted on `target`.
    pub forward: u64,
    /// Stories where `target` acted on `source`.
    pub backward: u64,
    /// The ids of the stories, in id order, at most [`MAX_STORY_IDS`]: the
    /// count is `stories`; memory stays flat however large the corpus.
    pub story_ids: BTreeSet<String>,
    /// The newest supporting sentences, capped.
    pub evidence: Vec<EdgeEvidence>,
}

/// Whole-network facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphInfo {
    /// Stories read into the network.
    pub stories: u64,
    /// Earliest story date.
    pub from: Option<String>,
    /// Latest story date.
    pub to: Option<String>,
    /// The evidence cap per edge.
    pub evidence_cap: usize,
}

/// The aggregated network.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    info: GraphInfo,
    /// By code, hashed: every story looks its actors up here, while only
    /// the readers need them in order ([`Network::nodes`] sorts them).
    nodes: foldhash::HashMap<String, Node>,
    /// By (source, target, kind), hashed like the nodes: every relation of
    /// every story looks its edge up here ([`Network::edges`] sorts them).
    edges: foldhash::HashMap<(String, String, Kind), Edge>,
    leader_links: BTreeMap<(String, String), LeaderLink>,
}

/// An edge key, owned or borrowed, so that the edge map can be searched
/// with the codes of a story's relation without copying them: adding a
/// story whose edges the network already has then copies no codes.
trait EdgeKey {
    /// The key, borrowed.
    fn parts(&self) -> (&str, &str, Kind);
}

impl EdgeKey for (String, String, Kind) {
    fn parts(&self) -> (&str, &str, Kind) {
        (&self.0, &self.1, self.2)
    }
}

impl EdgeKey for (&str, &str, Kind) {
    fn parts(&self) -> (&str, &str, Kind) {
        *self
    }
}

impl<'a> std::borrow::Borrow<dyn EdgeKey + 'a> for (String, String, Kind) {
    fn borrow(&self) -> &(dyn EdgeKey + 'a) {
        self
    }
}

impl PartialEq for dyn EdgeKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn EdgeKey + '_ {}

/// Hashes as the owned key does: a `String` hashes as its `str`.
impl std::hash::Hash for dyn EdgeKey + '_ {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.parts().hash(state);
    }
}

/// A leader link key (person, country), owned or borrowed, so that the
/// links can be searched with the ids of a story's leader without copying
/// them, as [`EdgeKey`] does for edges.
trait LinkKey {
    /// The key, borrowed.
    fn parts(&self) -> (&str, &str);
}

impl LinkKey for (String, String) {
    fn parts(&self) -> (&str, &str) {
        (&self.0, &self.1)
    }
}

impl LinkKey for (&str, &str) {
    fn parts(&self) -> (&str, &str) {
        *self
    }
}

impl<'a> std::borrow::Borrow<dyn LinkKey + 'a> for (String, String) {
    fn borrow(&self) -> &(dyn LinkKey + 'a) {
        self
    }
}

impl PartialEq for dyn LinkKey + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn LinkKey + '_ {}

/// Orders as the owned key does: a `String` orders as its `str`.
impl PartialOrd for dyn LinkKey + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn LinkKey + '_ {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts().cmp(&other.parts())
    }
}

impl Default for Network {
    fn default() -> Network {
        Network::new(DEFAULT_EVIDENCE)
    }
}

fn min_date(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_date(a: Option<String>, b: Option<String>) -> Option<String> {
    a.max(b)
}

/// Widens the range `first..=last` to hold `date`, as [`min_date`] and
/// [`max_date`] would, copying the date only when it moves an end.
fn widen(first: &mut Option<String>, last: &mut Option<String>, date: Option<&str>) {
    let Some(date) = date else { return };
    if first.as_deref().is_none_or(|f| date < f) {
        *first = Some(date.to_owned());
    }
    if last.as_deref().is_none_or(|l| date > l) {
        *last = Some(date.to_owned());
    }
}

/// Newest first, then by story and sentence: a total order, so capping is
/// the same whichever way the evidence arrived.
fn evidence_order(a: &EdgeEvidence, b: &EdgeEvidence) -> std::cmp::Ordering {
    a.key().cmp(&b.key())
}

/// An evidence sentence's place in [`evidence_order`], borrowed, so that a
/// candidate can be compared before it is copied.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct EvidenceKey<'a> {
    // Field order is the comparison order: newest first, then the fields of
    // `EdgeEvidence` in their own order.
    date: std::cmp::Reverse<Option<&'a str>>,
    rest: (
        Option<&'a str>,
        &'a str,
        Option<&'a str>,
        &'a str,
        &'a str,
        Option<&'a str>,
    ),
}

impl<'a> EvidenceKey<'a> {
    fn new(
        date: Option<&'a str>,
        story: &'a str,
        title: Option<&'a str>,
        sentence: &'a str,
        rule: &'a str,
        source: Option<&'a str>,
    ) -> EvidenceKey<'a> {
        EvidenceKey {
            date: std::cmp::Reverse(date),
            rest: (date, story, title, sentence, rule, source),
        }
    }
}

/// Where a sentence with this key goes in `kept`, a list in
/// [`evidence_order`] without duplicates: `None` when it is kept already or
/// would fall beyond the cap.
fn place_in(kept: &[EdgeEvidence], candidate: &EvidenceKey<'_>, cap: usize) -> Option<usize> {
    // Once an edge's list is full, most sentences come after its last one:
    // one comparison turns them away.
    if kept.len() >= cap && kept.last().is_none_or(|last| last.key() <= *candidate) {
        return None;
    }
    let at = kept.partition_point(|e| e.key() < *candidate);
    let duplicate = kept.get(at).is_some_and(|e| e.key() == *candidate);
    (at < cap && !duplicate).then_some(at)
}

/// Whether every sentence of `story` would fall beyond the cap of `kept`, a
/// list in [`evidence_order`]. A story's sentences share the date and story
/// id that lead the order, so once the list is full its last entry decides
/// for them all, before any of the story's evidence is read: the caller's
/// thread adds results that another thread wrote, and the first read of
/// each piece of evidence, a cache miss, drew a third of the samples in
/// adding stories before this test.
fn story_comes_after(kept: &[EdgeEvidence], cap: usize, story: &StoryResult) -> bool {
    let story_key = (std::cmp::Reverse(story.date.as_deref()), story.id.as_str());
    kept.len() >= cap
        && kept.last().is_some_and(|last| {
            (std::cmp::Reverse(last.date.as_deref()), last.story.as_str()) < story_key
        })
}

impl EdgeEvidence {
    fn key(&self) -> EvidenceKey<'_> {
        EvidenceKey::new(
            self.date.as_deref(),
            &self.story,
            self.title.as_deref(),
            &self.sentence,
            &self.rule,
            self.source.as_deref(),
        )
    }
}

impl Network {
    /// An empty network keeping at most `evidence_cap` sentences per edge.
    pub fn new(evidence_cap: usize) -> Network {
        Network {
            info: GraphInfo {
                evidence_cap,
                ..GraphInfo::default()
            },
            nodes: foldhash::HashMap::default(),
            edges: foldhash::HashMap::default(),
            leader_links: BTreeMap::new(),
        }
    }

    /// Adds one story's findings.
    ///
    /// # Examples
    ///
    /// ```
    /// use entente::{Extractor, Story, graph::Network};
    ///
    /// let ex = Extractor::with_defaults().unwrap();
    /// let mut net = Network::default();
    /// net.add(&ex.extract(&Story::new("a", "Japan and India signed a defence pact.").with_date("2024-01-02")));
    /// assert_eq!(net.edges().count(), 1);
    /// ```
    pub fn add(&mut self, story: &StoryResult) {
        self.info.stories += 1;
        widen(
            &mut self.info.from,
            &mut self.info.to,
            story.date.as_deref(),
        );
        let kinds = [("country", &story.countries), ("bloc", &story.blocs)];
        for (kind, list) in kinds {
            for c in list {
                self.count_node(&c.code, &c.name, kind, c.mentions);
            }
        }
        for leader in &story.leaders {
            if let Some(node) = self.nodes.get_mut(&leader.country)
                && !node.leaders.contains(&leader.canonical)
            {
                node.leaders.insert(leader.canonical.clone());
            }
            self.count_node(&leader.id, &leader.canonical, LEADER, leader.mentions);
            self.count_leader_link(leader, story.date.as_deref());
        }
        for r in &story.relations {
            self.add_relation(story, r);
        }
    }

    /// Counts one story's mentions of a node, creating it on first sight.
    fn count_node(&mut self, id: &str, label: &str, kind: &str, mentions: usize) {
        // Looked up by the borrowed id first: a node is created once, and
        // counted in many stories.
        if let Some(node) = self.nodes.get_mut(id) {
            node.mentions += mentions as u64;
            node.stories += 1;
            return;
        }
        let node = Node {
            id: id.to_owned(),
            label: label.to_owned(),
            kind: kind.to_owned(),
            mentions: mentions as u64,
            stories: 1,
            leaders: BTreeSet::new(),
        };
        self.nodes.insert(id.to_owned(), node);
    }

    /// Counts one story's naming of a leader in the link to their country:
    /// the same as adding a one-story link with `add_leader_link`, copying
    /// ids, role and date only when the link or role is new.
    fn count_leader_link(&mut self, leader: &PersonMention, date: Option<&str>) {
        let key = (leader.id.as_str(), leader.country.as_str());
        if let Some(link) = self.leader_links.get_mut(&key as &dyn LinkKey) {
            if !link.roles.contains(&leader.role) {
                link.roles.insert(leader.role.clone());
            }
            link.stories += 1;
            link.mentions += leader.mentions as u64;
            widen(&mut link.first, &mut link.last, date);
            return;
        }
        let link = LeaderLink {
            source: leader.id.clone(),
            target: leader.country.clone(),
            roles: BTreeSet::from([leader.role.clone()]),
            stories: 1,
            mentions: leader.mentions as u64,
            first: date.map(str::to_owned),
            last: date.map(str::to_owned),
        };
        self.leader_links
            .insert((leader.id.clone(), leader.country.clone()), link);
    }

    /// Adds one relation of a story: the same as adding a one-story edge with
    /// [`Network::add_edge`], without copying the evidence that the cap
    /// would drop at once.
    fn add_relation(&mut self, story: &StoryResult, r: &Relation) {
        let cap = self.info.evidence_cap;
        let forward = u64::from(r.source.as_deref() == Some(r.a.as_str()));
        let backward = u64::from(r.source.as_deref() == Some(r.b.as_str()));
        let key = (r.a.as_str(), r.b.as_str(), r.kind);
        let edge = match self.edges.get_mut(&key as &dyn EdgeKey) {
            None => self
                .edges
                .entry((r.a.clone(), r.b.clone(), r.kind))
                .or_insert(Edge {
                    source: r.a.clone(),
                    target: r.b.clone(),
                    kind: r.kind,
                    stories: 1,
                    mentions: r.evidence.len() as u64,
                    score_sum: r.score,
                    score: r.score,
                    first: story.date.clone(),
                    last: story.date.clone(),
                    forward,
                    backward,
                    story_ids: BTreeSet::from([story.id.clone()]),
                    evidence: Vec::new(),
                }),
            Some(e) => {
                e.stories += 1;
                if e.story_ids.len() < MAX_STORY_IDS
                    || e.story_ids.last().is_some_and(|last| story.id < *last)
                {
                    e.story_ids.insert(story.id.clone());
                    if e.story_ids.len() > MAX_STORY_IDS {
                        e.story_ids.pop_last();
                    }
                }
                e.mentions += r.evidence.len() as u64;
                e.score_sum = round2(e.score_sum + r.score);
                e.score = round2(e.score_sum / e.stories as f64);
                widen(&mut e.first, &mut e.last, story.date.as_deref());
                e.forward += forward;
                e.backward += backward;
                e
            }
        };
        if story_comes_after(&edge.evidence, cap, story) {
            return;
        }
        for x in &r.evidence {
            let candidate = EvidenceKey::new(
                story.date.as_deref(),
                &story.id,
                story.title.as_deref(),
                &x.sentence,
                &x.rule,
                x.source.as_deref(),
            );
            // The kept list is sorted, free of duplicates and capped, so a
            // sentence is copied only when it takes a place in it.
            let Some(at) = place_in(&edge.evidence, &candidate, cap) else {
                continue;
            };
            edge.evidence.insert(
                at,
                EdgeEvidence {
                    date: story.date.clone(),
                    story: story.id.clone(),
                    title: story.title.clone(),
                    sentence: x.sentence.clone(),
                    rule: x.rule.clone(),
                    source: x.source.clone(),
                },
            );
            edge.evidence.truncate(cap);
        }
    }

    fn add_edge(&mut self, edge: Edge) {
        let cap = self.info.evidence_cap;
        let key = (edge.source.clone(), edge.target.clone(), edge.kind);
        match self.edges.get_mut(&key) {
            None => {
                let mut edge = edge;
                edge.evidence.truncate(cap);
                self.edges.insert(key, edge);
            }
            Some(e) => {
                // Each story states a (pair, kind) at most once, and shards
                // hold different stories, so counts add up exactly.
                e.stories += edge.stories;
                e.story_ids.extend(edge.story_ids);
                while e.story_ids.len() > MAX_STORY_IDS {
                    e.story_ids.pop_last();
                }
                e.mentions += edge.mentions;
                e.score_sum = round2(e.score_sum + edge.score_sum);
                e.score = round2(e.score_sum / (e.stories.max(1)) as f64);
                e.first = min_date(e.first.take(), edge.first);
                e.last = max_date(e.last.take(), edge.last);
                e.forward += edge.forward;
                e.backward += edge.backward;
                e.evidence.extend(edge.evidence);
                e.evidence.sort_by(evidence_order);
                e.evidence.dedup();
                e.evidence.truncate(cap);
            }
        }
    }

    fn add_leader_link(&mut self, link: LeaderLink) {
        let key = (link.source.clone(), link.target.clone());
        match self.leader_links.get_mut(&key) {
            None => {
                self.leader_links.insert(key, link);
            }
            Some(l) => {
                l.roles.extend(link.roles);
                l.stories += link.stories;
                l.mentions += link.mentions;
                l.first = min_date(l.first.take(), link.first);
                l.last = max_date(l.last.take(), link.last);
            }
        }
    }

    /// Folds another network into this one, as if its stories had been added.
    /// The evidence cap of `self` applies.
    pub fn merge(&mut self, other: Network) {
        self.info.stories += other.info.stories;
        self.info.from = min_date(self.info.from.take(), other.info.from);
        self.info.to = max_date(self.info.to.take(), other.info.to);
        for (code, node) in other.nodes {
            match self.nodes.get_mut(&code) {
                None => {
                    self.nodes.insert(code, node);
                }
                Some(n) => {
                    n.mentions += node.mentions;
                    n.stories += node.stories;
                    n.leaders.extend(node.leaders);
                }
            }
        }
        for (_, edge) in other.edges {
            self.add_edge(edge);
        }
        for (_, link) in other.leader_links {
            self.add_leader_link(link);
        }
    }

    /// Whole-network facts.
    pub fn info(&self) -> &GraphInfo {
        &self.info
    }

    /// The nodes, sorted by code.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> {
        let mut nodes: Vec<&Node> = self.nodes.values().collect();
        nodes.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        nodes.into_iter()
    }

    /// The node with this code.
    pub fn node(&self, code: &str) -> Option<&Node> {
        self.nodes.get(code)
    }

    /// The edges, sorted by (source, target, kind).
    pub fn edges(&self) -> impl Iterator<Item = &Edge> {
        let mut edges: Vec<&Edge> = self.edges.values().collect();
        edges.sort_unstable_by(|x, y| {
            (&x.source, &x.target, x.kind).cmp(&(&y.source, &y.target, y.kind))
        });
        edges.into_iter()
    }

    /// The leaders' links to their countries, sorted by (person, country).
    pub fn leader_links(&self) -> impl Iterator<Item = &LeaderLink> {
        self.leader_links.values()
    }

    /// Keeps what a filter allows; nodes without edges are dropped when any
    /// edge filter is set, so that a filtered diagram shows only what matters.
    /// Leaders stay only with [`Filter::leaders`], and then only those of a
    /// country that stays.
    pub fn filtered(&self, filter: &Filter) -> Network {
        let mut keep: Vec<&Edge> = self
            .edges
            .values()
            .filter(|e| filter.kinds.is_empty() || filter.kinds.contains(&e.kind))
            .filter(|e| e.stories >= filter.min_stories)
            .collect();
        if let Some(centre) = &filter.country {
            let near = query::neighbourhood(&keep, centre, filter.depth.max(1));
            keep.retain(|e| near.contains(&e.source) && near.contains(&e.target));
        }
        if let Some(top) = filter.top {
            keep.sort_by(|a, b| {
                b.stories
                    .cmp(&a.stories)
                    .then(b.mentions.cmp(&a.mentions))
                    .then_with(|| {
                        (&a.source, &a.target, a.kind).cmp(&(&b.source, &b.target, b.kind))
                    })
            });
            keep.truncate(top);
        }
        let edges: foldhash::HashMap<_, _> = keep
            .into_iter()
            .map(|e| ((e.source.clone(), e.target.clone(), e.kind), e.clone()))
            .collect();
        let edge_filter = !filter.kinds.is_empty()
            || filter.min_stories > 0
            || filter.country.is_some()
            || filter.top.is_some();
        let mut nodes: foldhash::HashMap<String, Node> = self
            .nodes
            .iter()
            .filter(|(_, node)| node.kind != LEADER)
            .filter(|(code, _)| {
                !edge_filter
                    || edges.keys().any(|(a, b, _)| a == *code || b == *code)
                    || filter.country.as_deref() == Some(code.as_str())
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let leader_links: BTreeMap<_, _> = if filter.leaders {
            self.leader_links
                .iter()
                .filter(|((_, country), _)| nodes.contains_key(country))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        } else {
            BTreeMap::new()
        };
        for (person, _) in leader_links.keys() {
            if let Some(node) = self.nodes.get(person) {
                nodes.insert(person.clone(), node.clone());
            }
        }
        Network {
            info: self.info.clone(),
            nodes,
            edges,
            leader_links,
        }
    }

    /// The network as a petgraph undirected multigraph: one node per actor,
    /// one edge per (pair, kind). Leaders are not in it.
    pub fn to_petgraph(&self) -> petgraph::Graph<&Node, &Edge, petgraph::Undirected> {
        let mut g = petgraph::Graph::new_undirected();
        let mut index = BTreeMap::new();
        for node in self.nodes().filter(|n| n.kind != LEADER) {
            index.insert(node.id.as_str(), g.add_node(node));
        }
        for edge in self.edges() {
            if let (Some(&a), Some(&b)) = (
                index.get(edge.source.as_str()),
                index.get(edge.target.as_str()),
            ) {
                g.add_edge(a, b, edge);
            }
        }
        g
    }

    /// A one-line summary: countries, edges per kind, stories, date range.
    pub fn summary(&self) -> String {
        let mut per_kind = BTreeMap::new();
        for e in self.edges.values() {
            *per_kind.entry(e.kind).or_insert(0) += 1;
        }
        let kinds: Vec<String> = Kind::ALL
            .iter()
            .map(|k| format!("{} {k}", per_kind.get(k).unwrap_or(&0)))
            .collect();
        let range = match (&self.info.from, &self.info.to) {
            (Some(a), Some(b)) => format!(", {a} to {b}"),
            _ => String::new(),
        };
        let leaders = match self.leader_links.len() {
            0 => String::new(),
            _ => format!(
                ", {} leaders",
                self.nodes.values().filter(|n| n.kind == LEADER).count()
            ),
        };
        format!(
            "{} countries{leaders}, {} edges ({}), {} stories{range}",
            self.nodes.values().filter(|n| n.kind == "country").count(),
            self.edges.len(),
            kinds.join(", "),
            self.info.stories
        )
    }

    /// Rebuilds a network from its parts (used when reading graph JSON).
    pub fn from_parts(
        info: GraphInfo,
        nodes: Vec<Node>,
        edges: Vec<Edge>,
        leader_links: Vec<LeaderLink>,
    ) -> Network {
        let mut net = Network::new(info.evidence_cap);
        net.info = info;
        net.nodes = nodes.into_iter().map(|n| (n.id.clone(), n)).collect();
        for e in edges {
            net.edges
                .insert((e.source.clone(), e.target.clone(), e.kind), e);
        }
        for l in leader_links {
            net.leader_links
                .insert((l.source.clone(), l.target.clone()), l);
        }
        net
    }
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What to keep of a network.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these kinds (all when empty).
    pub kinds: Vec<Kind>,
    /// Only edges stated by at least this many stories.
    pub min_stories: u64,
    /// Only the neighbourhood of this actor ...
    pub country: Option<String>,
    /// ... up to this many hops (1 when 0).
    pub depth: usize,
    /// Only the strongest this many edges.
    pub top: Option<usize>,
    /// Keep leader nodes and their links to the countries that stay.
    pub leaders: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Extractor, Story};

    #[test]
    fn borrowed_edge_keys_find_owned_ones() {
        let owned: Vec<(String, String, Kind)> = [
            ("CHN", "USA", Kind::Trade),
            ("CHN", "USA", Kind::Tension),
            ("CHN", "US", Kind::Conflict),
            ("CH", "USA", Kind::Cooperation),
            ("CHNU", "SA", Kind::Cooperation),
            ("", "A", Kind::Trade),
        ]
        .iter()
        .map(|&(a, b, k)| (a.to_owned(), b.to_owned(), k))
        .collect();
        let map: foldhash::HashMap<_, _> = owned.iter().cloned().zip(0..).collect();
        for (i, k) in owned.iter().enumerate() {
            let key = (k.0.as_str(), k.1.as_str(), k.2);
            assert_eq!(map.get(&key as &dyn EdgeKey), Some(&i));
        }
        let missing = ("CHN", "USA", Kind::Conflict);
        assert_eq!(map.get(&missing as &dyn EdgeKey), None);
    }

    #[test]
    fn borrowed_link_keys_find_owned_ones_in_order() {
        let owned: Vec<(String, String)> = [
            ("", "RUS"),
            ("putin", "RU"),
            ("putin", "RUS"),
            ("putin", "RUSS"),
            ("putinr", "US"),
        ]
        .iter()
        .map(|&(a, b)| (a.to_owned(), b.to_owned()))
        .collect();
        let map: BTreeMap<_, _> = owned.iter().cloned().zip(0..).collect();
        for (i, k) in owned.iter().enumerate() {
            let key = (k.0.as_str(), k.1.as_str());
            assert_eq!(map.get(&key as &dyn LinkKey), Some(&i));
        }
        let missing = ("putin", "RUSA");
        assert_eq!(map.get(&missing as &dyn LinkKey), None);
    }

    #[test]
    fn a_sentence_takes_its_place_among_the_kept_ones_once() {
        let evidence = |date: &str, story: &str| EdgeEvidence {
            date: Some(date.to_owned()),
            story: story.to_owned(),
            title: None,
            sentence: "Japan and India met.".to_owned(),
            rule: "meet".to_owned(),
            source: None,
        };
        let kept = [evidence("2024-02-01", "a"), evidence("2024-01-01", "b")];
        let place = |e: &EdgeEvidence, cap| place_in(&kept, &e.key(), cap);
        assert_eq!(
            place(&evidence("2024-03-01", "c"), 3),
            Some(0),
            "newest first"
        );
        assert_eq!(place(&evidence("2024-01-15", "c"), 3), Some(1));
        assert_eq!(
            place(&evidence("2024-01-01", "a"), 3),
            Some(1),
            "then by story"
        );
        assert_eq!(place(&kept[1], 3), None, "kept already");
        assert_eq!(place(&evidence("2023-01-01", "c"), 3), Some(2));
        assert_eq!(
            place(&evidence("2023-01-01", "c"), 2),
            None,
            "beyond the cap"
        );
    }

    #[test]
    fn a_story_sorting_after_a_full_list_is_turned_away_whole() {
        let kept = |dates: &[&str]| -> Vec<EdgeEvidence> {
            dates
                .iter()
                .map(|d| EdgeEvidence {
                    date: Some((*d).to_owned()),
                    story: "m".to_owned(),
                    title: None,
                    sentence: "Japan and India met.".to_owned(),
                    rule: "meet".to_owned(),
                    source: None,
                })
                .collect()
        };
        let story = |id: &str, date: Option<&str>| StoryResult {
            id: id.to_owned(),
            title: None,
            date: date.map(str::to_owned),
            countries: Vec::new(),
            leaders: Vec::new(),
            officials: Vec::new(),
            blocs: Vec::new(),
            relations: Vec::new(),
            notes: Vec::new(),
            explain: Vec::new(),
        };
        let full = kept(&["2024-02-01", "2024-01-01"]);
        let after = |s: &StoryResult| story_comes_after(&full, 2, s);
        assert!(after(&story("a", Some("2023-12-31"))), "older");
        assert!(after(&story("n", Some("2024-01-01"))), "same day, later id");
        assert!(after(&story("a", None)), "undated after dated");
        assert!(
            !after(&story("a", Some("2024-01-01"))),
            "same day, earlier id"
        );
        assert!(
            !after(&story("m", Some("2024-01-01"))),
            "the same story: its sentences decide"
        );
        assert!(!after(&story("a", Some("2024-03-01"))), "newer");
        assert!(
            !story_comes_after(&full, 3, &story("a", Some("2023-12-31"))),
            "room left"
        );
    }

    fn stories() -> Vec<Story> {
        vec![
            Story::new("s1", "Japan and India signed a defence pact.").with_date("2024-01-02"),
            Story::new("s2", "Japan condemned North Korea's missile launch.")
                .with_date("2024-02-03"),
            Story::new("s3", "India and Japan held talks in Tokyo.").with_date("2023-05-06"),
        ]
    }

    #[test]
    fn merge_of_halves_equals_whole() {
        let ex = Extractor::with_defaults().unwrap();
        let results: Vec<_> = stories().iter().map(|s| ex.extract(s)).collect();
        let mut whole = Network::new(1);
        results.iter().for_each(|r| whole.add(r));
        let mut left = Network::new(1);
        left.add(&results[0]);
        let mut right = Network::new(1);
        results[1..].iter().for_each(|r| right.add(r));
        left.merge(right);
        assert_eq!(left, whole);
        assert!(
            whole.nodes().map(|n| n.id.as_str()).is_sorted(),
            "nodes in code order"
        );
        let edge = whole.edges().find(|e| e.kind == Kind::Cooperation).unwrap();
        assert_eq!(
            (edge.stories, edge.first.as_deref(), edge.last.as_deref()),
            (2, Some("2023-05-06"), Some("2024-01-02"))
        );
        assert_eq!(edge.evidence.len(), 1, "capped");
        assert_eq!(edge.evidence[0].story, "s1", "newest first");
    }

    #[test]
    fn adding_stories_equals_merging_one_story_networks() {
        let ex = Extractor::with_defaults().unwrap();
        let mut stories = stories();
        stories.extend([
            Story::new(
                "s4",
                "Japan and India held talks. Japan and India signed a trade pact. India and Japan agreed to cooperate.",
            )
            .with_date("2024-01-02"),
            Story::new("s0", "India and Japan held talks in Delhi. They vowed closer ties.")
                .with_date("2024-01-02"),
            Story::new("s5", "Japan and India held talks."),
            Story::new("p1", "Vladimir Putin met Chinese leaders in Beijing.")
                .with_date("2010-05-01"),
            Story::new("p2", "Vladimir Putin hosted Narendra Modi.").with_date("2021-12-06"),
            Story::new("p3", "Vladimir Putin spoke to Narendra Modi."),
        ]);
        let results: Vec<_> = stories.iter().map(|s| ex.extract(s)).collect();
        for cap in [0, 1, 2, 5] {
            let mut added = Network::new(cap);
            results.iter().for_each(|r| added.add(r));
            let mut merged = Network::new(cap);
            for r in &results {
                let mut one = Network::new(cap);
                one.add(r);
                merged.merge(one);
            }
            assert_eq!(added, merged, "cap {cap}");
        }
    }

    #[test]
    fn a_leader_keeps_every_office_and_date_and_shows_only_when_asked() {
        let ex = Extractor::with_defaults().unwrap();
        let stories = [
            Story::new("p1", "Vladimir Putin met Chinese leaders in Beijing.")
                .with_date("2010-05-01"),
            Story::new("p2", "Vladimir Putin hosted Narendra Modi.").with_date("2021-12-06"),
        ];
        let results: Vec<_> = stories.iter().map(|s| ex.extract(s)).collect();
        let mut whole = Network::default();
        results.iter().for_each(|r| whole.add(r));
        let mut left = Network::default();
        left.add(&results[1]);
        let mut right = Network::default();
        right.add(&results[0]);
        left.merge(right);
        assert_eq!(left, whole, "leader links merge like edges");

        assert_eq!(whole.filtered(&Filter::default()).leader_links().count(), 0);
        assert!(
            whole
                .filtered(&Filter::default())
                .nodes()
                .all(|n| n.kind != LEADER)
        );
        let shown = whole.filtered(&Filter {
            leaders: true,
            ..Filter::default()
        });
        let putin = shown
            .leader_links()
            .find(|l| l.source == "vladimir-putin")
            .expect("Putin's link");
        assert_eq!(putin.target, "RUS");
        assert_eq!(
            putin.roles.iter().map(String::as_str).collect::<Vec<_>>(),
            ["President", "Prime Minister"]
        );
        assert_eq!(
            (putin.stories, putin.first.as_deref(), putin.last.as_deref()),
            (2, Some("2010-05-01"), Some("2021-12-06"))
        );
        assert_eq!(shown.node("vladimir-putin").unwrap().kind, LEADER);
        assert!(shown.summary().contains("2 leaders"), "{}", shown.summary());
        assert!(
            shown.to_petgraph().node_weights().all(|n| n.kind != LEADER),
            "paths run over relations only"
        );
    }
}
