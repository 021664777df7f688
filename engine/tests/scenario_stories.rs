//! Every built-in scenario's story is true to itself: its `expected` says what the reporter meant
//! to happen, never the failing request that the evidence shows; and the client runtime that
//! produces the evidence is the one the story names.

use faultline_engine::model::{Exchange, Layer};
use faultline_engine::runtime::{choose, Runtime};
use faultline_engine::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/scenarios")
}

fn read_json(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Every built-in scenario, as (pack file, scenario).
fn scenarios() -> Vec<(String, Value)> {
    let index = read_json(&dir().join("index.json"));
    let mut out = vec![];
    for f in index["packs"].as_array().expect("index.json lists packs") {
        let file = f.as_str().expect("a pack file name").to_string();
        let pack = read_json(&dir().join(&file));
        for s in pack["scenarios"].as_array().expect("a pack has scenarios") {
            let s = match s {
                Value::String(name) => read_json(&dir().join(name)),
                v => v.clone(),
            };
            out.push((file.clone(), s));
        }
    }
    assert!(
        out.len() >= 40,
        "the built-in packs hold {} scenarios",
        out.len()
    );
    out
}

fn story_part<'a>(s: &'a Value, k: &str) -> &'a str {
    s["story"][k].as_str().unwrap_or("")
}

fn fault_ids(s: &Value) -> Vec<String> {
    match &s["fault"] {
        Value::Array(a) => a.iter().map(|f| f["id"].as_str().unwrap().into()).collect(),
        f => vec![f["id"].as_str().unwrap().into()],
    }
}

/// The request the learner's client sent last (the one under investigation).
fn traced(x: &[Exchange]) -> Option<&Exchange> {
    x.iter().rev().find(|e| e.from == Layer::Client)
}

/// What the failing request got wrong, as words that must not appear in its `expected` line:
/// the path as sent, the method as sent when the method is the fault, the typo, and the
/// failure's status code.
fn failure_words(s: &Value) -> Vec<String> {
    let spec = scenario::run_spec(s).unwrap();
    let t = simulate(&spec).unwrap();
    let faults = fault_ids(s);
    let mut words = vec![];
    if let Some(x) = traced(&t.evidence.exchanges) {
        let (_, _, _, path) = faultline_engine::layers::split_url(&x.request.url);
        // A path with a broken segment (typo, old version, no id) is the bug itself; a correct
        // path (`/v2/customers/123`) could honestly appear, so only broken ones are banned.
        let path_broken = faults.iter().any(|f| {
            [
                "endpoint-typo",
                "wrong-api-version",
                "missing-resource-id",
                "plain-http",
            ]
            .contains(&f.as_str())
        });
        if path_broken {
            words.push(path.clone());
        }
        if faults.iter().any(|f| f == "wrong-method") {
            words.push(format!("{} ", x.request.method));
            words.push(format!("{} {path}", x.request.method));
        }
    }
    for x in &t.evidence.exchanges {
        if let Some(r) = &x.response {
            if r.status >= 400 {
                words.push(r.status.to_string());
            }
        }
    }
    for f in s["fault"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| vec![s["fault"].clone()])
    {
        if let Some(typo) = f["params"]["typo"].as_str() {
            words.push(typo.to_string());
        }
    }
    words.push("returns a 2xx".into());
    words.push("http://".into());
    words
}

