//! The network path to the target host, hop by hop: `traceroute -T` and `mtr --tcp` (Linux, from
//! the reporter's machine or, for a call the platform makes, from its worker) and PowerShell's
//! `Test-NetConnection` (a Windows machine on the reporter's network). Each follows the world's
//! network state the request met: the resolver's answer, the egress firewall (the first hop, the
//! site's gateway), the explicit proxy (a network that has one lets nothing out directly), the
//! hosts that own the addresses and the ports they listen on.

use super::render::{reach, target, Reach};
use super::Investigation;
use crate::layers::network::FwAction;
use crate::model::*;
use crate::util;

type Out = (String, String, Vec<super::Fact>);

const MAX_HOPS: usize = 12;

/// How far a TCP probe to `ip:port` gets.
enum PathEnd {
    /// Every hop answers and the destination answers (SYN-ACK, or RST from a closed port).
    Reached,
    /// The egress firewall after the first hop refuses with a RST in the destination's name.
    RejectedAtGateway,
    /// Nothing after the first hop answers: a firewall drop, or a proxy-only network.
    DroppedAtGateway,
    /// The path answers up to the destination's network; nobody owns the address.
    NoHost,
}

/// One hop that answers: its address and its round trip in ms.
struct Hop {
    ip: String,
    rtt: f64,
}

struct Path {
    host: String,
    port: u16,
    ip: String,
    /// The machine the tool runs on: its address and its gateway.
    source: String,
    hops: Vec<Hop>,
    end: PathEnd,
    /// getaddrinfo's words when the name does not resolve.
    no_name: Option<&'static str>,
}

/// A deterministic jitter in `[0, 1)` for `key`.
fn jitter(inv: &Investigation, key: &str) -> f64 {
    let h = util::sha256(format!("path {} {key}", inv.evidence().trace_id).as_bytes());
    f64::from(u16::from_be_bytes([h[0], h[1]])) / 65536.0
}

/// `a.b.c.d` → `a.b.c.1`, the network's router.
fn router(ip: &str) -> String {
    match ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.1"),
        None => ip.to_string(),
    }
}

fn path(inv: &Investigation) -> Path {
    let ev = inv.evidence();
    let w = &inv.world;
    let (host, port, platform) = target(ev, false);
    let (r, ip) = reach(inv, &host, port, platform);
    let source = if platform {
        "10.0.5.23".to_string()
    } else {
        w.net.client_private_ip.clone()
    };
    // An address inside the reporter's own network is reached without leaving it.
    let inside = !platform && ip.starts_with("10.");
    let rtt = if inside {
        1.0
    } else {
        (2 * w.net.one_way_ms) as f64
    };
    // The site's gateway (its egress firewall), the ISP's router for the site's public address
    // (from the reporter's side), the destination network's router, the destination.
    let mut hops = vec![Hop {
        ip: router(&source),
        rtt: 0.3 + 0.3 * jitter(inv, "gw"),
    }];
    if !platform && !inside {
        hops.push(Hop {
            ip: router(&w.client.public_ip),
            rtt: 1.2 + 0.2 * rtt * (0.9 + 0.2 * jitter(inv, "isp")),
        });
    }
    if router(&ip) != ip {
        hops.push(Hop {
            ip: router(&ip),
            rtt: 0.9 * rtt * (0.95 + 0.1 * jitter(inv, "edge")),
        });
    }
    hops.push(Hop {
        ip: ip.clone(),
        rtt: rtt * (1.0 + 0.05 * jitter(inv, "dst")),
    });
    let rule = w.net.rules.iter().find(|r| r.dst == ip && r.port == port);
    let proxied = !platform && w.net.proxy.is_some();
    let end = match (&r, rule) {
        (Reach::NoName(_), _) => PathEnd::NoHost,
        (_, Some(rule)) if rule.action == FwAction::Reject => PathEnd::RejectedAtGateway,
        (_, Some(_)) => PathEnd::DroppedAtGateway,
        _ if proxied => PathEnd::DroppedAtGateway,
        (Reach::TimedOut, None) => PathEnd::NoHost,
        _ => PathEnd::Reached,
    };
    let no_name = match r {
        Reach::NoName(why) => Some(why),
        _ => None,
    };
    Path {
        host,
        port,
        ip,
        source,
        hops,
        end,
        no_name,
    }
}

impl Path {
    /// What answers at each TTL: the hop's address and round trip, or nothing; the last entry
    /// is the destination when it (or a RST in its name) answers.
    fn answers(&self) -> Vec<Option<(String, f64)>> {
        let n = self.hops.len();
        let hop = |i: usize| Some((self.hops[i].ip.clone(), self.hops[i].rtt));
        match self.end {
            PathEnd::Reached => (0..n).map(hop).collect(),
            PathEnd::RejectedAtGateway => {
                vec![hop(0), Some((self.ip.clone(), self.hops[0].rtt + 0.1))]
            }
            PathEnd::DroppedAtGateway => {
                let mut v = vec![hop(0)];
                v.resize(MAX_HOPS, None);
                v
            }
            PathEnd::NoHost => {
                let mut v: Vec<_> = (0..n - 1).map(hop).collect();
                v.resize(MAX_HOPS, None);
                v
            }
        }
    }
}

