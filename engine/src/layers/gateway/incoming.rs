//! The request the gateway is handling, and the nginx log lines it writes about it.

use crate::model::{EventKind, HttpRequest, Layer, Level, LogSource};
use crate::sim::{header, Lazy, Resp, Tb};
use crate::util;
use crate::world::World;

/// The gateway's `Strict-Transport-Security` (see [`Incoming::with_id`]).
pub const HSTS: &str = "max-age=31536000";

pub(super) struct Incoming<'a> {
    pub w: &'a World,
    pub req: &'a HttpRequest,
    pub tls: bool,
    pub host: &'a str,
    /// Path with its query string, as sent.
    pub full: &'a str,
    /// Path without the query string: what routes match.
    pub path: &'a str,
    /// The client's address as the gateway sees it.
    pub peer: &'a str,
    /// When the request's first byte arrived (`tb.t`): nginx's `$request_time` counts from here.
    pub arrived: i64,
    /// nginx's connection number (`*N` in the error log), one per connection.
    pub conn: i64,
    /// The trace context the gateway started for a request that came without a `traceparent`
    /// (no learner's runtime sends one, nor a browser's CORS preflight); it forwards this one
    /// upstream.
    pub started: Option<String>,
}

impl<'a> Incoming<'a> {
    pub fn new(w: &'a World, tb: &mut Tb, req: &'a HttpRequest, peer: &'a str) -> Incoming<'a> {
        let (tls, host, _, full) = crate::layers::split_url_ref(&req.url);
        let path = full.split('?').next().unwrap_or("/");
        let drawn = tb.rng.range(10_000, 99_999);
        // A request on a connection already open (a browser's call after its preflight) comes
        // on that connection's number; the number is drawn all the same, so the draws keep
        // their order.
        let reused = std::mem::take(&mut tb.on_open_connection);
        let conn = match tb.last_gateway_conn {
            Some(n) if reused => n,
            _ => drawn,
        };
        tb.last_gateway_conn = Some(conn);
        tb.gateway_conn.get_or_insert(conn);
        // The gateway starts a trace for every request that comes without one: the span drawn
        // for it where the client made it, or (a request no client drew one for: a browser's
        // preflight, which never carries the page's headers) a new trace of its own.
        let started = if header(&req.headers, "traceparent").is_none() {
            Some(tb.gateway_span.take().unwrap_or_else(|| new_trace(tb, req)))
        } else {
            None
        };
        Incoming {
            w,
            req,
            tls,
            host,
            full,
            path,
            peer,
            arrived: tb.t,
            conn,
            started,
        }
    }

    /// The trace id of the request's trace (see [`Incoming::access`]).
    pub fn trace_id(&self) -> Option<&str> {
        header(&self.req.headers, "traceparent")
            .or(self.started.as_deref())
            .and_then(|t| t.get(3..35))
    }

    /// A log line of the gateway's about this request, under the request's trace.
    pub fn log(&self, tb: &mut Tb, source: LogSource, level: Level, text: String) {
        match self.trace_id() {
            Some(id) if id != tb.trace_id => {
                let id = id.to_string();
                tb.log_in(&id, source, level, text)
            }
            _ => tb.log(source, level, text),
        }
    }

    /// The request line as nginx logs it (`$request`), with `$server_protocol`'s spelling.
    fn request_line(&self) -> String {
        format!("{} {} {}", self.req.method, self.full, self.proto())
    }

    /// The protocol as nginx's `$request` names it.
    fn proto(&self) -> &str {
        match self.req.http_version.as_str() {
            "HTTP/2" => "HTTP/2.0",
            v => v,
        }
    }

    /// The gateway answers by itself (nothing proxied): the access log line, then the answer,
    /// with the request id as on every answer (see [`Incoming::with_id`]).
    pub fn reply(&self, tb: &mut Tb, r: Resp) -> Resp {
        self.access(tb, r.status, bytes(&r), "-", "-");
        self.with_id(tb, r)
    }

    /// The headers the gateway's configuration adds to every answer it sends, proxied or its
    /// own (401, 403, 404, 405, 413, 429, 502, 504, preflight 204s, redirects):
    ///
    /// ```nginx
    /// # http {}: every server block
    /// add_header X-Request-Id $trace_id always;
    /// # each TLS server block (RFC 6797 §7.2: never over plain HTTP)
    /// add_header Strict-Transport-Security "max-age=31536000" always;
    /// ```
    ///
    /// Without `always` nginx adds a header only to 200, 201, 204, 206, 301, 302, 303, 304,
    /// 307 and 308; the proxied 4xx and 5xx carry both, so both are `always`. `X-Request-Id` is
    /// the id of the request's trace (the CORS policy exposes it on errors).
    pub fn with_id(&self, tb: &Tb, r: Resp) -> Resp {
        let id = self.trace_id().unwrap_or(&tb.trace_id).to_string();
        let r = r.h("X-Request-Id", id);
        if self.tls {
            r.h("Strict-Transport-Security", HSTS)
        } else {
            r
        }
    }

    /// The upstream's answer on its way back: the response event, the access log line with the
    /// upstream response time (`urt`, ms), and the request id header.
    pub fn relay(&self, tb: &mut Tb, r: Resp, server: &str, urt: i64) -> Resp {
        self.relay_after(tb, r, &[], server, urt)
    }

    /// `relay` for a request nginx sent to `server` after the connections to `stale` closed
    /// under it: `$upstream_addr` and `$upstream_response_time` list every server tried.
    pub fn relay_after(
        &self,
        tb: &mut Tb,
        r: Resp,
        stale: &[&str],
        server: &str,
        urt: i64,
    ) -> Resp {
        tb.ev(
            Layer::Backend,
            Layer::Gateway,
            EventKind::Response,
            Lazy(|| format!("{} {}", r.status, crate::sim::reason(r.status))),
        );
        if stale.is_empty() {
            self.access_with(tb, r.status, bytes(&r), server, |l| util::push_secs(l, urt));
        } else {
            let mut times = "0.001, ".repeat(stale.len());
            util::push_secs(&mut times, urt);
            let mut addrs: Vec<&str> = stale.to_vec();
            addrs.push(server);
            self.access(tb, r.status, bytes(&r), &addrs.join(", "), &times);
        }
        self.with_id(tb, r)
    }

    /// One access log line, in nginx's combined format plus timings, upstream and the
    /// `traceparent` of the request's trace: the one it arrived with (the span that sent it), or
    /// the one the gateway started for it (every request that came without one, a browser's
    /// CORS preflight included) and forwards upstream. The line is labelled with that trace.
    pub fn access(&self, tb: &mut Tb, status: u16, bytes: usize, up: &str, urt: &str) {
        self.access_with(tb, status, bytes, up, |l| l.push_str(urt));
    }

    /// [`Incoming::access`], `$upstream_response_time` written by `urt`.
    fn access_with(
        &self,
        tb: &mut Tb,
        status: u16,
        bytes: usize,
        up: &str,
        urt: impl FnOnce(&mut String),
    ) {
        let ua = header(&self.req.headers, "user-agent").unwrap_or("-");
        let span = header(&self.req.headers, "traceparent")
            .or(self.started.as_deref())
            .unwrap_or("-");
        let rt = tb.t - self.arrived;
        // Written into one buffer: every request, background traffic included, logs one.
        let mut line = String::with_capacity(256);
        line.push_str(self.peer);
        line.push_str(" - - [");
        tb.push_nginx_time(&mut line);
        line.push_str("] \"");
        util::push_nginx_escaped(&mut line, &self.req.method);
        line.push(' ');
        util::push_nginx_escaped(&mut line, self.full);
        line.push(' ');
        util::push_nginx_escaped(&mut line, self.proto());
        line.push_str("\" ");
        util::push_u64(&mut line, u64::from(status));
        line.push(' ');
        util::push_u64(&mut line, bytes as u64);
        line.push_str(" \"-\" \"");
        util::push_nginx_escaped(&mut line, ua);
        line.push_str("\" rt=");
        util::push_secs(&mut line, rt);
        line.push_str(" urt=");
        urt(&mut line);
        for part in [" upstream=", up, " traceparent=", span] {
            line.push_str(part);
        }
        let level = if status >= 500 {
            Level::Error
        } else if status >= 400 {
            Level::Warn
        } else {
            Level::Info
        };
        self.log(tb, LogSource::Gateway, level, line);
    }

    /// One error log line, in nginx's error log format; every line about one request carries
    /// its connection's `*N`.
    pub fn err_log(&self, tb: &mut Tb, level: &str, msg: &str, upstream: Option<&str>) {
        // The mutual-TLS partner host is its own server block, named after its host.
        let mtls = self
            .w
            .tls_for(self.host)
            .is_some_and(|t| t.client_ca.is_some());
        let line = error_line(
            tb.now_ms(),
            level,
            self.conn,
            msg,
            self.peer,
            if mtls {
                self.host
            } else {
                &self.w.gateway.host
            },
            &self.request_line(),
            upstream,
        );
        self.log(tb, LogSource::Gateway, error_level(level), line);
    }
}

/// nginx's error log line about a request on connection `conn` (`*N`): time, level, pid#tid,
/// the message, then the request's context (client, server, request, upstream, host).
#[allow(clippy::too_many_arguments)]
pub(super) fn error_line(
    t_ms: i64,
    level: &str,
    conn: i64,
    msg: &str,
    peer: &str,
    host: &str,
    request: &str,
    upstream: Option<&str>,
) -> String {
    let up = upstream
        .map(|u| format!(", upstream: \"{u}\""))
        .unwrap_or_default();
    format!(
        "{} [{level}] 2841#2841: *{conn} {msg}, client: {peer}, server: {host}, request: \"{request}\"{up}, host: \"{host}\"",
        util::nginx_err_time(t_ms),
    )
}

pub(super) fn error_level(level: &str) -> Level {
    match level {
        "error" | "crit" | "alert" | "emerg" => Level::Error,
        "warn" => Level::Warn,
        _ => Level::Info,
    }
}

/// A trace the gateway starts for a request no client drew a span for: new ids, drawn from a
/// hash of the moment and the request (so no seeded draw of the run moves).
fn new_trace(tb: &Tb, req: &HttpRequest) -> String {
    let b = util::sha256(
        format!(
            "gateway trace {} {} {} {}",
            tb.trace_id, tb.t, req.method, req.url
        )
        .as_bytes(),
    );
    let x = util::hex(&b[..24]);
    format!("00-{}-{}-01", &x[..32], &x[32..48])
}

pub(super) fn bytes(r: &Resp) -> usize {
    r.body.as_ref().map(|b| b.len()).unwrap_or(0)
}
