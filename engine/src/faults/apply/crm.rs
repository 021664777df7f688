//! CRM faults: the record, a required field, a permission or the session is missing, or the
//! CRM itself is slow or down.

use crate::faults::{int, st, Params};
use crate::layers::crm_records::{DuplicateRule, RowLock};
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
            if !w.crm.case_fields.iter().any(|f| *f == fld) {
                w.crm.case_fields.push(fld.clone().into());
            }
            w.crm.case_required.push(fld.into());
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
        // The receiver in front of it keeps no record of what it processed, so each retried
        // delivery makes another case (what the tickets show).
        "crm-slow-response" => {
            w.crm.latency_ms = int(p, "delay_ms");
            w.receiver.dedupe = false;
        }
        "crm-outage" => {
            w.crm.outage = true;
            // The vendor's status page estimates recovery 20 min to 4 h from now, wherever
            // this seed's incident stands.
            let mins = 20 + (cid.parse::<i64>().unwrap_or(0) * 37).rem_euclid(221);
            w.crm.recovers_at_ms = now + mins * 60_000;
        }
        // Issue 15's CRM faults.
        "crm-multiple-matches" => {
            // More records carry the customer's external id: imported again, or created by a
            // second integration. Their ids follow from the original's, like any other 003 id.
            let first = w.crm.contacts.get(&cid).cloned().unwrap_or_default();
            for n in 1..int(p, "records").clamp(2, 10) {
                let tail: String = first.chars().skip(3).collect();
                let turned: String = tail.chars().rev().collect();
                let id = format!("003{}{n}", &turned[..turned.len().saturating_sub(1)]);
                w.crm.more.duplicates.push((cid.clone(), id));
            }
        }
        "crm-rate-limit" => {
            // A sync job loops over the REST API and has used the org's allowance up.
            let m = &mut w.crm.more;
            m.api_requests_used = m.api_requests_max + int(p, "over_by");
            m.runaway_job = Some("etl-sync@crm.example.net".into());
        }
        "crm-row-lock" => {
            // A bulk job updates the customer's records in batches and holds the contact
            // locked for a while from the time the chat ends.
            let contact = w.crm.contacts.get(&cid).cloned().unwrap_or_default();
            w.crm.more.locks.push(RowLock {
                record: contact,
                from_ms: now - 60_000,
                until_ms: now + int(p, "held_s") * 1000,
            });
        }
        // The customer has no contact with the platform's external id; the one another team
        // entered for the same person (same e-mail) is what the rule matches.
        "crm-duplicate-rule" => {
            let existing = w.crm.contacts.remove(&cid).unwrap_or_default();
            w.crm.permissions.push("Contact.create".into());
            w.crm.more.duplicate_rule = Some(DuplicateRule {
                name: st(p, "rule").to_string(),
                matching_rule: "Contact_Email_Exact_Match".into(),
                alert: "Use one of these records?".into(),
                email: crate::world::CUSTOMER_EMAIL.into(),
                existing,
            });
        }
        "crm-sso-session-expired" => {
            w.crm.more.agent_session_expired_ms = Some(now - int(p, "minutes_ago") * 60_000)
        }
        _ => {}
    }
}
