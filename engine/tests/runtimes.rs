//! Client runtimes (`RunSpec.client`, `faultline trace --client`): every fault × flow × client
//! either runs and reads in that runtime's own words, or is refused with a reason; secrets are
//! masked the same way everywhere.

mod common;

use common::run_fault as run;
use faultline_engine::runtime::{user_agent, Runtime};
use faultline_engine::*;

/// How each runtime's error lines begin.
fn error_prefix(rt: Runtime) -> &'static [&'static str] {
    match rt {
        Runtime::Curl => &["curl: ("],
        Runtime::Node => &["AxiosError: "],
        Runtime::Python => &["requests.exceptions."],
        // The JVM names options it picked up from the environment before the exception.
        Runtime::Java => &[
            "Exception in thread \"main\" java",
            "Picked up JAVA_TOOL_OPTIONS: -Djsse.enableSNIExtension=false\nException in thread \"main\" java",
        ],
        Runtime::Php => &["PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\"],
        Runtime::Postman => &["Error: "],
        Runtime::Browser | Runtime::AgentDesktop => &["net::ERR_", "Access to fetch at"],
    }
}

#[test]
fn every_fault_flow_and_client_runs_in_that_clients_words_or_is_refused() {
    let mut ran = 0;
    for (fault, flow) in common::all_cases() {
        for rt in Runtime::ALL {
            let t = match run(&fault, &flow, Some(rt.id()), 11) {
                Ok(t) => t,
                Err(EngineError::BadClient(why)) => {
                    assert!(!why.is_empty());
                    continue;
                }
                Err(e) => panic!("{fault} on {flow} with {}: {e}", rt.id()),
            };
            ran += 1;
            let ev = &t.evidence;
            let text = render_text(ev);
            assert!(!text.is_empty());
            let case = format!("{fault} on {flow} with {}", rt.id());
            // The learner's own client: its errors are in its runtime's words.
            for x in ev.exchanges.iter().filter(|x| x.from == Layer::Client) {
                if let Some(e) = &x.client_error {
                    assert!(
                        error_prefix(rt).iter().any(|p| e.starts_with(p)),
                        "{case}: {e}"
                    );
                }
            }
            // Scripted clients send their own user agent and say which runtime they are.
            if matches!(
                flow.as_str(),
                "api-call" | "oauth-token" | "partner-api-call"
            ) {
                let ua = ev
                    .exchanges
                    .iter()
                    .find(|x| x.from == Layer::Client)
                    .and_then(|x| sim::header(&x.request.headers, "user-agent"))
                    .unwrap_or("");
                let legacy = ua == "Java/1.7.0_80";
                assert_eq!(ua, user_agent(rt, legacy), "{case}");
                assert_eq!(ev.client.kind, rt.id(), "{case}");
            }
            // Chrome completes the chain itself: nothing fails (the learner's clue elsewhere).
            if fault == "cert-incomplete-chain" && rt == Runtime::Browser {
                assert!(
                    ev.exchanges.iter().all(|x| x.client_error.is_none()),
                    "{case}"
                );
                continue;
            }
            // Whoever runs it, the evidence still leads to the cause.
            let v = solve(ev);
            assert_eq!(
                v.layer,
                Some(t.answer.root_cause_layer),
                "{case}: {:?}",
                v.reasons
            );
        }
    }
    assert!(ran > 300, "only {ran} runs");
}

#[test]
fn an_incomplete_chain_fails_each_script_in_its_own_words_and_works_in_chrome() {
    let err = |c: &str| {
        let t = run("cert-incomplete-chain", "api-call", Some(c), 7).unwrap();
        t.evidence.exchanges[0]
            .client_error
            .clone()
            .unwrap_or_default()
    };
    assert_eq!(
        err("curl"),
        "curl: (60) SSL certificate problem: unable to get local issuer certificate"
    );
    assert!(err("java").contains("javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target"));
    assert!(err("python").starts_with("requests.exceptions.SSLError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v2/customers/"));
    assert!(err("python").ends_with("(Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)')))"));
    assert_eq!(
        err("node"),
        "AxiosError: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"
    );
    assert!(err("php").starts_with("PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\RequestException: cURL error 60: SSL certificate problem: unable to get local issuer certificate"));
    assert_eq!(
        err("postman"),
        "Error: unable to verify the first certificate"
    );
    // Chrome fetches the missing intermediate itself: the same server works in the browser.
    let t = run("cert-incomplete-chain", "api-call", Some("browser"), 7).unwrap();
    let x = &t.evidence.exchanges[0];
    assert_eq!(x.client_error, None);
    assert_eq!(x.response.as_ref().map(|r| r.status), Some(200));
    assert!(t.evidence.outcome.starts_with("Response {type: 'basic'"));
    assert!(render_text(&t.evidence).contains(runtime::CHROME_UA));
}

#[test]
fn http_errors_read_as_each_runtime_reports_them() {
    let out = |c: &str| {
        run("expired-token", "api-call", Some(c), 7)
            .unwrap()
            .evidence
    };
    assert_eq!(out("curl").outcome, "HTTP/1.1 401 Unauthorized");
    assert_eq!(
        out("node").outcome,
        "AxiosError: Request failed with status code 401 (ERR_BAD_REQUEST)"
    );
    let py = out("python");
    assert!(py.outcome.starts_with(
        "requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.example.com/v2/customers/"
    ));
    assert!(out("java").outcome.starts_with("401 {"));
    assert!(out("php").outcome.starts_with("PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `GET https://api.example.com/v2/customers/"));
    assert_eq!(out("postman").outcome, "Status: 401 Unauthorized");
    let b = out("browser");
    assert!(b.outcome.ends_with(" 401 (Unauthorized)"), "{}", b.outcome);
    // Each shows the code it ran, in its own language.
    assert!(py
        .client
        .action
        .contains("r = requests.get('https://api.example.com/v2/customers/"));
    assert!(out("java")
        .client
        .action
        .contains("HttpRequest.newBuilder(URI.create("));
    assert!(text::render_text(&out("php")).contains("-- php --\n$ php call.php"));
}

#[test]
fn connection_failures_read_as_each_runtime_reports_them() {
    let err = |f: &str, c: &str| {
        let t = run(f, "api-call", Some(c), 7).unwrap();
        t.evidence.exchanges[0]
            .client_error
            .clone()
            .unwrap_or_default()
    };
    assert!(err("dns-nxdomain", "python").contains("(Caused by NameResolutionError(\"HTTPSConnection(host='api.example.com', port=443): Failed to resolve 'api.example.com' ([Errno -2] Name or service not known)\"))"));
    assert_eq!(
        err("dns-nxdomain", "java"),
        "Exception in thread \"main\" java.net.ConnectException\nCaused by: java.nio.channels.UnresolvedAddressException"
    );
    assert_eq!(
        err("dns-nxdomain", "node"),
        "AxiosError: getaddrinfo ENOTFOUND api.example.com (ENOTFOUND)"
    );
    assert!(err("connection-refused", "python")
        .ends_with("Failed to establish a new connection: [Errno 111] Connection refused'))"));
    assert!(err("firewall-block", "java")
        .ends_with("java.net.http.HttpConnectTimeoutException: HTTP connect timed out"));
    assert!(err("cert-expired", "java").ends_with("PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"));
    assert!(err("cert-hostname-mismatch", "python").contains("certificate verify failed: Hostname mismatch, certificate is not valid for 'api.example.com'."));
    assert!(err("cert-self-signed", "node")
        .ends_with("self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)"));
    assert!(
        err("slow-backend", "python").is_empty()
            || err("slow-backend", "python").contains("Read timed out.")
    );
    let browser = run("dns-nxdomain", "api-call", Some("browser"), 7).unwrap();
    assert!(browser
        .evidence
        .outcome
        .ends_with("net::ERR_NAME_NOT_RESOLVED\nUncaught TypeError: Failed to fetch"));
}

#[test]
fn a_client_stuck_on_tls_1_0_is_a_legacy_java_unless_curl_is_told_so() {
    let t = run("tls-version-mismatch", "api-call", None, 7).unwrap();
    let ev = &t.evidence;
    assert_eq!(ev.client.kind, "java");
    assert!(ev.client.action.contains("java version \"1.7.0_80\""));
    assert_eq!(
        sim::header(&ev.exchanges[0].request.headers, "user-agent"),
        Some("Java/1.7.0_80")
    );
    assert_eq!(
        ev.exchanges[0].client_error.as_deref(),
        Some("Exception in thread \"main\" javax.net.ssl.SSLHandshakeException: Received fatal alert: protocol_version")
    );
    let curl = run("tls-version-mismatch", "api-call", Some("curl"), 7).unwrap();
    assert!(curl.evidence.client.action.contains("--tls-max 1.0"));
    assert!(matches!(
        run("tls-version-mismatch", "api-call", Some("python"), 7),
        Err(EngineError::BadClient(_))
    ));
}

#[test]
fn java_7_code_shows_the_credentials_and_the_body_its_request_carries() {
    let t = run("tls-version-mismatch", "oauth-token", Some("java"), 7).unwrap();
    let ev = &t.evidence;
    assert!(ev.client.action.contains("java version \"1.7.0_80\""));
    let request = &ev.exchanges[0].request;
    let body = request
        .body
        .as_deref()
        .expect("the token request has a body");
    assert!(
        ev.client
            .action
            .contains(&format!("out.write(\"{body}\".getBytes(\"UTF-8\"));")),
        "the code writes the body that is on the wire:\n{}",
        ev.client.action
    );
    assert!(sim::header(&request.headers, "authorization").is_some_and(|v| v.starts_with("Basic ")));
    assert!(
        ev.client
            .action
            .contains("con.setRequestProperty(\"Authorization\", \"Basic \" + "),
        "the code sets the Basic credentials the request carries:\n{}",
        ev.client.action
    );
}

#[test]
fn clients_a_flow_is_not_run_from_are_refused_with_the_ones_it_is() {
    let e = run("expired-token", "api-call", Some("lynx"), 1).unwrap_err();
    assert!(e.to_string().contains("unknown client \"lynx\""), "{e}");
    let e = run("crm-outage", "crm-ticket", Some("curl"), 1).unwrap_err();
    assert!(e.to_string().contains("takes no client"), "{e}");
    let e = run("invalid-client-secret", "oauth-token", Some("browser"), 1).unwrap_err();
    assert!(e.to_string().contains("its clients: curl, node"), "{e}");
    // No client named: the flow's usual one, so existing runs read as before.
    let t = run("expired-token", "api-call", None, 1).unwrap();
    assert_eq!(t.evidence.client.kind, "curl");
}

#[test]
fn secrets_are_masked_alike_in_the_request_the_command_and_the_logs() {
    let t = run("invalid-client-secret", "oauth-token", Some("python"), 3).unwrap();
    let ev = &t.evidence;
    let x = &ev.exchanges[0];
    assert_eq!(
        sim::header(&x.request.headers, "authorization"),
        Some("Basic ****")
    );
    assert!(ev.client.action.contains("auth=('svc-"));
    assert!(ev.client.action.contains("', '****')"));
    let t = run("invalid-api-key", "partner-api-call", None, 3).unwrap();
    let ev = &t.evidence;
    let sent = sim::header(&ev.exchanges[0].request.headers, "x-api-key").unwrap();
    assert!(sent.starts_with("pk_live_…") && sent.len() < 16, "{sent}");
    assert!(ev.client.action.contains(&format!("x-api-key: {sent}")));
    assert!(
        ev.logs
            .iter()
            .any(|l| l.text.contains(&format!("key={sent}"))),
        "the gateway log names the key as the command does"
    );
}

#[test]
fn the_web_apps_client_secret_and_refresh_token_are_masked_like_the_services() {
    let t = run("consent-revoked", "oauth-authorization-code", None, 1).unwrap();
    let ev = &t.evidence;
    let refresh = ev
        .exchanges
        .iter()
        .find(|x| {
            x.request
                .body
                .as_deref()
                .is_some_and(|b| b.contains("grant_type=refresh_token"))
        })
        .expect("the returning user's session is refreshed");
    assert_eq!(
        sim::header(&refresh.request.headers, "authorization"),
        Some("Basic ****")
    );
    let shown = refresh
        .request
        .body
        .as_deref()
        .and_then(|b| b.split("refresh_token=").nth(1))
        .expect("the body names the refresh token");
    assert!(shown.contains('…') && shown.len() < 16, "{shown}");
    assert!(
        ev.logs
            .iter()
            .any(|l| l.text.contains(&format!("refresh_token={shown} "))),
        "the auth log names the refresh token as the request does"
    );
}

#[test]
fn behind_an_explicit_proxy_the_client_resolves_the_proxy_and_the_command_names_it() {
    for (c, shown) in [
        (
            "curl",
            "$ export HTTPS_PROXY=http://proxy.corp.example:3128\ncurl ",
        ),
        (
            "python",
            "$ export HTTPS_PROXY=http://proxy.corp.example:3128\n$ python3",
        ),
        (
            "java",
            "-Dhttps.proxyHost=proxy.corp.example -Dhttps.proxyPort=3128",
        ),
    ] {
        let t = run("proxy-interference", "api-call", Some(c), 3).unwrap();
        let ev = &t.evidence;
        assert!(
            ev.client.action.contains(shown),
            "{c}: {}",
            ev.client.action
        );
        let resolved: Vec<&str> = ev
            .events
            .iter()
            .filter(|e| e.summary.starts_with("Resolve "))
            .map(|e| e.summary.as_str())
            .collect();
        assert_eq!(resolved, ["Resolve proxy.corp.example → 10.20.0.3"], "{c}");
        assert_eq!(ev.exchanges[0].server_ip.as_deref(), Some("10.20.0.3"));
        // Squid's access.log stamps requests with milliseconds.
        let squid = ev
            .logs
            .iter()
            .find(|l| l.text.contains("TCP_DENIED/403"))
            .expect("the proxy's deny line");
        let stamp = squid.text.split(' ').next().unwrap();
        let (secs, ms) = stamp.split_once('.').expect("seconds.millis");
        assert!(secs.len() == 10 && ms.len() == 3, "{stamp}");
    }
    assert!(text::render_text(
        &run("proxy-interference", "api-call", None, 3)
            .unwrap()
            .evidence
    )
    .contains("query[A] proxy.corp.example"));
}

#[test]
fn the_browser_sends_chromes_frozen_desktop_user_agent() {
    // Chrome freezes the platform and minor versions in its user agent (User-Agent reduction):
    // a Mac always reports 10_15_7 and the version ends in .0.0.0.
    let t = simulate_simple(Some("browser-api-call"), &[], 2).unwrap();
    let ua = t
        .evidence
        .exchanges
        .iter()
        .find(|x| x.from == Layer::Client)
        .and_then(|x| sim::header(&x.request.headers, "user-agent"))
        .unwrap();
    assert_eq!(
        ua,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
    );
}
