//! The authorization server's side of the authorization-code flow (RFC 6749 §4.1, PKCE RFC
//! 7636): the web app's registration, the `/authorize` page, the user's sign-in and consent that
//! issue a code, and the code's exchange at `/token`. Its pages and JSON follow one identity
//! provider's wording (Okta's) throughout.

use super::auth::{basic_credentials, AuthServer, Claims};
use crate::model::{EventKind, Layer, Level, LogSource};
use crate::sim::{Resp, Tb};
use crate::util;
use crate::world::{APP_HOST, AUTH_HOST};
use serde_json::json;
use std::collections::BTreeMap;

/// How long an issued code may be exchanged (Okta: five minutes).
pub const CODE_TTL_MS: i64 = 300_000;

/// The web app as registered with the authorization server.
#[derive(Clone, Debug)]
pub struct WebRegistration {
    pub client_id: String,
    pub client_secret: String,
    /// The Login redirect URIs in the app's settings: only these may receive a code.
    pub redirect_uris: Vec<String>,
    /// Scopes the app may ask for.
    pub scopes: Vec<String>,
    /// The user who signs in, and whether they have consented to the app before.
    pub user: String,
    pub consented: bool,
    /// A returning user's grant from an earlier sign-in, where the run has one.
    pub grant: Option<StoredGrant>,
}

/// The grant behind a returning user's refresh token: when the user consented, the refresh
/// token the app keeps in its session store, and when (and by whom) the consent was revoked.
#[derive(Clone, Debug)]
pub struct StoredGrant {
    pub consented_ms: i64,
    pub refresh_token: String,
    /// When and by whom (an admin's login) the grant was revoked; its tokens went with it.
    pub revoked: Option<(i64, String)>,
}

/// A code the server issued during the run, with what it is bound to.
#[derive(Clone, Debug)]
pub struct Grant {
    pub client_id: String,
    pub redirect_uri: String,
    pub challenge: String,
    pub scope: String,
    pub issued_ms: i64,
    /// When it was exchanged, and the jti of the token issued for it.
    pub redeemed: Option<(i64, String)>,
}

/// The server's memory of the codes it issued in this run.
#[derive(Default)]
pub struct Codes(pub BTreeMap<String, Grant>);

/// The query (or form) of a URL or body, decoded.
pub fn params(s: &str) -> BTreeMap<String, String> {
    let q = s.split_once('?').map(|(_, q)| q).unwrap_or(s);
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_string(), util_decode(v)))
        .collect()
}

/// Percent-decoding of the few characters these URLs carry.
fn util_decode(v: &str) -> String {
    v.replace("%3A", ":")
        .replace("%2F", "/")
        .replace("%20", " ")
        .replace('+', " ")
}

/// Percent-encoding for a query value (what the app's OAuth library sends).
pub fn encode(v: &str) -> String {
    v.replace(':', "%3A")
        .replace('/', "%2F")
        .replace(' ', "%20")
}

/// The PKCE S256 challenge of a verifier.
pub fn s256(verifier: &str) -> String {
    util::base64url(&util::sha256(verifier.as_bytes()))
}

fn page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n{body}\n</body>\n</html>\n")
}

impl AuthServer {
    fn web_for(&self, cid: &str) -> Option<&WebRegistration> {
        self.web.as_ref().filter(|r| r.client_id == cid)
    }

    /// The web app's client authentication at `/token` (HTTP Basic), the same for every grant:
    /// a wrong id or secret is `invalid_client` (RFC 6749 §5.2), logged with the grant tried.
    fn authenticate_web(
        &self,
        tb: &mut Tb,
        grant: &str,
        cid: &str,
        secret: &str,
    ) -> Result<&WebRegistration, Resp> {
        match self.web_for(cid).filter(|r| r.client_secret == secret) {
            Some(reg) => Ok(reg),
            None => {
                tb.log(LogSource::Auth, Level::Warn, format!("token_request grant={grant} client_id={cid} result=invalid_client reason=\"client authentication failed\""));
                Err(token_error("invalid_client", "Client authentication failed. Either the client or the client credentials are invalid.", 401))
            }
        }
    }

