//! The packs' index and its learning paths: the built-in index checks clean (every pack, every
//! path reference, difficulty rising where a path says so), and each kind of mistake in an index
//! is reported at its JSON path.

use faultline_engine::pack::{check_index, check_paths, read_index, PackIndex};
use faultline_engine::{Difficulty, Pack};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/scenarios")
}

fn load(name: &str) -> Result<Value, String> {
    std::fs::read_to_string(dir().join(name))
        .map_err(|e| format!("{name}: {e}"))
        .and_then(|t| serde_json::from_str(&t).map_err(|e| format!("{name}: {e}")))
}

fn built_in() -> (PackIndex, Vec<Pack>) {
    let (index, packs, problems) = check_index(&load("index.json").unwrap(), &load);
    assert_eq!(problems, vec![], "the built-in index has problems");
    (index.unwrap(), packs)
}

fn difficulty(packs: &[Pack], pack: &str, scenario: &str) -> Difficulty {
    let pack = packs.iter().find(|p| p.id == pack).unwrap();
    pack.scenarios
        .iter()
        .find(|s| s.id == scenario)
        .unwrap()
        .difficulty
}

#[test]
fn the_built_in_index_has_three_playable_paths_that_rise_and_mix_topics() {
    let (index, packs) = built_in();
    let ids: Vec<&str> = index.paths.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["first-hour", "interview-prep", "integration-engineer"]
    );
    for path in &index.paths {
        assert!(path.steps.len() >= 6, "{}: a path of a few steps", path.id);
        assert!(path.rising_difficulty, "{}", path.id);
        let ds: Vec<Difficulty> = path
            .steps
            .iter()
            .map(|s| difficulty(&packs, &s.pack, &s.scenario))
            .collect();
        assert!(ds.windows(2).all(|w| w[0] <= w[1]), "{}: {ds:?}", path.id);
        assert_eq!(ds.first(), Some(&Difficulty::Easy), "{}", path.id);
        assert_eq!(ds.last(), Some(&Difficulty::Hard), "{}", path.id);
    }
    // The first hour never gives the layer away by its pack: no two steps in a row from one pack,
    // and at least six packs.
    let first = index.path("first-hour").unwrap();
    assert!(first.steps.windows(2).all(|w| w[0].pack != w[1].pack));
    let mut packs_used: Vec<&str> = first.steps.iter().map(|s| s.pack.as_str()).collect();
    packs_used.sort();
    packs_used.dedup();
    assert!(packs_used.len() >= 6, "{packs_used:?}");
}

/// The fault ids (root cause first) of a step's scenario.
fn faults(packs: &[Pack], pack: &str, scenario: &str) -> Vec<String> {
    let pack = packs.iter().find(|p| p.id == pack).unwrap();
    let s = pack.scenarios.iter().find(|s| s.id == scenario).unwrap();
    s.fault.as_slice().iter().map(|f| f.id.clone()).collect()
}

#[test]
fn look_alike_pairs_sit_side_by_side() {
    let (index, packs) = built_in();
    let adjacent = |path: &str, a: &str, b: &str| {
        let steps = &index.path(path).unwrap().steps;
        let root: Vec<String> = steps
            .iter()
            .map(|s| faults(&packs, &s.pack, &s.scenario)[0].clone())
            .collect();
        root.windows(2)
            .any(|w| (w[0] == a && w[1] == b) || (w[0] == b && w[1] == a))
    };
    // 401 (the token) beside 403 (the role it lacks).
    assert!(adjacent("first-hour", "expired-token", "insufficient-role"));
    assert!(adjacent(
        "interview-prep",
        "missing-auth-header",
        "insufficient-role"
    ));
    // A stale DNS answer beside a gateway sending the request to the wrong place.
    assert!(adjacent(
        "first-hour",
        "dns-stale-record",
        "gateway-misrouted"
    ));
    // The receiver's key store refusing a signature beside the platform signing with a new secret.
    for path in ["interview-prep", "integration-engineer"] {
        assert!(
            adjacent(path, "webhook-auth-failure", "webhook-signature-mismatch"),
            "{path}"
        );
    }
    // A quota beside a client in a loop: both 429.
    assert!(adjacent(
        "interview-prep",
        "rate-limit-quota",
        "request-loop"
    ));
}

