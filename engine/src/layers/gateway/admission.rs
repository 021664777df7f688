//! The stages before credentials: plain-HTTP redirect, IP allowlist, routing, CORS preflight,
//! method check, request body read and rate limit. Each passes the request on or answers it.

use super::bucket::Take;
use super::incoming::{error_line, Incoming};
use super::{matches, Gateway, RateLimit, RatePersona, Route, Stage};
use crate::model::{Level, LogSource};
use crate::sim::{header, Resp, Tb};
use std::ops::ControlFlow::{Break, Continue};

impl Gateway {
    /// Port 80 only redirects; the request never reaches an upstream.
    pub(super) fn redirect_plain_http(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        if inc.tls {
            return Continue(());
        }
        let loc = format!("https://{}{}", inc.host, inc.full);
        Break(inc.reply(tb, Resp::nginx(301).h("Location", loc)))
    }

    /// The former host name's server block: `return 301 https://<host>$request_uri;`.
    pub(super) fn redirect_moved_host(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        if self.moved_from.as_deref() != Some(inc.host) {
            return Continue(());
        }
        let loc = format!("https://{}{}", self.host, inc.full);
        Break(inc.reply(tb, Resp::nginx(301).h("Location", loc)))
    }

    /// The server block's `rewrite ^/(.+)/$ /$1 permanent;`: nginx answers 301 with the
    /// absolute URL of the path without its trailing slash (the query string kept), before any
    /// location is chosen.
    pub(super) fn redirect_trailing_slash(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        if !self.strip_trailing_slash || inc.path.len() < 2 || !inc.path.ends_with('/') {
            return Continue(());
        }
        let query = &inc.full[inc.path.len()..];
        let loc = format!(
            "https://{}{}{query}",
            inc.host,
            inc.path.trim_end_matches('/')
        );
        Break(inc.reply(tb, Resp::nginx(301).h("Location", loc)))
    }

    pub(super) fn check_allowlist(&self, tb: &mut Tb, inc: &Incoming, peer: &str) -> Stage {
        if self.allowlist.is_empty() || self.allowlist.iter().any(|p| peer.starts_with(p.as_str()))
        {
            return Continue(());
        }
        inc.err_log(tb, "error", "access forbidden by rule", None);
        Break(inc.reply(tb, Resp::nginx(403)))
    }

    pub(super) fn find_route(&self, tb: &mut Tb, inc: &Incoming) -> Stage<&Route> {
        let path = &inc.path;
        match self.routes.iter().find(|r| matches(r.pattern, path)) {
            Some(route) => Continue(route),
            None => Break(inc.reply(
                tb,
                Resp::problem(
                    404,
                    "no-route",
                    &format!("No API resource matches {path}."),
                    path,
                ),
            )),
        }
    }

    /// OPTIONS is answered here, with CORS headers only for an allowed origin.
    pub(super) fn answer_preflight(&self, tb: &mut Tb, inc: &Incoming, route: &Route) -> Stage {
        self.answer_preflight_for(tb, inc, route.methods)
    }

