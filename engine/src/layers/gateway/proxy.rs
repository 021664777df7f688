//! The last stage: proxy_pass to the route's upstream, with nginx's connect errors and read
//! timeout, then relay the answer.

use super::incoming::{bytes, Incoming};
use super::{Gateway, Route};
use crate::model::{EventKind, Layer};
use crate::sim::{Resp, Tb};

const CONNECT_REFUSED: &str =
    "connect() failed (111: Connection refused) while connecting to upstream";

impl Gateway {
    pub(super) fn forward(&self, tb: &mut Tb, inc: &Incoming, route: &Route) -> Resp {
        let (w, req, path) = (inc.w, inc.req, &inc.path);
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
                inc.err_log(tb, "error", CONNECT_REFUSED, Some(s));
            }
            inc.err_log(
                tb,
                "error",
                &format!(
                    "no live upstreams while connecting to upstream \"{}\"",
                    up.name
                ),
                None,
            );
            tb.ev(
                Layer::Backend,
                Layer::Gateway,
                EventKind::Error,
                "connect() failed (111: Connection refused)",
            );
            let r = Resp::nginx(502);
            inc.access(tb, 502, bytes(&r), &up.servers.join(", "), "0.000");
            return r;
        }
        let t0 = tb.t;
        let svc = up.name.clone();
        let r = w.backend.handle(w, tb, req, path, &svc);
        let urt = tb.t - t0;
        if urt > self.read_timeout_ms {
            tb.t = t0 + self.read_timeout_ms;
            inc.err_log(tb, "error", "upstream timed out (110: Connection timed out) while reading response header from upstream", Some(&server));
            tb.ev(
                Layer::Backend,
                Layer::Gateway,
                EventKind::Error,
                "upstream timed out (110)",
            );
            let r = Resp::nginx(504);
            inc.access(
                tb,
                504,
                bytes(&r),
                &server,
                &format!("{:.3}", self.read_timeout_ms as f64 / 1000.0),
            );
            return r;
        }
        inc.relay(tb, r, &server, urt)
            .h("Strict-Transport-Security", "max-age=31536000")
    }

    /// Partner routes are proxied to the service's own path (the partner prefix is stripped,
    /// as a rewrite rule would).
    pub(super) fn forward_partner(&self, tb: &mut Tb, inc: &Incoming, route: &Route) -> Resp {
        let (w, req, path) = (inc.w, inc.req, &inc.path);
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
            inc.err_log(tb, "error", CONNECT_REFUSED, Some(&server));
            let r = Resp::nginx(502);
            inc.access(tb, 502, bytes(&r), &server, "0.000");
            return r;
        }
        let t0 = tb.t;
        let r = w.backend.handle(w, tb, req, &inner, &up.name);
        let urt = tb.t - t0;
        inc.relay(tb, r, &server, urt)
    }
}
