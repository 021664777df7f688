//! The oauth-authorization-code flow: its shape (browser navigations to /authorize, the sign-in
//! form's 302 back to the app, the callback; the app server's code exchange with the PKCE
//! verifier and its API call), and each of its faults' real artefact.

use faultline_engine::sim::header;
use faultline_engine::*;

const FLOW: &str = "oauth-authorization-code";

fn run(fault: Option<&str>, seed: u64) -> Trace {
    let faults: Vec<FaultSpec> = fault.into_iter().map(FaultSpec::new).collect();
    simulate_simple(Some(FLOW), &faults, seed).unwrap()
}

#[test]
fn the_flow_is_a_type_with_the_api_layers() {
    let f = Flow::parse(FLOW).expect("the flow id parses");
    assert_eq!(f, Flow::OauthAuthorizationCode);
    assert!(Flow::ALL.contains(&f));
    for l in [
        Layer::Client,
        Layer::Tls,
        Layer::Auth,
        Layer::Gateway,
        Layer::Backend,
    ] {
        assert!(f.layers().contains(&l), "{l:?}");
    }
}

#[test]
fn a_healthy_sign_in_navigates_redirects_exchanges_the_code_and_calls_the_api() {
    let t = run(None, 7);
    let ev = &t.evidence;
    let x = &ev.exchanges;
    let path = |i: usize| x[i].request.url.split('?').next().unwrap().to_string();
    assert!(path(0).ends_with("/oauth2/v1/authorize"), "{}", path(0));
    let authorize = &x[0].request.url;
    for p in [
        "response_type=code",
        "client_id=",
        "redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback",
        "state=",
        "code_challenge=",
        "code_challenge_method=S256",
        "scope=",
    ] {
        assert!(authorize.contains(p), "{p} in {authorize}");
    }
    // The browser's steps are navigations.
    for nav in &x[..3] {
        assert_eq!(
            header(&nav.request.headers, "sec-fetch-mode"),
            Some("navigate"),
            "{}",
            nav.request.url
        );
    }
    let back = x[1].response.as_ref().unwrap();
    assert_eq!(back.status, 302);
    let loc = header(&back.headers, "location").unwrap();
    assert!(
        loc.starts_with("https://app.example.com/callback?code="),
        "{loc}"
    );
    assert!(loc.contains("&state="), "{loc}");
    assert!(x[2].request.url == loc);
    // Server side: the code exchange with the verifier, then the API call with the token.
    let token = &x[3];
    assert!(token.request.url.ends_with("/oauth2/v1/token"));
    let body = token.request.body.as_deref().unwrap();
    assert!(
        body.starts_with("grant_type=authorization_code&code="),
        "{body}"
    );
    assert!(body.contains("&code_verifier="), "{body}");
    assert!(header(&token.request.headers, "authorization")
        .unwrap()
        .starts_with("Basic "));
    let issued = token.response.as_ref().unwrap();
    assert_eq!(issued.status, 200);
    assert!(issued
        .body
        .as_deref()
        .unwrap()
        .contains("\"refresh_token\""));
    assert!(x[4]
        .request
        .url
        .starts_with("https://api.example.com/v2/customers/"));
    assert!(header(&x[4].request.headers, "authorization")
        .unwrap()
        .starts_with("Bearer "));
    assert_eq!(x[4].response.as_ref().unwrap().status, 200);
    assert_eq!(x[2].response.as_ref().unwrap().status, 200);
    // HAR: the navigations are documents, the server-side calls are not.
    let har = har(ev);
    let entries = har["log"]["entries"].as_array().unwrap();
    assert_eq!(entries[0]["_resourceType"], "document");
    assert_eq!(entries[1]["response"]["redirectURL"], loc);
    assert!(entries[3].get("_resourceType").is_none());
    assert!(x.iter().all(|x| x.client_error.is_none()));
}

