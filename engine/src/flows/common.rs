//! What several flow drivers share: the curl request to the platform API, the decoded token
//! artifact, and how a token or a status line is shown.

use super::Ran;
use crate::layers::{Agent, Outcome};
use crate::mask;
use crate::model::*;
use crate::runtime::{self, Runtime};
use crate::sim::Tb;
use crate::world::*;

pub(super) fn short(tok: &str) -> String {
    mask::token(tok)
}

/// `--connect-timeout` / `--max-time` for a client that gives up connecting after
/// `CONNECT_TIMEOUT_MS` and on the whole call after `timeout_ms`.
pub(super) fn curl_limits(timeout_ms: i64) -> String {
    format!(
        "--connect-timeout {} --max-time {}",
        crate::layers::CONNECT_TIMEOUT_MS / 1000,
        (timeout_ms / 1000).max(1)
    )
}

pub(super) fn status_line(r: &HttpResponse) -> String {
    format!("{} {} {}", r.http_version, r.status, r.reason)
}

pub(super) fn api_request(w: &World, tb: &mut Tb, token: Option<String>) -> (HttpRequest, String) {
    api_request_by(w, &w.client, tb, token)
}

/// [`api_request`] as client `c` makes it (the world's client with another call to make).
pub(super) fn api_request_by(
    w: &World,
    c: &Client,
    tb: &mut Tb,
    token: Option<String>,
) -> (HttpRequest, String) {
    let url = format!("{}{}", c.base, c.path);
    let host = url.split('/').nth(2).unwrap_or("").to_string();
    let legacy = c.agent == Agent::LegacyJava;
    // What the code sets itself, in its order: on the wire (`code`) and as the learner's
    // command or code shows it (`shown`, secrets masked).
    let mut code: Vec<(String, String)> = vec![];
    let mut shown: Vec<(String, String)> = vec![];
    let auth = token
        .map(|t| format!("Bearer {t}"))
        .or_else(|| c.authorization.clone());
    // The script's timeouts, as the client enforces them: 10 s to connect, then the whole call.
    let limits = curl_limits(c.timeout_ms);
    let follow = if c.follows_redirects { " -L" } else { "" };
    let mut cmd = format!("curl -sS -i{follow} {limits} -X {} '{url}'", c.method);
    if c.method == "HEAD" {
        cmd = format!("curl -sS -I {limits} '{url}'");
    }
    if c.tls_max < 12 && c.runtime == Runtime::Curl {
        cmd.push_str(&format!(" --tls-max 1.{}", c.tls_max - 10));
    }
    if let Some(a) = &auth {
        code.push(("Authorization".into(), a.clone()));
        let (scheme, tok) = a.split_once(' ').unwrap_or((a, ""));
        cmd.push_str(&format!(
            " \\\n  -H 'Authorization: {scheme} {}'",
            short(tok)
        ));
        shown.push(("Authorization".into(), format!("{scheme} {}", short(tok))));
    }
    if let Some(k) = &c.api_key {
        code.push(("x-api-key".into(), k.clone()));
        cmd.push_str(&format!(" \\\n  -H 'x-api-key: {}'", mask::api_key(k)));
        shown.push(("x-api-key".into(), mask::api_key(k)));
    }
    // The body as it goes out: a file's own bytes, or the text the code holds. A body typed into
    // the command or the code is the one-line literal it shows (curl's `-d`, requests' `data=`,
    // `BodyPublishers.ofString`, Guzzle's `body`, Postman's raw body), sent as it is; a longer
    // one is read from its file, as written. axios sends the string it is given (either) through
    // its `transformRequest` first.
    let wire = match (&c.body, &c.body_file) {
        (Some(b), None) => {
            let data = if b.len() > runtime::LARGE_BODY {
                b.clone()
            } else {
                runtime::inline_text(b)
            };
            Some(if c.runtime == Runtime::Node {
                runtime::axios_string_body(&data, c.content_type.as_deref()).into_bytes()
            } else {
                data.into_bytes()
            })
        }
        _ => c.body_bytes(),
    };
    let sent = wire.as_ref().map_or(0, |w| w.len());
    if let Some(b) = &c.body {
        let ct = c.content_type.clone().unwrap_or_default();
        // A JSON type is the code's own header; curl's `-d` says form-encoded by itself.
        if ct.starts_with("application/json") {
            code.push(("Content-Type".into(), ct.clone()));
            cmd.push_str(&format!(" \\\n  -H 'Content-Type: {ct}'"));
            shown.push(("Content-Type".into(), ct.clone()));
        }
        if c.content_length_extra > 0 {
            let n = (sent + c.content_length_extra).to_string();
            code.push(("Content-Length".into(), n.clone()));
            cmd.push_str(&format!(" \\\n  -H 'Content-Length: {n}'"));
        }
        if let Some(f) = &c.body_file {
            cmd.push_str(&format!(" \\\n  --data-binary @{f}"));
        } else if b.len() > runtime::LARGE_BODY {
            cmd.push_str(&format!(" \\\n  --data-binary @{}", runtime::BODY_FILE));
        } else {
            cmd.push_str(&format!(" \\\n  -d '{}'", runtime::inline_text(b)));
        }
    }
    // No learner's client sets a `traceparent`: the gateway starts the trace for the request.
    let span = tb.start_span_at_gateway();
    let postman_token = if c.runtime == Runtime::Postman {
        runtime::headers::postman_token(span)
    } else {
        String::new()
    };
    let h = runtime::headers::wire(
        c.runtime,
        legacy,
        &runtime::headers::Request {
            method: &c.method,
            host: &host,
            code: &code,
            basic: None,
            body_len: c.body.as_ref().map(|_| sent),
            postman_token: &postman_token,
        },
    );
    if c.runtime != Runtime::Curl {
        cmd = runtime::code(
            c.runtime,
            legacy,
            &runtime::Shown {
                method: &c.method,
                url: &url,
                headers: shown,
                basic: None,
                body: c.body.clone(),
                file: c.body_file.as_deref(),
                timeout_s: c.timeout_ms / 1000,
            },
            sent,
        );
    }
    if c.retries_post_on_timeout && c.method == "POST" {
        cmd = runtime::with_retry(c.runtime, &cmd);
    }
    if c.reads_accepted_as_result {
        cmd = runtime::reads_rows(c.runtime, &cmd);
    }
    if c.body_file.is_some() {
        cmd = runtime::prints_created(c.runtime, &cmd);
    }
    if c.page_work_ms.is_some() {
        let next = format!("{}{}", c.base, crate::layers::pages::next_page(""));
        cmd = runtime::pages_through(c.runtime, &cmd, &url, &next);
    }
    if c.client_cert.is_some() {
        let host = url.split('/').nth(2).unwrap_or("");
        cmd = runtime::with_client_cert(c.runtime, &cmd, host);
    }
    let cmd = behind_proxy(w, cmd);
    let http_version = if c.runtime == Runtime::Browser {
        "HTTP/2"
    } else {
        "HTTP/1.1"
    };
    (
        HttpRequest {
            method: c.method.clone(),
            url,
            http_version: http_version.into(),
            headers: h,
            // What arrives is bytes; the text shown is what a UTF-8 reader makes of them.
            body: wire.map(|w| crate::charset::as_utf8(&w)),
        },
        cmd,
    )
}

