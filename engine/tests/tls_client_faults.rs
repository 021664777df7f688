//! The TLS faults that live on the client's side or the path (issue 15): each runtime's own
//! words, the artefacts that tell them from the server-side look-alikes, and the solver's verdict.

mod common;

use common::run_fault as run;
use common::{artifact, assert_solved};
use faultline_engine::*;

const OUTDATED: &str = "client-trust-store-outdated";

#[test]
fn an_outdated_trust_store_fails_each_runtime_in_its_own_words() {
    let cases = [
        ("java", "Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"),
        ("python", "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v2/customers/"),
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\RequestException: cURL error 60: SSL certificate problem: unable to get local issuer certificate (see https://curl.haxx.se/libcurl/c/libcurl-errors.html) for https://api.example.com/v2/customers/"),
        ("curl", "curl: (60) SSL certificate problem: unable to get local issuer certificate"),
    ];
    for (client, words) in cases {
        let t = run(OUTDATED, "api-call", Some(client), 11).unwrap();
        let err = t.evidence.outcome.clone();
        assert!(err.starts_with(words), "{client}: {err}");
        if client == "python" {
            assert!(err.ends_with("(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)')))"), "{err}");
        }
        assert_eq!(t.answer.root_cause_layer, Layer::Client);
        assert_solved(&t.evidence, Layer::Client, OUTDATED, client);
    }
    // Without a client named, the usual culprit runs: a Java job with its own truststore.
    let t = run(OUTDATED, "oauth-token", None, 4).unwrap();
    assert!(t.evidence.outcome.contains("PKIX path building failed"));
    assert_solved(&t.evidence, Layer::Client, OUTDATED, "oauth-token");
}

#[test]
fn runtimes_whose_roots_update_with_them_are_not_offered() {
    for client in ["node", "postman", "browser"] {
        let e = run(OUTDATED, "api-call", Some(client), 1).unwrap_err();
        assert!(matches!(e, EngineError::BadClient(_)), "{client}: {e:?}");
    }
}

/// The deciding evidence against a missing intermediate: the server sends two certificates and a
/// current machine verifies them, while the job's own truststore lists only the old root.
#[test]
fn the_chain_is_whole_and_verified_elsewhere_and_the_store_lacks_its_root() {
    let t = run(OUTDATED, "api-call", Some("java"), 2207).unwrap();
    let cert = artifact(&t, "certificate").unwrap();
    assert!(
        cert.contains(" 1 s:CN = Example Trust RSA CA R2\n   i:CN = Example Trust Root R2\n"),
        "{cert}"
    );
    assert!(cert.contains("Verification: OK\n"), "{cert}");
    assert!(cert.contains("Verify return code: 0 (ok)"), "{cert}");
    // notBefore is the renewal: 52 hours (the default) before the call.
    assert!(
        cert.contains("v:NotBefore: Jun 23 05:43:56 2026 GMT"),
        "{cert}"
    );
    let store = artifact(&t, "trust-store").unwrap();
    assert!(
        store.contains("-Djavax.net.ssl.trustStore=/opt/app/conf/truststore.jks\n"),
        "{store}"
    );
    assert!(store.contains("exampletrustrootca, Mar 4, 2023, trustedCertEntry,\nCertificate fingerprint (SHA-256): "), "{store}");
    assert!(!store.contains("exampletrustrootr2"), "{store}");

    // The look-alike: only the leaf is sent, openssl fails with 21, and the store is complete.
    let chain = run("cert-incomplete-chain", "api-call", Some("java"), 2207).unwrap();
    let cert = artifact(&chain, "certificate").unwrap();
    assert!(
        cert.contains("Verify return code: 21 (unable to verify the first certificate)"),
        "{cert}"
    );
    let store = artifact(&chain, "trust-store").unwrap();
    assert!(
        store.contains("exampletrustrootr2, Feb 11, 2026, trustedCertEntry,"),
        "{store}"
    );
    assert_solved(
        &chain.evidence,
        Layer::Tls,
        "cert-incomplete-chain",
        "chain",
    );
}

#[test]
fn each_runtime_shows_the_bundle_it_reads() {
    let store = |c| {
        artifact(
            &run(OUTDATED, "api-call", Some(c), 5).unwrap(),
            "trust-store",
        )
        .unwrap()
        .to_string()
    };
    let py = store("python");
    assert!(py.contains("Version: 2022.12.7\n"), "{py}");
    assert!(
        py.contains("# Label: \"Example Trust Root CA\"\n") && !py.contains("Root R2"),
        "{py}"
    );
    let php = store("php");
    assert!(
        php.contains("curl.cainfo => /etc/php/8.3/cacert.pem => /etc/php/8.3/cacert.pem\n"),
        "{php}"
    );
    assert!(
        php.contains("## Certificate data from Mozilla as of: Tue Jan 10 04:12:06 2023 GMT\n"),
        "{php}"
    );
    let curl = store("curl");
    assert!(
        curl.contains("ca-certificates\t20211016ubuntu0.22.04.1\n"),
        "{curl}"
    );
    assert!(curl.ends_with("Example_Trust_Root_CA.pem\n"), "{curl}");
}

/// Only the learner's client has the old bundle: the platform's traffic and its servers'
/// calls to the same host succeed.
#[test]
fn the_platforms_own_callers_are_unaffected() {
    let t = run(OUTDATED, "api-call", Some("java"), 9).unwrap();
    let served = t
        .evidence
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Gateway && l.text.contains("\" 200 "))
        .count();
    assert!(served > 0, "background traffic still served");
}

/// Without the client's trust store the evidence cannot separate the client from the server:
/// the solver leaves TLS and client open.
#[test]
fn without_the_trust_store_the_verdict_stays_open() {
    let mut t = run(OUTDATED, "api-call", Some("java"), 3).unwrap();
    t.evidence.artifacts.retain(|a| a.kind != "trust-store");
    let v = solve(&t.evidence);
    assert_ne!(v.cause.as_deref(), Some(OUTDATED), "{:?}", v.reasons);
    assert!(v.ambiguous || v.layer != Some(Layer::Client), "{v:?}");
}
