//! `faultline check`'s replay and the solver's verdict: what is an error (evidence that
//! contradicts the answer, a tie), what is only a warning (evidence that does not settle it), and
//! the verdict's cause, action and owner.

use faultline_engine::*;

mod common;
use common::scenario;

#[test]
fn pack_validator_replays_scenarios() {
    let pack = serde_json::json!({
        "id": "replays", "schema_version": 1, "title": "Replays", "blurb": "b",
        "scenarios": [
            scenario("storm-ok", serde_json::json!([{"id": "request-loop"}, {"id": "backend-overloaded"}]), serde_json::json!({"layer": "client"})),
            scenario("storm-backwards", serde_json::json!([{"id": "backend-overloaded"}, {"id": "request-loop"}]), serde_json::json!({})),
            scenario("wrong-claim", serde_json::json!({"id": "expired-token"}), serde_json::json!({"layer": "gateway"})),
            scenario("wrong-text", serde_json::json!({"id": "expired-token"}), serde_json::json!({"explanations": {"correct": "The gateway layer refused the call.", "distractors": {}}})),
            scenario("too-faint", serde_json::json!({"id": "network-latency", "params": {"one_way_ms": 1}}), serde_json::json!({"difficulty": "easy"})),
        ]
    });
    let probs: Vec<String> = validate_pack(&pack, &|_| Err("no files".into()))
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(
        !probs.iter().any(|p| p.starts_with("scenarios[0]")),
        "{probs:#?}"
    );
    assert!(probs.iter().any(|p| p.starts_with("scenarios[1]: replay: the evidence points at client but the root cause (backend-overloaded) is in backend; change the seed or the fault's parameters. The solver read: ") && p.contains("the client's own loop")), "{probs:#?}");
    // What the solver cannot settle is no problem (`faultline check` warns about it).
    assert!(
        !probs.iter().any(|p| p.starts_with("scenarios[4]")),
        "{probs:#?}"
    );
    assert!(
        probs.contains(
            &"scenarios[2].layer: says gateway but the engine's root cause is in auth".to_string()
        ),
        "{probs:#?}"
    );
    assert!(probs.contains(&"scenarios[3].explanations.correct: names the gateway layer but the engine's root cause is in auth".to_string()), "{probs:#?}");
    assert_eq!(probs.len(), 3, "{probs:#?}");
}

#[test]
fn verdicts_name_the_cause_with_its_action_and_owner() {
    let mut with_cause = 0;
    for seed in 0..2000u64 {
        let p = generate_puzzle(seed * 31 + 5, None, None);
        let v = solve(&p.view.evidence);
        assert_eq!(v.layer, Some(p.answer.root_cause_layer), "seed {seed}");
        let Some(cause) = &v.cause else { continue };
        with_cause += 1;
        assert_eq!(cause, &p.answer.fault_id, "seed {seed}: {:?}", v.reasons);
        assert_eq!(v.action.as_deref(), Some(p.answer.next_action.as_str()));
        assert_eq!(v.owner.as_deref(), Some(p.answer.owner.as_str()));
    }
    assert!(
        with_cause > 1900,
        "only {with_cause} of 2000 verdicts named a cause"
    );
}

#[test]
fn ambiguous_verdicts_name_no_layer_and_no_cause() {
    let t = simulate_simple(
        Some("api-call"),
        &[FaultSpec::new("network-latency").with("one_way_ms", 1)],
        3,
    )
    .unwrap();
    let v = solve(&t.evidence);
    assert!(v.ambiguous && v.layer.is_none() && v.cause.is_none() && v.owner.is_none());
    assert!(!v.reasons.is_empty());
}
