//! Realtime (WebSocket) service behind the load balancer.

use crate::util::Rng;

#[derive(Clone, Debug)]
pub struct Realtime {
    /// Seconds between server pings on an idle connection.
    pub heartbeat_s: i64,
    /// Event-loop lag added to every message.
    pub lag_ms: i64,
}

impl Realtime {
    /// Up, with a little event-loop lag.
    pub fn healthy(rng: &mut Rng) -> Realtime {
        Realtime {
            heartbeat_s: 25,
            lag_ms: rng.range(5, 30),
        }
    }
}
