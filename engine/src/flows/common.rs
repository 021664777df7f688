//! What several flow drivers share: the curl request to the platform API, the decoded token
//! artifact, and how a token or a status line is shown.

use super::Ran;
use crate::layers::auth::AuthServer;
use crate::model::*;
use crate::sim::Tb;
use crate::world::*;

pub(super) fn short(tok: &str) -> String {
    if tok.len() > 24 {
        format!("{}…", &tok[..20])
    } else {
        tok.to_string()
    }
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
    let c = &w.client;
    let url = format!("{}{}", c.base, c.path);
    let host = url.split('/').nth(2).unwrap_or("").to_string();
    let mut h = vec![
        ("Host".to_string(), host),
        ("User-Agent".into(), "curl/8.5.0".into()),
        ("Accept".into(), "application/json".into()),
    ];
    let auth = token
        .map(|t| format!("Bearer {t}"))
        .or_else(|| c.authorization.clone());
    // The script's timeouts, as the client enforces them: 10 s to connect, then the whole call.
    let limits = curl_limits(c.timeout_ms);
    let mut cmd = format!("curl -sS -i {limits} -X {} '{url}'", c.method);
    if c.method == "HEAD" {
        cmd = format!("curl -sS -I {limits} '{url}'");
    }
    if let Some(a) = &auth {
        h.push(("Authorization".into(), a.clone()));
        let (scheme, tok) = a.split_once(' ').unwrap_or((a, ""));
        cmd.push_str(&format!(
            " \\\n  -H 'Authorization: {scheme} {}'",
            short(tok)
        ));
    }
    if let Some(k) = &c.api_key {
        h.push(("x-api-key".into(), k.clone()));
        cmd.push_str(&format!(" \\\n  -H 'x-api-key: {}'", short(k)));
    }
    if let Some(b) = &c.body {
        let ct = c.content_type.clone().unwrap_or_default();
        h.push(("Content-Type".into(), ct.clone()));
        h.push((
            "Content-Length".into(),
            (b.len() + c.content_length_extra).to_string(),
        ));
        if ct == "application/json" {
            cmd.push_str(" \\\n  -H 'Content-Type: application/json'");
        }
        if c.content_length_extra > 0 {
            cmd.push_str(&format!(
                " \\\n  -H 'Content-Length: {}'",
                b.len() + c.content_length_extra
            ));
        }
        cmd.push_str(&format!(
            " \\\n  -d '{}'",
            b.replace('\n', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    h.push(("traceparent".into(), tb.next_traceparent()));
    (
        HttpRequest {
            method: c.method.clone(),
            url,
            http_version: "HTTP/1.1".into(),
            headers: h,
            body: c.body.clone(),
        },
        cmd,
    )
}

/// The access token, decoded as a support engineer would paste it into a JWT decoder.
pub(super) fn add_token_artifact(tb: &mut Tb, token: &str) {
    let now = tb.now_ms();
    tb.artifact(
        "jwt",
        "Access token (decoded)",
        AuthServer::explain(token, now),
    );
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
