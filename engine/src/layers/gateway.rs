//! API gateway / load balancer (nginx-like): TLS termination, allowlist, routing, rate limits,
//! token validation plugin, proxying to upstreams with timeouts. `handle` runs the stages in
//! order (`gateway/`: admission, credentials, proxy); each passes the request on or answers.

mod abort;
mod admission;
pub mod bucket;
mod client_cert;
mod credentials;
mod incoming;
mod keepalive;
mod limits;
pub mod passive;
mod proxy;
pub mod sunset;
pub mod waf;

use crate::model::HttpRequest;
use crate::sim::{header, Resp, Tb};
use crate::util::Rng;
use crate::world::{World, API_HOST};
use incoming::Incoming;
pub use incoming::HSTS;
use std::borrow::Cow;
use std::ops::ControlFlow::{self, Break, Continue};

/// One stage's verdict: pass the request on (with what the stage found) or answer it now.
type Stage<T = ()> = ControlFlow<Resp, T>;

/// One `location` of the API's configuration. Its values are the configuration's own text
/// (every world has the same routes; a fault may point one at another upstream).
#[derive(Clone, Debug)]
pub struct Route {
    /// Pattern with `{id}` for one non-empty segment.
    pub pattern: &'static str,
    pub methods: &'static [&'static str],
    pub upstream: &'static str,
    /// Scope needed per method class: read for GET/HEAD, write otherwise.
    pub read_scope: &'static str,
    pub write_scope: &'static str,
    /// Role needed for DELETE (RBAC).
    pub delete_role: Option<&'static str>,
    /// Partner route: authenticated by `x-api-key` instead of a bearer token.
    pub api_key: bool,
}

#[derive(Clone, Debug)]
pub struct Upstream {
    pub name: String,
    /// The group's instances (`server` lines), each its own address; requests take them in
    /// turn (nginx's round robin).
    /// Borrowed constants where they are the world's (see [`INSTANCES`]).
    pub servers: Vec<Cow<'static, str>>,
    /// Where the round robin stands when the trace starts: the server the first request gets.
    pub first: usize,
}

/// The addresses [`Gateway::scale`] gives the customer and chat services' instances.
const INSTANCES: [&str; 8] = [
    "10.0.3.21:8080",
    "10.0.3.22:8080",
    "10.0.3.23:8080",
    "10.0.3.24:8080",
    "10.0.3.31:8080",
    "10.0.3.32:8080",
    "10.0.3.33:8080",
    "10.0.3.34:8080",
];

impl Upstream {
    fn new(name: &str, servers: &[&'static str]) -> Upstream {
        Upstream {
            name: name.into(),
            servers: servers.iter().map(|&s| s.into()).collect(),
            first: 0,
        }
    }

    /// The server for round robin turn `turn` (0: the traced request's).
    pub fn server_at(&self, turn: i64) -> &str {
        let n = self.servers.len() as i64;
        &self.servers[(self.first as i64 + turn).rem_euclid(n) as usize]
    }
}

/// Who enforces the rate limit at a gateway, and so what a refusal looks like. One per
/// gateway: a trace never shows both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatePersona {
    /// Raw nginx `limit_req` (`rate=10r/s burst=20 nodelay`, `limit_req_status 429`, and
    /// `add_header Retry-After 1 always` on the 429: at 10 r/s a token is back within 100 ms,
    /// under the second it says): the stock 429 page and an `[error] limiting requests` line,
    /// no RateLimit-*.
    Nginx,
    /// An API-gateway product with plans and quotas: problem+json 429 with `RateLimit-Limit`,
    /// `-Remaining`, `-Reset` (on every response it lets through too) and a `Retry-After`
    /// until the bucket has a token again; no nginx error line.
    ApiGateway,
}

/// The rate limiter's configuration: a token bucket per client (`bucket.rs` holds its state).
#[derive(Clone, Debug)]
pub struct RateLimit {
    pub persona: RatePersona,
    /// Tokens a bucket holds: nginx's `burst`; the plan's quota for an API gateway.
    pub capacity: u32,
    /// One token comes back every `refill_ms`: 100 ms at nginx's 10 r/s; a plan's window
    /// divided by its quota.
    pub refill_ms: i64,
    /// The plan's window in seconds (its wording: "N requests per W s").
    pub window_s: u32,
}

