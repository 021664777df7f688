//! The reproduce probe in each client runtime: the run again with that runtime's own
//! diagnostics (curl -v, Guzzle's libcurl debug stream, requests under http.client's
//! debuglevel, axios logging the error, java.net.http's header map, DevTools' Network tab,
//! the Postman Console), each agreeing with the trace. Goldens, one file per runtime, in
//! `tests/golden/reproduce/`; re-record with `UPDATE_GOLDEN=1 cargo test -p faultline-engine --test reproduce`.

mod common;

use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::runtime::Runtime;
use faultline_engine::*;

/// The faults every runtime's golden shows: a name that does not resolve, a refused and a
/// dropped connection, an expired certificate, a 401, a 429, a 5xx from the gateway and a slow
/// backend's 504.
const FAULTS: &[&str] = &[
    "dns-nxdomain",
    "connection-refused",
    "firewall-block",
    "cert-expired",
    "expired-token",
    "rate-limit-quota",
    "upstream-down",
    "slow-backend",
    "proxy-interference",
];

fn reproduce(fault: &str, rt: Runtime) -> Option<(Investigation, String)> {
    let spec = RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new(fault)],
        seed: 1,
        client: Some(rt.id().into()),
        ..Default::default()
    };
    let inv = Investigation::new(&spec).ok()?;
    let out = inv.run(Probe::Reproduce).output;
    Some((inv, out))
}

#[test]
fn golden_reproductions_per_runtime() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/reproduce");
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    for rt in Runtime::for_flow(Flow::ApiCall) {
        let mut text = String::new();
        for f in FAULTS {
            let Some((inv, out)) = reproduce(f, *rt) else {
                continue;
            };
            let r = inv.run(Probe::Reproduce);
            text.push_str(&format!("== {f}\n$ {}\n{out}\n", r.command));
        }
        let path = dir.join(format!("{}.txt", rt.id()));
        common::golden_text(&path, &text, update, &format!("{}: reproductions", rt.id()));
    }
}

#[test]
fn node_prints_the_system_error_behind_a_failed_connection() {
    let (inv, out) = reproduce("connection-refused", Runtime::Node).unwrap();
    let x = &inv.evidence().exchanges[0];
    let ip = x.server_ip.as_deref().unwrap();
    assert!(
        out.contains(&format!(
            "Error: connect ECONNREFUSED {ip}:443\n    at TCPConnectWrap.afterConnect"
        )),
        "{out}"
    );
    for field in [
        "errno: -111,",
        "code: 'ECONNREFUSED',",
        "syscall: 'connect',",
        &format!("address: '{ip}',"),
        "port: 443",
    ] {
        assert!(out.contains(field), "{field} missing:\n{out}");
    }
    let (_, out) = reproduce("dns-nxdomain", Runtime::Node).unwrap();
    assert!(out.contains("errno: -3008,\n  code: 'ENOTFOUND',\n  syscall: 'getaddrinfo',\n  hostname: 'api.example.com'\n}"), "{out}");
}

#[test]
fn node_logs_the_response_as_console_log_shows_axios_headers() {
    let (inv, out) = reproduce("rate-limit-quota", Runtime::Node).unwrap();
    let r = inv.evidence().exchanges[0].response.as_ref().unwrap();
    assert!(
        out.contains(&format!(
            "\n{} {}\nObject [AxiosHeaders] {{\n",
            r.status, r.reason
        )),
        "{out}"
    );
    let retry = faultline_engine::sim::header(&r.headers, "retry-after").unwrap();
    assert!(
        out.contains(&format!("  'retry-after': '{retry}',")),
        "{out}"
    );
}

#[test]
fn python_debuglevel_shows_what_was_sent_and_the_reply() {
    let (inv, out) = reproduce("expired-token", Runtime::Python).unwrap();
    let x = &inv.evidence().exchanges[0];
    let r = x.response.as_ref().unwrap();
    assert!(out.contains("send: b'GET /v2/customers/"), "{out}");
    assert!(
        out.contains(&format!(
            "reply: 'HTTP/1.1 {} {}\\r\\n'",
            r.status, r.reason
        )),
        "{out}"
    );
    for (k, v) in &r.headers {
        assert!(
            out.contains(&format!("\nheader: {k}: {v}\n")),
            "{k} missing:\n{out}"
        );
    }
    // A connection that never opened sends nothing.
    let (_, out) = reproduce("firewall-block", Runtime::Python).unwrap();
    assert!(!out.contains("send: "), "{out}");
}

#[test]
fn curl_v_connects_where_the_trace_did_and_guzzle_is_libcurl_without_the_tool() {
    let (inv, out) = reproduce("expired-token", Runtime::Curl).unwrap();
    let ip = inv.evidence().exchanges[0].server_ip.clone().unwrap();
    assert!(
        out.contains(&format!(
            "*   Trying {ip}:443...\n* Connected to api.example.com ({ip}) port 443\n"
        )),
        "{out}"
    );
    assert!(out.contains("> GET /v2/customers/"), "{out}");
    assert!(
        out.contains("* TLSv1.3 (OUT), TLS handshake, Client hello (1):"),
        "{out}"
    );
    let (_, php) = reproduce("expired-token", Runtime::Php).unwrap();
    // No debug callback: no handshake trace, and only the request block's first line has `> `.
    assert!(!php.contains("TLS handshake"), "{php}");
    assert!(
        php.contains("> GET /v2/customers/") && php.contains("\nHost: api.example.com\n"),
        "{php}"
    );
    assert!(
        php.trim_end().ends_with("(truncated...)"),
        "Guzzle's exception ends the run:\n{php}"
    );
}

/// A server that asks for a client certificate: curl -v shows its CertificateRequest after the
/// EncryptedExtensions (TLS 1.3) and the Certificate message curl sends back, empty without
/// `--cert` (so no CertificateVerify of its own), between its ChangeCipherSpec and Finished.
#[test]
fn curl_v_shows_the_servers_certificate_request_and_its_empty_answer() {
    let spec = RunSpec {
        flow: Some("partner-api-call".into()),
        faults: vec![FaultSpec::new("mtls-client-cert-missing")],
        seed: 1,
        client: Some("curl".into()),
        ..Default::default()
    };
    let inv = Investigation::new(&spec).unwrap();
    let out = inv.run(Probe::Reproduce).output;
    let want = "\
* TLSv1.3 (IN), TLS handshake, Server hello (2):
* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):
* TLSv1.3 (IN), TLS handshake, Request CERT (13):
* TLSv1.3 (IN), TLS handshake, Certificate (11):
* TLSv1.3 (IN), TLS handshake, CERT verify (15):
* TLSv1.3 (IN), TLS handshake, Finished (20):
* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):
* TLSv1.3 (OUT), TLS handshake, Certificate (11):
* TLSv1.3 (OUT), TLS handshake, Finished (20):
";
    assert!(out.contains(want), "{out}");
    // A server that asks for none: neither line.
    let (_, plain) = reproduce("expired-token", Runtime::Curl).unwrap();
    assert!(!plain.contains("Request CERT"), "{plain}");
    assert!(
        !plain.contains("(OUT), TLS handshake, Certificate"),
        "{plain}"
    );
}
