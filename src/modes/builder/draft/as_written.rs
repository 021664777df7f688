//! Reading a pack scenario into the form: every field as text whatever its JSON type, so editing
//! an imported scenario with problems loses nothing.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::ScenarioDraft;

impl ScenarioDraft {
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
            // An older one-sentence story is the ticket itself, what happens: "actual".
            StoryAsWritten::Told(text) => (String::new(), String::new(), String::new(), text),
        };
        // The reporter's answers as text; anything but an object is kept as given.
        let (reporter, reporter_odd) = match w.reporter {
            Some(parts @ Value::Object(_)) => (object_or_default::<ReporterParts>(parts), None),
            other => (ReporterParts::default(), other),
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
            params: faultline_engine::faults::current_param_names(&w.fault.id, w.fault.params),
            fault: w.fault.id,
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
            client: w.client,
            owner: w.owner,
            others_affected: reporter.others_affected,
            changed: reporter.changed,
            tried: reporter.tried,
            reporter_odd,
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
    /// Kept as given, like `call`.
    #[serde(deserialize_with = "kept")]
    client: Option<Value>,
    /// Kept as given, like `call`: the form does not edit it.
    #[serde(deserialize_with = "kept")]
    owner: Option<Value>,
    /// Read into its parts when it is an object (`ReporterParts`).
    #[serde(deserialize_with = "kept")]
    reporter: Option<Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReporterParts {
    #[serde(deserialize_with = "as_text")]
    others_affected: String,
    #[serde(deserialize_with = "as_text")]
    changed: String,
    #[serde(deserialize_with = "as_text")]
    tried: String,
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
pub(super) fn object_or_default<T: DeserializeOwned + Default>(v: Value) -> T {
    match v {
        Value::Object(_) => T::deserialize(v).unwrap_or_default(),
        _ => T::default(),
    }
}

fn kept<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}
