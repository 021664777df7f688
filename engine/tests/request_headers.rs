//! What each learner's runtime puts on the wire: the header set and its order around the headers
//! the code sets itself (curl 8.5.0, requests 2.32.3, axios 1.7.2 on Node 20, java.net.http on
//! Java 21, Guzzle 7 on PHP 8.3, Postman 7.39.0, Chrome), and that none of them sends a
//! `traceparent` its code never sets: the gateway starts the trace for the request.

mod common;

use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

fn spec(client: &str, call: Option<(&str, &str)>, faults: &[&str]) -> RunSpec {
    RunSpec {
        flow: Some("api-call".into()),
        faults: faults.iter().map(|f| FaultSpec::new(f)).collect(),
        seed: 3,
        call: call.map(|(m, p)| CallSpec {
            method: m.into(),
            path: p.into(),
        }),
        client: Some(client.into()),
    }
}

/// The first request the client sent: its header block, values with the token and the
/// Postman-Token shown as placeholders.
fn wire(client: &str, call: Option<(&str, &str)>) -> (Vec<String>, Trace) {
    let t = simulate(&spec(client, call, &[])).unwrap();
    let x = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.from == Layer::Client)
        .unwrap();
    let lines = x
        .request
        .headers
        .iter()
        .map(|(k, v)| {
            let v = if k == "Authorization" {
                "Bearer <token>".to_string()
            } else if k == "Postman-Token" {
                "<uuid>".to_string()
            } else {
                v.clone()
            };
            format!("{k}: {v}")
        })
        .collect();
    (lines, t)
}

fn get(client: &str) -> Vec<String> {
    wire(client, None).0
}

#[test]
fn curl_sends_host_its_agent_and_any_type_then_the_command_headers() {
    assert_eq!(
        get("curl"),
        [
            "Host: api.example.com",
            "User-Agent: curl/8.5.0",
            "Accept: */*",
            "Authorization: Bearer <token>",
        ]
    );
}

#[test]
fn requests_sends_its_session_headers_after_host_then_the_codes() {
    assert_eq!(
        get("python"),
        [
            "Host: api.example.com",
            "User-Agent: python-requests/2.32.3",
            "Accept-Encoding: gzip, deflate",
            "Accept: */*",
            "Connection: keep-alive",
            "Authorization: Bearer <token>",
        ]
    );
}

#[test]
fn axios_sends_its_defaults_around_the_codes_and_node_adds_host_and_connection_last() {
    assert_eq!(
        get("node"),
        [
            "Accept: application/json, text/plain, */*",
            "Authorization: Bearer <token>",
            "User-Agent: axios/1.7.2",
            "Accept-Encoding: gzip, compress, deflate, br",
            "Host: api.example.com",
            "Connection: keep-alive",
        ]
    );
}

#[test]
fn java_http_client_sends_its_sorted_system_headers_then_the_codes_and_no_accept() {
    let (h, t) = wire("java", None);
    assert_eq!(
        h,
        [
            "Host: api.example.com",
            "User-Agent: Java-http-client/21.0.4",
            "Authorization: Bearer <token>",
        ]
    );
    // A GET built with `.GET()`: no body publisher, so no `Content-Length: 0`.
    assert!(t.evidence.client.action.contains("\n    .GET().build();"));
}

#[test]
fn guzzle_sends_host_its_agent_then_the_codes_and_blanks_curls_accept() {
    assert_eq!(
        get("php"),
        [
            "Host: api.example.com",
            "User-Agent: GuzzleHttp/7",
            "Authorization: Bearer <token>",
        ]
    );
}

