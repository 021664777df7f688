//! A scenario (pack JSON) as a playable puzzle: the engine builds the puzzle from the scenario's
//! run, then the author's story, hints and explanations replace the generic ones.

use crate::modes::investigate::player::Source;
use faultline_engine::pack::{Reporter, ScenarioText, Story, StoryText};
use faultline_engine::{puzzle_explained, Difficulty, Puzzle, RunSpec};
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

/// The lists' view of a scenario's texts; `index` names one without an id or title.
pub fn info_of(text: &ScenarioText, index: usize) -> ScenarioInfo {
    ScenarioInfo {
        id: text
            .id
            .clone()
            .unwrap_or_else(|| format!("scenario-{}", index + 1)),
        title: text
            .title
            .clone()
            .unwrap_or_else(|| format!("Scenario {}", index + 1)),
        tags: text.tags.clone(),
        difficulty: text.difficulty.clone().unwrap_or_else(|| "medium".into()),
        attach: text.evidence_to_attach.clone(),
    }
}

pub fn info(s: &Value, index: usize) -> ScenarioInfo {
    info_of(&ScenarioText::read(s), index)
}

/// The run a scenario describes: the engine's own reading, so the app plays exactly what
/// `faultline check` replays (flow, faults with the root cause first, seed and chosen call).
pub fn run_spec(s: &Value) -> Result<RunSpec, String> {
    faultline_engine::scenario::run_spec(s)
}

/// Where the Investigate view's probes come from: the scenario's run, with "Ask the reporter"
/// answering in the author's words when the story is told in its four parts.
pub fn probe_source(s: &Value) -> Result<Source, String> {
    let spec = run_spec(s)?;
    Ok(match report(s) {
        Some((story, reporter)) => Source::Scenario {
            spec,
            story,
            reporter,
        },
        None => Source::Run(spec),
    })
}

/// The story in its four parts and the reporter's other answers, read as leniently as the rest
/// of the page; None for a story told in one paragraph.
pub fn report(s: &Value) -> Option<(Story, Option<Reporter>)> {
    let text = ScenarioText::read(s);
    match text.story {
        Some(StoryText::Reported {
            who: Some(who),
            since: Some(since),
            expected: Some(expected),
            actual: Some(actual),
        }) => Some((
            Story {
                who,
                since,
                expected,
                actual,
            },
            text.reporter,
        )),
        _ => None,
    }
}

/// The difficulty the author gave (medium when missing or unknown).
pub fn difficulty(s: &Value) -> Difficulty {
    ScenarioText::read(s)
        .difficulty
        .as_deref()
        .and_then(Difficulty::parse)
        .unwrap_or(Difficulty::Medium)
}

/// The story as one paragraph per part: (label, text).
pub fn story_parts(s: &Value) -> Vec<(&'static str, String)> {
    match ScenarioText::read(s).story {
        Some(StoryText::Told(t)) => vec![("Report", t)],
        Some(StoryText::Reported {
            who,
            since,
            expected,
            actual,
        }) => [
            ("Who", who),
            ("Since", since),
            ("Expected", expected),
            ("Actual", actual),
        ]
        .into_iter()
        .filter_map(|(label, t)| Some((label, t?)).filter(|(_, t)| !t.trim().is_empty()))
        .collect(),
        None => vec![],
    }
}

pub fn puzzle(s: &Value) -> Result<Puzzle, String> {
    let spec = run_spec(s)?;
    let text = ScenarioText::read(s);
    // The author's reasons for the wrong causes are passed in, so the engine does not work out
    // its own only to have them replaced (most of the time of opening a scenario).
    let written = text
        .explanations
        .as_ref()
        .map(|e| e.distractors.clone())
        .unwrap_or_default();
    let mut p = puzzle_explained(&spec, difficulty(s), &written).map_err(|e| e.to_string())?;
    let story = &mut p.view.evidence.story;
    match text.story {
        Some(StoryText::Told(t)) => story.context = t,
        Some(StoryText::Reported {
            who,
            since,
            expected,
            actual,
        }) => {
            if let Some(t) = who {
                story.context = t;
            }
            if let Some(t) = since {
                story.since = t;
            }
            if let Some(t) = expected {
                story.expected = t;
            }
            if let Some(t) = actual {
                story.actual = t;
            }
        }
        None => {}
    }
    if text.hints.len() == 3 {
        p.view.hints = text.hints;
    }
    if let Some(explanations) = text.explanations {
        // The author's explanation is the cause's: it says what this scenario got wrong (a POST to
        // one customer's URL), where the catalogue's summary only names the fault in general.
        // The layer step keeps the engine's reason, so it does not give the cause away.
        if let (Some(t), Some(k)) = (explanations.correct, p.key.get_mut(1)) {
            k.explanation = cause_part(&t);
        }
    }
    if let (Some(t), Some(k)) = (text.next_action, p.key.get_mut(2)) {
        k.explanation = t;
    }
    if let Some(t) = text.diagnosis {
        p.answer.diagnosis = t;
    }
    if let Some(o) = text.owner {
        faultline_engine::set_owner(&mut p, o.id, &o.why);
    }
    if let Some(id) = text.id {
        p.view.id = id;
    }
    Ok(p)
}

