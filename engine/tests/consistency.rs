//! One world, one truth: every fault × flow is simulated (with and without misleading noise) and
//! its evidence is checked against itself, its story and the world the RunSpec describes. Each
//! test is one invariant a learner relies on when they reason from the logs.

use faultline_engine::layers::integration::RETRY_SCHEDULE_MS;
use faultline_engine::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

mod common;
use common::all_cases;

const SEEDS: [u64; 3] = [1, 7, 1807];

/// Every case (fault, flow) with its traces: plain and with misleading noise, for a few seeds;
/// simulated once for all the tests.
fn traces() -> Vec<(String, String, Trace)> {
    static ALL: OnceLock<Vec<(String, String, Trace)>> = OnceLock::new();
    ALL.get_or_init(simulate_all).clone()
}

fn simulate_all() -> Vec<(String, String, Trace)> {
    let mut out = vec![("healthy".to_string(), String::new(), None)]
        .into_iter()
        .chain(all_cases().into_iter().map(|(f, fl)| (f, fl, Some(()))))
        .flat_map(|(f, fl, faulty)| {
            let flows: Vec<String> = if faulty.is_some() {
                vec![fl]
            } else {
                flows().iter().map(|i| i.id.id().to_string()).collect()
            };
            flows
                .into_iter()
                .map(move |fl| (f.clone(), fl, faulty.is_some()))
        })
        .flat_map(|(f, fl, faulty)| {
            SEEDS.iter().flat_map(move |&seed| {
                let spec = RunSpec {
                    flow: Some(fl.clone()),
                    faults: if faulty {
                        vec![FaultSpec::new(&f)]
                    } else {
                        vec![]
                    },
                    seed,
                    call: None,
                    client: None,
                };
                [false, true].map(|misleading| {
                    let t = simulate_with_noise(&spec, 16, misleading).unwrap();
                    (f.clone(), fl.clone(), t)
                })
            })
        })
        .collect::<Vec<_>>();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

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

/// Only the faults in the RunSpec may break anything: the CRM rejects a session only when a
/// CRM-session fault is in the run.
#[test]
fn the_crm_rejects_a_session_only_when_a_session_fault_says_so() {
    for (f, fl, t) in traces() {
        let text = render_text(&t.evidence);
        if f != "crm-token-expired" {
            assert!(
                !text.contains("INVALID_SESSION_ID"),
                "{f} in {fl}: the CRM rejected a session no fault expired"
            );
        }
    }
}

/// The story is the world's final state: as many tickets as the CRM created, and a failed
/// delivery said so even when the receiver did its work.
#[test]
fn the_ticket_outcome_counts_the_cases_the_crm_holds() {
    for (f, fl, t) in traces() {
        if t.evidence.flow != Flow::CrmTicket {
            continue;
        }
        // The CRM's own record: a case it created stays created, whoever stopped waiting.
        let created = t
            .evidence
            .logs
            .iter()
            .filter(|l| l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str()))
            .filter(|l| l.source == LogSource::Crm)
            .filter(|l| {
                l.text
                    .contains("METHOD=POST URI=/services/data/v59.0/sobjects/Case STATUS_CODE=201 ")
            })
            .count();
        let o = &t.evidence.outcome;
        let want = match created {
            0 => "no ticket appeared",
            1 => "the ticket appeared",
            _ => "identical tickets appeared",
        };
        assert!(
            o.contains(want),
            "{f} in {fl}: {created} cases, outcome {o:?}"
        );
        assert_eq!(t.evidence.story.actual, *o, "{f} in {fl}");
        let failed = t
            .evidence
            .logs
            .iter()
            .any(|l| l.text.contains("failed permanently"));
        assert_eq!(
            failed && created > 0,
            o.contains("marked failed"),
            "{f} in {fl}: {o:?}"
        );
    }
}

/// The four-identical-tickets scenario: a slow receiver that does its work after the platform
/// gave up leaves one case per attempt, and the outcome says so.
#[test]
fn a_receiver_slower_than_the_delivery_timeout_leaves_duplicate_tickets() {
    let t = simulate(&RunSpec {
        flow: Some("crm-ticket".into()),
        faults: vec![FaultSpec::new("webhook-timeout").with("processing_ms", 24000)],
        seed: 1807,
        call: None,
        client: None,
    })
    .unwrap();
    assert_eq!(
        t.evidence.outcome,
        "Chat ended; eight identical tickets appeared in the CRM, yet the delivery is marked failed."
    );
}

