//! Traffic that is not the traced request: unrelated log lines (noise) so filtering by trace id
//! matters, and benign warnings on the traced request (red herrings) for hard puzzles.

use crate::layers::auth::Claims;
use crate::layers::tls::ClientTls;
use crate::model::*;
use crate::sim::{Tb, FAIL_TIMEOUT_MS};
use crate::util;
use crate::world::*;
use std::fmt::Write as _;

/// Other requests through the same world at the same time, so filtering by trace id matters.
/// Each answers as the world now answers it: a host that does not resolve, refuses or fails
/// the TLS handshake gets no traffic at all; a dead upstream gives everybody 502s; a slow CRM is
/// slow for every user. With `misleading`, some of the requests are broken in ways of their own
/// (an expired token, an id that does not exist) that the world answers truthfully.
pub fn noise(w: &World, flow: Flow, tb: &mut Tb, count: usize, misleading: bool) {
    let end = tb.t.max(1000);
    let ips = [
        "198.51.100.14",
        "203.0.113.9",
        "203.0.113.120",
        "198.51.100.63",
    ];
    // Handled in time order: what the gateway learns from one request (peers marked down)
    // holds for the ones after it.
    let mut plan: Vec<(i64, &str, usize, usize)> = (0..count)
        .map(|i| {
            let (t, ip) = (tb.rng.range(0, end), *tb.rng.pick(&ips));
            (t, ip, i, tb.rng.range(0, 3) as usize)
        })
        .collect();
    plan.sort_by_key(|p| p.0);
    // nginx's round robin goes in arrival order: requests before the traced one took the turns
    // before it, those after it the turns after.
    // (The access line is written when the answer goes out, `rt=` seconds after arrival.)
    let traced_at = tb
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Gateway && l.trace_id.as_ref() == Some(&tb.trace_id))
        .find_map(|l| {
            let rt: f64 = l
                .text
                .split(" rt=")
                .nth(1)?
                .split(' ')
                .next()?
                .parse()
                .ok()?;
            Some(l.t_ms - (rt * 1000.0).round() as i64)
        })
        .unwrap_or(-1);
    let after = std::mem::take(&mut tb.rr_turns);
    for (t, _, i, which) in &plan {
        // `api_noise`'s choice: a broken request is an expired token (answered by the gateway)
        // or an unknown customer; the others read a customer or a chat.
        let up = match (misleading && i % 4 == 0, which % 2) {
            (true, 0) => continue,
            (true, _) | (false, 0) => "customers-v2",
            _ => "chats-v2",
        };
        if *t < traced_at && !matches!(flow, Flow::CrmLookup | Flow::CrmTicket | Flow::LiveChat) {
            match tb.rr_turns.iter_mut().find(|(u, _)| u == up) {
                Some((_, n)) => *n -= 1,
                None => tb.rr_turns.push((up.to_string(), -1)),
            }
        }
    }
    let mut after = Some(after);
    let mut reach = Reach::default();
    let mut reporting = Reporting::default();
    for (t, ip, i, which) in plan {
        if t >= traced_at {
            if let Some(a) = after.take() {
                tb.rr_turns = a;
            }
        }
        let bad = misleading && i % 4 == 0;
        match (flow, i % 3) {
            (Flow::CrmLookup, _) | (Flow::CrmTicket, 0) => crm_noise(w, tb, &mut reach, t, bad),
            (Flow::CrmTicket, _) => {
                let st = if bad { "503" } else { "200" };
                let m = tb.rng.alnum(22);
                let l = tb.rng.range(60, 400);
                tb.log_other(t, LogSource::WebhookDelivery, Level::Info, format!("msg=msg_{m} endpoint=ep_analytics01 attempt=1 status={st} latency={l}ms next_attempt=-"));
            }
            (Flow::LiveChat, _) => {
                if reach.get(w, tb, RT_HOST) {
                    // Every visitor's handshake meets the same load balancer: without its
                    // upgrade settings none of them is upgraded.
                    let st = match (bad, w.gateway.ws_upgrade_forwarded) {
                        (true, _) => 401,
                        (false, true) => 101,
                        (false, false) => 426,
                    };
                    let level = if st == 426 { Level::Warn } else { Level::Info };
                    tb.log_other(t, LogSource::LoadBalancer, level, format!("{} \"GET /v1/socket HTTP/1.1\" {st} upstream=realtime-v1 client={ip} upgrade=websocket", util::iso_s(tb.epoch_ms + t)));
                }
            }
            _ => api_noise(w, tb, &mut reach, &mut reporting, t, ip, bad, which),
        }
    }
    if let Some(a) = after {
        tb.rr_turns = a;
    }
}

