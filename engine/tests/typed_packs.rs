//! The validator's typed output: every built-in pack reads as a `Pack` whose JSON is the file's
//! own, a pack with problems reads as exactly the problems `validate_pack` reports, and the
//! lenient `ScenarioText` reads what it can of a scenario with problems.

use faultline_engine::pack::{Faults, PackText, ScenarioText, Story, StoryText};
use faultline_engine::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/scenarios")
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn load(name: &str) -> Result<Value, String> {
    std::fs::read_to_string(dir().join(name))
        .map_err(|e| format!("{name}: {e}"))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("{name}: {e}")))
}

fn no_files(_: &str) -> Result<Value, String> {
    Err("no files".into())
}

/// Every built-in pack file, as JSON with file-name scenarios resolved.
fn built_in() -> Vec<(String, Value)> {
    let index = read_json(&dir().join("index.json"));
    index["packs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f.as_str().unwrap().to_string();
            let mut json = read_json(&dir().join(&file));
            for s in json["scenarios"].as_array_mut().unwrap() {
                if let Value::String(name) = s {
                    *s = load(name).unwrap();
                }
            }
            (file, json)
        })
        .collect()
}

#[test]
fn every_built_in_pack_reads_typed_and_writes_back_as_its_file() {
    for (file, json) in built_in() {
        let pack = read_pack(&json, &load).unwrap_or_else(|p| panic!("{file}: {p:?}"));
        assert_eq!(serde_json::to_value(&pack).unwrap(), json, "{file}");
        for (i, (typed, value)) in pack
            .scenarios
            .iter()
            .zip(json["scenarios"].as_array().unwrap())
            .enumerate()
        {
            assert_eq!(
                scenario::run_spec(value).as_ref(),
                Ok(&typed.run_spec()),
                "{file} scenarios[{i}]: the typed run is the one the validator replays"
            );
            assert_eq!(read_scenario(value, "s").as_ref(), Ok(typed));
            // The lenient reading of a checked scenario says what the typed one says.
            let text = ScenarioText::read(value);
            assert_eq!(text.id.as_deref(), Some(typed.id.as_str()));
            assert_eq!(text.title.as_deref(), Some(typed.title.as_str()));
            assert_eq!(text.hints, typed.hints.to_vec());
            assert_eq!(text.tags, typed.tags);
            assert_eq!(text.evidence_to_attach, typed.evidence_to_attach);
            assert_eq!(
                text.next_action.as_deref(),
                Some(typed.next_action.as_str())
            );
            assert_eq!(text.diagnosis.as_deref(), Some(typed.diagnosis.as_str()));
            let ids: Vec<&str> = typed
                .fault
                .as_slice()
                .iter()
                .map(|f| f.id.as_str())
                .collect();
            assert_eq!(text.fault_ids, ids);
            let explanations = text.explanations.unwrap();
            assert_eq!(
                explanations.correct.as_deref(),
                Some(typed.explanations.correct.as_str())
            );
            assert_eq!(explanations.distractors, typed.explanations.distractors);
        }
    }
}

#[test]
fn a_pack_with_problems_reads_as_every_problem_with_its_path() {
    let bad: Value = serde_json::from_str(include_str!("packs/bad.json")).unwrap();
    let problems = read_pack(&bad, &no_files).unwrap_err();
    assert_eq!(problems, validate_pack(&bad, &no_files));
    assert!(problems
        .iter()
        .any(|p| p.to_string() == "scenarios[1].fault.id: unknown fault \"expird-token\""));
    let good: Value = serde_json::from_str(include_str!("packs/good.json")).unwrap();
    let pack = read_pack(&good, &no_files).unwrap();
    assert_eq!(pack.id, "auth-basics");
    let s = &pack.scenarios[0];
    assert_eq!(
        s.story,
        Story {
            who: "Partner on-call engineer".into(),
            since: "Monday 06:00 UTC".into(),
            expected: "The nightly job reads its customers from the API.".into(),
            actual: "A nightly job starts failing on its first API call.".into(),
        }
    );
    assert!(
        matches!(&s.fault, Faults::One(f) if f.id == "expired-token" && f.params["minutes_ago"] == 90)
    );
    assert_eq!((s.seed, s.difficulty), (7, Difficulty::Easy));
    // A scenario on its own: its problems carry the path given.
    let mut broken = good["scenarios"][0].clone();
    broken["seed"] = json!(-1);
    let problems = read_scenario(&broken, "scenarios[4]").unwrap_err();
    assert_eq!(
        problems[0].to_string(),
        "scenarios[4].seed: is required and must be a non-negative integer"
    );
}

#[test]
fn file_name_scenarios_are_read_into_the_pack_and_text_problems_stay_one() {
    let scenario = include_str!("packs/good.json");
    let good: Value = serde_json::from_str(scenario).unwrap();
    let named = json!({"id": "p", "schema_version": 1, "title": "P", "blurb": "B", "scenarios": ["one.json"]});
    let from_file = |name: &str| -> Result<Value, String> {
        assert_eq!(name, "one.json");
        Ok(good["scenarios"][0].clone())
    };
    let pack = read_pack(&named, &from_file).unwrap();
    assert_eq!(pack.scenarios[0].id, "expired-morning-token");
    assert_eq!(
        read_pack(&named, &no_files).unwrap_err(),
        vec![Problem {
            path: "scenarios[0]".into(),
            message: "no files".into()
        }]
    );
    let text = read_pack_text("{\"id\": ", &no_files).unwrap_err();
    assert_eq!(text.len(), 1);
    assert!(text[0].to_string().starts_with("$: not valid JSON"));
    assert_eq!(
        read_pack_text(scenario, &no_files).unwrap().title,
        "Auth basics"
    );
}

