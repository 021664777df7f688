//! A CRM outage's `Retry-After` comes from the vendor's recovery estimate in the world: it
//! differs from incident to incident, and within one trace every 503 counts down to the same
//! moment (at least a minute once the estimate has passed).

use faultline_engine::*;

/// (ms into the trace, Retry-After seconds) of each 503 the CRM answered.
fn crm_503s(t: &Trace) -> Vec<(i64, i64)> {
    t.evidence
        .exchanges
        .iter()
        .filter(|x| x.request.url.contains("crm.example.net"))
        .filter_map(|x| {
            let r = x.response.as_ref()?;
            (r.status == 503).then(|| {
                let ra = r
                    .headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
                    .expect("the 503 says when to come back")
                    .1
                    .parse()
                    .unwrap();
                (x.t_ms + x.timings.total(), ra)
            })
        })
        .collect()
}

#[test]
fn retry_after_counts_down_to_the_vendors_recovery_estimate() {
    let mut seen = vec![];
    for seed in 1..10 {
        let t = simulate_simple(Some("crm-lookup"), &[FaultSpec::new("crm-outage")], seed).unwrap();
        let got = crm_503s(&t);
        assert!(!got.is_empty(), "seed {seed}");
        let ra = got[0].1;
        assert!((60..=4 * 3600).contains(&ra), "seed {seed}: {ra}");
        seen.push(ra);
    }
    seen.sort();
    seen.dedup();
    assert!(
        seen.len() > 4,
        "Retry-After varies with the incident: {seen:?}"
    );

    // The webhook's attempts reach the CRM hours apart: each is told the same moment.
    let t = simulate_simple(Some("crm-ticket"), &[FaultSpec::new("crm-outage")], 3).unwrap();
    let got = crm_503s(&t);
    assert!(got.len() >= 2, "{got:?}");
    let (t0, ra0) = got[0];
    for &(t, ra) in &got[1..] {
        let expected = (ra0 - (t - t0) / 1000).max(60);
        assert!((ra - expected).abs() <= 1, "{got:?}");
    }
}
