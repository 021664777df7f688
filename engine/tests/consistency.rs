//! One world, one truth: every fault × flow is simulated (with and without misleading noise) and
//! its evidence is checked against itself, its story and the world the RunSpec describes. Each
//! test is one invariant a learner relies on when they reason from the logs.

use faultline_engine::*;
use std::collections::{BTreeMap, BTreeSet};

mod common;
use common::sweep::traces;

/// `"GET /p HTTP/1.1" 200 412 "-" "ua" rt=… urt=… upstream=… traceparent=…`, parsed.
struct Access {
    request: String,
    status: u16,
    bytes: usize,
    upstream: String,
    traceparent: String,
}

fn access(l: &LogLine) -> Option<Access> {
    if l.source != LogSource::Gateway || !l.text.contains(" - - [") {
        return None;
    }
    let parts: Vec<&str> = l.text.split('"').collect();
    let mut nums = parts.get(2)?.split_whitespace();
    let field = |k: &str| {
        l.text
            .split(' ')
            .find_map(|w| w.strip_prefix(k))
            .unwrap_or("")
            .to_string()
    };
    Some(Access {
        request: parts.get(1)?.to_string(),
        status: nums.next()?.parse().ok()?,
        bytes: nums.next()?.parse().ok()?,
        upstream: field("upstream="),
        traceparent: field("traceparent="),
    })
}

fn is_error_log(l: &LogLine) -> bool {
    l.source == LogSource::Gateway && l.text.contains(" 2841#2841: *")
}

fn conn_of(l: &LogLine) -> String {
    l.text
        .split(" 2841#2841: *")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .unwrap_or("")
        .to_string()
}

fn others(t: &Trace) -> impl Iterator<Item = &LogLine> {
    t.evidence
        .logs
        .iter()
        .filter(move |l| l.trace_id.as_deref() != Some(t.evidence.trace_id.as_str()))
}

/// A host that stops resolving, refuses connections or fails every modern client's TLS checks
/// gets no traffic from anybody: no other client's request shows up behind it.
#[test]
fn nobody_gets_through_to_a_host_the_world_has_cut_off() {
    let server_side = [
        "dns-nxdomain",
        "connection-refused",
        "cert-expired",
        "cert-self-signed",
        "cert-incomplete-chain",
        "cert-hostname-mismatch",
    ];
    for (f, fl, t) in traces() {
        if !server_side.contains(&f.as_str()) {
            continue;
        }
        let behind = match t.evidence.flow {
            Flow::LiveChat => LogSource::LoadBalancer,
            Flow::ApiCall | Flow::BrowserApiCall | Flow::PartnerApiCall => LogSource::Gateway,
            _ => continue,
        };
        let leaked: Vec<&str> = others(&t)
            .filter(|l| l.source == behind)
            .map(|l| l.text.as_str())
            .collect();
        assert!(
            leaked.is_empty(),
            "{f} in {fl}: other clients still reach the host: {leaked:#?}"
        );
    }
}

/// While the upstream refuses connections nobody gets a 200 through the gateway, and while the
/// database is down no service line reports a success that needed it.
#[test]
fn no_success_through_a_component_that_is_down() {
    for (f, fl, t) in traces() {
        let logs = &t.evidence.logs;
        if f == "upstream-down" {
            for l in logs {
                if let Some(a) = access(l) {
                    assert!(
                        a.status >= 300 || a.upstream == "-",
                        "{f} in {fl}: {} got through a dead upstream",
                        l.text
                    );
                }
                assert!(
                    !(l.source == LogSource::App && l.text.contains(" 200 ")),
                    "{f} in {fl}: the dead service logged {}",
                    l.text
                );
            }
        }
        // A database that refuses connections, or a pool with none free: nothing that needed
        // one succeeded.
        if f == "database-down" || f == "db-pool-exhausted" {
            for l in logs.iter().filter(|l| l.source == LogSource::App) {
                assert!(
                    ![" 200 ", " 201 ", " 204 "]
                        .iter()
                        .any(|s| l.text.contains(s)),
                    "{f} in {fl}: {} needed the database that is down",
                    l.text
                );
            }
        }
    }
}

