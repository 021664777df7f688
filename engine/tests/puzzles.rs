//! Generated puzzles: the choices and hints must fit the evidence they are shown with.

use faultline_engine::*;

fn question<'a>(p: &'a Puzzle, id: &str) -> &'a Question {
    p.view.questions.iter().find(|q| q.id == id).unwrap()
}

/// HTTP status codes named in a text.
fn statuses_named(text: &str) -> Vec<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse().ok())
        .filter(|s| {
            [
                301, 302, 307, 308, 400, 401, 403, 404, 405, 407, 408, 409, 413, 415, 422, 426,
                429, 500, 502, 503, 504,
            ]
            .contains(s)
        })
        .collect()
}

#[test]
fn cause_choices_fit_the_flow_and_its_diagram() {
    for seed in 0..3000 {
        let p = generate_puzzle(seed, None, None);
        let ev = &p.view.evidence;
        let causes = question(&p, "cause");
        assert_eq!(causes.choices.len(), 4, "seed {seed}");
        for c in &causes.choices {
            let f = fault(&c.id).unwrap_or_else(|| panic!("seed {seed}: unknown {}", c.id));
            assert!(
                f.flows.contains(&ev.flow),
                "seed {seed}: cause {} does not apply to flow {}",
                c.id,
                ev.flow
            );
            assert!(
                ev.layers.contains(&f.layer),
                "seed {seed}: cause {} is at {:?}, not on the {} diagram {:?}",
                c.id,
                f.layer,
                ev.flow,
                ev.layers
            );
        }
    }
}

#[test]
fn wrong_actions_do_not_cite_a_status_the_evidence_never_shows() {
    for seed in 0..3000 {
        let p = generate_puzzle(seed, None, None);
        let ev = &p.view.evidence;
        let shown: Vec<u16> = ev
            .exchanges
            .iter()
            .filter_map(|x| x.response.as_ref().map(|r| r.status))
            .collect();
        let key = p.key.iter().find(|k| k.question == "action").unwrap();
        for c in &question(&p, "action").choices {
            if c.id == key.correct {
                continue;
            }
            for s in statuses_named(&c.label) {
                assert!(
                    shown.contains(&s),
                    "seed {seed} ({}): action '{}' cites {s}, but the evidence shows {shown:?}",
                    p.answer.fault_id,
                    c.label
                );
            }
        }
    }
}

#[test]
fn distractors_share_the_symptom_when_the_flow_offers_look_alikes() {
    // A 5xx from the API: the other causes offered fail with a 5xx too.
    for seed in 0..200 {
        let spec = RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new("backend-overloaded")],
            seed,
            call: None,
            client: None,
        };
        let p = puzzle_for(&spec, Difficulty::Medium).unwrap();
        for c in &question(&p, "cause").choices {
            let f = fault(&c.id).unwrap();
            assert!(
                [Layer::Backend, Layer::Database, Layer::Gateway].contains(&f.layer),
                "seed {seed}: {} is no look-alike of a 503",
                c.id
            );
        }
    }
}

#[test]
fn hints_only_point_at_evidence_that_exists() {
    for seed in 0..1500 {
        let p = generate_puzzle(seed, None, None);
        let ev = &p.view.evidence;
        for h in &p.view.hints {
            // A hint is prose: a run of spaces in one is a broken line join in its text.
            assert!(
                !h.contains("   "),
                "seed {seed} ({}): a hint has a run of spaces: {h:?}",
                p.answer.fault_id
            );
            // Any 32-hex word a hint names must be carried by at least one log line.
            for w in h.split(|c: char| !c.is_ascii_hexdigit()) {
                if w.len() == 32 {
                    assert!(
                        ev.logs.iter().any(|l| l.trace_id.as_deref() == Some(w)),
                        "seed {seed} ({}): hint names trace id {w} but no log line has it: {h}",
                        p.answer.fault_id
                    );
                }
            }
        }
    }
}

