//! TLS faults that live on the path between the reporter and the API (issue 15): a TLS-inspecting
//! proxy on the reporter's network. Each runtime's own words, the artefacts that tell the fault
//! from its server- and client-side look-alikes, and the solver's verdict.

mod common;

use common::{artifact, assert_solved, run_fault as run};
use faultline_engine::*;

const INSPECTED: &str = "tls-interception-proxy";

#[test]
fn an_inspecting_proxy_fails_each_runtime_with_its_own_bundle_in_its_own_words() {
    let cases = [
        ("curl", "curl: (60) SSL certificate problem: self-signed certificate in certificate chain"),
        ("node", "AxiosError: self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)"),
        ("python", "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v2/customers/"),
        ("java", "Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"),
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\RequestException: cURL error 60: SSL certificate problem: self-signed certificate in certificate chain (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://api.example.com/v2/customers/"),
        ("postman", "Could not send request. Error: self-signed certificate in certificate chain"),
    ];
    for (client, words) in cases {
        let t = run(INSPECTED, "api-call", Some(client), 11).unwrap();
        let err = t.evidence.outcome.clone();
        assert!(err.starts_with(words), "{client}: {err}");
        if client == "python" {
            assert!(err.ends_with("(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate in certificate chain (_ssl.c:1000)')))"), "{err}");
        }
        assert_eq!(t.answer.root_cause_layer, Layer::Network);
        assert_solved(&t.evidence, Layer::Network, INSPECTED, client);
    }
    // The token request goes out through the same firewall.
    let t = run(INSPECTED, "oauth-token", Some("node"), 4).unwrap();
    assert!(t.evidence.outcome.contains("SELF_SIGNED_CERT_IN_CHAIN"));
    assert_solved(&t.evidence, Layer::Network, INSPECTED, "oauth-token");
}

/// Chrome on a managed machine verifies against the OS store, which holds the company's root:
/// the fault does not fail there, so it is not offered; the browser's own run is healthy.
#[test]
fn a_managed_browser_trusts_the_company_root() {
    let e = run(INSPECTED, "api-call", Some("browser"), 1).unwrap_err();
    assert!(matches!(e, EngineError::BadClient(_)), "{e:?}");
    let t = run(INSPECTED, "browser-api-call", None, 1);
    assert!(t.is_err(), "not offered in the agent desktop's flow");
}

/// The deciding evidence: from the reporter's network the leaf is issued by the inspection CA,
/// sent along as a self-signed root (openssl's error 19); from outside, the API's own chain
/// verifies. The firewall logs the decryption; the minted leaf's notBefore dates the change.
#[test]
fn inside_the_network_the_leaf_is_re_signed_and_outside_it_verifies() {
    let t = run(INSPECTED, "api-call", Some("python"), 2311).unwrap();
    let cert = artifact(&t, "certificate").unwrap();
    let (inside, outside) = cert
        .split_once("# the same check from outside the reporter's network (the platform's monitoring host):\n")
        .expect("the outside run follows the reporter's");
    assert!(inside.contains("depth=1 CN = Example Corp TLS Inspection CA\nverify error:num=19:self-signed certificate in certificate chain\n"), "{inside}");
    assert!(
        inside.contains(" 0 s:CN = api.example.com\n   i:CN = Example Corp TLS Inspection CA\n"),
        "{inside}"
    );
    assert!(
        inside.contains(
            " 1 s:CN = Example Corp TLS Inspection CA\n   i:CN = Example Corp TLS Inspection CA\n"
        ),
        "{inside}"
    );
    assert!(
        inside.contains("Verify return code: 19 (self-signed certificate in certificate chain)"),
        "{inside}"
    );
    // 20 hours (the default) before the call, 30 days valid.
    assert!(
        inside
            .contains("v:NotBefore: Jun 15 16:44:42 2026 GMT; NotAfter: Jul 15 16:44:42 2026 GMT"),
        "{inside}"
    );
    assert!(
        inside.contains("DNS:api.example.com, DNS:api.sandbox.example.com"),
        "{inside}"
    );
    assert!(outside.starts_with("$ openssl s_client -connect api.example.com:443 -servername api.example.com -showcerts </dev/null\n"), "{outside}");
    assert!(
        outside.contains(" 0 s:CN = api.example.com\n   i:CN = Example Trust RSA CA 2025\n"),
        "{outside}"
    );
    assert!(outside.contains("Verification: OK\n"), "{outside}");
    assert!(outside.contains("Verify return code: 0 (ok)"), "{outside}");
    let decrypt = t
        .evidence
        .logs
        .iter()
        .find(|l| l.source == LogSource::Firewall)
        .expect("the firewall logs the decryption");
    assert!(
        decrypt.text.starts_with(
            "action=decrypt rule=\"tls-inspection-default\" proto=tcp src=10.20.0.15:"
        ),
        "{}",
        decrypt.text
    );
    assert!(
        decrypt.text.ends_with(" sni=api.example.com dir=egress"),
        "{}",
        decrypt.text
    );
    assert_eq!(
        decrypt.trace_id.as_deref(),
        Some(t.evidence.trace_id.as_str())
    );
    // certifi is current: the missing root is the company's, which no public bundle holds.
    let store = artifact(&t, "trust-store").unwrap();
    assert!(store.contains("Version: 2025.4.26"), "{store}");
}

/// Without the run from outside, the re-signed chain looks like an untrusted root somewhere:
/// the solver leaves it open instead of guessing the network.
#[test]
fn without_the_outside_view_the_solver_does_not_name_the_network() {
    let t = run(INSPECTED, "api-call", Some("curl"), 5).unwrap();
    let mut ev = t.evidence.clone();
    for a in &mut ev.artifacts {
        if a.kind == "certificate" {
            let cut = a.body.find("\n# the same check from outside").unwrap();
            a.body.truncate(cut + 1);
        }
    }
    let v = solve(&ev);
    assert!(v.ambiguous || v.layer != Some(Layer::Network), "{v:?}");
    assert_ne!(v.cause.as_deref(), Some(INSPECTED), "{v:?}");
}

/// The look-alikes keep their verdicts: a server that sends a self-signed certificate, and a
/// client bundle that predates the CA's new root.
#[test]
fn the_server_and_client_look_alikes_keep_their_layers() {
    let t = run("cert-self-signed", "api-call", Some("python"), 2311).unwrap();
    assert!(!artifact(&t, "certificate")
        .unwrap()
        .contains("from outside"));
    assert_solved(&t.evidence, Layer::Tls, "cert-self-signed", "self-signed");
    let t = run(
        "client-trust-store-outdated",
        "api-call",
        Some("python"),
        2311,
    )
    .unwrap();
    assert_solved(
        &t.evidence,
        Layer::Client,
        "client-trust-store-outdated",
        "store",
    );
}

const NO_SNI: &str = "sni-missing";

/// Only a JVM can be started without SNI; it says so first, then fails the host-name check on the
/// listener's default certificate, in Java's own words.
#[test]
fn a_jvm_without_sni_fails_the_name_check_on_the_default_certificate() {
    let t = run(NO_SNI, "api-call", None, 21).unwrap();
    assert_eq!(
        t.evidence.outcome,
        "Picked up JAVA_TOOL_OPTIONS: -Djsse.enableSNIExtension=false\nException in thread \"main\" javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching api.example.com found."
    );
    assert_eq!(t.answer.root_cause_layer, Layer::Tls);
    assert_solved(&t.evidence, Layer::Tls, NO_SNI, "java");
    for client in ["curl", "node", "python", "php", "postman", "browser"] {
        let e = run(NO_SNI, "api-call", Some(client), 21).unwrap_err();
        assert!(matches!(e, EngineError::BadClient(_)), "{client}: {e:?}");
    }
}

/// openssl with -servername gets the API's certificate, with -noservername the listener's default
/// one for the website: the deciding evidence against a certificate that lacks the name.
#[test]
fn openssl_with_and_without_a_server_name_shows_two_certificates() {
    let t = run(NO_SNI, "api-call", Some("java"), 21).unwrap();
    let cert = artifact(&t, "certificate").unwrap();
    let (named, unnamed) = cert
        .split_once("\n$ openssl s_client -connect api.example.com:443 -noservername -showcerts </dev/null\n")
        .expect("a run without SNI follows");
    assert!(named.contains("subject=CN = api.example.com\n"), "{named}");
    assert!(
        named.contains("    DNS:api.example.com, DNS:api.sandbox.example.com\n"),
        "{named}"
    );
    assert!(named.contains("Verify return code: 0 (ok)"), "{named}");
    assert!(
        unnamed.contains(" 0 s:CN = www.example.com\n   i:CN = Example Trust RSA CA 2025\n"),
        "{unnamed}"
    );
    assert!(unnamed.contains("$ openssl s_client -connect api.example.com:443 -noservername </dev/null 2>/dev/null | openssl x509 -noout -subject -dates -ext subjectAltName\nsubject=CN = www.example.com\n"), "{unnamed}");
    assert!(
        unnamed.contains("    DNS:www.example.com, DNS:example.com\n"),
        "{unnamed}"
    );
    // The chain itself is trusted: Java checks the name after it.
    assert!(unnamed.contains("Verify return code: 0 (ok)"), "{unnamed}");

    // The look-alike: a certificate that lacks the name shows it with and without SNI alike.
    let m = run("cert-hostname-mismatch", "api-call", Some("java"), 21).unwrap();
    let cert = artifact(&m, "certificate").unwrap();
    assert!(cert.contains("-noservername -showcerts"), "{cert}");
    assert!(!cert.contains("Picked up JAVA_TOOL_OPTIONS"));
    assert!(!m.evidence.outcome.contains("Picked up"));
    assert_solved(
        &m.evidence,
        Layer::Tls,
        "cert-hostname-mismatch",
        "mismatch",
    );
}

/// Without the run that sends no server name, the certificate lists the host and the client
/// says it does not: the solver leaves it open.
#[test]
fn without_the_unnamed_run_the_solver_cannot_say_sni() {
    let t = run(NO_SNI, "api-call", Some("java"), 5).unwrap();
    let mut ev = t.evidence.clone();
    for a in &mut ev.artifacts {
        if a.kind == "certificate" {
            let cut = a
                .body
                .find("\n$ openssl s_client -connect api.example.com:443 -noservername")
                .unwrap();
            a.body.truncate(cut + 1);
        }
    }
    let v = solve(&ev);
    assert!(v.ambiguous, "{v:?}");
}
