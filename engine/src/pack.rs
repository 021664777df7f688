//! Scenario packs as types: what the validator (`scenario.rs`) hands out once a pack or scenario
//! has no problem left. The serde shape is the pack file's shape, so a checked pack written back
//! out is the file it was read from.
//!
//! The lenient reading of a pack or scenario that still has problems (an imported pack, a draft
//! being written) is [`PackText`] / [`ScenarioText`]: every field it can read, nothing it cannot.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::model::{CallSpec, Difficulty, FaultSpec, Layer, Owner, Problem, RunSpec};
use crate::scenario;

mod index;
mod trainer;
pub use index::{check_index, check_paths, read_index, LearningPath, PackIndex, PathStep};
pub use trainer::{schedule, PlanBlock, TrainerKit, WrongAnswer, PLAN_MINUTES};

/// A pack that passed every check.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Pack {
    pub id: String,
    pub schema_version: u32,
    pub title: String,
    pub blurb: String,
    /// Inline in the file or read from the files it names: here always the scenarios themselves.
    pub scenarios: Vec<Scenario>,
}

/// A scenario that passed every check, replay included.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub schema_version: u32,
    pub title: String,
    pub story: Story,
    /// A flow id (`api-call`, `webhook`, …), known to the engine.
    pub flow: String,
    pub fault: Faults,
    pub seed: u64,
    pub difficulty: Difficulty,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub hints: [String; 3],
    pub explanations: Explanations,
    pub diagnosis: String,
    pub next_action: String,
    pub evidence_to_attach: Vec<String>,
    /// The root-cause layer the author means (checked against the engine's answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<Layer>,
    /// The request the api-call flow makes instead of its usual one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallSpec>,
    /// The client runtime the run names (`RunSpec.client`), when not the flow's usual one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<String>,
    /// Who owns the fix when the story puts it elsewhere than the catalogue's owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<OwnerOverride>,
    /// The trainer's kit: objective, wrong answers, discussion, debrief.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trainer: Option<TrainerKit>,
    /// What the reporter answers when asked; "Ask the reporter" quotes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reporter: Option<Reporter>,
}

/// The reporter's answers to the follow-up questions, in the author's words (each optional; the
/// validator wants at least one when the object is there). The story's `who` and `since` answer
/// "who" and "since when"; these answer the rest.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct Reporter {
    /// Who else is affected, as far as the reporter knows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub others_affected: Option<String>,
    /// What changed on their side around the time it started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changed: Option<String>,
    /// What they already tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tried: Option<String>,
}

/// A scenario's owner of the fix, with why in one sentence.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct OwnerOverride {
    pub id: Owner,
    pub why: String,
}

/// The story as the reporter tells it (all four parts are required by the validator).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Story {
    /// Who reported it: a role or a person.
    pub who: String,
    /// When it started.
    pub since: String,
    /// What should happen, in the author's words (never the failing request).
    pub expected: String,
    /// What happens instead.
    pub actual: String,
}

/// One fault, or several stacked with the root cause first (both shapes are kept as written).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum Faults {
    One(FaultSpec),
    Stacked(Vec<FaultSpec>),
}

