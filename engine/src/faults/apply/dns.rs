//! DNS faults: the flow's primary host stops resolving, or resolves to a dead address.
//! `dns-split-horizon`: the reporter's network answers the name itself, with a dead address.
//! `dangling-cname`: the host is an alias (CNAME) of a cloud resource that was deleted.

use crate::faults::{int, Params};
use crate::model::Flow;
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params, flow: Flow) {
    let host = flow.primary_host().to_string();
    match id {
        "dns-nxdomain" => {
            w.dns.zone.remove(host.as_str());
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
        "dns-split-horizon" => {
            // The reporter's network once sent the API through its own proxy by a record in its
            // internal zone; the proxy was retired, the record stayed.
            w.dns.internal.insert(host, INTERNAL_PROXY_IP.into());
        }
        "dangling-cname" => {
            // The host was moved onto a cloud provider's app service by an alias; the app was
            // deleted, the alias stayed. A name cannot hold both a CNAME and an address.
            w.dns.zone.remove(host.as_str());
            let target = provider_name(&host);
            w.dns.zone.remove(target.as_str());
            w.dns.cnames.insert(host, target);
        }
        _ => {}
    }
}

/// Where the reporter's internal zone still sends the API: a retired proxy's address.
pub const INTERNAL_PROXY_IP: &str = "10.20.40.17";

/// The provider's name for the app that served `host`: `example-api-prod.paas-cloud.net` for
/// `api.example.com`.
fn provider_name(host: &str) -> String {
    let mut labels = host.split('.');
    let service = labels.next().unwrap_or("app");
    let org = labels.next().unwrap_or("example");
    format!("{org}-{service}-prod.paas-cloud.net")
}
