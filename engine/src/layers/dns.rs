//! DNS: authoritative zone plus the client's caching resolver.

use crate::model::{Layer, Level, LogSource};
use crate::sim::Tb;
use crate::world::{API_HOST, AUTH_HOST, CRM_HOST, HOOK_HOST, RT_HOST, SANDBOX_HOST};
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Dns {
    /// Authoritative A records.
    pub zone: BTreeMap<String, String>,
    pub ttl_s: i64,
    /// Resolver cache: host → (ip, seconds of TTL left). A stale entry outlives a record change.
    pub cache: BTreeMap<String, (String, i64)>,
    pub resolver_ip: String,
}

pub enum Resolved {
    Ok { ip: String, ms: i64, cached: bool },
    NxDomain { ms: i64 },
}

impl Dns {
    /// Every host the world knows resolves to its address; nothing is cached yet.
    pub fn healthy() -> Dns {
        let mut zone = BTreeMap::new();
        for (h, ip) in [
            (API_HOST, "198.51.100.20"),
            (SANDBOX_HOST, "198.51.100.24"),
            (AUTH_HOST, "198.51.100.21"),
            (RT_HOST, "198.51.100.22"),
            (CRM_HOST, "203.0.113.50"),
            (HOOK_HOST, "203.0.113.80"),
        ] {
            zone.insert(h.to_string(), ip.to_string());
        }
        Dns {
            zone,
            ttl_s: 300,
            cache: BTreeMap::new(),
            resolver_ip: "10.20.0.2".into(),
        }
    }
}

/// The host that sends the query, as its resolver logs it: the engineer's machine, or the
/// server that makes a server-side call (each asks its own network's resolver).
pub fn querier(from: Layer) -> &'static str {
    match from {
        // The platform's integration workers and webhook delivery.
        Layer::Integration | Layer::Gateway | Layer::Backend | Layer::Auth => "10.0.5.14",
        // The customer's webhook receiver, calling the CRM.
        Layer::Webhook => "10.8.0.12",
        _ => "10.20.0.15",
    }
}

impl Dns {
    pub fn resolve(&self, tb: &mut Tb, from: Layer, host: &str) -> Resolved {
        if let Some((ip, left)) = self.cache.get(host) {
            let ms = 1;
            tb.ev(
                from,
                Layer::Dns,
                crate::model::EventKind::Internal,
                format!("Resolve {host} (cache, TTL {left}s left) → {ip}"),
            );
            return Resolved::Ok {
                ip: ip.clone(),
                ms,
                cached: *left > 0,
            };
        }
        let ms = tb.rng.range(8, 35);
        let q = tb.rng.range(1000, 65000);
        match self.zone.get(host) {
            Some(ip) => {
                tb.ev(
                    from,
                    Layer::Dns,
                    crate::model::EventKind::Internal,
                    format!("Resolve {host} → {ip}"),
                );
                tb.log(
                    LogSource::Resolver,
                    Level::Debug,
                    format!(
                        "query[A] {host} from {} id={q}: reply {ip} ttl={}",
                        querier(from),
                        self.ttl_s
                    ),
                );
                Resolved::Ok {
                    ip: ip.clone(),
                    ms,
                    cached: false,
                }
            }
            None => {
                tb.ev(
                    from,
                    Layer::Dns,
                    crate::model::EventKind::Error,
                    format!("Resolve {host} → NXDOMAIN"),
                );
                tb.log(
                    LogSource::Resolver,
                    Level::Info,
                    format!(
                        "query[A] {host} from {} id={q}: reply NXDOMAIN",
                        querier(from)
                    ),
                );
                Resolved::NxDomain { ms }
            }
        }
    }

    /// What `dig` would print for the host: resolver answer next to the authoritative one.
    pub fn dig(&self, host: &str) -> String {
        let mut s = format!("$ dig +noall +answer {host}\n");
        match self
            .cache
            .get(host)
            .map(|(ip, t)| (ip.clone(), *t))
            .or_else(|| self.zone.get(host).map(|ip| (ip.clone(), self.ttl_s)))
        {
            Some((ip, ttl)) => s.push_str(&format!("{host}.\t{ttl}\tIN\tA\t{ip}\n")),
            None => s.push_str(&format!(
                ";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN\n;; {host}: no answer\n"
            )),
        }
        s.push_str(&format!("\n$ dig +noall +answer {host} @ns1.example.com\n"));
        match self.zone.get(host) {
            Some(ip) => s.push_str(&format!("{host}.\t{}\tIN\tA\t{ip}\n", self.ttl_s)),
            None => s.push_str(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN\n"),
        }
        s
    }
}
