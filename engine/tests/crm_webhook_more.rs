//! Issue 15's further CRM and webhook faults, pinned on the artefacts they produce: a receiver
//! that applies events in the order they arrive (`webhook-out-of-order`).

mod common;

use faultline_engine::flows;
use faultline_engine::sim::Tb;
use faultline_engine::world::World;
use faultline_engine::*;

fn header<'a>(x: &'a Exchange, name: &str) -> &'a str {
    x.request
        .headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("a delivery carries {name}"))
}

fn payload(x: &Exchange) -> serde_json::Value {
    serde_json::from_str(x.request.body.as_deref().unwrap()).unwrap()
}

fn deliveries(xs: &[Exchange]) -> Vec<&Exchange> {
    xs.iter().filter(|x| x.to == Layer::Webhook).collect()
}

fn receiver_lines(logs: &[LogLine]) -> Vec<(String, String)> {
    logs.iter()
        .filter(|l| l.source == LogSource::WebhookReceiver)
        .map(|l| (l.ts.clone(), l.text.clone()))
        .collect()
}

#[test]
fn the_update_overtakes_the_retried_create_and_the_receiver_drops_it() {
    for seed in [3, 40, 777] {
        let t = simulate_simple(
            Some("crm-ticket"),
            &[FaultSpec::new("webhook-out-of-order")],
            seed,
        )
        .unwrap();
        let ev = &t.evidence;
        let del = deliveries(&ev.exchanges);
        assert_eq!(
            del.len(),
            3,
            "seed {seed}: ended (timeout), updated, ended retry"
        );
        // Real Standard Webhooks headers on every attempt.
        for x in &del {
            for h in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
                header(x, h);
            }
            assert!(header(x, "webhook-signature").starts_with("v1,"));
        }
        let (ended, updated, retry) = (del[0], del[1], del[2]);
        assert_eq!(payload(ended)["type"], "chat.ended");
        assert_eq!(payload(updated)["type"], "chat.updated");
        assert_eq!(payload(retry)["type"], "chat.ended");
        assert!(
            ended.response.is_none(),
            "seed {seed}: the first attempt timed out"
        );
        assert_eq!(header(ended, "webhook-id"), header(retry, "webhook-id"));
        assert_eq!(retry.attempt, Some(2));
        assert_eq!(updated.attempt, Some(1));
        // The update happened after the chat ended, and was delivered before the retry.
        let (e_at, u_at) = (
            payload(ended)["timestamp"].clone(),
            payload(updated)["timestamp"].clone(),
        );
        assert!(u_at.as_str().unwrap() > e_at.as_str().unwrap());
        assert!(updated.t_ms < retry.t_ms);
        assert_eq!(updated.response.as_ref().unwrap().status, 200);
        // The receiver found no case for the update, and created the case only afterwards.
        let lines = receiver_lines(&ev.logs);
        let uid = header(updated, "webhook-id");
        let eid = header(ended, "webhook-id");
        let skipped = lines
            .iter()
            .position(|(_, l)| {
                l.starts_with(&format!("chat-updated {uid}: no CRM case found for chat "))
                    && l.ends_with("; update skipped")
            })
            .unwrap_or_else(|| panic!("seed {seed}: {lines:?}"));
        let created = lines
            .iter()
            .position(|(_, l)| {
                l.starts_with(&format!("chat-ended {eid}: CRM case ")) && l.ends_with(" created")
            })
            .unwrap();
        assert!(skipped < created, "seed {seed}: {lines:?}");
        assert!(lines[skipped].0 < lines[created].0);
        // One case, never patched.
        let crm: Vec<&LogLine> = ev
            .logs
            .iter()
            .filter(|l| l.source == LogSource::Crm)
            .collect();
        assert_eq!(
            crm.iter()
                .filter(|l| l.text.contains("METHOD=POST"))
                .count(),
            1
        );
        assert!(!crm.iter().any(|l| l.text.contains("METHOD=PATCH")));
        // The delivery history lists both messages with their event types, in the order sent.
        let history = &ev
            .artifacts
            .iter()
            .find(|a| a.title == "Webhook delivery history")
            .unwrap()
            .body;
        let rows: Vec<&str> = history.lines().collect();
        assert_eq!(rows.len(), 3, "{history}");
        assert!(rows[0].contains("attempt 1  error (timeout of 15000ms exceeded (ECONNABORTED))"));
        assert!(
            rows[0].ends_with(&format!("chat.ended  {eid}")),
            "{history}"
        );
        assert!(
            rows[1].contains("attempt 1  200")
                && rows[1].ends_with(&format!("chat.updated  {uid}"))
        );
        assert!(
            rows[2].contains("attempt 2  200") && rows[2].ends_with(&format!("chat.ended  {eid}"))
        );
        // The platform emitted both events; the subscription listens to both.
        assert!(ev.logs.iter().any(|l| l.source == LogSource::Integration
            && l.text.contains("event chat.updated id=evt_")
            && l.text.ends_with("emitted; matching subscriptions: 1")));
        let settings = &ev
            .artifacts
            .iter()
            .find(|a| a.title.starts_with("Integration settings"))
            .unwrap()
            .body;
        assert!(
            settings.contains("events: chat.ended, chat.updated"),
            "{settings}"
        );
        assert_eq!(
            ev.outcome,
            "Chat ended; the ticket appeared in the CRM, but it shows the summary from before the agent's correction."
        );
        assert!(
            !ev.story.expected.contains("correction"),
            "the expected never states the bug"
        );
        common::assert_solved(ev, Layer::Webhook, "webhook-out-of-order", "out-of-order");
    }
}

