//! The scenario builder's draft: what the form holds (raw text, so nothing typed is ever lost,
//! even when it is not valid yet), its conversion to pack JSON, and problem placement. Reading an
//! imported scenario into the form is `as_written`.

mod as_written;

use std::collections::BTreeMap;

use faultline_engine::{CallSpec, FaultInfo, Flow, Problem};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::modes::packs;
use as_written::object_or_default;

pub const DRAFT_VERSION: u32 = 1;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct Draft {
    pub version: u32,
    pub pack: PackDraft,
    pub scenarios: Vec<ScenarioDraft>,
    pub selected: usize,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
#[serde(default)]
pub struct PackDraft {
    pub id: String,
    pub title: String,
    pub blurb: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(default)]
pub struct ScenarioDraft {
    pub id: String,
    pub title: String,
    pub who: String,
    pub since: String,
    pub expected: String,
    pub actual: String,
    pub flow: String,
    pub fault: String,
    /// Raw text per parameter name; empty = the fault's default.
    pub params: BTreeMap<String, String>,
    pub seed: String,
    pub difficulty: String,
    /// Comma-separated.
    pub tags: String,
    pub hints: Vec<String>,
    pub correct: String,
    /// (fault id, why it is wrong here); rows with no fault are left out.
    pub distractors: Vec<(String, String)>,
    pub diagnosis: String,
    pub next_action: String,
    /// One item per line.
    pub evidence: String,
    /// Optional root-cause layer claim.
    pub layer: String,
    /// Optional request override `{method, path}` (the api-call flow's "Request" field). Kept as
    /// given when imported, so a call the form does not offer is never lost.
    pub call: Option<Value>,
    /// Optional client (runtime id) the learner's side runs in. Kept as given when imported (a
    /// number or an id the form does not offer too), so the export says what the pack said.
    pub client: Option<Value>,
    /// Optional fix owner override `{id, why}`; the form does not edit it, so it is kept exactly
    /// as imported.
    pub owner: Option<Value>,
    /// Optional: the reporter's answers "Ask the reporter" quotes (`reporter.*`); empty = not
    /// written.
    pub others_affected: String,
    pub changed: String,
    pub tried: String,
    /// An imported `reporter` that is not an object, kept as given (for the validator to name)
    /// until one of its parts is typed.
    pub reporter_odd: Option<Value>,
}

impl Default for ScenarioDraft {
    fn default() -> Self {
        ScenarioDraft {
            id: String::new(),
            title: String::new(),
            who: String::new(),
            since: String::new(),
            expected: String::new(),
            actual: String::new(),
            flow: Flow::ApiCall.id().into(),
            fault: "expired-token".into(),
            params: BTreeMap::new(),
            seed: "1".into(),
            difficulty: "easy".into(),
            tags: String::new(),
            hints: vec![String::new(); 3],
            correct: String::new(),
            distractors: vec![(String::new(), String::new()); 3],
            diagnosis: String::new(),
            next_action: String::new(),
            evidence: String::new(),
            layer: String::new(),
            call: None,
            client: None,
            owner: None,
            others_affected: String::new(),
            changed: String::new(),
            tried: String::new(),
            reporter_odd: None,
        }
    }
}

impl Default for Draft {
    fn default() -> Self {
        Draft {
            version: DRAFT_VERSION,
            pack: PackDraft {
                id: "my-pack".into(),
                title: "My pack".into(),
                blurb: String::new(),
            },
            scenarios: vec![ScenarioDraft {
                id: "my-first-scenario".into(),
                ..ScenarioDraft::default()
            }],
            selected: 0,
        }
    }
}

/// A form field of a scenario; `path` is where the validator reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Who,
    Since,
    Expected,
    Actual,
    Flow,
    Fault,
    Param(String),
    Seed,
    Difficulty,
    Tags,
    Hint(usize),
    Correct,
    DistractorFault(usize),
    DistractorWhy(usize),
    Diagnosis,
    NextAction,
    Evidence,
    Layer,
    Call,
    Client,
    OthersAffected,
    Changed,
    Tried,
}

