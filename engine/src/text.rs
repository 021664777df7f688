//! Learner-facing renderings of evidence: plain text and HAR 1.2. Both are text a learner
//! copies out (into a ticket, a HAR viewer): a bearer token in them is cut as the client's own
//! command line cuts it (`crate::mask::cut_tokens`); the evidence's other secrets are masked already.

use std::collections::BTreeMap;

use crate::model::*;
use crate::util;
use serde_json::{json, Value};

pub fn render_text(ev: &Evidence) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "== {} ==\n{}\nExpected: {}\nActual:   {}\n\n",
        ev.flow, ev.story.context, ev.story.expected, ev.story.actual
    ));
    s.push_str(&format!(
        "-- {} --\n{}\n\n",
        ev.client.kind, ev.client.action
    ));
    for (i, x) in ev.exchanges.iter().enumerate() {
        s.push_str(&render_exchange(i, x));
    }
    s.push_str("-- timeline --\n");
    for e in &ev.events {
        s.push_str(&format!(
            "{:>9} ms  {:<11} → {:<11} {:<8} {}\n",
            e.t_ms,
            e.from.id(),
            e.to.id(),
            format!("{:?}", e.kind).to_lowercase(),
            e.summary
        ));
    }
    s.push_str(&format!("\n-- logs (correlation {}) --\n", ev.correlation));
    for l in &ev.logs {
        let mark = if l.trace_id.as_deref() == Some(ev.trace_id.as_str()) {
            "*"
        } else {
            " "
        };
        s.push_str(
            &format!(
                "{mark} {} [{}] {:?} {}\n",
                l.ts,
                l.source.id(),
                l.level,
                l.text
            )
            .replace("] Info ", "] INFO ")
            .replace("] Warn ", "] WARN ")
            .replace("] Error ", "] ERROR ")
            .replace("] Debug ", "] DEBUG "),
        );
    }
    for a in &ev.artifacts {
        s.push_str(&format!("\n-- {} --\n{}\n", a.title, a.body.trim_end()));
    }
    s.push_str(&format!("\nOutcome: {}\n", ev.outcome));
    crate::mask::cut_tokens(&s)
}

/// One exchange as the text trace shows it (`i` is its 0-based index): the request and response
/// lines, the client's error, the timings.
pub fn render_exchange(i: usize, x: &Exchange) -> String {
    let mut s = String::new();
    let att = x
        .attempt
        .map(|a| format!(" (attempt {a})"))
        .unwrap_or_default();
    s.push_str(&format!(
        "-- exchange {}{att}: {} → {} at {} --\n",
        i + 1,
        x.from,
        x.to,
        x.started_at
    ));
    s.push_str(&format!(
        "> {} {} {}\n",
        x.request.method, x.request.url, x.request.http_version
    ));
    for (k, v) in &x.request.headers {
        s.push_str(&format!("> {k}: {v}\n"));
    }
    if let Some(b) = &x.request.body {
        s.push_str(&format!(">\n{}\n", b));
    }
    if let Some(r) = &x.response {
        s.push_str(&format!("< {} {} {}\n", r.http_version, r.status, r.reason));
        for (k, v) in &r.headers {
            s.push_str(&format!("< {k}: {v}\n"));
        }
        if let Some(b) = &r.body {
            s.push_str(&format!("<\n{}\n", b.trim_end()));
        }
    }
    if let Some(e) = &x.client_error {
        s.push_str(&format!("! {e}\n"));
    }
    let t = x.timings;
    s.push_str(&format!(
        "timings ms: dns {} connect {} ssl {} send {} wait {} receive {} (total {})\n\n",
        t.dns,
        t.connect,
        t.ssl,
        t.send,
        t.wait,
        t.receive,
        t.total()
    ));
    s
}

fn nv(h: &[(String, String)]) -> Value {
    Value::Array(
        h.iter()
            .map(|(k, v)| json!({"name": k, "value": v}))
            .collect(),
    )
}

fn is_websocket(x: &Exchange) -> bool {
    crate::sim::header(&x.request.headers, "upgrade")
        .is_some_and(|u| u.eq_ignore_ascii_case("websocket"))
        && x.response.as_ref().is_some_and(|r| r.status == 101)
}

/// The text frames sent and received on a WebSocket, as Chrome's HAR export lists them:
/// direction, time in epoch seconds, opcode 1 (text) and the payload.
fn ws_messages(ev: &Evidence, x: &Exchange) -> Vec<Value> {
    let start_ms = util::parse_iso_ms(&x.started_at).unwrap_or(0) - x.t_ms;
    ev.events
        .iter()
        .filter(|e| e.t_ms >= x.t_ms)
        .filter_map(|e| {
            let data = e.summary.strip_prefix("frame text ")?;
            let data = data.split(" after ").next().unwrap_or(data);
            let dir = if e.from == x.from { "send" } else { "receive" };
            let time = (start_ms + e.t_ms) as f64 / 1000.0;
            Some(json!({"type": dir, "time": time, "opcode": 1, "data": data}))
        })
        .collect()
}

/// Who opened a socket, and to which address and port.
type SocketKey = (Layer, Option<String>, Option<u16>);

