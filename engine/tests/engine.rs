//! The engine's promises over the whole catalogue: byte-identical output for the same input, every
//! fault visible and solvable, no spoilers in the evidence, bad input an error and never a panic.
//! What the wire looks like is in wire.rs; cascades in cascades.rs.

use faultline_engine::*;

mod common;
use common::{all_cases, scenario};

#[test]
fn same_input_gives_byte_identical_json() {
    for (id, flow) in all_cases().into_iter().step_by(5) {
        let run = || {
            let t = simulate_simple(Some(&flow), &[FaultSpec::new(&id)], 42).unwrap();
            serde_json::to_string(&t).unwrap()
        };
        assert_eq!(run(), run(), "{id} in {flow}");
    }
}

#[test]
fn healthy_flows_succeed_without_failure_marks() {
    for f in flows() {
        let t = simulate_simple(Some(f.id.id()), &[], 3).unwrap();
        assert!(
            t.answer.failing_event.is_none(),
            "{} healthy run marked a failure: {:?}",
            f.id,
            t.evidence.outcome
        );
        for x in &t.evidence.exchanges {
            assert!(x.client_error.is_none(), "{}: {:?}", f.id, x.client_error);
            let s = x.response.as_ref().unwrap().status;
            // A navigation's redirect is followed by the browser (the sign-in flow's 302).
            let navigates = x
                .request
                .headers
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case("sec-fetch-mode") && v == "navigate");
            assert!(
                s < 300 || s == 101 || (navigates && (300..400).contains(&s)),
                "{}: status {s}",
                f.id
            );
        }
    }
}

#[test]
fn every_fault_fails_visibly_and_the_solver_finds_its_layer() {
    for (id, flow) in all_cases() {
        let t = simulate_simple(Some(&flow), &[FaultSpec::new(&id)], 11).unwrap();
        assert_eq!(t.answer.fault_id, id);
        assert!(
            t.answer.failing_event.is_some() || !t.evidence.exchanges.is_empty(),
            "{id}/{flow}"
        );
        let v = solve(&t.evidence);
        assert_eq!(
            v.layer,
            Some(t.answer.root_cause_layer),
            "{id} in {flow}: {:?}",
            v.reasons
        );
    }
}

#[test]
fn evidence_never_names_the_fault() {
    for (id, flow) in all_cases() {
        let t = simulate_simple(Some(&flow), &[FaultSpec::new(&id)], 5).unwrap();
        let ev = serde_json::to_string(&t.evidence).unwrap();
        let info = fault(&id).unwrap();
        assert!(
            !ev.contains(&format!("\"{id}\"")) && !ev.contains(&format!("/{id}\"")),
            "{id} leaks its id"
        );
        assert!(!ev.contains(&info.title), "{id} leaks its title");
        assert!(
            [
                "\"root_cause",
                "\"fault_id\"",
                "\"fault_title\"",
                "\"faults\"",
                "\"fault\""
            ]
            .iter()
            .all(|k| !ev.contains(k)),
            "{id}: evidence has answer-like fields"
        );
    }
}

#[test]
fn solver_matches_injected_layer_over_thousands_of_seeds() {
    for seed in 0..3000u64 {
        let (layer, flow, fault, ev) = puzzle::generate_case(seed * 7919 + 1, None, None);
        let v = solve(&ev);
        assert_eq!(
            v.layer,
            Some(layer),
            "seed {seed}: {fault} in {flow}: {:?}",
            v.reasons
        );
        assert!(!v.ambiguous);
    }
}

#[test]
fn bad_inputs_are_errors_not_panics() {
    assert_eq!(
        simulate_simple(Some("nope"), &[], 1).unwrap_err(),
        EngineError::UnknownFlow("nope".into())
    );
    assert!(matches!(
        simulate_simple(None, &[FaultSpec::new("expird-token")], 1),
        Err(EngineError::UnknownFault(_))
    ));
    assert!(matches!(
        simulate_simple(Some("crm-ticket"), &[FaultSpec::new("expired-token")], 1),
        Err(EngineError::NotApplicable { .. })
    ));
    assert!(matches!(
        simulate_simple(
            None,
            &[FaultSpec::new("expired-token").with("minutes_ago", "x")],
            1
        ),
        Err(EngineError::BadParam { .. })
    ));
}

