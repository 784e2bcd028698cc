//! Validation of a [`RuleSet`]: every rule of `docs/rules.md`, each problem
//! reported with the file and line of the entry that breaks it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use super::model::Office;
use super::{Entry, Origin, RuleSet, parse_date, pattern};

/// One thing wrong in the rule tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The entry at fault.
    pub origin: Origin,
    /// What is wrong and how to mend it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, origin: &Origin, message: String) {
        self.problems.push(Problem {
            origin: origin.clone(),
            message,
        });
    }
}

fn is_code(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Folds a form the way the matcher compares names: curly apostrophes straight.
fn claim_key(form: &str) -> String {
    form.trim().replace('\u{2019}', "'")
}

pub(super) fn check(rules: &RuleSet) -> Vec<Problem> {
    let mut ck = Checker {
        problems: Vec::new(),
    };
    let actors = check_actors(rules, &mut ck);
    check_people(rules, &actors, &mut ck);
    check_claims(rules, &actors, &mut ck);
    check_patterns(rules, &mut ck);
    ck.problems.sort_by(|a, b| {
        (a.origin.file.as_ref(), a.origin.line).cmp(&(b.origin.file.as_ref(), b.origin.line))
    });
    ck.problems
}

/// Checks countries and blocs; returns every actor code.
fn check_actors(rules: &RuleSet, ck: &mut Checker) -> BTreeSet<String> {
    let mut seen: HashMap<&str, &Origin> = HashMap::new();
    let mut countries = BTreeSet::new();
    for c in &rules.countries {
        if !is_code(&c.code, 3) {
            ck.report(
                &c.origin,
                format!("country code {:?} is not three capital letters", c.code),
            );
        }
        if !is_code(&c.iso2, 2) {
            ck.report(
                &c.origin,
                format!("{}: iso2 {:?} is not two capital letters", c.code, c.iso2),
            );
        }
        if c.name.trim().is_empty() {
            ck.report(&c.origin, format!("{}: name is empty", c.code));
        }
        if c.kind != "state" && c.kind != "territory" {
            ck.report(
                &c.origin,
                format!("{}: kind {:?} is not state or territory", c.code, c.kind),
            );
        }
        if let Some(first) = seen.insert(&c.code, &c.origin) {
            ck.report(
                &c.origin,
                format!("country {} is already defined at {first}", c.code),
            );
        }
        countries.insert(c.code.clone());
    }
    for c in &rules.countries {
        if let Some(parent) = &c.part_of
            && !countries.contains(parent)
        {
            ck.report(
                &c.origin,
                format!("{}: part_of names unknown country {parent:?}", c.code),
            );
        }
    }
    let mut actors = countries.clone();
    for b in &rules.blocs {
        let ok = !b.code.is_empty()
            && b.code
                .bytes()
                .all(|x| x.is_ascii_uppercase() || x.is_ascii_digit());
        if !ok {
            ck.report(
                &b.origin,
                format!("bloc code {:?} must be capital letters and digits", b.code),
            );
        }
        if !["alliance", "union", "organisation", "forum", "group"].contains(&b.kind.as_str()) {
            ck.report(
                &b.origin,
                format!(
                    "{}: kind {:?} is not alliance, union, organisation, forum or group",
                    b.code, b.kind
                ),
            );
        }
        if let Some(first) = seen.insert(&b.code, &b.origin) {
            ck.report(
                &b.origin,
                format!("{} is already defined at {first}", b.code),
            );
        }
        for m in &b.members {
            if !countries.contains(m) {
                ck.report(
                    &b.origin,
                    format!("{}: member {m:?} is not a known country", b.code),
                );
            }
        }
        actors.insert(b.code.clone());
    }
    actors
}

fn check_people(rules: &RuleSet, actors: &BTreeSet<String>, ck: &mut Checker) {
    let mut ids: HashMap<&str, &Origin> = HashMap::new();
    // (country, office) -> terms, for the overlap check.
    type Term<'a> = (
        jiff::civil::Date,
        Option<jiff::civil::Date>,
        &'a Entry<super::Person>,
        bool,
    );
    let mut terms: BTreeMap<(&str, Office), Vec<Term<'_>>> = BTreeMap::new();
    for p in &rules.people {
        let valid_id = !p.id.is_empty()
            && p.id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !valid_id {
            ck.report(
                &p.origin,
                format!(
                    "person id {:?} must be lower-case letters, digits and hyphens",
                    p.id
                ),
            );
        }
        if let Some(first) = ids.insert(&p.id, &p.origin) {
            ck.report(
                &p.origin,
                format!("person {} is already defined at {first}", p.id),
            );
        }
        if p.forms.iter().all(|f| f.trim().is_empty()) {
            ck.report(&p.origin, format!("{}: no forms", p.id));
        }
        if p.roles.is_empty() {
            ck.report(&p.origin, format!("{}: no roles", p.id));
        }
        for r in &p.roles {
            if !actors.contains(&r.country) || rules.bloc(&r.country).is_some() {
                ck.report(
                    &p.origin,
                    format!(
                        "{}: role country {:?} is not a known country",
                        p.id, r.country
                    ),
                );
            }
            let start = parse_date(&r.start);
            if start.is_none() {
                ck.report(
                    &p.origin,
                    format!("{}: start {:?} is not a YYYY-MM-DD date", p.id, r.start),
                );
            }
            let end = match &r.end {
                Some(e) => match parse_date(e) {
                    Some(d) => Some(d),
                    None => {
                        ck.report(
                            &p.origin,
                            format!("{}: end {e:?} is not a YYYY-MM-DD date", p.id),
                        );
                        continue;
                    }
                },
                None => None,
            };
            let Some(start) = start else { continue };
            if end.is_some_and(|e| e <= start) {
                ck.report(
                    &p.origin,
                    format!(
                        "{}: term of {} {} ends before it starts",
                        p.id,
                        r.country,
                        r.office.as_str()
                    ),
                );
                continue;
            }
            if r.office != Office::Official {
                terms
                    .entry((&r.country, r.office))
                    .or_default()
                    .push((start, end, p, r.shared));
            }
        }
    }
    for ((country, office), mut list) in terms {
        list.sort_by_key(|t| t.0);
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let overlaps = a.1.is_none_or(|end| b.0 < end);
                if overlaps && a.2.id != b.2.id && !(a.3 && b.3) {
                    ck.report(
                        &b.2.origin,
                        format!(
                            "{} and {} both hold {country} {} on {}; fix the dates or mark both roles shared",
                            a.2.id,
                            b.2.id,
                            office.as_str(),
                            b.0
                        ),
                    );
                }
            }
        }
    }
}

