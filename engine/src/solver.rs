//! Deduces the root-cause layer from evidence alone, the way a support engineer would: find the
//! first failure on the request's path, then read its status, headers, body, logs and timings.

use crate::model::*;
use crate::sim::header;

struct Ctx<'a> {
    ev: &'a Evidence,
    reasons: Vec<String>,
}

impl Ctx<'_> {
    /// Log lines of the traced request.
    fn traced(&self) -> impl Iterator<Item = &LogLine> {
        self.ev
            .logs
            .iter()
            .filter(|l| l.trace_id.as_deref() == Some(self.ev.trace_id.as_str()))
    }
    fn log_has(&self, src: LogSource, needle: &str) -> bool {
        self.traced()
            .any(|l| l.source == src && l.text.contains(needle))
    }
    fn conclude(&mut self, l: Layer, why: impl Into<String>) -> Option<Layer> {
        self.reasons.push(why.into());
        Some(l)
    }
}

fn failed(x: &Exchange) -> bool {
    x.client_error.is_some()
        || x.response
            .as_ref()
            .map(|r| r.status >= 400 || (300..400).contains(&r.status))
            .unwrap_or(false)
}

fn ends(x: &Exchange) -> i64 {
    x.t_ms + x.timings.total()
}

pub fn solve(ev: &Evidence) -> Verdict {
    let mut c = Ctx {
        ev,
        reasons: vec![],
    };
    let layer = decide(&mut c);
    Verdict {
        layer,
        reasons: c.reasons,
        ambiguous: layer.is_none(),
    }
}

fn dig_mismatch(ev: &Evidence) -> bool {
    ev.artifacts.iter().filter(|a| a.kind == "dns").any(|a| {
        let ips: Vec<&str> = a
            .body
            .lines()
            .filter(|l| l.contains("\tIN\tA\t"))
            .filter_map(|l| l.rsplit('\t').next())
            .collect();
        ips.len() == 2 && ips[0] != ips[1]
    })
}

fn decide(c: &mut Ctx) -> Option<Layer> {
    let ev = c.ev;
    if dig_mismatch(ev) {
        return c.conclude(
            Layer::Dns,
            "dig: the resolver's answer differs from the authoritative server's (stale cache)",
        );
    }
    // The earliest failure to complete is closest to the cause (inner calls finish first).
    let first = ev
        .exchanges
        .iter()
        .filter(|x| failed(x))
        // On a tie the later-started exchange is the one nested inside the other.
        .min_by_key(|x| (ends(x), std::cmp::Reverse(x.t_ms)));
    let Some(x) = first else {
        return no_failed_exchange(c);
    };
    if let Some(err) = &x.client_error {
        return transport(c, x, err);
    }
    let r = x.response.as_ref()?;
    let body = r.body.clone().unwrap_or_default();
    match x.to {
        Layer::Crm => crm(c, x, r.status, &body),
        Layer::Webhook => hook(c, r.status, &body),
        _ => api(c, x, r, &body),
    }
}

/// Which kind of client-side error: (name resolution, TLS handshake, read timeout).
fn transport_kind(err: &str) -> (bool, bool, bool) {
    use crate::runtime::{error_class, ErrorClass};
    let class = error_class(err);
    (
        class == ErrorClass::Dns,
        class == ErrorClass::Tls,
        class == ErrorClass::ReadTimeout,
    )
}

/// Whether a CRM call in this trace was slow (over 5 s waiting) or got no answer.
fn crm_slow(ev: &Evidence) -> bool {
    ev.exchanges
        .iter()
        .any(|y| y.to == Layer::Crm && (y.timings.wait > 5_000 || y.client_error.is_some()))
}