#[test]
fn puzzles_have_four_questions_with_explained_distractors() {
    for seed in 0..200 {
        let p = generate_puzzle(seed, None, None);
        assert_eq!(p.view.questions.len(), 4);
        assert_eq!(p.view.hints.len(), 3);
        for (q, k) in p.view.questions.iter().zip(&p.key) {
            assert!(q.choices.iter().any(|c| c.id == k.correct));
            for c in q.choices.iter().filter(|c| c.id != k.correct) {
                assert!(k.wrong.contains_key(&c.id), "{} lacks an explanation", c.id);
            }
        }
        assert_eq!(p.key[0].correct, p.answer.root_cause_layer.id());
    }
    let p = generate_puzzle(5, Some(Difficulty::Hard), Some("tls"));
    assert_eq!(p.answer.root_cause_layer, Layer::Tls);
}

#[test]
fn a_layer_the_request_never_arrived_at_is_not_said_to_have_worked() {
    // The firewall drops the SYN to the auth server: auth was addressed but never answered.
    let spec = RunSpec {
        flow: Some("oauth-token".into()),
        faults: vec![FaultSpec::new("firewall-block")],
        seed: 16,
        ..RunSpec::default()
    };
    let p = puzzle_for(&spec, Difficulty::Easy).unwrap();
    let auth = &p.key[0].wrong["auth"];
    assert!(!auth.contains("did its part"), "{auth}");
    assert!(auth.contains("never arrived"), "{auth}");
    assert!(p.key[0].wrong["dns"].contains("did its part"));
}

#[test]
fn a_request_that_carried_the_problem_is_never_called_fine() {
    // No Authorization header: the auth layer's check fails, but the client's request is what
    // it objects to, so the client's feedback must not say it did its part without an error.
    for fault in [
        "missing-auth-header",
        "wrong-auth-scheme",
        "malformed-token",
    ] {
        let spec = RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new(fault)],
            seed: 84,
            ..RunSpec::default()
        };
        let p = puzzle_for(&spec, Difficulty::Easy).unwrap();
        if let Some(client) = p.key[0].wrong.get("client") {
            assert!(!client.contains("did its part"), "{fault}: {client}");
            assert!(
                client.contains("whose check it failed"),
                "{fault}: {client}"
            );
        }
    }
}

#[test]
fn a_wrong_layer_answer_never_names_the_right_layer() {
    for seed in 0..400 {
        let p = generate_puzzle(seed, None, None);
        let layer_key = &p.key[0];
        let right_label = p.view.questions[0]
            .choices
            .iter()
            .find(|c| c.id == layer_key.correct)
            .map(|c| c.label.clone())
            .unwrap();
        for (choice, why) in &layer_key.wrong {
            assert!(
                !why.contains(&right_label),
                "seed {seed}: feedback for {choice} names the answer: {why}"
            );
        }
    }
}

#[test]
fn pack_validator_reports_paths() {
    let pack: serde_json::Value = serde_json::from_str(include_str!("packs/bad.json")).unwrap();
    let probs: Vec<String> = validate_pack(&pack, &|_| Err("no files".into()))
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        probs.contains(&"scenarios[1].fault.id: unknown fault \"expird-token\"".to_string()),
        "{probs:#?}"
    );
    assert!(
        probs.contains(&"scenarios[1].hints: must have exactly 3 hints, found 1".to_string()),
        "{probs:#?}"
    );
    let good: serde_json::Value = serde_json::from_str(include_str!("packs/good.json")).unwrap();
    assert_eq!(validate_pack(&good, &|_| Err("no files".into())), vec![]);
}

