//! The scenario builder's draft: what the form holds (raw text, so nothing typed is ever lost,
//! even when it is not valid yet), its conversion to pack JSON, and problem placement.

use std::collections::BTreeMap;

use faultline_engine::{CallSpec, FaultInfo, Flow, Problem};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{json, Map, Value};

use crate::modes::packs;

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
        let mut story = json!({ "expected": self.expected, "actual": self.actual });
        for (k, v) in [("who", &self.who), ("since", &self.since)] {
            if !v.trim().is_empty() {
                story[k] = json!(v);
            }
        }
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
        v
    }

    /// Reads a scenario leniently (anything missing stays empty), for editing an imported pack.
    pub fn from_value(v: &Value) -> ScenarioDraft {
        let w: AsWritten = object_or_default(v.clone());
        let (who, since, expected, actual) = match w.story {
            StoryAsWritten::Parts(StoryParts {
                who,
                since,
                expected,
                actual,
            }) => (who, since, expected, actual),
            // The form has no one-sentence story: it goes where the form starts, "who".
            StoryAsWritten::Told(text) => (text, String::new(), String::new(), String::new()),
        };
        let mut hints = w.hints;
        hints.resize(hints.len().max(3), String::new());
        let mut distractors: Vec<(String, String)> =
            w.explanations.distractors.into_iter().collect();
        distractors.resize(distractors.len().max(3), Default::default());
        ScenarioDraft {
            id: w.id,
            title: w.title,
            who,
            since,
            expected,
            actual,
            flow: w.flow,
            fault: w.fault.id,
            params: w.fault.params,
            seed: w.seed,
            difficulty: w.difficulty,
            tags: w.tags.join(", "),
            hints,
            correct: w.explanations.correct,
            distractors,
            diagnosis: w.diagnosis,
            next_action: w.next_action,
            evidence: w.evidence_to_attach.join("\n"),
            layer: w.layer,
            call: w.call,
        }
    }
}

/// A pack scenario read the way the form holds it: every field as text whatever its JSON type
/// (a string as it is, null or missing as empty, anything else as its JSON), so editing an
/// imported scenario with problems loses nothing. Anything but an object reads as empty.
#[derive(Deserialize, Default)]
#[serde(default)]
struct AsWritten {
    #[serde(deserialize_with = "as_text")]
    id: String,
    #[serde(deserialize_with = "as_text")]
    title: String,
    #[serde(deserialize_with = "story")]
    story: StoryAsWritten,
    #[serde(deserialize_with = "as_text")]
    flow: String,
    /// The root cause (the first fault of a list); the form edits one fault.
    #[serde(deserialize_with = "first_fault")]
    fault: FaultAsWritten,
    #[serde(deserialize_with = "as_text")]
    seed: String,
    #[serde(deserialize_with = "as_text")]
    difficulty: String,
    #[serde(deserialize_with = "items_as_text")]
    tags: Vec<String>,
    #[serde(deserialize_with = "items_as_text")]
    hints: Vec<String>,
    #[serde(deserialize_with = "object")]
    explanations: ExplanationsAsWritten,
    #[serde(deserialize_with = "as_text")]
    diagnosis: String,
    #[serde(deserialize_with = "as_text")]
    next_action: String,
    #[serde(deserialize_with = "items_as_text")]
    evidence_to_attach: Vec<String>,
    #[serde(deserialize_with = "as_text")]
    layer: String,
    /// Kept as given (a `null` too), so a call the form does not offer is never lost.
    #[serde(deserialize_with = "kept")]
    call: Option<Value>,
}

