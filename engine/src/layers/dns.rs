//! DNS: authoritative zone plus the client's caching resolver.

use crate::model::{Layer, Level, LogSource};
use crate::sim::Tb;
use crate::world::{API_HOST, AUTH_HOST, CRM_HOST, HOOK_HOST, RT_HOST, SANDBOX_HOST};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
pub struct Dns {
    /// Authoritative A records.
    /// Names and addresses, borrowed where they are the world's constants.
    pub zone: BTreeMap<Cow<'static, str>, Cow<'static, str>>,
    pub ttl_s: i64,
    /// Resolver cache: host → (ip, seconds of TTL left). A stale entry outlives a record change.
    pub cache: BTreeMap<String, (String, i64)>,
    pub resolver_ip: String,
    /// Hosts whose zone's DNSSEC signatures (RRSIGs) have expired: the authoritative server
    /// still answers, but every validating resolver refuses the answer with SERVFAIL.
    pub rrsig_expired: BTreeSet<String>,
    /// CNAME records: alias → target. A target the world holds no address for is a name
    /// nobody serves any more (NXDOMAIN in its own zone), so the chain ends there.
    pub cnames: BTreeMap<String, String>,
    /// The reporter's network's own DNS data: names its resolver answers itself, with
    /// authority, before it asks the public DNS (split horizon). No other network sees them.
    pub internal: BTreeMap<String, String>,
}

/// The reporter's machine, as its resolver logs it.
pub const REPORTER_HOST_IP: &str = "10.20.0.15";
/// The TTL the reporter's network gives the names it answers itself.
const INTERNAL_TTL: i64 = 3600;

/// How a lookup ended; `ServFail`: the resolver could not validate the answer, which the stub
/// resolver reports as a temporary failure.
pub enum Resolved {
    Ok { ip: String, ms: i64, cached: bool },
    NxDomain { ms: i64 },
    ServFail { ms: i64 },
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
            zone.insert(h.into(), ip.into());
        }
        Dns {
            zone,
            ttl_s: 300,
            cache: BTreeMap::new(),
            resolver_ip: "10.20.0.2".into(),
            rrsig_expired: BTreeSet::new(),
            cnames: BTreeMap::new(),
            internal: BTreeMap::new(),
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
        _ => REPORTER_HOST_IP,
    }
}