impl Field {
    pub fn path(&self, d: &ScenarioDraft) -> String {
        match self {
            Field::Id => "id".into(),
            Field::Title => "title".into(),
            Field::Who => "story.who".into(),
            Field::Since => "story.since".into(),
            Field::Expected => "story.expected".into(),
            Field::Actual => "story.actual".into(),
            Field::Flow => "flow".into(),
            Field::Fault => "fault".into(),
            Field::Param(name) => format!("fault.params.{name}"),
            Field::Seed => "seed".into(),
            Field::Difficulty => "difficulty".into(),
            Field::Tags => "tags".into(),
            Field::Hint(i) => format!("hints[{i}]"),
            Field::Correct => "explanations.correct".into(),
            Field::DistractorFault(i) => {
                let id = d.distractors.get(*i).map(|x| x.0.trim()).unwrap_or("");
                if id.is_empty() {
                    format!("explanations.distractors.#{i}")
                } else {
                    format!("explanations.distractors.{id}")
                }
            }
            // Problems about a distractor are shown once, beside its fault.
            Field::DistractorWhy(i) => format!("{}#why", Field::DistractorFault(*i).path(d)),
            Field::Diagnosis => "diagnosis".into(),
            Field::NextAction => "next_action".into(),
            Field::Evidence => "evidence_to_attach".into(),
            Field::Layer => "layer".into(),
            Field::Call => "call".into(),
            Field::Client => "client".into(),
            Field::OthersAffected => "reporter.others_affected".into(),
            Field::Changed => "reporter.changed".into(),
            Field::Tried => "reporter.tried".into(),
        }
    }
}

/// A call as the form shows and picks it: "GET /v2/customers/12345".
pub fn call_label(call: &Value) -> String {
    match object_or_default::<Option<CallSpec>>(call.clone()) {
        Some(CallSpec { method, path }) => format!("{method} {path}"),
        // Not a {method, path} pair: shown as written, for the engine's message to explain.
        None => call.to_string(),
    }
}

/// A client as the form shows and picks it: its id, or anything else as written.
pub fn client_label(client: &Value) -> String {
    client
        .as_str()
        .map_or_else(|| client.to_string(), str::to_string)
}

impl ScenarioDraft {
    pub fn set(&mut self, field: &Field, value: String) {
        match field {
            Field::Id => self.id = value,
            Field::Title => self.title = value,
            Field::Who => self.who = value,
            Field::Since => self.since = value,
            Field::Expected => self.expected = value,
            Field::Actual => self.actual = value,
            Field::Flow => super::flow_switch::switch(self, value),
            Field::Fault => self.fault = value,
            Field::Param(name) => {
                self.params.insert(name.clone(), value);
            }
            Field::Seed => self.seed = value,
            Field::Call => {
                // "" is the flow's usual request; a label the form made is "METHOD /path"; an
                // unreadable one (an imported oddity, chosen again) is left as it was.
                if value.is_empty() {
                    self.call = None;
                } else if self.call.as_ref().map(call_label).as_deref() != Some(value.as_str()) {
                    if let Some((method, path)) = value.split_once(' ') {
                        self.call = Some(json!({ "method": method, "path": path }));
                    }
                }
            }
            Field::Client => {
                // "" is the flow's usual client; any other choice is a runtime id, except the
                // label of an imported value that is not one (chosen again): left as it was.
                if value.is_empty() {
                    self.client = None;
                } else if self.client.as_ref().map(client_label).as_deref() != Some(value.as_str())
                {
                    self.client = Some(json!(value));
                }
            }
            Field::Difficulty => self.difficulty = value,
            Field::Tags => self.tags = value,
            Field::Hint(i) => {
                if self.hints.len() <= *i {
                    self.hints.resize(i + 1, String::new());
                }
                self.hints[*i] = value;
            }
            Field::Correct => self.correct = value,
            Field::DistractorFault(i) | Field::DistractorWhy(i) => {
                if self.distractors.len() <= *i {
                    self.distractors.resize(i + 1, Default::default());
                }
                let row = &mut self.distractors[*i];
                if matches!(field, Field::DistractorFault(_)) {
                    row.0 = value;
                } else {
                    row.1 = value;
                }
            }
            Field::Diagnosis => self.diagnosis = value,
            Field::NextAction => self.next_action = value,
            Field::Evidence => self.evidence = value,
            Field::Layer => self.layer = value,
            Field::OthersAffected => self.others_affected = value,
            Field::Changed => self.changed = value,
            Field::Tried => self.tried = value,
        }
    }