fn transport(c: &mut Ctx, x: &Exchange, err: &str) -> Option<Layer> {
    let ev = c.ev;
    let to_hook = x.to == Layer::Webhook;
    let (dns, tls, read_to) = transport_kind(err);
    if err.contains("blocked by CORS policy") {
        let pre = ev
            .exchanges
            .iter()
            .find(|y| y.request.method == "OPTIONS" && y.request.url == x.request.url);
        let acao = pre
            .and_then(|y| y.response.as_ref())
            .and_then(|r| header(&r.headers, "access-control-allow-origin"));
        if acao.is_none() {
            return c.conclude(
                Layer::Gateway,
                "the preflight got 204 but no Access-Control-Allow-Origin: the API's CORS policy does not allow this origin",
            );
        }
    }
    if to_hook {
        let inner_slow = crm_slow(ev);
        return hook_transport(c, err, inner_slow);
    }
    if dns {
        return c.conclude(Layer::Dns, format!("name resolution failed: {err}"));
    }
    if tls {
        return c.conclude(Layer::Tls, format!("TLS handshake failed: {err}"));
    }
    if read_to {
        // Connected fine, then the far side was slow: blame the slowest inner hop.
        let inner_slow = crm_slow(ev);
        if x.to == Layer::Crm || inner_slow {
            return c.conclude(Layer::Crm, format!("the CRM call takes too long ({err})"));
        }
        return c.conclude(Layer::Backend, format!("server too slow: {err}"));
    }
    c.conclude(
        Layer::Network,
        format!("TCP/proxy failure before TLS: {err}"),
    )
}

/// A webhook delivery that got no HTTP answer.
fn hook_transport(c: &mut Ctx, err: &str, inner_slow: bool) -> Option<Layer> {
    let (dns, tls, read_to) = transport_kind(err);
    if dns {
        return c.conclude(Layer::Integration, format!("delivery host does not resolve ({err}); the subscription URL differs from the receiver's documented endpoint"));
    }
    if tls {
        return c.conclude(
            Layer::Webhook,
            format!("receiver's certificate rejected: {err}"),
        );
    }
    if read_to && inner_slow {
        return c.conclude(Layer::Crm, format!("the CRM call takes too long ({err})"));
    }
    if read_to {
        return c.conclude(
            Layer::Webhook,
            format!("receiver accepts the connection but does not answer in time: {err}"),
        );
    }
    c.conclude(Layer::Webhook, format!("receiver unreachable: {err}"))
}

/// The endpoint was disabled before this event: read the last attempt of its delivery history.
/// History lines: `time  attempt N  status-or-error  latency  next: …[  response: …]`.
fn disabled_endpoint(c: &mut Ctx, history: &str) -> Option<Layer> {
    let last = history.lines().rfind(|l| l.contains("  attempt "))?;
    let fields: Vec<&str> = last.split("  ").collect();
    let outcome = fields.get(2).copied().unwrap_or("");
    c.reasons.push(format!(
        "the endpoint disabled itself after its retries failed; last attempt: {}",
        last.trim()
    ));
    if let Some(e) = outcome.strip_prefix("error (") {
        let e = e.strip_suffix(')').unwrap_or(e).to_string();
        return hook_transport(c, &e, false);
    }
    let status: u16 = outcome.trim().parse().ok()?;
    let body = fields
        .iter()
        .find_map(|f| f.strip_prefix("response: "))
        .unwrap_or("")
        .to_string();
    hook(c, status, &body)
}

