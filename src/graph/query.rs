//! Questions a network answers: the ties between two actors, an actor's
//! partners, neighbourhoods and paths.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;

use super::{Edge, EdgeEvidence, Network};
use crate::rules::Kind;

/// The ties of one kind between two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieKind {
    /// The kind.
    pub kind: Kind,
    /// Stories that state it.
    pub stories: u64,
    /// Mean per-story score.
    pub score: f64,
    /// Earliest story date.
    pub first: Option<String>,
    /// Latest story date.
    pub last: Option<String>,
    /// Stories where the first actor acted on the second.
    pub a_to_b: u64,
    /// Stories where the second actor acted on the first.
    pub b_to_a: u64,
    /// The newest evidence.
    pub evidence: Vec<EdgeEvidence>,
}

/// A partner both actors share.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    /// The partner's code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Kinds of tie with the first actor.
    pub kinds_a: Vec<Kind>,
    /// Kinds of tie with the second actor.
    pub kinds_b: Vec<Kind>,
}

/// One hop of a path between two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathStep {
    /// From this actor ...
    pub from: String,
    /// ... to this one ...
    pub to: String,
    /// ... by ties of these kinds.
    pub kinds: Vec<Kind>,
}

/// Everything the network says about two actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ties {
    /// The first actor's code.
    pub a: String,
    /// The second actor's code.
    pub b: String,
    /// Direct ties, one per kind.
    pub kinds: Vec<TieKind>,
    /// Partners both share.
    pub shared_partners: Vec<Partner>,
    /// When there is no direct tie, the shortest chain of ties.
    pub path: Vec<PathStep>,
}

impl Network {
    /// The ties between `a` and `b`.
    ///
    /// # Examples
    ///
    /// ```
    /// use entente::{Extractor, Story, graph::Network};
    ///
    /// let ex = Extractor::with_defaults().unwrap();
    /// let mut net = Network::default();
    /// net.add(&ex.extract(&Story::new("a", "Japan and India signed a defence pact.")));
    /// let ties = net.ties("IND", "JPN");
    /// assert_eq!(ties.kinds.len(), 1);
    /// ```
    pub fn ties(&self, a: &str, b: &str) -> Ties {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let kinds = Kind::ALL
            .iter()
            .filter_map(|k| self.edges.get(&(lo.to_owned(), hi.to_owned(), *k)))
            .map(|e| {
                let (a_to_b, b_to_a) = if a == lo {
                    (e.forward, e.backward)
                } else {
                    (e.backward, e.forward)
                };
                TieKind {
                    kind: e.kind,
                    stories: e.stories,
                    score: e.score,
                    first: e.first.clone(),
                    last: e.last.clone(),
                    a_to_b,
                    b_to_a,
                    evidence: e.evidence.clone(),
                }
            })
            .collect::<Vec<_>>();
        let partners_a = self.partner_kinds(a);
        let partners_b = self.partner_kinds(b);
        let shared_partners = partners_a
            .iter()
            .filter(|(code, _)| code.as_str() != b)
            .filter_map(|(code, kinds_a)| {
                let kinds_b = partners_b.get(code)?;
                Some(Partner {
                    code: code.clone(),
                    name: self
                        .nodes
                        .get(code)
                        .map_or_else(|| code.clone(), |n| n.label.clone()),
                    kinds_a: kinds_a.iter().copied().collect(),
                    kinds_b: kinds_b.iter().copied().collect(),
                })
            })
            .filter(|p| p.code != a)
            .collect();
        let path = if kinds.is_empty() {
            self.shortest_path(a, b)
        } else {
            Vec::new()
        };
        Ties {
            a: a.to_owned(),
            b: b.to_owned(),
            kinds,
            shared_partners,
            path,
        }
    }

    fn partner_kinds(&self, code: &str) -> BTreeMap<String, BTreeSet<Kind>> {
        let mut out: BTreeMap<String, BTreeSet<Kind>> = BTreeMap::new();
        for e in self.edges.values() {
            let other = if e.source == code {
                &e.target
            } else if e.target == code {
                &e.source
            } else {
                continue;
            };
            out.entry(other.clone()).or_default().insert(e.kind);
        }
        out
    }

    /// `code`'s ties ranked by strength (stories, then mentions), per kind.
    pub fn partners(&self, code: &str) -> Vec<&Edge> {
        let mut edges: Vec<&Edge> = self
            .edges
            .values()
            .filter(|e| e.source == code || e.target == code)
            .collect();
        edges.sort_by(|x, y| {
            y.stories
                .cmp(&x.stories)
                .then(y.mentions.cmp(&x.mentions))
                .then_with(|| (&x.source, &x.target, x.kind).cmp(&(&y.source, &y.target, y.kind)))
        });
        edges
    }

    /// The shortest chain of ties from `a` to `b` (breadth-first on the
    /// petgraph view, neighbours in code order, so the answer is stable).
    pub fn shortest_path(&self, a: &str, b: &str) -> Vec<PathStep> {
        let g = self.to_petgraph();
        let find = |code: &str| g.node_indices().find(|&i| g[i].id == code);
        let (Some(start), Some(goal)) = (find(a), find(b)) else {
            return Vec::new();
        };
        let mut prev = BTreeMap::new();
        let mut queue = VecDeque::from([start]);
        let mut seen = BTreeSet::from([start]);
        while let Some(at) = queue.pop_front() {
            if at == goal {
                break;
            }
            let mut next: Vec<_> = g.neighbors(at).collect();
            next.sort_by(|x, y| g[*x].id.cmp(&g[*y].id));
            next.dedup();
            for n in next {
                if seen.insert(n) {
                    prev.insert(n, at);
                    queue.push_back(n);
                }
            }
        }
        if !prev.contains_key(&goal) {
            return Vec::new();
        }
        let mut steps = Vec::new();
        let mut at = goal;
        while let Some(&p) = prev.get(&at) {
            let kinds: BTreeSet<Kind> =
                g.edges_connecting(p, at).map(|e| e.weight().kind).collect();
            steps.push(PathStep {
                from: g[p].id.clone(),
                to: g[at].id.clone(),
                kinds: kinds.into_iter().collect(),
            });
            at = p;
        }
        steps.reverse();
        steps
    }
}

/// The actors within `depth` hops of `centre` over these edges.
pub(super) fn neighbourhood(edges: &[&Edge], centre: &str, depth: usize) -> BTreeSet<String> {
    let mut near = BTreeSet::from([centre.to_owned()]);
    let mut frontier = near.clone();
    for _ in 0..depth {
        let mut next = BTreeSet::new();
        for e in edges {
            if frontier.contains(&e.source) && !near.contains(&e.target) {
                next.insert(e.target.clone());
            }
            if frontier.contains(&e.target) && !near.contains(&e.source) {
                next.insert(e.source.clone());
            }
        }
        near.extend(next.iter().cloned());
        frontier = next;
    }
    near
}
