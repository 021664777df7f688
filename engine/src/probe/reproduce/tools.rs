//! The tools with a window of their own: Chrome's DevTools Network tab (the request's row, its
//! Headers pane, Response and Timing) and the Postman Console's entry for the request.

use super::{body, Call, Stage};
use crate::runtime::{error_class, ErrorClass};

/// The Network tab's name column: the last path segment (with its query).
fn name(c: &Call) -> String {
    let p = c.path.trim_end_matches('/');
    match p.rsplit_once('/') {
        Some((_, last)) if !last.is_empty() => last.to_string(),
        _ => c.host.clone(),
    }
}

/// Chrome's milliseconds: two decimals under a second, then seconds.
fn chrome_ms(ms: i64) -> String {
    if ms >= 1000 {
        format!("{:.2} s", ms as f64 / 1000.0)
    } else {
        format!("{ms}.00 ms")
    }
}

/// The net error a failed request's Status column shows (from Chrome's console line).
fn net_error(e: &str) -> Option<&str> {
    let i = e.find("net::ERR_")?;
    Some(e[i..].split_whitespace().next().unwrap_or(""))
}

/// DevTools › Network: each call's row, then its Headers (General, Response Headers, Request
/// Headers; HTTP/2 names lower-case, pseudo-headers first, the rest sorted as DevTools sorts
/// them), its Response and its Timing.
pub(super) fn network_tab(calls: &[Call]) -> String {
    let mut s = String::from("# DevTools › Network: the request's row, then its panes\n");
    for c in calls {
        let x = c.x;
        let cors = c.error.is_some_and(|e| error_class(e) == ErrorClass::Cors);
        let status = match (&x.response, c.error) {
            (_, Some(_)) if cors => "CORS error".to_string(),
            (Some(r), _) => r.status.to_string(),
            (None, Some(e)) => format!("(failed) {}", net_error(e).unwrap_or("net::ERR_FAILED")),
            (None, None) => "(pending)".into(),
        };
        let ws = x.request.url.starts_with("ws");
        let preflight = x.request.method == "OPTIONS"
            && crate::sim::header(&x.request.headers, "access-control-request-method").is_some();
        s.push_str(&format!(
            "\nName: {}  Status: {status}  Type: {}  Time: {} ms\n",
            name(c),
            if preflight {
                "preflight"
            } else if ws {
                "websocket"
            } else {
                "fetch"
            },
            c.total_ms()
        ));
        s.push_str("Headers\n  General\n");
        s.push_str(&format!("    Request URL: {}\n", x.request.url));
        s.push_str(&format!("    Request Method: {}\n", x.request.method));
        if let Some(r) = &x.response {
            s.push_str(&format!("    Status Code: {} {}\n", r.status, r.reason));
            if let Some(a) = c.remote() {
                s.push_str(&format!("    Remote Address: {a}\n"));
            }
        }
        s.push_str("    Referrer Policy: strict-origin-when-cross-origin\n");
        let h2 = x.request.http_version == "HTTP/2";
        let sorted = |h: &[(String, String)]| {
            let mut v: Vec<(String, String)> = h
                .iter()
                .filter(|(k, _)| !(h2 && k.eq_ignore_ascii_case("host")))
                .map(|(k, v)| {
                    (
                        if h2 {
                            k.to_ascii_lowercase()
                        } else {
                            k.clone()
                        },
                        v.clone(),
                    )
                })
                .collect();
            v.sort_by_key(|(k, _)| k.to_ascii_lowercase());
            v
        };
        if let Some(r) = &x.response {
            s.push_str("  Response Headers\n");
            for (k, v) in sorted(&r.headers) {
                s.push_str(&format!("    {k}: {v}\n"));
            }
        }
        s.push_str("  Request Headers\n");
        if x.response.is_none() || cors {
            s.push_str("    ⚠ Provisional headers are shown\n");
        }
        if h2 && x.response.is_some() && !cors {
            s.push_str(&format!(
                "    :authority: {}\n    :method: {}\n    :path: {}\n    :scheme: {}\n",
                c.host,
                x.request.method,
                c.path,
                if c.tls { "https" } else { "http" }
            ));
        }
        for (k, v) in sorted(&x.request.headers) {
            s.push_str(&format!("    {k}: {v}\n"));
        }
        match (&x.response, cors) {
            // A WebSocket's pane is Messages: a refused handshake has none.
            _ if ws => {
                if x.response.as_ref().is_none_or(|r| r.status != 101) {
                    s.push_str("Messages\n  (none: the handshake was not accepted)\n");
                }
                continue;
            }
            (Some(r), false) => {
                s.push_str("Response\n");
                match body(&r.body) {
                    Some(b) => {
                        for l in b.trim_end().lines() {
                            s.push_str(&format!("  {l}\n"));
                        }
                    }
                    None => s.push_str("  This request has no response data available.\n"),
                }
            }
            _ => s.push_str("Response\n  Failed to load response data: No data found for resource with given identifier\n"),
        }
        // A request that failed has no timing breakdown; its row's Time says how long it took.
        if c.stage != Stage::Answered || cors {
            continue;
        }
        let t = x.timings;
        let phase = |label: &str, ms: i64, s: &mut String| {
            if ms >= 0 {
                s.push_str(&format!("  {label:<28}{}\n", chrome_ms(ms)));
            }
        };
        s.push_str(&format!("Timing  (started at {})\n", x.started_at));
        phase("Queueing", t.blocked.max(0), &mut s);
        phase("DNS Lookup", t.dns, &mut s);
        phase("Initial connection", t.connect, &mut s);
        phase("SSL", t.ssl, &mut s);
        phase("Request sent", t.send, &mut s);
        phase("Waiting for server response", t.wait, &mut s);
        phase("Content Download", t.receive, &mut s);
    }
    s
}

