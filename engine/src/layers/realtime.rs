//! Realtime (WebSocket) service behind the load balancer.

#[derive(Clone, Debug)]
pub struct Realtime {
    pub up: bool,
    /// Seconds between server pings on an idle connection.
    pub heartbeat_s: i64,
    /// Event-loop lag added to every message.
    pub lag_ms: i64,
}
