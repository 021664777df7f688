//! The request the gateway is handling, and the nginx log lines it writes about it.

use crate::model::{EventKind, HttpRequest, Layer, Level, LogSource};
use crate::sim::{header, Resp, Tb};
use crate::util;
use crate::world::World;

pub(super) struct Incoming<'a> {
    pub w: &'a World,
    pub req: &'a HttpRequest,
    pub tls: bool,
    pub host: String,
    /// Path with its query string, as sent.
    pub full: String,
    /// Path without the query string: what routes match.
    pub path: String,
}

impl<'a> Incoming<'a> {
    pub fn new(w: &'a World, req: &'a HttpRequest) -> Incoming<'a> {
        let (tls, host, _, full) = crate::layers::split_url(&req.url);
        let path = full.split('?').next().unwrap_or("/").to_string();
        Incoming {
            w,
            req,
            tls,
            host,
            full,
            path,
        }
    }

    /// The gateway answers by itself (nothing proxied): the access log line, then the answer.
    pub fn reply(&self, tb: &mut Tb, r: Resp) -> Resp {
        self.access(tb, r.status, bytes(&r), "-", "-");
        r
    }

    /// The upstream's answer on its way back: the response event, the access log line with the
    /// upstream response time (`urt`, ms), and the request id header.
    pub fn relay(&self, tb: &mut Tb, r: Resp, server: &str, urt: i64) -> Resp {
        tb.ev(
            Layer::Backend,
            Layer::Gateway,
            EventKind::Response,
            format!("{} {}", r.status, crate::sim::reason(r.status)),
        );
        self.access(
            tb,
            r.status,
            bytes(&r),
            server,
            &format!("{:.3}", urt as f64 / 1000.0),
        );
        r.h("X-Request-Id", tb.trace_id.clone())
    }

    /// One access log line, in nginx's combined format plus timings, upstream and trace.
    pub fn access(&self, tb: &mut Tb, status: u16, bytes: usize, up: &str, urt: &str) {
        let (w, req, path) = (self.w, self.req, &self.path);
        let ua = header(&req.headers, "user-agent")
            .unwrap_or("-")
            .to_string();
        let rt = tb.t - tb.exchanges.last().map(|e| e.t_ms).unwrap_or(0);
        tb.log(LogSource::Gateway, if status >= 500 { Level::Error } else if status >= 400 { Level::Warn } else { Level::Info }, format!(
            "{} - - [{}] \"{} {path} HTTP/1.1\" {status} {bytes} \"-\" \"{ua}\" rt={:.3} urt={urt} upstream={up} traceparent={}",
            w.client.public_ip, util::nginx_time(tb.now_ms()), req.method, rt as f64 / 1000.0, tb.traceparent()
        ));
    }

    /// One error log line, in nginx's error log format.
    pub fn err_log(&self, tb: &mut Tb, level: &str, msg: &str, upstream: Option<&str>) {
        let (w, req, path) = (self.w, self.req, &self.path);
        let cid = tb.rng.range(10_000, 99_999);
        let up = upstream
            .map(|u| format!(", upstream: \"http://{u}{path}\""))
            .unwrap_or_default();
        tb.log(LogSource::Gateway, if level == "error" { Level::Error } else { Level::Warn }, format!(
            "{} [{level}] 2841#2841: *{cid} {msg}, client: {}, server: {}, request: \"{} {path} HTTP/1.1\"{up}, host: \"{}\"",
            util::nginx_err_time(tb.now_ms()), w.client.public_ip, w.gateway.host, req.method, w.gateway.host
        ));
    }
}

pub(super) fn bytes(r: &Resp) -> usize {
    r.body.as_ref().map(|b| b.len()).unwrap_or(0)
}
