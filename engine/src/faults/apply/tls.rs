//! TLS faults: the flow's primary host presents a certificate the client cannot trust, or the
//! client cannot speak a version the server accepts.

use crate::faults::{int, Params};
use crate::layers::tls::{Cert, ServerTls, NEW_ROOT, PARTNER_CLIENT_CA};
use crate::model::Flow;
use crate::util::Rng;

/// The name on a shared listener's default certificate: the company website's.
const SHARED_DEFAULT_HOST: &str = "www.example.com";
use crate::world::{World, API_HOST, DAY_MS, PARTNER_HOST};

pub(super) fn apply(w: &mut World, id: &str, p: &Params, flow: Flow) {
    let host = flow.primary_host().to_string();
    let now = w.epoch_ms;
    match id {
        "cert-expired" => {
            if let Some(t) = w.tls.get_mut(&host) {
                t.cert.not_after_ms = now - int(p, "days_ago").max(1) * DAY_MS + 3_600_000;
                t.cert.not_before_ms = t.cert.not_after_ms - 90 * DAY_MS;
            }
        }
        // The API moved behind a shared listener whose default certificate (for a ClientHello
        // without SNI) is the company website's; the client's JVM was started without SNI.
        "sni-missing" => {
            if let Some(t) = w.tls.get_mut(&host) {
                let mut d = t.cert.clone();
                d.subject_cn = SHARED_DEFAULT_HOST.into();
                d.sans = vec![SHARED_DEFAULT_HOST.into(), "example.com".into()];
                d.serial = crate::util::hex(&crate::util::sha256(
                    format!("default {}", t.cert.serial).as_bytes(),
                ))[..32]
                    .to_uppercase();
                t.default_cert = Some(d);
            }
            w.client.sends_sni = false;
        }
        "cert-self-signed" => {
            if let Some(t) = w.tls.get_mut(&host) {
                t.cert.self_signed = true;
            }
        }
        "cert-incomplete-chain" => {
            if let Some(t) = w.tls.get_mut(&host) {
                t.cert.sends_intermediate = false;
                // The chain was lost in a renewal: the leaf was issued then, for as long as before.
                let valid_for = t.cert.not_after_ms - t.cert.not_before_ms;
                t.cert.not_before_ms = now - int(p, "renewed_hours_ago").max(1) * 3_600_000;
                t.cert.not_after_ms = t.cert.not_before_ms + valid_for;
            }
        }
        "cert-hostname-mismatch" => {
            if let Some(t) = w.tls.get_mut(&host) {
                let other = format!(
                    "legacy.{}",
                    host.split_once('.').map(|x| x.1).unwrap_or("example.com")
                );
                t.cert.subject_cn = other.clone().into();
                t.cert.sans = vec![other.into()];
            }
        }
        "tls-version-mismatch" => w.client.tls_max = 10,
        // A renewed certificate deployed before its validity starts (issued with a future
        // notBefore, or by a signing host whose clock runs ahead).
        "cert-not-yet-valid" => {
            if let Some(t) = w.tls.get_mut(&host) {
                t.cert.not_before_ms = now + int(p, "starts_in_hours").max(1) * 3_600_000;
                t.cert.not_after_ms = t.cert.not_before_ms + 90 * DAY_MS;
            }
        }
        // The API's certificate was renewed from the CA's new root (the chain is sent whole and
        // every current client trusts it); the client's CA bundle was built before that root.
        "client-trust-store-outdated" => {
            if let Some(t) = w.tls.get_mut(&host) {
                let valid_for = t.cert.not_after_ms - t.cert.not_before_ms;
                t.cert.not_before_ms = now - int(p, "renewed_hours_ago").max(1) * 3_600_000;
                t.cert.not_after_ms = t.cert.not_before_ms + valid_for;
                t.cert.issuer = "Example Trust RSA CA R2".into();
                t.cert.root = NEW_ROOT.into();
            }
            w.client.old_trust_store = true;
        }
        // The platform moved its partners to an endpoint that requires mutual TLS; the
        // partner's client was pointed at it without the client certificate it was issued.
        "mtls-client-cert-missing" => {
            let now = w.epoch_ms;
            let ip = w.dns.zone.get(API_HOST).cloned().unwrap_or_default();
            w.dns.zone.insert(PARTNER_HOST.into(), ip);
            let mut rng = Rng::new((now as u64) ^ 0x3715_C11E_47CE);
            w.tls.insert(
                PARTNER_HOST.into(),
                ServerTls {
                    cert: Cert::healthy(PARTNER_HOST, &[PARTNER_HOST], now, &mut rng),
                    min_version: 12,
                    client_ca: Some(PARTNER_CLIENT_CA.into()),
                    default_cert: None,
                }
                .into(),
            );
            w.client.base = format!("https://{PARTNER_HOST}");
            w.client.client_cert = None;
            // The host is right (the platform moved its partners there): a known-good request
            // goes there too, presenting the certificate the partner was issued.
            w.story_host = Some(PARTNER_HOST.into());
        }
        _ => {}
    }
}