#[test]
fn pack_limits_have_clear_messages_and_deep_nesting_cannot_blow_the_stack() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = parse_pack(&deep).unwrap_err();
    assert_eq!(e.path, "$");
    assert!(
        e.message.starts_with("nesting is deeper than 16 levels"),
        "{e}"
    );
    let big = format!("{{\"id\": \"{}\"}}", "x".repeat(scenario::MAX_PACK_BYTES));
    assert!(parse_pack(&big)
        .unwrap_err()
        .message
        .contains("the limit is 1048576 bytes"));
    assert!(parse_pack("{")
        .unwrap_err()
        .message
        .starts_with("not valid JSON"));
    // Strings inside brackets do not count as nesting.
    assert!(parse_pack(&format!("{{\"a\": \"{}\"}}", "[".repeat(100))).is_ok());
    let long = scenario(
        "long",
        serde_json::json!({"id": "expired-token"}),
        serde_json::json!({"title": "x".repeat(5000)}),
    );
    let probs = validate_scenario(&long, "scenarios[0]");
    assert_eq!(
        probs[0].to_string(),
        "scenarios[0].title: is 5000 characters long; the limit is 4000"
    );
    let many = serde_json::json!({"id": "p", "schema_version": 1, "title": "t", "blurb": "b", "scenarios": vec![serde_json::json!("x.json"); 201]});
    assert!(validate_pack(&many, &|_| Err("no".into()))
        .iter()
        .any(|p| p.to_string() == "$.scenarios: has 201 scenarios; a pack holds at most 200"));
}

/// Random flows, stacked faults, parameters (out of range, wrong types, unknown names) and calls:
/// errors are fine, panics are not; whatever runs can be solved, rendered and exported.
#[test]
fn random_specs_never_panic() {
    use serde_json::json;
    let fs = faults();
    let mut flow_ids: Vec<String> = flows().into_iter().map(|f| f.id.to_string()).collect();
    flow_ids.push("no-such-flow".into());
    let mut rng = util::Rng::new(0xFA17);
    let mut ran = 0;
    for i in 0..4000u64 {
        let n = rng.range(0, 3) as usize;
        let mut specs = vec![];
        for _ in 0..n {
            let f = rng.pick(&fs);
            let mut s = FaultSpec::new(if rng.chance(3) { "nope" } else { &f.id });
            for _ in 0..rng.range(0, 2) {
                let name = if !f.params.is_empty() && rng.chance(80) {
                    rng.pick(&f.params).name.clone()
                } else {
                    "bogus".into()
                };
                let v = match rng.range(0, 9) {
                    0 => json!(rng.range(-1_000_000, 1_000_000)),
                    1 => json!(i64::MAX),
                    2 => json!(i64::MIN),
                    3 => json!(rng.range(0, 200_000_000)),
                    4 => json!("x".repeat(rng.range(0, 100) as usize)),
                    5 => json!("a/b \"c\""),
                    6 => json!(true),
                    7 => json!(null),
                    8 => json!([1, 2]),
                    _ => json!(1.5),
                };
                s.params.insert(name, v);
            }
            specs.push(s);
        }
        let flow = if rng.chance(85) {
            Some(rng.pick(&flow_ids).clone())
        } else {
            None
        };
        let call = if rng.chance(15) {
            Some(CallSpec {
                method: rng
                    .pick(&["GET", "post", "OPTIONS", "HEAD", "TRACE", "DELETE"])
                    .to_string(),
                path: rng
                    .pick(&[
                        "/v2/customers/1",
                        "/",
                        "",
                        "nope",
                        "/v2/chats",
                        "/a b",
                        "/v2/customers/",
                    ])
                    .to_string(),
            })
        } else {
            None
        };
        let spec = RunSpec {
            flow,
            faults: specs,
            seed: rng.next_u64() ^ i,
            call,
            ..RunSpec::default()
        };
        if let Ok(t) = simulate_with_noise(&spec, rng.range(0, 30) as usize, rng.chance(50)) {
            ran += 1;
            let _ = solve(&t.evidence);
            let _ = render_text(&t.evidence);
            let _ = har(&t.evidence);
        }
    }
    assert!(ran > 500, "only {ran} random specs ran");
}
