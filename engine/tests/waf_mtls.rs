//! Two refusals nginx makes by itself at the platform's edge (issue 15): the gateway's WAF
//! blocking a legitimate request for its content (`waf-blocked`), and a mutual-TLS partner host
//! reached without a client certificate (`mtls-client-cert-missing`). Each runtime's own words,
//! the artefacts that tell them from their look-alikes, and the solver's verdict.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::*;

const WAF: &str = "waf-blocked";
const MTLS: &str = "mtls-client-cert-missing";

/// The traced request's lines from `source`.
fn traced(t: &Trace, source: LogSource) -> Vec<&str> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == source && l.trace_id.as_deref() == Some(&t.evidence.trace_id))
        .map(|l| l.text.as_str())
        .collect()
}

fn response(t: &Trace) -> &HttpResponse {
    t.evidence.exchanges[0].response.as_ref().unwrap()
}

fn header<'a>(r: &'a HttpResponse, name: &str) -> &'a str {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

#[test]
fn the_waf_refuses_the_quoted_script_tag_in_each_runtime_s_words() {
    let cases = [
        ("curl", "HTTP/1.1 403 Forbidden"),
        ("node", "AxiosError: Request failed with status code 403 (ERR_BAD_REQUEST)"),
        ("python", "requests.exceptions.HTTPError: 403 Client Error: Forbidden for url: https://api.example.com/v2/chats"),
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `POST https://api.example.com/v2/chats` resulted in a `403 Forbidden` response"),
    ];
    for (client, words) in cases {
        let t = run(WAF, "api-call", Some(client), 4312).unwrap();
        assert!(
            t.evidence.outcome.starts_with(words),
            "{client}: {}",
            t.evidence.outcome
        );
        assert_eq!(t.answer.root_cause_layer, Layer::Gateway);
        assert_solved(&t.evidence, Layer::Gateway, WAF, client);
    }
}

/// What separates it from an authorisation 403: nginx's HTML page, not the API's JSON; the
/// WAF's own lines with the rule, the argument and the reference id; and nothing behind the
/// gateway (no token check, no service) ever saw the request.
#[test]
fn the_evidence_names_the_rule_the_argument_and_the_reference_id() {
    let t = run(WAF, "api-call", Some("node"), 4312).unwrap();
    let x = &t.evidence.exchanges[0];
    assert_eq!(x.request.method, "POST");
    assert!(x.request.url.ends_with("/v2/chats"));
    assert!(x.request.body.as_deref().unwrap().contains("<script src="));
    let r = response(&t);
    assert_eq!(r.status, 403);
    assert_eq!(header(r, "server"), "nginx");
    assert!(header(r, "content-type").starts_with("text/html"));
    assert_eq!(header(r, "www-authenticate"), "");
    assert!(r
        .body
        .as_deref()
        .unwrap()
        .contains("<center><h1>403 Forbidden</h1></center>"));
    let gw = traced(&t, LogSource::Gateway);
    let warning = gw
        .iter()
        .find(|l| l.contains("[id \"941100\"]"))
        .expect("the libinjection warning");
    assert!(warning.contains("[info]"), "{warning}");
    assert!(warning.contains("ModSecurity: Warning. detected XSS using libinjection."));
    assert!(warning.contains("found within ARGS:json.context.firstMessage: "));
    let denied = gw
        .iter()
        .find(|l| l.contains("ModSecurity: Access denied with code 403 (phase 2)."))
        .expect("the denial");
    assert!(denied.contains("[error]"), "{denied}");
    assert!(denied.contains("[id \"949110\"]"));
    assert!(denied.contains("[msg \"Inbound Anomaly Score Exceeded (Total Score: 10)\"]"));
    let id = denied.split("[unique_id \"").nth(1).unwrap();
    let id = &id[..id.find('"').unwrap()];
    assert!(
        warning.contains(&format!("[unique_id \"{id}\"]")),
        "one transaction"
    );
    let (secs, rand) = id.split_once('.').unwrap();
    assert_eq!((secs.len(), rand.len()), (12, 6), "{id}");
    assert!(gw
        .iter()
        .any(|l| l.contains("\" 403 146 ") && l.contains("upstream=-")));
    assert!(
        traced(&t, LogSource::App).is_empty(),
        "the service never saw it"
    );
    assert!(
        traced(&t, LogSource::Auth).is_empty(),
        "nor did the token check"
    );
    // The token holds the scope a look-alike would lack.
    let token = t
        .evidence
        .artifacts
        .iter()
        .find(|a| a.kind == "jwt")
        .unwrap();
    assert!(token.body.contains("write:chats"), "{}", token.body);
}

