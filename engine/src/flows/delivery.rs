//! The crm-ticket flow's delivery worker at work: messages go into the platform's queue
//! (`layers/delivery_queue.rs`), the worker sends each attempt when it is due, and the
//! endpoint's failure history decides whether it is disabled. The delivery log lines and the
//! history an engineer reads (one line per attempt, in the order the worker ran them) fall out.

use crate::layers::delivery_queue::{Health, Job, Queue};
use crate::layers::integration::{Integration, Subscription, DISABLE_AFTER_FAILING_MS};
use crate::layers::{call, Agent, Call};
use crate::model::*;
use crate::sim::Tb;
use crate::util;
use crate::world::*;

/// What the worker did with one message.
#[derive(Clone, Debug)]
pub(super) struct Fate {
    pub msg: String,
    pub delivered: bool,
    /// When its last attempt ended (trace ms), or when it was dropped.
    pub ended: i64,
}

/// What the worker did until its queue was empty or the endpoint disabled.
pub(super) struct Worked {
    pub fates: Vec<Fate>,
    pub history: String,
    /// Whether the rule disabled the endpoint (and when, epoch ms).
    pub disabled_at: Option<i64>,
}

/// Runs the worker over `queue` for endpoint `sub`, whose failure history so far is `health`.
pub(super) fn work(
    w: &World,
    tb: &mut Tb,
    sub: &Subscription,
    queue: &mut Queue,
    mut health: Health,
) -> Worked {
    let mut out = Worked {
        fates: vec![],
        history: String::new(),
        disabled_at: None,
    };
    let days = DISABLE_AFTER_FAILING_MS / DAY_MS;
    while let Some(job) = queue.take_due() {
        tb.t = job.due.max(tb.t);
        let (ok, line, entry) = attempt(w, tb, sub, &job);
        health.record(ok, tb.now_ms());
        let (msg, n) = (job.msg.clone(), job.attempt);
        let next = if ok { None } else { queue.retry(job, tb.t) };
        let next_s = next.map_or("-".to_string(), |t| util::iso_s(tb.epoch_ms + t));
        tb.log(
            LogSource::WebhookDelivery,
            if ok { Level::Info } else { Level::Warn },
            format!("{line} next_attempt={next_s}"),
        );
        out.history.push_str(&entry.replace("{next}", &next_s));
        if ok || next.is_none() {
            out.fates.push(Fate {
                msg: msg.clone(),
                delivered: ok,
                ended: tb.t,
            });
        }
        if ok {
            continue;
        }
        let now = tb.now_ms();
        let since = health.failing_since_ms.unwrap_or(now);
        if health.should_disable(now) {
            tb.log(LogSource::WebhookDelivery, Level::Error, format!("endpoint={} disabled after {days} days of failed attempts (failing since {}); last: msg={msg} attempt={n}", sub.id, util::iso_s(since)));
            out.history.push_str(&format!("{}  endpoint disabled automatically: every attempt has failed for {days} days (since {})\n", util::iso_s(now), util::iso_s(since)));
            for gone in queue.drop_all() {
                tb.log(
                    LogSource::WebhookDelivery,
                    Level::Warn,
                    format!(
                        "msg={} endpoint={} attempt={} not sent: endpoint disabled",
                        gone.msg, sub.id, gone.attempt
                    ),
                );
                out.history.push_str(&format!("{}  {}  dropped from the queue (its attempt {} was due {}): endpoint disabled\n", util::iso_s(now), gone.msg, gone.attempt, util::iso_s(tb.epoch_ms + gone.due)));
                out.fates.push(Fate {
                    msg: gone.msg,
                    delivered: false,
                    ended: tb.t,
                });
            }
            out.disabled_at = Some(now);
            return out;
        }
        if next.is_none() {
            tb.log(LogSource::WebhookDelivery, Level::Error, format!("msg={msg} endpoint={} failed permanently after {n} attempts; endpoint stays enabled (failing since {}; disabled only after {days} days of failures)", sub.id, util::iso_s(since)));
            out.history.push_str(&format!("{}  message {msg} failed after {n} attempts; endpoint still enabled (failing since {})\n", util::iso_s(now), util::iso_s(since)));
        }
    }
    out
}

