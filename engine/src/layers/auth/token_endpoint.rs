//! The authorization server's token endpoint: POST /oauth2/token (RFC 6749 §4.4 and §6), client
//! authentication, the client-credentials and refresh-token grants, scope checks.

use super::{basic_credentials, AuthServer, Claims, RefreshToken};
use crate::model::{EventKind, Layer, Level, LogSource};
use crate::sim::{Resp, Tb};
use crate::util;
use serde_json::json;
use std::collections::BTreeMap;

/// A token response's body (RFC 6749 §5.1) as `Resp::json` pretty-prints `json!`'s object (its
/// members sorted), written by hand: the token would be copied three times on the way.
fn token_body(token: &str, expires_in: i64, scope: &str) -> String {
    use crate::util::json::{push_i64, push_json_str};
    let mut b = String::with_capacity(token.len() + scope.len() + 96);
    b.push_str("{\n  \"access_token\": ");
    push_json_str(&mut b, token);
    b.push_str(",\n  \"expires_in\": ");
    push_i64(&mut b, expires_in);
    b.push_str(",\n  \"scope\": ");
    push_json_str(&mut b, scope);
    b.push_str(",\n  \"token_type\": \"Bearer\"\n}");
    b
}

impl AuthServer {
    /// POST /oauth2/token (RFC 6749 §4.4 and §6).
    pub fn token_endpoint(
        &self,
        tb: &mut Tb,
        body: &str,
        basic: Option<&str>,
        now_ms: i64,
    ) -> (Resp, Option<String>) {
        tb.jitter(15, 40);
        tb.ev(
            Layer::Gateway,
            Layer::Auth,
            EventKind::Request,
            "Forward token request to authorization server",
        );
        let form: BTreeMap<&str, &str> = body
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        let (cid, secret) = basic_credentials(basic);
        let oerr = |code: &str, desc: &str, status: u16| {
            let mut r = Resp::json(status, &json!({"error": code, "error_description": desc}));
            r = r.h("Cache-Control", "no-store");
            if status == 401 {
                r = r.h("WWW-Authenticate", "Basic realm=\"auth.example.com\"");
            }
            r
        };
        let client = self.clients.iter().find(|c| c.id == cid);
        let Some(client) = client.filter(|c| c.secret == secret) else {
            tb.log(LogSource::Auth, Level::Warn, format!("token_request grant={} client_id={cid} result=invalid_client reason=\"client authentication failed\"", form.get("grant_type").unwrap_or(&"-")));
            return (
                oerr("invalid_client", "Client authentication failed", 401),
                None,
            );
        };
        let grant = form.get("grant_type").copied().unwrap_or("");
        let scope = match grant {
            // Form values are percent-encoded (":" as %3A, " " as %20 or +).
            "client_credentials" => form
                .get("scope")
                .map(|s| s.replace("%20", " ").replace("%3A", ":").replace('+', " "))
                .unwrap_or_else(|| client.scopes.join(" ")),
            "refresh_token" => {
                let rt = form.get("refresh_token").copied().unwrap_or("");
                match self.refresh.get(rt).map(|r| &**r) {
                    Some(RefreshToken {
                        exchanged: Some((at_ms, successor)),
                        ..
                    }) => {
                        tb.log(LogSource::Auth, Level::Warn, format!(
                            "token_request grant=refresh_token client_id={cid} result=invalid_grant reason=\"refresh token reuse detected: already exchanged at {} (replaced by {successor}…); token family revoked\"",
                            util::iso_s(*at_ms)
                        ));
                        return (
                            oerr("invalid_grant", "The refresh token is invalid", 400),
                            None,
                        );
                    }
                    Some(r) if r.expires_ms > now_ms => r.scope.clone(),
                    Some(r) => {
                        tb.log(LogSource::Auth, Level::Warn, format!(
                            "token_request grant=refresh_token client_id={cid} result=invalid_grant reason=\"refresh token expired at {}\"",
                            util::iso_s(r.expires_ms)
                        ));
                        return (
                            oerr("invalid_grant", "The refresh token is expired", 400),
                            None,
                        );
                    }
                    None => {
                        tb.log(LogSource::Auth, Level::Warn, format!("token_request grant=refresh_token client_id={cid} result=invalid_grant reason=\"unknown refresh token\""));
                        return (
                            oerr("invalid_grant", "The refresh token is invalid", 400),
                            None,
                        );
                    }
                }
            }
            _ => {
                return (
                    oerr("unsupported_grant_type", "Grant type not supported", 400),
                    None,
                )
            }
        };
        if let Some(bad) = scope
            .split(' ')
            .find(|s| !client.scopes.iter().any(|g| g == s))
        {
            tb.log(LogSource::Auth, Level::Warn, format!(
                "token_request grant={grant} client_id={cid} result=invalid_scope scope=\"{scope}\" reason=\"scope {bad} not granted to client (granted: {})\"",
                client.scopes.join(" ")
            ));
            return (
                oerr(
                    "invalid_scope",
                    "The requested scope is invalid, unknown, or malformed",
                    400,
                ),
                None,
            );
        }
        let now = now_ms / 1000;
        let claims = Claims {
            sub: cid.clone(),
            client_id: cid.clone(),
            aud: self.audience.clone(),
            iat: now,
            exp: now + self.ttl_s,
            jti: tb.rng.hex(16),
            scope: scope.clone(),
        };
        let issued = format!("token_request grant={grant} client_id={cid} result=issued scope=\"{scope}\" expires_in={} jti={}", self.ttl_s, claims.jti);
        let tok = self.mint_owned(claims);
        tb.log(LogSource::Auth, Level::Info, issued);
        let mut r = Resp::new(200);
        r.body = Some(token_body(&tok, self.ttl_s, &scope));
        r.content_type = Some("application/json".into());
        let r = r.h("Cache-Control", "no-store").h("Pragma", "no-cache");
        (r, Some(tok))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_token_body_is_what_json_pretty_prints() {
        for (token, ttl, scope) in [("eyJ.a.b", 3600, "read:customers"), ("t\"q\n", -1, "")] {
            let v = serde_json::json!({"access_token": token, "token_type": "Bearer", "expires_in": ttl, "scope": scope});
            let want = serde_json::to_string_pretty(&v).unwrap();
            assert_eq!(super::token_body(token, ttl, scope), want);
        }
    }
}