fn index(paths: Value) -> Value {
    json!({"schema_version": 1, "packs": ["webhooks.json", "status-codes.json"], "paths": paths})
}

fn problems(value: &Value) -> Vec<String> {
    match read_index(value) {
        Ok(index) => {
            let packs: Vec<Pack> = ["webhooks.json", "status-codes.json"]
                .iter()
                .map(|f| faultline_engine::read_pack(&load(f).unwrap(), &load).unwrap())
                .collect();
            check_paths(&index, &packs)
                .iter()
                .map(ToString::to_string)
                .collect()
        }
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn path(id: &str, steps: Value) -> Value {
    json!({"id": id, "title": "T", "summary": "S.", "steps": steps})
}

#[test]
fn an_index_without_paths_reads_as_one_with_none() {
    let read = read_index(&json!({"schema_version": 1, "packs": ["a.json"]})).unwrap();
    assert!(read.paths.is_empty());
    assert_eq!(read.packs, ["a.json"]);
}

#[test]
fn shape_mistakes_are_named_at_their_json_path() {
    let got = problems(&index(json!([
        path("a", json!([])),
        path("a", json!([{"pack": "webhooks", "scenario": "x"}])),
        {"id": "Bad Id", "title": "", "steps": [{"pack": "webhooks"}, 3], "colour": "red"},
        path("d", json!([
            {"pack": "webhooks", "scenario": "no-tickets-since-this-mornings-settings-change"},
            {"pack": "webhooks", "scenario": "no-tickets-since-this-mornings-settings-change"}
        ])),
    ])));
    for expected in [
        "$.paths[0].steps: a path needs at least one step",
        "$.paths[1].id: \"a\" is the id of an earlier path",
        "$.paths[2].id: \"Bad Id\" must be lowercase letters, digits and dashes",
        "$.paths[2].title: must not be empty",
        "$.paths[2]: \"summary\" is required",
        "$.paths[2].colour: unknown field",
        "$.paths[2].steps[0]: \"scenario\" is required",
        "$.paths[2].steps[1]: must be an object {\"pack\", \"scenario\"}",
        "$.paths[3].steps[1].scenario: \"no-tickets-since-this-mornings-settings-change\" is already an earlier step of this path",
    ] {
        assert!(got.iter().any(|l| l == expected), "{expected} in {got:#?}");
    }
    assert_eq!(got.len(), 9, "{got:#?}");
    let bad = read_index(
        &json!({"schema_version": 2, "packs": ["Webhooks", "a.json", "a.json"], "paths": {}}),
    );
    let got: Vec<String> = bad.unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "$.schema_version: must be 1",
            "$.packs[0]: \"Webhooks\" must be a pack file name, <pack-id>.json",
            "$.packs[2]: \"a.json\" is listed twice",
            "$.paths: must be a list of learning paths",
        ]
    );
}

#[test]
fn unknown_references_and_a_falling_difficulty_are_problems() {
    let mut falling = path(
        "f",
        json!([
            {"pack": "webhooks", "scenario": "four-identical-tickets-delivery-marked-failed"},
            {"pack": "webhooks", "scenario": "no-tickets-since-this-mornings-settings-change"},
            {"pack": "crm", "scenario": "x"},
            {"pack": "status-codes", "scenario": "no-such-scenario"}
        ]),
    );
    let got = problems(&index(json!([falling.clone()])));
    assert_eq!(
        got,
        [
            "$.paths[0].steps[2].pack: there is no pack \"crm\" in the index",
            "$.paths[0].steps[3].scenario: the pack \"status-codes\" has no scenario \"no-such-scenario\"",
        ]
    );
    falling["rising_difficulty"] = json!(true);
    let got = problems(&index(json!([falling])));
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(
        got[0],
        "$.paths[0].steps[1]: \"no-tickets-since-this-mornings-settings-change\" is easy after \
         \"four-identical-tickets-delivery-marked-failed\", which is hard; the path says its \
         difficulty rises"
    );
}