#[test]
fn postman_sends_the_requests_headers_then_its_own_with_a_token_per_request() {
    let (h, t) = wire("postman", None);
    assert_eq!(
        h,
        [
            "Authorization: Bearer <token>",
            "User-Agent: PostmanRuntime/7.39.0",
            "Accept: */*",
            "Postman-Token: <uuid>",
            "Host: api.example.com",
            "Accept-Encoding: gzip, deflate, br",
            "Connection: keep-alive",
        ]
    );
    let token = sim::header(&t.evidence.exchanges[0].request.headers, "postman-token").unwrap();
    let again = simulate(&spec("postman", None, &[])).unwrap();
    assert_eq!(
        sim::header(
            &again.evidence.exchanges[0].request.headers,
            "postman-token"
        ),
        Some(token),
        "the same run shows the same token"
    );
    let b = token.as_bytes();
    assert_eq!((token.len(), b[14], b[8], b[13]), (36, b'4', b'-', b'-'));
    // The Console shows the request as it went out.
    let inv = Investigation::new(&spec("postman", None, &["expired-token"])).unwrap();
    let sent = &inv.evidence().exchanges[0].request.headers;
    let console = inv.run(Probe::Reproduce).output;
    let listed: Vec<&str> = console
        .lines()
        .skip_while(|l| !l.contains("▼ Request Headers"))
        .skip(1)
        .take(sent.len())
        .map(str::trim)
        .collect();
    let want: Vec<String> = sent
        .iter()
        .map(|(k, v)| {
            let v = if k == "Authorization" {
                "Bearer eyJhbGciOiJSUzI1NiIs…".to_string()
            } else {
                v.clone()
            };
            format!("{k}: {v}")
        })
        .collect();
    assert_eq!(listed, want, "{console}");
}

#[test]
fn chromes_fetch_accepts_anything_and_the_console_sets_no_traceparent() {
    assert_eq!(
        get("browser"),
        [
            "Host: api.example.com",
            &format!("User-Agent: {}", runtime::CHROME_UA),
            "Accept: */*",
            "Authorization: Bearer <token>",
        ]
    );
}

