//! Fault parameters: every int has a range it simulates sensibly in; values outside it are a
//! validation error naming the parameter (and, in packs, its JSON path), never a panic.

use faultline_engine::share::{self, SharedPuzzle};
use faultline_engine::*;
use serde_json::{json, Value};

fn run_with(fault: &str, flow: &str, name: &str, value: Value) -> Result<Trace, EngineError> {
    let mut spec = FaultSpec::new(fault);
    spec.params.insert(name.into(), value);
    simulate_simple(Some(flow), &[spec], 7)
}

fn int_params() -> Vec<(FaultInfo, ParamInfo, i64, i64)> {
    faults()
        .into_iter()
        .flat_map(|f| {
            f.params
                .clone()
                .into_iter()
                .filter(|p| p.kind == "int")
                .map(move |p| {
                    let (min, max) = (p.min.expect("int has a min"), p.max.expect("a max"));
                    (f.clone(), p, min, max)
                })
        })
        .collect()
}

#[test]
fn every_int_parameter_simulates_at_both_ends_of_its_range() {
    let params = int_params();
    assert!(params.len() >= 16, "{}", params.len());
    for (f, p, min, max) in params {
        let default = p.default.as_i64().unwrap();
        assert!(
            (min..=max).contains(&default),
            "{}.{}: default {default} outside {min}..={max}",
            f.id,
            p.name
        );
        assert!(p.help.ends_with(&format!("({min} to {max})")), "{}", p.help);
        for flow in &f.flows {
            for v in [min, max] {
                let t = run_with(&f.id, flow.id(), &p.name, v.into());
                assert!(t.is_ok(), "{} {flow} {}={v}: {t:?}", f.id, p.name);
            }
        }
    }
}

#[test]
fn out_of_range_ints_are_errors_that_say_the_range_and_why() {
    for (f, p, min, max) in int_params() {
        let flow = &f.flows[0];
        for v in [
            json!(min - 1),
            json!(max + 1),
            json!(i64::MIN),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(-1),
            json!(2.5),
            json!("12"),
            json!(null),
        ] {
            match run_with(&f.id, flow.id(), &p.name, v.clone()) {
                Err(EngineError::BadParam { param, message, .. }) => {
                    assert_eq!(param, p.name);
                    assert!(
                        message
                            .starts_with(&format!("must be a whole number from {min} to {max}: ")),
                        "{}.{} = {v}: {message}",
                        f.id,
                        p.name
                    );
                    assert!(message.len() > 50, "the reason is given: {message}");
                }
                other => panic!("{}.{} = {v}: {other:?}", f.id, p.name),
            }
        }
    }
}

/// The report: a certificate "expired" 37 million days ago panicked the date formatters.
#[test]
fn a_certificate_expired_a_hundred_thousand_years_ago_is_refused_not_a_panic() {
    for days in [37_000_000i64, 100_000_000, 3_651] {
        let err = run_with("cert-expired", "api-call", "days_ago", days.into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "fault \"cert-expired\" param \"days_ago\": must be a whole number from 1 to 3650: \
             certificates are issued for about a year at most, so ten years covers any \
             forgotten server, and 0 is not expired yet"
        );
    }
    let ten_years = run_with("cert-expired", "api-call", "days_ago", 3_650.into()).unwrap();
    let text = render_text(&ten_years.evidence);
    assert!(text.contains("notAfter="), "{text}");
}

#[test]
fn string_parameters_refuse_control_characters_and_overlong_values() {
    for bad in [
        "",
        "a b",
        "line\nbreak",
        "tab\there",
        "nul\u{0}",
        "a/b",
        "q\"",
        &"x".repeat(64),
    ] {
        let err = run_with("endpoint-typo", "api-call", "typo", bad.into()).unwrap_err();
        let EngineError::BadParam { param, message, .. } = err else {
            panic!("{bad:?}: {err:?}");
        };
        assert_eq!(param, "typo");
        assert!(message.contains("control characters"), "{message}");
    }
    assert!(run_with("endpoint-typo", "api-call", "typo", "x".repeat(63).into()).is_ok());
    assert!(run_with("missing-required-field", "api-call", "field", "a,b".into()).is_ok());
}

#[test]
fn a_pack_names_the_json_path_of_an_out_of_range_parameter() {
    let pack = json!({
        "id": "p", "title": "P", "description": "d", "version": 1,
        "scenarios": [{
            "id": "s", "title": "S", "story": "x", "flow": "api-call", "seed": 1,
            "difficulty": "easy",
            "fault": {"id": "cert-expired", "params": {"days_ago": 37_000_000}}
        }]
    });
    let problems = validate_pack(&pack, &|_| Err("no files".into()));
    let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        lines.iter().any(|l| l.starts_with(
            "scenarios[0].fault.params.days_ago: must be a whole number from 1 to 3650: "
        )),
        "{lines:?}"
    );
}

#[test]
fn a_challenge_link_with_an_out_of_range_parameter_opens_as_an_error() {
    let mut fault = FaultSpec::new("cert-expired");
    fault.params.insert("days_ago".into(), 37_000_000.into());
    let link = share::encode(&SharedPuzzle {
        run: RunSpec {
            flow: Some("api-call".into()),
            faults: vec![fault],
            seed: 3,
            call: None,
            client: None,
        },
        story: None,
        difficulty: None,
    });
    let decoded = share::decode(&link).expect("the link itself is intact");
    let err = puzzle::puzzle_for(&decoded.run, Difficulty::Medium).unwrap_err();
    assert!(err.to_string().contains("from 1 to 3650"), "{err}");
}
