//! The receiver-side look-alikes of a signing-secret fault (issue 15): a receiver whose service
//! still holds the secret it read before a rotation, and one whose clock drifted past the
//! Standard Webhooks tolerance. Told apart by the receiver's own log and what its team pastes
//! about its service, against the integration's settings.

use super::{field, Ctx, Outcome};
use crate::layers::webhook_receiver::{parse_systemd_since, TOLERANCE_S};
use crate::model::*;
use crate::util::parse_iso_ms;
use Layer::*;

/// The verdict on a delivery's answer one of these rules recognises, else `None`.
pub(crate) fn delivery(c: &mut Ctx, x: &Exchange, status: u16, b: &str) -> Option<Outcome> {
    let error = field(b, "error").unwrap_or_default();
    if status == 401 && error == "invalid_timestamp" {
        return Some(timestamp(c, x));
    }
    if status == 401 && error.contains("signature") {
        let rotated = rotated_ms(c.ev)?;
        let (started, changed) = receiver_service(c.ev)?;
        if changed >= rotated && started < changed {
            return Some(c.settle(Webhook, Some("webhook-receiver-stale-secret"), format!("the receiver rejects the signature (401); the platform's secret was regenerated at {}, the receiver's secret store got the new one at {}, but its service started at {} and reads the secret only when it starts: it still verifies with the old one", crate::util::iso_s(rotated), crate::util::iso_s(changed), crate::util::iso_s(started))));
        }
    }
    None
}

/// A refused timestamp: whose clock is off? The delivery's own send time says the platform's.
fn timestamp(c: &mut Ctx, x: &Exchange) -> Outcome {
    let sent = parse_iso_ms(&x.started_at);
    let stamped = crate::sim::header(&x.request.headers, "webhook-timestamp")
        .and_then(|t| t.parse::<i64>().ok());
    // The receiver's line about this very attempt (the one with its stamp).
    let own = stamped.map(|ts| format!("(webhook-timestamp {ts} = "));
    let said = c.said_by(LogSource::WebhookReceiver).find_map(|l| {
        if !l.text.contains(own.as_deref()?) {
            return None;
        }
        let rest = l.text.split("server time ").nth(1)?;
        parse_iso_ms(rest.split(',').next()?)
    });
    match (sent, stamped, said) {
        (Some(sent), Some(ts), Some(server)) if (sent / 1000 - ts).abs() <= 5 => {
            // What the receiver compared: its own time against the stamp.
            let off = server / 1000 - ts;
            if off.abs() > TOLERANCE_S {
                c.settle(Webhook, Some("webhook-timestamp-skew"), format!("the receiver refuses the delivery's timestamp (401 invalid_timestamp); the platform stamped it when it sent it, but the receiver's log gives its own time {off} s away from that: the receiver's clock is off by more than the {TOLERANCE_S} s tolerance"))
            } else {
                c.open(&[Webhook, Integration], "the receiver refuses the delivery's timestamp, yet its clock as logged agrees with the send time")
            }
        }
        (Some(_), Some(_), Some(_)) => c.settle(Integration, None, "the receiver refuses the delivery's timestamp, and the timestamp the platform put on it is not the time it was sent"),
        _ => c.open(&[Webhook, Integration], "the receiver refuses the delivery's timestamp; which clock is off is not shown"),
    }
}

/// When the platform's signing secret was regenerated, from the integration settings.
fn rotated_ms(ev: &Evidence) -> Option<i64> {
    let a = ev
        .artifacts
        .iter()
        .find(|a| a.title.starts_with("Integration settings"))?;
    a.body
        .lines()
        .find_map(|l| parse_iso_ms(l.trim().strip_prefix("signing secret regenerated:")?.trim()))
}

