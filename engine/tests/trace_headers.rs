//! How the platform traces a request and names it back: no runtime sends a `traceparent` its
//! code never sets (only the agent desktop's instrumented fetch does), the gateway starts the
//! trace for every request that comes without one (CORS preflights too) and answers with
//! `X-Request-Id`, its own errors included; the desktop's customer-panel call is preflighted
//! like its API calls.

mod common;

use faultline_engine::*;

/// No learner's runtime sends a `traceparent` (only the agent desktop, whose fetch is
/// instrumented and says so); the gateway starts the trace, logs the span it forwards and
/// answers with the trace id.
#[test]
fn no_scripted_client_sends_a_traceparent_and_the_gateway_starts_the_trace() {
    let mut checked = 0;
    for (fault, flow) in common::all_cases() {
        for rt in runtime::Runtime::for_flow(Flow::parse(&flow).unwrap()) {
            let Ok(t) = common::run_fault(&fault, &flow, Some(rt.id()), 5) else {
                continue;
            };
            let ev = &t.evidence;
            let instrumented = flow == "browser-api-call" || flow == "crm-lookup";
            for x in ev.exchanges.iter().filter(|x| x.from == Layer::Client) {
                let sent = sim::header(&x.request.headers, "traceparent");
                assert!(
                    sent.is_none() || instrumented,
                    "{fault} on {flow} with {}: sent {sent:?}",
                    rt.id()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 500, "only {checked} requests");
    // The gateway's line for the call carries the span it started; the answer its trace id.
    let t = simulate(&common::api_call("python", None, &[])).unwrap();
    let ev = &t.evidence;
    let line = ev
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::Gateway
                && l.trace_id.as_deref() == Some(&ev.trace_id)
                && l.text.contains("python-requests")
        })
        .unwrap();
    assert!(
        line.text
            .ends_with(&format!(" traceparent={}", ev.correlation)),
        "{}",
        line.text
    );
    let r = ev.exchanges[0].response.as_ref().unwrap();
    assert_eq!(
        sim::header(&r.headers, "x-request-id"),
        Some(ev.trace_id.as_str())
    );
}

/// The agent desktop's instrumented fetch sends the span it opens, and its preflight asks for it.
#[test]
fn the_instrumented_agent_desktop_sends_its_traceparent_and_asks_for_it_first() {
    let t = simulate(&RunSpec {
        flow: Some("browser-api-call".into()),
        seed: 3,
        ..Default::default()
    })
    .unwrap();
    let ev = &t.evidence;
    assert!(ev.client.action.contains("OpenTelemetry"));
    let pre = &ev.exchanges[0].request.headers;
    assert_eq!(
        sim::header(pre, "access-control-request-headers"),
        Some("authorization,traceparent")
    );
    let call = &ev.exchanges[1].request.headers;
    assert_eq!(
        sim::header(call, "traceparent"),
        Some(ev.correlation.as_str())
    );
    assert_eq!(sim::header(call, "accept"), Some("*/*"));
}

/// The gateway starts a trace for every request that comes without one, a CORS preflight too
/// (the browser never puts the page's headers on it): its access line shows the span the
/// gateway started, of a trace of its own, and is labelled with that trace; no access line
/// says `traceparent=-`.
#[test]
fn the_gateway_starts_a_trace_for_the_preflight_too() {
    for fault in [None, Some("cors-origin-not-allowed")] {
        let t = simulate(&RunSpec {
            flow: Some("browser-api-call".into()),
            faults: fault.into_iter().map(FaultSpec::new).collect(),
            seed: 3,
            ..Default::default()
        })
        .unwrap();
        let ev = &t.evidence;
        let line = ev
            .logs
            .iter()
            .find(|l| l.source == LogSource::Gateway && l.text.contains("\"OPTIONS "))
            .expect("the preflight's access line");
        let span = line.text.split(" traceparent=").nth(1).unwrap();
        assert_eq!(span.len(), 55, "{}", line.text);
        let id = &span[3..35];
        assert_ne!(id, ev.trace_id);
        assert_eq!(line.trace_id.as_deref(), Some(id), "{fault:?}");
        // Its answer names that trace, as every answer of the gateway's does.
        let pre = ev.exchanges[0].response.as_ref().unwrap();
        assert_eq!(sim::header(&pre.headers, "x-request-id"), Some(id));
    }
    for (fault, flow) in common::all_cases() {
        let Ok(t) = common::run_fault(&fault, &flow, None, 5) else {
            continue;
        };
        for l in t
            .evidence
            .logs
            .iter()
            .filter(|l| l.source == LogSource::Gateway)
        {
            assert!(!l.text.ends_with("traceparent=-"), "{fault}: {}", l.text);
        }
    }
}

/// `add_header X-Request-Id … always`: the gateway's own errors carry the request id as its
/// proxied answers do (the CORS policy exposes it on errors too).
#[test]
fn the_gateways_own_errors_carry_the_request_id_too() {
    for fault in [
        "expired-token",
        "waf-blocked",
        "rate-limit-quota",
        "upstream-down",
        "slow-backend",
    ] {
        let t = simulate(&common::api_call("curl", None, &[fault])).unwrap();
        let ev = &t.evidence;
        let r = ev
            .exchanges
            .iter()
            .filter(|x| x.from == Layer::Client)
            .filter_map(|x| x.response.as_ref())
            .next_back()
            .unwrap_or_else(|| panic!("{fault}: no answer"));
        assert!(r.status >= 400, "{fault}: {}", r.status);
        assert_eq!(
            sim::header(&r.headers, "x-request-id"),
            Some(ev.trace_id.as_str()),
            "{fault}"
        );
    }
}

/// The crm-lookup's customer-panel call is the same instrumented cross-origin fetch from the
/// same desktop: the same header block as browser-api-call's call, fetch's `Accept: */*`.
#[test]
fn the_desktops_customer_panel_call_is_the_same_fetch_as_its_api_calls() {
    let names = |flow: &str| {
        let t = simulate(&RunSpec {
            flow: Some(flow.into()),
            seed: 3,
            ..Default::default()
        })
        .unwrap();
        let x = t
            .evidence
            .exchanges
            .iter()
            .find(|x| x.from == Layer::Client && x.request.method == "GET")
            .unwrap()
            .clone();
        (x, t.evidence.correlation.clone())
    };
    let (api, _) = names("browser-api-call");
    let (panel, correlation) = names("crm-lookup");
    assert!(panel.request.url.ends_with("/customer-context"));
    let keys = |x: &Exchange| -> Vec<String> {
        x.request.headers.iter().map(|(k, _)| k.clone()).collect()
    };
    assert_eq!(keys(&panel), keys(&api));
    let h = &panel.request.headers;
    assert_eq!(sim::header(h, "accept"), Some("*/*"));
    assert_eq!(sim::header(h, "origin"), Some("https://agent.example.com"));
    assert_eq!(sim::header(h, "sec-fetch-mode"), Some("cors"));
    assert_eq!(sim::header(h, "traceparent"), Some(correlation.as_str()));
}

/// The customer-panel call carries Authorization and traceparent, so Chrome sends a CORS
/// preflight first, as for browser-api-call's call (the chat's URL is new: nothing cached), the
/// gateway answers it itself (its access line, under a trace of its own) and the panel's answer
/// carries the CORS headers that let the page read it.
#[test]
fn the_customer_panel_call_is_preflighted_like_the_desktops_api_calls() {
    let run = |flow: &str| {
        simulate(&RunSpec {
            flow: Some(flow.into()),
            seed: 3,
            ..Default::default()
        })
        .unwrap()
    };
    let api = run("browser-api-call");
    let t = run("crm-lookup");
    let ev = &t.evidence;
    let (pre, panel) = (&ev.exchanges[0], &ev.exchanges[1]);
    assert_eq!(pre.request.method, "OPTIONS");
    assert_eq!(pre.to, Layer::Gateway);
    assert_eq!(pre.request.url, panel.request.url);
    assert_eq!(panel.request.method, "GET");
    let names = |x: &Exchange| -> Vec<String> {
        x.request.headers.iter().map(|(k, _)| k.clone()).collect()
    };
    assert_eq!(names(pre), names(&api.evidence.exchanges[0]));
    let h = &pre.request.headers;
    assert_eq!(
        sim::header(h, "access-control-request-headers"),
        Some("authorization,traceparent")
    );
    assert_eq!(sim::header(h, "access-control-request-method"), Some("GET"));
    let r = pre.response.as_ref().unwrap();
    assert_eq!(r.status, 204);
    assert_eq!(
        sim::header(&r.headers, "access-control-allow-origin"),
        Some("https://agent.example.com")
    );
    let id = sim::header(&r.headers, "x-request-id").unwrap();
    let path = panel.request.url.split("api.example.com").nth(1).unwrap();
    let line = ev
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::Gateway
                && l.text
                    .contains(&format!("\"OPTIONS {path} HTTP/2.0\" 204 0 "))
        })
        .expect("the gateway's access line for the preflight");
    assert_eq!(line.trace_id.as_deref(), Some(id));
    assert!(
        line.text.contains(" upstream=- traceparent=00-"),
        "{}",
        line.text
    );
    let r = panel.response.as_ref().unwrap();
    assert_eq!(
        sim::header(&r.headers, "access-control-allow-origin"),
        Some("https://agent.example.com")
    );
    assert_eq!(
        sim::header(&r.headers, "x-request-id"),
        Some(ev.trace_id.as_str())
    );
}
