use faultline_engine::*;

fn all_cases() -> Vec<(String, String)> {
    faults()
        .into_iter()
        .flat_map(|f| {
            f.flows
                .iter()
                .map(|fl| (f.id.clone(), fl.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn same_input_gives_byte_identical_json() {
    for (id, flow) in all_cases().into_iter().step_by(5) {
        let a = serde_json::to_string(
            &simulate_simple(Some(&flow), &[FaultSpec::new(&id)], 42).unwrap(),
        )
        .unwrap();
        let b = serde_json::to_string(
            &simulate_simple(Some(&flow), &[FaultSpec::new(&id)], 42).unwrap(),
        )
        .unwrap();
        assert_eq!(a, b, "{id} in {flow}");
    }
}

#[test]
fn healthy_flows_succeed_without_failure_marks() {
    for f in flows() {
        let t = simulate_simple(Some(&f.id), &[], 3).unwrap();
        assert!(
            t.answer.failing_event.is_none(),
            "{} healthy run marked a failure: {:?}",
            f.id,
            t.evidence.outcome
        );
        for x in &t.evidence.exchanges {
            assert!(x.client_error.is_none(), "{}: {:?}", f.id, x.client_error);
            let s = x.response.as_ref().unwrap().status;
            assert!(s < 300 || s == 101, "{}: status {s}", f.id);
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
fn realistic_wire_details() {
    let t = simulate_simple(
        None,
        &[FaultSpec::new("expired-token").with("minutes_ago", 42)],
        1,
    )
    .unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert_eq!(r.status, 401);
    let wa = r
        .headers
        .iter()
        .find(|(k, _)| k == "WWW-Authenticate")
        .unwrap();
    assert!(wa
        .1
        .contains("error=\"invalid_token\", error_description=\"The access token expired\""));
    assert!(r
        .headers
        .iter()
        .any(|(k, v)| k == "Content-Type" && v.starts_with("application/problem+json")));
    let t = simulate_simple(None, &[FaultSpec::new("wrong-method")], 1).unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert_eq!(
        (
            r.status,
            r.headers
                .iter()
                .find(|(k, _)| k == "Allow")
                .map(|x| x.1.as_str())
        ),
        (405, Some("POST"))
    );
    let t = simulate_simple(None, &[FaultSpec::new("dns-nxdomain")], 1).unwrap();
    assert_eq!(
        t.evidence.outcome,
        "curl: (6) Could not resolve host: api.example.com"
    );
    let t = simulate_simple(None, &[FaultSpec::new("rate-limit-quota")], 1).unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert!(r.headers.iter().any(|(k, _)| k == "Retry-After"));
    let t = simulate_simple(None, &[FaultSpec::new("slow-backend")], 1).unwrap();
    assert!(t.evidence.logs.iter().any(|l| l.text.contains("upstream timed out (110: Connection timed out) while reading response header from upstream")));
    let t = simulate(&RunSpec {
        call: Some(CallSpec {
            method: "HEAD".into(),
            path: "/v2/customers/12345".into(),
        }),
        ..Default::default()
    })
    .unwrap();
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    assert!(r.body.is_none() && r.headers.iter().any(|(k, _)| k == "Content-Length"));
    let t = simulate_simple(
        Some("crm-ticket"),
        &[FaultSpec::new("webhook-endpoint-down")],
        1,
    )
    .unwrap();
    assert_eq!(
        t.evidence
            .exchanges
            .iter()
            .filter(|x| x.attempt.is_some())
            .count(),
        8,
        "full retry schedule"
    );
    assert_eq!(
        t.evidence.outcome,
        "Chat ended; no ticket appeared in the CRM."
    );
}

#[test]
fn correlation_id_follows_request_and_noise_has_other_ids() {
    let t = simulate_simple(None, &[FaultSpec::new("database-timeout")], 9).unwrap();
    let ev = &t.evidence;
    assert!(
        ev.correlation.starts_with(&format!("00-{}-", ev.trace_id)) && ev.correlation.len() == 55
    );
    let mine: Vec<_> = ev
        .logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(&ev.trace_id))
        .collect();
    assert!(
        mine.iter().any(|l| l.source == LogSource::Gateway)
            && mine.iter().any(|l| l.source == LogSource::Database)
    );
    assert!(ev
        .logs
        .iter()
        .any(|l| l.trace_id.is_some() && l.trace_id.as_deref() != Some(&ev.trace_id)));
}

#[test]
fn har_is_1_2_with_minus_one_for_skipped_phases() {
    let t = simulate_simple(None, &[FaultSpec::new("dns-nxdomain")], 2).unwrap();
    let h = har(&t.evidence);
    assert_eq!(h["log"]["version"], "1.2");
    assert_eq!(h["log"]["entries"][0]["timings"]["connect"], -1);
    assert_eq!(h["log"]["entries"][0]["response"]["status"], 0);
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
fn puzzles_have_three_questions_with_explained_distractors() {
    for seed in 0..200 {
        let p = generate_puzzle(seed, None, None);
        assert_eq!(p.view.questions.len(), 3);
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
