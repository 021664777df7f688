//! Issue 15's duplicate from a retried delivery: a healthy receiver skips a webhook-id it has
//! processed, and `webhook-duplicate-delivery` is a receiver that does not, so the retry after
//! the CRM's slow moment makes a second case.

mod common;

use faultline_engine::flows;
use faultline_engine::sim::Tb;
use faultline_engine::world::World;
use faultline_engine::*;

fn receiver_lines(logs: &[LogLine], id: &str) -> Vec<String> {
    logs.iter()
        .filter(|l| l.source == LogSource::WebhookReceiver && l.text.contains(id))
        .map(|l| l.text.clone())
        .collect()
}

fn webhook_id(x: &Exchange) -> String {
    x.request
        .headers
        .iter()
        .find(|(k, _)| k == "webhook-id")
        .map(|(_, v)| v.clone())
        .expect("a delivery carries webhook-id")
}

#[test]
fn a_retry_after_a_timeout_makes_a_second_case_when_the_receiver_does_not_dedupe() {
    for seed in [3, 40, 777] {
        let t = simulate_simple(
            Some("crm-ticket"),
            &[FaultSpec::new("webhook-duplicate-delivery")],
            seed,
        )
        .unwrap();
        let ev = &t.evidence;
        let del: Vec<&Exchange> = ev
            .exchanges
            .iter()
            .filter(|x| x.to == Layer::Webhook)
            .collect();
        assert_eq!(del.len(), 2, "seed {seed}: one timeout, one retry");
        assert!(
            del[0].response.is_none(),
            "seed {seed}: the first attempt timed out"
        );
        assert_eq!(del[1].response.as_ref().unwrap().status, 200);
        let id = webhook_id(del[0]);
        assert_eq!(
            id,
            webhook_id(del[1]),
            "the retry carries the same webhook-id"
        );
        let lines = receiver_lines(&ev.logs, &id);
        let created: Vec<&String> = lines.iter().filter(|l| l.ends_with(" created")).collect();
        assert_eq!(created.len(), 2, "seed {seed}: {lines:?}");
        assert_ne!(created[0], created[1], "two different cases");
        // The first case was made after the platform had given up on the attempt.
        let delivery_log = &ev
            .artifacts
            .iter()
            .find(|a| a.title == "Webhook delivery history")
            .unwrap()
            .body;
        assert!(
            delivery_log.contains("attempt 1  error (timeout of 15000ms exceeded (ECONNABORTED))"),
            "{delivery_log}"
        );
        assert_eq!(
            ev.outcome,
            "Chat ended; two identical tickets appeared in the CRM."
        );
        common::assert_solved(
            ev,
            Layer::Webhook,
            "webhook-duplicate-delivery",
            "duplicate",
        );
    }
}

#[test]
fn a_healthy_receiver_skips_a_webhook_id_it_has_processed() {
    // The same slow moment at the CRM, with the receiver as the healthy world has it.
    let mut w = World::new(3);
    flows::prepare(Flow::CrmTicket, &mut w);
    assert!(w.receiver.dedupe, "the healthy receiver deduplicates");
    w.receiver.crm_stall_first_ms = 16_000;
    let mut tb = Tb::new(3, w.epoch_ms);
    let ran = flows::run(Flow::CrmTicket, &w, &mut tb);
    assert_eq!(ran.outcome, "Chat ended; the ticket appeared in the CRM.");
    let del: Vec<&Exchange> = tb
        .exchanges
        .iter()
        .filter(|x| x.to == Layer::Webhook)
        .collect();
    assert_eq!(del.len(), 2);
    let id = webhook_id(del[0]);
    let lines = receiver_lines(&tb.logs, &id);
    assert_eq!(
        lines.iter().filter(|l| l.ends_with(" created")).count(),
        1,
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("duplicate delivery (webhook-id already processed")),
        "{lines:?}"
    );
    let second = del[1].response.as_ref().unwrap();
    assert_eq!(second.status, 200);
    assert!(second
        .body
        .as_deref()
        .unwrap()
        .contains("\"duplicate\": true"));
}

#[test]
fn without_the_receivers_log_the_duplicate_is_not_named() {
    let mut t = simulate_simple(
        Some("crm-ticket"),
        &[FaultSpec::new("webhook-duplicate-delivery")],
        5,
    )
    .unwrap();
    t.evidence
        .logs
        .retain(|l| l.source != LogSource::WebhookReceiver);
    let v = solve(&t.evidence);
    assert_ne!(
        v.cause.as_deref(),
        Some("webhook-duplicate-delivery"),
        "{:?}",
        v.reasons
    );
}
