//! CRM faults: the record, a required field, a permission or the session is missing, or the
//! CRM itself is slow or down.

use crate::faults::{int, st, Params};
use crate::model::Flow;
use crate::world::World;

pub(super) fn apply(w: &mut World, id: &str, p: &Params, flow: Flow) {
    let cid = w.customer_id.clone();
    let now = w.epoch_ms;
    match id {
        "crm-record-not-found" => {
            w.crm.contacts.remove(&cid);
        }
        "crm-missing-required-field" => {
            let fld = st(p, "field").to_string();
            if !w.crm.case_fields.contains(&fld) {
                w.crm.case_fields.push(fld.clone());
            }
            w.crm.case_required.push(fld);
        }
        "crm-permission-denied" => w.crm.permissions.retain(|x| {
            x != if flow == Flow::CrmLookup {
                "Contact.read"
            } else {
                "Case.create"
            }
        }),
        "crm-token-expired" => {
            let tok = if flow == Flow::CrmLookup {
                w.integration.crm_token.clone()
            } else {
                w.receiver.crm_token.clone()
            };
            w.crm.sessions.insert(tok, now - 3_600_000);
        }
        "crm-slow-response" => w.crm.latency_ms = int(p, "delay_ms"),
        "crm-outage" => {
            w.crm.outage = true;
            // The vendor's status page estimates recovery 20 min to 4 h from now, wherever
            // this seed's incident stands.
            let mins = 20 + (cid.parse::<i64>().unwrap_or(0) * 37).rem_euclid(221);
            w.crm.recovers_at_ms = now + mins * 60_000;
        }
        _ => {}
    }
}
