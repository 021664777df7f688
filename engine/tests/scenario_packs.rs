//! The hand-written scenario packs under assets/scenarios/: every pack validates, every scenario
//! replays through the engine and the solver, and every catalogue fault is practised somewhere.
//!
//! Print the coverage table for authors with:
//!   cargo test -p faultline-engine --test scenario_packs -- --nocapture

use faultline_engine::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MIN_SCENARIOS: usize = 40;
const MIN_PACKS: usize = 7;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/scenarios")
}

fn read_json(p: &Path) -> Value {
    let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", p.display()))
}

struct Pack {
    file: String,
    json: Value,
    scenarios: Vec<Value>,
}

/// index.json → packs in display order, with file-name scenario entries resolved.
fn packs() -> Vec<Pack> {
    let index = read_json(&dir().join("index.json"));
    let files = index["packs"]
        .as_array()
        .expect("index.json: \"packs\" must be an array of pack file names");
    files
        .iter()
        .map(|f| {
            let file = f
                .as_str()
                .expect("index.json: pack entries are file names")
                .to_string();
            let json = read_json(&dir().join(&file));
            let scenarios = json["scenarios"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|s| match s {
                            Value::String(name) => read_json(&dir().join(name)),
                            v => v.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Pack {
                file,
                json,
                scenarios,
            }
        })
        .collect()
}

fn fault_specs(s: &Value) -> Vec<FaultSpec> {
    let list = match &s["fault"] {
        Value::Array(a) => a.clone(),
        f => vec![f.clone()],
    };
    list.into_iter()
        .map(|f| serde_json::from_value(f).expect("fault is {id, params}"))
        .collect()
}

fn spec(s: &Value) -> RunSpec {
    let spec = RunSpec {
        flow: s["flow"].as_str().map(String::from),
        faults: fault_specs(s),
        seed: s["seed"].as_u64().expect("seed"),
        call: s
            .get("call")
            .map(|c| serde_json::from_value(c.clone()).expect("call is {method, path}")),
        client: s["client"].as_str().map(String::from),
    };
    assert_eq!(
        faultline_engine::scenario::run_spec(s).as_ref(),
        Ok(&spec),
        "{}: scenario::run_spec",
        sid(s)
    );
    spec
}

fn sid(s: &Value) -> String {
    s["id"].as_str().unwrap_or("?").to_string()
}

#[test]
fn every_pack_validates_with_zero_problems() {
    let mut problems = vec![];
    for p in packs() {
        let load = |name: &str| -> Result<Value, String> {
            let path = dir().join(name);
            std::fs::read_to_string(&path)
                .map_err(|e| format!("{name}: {e}"))
                .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("{name}: {e}")))
        };
        for pr in validate_pack(&p.json, &load) {
            problems.push(format!("{}: {pr}", p.file));
        }
    }
    assert!(
        problems.is_empty(),
        "validator problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn pack_and_scenario_counts_and_unique_ids() {
    let packs = packs();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut dups = vec![];
    let mut pack_ids = BTreeSet::new();
    for p in &packs {
        assert!(
            !p.scenarios.is_empty(),
            "{}: a pack needs at least one scenario",
            p.file
        );
        let pid = p.json["id"].as_str().unwrap_or("?").to_string();
        assert!(
            pack_ids.insert(pid.clone()),
            "{}: duplicate pack id {pid}",
            p.file
        );
        assert_eq!(
            p.file,
            format!("{pid}.json"),
            "pack file name must be <pack-id>.json"
        );
        for s in &p.scenarios {
            let id = sid(s);
            if let Some(first) = seen.insert(id.clone(), p.file.clone()) {
                dups.push(format!("{id} in {} and {first}", p.file));
            }
        }
    }
    assert!(
        dups.is_empty(),
        "scenario ids must be unique across packs: {dups:?}"
    );
    assert!(
        packs.len() >= MIN_PACKS,
        "{} packs, need ≥ {MIN_PACKS}",
        packs.len()
    );
    assert!(
        seen.len() >= MIN_SCENARIOS,
        "{} scenarios, need ≥ {MIN_SCENARIOS}",
        seen.len()
    );
}

#[test]
fn every_scenario_replays_solvably_and_names_the_engine_layer() {
    let mut failures = vec![];
    for p in packs() {
        for s in &p.scenarios {
            let id = format!("{}/{}", p.file, sid(s));
            let trace = match simulate(&spec(s)) {
                Ok(t) => t,
                Err(e) => {
                    failures.push(format!("{id}: simulate failed: {e:?}"));
                    continue;
                }
            };
            let layer = trace.answer.root_cause_layer;
            let v = solve(&trace.evidence);
            if v.ambiguous || v.layer.is_none() {
                failures.push(format!(
                    "{id}: solver finds it ambiguous/unsolvable ({:?})",
                    v.reasons
                ));
            } else if v.layer != Some(layer) {
                failures.push(format!(
                    "{id}: solver says {:?}, engine root cause is {} ({:?})",
                    v.layer.map(|l| l.id()),
                    layer.id(),
                    v.reasons
                ));
            }
            // The explanation must open with the engine's layer label ("TLS / certificates: …")
            // and never with another layer's.
            let correct = s["explanations"]["correct"].as_str().unwrap_or("");
            let named = Layer::ALL
                .into_iter()
                .filter(|l| correct.starts_with(&format!("{}:", l.label())))
                .collect::<Vec<_>>();
            if named != vec![layer] {
                failures.push(format!(
                    "{id}: explanations.correct must start with \"{}:\" (engine layer {}), found {:?}",
                    layer.label(),
                    layer.id(),
                    named.iter().map(|l| l.id()).collect::<Vec<_>>()
                ));
            }
            // The diagnosis quotes the real trace id for this seed.
            let diag = s["diagnosis"].as_str().unwrap_or("");
            if !diag.contains(&trace.evidence.trace_id) {
                failures.push(format!(
                    "{id}: diagnosis should cite trace id {} (the value for seed {})",
                    trace.evidence.trace_id, s["seed"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} scenario(s) fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// `puzzle_explained` skips the engine's own reasons for the causes an author explained: the
/// puzzle must be exactly the one `puzzle_for` builds with those reasons then replaced.
#[test]
fn written_reasons_give_the_same_puzzle_as_replacing_the_engines() {
    let mut compared = 0;
    for p in packs() {
        for s in p.scenarios.iter().step_by(3) {
            let d = s["difficulty"]
                .as_str()
                .and_then(Difficulty::parse)
                .unwrap_or(Difficulty::Medium);
            let written: BTreeMap<String, String> = s["explanations"]["distractors"]
                .as_object()
                .map(|o| {
                    o.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            let Ok(mut replaced) = puzzle_for(&spec(s), d) else {
                continue;
            };
            for k in replaced.key.iter_mut().filter(|k| k.question == "cause") {
                for (id, why) in k.wrong.iter_mut() {
                    if let Some(w) = written.get(id) {
                        *why = w.clone();
                    }
                }
            }
            let explained = puzzle_explained(&spec(s), d, &written).unwrap();
            assert_eq!(
                serde_json::to_string(&explained).unwrap(),
                serde_json::to_string(&replaced).unwrap(),
                "{}/{}",
                p.file,
                sid(s)
            );
            compared += 1;
        }
    }
    assert!(compared > 50, "only {compared} scenarios compared");
}

#[test]
fn every_engine_distractor_has_an_explanation() {
    let mut missing = vec![];
    for p in packs() {
        for s in &p.scenarios {
            let d = s["difficulty"]
                .as_str()
                .and_then(Difficulty::parse)
                .unwrap_or(Difficulty::Medium);
            let Ok(pz) = puzzle_for(&spec(s), d) else {
                continue;
            };
            let written = s["explanations"]["distractors"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            for k in pz.key.iter().filter(|k| k.question == "cause") {
                for wrong in k.wrong.keys() {
                    if !written.contains_key(wrong) {
                        missing.push(format!(
                            "{}/{}: no explanation for distractor {wrong}",
                            p.file,
                            sid(s)
                        ));
                    }
                }
            }
        }
    }
    // The engine draws distractors by symptom from the whole catalogue, so adding a fault can
    // change them: a scenario then needs a written reason for the new wrong choice, from its own
    // evidence, before the tests go green again.
    assert!(
        missing.is_empty(),
        "{} distractor(s) the engine shows without a written explanation \
         (add them to the scenario's explanations.distractors):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn coverage_every_catalogue_fault_has_a_scenario() {
    // fault id → scenario ids (root cause or later in a cascade).
    let mut table: BTreeMap<String, Vec<String>> =
        faults().into_iter().map(|f| (f.id, vec![])).collect();
    let mut unknown = vec![];
    for p in packs() {
        for s in &p.scenarios {
            for (i, f) in fault_specs(s).iter().enumerate() {
                let tag = if i == 0 {
                    sid(s)
                } else {
                    format!("{} (cascade)", sid(s))
                };
                match table.get_mut(&f.id) {
                    Some(v) => v.push(tag),
                    None => unknown.push(format!("{}: unknown fault {}", sid(s), f.id)),
                }
            }
        }
    }
    println!("\nScenario coverage (fault id → scenarios)");
    for (f, ids) in &table {
        println!(
            "  {f:<30} {}",
            if ids.is_empty() {
                "— NONE —".to_string()
            } else {
                ids.join(", ")
            }
        );
    }
    let gaps: Vec<&String> = table
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(k, _)| k)
        .collect();
    println!(
        "  {} faults, {} without a scenario\n",
        table.len(),
        gaps.len()
    );
    assert!(unknown.is_empty(), "{unknown:?}");
    assert!(
        gaps.is_empty(),
        "catalogue faults without a scenario: {gaps:?}"
    );
}

#[test]
fn scenario_call_is_validated_with_path_messages() {
    let base = || -> Value {
        let p = packs()
            .into_iter()
            .find(|p| p.file == "rest-methods-and-requests.json")
            .expect("rest pack");
        p.json["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            // By content, not id: writers rename scenarios.
            .find(|s| s["call"]["method"] == "PUT" && s["fault"]["id"] == "missing-required-field")
            .expect("a PUT scenario with the missing-required-field fault")
            .clone()
    };
    assert_eq!(validate_scenario(&base(), "s"), vec![]);
    let messages = |s: &Value| -> Vec<String> {
        validate_scenario(s, "s")
            .iter()
            .map(|p| p.to_string())
            .collect()
    };
    let msgs = |call: Value| -> Vec<String> {
        let mut s = base();
        s["call"] = call;
        messages(&s)
    };
    let m = msgs(serde_json::json!({"method": "FETCH", "path": "/v2/customers/1"}));
    assert!(
        m[0].starts_with("s.call.method: unknown method \"FETCH\""),
        "{m:?}"
    );
    let m = msgs(serde_json::json!({"method": "put", "path": "/v2/customers/1"}));
    assert!(m[0].contains("write it in capitals"), "{m:?}");
    let m = msgs(serde_json::json!({"method": "PUT", "path": "v2/customers/1"}));
    assert!(
        m[0].starts_with("s.call.path: \"v2/customers/1\" must start with /"),
        "{m:?}"
    );
    let m = msgs(serde_json::json!({"method": "PUT", "path": "/v2/orders/1"}));
    assert!(
        m[0].starts_with("s.call.path: no route of the api-call flow serves")
            && m[0].contains("GET|HEAD|PUT|PATCH|DELETE /v2/customers/{id}"),
        "{m:?}"
    );
    let m = msgs(serde_json::json!({"method": "POST", "path": "/v2/sessions/ses_1"}));
    assert!(
        m[0].starts_with("s.call.method: /v2/sessions/{id} serves GET, DELETE, OPTIONS, not POST"),
        "{m:?}"
    );
    // A fault that brings its own request contradicts the chosen call.
    let mut s = base();
    s["fault"] = serde_json::json!({"id": "wrong-field-type"});
    let m = messages(&s);
    assert!(
        m.iter()
            .any(|x| x.starts_with("s.call: the traced request is POST /v2/chats")),
        "{m:?}"
    );
    let mut s = base();
    s["flow"] = "oauth-token".into();
    let m = messages(&s);
    assert!(
        m.iter()
            .any(|x| x
                == "s.call: a call can only be chosen for the api-call flow, not \"oauth-token\""),
        "{m:?}"
    );
}

/// A misspelt key inside a fault or inside `explanations` would otherwise be silently dropped
/// (a fault's `param` never reaching the engine, an explanation never shown): each is reported
/// at its own path, like an unknown key at the scenario's top level.
#[test]
fn unknown_keys_in_faults_and_explanations_are_reported_with_their_path() {
    let all: Vec<Value> = packs().into_iter().flat_map(|p| p.scenarios).collect();
    let one = all
        .iter()
        .find(|s| s["fault"].is_object())
        .expect("a scenario with one fault")
        .clone();
    let stacked = all
        .iter()
        .find(|s| s["fault"].as_array().is_some_and(|a| a.len() >= 2))
        .expect("a scenario with stacked faults")
        .clone();
    let messages = |s: &Value| -> Vec<String> {
        validate_scenario(s, "s")
            .iter()
            .map(|p| p.to_string())
            .collect()
    };
    assert_eq!(messages(&one), Vec::<String>::new());
    assert_eq!(messages(&stacked), Vec::<String>::new());

    let mut s = one.clone();
    s["fault"]["param"] = serde_json::json!({"seconds": 5});
    assert_eq!(
        messages(&s),
        vec!["s.fault.param: unknown field (a fault has id and params)"]
    );

    let mut s = stacked.clone();
    s["fault"][1]["severity"] = "high".into();
    assert_eq!(
        messages(&s),
        vec!["s.fault[1].severity: unknown field (a fault has id and params)"]
    );

    let mut s = one.clone();
    let correct = s["explanations"]["correct"].take();
    let map = s["explanations"].as_object_mut().unwrap();
    map.remove("correct");
    map.insert("corect".into(), correct);
    map.insert("hint".into(), "extra".into());
    let m = messages(&s);
    for expected in [
        "s.explanations.corect: unknown field (explanations have correct and distractors)",
        "s.explanations.hint: unknown field (explanations have correct and distractors)",
        "s.explanations.correct: is required",
    ] {
        assert!(m.iter().any(|x| x == expected), "{expected} not in {m:?}");
    }
    // Keys inside `distractors` are fault ids, checked as such, not as fields.
    let mut s = one.clone();
    s["explanations"]["distractors"]["no-such-fault"] = "why".into();
    assert_eq!(
        messages(&s),
        vec!["s.explanations.distractors.no-such-fault: unknown fault \"no-such-fault\""]
    );
}

#[test]
fn a_broken_trainer_kit_is_reported_at_its_path_and_a_whole_one_is_kept() {
    let pack = packs()
        .into_iter()
        .find(|p| p.file == "status-codes.json")
        .expect("status pack");
    let s = pack.json["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s.get("trainer").is_some())
        .expect("a scenario with a trainer kit")
        .clone();
    let typed = faultline_engine::pack::read_scenario(&s, "s").expect("reads");
    assert_eq!(
        typed.trainer.as_ref().map(|k| k.objective.as_str()),
        s["trainer"]["objective"].as_str()
    );
    let mut bad = s.clone();
    bad["trainer"]["wrong_answers"][0]["why_not"] = Value::Null;
    bad["trainer"].as_object_mut().unwrap().remove("objective");
    let got: Vec<String> = validate_scenario(&bad, "scenarios[4]")
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "scenarios[4].trainer.objective: is required",
            "scenarios[4].trainer.wrong_answers[0].why_not: must be a string"
        ]
    );
    let mut none = s;
    none.as_object_mut().unwrap().remove("trainer");
    assert_eq!(validate_scenario(&none, "s"), vec![]);
}

#[test]
fn every_built_in_scenario_has_a_trainer_kit() {
    let mut missing = vec![];
    for pack in packs() {
        for s in &pack.scenarios {
            let kit = faultline_engine::pack::ScenarioText::read(s).trainer;
            match kit {
                Some(k) if !k.wrong_answers.is_empty() => {}
                _ => missing.push(format!("{}: {}", pack.file, sid(s))),
            }
        }
    }
    assert!(
        missing.is_empty(),
        "scenarios without a trainer kit (objective, wrong_answers, discussion, debrief):\n{}",
        missing.join("\n")
    );
}