impl Dns {
    pub fn resolve(&self, tb: &mut Tb, from: Layer, host: &str) -> Resolved {
        if let Some(ip) = self.internal_answer(from, host) {
            // The reporter's resolver answers from its own zone data and asks nobody.
            let q = tb.rng.range(1000, 65000);
            tb.ev(
                from,
                Layer::Dns,
                crate::model::EventKind::Internal,
                format!("Resolve {host} (local zone) → {ip}"),
            );
            tb.log(
                LogSource::Resolver,
                Level::Debug,
                format!(
                    "query[A] {host} from {} id={q}: config {host} is {ip}",
                    querier(from)
                ),
            );
            return Resolved::Ok {
                ip: ip.to_string(),
                ms: 1,
                cached: false,
            };
        }
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
        if self.zone.contains_key(host) && self.rrsig_expired.contains(host) {
            return self.servfail(tb, from, host, q, ms);
        }
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
                    ip: ip.to_string(),
                    ms,
                    cached: false,
                }
            }
            None if self.cnames.contains_key(host) => {
                let target = self.cnames[host].clone();
                if let Some(ip) = self.zone.get(target.as_str()) {
                    tb.ev(
                        from,
                        Layer::Dns,
                        crate::model::EventKind::Internal,
                        format!("Resolve {host} → CNAME {target} → {ip}"),
                    );
                    tb.log(
                        LogSource::Resolver,
                        Level::Debug,
                        format!(
                            "query[A] {host} from {} id={q}: reply {host} is CNAME {target}, {target} is {ip} ttl={}",
                            querier(from),
                            self.ttl_s
                        ),
                    );
                    return Resolved::Ok {
                        ip: ip.to_string(),
                        ms,
                        cached: false,
                    };
                }
                tb.ev(
                    from,
                    Layer::Dns,
                    crate::model::EventKind::Error,
                    format!("Resolve {host} → CNAME {target} → NXDOMAIN"),
                );
                tb.log(
                    LogSource::Resolver,
                    Level::Info,
                    format!(
                        "query[A] {host} from {} id={q}: reply {host} is CNAME {target}, {target} is NXDOMAIN",
                        querier(from)
                    ),
                );
                Resolved::NxDomain { ms }
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

    /// A validating resolver meets the zone's expired signatures: it logs why (BIND's validator
    /// words) and answers SERVFAIL, which the stub resolver reports as a temporary failure.
    fn servfail(&self, tb: &mut Tb, from: Layer, host: &str, q: i64, ms: i64) -> Resolved {
        let ms = ms + 1500;
        tb.ev(
            from,
            Layer::Dns,
            crate::model::EventKind::Error,
            format!("Resolve {host} → SERVFAIL"),
        );
        let keyid = 10_000 + (crate::util::sha256(zone_of(host).as_bytes())[0] as i64) * 211;
        tb.log(
            LogSource::Resolver,
            Level::Warn,
            format!("validating {host}/A: verify failed due to bad signature (keyid={keyid}): RRSIG has expired"),
        );
        tb.log(
            LogSource::Resolver,
            Level::Warn,
            format!("validating {host}/A: no valid signature found"),
        );
        tb.log(
            LogSource::Resolver,
            Level::Info,
            format!(
                "query[A] {host} from {} id={q}: reply SERVFAIL",
                querier(from)
            ),
        );
        Resolved::ServFail { ms }
    }

    /// The address the reporter's network's own zone data gives `host`, for a query from that
    /// network.
    pub fn internal_answer(&self, from: Layer, host: &str) -> Option<&str> {
        (querier(from) == REPORTER_HOST_IP)
            .then(|| self.internal.get(host))
            .flatten()
            .map(String::as_str)
    }

    /// What an engineer sees running dig at `now_ms`: the short form against their resolver
    /// (`+noall +answer` prints the answer or nothing at all), then the full answer of the
    /// zone's authoritative server, header and all.
    pub fn dig(&self, host: &str, now_ms: i64) -> String {
        let mut s = format!("$ dig +noall +answer {host}\n");
        let internal = self.internal.get(host);
        let resolver = internal
            .map(|ip| (ip.clone(), INTERNAL_TTL))
            .or_else(|| self.cache.get(host).map(|(ip, t)| (ip.clone(), *t)))
            .or_else(|| {
                self.zone
                    .get(host)
                    .filter(|_| !self.rrsig_expired.contains(host))
                    .map(|ip| (ip.to_string(), self.ttl_s))
            });
        let cname = self
            .cnames
            .get(host)
            .filter(|_| !self.cache.contains_key(host));
        if let Some(target) = cname {
            s.push_str(&format!("{host}.\t{}\tIN\tCNAME\t{target}.\n", self.ttl_s));
            if let Some(ip) = self.zone.get(target.as_str()) {
                s.push_str(&format!("{target}.\t{}\tIN\tA\t{ip}\n", self.ttl_s));
            }
        }
        if let Some((ip, ttl)) = &resolver {
            s.push_str(&format!("{host}.\t{ttl}\tIN\tA\t{ip}\n"));
        }
        s.push_str(&format!("\n$ dig {host} @ns1.example.com\n\n"));
        s.push_str(&format!(
            "; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> {host} @ns1.example.com\n;; global options: +cmd\n;; Got answer:\n"
        ));
        // The query id is the resolver's random 16-bit number; drawn from the name and time here.
        let id = crate::util::sha256(format!("{host}{now_ms}").as_bytes());
        let id = u16::from_be_bytes([id[0], id[1]]);
        let answer = self.zone.get(host);
        // A name the zone does not hold at all is NXDOMAIN; dig then shows the zone's SOA. An
        // alias is an answer: the server gives its CNAME and leaves the target (another
        // provider's zone) to the resolver.
        let (status, answers) = match (answer, cname) {
            (Some(_), _) | (None, Some(_)) => ("NOERROR", 1),
            (None, None) => ("NXDOMAIN", 0),
        };
        s.push_str(&format!(
            ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n;; flags: qr aa rd; QUERY: 1, ANSWER: {answers}, AUTHORITY: {}, ADDITIONAL: 1\n;; WARNING: recursion requested but not available\n\n",
            1 - answers
        ));
        s.push_str(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n");
        s.push_str(&format!(";; QUESTION SECTION:\n;{host}.\t\t\tIN\tA\n\n"));
        let zone = host.split_once('.').map_or(host, |(_, z)| z);
        match (answer, cname) {
            (Some(ip), _) => s.push_str(&format!(
                ";; ANSWER SECTION:\n{host}.\t{}\tIN\tA\t{ip}\n\n",
                self.ttl_s
            )),
            (None, Some(target)) => s.push_str(&format!(
                ";; ANSWER SECTION:\n{host}.\t{}\tIN\tCNAME\t{target}.\n\n",
                self.ttl_s
            )),
            (None, None) => s.push_str(&format!(
                ";; AUTHORITY SECTION:\n{zone}.\t\t300\tIN\tSOA\tns1.{zone}. hostmaster.{zone}. 2026051901 7200 3600 1209600 300\n\n"
            )),
        }
        s.push_str(&format!(
            ";; Query time: {} msec\n;; SERVER: 192.0.2.53#53(ns1.example.com) (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {}\n",
            8 + id % 20,
            dig_when(now_ms),
            match (answer, cname) {
                (None, Some(target)) => 58 + host.len() + target.len(),
                (Some(_), _) => 60 + host.len(),
                (None, None) => 95 + 2 * zone.len(),
            }
        ));
        // The resolver printed no address while the zone answers: the engineer asks the
        // resolver again in full to see its status.
        let dangling = cname.is_some_and(|t| !self.zone.contains_key(t.as_str()));
        if resolver.is_none() && answer.is_some() {
            s.push_str(&self.dig_resolver_full(host, now_ms, id.wrapping_add(7919)));
        } else if let Some(ip) = internal.filter(|ip| answer.map(|a| &**a) != Some(ip.as_str())) {
            // The two answers differ: the engineer asks the resolver in full, and its flags
            // say it answered with authority from its own zone (a cache never sets aa).
            s.push_str(&self.dig_internal(host, ip, now_ms, id.wrapping_add(7919)));
        } else if dangling {
            s.push_str(&format!("\n$ dig {host}\n\n; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> {host}\n;; global options: +cmd\n;; Got answer:\n"));
            let r = &self.resolver_ip;
            let id = id.wrapping_add(7919);
            s.push_str(&self.recursive_answer(
                host,
                (&format!("{r}#53({r})"), 12 + id % 40, id),
                false,
                now_ms,
            ));
        }
        s
    }

    /// A recursive resolver's full answer for `host` (header to `MSG SIZE`), as dig prints it
    /// after `;; Got answer:`, asked at `server` (`10.0.5.2#53(10.0.5.2)`, its query time and
    /// the query id). A validating resolver sets `ad` on an answer it could check. Follows a
    /// CNAME: a target nobody serves is NXDOMAIN, with the alias in the answer and the target
    /// zone's SOA in the authority section.
    pub fn recursive_answer(
        &self,
        host: &str,
        (server, ms, id): (&str, u16, u16),
        validating: bool,
        now_ms: i64,
    ) -> String {
        let cname = self.cnames.get(host);
        let addr = match cname {
            Some(t) => self.zone.get(t.as_str()),
            None => self.zone.get(host),
        };
        let servfail = addr.is_some() && self.rrsig_expired.contains(host);
        let status = match addr {
            _ if servfail => "SERVFAIL",
            Some(_) => "NOERROR",
            None => "NXDOMAIN",
        };
        let mut answer = String::new();
        if let (Some(t), false) = (cname, servfail) {
            answer.push_str(&format!("{host}.\t{}\tIN\tCNAME\t{t}.\n", self.ttl_s));
        }
        if let (Some(ip), false) = (addr, servfail) {
            let name = cname.map_or(host, String::as_str);
            answer.push_str(&format!("{name}.\t{}\tIN\tA\t{ip}\n", self.ttl_s));
        }
        let answers = answer.lines().count();
        // The target's zone says it holds no such name: its SOA.
        let soa = match (cname, addr) {
            (Some(t), None) => {
                let z = zone_of(t);
                format!(";; AUTHORITY SECTION:\n{z}.\t\t60\tIN\tSOA\tns1.{z}. dns-admin.{z}. 2026051907 3600 600 1209600 60\n\n")
            }
            _ => String::new(),
        };
        let mut s = format!(
            ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n\
             ;; flags: qr rd ra{}; QUERY: 1, ANSWER: {answers}, AUTHORITY: {}, ADDITIONAL: 1\n\n\
             ;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n\
             ;; QUESTION SECTION:\n;{host}.\t\t\tIN\tA\n\n",
            if validating && status == "NOERROR" {
                " ad"
            } else {
                ""
            },
            usize::from(!soa.is_empty())
        );
        if answers > 0 {
            s.push_str(&format!(";; ANSWER SECTION:\n{answer}\n"));
        }
        s.push_str(&soa);
        let size = 29
            + host.len()
            + cname.map_or(0, |t| 14 + t.len())
            + 16 * usize::from(addr.is_some() && !servfail)
            + if soa.is_empty() {
                0
            } else {
                60 + 2 * cname.map_or(0, |t| zone_of(t).len())
            };
        s.push_str(&format!(
            ";; Query time: {ms} msec\n;; SERVER: {server} (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {size}\n",
            dig_when(now_ms),
        ));
        s
    }

    /// `dig host` against the reporter's resolver for a name its own zone data answers: `aa`,
    /// the internal TTL, its server named.
    fn dig_internal(&self, host: &str, ip: &str, now_ms: i64, id: u16) -> String {
        let r = &self.resolver_ip;
        format!(
            "\n$ dig {host}\n\n; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> {host}\n;; global options: +cmd\n;; Got answer:\n\
             ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: {id}\n\
             ;; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1\n\n\
             ;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n\
             ;; QUESTION SECTION:\n;{host}.\t\t\tIN\tA\n\n\
             ;; ANSWER SECTION:\n{host}.\t{INTERNAL_TTL}\tIN\tA\t{ip}\n\n\
             ;; Query time: {} msec\n;; SERVER: {r}#53({r}) (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {}\n",
            id % 3,
            dig_when(now_ms),
            45 + host.len()
        )
    }

    /// `dig host` against the engineer's own (recursive, validating) resolver, header and all,
    /// for a name it gives no answer for.
    fn dig_resolver_full(&self, host: &str, now_ms: i64, id: u16) -> String {
        let r = &self.resolver_ip;
        let status = if self.rrsig_expired.contains(host) {
            "SERVFAIL"
        } else {
            "NXDOMAIN"
        };
        let mut s = format!("\n$ dig {host}\n\n; <<>> DiG 9.18.28-0ubuntu0.24.04.1-Ubuntu <<>> {host}\n;; global options: +cmd\n;; Got answer:\n");
        s.push_str(&format!(
            ";; ->>HEADER<<- opcode: QUERY, status: {status}, id: {id}\n;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1\n\n"
        ));
        s.push_str(";; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n");
        s.push_str(&format!(";; QUESTION SECTION:\n;{host}.\t\t\tIN\tA\n\n"));
        s.push_str(&format!(
            ";; Query time: {} msec\n;; SERVER: {r}#53({r}) (UDP)\n;; WHEN: {}\n;; MSG SIZE  rcvd: {}\n",
            1500 + id % 400,
            dig_when(now_ms),
            29 + host.len()
        ));
        s
    }
}

/// The zone a host's record lives in: `example.com` for `api.example.com`.
fn zone_of(host: &str) -> &str {
    host.split_once('.').map_or(host, |(_, z)| z)
}

/// dig's `WHEN:` line: `Thu Jun 25 17:21:58 UTC 2026`.
pub(crate) fn dig_when(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = crate::util::civil(days);
    let secs = ms.div_euclid(1000).rem_euclid(86_400);
    let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let mon = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m as usize).saturating_sub(1)];
    format!(
        "{wd} {mon} {d:02} {:02}:{:02}:{:02} UTC {y}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}
