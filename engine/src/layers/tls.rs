//! TLS: server certificates, versions, the client's trust store.

use crate::model::{EventKind, Layer};
use crate::sim::Tb;
use crate::util::{self, Rng};
use crate::world::{API_HOST, AUTH_HOST, CRM_HOST, DAY_MS, HOOK_HOST, RT_HOST, SANDBOX_HOST};
use std::borrow::Cow;
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Cert {
    /// Names are mostly the world's constants, borrowed (a world holds a dozen certificates,
    /// and a connection's handshake copies the one it meets).
    pub subject_cn: Cow<'static, str>,
    pub sans: Vec<Cow<'static, str>>,
    pub issuer: Cow<'static, str>,
    pub not_before_ms: i64,
    pub not_after_ms: i64,
    pub self_signed: bool,
    /// Whether the server sends the intermediate.
    pub sends_intermediate: bool,
    pub serial: String,
    /// The root CA the intermediate chains to ([`OLD_ROOT`] or [`NEW_ROOT`]).
    pub root: Cow<'static, str>,
}

/// The CA's first root: every trust store holds it.
pub const OLD_ROOT: &str = "Example Trust Root CA";
/// The CA's second root, in trust stores since late 2023 and issuing since 2025: a bundle built
/// before it was added lacks it.
pub const NEW_ROOT: &str = "Example Trust Root R2";
/// The private CA the platform issues its partners' client certificates from.
pub const PARTNER_CLIENT_CA: &str = "Example Platform Partner Client CA";
/// The subject of the client certificate that CA issued the partner (its files: `partner.crt`
/// and `partner.key`, or the keystore `partner.p12`).
pub const PARTNER_CLIENT_CN: &str = "partner-sync";
/// The company's own root, with which a TLS-inspecting proxy re-signs every site it decrypts:
/// desktop management puts it in the managed machines' OS store, and no public bundle has it.
pub const INSPECTION_CA: &str = "Example Corp TLS Inspection CA";

#[derive(Clone, Debug)]
pub struct ServerTls {
    pub cert: Cert,
    /// Lowest version the server accepts, as 10, 11, 12, 13.
    pub min_version: u8,
    /// Mutual TLS (nginx's `ssl_verify_client on`): the CA whose client certificates the
    /// server asks for in its CertificateRequest. None: no client certificate is asked for.
    pub client_ca: Option<String>,
    /// The certificate a shared listener sends to a ClientHello that names no host (no SNI):
    /// its default one. None: the host's own certificate is the only one it has.
    pub default_cert: Option<Cert>,
}

#[derive(Clone, Debug)]
pub struct ClientTls {
    pub max_version: u8,
    /// Chrome fetches a missing intermediate itself (from the leaf's Authority Information
    /// Access URL), so a server that sends only its leaf still works in the browser.
    pub fetches_intermediates: bool,
    /// The runtime's CA bundle predates [`NEW_ROOT`], so it holds only [`OLD_ROOT`].
    pub old_trust_store: bool,
    /// The subject of the client certificate the client presents when a server asks for one.
    pub cert: Option<String>,
    /// Verifies against the managed machine's OS store, which desktop management gave
    /// [`INSPECTION_CA`] (Chrome does; runtimes with a bundle of their own do not).
    pub trusts_os_store: bool,
    /// Names the host in its ClientHello (the server_name extension); every current client
    /// does, a JVM started with `-Djsse.enableSNIExtension=false` does not.
    pub sends_sni: bool,
}

pub enum TlsFail {
    Expired {
        not_after_ms: i64,
    },
    /// The certificate's notBefore is still to come.
    NotYetValid,
    SelfSigned,
    /// The chain ends in a self-signed root the client does not hold (one a TLS-inspecting
    /// proxy re-signs with).
    SelfSignedInChain,
    UnknownIssuer,
    /// The server sends its whole chain, but the client's trust store lacks the root it ends in.
    UntrustedRoot,
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
    pub fn healthy(cn: &'static str, sans: &[&'static str], now: i64, rng: &mut Rng) -> Cert {
        let (not_before_ms, not_after_ms) = (
            now - rng.range(20, 200) * DAY_MS,
            now + rng.range(30, 300) * DAY_MS,
        );
        let mut serial = rng.hex(32);
        serial.make_ascii_uppercase();
        Cert {
            subject_cn: cn.into(),
            sans: sans.iter().map(|&s| s.into()).collect(),
            issuer: "Example Trust RSA CA 2025".into(),
            not_before_ms,
            not_after_ms,
            self_signed: false,
            sends_intermediate: true,
            serial,
            root: OLD_ROOT.into(),
        }
    }
}

