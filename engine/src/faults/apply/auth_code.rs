//! The authorization-code flow's faults: the web app sends an unregistered redirect URI, loses
//! its PKCE verifier, or redeems its code twice; or the returning user's grant was revoked at the
//! identity provider.

use crate::faults::{int, st, Params};
use crate::layers::auth_code::{s256, StoredGrant};
use crate::util;
use crate::world::{World, APP_HOST};

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let Some(app) = w.app.as_mut() else {
        return;
    };
    match id {
        // A release moved the callback route; the registration still lists the old one.
        "redirect-uri-mismatch" => {
            let path = st(p, "callback").trim_matches('/');
            app.redirect_uri = format!("https://{APP_HOST}/{path}");
            if w.auth
                .web
                .as_ref()
                .is_some_and(|r| r.redirect_uris.contains(&app.redirect_uri))
            {
                // The registered path itself: the release added a trailing slash to it.
                app.redirect_uri.push('/');
            }
        }
        // The session that held the verifier did not survive the redirect: a new one is made.
        "pkce-verifier-mismatch" => {
            let fresh = util::base64url(&util::sha256(app.verifier.as_bytes()));
            debug_assert_ne!(s256(&fresh), s256(&app.verifier));
            app.verifier_sent = fresh;
        }
        "authorization-code-reused" => app.exchanges = 2,
        // A returning user whose grant was revoked at the identity provider (an admin's
        // revocation of the user's grants for the app): its refresh tokens went with it.
        "consent-revoked" => {
            app.returning = true;
            let now = w.epoch_ms;
            let revoked = now - int(p, "revoked_hours_ago") * 3_600_000;
            if let Some(reg) = w.auth.web.as_mut() {
                reg.consented = false;
                reg.grant = Some(StoredGrant {
                    consented_ms: revoked - 23 * 86_400_000 - 4_211_000,
                    refresh_token: util::base64url(&util::sha256(reg.client_secret.as_bytes())),
                    revoked: Some((revoked, st(p, "revoked_by").to_string())),
                });
            }
        }
        _ => {}
    }
}