/// A response body as one short line for a reason text: the error fields of a JSON body
/// (`errorCode=SERVER_UNAVAILABLE`, `error=crm_error crmStatus=503`), else the text with its
/// whitespace collapsed. Bodies may be cut short (delivery logs keep only their start).
pub(crate) fn compact(body: &str) -> String {
    const KEYS: [&str; 5] = ["errorCode", "error", "crmStatus", "message", "detail"];
    let parsed: Option<serde_json::Value> = serde_json::from_str(body).ok();
    let obj = match &parsed {
        Some(serde_json::Value::Array(a)) => a.first().and_then(|v| v.as_object()),
        Some(serde_json::Value::Object(o)) => Some(o),
        _ => None,
    };
    let mut parts: Vec<String> = vec![];
    if let Some(o) = obj {
        for k in KEYS {
            match o.get(k) {
                Some(serde_json::Value::String(v)) => parts.push(format!("{k}={v}")),
                Some(serde_json::Value::Number(v)) => parts.push(format!("{k}={v}")),
                _ => {}
            }
        }
    } else {
        // Cut-off JSON: pick `"key": "value"` pairs out of the text.
        for k in KEYS {
            let pat = format!("\"{k}\":");
            if let Some(i) = body.find(&pat) {
                let rest = body[i + pat.len()..].trim_start();
                let v: String = if let Some(r) = rest.strip_prefix('"') {
                    match r.find('"') {
                        Some(j) => r[..j].to_string(),
                        None => continue,
                    }
                } else {
                    rest.chars().take_while(|c| c.is_ascii_digit()).collect()
                };
                if !v.is_empty() {
                    parts.push(format!("{k}={v}"));
                }
            }
        }
    }
    // A message is only worth quoting when there is no code to name.
    if parts.len() > 1 {
        parts.retain(|p| !p.starts_with("message=") && !p.starts_with("detail="));
    }
    if !parts.is_empty() {
        return parts.join(" ");
    }
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 100 {
        format!("{}…", flat.chars().take(100).collect::<String>())
    } else {
        flat
    }
}

fn crm(c: &mut Ctx, x: &Exchange, status: u16, body: &str) -> Option<Layer> {
    if x.request.url.contains("/lightning/") {
        if x.request.url.contains("%7B")
            || x.request.url.contains("{{")
            || x.request.url.contains("//view")
        {
            return c.conclude(
                Layer::Integration,
                "the screen-pop URL has an unresolved or empty record id",
            );
        }
        return c.conclude(Layer::Crm, "CRM page missing");
    }
    if body.contains("external ID field does not exist") || body.contains("INVALID_FIELD") {
        return c.conclude(
            Layer::Integration,
            format!("CRM rejects a field name the integration sent ({status}): mapping error"),
        );
    }
    c.conclude(
        Layer::Crm,
        format!("CRM API answered {status}: {}", compact(body)),
    )
}

fn hook(c: &mut Ctx, status: u16, body: &str) -> Option<Layer> {
    match status {
        404 => c.conclude(
            Layer::Integration,
            "receiver has no such route: the subscription URL path is wrong",
        ),
        401 if body.contains("signature") => c.conclude(
            Layer::Integration,
            "signature mismatch right after the platform regenerated its signing secret",
        ),
        502 if body.contains("crm_") => c.conclude(
            Layer::Crm,
            format!(
                "the receiver reports its CRM call failed ({status}): {}",
                compact(body)
            ),
        ),
        _ => c.conclude(
            Layer::Webhook,
            format!("receiver answered {status}: {}", compact(body)),
        ),
    }
}

