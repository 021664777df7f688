//! Several instances behind the gateway, taken in turn: nginx's round robin spreads requests
//! over every instance's address, and one broken instance fails exactly its share of them.

use faultline_engine::*;
use std::collections::BTreeMap;

fn run(fault: Option<&str>, flow: &str, seed: u64, noise: usize) -> Trace {
    let spec = RunSpec {
        flow: Some(flow.into()),
        faults: fault.map(FaultSpec::new).into_iter().collect(),
        seed,
        call: None,
        client: None,
    };
    simulate_with_noise(&spec, noise, false).unwrap()
}

/// Gateway access-log lines for customer records: (status, `$upstream_addr`, traced).
fn customer_calls(t: &Trace) -> Vec<(u16, String, bool)> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Gateway && l.text.contains("\"GET /v2/customers/"))
        .filter_map(|l| {
            let status = l
                .text
                .split("\" ")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()?;
            let up = l.text.split(" upstream=").nth(1)?.split(' ').next()?;
            let traced = l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str());
            Some((status, up.to_string(), traced))
        })
        .collect()
}

fn per_address(calls: &[(u16, String, bool)]) -> BTreeMap<String, Vec<u16>> {
    let mut m: BTreeMap<String, Vec<u16>> = BTreeMap::new();
    for (s, up, _) in calls {
        m.entry(up.clone()).or_default().push(*s);
    }
    m
}

#[test]
fn round_robin_spreads_the_requests_over_every_instance() {
    let mut sizes = vec![];
    for seed in 1..=8 {
        let t = run(None, "api-call", seed, 60);
        let by = per_address(&customer_calls(&t));
        // Two to four instances, each its own address in the service's subnet.
        assert!((2..=4).contains(&by.len()), "seed {seed}: {by:?}");
        assert!(by
            .keys()
            .all(|a| a.starts_with("10.0.3.2") && a.ends_with(":8080")));
        // Taken in turn: no instance gets more than one request more than another.
        let counts: Vec<usize> = by.values().map(Vec::len).collect();
        let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
        assert!(hi - lo <= 1, "seed {seed}: {by:?}");
        assert!(
            by.values().flatten().all(|s| *s == 200),
            "seed {seed}: {by:?}"
        );
        sizes.push(by.len());
    }
    sizes.sort();
    sizes.dedup();
    assert!(
        sizes.len() > 1,
        "instance counts vary with the world: {sizes:?}"
    );
}

#[test]
fn one_broken_instance_fails_one_request_in_n() {
    for seed in 1..=8 {
        let t = run(Some("one-instance-unhealthy"), "api-call", seed, 60);
        let calls = customer_calls(&t);
        let (_, bad, _) = calls.iter().find(|c| c.2).expect("traced access line");
        let by = per_address(&calls);
        let n = by.len();
        assert!(n >= 2, "seed {seed}: {by:?}");
        // Every request that reached the bad address got its 502; every other one its 200.
        for (addr, statuses) in &by {
            let want = if addr == bad { 502 } else { 200 };
            assert!(
                statuses.iter().all(|s| *s == want),
                "seed {seed}: {addr}: {statuses:?}"
            );
        }
        let failed = calls.iter().filter(|c| c.0 == 502).count();
        let total = calls.len();
        // 1 in N, give or take the one turn the round robin has not completed.
        assert!(
            failed * n >= total.saturating_sub(n) && failed * n <= total + n,
            "seed {seed}: {failed} of {total} failed with {n} instances"
        );
        // nginx relays the instance's own 502: no error-log line of its own, and the access log
        // carries the instance's address and its (short) response time.
        let traced = &t.evidence;
        assert!(!traced
            .logs
            .iter()
            .any(|l| l.trace_id.as_deref() == Some(traced.trace_id.as_str())
                && l.text.contains("2841#2841")));
        let line = traced
            .logs
            .iter()
            .find(|l| {
                l.trace_id.as_deref() == Some(traced.trace_id.as_str()) && l.text.contains(" 502 ")
            })
            .unwrap();
        assert!(
            line.text.contains("urt=0.00") && line.text.contains(&format!("upstream={bad} ")),
            "{}",
            line.text
        );
    }
}

#[test]
fn the_solver_names_the_broken_instance_from_the_access_log() {
    for flow in ["api-call", "browser-api-call", "partner-api-call"] {
        for seed in 1..=5 {
            let t = run(Some("one-instance-unhealthy"), flow, seed, 24);
            let v = solve(&t.evidence);
            assert_eq!(v.layer, Some(Layer::Backend), "{flow} seed {seed}: {v:?}");
            assert!(!v.ambiguous, "{flow} seed {seed}: {v:?}");
            assert_eq!(
                v.cause.as_deref(),
                Some("one-instance-unhealthy"),
                "{flow} seed {seed}: {v:?}"
            );
        }
    }
}

#[test]
fn a_dead_service_is_all_of_its_instances() {
    let t = run(Some("upstream-down"), "api-call", 3, 30);
    let traced = &t.evidence;
    let refused: Vec<&str> = traced
        .logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(traced.trace_id.as_str()))
        .filter(|l| {
            l.text
                .contains("connect() failed (111: Connection refused)")
        })
        .map(|l| l.text.as_str())
        .collect();
    assert!(refused.len() >= 2, "{refused:?}");
    // Nobody else gets through any instance while they are all down.
    assert!(customer_calls(&t).iter().all(|c| c.0 == 502));
    let v = solve(&t.evidence);
    assert_eq!(v.cause.as_deref(), Some("upstream-down"), "{v:?}");
}
