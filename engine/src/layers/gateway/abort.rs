//! The caller in front of the gateway (the CDN's edge) stops waiting: nginx notices the closed
//! connection, closes the upstream one too and logs 499 (client closed request).

use super::incoming::Incoming;
use super::Gateway;
use crate::sim::{Resp, Tb};

impl Gateway {
    /// When the caller's own timeout (`Tb::downstream_timeout_ms`) ran out before the upstream
    /// answered, and before the gateway's read timeout would have: the 499 at that moment.
    pub(super) fn caller_gone(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        t0: i64,
        server: &str,
    ) -> Option<Resp> {
        let limit = tb.downstream_timeout_ms?;
        let deadline = inc.arrived + limit;
        if tb.t <= deadline || deadline >= t0 + self.read_timeout_ms {
            return None;
        }
        tb.t = deadline;
        let target = format!("http://{server}{}", inc.full);
        inc.err_log(
            tb,
            "info",
            "epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while reading response header from upstream",
            Some(&target),
        );
        inc.access(
            tb,
            499,
            0,
            server,
            &format!("{:.3}", (tb.t - t0) as f64 / 1000.0),
        );
        Some(Resp::close(499))
    }
}
