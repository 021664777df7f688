//! Gateway faults: the allowlist, quota, routing, CORS policy or load balancer is misconfigured.

use crate::faults::{int, Params};
use crate::layers::gateway::RateLimit;
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let cid = w.customer_id.clone();
    match id {
        "ip-not-allowlisted" => w.client.public_ip = "192.0.2.77".into(),
        "rate-limit-quota" => {
            // An hourly plan quota is an API-gateway product's; raw nginx has no plans. The
            // client's job keeps its normal pace (one call every 12 to 25 s, 144 to 300 an
            // hour), more than the plan now refills: its bucket runs dry by itself.
            w.gateway.rate = RateLimit::plan(int(p, "limit").max(1) as u32, 3600);
            w.client.pace_ms =
                12_000 + (cid.parse::<i64>().unwrap_or(0) * 97).rem_euclid(13) * 1000;
        }
        "gateway-misrouted" => {
            for r in &mut w.gateway.routes {
                if r.pattern.starts_with("/v2/customers") {
                    r.upstream = "billing-v1".into();
                }
            }
        }
        "cors-origin-not-allowed" => {
            let o = w.client.origin.clone().unwrap_or_default();
            w.gateway.cors_allowed_origins.retain(|a| *a != o);
        }
        "ws-idle-timeout" => w.gateway.ws_idle_timeout_s = int(p, "idle_s").max(1),
        _ => {}
    }
}
