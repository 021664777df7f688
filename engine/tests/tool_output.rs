//! Tool output as the real tools print it: curl 8.5's error lines and the command that implies
//! them, nginx's access and error logs, Node 20's JSON errors behind Express, stock error pages,
//! Salesforce's event type. Each test renders a trace as `faultline trace --format text` does.

use faultline_engine::*;

fn text(flow: &str, fault: &str, seed: u64) -> String {
    let faults: Vec<FaultSpec> = if fault.is_empty() {
        vec![]
    } else {
        vec![FaultSpec::new(fault)]
    };
    render_text(&simulate_simple(Some(flow), &faults, seed).unwrap().evidence)
}

fn trace(flow: &str, fault: &str, seed: u64) -> Trace {
    simulate_simple(Some(flow), &[FaultSpec::new(fault)], seed).unwrap()
}

#[test]
fn curl_8_5_says_couldnt_connect_for_a_refused_connection() {
    let t = text("api-call", "connection-refused", 5);
    let line = t.lines().find(|l| l.starts_with("! curl: (7)")).unwrap();
    let ms: &str = line
        .split(" after ")
        .nth(1)
        .and_then(|r| r.split(" ms: ").next())
        .unwrap();
    assert!(ms.parse::<u32>().is_ok(), "{line}");
    assert!(line.starts_with("! curl: (7) Failed to connect to api.example.com port 443 after "));
    assert!(line.ends_with(" ms: Couldn't connect to server"), "{line}");
}

#[test]
fn a_connect_timeout_is_the_one_the_command_sets() {
    let t = text("api-call", "firewall-block", 5);
    assert!(
        t.contains("curl -sS -i --connect-timeout 10 --max-time 120 -X GET"),
        "{t}"
    );
    let line = t.lines().find(|l| l.starts_with("! curl: (28)")).unwrap();
    assert!(
        line.starts_with("! curl: (28) Failed to connect to api.example.com port 443 after 100")
            && line.ends_with(" ms: Timeout was reached"),
        "{line}"
    );
}

#[test]
fn a_short_body_gets_an_empty_reply_and_a_logged_408() {
    let t = trace("api-call", "content-length-mismatch", 5);
    let x = &t.evidence.exchanges[0];
    assert_eq!(
        x.client_error.as_deref(),
        Some("curl: (52) Empty reply from server")
    );
    assert!(x.response.is_none());
    let access = t
        .evidence
        .logs
        .iter()
        .find(|l| l.source == LogSource::Gateway && l.text.contains("\" 408 "))
        .expect("the gateway logs the 408");
    assert!(access.text.contains("\" 408 0 \"-\""), "{}", access.text);
    assert_eq!(solve(&t.evidence).layer, Some(Layer::Client));
}

#[test]
fn limit_req_logs_at_error_with_a_fractional_excess() {
    // The client's own storm meets raw nginx's limit_req (rate=10r/s burst=20).
    let t = text("api-call", "request-loop", 5);
    let line = t.lines().find(|l| l.contains("limiting requests")).unwrap();
    assert!(line.contains(" [error] 2841#2841: *"), "{line}");
    let excess = line
        .split("limiting requests, excess: ")
        .nth(1)
        .and_then(|r| r.split(" by zone \"per_client\"").next())
        .unwrap();
    let (whole, frac) = excess.split_once('.').unwrap();
    assert_eq!(whole, "20", "{line}");
    assert!(frac.len() == 3 && frac.parse::<u32>().is_ok(), "{line}");
    // nginx's stock page with the Retry-After the config adds, and no RateLimit-* headers.
    assert!(
        t.contains("<head><title>429 Too Many Requests</title></head>"),
        "{t}"
    );
    assert!(
        t.contains("< Retry-After: 1\n") && !t.contains("RateLimit-"),
        "{t}"
    );
}

#[test]
fn a_plan_quota_is_an_api_gateways_429_with_ratelimit_headers() {
    let t = text("api-call", "rate-limit-quota", 5);
    assert!(!t.contains("limiting requests"), "{t}");
    for h in [
        "< RateLimit-Limit: 50",
        "< RateLimit-Remaining: 0",
        "< RateLimit-Reset: ",
        "< Retry-After: ",
    ] {
        assert!(t.contains(h), "{h} missing: {t}");
    }
}