#[test]
fn a_receiver_that_asks_for_the_update_again_applies_it_to_the_case() {
    // The same world, but the receiver answers 409 to an update for a case it has not made.
    let mut w = World::new(3);
    flows::prepare(Flow::CrmTicket, &mut w);
    let f = faults::find("webhook-out-of-order").unwrap();
    let p = faults::resolve(f, &Default::default()).unwrap();
    faults::apply(&mut w, f, &p, Flow::CrmTicket);
    w.receiver.retries_update_without_case = true;
    let mut tb = Tb::new(3, w.epoch_ms);
    let ran = flows::run(Flow::CrmTicket, &w, &mut tb);
    assert_eq!(ran.outcome, "Chat ended; the ticket appeared in the CRM.");
    let del = deliveries(&tb.exchanges);
    let statuses: Vec<Option<u16>> = del
        .iter()
        .map(|x| x.response.as_ref().map(|r| r.status))
        .collect();
    assert_eq!(statuses, [None, Some(409), Some(200), Some(200)]);
    let patched = tb
        .logs
        .iter()
        .find(|l| l.source == LogSource::Crm && l.text.contains("METHOD=PATCH"))
        .expect("the correction reaches the case");
    assert!(patched.text.contains("STATUS_CODE=204"), "{}", patched.text);
}

#[test]
fn without_the_receivers_log_the_order_is_not_named() {
    let mut t = simulate_simple(
        Some("crm-ticket"),
        &[FaultSpec::new("webhook-out-of-order")],
        5,
    )
    .unwrap();
    t.evidence
        .logs
        .retain(|l| l.source != LogSource::WebhookReceiver);
    let v = solve(&t.evidence);
    assert_ne!(
        v.cause.as_deref(),
        Some("webhook-out-of-order"),
        "{:?}",
        v.reasons
    );
}

/// The receiver's calls to the CRM, in the order made.
fn crm_calls(xs: &[Exchange]) -> Vec<&Exchange> {
    xs.iter().filter(|x| x.to == Layer::Crm).collect()
}

#[test]
fn a_duplicate_rule_blocks_the_new_contact_and_no_case_follows() {
    for seed in [2, 58, 901] {
        let t = simulate_simple(
            Some("crm-ticket"),
            &[FaultSpec::new("crm-duplicate-rule")],
            seed,
        )
        .unwrap();
        let ev = &t.evidence;
        let calls = crm_calls(&ev.exchanges);
        // Every attempt tries the contact, and only the contact.
        assert!(!calls.is_empty());
        for x in &calls {
            assert_eq!(x.request.method, "POST");
            assert!(
                x.request
                    .url
                    .ends_with("/services/data/v59.0/sobjects/Contact"),
                "{}",
                x.request.url
            );
            let sent: serde_json::Value =
                serde_json::from_str(x.request.body.as_deref().unwrap()).unwrap();
            assert_eq!(sent["Email"], "dana.whitfield@northwind.example");
            assert_eq!(sent["LastName"], "Whitfield");
        }
        let r = calls[0].response.as_ref().unwrap();
        assert_eq!(r.status, 400);
        let body = r.body.as_deref().unwrap();
        // Salesforce's shape: one error, duplicateResult first, the alert text as the message.
        assert!(body.starts_with("[{\"duplicateResult\":{\"allowSave\":false,\"duplicateRule\":\"Block_Duplicate_Contacts\","), "{body}");
        assert!(body.ends_with(",\"errorCode\":\"DUPLICATES_DETECTED\",\"message\":\"Use one of these records?\"}]"), "{body}");
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        let matched = v[0]["duplicateResult"]["matchResults"][0]["matchRecords"][0]["record"]["Id"]
            .as_str()
            .unwrap();
        assert!(
            matched.starts_with("003") && matched.len() == 18,
            "{matched}"
        );
        assert_eq!(
            v[0]["duplicateResult"]["matchResults"][0]["matchRecords"][0]["record"]["attributes"]
                ["url"],
            format!("/services/data/v59.0/sobjects/Contact/{matched}")
        );
        // The receiver passes it on as 502, and no case is created.
        let first = ev
            .exchanges
            .iter()
            .find(|x| x.to == Layer::Webhook)
            .unwrap();
        assert_eq!(first.response.as_ref().unwrap().status, 502);
        assert!(!ev
            .logs
            .iter()
            .any(|l| l.source == LogSource::Crm && l.text.contains("sobjects/Case ")));
        assert!(ev
            .logs
            .iter()
            .any(|l| l.source == LogSource::WebhookReceiver
                && l.text
                    .contains(": CRM returned 400 Bad Request: [{\"duplicateResult\"")));
        assert!(
            ev.outcome
                .starts_with("Chat ended; no ticket appeared in the CRM"),
            "{}",
            ev.outcome
        );
        common::assert_solved(ev, Layer::Crm, "crm-duplicate-rule", "duplicate rule");
    }
}

