//! Faults met at the CDN's edge. Each puts the edge in front of the API (a world without one
//! has nowhere for them to happen) and then breaks the state that is wrong: the edge's own
//! cache rule (edge), or, behind it, the origin's inbound firewall (network), the service's
//! speed (backend) or the origin's certificate (tls). The edge itself only reports the last
//! three.

use crate::faults::{int, Params};
use crate::layers::edge::{CachedError, Edge};
use crate::world::{World, DAY_MS};

/// The edge's faults are the catalogue ids that start with this.
pub(super) const PREFIX: &str = "edge-";

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    Edge::put_in_front(w);
    let now = w.epoch_ms;
    let path = w.client.path.clone();
    // A stored error is only served to the reads the cache rule covers.
    if id == "edge-cached-error" && !matches!(w.client.method.as_str(), "GET" | "HEAD") {
        w.client.method = "GET".into();
        w.client.body = None;
        w.client.content_type = None;
    }
    let Some(e) = w.edge.as_mut() else {
        return;
    };
    match id {
        "edge-cached-error" => {
            e.error_ttl_s = 3_600;
            e.cached = Some(CachedError {
                path,
                status: 502,
                age_s: int(p, "age_s"),
            });
        }
        "edge-origin-unreachable" => e.origin_admits_edge = false,
        "edge-origin-timeout" => {
            // The origin lets long calls run (exports): its own read timeout is past the edge's.
            w.gateway.read_timeout_ms = 300_000;
            w.backend.extra_ms += int(p, "delay_ms");
        }
        "edge-origin-tls-invalid" => {
            let c = &mut e.origin_cert;
            c.not_after_ms = now - int(p, "days_ago").max(1) * DAY_MS + 3_600_000;
            c.not_before_ms = c.not_after_ms - 90 * DAY_MS;
        }
        _ => {}
    }
}
