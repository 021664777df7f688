//! The credential stages: the partner route's `x-api-key`, or the token validation plugin
//! (bearer token, then scope and role) with RFC 6750 challenges.

use super::incoming::Incoming;
use super::{Gateway, Route, Stage};
use crate::layers::auth::{AuthServer, Claims, TokenErr};
use crate::world::SANDBOX_HOST;
use std::rc::Rc;

/// The sandbox's own authorization server.
const SANDBOX_ISSUER: &str = "https://auth.sandbox.example.com/";
use crate::model::{EventKind, Layer, Level, LogSource};
use crate::sim::{header, Lazy, Resp, Tb};
use std::ops::ControlFlow::{Break, Continue};

impl Gateway {
    /// Partner routes: `x-api-key` checked against the active keys.
    pub(super) fn check_api_key(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        let path = &inc.path;
        tb.ev(
            Layer::Gateway,
            Layer::Auth,
            EventKind::Request,
            "Check x-api-key against the partner key store",
        );
        let key = header(&inc.req.headers, "x-api-key")
            .unwrap_or("")
            .trim()
            .to_string();
        if key.is_empty() {
            return Break(self.reject_key(
                tb,
                inc,
                "No API key found in request. Send it in the x-api-key header.",
                format!("authn result=no_credentials scheme=api-key header=x-api-key path={path}"),
            ));
        }
        if !self.api_keys.contains(&key) {
            let shown = crate::mask::api_key(&key);
            return Break(self.reject_key(
                tb,
                inc,
                "Invalid authentication credentials.",
                format!("authn result=invalid_credentials scheme=api-key key={shown} reason=\"key not found in active key set ({} keys)\" path={path}", self.api_keys.len()),
            ));
        }
        tb.ev(
            Layer::Auth,
            Layer::Gateway,
            EventKind::Response,
            "API key valid (consumer partner-acme)",
        );
        Continue(())
    }

    fn reject_key(&self, tb: &mut Tb, inc: &Incoming, detail: &str, log: String) -> Resp {
        tb.log(LogSource::Auth, Level::Warn, log);
        tb.ev(
            Layer::Auth,
            Layer::Gateway,
            EventKind::Error,
            format!("API key rejected: {detail}"),
        );
        let r = Resp::problem(401, "unauthorized", detail, inc.path).h(
            "WWW-Authenticate",
            format!("ApiKey realm=\"{}\", header=\"x-api-key\"", self.host),
        );
        inc.reply(tb, r)
    }