#[test]
fn the_answer_names_the_rule_the_admin_set_up() {
    let mut spec = FaultSpec::new("crm-duplicate-rule");
    spec.params
        .insert("rule".into(), "Contacts_Same_Email".into());
    let t = simulate_simple(Some("crm-ticket"), &[spec], 7).unwrap();
    let calls = crm_calls(&t.evidence.exchanges);
    let body = calls[0].response.as_ref().unwrap().body.clone().unwrap();
    assert!(
        body.contains("\"duplicateRule\":\"Contacts_Same_Email\""),
        "{body}"
    );
    common::assert_solved(&t.evidence, Layer::Crm, "crm-duplicate-rule", "named rule");
}

#[test]
fn a_new_customer_without_a_duplicate_gets_a_contact_then_the_case() {
    // The same new customer, in an org with no contact for them at all.
    let mut w = World::new(2);
    flows::prepare(Flow::CrmTicket, &mut w);
    let f = faults::find("crm-duplicate-rule").unwrap();
    let p = faults::resolve(f, &Default::default()).unwrap();
    faults::apply(&mut w, f, &p, Flow::CrmTicket);
    w.crm.more.duplicate_rule = None;
    let mut tb = Tb::new(2, w.epoch_ms);
    let ran = flows::run(Flow::CrmTicket, &w, &mut tb);
    assert_eq!(ran.outcome, "Chat ended; the ticket appeared in the CRM.");
    let calls = crm_calls(&tb.exchanges);
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].response.as_ref().unwrap().status, 201);
    let made: serde_json::Value =
        serde_json::from_str(calls[0].response.as_ref().unwrap().body.as_deref().unwrap()).unwrap();
    let case: serde_json::Value =
        serde_json::from_str(calls[1].request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        case["ContactId"], made["id"],
        "the case goes on the new contact"
    );
}

#[test]
fn a_customer_with_a_contact_is_not_created_again() {
    // The healthy ticket flow makes one CRM call, the case: existing traces keep their shape.
    let t = simulate_simple(Some("crm-ticket"), &[], 2).unwrap();
    let calls = crm_calls(&t.evidence.exchanges);
    assert_eq!(calls.len(), 1);
    assert!(calls[0].request.url.ends_with("/sobjects/Case"));
    let payload = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.to == Layer::Webhook)
        .unwrap();
    assert!(!payload
        .request
        .body
        .as_deref()
        .unwrap()
        .contains("\"contact\""));
}

#[test]
fn both_faults_are_named_over_many_seeds_and_the_parameters_edges() {
    let edges: [&[(&str, i64)]; 5] = [
        &[],
        &[("stall_ms", 16_000), ("edit_after_ms", 1_000)],
        &[("stall_ms", 19_000), ("edit_after_ms", 14_000)],
        &[("stall_ms", 16_000), ("edit_after_ms", 14_000)],
        &[("stall_ms", 19_000), ("edit_after_ms", 1_000)],
    ];
    for seed in 0..200u64 {
        let mut spec = FaultSpec::new("webhook-out-of-order");
        for (k, v) in edges[seed as usize % edges.len()] {
            spec.params.insert(k.to_string(), (*v).into());
        }
        let t = simulate_simple(Some("crm-ticket"), &[spec], seed * 7919 + 1).unwrap();
        let v = solve(&t.evidence);
        assert_eq!(
            (v.layer, v.cause.as_deref()),
            (Some(Layer::Webhook), Some("webhook-out-of-order")),
            "seed {seed}: {:?}",
            v.reasons
        );
        let t = simulate_simple(
            Some("crm-ticket"),
            &[FaultSpec::new("crm-duplicate-rule")],
            seed * 7919 + 1,
        )
        .unwrap();
        let v = solve(&t.evidence);
        assert_eq!(
            (v.layer, v.cause.as_deref()),
            (Some(Layer::Crm), Some("crm-duplicate-rule")),
            "seed {seed}: {:?}",
            v.reasons
        );
    }
}
