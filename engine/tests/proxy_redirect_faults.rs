//! Issue 15's proxy and redirect faults: a forward proxy that now wants credentials (407), and an
//! old base URL whose cross-host 301 leaves the Authorization header behind. Each runtime's own
//! words, the evidence that tells them from their look-alikes, and the solver's verdict.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::*;

const PROXY_AUTH: &str = "proxy-auth-required";
const REDIRECT: &str = "redirect-drops-authorization";

#[test]
fn a_proxy_that_wants_credentials_fails_each_runtime_in_its_own_words() {
    let cases = [
        ("curl", "curl: (56) CONNECT tunnel failed, response 407"),
        ("python", "requests.exceptions.ProxyError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded with url: /v2/customers/"),
        ("php", "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ConnectException: cURL error 56: CONNECT tunnel failed, response 407"),
        ("node", "AxiosError: Request failed with status code 407 (ERR_BAD_REQUEST)"),
        ("postman", "Could not send request. Error: tunneling socket could not be established, statusCode=407"),
    ];
    for (client, words) in cases {
        let t = run(PROXY_AUTH, "api-call", Some(client), 15).unwrap();
        let out = &t.evidence.outcome;
        assert!(out.starts_with(words), "{client}: {out}");
        if client == "python" {
            assert!(out.ends_with("(Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 407 Proxy Authentication Required')))"), "{out}");
        }
        assert_eq!(t.answer.root_cause_layer, Layer::Network);
        assert_solved(&t.evidence, Layer::Network, PROXY_AUTH, client);
    }
}

#[test]
fn the_407_is_the_proxys_and_the_api_never_sees_the_request() {
    let t = run(PROXY_AUTH, "api-call", Some("curl"), 3).unwrap();
    let ev = &t.evidence;
    let traced = |s: LogSource| {
        ev.logs
            .iter()
            .filter(move |l| l.source == s && l.trace_id.as_deref() == Some(&ev.trace_id))
    };
    let proxy: Vec<_> = traced(LogSource::Proxy).collect();
    assert_eq!(proxy.len(), 1, "{proxy:?}");
    assert!(
        proxy[0]
            .text
            .contains("TCP_DENIED/407 4143 CONNECT api.example.com:443 - HIER_NONE/- text/html"),
        "{}",
        proxy[0].text
    );
    assert_eq!(traced(LogSource::Gateway).count(), 0);
    assert!(ev.exchanges[0].response.is_none());
}

/// The look-alike: the same proxy denying the host answers 403, and the solver keeps the two apart.
#[test]
fn a_proxy_denying_the_host_is_still_the_403_look_alike() {
    let t = run("proxy-interference", "api-call", Some("curl"), 3).unwrap();
    assert_eq!(
        t.evidence.outcome,
        "curl: (56) CONNECT tunnel failed, response 403"
    );
    assert_solved(&t.evidence, Layer::Network, "proxy-interference", "403");
}

#[test]
fn runtimes_that_do_not_fail_this_way_are_not_offered() {
    for (fault, client) in [
        (PROXY_AUTH, "java"),
        (PROXY_AUTH, "browser"),
        (REDIRECT, "java"),
        (REDIRECT, "browser"),
    ] {
        let e = run(fault, "api-call", Some(client), 1).unwrap_err();
        assert!(
            matches!(e, EngineError::BadClient(_)),
            "{fault} {client}: {e:?}"
        );
    }
}

#[test]
fn the_redirect_leaves_the_host_and_the_token_behind() {
    for client in ["curl", "node", "python", "php", "postman"] {
        let t = run(REDIRECT, "api-call", Some(client), 21).unwrap();
        let x = &t.evidence.exchanges;
        assert_eq!(x.len(), 2, "{client}");
        let (first, second) = (&x[0], &x[1]);
        assert!(first.request.url.starts_with("https://api.example.net/v2/"));
        let r = first.response.as_ref().unwrap();
        assert_eq!((r.status, r.reason.as_str()), (301, "Moved Permanently"));
        let loc = r.headers.iter().find(|(k, _)| k == "Location").unwrap();
        assert_eq!(loc.1, second.request.url, "{client}");
        assert!(second
            .request
            .url
            .starts_with("https://api.example.com/v2/"));
        let has_auth = |e: &Exchange| {
            e.request
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        };
        assert!(has_auth(first) && !has_auth(second), "{client}");
        let r = second.response.as_ref().unwrap();
        assert_eq!(r.status, 401);
        let challenge = r.headers.iter().find(|(k, _)| k == "WWW-Authenticate");
        assert_eq!(
            challenge.map(|c| c.1.as_str()),
            Some("Bearer realm=\"api.example.com\"")
        );
        assert_eq!(t.answer.root_cause_layer, Layer::Client);
        assert_solved(&t.evidence, Layer::Client, REDIRECT, client);
    }
    let t = run(REDIRECT, "api-call", Some("curl"), 21).unwrap();
    assert!(t.evidence.client.action.contains("curl -sS -i -L "));
}

/// Counterfactual: without the first exchange (only the 401 without Authorization), the same
/// evidence reads as a client that never sends its token.
#[test]
fn without_the_redirect_the_401_reads_as_a_missing_header() {
    let t = run(REDIRECT, "api-call", Some("python"), 21).unwrap();
    let mut ev = t.evidence.clone();
    ev.exchanges.remove(0);
    assert_solved(&ev, Layer::Auth, "missing-auth-header", "no redirect shown");
}
