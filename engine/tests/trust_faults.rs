//! The trust faults (validator clock, cached JWKS, refresh-token rotation, scopes, certificates,
//! proxies, DNS answers): each one's real artefact as `faultline trace --format text` shows it,
//! and the world facts that make it (a fresh token that still fails, an old token that passes).

use faultline_engine::*;

fn run(flow: &str, fault: FaultSpec, seed: u64) -> Trace {
    simulate_simple(Some(flow), &[fault], seed).unwrap()
}

fn text(flow: &str, fault: &str, seed: u64) -> String {
    render_text(&run(flow, FaultSpec::new(fault), seed).evidence)
}

/// The traced request's log lines from one source.
fn logs(t: &Trace, src: LogSource) -> Vec<String> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == src && l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str()))
        .map(|l| l.text.clone())
        .collect()
}

#[test]
fn a_validator_clock_behind_refuses_a_fresh_token_as_not_yet_valid() {
    let t = text("api-call", "jwt-clock-skew", 3);
    assert!(t.contains("< HTTP/1.1 401 Unauthorized"), "{t}");
    assert!(t.contains("< WWW-Authenticate: Bearer realm=\"api.example.com\", error=\"invalid_token\", error_description=\"The access token is not yet valid (iat)\""), "{t}");
    // The auth log states the validator's own clock, 420 s (the default) behind the call.
    let tr = run("api-call", FaultSpec::new("jwt-clock-skew"), 3);
    let line = logs(&tr, LogSource::Auth).join("\n");
    assert!(
        line.contains("reason=\"token not yet valid: iat "),
        "{line}"
    );
    assert!(line.contains(" s after the validator's clock ("), "{line}");
    assert!(line.contains("leeway 30 s"), "{line}");
    // The token is sound by true time: its iat is seconds before the call.
    let now = tr.evidence.clock_now.clone();
    let jwt = &tr
        .evidence
        .artifacts
        .iter()
        .find(|a| a.kind == "jwt")
        .unwrap()
        .body;
    let iat: i64 = jwt
        .split("\"iat\":")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let now_s = util::parse_iso_ms(&now).unwrap() / 1000;
    assert!((0..60).contains(&(now_s - iat)), "iat {iat}, now {now}");
    // A clock less far behind than the token's age plus the leeway lets it through.
    let mut near = FaultSpec::new("jwt-clock-skew");
    near.params.insert("clock_behind_s".into(), 60.into());
    let v = solve(&run("api-call", near, 3).evidence);
    assert_eq!(
        v.cause.as_deref(),
        Some("jwt-clock-skew"),
        "{:?}",
        v.reasons
    );
}

#[test]
fn a_clock_skew_fails_the_token_just_issued_in_the_oauth_flow() {
    let tr = run("oauth-token", FaultSpec::new("jwt-clock-skew"), 5);
    let first = &tr.evidence.exchanges[0];
    assert_eq!(
        first.response.as_ref().unwrap().status,
        200,
        "the token is issued"
    );
    let api = tr
        .evidence
        .exchanges
        .iter()
        .rev()
        .find(|x| x.from == Layer::Client)
        .unwrap();
    assert_eq!(api.response.as_ref().unwrap().status, 401);
}

