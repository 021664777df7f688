//! Network faults: the path to the flow's primary host drops, refuses, is proxied away or slow.

use crate::faults::{int, Params};
use crate::layers::network::{FwAction, FwRule, Inspection, Proxy, Tunnel};
use crate::layers::tls::INSPECTION_CA;
use crate::model::Flow;
use crate::world::World;

const PROXY_HOST: &str = "proxy.corp.example";

pub(super) fn apply(w: &mut World, id: &str, p: &Params, flow: Flow) {
    let host = flow.primary_host().to_string();
    match id {
        "firewall-block" => {
            let ip = w
                .dns
                .zone
                .get(host.as_str())
                .map_or_else(String::new, |i| i.to_string());
            w.net.rules.push(FwRule {
                name: "deny-egress-unlisted".into(),
                dst: ip,
                port: 443,
                action: FwAction::Drop,
            });
        }
        "connection-refused" => {
            let ip = w
                .dns
                .zone
                .get(host.as_str())
                .map_or_else(String::new, |i| i.to_string());
            w.net.listening.insert(ip.into(), vec![80]);
        }
        "proxy-interference" => {
            // The corporate resolver knows the proxy; clients resolve it, not the hosts they reach.
            w.dns.zone.insert(PROXY_HOST.into(), "10.20.0.3".into());
            w.net.proxy = Some(Proxy {
                host: format!("{PROXY_HOST}:3128"),
                denied: vec![host.clone()],
                auth_realm: None,
            })
        }
        // The same proxy, now asking every client for credentials the client has not been given.
        "proxy-auth-required" => {
            w.dns.zone.insert(PROXY_HOST.into(), "10.20.0.3".into());
            w.net.proxy = Some(Proxy {
                host: format!("{PROXY_HOST}:3128"),
                denied: vec![],
                auth_realm: Some("Example Corp Internet Access".into()),
            })
        }
        "network-latency" => w.net.one_way_ms = int(p, "one_way_ms"),
        // The site's firewall now decrypts outbound TLS and re-signs every site with the
        // company's root; it minted the host's certificate on the first connection after that.
        "tls-interception-proxy" => {
            w.net.inspection = Some(Inspection {
                ca: INSPECTION_CA.into(),
                minted_ms: w.epoch_ms - int(p, "enabled_hours_ago").max(1) * 3_600_000,
            })
        }
        // The reporter's VPN: a tunnel below Ethernet's MTU, and a firewall rule that drops
        // outbound ICMP, the gateway's "fragmentation needed" with it.
        "mtu-blackhole" => {
            w.net.tunnel = Some(Tunnel {
                mtu: int(p, "tunnel_mtu"),
                icmp_blocked: true,
            })
        }
        _ => {}
    }
}
