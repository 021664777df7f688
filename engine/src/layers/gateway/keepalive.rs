//! nginx's idle connections to the service's instances (`keepalive 32;` in each upstream block):
//! after a request nginx keeps the connection open for `keepalive_timeout` to reuse it, and the
//! service closes a connection it has seen idle for its own keep-alive timeout. While the
//! service's timeout is the longer, nginx always closes first. When the service's is the
//! shorter, now and then nginx writes a request on a connection at the very moment the service
//! closes it, and reads the close where the response header should be.

use super::incoming::{bytes, Incoming};
use super::{Gateway, Upstream};
use crate::model::{EventKind, Layer};
use crate::sim::{Resp, Tb};
use crate::world::World;

pub(super) const PREMATURE: &str =
    "upstream prematurely closed connection while reading response header from upstream";

/// Of the requests that reuse a connection while the service's keep-alive is the shorter, one in
/// this many meets one the service is closing just then. The simulation does not time each
/// cached connection: this share keeps the pattern visible in a second of traffic.
const ONE_IN: u64 = 6;

/// What `forward` goes on with after the stale connections: the turn and server the request
/// is finally sent to, and the servers whose connections closed under it.
pub(super) struct Sent<'a> {
    pub turn: i64,
    /// Names from the upstream's server list, borrowed.
    pub server: &'a str,
    pub stale: Vec<&'a str>,
}

/// splitmix64's finaliser: neighbouring turns get unrelated answers.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Gateway {
    /// Whether the request that got round robin turn `turn` of `group` goes out on a reused
    /// connection the service is closing at that moment. The traced request's turn (0) is the
    /// moment the report is about; the turns around it meet the close at the share above.
    fn stale_connection(&self, w: &World, group: &str, turn: i64) -> bool {
        if w.backend.keepalive_timeout_s >= self.upstream_keepalive_timeout_s {
            return false;
        }
        if turn == 0 {
            return true;
        }
        let salt = group
            .bytes()
            .fold(w.epoch_ms as u64, |h, b| mix(h ^ u64::from(b)));
        mix(salt ^ turn as u64).is_multiple_of(ONE_IN)
    }

    /// Sends the request on the connection its turn gives it. A connection the service closed
    /// under it: nginx logs the premature close and, as `proxy_next_upstream error timeout`
    /// (the default) has it, tries the next server, except for a POST, PATCH or LOCK, which
    /// nginx (since 1.9.13) never sends twice: those get 502 at once. The close is a moment's
    /// coincidence, so the request sent on meets a live connection.
    pub(super) fn reuse_connection<'u>(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        up: &'u Upstream,
        turn: i64,
    ) -> Result<Sent<'u>, Resp> {
        let (w, req) = (inc.w, inc.req);
        let mut sent = Sent {
            turn,
            server: up.server_at(turn),
            stale: vec![],
        };
        if self.stale_connection(w, &up.name, sent.turn) {
            tb.jitter(1, 2);
            let target = format!("http://{}{}", sent.server, inc.full);
            inc.err_log(tb, "error", PREMATURE, Some(&target));
            tb.ev(
                Layer::Backend,
                Layer::Gateway,
                EventKind::Error,
                "upstream prematurely closed connection",
            );
            sent.stale.push(sent.server);
            let once = matches!(req.method.as_str(), "POST" | "PATCH" | "LOCK");
            if once || up.servers.len() < 2 {
                let r = Resp::nginx(502);
                inc.access(tb, 502, bytes(&r), &sent.stale.join(", "), "0.001");
                return Err(inc.with_id(tb, r));
            }
            sent.turn = tb.next_turn(&up.name);
            sent.server = up.server_at(sent.turn);
            tb.ev(
                Layer::Gateway,
                Layer::Backend,
                EventKind::Request,
                format!(
                    "proxy_next_upstream {} {} → {} ({})",
                    req.method, inc.path, up.name, sent.server
                ),
            );
        }
        Ok(sent)
    }
}
