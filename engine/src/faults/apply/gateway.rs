//! Gateway faults: the allowlist, quota, routing, CORS policy or load balancer is misconfigured.

use crate::faults::{int, Params};
use crate::layers::gateway::{RateLimit, RatePersona};
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let cid = w.customer_id.clone();
    match id {
        "ip-not-allowlisted" => w.client.public_ip = "192.0.2.77".into(),
        "rate-limit-quota" => {
            let l = int(p, "limit").max(1) as u32;
            // An hourly plan quota is an API-gateway product's; raw nginx has no plans.
            w.gateway.rate = RateLimit {
                persona: RatePersona::ApiGateway,
                limit: l,
                window_s: 3600,
                used: l,
                // Wherever this seed's world is in the hour: 1 to 59 minutes left.
                reset_s: 60 + (cid.parse::<u32>().unwrap_or(0).wrapping_mul(97) % 3480),
            };
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