/// The `Retry-After` the first response carries, over seeds 1 to 7.
fn retry_after_values(fault: &str) -> std::collections::BTreeSet<String> {
    (1..8)
        .map(|seed| {
            let t = trace("api-call", fault, seed);
            let r = t.evidence.exchanges[0].response.clone().unwrap();
            r.headers
                .iter()
                .find(|(k, _)| k == "Retry-After")
                .map(|(_, v)| v.clone())
                .unwrap()
        })
        .collect()
}

#[test]
fn an_overloaded_service_spreads_its_retry_after() {
    let values = retry_after_values("backend-overloaded");
    assert!(values.len() >= 3, "Retry-After barely varies: {values:?}");
}

#[test]
fn retry_after_depends_on_where_the_quota_window_is() {
    let values = retry_after_values("rate-limit-quota");
    assert!(values.len() >= 5, "Retry-After barely varies: {values:?}");
}

#[test]
fn an_http2_request_is_logged_as_http_2_0() {
    let t = trace("browser-api-call", "expired-token", 3);
    let lines: Vec<&str> = t
        .evidence
        .logs
        .iter()
        .filter(|l| {
            l.source == LogSource::Gateway && l.trace_id.as_deref() == Some(&t.evidence.trace_id)
        })
        .map(|l| l.text.as_str())
        .collect();
    assert!(!lines.is_empty());
    for l in lines.iter().filter(|l| l.contains(" - - [")) {
        assert!(l.contains(" HTTP/2.0\" "), "{l}");
    }
}

/// nginx's `$request_time` runs from the request's first byte to the response's last: not the
/// client's DNS lookup, TCP connect or TLS handshake.
#[test]
fn rt_is_the_servers_request_time() {
    let t = trace("api-call", "slow-backend", 4);
    let x = &t.evidence.exchanges[0];
    let line = t
        .evidence
        .logs
        .iter()
        .find(|l| l.source == LogSource::Gateway && l.text.contains(" rt="))
        .unwrap();
    let rt: f64 = line
        .text
        .split(" rt=")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap();
    let rt_ms = (rt * 1000.0).round() as i64;
    assert!(
        rt_ms <= x.timings.wait,
        "rt {rt_ms} ms > wait {}",
        x.timings.wait
    );
    assert!(
        rt_ms >= x.timings.wait - 2 * 200,
        "rt {rt_ms} ms far below wait {}",
        x.timings.wait
    );
}

#[test]
fn a_body_parser_error_is_node_20s_json_parse_message() {
    let t = text("api-call", "malformed-json", 5);
    assert!(
        t.contains("SyntaxError: Expected ',' or '}' after property value in JSON at position "),
        "{t}"
    );
    assert!(
        !t.contains("at line 1 column"),
        "serde's wording leaked: {t}"
    );
}

#[test]
fn stock_nginx_pages_have_no_charset() {
    let t = trace("api-call", "upstream-down", 5);
    let r = t.evidence.exchanges[0].response.clone().unwrap();
    let ct = r.headers.iter().find(|(k, _)| k == "Content-Type").unwrap();
    assert_eq!(ct.1, "text/html");
    assert!(r.body.unwrap().contains("<center>nginx</center>"));
}

#[test]
fn crm_rest_calls_are_restapi_events() {
    let t = text("crm-lookup", "crm-record-not-found", 5);
    assert!(t.contains("EVENT_TYPE=RestApi "), "{t}");
    assert!(!t.contains("EVENT_TYPE=ApiRequest"));
}

#[test]
fn quotes_inside_access_log_values_are_escaped_like_nginx() {
    assert_eq!(
        util::nginx_escape("GET /x?q=\"a\\b\" HTTP/1.1"),
        "GET /x?q=\\x22a\\x5Cb\\x22 HTTP/1.1"
    );
    assert_eq!(util::nginx_escape("café"), "caf\\xC3\\xA9");
}