/// (service started, secret last changed in the store) from what the receiver team pasted.
fn receiver_service(ev: &Evidence) -> Option<(i64, i64)> {
    let a = ev
        .artifacts
        .iter()
        .find(|a| a.title.starts_with("Receiver service"))?;
    let started = a
        .body
        .lines()
        .find(|l| l.trim_start().starts_with("Active:"))
        .and_then(parse_systemd_since)
        .and_then(|s| parse_iso_ms(&s))?;
    let changed = a
        .body
        .lines()
        .skip_while(|l| !l.contains("describe-secret"))
        .nth(1)
        .and_then(parse_iso_ms)?;
    Some((started, changed))
}

/// A delivery that timed out, retried with the same webhook-id and answered 2xx, while the
/// receiver logged a CRM case created for each: it processed the retry as a new chat.
pub(crate) fn duplicate(c: &mut Ctx, x: &Exchange) -> Option<Outcome> {
    let id = crate::sim::header(&x.request.headers, "webhook-id")?.to_string();
    let later_ok = c.ev.exchanges.iter().any(|o| {
        o.t_ms > x.t_ms
            && crate::sim::header(&o.request.headers, "webhook-id") == Some(id.as_str())
            && o.response.as_ref().is_some_and(|r| r.status < 300)
    });
    let created: Vec<String> =
        c.ev.logs
            .iter()
            .filter(|l| l.source == LogSource::WebhookReceiver)
            .filter_map(|l| {
                l.text
                    .strip_prefix(&format!("chat-ended {id}: CRM case "))
                    .and_then(|r| r.strip_suffix(" created"))
                    .map(String::from)
            })
            .collect();
    if !later_ok || created.len() < 2 {
        return None;
    }
    Some(c.settle(
        Webhook,
        Some("webhook-duplicate-delivery"),
        format!("the delivery of {id} timed out, its retry with the same webhook-id was answered 2xx, and the receiver created a CRM case for each ({}): it does not skip a webhook-id it has processed", created.join(", ")),
    ))
}

/// The time an event happened, from the payload a delivery carries (`timestamp`).
fn event_time(x: &Exchange) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(x.request.body.as_deref()?).ok()?;
    v["timestamp"].as_str().map(String::from)
}

/// A delivery that timed out while a later event (by the events' own timestamps) about the
/// same chat was delivered first: the receiver logged that it found no case for the update and
/// skipped it, and created the case for the first event only afterwards. It applies events in
/// the order they arrive, not the order they happened.
pub(crate) fn out_of_order(c: &mut Ctx, x: &Exchange) -> Option<Outcome> {
    let first = crate::sim::header(&x.request.headers, "webhook-id")?.to_string();
    let first_at = event_time(x)?;
    let said = || {
        c.ev.logs
            .iter()
            .filter(|l| l.source == LogSource::WebhookReceiver)
    };
    let (skipped, skipped_ts) = said().find_map(|l| {
        let (id, what) = l.text.strip_prefix("chat-updated ")?.split_once(": ")?;
        what.starts_with("no CRM case found")
            .then(|| (id.to_string(), l.ts.clone()))
    })?;
    let later = c.ev.exchanges.iter().find(|o| {
        crate::sim::header(&o.request.headers, "webhook-id") == Some(skipped.as_str())
            && o.response.as_ref().is_some_and(|r| r.status < 300)
    })?;
    let later_at = event_time(later)?;
    if later_at <= first_at {
        return None;
    }
    let (case, created_ts) = said().find_map(|l| {
        let case = l
            .text
            .strip_prefix(&format!("chat-ended {first}: CRM case "))?
            .strip_suffix(" created")?;
        (l.ts > skipped_ts).then(|| (case.to_string(), l.ts.clone()))
    })?;
    Some(c.settle(
        Webhook,
        Some("webhook-out-of-order"),
        format!("the delivery of {first} (event of {first_at}) timed out; {skipped}, an event of {later_at} about the same chat, was delivered before its retry, and the receiver skipped it at {skipped_ts} for want of a case that it created only at {created_ts} ({case}): it applies events in the order they arrive, not the order they happened"),
    ))
}
