//! Scoring extraction against a gold set, exactly as `shared/eval/score.py`
//! does: micro-averaged precision, recall and F1 over (story, country), over
//! (story, leader name, country) with greedy one-to-one name matching, and
//! over (story, unordered pair, kind), overall and per kind.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::rules::Kind;

/// Precision, recall and F1 with their counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// tp / system.
    pub precision: f64,
    /// tp / gold.
    pub recall: f64,
    /// Harmonic mean.
    pub f1: f64,
    /// True positives.
    pub tp: usize,
    /// System items.
    pub system: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    fn new(tp: usize, system: usize, gold: usize) -> Prf {
        let p = if system > 0 {
            tp as f64 / system as f64
        } else if gold == 0 {
            1.0
        } else {
            0.0
        };
        let r = if gold > 0 {
            tp as f64 / gold as f64
        } else {
            1.0
        };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
        Prf {
            precision: round(p),
            recall: round(r),
            f1: round(f),
            tp,
            system,
            gold,
        }
    }
}

/// The whole score of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Stories in the gold set.
    pub stories: usize,
    /// Country mentions.
    pub countries: Prf,
    /// Relations, all kinds.
    pub relations: Prf,
    /// Leaders.
    pub leaders: Prf,
    /// Relations per kind.
    pub relations_by_kind: BTreeMap<String, Prf>,
    /// With errors on: `id\tclass\textra|missed\titem` lines.
    #[serde(skip)]
    pub errors: Vec<String>,
}

/// Why scoring failed.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: not JSON: {message}")]
pub struct EvalError {
    /// The file.
    pub file: String,
    /// The line.
    pub line: usize,
    /// The parser's message.
    pub message: String,
}

/// Reads a JSON Lines file into (id, object) pairs in file order, as
/// score.py does (its errors list follows the gold file's order).
///
/// # Errors
///
/// A line that is not JSON.
pub fn load(file: &str, text: &str) -> Result<Vec<(String, Value)>, EvalError> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|e| EvalError {
            file: file.to_owned(),
            line: n + 1,
            message: e.to_string(),
        })?;
        let id = match value.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => "None".to_owned(),
            Some(other) => other.to_string(),
        };
        // Like a Python dict: a repeated id keeps its place and takes the new value.
        match out.iter_mut().find(|(k, _)| *k == id) {
            Some(slot) => slot.1 = value,
            None => out.push((id, value)),
        }
    }
    Ok(out)
}

fn tokens(name: &str) -> BTreeSet<String> {
    let folded: String = name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    folded
        .to_lowercase()
        .replace(['-', '.'], " ")
        .split_whitespace()
        .map(str::to_owned)
        .collect()
}