/// A POST with a JSON body: the code's Content-Type where the runtime puts the code's headers,
/// and the length where the runtime (or curl, or libcurl under Guzzle, or Node) adds it.
#[test]
fn a_post_with_a_body_carries_its_type_and_length_where_each_runtime_puts_them() {
    let post = Some(("POST", "/v2/chats"));
    let (h, t) = wire("curl", post);
    let len = t.evidence.exchanges[0]
        .request
        .body
        .as_ref()
        .unwrap()
        .len()
        .to_string();
    let cl = format!("Content-Length: {len}");
    let ct = "Content-Type: application/json";
    let auth = "Authorization: Bearer <token>";
    let host = "Host: api.example.com";
    assert_eq!(
        h,
        [host, "User-Agent: curl/8.5.0", "Accept: */*", auth, ct, &cl]
    );
    assert_eq!(
        wire("python", post).0,
        [
            host,
            "User-Agent: python-requests/2.32.3",
            "Accept-Encoding: gzip, deflate",
            "Accept: */*",
            "Connection: keep-alive",
            auth,
            ct,
            &cl,
        ]
    );
    // axios sends the one-line string its code holds, so a length of its own.
    let (node, t) = wire("node", post);
    let node_len = t.evidence.exchanges[0].request.body.as_ref().unwrap().len();
    assert!(t.evidence.client.action.contains(&format!(
        "data: '{}'",
        t.evidence.exchanges[0].request.body.as_ref().unwrap()
    )));
    assert_eq!(
        node,
        [
            "Accept: application/json, text/plain, */*",
            ct,
            auth,
            "User-Agent: axios/1.7.2",
            &format!("Content-Length: {node_len}"),
            "Accept-Encoding: gzip, compress, deflate, br",
            host,
            "Connection: keep-alive",
        ]
    );
    assert_eq!(
        wire("java", post).0,
        [&cl, host, "User-Agent: Java-http-client/21.0.4", auth, ct]
    );
    assert_eq!(
        wire("php", post).0,
        [host, "User-Agent: GuzzleHttp/7", auth, ct, &cl]
    );
    assert_eq!(
        wire("postman", post).0,
        [
            auth,
            ct,
            "User-Agent: PostmanRuntime/7.39.0",
            "Accept: */*",
            "Postman-Token: <uuid>",
            host,
            "Accept-Encoding: gzip, deflate, br",
            "Connection: keep-alive",
            &cl,
        ]
    );
    // curl's `-d` without a `-H` for the type labels the body form-encoded itself.
    let t = simulate(&spec("curl", None, &["missing-content-type"])).unwrap();
    let h = &t.evidence.exchanges[0].request.headers;
    let names: Vec<&str> = h.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names[names.len() - 2..], ["Content-Length", "Content-Type"]);
    assert_eq!(
        sim::header(h, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(!t.evidence.client.action.contains("Content-Type"));
}

/// The token request: client credentials from the library's own auth option (curl's `-u`) where
/// each puts them.
#[test]
fn the_token_request_carries_basic_credentials_where_each_runtime_puts_them() {
    let names = |c: &str| {
        let t = simulate(&RunSpec {
            flow: Some("oauth-token".into()),
            seed: 3,
            client: Some(c.into()),
            ..Default::default()
        })
        .unwrap();
        t.evidence.exchanges[0]
            .request
            .headers
            .iter()
            .map(|(k, _)| k.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    assert_eq!(
        names("curl"),
        "Host, Authorization, User-Agent, Accept, Content-Length, Content-Type"
    );
    assert_eq!(names("python"), "Host, User-Agent, Accept-Encoding, Accept, Connection, Content-Type, Content-Length, Authorization");
    assert_eq!(names("node"), "Accept, Content-Type, User-Agent, Content-Length, Accept-Encoding, Host, Authorization, Connection");
    assert_eq!(
        names("java"),
        "Content-Length, Host, User-Agent, Authorization, Content-Type"
    );
    assert_eq!(
        names("php"),
        "Host, User-Agent, Authorization, Content-Type, Content-Length"
    );
    assert_eq!(names("postman"), "Content-Type, Authorization, User-Agent, Accept, Postman-Token, Host, Accept-Encoding, Connection, Content-Length");
}

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
    let t = simulate(&spec("python", None, &[])).unwrap();
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
        let t = simulate(&spec("curl", None, &[fault])).unwrap();
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

/// The probes show the request the trace holds: curl -v's header block, and http.client's
/// `send:` line, an honest bytes repr (ASCII only) with the secrets cut and the cut marked.
#[test]
fn the_reproductions_show_the_traces_header_block() {
    let block = |inv: &Investigation| -> Vec<String> {
        inv.evidence().exchanges[0]
            .request
            .headers
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect()
    };
    let inv = Investigation::new(&spec("curl", None, &["expired-token"])).unwrap();
    let out = inv.run(Probe::Reproduce).output;
    let shown: Vec<String> = out
        .lines()
        .skip_while(|l| !l.starts_with("> GET "))
        .skip(1)
        .take_while(|l| *l != "> ")
        .map(|l| l.trim_start_matches("> ").to_string())
        .collect();
    let want: Vec<String> = block(&inv)
        .into_iter()
        .map(|l| {
            if l.starts_with("Authorization: ") {
                "Authorization: Bearer eyJhbGciOiJSUzI1NiIs…".into()
            } else {
                l
            }
        })
        .collect();
    assert_eq!(shown, want, "{out}");

    let inv = Investigation::new(&spec("python", None, &["expired-token"])).unwrap();
    let out = inv.run(Probe::Reproduce).output;
    let send = out.lines().find(|l| l.starts_with("send: b'")).unwrap();
    assert!(send.is_ascii(), "{send}");
    let url = &inv.evidence().exchanges[0].request.url;
    let path = &url[url.find("/v2/").unwrap()..];
    let mut head = format!("send: b'GET {path} HTTP/1.1\\r\\n");
    for l in block(&inv) {
        let l = if l.starts_with("Authorization: ") {
            "Authorization: Bearer eyJhbGciOiJSUzI1NiIs****".to_string()
        } else {
            l
        };
        head.push_str(&l);
        head.push_str("\\r\\n");
    }
    head.push_str("\\r\\n'");
    assert_eq!(send, head);
    assert!(out.contains("**** marks each cut"), "{out}");
}

/// axios's `transformRequest` under `Content-Type: application/json`: a string that
/// `JSON.parse` refuses goes out JSON-encoded (one string literal), which Express's strict body
/// parser then refuses as not an object; the other runtimes send the text as written.
#[test]
fn axios_sends_a_malformed_json_string_as_a_string_literal() {
    let t = simulate(&spec("node", None, &["malformed-json"])).unwrap();
    let x = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.from == Layer::Client)
        .unwrap();
    let body = x.request.body.as_deref().unwrap();
    // The one-line string the code shows, JSON-encoded.
    let text: String = serde_json::from_str(body).expect("one JSON string");
    assert!(
        t.evidence
            .client
            .action
            .contains(&format!("data: '{text}'")),
        "{text}"
    );
    assert!(text.starts_with("{ \"customerId\": \""), "{text}");
    assert_eq!(
        sim::header(&x.request.headers, "content-length").unwrap(),
        body.len().to_string()
    );
    let r = x.response.as_ref().unwrap();
    assert_eq!(r.status, 400);
    let said = r.body.as_deref().unwrap();
    assert!(
        said.contains(r#"Unexpected token '\"', \"\"{ \\\"custo\"... is not valid JSON"#),
        "{said}"
    );
    // curl sends the text as its `-d` holds it, and the parser stops at the missing comma.
    let t = simulate(&spec("curl", None, &["malformed-json"])).unwrap();
    let x = &t.evidence.exchanges[0];
    assert!(x
        .request
        .body
        .as_deref()
        .unwrap()
        .starts_with("{ \"customerId\": \""));
    assert!(x
        .response
        .as_ref()
        .unwrap()
        .body
        .as_deref()
        .unwrap()
        .contains("Expected ',' or '}'"));
}

/// The body a runtime sends is the one its code or command shows, byte for byte: the one-line
/// literal of curl's `-d`, requests' `data=` (a string, sent as it is), java.net.http's
/// `BodyPublishers.ofString`, Guzzle's `body` and Postman's raw body; its Content-Length and
/// the HAR's postData agree.
#[test]
fn each_runtime_sends_the_body_its_code_shows() {
    let post = Some(("POST", "/v2/chats"));
    for (client, open, close) in [
        ("curl", "-d '", "'"),
        ("python", "data='", "'"),
        ("java", "BodyPublishers.ofString(\"", "\"))"),
        ("php", "'body' => '", "'"),
        ("postman", "Body (raw): ", "\n"),
    ] {
        let t = simulate(&spec(client, post, &[])).unwrap();
        let x = t
            .evidence
            .exchanges
            .iter()
            .find(|x| x.from == Layer::Client)
            .unwrap();
        let body = x.request.body.as_deref().unwrap();
        let code = format!("{}\n", t.evidence.client.action);
        let at = code
            .find(open)
            .unwrap_or_else(|| panic!("{client}: {code}"))
            + open.len();
        let shown = &code[at..at + code[at..].find(close).unwrap()];
        let shown = if client == "java" {
            shown.replace("\\\"", "\"")
        } else {
            shown.to_string()
        };
        assert_eq!(body, shown, "{client}");
        assert!(!body.contains('\n'), "{client}: {body}");
        assert_eq!(
            sim::header(&x.request.headers, "content-length").unwrap(),
            body.len().to_string(),
            "{client}"
        );
        let har = text::har(&t.evidence);
        assert_eq!(
            har["log"]["entries"][0]["request"]["postData"]["text"], body,
            "{client}"
        );
    }
}