#[test]
fn a_websocket_in_the_har_is_tagged_and_carries_its_frames_like_chrome() {
    let t = simulate_simple(Some("live-chat"), &[], 3).unwrap();
    let h = har(&t.evidence);
    let ws = h["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["response"]["status"] == 101)
        .expect("the handshake entry");
    assert_eq!(ws["_resourceType"], "websocket");
    let msgs = ws["_webSocketMessages"].as_array().unwrap();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert_eq!(msgs[0]["type"], "send");
    assert_eq!(msgs[1]["type"], "receive");
    assert_eq!(msgs[0]["opcode"], 1);
    assert_eq!(
        msgs[1]["data"], "{\"type\":\"ack\"}",
        "the frame is its payload only"
    );
    let started = util::parse_iso_ms(ws["startedDateTime"].as_str().unwrap()).unwrap() as f64;
    let first = msgs[0]["time"].as_f64().unwrap() * 1000.0;
    assert!(
        first > started && first < started + 10_000.0,
        "{first} vs {started}"
    );
}

fn artifact(t: &Trace, kind: &str) -> String {
    t.evidence
        .artifacts
        .iter()
        .find(|a| a.kind == kind)
        .map(|a| a.body.clone())
        .unwrap_or_else(|| panic!("no {kind} artifact"))
}

#[test]
fn dig_prints_what_dig_prints() {
    let t = trace("api-call", "dns-nxdomain", 5);
    let dig = artifact(&t, "dns");
    // `+noall +answer` on a name that does not exist prints nothing at all.
    assert!(
        dig.starts_with(
            "$ dig +noall +answer api.example.com\n\n$ dig api.example.com @ns1.example.com\n"
        ),
        "{dig}"
    );
    let header = dig
        .lines()
        .find(|l| l.starts_with(";; ->>HEADER<<-"))
        .unwrap();
    assert!(
        header.starts_with(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: "),
        "{header}"
    );
    assert!(header.rsplit("id: ").next().unwrap().parse::<u16>().is_ok());
    assert!(
        dig.contains(";; AUTHORITY SECTION:\nexample.com.\t\t300\tIN\tSOA\t"),
        "{dig}"
    );
    let ok = trace("api-call", "dns-stale-record", 5);
    let dig = artifact(&ok, "dns");
    assert!(dig.contains("status: NOERROR, id: "), "{dig}");
    assert!(dig.contains(";; ANSWER SECTION:\napi.example.com.\t300\tIN\tA\t198.51.100.20\n"));
}

#[test]
fn openssl_shows_the_chain_and_the_verify_code() {
    let t = trace("api-call", "cert-incomplete-chain", 5);
    let c = artifact(&t, "certificate");
    assert!(
        c.contains("Certificate chain\n 0 s:CN = api.example.com\n   i:CN = "),
        "{c}"
    );
    assert!(
        !c.contains(" 1 s:"),
        "the server sends no intermediate: {c}"
    );
    assert!(c.contains("    Verify return code: 21 (unable to verify the first certificate)\n"));
    let t = trace("api-call", "cert-expired", 5);
    let c = artifact(&t, "certificate");
    assert!(c.contains(" 1 s:CN = "), "{c}");
    assert!(c.contains("    Verify return code: 10 (certificate has expired)\n"));
    for invented in ["Protocols accepted", "chain depth sent"] {
        assert!(!c.contains(invented), "{invented}: {c}");
    }
}

#[test]
fn quotes_inside_a_quoted_log_value_are_escaped() {
    let t = text("api-call", "wrong-auth-scheme", 5);
    let line = t
        .lines()
        .find(|l| l.contains("authn result=missing_token"))
        .unwrap();
    assert!(
        line.contains("reason=\"unsupported scheme \\\"Token\\\"\" path="),
        "{line}"
    );
}

#[test]
fn a_sql_null_reaches_the_node_service_as_null() {
    // The tier column is NULL for the record; node-postgres maps SQL NULL to JavaScript's
    // `null`, so V8's message names null, never undefined.
    for seed in 1..4 {
        let out = text("api-call", "backend-exception", seed);
        assert!(
            out.contains("TypeError: Cannot read properties of null (reading 'toUpperCase')"),
            "seed {seed}:\n{out}"
        );
        assert!(!out.contains("properties of undefined"), "seed {seed}");
    }
}
