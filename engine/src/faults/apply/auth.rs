//! Auth faults: credentials missing, expired, cut, revoked, outdated or short of a scope or role.

use crate::faults::{int, set_story_call, st, Params};
use crate::layers::auth::AuthServer;
use crate::world::{World, DAY_MS};

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let cid = w.customer_id.clone();
    let now = w.epoch_ms;
    match id {
        "missing-auth-header" => w.client.authorization = None,
        // The client still holds the secret from before a rotation.
        "invalid-client-secret" => {
            w.client.client_secret = format!("{}x", &w.client.client_secret[..20])
        }
        "expired-token" | "malformed-token" | "revoked-token" | "missing-scope" => {
            reissue_token(w, id, p)
        }
        "expired-refresh-token" => {
            w.client.grant = "refresh_token".into();
            let rt = w.client.refresh_token.clone();
            if let Some(r) = w.auth.refresh.get_mut(&rt) {
                r.expires_ms = now - int(p, "days_ago") * DAY_MS;
            }
        }
        // The delete is right; the caller's role is what falls short. A known-good request
        // makes the same delete as a caller that holds the role (`faults::known_good`).
        "insufficient-role" => set_story_call(w, "DELETE", &format!("/v2/customers/{cid}")),
        "wrong-auth-scheme" => {
            w.client.authorization = Some(format!("{} {}", st(p, "scheme"), w.client.token))
        }
        "missing-api-key" => w.client.api_key = None,
        "jwt-clock-skew"
        | "jwks-key-not-found"
        | "refresh-token-reused"
        | "invalid-scope-requested" => super::auth_trust::apply(w, id, p),
        "redirect-uri-mismatch"
        | "pkce-verifier-mismatch"
        | "authorization-code-reused"
        | "consent-revoked" => super::auth_code::apply(w, id, p),
        "invalid-api-key" => {
            // Rotated: the gateway holds a new key, the partner still sends the old one.
            w.gateway.api_keys = vec![format!("pk_live_{}", cid.repeat(7))];
        }
        _ => {}
    }
}

/// Token faults: the client's token is decoded, broken the fault's way, and minted again.
fn reissue_token(w: &mut World, id: &str, p: &Params) {
    let now = w.epoch_ms;
    let mut c = AuthServer::decode(&w.client.token).expect("world token decodes");
    match id {
        "expired-token" => {
            c.exp = now / 1000 - int(p, "minutes_ago") * 60;
            c.iat = c.exp - 3600;
        }
        "missing-scope" => {
            let s = st(p, "scope").to_string();
            c.scope = c
                .scope
                .split(' ')
                .filter(|x| *x != s)
                .collect::<Vec<_>>()
                .join(" ");
            if w.client.method == "GET" && s.starts_with("write:") {
                set_story_call(w, "POST", "/v2/chats");
            }
        }
        "revoked-token" => {
            // Revoked with the account it was issued to (an off-boarded user, say).
            if st(p, "sub") != "client" {
                c.sub = st(p, "sub").to_string();
            }
            w.auth.revoked.push(c.jti.clone())
        }
        _ => {}
    }
    let mut t = w.auth.mint(&c);
    if id == "malformed-token" {
        let lose = (int(p, "chars_lost") as usize).clamp(1, 40);
        t.truncate(t.len() - lose);
    }
    w.client.token = t.clone();
    w.client.authorization = Some(format!("Bearer {t}"));
}
