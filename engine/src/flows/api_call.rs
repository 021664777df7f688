//! The api-call flow (and the partner-api-call flow, which only prepares the client
//! differently): a developer calls the REST API with curl or a script in another runtime, after an
//! optional burst of its own retries.

use super::common::*;
use super::Ran;
use crate::layers::{call, Call};
use crate::model::*;
use crate::sim::Tb;
use crate::util;
use crate::world::*;
use Layer::*;

pub(super) fn api_call(w: &World, tb: &mut Tb) -> Ran {
    let (req, cmd) = api_request(w, tb, None);
    // The burst comes from the same client as the request we follow.
    let req_ua = crate::sim::header(&req.headers, "user-agent")
        .unwrap_or("-")
        .to_string();
    let sent = req.clone();
    if w.client.loop_requests > 0 {
        // The automation hammered the API before the request we follow.
        let n = w.client.loop_requests.min(90) as i64;
        for i in 0..n {
            let t = tb.t;
            let passed = w
                .gateway
                .rate
                .limit
                .saturating_sub(w.client.loop_requests.min(w.gateway.rate.limit))
                + 30;
            let i32_ = i as u32;
            // A service that is already shedding load answers the burst with 503s (the worker
            // then retries even faster) until the gateway's limit cuts the client off.
            let st = if i32_ >= passed {
                429
            } else if w.backend.overloaded && i32_ >= passed / 3 {
                503
            } else {
                200
            };
            // The requests that got through took their round robin turns before the traced one.
            let server = w
                .gateway
                .upstream_for(&w.client.path)
                .map(|u| u.server_at(i - n).to_string())
                .unwrap_or_else(|| "-".into());
            let (level, up) = match st {
                200 => (Level::Info, format!("rt=0.004 urt=0.003 upstream={server}")),
                503 => (
                    Level::Error,
                    format!("rt=0.412 urt=0.411 upstream={server}"),
                ),
                _ => (Level::Warn, "rt=0.000 urt=- upstream=-".to_string()),
            };
            // The gateway's refusal is its persona's: nginx's stock page or problem+json.
            let size = match (st, w.gateway.rate.persona) {
                (429, crate::layers::gateway::RatePersona::Nginx) => {
                    crate::sim::Resp::nginx(429).body.map_or(0, |b| b.len())
                }
                _ => 187,
            };
            tb.log_other(
                t,
                LogSource::Gateway,
                level,
                format!(
                    "{} - - [{}] \"{} {} HTTP/1.1\" {st} {size} \"-\" \"{}\" {up}",
                    w.client.public_ip,
                    util::nginx_time(tb.now_ms()),
                    w.client.method,
                    w.client.path,
                    req_ua,
                ),
            );
            if st == 503 && i % 4 == 0 {
                tb.log_other(
                    t,
                    LogSource::App,
                    Level::Error,
                    format!(
                        "customers-v2 worker pool exhausted (active=64/64 queued=512/512); shedding {} {}",
                        w.client.method, w.client.path
                    ),
                );
            }
            if i % 15 == 0 {
                tb.log_at(
                    t,
                    LogSource::Client,
                    Level::Warn,
                    false,
                    format!(
                        "sync-worker: request failed, retrying immediately (attempt {})",
                        i + 1
                    ),
                );
            }
            tb.jitter(8, 20);
        }
    }
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: crate::layers::edge::entry(w),
            agent: w.client.agent,
            req,
            show_path: true,
            timeout_ms: w.client.timeout_ms,
            attempt: None,
            peer_ip: &w.client.public_ip.clone(),
        },
        &mut |tb, r, peer| crate::layers::edge::serve(w, tb, r, peer),
    );
    add_token_artifact(tb, &w.client.token);
    let outcome = reported(w, &sent, &out);
    let slow = tb
        .exchanges
        .last()
        .map(|e| e.timings.total() > 5_000)
        .unwrap_or(false);
    Ran {
        story: Story {
            context: format!(
                "A developer is testing an integration against the platform API {}.",
                match w.client.runtime {
                    crate::runtime::Runtime::Postman => "in Postman",
                    crate::runtime::Runtime::Browser => "from Chrome's DevTools console",
                    crate::runtime::Runtime::Curl => "from a terminal",
                    _ => "with a script",
                }
            ),
            expected: format!(
                "{} It answers within a second.",
                super::intent(&w.client.method, &w.client.path, &w.customer_id)
            ),
            since: String::new(),
            actual: if slow && out.resp.as_ref().map(|r| r.status < 400).unwrap_or(false) {
                format!("The call works but takes seconds: {outcome}")
            } else {
                format!("{}: {outcome}", where_shown(w.client.runtime))
            },
        },
        client: ClientView {
            kind: w.client.runtime.id().into(),
            action: cmd,
        },
        outcome,
    }
}
