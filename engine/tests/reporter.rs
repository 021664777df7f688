//! A scenario's reporter answers: the validator checks the optional `reporter` object with a
//! path for each problem, and "Ask the reporter" quotes the scenario's story and answers verbatim
//! (and says what it says for any ticket where the author wrote nothing).

use faultline_engine::pack::{self, Reporter};
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;
use serde_json::{json, Value};
use std::path::Path;

fn good() -> Value {
    let good: Value = serde_json::from_str(include_str!("packs/good.json")).unwrap();
    good["scenarios"][0].clone()
}

fn problems(s: &Value) -> Vec<String> {
    read_scenario(s, "scenarios[1]")
        .err()
        .unwrap_or_default()
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn the_probe_quotes_the_scenarios_words_verbatim() {
    let mut s = good();
    s["reporter"] = json!({
        "others_affected": "Only the nightly export; the dashboard still loads.",
        "changed": "Ops rotated the service account on Monday.",
        "tried": "Re-ran the job twice."
    });
    let sc = read_scenario(&s, "$").unwrap();
    let r = sc.investigation().unwrap().run(Probe::AskReporter);
    let story = &sc.story;
    for line in [
        format!("Who: {}", story.who),
        format!("Since: {}", story.since),
        format!("Expected: {}", story.expected),
        format!("What they see: {}", story.actual),
        "Who else: Only the nightly export; the dashboard still loads.".to_string(),
        "What changed: Ops rotated the service account on Monday.".to_string(),
        "What they tried: Re-ran the job twice.".to_string(),
    ] {
        assert!(
            r.output.lines().any(|l| l == line),
            "{line:?} in\n{}",
            r.output
        );
    }
    assert!(!r.output.contains("nothing they know of"), "{}", r.output);
    // Same run, same everything else: only the words differ from the generic answer.
    let plain = Investigation::new(&sc.run_spec()).unwrap();
    assert_eq!(plain.run(Probe::AskReporter).command, r.command);
    assert_eq!(r.facts, vec![]);
}

#[test]
fn without_answers_the_probe_says_what_it_says_for_any_ticket() {
    let sc = read_scenario(&good(), "$").unwrap();
    assert!(sc.reporter.is_none());
    let out = sc.investigation().unwrap().run(Probe::AskReporter).output;
    assert!(out.contains(&format!("Who: {}\n", sc.story.who)), "{out}");
    assert!(
        out.ends_with("What changed: nothing they know of.\n"),
        "{out}"
    );
    assert!(!out.contains("Who else:") && !out.contains("What they tried:"));
    // Only what the author wrote is quoted; the rest keeps its usual answer.
    let partial = Reporter {
        changed: Some("A new proxy went live at 08:30.".into()),
        ..Default::default()
    };
    let out = Investigation::new(&sc.run_spec())
        .unwrap()
        .with_report(&sc.story, Some(&partial))
        .run(Probe::AskReporter)
        .output;
    assert!(
        out.ends_with("What changed: A new proxy went live at 08:30.\n"),
        "{out}"
    );
    assert!(!out.contains("Who else:"), "{out}");
    // A run with no scenario answers from the engine's own story, as before.
    let generic = Investigation::new(&sc.run_spec()).unwrap();
    let out = generic.run(Probe::AskReporter).output;
    assert!(out.contains(&format!("Who: {}\n", generic.evidence().story.context)));
}

#[test]
fn the_validator_checks_the_reporter_and_names_each_path() {
    let with = |r: Value| {
        let mut s = good();
        s["reporter"] = r;
        problems(&s)
    };
    assert_eq!(with(json!({"changed": "a deploy"})), Vec::<String>::new());
    assert_eq!(
        with(json!({"changed": "  ", "tried": 3, "when": "x"})),
        [
            "scenarios[1].reporter.when: unknown field (the reporter's answers are others_affected, changed and tried)",
            "scenarios[1].reporter.changed: must not be empty",
            "scenarios[1].reporter.tried: must be a string",
        ]
    );
    assert_eq!(
        with(json!({})),
        ["scenarios[1].reporter: says nothing: give others_affected, changed or tried, or leave reporter out"]
    );
    assert!(with(json!("they changed nothing"))[0]
        .starts_with("scenarios[1].reporter: must be an object"));
    // The lenient reading keeps answers that read whole, for the builder.
    let mut s = good();
    s["reporter"] = json!({"others_affected": "everyone"});
    assert_eq!(
        pack::ScenarioText::read(&s)
            .reporter
            .unwrap()
            .others_affected
            .as_deref(),
        Some("everyone")
    );
}

#[test]
fn built_in_answers_are_quoted_and_only_on_medium_or_hard_scenarios() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/scenarios");
    let load = |name: &str| -> Result<Value, String> {
        let t = std::fs::read_to_string(dir.join(name)).map_err(|e| e.to_string())?;
        serde_json::from_str(&t).map_err(|e| e.to_string())
    };
    let index = load("index.json").unwrap();
    let mut answered = 0;
    for f in index["packs"].as_array().unwrap() {
        let file = f.as_str().unwrap();
        let pack = read_pack(&load(file).unwrap(), &load).unwrap();
        for sc in pack.scenarios.iter().filter(|s| s.reporter.is_some()) {
            answered += 1;
            assert_ne!(sc.difficulty, Difficulty::Easy, "{file}: {}", sc.id);
            let out = sc.investigation().unwrap().run(Probe::AskReporter).output;
            let r = sc.reporter.as_ref().unwrap();
            for t in [&r.others_affected, &r.changed, &r.tried]
                .into_iter()
                .flatten()
            {
                assert!(out.contains(t.as_str()), "{file}: {}: {t}", sc.id);
            }
        }
    }
    assert!(answered >= 4, "only {answered} built-in scenarios answer");
}