    /// The parameters that go into the JSON: only the current fault's, only the ones typed;
    /// `int` parameters become numbers when they read as one.
    fn params_json(&self, fault: Option<&FaultInfo>) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(fault) = fault else {
            return out;
        };
        for p in &fault.params {
            let Some(raw) = self.params.get(&p.name).map(|s| s.trim()) else {
                continue;
            };
            if raw.is_empty() {
                continue;
            }
            let value = match (p.kind.as_str(), raw.parse::<i64>()) {
                ("int", Ok(n)) => json!(n),
                _ => json!(raw),
            };
            out.insert(p.name.clone(), value);
        }
        out
    }

    /// The scenario as pack JSON, the way `faultline check` reads it.
    pub fn to_value(&self) -> Value {
        let fault_info = faultline_engine::fault(self.fault.trim());
        let mut fault = json!({ "id": self.fault.trim() });
        let params = self.params_json(fault_info.as_ref());
        if !params.is_empty() {
            fault["params"] = Value::Object(params);
        }
        // All four parts, even empty: the validator names the empty one by its field.
        let story = json!({ "who": self.who, "since": self.since,
            "expected": self.expected, "actual": self.actual });
        let seed = self.seed.trim();
        let seed = seed
            .parse::<u64>()
            .map_or_else(|_| json!(seed), |n| json!(n));
        let tags: Vec<&str> = self
            .tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let distractors: Map<String, Value> = self
            .distractors
            .iter()
            .filter(|(id, _)| !id.trim().is_empty())
            .map(|(id, why)| (id.trim().to_string(), json!(why)))
            .collect();
        let evidence: Vec<&str> = self
            .evidence
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let mut v = json!({
            "id": self.id.trim(),
            "schema_version": faultline_engine::SCHEMA_VERSION,
            "title": self.title,
            "story": story,
            "flow": self.flow.trim(),
            "fault": fault,
            "seed": seed,
            "difficulty": self.difficulty,
            "tags": tags,
            "hints": self.hints,
            "explanations": { "correct": self.correct, "distractors": distractors },
            "diagnosis": self.diagnosis,
            "next_action": self.next_action,
            "evidence_to_attach": evidence,
        });
        if !self.layer.trim().is_empty() {
            v["layer"] = json!(self.layer.trim());
        }
        if let Some(call) = &self.call {
            v["call"] = call.clone();
        }
        if let Some(client) = &self.client {
            v["client"] = client.clone();
        }
        if let Some(owner) = &self.owner {
            v["owner"] = owner.clone();
        }
        // Only the parts written; blank ones too, for the validator to name by their field.
        let reporter: Map<String, Value> = [
            ("others_affected", &self.others_affected),
            ("changed", &self.changed),
            ("tried", &self.tried),
        ]
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(k, t)| (k.to_string(), json!(t)))
        .collect();
        if !reporter.is_empty() {
            v["reporter"] = Value::Object(reporter);
        } else if let Some(odd) = &self.reporter_odd {
            v["reporter"] = odd.clone();
        }
        v
    }
}

impl Draft {
    pub fn to_pack(&self) -> Value {
        json!({
            "id": self.pack.id.trim(),
            "schema_version": faultline_engine::SCHEMA_VERSION,
            "title": self.pack.title,
            "blurb": self.pack.blurb,
            "scenarios": self.scenarios.iter().map(ScenarioDraft::to_value).collect::<Vec<_>>(),
        })
    }

    pub fn export(&self) -> String {
        serde_json::to_string_pretty(&self.to_pack()).expect("a pack always serializes")
    }

    pub fn current(&self) -> Option<&ScenarioDraft> {
        self.scenarios.get(self.selected)
    }

    /// Keeps `selected` on an existing scenario. A stored draft can name one that is not there
    /// (edited by hand, or saved by an older version); typing would then change nothing.
    pub fn clamp_selected(&mut self) {
        self.selected = self.selected.min(self.scenarios.len().saturating_sub(1));
    }

