//! DNS faults: the flow's primary host stops resolving, or resolves to a dead address.

use crate::faults::{int, Params};
use crate::model::Flow;
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params, flow: Flow) {
    let host = flow.primary_host().to_string();
    match id {
        "dns-nxdomain" => {
            w.dns.zone.remove(&host);
        }
        "dns-stale-record" => {
            // The service moved; the resolver still hands out the old, now-dead address.
            w.dns
                .cache
                .insert(host.clone(), ("192.0.2.10".into(), int(p, "ttl_left")));
        }
        "dns-servfail" => {
            // The record is still there; its signatures ran out, so validating resolvers refuse it.
            w.dns.rrsig_expired.insert(host);
        }
        _ => {}
    }
}
