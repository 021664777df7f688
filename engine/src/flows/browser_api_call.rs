//! The browser-api-call flow: the agent desktop calls the API with fetch(), so the browser sends
//! a CORS preflight first and enforces the answer.

use super::common::*;
use super::Ran;
use crate::layers::{call, call_reusing, Agent, Call, Outcome};
use crate::model::*;
use crate::sim::{header, Tb};
use crate::world::*;
use Layer::*;

use crate::runtime::CHROME_UA;

/// fetch() from the agent desktop: a CORS preflight, then (if the browser allows it) the call.
pub(super) fn browser_api_call(w: &World, tb: &mut Tb) -> Ran {
    let c = &w.client;
    let origin = c
        .origin
        .clone()
        .unwrap_or_else(|| AGENT_DESKTOP_ORIGIN.into());
    let url = format!("{}{}", c.base, c.path);
    let (mut req, _) = api_request(w, tb, None);
    for (k, v) in req.headers.iter_mut() {
        if k == "User-Agent" {
            *v = CHROME_UA.into();
        }
    }
    // The desktop's fetch is instrumented (OpenTelemetry's fetch instrumentation, as its code
    // view says): it sends the span it opens for the call as `traceparent`.
    req.headers = desktop_fetch(
        std::mem::take(&mut req.headers),
        &origin,
        tb.gateway_span.take(),
    );
    req.http_version = "HTTP/2".into();
    let pre = preflight_request(&req, &origin);
    let action = format!(
        "Agent desktop ({origin}) runs, its fetch instrumented by OpenTelemetry (FetchInstrumentation adds traceparent):\nfetch('{url}', {{ method: '{}', headers: {{ Authorization: 'Bearer {}' }} }})",
        c.method,
        short(&c.token)
    );
    let story = |o: &str| Story {
        context: "Agents say the customer panel in the agent desktop stays empty.".into(),
        expected: format!(
            "{} The panel fills in.",
            super::intent(&c.method, &c.path, &w.customer_id)
        ),
        since: String::new(),
        actual: o.to_string(),
    };
    tb.artifact(
        "config",
        "Gateway CORS policy (api.example.com)",
        format!(
            "allowed origins: {}\nallowed methods: GET, HEAD, POST, PUT, PATCH, DELETE\nallowed headers: Authorization, Content-Type, traceparent, x-api-key\nmax age: 600 s",
            w.gateway.cors_allowed_origins.join(", ")
        ),
    );
    let peer = c.public_ip.clone();
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Gateway,
            agent: Agent::Browser,
            req: pre,
            show_path: true,
            timeout_ms: c.timeout_ms,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, r, peer| w.gateway.handle(w, tb, r, peer),
    );
    if let (None, Some(e)) = (&out.resp, &out.error) {
        let line = format!("{} {url} {e}", c.method);
        tb.log(
            LogSource::Client,
            Level::Error,
            format!("{line}\nUncaught (in promise) TypeError: Failed to fetch"),
        );
        return Ran {
            story: story(&format!("The console shows: {line}")),
            client: ClientView {
                kind: "browser".into(),
                action,
            },
            outcome: e.clone(),
        };
    }
    let blocked = preflight_refused(&out, &origin);
    if let Some(why) = blocked {
        let (msg, e) = blocked_by_cors(tb, req, &origin, why);
        add_token_artifact(w, tb, &c.token);
        let console = format!(
            "{msg}\n{} {url} net::ERR_FAILED\nUncaught (in promise) TypeError: Failed to fetch",
            c.method
        );
        return stop_at(
            tb,
            e,
            Client,
            [(LogSource::Client, Level::Error, console)],
            Ran {
                story: story(&format!("The panel stays empty. Console: {msg}")),
                client: ClientView {
                    kind: "browser".into(),
                    action,
                },
                outcome: msg,
            },
        );
    }
    tb.advance(1);
    let load = super::client_load::schedule(w, tb);
    let sent = req.clone();
    // Chrome sends the call on the HTTP/2 connection its preflight opened.
    let out = call_reusing(
        w,
        tb,
        Call {
            from: Client,
            to: Gateway,
            agent: Agent::Browser,
            req,
            show_path: true,
            timeout_ms: c.timeout_ms,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, r, peer| {
            let resp = w.gateway.handle(w, tb, r, peer);
            w.gateway.with_cors(resp, r)
        },
    );
    super::client_load::log(w, tb, &load, &sent);
    add_token_artifact(w, tb, &c.token);
    let outcome = match (&out.resp, &out.error) {
        (Some(r), _) => status_line(r),
        (None, Some(e)) => e.clone(),
        _ => String::new(),
    };
    Ran {
        story: story(&format!("The desktop's network panel shows: {outcome}")),
        client: ClientView {
            kind: "browser".into(),
            action,
        },
        outcome,
    }
}

/// The CORS preflight Chrome sends before a cross-origin `req` from `origin`: its method and
/// the headers it sets that are not CORS-safelisted (Authorization, a JSON Content-Type, the
/// instrumentation's traceparent, an API key), lower-case and sorted, and none of the page's
/// own headers.
pub(super) fn preflight_request(req: &HttpRequest, origin: &str) -> HttpRequest {
    let host = req.url.split('/').nth(2).unwrap_or("").to_string();
    let mut asked: Vec<String> = req
        .headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .filter(|k| {
            ["authorization", "content-type", "traceparent", "x-api-key"].contains(&k.as_str())
        })
        .collect();
    asked.sort();
    HttpRequest {
        method: "OPTIONS".into(),
        url: req.url.clone(),
        http_version: "HTTP/2".into(),
        headers: vec![
            ("Host".into(), host),
            ("Origin".into(), origin.to_string()),
            ("Access-Control-Request-Method".into(), req.method.clone()),
            ("Access-Control-Request-Headers".into(), asked.join(",")),
            ("User-Agent".into(), CHROME_UA.into()),
            ("Accept".into(), "*/*".into()),
            ("Sec-Fetch-Mode".into(), "cors".into()),
        ],
        body: None,
    }
}

/// Why Chrome refuses the preflight's answer, if it does (the console's words after "has been
/// blocked by CORS policy: ").
pub(super) fn preflight_refused(out: &Outcome, origin: &str) -> Option<&'static str> {
    match &out.resp {
        Some(r) if !(200..300).contains(&r.status) => {
            Some("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.")
        }
        Some(r) if header(&r.headers, "access-control-allow-origin") != Some(origin) => {
            Some("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
        }
        _ => None,
    }
}

/// The request the preflight refused, as the network panel lists it: never sent, with the
/// console's CORS error. Returns that error and the error event.
pub(super) fn blocked_by_cors(
    tb: &mut Tb,
    req: HttpRequest,
    origin: &str,
    why: &str,
) -> (String, usize) {
    let (method, url) = (req.method.clone(), req.url.clone());
    let msg = format!(
        "Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: {why}"
    );
    tb.advance(1);
    let ex = tb.exchanges.len();
    tb.exchanges.push(Exchange {
        from: Client,
        to: Gateway,
        request: req,
        response: None,
        client_error: Some(msg.clone()),
        timings: Timings {
            blocked: 0,
            ..Timings::NOT_APPLICABLE
        },
        started_at: tb.iso(),
        t_ms: tb.t,
        server_ip: None,
        server_port: Some(443),
        attempt: None,
    });
    let e = tb.ev_ex(
        Client,
        Client,
        EventKind::Error,
        format!("CORS error: {method} {url} not sent (net::ERR_FAILED)"),
        ex,
        None,
    );
    (msg, e)
}