#[test]
fn check_index_reads_every_pack_and_names_the_file_of_a_pack_problem() {
    let broken = |name: &str| -> Result<Value, String> {
        let mut v = load(name)?;
        if name == "webhooks.json" {
            v["title"] = json!("");
        }
        Ok(v)
    };
    let value = index(json!([path(
        "p",
        json!([{"pack": "webhooks", "scenario": "nope"}, {"pack": "status-codes", "scenario": "nope"}])
    )]));
    let (read, packs, problems) = check_index(&value, &broken);
    assert!(read.is_some());
    assert_eq!(packs.len(), 1);
    let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
    // The webhooks pack's own problem, and no second report of steps into it.
    assert_eq!(
        got,
        [
            "webhooks.json: title: must not be empty",
            "$.paths[0].steps[1].scenario: the pack \"status-codes\" has no scenario \"nope\"",
        ]
    );
    let missing = |name: &str| -> Result<Value, String> {
        match name {
            "status-codes.json" => Err("cannot read status-codes.json: gone".into()),
            n => load(n),
        }
    };
    let (_, _, problems) = check_index(&index(json!([])), &missing);
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["$.packs[1]: cannot read status-codes.json: gone"]
    );
}

fn planned(plan: Value) -> Vec<String> {
    let mut p = path(
        "p",
        json!([
            {"pack": "webhooks", "scenario": "a"},
            {"pack": "webhooks", "scenario": "b"}
        ]),
    );
    p["plan"] = plan;
    match read_index(&index(json!([p]))) {
        Ok(_) => vec![],
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_plan_fills_sixty_minutes_and_plays_the_steps_in_order() {
    let good = json!([
        {"minutes": 10, "activity": "Opening", "teaches": "The map."},
        {"minutes": 20, "scenario": "a", "teaches": "A."},
        {"minutes": 25, "scenario": "b", "teaches": "B."},
        {"minutes": 5, "activity": "Wrap-up", "teaches": "The habit."}
    ]);
    assert_eq!(planned(good.clone()), Vec::<String>::new());
    let mut short = good.clone();
    short[0]["minutes"] = json!(5);
    assert_eq!(
        planned(short),
        ["$.paths[0].plan: adds up to 55 minutes; a plan fills 60"]
    );
    let mut swapped = good.clone();
    swapped[1]["scenario"] = json!("b");
    swapped[2]["scenario"] = json!("a");
    assert_eq!(
        planned(swapped),
        ["$.paths[0].plan: must play every step of the path once, in the path's order"]
    );
    let mut missing = good.clone();
    missing[2] = json!({"minutes": 25, "activity": "Break", "teaches": "Rest."});
    assert_eq!(
        planned(missing),
        ["$.paths[0].plan: must play every step of the path once, in the path's order"]
    );
    let mut bad = good.clone();
    bad[0]["minutes"] = json!(0);
    bad[1]["activity"] = json!("Also this");
    bad[2]["scenario"] = json!("zzz");
    bad[3].as_object_mut().unwrap().remove("teaches");
    bad[3]["colour"] = json!("red");
    let got = planned(bad);
    for expected in [
        "$.paths[0].plan[0].minutes: must be a whole number of minutes from 1 to 60",
        "$.paths[0].plan[1]: has both \"scenario\" and \"activity\"; a block is one or the other",
        "$.paths[0].plan[2].scenario: \"zzz\" is not a step of this path",
        "$.paths[0].plan[3]: \"teaches\" is required",
        "$.paths[0].plan[3].colour: unknown field",
    ] {
        assert!(got.iter().any(|g| g == expected), "{expected}\nin {got:#?}");
    }
    assert_eq!(
        planned(json!([])),
        ["$.paths[0].plan: must be a list of blocks {minutes, scenario or activity, teaches}"]
    );
}

#[test]
fn every_built_in_path_has_a_sixty_minute_plan_and_its_steps_a_trainer_kit() {
    let (index, packs) = built_in();
    for path in &index.paths {
        assert!(!path.plan.is_empty(), "{}: no plan", path.id);
        let minutes: u32 = path.plan.iter().map(|b| b.minutes).sum();
        assert_eq!(minutes, faultline_engine::pack::PLAN_MINUTES, "{}", path.id);
        for step in &path.steps {
            let pack = packs.iter().find(|p| p.id == step.pack).unwrap();
            let s = pack
                .scenarios
                .iter()
                .find(|s| s.id == step.scenario)
                .unwrap();
            let kit = s.trainer.as_ref().unwrap_or_else(|| {
                panic!("{}: step {} has no trainer kit", path.id, step.scenario)
            });
            assert!(!kit.wrong_answers.is_empty(), "{}", s.id);
        }
    }
}