/// A request the gateway answered by itself (401, 404, 429…) never reaches a service.
#[test]
fn a_request_the_gateway_answered_never_reaches_the_app() {
    for (f, fl, t) in traces() {
        let mut by_trace: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
        for l in &t.evidence.logs {
            let id = l.trace_id.as_deref().unwrap_or("");
            let e = by_trace.entry(id).or_insert((true, false));
            if let Some(a) = access(l) {
                e.0 &= a.upstream == "-";
            }
            e.1 |= l.source == LogSource::App;
        }
        for l in &t.evidence.logs {
            let id = l.trace_id.as_deref().unwrap_or("");
            let gw_only = t
                .evidence
                .logs
                .iter()
                .any(|g| g.trace_id == l.trace_id && access(g).is_some())
                && by_trace[id].0;
            assert!(
                !(gw_only && l.source == LogSource::App),
                "{f} in {fl}: trace {id} was answered by the gateway, yet the app logged {}",
                l.text
            );
        }
    }
}

/// Other clients' responses are as long as their bodies: different resources, different sizes.
#[test]
fn response_sizes_vary_with_the_body() {
    let mut sizes: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (_, _, t) in traces().into_iter().filter(|(f, _, _)| f == "healthy") {
        for a in others(&t).filter_map(access).filter(|a| a.status == 200) {
            sizes.entry(a.request).or_default().insert(a.bytes);
        }
    }
    let distinct: BTreeSet<usize> = sizes.values().flatten().copied().collect();
    assert!(
        sizes.len() >= 3,
        "too few kinds of background request: {sizes:?}"
    );
    assert!(
        distinct.len() >= 3,
        "every background response has the same size: {sizes:?}"
    );
}

fn traceparent(x: &Exchange) -> Option<&str> {
    x.request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("traceparent"))
        .map(|(_, v)| v.as_str())
}

/// Every outgoing request (each hop, each attempt) is a span of its own in the same trace, and
/// the gateway logs the span it handled: the one the request carried, or, for a request that
/// came without one (no learner's runtime sends one), a span it started in the same trace.
#[test]
fn every_hop_and_attempt_has_a_span_of_its_own() {
    for (f, fl, t) in traces() {
        let ev = &t.evidence;
        let sent: Vec<&str> = ev.exchanges.iter().filter_map(traceparent).collect();
        let mut parents = BTreeSet::new();
        let mut span = |tp: &str, what: &str| {
            let p: Vec<&str> = tp.split('-').collect();
            assert_eq!(p.len(), 4, "{f} in {fl}: {tp}");
            assert_eq!(p[1], ev.trace_id, "{f} in {fl}: {what} {tp} left the trace");
            assert!(
                parents.insert(p[2].to_string()),
                "{f} in {fl}: {what}'s parent-id {} reused",
                p[2]
            );
        };
        for tp in &sent {
            span(tp, "request");
        }
        for l in &ev.logs {
            if l.trace_id.as_deref() != Some(ev.trace_id.as_str()) {
                continue;
            }
            if let Some(a) = access(l) {
                if a.traceparent != "-" && !sent.contains(&a.traceparent.as_str()) {
                    span(&a.traceparent, "the gateway's started span");
                }
            }
        }
    }
}

/// The resolver log names the host that asked: the engineer's machine for their own calls,
/// the platform's (or the receiver's) servers for server-side calls.
#[test]
fn resolver_lines_come_from_the_host_that_queried() {
    for (f, fl, t) in traces() {
        let ev = &t.evidence;
        let mut askers: BTreeMap<String, BTreeSet<bool>> = BTreeMap::new();
        for x in &ev.exchanges {
            let host = x.request.url.split('/').nth(2).unwrap_or("").to_string();
            askers
                .entry(host)
                .or_default()
                .insert(x.from == Layer::Client);
        }
        for l in ev.logs.iter().filter(|l| l.source == LogSource::Resolver) {
            let Some(rest) = l.text.strip_prefix("query[A] ") else {
                continue;
            };
            let mut w = rest.split_whitespace();
            let host = w.next().unwrap_or("");
            let from = w.nth(1).unwrap_or("");
            let by_client = from == "10.20.0.15";
            // Behind an explicit proxy the client resolves the proxy's name (the command shows
            // `-x`), never the target's: the proxy itself makes no traced exchange.
            if by_client
                && ev.logs.iter().any(|p| p.source == LogSource::Proxy)
                && !askers.contains_key(host)
            {
                continue;
            }
            let who = askers.get(host).cloned().unwrap_or_default();
            assert!(
                who.contains(&by_client),
                "{f} in {fl}: {host} was asked for by {from}, but the callers were {who:?}: {}",
                l.text
            );
        }
    }
}

