//! Issue 15's last two cascades, whose louder symptoms fall out of the world: a key rotation the
//! validator missed refuses every customer, and the support desk's queue fills as each one's token
//! renews; a crash-looping instance is taken out by nginx's passive checks, put back after
//! fail_timeout and taken out again.

use faultline_engine::cascades;
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

fn spec(id: &str, seed: u64) -> RunSpec {
    cascades::find(id).unwrap().spec(seed)
}

/// The gateway's access lines for requests other than the traced one.
fn others_access(ev: &Evidence) -> Vec<&str> {
    ev.logs
        .iter()
        .filter(|l| l.source == LogSource::Gateway && l.trace_id.as_deref() != Some(&ev.trace_id))
        .filter(|l| l.text.contains(" - - ["))
        .map(|l| l.text.as_str())
        .collect()
}

#[test]
fn a_missed_rotation_refuses_every_customer_and_fills_the_support_queue() {
    for seed in 0..12u64 {
        let inv = Investigation::with_noise(&spec("jwks-rotation-support-flood", seed), 24, false)
            .unwrap();
        let ev = inv.evidence();
        assert_eq!(ev.exchanges[0].response.as_ref().unwrap().status, 401);
        let others = others_access(ev);
        assert!(
            others.len() > 5,
            "seed {seed}: background calls reach the gateway"
        );
        for l in &others {
            assert!(
                l.contains("\" 401 "),
                "seed {seed}: another customer got through: {l}"
            );
        }
        // Every customer renewed its hour-long token since the rotation 95 minutes ago, so every
        // one of them has written in, each after its own first refusal.
        let asked = inv.run(Probe::AskReporter).output;
        let queue: Vec<&str> = asked.lines().filter(|l| l.starts_with("  #")).collect();
        assert!(
            asked.contains("Support queue: 10 other open tickets since "),
            "{asked}"
        );
        assert_eq!(queue.len(), 10, "{asked}");
        assert!(queue
            .iter()
            .all(|l| l.contains("\"Every API call fails with 401 Unauthorized since ")));
        assert_eq!(solve(ev).layer, Some(Layer::Auth));
    }
}

#[test]
fn the_queue_grows_as_tokens_renew_and_stays_empty_without_the_rotation() {
    let tickets = |faults: Vec<FaultSpec>| {
        let s = RunSpec {
            flow: Some("api-call".into()),
            faults,
            seed: 7,
            ..RunSpec::default()
        };
        let out = Investigation::new(&s)
            .unwrap()
            .run(Probe::AskReporter)
            .output;
        out.lines().filter(|l| l.starts_with("  #")).count()
    };
    let rotated = |min: i64| {
        let mut f = FaultSpec::new("jwks-key-not-found");
        f.params.insert("rotated_min_ago".into(), min.into());
        tickets(vec![f])
    };
    // Four minutes after the rotation nobody has written in yet; within the hour it grows.
    assert_eq!(rotated(3), 0);
    let (early, later, all) = (rotated(25), rotated(50), rotated(95));
    assert!(
        early <= later && later <= all && all == 10,
        "{early} {later} {all}"
    );
    assert!(later > 0);
    assert_eq!(tickets(vec![]), 0);
    assert_eq!(tickets(vec![FaultSpec::new("expired-token")]), 0);
}

#[test]
fn a_crash_looping_instance_is_taken_out_put_back_and_taken_out_again() {
    for seed in 0..12u64 {
        let t = simulate_with_noise(
            &spec("unhealthy-instance-flapping", seed),
            24,
            seed % 2 == 0,
        )
        .unwrap();
        let ev = &t.evidence;
        let x = &ev.exchanges[0];
        assert_eq!(x.request.method, "POST");
        assert_eq!(x.response.as_ref().unwrap().status, 502);
        // The error log over time: the same instance disabled again and again, each time at
        // least fail_timeout after the last.
        let disabled: Vec<&LogLine> = ev
            .logs
            .iter()
            .filter(|l| l.text.contains("upstream server temporarily disabled while reading response header from upstream"))
            .collect();
        assert!(disabled.len() >= 10, "seed {seed}: {}", disabled.len());
        let addr = |l: &LogLine| {
            l.text
                .split("upstream: \"http://")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .to_string()
        };
        let bad = addr(disabled[0]);
        assert!(disabled.iter().all(|l| addr(l) == bad));
        for pair in disabled.windows(2) {
            assert!(
                pair[1].t_ms - pair[0].t_ms > 10_000,
                "seed {seed}: put back too early"
            );
        }
        // The access log: reads that met it were sent on to a healthy instance, writes got 502
        // with its address alone; nothing else reached it.
        let access = others_access(ev);
        assert!(access
            .iter()
            .any(|l| l.contains(&format!("upstream={bad}, "))));
        for l in &access {
            let up = l.split(" upstream=").nth(1).unwrap();
            let up = up.split(" traceparent=").next().unwrap();
            if l.contains("\" 502 ") {
                assert!(l.contains("\"POST /v2/chats"), "{l}");
                assert_eq!(up, bad);
            } else if up.contains(&bad) {
                assert!(up.starts_with(&format!("{bad}, ")), "{l}");
            }
        }
        let v = solve(ev);
        assert_eq!(v.layer, Some(Layer::Backend), "{:?}", v.reasons);
        assert_eq!(
            v.cause.as_deref(),
            Some("one-instance-unhealthy"),
            "{:?}",
            v.reasons
        );
    }
}

#[test]
fn an_instance_that_answers_502_itself_is_never_taken_out() {
    let t = simulate_with_noise(
        &RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new("one-instance-unhealthy")],
            seed: 5,
            ..RunSpec::default()
        },
        24,
        false,
    )
    .unwrap();
    assert!(!t
        .evidence
        .logs
        .iter()
        .any(|l| l.text.contains("temporarily disabled")));
    assert_eq!(t.evidence.exchanges[0].request.method, "GET");
}
