//! Access tokens look like what identity providers issue: RS256 JWTs whose `kid` is the key the
//! issuer's JWKS lists (the key its own log lines name), and no refresh token for a
//! client-credentials grant (RFC 6749 §4.4.3).

use faultline_engine::*;

fn json_part(token: &str, i: usize) -> serde_json::Value {
    let part = token.split('.').nth(i).expect("three segments");
    serde_json::from_slice(&util::base64url_decode(part).expect("base64url")).expect("JSON")
}

#[test]
fn access_tokens_are_rs256_with_the_issuers_kid() {
    let t = simulate_simple(Some("oauth-token"), &[], 5).unwrap();
    let ev = &t.evidence;
    let body = ev.exchanges[0]
        .response
        .as_ref()
        .unwrap()
        .body
        .clone()
        .unwrap();
    let issued: serde_json::Value = serde_json::from_str(&body).unwrap();
    let token = issued["access_token"].as_str().unwrap();
    let header = json_part(token, 0);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["typ"], "JWT");
    let kid = header["kid"].as_str().unwrap();
    assert!(kid.len() >= 16, "a key id as IdPs spell it: {kid}");
    let claims = json_part(token, 1);
    for c in [
        "iss",
        "sub",
        "aud",
        "exp",
        "iat",
        "jti",
        "scope",
        "client_id",
    ] {
        assert!(claims.get(c).is_some(), "claim {c} in {claims}");
    }
    // An RSA-2048 signature is 256 bytes: 342 base64url characters.
    assert_eq!(token.split('.').nth(2).unwrap().len(), 342);
    // The API call that follows carries the token, header and all.
    let held = sim::header(&ev.exchanges[1].request.headers, "authorization").unwrap();
    assert_eq!(
        json_part(held.strip_prefix("Bearer ").unwrap(), 0)["kid"],
        kid
    );
    // The issuer's key-rotation notice names the key its tokens carry.
    for seed in 0..40 {
        let t = simulate_with_noise(
            &RunSpec {
                flow: Some("oauth-token".into()),
                seed,
                ..RunSpec::default()
            },
            40,
            false,
        )
        .unwrap();
        let tok = t.evidence.exchanges[0]
            .response
            .as_ref()
            .unwrap()
            .body
            .clone()
            .unwrap();
        let tok: serde_json::Value = serde_json::from_str(&tok).unwrap();
        let kid = json_part(tok["access_token"].as_str().unwrap(), 0)["kid"].clone();
        for l in t
            .evidence
            .logs
            .iter()
            .filter(|l| l.text.starts_with("jwks: signing key "))
        {
            assert!(l.text.contains(kid.as_str().unwrap()), "{}", l.text);
        }
    }
}

#[test]
fn a_client_credentials_grant_issues_no_refresh_token() {
    for seed in 0..20 {
        let t = simulate_simple(Some("oauth-token"), &[], seed).unwrap();
        let r = t.evidence.exchanges[0].response.as_ref().unwrap();
        assert_eq!(r.status, 200);
        let body: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(body["token_type"], "Bearer");
        assert!(body.get("refresh_token").is_none(), "{body}");
        let sent = t.evidence.exchanges[0].request.body.clone().unwrap();
        assert!(sent.starts_with("grant_type=client_credentials"), "{sent}");
    }
}

#[test]
fn the_trace_text_shows_the_rs256_header() {
    let t = simulate_simple(Some("api-call"), &[FaultSpec::new("expired-token")], 1).unwrap();
    let text = render_text(&t.evidence);
    assert!(
        text.contains("header:  {\"alg\":\"RS256\",\"kid\":\""),
        "{text}"
    );
}

/// Background clients keep their access token until it expires, as real ones do: an instance
/// of the reporting service that holds a stale token sends that same token every time, so each
/// of its refusals names the same expiry (`expired N s ago` grows one for one with the clock),
/// and the gateway verifies every request, not just the first.
#[test]
fn a_background_instance_resends_the_one_token_it_holds() {
    let mut refused = 0;
    for seed in 0..40 {
        let spec = RunSpec {
            flow: Some("api-call".into()),
            seed,
            ..Default::default()
        };
        let t = simulate_with_noise(&spec, 24, true).unwrap();
        let ev = &t.evidence;
        // Each refused background request: its address (gateway line) and when its token expired.
        let mut expiry: Vec<(String, i64)> = vec![];
        for l in &ev.logs {
            let Some(ago) = l
                .text
                .split("token expired ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|s| s.parse::<i64>().ok())
            else {
                continue;
            };
            if l.trace_id.as_deref() == Some(ev.trace_id.as_str()) {
                continue;
            }
            let ip = ev
                .logs
                .iter()
                .find(|g| g.trace_id == l.trace_id && g.text.contains("\" 401 "))
                .and_then(|g| g.text.split(' ').next())
                .expect("a refused request has its access line")
                .to_string();
            // The second of the day the refusal was logged at (all in one trace's window).
            let hms: Vec<i64> = l.ts[11..19]
                .split(':')
                .map(|x| x.parse().unwrap())
                .collect();
            let secs = hms[0] * 3600 + hms[1] * 60 + hms[2];
            expiry.push((ip, secs - ago));
            refused += 1;
        }
        for (ip, exp) in &expiry {
            for (ip2, exp2) in &expiry {
                if ip == ip2 {
                    assert!(
                        (exp - exp2).abs() <= 1,
                        "seed {seed}: {ip} sent two different expired tokens ({exp} and {exp2})"
                    );
                }
            }
        }
    }
    assert!(
        refused > 0,
        "no background request was refused for an expired token"
    );
}
