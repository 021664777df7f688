//! Failures with an HTTP answer: the status says what kind of refusal it is, the headers and
//! the body say who produced it (the gateway's nginx page, its problem+json, the service, the
//! OAuth server, the CRM, the receiver), and the request and the artefacts say whether the
//! refusal is about the request or about the server.

use super::facts;
use super::{compact, field, hdr, Ctx, Outcome};
use crate::model::*;
use crate::sim::header;
use Layer::*;

fn body(r: &HttpResponse) -> &str {
    r.body.as_deref().unwrap_or("")
}

/// Whether the gateway itself wrote the answer (nginx's own HTML page).
fn nginx_page(r: &HttpResponse) -> bool {
    hdr(r, "server") == "nginx" && hdr(r, "content-type").starts_with("text/html")
}

/// The traced request's gateway error-log lines.
fn gateway_errors<'a>(c: &'a Ctx) -> Vec<&'a str> {
    c.said_by(LogSource::Gateway)
        .filter(|l| {
            l.text.contains("[error]") || l.text.contains("[warn]") || l.text.contains("[info]")
        })
        .map(|l| l.text.as_str())
        .collect()
}

/// Error-level lines the service wrote about the traced request.
fn app_errors<'a>(c: &'a Ctx) -> Vec<&'a str> {
    c.said_by(LogSource::App)
        .filter(|l| l.level == Level::Error)
        .map(|l| l.text.as_str())
        .collect()
}

/// Whether the database, or the service about its database, reported an error on the traced
/// request before `until` (the moment the failing answer went out): a database error logged
/// after the caller already had its answer cannot have caused that answer.
fn db_errors(c: &Ctx, until: i64) -> bool {
    c.traced().any(|l| {
        l.t_ms <= until
            && l.level == Level::Error
            && (l.source == LogSource::Database
                || (l.source == LogSource::App
                    && (l.text.contains("database error") || l.text.contains(":5432"))))
    })
}

/// The pool counters from the service's line saying no pooled connection came free in time
/// (node-postgres: `timeout exceeded when trying to connect`), if it wrote one.
fn pool_timeout(c: &Ctx) -> Option<String> {
    c.said_by(LogSource::App)
        .filter(|l| l.level == Level::Error)
        .find(|l| l.text.contains("timeout exceeded when trying to connect"))
        .map(|l| {
            l.text
                .split_once("(pool ")
                .map(|(_, p)| p.trim_end_matches(')').to_string())
                .unwrap_or_default()
        })
}