    /// The bearer token must be present, well-formed, signed, unexpired, unrevoked and minted
    /// for this environment's audience.
    pub(super) fn check_token(&self, tb: &mut Tb, inc: &Incoming) -> Stage<Rc<(Claims, String)>> {
        let path = &inc.path;
        let authz = header(&inc.req.headers, "authorization").unwrap_or("");
        // The realm is the host the client called (the sandbox names itself); only a refusal
        // writes it.
        let realm = || format!("realm=\"{}\"", inc.host);
        tb.ev(
            Layer::Gateway,
            Layer::Auth,
            EventKind::Request,
            "Validate bearer token",
        );
        tb.jitter(1, 4);
        let Some(token) = authz.strip_prefix("Bearer ") else {
            let what = if authz.is_empty() {
                "no Authorization header".to_string()
            } else {
                format!(
                    "unsupported scheme \"{}\"",
                    authz.split(' ').next().unwrap_or("")
                )
            };
            return Break(self.deny(
                tb,
                inc,
                401,
                format!("Bearer {}", realm()),
                "Authentication required: send Authorization: Bearer <access token>.",
                // A quoted log value escapes the quotes inside it.
                format!(
                    "authn result=missing_token reason=\"{}\" path={path}",
                    what.replace('"', "\\\"")
                ),
            ));
        };
        // Each environment's gateway accepts only tokens minted for its own audience.
        let audience = ["https://", inc.host];
        // The sandbox has its own authorization server: a token another issuer signed is refused
        // before anything else in it is read.
        let foreign = (inc.host == SANDBOX_HOST)
            .then(|| AuthServer::issuer_of(token))
            .flatten()
            .filter(|iss| iss != SANDBOX_ISSUER);
        let verdict = match foreign {
            Some(got) => Err(TokenErr::Issuer {
                got,
                trusted: SANDBOX_ISSUER.into(),
            }),
            None => inc.w.auth.verify_shared(token, tb.now_ms(), audience),
        };
        match verdict {
            Ok(c) => Continue(c),
            Err(e) => {
                let (desc, log) = match e {
                    TokenErr::Malformed => (
                        "The access token is malformed".to_string(),
                        "reason=\"token is not a JWS compact serialization\"".to_string(),
                    ),
                    TokenErr::Signature => (
                        "The access token signature is invalid".to_string(),
                        "reason=\"signature verification failed\"".to_string(),
                    ),
                    TokenErr::Expired { ago_s } => (
                        "The access token expired".to_string(),
                        format!("reason=\"token expired {ago_s} s ago\""),
                    ),
                    TokenErr::Revoked => (
                        "The access token has been revoked".to_string(),
                        "reason=\"jti found in revocation list\"".to_string(),
                    ),
                    TokenErr::Issuer { got, trusted } => (
                        format!("Invalid issuer: tokens from {got} are not accepted here"),
                        format!("reason=\"invalid issuer {got} (trusted issuer: {trusted})\""),
                    ),
                    TokenErr::Audience { got } => (
                        format!("The access token audience {got} is not accepted here"),
                        format!("reason=\"aud {got} != {}\"", audience.concat()),
                    ),
                    e @ (TokenErr::NotYetValid { .. } | TokenErr::UnknownKid { .. }) => {
                        e.described()
                    }
                };
                Break(self.deny(
                    tb,
                    inc,
                    401,
                    format!(
                        "Bearer {}, error=\"invalid_token\", error_description=\"{desc}\"",
                        realm()
                    ),
                    &format!("{desc}."),
                    format!("authn result=invalid_token {log} path={path}"),
                ))
            }
        }
    }

    /// The token's scope must cover the method class; DELETE may also need a role.
    pub(super) fn check_scope_and_role(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        route: &Route,
        claims: &Claims,
    ) -> Stage {
        let (w, req, path) = (inc.w, inc.req, &inc.path);
        let need = if matches!(req.method.as_str(), "GET" | "HEAD") {
            route.read_scope
        } else {
            route.write_scope
        };
        if !claims.scope.split(' ').any(|s| s == need) {
            return Break(self.deny(
                tb,
                inc,
                403,
                format!(
                    "Bearer realm=\"{}\", error=\"insufficient_scope\", scope=\"{need}\"",
                    self.host
                ),
                &format!("The access token lacks the scope {need}."),
                format!("authz result=insufficient_scope sub={} has=\"{}\" needs=\"{need}\" path={path}", claims.sub, claims.scope),
            ));
        }
        if req.method == "DELETE" {
            if let Some(role) = &route.delete_role {
                let has = w.auth.roles.get(&claims.sub).cloned().unwrap_or_default();
                if &has != role {
                    tb.log(LogSource::Auth, Level::Warn, format!("authz result=forbidden sub={} role={has} required_role={role} action=DELETE path={path}", claims.sub));
                    tb.ev(
                        Layer::Auth,
                        Layer::Gateway,
                        EventKind::Error,
                        "Role check failed",
                    );
                    let r = Resp::problem(
                        403,
                        "forbidden",
                        &format!("Role {has} may not delete this resource; {role} required."),
                        path,
                    );
                    return Break(inc.reply(tb, r));
                }
            }
        }
        tb.ev(
            Layer::Auth,
            Layer::Gateway,
            EventKind::Response,
            Lazy(|| format!("Token valid (sub={}, scope={})", claims.sub, claims.scope)),
        );
        Continue(())
    }

    /// A rejected token: auth log line, error event, problem response with its challenge.
    fn deny(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        status: u16,
        challenge: String,
        detail: &str,
        log: String,
    ) -> Resp {
        tb.log(LogSource::Auth, Level::Warn, log);
        tb.ev(
            Layer::Auth,
            Layer::Gateway,
            EventKind::Error,
            format!("Token rejected: {detail}"),
        );
        let r = Resp::problem(
            status,
            if status == 401 {
                "unauthorized"
            } else {
                "forbidden"
            },
            detail,
            inc.path,
        )
        .h("WWW-Authenticate", challenge);
        inc.reply(tb, r)
    }
}