/// The command as run behind the corporate proxy, when there is one: the proxy comes from the
/// environment (Java's launcher takes it as system properties; Postman uses the system proxy).
pub(super) fn behind_proxy(w: &World, cmd: String) -> String {
    let Some(p) = &w.net.proxy else {
        return cmd;
    };
    let (host, port) = p.host.split_once(':').unwrap_or((&p.host, "3128"));
    let env = match w.client.runtime {
        Runtime::Java => {
            format!("$ export JDK_JAVA_OPTIONS='-Dhttps.proxyHost={host} -Dhttps.proxyPort={port}'")
        }
        Runtime::Postman => format!("Proxy: system proxy http://{host}:{port}"),
        Runtime::Browser | Runtime::AgentDesktop => format!("System proxy: http://{host}:{port}"),
        _ => format!("$ export HTTPS_PROXY=http://{host}:{port}"),
    };
    format!("{env}\n{cmd}")
}

/// The client's report of how its call ended: the runtime's own words for an HTTP response, or
/// the error it printed.
pub(super) fn reported(w: &World, req: &HttpRequest, out: &Outcome) -> String {
    let c = &w.client;
    match (&out.resp, &out.error) {
        (Some(r), _) => runtime::http_report(
            c.runtime,
            c.agent == Agent::LegacyJava,
            &req.method,
            &req.url,
            r,
        ),
        (None, Some(e)) if c.runtime == Runtime::Browser => {
            runtime::console_failure(&req.method, &req.url, e)
        }
        (None, Some(e)) if c.runtime == Runtime::Postman => format!("Could not send request. {e}"),
        (None, Some(e)) => e.clone(),
        _ => String::new(),
    }
}

