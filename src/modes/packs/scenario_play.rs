//! A scenario (pack JSON) as a playable puzzle: the engine builds the puzzle from the scenario's
//! run, then the author's story, hints and explanations replace the generic ones.

use faultline_engine::{puzzle_for, Difficulty, Puzzle, RunSpec};
use serde_json::Value;

/// What the lists show about a scenario, read leniently (packs may have problems).
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioInfo {
    pub id: String,
    pub title: String,
    pub tags: Vec<String>,
    pub difficulty: String,
    /// What the author says to attach when escalating.
    pub attach: Vec<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// The strings in the array at `key`; nothing when it is missing or not an array.
fn strings(s: &Value, key: &str) -> Vec<String> {
    s.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

pub fn info(s: &Value, index: usize) -> ScenarioInfo {
    ScenarioInfo {
        id: text(s, "id").unwrap_or_else(|| format!("scenario-{}", index + 1)),
        title: text(s, "title").unwrap_or_else(|| format!("Scenario {}", index + 1)),
        tags: strings(s, "tags"),
        difficulty: text(s, "difficulty").unwrap_or_else(|| "medium".into()),
        attach: strings(s, "evidence_to_attach"),
    }
}

/// The run a scenario describes: the engine's own reading, so the app plays exactly what
/// `faultline check` replays (flow, faults with the root cause first, seed and chosen call).
pub fn run_spec(s: &Value) -> Result<RunSpec, String> {
    faultline_engine::scenario::run_spec(s)
}

/// The story as one paragraph per part: (label, text).
pub fn story_parts(s: &Value) -> Vec<(&'static str, String)> {
    match s.get("story") {
        Some(Value::String(t)) => vec![("Report", t.clone())],
        Some(Value::Object(o)) => [
            ("Who", "who"),
            ("Since", "since"),
            ("Expected", "expected"),
            ("Actual", "actual"),
        ]
        .into_iter()
        .filter_map(|(label, key)| {
            o.get(key)
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .map(|t| (label, t.to_string()))
        })
        .collect(),
        _ => vec![],
    }
}

pub fn puzzle(s: &Value) -> Result<Puzzle, String> {
    let spec = run_spec(s)?;
    let difficulty = s
        .get("difficulty")
        .and_then(Value::as_str)
        .and_then(Difficulty::parse)
        .unwrap_or(Difficulty::Medium);
    let mut p = puzzle_for(&spec, difficulty).map_err(|e| e.to_string())?;
    let story = &mut p.view.evidence.story;
    match s.get("story") {
        Some(Value::String(t)) => story.context = t.clone(),
        Some(Value::Object(o)) => {
            let get = |k: &str| o.get(k).and_then(Value::as_str).map(String::from);
            let who: Vec<String> = [get("who"), get("since")].into_iter().flatten().collect();
            if !who.is_empty() {
                story.context = who.join(" · ");
            }
            if let Some(t) = get("expected") {
                story.expected = t;
            }
            if let Some(t) = get("actual") {
                story.actual = t;
            }
        }
        _ => {}
    }
    if let Some(hints) = s.get("hints").and_then(Value::as_array) {
        let hints: Vec<String> = hints
            .iter()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        if hints.len() == 3 {
            p.view.hints = hints;
        }
    }
    let explanations = s.get("explanations");
    if let Some(t) = explanations.and_then(|e| text(e, "correct")) {
        if let Some(k) = p.key.first_mut() {
            k.explanation = t;
        }
    }
    if let Some(d) = explanations
        .and_then(|e| e.get("distractors"))
        .and_then(Value::as_object)
    {
        if let Some(k) = p.key.get_mut(1) {
            for (id, why) in d {
                if let (Some(slot), Some(why)) = (k.wrong.get_mut(id), why.as_str()) {
                    *slot = why.to_string();
                }
            }
        }
    }
    if let Some(t) = text(s, "next_action") {
        if let Some(k) = p.key.get_mut(2) {
            k.explanation = t;
        }
    }
    if let Some(t) = text(s, "diagnosis") {
        p.answer.diagnosis = t;
    }
    if let Some(id) = text(s, "id") {
        p.view.id = id;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub fn sample() -> Value {
        json!({
            "id": "my-401", "schema_version": 1, "title": "Lookups fail",
            "story": {"expected": "a customer", "actual": "an error <img src=x>", "who": "Agents"},
            "flow": "api-call", "fault": {"id": "expired-token"}, "seed": 18,
            "difficulty": "easy", "tags": ["oauth"],
            "hints": ["one", "two", "three"],
            "explanations": {"correct": "Authentication: expired.", "distractors": {}},
            "diagnosis": "GET returned 401.", "next_action": "Refresh the token.",
            "evidence_to_attach": ["trace id"]
        })
    }

    #[test]
    fn the_author_texts_replace_the_generic_ones() {
        let p = puzzle(&sample()).unwrap();
        assert_eq!(p.answer.fault_id, "expired-token");
        assert_eq!(p.view.hints, vec!["one", "two", "three"]);
        assert_eq!(p.view.evidence.story.actual, "an error <img src=x>");
        assert_eq!(p.view.evidence.story.context, "Agents");
        assert_eq!(p.key[0].explanation, "Authentication: expired.");
        assert_eq!(p.key[2].explanation, "Refresh the token.");
        assert_eq!(p.answer.diagnosis, "GET returned 401.");
        let i = info(&sample(), 0);
        assert_eq!((i.id.as_str(), i.tags.len()), ("my-401", 1));
        assert_eq!(story_parts(&sample()).len(), 3);
    }

    #[test]
    fn broken_scenarios_say_why() {
        let mut s = sample();
        s["seed"] = json!("x");
        assert!(puzzle(&s).unwrap_err().contains("seed"));
        s["seed"] = json!(1);
        s["fault"] = json!({"id": "nope"});
        assert!(puzzle(&s).unwrap_err().contains("unknown fault"));
        assert_eq!(info(&json!({}), 2).title, "Scenario 3");
    }
}