fn api(c: &mut Ctx, x: &Exchange, r: &HttpResponse, body: &str) -> Option<Layer> {
    let ev = c.ev;
    let s = r.status;
    let challenge = header(&r.headers, "www-authenticate")
        .unwrap_or("")
        .to_string();
    match s {
        300..=399 => c.conclude(
            Layer::Client,
            format!(
                "{s} redirect to {}: the client used plain http",
                header(&r.headers, "location").unwrap_or("")
            ),
        ),
        400 if body.contains("invalid_client") => c.conclude(
            Layer::Client,
            "token endpoint: invalid_client (client credentials wrong)",
        ),
        400 if body.contains("invalid_grant") => c.conclude(
            Layer::Auth,
            "token endpoint: invalid_grant (refresh token no longer valid)",
        ),
        401 if body.contains("invalid_client") => c.conclude(
            Layer::Client,
            "token endpoint: invalid_client (client credentials wrong)",
        ),
        400 | 405 | 408 | 409 | 415 | 422 => {
            c.conclude(Layer::Client, format!("{s}: the request itself is wrong"))
        }
        401 if challenge.contains("audience") => c.conclude(
            Layer::Client,
            format!(
                "token valid but for another environment than {}",
                x.request.url
            ),
        ),
        401 => c.conclude(Layer::Auth, format!("401 with challenge: {challenge}")),
        403 if c.log_has(LogSource::Gateway, "access forbidden by rule") => c.conclude(
            Layer::Gateway,
            "gateway: access forbidden by rule (source IP)",
        ),
        403 => c.conclude(
            Layer::Auth,
            format!("403: authenticated but not permitted ({challenge})"),
        ),
        404 if body.contains("Cannot ") => c.conclude(
            Layer::Gateway,
            "a different service answered a documented path: routing",
        ),
        404 => c.conclude(Layer::Client, "404: no route for the path the client used"),
        429 => {
            // Before blaming the quota, look at what this client sent just before: the same
            // request line from the same address over and over is the client's own loop.
            let mine = c
                .traced()
                .find(|l| l.source == LogSource::Gateway && l.text.contains("\" 429 "))
                .map(|l| l.text.clone())
                .unwrap_or_default();
            let ip = mine.split(' ').next().unwrap_or("").to_string();
            let line = mine.split('"').nth(1).unwrap_or("").to_string();
            let repeats = ev
                .logs
                .iter()
                .filter(|l| {
                    l.source == LogSource::Gateway
                        && l.trace_id.as_deref() != Some(ev.trace_id.as_str())
                        && !ip.is_empty()
                        && !line.is_empty()
                        && l.text.starts_with(&format!("{ip} "))
                        && l.text.contains(&format!("\"{line}\""))
                })
                .count();
            if repeats >= 20 {
                c.conclude(
                    Layer::Client,
                    format!("{repeats} identical \"{line}\" requests from {ip} just before the 429: the client's own loop"),
                )
            } else {
                c.conclude(
                    Layer::Gateway,
                    "429 at normal traffic: the quota itself is too low",
                )
            }
        }
        502 => c.conclude(
            Layer::Backend,
            "gateway could not connect to the upstream service",
        ),
        504 => c.conclude(Layer::Backend, "upstream timed out reading the response"),
        500 | 503 => {
            // Only errors count: a database warning on the same request is not a failure.
            let db = c.traced().any(|l| {
                l.level == Level::Error
                    && ((l.source == LogSource::App
                        && (l.text.contains("database") || l.text.contains(":5432")))
                        || l.source == LogSource::Database)
            });
            if db {
                c.conclude(
                    Layer::Database,
                    format!("{s}; the service's log blames the database"),
                )
            } else {
                c.conclude(
                    Layer::Backend,
                    format!("{s} produced by the service itself"),
                )
            }
        }
        _ => None,
    }
}

fn no_failed_exchange(c: &mut Ctx) -> Option<Layer> {
    let ev = c.ev;
    if ev.flow == Flow::CrmTicket && !ev.exchanges.iter().any(|x| x.to == Layer::Webhook) {
        let auto = ev.artifacts.iter().find(|a| {
            a.kind == "delivery-log" && a.body.contains("endpoint disabled automatically")
        });
        if let Some(a) = auto {
            let body = a.body.clone();
            if let Some(l) = disabled_endpoint(c, &body) {
                return Some(l);
            }
        }
        return c.conclude(
            Layer::Integration,
            "the event fired but no webhook was ever sent",
        );
    }
    if c.log_has(LogSource::Client, "pop-up blocked") {
        return c.conclude(Layer::Client, "the browser blocked the pop-up");
    }
    if c.log_has(LogSource::Client, "code 1006") && c.log_has(LogSource::LoadBalancer, "idle") {
        return c.conclude(
            Layer::Gateway,
            "load balancer closed an idle WebSocket (1006)",
        );
    }
    if c.log_has(LogSource::Realtime, "event loop lag") {
        return c.conclude(Layer::Realtime, "realtime service reports event-loop lag");
    }
    if let Some(x) = ev.exchanges.first() {
        if x.timings.connect > 1_000 || x.timings.ssl > 1_000 {
            return c.conclude(
                Layer::Network,
                format!(
                    "connect {} ms / ssl {} ms: round trips are slow",
                    x.timings.connect, x.timings.ssl
                ),
            );
        }
    }
    None
}