/// nginx numbers connections: every error-log line about one request carries its `*N`.
#[test]
fn one_request_one_connection_number() {
    for (f, fl, t) in traces() {
        let mut conns: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for l in t.evidence.logs.iter().filter(|l| is_error_log(l)) {
            let req = l.text.split("request: \"").nth(1).unwrap_or("").to_string();
            let id = l.trace_id.clone().unwrap_or_default();
            conns.entry((id, req)).or_default().insert(conn_of(l));
        }
        for ((id, req), n) in conns {
            assert_eq!(
                n.len(),
                1,
                "{f} in {fl}: trace {id} request {req} on connections {n:?}"
            );
        }
    }
}

/// `no live upstreams` is what later requests get once nginx has marked every peer down after
/// its connects failed (within `fail_timeout`, 10 s).
#[test]
fn no_live_upstreams_only_after_the_peers_failed() {
    let mut seen = 0;
    for (f, fl, t) in traces() {
        let logs = &t.evidence.logs;
        for (i, l) in logs.iter().enumerate() {
            if !l.text.contains("no live upstreams") {
                continue;
            }
            seen += 1;
            assert!(
                l.text.contains("upstream: \"http://customers-v2/")
                    || l.text.contains("upstream: \"http://chats-v2/"),
                "{f} in {fl}: {}",
                l.text
            );
            let marked = logs[..i].iter().any(|p| {
                p.text
                    .contains("connect() failed (111: Connection refused)")
                    && l.t_ms - p.t_ms < 10_000
            });
            assert!(marked, "{f} in {fl}: no peer had failed before {}", l.text);
        }
    }
    assert!(
        seen > 0,
        "no trace shows a later request meeting the dead upstream"
    );
}

/// RFC 9457: a problem's `instance` names the resource; never an empty string.
#[test]
fn problem_instances_are_never_empty() {
    for (f, fl, t) in traces() {
        for x in &t.evidence.exchanges {
            let Some(r) = &x.response else { continue };
            let problem = r
                .headers
                .iter()
                .any(|(k, v)| k == "Content-Type" && v.starts_with("application/problem+json"));
            if !problem {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(r.body.as_deref().unwrap_or("{}")).unwrap();
            let inst = v["instance"].as_str().unwrap_or("");
            assert!(
                !inst.is_empty(),
                "{f} in {fl}: {}",
                r.body.clone().unwrap_or_default()
            );
        }
    }
}

/// One rate-limit persona per gateway: raw nginx (`limiting requests` in the error log, the
/// stock 429 page, no RateLimit-*) or an API gateway (problem+json with RateLimit-* headers, no
/// nginx limit_req line), never both in one trace.
#[test]
fn a_gateway_limits_rates_in_one_persona() {
    for (f, fl, t) in traces() {
        let ev = &t.evidence;
        let limit_req = ev
            .logs
            .iter()
            .any(|l| l.source == LogSource::Gateway && l.text.contains("limiting requests"));
        for r in ev.exchanges.iter().filter_map(|x| x.response.as_ref()) {
            let rl = r.headers.iter().any(|(k, _)| k.starts_with("RateLimit-"));
            assert!(
                !(rl && limit_req),
                "{f} in {fl}: limit_req beside RateLimit-*"
            );
            if r.status == 429 {
                let page = r
                    .body
                    .as_deref()
                    .unwrap_or("")
                    .contains("<center>nginx</center>");
                assert_eq!(page, limit_req, "{f} in {fl}: a 429 page unlike its log");
                assert_eq!(rl, !page, "{f} in {fl}: RateLimit-* on the wrong persona");
            }
        }
    }
}