/// Where the learner read the outcome.
pub(super) fn where_shown(rt: Runtime) -> &'static str {
    match rt {
        Runtime::Curl => "The terminal shows",
        Runtime::Postman => "Postman shows",
        Runtime::Browser | Runtime::AgentDesktop => "The console shows",
        _ => "The script prints",
    }
}

/// The access token, decoded as a support engineer would paste it into a JWT decoder.
pub(super) fn add_token_artifact(w: &World, tb: &mut Tb, token: &str) {
    let now = tb.now_ms();
    tb.artifact("jwt", "Access token (decoded)", w.auth.explain(token, now));
}

/// The agent desktop's own origin (its page calls the API cross-origin).
pub(super) const AGENT_DESKTOP_ORIGIN: &str = "https://agent.example.com";

/// A cross-origin `fetch()` from the agent desktop, as Chrome sends it: the runtime's header
/// block (`runtime::headers::wire`) with the page's `Origin` after `Host`, the `traceparent` of
/// the span the desktop's OpenTelemetry fetch instrumentation opens for the call, and
/// `Sec-Fetch-Mode: cors`.
pub(super) fn desktop_fetch(
    mut h: Vec<(String, String)>,
    origin: &str,
    span: Option<String>,
) -> Vec<(String, String)> {
    h.insert(1, ("Origin".into(), origin.to_string()));
    if let Some(span) = span {
        h.push(("traceparent".into(), span));
    }
    h.push(("Sec-Fetch-Mode".into(), "cors".into()));
    h
}

/// Ends a run at a failure the flow cannot get past: marks `event` as where it first showed (at
/// layer `at`), writes what the components logged about it, in order, and hands back `ran`, so a
/// driver stops with `return stop_at(tb, e, Client, [(source, level, line)], Ran { … })`.
pub(super) fn stop_at(
    tb: &mut Tb,
    event: usize,
    at: Layer,
    logs: impl IntoIterator<Item = (LogSource, Level, String)>,
    ran: Ran,
) -> Ran {
    tb.fail(event, at);
    for (source, level, text) in logs {
        tb.log(source, level, text);
    }
    ran
}

/// A token request as the client's runtime sends it to `url`: client credentials in HTTP Basic
/// (curl's `-u`, the library's own auth option; Java's code sets the header), a form body that
/// the code labels (curl's `-d` labels it itself). Nothing in front of the token endpoint starts
/// a trace; the span is drawn all the same, where the request is made, as it always was.
pub fn token_request(
    tb: &mut Tb,
    rt: Runtime,
    legacy: bool,
    url: String,
    basic: &str,
    body: String,
) -> HttpRequest {
    let host = url.split('/').nth(2).unwrap_or("").to_string();
    let code: Vec<(String, String)> = if rt == Runtime::Curl {
        vec![]
    } else {
        vec![(
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        )]
    };
    let span = tb.start_span_at_gateway();
    let postman_token = if rt == Runtime::Postman {
        runtime::headers::postman_token(span)
    } else {
        String::new()
    };
    let basic = format!("Basic {basic}");
    HttpRequest {
        method: "POST".into(),
        url,
        http_version: "HTTP/1.1".into(),
        headers: runtime::headers::wire(
            rt,
            legacy,
            &runtime::headers::Request {
                method: "POST",
                host: &host,
                code: &code,
                basic: Some(&basic),
                body_len: Some(body.len()),
                postman_token: &postman_token,
            },
        ),
        body: Some(body),
    }
}
