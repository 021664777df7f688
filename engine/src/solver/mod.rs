//! Deduces the root cause from evidence alone, the way a support engineer would: find the first
//! failure on the request's path (the innermost hop that failed first), sort it by its class
//! (an error below HTTP, or a status with its headers and body), then check the artefacts that
//! can confirm or refute the suspicion (certificate dates, dig answers, the decoded token, the
//! configuration as it stands). When the evidence that would decide is missing, or contradicts
//! the suspicion, the verdict says *ambiguous* and names the layers still in play.
//!
//! The rules read general facts (which hop, which status, which header, which log source speaks
//! of the traced request, which configured value), never a text only one fault produces. The
//! layer a cause belongs to follows the taxonomy in docs/solver-and-probes.md ("Which layer
//! holds the root cause").

use crate::model::*;
use crate::sim::header;

mod accepted;
mod auth_code;
mod charset;
mod crm_more;
mod dns_answers;
mod edge;
mod facts;
mod http;
mod http_faults;
mod idempotency;
mod instances;
mod limits;
mod pagination;
mod partners;
mod quiet;
mod receiver;
mod tls_client;
mod trust;
mod webhook_more;
mod wire;

/// What the solver settled on, or why it could not.
pub(crate) enum Outcome {
    /// One layer; the catalogue cause when the evidence tells it apart from its neighbours.
    Settled(Layer, Option<&'static str>),
    /// The deciding evidence is missing or contradicts the suspicion (the reason names the
    /// layers still open).
    Open,
    /// Two (or more) layers are each supported by evidence of the same weight.
    Tied(Vec<Layer>),
}

pub(crate) struct Ctx<'a> {
    pub ev: &'a Evidence,
    pub reasons: Vec<String>,
}

impl<'a> Ctx<'a> {
    /// Log lines of the traced request: its trace's, and those of the trace the gateway started
    /// for a request the client's call made without one (its CORS preflight), which the
    /// gateway's answer names in `X-Request-Id`.
    pub fn traced(&self) -> impl Iterator<Item = &'a LogLine> + 'a {
        let ev: &'a Evidence = self.ev;
        ev.logs.iter().filter(move |l| {
            l.trace_id.as_deref().is_some_and(|t| {
                t == ev.trace_id
                    || ev.exchanges.iter().any(|x| {
                        x.from == Layer::Client
                            && x.request.method == "OPTIONS"
                            && x.response
                                .as_ref()
                                .and_then(|r| header(&r.headers, "x-request-id"))
                                == Some(t)
                    })
            })
        })
    }
    /// The traced request's lines from one source.
    pub fn said_by(&self, src: LogSource) -> impl Iterator<Item = &'a LogLine> + 'a {
        self.traced().filter(move |l| l.source == src)
    }
    pub fn log_has(&self, src: LogSource, needle: &str) -> bool {
        self.said_by(src).any(|l| l.text.contains(needle))
    }
    pub fn settle(
        &mut self,
        l: Layer,
        cause: Option<&'static str>,
        why: impl Into<String>,
    ) -> Outcome {
        self.reasons.push(why.into());
        Outcome::Settled(l, cause)
    }
    pub fn open(&mut self, layers: &[Layer], why: impl Into<String>) -> Outcome {
        let mut why = why.into();
        if !layers.is_empty() {
            let ids: Vec<&str> = layers.iter().map(|l| l.id()).collect();
            why.push_str(&format!(" (still open: {})", ids.join(", ")));
        }
        self.reasons.push(why);
        Outcome::Open
    }
    pub fn tie(&mut self, layers: &[Layer], why: impl Into<String>) -> Outcome {
        self.reasons.push(why.into());
        Outcome::Tied(layers.to_vec())
    }
    pub fn note(&mut self, why: impl Into<String>) {
        self.reasons.push(why.into());
    }
}