    /// GET /oauth2/v1/authorize: checks the client and its redirect URI, then shows the sign-in
    /// page (with the consent screen when the user has not consented to the app yet).
    pub fn authorize(&self, tb: &mut Tb, url: &str) -> Resp {
        tb.jitter(20, 60);
        let q = params(url);
        let get = |k: &str| q.get(k).cloned().unwrap_or_default();
        let cid = get("client_id");
        let Some(reg) = self.web_for(&cid) else {
            tb.log(
                LogSource::Auth,
                Level::Warn,
                format!(
                    "authorize client_id={cid} result=invalid_client reason=\"unknown client\""
                ),
            );
            return error_page("invalid_client", "Invalid value for 'client_id' parameter.");
        };
        let redirect = get("redirect_uri");
        if !reg.redirect_uris.contains(&redirect) {
            tb.ev(
                Layer::Auth,
                Layer::Auth,
                EventKind::Error,
                format!("redirect_uri {redirect} is not registered for {cid}"),
            );
            tb.log(LogSource::Auth, Level::Warn, format!(
                "authorize client_id={cid} result=invalid_request reason=\"redirect_uri {redirect} is not a Login redirect URI of the app (registered: {})\"",
                reg.redirect_uris.join(", ")
            ));
            let desc = format!("The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: https://{AUTH_HOST}/admin/app/oidc_client/instance/{cid}#tab-general");
            return error_page("invalid_request", &desc);
        }
        tb.log(LogSource::Auth, Level::Info, format!(
            "authorize client_id={cid} response_type={} scope=\"{}\" code_challenge_method={} result=login_required",
            get("response_type"), get("scope"), get("code_challenge_method")
        ));
        let consent = if reg.consented {
            String::new()
        } else {
            let items: String = get("scope")
                .split(' ')
                .map(|s| format!("<li>{s}</li>"))
                .collect();
            format!("<h2>Example Web App would like to:</h2>\n<ul>{items}</ul>\n<button name=\"consent\" value=\"allow\">Allow Access</button>\n")
        };
        let body = format!("<h1>Sign In</h1>\n<form method=\"post\" action=\"/oauth2/v1/authorize/callback\">\n<input name=\"username\"> <input name=\"password\" type=\"password\">\n{consent}</form>");
        Resp::text(200, "text/html", &page("Example ID - Sign In", &body))
            .h("Cache-Control", "no-cache, no-store")
    }

    /// POST of the sign-in (and consent) form: issues a code bound to the authorize request's
    /// client, redirect URI and challenge, and redirects the browser back to the app.
    pub fn sign_in(&self, tb: &mut Tb, authorize_url: &str, codes: &mut Codes) -> Resp {
        tb.jitter(120, 400);
        let q = params(authorize_url);
        let get = |k: &str| q.get(k).cloned().unwrap_or_default();
        let code = tb.rng.alnum(43);
        let redirect = get("redirect_uri");
        let cid = get("client_id");
        let user = self
            .web
            .as_ref()
            .map(|r| r.user.clone())
            .unwrap_or_default();
        tb.log(LogSource::Auth, Level::Info, format!(
            "authorize client_id={cid} user={user} result=code_issued redirect_uri={redirect} code_challenge_method=S256 expires_in={}",
            CODE_TTL_MS / 1000
        ));
        codes.0.insert(
            code.clone(),
            Grant {
                client_id: cid,
                redirect_uri: redirect.clone(),
                challenge: get("code_challenge"),
                scope: get("scope"),
                issued_ms: tb.now_ms(),
                redeemed: None,
            },
        );
        let sid = tb.rng.alnum(24);
        Resp::new(302)
            .h(
                "Location",
                format!("{redirect}?code={code}&state={}", get("state")),
            )
            .h(
                "Set-Cookie",
                format!("sid={sid}; Path=/; Secure; HttpOnly; SameSite=None"),
            )
            .h("Cache-Control", "no-cache, no-store")
    }