/// The Postman Console (View › Show Postman Console): the request's line with status and time,
/// then, opened, its network details, request headers, response headers and body, or the
/// error in red.
pub(super) fn postman_console(calls: &[Call]) -> String {
    let mut s = String::from(
        "# Postman Console (View › Show Postman Console), the request's entry opened\n",
    );
    for c in calls {
        let x = c.x;
        match &x.response {
            Some(r) => s.push_str(&format!(
                "\n▼ {} {}   {}   {} ms\n",
                x.request.method,
                x.request.url,
                r.status,
                c.total_ms()
            )),
            None => s.push_str(&format!("\n▼ {} {}\n", x.request.method, x.request.url)),
        }
        if let Some(e) = c.error {
            s.push_str(&format!("  {}\n", e.lines().next().unwrap_or("")));
        }
        if let (Some(a), true) = (c.remote(), x.response.is_some()) {
            let (ip, port) = a.rsplit_once(':').unwrap_or((&a, ""));
            s.push_str(&format!(
                "  ▼ Network\n      addresses: {{ remote: {{ address: \"{ip}\", family: \"IPv4\", port: {port} }} }}\n"
            ));
        }
        s.push_str("  ▼ Request Headers\n");
        for (k, v) in &x.request.headers {
            s.push_str(&format!("      {k}: {v}\n"));
        }
        if let Some(b) = body(&x.request.body) {
            s.push_str("  ▼ Request Body\n");
            for l in b.trim_end().lines() {
                s.push_str(&format!("      {l}\n"));
            }
        }
        if let Some(r) = &x.response {
            s.push_str("  ▼ Response Headers\n");
            for (k, v) in &r.headers {
                s.push_str(&format!("      {k}: {v}\n"));
            }
            s.push_str("  ▼ Response Body\n");
            for l in body(&r.body).unwrap_or("").trim_end().lines() {
                s.push_str(&format!("      {l}\n"));
            }
        }
    }
    s
}