/// `traceroute -n -T` (modern Linux traceroute, TCP SYN to the service's port).
pub(super) fn traceroute(inv: &Investigation) -> Out {
    let p = path(inv);
    let command = format!("traceroute -n -T -p {} -m {MAX_HOPS} {}", p.port, p.host);
    if let Some(why) = p.no_name {
        let out = format!(
            "{}: {why}\nCannot handle \"host\" cmdline arg `{}' on position 1 (argc 7)\n",
            p.host, p.host
        );
        return (command, out, vec![]);
    }
    let mut out = format!(
        "traceroute to {} ({}), {MAX_HOPS} hops max, 60 byte packets\n",
        p.host, p.ip
    );
    for (i, a) in p.answers().into_iter().enumerate() {
        match a {
            Some((ip, rtt)) => {
                let t = |k: &str| rtt * (0.97 + 0.06 * jitter(inv, &format!("tr{i}{k}")));
                out.push_str(&format!(
                    "{:>2}  {ip}  {:.3} ms  {:.3} ms  {:.3} ms\n",
                    i + 1,
                    t("a"),
                    t("b"),
                    t("c")
                ));
            }
            None => out.push_str(&format!("{:>2}  * * *\n", i + 1)),
        }
    }
    (command, out, vec![])
}

/// `mtr --report` over TCP to the service's port, ten cycles: the hops that answer, then one
/// `???` line where the path goes silent (mtr stops after the last hop it heard from).
pub(super) fn mtr(inv: &Investigation) -> Out {
    let p = path(inv);
    let command = format!("mtr -rwn -c 10 --tcp --port {} {}", p.port, p.host);
    if let Some(why) = p.no_name {
        return (
            command,
            format!("mtr: Failed to resolve host: {}: {why}\n", p.host),
            vec![],
        );
    }
    let start = util::iso_s(inv.now_ms).replace('Z', "+0000");
    let mut out = format!(
        "Start: {start}\nHOST: {:<28}Loss%   Snt   Last   Avg  Best  Wrst StDev\n",
        format!("ip-{}", p.source.replace('.', "-"))
    );
    let answers = p.answers();
    let heard = answers.iter().rposition(Option::is_some).unwrap_or(0);
    for (i, a) in answers.into_iter().enumerate().take(heard + 2) {
        let row = match a {
            Some((ip, rtt)) => {
                let j = |k: &str| jitter(inv, &format!("mtr{i}{k}"));
                let (best, wrst) = (rtt * (0.9 + 0.05 * j("b")), rtt * (1.1 + 0.3 * j("w")));
                let (avg, last) = (rtt * (1.0 + 0.04 * j("a")), rtt * (0.95 + 0.1 * j("l")));
                let sd = (wrst - best) / 4.0;
                format!(
                    "{ip:<25}{:>6}{:>6}{last:>7.1}{avg:>6.1}{best:>6.1}{wrst:>6.1}{sd:>6.1}",
                    "0.0%", 10
                )
            }
            None => format!(
                "{:<25}{:>6}{:>6}{:>7.1}{:>6.1}{:>6.1}{:>6.1}{:>6.1}",
                "???", "100.0", 10, 0.0, 0.0, 0.0, 0.0, 0.0
            ),
        };
        out.push_str(&format!("{:>3}.|-- {row}\n", i + 1));
    }
    (command, out, vec![])
}

/// Whether the reporter's side runs the call, so a Windows machine on their network can test it.
pub(super) fn reporters_side(ev: &Evidence) -> bool {
    !target(ev, false).2
}

/// PowerShell's `Test-NetConnection -Port` from a Windows machine on the reporter's network:
/// the TCP test and, when it fails, the ping it falls back to.
pub(super) fn test_netconnection(inv: &Investigation) -> Out {
    let p = path(inv);
    let command = format!("Test-NetConnection {} -Port {}", p.host, p.port);
    if p.no_name.is_some() {
        let out = format!(
            "WARNING: Name resolution of {} failed\n\n\nComputerName   : {}\nRemoteAddress  :\nInterfaceAlias :\nSourceAddress  :\nPingSucceeded  : False\n",
            p.host, p.host
        );
        return (command, out, vec![]);
    }
    let (r, _) = reach(inv, &p.host, p.port, false);
    let tcp = matches!(r, Reach::Open) && matches!(p.end, PathEnd::Reached);
    if tcp {
        let out = format!(
            "\nComputerName     : {}\nRemoteAddress    : {}\nRemotePort       : {}\nInterfaceAlias   : Ethernet\nSourceAddress    : {}\nTcpTestSucceeded : True\n",
            p.host, p.ip, p.port, p.source
        );
        return (command, out, vec![]);
    }
    // The ping answers when the address has a host and nothing on the way drops it.
    let ping = matches!(p.end, PathEnd::Reached);
    let rtt = p.hops.last().map_or(0.0, |h| h.rtt).round();
    let mut out = format!("WARNING: TCP connect to ({} : {}) failed\n", p.ip, p.port);
    if !ping {
        out.push_str(&format!(
            "WARNING: Ping to {} failed with status: TimedOut\n",
            p.ip
        ));
    }
    out.push_str(&format!(
        "\n\nComputerName           : {}\nRemoteAddress          : {}\nRemotePort             : {}\nInterfaceAlias         : Ethernet\nSourceAddress          : {}\nPingSucceeded          : {}\nPingReplyDetails (RTT) : {} ms\nTcpTestSucceeded       : False\n",
        p.host,
        p.ip,
        p.port,
        p.source,
        if ping { "True" } else { "False" },
        if ping { rtt } else { 0.0 }
    ));
    (command, out, vec![])
}