/// One attempt of `job`: whether it was delivered, the delivery log line (without its
/// `next_attempt`) and the history entry (`{next}` for the next attempt's time).
fn attempt(w: &World, tb: &mut Tb, sub: &Subscription, job: &Job) -> (bool, String, String) {
    let (msg, body, n) = (&job.msg, &job.body, job.attempt);
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
            from: Layer::Integration,
            to: Layer::Webhook,
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
    let ok = out.resp.as_ref().is_some_and(|r| r.status < 300);
    let st = out
        .resp
        .as_ref()
        .map(|r| r.status.to_string())
        .unwrap_or_else(|| format!("error ({})", out.error.clone().unwrap_or_default()));
    let line = format!(
        "msg={msg} endpoint={} attempt={n} status={st} latency={lat}ms",
        sub.id
    );
    // Like delivery dashboards, keep the start of what the receiver answered.
    let answered = match &out.resp {
        Some(r) if !ok => {
            let b = r
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
    // The event type beside the message id, as delivery dashboards list a message.
    let event: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    let event = event["type"].as_str().unwrap_or("-");
    let entry = format!(
        "{}  attempt {n}  {st}  {lat} ms  next: {{next}}  {event}  {msg}{answered}\n",
        util::iso_s(tb.epoch_ms + t0)
    );
    (ok, line, entry)
}

/// The endpoint's delivery history up to `since`, when it was disabled: the worker's last day
/// and a half replayed, at the times it ran, against the same receiver. Three chats ended in
/// it, hours apart, each one a message in the queue. Either their attempts kept failing and
/// the rule disabled the endpoint (the second message's last attempt is the one that found it
/// failing for `DISABLE_AFTER_FAILING_MS`, at `since`), or they were delivered and someone
/// switched the endpoint off.
pub(super) fn history_before_disabled(
    w: &World,
    tb: &mut Tb,
    sub: &Subscription,
    since: i64,
) -> String {
    let seed = tb.rng.next_u64();
    let third = 6 * 3_600_000 + 3 * 3_600_000 + (seed % 7_200_000) as i64;
    let replay = |epoch: i64, health: Health| {
        let mut past = Tb::new(seed, epoch);
        let mut queue = Queue::default();
        let mut msgs = vec![];
        for at in [0, 6 * 3_600_000, third] {
            past.t = at;
            let body = super::ticket::ticket_body(w, &mut past);
            let msg = format!("msg_{}", past.rng.alnum(22));
            queue.enqueue(&msg, &body, at);
            msgs.push(msg);
        }
        past.t = 0;
        let worked = work(w, &mut past, sub, &mut queue, health);
        let deciding = worked.fates.iter().find(|f| f.msg == msgs[1]).cloned();
        (worked, deciding)
    };
    // A first pass with no failure history to act on measures when the second message's
    // attempts end; the replay then starts so that they end at `since`.
    let (probe, deciding) = replay(since - 2 * DAY_MS, Health::default());
    let Some(deciding) = deciding else {
        return probe.history;
    };
    if deciding.delivered {
        // Delivered: nothing to disable on. The endpoint was switched off by hand, an hour
        // after the last of them.
        let last = probe.fates.iter().map(|f| f.ended).max().unwrap_or(0);
        let (worked, _) = replay(since - last - 3_600_000, Health::default());
        let mut history = worked.history;
        history.push_str(&format!(
            "{}  endpoint disabled by ops@example.com (manual)\n",
            util::iso_s(since)
        ));
        return history;
    }
    let health = Health {
        failing_since_ms: sub.failing_since_ms,
    };
    replay(since - deciding.ended, health).0.history
}