#[test]
fn a_rotated_key_the_validator_has_not_fetched_is_an_unknown_kid() {
    let tr = run("api-call", FaultSpec::new("jwks-key-not-found"), 3);
    let t = render_text(&tr.evidence);
    let jwt = &tr
        .evidence
        .artifacts
        .iter()
        .find(|a| a.kind == "jwt")
        .unwrap()
        .body;
    let kid = jwt
        .split("\"kid\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(
        t.contains(&format!(
            "error_description=\"No key with kid {kid} in the JSON Web Key Set\""
        )),
        "{t}"
    );
    let line = logs(&tr, LogSource::Auth).join("\n");
    assert!(
        line.contains(&format!("kid {kid} not found in cached JWKS (kids: ")),
        "{line}"
    );
    assert!(
        line.contains("from https://auth.example.com/.well-known/jwks.json)"),
        "{line}"
    );
    // The cache holds exactly the one key from before the rotation, not the new one.
    let cached = line
        .split("(kids: ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert!(!cached.contains(kid) && !cached.is_empty(), "{cached}");
    // Healthy, the same seed's token carries the kid the validator holds.
    let ok = simulate_simple(Some("api-call"), &[], 3).unwrap();
    assert!(ok
        .evidence
        .exchanges
        .iter()
        .all(|x| x.response.as_ref().map(|r| r.status) == Some(200)));
}

#[test]
fn the_solver_needs_the_validators_log_to_blame_its_cached_keys() {
    let tr = run("browser-api-call", FaultSpec::new("jwks-key-not-found"), 8);
    assert_eq!(
        solve(&tr.evidence).cause.as_deref(),
        Some("jwks-key-not-found")
    );
    let mut ev = tr.evidence.clone();
    ev.logs.retain(|l| !l.text.contains("cached JWKS"));
    let v = solve(&ev);
    assert_ne!(
        v.cause.as_deref(),
        Some("jwks-key-not-found"),
        "{:?}",
        v.reasons
    );
}

#[test]
fn a_spent_refresh_token_presented_again_is_invalid_grant_with_reuse_detected() {
    let tr = run("oauth-token", FaultSpec::new("refresh-token-reused"), 4);
    let t = render_text(&tr.evidence);
    assert!(t.contains("< HTTP/1.1 400 Bad Request"), "{t}");
    assert!(t.contains("\"error\": \"invalid_grant\""), "{t}");
    assert!(t.contains("grant_type=refresh_token&refresh_token="), "{t}");
    let line = logs(&tr, LogSource::Auth).join("\n");
    assert!(
        line.contains(
            "result=invalid_grant reason=\"refresh token reuse detected: already exchanged at "
        ),
        "{line}"
    );
    assert!(line.ends_with("…); token family revoked\""), "{line}");
    // No token is issued, so the API is never called.
    assert_eq!(
        tr.evidence
            .exchanges
            .iter()
            .filter(|x| x.from == Layer::Client)
            .count(),
        1
    );
    // An unexpired refresh token is what makes it reuse and not expiry.
    assert!(!line.contains("expired"), "{line}");
}

#[test]
fn a_scope_the_registration_lacks_is_refused_with_invalid_scope() {
    let mut f = FaultSpec::new("invalid-scope-requested");
    f.params.insert("scope".into(), "read:reports".into());
    let tr = run("oauth-token", f, 2);
    let t = render_text(&tr.evidence);
    assert!(
        t.contains("scope=read%3Acustomers%20write%3Achats%20read%3Areports'"),
        "{t}"
    );
    assert!(t.contains("\"error\": \"invalid_scope\""), "{t}");
    assert!(
        t.contains(
            "\"error_description\": \"The requested scope is invalid, unknown, or malformed\""
        ),
        "{t}"
    );
    let line = logs(&tr, LogSource::Auth).join("\n");
    assert!(line.contains("reason=\"scope read:reports not granted to client (granted: read:customers write:customers write:chats)\""), "{line}");
    let v = solve(&tr.evidence);
    assert_eq!(
        v.cause.as_deref(),
        Some("invalid-scope-requested"),
        "{:?}",
        v.reasons
    );
    // Without the server's log the 400 does not say which scope, nor whose side is wrong.
    let mut ev = tr.evidence.clone();
    ev.logs.retain(|l| l.source != LogSource::Auth);
    assert_eq!(solve(&ev).cause, None);
}

#[test]
fn a_certificate_before_its_not_before_fails_each_client_in_its_own_words() {
    let cases = [
        (
            "curl",
            "curl: (60) SSL certificate problem: certificate is not yet valid",
        ),
        (
            "node",
            "AxiosError: certificate is not yet valid (CERT_NOT_YET_VALID)",
        ),
        (
            "python",
            "certificate verify failed: certificate is not yet valid (_ssl.c:1000)",
        ),
        ("java", "CertPathValidatorException: validity check failed"),
        (
            "php",
            "cURL error 60: SSL certificate problem: certificate is not yet valid",
        ),
        ("browser", "net::ERR_CERT_DATE_INVALID"),
    ];
    for (client, words) in cases {
        let tr = simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new("cert-not-yet-valid")],
            seed: 6,
            call: None,
            client: Some(client.into()),
        })
        .unwrap();
        let err = tr.evidence.exchanges[0]
            .client_error
            .clone()
            .unwrap_or_default();
        assert!(err.contains(words), "{client}: {err}");
        let v = solve(&tr.evidence);
        assert_eq!(
            v.cause.as_deref(),
            Some("cert-not-yet-valid"),
            "{client}: {:?}",
            v.reasons
        );
    }
    let t = text("api-call", "cert-not-yet-valid", 6);
    assert!(
        t.contains("verify error:num=9:certificate is not yet valid\nnotBefore="),
        "{t}"
    );
    assert!(
        t.contains("Verify return code: 9 (certificate is not yet valid)"),
        "{t}"
    );
}