#[test]
fn a_crm_lookup_never_logs_case_fields() {
    // Only ticket flows create a Case; a lookup's evidence must not talk about one.
    for seed in 0..400 {
        let spec = RunSpec {
            flow: Some("crm-lookup".into()),
            faults: vec![FaultSpec::new(
                ["crm-outage", "crm-token-expired", "screen-pop-missing-id"][seed as usize % 3],
            )],
            seed,
            call: None,
            client: None,
        };
        let t = simulate_with_noise(&spec, 24, true).unwrap();
        for l in &t.evidence.logs {
            assert!(
                !l.text.contains("Case.") && !l.text.contains("Case "),
                "seed {seed}: lookup logs a Case: {}",
                l.text
            );
        }
    }
}

#[test]
fn explanations_quote_error_bodies_on_one_compact_line() {
    for (flow, id) in [
        ("crm-lookup", "crm-outage"),
        ("crm-ticket", "crm-outage"),
        ("crm-lookup", "crm-token-expired"),
        ("crm-ticket", "webhook-invalid-payload"),
    ] {
        for seed in 0..20 {
            let spec = RunSpec {
                flow: Some(flow.into()),
                faults: vec![FaultSpec::new(id)],
                seed,
                call: None,
                client: None,
            };
            let p = puzzle_for(&spec, Difficulty::Medium).unwrap();
            let texts: Vec<&String> = p
                .key
                .iter()
                .flat_map(|k| std::iter::once(&k.explanation).chain(k.wrong.values()))
                .collect();
            for t in texts {
                assert!(
                    !t.contains("  ")
                        && !t.contains('\n')
                        && !t.contains("[ ")
                        && !t.contains("{ "),
                    "{id} in {flow}, seed {seed}: raw body in explanation: {t}"
                );
            }
            if id == "crm-outage" {
                let layer = &p.key[0].explanation;
                assert!(
                    layer.contains("errorCode=SERVER_UNAVAILABLE"),
                    "{flow}, seed {seed}: {layer}"
                );
            }
        }
    }
}

/// In a cascade the loudest errors are consequences: they are offered as causes, and rejecting
/// one explains that it came after the first failure.
#[test]
fn a_cascades_consequences_are_offered_as_causes() {
    for c in cascades::CASCADES {
        for seed in 0..3 {
            let spec = c.spec(seed);
            let p = puzzle_for(&spec, Difficulty::Hard).unwrap();
            let causes = question(&p, "cause");
            let key = p.key.iter().find(|k| k.question == "cause").unwrap();
            assert_eq!(key.correct, spec.faults[0].id, "{}", c.id);
            let offered: Vec<&str> = causes.choices.iter().map(|ch| ch.id.as_str()).collect();
            for consequence in spec.faults.iter().skip(1).take(3) {
                if consequence.id == spec.faults[0].id {
                    continue;
                }
                assert!(
                    offered.contains(&consequence.id.as_str()),
                    "{} seed {seed}: {} is not among {offered:?}",
                    c.id,
                    consequence.id
                );
                assert!(
                    key.wrong[&consequence.id].contains("as a consequence of the first failure"),
                    "{}",
                    key.wrong[&consequence.id]
                );
            }
        }
    }
}

/// A string sent where the schema wants an object is also a value of the wrong type, and the API
/// says so in the same words: a learner who names either has read the evidence right, so neither
/// is offered as the other's wrong answer (it was, and marked that reading wrong).
#[test]
fn a_look_alike_with_the_same_reading_is_never_a_wrong_answer() {
    for (fault, other) in [
        ("wrong-nesting", "wrong-field-type"),
        ("wrong-field-type", "wrong-nesting"),
    ] {
        for seed in 0..40 {
            let spec = RunSpec {
                flow: Some("api-call".into()),
                faults: vec![FaultSpec {
                    id: fault.into(),
                    params: Default::default(),
                }],
                seed,
                ..Default::default()
            };
            let p = puzzle_for(&spec, Difficulty::Medium).unwrap();
            let offered: Vec<&str> = question(&p, "cause")
                .choices
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            assert!(offered.contains(&fault), "seed {seed}: {offered:?}");
            assert!(
                !offered.contains(&other),
                "seed {seed}: {fault} offers {other}: {offered:?}"
            );
        }
    }
}
