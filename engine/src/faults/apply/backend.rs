//! Backend faults: the service (or one of its instances) is down, in maintenance, overloaded,
//! crashing or slow.

use crate::faults::{int, st, Params};
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let now = w.epoch_ms;
    match id {
        "upstream-down" => w.backend.up = false,
        "maintenance-window" => {
            w.backend.maintenance_until_ms = Some(now + int(p, "minutes").max(1) * 60_000)
        }
        "backend-overloaded" => w.backend.overloaded = true,
        "backend-exception" => {
            w.backend.null_tier_bug = true;
            w.client.path = "/v2/customers/20001".into();
        }
        "slow-backend" => w.backend.extra_ms += int(p, "delay_ms"),
        // The instance the traced call's turn falls on: the group's first in this world.
        "one-instance-unhealthy" => {
            // A crash-looping instance fails a read, but nginx sends a GET on to the next
            // instance: the call the caller sees fail is a write, which nginx never sends twice.
            let crash_loop = st(p, "fails_by") == "crash-loop";
            if crash_loop
                && !(w.call_chosen && matches!(w.client.method.as_str(), "POST" | "PATCH"))
            {
                crate::faults::set_story_call(w, "POST", "/v2/chats");
            }
            let gw = &w.gateway;
            let path = w.client.path.replacen("/v2/partner/", "/v2/", 1);
            if let Some(up) = gw.upstream_for(&path).or_else(|| gw.upstreams.first()) {
                let bad = up.server_at(0).to_string();
                if crash_loop {
                    w.backend.crash_looping.push(bad);
                } else {
                    w.backend.broken_instances.push(bad);
                }
            }
        }
        // Issue 15: the service's keep-alive timeout is shorter than the gateway's upstream
        // keep-alive, so now and then nginx reuses a connection the service is just closing.
        // nginx sends a GET again to the next instance; the write it never sends twice is the
        // one the caller sees fail.
        "upstream-keepalive-race" => {
            w.backend.keepalive_timeout_s = int(p, "backend_keepalive_s");
            if !(w.call_chosen && matches!(w.client.method.as_str(), "POST" | "PATCH")) {
                crate::faults::set_story_call(w, "POST", "/v2/chats");
            }
        }
        _ => {}
    }
}
