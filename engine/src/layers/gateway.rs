//! API gateway / load balancer (nginx-like): TLS termination, allowlist, routing, rate limits,
//! token validation plugin, proxying to upstreams with timeouts.

use super::auth::TokenErr;
use crate::model::{EventKind, HttpRequest, Layer, Level, LogSource};
use crate::sim::{header, Resp, Tb};
use crate::util;
use crate::world::World;

#[derive(Clone, Debug)]
pub struct Route {
    /// Pattern with `{id}` for one non-empty segment.
    pub pattern: String,
    pub methods: Vec<String>,
    pub upstream: String,
    /// Scope needed per method class: read for GET/HEAD, write otherwise.
    pub read_scope: String,
    pub write_scope: String,
    /// Role needed for DELETE (RBAC).
    pub delete_role: Option<String>,
    /// Partner route: authenticated by `x-api-key` instead of a bearer token.
    pub api_key: bool,
}

#[derive(Clone, Debug)]
pub struct Upstream {
    pub name: String,
    pub servers: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct RateLimit {
    pub limit: u32,
    pub window_s: u32,
    pub used: u32,
    /// Seconds until the window resets.
    pub reset_s: u32,
}

#[derive(Clone, Debug)]
pub struct Gateway {
    pub host: String,
    pub routes: Vec<Route>,
    pub upstreams: Vec<Upstream>,
    pub rate: RateLimit,
    pub allowlist: Vec<String>,
    pub read_timeout_ms: i64,
    pub cors_origin: String,
    /// Origins the CORS policy allows (exact match, as browsers send them).
    pub cors_allowed_origins: Vec<String>,
    /// Active partner API keys.
    pub api_keys: Vec<String>,
    /// WebSocket idle timeout on the load balancer.
    pub ws_idle_timeout_s: i64,
}

pub fn matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let q: Vec<&str> = path.split('/').collect();
    p.len() == q.len()
        && p.iter()
            .zip(&q)
            .all(|(a, b)| (*a == "{id}" && !b.is_empty()) || a == b)
}

/// The upstream's answer on its way back: the response event, the access log line with the
/// upstream response time (`urt`, ms), and the request id header.
fn relay(
    tb: &mut Tb,
    w: &World,
    req: &HttpRequest,
    path: &str,
    r: Resp,
    server: &str,
    urt: i64,
) -> Resp {
    tb.ev(
        Layer::Backend,
        Layer::Gateway,
        EventKind::Response,
        format!("{} {}", r.status, crate::sim::reason(r.status)),
    );
    access(
        tb,
        w,
        req,
        path,
        r.status,
        bytes(&r),
        server,
        &format!("{:.3}", urt as f64 / 1000.0),
    );
    r.h("X-Request-Id", tb.trace_id.clone())
}

#[allow(clippy::too_many_arguments)] // mirrors the nginx log format fields
fn access(
    tb: &mut Tb,
    w: &World,
    req: &HttpRequest,
    path: &str,
    status: u16,
    bytes: usize,
    up: &str,
    urt: &str,
) {
    let ua = header(&req.headers, "user-agent")
        .unwrap_or("-")
        .to_string();
    let rt = tb.t - tb.exchanges.last().map(|e| e.t_ms).unwrap_or(0);
    tb.log(LogSource::Gateway, if status >= 500 { Level::Error } else if status >= 400 { Level::Warn } else { Level::Info }, format!(
        "{} - - [{}] \"{} {path} HTTP/1.1\" {status} {bytes} \"-\" \"{ua}\" rt={:.3} urt={urt} upstream={up} traceparent={}",
        w.client.public_ip, util::nginx_time(tb.now_ms()), req.method, rt as f64 / 1000.0, tb.traceparent()
    ));
}

fn err_log(
    tb: &mut Tb,
    w: &World,
    req: &HttpRequest,
    path: &str,
    level: &str,
    msg: &str,
    upstream: Option<&str>,
) {
    let cid = tb.rng.range(10_000, 99_999);
    let up = upstream
        .map(|u| format!(", upstream: \"http://{u}{path}\""))
        .unwrap_or_default();
    tb.log(LogSource::Gateway, if level == "error" { Level::Error } else { Level::Warn }, format!(
        "{} [{level}] 2841#2841: *{cid} {msg}, client: {}, server: {}, request: \"{} {path} HTTP/1.1\"{up}, host: \"{}\"",
        util::nginx_err_time(tb.now_ms()), w.client.public_ip, w.gateway.host, req.method, w.gateway.host
    ));
}

