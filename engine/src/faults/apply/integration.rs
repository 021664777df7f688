//! Integration faults: the platform's CRM mapping, screen pop or webhook subscription is wrong.

use crate::faults::{int, st, Params};
use crate::layers::integration::{DISABLE_AFTER_FAILING_MS, RECORD_ID};
use crate::model::Flow;
use crate::world::{World, CRM_HOST, HOOK_HOST};

pub(super) fn apply(w: &mut World, id: &str, p: &Params, flow: Flow) {
    let cid = w.customer_id.clone();
    let now = w.epoch_ms;
    match id {
        "crm-field-mapping" => {
            let field = st(p, "field").to_string();
            if flow == Flow::CrmLookup {
                w.integration.lookup_field = field;
            } else {
                let fld = if field == "Customer_Id__c" {
                    "Case_Subject".to_string()
                } else {
                    field
                };
                w.integration.case_mapping[0].1 = fld;
            }
        }
        "screen-pop-bad-url-template" => {
            w.integration.screen_pop_template =
                format!("https://{CRM_HOST}/lightning/r/Contact/{{{{contact.id}}}}/view")
        }
        "screen-pop-missing-id" => w.integration.stores_contact_id = false,
        "webhook-event-not-generated" => {
            w.integration.subscriptions[0].events = vec!["chat.transferred".into()]
        }
        "webhook-wrong-url" => {
            w.integration.subscriptions[0].url = if st(p, "part") == "host" {
                "https://hooks.exmaple.org/faultline/chat-ended".into()
            } else {
                format!("https://{HOOK_HOST}/faultline/chat-end")
            }
        }
        "webhook-signature-mismatch" => {
            let s = &mut w.integration.subscriptions[0];
            s.secret = format!("whsec_{}", crate::util::base64(cid.repeat(4).as_bytes()));
            s.secret_rotated_ms = Some(now - 2 * 3_600_000);
            // Deliveries signed with the new secret have failed since it was regenerated.
            s.failing_since_ms = Some(
                s.failing_since_ms
                    .map_or(now - 2 * 3_600_000, |t| t.min(now - 2 * 3_600_000)),
            );
        }
        "webhook-endpoint-disabled" => {
            let since = now - int(p, "hours_ago").clamp(1, 24 * 30) * 3_600_000;
            // Disabled automatically, the endpoint had been failing for the worker's whole
            // window before: a root cause that broke it happened before that run began.
            let first_failure = since - DISABLE_AFTER_FAILING_MS;
            let s = &mut w.integration.subscriptions[0];
            s.disabled = true;
            s.disabled_at_ms = Some(since);
            s.failing_since_ms = Some(
                s.failing_since_ms
                    .map_or(first_failure, |t| t.min(first_failure)),
            );
            if let Some(t) = s.secret_rotated_ms {
                s.secret_rotated_ms = Some(t.min(first_failure - 3_600_000));
            }
            if let Some(t) = w.tls.get_mut(HOOK_HOST) {
                if t.cert.not_after_ms < now {
                    t.cert.not_after_ms = t.cert.not_after_ms.min(first_failure - 3_600_000);
                }
            }
        }
        // Issue 15's integration faults.
        "crm-id-type-mismatch" => {
            if flow == Flow::CrmLookup {
                // Looked up by record id: the customerId goes where the CRM wants `003…`.
                w.integration.lookup_field = RECORD_ID.into();
            } else if let Some(m) = w
                .integration
                .case_mapping
                .iter_mut()
                .find(|(_, dst)| dst == "ContactId")
            {
                m.0 = "customerId".into();
            }
        }
        _ => {}
    }
}