/// The socket each exchange went out on, as Chrome's HAR export numbers them in `connection`:
/// an exchange whose connect phase ran opened a socket of its own; one whose connect phase did
/// not apply went out on the last socket its sender opened to the same address (the call after a
/// CORS preflight) or, with none in the capture, on one opened before it; one never sent has
/// none. Chrome's ids count up from wherever the browser's socket counter stood, so the first is
/// taken from the capture's start time, not a constant.
fn connection_ids(exchanges: &[Exchange]) -> Vec<Option<u64>> {
    let first = exchanges.first().map_or(0, |x| {
        x.started_at
            .bytes()
            .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
    });
    let mut next = 1000 + first % 90_000;
    // The last socket each sender opened to each address.
    let mut open: BTreeMap<SocketKey, u64> = BTreeMap::new();
    exchanges
        .iter()
        .map(|x| {
            if x.timings.send < 0 {
                return None;
            }
            let address = (x.from, x.server_ip.clone(), x.server_port);
            match open.get(&address) {
                Some(&id) if x.timings.connect < 0 => Some(id),
                _ => {
                    // Other sockets (other tabs, other hosts) take numbers in between.
                    next += 1 + next % 3;
                    open.insert(address, next);
                    Some(next)
                }
            }
        })
        .collect()
}

/// HAR 1.2 log of the exchanges (importable in browser devtools).
pub fn har(ev: &Evidence) -> Value {
    let connections = connection_ids(&ev.exchanges);
    let entries: Vec<Value> = ev
        .exchanges
        .iter()
        .zip(connections)
        .map(|(x, connection)| {
            let q: Vec<Value> = x.request.url.split_once('?').map(|(_, q)| q.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| json!({"name": k, "value": v})).collect()).unwrap_or_default();
            // `headersSize` -1 (not known): the exchange holds the headers, not the raw header
            // block as it went out (Chrome too exports -1 where it has none, as for HTTP/2).
            let mut req = json!({
                "method": x.request.method, "url": x.request.url, "httpVersion": x.request.http_version,
                "cookies": [], "headers": nv(&x.request.headers), "queryString": q,
                "headersSize": -1, "bodySize": crate::charset::sent_len(&x.request) as i64,
            });
            if let Some(b) = &x.request.body {
                let ct = crate::sim::header(&x.request.headers, "content-type").unwrap_or("application/octet-stream");
                req["postData"] = json!({"mimeType": ct, "text": b});
            }
            let resp = match &x.response {
                Some(r) => json!({
                    "status": r.status, "statusText": r.reason, "httpVersion": r.http_version, "cookies": [],
                    "headers": nv(&r.headers),
                    "content": {"size": r.body.as_ref().map(|b| b.len()).unwrap_or(0), "mimeType": crate::sim::header(&r.headers, "content-type").unwrap_or("x-unknown"), "text": r.body.clone().unwrap_or_default()},
                    "redirectURL": crate::sim::header(&r.headers, "location").unwrap_or(""), "headersSize": -1,
                    "bodySize": r.body.as_ref().map(|b| b.len() as i64).unwrap_or(0),
                }),
                // HAR has no place for a transport error: status 0, as browsers export it.
                None => json!({"status": 0, "statusText": "", "httpVersion": "", "cookies": [], "headers": [], "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1, "bodySize": -1, "_error": x.client_error}),
            };
            let t = x.timings;
            let mut e = json!({
                "startedDateTime": x.started_at, "time": t.total(), "request": req, "response": resp, "cache": {},
                "timings": {"blocked": t.blocked, "dns": t.dns, "connect": t.connect, "ssl": t.ssl, "send": t.send.max(0), "wait": t.wait.max(0), "receive": t.receive.max(0)},
            });
            if let Some(ip) = &x.server_ip {
                e["serverIPAddress"] = json!(ip);
            }
            if let Some(id) = connection {
                // A string, as Chrome writes it.
                e["connection"] = json!(id.to_string());
            }
            if crate::sim::header(&x.request.headers, "sec-fetch-dest") == Some("document") {
                // A top-level navigation: Chrome exports it as a document.
                e["_resourceType"] = json!("document");
            }
            if is_websocket(x) {
                // Chrome exports a WebSocket as the handshake entry, tagged, with its frames.
                e["_resourceType"] = json!("websocket");
                e["_webSocketMessages"] = json!(ws_messages(ev, x));
            }
            e
        })
        .collect();
    let mut har = json!({"log": {"version": "1.2", "creator": {"name": "faultline", "version": env!("CARGO_PKG_VERSION")}, "pages": [], "entries": entries}});
    cut_tokens_in(&mut har);
    har
}

/// The HAR 1.2 `comment` of an object one of whose values had a bearer token cut.
pub const CUT_COMMENT: &str = "edited for sharing: each bearer token cut to its first 20 characters and \u{2026}; sizes count the message as it was sent";

/// Every string of `v` with its bearer tokens cut, and every object one of whose own strings
/// was cut saying so in its `comment` (HAR 1.2 gives each object one).
///
/// The sizes stay those of the message as sent, as a sanitized export's do: Chrome's "Export
/// HAR (sanitized)" drops the Authorization and Cookie headers yet keeps `headersSize` (the raw
/// header block's length) and `bodySize`, and value-masking sanitizers (Cloudflare's
/// har-sanitizer) edit the text and leave every size alone. They also have to agree with the
/// `Content-Length` the export lists among the headers, and with the timings. So a cut text is
/// shorter than its `size`, and the comment beside it says why.
fn cut_tokens_in(v: &mut Value) {
    match v {
        Value::String(s) if s.contains("eyJ") => *s = crate::mask::cut_tokens(s),
        Value::Array(a) => a.iter_mut().for_each(cut_tokens_in),
        Value::Object(o) => {
            let mut cut = false;
            for x in o.values_mut() {
                match x {
                    Value::String(s) if s.contains("eyJ") => {
                        let c = crate::mask::cut_tokens(s);
                        cut |= c != *s;
                        *s = c;
                    }
                    _ => cut_tokens_in(x),
                }
            }
            if cut {
                o.insert("comment".into(), Value::from(CUT_COMMENT));
            }
        }
        _ => {}
    }
}