/// The parts of a story object, or any other story as text.
enum StoryAsWritten {
    Parts(StoryParts),
    Told(String),
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StoryParts {
    #[serde(deserialize_with = "as_text")]
    who: String,
    #[serde(deserialize_with = "as_text")]
    since: String,
    #[serde(deserialize_with = "as_text")]
    expected: String,
    #[serde(deserialize_with = "as_text")]
    actual: String,
}

impl Default for StoryAsWritten {
    fn default() -> Self {
        StoryAsWritten::Told(String::new())
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FaultAsWritten {
    #[serde(deserialize_with = "as_text")]
    id: String,
    #[serde(deserialize_with = "values_as_text")]
    params: BTreeMap<String, String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ExplanationsAsWritten {
    #[serde(deserialize_with = "as_text")]
    correct: String,
    #[serde(deserialize_with = "values_as_text")]
    distractors: BTreeMap<String, String>,
}

fn text_of(v: Value) -> String {
    match v {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn as_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(text_of(Value::deserialize(d)?))
}

/// The items of an array as text; empty when it is not an array.
fn items_as_text<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Array(items) => items.into_iter().map(text_of).collect(),
        _ => vec![],
    })
}

/// The values of an object as text; empty when it is not an object.
fn values_as_text<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Object(o) => o.into_iter().map(|(k, v)| (k, text_of(v))).collect(),
        _ => BTreeMap::new(),
    })
}

fn first_fault<'de, D: Deserializer<'de>>(d: D) -> Result<FaultAsWritten, D::Error> {
    let fault = match Value::deserialize(d)? {
        Value::Array(list) => list.into_iter().next().unwrap_or(Value::Null),
        one => one,
    };
    Ok(object_or_default(fault))
}

fn story<'de, D: Deserializer<'de>>(d: D) -> Result<StoryAsWritten, D::Error> {
    Ok(match Value::deserialize(d)? {
        parts @ Value::Object(_) => StoryAsWritten::Parts(object_or_default(parts)),
        other => StoryAsWritten::Told(text_of(other)),
    })
}

fn object<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(d: D) -> Result<T, D::Error> {
    Ok(object_or_default(Value::deserialize(d)?))
}

/// `T` read from an object; anything else (an array would fill fields by position) is empty.
fn object_or_default<T: DeserializeOwned + Default>(v: Value) -> T {
    match v {
        Value::Object(_) => T::deserialize(v).unwrap_or_default(),
        _ => T::default(),
    }
}

fn kept<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
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