/// Without the gateway's error log, nginx's 403 page alone does not say which rule refused it.
#[test]
fn without_the_gateway_s_error_log_the_waf_is_not_named() {
    let mut t = run(WAF, "api-call", None, 7).unwrap();
    t.evidence
        .logs
        .retain(|l| !(l.source == LogSource::Gateway && l.text.contains("ModSecurity")));
    let v = solve(&t.evidence);
    assert_ne!(v.cause.as_deref(), Some(WAF), "{:?}", v.reasons);
}

#[test]
fn a_partner_without_its_client_certificate_gets_nginx_s_400_in_each_runtime() {
    let cases = [
        ("curl", "HTTP/1.1 400 Bad Request"),
        ("node", "AxiosError: Request failed with status code 400 (ERR_BAD_REQUEST)"),
        ("python", "requests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://partners.example.com/v2/partner/customers/"),
        ("java", "400 <html> <head><title>400 No required SSL certificate was sent</title></head>"),
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `GET https://partners.example.com/v2/partner/customers/"),
    ];
    for (client, words) in cases {
        let t = run(MTLS, "partner-api-call", Some(client), 5120).unwrap();
        assert!(
            t.evidence.outcome.starts_with(words),
            "{client}: {}",
            t.evidence.outcome
        );
        assert_eq!(t.answer.root_cause_layer, Layer::Tls);
        assert_solved(&t.evidence, Layer::Tls, MTLS, client);
    }
}

/// The handshake completes (the server's certificate is fine) with a CertificateRequest the
/// client leaves unanswered; nginx refuses once the header is read, on its own host's server
/// block, and nothing behind it runs.
#[test]
fn the_handshake_asks_for_a_certificate_and_nginx_refuses_without_one() {
    let t = run(MTLS, "partner-api-call", Some("python"), 5120).unwrap();
    assert!(t.evidence.exchanges[0]
        .request
        .url
        .starts_with("https://partners.example.com/"));
    let hs = t
        .evidence
        .events
        .iter()
        .find(|e| e.summary.starts_with("TLS handshake"))
        .unwrap();
    assert!(
        hs.summary.ends_with(
            "(cert CN=partners.example.com); server requested a client certificate, none sent"
        ),
        "{}",
        hs.summary
    );
    let r = response(&t);
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body.as_deref().unwrap(),
        "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    let gw = traced(&t, LogSource::Gateway);
    let line = gw
        .iter()
        .find(|l| l.contains("client sent no required SSL certificate"))
        .unwrap();
    assert!(line.contains("[info]"), "{line}");
    assert!(line.contains("client sent no required SSL certificate while reading client request headers, client: 203.0.113.45, server: partners.example.com, request: \"GET /v2/partner/customers/"), "{line}");
    assert!(line.ends_with("host: \"partners.example.com\""), "{line}");
    assert!(traced(&t, LogSource::App).is_empty());
}

/// The same partner call on the API's own host (no client certificate asked for) succeeds:
/// the mutual-TLS host exists only where the fault moved the partner.
#[test]
fn the_partner_call_on_the_api_host_asks_for_no_certificate() {
    let t = simulate(&RunSpec {
        flow: Some("partner-api-call".into()),
        faults: vec![],
        seed: 5120,
        call: None,
        client: Some("python".into()),
    })
    .unwrap();
    assert_eq!(response(&t).status, 200);
    let hs = t
        .evidence
        .events
        .iter()
        .find(|e| e.summary.starts_with("TLS handshake"))
        .unwrap();
    assert!(!hs.summary.contains("client certificate"), "{}", hs.summary);
}