impl RateLimit {
    /// nginx's `limit_req zone=per_client burst=20 nodelay` with `rate=10r/s`.
    pub fn nginx() -> RateLimit {
        RateLimit {
            persona: RatePersona::Nginx,
            capacity: 20,
            refill_ms: 100,
            window_s: 1,
        }
    }

    /// An API gateway plan of `quota` requests per `window_s`, refilled evenly.
    pub fn plan(quota: u32, window_s: u32) -> RateLimit {
        let quota = quota.max(1);
        RateLimit {
            persona: RatePersona::ApiGateway,
            capacity: quota,
            refill_ms: (window_s as i64 * 1000 / quota as i64).max(1),
            window_s,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Gateway {
    pub host: String,
    pub routes: Vec<Route>,
    pub upstreams: Vec<Upstream>,
    pub rate: RateLimit,
    pub allowlist: Vec<String>,
    pub read_timeout_ms: i64,
    /// Origins the CORS policy allows (exact match, as browsers send them).
    pub cors_allowed_origins: Vec<String>,
    /// Active partner API keys.
    pub api_keys: Vec<String>,
    /// WebSocket idle timeout on the load balancer.
    pub ws_idle_timeout_s: i64,
    /// The socket location passes the upgrade on (`proxy_http_version 1.1;` and
    /// `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";`).
    /// Without them nginx proxies with HTTP/1.0 and drops the hop-by-hop Upgrade and Connection.
    pub ws_upgrade_forwarded: bool,
    /// nginx's `client_max_body_size`, in bytes: a request announcing a longer body is refused.
    pub client_max_body_size: usize,
    /// The size of one of nginx's `large_client_header_buffers`: no header line may be longer.
    pub header_buffer: usize,
    /// A version prefix deprecated and then retired (issue 15's `api-version-retired`).
    pub sunset: Option<sunset::Sunset>,
    /// The API's former host name: still resolved to the gateway and on its certificate, and
    /// answered with a 301 to the same path on `host`.
    pub moved_from: Option<String>,
    /// `rewrite ^/(.+)/$ /$1 permanent;`: a path with a trailing slash is answered with a 301 to
    /// the same path without it (a canonical-URL rule some API teams add; off by default).
    pub strip_trailing_slash: bool,
    /// ModSecurity's `SecRuleEngine` (the OWASP Core Rule Set on the API's locations).
    pub waf: waf::WafMode,
    /// The upstream blocks' `keepalive_timeout` (nginx's default, 60 s): how long nginx keeps an
    /// idle connection to a service instance open to reuse it (`keepalive 32;`).
    pub upstream_keepalive_timeout_s: i64,
}

/// Whether `path` is one of `pattern`'s paths: the same segments, `{id}` standing for any
/// non-empty one. (Walked segment by segment over the bytes: every request asks it of each
/// route, and most routes differ in their first or second segment.)
pub fn matches(pattern: &str, path: &str) -> bool {
    // One pass over both, segment by segment: most routes differ from the path within a few
    // bytes, and are left there.
    let (p, q) = (pattern.as_bytes(), path.as_bytes());
    let (mut i, mut j) = (0, 0);
    loop {
        let id = p[i..].starts_with(b"{id}") && p.get(i + 4).is_none_or(|&b| b == b'/');
        if id {
            // `{id}`: any segment but an empty one.
            let start = j;
            while j < q.len() && q[j] != b'/' {
                j += 1;
            }
            if j == start {
                return false;
            }
            i += 4;
        } else {
            while i < p.len() && p[i] != b'/' {
                if q.get(j) != Some(&p[i]) {
                    return false;
                }
                i += 1;
                j += 1;
            }
            if q.get(j).is_some_and(|&b| b != b'/') {
                return false;
            }
        }
        match (i == p.len(), j == q.len()) {
            (true, true) => return true,
            (false, false) => (i, j) = (i + 1, j + 1),
            _ => return false,
        }
    }
}

impl Gateway {
    /// The API host's gateway: its routes and upstreams, a quota far from used up, the
    /// allowlist and CORS policy that admit the world's callers, and the partner's active key.
    pub fn healthy(partner_key: String, rng: &mut Rng) -> Gateway {
        let route = |pattern,
                     methods,
                     upstream,
                     read_scope,
                     write_scope,
                     delete_role: Option<&'static str>| Route {
            pattern,
            methods,
            upstream,
            read_scope,
            write_scope,
            delete_role,
            api_key: false,
        };
        Gateway {
            host: API_HOST.into(),
            routes: vec![
                route(
                    "/v2/customers",
                    &["GET", "POST"],
                    "customers-v2",
                    "read:customers",
                    "write:customers",
                    None,
                ),
                route(
                    "/v2/customers/{id}",
                    &["GET", "HEAD", "PUT", "PATCH", "DELETE"],
                    "customers-v2",
                    "read:customers",
                    "write:customers",
                    Some("admin"),
                ),
                Route {
                    api_key: true,
                    ..route(
                        "/v2/partner/customers/{id}",
                        &["GET"],
                        "customers-v2",
                        "read:customers",
                        "read:customers",
                        None,
                    )
                },
                route(
                    "/v2/chats",
                    &["POST"],
                    "chats-v2",
                    "read:chats",
                    "write:chats",
                    None,
                ),
                route(
                    "/v2/chats/{id}",
                    &["GET"],
                    "chats-v2",
                    "read:customers",
                    "write:chats",
                    None,
                ),
                // Exports only read, so a read scope lets a caller queue one and fetch it.
                route(
                    "/v2/exports",
                    &["POST"],
                    "chats-v2",
                    "read:customers",
                    "read:customers",
                    None,
                ),
                route(
                    "/v2/exports/{id}",
                    &["GET"],
                    "chats-v2",
                    "read:customers",
                    "read:customers",
                    None,
                ),
                route(
                    "/v2/exports/{id}/result",
                    &["GET"],
                    "chats-v2",
                    "read:customers",
                    "read:customers",
                    None,
                ),
                route(
                    "/v2/sessions/{id}",
                    &["GET", "DELETE"],
                    "chats-v2",
                    "read:customers",
                    "write:chats",
                    None,
                ),
            ],
            upstreams: vec![
                Upstream::new("customers-v2", &["10.0.3.21:8080", "10.0.3.22:8080"]),
                Upstream::new("chats-v2", &["10.0.3.31:8080", "10.0.3.32:8080"]),
                Upstream::new("billing-v1", &["10.0.4.11:8080"]),
            ],
            rate: {
                // The two draws the quota's old fixed counters took, kept so that every value
                // drawn after them (and so every recorded trace) stays as it was.
                let _ = (rng.range(3, 40), rng.range(5, 55));
                RateLimit::nginx()
            },
            allowlist: vec!["203.0.113.".into(), "198.51.100.".into()],
            read_timeout_ms: 30_000,
            cors_allowed_origins: vec![
                "https://app.example.com".into(),
                "https://agent.example.com".into(),
            ],
            api_keys: vec![partner_key],
            ws_idle_timeout_s: 300,
            ws_upgrade_forwarded: true,
            // `client_max_body_size 10m;` and `large_client_header_buffers 4 16k;`.
            client_max_body_size: 10 * 1024 * 1024,
            header_buffer: 16 * 1024,
            sunset: None,
            moved_from: None,
            strip_trailing_slash: false,
            waf: waf::WafMode::DetectionOnly,
            upstream_keepalive_timeout_s: 60,
        }
    }

    /// How many instances each service runs (two to four for the customer and chat services)
    /// and where each group's round robin stands, drawn from `rng`.
    pub fn scale(&mut self, rng: &mut Rng) {
        for up in &mut self.upstreams {
            let Some(net) = up.servers[0].strip_suffix("1:8080") else {
                continue;
            };
            let n = if up.servers.len() > 1 {
                rng.range(2, 4) as usize
            } else {
                1
            };
            up.servers = (1..=n)
                .map(|i| {
                    // `{net}{i}:8080`, borrowed from the table when it is there.
                    let same = |s: &&&str| {
                        let d = s.strip_prefix(net).and_then(|r| r.strip_suffix(":8080"));
                        d.and_then(|d| d.parse::<usize>().ok()) == Some(i)
                    };
                    INSTANCES
                        .iter()
                        .find(same)
                        .map_or_else(|| format!("{net}{i}:8080").into(), |&s| s.into())
                })
                .collect();
            up.first = rng.range(0, n as i64 - 1) as usize;
        }
    }

    /// The upstream group serving `path`, if a route matches it.
    pub fn upstream_for(&self, path: &str) -> Option<&Upstream> {
        let path = path.split('?').next().unwrap_or(path);
        let route = self.routes.iter().find(|r| matches(r.pattern, path))?;
        self.upstreams.iter().find(|u| u.name == route.upstream)
    }

    /// CORS headers on actual (non-preflight) responses to an allowed origin, errors included,
    /// so the browser lets the page read them.
    pub fn with_cors(&self, r: Resp, req: &HttpRequest) -> Resp {
        match header(&req.headers, "origin") {
            Some(o) if self.cors_allowed_origins.iter().any(|a| a == o) => r
                .h("Access-Control-Allow-Origin", o.to_string())
                .h(
                    "Access-Control-Expose-Headers",
                    "Retry-After, RateLimit-Reset, X-Request-Id, WWW-Authenticate",
                )
                .h("Vary", "Origin"),
            _ => r,
        }
    }

    /// A CORS preflight for a location the integration middleware serves behind the gateway
    /// (the agent desktop's customer panel, `methods` on it): nginx answers it itself, as it
    /// answers one for any route ([`Gateway::answer_preflight`]), access log line included.
    pub fn preflight(
        &self,
        w: &World,
        tb: &mut Tb,
        req: &HttpRequest,
        peer: &str,
        methods: &[&str],
    ) -> Resp {
        let inc = Incoming::new(w, tb, req, peer);
        tb.advance(1);
        match self.answer_preflight_for(tb, &inc, methods) {
            Break(r) => r,
            // Not an OPTIONS request: nothing here answers it.
            Continue(()) => inc.reply(tb, Resp::nginx(405)),
        }
    }

    /// Entry point for requests to the API host.
    pub fn handle(&self, w: &World, tb: &mut Tb, req: &HttpRequest, peer: &str) -> Resp {
        let inc = Incoming::new(w, tb, req, peer);
        tb.advance(1);
        match self.stages(tb, &inc, peer) {
            Break(r) | Continue(r) => r,
        }
    }

    /// The stages in nginx's order; the first that answers ends the request.
    fn stages(&self, tb: &mut Tb, inc: &Incoming, peer: &str) -> Stage<Resp> {
        // nginx reads the whole header before anything else, and checks the announced body
        // size when it picks the location's configuration, before the access phase.
        self.check_header_size(tb, inc)?;
        // With `ssl_verify_client on`, once the header is read.
        self.check_client_cert(tb, inc)?;
        self.redirect_plain_http(tb, inc)?;
        self.redirect_moved_host(tb, inc)?;
        self.redirect_trailing_slash(tb, inc)?;
        self.check_body_size(tb, inc)?;
        self.check_allowlist(tb, inc, peer)?;
        self.check_retired(tb, inc)?;
        let route = self.find_route(tb, inc)?;
        self.answer_preflight(tb, inc, route)?;
        self.check_method(tb, inc, route)?;
        self.read_body(tb, inc)?;
        // ModSecurity's phase 2 runs once the body is in, before the access checks.
        self.check_waf(tb, inc)?;
        let quota = self.rate_limit(tb, inc, peer)?;
        let r = if route.api_key {
            self.check_api_key(tb, inc)?;
            self.forward_partner(tb, inc, route)
        } else {
            let claims = self.check_token(tb, inc)?;
            self.check_scope_and_role(tb, inc, route, &claims.0)?;
            self.forward(tb, inc, route)
        };
        Continue(quota.into_iter().fold(r, |r, (k, v)| r.h(k, v)))
    }
}

#[cfg(test)]
mod tests {
    /// `matches` as it was written first: both split on '/', segment by segment.
    fn by_split(pattern: &str, path: &str) -> bool {
        let (mut p, mut q) = (pattern.split('/'), path.split('/'));
        loop {
            match (p.next(), q.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if (a == "{id}" && !b.is_empty()) || a == b => {}
                _ => return false,
            }
        }
    }

    #[test]
    fn route_matching_agrees_with_splitting_the_path() {
        let patterns = [
            "/v2/customers",
            "/v2/customers/{id}",
            "/v2/exports/{id}/result",
            "/",
            "",
            "{id}",
        ];
        let paths = [
            "/v2/customers",
            "/v2/customers/",
            "/v2/customers/42",
            "/v2/customers/42/",
            "/v2/customers//",
            "/v2/exports/x/result",
            "/v2/exports//result",
            "/v2/exports/x/results",
            "/v2",
            "/",
            "",
            "v2/customers",
            "/v2/customers/42/x",
        ];
        for p in patterns {
            for q in paths {
                assert_eq!(super::matches(p, q), by_split(p, q), "{p} against {q}");
            }
        }
    }
}