/// [`reachable`] for each host asked about, worked out once: the background requests are
/// handled at the same simulated "now" (the end of the traced flow), so every answer holds for
/// all of them.
#[derive(Default)]
struct Reach(Vec<(&'static str, bool)>);

impl Reach {
    fn get(&mut self, w: &World, tb: &Tb, host: &'static str) -> bool {
        if let Some((_, r)) = self.0.iter().find(|(h, _)| *h == host) {
            return *r;
        }
        let r = reachable(w, tb, host);
        self.0.push((host, r));
        r
    }
}

/// Whether a client elsewhere on the internet gets through to `host` now: the name resolves
/// (at the authority: other clients do not share our resolver's cache), the address accepts
/// connections on 443 and the server's certificate passes a current client's checks.
fn reachable(w: &World, tb: &Tb, host: &str) -> bool {
    let Some(ip) = w.dns.zone.get(host) else {
        return false;
    };
    if !w.net.listening.get(ip).is_some_and(|p| p.contains(&443)) {
        return false;
    }
    let Some(server) = w.tls_for(host) else {
        return true;
    };
    let mut scratch = Tb::new(0, tb.epoch_ms);
    scratch.quiet = true;
    let modern = ClientTls {
        max_version: 13,
        fetches_intermediates: false,
        old_trust_store: false,
        cert: None,
        trusts_os_store: false,
        sends_sni: true,
    };
    let now = tb.now_ms();
    let (_, r) = server.handshake(
        &mut scratch,
        Layer::Client,
        Layer::Tls,
        host,
        &modern,
        now,
        1,
    );
    r.is_ok()
}

/// The access tokens the reporting service's instances hold, one per instance (its address),
/// as real OAuth clients keep theirs: obtained once, sent with every call until it expires.
/// An instance that kept a token past its expiry (`stale`) sends that one token every time,
/// and the gateway refuses each call with the same `exp`.
#[derive(Default)]
struct Tokens(Vec<(String, bool, String)>);

impl Tokens {
    /// The token instance `ip` sends at `t_ms`: the one it holds, or (first call in the window)
    /// the one it obtained earlier, 1–50 minutes before (an hour more for a stale one). All of
    /// them outlive the window (a trace spans seconds), so no instance renews one here.
    fn held(&mut self, w: &World, tb: &mut Tb, t_ms: i64, ip: &str, stale: bool) -> &str {
        let at = match self.0.iter().position(|(i, s, _)| i == ip && *s == stale) {
            Some(at) => at,
            None => {
                let now = (tb.epoch_ms + t_ms) / 1000;
                let iat = now - tb.rng.range(60, 3000) - if stale { 3600 } else { 0 };
                let token = w.auth.mint_owned(Claims {
                    sub: "svc-reporting".into(),
                    client_id: "svc-reporting".into(),
                    aud: w.auth.audience.clone(),
                    iat,
                    exp: iat + w.auth.ttl_s,
                    jti: tb.rng.hex(16),
                    scope: "read:customers".into(),
                });
                self.0.push((ip.to_string(), stale, token));
                self.0.len() - 1
            }
        };
        &self.0[at].2
    }
}

/// The reporting service's side of the background API requests: the tokens its instances
/// hold, and one request that each call rewrites in place (the same headers every time, only
/// the URL and the token change), so twelve calls do not build twelve.
struct Reporting {
    tokens: Tokens,
    req: HttpRequest,
    /// The timeline each request is handled on, renewed for the next one.
    other: Tb,
    /// The chat id drawn for the fourth path.
    chat: String,
}

/// Where the URL's path starts in [`Reporting`]'s request.
const API_ORIGIN: &str = "https://api.example.com";

impl Default for Reporting {
    fn default() -> Reporting {
        debug_assert_eq!(API_ORIGIN, format!("https://{API_HOST}"));
        Reporting {
            tokens: Tokens::default(),
            req: HttpRequest {
                method: "GET".into(),
                url: String::with_capacity(64),
                http_version: "HTTP/1.1".into(),
                headers: crate::layers::gateway::passive::service_headers("", None),
                body: None,
            },
            other: Tb::new(0, 0),
            chat: String::with_capacity(10),
        }
    }
}

/// One API request from another client, run through the world's gateway (and whatever it
/// proxies to) on a timeline of its own; the lines those components log join the trace's logs
/// under that request's own trace id.
#[allow(clippy::too_many_arguments)]
fn api_noise(
    w: &World,
    tb: &mut Tb,
    reach: &mut Reach,
    reporting: &mut Reporting,
    t: i64,
    ip: &str,
    bad: bool,
    which: usize,
) {
    if !reach.get(w, tb, API_HOST) || !crate::layers::edge::reaches_origin(w, tb.now_ms()) {
        return;
    }
    // nginx tried the dead upstream for the traced request just after this one: a request in
    // the `fail_timeout` before it would have marked the peers down first, so there was none.
    if !w.backend.up {
        let marks = w
            .gateway
            .upstreams
            .iter()
            .flat_map(|u| tb.peers_marked_down(&u.name));
        if marks
            .into_iter()
            .any(|f| (f - FAIL_TIMEOUT_MS..f).contains(&t))
        {
            return;
        }
    }
    // The fourth path's chat id is drawn whichever path is taken (the seeded draws keep their order).
    let Reporting {
        tokens,
        req,
        other,
        chat,
    } = reporting;
    chat.clear();
    tb.rng.push_alnum(chat, 10);
    let expired = bad && which.is_multiple_of(2);
    let url = &mut req.url;
    url.clear();
    url.push_str(API_ORIGIN);
    if bad && !expired {
        let _ = write!(url, "/v2/customers/{}", tb.rng.range(100_000, 999_999));
    } else {
        match which {
            0 => {
                url.push_str("/v2/customers/");
                url.push_str(&w.customer_id);
            }
            1 => {
                url.push_str("/v2/chats/");
                url.push_str(&w.chat_id);
            }
            2 => url.push_str("/v2/customers/20001"),
            _ => {
                url.push_str("/v2/chats/ch_");
                url.push_str(chat);
            }
        }
    };
    if crate::layers::edge::serves_from_cache(w, &url[API_ORIGIN.len()..]) {
        return;
    }
    let token = tokens.held(w, tb, t, ip, expired);
    other.renew(tb.rng.next_u64(), tb.epoch_ms);
    // Nobody reads this request's events; its log lines join the trace's.
    other.quiet = true;
    other.t = t;
    other.peers_down_at = std::mem::take(&mut tb.peers_down_at);
    other.servers_down_at = std::mem::take(&mut tb.servers_down_at);
    other.rr_turns = std::mem::take(&mut tb.rr_turns);
    other.downstream_timeout_ms = crate::layers::edge::downstream_timeout(w);
    let authz = &mut req.headers[crate::layers::gateway::passive::AUTHORIZATION_AT].1;
    authz.clear();
    authz.push_str("Bearer ");
    authz.push_str(token);
    // The reporting service is not instrumented: it sends no `traceparent`, and the gateway
    // starts the trace for its request (the span is drawn here, where it always was).
    other.start_span_at_gateway();
    // Buckets are per client: this one's holds its own calls, not the traced client's.
    other.buckets = std::mem::take(&mut tb.buckets);
    other.arrivals = std::mem::take(&mut tb.arrivals);
    // Its lines go straight onto the trace's (the gateway and the service only append).
    other.logs = std::mem::take(&mut tb.logs);
    w.gateway.handle(w, other, req, ip);
    tb.peers_down_at = std::mem::take(&mut other.peers_down_at);
    tb.servers_down_at = std::mem::take(&mut other.servers_down_at);
    tb.rr_turns = std::mem::take(&mut other.rr_turns);
    tb.buckets = std::mem::take(&mut other.buckets);
    tb.arrivals = std::mem::take(&mut other.arrivals);
    tb.logs = std::mem::take(&mut other.logs);
}

/// A reporting user's REST query against the CRM, answered as the CRM now answers everybody.
fn crm_noise(w: &World, tb: &mut Tb, reach: &mut Reach, t: i64, bad: bool) {
    if !reach.get(w, tb, CRM_HOST) {
        return;
    }
    let st = if w.crm.outage {
        503
    } else if w.crm.more.over_limit() {
        403
    } else if bad {
        401
    } else {
        200
    };
    let rid = tb.rng.alnum(12);
    let ms = w.crm.latency_ms + tb.rng.range(20, 120);
    let level = if st >= 400 { Level::Warn } else { Level::Info };
    tb.log_other(t, LogSource::Crm, level, format!("EVENT_TYPE={} USER=reports@crm.example.net METHOD=GET URI=/services/data/v59.0/query STATUS_CODE={st} RUN_TIME={ms} REQUEST_ID={rid}", crate::layers::crm::REST_EVENT));
    if let (true, Some(job)) = (w.crm.more.over_limit(), &w.crm.more.runaway_job) {
        // The job that spent the allowance is still calling, and is refused like everyone.
        let rid = tb.rng.alnum(12);
        let ms = w.crm.latency_ms + tb.rng.range(5, 40);
        tb.log_other(t + 1, LogSource::Crm, Level::Warn, format!("EVENT_TYPE={} USER={job} METHOD=GET URI=/services/data/v59.0/sobjects/Account/updated STATUS_CODE=403 RUN_TIME={ms} REQUEST_ID={rid}", crate::layers::crm::REST_EVENT));
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
pub fn red_herrings(w: &World, flow: Flow, tb: &mut Tb) {
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
    // nginx's lines about the traced request carry its connection's number and request line.
    let traced_gateway: Vec<&str> = tb
        .logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(tb.trace_id.as_str()))
        .filter(|l| l.source == LogSource::Gateway)
        .map(|l| l.text.as_str())
        .collect();
    let conn = traced_gateway.iter().find_map(|l| {
        l.split(" 2841#2841: *")
            .nth(1)?
            .split(' ')
            .next()?
            .parse()
            .ok()
    });
    let request = traced_gateway
        .iter()
        .find_map(|l| {
            l.contains(" - - [")
                .then(|| l.split('"').nth(1).map(String::from))?
        })
        .unwrap_or_else(|| "GET / HTTP/1.1".to_string());
    let conn: i64 = conn.unwrap_or_else(|| tb.rng.range(10_000, 99_999));
    let mut gateway_said = false;
    for k in 0..n.min(pool.len()) {
        let (src, first) = pool[(tb.rng.next_u64() as usize + k) % pool.len()];
        let t = tb.rng.range(first, end.max(first));
        let now = tb.epoch_ms + t;
        let text = match src {
            // nginx warns once per request about the variable.
            LogSource::Gateway if gateway_said => continue,
            LogSource::Gateway => {
                gateway_said = true;
                format!(
                    "{} [warn] 2841#2841: *{conn} using uninitialized \"upstream_cache_key\" variable while logging request, client: {}, server: {API_HOST}, request: \"{request}\", host: \"{API_HOST}\"",
                    util::nginx_err_time(now),
                    w.client.public_ip,
                )
            }
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
