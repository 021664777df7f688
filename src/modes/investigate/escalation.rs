//! The escalation note and its check. The note follows the study guide's form (what fails, since
//! when, for whom, the evidence, the ask) in four short fields, the evidence being the learner's
//! pinned lines, plus who owns the fix. Once the diagnosis is finished the note is checked: the
//! owner against the puzzle's, the pins against what the case asks to attach (a scenario's
//! `evidence_to_attach`, read by [`attach::need`]; for a puzzle without one, a line from each
//! check of the expert path, the checks that decide it). Pure: tested natively.

use faultline_engine::probe::Probe;

use super::attach::{self, Clause};

/// A field of the note, in the form's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    What,
    Since,
    Whom,
    Ask,
}

impl Field {
    pub const ALL: [Field; 4] = [Field::What, Field::Since, Field::Whom, Field::Ask];

    pub fn id(self) -> &'static str {
        match self {
            Field::What => "what",
            Field::Since => "since",
            Field::Whom => "whom",
            Field::Ask => "ask",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Field::What => "What fails",
            Field::Since => "Since when",
            Field::Whom => "For whom",
            Field::Ask => "The ask",
        }
    }

    /// The field's placeholder: what kind of thing goes there, never an example answer (a worked
    /// example would be some fault's answer, and give it away in that fault's puzzle).
    pub fn example(self) -> &'static str {
        match self {
            Field::What => "the request, and what it gets back (method, URL, status or error)",
            Field::Since => "the first failure's time, from a line you pinned",
            Field::Whom => "who is affected (every caller, one customer, one office…)",
            Field::Ask => "what the owner should do, and what happens after",
        }
    }
}

/// The longest a field keeps: each is one line.
pub const FIELD_MAX: usize = 200;

/// The note as typed. The text is kept as the learner wrote it (nothing is trimmed away while
/// typing); [`Note::statement`] reads it as one line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    pub what: String,
    pub since: String,
    pub whom: String,
    pub ask: String,
    /// The owner's choice id (the diagnosis's "Who owns the fix?" choices).
    pub owner: Option<String>,
    /// The learner asked for the check (it stays on while they edit: the checklist follows).
    pub checked: bool,
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Note {
    pub fn get(&self, f: Field) -> &str {
        match f {
            Field::What => &self.what,
            Field::Since => &self.since,
            Field::Whom => &self.whom,
            Field::Ask => &self.ask,
        }
    }

    /// Sets a field, at most [`FIELD_MAX`] characters (the input says so too).
    pub fn set(&mut self, f: Field, text: &str) {
        let text: String = text.chars().take(FIELD_MAX).collect();
        match f {
            Field::What => self.what = text,
            Field::Since => self.since = text,
            Field::Whom => self.whom = text,
            Field::Ask => self.ask = text,
        }
    }

    /// What is missing from the form, said beside each field.
    pub fn problems(&self) -> Vec<(Field, String)> {
        Field::ALL
            .into_iter()
            .filter(|f| one_line(self.get(*f)).is_empty())
            .map(|f| (f, format!("{}: write one line.", f.label())))
            .collect()
    }

    pub fn owner_problem(&self) -> Option<String> {
        self.owner
            .is_none()
            .then(|| "Choose who owns the fix.".to_string())
    }

    /// The one-line statement: "<what fails> since <when>, for <whom>; evidence: N pinned lines;
    /// ask: <ask>."
    pub fn statement(&self, pins: usize) -> String {
        let part = |f: Field| {
            let t = one_line(self.get(f));
            if t.is_empty() {
                "…".to_string()
            } else {
                t.trim_end_matches('.').to_string()
            }
        };
        let evidence = match pins {
            0 => "no line pinned".to_string(),
            1 => "1 pinned line".to_string(),
            n => format!("{n} pinned lines"),
        };
        format!(
            "{} since {}, for {}; evidence: {evidence}; ask: {}.",
            part(Field::What),
            part(Field::Since),
            part(Field::Whom),
            part(Field::Ask)
        )
    }
}

/// A pinned line as the check reads it: which check printed it, and the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinnedLine {
    pub probe: Probe,
    pub text: String,
}

/// One expected item and whether the pins cover it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemCheck {
    /// As the case words it ("auth log line"), or "A line from <check>" for the expert path.
    pub item: String,
    /// For each clause not met: what would meet it ("a line from X holding “401”").
    pub missing: Vec<String>,
    /// The pins (indexes) that meet its clauses.
    pub by: Vec<usize>,
    /// No check of this puzzle prints such a line (the case names something from outside the
    /// simulated world): shown, never counted as missing.
    pub unprintable: bool,
}