impl Faults {
    /// The faults, root cause first.
    pub fn as_slice(&self) -> &[FaultSpec] {
        match self {
            Faults::One(f) => std::slice::from_ref(f),
            Faults::Stacked(list) => list,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Explanations {
    /// Why the answer is right.
    pub correct: String,
    /// Fault id → why that cause is wrong here.
    pub distractors: BTreeMap<String, String>,
}

impl Scenario {
    /// The run the scenario describes, as `faultline check` replays it.
    pub fn run_spec(&self) -> RunSpec {
        RunSpec {
            flow: Some(self.flow.clone()),
            faults: self.fault.as_slice().to_vec(),
            seed: self.seed,
            call: self.call.clone(),
            client: self.client.clone(),
        }
    }

    /// The scenario's run held for probing, answering in the scenario's words: its story and
    /// its reporter's answers are what "Ask the reporter" quotes.
    pub fn investigation(&self) -> Result<crate::probe::Investigation, crate::EngineError> {
        Ok(crate::probe::Investigation::new(&self.run_spec())?
            .with_report(&self.story, self.reporter.as_ref()))
    }
}

/// The checked scenario, or every problem found in it (paths start with `path`).
pub fn read_scenario(value: &Value, path: &str) -> Result<Scenario, Vec<Problem>> {
    let problems = scenario::validate_scenario(value, path);
    if !problems.is_empty() {
        return Err(problems);
    }
    typed(value, path)
}

/// The checked pack, or every problem found in it. Scenario entries may be inline objects or
/// file names resolved by `load`; the pack holds the scenarios either way.
pub fn read_pack(
    pack: &Value,
    load: &dyn Fn(&str) -> Result<Value, String>,
) -> Result<Pack, Vec<Problem>> {
    let (problems, scenarios) = scenario::check_pack(pack, load);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut resolved = pack.clone();
    resolved["scenarios"] = Value::Array(scenarios);
    typed(&resolved, "$")
}

/// [`crate::parse_pack`] then [`read_pack`]: the whole reading of a pack file's text.
pub fn read_pack_text(
    text: &str,
    load: &dyn Fn(&str) -> Result<Value, String>,
) -> Result<Pack, Vec<Problem>> {
    read_pack(&scenario::parse_pack(text).map_err(|e| vec![e])?, load)
}

/// The types after the checks. The checks are the stricter of the two, so this cannot fail on a
/// value they passed; if it ever does, it is reported like any other problem, never a panic.
fn typed<T: DeserializeOwned>(value: &Value, path: &str) -> Result<T, Vec<Problem>> {
    T::deserialize(value).map_err(|e| {
        vec![Problem {
            path: path.into(),
            message: format!("cannot be read: {e}"),
        }]
    })
}

/// What a scenario says in words, read leniently: each field is kept when it is there and of the
/// right type, and is `None` (or empty) otherwise, so a scenario with problems still shows what
/// it can. The run (flow, faults, seed, call) is [`scenario::run_spec`]'s to read, with its
/// reasons when it cannot.
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct ScenarioText {
    #[serde(deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub story: Option<StoryText>,
    #[serde(deserialize_with = "text")]
    pub difficulty: Option<String>,
    #[serde(deserialize_with = "strings")]
    pub tags: Vec<String>,
    #[serde(deserialize_with = "strings")]
    pub hints: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    pub explanations: Option<ExplanationsText>,
    #[serde(deserialize_with = "text")]
    pub diagnosis: Option<String>,
    #[serde(deserialize_with = "text")]
    pub next_action: Option<String>,
    #[serde(deserialize_with = "strings")]
    pub evidence_to_attach: Vec<String>,
    /// The faults' ids, root cause first (for what the scenario is about, not to run it).
    #[serde(rename = "fault", deserialize_with = "fault_ids")]
    pub fault_ids: Vec<String>,
    /// The owner override, when its id is a known owner.
    #[serde(deserialize_with = "lenient")]
    pub owner: Option<OwnerOverride>,
    /// The trainer's kit, when it reads whole.
    #[serde(deserialize_with = "lenient")]
    pub trainer: Option<TrainerKit>,
    /// The reporter's answers, when they read whole.
    #[serde(deserialize_with = "lenient")]
    pub reporter: Option<Reporter>,
}

/// [`Story`] read leniently (a sentence too, as older packs wrote it): a report's parts that are not strings are left out.
#[derive(Deserialize, Clone, Debug, PartialEq)]
#[serde(untagged)]
pub enum StoryText {
    Told(String),
    Reported {
        #[serde(default, deserialize_with = "lenient")]
        who: Option<String>,
        #[serde(default, deserialize_with = "lenient")]
        since: Option<String>,
        #[serde(default, deserialize_with = "lenient")]
        expected: Option<String>,
        #[serde(default, deserialize_with = "lenient")]
        actual: Option<String>,
    },
}

/// [`Explanations`] read leniently: distractors whose reason is not a string are left out.
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct ExplanationsText {
    #[serde(deserialize_with = "text")]
    pub correct: Option<String>,
    #[serde(deserialize_with = "string_map")]
    pub distractors: BTreeMap<String, String>,
}

impl ScenarioText {
    /// Never fails: anything unreadable is simply not there.
    pub fn read(value: &Value) -> ScenarioText {
        ScenarioText::deserialize(value).unwrap_or_default()
    }
}

/// What a pack says about itself, read leniently like [`ScenarioText`]: the id and title as
/// written when they are not blank, the blurb when it is a string. (Its scenarios are read one by
/// one, each with [`ScenarioText`] and [`scenario::run_spec`].)
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(default)]
pub struct PackText {
    #[serde(deserialize_with = "not_blank")]
    pub id: Option<String>,
    #[serde(deserialize_with = "not_blank")]
    pub title: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub blurb: Option<String>,
}

impl PackText {
    /// Never fails: anything unreadable is simply not there.
    pub fn read(value: &Value) -> PackText {
        PackText::deserialize(value).unwrap_or_default()
    }
}

/// A string that is not blank, as written (an id is compared exactly as stored).
fn not_blank<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(lenient::<D, String>(d)?.filter(|s| !s.trim().is_empty()))
}

/// `T` when the value is one, else `None` (the value is consumed either way).
fn lenient<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Option<T>, D::Error> {
    let value = Value::deserialize(d)?;
    Ok(T::deserialize(value).ok())
}

/// A string with something in it, trimmed.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(lenient::<D, String>(d)?
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty()))
}

/// The strings of an array, other items left out; empty when it is not an array.
fn strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(lenient::<D, Vec<Value>>(d)?
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect())
}

fn string_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, String>, D::Error> {
    Ok(lenient::<D, BTreeMap<String, Value>>(d)?
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
        .collect())
}

/// The `id` of one fault object or of each in a list.
fn fault_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let id = |v: &Value| Id::deserialize(v).ok().map(|f| f.id);
    Ok(match Value::deserialize(d)? {
        Value::Array(list) => list.iter().filter_map(id).collect(),
        one => id(&one).into_iter().collect(),
    })
}