fn code_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => m
            .get("code")
            .or_else(|| m.get("id"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

fn list<'v>(doc: &'v Value, key: &str) -> &'v [Value] {
    doc.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn rel_keys(doc: &Value) -> BTreeSet<(String, String, String)> {
    let mut keys = BTreeSet::new();
    for r in list(doc, "relations") {
        let get = |a: &str, b: &str| {
            r.get(a)
                .or_else(|| r.get(b))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let (Some(a), Some(b)) = (get("a", "source"), get("b", "target")) else {
            continue;
        };
        let Some(kind) = r.get("kind").and_then(Value::as_str) else {
            continue;
        };
        if a != b && kind.parse::<Kind>().is_ok_and(|k| k.as_str() == kind) {
            keys.insert((a.clone().min(b.clone()), a.max(b), kind.to_owned()));
        }
    }
    keys
}

fn leader_match(gold: &[Value], system: &[Value]) -> usize {
    let mut used = vec![false; system.len()];
    let mut tp = 0;
    for g in gold {
        let gt = tokens(g.get("name").and_then(Value::as_str).unwrap_or(""));
        let gc = g.get("country");
        for (i, s) in system.iter().enumerate() {
            if used[i] || s.get("country") != gc {
                continue;
            }
            let st = tokens(s.get("name").and_then(Value::as_str).unwrap_or(""));
            if !st.is_empty() && (gt.is_subset(&st) || st.is_subset(&gt)) {
                used[i] = true;
                tp += 1;
                break;
            }
        }
    }
    tp
}

/// Scores `system` against `gold` (both id -> object).
pub fn score(
    gold: &[(String, Value)],
    system: &BTreeMap<String, Value>,
    show_errors: bool,
) -> Score {
    let empty = Value::Object(Default::default());
    let (mut c, mut r, mut l) = ([0; 3], [0; 3], [0; 3]);
    let mut per_kind: HashMap<&str, [usize; 3]> =
        Kind::ALL.iter().map(|k| (k.as_str(), [0; 3])).collect();
    let mut errors = Vec::new();
    for (id, g) in gold {
        let s = system.get(id).unwrap_or(&empty);
        let gc: BTreeSet<String> = list(g, "countries").iter().filter_map(code_of).collect();
        let sc: BTreeSet<String> = list(s, "countries").iter().filter_map(code_of).collect();
        c[0] += gc.intersection(&sc).count();
        c[1] += sc.len();
        c[2] += gc.len();
        let gr = rel_keys(g);
        let sr = rel_keys(s);
        r[0] += gr.intersection(&sr).count();
        r[1] += sr.len();
        r[2] += gr.len();
        for (kind, counts) in per_kind.iter_mut() {
            counts[0] += gr.intersection(&sr).filter(|x| x.2 == *kind).count();
            counts[1] += sr.iter().filter(|x| x.2 == *kind).count();
            counts[2] += gr.iter().filter(|x| x.2 == *kind).count();
        }
        let gl = list(g, "leaders");
        let sl: Vec<Value> = list(s, "leaders")
            .iter()
            .filter(|x| x.is_object())
            .cloned()
            .collect();
        l[0] += leader_match(gl, &sl);
        l[1] += sl.len();
        l[2] += gl.len();
        if show_errors {
            errors.extend(
                sc.difference(&gc)
                    .map(|x| format!("{id}\tcountry\textra\t{x}")),
            );
            errors.extend(
                gc.difference(&sc)
                    .map(|x| format!("{id}\tcountry\tmissed\t{x}")),
            );
            errors.extend(
                sr.difference(&gr)
                    .map(|x| format!("{id}\trelation\textra\t{}-{} {}", x.0, x.1, x.2)),
            );
            errors.extend(
                gr.difference(&sr)
                    .map(|x| format!("{id}\trelation\tmissed\t{}-{} {}", x.0, x.1, x.2)),
            );
        }
    }
    Score {
        stories: gold.len(),
        countries: Prf::new(c[0], c[1], c[2]),
        relations: Prf::new(r[0], r[1], r[2]),
        leaders: Prf::new(l[0], l[1], l[2]),
        relations_by_kind: per_kind
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Prf::new(v[0], v[1], v[2])))
            .collect(),
        errors,
    }
}

impl Score {
    /// The table score.py prints.
    pub fn table(&self) -> String {
        let mut out = String::new();
        for e in &self.errors {
            out.push_str(e);
            out.push('\n');
        }
        out.push_str(&format!("stories: {}\n", self.stories));
        for (name, m) in [
            ("countries", &self.countries),
            ("leaders", &self.leaders),
            ("relations", &self.relations),
        ] {
            out.push_str(&format!(
                "{name:10} P {:.3}  R {:.3}  F1 {:.3}  (tp {}, system {}, gold {})\n",
                m.precision, m.recall, m.f1, m.tp, m.system, m.gold
            ));
        }
        for (k, m) in &self.relations_by_kind {
            out.push_str(&format!(
                "  {k:12} P {:.3}  R {:.3}  F1 {:.3}  (gold {})\n",
                m.precision, m.recall, m.f1, m.gold
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_like_python() {
        assert_eq!(tokens("Kim Jong-un"), tokens("kim jong un"));
        assert_eq!(tokens("Erdoğan"), tokens("Erdogan"));
        assert_eq!(
            tokens("S. Jaishankar"),
            ["jaishankar", "s"].iter().map(|s| s.to_string()).collect()
        );
    }
}
