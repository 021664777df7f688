//! The crm-ticket flow: chat.ended fires, the platform delivers a signed webhook on its retry
//! schedule, and the receiver creates a CRM case.

use super::common::stop_at;
use super::Ran;
use crate::model::*;
use crate::sim::Tb;
use crate::world::*;
use serde_json::json;
use Layer::*;

pub(super) fn ticket(w: &World, tb: &mut Tb) -> Ran {
    let evt = format!("evt_{}", tb.rng.alnum(14));
    tb.ev(
        Client,
        Integration,
        EventKind::Request,
        format!("Agent ends chat {}", w.chat_id),
    );
    tb.jitter(10, 40);
    let subs: Vec<_> = w
        .integration
        .subscriptions
        .iter()
        .filter(|s| s.events.iter().any(|e| e == "chat.ended"))
        .collect();
    tb.log(
        LogSource::Integration,
        Level::Info,
        format!(
            "event chat.ended id={evt} chat={} emitted; matching subscriptions: {}",
            w.chat_id,
            subs.len()
        ),
    );
    // The agent corrects the summary of the chat after ending it: the platform emits
    // chat.updated then.
    let edit = w.integration.chat_edited_after_ms.map(|after| {
        let at = tb.t + after;
        let evt = format!("evt_{}", tb.rng.alnum(14));
        let n = w
            .integration
            .subscriptions
            .iter()
            .filter(|s| s.events.iter().any(|e| e == "chat.updated"))
            .count();
        tb.log_at(
            at,
            LogSource::Integration,
            Level::Info,
            true,
            format!(
                "event chat.updated id={evt} chat={} emitted; matching subscriptions: {n}",
                w.chat_id
            ),
        );
        at
    });
    let payloads = if w.receiver.handles_updates {
        "payloads: chat.ended v1 and chat.updated v1 as documented"
    } else {
        "payload: chat.ended v1 as documented"
    };
    tb.artifact("config", "Receiver endpoint (from the receiver team's runbook)", format!("POST https://{HOOK_HOST}{}\nauth: x-api-key\nsignature: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)\n{payloads}\nsource IPs allowed: {PLATFORM_EGRESS}", w.receiver.path));
    let story = |outcome: &str| Story {
        since: String::new(),
        context: if outcome.contains("identical tickets") {
            "A supervisor notices one chat turned into more than one CRM ticket.".into()
        } else if outcome.contains("correction") {
            "A supervisor notices a CRM ticket does not show the summary the agent corrected right after the chat.".into()
        } else {
            "A supervisor notices chats are not turning into CRM tickets.".into()
        },
        expected: if edit.is_some() {
            "Chat ends → webhook sent → receiver creates a CRM ticket within seconds; an edit to the chat's summary shows on the ticket.".into()
        } else {
            "Chat ends → webhook sent → receiver creates a CRM ticket within seconds.".into()
        },
        actual: outcome.to_string(),
    };
    let client = ClientView {
        kind: "agent-desktop".into(),
        action: format!(
            "Agent ends chat {} with customer {}",
            w.chat_id, w.customer_id
        ),
    };
    let Some(sub) = subs.first() else {
        let e = tb.ev(
            Integration,
            Integration,
            EventKind::Log,
            "No webhook delivery was queued for chat.ended",
        );
        tb.artifact(
            "delivery-log",
            "Webhook delivery history (last hour)",
            "No messages for this chat.".to_string(),
        );
        settings_artifact(w, tb, None);
        let o = "Chat ended; no ticket appeared in the CRM.";
        return stop_at(
            tb,
            e,
            Integration,
            [],
            Ran {
                story: story(o),
                client,
                outcome: o.into(),
            },
        );
    };
    let body = ticket_body(w, tb);
    if sub.disabled {
        // The endpoint was switched off before this chat ended. Why is in its delivery history:
        // replay the last message it was sent, at the time it was sent, against the same receiver.
        let since = sub.disabled_at_ms.unwrap_or(tb.now_ms() - 6 * 3_600_000);
        let history = super::delivery::history_before_disabled(w, tb, sub, since);
        tb.log(
            LogSource::Integration,
            Level::Warn,
            format!(
                "event chat.ended id={evt}: delivery to endpoint {} skipped: endpoint is disabled",
                sub.id
            ),
        );
        let e = tb.ev(
            Integration,
            Integration,
            EventKind::Log,
            format!("Delivery skipped: endpoint {} is disabled", sub.id),
        );
        tb.artifact(
            "delivery-log",
            format!("Webhook delivery history (endpoint {})", sub.id),
            history,
        );
        settings_artifact(w, tb, None);
        let o = "Chat ended; no ticket appeared in the CRM.";
        return stop_at(
            tb,
            e,
            Integration,
            [],
            Ran {
                story: story(o),
                client,
                outcome: o.into(),
            },
        );
    }
    let msg = format!("msg_{}", tb.rng.alnum(22));
    let first_log = tb.logs.len();
    // The edit goes to every endpoint subscribed to chat.updated (this one, when it is).
    let update = edit
        .filter(|_| sub.events.iter().any(|e| e == "chat.updated"))
        .map(|at| {
            let m = format!("msg_{}", tb.rng.alnum(22));
            (m, update_body(w, tb.epoch_ms + at), at)
        });
    let (done, history, disabled) = deliver(w, tb, sub, &body, &msg, update.as_ref());
    tb.artifact("delivery-log", "Webhook delivery history", history);
    crate::layers::webhook_receiver::host_artifact(w, tb);
    // What the CRM holds now: every case it created, whether or not anyone waited for its
    // answer (a receiver that gave up on the CRM does not undo the case).
    let cases = tb.logs[first_log..]
        .iter()
        .filter(|l| l.source == LogSource::Crm && is_case_created(&l.text))
        .count();
    let updated = tb.logs[first_log..].iter().any(|l| {
        l.source == LogSource::Crm
            && l.text
                .contains("METHOD=PATCH URI=/services/data/v59.0/sobjects/Case/")
            && l.text.contains("STATUS_CODE=204")
    });
    settings_artifact(w, tb, disabled.then(|| tb.now_ms()));
    let mut o = outcome(done, cases);
    if update.is_some() && cases == 1 && !updated {
        o = format!(
            "{}, but it shows the summary from before the agent's correction.",
            o.trim_end_matches('.')
        );
    }
    Ran {
        story: story(&o),
        client,
        outcome: o,
    }
}