    /// [`Gateway::answer_preflight`] for a location serving `methods`.
    pub(super) fn answer_preflight_for(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        methods: &[&str],
    ) -> Stage {
        let (req, path) = (inc.req, &inc.path);
        if req.method != "OPTIONS" {
            return Continue(());
        }
        let allow = methods.join(", ");
        let origin = header(&req.headers, "origin").map(String::from);
        let allowed = origin
            .as_ref()
            .map(|o| self.cors_allowed_origins.contains(o))
            .unwrap_or(false);
        if let (Some(o), false) = (&origin, allowed) {
            // A CORS policy that does not list the origin answers the preflight without any
            // Access-Control-Allow-* header; the browser then blocks the real request.
            inc.log(tb, LogSource::Gateway, Level::Warn, format!(
                "cors: preflight from origin {o} for {} {path}: origin not in allowed origins [{}]; answering without CORS headers",
                header(&req.headers, "access-control-request-method").unwrap_or("-"),
                self.cors_allowed_origins.join(", ")
            ));
            return Break(inc.reply(tb, Resp::new(204).h("Allow", format!("{allow}, OPTIONS"))));
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
        Break(inc.reply(tb, r))
    }

    pub(super) fn check_method(&self, tb: &mut Tb, inc: &Incoming, route: &Route) -> Stage {
        let req = inc.req;
        if route.methods.contains(&req.method.as_str()) {
            return Continue(());
        }
        let r = Resp::problem(
            405,
            "method-not-allowed",
            &format!("{} is not supported on {}.", req.method, route.pattern),
            inc.path,
        )
        // RFC 9110 §15.5.6: every method the resource supports, and the gateway answers
        // OPTIONS on every route.
        .h("Allow", format!("{}, OPTIONS", route.methods.join(", ")));
        Break(inc.reply(tb, r))
    }

    /// A body shorter than its Content-Length never finishes arriving.
    pub(super) fn read_body(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        let req = inc.req;
        let declared: Option<usize> =
            header(&req.headers, "content-length").and_then(|v| v.parse().ok());
        let sent = req.body.as_ref().map(|b| b.len()).unwrap_or(0);
        if !declared.map(|d| d > sent).unwrap_or(false) {
            return Continue(());
        }
        // nginx keeps waiting for the promised bytes until client_body_timeout (60 s).
        tb.advance(60_000);
        inc.err_log(
            tb,
            "info",
            "client timed out (110: Connection timed out) while reading client request body",
            None,
        );
        Break(inc.reply(tb, Resp::close(408)))
    }

    /// An API gateway's 429 body for `path` (its headers follow from the bucket).
    pub fn plan_refusal(&self, path: &str) -> Resp {
        Resp::problem(
            429,
            "rate-limited",
            &format!(
                "Rate limit of {} requests per {} s exceeded for this client.",
                self.rate.capacity, self.rate.window_s
            ),
            path,
        )
    }

    /// The client's bucket decides (`bucket.rs`). Passing on, an API gateway's headers for
    /// the response; refused, the persona's 429.
    pub(super) fn rate_limit(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        peer: &str,
    ) -> Stage<Vec<(&'static str, String)>> {
        let rate = &self.rate;
        let api = rate.persona == RatePersona::ApiGateway;
        let key = rate.key(inc.req, peer);
        let (milli, wait_ms) = match rate.admit(tb, &key) {
            Take::Admitted { .. } if !api => return Continue(vec![]),
            Take::Admitted {
                remaining,
                full_in_ms,
            } => {
                return Continue(vec![
                    ("RateLimit-Limit", rate.capacity.to_string()),
                    ("RateLimit-Remaining", remaining.to_string()),
                    ("RateLimit-Reset", RateLimit::secs(full_in_ms).to_string()),
                ])
            }
            Take::Refused { milli, wait_ms } => (milli, wait_ms),
        };
        if api {
            // Nothing is left; the bucket is full again after a whole capacity's refill less
            // what it holds, and the next token is back after `wait_ms`.
            let full_in = (rate.capacity as i64 * 1000 - milli) * rate.refill_ms / 1000;
            let r = self
                .plan_refusal(inc.path)
                .h("Retry-After", RateLimit::secs(wait_ms).to_string())
                .h("RateLimit-Limit", rate.capacity.to_string())
                .h("RateLimit-Remaining", "0")
                .h("RateLimit-Reset", RateLimit::secs(full_in).to_string());
            return Break(inc.reply(tb, r));
        }
        // limit_req logs the excess at `error` (limit_req_log_level's default).
        inc.err_log(tb, "error", &limited(rate, milli), None);
        // `add_header Retry-After 1 always`: at 10 r/s `wait_ms` is at most 100 ms.
        Break(inc.reply(tb, Resp::nginx(429).h("Retry-After", "1")))
    }
}

/// limit_req's message for a request refused when the bucket held `milli` thousandths of a token.
fn limited(rate: &RateLimit, milli: i64) -> String {
    format!(
        "limiting requests, excess: {} by zone \"per_client\"",
        rate.excess(milli)
    )
}

impl Gateway {
    /// The error-log line limit_req wrote for another request of a client, refused at `t` on
    /// its own connection `conn` (raw nginx only: an API gateway writes none).
    pub fn log_limited(
        &self,
        tb: &mut Tb,
        t: i64,
        conn: i64,
        request: &str,
        peer: &str,
        milli: i64,
    ) {
        if self.rate.persona != RatePersona::Nginx {
            return;
        }
        let line = error_line(
            tb.epoch_ms + t,
            "error",
            conn,
            &limited(&self.rate, milli),
            peer,
            &self.host,
            request,
            None,
        );
        tb.log_other(t, LogSource::Gateway, Level::Error, line);
    }
}
