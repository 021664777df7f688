//! What each learner's runtime puts on the wire: the header set and its order around the headers
//! the code sets itself (curl 8.5.0, requests 2.32.3, axios 1.7.2 on Node 20, java.net.http on
//! Java 21, Guzzle 7 on PHP 8.3, Postman 7.39.0, Chrome), and the body its code shows. How the
//! platform traces requests is in `trace_headers.rs`.

mod common;

use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

/// The client's first exchange.
fn first_request(t: &Trace) -> &Exchange {
    t.evidence
        .exchanges
        .iter()
        .find(|x| x.from == Layer::Client)
        .unwrap()
}

/// The first request the client sent: its header block, values with the token and the
/// Postman-Token shown as placeholders.
fn wire(client: &str, call: Option<(&str, &str)>) -> (Vec<String>, Trace) {
    let t = simulate(&common::api_call(client, call, &[])).unwrap();
    let x = first_request(&t);
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
    let again = simulate(&common::api_call("postman", None, &[])).unwrap();
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
    let inv = Investigation::new(&common::api_call("postman", None, &["expired-token"])).unwrap();
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
    let t = simulate(&common::api_call("curl", None, &["missing-content-type"])).unwrap();
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
    let inv = Investigation::new(&common::api_call("curl", None, &["expired-token"])).unwrap();
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

    let inv = Investigation::new(&common::api_call("python", None, &["expired-token"])).unwrap();
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
    let t = simulate(&common::api_call("node", None, &["malformed-json"])).unwrap();
    let x = first_request(&t);
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
    let t = simulate(&common::api_call("curl", None, &["malformed-json"])).unwrap();
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
        let t = simulate(&common::api_call(client, post, &[])).unwrap();
        let x = first_request(&t);
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