pub(crate) fn api(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Outcome {
    let s = r.status;
    let b = body(r).to_string();
    let challenge = hdr(r, "www-authenticate").to_string();
    let oauth_error = field(&b, "error");
    match s {
        300..=399 => {
            let loc = hdr(r, "location");
            if x.request.url.starts_with("http://") && loc.starts_with("https://") {
                c.settle(
                    Client,
                    Some("plain-http"),
                    format!(
                        "{s} redirect from {} to {loc}: the client used plain http",
                        x.request.url
                    ),
                )
            } else {
                c.open(&[Client, Gateway], format!("{s} redirect to {loc}"))
            }
        }
        // nginx's own page for a mutual-TLS server block reached without a client certificate.
        400 if nginx_page(r) && b.contains("No required SSL certificate was sent") => {
            super::tls_client::no_client_cert(c, x)
        }
        // nginx's own refusals of what a client sent (its size), before anything else.
        400 | 413 | 431 if nginx_page(r) => super::limits::too_large(c, x, r),
        400 | 401 if oauth_error.is_some() => token_endpoint(c, s, oauth_error.unwrap_or_default()),
        401 => unauthorized(c, x, &challenge),
        403 => forbidden(c, r, &challenge),
        404 => not_found(c, x, r, &b),
        410 => super::http_faults::gone(c, x, r),
        405 => {
            let allow = hdr(r, "allow");
            if let Some(o) = super::http_faults::redirect_changed_method(c, x, allow) {
                o
            } else if !allow.is_empty() && !allow.split(", ").any(|m| m == x.request.method) {
                c.settle(
                    Client,
                    Some("wrong-method"),
                    format!(
                        "405: the route allows {allow}, the client sent {}",
                        x.request.method
                    ),
                )
            } else {
                c.open(
                    &[Client, Gateway],
                    format!("405 although Allow is \"{allow}\""),
                )
            }
        }
        426 => super::http_faults::upgrade_not_passed_on(c, x, r),
        408 => {
            let declared: Option<usize> =
                header(&x.request.headers, "content-length").and_then(|v| v.parse().ok());
            let sent = x.request.body.as_ref().map(|b| b.len()).unwrap_or(0);
            let reading = gateway_errors(c)
                .iter()
                .any(|t| t.contains("while reading client request body"));
            match declared {
                Some(d) if d > sent && reading => c.settle(
                    Client,
                    Some("content-length-mismatch"),
                    format!("408 after the gateway waited for the body: Content-Length says {d} bytes, the body has {sent}"),
                ),
                _ => c.open(
                    &[Client, Gateway, Network],
                    "408: the gateway gave up waiting for the request, but the request's length adds up",
                ),
            }
        }
        // A list cursor the API refused as expired: when it was issued decides whose fault.
        400 if field(&b, "type").is_some_and(|t| t.ends_with("/cursor-expired")) => {
            super::pagination::cursor_expired(c, x, r)
        }
        400 | 415 | 422 | 409 => bad_request(c, x, s, &b),
        429 => rate_limited(c),
        502 => upstream(c, x, r, "502"),
        504 => upstream(c, x, r, "504"),
        500 | 503 => server_error(c, x, r, &b),
        _ => c.open(&[], format!("{s}: {}", compact(&b))),
    }
}

/// The OAuth token endpoint's RFC 6749 error codes.
fn token_endpoint(c: &mut Ctx, s: u16, code: String) -> Outcome {
    if let Some(o) = super::trust::grant(c, s, &code) {
        return o;
    }
    match code.as_str() {
        // A credential belongs to the layer that checks it: here the authorization server.
        "invalid_client" => c.settle(
            Auth,
            Some("invalid-client-secret"),
            format!("token endpoint {s} invalid_client: the client's credentials (id and secret) are not the registered ones"),
        ),
        "invalid_grant" => {
            let expired = c.log_has(LogSource::Auth, "refresh token expired");
            if expired {
                c.settle(
                    Auth,
                    Some("expired-refresh-token"),
                    "token endpoint invalid_grant, and the authorization server logs that the refresh token expired",
                )
            } else {
                c.settle(Auth, None, "token endpoint invalid_grant: the grant (refresh token) is no longer valid")
            }
        }
        other => c.open(&[Client, Auth], format!("token endpoint {s} {other}")),
    }
}

/// 401: the challenge says which credential check failed.
fn unauthorized(c: &mut Ctx, x: &Exchange, challenge: &str) -> Outcome {
    let authz = header(&x.request.headers, "authorization").unwrap_or("");
    if challenge.starts_with("ApiKey") {
        let key = header(&x.request.headers, "x-api-key").unwrap_or("").trim();
        return if key.is_empty() {
            c.settle(
                Auth,
                Some("missing-api-key"),
                format!("401 with {challenge}: the request carries no x-api-key"),
            )
        } else {
            c.settle(
                Auth,
                Some("invalid-api-key"),
                format!("401 with {challenge}: the key sent is not in the active key set"),
            )
        };
    }
    if !challenge.starts_with("Bearer") {
        return c.open(
            &[Auth, Client],
            format!("401 with challenge \"{challenge}\""),
        );
    }
    if !challenge.contains("error=") {
        if authz.is_empty() {
            if let Some(o) = super::http_faults::redirect_dropped_authorization(c, x) {
                return o;
            }
        }
        // No token was read at all: the request did not present one as Bearer.
        return if authz.is_empty() && !x.request.url.contains("token=") {
            c.settle(Auth, Some("missing-auth-header"), "401 with a bare Bearer challenge and no Authorization header on the request: no credentials sent")
        } else if !authz.is_empty() && !authz.starts_with("Bearer ") {
            let scheme = authz.split(' ').next().unwrap_or("");
            c.settle(Auth, Some("wrong-auth-scheme"), format!("401 with a bare Bearer challenge: the request sends its token with the scheme \"{scheme}\""))
        } else {
            c.open(
                &[Auth, Gateway],
                "401 with a bare Bearer challenge, yet the request carries a Bearer token",
            )
        };
    }
    let desc = challenge
        .split("error_description=\"")
        .nth(1)
        .and_then(|d| d.split('"').next())
        .unwrap_or("")
        .to_string();
    let jwt = facts::jwt(c.ev);
    let now = facts::iso(&c.ev.clock_now);
    if desc.contains("expired") {
        let exp = jwt.as_ref().and_then(|j| j.exp.clone());
        return match (exp, now) {
            (Some(e), Some(n)) if e < n => c.settle(Auth, Some("expired-token"), format!("401 invalid_token \"{desc}\", and the decoded token's exp is before now ({})", c.ev.clock_now)),
            (Some(_), Some(_)) => c.open(&[Auth, Client], format!("401 says \"{desc}\", but the decoded token's exp is still ahead: a different token or a clock problem")),
            _ => c.settle(Auth, Some("expired-token"), format!("401 invalid_token: {desc}")),
        };
    }
    // Another environment's token: refused for its audience, or by the sandbox's own issuer check.
    if desc.contains("audience") || desc.contains("issuer") {
        let aud = jwt.and_then(|j| j.aud).unwrap_or_default();
        let host = facts::host(&x.request.url);
        return if !aud.is_empty() && facts::host(&aud) != host {
            c.settle(Client, Some("wrong-environment"), format!("401 \"{desc}\": the token is for {aud} but the request went to {host}, another environment"))
        } else {
            c.open(
                &[Client, Auth],
                format!("401 \"{desc}\", yet the token's audience matches the host called"),
            )
        };
    }
    if let Some(o) = super::trust::validator(c, &desc) {
        return o;
    }
    if desc.contains("revoked") {
        return c.settle(
            Auth,
            Some("revoked-token"),
            format!("401 invalid_token \"{desc}\": the identity provider revoked it"),
        );
    }
    if desc.contains("signature") || desc.contains("malformed") {
        return c.settle(
            Auth,
            Some("malformed-token"),
            format!("401 invalid_token \"{desc}\": the token does not verify as sent"),
        );
    }
    c.settle(Auth, None, format!("401 with challenge: {challenge}"))
}

fn forbidden(c: &mut Ctx, r: &HttpResponse, challenge: &str) -> Outcome {
    if nginx_page(r) {
        let errors = gateway_errors(c);
        let rule = errors
            .iter()
            .any(|t| t.contains("access forbidden by rule"));
        let waf = errors
            .iter()
            .find(|t| t.contains("ModSecurity: Access denied"))
            .and_then(|t| t.split("[unique_id \"").nth(1))
            .and_then(|t| t.split('"').next())
            .map(String::from);
        if let Some(id) = waf {
            return c.settle(Gateway, Some("waf-blocked"), format!("nginx's own 403 page, and its error log says \"ModSecurity: Access denied with code 403 (phase 2)\" (unique_id {id}): the gateway's WAF refused the request's content before the token was checked"));
        }
        return if rule {
            c.settle(Gateway, Some("ip-not-allowlisted"), "nginx's own 403 page, and its error log says \"access forbidden by rule\": the gateway's IP allowlist")
        } else {
            c.open(
                &[Gateway, Auth],
                "nginx's own 403 page, with no error-log line saying which rule",
            )
        };
    }
    if challenge.contains("insufficient_scope") {
        return c.settle(
            Auth,
            Some("missing-scope"),
            format!("403 with {challenge}: the token lacks a scope"),
        );
    }
    let role = c
        .said_by(LogSource::Auth)
        .find(|l| l.text.contains("required_role="))
        .map(|l| l.text.clone());
    match role {
        Some(l) => c.settle(
            Auth,
            Some("insufficient-role"),
            format!("403: authenticated but the role may not do this ({l})"),
        ),
        None => c.settle(
            Auth,
            None,
            format!("403: authenticated but not permitted ({challenge})"),
        ),
    }
}

fn not_found(c: &mut Ctx, x: &Exchange, r: &HttpResponse, b: &str) -> Outcome {
    let path = crate::layers::split_url(&x.request.url).3;
    if hdr(r, "content-type").starts_with("text/html") && b.contains("Cannot ") {
        // An Express default page from the upstream: the gateway forwarded a path its route
        // table knows to a service that has no handler for it.
        let svc = app_lines(c, "no handler");
        return c.settle(Gateway, Some("gateway-misrouted"), format!("the gateway matched {path} but the service behind it has no handler ({}): the route points at the wrong upstream", svc.unwrap_or_else(|| "Express \"Cannot\" page".into())));
    }
    if field(b, "type")
        .map(|t| t.ends_with("no-route"))
        .unwrap_or(false)
        || field(b, "detail")
            .map(|d| d.starts_with("No API resource"))
            .unwrap_or(false)
    {
        let cause = if path.starts_with("/v1/") {
            "wrong-api-version"
        } else if path.ends_with('/') || path.contains("//") {
            "missing-resource-id"
        } else {
            "endpoint-typo"
        };
        return c.settle(
            Client,
            Some(cause),
            format!("404 from the gateway: no route matches {path}, the path the client sent"),
        );
    }
    c.open(&[Client, Backend], format!("404: {}", compact(b)))
}

fn app_lines(c: &Ctx, needle: &str) -> Option<String> {
    c.said_by(LogSource::App)
        .find(|l| l.text.contains(needle))
        .map(|l| l.text.clone())
}

fn bad_request(c: &mut Ctx, x: &Exchange, s: u16, b: &str) -> Outcome {
    let detail = field(b, "detail").unwrap_or_default();
    let errs = b.to_string();
    let cause = match s {
        415 => {
            let ct = header(&x.request.headers, "content-type").unwrap_or("");
            if ct.contains("json") {
                return c.open(
                    &[Client, Backend],
                    format!("415 although the request says Content-Type: {ct}"),
                );
            }
            Some("missing-content-type")
        }
        409 => Some("duplicate-resource"),
        422 => Some("validation-rule"),
        _ if detail.contains("not valid JSON") => Some("malformed-json"),
        _ if errs.contains("unknown field") => Some("wrong-field-name"),
        _ if errs.contains("must be a boolean") || errs.contains("must be a string") => {
            Some("wrong-field-type")
        }
        _ if errs.contains("must be an object") => Some("wrong-nesting"),
        _ if errs.contains("is required") => Some("missing-required-field"),
        _ => None,
    };
    c.settle(
        Client,
        cause,
        format!(
            "{s}: the service refuses the request itself ({})",
            compact(b)
        ),
    )
}

/// 429: before blaming the quota, look at what this client sent just before: the same request
/// line from the same address over and over is the client's own loop.
fn rate_limited(c: &mut Ctx) -> Outcome {
    let ev = c.ev;
    let mine = c
        .said_by(LogSource::Gateway)
        .find(|l| l.text.contains("\" 429 "))
        .map(|l| l.text.clone())
        .unwrap_or_default();
    let ip = mine.split(' ').next().unwrap_or("").to_string();
    let line = mine.split('"').nth(1).unwrap_or("").to_string();
    if mine.is_empty() {
        return c.open(&[Client, Gateway], "429, but the gateway's access log for it is not shown: the client's request rate cannot be judged");
    }
    let repeats = ev
        .logs
        .iter()
        .filter(|l| {
            l.source == LogSource::Gateway
                && l.trace_id.as_deref() != Some(ev.trace_id.as_str())
                && l.text.starts_with(&format!("{ip} "))
                && l.text.contains(&format!("\"{line}\""))
        })
        .count();
    if repeats >= 20 {
        c.settle(Client, Some("request-loop"), format!("{repeats} identical \"{line}\" requests from {ip} just before the 429: the client's own loop"))
    } else {
        c.settle(Gateway, Some("rate-limit-quota"), format!("429 after only {repeats} earlier \"{line}\" requests from {ip}: normal traffic, so the quota itself is too low"))
    }
}

/// 502/504: nginx's own page; its error log says what happened upstream.
fn upstream(c: &mut Ctx, x: &Exchange, r: &HttpResponse, s: &str) -> Outcome {
    let errs = gateway_errors(c);
    let refused = errs
        .iter()
        .any(|t| t.contains("Connection refused") || t.contains("no live upstreams"));
    let slow = errs.iter().any(|t| t.contains("upstream timed out"));
    let closed = errs.iter().any(|t| t.contains("upstream prematurely"));
    if closed && !slow {
        return super::http_faults::premature_close(c, s);
    }
    if !nginx_page(r) && !refused && !slow {
        return c.open(
            &[Backend, Gateway],
            format!("{s} with no gateway error line explaining it"),
        );
    }
    if refused {
        return c.settle(
            Backend,
            Some("upstream-down"),
            format!("{s}: the gateway's error log says the upstream service refuses connections"),
        );
    }
    if slow {
        if db_errors(c, super::ends(x)) {
            return c.settle(
                Database,
                Some("database-timeout"),
                format!("{s}: the upstream timed out, and the service's log blames the database"),
            );
        }
        return c.settle(
            Backend,
            Some("slow-backend"),
            format!(
                "{s}: the gateway's error log says the upstream timed out reading the response"
            ),
        );
    }
    if let Some(addr) = super::instances::relayed_from(c) {
        return super::instances::one_instance(c, s, &addr);
    }
    c.open(
        &[Backend, Gateway],
        format!("nginx answered {s} without an error-log line saying why"),
    )
}

fn server_error(c: &mut Ctx, x: &Exchange, r: &HttpResponse, b: &str) -> Outcome {
    let s = r.status;
    let errs: Vec<String> = app_errors(c).into_iter().map(String::from).collect();
    if db_errors(c, super::ends(x)) {
        if let Some(o) = super::http_faults::deadlock(c, s) {
            return o;
        }
        if let Some(t) = pool_timeout(c) {
            return c.settle(
                Database,
                Some("db-pool-exhausted"),
                format!("{s}: no pooled database connection came free ({t})"),
            );
        }
        let cause = if errs.iter().any(|t| t.contains("ECONNREFUSED")) {
            Some("database-down")
        } else if errs.iter().any(|t| t.contains("timeout")) {
            Some("database-timeout")
        } else {
            None
        };
        return c.settle(
            Database,
            cause,
            format!("{s}; the service's log blames the database"),
        );
    }
    let warns: Vec<String> = c
        .said_by(LogSource::App)
        .filter(|l| l.level >= Level::Warn)
        .map(|l| l.text.clone())
        .collect();
    if let Some(t) = warns.iter().find(|t| t.contains("maintenance")) {
        return c.settle(
            Backend,
            Some("maintenance-window"),
            format!(
                "{s} with Retry-After {}: the service says {t}",
                hdr(r, "retry-after")
            ),
        );
    }
    if let Some(t) = errs
        .iter()
        .find(|t| t.contains("exhausted") || t.contains("shedding"))
    {
        return c.settle(
            Backend,
            Some("backend-overloaded"),
            format!("{s}: the service sheds load ({t})"),
        );
    }
    if let Some(t) = errs
        .iter()
        .find(|t| t.contains("exception") || t.contains("Error"))
    {
        return c.settle(
            Backend,
            Some("backend-exception"),
            format!("{s}: the service logged {}", t.lines().next().unwrap_or("")),
        );
    }
    if !errs.is_empty() {
        return c.settle(Backend, None, format!("{s} produced by the service itself"));
    }
    c.open(
        &[Backend, Database],
        format!(
            "{s} ({}) with no service log line explaining it",
            compact(b)
        ),
    )
}
