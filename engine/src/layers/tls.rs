//! TLS: server certificates, versions, the client's trust store.

use crate::model::{EventKind, Layer};
use crate::sim::Tb;
use crate::util::{self, Rng};
use crate::world::{API_HOST, AUTH_HOST, CRM_HOST, DAY_MS, HOOK_HOST, RT_HOST, SANDBOX_HOST};
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Cert {
    pub subject_cn: String,
    pub sans: Vec<String>,
    pub issuer: String,
    pub not_before_ms: i64,
    pub not_after_ms: i64,
    pub self_signed: bool,
    /// Whether the server sends the intermediate.
    pub sends_intermediate: bool,
    pub serial: String,
}

#[derive(Clone, Debug)]
pub struct ServerTls {
    pub cert: Cert,
    /// Lowest version the server accepts, as 10, 11, 12, 13.
    pub min_version: u8,
}

#[derive(Clone, Debug)]
pub struct ClientTls {
    pub max_version: u8,
    /// Chrome fetches a missing intermediate itself (from the leaf's Authority Information
    /// Access URL), so a server that sends only its leaf still works in the browser.
    pub fetches_intermediates: bool,
}

pub enum TlsFail {
    Expired { not_after_ms: i64 },
    SelfSigned,
    UnknownIssuer,
    HostMismatch,
    Version,
}

pub fn vname(v: u8) -> &'static str {
    match v {
        10 => "TLSv1",
        11 => "TLSv1.1",
        12 => "TLSv1.2",
        _ => "TLSv1.3",
    }
}

fn host_matches(pattern: &str, host: &str) -> bool {
    if let Some(rest) = pattern.strip_prefix("*.") {
        host.split_once('.')
            .map(|(_, h)| h == rest)
            .unwrap_or(false)
    } else {
        pattern == host
    }
}

impl Cert {
    /// A CA-signed certificate valid now, sending its intermediate.
    pub fn healthy(cn: &str, sans: &[&str], now: i64, rng: &mut Rng) -> Cert {
        Cert {
            subject_cn: cn.into(),
            sans: sans.iter().map(|s| s.to_string()).collect(),
            issuer: "Example Trust RSA CA 2025".into(),
            not_before_ms: now - rng.range(20, 200) * DAY_MS,
            not_after_ms: now + rng.range(30, 300) * DAY_MS,
            self_signed: false,
            sends_intermediate: true,
            serial: rng.hex(32).to_uppercase(),
        }
    }
}

/// Every HTTPS host's server side, each with a valid certificate and TLS 1.2 or newer. The
/// certificates are drawn in this order (the seeded values depend on it).
pub fn healthy_servers(now: i64, rng: &mut Rng) -> BTreeMap<String, ServerTls> {
    let hosts: [(&str, &str, &[&str]); 6] = [
        (API_HOST, API_HOST, &[API_HOST, SANDBOX_HOST]),
        (SANDBOX_HOST, API_HOST, &[API_HOST, SANDBOX_HOST]),
        (AUTH_HOST, AUTH_HOST, &[AUTH_HOST]),
        (RT_HOST, RT_HOST, &[RT_HOST, "*.rt.example.com"]),
        (CRM_HOST, CRM_HOST, &[CRM_HOST, "*.crm.example.net"]),
        (HOOK_HOST, HOOK_HOST, &[HOOK_HOST]),
    ];
    let mut tls = BTreeMap::new();
    for (host, cn, sans) in hosts {
        tls.insert(
            host.to_string(),
            ServerTls {
                cert: Cert::healthy(cn, sans, now, rng),
                min_version: 12,
            },
        );
    }
    tls
}

impl ServerTls {
    #[allow(clippy::too_many_arguments)] // one value per handshake input
    pub fn handshake(
        &self,
        tb: &mut Tb,
        from: Layer,
        to: Layer,
        host: &str,
        client: &ClientTls,
        now_ms: i64,
        rtt: i64,
    ) -> (i64, Result<u8, TlsFail>) {
        let ms = rtt * 2 + tb.rng.range(3, 12);
        if client.max_version < self.min_version {
            tb.ev(
                from,
                to,
                EventKind::Error,
                format!(
                    "TLS ClientHello ({}) → alert protocol_version",
                    vname(client.max_version)
                ),
            );
            return (rtt * 2, Err(TlsFail::Version));
        }
        let v = client.max_version.min(13);
        let c = &self.cert;
        let r = if c.self_signed {
            Err(TlsFail::SelfSigned)
        } else if !c.sends_intermediate && !client.fetches_intermediates {
            Err(TlsFail::UnknownIssuer)
        } else if now_ms > c.not_after_ms || now_ms < c.not_before_ms {
            Err(TlsFail::Expired {
                not_after_ms: c.not_after_ms,
            })
        } else if !c.sans.iter().any(|s| host_matches(s, host)) {
            Err(TlsFail::HostMismatch)
        } else {
            Ok(v)
        };
        match &r {
            Ok(v) => tb.ev(
                from,
                to,
                EventKind::Internal,
                format!(
                    "TLS handshake {} with {host} (cert CN={})",
                    vname(*v),
                    c.subject_cn
                ),
            ),
            Err(_) => tb.ev(
                from,
                to,
                EventKind::Error,
                format!("TLS handshake with {host}: certificate rejected"),
            ),
        };
        (ms, r)
    }

    /// `openssl s_client -connect host:443 -servername host` style summary.
    pub fn dump(&self, host: &str) -> String {
        let c = &self.cert;
        let mut s = format!("$ openssl s_client -connect {host}:443 -servername {host} </dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName\n");
        s.push_str(&format!("subject=CN = {}\n", c.subject_cn));
        s.push_str(&format!(
            "issuer=CN = {}\n",
            if c.self_signed {
                c.subject_cn.clone()
            } else {
                c.issuer.clone()
            }
        ));
        s.push_str(&format!(
            "notBefore={}\nnotAfter={}\n",
            util::openssl_date(c.not_before_ms),
            util::openssl_date(c.not_after_ms)
        ));
        s.push_str(&format!(
            "X509v3 Subject Alternative Name:\n    {}\n",
            c.sans
                .iter()
                .map(|x| format!("DNS:{x}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        s.push_str(&format!(
            "Certificate chain depth sent by server: {}\n",
            if c.sends_intermediate && !c.self_signed {
                2
            } else {
                1
            }
        ));
        s.push_str(&format!(
            "Protocols accepted: {}\n",
            (self.min_version..=13)
                .filter(|v| *v >= 10)
                .map(vname)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        s
    }
}
