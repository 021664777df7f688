//! Webhook receiver faults: the receiver is down, rejects the delivery, is slow, or its
//! certificate or allowlist is wrong.

use crate::faults::{int, Params};
use crate::layers::webhook_receiver;
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
        // A receiver this slow also has no record of what it processed: each retry makes
        // another case (what its tickets show).
        "webhook-timeout" => {
            w.receiver.processing_ms = int(p, "processing_ms");
            w.receiver.dedupe = false;
        }
        // The receiver does not check webhook-id: a delivery retried after the CRM's slow
        // moment outlasted the platform's timeout is processed twice.
        "webhook-duplicate-delivery" => {
            w.receiver.dedupe = false;
            w.receiver.crm_stall_first_ms = int(p, "stall_ms");
        }
        // The receiver has started taking chat.updated (the platform's subscription and the
        // CRM user's Case.edit were added for it) and applies each event as it arrives; the
        // CRM's slow moment holds up the chat.ended it needs first.
        "webhook-out-of-order" => {
            w.receiver.handles_updates = true;
            w.receiver.crm_stall_first_ms = int(p, "stall_ms");
            w.integration.chat_edited_after_ms = Some(int(p, "edit_after_ms"));
            if let Some(s) = w.integration.subscriptions.first_mut() {
                s.events.push("chat.updated".into());
            }
            w.crm.permissions.push("Case.edit".into());
        }
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
        // The platform rotated its secret and the receiver team stored the new one minutes
        // later; their service, started before, still holds the old one in memory.
        "webhook-receiver-stale-secret" => {
            let rotated = now - int(p, "rotated_h") * 3_600_000;
            let s = &mut w.integration.subscriptions[0];
            s.secret = format!(
                "whsec_{}",
                crate::util::base64(format!("{cid}-rotated-{cid}").as_bytes())
            );
            s.secret_rotated_ms = Some(rotated);
            s.failing_since_ms = Some(s.failing_since_ms.map_or(rotated, |t| t.min(rotated)));
            let (started, _) = webhook_receiver::host_times(w);
            w.receiver.server.secret_changed_ms = Some(rotated + 7 * 60_000);
            w.receiver.server.started_ms = Some(started.min(rotated - DAY_MS));
        }
        "webhook-timestamp-skew" => {
            w.receiver.server.clock_ahead_ms = int(p, "clock_ahead_s") * 1000;
        }
        _ => {}
    }
}