#[test]
fn no_scenario_expects_its_own_failure() {
    let mut bad = vec![];
    for (file, s) in scenarios() {
        let id = s["id"].as_str().unwrap().to_string();
        let expected = story_part(&s, "expected");
        let actual = story_part(&s, "actual");
        if expected.trim().is_empty() || actual.trim().is_empty() {
            bad.push(format!("{file} {id}: the story needs expected and actual"));
            continue;
        }
        if expected.trim() == actual.trim() {
            bad.push(format!("{file} {id}: expected and actual say the same"));
        }
        for w in failure_words(&s) {
            if expected.contains(&w) {
                bad.push(format!(
                    "{file} {id}: expected {expected:?} states the failure ({w:?})"
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_check_catches_an_expected_line_that_restates_the_bug() {
    // The check itself can fail: the generic wording it replaced would be caught.
    let (_, mut s) = scenarios()
        .into_iter()
        .find(|(_, s)| fault_ids(s) == ["endpoint-typo"])
        .expect("a scenario with an endpoint typo");
    let spec = scenario::run_spec(&s).unwrap();
    let t = simulate(&spec).unwrap();
    let x = traced(&t.evidence.exchanges).unwrap();
    let (_, _, _, path) = faultline_engine::layers::split_url(&x.request.url);
    s["story"]["expected"] = format!("GET {path} returns a 2xx").into();
    let expected = story_part(&s, "expected");
    assert!(failure_words(&s).iter().any(|w| expected.contains(w)));
}

#[test]
fn generated_puzzles_state_the_intent_not_the_broken_request() {
    for (fault, call) in [
        ("endpoint-typo", None),
        ("wrong-method", None),
        ("missing-resource-id", None),
        ("wrong-api-version", None),
        ("wrong-method", Some(("POST", "/v2/customers/30496"))),
    ] {
        for seed in [1, 7, 42] {
            let spec = RunSpec {
                flow: Some("api-call".into()),
                faults: vec![FaultSpec::new(fault)],
                seed,
                call: call.map(|(m, p)| CallSpec {
                    method: m.into(),
                    path: p.into(),
                }),
                client: None,
            };
            let t = simulate(&spec).unwrap();
            let x = traced(&t.evidence.exchanges).unwrap();
            let (_, _, _, path) = faultline_engine::layers::split_url(&x.request.url);
            let expected = &t.evidence.story.expected;
            assert!(!expected.contains(&path), "{fault} {seed}: {expected}");
            assert!(
                !expected.contains(&format!("{} ", x.request.method)),
                "{fault} {seed}: {expected}"
            );
            assert!(!expected.contains("2xx"), "{fault} {seed}: {expected}");
        }
    }
}

/// Words in a story that name the client the reporter runs, and that client.
const CLIENT_WORDS: &[(&str, &str)] = &[
    ("python", "python"),
    ("java", "java"),
    ("php", "php"),
    ("node", "node"),
    ("node.js", "node"),
    ("postman", "postman"),
    ("curl", "curl"),
    ("visitor", "browser"),
    ("visitors", "browser"),
    ("website", "browser"),
    ("browser", "browser"),
    ("browsers", "browser"),
    ("devtools", "browser"),
    ("agent desktop", "agent-desktop"),
];

/// The clients the story's reporter (`who`) and intent (`expected`) name.
fn named_clients(s: &Value) -> Vec<&'static str> {
    let text = format!("{} {}", story_part(s, "who"), story_part(s, "expected")).to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '.'))
        .map(|w| w.trim_end_matches('.'))
        .collect();
    let mut out = vec![];
    for (word, client) in CLIENT_WORDS {
        let hit = if word.contains(' ') {
            text.contains(word)
        } else {
            words.contains(word) || words.iter().any(|w| w.starts_with(&format!("{word}'")))
        };
        if hit && !out.contains(client) {
            out.push(*client);
        }
    }
    out
}

#[test]
fn each_scenarios_runtime_is_the_one_its_story_names() {
    let mut bad = vec![];
    let mut named_any = 0;
    for (file, s) in scenarios() {
        let id = s["id"].as_str().unwrap();
        let flow = Flow::parse(s["flow"].as_str().unwrap()).unwrap();
        let faults = fault_ids(&s);
        let ids: Vec<&str> = faults.iter().map(String::as_str).collect();
        let explicit = s["client"].as_str();
        // crm-ticket runs no client of ours: the platform's worker sends the webhook.
        let runtime = if Runtime::for_flow(flow).is_empty() {
            None
        } else {
            Some(choose(flow, explicit, &ids).unwrap().id())
        };
        let named = named_clients(&s);
        if !named.is_empty() {
            named_any += 1;
            if !runtime.is_some_and(|r| named.contains(&r)) {
                bad.push(format!(
                    "{file} {id}: the story names {named:?} but the evidence comes from {runtime:?}"
                ));
            }
        }
        if let Some(c) = explicit {
            if !named.contains(&c) {
                bad.push(format!(
                    "{file} {id}: client {c:?} is not named in the story's who or expected"
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(
        named_any >= 20,
        "only {named_any} stories name their client"
    );
}

#[test]
fn the_keyword_table_reads_a_story_as_meant() {
    let s = |who: &str, expected: &str| serde_json::json!({"story": {"who": who, "expected": expected}});
    assert_eq!(
        named_clients(&s("Partner developer, Java client team", "x")),
        ["java"]
    );
    assert_eq!(
        named_clients(&s("Web team", "Visitors on the new site start chats.")),
        ["browser"]
    );
    assert_eq!(
        named_clients(&s("a", "The Node test harness works, as Postman does.")),
        ["node", "postman"]
    );
    // Words inside other words do not count.
    assert!(named_clients(&s("JavaScript team", "The nodes sync.")).is_empty());
}