/// Every HTTPS host's server side, each with a valid certificate and TLS 1.2 or newer. The
/// certificates are drawn in this order (the seeded values depend on it).
pub fn healthy_servers(now: i64, rng: &mut Rng) -> BTreeMap<String, Box<ServerTls>> {
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
                client_ca: None,
                default_cert: None,
            }
            .into(),
        );
    }
    tls
}

impl Cert {
    /// Whether the certificate's names cover `host`.
    pub fn covers(&self, host: &str) -> bool {
        self.sans.iter().any(|s| host_matches(s, host))
    }
}

impl ServerTls {
    /// The certificate the server sends a ClientHello with (`sni`) or without the host's name.
    pub fn presented(&self, sni: bool) -> &Cert {
        match (&self.default_cert, sni) {
            (Some(d), false) => d,
            _ => &self.cert,
        }
    }

    /// Why `client` cannot chain the certificate it is sent to a root it trusts, if it cannot.
    pub fn trust_failure(&self, client: &ClientTls) -> Option<TlsFail> {
        let c = self.presented(client.sends_sni);
        if c.self_signed {
            Some(TlsFail::SelfSigned)
        } else if !c.sends_intermediate && !client.fetches_intermediates {
            Some(TlsFail::UnknownIssuer)
        } else if client.old_trust_store && c.root == NEW_ROOT {
            Some(TlsFail::UntrustedRoot)
        } else if c.root == INSPECTION_CA && !client.trusts_os_store {
            Some(TlsFail::SelfSignedInChain)
        } else {
            None
        }
    }

