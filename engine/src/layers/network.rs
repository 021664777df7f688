//! Network path: latency, egress firewall, explicit proxy, listening ports.

use crate::layers::tls::{Cert, ServerTls};
use crate::model::{EventKind, Layer, Level, LogSource};
use crate::sim::Tb;
use crate::util::Rng;
use std::borrow::Cow;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub enum FwAction {
    Drop,
    Reject,
}

#[derive(Clone, Debug)]
pub struct FwRule {
    pub name: String,
    pub dst: String,
    pub port: u16,
    pub action: FwAction,
}

#[derive(Clone, Debug)]
pub struct Proxy {
    pub host: String,
    /// Hosts the proxy refuses to tunnel (CONNECT denied).
    pub denied: Vec<String>,
    /// The Basic realm the proxy now demands credentials for: every CONNECT without
    /// Proxy-Authorization is answered 407 with `Proxy-Authenticate: Basic realm="…"`.
    pub auth_realm: Option<String>,
}

impl Proxy {
    /// The status the proxy answers a CONNECT to `host` with, when it refuses it: 407 while it
    /// wants credentials the client does not send (it asks before it looks at its rules), 403 for
    /// a host its rules deny.
    pub fn refuses(&self, host: &str) -> Option<u16> {
        if self.auth_realm.is_some() {
            Some(407)
        } else if self.denied.iter().any(|d| d == host) {
            Some(403)
        } else {
            None
        }
    }
}

/// A TLS-inspecting proxy on the client's egress (the site's next-generation firewall): it
/// ends every outbound TLS connection itself and re-signs the server's certificate with the
/// company's own root.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// The root it signs with ([`crate::layers::tls::INSPECTION_CA`]).
    pub ca: String,
    /// When it minted the certificate it presents for the host (the first connection after
    /// inspection was switched on); it keeps a minted certificate 30 days.
    pub minted_ms: i64,
}

/// Days an inspecting proxy's minted certificate is valid.
pub const MINTED_DAYS: i64 = 30;

