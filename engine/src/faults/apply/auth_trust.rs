//! Auth faults in what the token checks trust: the validating host's clock, the issuer's keys
//! the validator cached, and the authorization server's grants (refresh-token rotation, scopes).

use crate::faults::{int, st, Params};
use crate::layers::auth::AuthServer;
use crate::util;
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let now = w.epoch_ms;
    match id {
        // The validating host's clock runs behind: a token minted seconds ago by the issuer's
        // (right) clock carries an iat that, by the validator's clock, is still to come.
        "jwt-clock-skew" => {
            w.auth.validator.clock_offset_ms = -int(p, "clock_behind_s") * 1000;
            fresh_token(w, now / 1000 - 4);
        }
        // The issuer rotated its signing key: new tokens carry the new kid, while the API's
        // validator still holds the JWKS it fetched before the rotation.
        "jwks-key-not-found" => {
            let rotated_ms = now - int(p, "rotated_min_ago") * 60_000;
            w.auth.rotated_ms = Some(rotated_ms);
            w.auth.key = util::hex(&util::sha256(&w.auth.key)).into_bytes();
            w.auth.kid = util::base64url(&util::sha256(&w.auth.key)[..15]);
            let v = &mut w.auth.validator;
            // Fetched before the rotation and kept for its TTL.
            v.jwks_fetched_ms = rotated_ms - 2 * 3_600_000 - 713_000;
            fresh_token(w, (rotated_ms + (now - rotated_ms) / 2) / 1000);
        }
        // Rotation with reuse detection: the refresh token was exchanged once already (by
        // another worker, or a retry that lost its answer), and the client presents it again.
        "refresh-token-reused" => {
            w.client.grant = "refresh_token".into();
            let at = now - int(p, "exchanged_min_ago") * 60_000;
            let successor = format!(
                "rt_{}",
                &util::hex(&util::sha256(w.client.refresh_token.as_bytes()))[..8]
            );
            if let Some(r) = w.auth.refresh.get_mut(&w.client.refresh_token) {
                r.exchanged = Some((at, successor));
            }
        }
        // The client's configuration asks for a scope the app registration does not hold.
        "invalid-scope-requested" => {
            w.client.scope = format!("{} {}", w.client.scope, st(p, "scope"));
        }
        _ => {}
    }
}

/// The client's token, minted again at `iat` (Unix seconds) with the issuer's current key.
fn fresh_token(w: &mut World, iat: i64) {
    let mut c = AuthServer::decode(&w.client.token).expect("world token decodes");
    c.iat = iat;
    c.exp = iat + w.auth.ttl_s;
    let t = w.auth.mint(&c);
    w.client.token = t.clone();
    w.client.authorization = Some(format!("Bearer {t}"));
}
