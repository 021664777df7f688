//! Traffic that is not the traced request: unrelated log lines (noise) so filtering by trace id
//! matters, and benign warnings on the traced request (red herrings) for hard puzzles.

use crate::model::*;
use crate::sim::Tb;
use crate::util;
use crate::world::*;

/// Unrelated healthy (and, with `misleading`, failing) traffic so filtering by trace id matters.
pub fn noise(flow: Flow, tb: &mut Tb, count: usize, misleading: bool) {
    let end = tb.t.max(1000);
    let ips = [
        "198.51.100.14",
        "203.0.113.9",
        "203.0.113.120",
        "198.51.100.63",
    ];
    for i in 0..count {
        let t = tb.rng.range(0, end);
        let ip = *tb.rng.pick(&ips);
        let when = util::nginx_time(tb.epoch_ms + t);
        let bad = misleading && i % 4 == 0;
        match (flow, i % 3) {
            (Flow::CrmLookup, _) | (Flow::CrmTicket, 0) => {
                let st = if bad { 401 } else { 200 };
                let rid = tb.rng.alnum(12);
                let ms = tb.rng.range(80, 300);
                tb.log_other(t, LogSource::Crm, if bad { Level::Warn } else { Level::Info }, format!("EVENT_TYPE=ApiRequest USER=reports@crm.example.net METHOD=GET URI=/services/data/v59.0/query STATUS_CODE={st} RUN_TIME={ms} REQUEST_ID={rid}"));
            }
            (Flow::CrmTicket, _) => {
                let st = if bad { "503" } else { "200" };
                let m = tb.rng.alnum(22);
                let l = tb.rng.range(60, 400);
                tb.log_other(t, LogSource::WebhookDelivery, Level::Info, format!("msg=msg_{m} endpoint=ep_analytics01 attempt=1 status={st} latency={l}ms next_attempt=-"));
            }
            (Flow::LiveChat, _) => {
                tb.log_other(t, LogSource::LoadBalancer, Level::Info, format!("{} \"GET /v1/socket HTTP/1.1\" {} upstream=realtime-v1 client={ip} upgrade=websocket", util::iso_s(tb.epoch_ms + t), if bad { 401 } else { 101 }));
            }
            _ => {
                let paths = [
                    "/v2/agents/me",
                    "/v2/queues/7/stats",
                    "/v2/health",
                    "/v2/customers/48213",
                    "/v2/chats/ch_ab12cd34ef",
                ];
                let p = *tb.rng.pick(&paths);
                let st = if bad {
                    *tb.rng.pick(&[401u16, 500, 404])
                } else {
                    200
                };
                let rt = tb.rng.range(3, 90);
                let tid = tb.rng.hex(32);
                let sid = tb.rng.hex(16);
                tb.log_other(t, LogSource::Gateway, Level::Info, format!("{ip} - - [{when}] \"GET {p} HTTP/1.1\" {st} 412 \"-\" \"okhttp/4.12.0\" rt={:.3} urt={:.3} upstream=10.0.3.2{}:8080 traceparent=00-{tid}-{sid}-01", rt as f64 / 1000.0, (rt - 1).max(0) as f64 / 1000.0, i % 2 + 1));
                if i % 5 == 0 {
                    tb.log_other(
                        t + 1,
                        LogSource::App,
                        Level::Info,
                        format!("customers-v2 200 GET {p}"),
                    );
                }
            }
        }
    }
}

/// The chat id the traced integration lines mention, if any.
fn chat_of(tb: &Tb) -> String {
    tb.logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(tb.trace_id.as_str()))
        .find_map(|l| {
            l.text
                .split_whitespace()
                .find_map(|w| w.strip_prefix("chat="))
                .map(String::from)
        })
        .unwrap_or_else(|| "-".into())
}

/// Misleading secondary errors (hard puzzles): one or two benign warnings, on the traced request,
/// from components that really handled it. They are true to life (things that are logged all
/// the time and hurt nobody) and never the first failure, so reading the evidence in order still
/// leads to the root cause.
pub fn red_herrings(flow: Flow, tb: &mut Tb) {
    let end = tb.t.max(1);
    let traced: Vec<(LogSource, i64)> = {
        let mut v: Vec<(LogSource, i64)> = vec![];
        for l in &tb.logs {
            if l.trace_id.as_deref() == Some(tb.trace_id.as_str())
                && !v.iter().any(|(s, _)| *s == l.source)
            {
                v.push((l.source, l.t_ms));
            }
        }
        v
    };
    let pool: Vec<(LogSource, i64)> = traced
        .into_iter()
        .filter(|(s, _)| {
            matches!(
                s,
                LogSource::Gateway
                    | LogSource::Auth
                    | LogSource::App
                    | LogSource::Database
                    | LogSource::Crm
                    | LogSource::Integration
                    | LogSource::WebhookReceiver
                    | LogSource::Realtime
            )
        })
        .collect();
    if pool.is_empty() {
        return;
    }
    let n = 1 + (tb.rng.next_u64() % 2) as usize;
    for k in 0..n.min(pool.len()) {
        let (src, first) = pool[(tb.rng.next_u64() as usize + k) % pool.len()];
        let t = tb.rng.range(first, end.max(first));
        let now = tb.epoch_ms + t;
        let text = match src {
            LogSource::Gateway => format!(
                "{} [warn] 2841#2841: *{} using uninitialized \"upstream_cache_key\" variable while logging request, client: 203.0.113.45, server: {API_HOST}",
                util::nginx_err_time(now),
                tb.rng.range(10_000, 99_999)
            ),
            LogSource::Auth => {
                // The draw that once numbered the key stays, so later seeded lines do not move.
                let _ = tb.rng.range(1, 9);
                format!(
                    "jwks: signing key {} is due for rotation in {} days; tokens signed with the current key stay valid",
                    tb.issuer_kid,
                    tb.rng.range(2, 9)
                )
            }
            LogSource::App => "customers-v2 warning: feature flag \"tier-badges\" missing from config; defaulting to off".to_string(),
            LogSource::Database => format!(
                "{} [{}] app@customers WARNING:  there is no transaction in progress",
                util::iso_ms(now).replace('T', " ").replace('Z', " UTC"),
                tb.rng.range(2000, 9000)
            ),
            LogSource::Crm => format!(
                "EVENT_TYPE=ApiTotalUsage USER=integration@crm.example.net API_FAMILY=REST DAILY_LIMIT=100000 USED_PERCENT={}",
                tb.rng.range(81, 93)
            ),
            // Only ticket flows build a Case; a lookup's middleware has its own harmless chatter.
            LogSource::Integration if flow == Flow::CrmTicket => "field-mapping: chat.channel not set on the event; Case.Origin gets the default value \"Chat\"".to_string(),
            LogSource::Integration => format!(
                "workflow chat-started: optional step translate-greeting is not configured; skipped (chat={})",
                chat_of(tb)
            ),
            LogSource::WebhookReceiver => "deprecation: x-api-key authentication will be removed in receiver API v3; plan a move to OAuth client credentials".to_string(),
            _ => "permessage-deflate not negotiated; sending frames uncompressed".to_string(),
        };
        tb.log_at(t, src, Level::Warn, true, text);
    }
}