#[test]
fn scenario_text_keeps_what_it_can_read_and_drops_the_rest() {
    let text = ScenarioText::read(&json!({
        "id": "  x  ", "title": 5, "difficulty": "",
        "story": {"who": "Agents", "since": 3, "actual": "an error"},
        "tags": ["oauth", 7, "dns"], "hints": "not a list",
        "explanations": {"correct": ["no"], "distractors": {"a": "why", "b": 1}},
        "fault": [{"id": "dns-nxdomain"}, {"nope": 1}, {"id": "expired-token"}],
        "evidence_to_attach": null
    }));
    assert_eq!(text.id.as_deref(), Some("x"));
    assert_eq!((text.title, text.difficulty), (None, None));
    assert_eq!(
        text.story,
        Some(StoryText::Reported {
            who: Some("Agents".into()),
            since: None,
            expected: None,
            actual: Some("an error".into())
        })
    );
    assert_eq!(text.tags, ["oauth", "dns"]);
    assert!(text.hints.is_empty() && text.evidence_to_attach.is_empty());
    let e = text.explanations.unwrap();
    assert_eq!(e.correct, None);
    assert_eq!(
        e.distractors.into_iter().collect::<Vec<_>>(),
        [("a".to_string(), "why".to_string())]
    );
    assert_eq!(text.fault_ids, ["dns-nxdomain", "expired-token"]);
    assert_eq!(
        ScenarioText::read(&json!("not an object")),
        ScenarioText::default()
    );
    assert_eq!(
        ScenarioText::read(&json!({"fault": {"id": "expired-token"}, "story": "told"})).story,
        Some(StoryText::Told("told".into()))
    );
}

#[test]
fn pack_text_keeps_ids_as_written_and_skips_blank_or_wrong_ones() {
    let text = PackText::read(&json!({"id": " a ", "title": "  ", "blurb": 3, "scenarios": "x"}));
    assert_eq!(
        (text.id.as_deref(), text.title, text.blurb),
        (Some(" a "), None, None)
    );
    let text = PackText::read(&json!({"id": 7, "title": "T", "blurb": ""}));
    assert_eq!(
        (text.id, text.title.as_deref(), text.blurb.as_deref()),
        (None, Some("T"), Some(""))
    );
    assert_eq!(PackText::read(&json!([1])), PackText::default());
}

/// A change made to a valid scenario.
type Change = Box<dyn Fn(&mut Value)>;

#[test]
fn whatever_the_validator_accepts_reads_typed() {
    let good: Value = serde_json::from_str(include_str!("packs/good.json")).unwrap();
    let base = good["scenarios"][0].clone();
    let variants: Vec<(&str, Change)> = vec![
        (
            "no tags",
            Box::new(|s| {
                s.as_object_mut().unwrap().remove("tags");
            }),
        ),
        (
            "stacked faults",
            Box::new(|s| s["fault"] = json!([s["fault"].clone()])),
        ),
        ("a layer claim", Box::new(|s| s["layer"] = json!("auth"))),
        (
            "no distractors",
            Box::new(|s| s["explanations"]["distractors"] = json!({})),
        ),
    ];
    for (what, change) in variants {
        let mut s = base.clone();
        change(&mut s);
        assert_eq!(validate_scenario(&s, "s"), vec![], "{what}");
        let typed = read_scenario(&s, "s").unwrap_or_else(|p| panic!("{what}: {p:?}"));
        assert_eq!(
            serde_json::to_value(&typed).unwrap(),
            s,
            "{what}: written back as read"
        );
    }
    // An unknown key inside a fault object is refused at its path, not silently dropped.
    let mut s = base.clone();
    s["fault"]["note"] = json!("why");
    let err = format!("{:?}", read_scenario(&s, "s").unwrap_err());
    assert!(err.contains("s.fault.note"), "{err}");
}

#[test]
fn the_story_needs_all_four_parts_and_each_problem_names_its_path() {
    let good: Value = serde_json::from_str(include_str!("packs/good.json")).unwrap();
    let base = good["scenarios"][0].clone();
    let problems_with = |story: Value| {
        let mut s = base.clone();
        s["story"] = story;
        read_scenario(&s, "scenarios[2]")
            .unwrap_err()
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
    };
    let lines = problems_with(json!({"who": "Agents", "expected": "  ", "actual": "401"}));
    assert_eq!(
        lines,
        [
            "scenarios[2].story.since: is required",
            "scenarios[2].story.expected: must not be empty"
        ]
    );
    let lines = problems_with(json!("A nightly job fails."));
    assert!(
        lines[0]
            .starts_with("scenarios[2].story: must be an object {who, since, expected, actual}"),
        "{lines:?}"
    );
    let lines = problems_with(
        json!({"who": "a", "since": "b", "expected": "c", "actual": "d", "where": "e"}),
    );
    assert_eq!(
        lines,
        ["scenarios[2].story.where: unknown field (a story has who, since, expected and actual)"]
    );
    let mut s = base.clone();
    s.as_object_mut().unwrap().remove("story");
    assert_eq!(
        read_scenario(&s, "scenarios[0]").unwrap_err()[0].to_string(),
        "scenarios[0].story: is required: {who, since, expected, actual}"
    );
}