impl Inspection {
    /// The certificate the proxy presents in place of `real`: the same names, its own serial,
    /// dates and signature, chained to its root, which it sends along.
    pub fn reissue(&self, real: &ServerTls) -> ServerTls {
        let c = &real.cert;
        let serial = crate::util::hex(&crate::util::sha256(
            format!("{} {}", self.ca, c.serial).as_bytes(),
        ))[..32]
            .to_uppercase();
        ServerTls {
            cert: Cert {
                subject_cn: c.subject_cn.clone(),
                sans: c.sans.clone(),
                issuer: self.ca.clone().into(),
                not_before_ms: self.minted_ms,
                not_after_ms: self.minted_ms + MINTED_DAYS * crate::world::DAY_MS,
                self_signed: false,
                sends_intermediate: true,
                serial,
                root: self.ca.clone().into(),
            },
            // The proxy speaks TLS 1.2 and 1.3 to the client and asks it for no certificate.
            min_version: 12,
            client_ca: None,
            default_cert: None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Network {
    /// One-way latency in ms on the client's path: a round trip (TCP connect, a TLS 1.3
    /// handshake, a request and its answer) takes twice this.
    pub one_way_ms: i64,
    pub rules: Vec<FwRule>,
    pub proxy: Option<Proxy>,
    /// ip → ports that accept connections.
    pub listening: BTreeMap<Cow<'static, str>, Vec<u16>>,
    pub client_private_ip: String,
    /// TLS inspection on the client's egress, when the site has it switched on.
    pub inspection: Option<Inspection>,
    /// The client's traffic goes through a VPN tunnel whose MTU is below Ethernet's 1500, and
    /// the site's firewall drops the ICMP "fragmentation needed" the tunnel's gateway sends back.
    pub tunnel: Option<Tunnel>,
}

/// A VPN tunnel on the client's path: a packet larger than `mtu` with Don't Fragment set (every
/// TCP segment) cannot go through, and the gateway's ICMP type 3 code 4 that would tell the
/// sender to send smaller ones is dropped when `icmp_blocked`. Small packets (a SYN, a
/// ClientHello, an HTTP request) pass; a server's full-size segments (its certificate flight)
/// never arrive, and the sender retransmits them at the same size until the client gives up.
#[derive(Clone, Debug)]
pub struct Tunnel {
    pub mtu: i64,
    pub icmp_blocked: bool,
}

/// Bytes a server's TLS 1.3 first flight takes (ServerHello, EncryptedExtensions, the
/// certificate with its intermediate, CertificateVerify, Finished): it fills full-size segments.
pub const SERVER_FLIGHT_BYTES: i64 = 4_300;
/// The largest segment a server sends on an Ethernet path (1500 minus the IP and TCP headers).
pub const ETHERNET_MSS: i64 = 1_460;

pub enum Connected {
    Ok { ms: i64 },
    Refused { ms: i64 },
    TimedOut { ms: i64 },
    ProxyDenied { ms: i64, proxy: String, status: u16 },
}

impl Network {
    /// Every address in the zone listens on 80 and 443; no firewall rule, no proxy.
    pub fn healthy(
        zone: &BTreeMap<Cow<'static, str>, Cow<'static, str>>,
        rng: &mut Rng,
    ) -> Network {
        let mut listening = BTreeMap::new();
        for ip in zone.values() {
            listening.insert(ip.clone(), vec![80, 443]);
        }
        Network {
            one_way_ms: rng.range(8, 25),
            rules: vec![],
            proxy: None,
            listening,
            client_private_ip: "10.20.0.15".into(),
            inspection: None,
            tunnel: None,
        }
    }

    /// Whether the server's full-size segments to `from` are lost on the way: a tunnel smaller
    /// than Ethernet's MTU whose "fragmentation needed" never reaches the sender.
    pub fn blackholes_large(&self, from: Layer) -> bool {
        self.tunnel
            .as_ref()
            .is_some_and(|t| from == Layer::Client && t.icmp_blocked && t.mtu < ETHERNET_MSS + 40)
    }

    /// The firewall's line for one ICMP "fragmentation needed" it drops: the tunnel's gateway
    /// (the site's public address) telling `ip` to send smaller packets.
    pub fn log_icmp_drop(&self, tb: &mut Tb, ip: &str, public_ip: &str) {
        tb.log(
            LogSource::Firewall,
            Level::Warn,
            format!(
                "action=drop rule=\"deny-icmp-egress\" proto=icmp type=3 code=4 src={public_ip} dst={ip} dir=egress"
            ),
        );
    }
}

/// Squid's access.log time: Unix seconds with milliseconds.
fn squid_time(ms: i64) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

impl Network {
    /// TCP connect (through the proxy if one is set). `limit_ms` is the client's connect timeout.
    pub fn connect(
        &self,
        tb: &mut Tb,
        from: Layer,
        host: &str,
        ip: &str,
        port: u16,
        limit_ms: i64,
    ) -> Connected {
        // One round trip: the SYN out and the SYN-ACK back.
        let one_way = self.one_way_ms + tb.rng.range(0, 3);
        let rtt = one_way * 2;
        if let Some(p) = &self.proxy {
            let ms = rtt + tb.rng.range(1, 4);
            if let Some(status) = p.refuses(host) {
                tb.ev(
                    from,
                    Layer::Network,
                    EventKind::Error,
                    format!("CONNECT {host}:{port} via {} → {status}", p.host),
                );
                // Squid's error page for a 407 is a little longer than its access-denied one.
                let bytes = if status == 407 { 4143 } else { 3912 };
                tb.log(
                    LogSource::Proxy,
                    Level::Warn,
                    format!(
                    "{} {} {} TCP_DENIED/{status} {bytes} CONNECT {host}:{port} - HIER_NONE/- text/html",
                    squid_time(tb.epoch_ms + tb.t), ms, self.client_private_ip
                ),
                );
                return Connected::ProxyDenied {
                    ms,
                    proxy: p.host.clone(),
                    status,
                };
            }
            tb.log(
                LogSource::Proxy,
                Level::Info,
                format!(
                    "{} {} {} TCP_TUNNEL/200 0 CONNECT {host}:{port} - HIER_DIRECT/{ip} -",
                    squid_time(tb.epoch_ms + tb.t),
                    ms,
                    self.client_private_ip
                ),
            );
        }
        if let Some(rule) = self.rules.iter().find(|r| r.dst == ip && r.port == port) {
            let spt = tb.rng.range(40000, 60999);
            let act = if rule.action == FwAction::Drop {
                "drop"
            } else {
                "reject"
            };
            tb.log(
                LogSource::Firewall,
                Level::Warn,
                format!(
                    "action={act} rule=\"{}\" proto=tcp src={}:{spt} dst={ip}:{port} dir=egress",
                    rule.name, self.client_private_ip
                ),
            );
            if rule.action == FwAction::Drop {
                tb.ev(
                    from,
                    Layer::Network,
                    EventKind::Error,
                    format!("TCP SYN to {ip}:{port}: no answer"),
                );
                return Connected::TimedOut { ms: limit_ms };
            }
            tb.ev(
                from,
                Layer::Network,
                EventKind::Error,
                format!("TCP SYN to {ip}:{port} → RST"),
            );
            return Connected::Refused { ms: rtt };
        }
        match self.listening.get(ip) {
            Some(ports) if ports.contains(&port) => {
                // The inspecting firewall logs the connection it decrypts.
                if let (Some(_), Layer::Client, 443) = (&self.inspection, from, port) {
                    let spt = tb.rng.range(40000, 60999);
                    tb.log(
                        LogSource::Firewall,
                        Level::Info,
                        format!(
                            "action=decrypt rule=\"tls-inspection-default\" proto=tcp src={}:{spt} dst={ip}:{port} sni={host} dir=egress",
                            self.client_private_ip
                        ),
                    );
                }
                tb.ev(
                    from,
                    Layer::Network,
                    EventKind::Internal,
                    format!("TCP connect {ip}:{port}"),
                );
                Connected::Ok { ms: rtt }
            }
            Some(_) => {
                tb.ev(
                    from,
                    Layer::Network,
                    EventKind::Error,
                    format!("TCP SYN to {ip}:{port} → RST"),
                );
                Connected::Refused { ms: rtt }
            }
            // Nobody owns the address any more: SYNs vanish.
            None => {
                tb.ev(
                    from,
                    Layer::Network,
                    EventKind::Error,
                    format!("TCP SYN to {ip}:{port}: no answer"),
                );
                Connected::TimedOut { ms: limit_ms }
            }
        }
    }
}