/// The CRM's own record of a case it created.
pub(crate) fn is_case_created(crm_line: &str) -> bool {
    crm_line.contains("METHOD=POST URI=/services/data/v59.0/sobjects/Case STATUS_CODE=201 ")
}

/// The integration settings as an engineer reads them at investigation time: an endpoint the
/// worker disabled during this run (`disabled_now`, when) says so.
fn settings_artifact(w: &World, tb: &mut Tb, disabled_now: Option<i64>) {
    let mut now = w.integration.clone();
    if let (Some(t), Some(s)) = (disabled_now, now.subscriptions.first_mut()) {
        s.disabled = true;
        s.disabled_at_ms = Some(t);
    }
    tb.artifact(
        "config",
        "Integration settings (webhooks & ticket mapping)",
        now.config_dump(),
    );
}

/// What the supervisor sees: the tickets the CRM now holds for the chat, and the delivery's fate.
pub(crate) fn outcome(delivered: bool, cases: usize) -> String {
    const WORDS: [&str; 9] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight",
    ];
    let tickets = match cases {
        0 => "no ticket appeared in the CRM".to_string(),
        1 => "the ticket appeared in the CRM".to_string(),
        n => format!(
            "{} identical tickets appeared in the CRM",
            WORDS.get(n).copied().map_or(n.to_string(), String::from)
        ),
    };
    match (delivered, cases) {
        (false, 1..) => format!("Chat ended; {tickets}, yet the delivery is marked failed."),
        _ => format!("Chat ended; {tickets}."),
    }
}

/// What the agent wrote when closing the chat (becomes the case description).
const CHAT_SUMMARY: &str =
    "Billing e-mail changed to the customer's new work address; confirmation sent";

/// What the agent's correction made the summary.
const CORRECTED_SUMMARY: &str = "Billing e-mail changed to the customer's new work address; confirmation sent. Refund of the double charge on the last invoice approved";

/// The chat.updated payload for the agent's correction, stamped when it was made (epoch ms).
fn update_body(w: &World, at_ms: i64) -> String {
    let payload = json!({"type": "chat.updated", "timestamp": crate::util::iso_ms(at_ms), "data": {"chatId": w.chat_id, "customerId": w.customer_id, "agentId": "agt_3107", "summary": CORRECTED_SUMMARY, "changed": ["summary"]}});
    serde_json::to_string(&payload).unwrap_or_default()
}

/// The chat.ended payload, with the CRM case built from the integration's field mapping.
pub(super) fn ticket_body(w: &World, tb: &mut Tb) -> String {
    let mut case = serde_json::Map::new();
    let contact = w
        .crm
        .contacts
        .get(&w.customer_id)
        .cloned()
        .unwrap_or_default();
    for (src, dst) in &w.integration.case_mapping {
        let v = match src.as_str() {
            "subject" => json!("Chat with Dana Whitfield"),
            "summary" => json!(CHAT_SUMMARY),
            "contactId" => json!(contact),
            "customerId" => json!(w.customer_id),
            _ => json!("Chat"),
        };
        case.insert(dst.clone(), v);
    }
    let mut payload = json!({"type": "chat.ended", "timestamp": tb.iso(), "data": {"chatId": w.chat_id, "customerId": w.customer_id, "agentId": "agt_3107", "summary": CHAT_SUMMARY, "case": case}});
    // A customer without a CRM contact: the platform sends who they are, for the receiver to
    // create one.
    if contact.is_empty() {
        payload["data"]["contact"] =
            json!({"firstName": "Dana", "lastName": "Whitfield", "email": CUSTOMER_EMAIL});
    }
    serde_json::to_string(&payload).unwrap_or_default()
}

/// One message through the delivery worker (`delivery.rs`): its queue holds this message,
/// and the endpoint's failure history is the world's. Returns (delivered, history for the
/// artifact, whether the worker disabled the endpoint).
fn deliver(
    w: &World,
    tb: &mut Tb,
    sub: &crate::layers::integration::Subscription,
    body: &str,
    msg: &str,
    update: Option<&(String, String, i64)>,
) -> (bool, String, bool) {
    let mut queue = crate::layers::delivery_queue::Queue::default();
    queue.enqueue(msg, body, tb.t);
    if let Some((m, b, at)) = update {
        queue.enqueue(m, b, *at);
    }
    let health = crate::layers::delivery_queue::Health {
        failing_since_ms: sub.failing_since_ms,
    };
    let worked = super::delivery::work(w, tb, sub, &mut queue, health);
    let done = worked.fates.iter().any(|f| f.msg == msg && f.delivered);
    (done, worked.history, worked.disabled_at.is_some())
}
