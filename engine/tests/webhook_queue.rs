//! Webhook delivery is a worker over a queue, and the endpoint's circuit breaker is a rule over
//! its failure history: a message's attempts back off on the provider's schedule, counted from
//! when each attempt failed; messages interleave in the worker's order of due times; one
//! message running out of retries leaves the endpoint enabled; only when every attempt has
//! failed for five days does the worker disable it, dropping what was still queued. A flag
//! ("disabled after one message") fails these.

use faultline_engine::layers::delivery_queue::{Health, Queue};
use faultline_engine::layers::integration::{DISABLE_AFTER_FAILING_MS, RETRY_SCHEDULE_MS};
use faultline_engine::world::DAY_MS;
use faultline_engine::*;

#[test]
fn the_worker_takes_the_job_due_first_and_a_failed_one_comes_back_after_its_delay() {
    let mut q = Queue::default();
    q.enqueue("msg_a", "{}", 0);
    q.enqueue("msg_b", "{}", 1_000);
    let a = q.take_due().unwrap();
    assert_eq!((a.msg.as_str(), a.attempt), ("msg_a", 1));
    // Failed 200 ms in: due again 5 s after that, so msg_b (due at 1 s) goes first.
    assert_eq!(q.retry(a, 200), Some(200 + RETRY_SCHEDULE_MS[1]));
    let b = q.take_due().unwrap();
    assert_eq!(b.msg, "msg_b");
    let a = q.take_due().unwrap();
    assert_eq!((a.msg.as_str(), a.attempt, a.due), ("msg_a", 2, 5_200));
    assert!(q.is_empty());
    // Its schedule grows (backs off) and ends: after the last attempt it is not queued again.
    assert!(RETRY_SCHEDULE_MS.windows(2).all(|w| w[0] <= w[1]));
    let mut job = a;
    let mut last;
    loop {
        let t = job.due;
        last = job.attempt;
        match q.retry(job, t + 100) {
            Some(due) => {
                job = q.take_due().unwrap();
                assert_eq!(due, t + 100 + RETRY_SCHEDULE_MS[last as usize]);
            }
            None => break,
        }
    }
    assert_eq!(last as usize, RETRY_SCHEDULE_MS.len());
    assert!(q.is_empty());
}

#[test]
fn the_circuit_opens_only_after_five_days_of_unbroken_failures() {
    let mut h = Health::default();
    h.record(false, 0);
    assert!(!h.should_disable(DAY_MS));
    assert!(!h.should_disable(DISABLE_AFTER_FAILING_MS - 1));
    // A success in between starts the count again.
    h.record(true, 2 * DAY_MS);
    h.record(false, 3 * DAY_MS);
    assert!(!h.should_disable(DISABLE_AFTER_FAILING_MS + DAY_MS));
    assert_eq!(h.failing_since_ms, Some(3 * DAY_MS));
    assert!(h.should_disable(3 * DAY_MS + DISABLE_AFTER_FAILING_MS));
    assert_eq!(DISABLE_AFTER_FAILING_MS, 5 * DAY_MS);
}

fn history(faults: &[FaultSpec], seed: u64) -> (Trace, String) {
    let t = simulate_simple(Some("crm-ticket"), faults, seed).unwrap();
    let h = t
        .evidence
        .artifacts
        .iter()
        .find(|a| a.kind == "delivery-log")
        .unwrap()
        .body
        .clone();
    (t, h)
}

#[test]
fn a_disabled_endpoints_history_is_the_workers_queue_up_to_the_rule() {
    for seed in 1..6 {
        let (t, h) = history(
            &[
                FaultSpec::new("webhook-tls-failure"),
                FaultSpec::new("webhook-endpoint-disabled"),
            ],
            seed,
        );
        let attempts: Vec<&str> = h.lines().filter(|l| l.contains("  attempt ")).collect();
        let msgs: std::collections::BTreeSet<&str> = attempts
            .iter()
            .map(|l| l.rsplit("  ").next().unwrap())
            .collect();
        // Several chats' messages, interleaved in the order the worker ran them.
        assert_eq!(msgs.len(), 3, "seed {seed}: {h}");
        let times: Vec<&str> = attempts.iter().map(|l| &l[..20]).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "seed {seed}: {h}");
        let first_of = |m: &str| attempts.iter().position(|l| l.ends_with(m)).unwrap();
        let last_of = |m: &str| attempts.iter().rposition(|l| l.ends_with(m)).unwrap();
        let ms: Vec<&str> = msgs.iter().copied().collect();
        assert!(
            ms.iter().any(|a| ms
                .iter()
                .any(|b| first_of(b) < last_of(a) && first_of(b) > first_of(a))),
            "seed {seed}: messages interleave: {h}"
        );
        // An earlier message ran out of retries yet left the endpoint enabled…
        assert!(
            h.contains(" failed after 8 attempts; endpoint still enabled (failing since "),
            "seed {seed}: {h}"
        );
        // …the rule disabled it on the attempt that found five days of failures…
        let rule = h
            .lines()
            .position(|l| l.contains("endpoint disabled automatically"))
            .unwrap();
        let lines: Vec<&str> = h.lines().collect();
        assert!(
            lines[rule - 1].contains("  attempt 8  "),
            "seed {seed}: {h}"
        );
        assert_eq!(&lines[rule - 1][..20], &lines[rule][..20], "seed {seed}");
        // …and what was still queued was dropped, not sent.
        assert!(
            lines[rule + 1..]
                .iter()
                .all(|l| l.contains("dropped from the queue")),
            "seed {seed}: {h}"
        );
        assert!(
            lines.len() > rule + 1,
            "seed {seed}: a message was still queued: {h}"
        );
        // The settings page read today agrees with the history.
        let when = &lines[rule][..20];
        let settings = t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.title.starts_with("Integration settings"))
            .unwrap();
        assert!(
            settings
                .body
                .contains(&format!("status: disabled since {when}")),
            "seed {seed}"
        );
        assert_eq!(
            solve(&t.evidence).layer,
            Some(Layer::Webhook),
            "seed {seed}"
        );
    }
}

#[test]
fn an_endpoint_switched_off_while_delivering_shows_every_message_delivered_then_the_admin() {
    for seed in 1..4 {
        let (t, h) = history(&[FaultSpec::new("webhook-endpoint-disabled")], seed);
        let attempts: Vec<&str> = h.lines().filter(|l| l.contains("  attempt ")).collect();
        assert_eq!(attempts.len(), 3, "seed {seed}: {h}");
        assert!(
            attempts.iter().all(|l| l.contains("  attempt 1  200  ")),
            "{h}"
        );
        assert!(
            h.trim_end()
                .ends_with("endpoint disabled by ops@example.com (manual)"),
            "{h}"
        );
        assert!(!h.contains("disabled automatically"), "{h}");
        assert_eq!(
            solve(&t.evidence).cause.as_deref(),
            Some("webhook-endpoint-disabled")
        );
    }
}

#[test]
fn one_message_out_of_retries_is_marked_failed_and_the_endpoint_stays_on() {
    let (t, h) = history(&[FaultSpec::new("webhook-tls-failure")], 4);
    assert_eq!(
        h.lines().filter(|l| l.contains("  attempt ")).count(),
        8,
        "{h}"
    );
    assert!(
        h.contains("failed after 8 attempts; endpoint still enabled"),
        "{h}"
    );
    assert!(!h.contains("endpoint disabled"), "{h}");
    assert!(t.evidence.logs.iter().any(|l| l
        .text
        .contains("failed permanently after 8 attempts; endpoint stays enabled")));
}