/// Artefacts are read at investigation time: an endpoint disabled during the run is disabled
/// in the settings page too.
#[test]
fn settings_are_read_at_investigation_time() {
    for (f, fl, t) in traces() {
        let disabled = t.evidence.logs.iter().any(|l| {
            l.text.contains("endpoint disabled after") || l.text.contains("endpoint is disabled")
        });
        let Some(settings) = t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.title.starts_with("Integration settings"))
        else {
            continue;
        };
        assert_eq!(
            disabled,
            settings.body.contains("status: disabled"),
            "{f} in {fl}: settings say\n{}",
            settings.body
        );
    }
}

/// Seconds since the epoch of `2026-06-25T17:22:18Z`.
/// The endpoint's state agrees across the delivery history, the worker's log and the settings:
/// disabled (by the worker after days of failures, or by hand) everywhere, or enabled everywhere.
#[test]
fn the_endpoint_state_agrees_across_artefacts() {
    for (f, fl, t) in traces() {
        let ev = &t.evidence;
        let (Some(h), Some(s)) = (
            ev.artifacts.iter().find(|a| a.kind == "delivery-log"),
            ev.artifacts
                .iter()
                .find(|a| a.title.starts_with("Integration settings")),
        ) else {
            continue;
        };
        let disabled = s.body.contains("status: disabled");
        let said_disabled = h.body.contains("endpoint disabled ")
            || ev
                .logs
                .iter()
                .any(|l| l.text.contains("endpoint is disabled"));
        assert_eq!(
            disabled, said_disabled,
            "{f} in {fl}:\n{}\n{}",
            h.body, s.body
        );
        if h.body.contains("endpoint still enabled") {
            assert!(!disabled, "{f} in {fl}: {}", s.body);
        }
    }
}

fn secs(iso: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| iso[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
}

/// Each retry is due its delay after the previous attempt failed, not after the first started.
#[test]
fn retries_count_from_when_the_attempt_failed() {
    let mut checked = 0;
    for (f, fl, t) in traces() {
        for a in t
            .evidence
            .artifacts
            .iter()
            .filter(|a| a.kind == "delivery-log")
        {
            for line in a.body.lines().filter(|l| l.contains("  attempt ")) {
                let cols: Vec<&str> = line.split("  ").collect();
                let Some(next) = line.split("next: ").nth(1) else {
                    continue;
                };
                let next = next.split_whitespace().next().unwrap_or("-");
                if next == "-" {
                    continue;
                }
                let n: usize = cols[1].trim_start_matches("attempt ").parse().unwrap();
                let lat: i64 = cols
                    .iter()
                    .find_map(|c| c.strip_suffix(" ms"))
                    .and_then(|c| c.parse().ok())
                    .unwrap();
                let failed_at = secs(cols[0]) * 1000 + lat;
                let due = secs(next) * 1000;
                let want = failed_at + RETRY_SCHEDULE_MS[n];
                assert!(
                    (due - want).abs() <= 1000,
                    "{f} in {fl}: attempt {n} failed at {failed_at}, next due {due}, want {want}: {line}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} retries checked");
}

fn traceparent(x: &Exchange) -> Option<&str> {
    x.request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("traceparent"))
        .map(|(_, v)| v.as_str())
}

/// Every outgoing request (each hop, each attempt) is a span of its own in the same trace, and
/// the gateway logs the span it handled.
#[test]
fn every_hop_and_attempt_has_a_span_of_its_own() {
    for (f, fl, t) in traces() {
        let ev = &t.evidence;
        let sent: Vec<&str> = ev.exchanges.iter().filter_map(traceparent).collect();
        let mut parents = BTreeSet::new();
        for tp in &sent {
            let p: Vec<&str> = tp.split('-').collect();
            assert_eq!(p.len(), 4, "{f} in {fl}: {tp}");
            assert_eq!(p[1], ev.trace_id, "{f} in {fl}: {tp} left the trace");
            assert!(
                parents.insert(p[2]),
                "{f} in {fl}: parent-id {} reused",
                p[2]
            );
        }
        for l in &ev.logs {
            if l.trace_id.as_deref() != Some(ev.trace_id.as_str()) {
                continue;
            }
            if let Some(a) = access(l) {
                assert!(
                    sent.contains(&a.traceparent.as_str()) || a.traceparent == "-",
                    "{f} in {fl}: the gateway logged span {} no request carried",
                    a.traceparent
                );
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
