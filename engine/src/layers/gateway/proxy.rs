//! The last stage: proxy_pass to the route's upstream, with nginx's connect errors and read
//! timeout, then relay the answer.

use super::incoming::{bytes, Incoming};
use super::{Gateway, Route, Upstream};
use crate::model::{EventKind, Layer};
use crate::sim::{Lazy, Resp, Tb};

const CONNECT_REFUSED: &str =
    "connect() failed (111: Connection refused) while connecting to upstream";

/// An instance whose app process is down: its local proxy accepts the connection and answers
/// 502 at once. nginx passes an upstream's 502 on as it is (`proxy_next_upstream` retries on
/// connect errors and timeouts, not on statuses) and logs nothing in its error log; only the
/// access log's upstream address tells this instance from the others.
fn broken_instance(tb: &mut Tb, inc: &Incoming, server: &str) -> Resp {
    let t0 = tb.t;
    tb.jitter(1, 3);
    let urt = tb.t - t0;
    inc.relay(tb, Resp::nginx(502), server, urt)
}

impl Gateway {
    pub(super) fn forward(&self, tb: &mut Tb, inc: &Incoming, route: &Route) -> Resp {
        let (w, req, path) = (inc.w, inc.req, &inc.path);
        let Some(up) = self.upstreams.iter().find(|u| u.name == route.upstream) else {
            return inc.reply(tb, Resp::nginx(502));
        };
        let turn = tb.next_turn(&up.name);
        let server = up.server_at(turn);
        tb.ev(
            Layer::Gateway,
            Layer::Backend,
            EventKind::Request,
            Lazy(|| format!("proxy_pass {} {path} → {} ({server})", req.method, up.name)),
        );
        if !w.backend.up {
            return self.refused(tb, inc, up, inc.full);
        }
        let sent = match self
            .reuse_connection(tb, inc, up, turn)
            .and_then(|sent| self.passive_checks(tb, inc, up, sent))
        {
            Ok(sent) => sent,
            Err(r) => return r,
        };
        let (server, stale) = (sent.server, sent.stale);
        if w.backend.broken_instances.iter().any(|b| b == server) {
            return broken_instance(tb, inc, server);
        }
        let t0 = tb.t;
        let r = w.backend.handle(w, tb, req, path, &up.name);
        let urt = tb.t - t0;
        if let Some(r) = self.caller_gone(tb, inc, t0, server) {
            return r;
        }
        if urt > self.read_timeout_ms {
            tb.t = t0 + self.read_timeout_ms;
            let target = format!("http://{server}{}", inc.full);
            inc.err_log(tb, "error", "upstream timed out (110: Connection timed out) while reading response header from upstream", Some(&target));
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
                server,
                &format!("{:.3}", self.read_timeout_ms as f64 / 1000.0),
            );
            return inc.with_id(tb, r);
        }
        inc.relay_after(tb, r, &stale, server, urt)
    }

    /// Partner routes are proxied to the service's own path (the partner prefix is stripped,
    /// as a rewrite rule would).
    pub(super) fn forward_partner(&self, tb: &mut Tb, inc: &Incoming, route: &Route) -> Resp {
        let (w, req, path) = (inc.w, inc.req, &inc.path);
        let Some(up) = self.upstreams.iter().find(|u| u.name == route.upstream) else {
            return inc.reply(tb, Resp::nginx(502));
        };
        let server = up.server_at(tb.next_turn(&up.name)).to_string();
        let inner = path.replacen("/v2/partner/", "/v2/", 1);
        tb.ev(
            Layer::Gateway,
            Layer::Backend,
            EventKind::Request,
            format!("proxy_pass {} {inner} → {} ({server})", req.method, up.name),
        );
        if !w.backend.up {
            return self.refused(tb, inc, up, &inner);
        }
        if w.backend.broken_instances.contains(&server) {
            return broken_instance(tb, inc, &server);
        }
        let t0 = tb.t;
        let r = w.backend.handle(w, tb, req, &inner, &up.name);
        if let Some(r) = self.caller_gone(tb, inc, t0, &server) {
            return r;
        }
        let urt = tb.t - t0;
        inc.relay(tb, r, &server, urt)
    }

    /// Every server of the upstream refuses: nginx tries each in turn (one error-log line per
    /// server) and marks them down for `fail_timeout`; requests in that window find no live
    /// upstream at all and say so instead.
    fn refused(&self, tb: &mut Tb, inc: &Incoming, up: &Upstream, uri: &str) -> Resp {
        tb.advance(1);
        let down = tb.peers_down(&up.name);
        if down {
            inc.err_log(
                tb,
                "error",
                "no live upstreams while connecting to upstream",
                Some(&format!("http://{}{uri}", up.name)),
            );
        } else {
            for s in &up.servers {
                inc.err_log(
                    tb,
                    "error",
                    CONNECT_REFUSED,
                    Some(&format!("http://{s}{uri}")),
                );
            }
            tb.mark_peers_down(&up.name);
        }
        tb.ev(
            Layer::Backend,
            Layer::Gateway,
            EventKind::Error,
            if down {
                "no live upstreams".to_string()
            } else {
                "connect() failed (111: Connection refused)".to_string()
            },
        );
        let r = Resp::nginx(502);
        let (addr, urt) = if down {
            (up.name.clone(), "0.000".to_string())
        } else {
            (
                up.servers.join(", "),
                vec!["0.000"; up.servers.len()].join(", "),
            )
        };
        inc.access(tb, 502, bytes(&r), &addr, &urt);
        inc.with_id(tb, r)
    }
}
