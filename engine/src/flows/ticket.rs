//! The crm-ticket flow: chat.ended fires, the platform delivers a signed webhook on its retry
//! schedule, and the receiver creates a CRM case.

use super::common::stop_at;
use super::Ran;
use crate::layers::integration::{Integration, DISABLE_AFTER_FAILING_MS, RETRY_SCHEDULE_MS};
use crate::layers::{call, Agent, Call};
use crate::model::*;
use crate::sim::Tb;
use crate::util;
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
    tb.artifact("config", "Receiver endpoint (from the receiver team's runbook)", format!("POST https://{HOOK_HOST}{}\nauth: x-api-key\nsignature: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)\npayload: chat.ended v1 as documented\nsource IPs allowed: {PLATFORM_EGRESS}", w.receiver.path));
    let story = |outcome: &str| Story {
        since: String::new(),
        context: "A supervisor notices chats are not turning into CRM tickets.".into(),
        expected: "Chat ends → webhook sent → receiver creates a CRM ticket within seconds.".into(),
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
        let total: i64 = RETRY_SCHEDULE_MS.iter().sum();
        // Retries are scheduled from when each attempt failed, so how long the schedule ran
        // depends on the attempts; a first pass measures it so that the replay ends exactly
        // when the endpoint was disabled.
        let seed = tb.rng.next_u64();
        let replay = |start: i64| {
            let mut past = Tb::new(seed, start);
            let old_body = ticket_body(w, &mut past);
            let old_msg = format!("msg_{}", past.rng.alnum(22));
            let d = deliver(w, &mut past, sub, &old_body, &old_msg);
            (d, past.t)
        };
        let guess = since - total - 15_500;
        let ((delivered, _, _), took) = replay(guess);
        let start = if delivered { guess } else { since - took };
        let ((delivered, mut history, _), _) = replay(start);
        if delivered {
            history.push_str(&format!(
                "{}  endpoint disabled by ops@example.com (manual)\n",
                util::iso_s(since)
            ));
        }
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
    let (done, history, disabled) = deliver(w, tb, sub, &body, &msg);
    tb.artifact("delivery-log", "Webhook delivery history", history);
    crate::layers::webhook_receiver::host_artifact(w, tb);
    // What the CRM holds now: every case it created, whether or not anyone waited for its
    // answer (a receiver that gave up on the CRM does not undo the case).
    let cases = tb.logs[first_log..]
        .iter()
        .filter(|l| l.source == LogSource::Crm && is_case_created(&l.text))
        .count();
    settings_artifact(w, tb, disabled.then(|| tb.now_ms()));
    let o = outcome(done, cases);
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

/// The chat.ended payload, with the CRM case built from the integration's field mapping.
fn ticket_body(w: &World, tb: &mut Tb) -> String {
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
    let payload = json!({"type": "chat.ended", "timestamp": tb.iso(), "data": {"chatId": w.chat_id, "customerId": w.customer_id, "agentId": "agt_3107", "summary": CHAT_SUMMARY, "case": case}});
    serde_json::to_string(&payload).unwrap_or_default()
}

/// One message through the whole retry schedule. Returns (delivered, history for the artifact,
/// whether the worker disabled the endpoint). When every attempt fails the message is marked
/// failed; the endpoint is disabled only when it has failed continuously for
/// `DISABLE_AFTER_FAILING_MS` (since `failing_since_ms`, or this message's first attempt).
fn deliver(
    w: &World,
    tb: &mut Tb,
    sub: &crate::layers::integration::Subscription,
    body: &str,
    msg: &str,
) -> (bool, String, bool) {
    let mut history = String::new();
    let first_attempt = tb.now_ms();
    // Each retry is due its delay after the previous attempt failed (the first goes at once).
    let mut due = tb.t;
    for i in 0..RETRY_SCHEDULE_MS.len() {
        let n = i as u32 + 1;
        tb.t = due.max(tb.t);
        let ts = tb.now_ms() / 1000;
        let req = HttpRequest {
            method: "POST".into(),
            url: sub.url.clone(),
            http_version: "HTTP/1.1".into(),
            headers: vec![
                (
                    "Host".into(),
                    sub.url.split('/').nth(2).unwrap_or("").into(),
                ),
                ("User-Agent".into(), "Faultline-Webhooks/1.0".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Content-Length".into(), body.len().to_string()),
                ("x-api-key".into(), sub.api_key.clone()),
                ("webhook-id".into(), msg.to_string()),
                ("webhook-timestamp".into(), ts.to_string()),
                (
                    "webhook-signature".into(),
                    Integration::sign(&sub.secret, msg, ts, body),
                ),
                ("traceparent".into(), tb.next_traceparent()),
            ],
            body: Some(body.to_string()),
        };
        let t0 = tb.t;
        let out = call(
            w,
            tb,
            Call {
                from: Integration,
                to: Webhook,
                agent: Agent::Node,
                req,
                show_path: false,
                timeout_ms: w.integration.delivery_timeout_ms,
                attempt: Some(n),
                peer_ip: PLATFORM_EGRESS,
            },
            &mut |tb, r, peer| w.receiver.handle(w, tb, r, peer),
        );
        let lat = tb.t - t0;
        let ok = out.resp.as_ref().map(|r| r.status < 300).unwrap_or(false);
        let st = out
            .resp
            .as_ref()
            .map(|r| r.status.to_string())
            .unwrap_or_else(|| format!("error ({})", out.error.clone().unwrap_or_default()));
        let next = if ok || i + 1 == RETRY_SCHEDULE_MS.len() {
            "-".to_string()
        } else {
            due = tb.t + RETRY_SCHEDULE_MS[i + 1];
            util::iso_s(tb.epoch_ms + due)
        };
        let line = format!(
            "msg={msg} endpoint={} attempt={n} status={st} latency={lat}ms next_attempt={next}",
            sub.id
        );
        // Like delivery dashboards, keep the start of what the receiver answered.
        let answered = match &out.resp {
            Some(r) if !ok => {
                let b: String = r
                    .body
                    .as_deref()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let b: String = b.chars().take(120).collect();
                format!("  response: {b}")
            }
            _ => String::new(),
        };
        history.push_str(&format!(
            "{}  attempt {n}  {st}  {lat} ms  next: {next}{answered}\n",
            util::iso_s(tb.epoch_ms + t0)
        ));
        tb.log(
            LogSource::WebhookDelivery,
            if ok { Level::Info } else { Level::Warn },
            line,
        );
        if ok {
            return (true, history, false);
        }
    }
    let failing_since = sub
        .failing_since_ms
        .map_or(first_attempt, |t| t.min(first_attempt));
    let now = tb.now_ms();
    let disable = now - failing_since >= DISABLE_AFTER_FAILING_MS;
    let days = DISABLE_AFTER_FAILING_MS / crate::world::DAY_MS;
    let n = RETRY_SCHEDULE_MS.len();
    let (line, note) = if disable {
        (
            format!("msg={msg} endpoint={} failed permanently after {n} attempts; endpoint disabled after {days} days of failed attempts (failing since {})", sub.id, util::iso_s(failing_since)),
            format!("{}  endpoint disabled automatically: every attempt has failed for {days} days (since {})\n", util::iso_s(now), util::iso_s(failing_since)),
        )
    } else {
        (
            format!("msg={msg} endpoint={} failed permanently after {n} attempts; endpoint stays enabled (failing since {}; disabled only after {days} days of failures)", sub.id, util::iso_s(failing_since)),
            format!("{}  message failed after {n} attempts; endpoint still enabled (failing since {})\n", util::iso_s(now), util::iso_s(failing_since)),
        )
    };
    tb.log(LogSource::WebhookDelivery, Level::Error, line);
    history.push_str(&note);
    (false, history, disable)
}