/// What loading a stored draft gave.
pub fn load(stored: Option<&str>) -> (Draft, Option<String>) {
    match stored.map(serde_json::from_str::<Draft>) {
        None => (Draft::default(), None),
        Some(Ok(mut d)) => {
            d.clamp_selected();
            (d, None)
        }
        Some(Err(e)) => (
            Draft::default(),
            Some(format!(
                "The saved builder draft could not be read ({e}); it was kept aside and a new \
                 draft was started."
            )),
        ),
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
mod tests {
    use super::*;
    use faultline_engine::validate_pack;

    fn no_files(_: &str) -> Result<Value, String> {
        Err("no files".into())
    }

    fn filled() -> ScenarioDraft {
        let mut d = ScenarioDraft {
            id: "token-expired".into(),
            title: "Lookups fail".into(),
            expected: "Customer record".into(),
            actual: "401".into(),
            tags: "oauth, status-codes".into(),
            hints: vec!["a".into(), "b".into(), "c".into()],
            correct: "Authentication / authorization: the token expired.".into(),
            diagnosis: "GET returned 401.".into(),
            next_action: "Refresh the token.".into(),
            evidence: "trace id\n\nstatus line".into(),
            ..ScenarioDraft::default()
        };
        d.set(&Field::Param("minutes_ago".into()), "30".into());
        d.set(&Field::Param("unrelated".into()), "x".into());
        d
    }

    #[test]
    fn a_filled_draft_is_a_valid_pack() {
        let draft = Draft {
            pack: PackDraft {
                id: "mine".into(),
                title: "Mine".into(),
                blurb: "Mine".into(),
            },
            scenarios: vec![filled()],
            ..Draft::default()
        };
        let pack = draft.to_pack();
        assert_eq!(
            pack["scenarios"][0]["fault"]["params"],
            json!({"minutes_ago": 30})
        );
        assert_eq!(
            pack["scenarios"][0]["evidence_to_attach"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        let problems = validate_pack(&pack, &no_files);
        assert!(problems.is_empty(), "{problems:?}");
        let back = ScenarioDraft::from_value(&pack["scenarios"][0]);
        assert_eq!(back.to_value(), pack["scenarios"][0]);
    }

    #[test]
    fn an_imported_scenario_with_problems_keeps_every_field_as_text() {
        let d = ScenarioDraft::from_value(&json!({
            "id": "x", "title": 5, "story": "One sentence.", "seed": -1, "flow": null,
            "fault": [{"id": "expired-token", "params": {"minutes_ago": 30, "extra": [1]}}, {"id": "dns-nxdomain"}],
            "tags": ["oauth", 7], "hints": ["only one"],
            "explanations": {"correct": "Why.", "distractors": {"revoked-token": 1}},
            "evidence_to_attach": ["a", "b"], "call": null
        }));
        assert_eq!(
            (d.id.as_str(), d.title.as_str(), d.seed.as_str()),
            ("x", "5", "-1")
        );
        assert_eq!((d.who.as_str(), d.flow.as_str()), ("One sentence.", ""));
        assert_eq!(d.fault, "expired-token");
        assert_eq!(d.params["minutes_ago"], "30");
        assert_eq!(d.params["extra"], "[1]");
        assert_eq!(d.tags, "oauth, 7");
        assert_eq!(d.hints, ["only one", "", ""]);
        assert_eq!(d.correct, "Why.");
        assert_eq!(d.distractors[0], ("revoked-token".into(), "1".into()));
        assert_eq!(d.evidence, "a\nb");
        assert_eq!(
            d.call,
            Some(Value::Null),
            "kept as given, for the engine to name"
        );
        let parts = ScenarioDraft::from_value(&json!({"story": {"who": "Agents", "actual": 401}}));
        assert_eq!(
            (parts.who.as_str(), parts.actual.as_str()),
            ("Agents", "401")
        );
        assert_eq!(parts.call, None);
        // Not a scenario object at all: an empty form, never one filled by position.
        for odd in [json!("file.json"), json!(["a", "b"])] {
            let d = ScenarioDraft::from_value(&odd);
            assert_eq!(
                (d.id.as_str(), d.title.as_str(), d.fault.as_str()),
                ("", "", "")
            );
        }
    }

    #[test]
    fn the_request_field_sets_and_clears_the_call() {
        let mut s = ScenarioDraft::default();
        s.set(&Field::Call, "POST /v2/chats".into());
        assert_eq!(
            s.to_value()["call"],
            json!({"method": "POST", "path": "/v2/chats"})
        );
        assert_eq!(call_label(s.call.as_ref().unwrap()), "POST /v2/chats");
        s.set(&Field::Call, String::new());
        assert!(
            s.to_value().get("call").is_none(),
            "the flow's usual request"
        );
        // An imported call the form does not offer survives being shown and re-selected.
        let odd = json!({"method": "GET", "path": "/v2/customers/1", "extra": true});
        s.call = Some(odd.clone());
        s.set(&Field::Call, call_label(&odd));
        assert_eq!(s.call, Some(odd));
        // Not a {method, path} object: shown as written.
        assert_eq!(call_label(&json!(["GET", "/x"])), r#"["GET","/x"]"#);
        assert_eq!(call_label(&json!({"method": "GET"})), r#"{"method":"GET"}"#);
    }

    #[test]
    fn problems_land_next_to_their_fields() {
        let mut d = Draft::default();
        d.scenarios[0].seed = "abc".into();
        d.scenarios[0].hints[1] = "only one".into();
        d.add_scenario();
        let problems = validate_pack(&d.to_pack(), &no_files);
        let s = &d.scenarios[0];
        let fields: Vec<String> = [
            Field::Seed,
            Field::Hint(0),
            Field::Title,
            Field::Fault,
            Field::Expected,
        ]
        .iter()
        .map(|f| f.path(s))
        .collect();
        let (by_field, rest) = place(&problems, 0, &fields);
        assert_eq!(
            by_field["seed"],
            vec!["scenarios[0].seed: is required and must be a non-negative integer"]
        );
        assert!(by_field["title"][0].starts_with("scenarios[0].title: "));
        assert!(by_field["story.expected"][0].contains("must not be empty"));
        assert!(by_field["pack.blurb"][0].starts_with("blurb: "));
        assert!(rest.iter().any(|r| r.starts_with("scenarios[1]")));
        assert!(
            !by_field.contains_key("hints[0]")
                || by_field["hints[0]"].iter().all(|m| m.contains("hints[0]"))
        );
    }

    #[test]
    fn drafts_round_trip_and_unreadable_ones_say_so() {
        let mut d = Draft::default();
        d.scenarios[0].title = "<img src=x onerror=alert(1)>".into();
        let text = serde_json::to_string(&d).unwrap();
        assert_eq!(load(Some(&text)).0, d);
        let (fresh, notice) = load(Some("{broken"));
        assert_eq!(fresh, Draft::default());
        assert!(notice.unwrap().contains("kept aside"));
        assert_eq!(load(None).1, None);
    }

    #[test]
    fn a_stored_selection_past_the_end_is_clamped_so_typing_lands() {
        let mut stored = serde_json::to_value(Draft::default()).unwrap();
        stored["selected"] = json!(7);
        let (mut d, notice) = load(Some(&stored.to_string()));
        assert_eq!(notice, None);
        assert_eq!(d.selected, 0);
        let i = d.selected;
        d.scenarios[i].set(&Field::Title, "typed".into());
        assert_eq!(d.current().unwrap().title, "typed");
        let (empty, _) = load(Some(r#"{"scenarios": [], "selected": 3}"#));
        assert_eq!(empty.selected, 0);
        let mut d = Draft::default();
        d.select(9);
        assert_eq!(d.selected, 0);
        d.append_pack(&json!({"scenarios": "not a list"}));
        assert_eq!(d.selected, 0);
    }

    #[test]
    fn a_draft_another_tab_saved_is_kept_aside_before_writing() {
        // Nothing changed elsewhere: write.
        assert_eq!(save_step(Some("a"), Some("a"), "b"), SaveStep::Write);
        assert_eq!(save_step(None, None, "b"), SaveStep::Write);
        // The other tab wrote exactly what we are writing: nothing to keep.
        assert_eq!(save_step(Some("a"), Some("b"), "b"), SaveStep::Write);
        // Another tab saved a different draft since this one loaded: keep it first.
        assert_eq!(
            save_step(Some("a"), Some("c"), "b"),
            SaveStep::KeepOtherFirst("c".into())
        );
        assert_eq!(
            save_step(None, Some("c"), "b"),
            SaveStep::KeepOtherFirst("c".into())
        );
    }

    #[test]
    fn content_and_description() {
        let mut d = Draft::default();
        assert!(!d.has_content());
        d.add_scenario();
        assert!(d.has_content());
        assert_eq!(d.describe(), "“My pack”, 2 scenarios");
        d.pack.title = " ".into();
        d.remove_selected();
        assert_eq!(d.describe(), "Untitled pack, 1 scenario");
    }

    #[test]
    fn editing_the_list_keeps_a_valid_selection() {
        let mut d = Draft::default();
        d.add_scenario();
        d.add_scenario();
        assert_eq!((d.scenarios.len(), d.selected), (3, 2));
        d.remove_selected();
        assert_eq!((d.scenarios.len(), d.selected), (2, 1));
        d.append_pack(
            &json!({"blurb": "B", "scenarios": [{"id": "x", "fault": [{"id": "dns-nxdomain"}]}]}),
        );
        assert_eq!((d.scenarios.len(), d.selected), (3, 2));
        assert_eq!(d.scenarios[2].fault, "dns-nxdomain");
        assert_eq!(d.pack.blurb, "B");
    }
}