    /// Selects scenario `i`, or the last one when there is no scenario `i`.
    pub fn select(&mut self, i: usize) {
        self.selected = i;
        self.clamp_selected();
    }

    /// Whether the learner has written anything: a fresh draft (whichever scenario is selected)
    /// has nothing worth keeping.
    pub fn has_content(&self) -> bool {
        *self
            != Draft {
                selected: self.selected,
                ..Draft::default()
            }
    }

    /// One line about a draft for the list of kept-aside drafts.
    pub fn describe(&self) -> String {
        let title = if self.pack.title.trim().is_empty() {
            "Untitled pack".to_string()
        } else {
            format!("“{}”", self.pack.title.trim())
        };
        match self.scenarios.len() {
            1 => format!("{title}, 1 scenario"),
            n => format!("{title}, {n} scenarios"),
        }
    }

    /// Adds the scenarios of a pack after the draft's own (the draft's work is kept).
    pub fn append_pack(&mut self, pack: &Value) {
        if self.pack.blurb.trim().is_empty() {
            self.pack.blurb = packs::pack_blurb(pack);
        }
        let first = self.scenarios.len();
        self.scenarios
            .extend(packs::scenarios(pack).iter().map(ScenarioDraft::from_value));
        if self.scenarios.len() > first {
            self.selected = first;
        }
        self.clamp_selected();
    }

    pub fn add_scenario(&mut self) {
        let n = self.scenarios.len() + 1;
        self.scenarios.push(ScenarioDraft {
            id: format!("scenario-{n}"),
            seed: n.to_string(),
            ..ScenarioDraft::default()
        });
        self.selected = self.scenarios.len() - 1;
    }

    pub fn remove_selected(&mut self) {
        if self.selected < self.scenarios.len() {
            self.scenarios.remove(self.selected);
        }
        self.clamp_selected();
    }
}

/// Reads a stored draft (nothing stored reads as a new draft); Err says why it cannot be read.
pub fn load(stored: Option<&str>) -> Result<Draft, String> {
    match stored.map(serde_json::from_str::<Draft>) {
        None => Ok(Draft::default()),
        Some(Ok(mut d)) => {
            d.clamp_selected();
            Ok(d)
        }
        Some(Err(e)) => Err(e.to_string()),
    }
}

/// What saving the draft must do first, given the stored text this tab last loaded or wrote
/// (`base`), what is stored now, and the text to save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStep {
    Write,
    /// Another tab saved this different draft since: keep it aside, then write.
    KeepOtherFirst(String),
}

pub fn save_step(base: Option<&str>, stored_now: Option<&str>, ours: &str) -> SaveStep {
    match stored_now {
        Some(other) if Some(other) != base && other != ours => {
            SaveStep::KeepOtherFirst(other.to_string())
        }
        _ => SaveStep::Write,
    }
}

/// Sorts problems to the fields they name. Pack fields are `id`, `title`, `blurb`; a scenario
/// field of scenario `i` is `scenarios[i].<path>`. The most specific field wins; the rest (the
/// whole scenario, other scenarios) come back in the second list, as `path: message`.
pub fn place(
    problems: &[Problem],
    scenario: usize,
    field_paths: &[String],
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let prefix = format!("scenarios[{scenario}].");
    let mut by_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut rest = vec![];
    for p in problems {
        let key = match p.path.strip_prefix(&prefix) {
            Some(rel) => field_paths
                .iter()
                .filter(|f| {
                    rel == f.as_str()
                        || rel.starts_with(&format!("{f}."))
                        || rel.starts_with(&format!("{f}["))
                })
                .max_by_key(|f| f.len())
                .cloned(),
            None if ["id", "title", "blurb"].contains(&p.path.as_str()) => {
                Some(format!("pack.{}", p.path))
            }
            None => None,
        };
        match key {
            Some(k) => by_field.entry(k).or_default().push(p.to_string()),
            None => rest.push(p.to_string()),
        }
    }
    (by_field, rest)
}

#[cfg(test)]
mod tests;