#[test]
fn the_app_servers_token_requests_go_out_in_openid_clients_and_nodes_order() {
    // openid-client's headers object (Accept, Authorization, its defaults), Node's Host, the
    // form's lower-case content-type and content-length, then Connection.
    let want = [
        "Accept",
        "Authorization",
        "User-Agent",
        "Accept-Encoding",
        "Host",
        "content-type",
        "content-length",
        "Connection",
    ];
    for fault in [None, Some("consent-revoked")] {
        let t = run(fault, 7);
        let token = t
            .evidence
            .exchanges
            .iter()
            .find(|x| x.request.url.ends_with("/oauth2/v1/token"))
            .expect("a token request");
        let h = &token.request.headers;
        let names: Vec<&str> = h.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, want, "{fault:?}");
        assert_eq!(header(h, "accept-encoding"), Some("identity"));
        assert_eq!(
            header(h, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }
}

#[test]
fn redirect_uri_mismatch_stops_on_the_identity_providers_error_page() {
    let t = run(Some("redirect-uri-mismatch"), 7);
    let text = render_text(&t.evidence);
    assert_eq!(
        t.evidence.exchanges.len(),
        1,
        "no redirect, no code, no exchange"
    );
    assert!(
        text.contains("redirect_uri=https%3A%2F%2Fapp.example.com%2Fsignin-oidc"),
        "{text}"
    );
    assert!(text.contains("< HTTP/2 400 Bad Request"), "{text}");
    assert!(
        text.contains("<dt>Error Code:</dt><dd>invalid_request</dd>"),
        "{text}"
    );
    assert!(
        text.contains(
            "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings"
        ),
        "{text}"
    );
    let v = solve(&t.evidence);
    assert_eq!(
        v.cause.as_deref(),
        Some("redirect-uri-mismatch"),
        "{:?}",
        v.reasons
    );
    assert_eq!(v.layer, Some(Layer::Auth));
}

#[test]
fn a_lost_pkce_verifier_fails_the_exchange_with_invalid_grant() {
    let t = run(Some("pkce-verifier-mismatch"), 7);
    let text = render_text(&t.evidence);
    assert!(text.contains("< HTTP/1.1 400 Bad Request"), "{text}");
    assert!(text.contains("\"error\": \"invalid_grant\""), "{text}");
    assert!(
        text.contains("\"error_description\": \"PKCE verification failed.\""),
        "{text}"
    );
    assert!(
        text.contains("OPError: invalid_grant (PKCE verification failed.)"),
        "{text}"
    );
    let v = solve(&t.evidence);
    assert_eq!(
        v.cause.as_deref(),
        Some("pkce-verifier-mismatch"),
        "{:?}",
        v.reasons
    );
}

#[test]
fn a_code_redeemed_twice_gets_invalid_grant_the_second_time() {
    let t = run(Some("authorization-code-reused"), 7);
    let tokens: Vec<&Exchange> = t
        .evidence
        .exchanges
        .iter()
        .filter(|x| x.request.url.ends_with("/oauth2/v1/token"))
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_eq!(
        tokens[0].request.body, tokens[1].request.body,
        "the same code twice"
    );
    assert_eq!(tokens[0].response.as_ref().unwrap().status, 200);
    let second = tokens[1].response.as_ref().unwrap();
    assert_eq!(second.status, 400);
    assert!(second
        .body
        .as_deref()
        .unwrap()
        .contains("\"error_description\": \"The authorization code is invalid or has expired.\""));
    let text = render_text(&t.evidence);
    assert!(
        text.contains("authorization code already redeemed at"),
        "{text}"
    );
    let v = solve(&t.evidence);
    assert_eq!(
        v.cause.as_deref(),
        Some("authorization-code-reused"),
        "{:?}",
        v.reasons
    );
}

#[test]
fn a_revoked_consent_fails_the_returning_users_refresh_and_the_system_log_says_why() {
    let t = run(Some("consent-revoked"), 7);
    let x = &t.evidence.exchanges;
    // A returning user: no browser step goes to the identity provider.
    assert!(
        !x.iter().any(|x| x.request.url.contains("/authorize")),
        "{:?}",
        x.iter().map(|x| &x.request.url).collect::<Vec<_>>()
    );
    let refresh = x
        .iter()
        .find(|x| x.request.url.ends_with("/oauth2/v1/token"))
        .expect("the app renews the session at /token");
    let body = refresh.request.body.as_deref().unwrap();
    assert!(
        body.starts_with("grant_type=refresh_token&refresh_token="),
        "{body}"
    );
    let r = refresh.response.as_ref().unwrap();
    assert_eq!(r.status, 400);
    assert!(r
        .body
        .as_deref()
        .unwrap()
        .contains("\"error_description\": \"The refresh token is invalid or expired.\""));
    let text = render_text(&t.evidence);
    assert!(
        text.contains("OPError: invalid_grant (The refresh token is invalid or expired.)"),
        "{text}"
    );
    assert!(text.contains("at Client.refresh ("), "{text}");
    // Okta's System Log: the consent, then its revocation, both before the visit.
    let log = &t
        .evidence
        .artifacts
        .iter()
        .find(|a| a.kind == "system-log")
        .expect("the System Log")
        .body;
    let lines: Vec<&str> = log.lines().collect();
    assert!(
        lines[0].contains("app.oauth2.as.consent.grant  SUCCESS  actor=dana.lee@example.com"),
        "{log}"
    );
    assert!(
        lines[1].contains("app.oauth2.as.consent.revoke  SUCCESS  actor=it.admin@example.com"),
        "{log}"
    );
    let at = |l: &str| l.split_whitespace().next().unwrap().to_string();
    assert!(at(lines[0]) < at(lines[1]));
    assert!(at(lines[1]) < t.evidence.started_at, "{log}");
    let v = solve(&t.evidence);
    assert_eq!(
        v.cause.as_deref(),
        Some("consent-revoked"),
        "{:?}",
        v.reasons
    );
    assert_eq!(v.layer, Some(Layer::Auth));
}

#[test]
fn without_the_system_log_a_refused_refresh_is_not_pinned_on_a_revoked_consent() {
    let mut t = run(Some("consent-revoked"), 11);
    t.evidence.artifacts.retain(|a| a.kind != "system-log");
    let v = solve(&t.evidence);
    assert_ne!(
        v.cause.as_deref(),
        Some("consent-revoked"),
        "{:?}",
        v.reasons
    );
}

#[test]
fn a_returning_user_whose_grant_stands_gets_a_renewed_session_and_the_customer() {
    use faultline_engine::layers::auth_code::StoredGrant;
    use faultline_engine::sim::Tb;
    use faultline_engine::world::World;
    let mut w = World::new(7);
    faultline_engine::flows::prepare(Flow::OauthAuthorizationCode, &mut w);
    let now = w.epoch_ms;
    w.app.as_mut().unwrap().returning = true;
    let reg = w.auth.web.as_mut().unwrap();
    reg.consented = true;
    reg.grant = Some(StoredGrant {
        consented_ms: now - 86_400_000,
        refresh_token: "tX1Yq0p6mS3vNf2aLrK8cHdE5uWzB7oJ4gTnQyVx9sA".into(),
        revoked: None,
    });
    let mut tb = Tb::new(7, now);
    let ran = faultline_engine::flows::run(Flow::OauthAuthorizationCode, &w, &mut tb);
    assert!(ran.outcome.starts_with("200 OK"), "{}", ran.outcome);
    let x = &tb.exchanges;
    assert!(!x.iter().any(|x| x.request.url.contains("/authorize")));
    let refresh = x
        .iter()
        .find(|x| x.request.url.ends_with("/oauth2/v1/token"))
        .unwrap();
    assert_eq!(refresh.response.as_ref().unwrap().status, 200);
    let api = x
        .iter()
        .find(|x| x.request.url.contains("/v2/customers/"))
        .expect("the API call with the renewed token");
    assert_eq!(api.response.as_ref().unwrap().status, 200);
    let log = &tb
        .artifacts
        .iter()
        .find(|a| a.kind == "system-log")
        .unwrap()
        .body;
    assert!(!log.contains("consent.revoke"), "{log}");
}
