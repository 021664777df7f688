//! No exchange failed: the cause is in what did not happen (no delivery), in a component's own
//! log (a blocked pop-up, a closed idle connection, a lagging event loop), or in the timings.

use super::facts;
use super::wire::{classify, delivery_error};
use super::{partners, Ctx, Outcome};
use crate::model::*;
use Layer::*;

pub(crate) fn no_failed_exchange(c: &mut Ctx) -> Outcome {
    let ev = c.ev;
    if ev.flow == Flow::CrmTicket && !ev.exchanges.iter().any(|x| x.to == Webhook) {
        return no_delivery(c);
    }
    if let Some(l) = c
        .said_by(LogSource::Client)
        .find(|l| l.text.contains("pop-up blocked"))
    {
        let t = l.text.clone();
        return c.settle(
            Client,
            Some("screen-pop-blocked"),
            format!("the agent's browser blocked the pop-up: {t}"),
        );
    }
    let closed = c
        .said_by(LogSource::Client)
        .any(|l| l.text.contains("code 1006"));
    if closed {
        let idle = c
            .said_by(LogSource::LoadBalancer)
            .find(|l| l.text.contains("idle_timeout="))
            .map(|l| l.text.clone());
        return match idle {
            Some(l) => c.settle(
                Gateway,
                Some("ws-idle-timeout"),
                format!(
                    "the WebSocket closed abnormally (1006) and the load balancer logs why: {l}"
                ),
            ),
            None => c.open(
                &[Gateway, Realtime, Network],
                "the WebSocket closed abnormally (1006) and no component logs closing it",
            ),
        };
    }
    if let Some(l) = c
        .said_by(LogSource::Realtime)
        .find(|l| l.level >= Level::Warn && l.text.contains("lag"))
    {
        let t = l.text.clone();
        return c.settle(
            Realtime,
            Some("realtime-overloaded"),
            format!("the realtime service reports: {t}"),
        );
    }
    if let Some(out) = super::accepted::not_followed(c) {
        return out;
    }
    if let Some(out) = super::charset::replaced(c) {
        return out;
    }
    if let Some(x) = ev.exchanges.first() {
        if x.timings.connect > 1_000 || x.timings.ssl > 1_000 {
            return c.settle(
                Network,
                Some("network-latency"),
                format!(
                    "nothing failed, but connect took {} ms and the TLS handshake {} ms: every round trip is slow",
                    x.timings.connect, x.timings.ssl
                ),
            );
        }
    }
    c.open(
        &[],
        "no hop failed and no component reports a problem with the traced request",
    )
}

/// chat.ended fired but no delivery was made: the subscription (its events, its status) and the
/// delivery history say why.
fn no_delivery(c: &mut Ctx) -> Outcome {
    let ev = c.ev;
    let cfg = facts::integration(ev);
    let events: Vec<String> = cfg
        .as_ref()
        .map(|c| c.events().into_iter().map(String::from).collect())
        .unwrap_or_default();
    let enabled = cfg.as_ref().and_then(|c| c.enabled());
    if cfg.is_some() && !events.iter().any(|e| e == "chat.ended") {
        return c.settle(
            Integration,
            Some("webhook-event-not-generated"),
            format!("chat.ended fired, but the only webhook subscription listens to [{}]: nothing was sent", events.join(", ")),
        );
    }
    let history = ev
        .artifacts
        .iter()
        .find(|a| a.kind == "delivery-log" && a.body.contains("endpoint disabled"))
        .map(|a| a.body.clone());
    if let Some(h) = history {
        if h.contains("disabled automatically") {
            return disabled_after_failures(c, &h);
        }
        let who = h
            .lines()
            .find(|l| l.contains("endpoint disabled"))
            .unwrap_or("")
            .trim()
            .to_string();
        let last_ok = h
            .lines()
            .rfind(|l| l.contains("  attempt "))
            .map(|l| l.split("  ").nth(2).unwrap_or("").trim().starts_with('2'))
            .unwrap_or(false);
        if last_ok {
            return c.settle(
                Integration,
                Some("webhook-endpoint-disabled"),
                format!("the subscription is disabled and its history shows it was switched off while deliveries succeeded: {who}"),
            );
        }
        return c.open(&[Integration, Webhook], format!("the subscription is disabled ({who}) but its history does not show whether the receiver was failing"));
    }
    if enabled == Some(false) {
        return c.settle(
            Integration,
            Some("webhook-endpoint-disabled"),
            "the subscription's status is disabled; its delivery history is not shown",
        );
    }
    c.open(
        &[Integration, Webhook],
        "chat.ended fired and no webhook was sent, yet the subscription shown listens to it and is enabled",
    )
}

/// The endpoint disabled itself after its retries failed: the last attempt of its delivery
/// history is the failure to explain. Lines: `time  attempt N  status-or-error  latency  next: …
/// [  response: …]`.
fn disabled_after_failures(c: &mut Ctx, history: &str) -> Outcome {
    let Some(last) = history.lines().rfind(|l| l.contains("  attempt ")) else {
        return c.open(
            &[Integration, Webhook],
            "the endpoint disabled itself, but its history lists no attempt",
        );
    };
    let fields: Vec<&str> = last.split("  ").collect();
    let outcome = fields.get(2).copied().unwrap_or("").trim().to_string();
    c.note(format!(
        "the endpoint disabled itself after its retries failed; last attempt: {}",
        last.trim()
    ));
    let url = facts::integration(c.ev)
        .and_then(|cfg| cfg.subscription_url().map(String::from))
        .unwrap_or_default();
    let x = Exchange {
        from: Integration,
        to: Webhook,
        request: HttpRequest {
            method: "POST".into(),
            url,
            http_version: "HTTP/1.1".into(),
            headers: vec![("x-api-key".into(), "(as configured)".into())],
            body: None,
        },
        response: None,
        client_error: None,
        timings: Timings::NOT_APPLICABLE,
        started_at: String::new(),
        t_ms: 0,
        server_ip: None,
        server_port: None,
        attempt: None,
    };
    if let Some(e) = outcome.strip_prefix("error (") {
        let e = e.strip_suffix(')').unwrap_or(e).to_string();
        return delivery_error(c, &x, &e, classify(&e));
    }
    let Ok(status) = outcome.parse::<u16>() else {
        return c.open(
            &[Integration, Webhook],
            format!("the last attempt's outcome cannot be read: {outcome}"),
        );
    };
    let body = fields
        .iter()
        .find_map(|f| f.strip_prefix("response: "))
        .unwrap_or("")
        .to_string();
    partners::delivery(c, &x, status, &body)
}