impl ItemCheck {
    pub fn covered(&self) -> bool {
        self.missing.is_empty() && !self.unprintable
    }
}

/// The result shown as a checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    /// Right, and the owner's label as the puzzle names it.
    pub owner_right: bool,
    pub owner: String,
    pub items: Vec<ItemCheck>,
    /// Where the expected items come from.
    pub basis: Basis,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The scenario's evidence to attach.
    Scenario,
    /// The expert path's checks (no scenario).
    ExpertPath,
    /// Neither: no scenario and no expert path.
    Nothing,
}

impl Checklist {
    pub fn covered(&self) -> usize {
        self.items.iter().filter(|i| i.covered()).count()
    }

    /// The items a check of this puzzle can show (the ones counted).
    pub fn expected(&self) -> usize {
        self.items.iter().filter(|i| !i.unprintable).count()
    }
}

fn from_words(from: &[Probe]) -> String {
    match from {
        [] => "any check".to_string(),
        [one] => one.label().to_string(),
        many => many
            .iter()
            .map(|p| p.label())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

fn describe(c: &Clause) -> String {
    let from = from_words(c.from);
    match &c.text {
        Some(n) if c.from.is_empty() => format!("a line holding {}", n.describe()),
        Some(n) => format!("a line from {from} holding {}", n.describe()),
        None => format!("a line from {from}"),
    }
}

/// What the learner did and what the puzzle's checks print.
#[derive(Clone, Copy, Debug, Default)]
pub struct Seen<'a> {
    pub pins: &'a [PinnedLine],
    /// The checks run.
    pub ran: &'a [Probe],
    /// Every check of the puzzle's toolbox with its output (empty: not known, all printable).
    pub printed: &'a [(Probe, String)],
}

/// What was seen when only the pins are known.
#[cfg(test)]
pub fn seen(pins: &[PinnedLine]) -> Seen<'_> {
    Seen {
        pins,
        ..Seen::default()
    }
}

fn printable(c: &Clause, printed: &[(Probe, String)]) -> bool {
    printed.is_empty()
        || printed
            .iter()
            .any(|(p, out)| c.met_by_run(&[*p]) || out.lines().any(|l| c.met_by(*p, l)))
}

fn check_item(item: String, clauses: &[Clause], seen: &Seen) -> ItemCheck {
    let mut missing = vec![];
    let mut by = vec![];
    for c in clauses {
        if c.met_by_run(seen.ran) {
            continue;
        }
        match seen.pins.iter().position(|p| c.met_by(p.probe, &p.text)) {
            Some(i) => {
                if !by.contains(&i) {
                    by.push(i);
                }
            }
            None => missing.push(describe(c)),
        }
    }
    let unprintable = !clauses.iter().all(|c| printable(c, seen.printed));
    ItemCheck {
        item,
        missing,
        by,
        unprintable,
    }
}

/// Checks the pins (and the checks run) and the owner. `attach` is the scenario's evidence to attach (empty for a
/// puzzle without a scenario, which is then checked against `expert`, the expert path's checks);
/// `owner` is the learner's choice id, `owner_key` the right one and `owner_label` its words.
pub fn check(
    seen: &Seen,
    owner: Option<&str>,
    owner_key: &str,
    owner_label: &str,
    attach: &[String],
    expert: Option<&[Probe]>,
) -> Checklist {
    let (items, basis) = if !attach.is_empty() {
        let items = attach
            .iter()
            .map(|item| {
                // Every shipped item has a rule (a test holds it); an author's new wording in
                // an imported pack asks at least for one pinned line, never for nothing.
                let clauses = attach::need(item).unwrap_or_else(|| {
                    vec![Clause {
                        from: &[],
                        text: None,
                    }]
                });
                check_item(item.clone(), &clauses, seen)
            })
            .collect();
        (items, Basis::Scenario)
    } else if let Some(path) = expert.filter(|p| !p.is_empty()) {
        let items = path
            .iter()
            .map(|p| {
                let from: &'static [Probe] = std::slice::from_ref(probe_ref(*p));
                check_item(
                    format!("A line from {}", p.label()),
                    &[Clause { from, text: None }],
                    seen,
                )
            })
            .collect();
        (items, Basis::ExpertPath)
    } else {
        (vec![], Basis::Nothing)
    };
    Checklist {
        owner_right: owner == Some(owner_key),
        owner: owner_label.to_string(),
        items,
        basis,
    }
}

/// A `'static` reference to a probe (clauses name their checks by static slices).
fn probe_ref(p: Probe) -> &'static Probe {
    Probe::ALL
        .iter()
        .find(|q| **q == p)
        .expect("every probe is in ALL")
}

#[cfg(test)]
#[path = "escalation_tests.rs"]
mod tests;