    /// POST /oauth2/v1/token with grant_type=authorization_code (RFC 6749 §4.1.3, RFC 7636
    /// §4.6). Returns the response and, when issued, the access and refresh tokens.
    pub fn exchange_code(
        &self,
        tb: &mut Tb,
        body: &str,
        basic: Option<&str>,
        codes: &mut Codes,
    ) -> (Resp, Option<(String, String)>) {
        tb.jitter(15, 40);
        let form = params(body);
        let get = |k: &str| form.get(k).cloned().unwrap_or_default();
        let (cid, secret) = basic_credentials(basic);
        let oerr = |code: &str, desc: &str, status: u16| (token_error(code, desc, status), None);
        let reg = match self.authenticate_web(tb, "authorization_code", &cid, &secret) {
            Ok(reg) => reg,
            Err(r) => return (r, None),
        };
        let now = tb.now_ms();
        let code = get("code");
        let shown = format!("{}…", &code[..code.len().min(8)]);
        let bad_code = |tb: &mut Tb, why: String| {
            tb.log(LogSource::Auth, Level::Warn, format!("token_request grant=authorization_code client_id={cid} code={shown} result=invalid_grant reason=\"{why}\""));
        };
        let Some(g) = codes.0.get_mut(&code) else {
            bad_code(tb, "unknown authorization code".into());
            return oerr(
                "invalid_grant",
                "The authorization code is invalid or has expired.",
                400,
            );
        };
        if let Some((at, jti)) = &g.redeemed {
            bad_code(tb, format!("authorization code already redeemed at {} (token jti={jti}); tokens issued for it revoked", util::iso_s(*at)));
            return oerr(
                "invalid_grant",
                "The authorization code is invalid or has expired.",
                400,
            );
        }
        if now - g.issued_ms > CODE_TTL_MS || g.client_id != reg.client_id {
            bad_code(tb, "authorization code expired".into());
            return oerr(
                "invalid_grant",
                "The authorization code is invalid or has expired.",
                400,
            );
        }
        if get("redirect_uri") != g.redirect_uri {
            bad_code(
                tb,
                "redirect_uri differs from the authorize request's".into(),
            );
            return oerr("invalid_grant", "The 'redirect_uri' does not match the redirection URI used in the authorization request.", 400);
        }
        let verifier = get("code_verifier");
        if s256(&verifier) != g.challenge {
            bad_code(
                tb,
                format!(
                "PKCE verification failed: S256(code_verifier)={} does not match code_challenge={}",
                s256(&verifier), g.challenge
            ),
            );
            return oerr("invalid_grant", "PKCE verification failed.", 400);
        }
        let claims = Claims {
            sub: reg.user.clone(),
            client_id: reg.client_id.clone(),
            aud: self.audience.clone(),
            iat: now / 1000,
            exp: now / 1000 + self.ttl_s,
            jti: tb.rng.hex(16),
            scope: g.scope.clone(),
        };
        g.redeemed = Some((now, claims.jti.clone()));
        let token = self.mint(&claims);
        let refresh = format!("rt_{}", tb.rng.alnum(28));
        tb.log(LogSource::Auth, Level::Info, format!(
            "token_request grant=authorization_code client_id={cid} code={shown} user={} result=issued scope=\"{}\" expires_in={} jti={}",
            reg.user, g.scope, self.ttl_s, claims.jti
        ));
        let r = Resp::json(200, &json!({"token_type": "Bearer", "expires_in": self.ttl_s, "access_token": token, "scope": g.scope, "refresh_token": refresh}))
            .h("Cache-Control", "no-store")
            .h("Pragma", "no-cache");
        (r, Some((token, refresh)))
    }
}