/// An author's `explanations.correct` ("Client / request: the form sends POST … . POST is …")
/// split for the two questions it answers: the layer question gets the label and the first
/// sentence, the cause question the whole text without the label.
fn cause_part(t: &str) -> String {
    let t = t.trim();
    match t.split_once(": ") {
        Some((label, rest))
            if faultline_engine::Layer::ALL
                .iter()
                .any(|l| l.label() == label) =>
        {
            rest.to_string()
        }
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    pub fn sample() -> Value {
        json!({
            "id": "my-401", "schema_version": 1, "title": "Lookups fail",
            "story": {"expected": "a customer", "actual": "an error <img src=x>", "who": "Agents", "since": "09:00 UTC"},
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
        assert_eq!(p.view.evidence.story.since, "09:00 UTC");
        assert_eq!(p.view.evidence.story.expected, "a customer");
        assert_eq!(p.key[1].explanation, "Authentication: expired.");
        assert_ne!(p.key[0].explanation, "Authentication: expired.");
        assert_eq!(p.key[2].explanation, "Refresh the token.");
        assert_eq!(p.answer.diagnosis, "GET returned 401.");
        let i = info(&sample(), 0);
        assert_eq!((i.id.as_str(), i.tags.len()), ("my-401", 1));
        assert_eq!(story_parts(&sample()).len(), 4);
    }

    #[test]
    fn a_scenario_with_problems_still_plays_with_the_texts_it_has() {
        // A draft being written: no title, two hints, a story part of the wrong type.
        let mut s = sample();
        s["title"] = json!(7);
        s["hints"] = json!(["one", "two"]);
        s["story"] = json!({"who": 3, "since": "Monday", "actual": "an error"});
        let other = puzzle(&s).unwrap().key[1]
            .wrong
            .keys()
            .next()
            .unwrap()
            .clone();
        s["explanations"]["distractors"] = json!({ other.as_str(): "Not this.", "x": 1 });
        let p = puzzle(&s).unwrap();
        // A who that is not text leaves the generic one; the since is shown on its own line.
        assert_ne!(p.view.evidence.story.context, "Monday");
        assert_eq!(p.view.evidence.story.since, "Monday");
        assert_eq!(p.view.evidence.story.actual, "an error");
        assert_eq!(p.view.hints.len(), 3);
        assert_ne!(p.view.hints[0], "one", "two hints are not used");
        assert_eq!(p.key[1].wrong[&other], "Not this.");
        assert_eq!(info(&s, 4).title, "Scenario 5");
        assert_eq!(
            story_parts(&s),
            vec![
                ("Since", "Monday".to_string()),
                ("Actual", "an error".to_string())
            ]
        );
    }

    /// After a right answer the cause is explained in the scenario's own words, not the
    /// catalogue summary, which is wrong for this scenario (a POST to an item URL); its owner
    /// override, when it has one, is the owner question's answer.
    #[test]
    fn a_built_in_scenario_explains_itself_and_names_its_own_owner() {
        let pack: Value = serde_json::from_str(include_str!(
            "../../../assets/scenarios/rest-methods-and-requests.json"
        ))
        .unwrap();
        let s = pack["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "saving-edited-customer-fails-creating-one-works")
            .unwrap();
        let p = puzzle(s).unwrap();
        let all: Vec<&String> = p.key.iter().map(|k| &k.explanation).collect();
        assert!(
            all.iter().all(|e| !e.contains("only accepts POST")),
            "{all:?}"
        );
        assert!(p.key[1]
            .explanation
            .starts_with("the form sends POST to a single customer"));
        // The layer step does not hand over the cause before it is asked.
        assert!(!p.key[0].explanation.contains("single customer"));

        let mut s = sample();
        s["owner"] = json!({"id": "identity", "why": "The token lifetime is set by the IdP."});
        let p = puzzle(&s).unwrap();
        let k = p.key.iter().find(|k| k.question == "owner").unwrap();
        assert_eq!(k.correct, "identity");
        assert_eq!(
            k.explanation,
            "The identity team: The token lifetime is set by the IdP."
        );
        let q = p.view.questions.iter().find(|q| q.id == "owner").unwrap();
        assert!(q.choices.iter().any(|c| c.id == "identity"));
        assert_eq!(q.choices.len(), 4);
        assert_eq!(k.wrong.len(), 3);
        assert!(!k.wrong.contains_key("identity"));
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