/// Failed: no HTTP answer, an error status, or a redirect (the request did not get its answer).
/// A CRM record page is a single-page app that answers 200 and says in the page itself when the
/// record is not there.
pub(crate) fn failed(x: &Exchange) -> bool {
    x.client_error.is_some()
        || x.response
            .as_ref()
            .map(|r| {
                r.status >= 400
                    // A navigation's redirect is followed by the browser, as designed.
                    || ((300..400).contains(&r.status)
                        && header(&x.request.headers, "sec-fetch-mode") != Some("navigate"))
                    || (x.request.url.contains("/lightning/r/")
                        && r.body
                            .as_deref()
                            .is_some_and(|b| b.contains(crate::layers::crm::RECORD_UNAVAILABLE)))
            })
            .unwrap_or(false)
}

/// A redirect the client followed: the same caller then asked for its `Location`. The request
/// went on; what happened next is the later exchange's.
fn followed(ev: &Evidence, x: &Exchange) -> bool {
    let Some(loc) = x
        .response
        .as_ref()
        .filter(|r| (300..400).contains(&r.status))
        .and_then(|r| header(&r.headers, "location"))
    else {
        return false;
    };
    ev.exchanges
        .iter()
        .any(|y| y.from == x.from && y.t_ms > x.t_ms && y.request.url == loc)
}

pub(crate) fn ends(x: &Exchange) -> i64 {
    x.t_ms + x.timings.total()
}

/// The failure closest to the cause: among failed exchanges, the one that finished first (inner
/// calls finish before the calls that wait on them; on a tie the later-started one is nested).
pub(crate) fn first_failure(ev: &Evidence) -> Option<&Exchange> {
    ev.exchanges
        .iter()
        .filter(|x| failed(x) && !followed(ev, x))
        .min_by_key(|x| (ends(x), std::cmp::Reverse(x.t_ms)))
}

pub fn solve(ev: &Evidence) -> Verdict {
    let mut c = Ctx {
        ev,
        reasons: vec![],
    };
    let out = decide(&mut c);
    let (layer, cause, contested) = match out {
        Outcome::Settled(l, cause) => (Some(l), cause, vec![]),
        Outcome::Open => (None, None, vec![]),
        Outcome::Tied(ls) => (None, None, ls),
    };
    let def = cause.and_then(crate::faults::find);
    Verdict {
        layer,
        ambiguous: layer.is_none(),
        reasons: c.reasons,
        cause: cause.map(String::from),
        action: def.map(|d| d.next_action.to_string()),
        owner: def.map(|d| d.owner.label().to_string()),
        contested,
    }
}

fn decide(c: &mut Ctx) -> Outcome {
    // An artefact fact that explains a failure before any hop is read: the resolver hands out
    // an address the authoritative server no longer has, and the client went to that address.
    if let Some(out) = wire::stale_dns(c) {
        return out;
    }
    let Some(x) = first_failure(c.ev) else {
        return quiet::no_failed_exchange(c);
    };
    if let Some(err) = &x.client_error {
        return wire::below_http(c, x, err);
    }
    let Some(r) = x.response.as_ref() else {
        return c.open(
            &[],
            "a failed exchange with neither a response nor an error",
        );
    };
    // The authorization-code flow's sign-in steps (authorize, code exchange).
    if let Some(out) = auth_code::sign_in(c, x, r) {
        return out;
    }
    if x.to == Layer::Edge {
        if let Some(out) = edge::answered(c, r) {
            return out;
        }
    }
    match x.to {
        Layer::Crm => partners::crm(c, x, r),
        Layer::Webhook => partners::delivery(c, x, r.status, r.body.as_deref().unwrap_or("")),
        _ => http::api(c, x, r),
    }
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

/// A JSON field of a body (first element of an array body), as text.
pub(crate) fn field(body: &str, key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let o = match &v {
        serde_json::Value::Array(a) => a.first()?,
        o => o,
    };
    match o.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn hdr<'r>(r: &'r HttpResponse, name: &str) -> &'r str {
    header(&r.headers, name).unwrap_or("")
}