impl AuthServer {
    /// POST /oauth2/v1/token with grant_type=refresh_token from the web app (RFC 6749 §6): a
    /// returning user's session renewed without the browser. A revoked grant takes its refresh
    /// tokens with it, and Okta then answers as for any unusable refresh token.
    pub fn refresh_web(
        &self,
        tb: &mut Tb,
        body: &str,
        basic: Option<&str>,
    ) -> (Resp, Option<String>) {
        tb.jitter(15, 40);
        let form = params(body);
        let (cid, secret) = basic_credentials(basic);
        let oerr = |code: &str, desc: &str, status: u16| (token_error(code, desc, status), None);
        let reg = match self.authenticate_web(tb, "refresh_token", &cid, &secret) {
            Ok(reg) => reg,
            Err(r) => return (r, None),
        };
        let rt = form.get("refresh_token").cloned().unwrap_or_default();
        let shown = crate::mask::opaque(&rt);
        let Some(g) = reg.grant.as_ref().filter(|g| g.refresh_token == rt) else {
            tb.log(LogSource::Auth, Level::Warn, format!("token_request grant=refresh_token client_id={cid} refresh_token={shown} result=invalid_grant reason=\"unknown refresh token\""));
            return oerr(
                "invalid_grant",
                "The refresh token is invalid or expired.",
                400,
            );
        };
        if let Some((at, by)) = &g.revoked {
            tb.log(LogSource::Auth, Level::Warn, format!(
                "token_request grant=refresh_token client_id={cid} user={} refresh_token={shown} result=invalid_grant reason=\"consent grant revoked at {} by {by}; refresh tokens issued under it revoked\"",
                reg.user, util::iso_s(*at)
            ));
            return oerr(
                "invalid_grant",
                "The refresh token is invalid or expired.",
                400,
            );
        }
        let now = tb.now_ms();
        let claims = Claims {
            sub: reg.user.clone(),
            client_id: reg.client_id.clone(),
            aud: self.audience.clone(),
            iat: now / 1000,
            exp: now / 1000 + self.ttl_s,
            jti: tb.rng.hex(16),
            scope: reg.scopes.join(" "),
        };
        let token = self.mint(&claims);
        tb.log(LogSource::Auth, Level::Info, format!(
            "token_request grant=refresh_token client_id={cid} user={} refresh_token={shown} result=issued scope=\"{}\" expires_in={} jti={}",
            reg.user, claims.scope, self.ttl_s, claims.jti
        ));
        let r = Resp::json(200, &json!({"token_type": "Bearer", "expires_in": self.ttl_s, "access_token": token, "scope": claims.scope, "refresh_token": rt}))
            .h("Cache-Control", "no-store")
            .h("Pragma", "no-cache");
        (r, Some(token))
    }

    /// The identity provider's System Log for the returning user and the app (Okta's event
    /// types): the consent, and its revocation where there was one.
    pub fn system_log(&self) -> Option<String> {
        let reg = self.web.as_ref()?;
        let g = reg.grant.as_ref()?;
        let mut lines = vec![format!(
            "{}  app.oauth2.as.consent.grant  SUCCESS  actor={}  target=\"Example Web App\" ({})  scopes=\"{}\"",
            util::iso_s(g.consented_ms), reg.user, reg.client_id, reg.scopes.join(" ")
        )];
        if let Some((at, by)) = &g.revoked {
            lines.push(format!(
                "{}  app.oauth2.as.consent.revoke  SUCCESS  actor={by}  target=\"Example Web App\" ({}) user={}  scopes=\"{}\"",
                util::iso_s(*at), reg.client_id, reg.user, reg.scopes.join(" ")
            ));
        }
        Some(lines.join("\n"))
    }
}

/// The token endpoint's error answer (RFC 6749 §5.2): JSON, never cached.
fn token_error(code: &str, desc: &str, status: u16) -> Resp {
    Resp::json(status, &json!({"error": code, "error_description": desc}))
        .h("Cache-Control", "no-store")
        .h("Pragma", "no-cache")
}

/// The identity provider's error page for an authorize request it will not redirect.
fn error_page(code: &str, desc: &str) -> Resp {
    let body = format!("<h1>400 Bad Request</h1>\n<p>Your request resulted in an error. {desc}</p>\n<dl>\n<dt>Identity Provider:</dt><dd>Unknown</dd>\n<dt>Error Code:</dt><dd>{code}</dd>\n<dt>Description:</dt><dd>{desc}</dd>\n</dl>");
    Resp::text(400, "text/html", &page("Example ID - Bad Request", &body))
        .h("Cache-Control", "no-cache, no-store")
}

/// The web app's registration as the healthy world has it, with secrets derived from the
/// issuer's key (no draw from the seeded stream, so every other seeded value stays put).
pub fn healthy_registration(auth: &AuthServer, service_client: &str) -> WebRegistration {
    let tail = service_client.trim_start_matches("svc-");
    let digest = util::sha256(&[auth.key.as_slice(), b"web-app"].concat());
    WebRegistration {
        client_id: format!("0oa{tail}webapp"),
        client_secret: util::base64url(&digest[..30]),
        redirect_uris: vec![format!("https://{APP_HOST}/callback")],
        scopes: vec![
            "openid".into(),
            "profile".into(),
            "read:customers".into(),
            "offline_access".into(),
        ],
        user: "dana.lee@example.com".into(),
        consented: false,
        grant: None,
    }
}