/// Every form may name one actor unless an `[[ambiguous]]` entry lists them all.
fn check_claims(rules: &RuleSet, actors: &BTreeSet<String>, ck: &mut Checker) {
    let mut claims: BTreeMap<String, BTreeMap<String, Origin>> = BTreeMap::new();
    let mut claim = |form: &str, actor: &str, origin: &Origin| {
        if form.trim().is_empty() {
            return;
        }
        claims
            .entry(claim_key(form))
            .or_default()
            .entry(actor.to_owned())
            .or_insert_with(|| origin.clone());
    };
    for c in &rules.countries {
        let lists = [&c.aliases, &c.demonyms, &c.prefixes, &c.capitals, &c.seats];
        for form in std::iter::once(&c.name).chain(lists.into_iter().flatten()) {
            claim(form, &c.code, &c.origin);
        }
    }
    for b in &rules.blocs {
        for form in b.aliases.iter().chain(&b.seats) {
            claim(form, &b.code, &b.origin);
        }
    }
    for p in &rules.people {
        for form in &p.forms {
            claim(form, &p.id, &p.origin);
        }
    }
    for c in &rules.countries {
        for form in c
            .aliases
            .iter()
            .chain(&c.demonyms)
            .chain(&c.capitals)
            .chain(&c.seats)
        {
            if form.trim().is_empty() {
                ck.report(&c.origin, format!("{}: empty form", c.code));
            } else if form.starts_with("the ") || form.starts_with("The ") {
                ck.report(
                    &c.origin,
                    format!("{}: form {form:?} starts with an article; drop it", c.code),
                );
            }
        }
    }
    let mut resolved: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for a in &rules.ambiguous {
        let listed: BTreeSet<String> = a.actors.iter().cloned().collect();
        for actor in &a.actors {
            if !actors.contains(actor) {
                ck.report(
                    &a.origin,
                    format!("ambiguous {:?}: unknown actor {actor:?}", a.form),
                );
            }
        }
        if !listed.contains(&a.default) {
            ck.report(
                &a.origin,
                format!(
                    "ambiguous {:?}: default {:?} is not among its actors",
                    a.form, a.default
                ),
            );
        }
        match claims.get(&claim_key(&a.form)) {
            None => ck.report(
                &a.origin,
                format!("ambiguous {:?}: no table lists this form", a.form),
            ),
            Some(owners) => {
                for owner in owners.keys() {
                    if !listed.contains(owner) {
                        ck.report(
                            &a.origin,
                            format!(
                                "ambiguous {:?}: {owner} claims it but is not among its actors",
                                a.form
                            ),
                        );
                    }
                }
            }
        }
        resolved.insert(claim_key(&a.form), listed);
    }
    for (form, owners) in &claims {
        if owners.len() < 2 || resolved.contains_key(form) {
            continue;
        }
        let names: Vec<&str> = owners.keys().map(String::as_str).collect();
        let origin = owners.values().last().expect("two owners");
        ck.report(
            origin,
            format!(
                "form {form:?} is claimed by {}; mark it ambiguous or remove one",
                names.join(" and ")
            ),
        );
    }
}