    #[allow(clippy::too_many_arguments)] // one value per handshake input
    pub fn handshake(
        &self,
        tb: &mut Tb,
        from: Layer,
        to: Layer,
        host: &str,
        client: &ClientTls,
        now_ms: i64,
        one_way_ms: i64,
    ) -> (i64, Result<u8, TlsFail>) {
        // TLS 1.3: one round trip (ClientHello out, ServerHello … Finished back) plus the crypto.
        let rtt = one_way_ms * 2;
        let ms = rtt + tb.rng.range(3, 12);
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
            return (rtt, Err(TlsFail::Version));
        }
        let v = client.max_version.min(13);
        let c = self.presented(client.sends_sni);
        let r = if let Some(f) = self.trust_failure(client) {
            Err(f)
        } else if now_ms < c.not_before_ms {
            Err(TlsFail::NotYetValid)
        } else if now_ms > c.not_after_ms {
            Err(TlsFail::Expired {
                not_after_ms: c.not_after_ms,
            })
        } else if !c.covers(host) {
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
                    "TLS handshake {} with {host} (cert CN={}){}",
                    vname(*v),
                    c.subject_cn,
                    match (&self.client_ca, &client.cert) {
                        (None, _) => String::new(),
                        (Some(_), Some(cn)) => format!("; client certificate CN={cn} sent"),
                        (Some(_), None) => {
                            "; server requested a client certificate, none sent".to_string()
                        }
                    }
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

    /// What an engineer sees checking the server with OpenSSL 3.0 at `now_ms`: the chain as
    /// `s_client -showcerts` prints it with its verify result, the leaf's names and dates, and,
    /// when the client (`client_max`) is older than the server allows, the handshake at that
    /// version.
    pub fn dump(&self, host: &str, now_ms: i64, client_max: u8) -> String {
        self.dump_as(host, now_ms, client_max, true)
    }

    /// The same checks as [`ServerTls::dump`], with `-noservername`: what a client that sends
    /// no SNI is handed.
    pub fn dump_without_sni(&self, host: &str, now_ms: i64) -> String {
        self.dump_as(host, now_ms, 13, false)
    }

    fn dump_as(&self, host: &str, now_ms: i64, client_max: u8, sni: bool) -> String {
        let c = self.presented(sni);
        let name = if sni {
            format!("-servername {host}")
        } else {
            "-noservername".to_string()
        };
        let leaf_issuer = if c.self_signed {
            format!("CN = {}", c.subject_cn)
        } else {
            format!("CN = {}", c.issuer)
        };
        let verify = if c.self_signed {
            (18, "self-signed certificate")
        } else if !c.sends_intermediate {
            (21, "unable to verify the first certificate")
        } else if c.root == INSPECTION_CA {
            // OpenSSL's own CA store has no company root: the one the proxy sends is self-signed.
            (19, "self-signed certificate in certificate chain")
        } else if now_ms < c.not_before_ms {
            (9, "certificate is not yet valid")
        } else if now_ms > c.not_after_ms {
            (10, "certificate has expired")
        } else {
            (0, "ok")
        };
        let mut s = format!(
            "$ openssl s_client -connect {host}:443 {name} -showcerts </dev/null\nCONNECTED(00000003)\n"
        );
        match verify.0 {
            0 => {}
            18 => s.push_str(&format!(
                "depth=0 CN = {}\nverify error:num=18:self-signed certificate\nverify return:1\n",
                c.subject_cn
            )),
            19 => s.push_str(&format!(
                "depth=1 CN = {}\nverify error:num=19:self-signed certificate in certificate chain\nverify return:1\ndepth=1 CN = {}\nverify return:1\ndepth=0 CN = {}\nverify return:1\n",
                c.root, c.root, c.subject_cn
            )),
            21 => s.push_str(&format!(
                "depth=0 CN = {}\nverify error:num=20:unable to get local issuer certificate\nverify return:1\ndepth=0 CN = {}\nverify error:num=21:unable to verify the first certificate\nverify return:1\n",
                c.subject_cn, c.subject_cn
            )),
            9 => s.push_str(&format!(
                "depth=0 CN = {}\nverify error:num=9:certificate is not yet valid\nnotBefore={}\nverify return:1\n",
                c.subject_cn,
                util::openssl_date(c.not_before_ms)
            )),
            _ => s.push_str(&format!(
                "depth=0 CN = {}\nverify error:num=10:certificate has expired\nnotAfter={}\nverify return:1\n",
                c.subject_cn,
                util::openssl_date(c.not_after_ms)
            )),
        }
        let pem = |seed: &str| {
            let h = util::hex(&util::sha256(seed.as_bytes()));
            format!(
                "-----BEGIN CERTIFICATE-----\nMIIF{}\n-----END CERTIFICATE-----\n",
                &util::base64(format!("{h}{h}").as_bytes())[..60]
            )
        };
        s.push_str("---\nCertificate chain\n");
        s.push_str(&format!(
            " 0 s:CN = {}\n   i:{leaf_issuer}\n   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256\n   v:NotBefore: {}; NotAfter: {}\n{}",
            c.subject_cn,
            util::openssl_date(c.not_before_ms),
            util::openssl_date(c.not_after_ms),
            pem(&c.serial)
        ));
        if c.sends_intermediate && !c.self_signed {
            s.push_str(&format!(
                " 1 s:CN = {}\n   i:CN = {}\n   a:PKEY: rsaEncryption, 4096 (bit); sigalg: RSA-SHA384\n   v:NotBefore: Jan 15 00:00:00 2025 GMT; NotAfter: Jan 14 23:59:59 2035 GMT\n{}",
                c.issuer,
                c.root,
                pem(&c.issuer)
            ));
        }
        s.push_str(&format!(
            "---\nServer certificate\nsubject=CN = {}\nissuer={leaf_issuer}\n---\n",
            c.subject_cn
        ));
        // A server that asks for a client certificate names the CAs it accepts.
        if let Some(ca) = &self.client_ca {
            s.push_str(&format!(
                "Acceptable client certificate CA names\nCN = {ca}\nClient Certificate Types: RSA sign, ECDSA sign\nRequested Signature Algorithms: ECDSA+SHA256:ECDSA+SHA384:RSA-PSS+SHA256:RSA-PSS+SHA384:RSA+SHA256:RSA+SHA384\n---\n"
            ));
        }
        s.push_str(&format!(
            "New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\nVerification{}\n---\n",
            if verify.0 == 0 {
                ": OK".to_string()
            } else {
                format!(" error: {}", verify.1)
            }
        ));
        s.push_str(&format!(
            "    Verify return code: {} ({})\n",
            verify.0, verify.1
        ));
        s.push_str(&format!(
            "\n$ openssl s_client -connect {host}:443 {name} </dev/null 2>/dev/null | openssl x509 -noout -subject -dates -ext subjectAltName\nsubject=CN = {}\nnotBefore={}\nnotAfter={}\nX509v3 Subject Alternative Name: \n    {}\n",
            c.subject_cn,
            util::openssl_date(c.not_before_ms),
            util::openssl_date(c.not_after_ms),
            c.sans
                .iter()
                .map(|x| format!("DNS:{x}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if client_max < self.min_version {
            let flag = if client_max <= 10 { "-tls1" } else { "-tls1_1" };
            s.push_str(&format!(
                "\n$ openssl s_client -connect {host}:443 -servername {host} {flag} </dev/null\nCONNECTED(00000003)\n40F7A1E1B27F0000:error:0A00042E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/record/rec_layer_s3.c:1605:SSL alert number 70\n---\nno peer certificate available\n---\nNo client certificate CA names sent\n---\nSSL handshake has read 7 bytes and written 155 bytes\nVerification: OK\n---\nNew, (NONE), Cipher is (NONE)\n"
            ));
        }
        s
    }
}
