//! Webhook receiver faults: the receiver is down, rejects the delivery, is slow, or its
//! certificate or allowlist is wrong.

use crate::faults::{int, Params};
use crate::world::{World, DAY_MS, HOOK_HOST};

pub(super) fn apply(w: &mut World, id: &str, p: &Params) {
    let cid = w.customer_id.clone();
    let now = w.epoch_ms;
    match id {
        "webhook-endpoint-down" => {
            w.net.listening.insert("203.0.113.80".into(), vec![]);
        }
        "webhook-auth-failure" => w.receiver.api_keys = vec![format!("hk_live_{}", cid.repeat(5))],
        "webhook-invalid-payload" => w.receiver.schema = 2,
        "webhook-timeout" => w.receiver.processing_ms = int(p, "processing_ms"),
        "webhook-tls-failure" => {
            if let Some(t) = w.tls.get_mut(HOOK_HOST) {
                t.cert.not_after_ms = now - 3 * DAY_MS;
            }
            // Every delivery has failed the handshake since the certificate expired.
            w.integration.subscriptions[0].failing_since_ms = Some(now - 3 * DAY_MS);
        }
        "webhook-ip-blocked" => w.receiver.allow_ips = vec!["198.51.100.5".into()],
        // Issue 15's receiver faults.
        "webhook-body-reserialized" => w.receiver.verify.reserializes_body = true,
        _ => {}
    }
}