fn bytes(r: &Resp) -> usize {
    r.body.as_ref().map(|b| b.len()).unwrap_or(0)
}

impl Gateway {
    /// CORS headers on actual (non-preflight) responses to an allowed origin, errors included,
    /// so the browser lets the page read them.
    pub fn with_cors(&self, r: Resp, req: &HttpRequest) -> Resp {
        match header(&req.headers, "origin") {
            Some(o) if self.cors_allowed_origins.iter().any(|a| a == o) => r
                .h("Access-Control-Allow-Origin", o)
                .h(
                    "Access-Control-Expose-Headers",
                    "Retry-After, RateLimit-Reset, X-Request-Id, WWW-Authenticate",
                )
                .h("Vary", "Origin"),
            _ => r,
        }
    }

    /// Partner routes: `x-api-key` checked against the active keys, then proxied to the
    /// service's own path (the partner prefix is stripped, as a rewrite rule would).
    fn partner(
        &self,
        w: &World,
        tb: &mut Tb,
        req: &HttpRequest,
        path: &str,
        route: &Route,
    ) -> Resp {
        tb.ev(
            Layer::Gateway,
            Layer::Auth,
            EventKind::Request,
            "Check x-api-key against the partner key store",
        );
        let key = header(&req.headers, "x-api-key")
            .unwrap_or("")
            .trim()
            .to_string();
        let reject = |tb: &mut Tb, detail: &str, log: String| {
            tb.log(LogSource::Auth, Level::Warn, log);
            tb.ev(
                Layer::Auth,
                Layer::Gateway,
                EventKind::Error,
                format!("API key rejected: {detail}"),
            );
            let r = Resp::problem(401, "unauthorized", detail, path).h(
                "WWW-Authenticate",
                format!("ApiKey realm=\"{}\", header=\"x-api-key\"", self.host),
            );
            access(tb, w, req, path, 401, bytes(&r), "-", "-");
            r
        };
        if key.is_empty() {
            return reject(
                tb,
                "No API key found in request. Send it in the x-api-key header.",
                format!("authn result=no_credentials scheme=api-key header=x-api-key path={path}"),
            );
        }
        if !self.api_keys.contains(&key) {
            let tail: String = key
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            return reject(
                tb,
                "Invalid authentication credentials.",
                format!("authn result=invalid_credentials scheme=api-key key=…{tail} reason=\"key not found in active key set ({} keys)\" path={path}", self.api_keys.len()),
            );
        }
        tb.ev(
            Layer::Auth,
            Layer::Gateway,
            EventKind::Response,
            "API key valid (consumer partner-acme)",
        );
        let Some(up) = self.upstreams.iter().find(|u| u.name == route.upstream) else {
            return Resp::nginx(502);
        };
        let server = up.servers[0].clone();
        let inner = path.replacen("/v2/partner/", "/v2/", 1);
        tb.ev(
            Layer::Gateway,
            Layer::Backend,
            EventKind::Request,
            format!("proxy_pass {} {inner} → {} ({server})", req.method, up.name),
        );
        if !w.backend.up {
            err_log(
                tb,
                w,
                req,
                path,
                "error",
                "connect() failed (111: Connection refused) while connecting to upstream",
                Some(&server),
            );
            let r = Resp::nginx(502);
            access(tb, w, req, path, 502, bytes(&r), &server, "0.000");
            return r;
        }
        let t0 = tb.t;
        let r = w.backend.handle(w, tb, req, &inner, &up.name);
        let urt = tb.t - t0;
        relay(tb, w, req, path, r, &server, urt)
    }

