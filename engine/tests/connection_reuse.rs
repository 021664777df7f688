//! Chrome sends the call that follows a CORS preflight on the HTTP/2 connection the preflight
//! opened (neither carries credentials, so they share a socket pool): one lookup, one connect,
//! one handshake for the API host, and the call's timings say the phases did not apply.

mod common;

use faultline_engine::*;

const FLOWS: [&str; 2] = ["browser-api-call", "crm-lookup"];

fn run(flow: &str, fault: Option<&str>, seed: u64) -> Option<Trace> {
    simulate(&RunSpec {
        flow: Some(flow.into()),
        faults: fault.into_iter().map(FaultSpec::new).collect(),
        seed,
        ..Default::default()
    })
    .ok()
}

/// The preflight and the call after it, when the preflight was answered and the call was sent.
fn pair(ev: &Evidence) -> Option<(usize, usize)> {
    let pre = ev
        .exchanges
        .iter()
        .position(|x| x.from == Layer::Client && x.request.method == "OPTIONS")?;
    let url = &ev.exchanges[pre].request.url;
    let call = ev.exchanges[pre + 1..]
        .iter()
        .position(|x| x.from == Layer::Client && &x.request.url == url)?;
    Some((pre, pre + 1 + call))
}

#[test]
fn the_call_after_a_preflight_reuses_its_connection() {
    for flow in FLOWS {
        for seed in 1..6 {
            let t = run(flow, None, seed).unwrap();
            let ev = &t.evidence;
            let (pre, call) = pair(ev).unwrap_or_else(|| panic!("{flow} seed {seed}"));
            let (p, c) = (&ev.exchanges[pre], &ev.exchanges[call]);
            assert!(p.timings.dns >= 0 && p.timings.connect > 0 && p.timings.ssl > 0);
            assert_eq!(
                (c.timings.dns, c.timings.connect, c.timings.ssl),
                (-1, -1, -1),
                "{flow} seed {seed}"
            );
            assert!(c.timings.send >= 0 && c.timings.wait > 0);
            assert_eq!(c.server_ip, p.server_ip);
            // One lookup, one connect and one handshake for the API host on the timeline, and
            // one query for it in the resolver's log.
            let count = |what: &str| {
                ev.events
                    .iter()
                    .filter(|e| e.from == Layer::Client && e.summary.starts_with(what))
                    .filter(|e| {
                        e.summary.contains("api.example.com")
                            || p.server_ip
                                .as_deref()
                                .is_some_and(|ip| e.summary.contains(&format!("{ip}:443")))
                    })
                    .count()
            };
            assert_eq!(count("Resolve "), 1, "{flow} seed {seed}");
            assert_eq!(count("TCP connect "), 1, "{flow} seed {seed}");
            assert_eq!(count("TLS handshake "), 1, "{flow} seed {seed}");
            let queries = ev
                .logs
                .iter()
                .filter(|l| l.source == LogSource::Resolver)
                .filter(|l| l.text.contains("query[A] api.example.com from 10.20."))
                .count();
            assert_eq!(queries, 1, "{flow} seed {seed}");
            // The HAR export says the phases did not apply.
            let har = text::har(ev);
            let timings = &har["log"]["entries"][call]["timings"];
            for phase in ["dns", "connect", "ssl"] {
                assert_eq!(timings[phase], -1, "{flow} seed {seed}: {phase}");
            }
        }
    }
}

/// A preflight that fails below HTTP (DNS, TCP, TLS) rejects the fetch: the call is never
/// sent. A preflight answered and allowed is followed by the call, on its connection.
#[test]
fn a_preflight_that_fails_to_connect_is_never_followed_by_the_call() {
    let (mut failed, mut reused) = (0, 0);
    for (fault, flow) in common::all_cases() {
        if !FLOWS.contains(&flow.as_str()) {
            continue;
        }
        let Some(t) = run(&flow, Some(&fault), 5) else {
            continue;
        };
        let ev = &t.evidence;
        let Some(pre) = ev
            .exchanges
            .iter()
            .position(|x| x.from == Layer::Client && x.request.method == "OPTIONS")
        else {
            continue;
        };
        let p = &ev.exchanges[pre];
        let later = ev.exchanges[pre + 1..]
            .iter()
            .filter(|x| x.from == Layer::Client && x.request.url == p.request.url)
            .collect::<Vec<_>>();
        if p.response.is_none() {
            assert!(p.client_error.is_some(), "{fault} on {flow}");
            assert!(later.is_empty(), "{fault} on {flow}: the call went out");
            failed += 1;
            continue;
        }
        for x in later {
            // Blocked by CORS: listed, never sent; sent: on the preflight's connection.
            if x.response.is_some() || x.timings.send >= 0 {
                assert_eq!(
                    (x.timings.dns, x.timings.connect, x.timings.ssl),
                    (-1, -1, -1),
                    "{fault} on {flow}"
                );
                reused += 1;
            }
        }
    }
    assert!(failed >= 5, "only {failed} preflights failed to connect");
    assert!(reused >= 15, "only {reused} calls after a preflight");
}

/// The HAR export names the socket of each entry as Chrome does (`connection`): the call after a
/// preflight shares the preflight's, an entry that connected has one no earlier entry had, and an
/// entry never sent has none.
#[test]
fn the_har_names_each_entry_s_connection() {
    let (mut shared, mut unsent) = (0, 0);
    for (fault, flow) in common::all_cases() {
        let Some(t) = run(&flow, Some(&fault), 3) else {
            continue;
        };
        let ev = &t.evidence;
        let har = text::har(ev);
        let entries = har["log"]["entries"].as_array().unwrap();
        let ids: Vec<Option<&str>> = entries.iter().map(|e| e["connection"].as_str()).collect();
        for (i, x) in ev.exchanges.iter().enumerate() {
            if x.timings.send < 0 {
                assert_eq!(ids[i], None, "{fault} on {flow}: entry {i} was never sent");
                unsent += 1;
                continue;
            }
            let id =
                ids[i].unwrap_or_else(|| panic!("{fault} on {flow}: entry {i} has no connection"));
            assert!(id.parse::<u64>().is_ok(), "{fault} on {flow}: {id}");
            if x.timings.connect >= 0 {
                assert!(
                    !ids[..i].contains(&Some(id)),
                    "{fault} on {flow}: entry {i} connected, yet reuses {id}"
                );
            }
        }
        if let Some((pre, call)) = pair(ev) {
            if ev.exchanges[call].timings.send >= 0 {
                assert_eq!(ids[call], ids[pre], "{fault} on {flow}");
                shared += 1;
            }
        }
    }
    assert!(shared >= 15, "only {shared} calls after a preflight");
    assert!(unsent >= 5, "only {unsent} entries never sent");
}