fn check_patterns(rules: &RuleSet, ck: &mut Checker) {
    let mut ids: HashMap<String, Origin> = HashMap::new();
    let mut id_once = |ck: &mut Checker, id: &str, origin: &Origin| {
        if id.trim().is_empty() {
            ck.report(origin, "empty id".to_owned());
        }
        if let Some(first) = ids.insert(id.to_owned(), origin.clone()) {
            ck.report(origin, format!("id {id:?} is already used at {first}"));
        }
    };
    let forms_ok = |ck: &mut Checker, id: &str, forms: &[String], origin: &Origin| {
        if forms.is_empty() {
            ck.report(origin, format!("{id}: no forms"));
        }
        for form in forms {
            if let Err(message) = pattern::parse(form) {
                ck.report(origin, format!("{id}: {message}"));
            }
        }
    };
    for c in &rules.cues {
        id_once(ck, &c.id, &c.origin);
        forms_ok(ck, &c.id, &c.forms, &c.origin);
        if !(-10.0..=10.0).contains(&c.score) {
            ck.report(
                &c.origin,
                format!("{}: score {} is outside -10..10", c.id, c.score),
            );
        }
    }
    for m in &rules.modifiers {
        id_once(ck, &m.id, &m.origin);
        forms_ok(ck, &m.id, &m.forms, &m.origin);
    }
    for d in &rules.discards {
        id_once(ck, &d.id, &d.origin);
        forms_ok(ck, &d.id, &d.forms, &d.origin);
    }
    for n in &rules.nonactors {
        id_once(ck, &n.id, &n.origin);
        if n.forms.iter().any(|f| f.trim().is_empty()) || n.forms.is_empty() {
            ck.report(
                &n.origin,
                format!("{}: empty form list or empty form", n.id),
            );
        }
    }
    for t in &rules.titles {
        let label = format!("title {}", t.office.as_str());
        forms_ok(ck, &label, &t.forms, &t.origin);
    }
}

#[cfg(test)]
mod tests {
    use super::super::RuleSet;

    fn problems(text: &str) -> Vec<String> {
        RuleSet::from_sources([("t.toml", text)])
            .unwrap()
            .check()
            .into_iter()
            .map(|p| p.to_string())
            .collect()
    }

    const TWO: &str = r#"
[[country]]
code = "COD"
iso2 = "CD"
name = "Democratic Republic of the Congo"
aliases = ["Congo"]

[[country]]
code = "COG"
iso2 = "CG"
name = "Republic of the Congo"
aliases = ["Congo"]
"#;

    #[test]
    fn shared_alias_needs_an_ambiguity_entry() {
        let found = problems(TWO);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("t.toml:8: form \"Congo\" is claimed by COD and COG"),
            "{found:?}"
        );
        let fixed = format!(
            "{TWO}\n[[ambiguous]]\nform = \"Congo\"\nactors = [\"COD\", \"COG\"]\ndefault = \"COD\"\n"
        );
        assert_eq!(problems(&fixed), Vec::<String>::new());
    }

    #[test]
    fn overlapping_terms_are_reported() {
        let text = r#"
[[country]]
code = "FRA"
iso2 = "FR"
name = "France"

[[person]]
id = "a"
name = "A"
forms = ["A"]
roles = [{ country = "FRA", office = "head_of_state", start = "2000-01-01", end = "2005-01-01" }]

[[person]]
id = "b"
name = "B"
forms = ["B"]
roles = [{ country = "FRA", office = "head_of_state", start = "2004-06-01" }]
"#;
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("a and b both hold FRA head_of_state on 2004-06-01"),
            "{found:?}"
        );
        // Half-open terms: a successor may start on the predecessor's end date.
        assert!(problems(&text.replace("2004-06-01", "2005-01-01")).is_empty());
    }

    #[test]
    fn bad_codes_dates_and_cues_are_reported() {
        let text = r#"
[[country]]
code = "Fr"
iso2 = "FRA"
name = "France"

[[person]]
id = "x"
name = "X"
forms = ["X"]
roles = [{ country = "ZZZ", office = "official", start = "2000-13-01" }]

[[cue]]
id = "trade.x"
kind = "trade"
score = 12.0
forms = ["ex*"]
"#;
        let found = problems(text).join("\n");
        for needle in [
            "not three capital letters",
            "not two capital letters",
            "not a known country",
            "not a YYYY-MM-DD date",
            "outside -10..10",
            "shorter than 3 letters",
        ] {
            assert!(found.contains(needle), "missing {needle:?} in\n{found}");
        }
    }
}
