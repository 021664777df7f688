//! TLS faults: the flow's primary host presents a certificate the client cannot trust, or the
//! client cannot speak a version the server accepts.

use crate::faults::{int, Params};
use crate::layers::tls::NEW_ROOT;
use crate::model::Flow;
use crate::world::{World, DAY_MS};

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
                t.cert.subject_cn = other.clone();
                t.cert.sans = vec![other];
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
        _ => {}
    }
}