    /// Entry point for requests to the API host.
    pub fn handle(&self, w: &World, tb: &mut Tb, req: &HttpRequest, peer: &str) -> Resp {
        let (tls, host, _, full) = super::split_url(&req.url);
        let path = full.split('?').next().unwrap_or("/").to_string();
        tb.advance(1);
        if !tls {
            // Port 80 only redirects; the request never reaches an upstream.
            let loc = format!("https://{host}{full}");
            let r = Resp::nginx(301).h("Location", loc);
            access(tb, w, req, &path, 301, bytes(&r), "-", "-");
            return r;
        }
        if !self.allowlist.is_empty()
            && !self.allowlist.iter().any(|p| peer.starts_with(p.as_str()))
        {
            err_log(tb, w, req, &path, "error", "access forbidden by rule", None);
            let r = Resp::nginx(403);
            access(tb, w, req, &path, 403, bytes(&r), "-", "-");
            return r;
        }
        let Some(route) = self.routes.iter().find(|r| matches(&r.pattern, &path)) else {
            let r = Resp::problem(
                404,
                "no-route",
                &format!("No API resource matches {path}."),
                &path,
            );
            access(tb, w, req, &path, 404, bytes(&r), "-", "-");
            return r;
        };
        if req.method == "OPTIONS" {
            let allow = route.methods.join(", ");
            let origin = header(&req.headers, "origin").map(String::from);
            let allowed = origin
                .as_ref()
                .map(|o| self.cors_allowed_origins.contains(o))
                .unwrap_or(false);
            if let (Some(o), false) = (&origin, allowed) {
                // A CORS policy that does not list the origin answers the preflight without any
                // Access-Control-Allow-* header; the browser then blocks the real request.
                tb.log(LogSource::Gateway, Level::Warn, format!(
                    "cors: preflight from origin {o} for {} {path}: origin not in allowed origins [{}]; answering without CORS headers",
                    header(&req.headers, "access-control-request-method").unwrap_or("-"),
                    self.cors_allowed_origins.join(", ")
                ));
                let r = Resp::new(204).h("Allow", format!("{allow}, OPTIONS"));
                access(tb, w, req, &path, 204, 0, "-", "-");
                return r;
            }
            let r = if let Some(o) = origin {
                Resp::new(204)
                    .h("Access-Control-Allow-Origin", o)
                    .h("Access-Control-Allow-Methods", format!("{allow}, OPTIONS"))
                    .h(
                        "Access-Control-Allow-Headers",
                        "Authorization, Content-Type, traceparent, x-api-key",
                    )
                    .h("Access-Control-Max-Age", "600")
                    .h("Vary", "Origin")
            } else {
                Resp::new(204).h("Allow", format!("{allow}, OPTIONS"))
            };
            access(tb, w, req, &path, 204, 0, "-", "-");
            return r;
        }
        if !route.methods.contains(&req.method) {
            let r = Resp::problem(
                405,
                "method-not-allowed",
                &format!("{} is not supported on {}.", req.method, route.pattern),
                &path,
            )
            // RFC 9110 §15.5.6: every method the resource supports, and the gateway answers
            // OPTIONS on every route.
            .h("Allow", format!("{}, OPTIONS", route.methods.join(", ")));
            access(tb, w, req, &path, 405, bytes(&r), "-", "-");
            return r;
        }
        let declared: Option<usize> =
            header(&req.headers, "content-length").and_then(|v| v.parse().ok());
        let sent = req.body.as_ref().map(|b| b.len()).unwrap_or(0);
        if declared.map(|d| d > sent).unwrap_or(false) {
            // nginx keeps waiting for the promised bytes until client_body_timeout (60 s).
            tb.advance(60_000);
            err_log(
                tb,
                w,
                req,
                &path,
                "info",
                "client timed out (110: Connection timed out) while reading client request body",
                None,
            );
            let r = Resp::nginx(408).h("Connection", "close");
            access(tb, w, req, &path, 408, bytes(&r), "-", "-");
            return r;
        }
        if self.rate.used >= self.rate.limit {
            let r = Resp::problem(
                429,
                "rate-limited",
                &format!(
                    "Rate limit of {} requests per {} s exceeded for this client.",
                    self.rate.limit, self.rate.window_s
                ),
                &path,
            )
            .h("Retry-After", self.rate.reset_s.to_string())
            .h("RateLimit-Limit", self.rate.limit.to_string())
            .h("RateLimit-Remaining", "0")
            .h("RateLimit-Reset", self.rate.reset_s.to_string());
            err_log(
                tb,
                w,
                req,
                &path,
                "warn",
                &format!(
                    "limiting requests, excess: {} by zone \"per_client\"",
                    self.rate.used + 1 - self.rate.limit
                ),
                None,
            );
            access(tb, w, req, &path, 429, bytes(&r), "-", "-");
            return r;
        }
        if route.api_key {
            return self.partner(w, tb, req, &path, route);
        }
        // Token validation plugin: RFC 6750 challenges.
        let authz = header(&req.headers, "authorization")
            .unwrap_or("")
            .to_string();
        let realm = format!("realm=\"{}\"", self.host);
        let deny = |tb: &mut Tb, status: u16, challenge: String, detail: &str, log: String| {
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
                &path,
            )
            .h("WWW-Authenticate", challenge);
            access(tb, w, req, &path, status, bytes(&r), "-", "-");
            r
        };
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
            return deny(
                tb,
                401,
                format!("Bearer {realm}"),
                "Authentication required: send Authorization: Bearer <access token>.",
                format!("authn result=missing_token reason=\"{what}\" path={path}"),
            );
        };
        // Each environment's gateway accepts only tokens minted for its own audience.
        let audience = format!("https://{host}");
        let claims = match w.auth.verify(token, tb.now_ms(), &audience) {
            Ok(c) => c,
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
                    TokenErr::Audience { got } => (
                        format!("The access token audience {got} is not accepted here"),
                        format!("reason=\"aud {got} != {audience}\""),
                    ),
                };
                return deny(
                    tb,
                    401,
                    format!(
                        "Bearer {realm}, error=\"invalid_token\", error_description=\"{desc}\""
                    ),
                    &format!("{desc}."),
                    format!("authn result=invalid_token {log} path={path}"),
                );
            }
        };
        let need = if matches!(req.method.as_str(), "GET" | "HEAD") {
            &route.read_scope
        } else {
            &route.write_scope
        };
        if !claims.scope.split(' ').any(|s| s == need) {
            return deny(
                tb,
                403,
                format!("Bearer {realm}, error=\"insufficient_scope\", scope=\"{need}\""),
                &format!("The access token lacks the scope {need}."),
                format!("authz result=insufficient_scope sub={} has=\"{}\" needs=\"{need}\" path={path}", claims.sub, claims.scope),
            );
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
                        &path,
                    );
                    access(tb, w, req, &path, 403, bytes(&r), "-", "-");
                    return r;
                }
            }
        }
        tb.ev(
            Layer::Auth,
            Layer::Gateway,
            EventKind::Response,
            format!("Token valid (sub={}, scope={})", claims.sub, claims.scope),
        );
        let Some(up) = self.upstreams.iter().find(|u| u.name == route.upstream) else {
            return Resp::nginx(502);
        };
        let server = up.servers[0].clone();
        tb.ev(
            Layer::Gateway,
            Layer::Backend,
            EventKind::Request,
            format!("proxy_pass {} {path} → {} ({server})", req.method, up.name),
        );
        if !w.backend.up {
            tb.advance(1);
            for s in &up.servers {
                err_log(
                    tb,
                    w,
                    req,
                    &path,
                    "error",
                    "connect() failed (111: Connection refused) while connecting to upstream",
                    Some(s),
                );
            }
            err_log(
                tb,
                w,
                req,
                &path,
                "error",
                &format!(
                    "no live upstreams while connecting to upstream \"{}\"",
                    up.name
                ),
                None,
            );
            let e = tb.ev(
                Layer::Backend,
                Layer::Gateway,
                EventKind::Error,
                "connect() failed (111: Connection refused)",
            );
            let _ = e;
            let r = Resp::nginx(502);
            access(
                tb,
                w,
                req,
                &path,
                502,
                bytes(&r),
                &up.servers.join(", "),
                "0.000",
            );
            return r;
        }
        let t0 = tb.t;
        let svc = up.name.clone();
        let r = w.backend.handle(w, tb, req, &path, &svc);
        let urt = tb.t - t0;
        if urt > self.read_timeout_ms {
            tb.t = t0 + self.read_timeout_ms;
            err_log(tb, w, req, &path, "error", "upstream timed out (110: Connection timed out) while reading response header from upstream", Some(&server));
            tb.ev(
                Layer::Backend,
                Layer::Gateway,
                EventKind::Error,
                "upstream timed out (110)",
            );
            let r = Resp::nginx(504);
            access(
                tb,
                w,
                req,
                &path,
                504,
                bytes(&r),
                &server,
                &format!("{:.3}", self.read_timeout_ms as f64 / 1000.0),
            );
            return r;
        }
        relay(tb, w, req, &path, r, &server, urt).h("Strict-Transport-Security", "max-age=31536000")
    }
}
