//! The CRM answers of issue 15's faults: an id of the wrong kind, several records for one
//! external id, the org's API request limit, duplicate rules and row locks. Each reads the
//! CRM's answer and the integration's settings, as `partners::crm` does for the older ones.

use super::facts;
use super::{compact, field, Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The verdict on a CRM answer one of these rules recognises, else `None`.
pub(crate) fn crm(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Option<Outcome> {
    let s = r.status;
    if x.request.url.contains("/lightning/") {
        // A record page that sends the browser to sign in: the agent's own CRM session.
        let to = super::hdr(r, "location");
        let host = facts::host(to);
        return ((300..400).contains(&s) && to.contains("SAMLRequest=")).then(|| {
            c.settle(Crm, Some("crm-sso-session-expired"), format!("the CRM answers the record page with {s} to the identity provider's sign-in ({host}): the agent's CRM session has ended, while the integration's own lookup was accepted"))
        });
    }
    let b = r.body.as_deref().unwrap_or("").to_string();
    let code = field(&b, "errorCode").unwrap_or_default();
    let msg = field(&b, "message").unwrap_or_default();
    let cfg = facts::integration(c.ev);
    // The last segment of the request's path: the value the caller put in the URL.
    let path = x.request.url.split('?').next().unwrap_or("");
    let last = path.rsplit('/').next().unwrap_or("");
    let by_record_id = cfg.as_ref().map(|g| g.names_field("Id"));
    if s == 300 {
        // The CRM lists the records the value matched instead of answering with one.
        let listed: Vec<String> = serde_json::from_str::<Vec<String>>(&b).unwrap_or_default();
        return Some(if listed.len() > 1 {
            c.settle(Crm, Some("crm-multiple-matches"), format!("the CRM answers 300 Multiple Choices for {last}: {} records carry that external id ({})", listed.len(), listed.join(", ")))
        } else {
            c.open(
                &[Crm, Integration],
                format!(
                    "the CRM answers 300 without the list of records it matched ({})",
                    compact(&b)
                ),
            )
        });
    }
    match code.as_str() {
        // Salesforce reads a path segment that is not a record id as an external id field's
        // name: a customer number put where the record id goes comes back as "no such field".
        "NOT_FOUND" if msg.contains("external ID field") && msg.ends_with(&format!(": {last}")) => {
            Some(match by_record_id {
                Some(true) => c.settle(Integration, Some("crm-id-type-mismatch"), format!("the CRM reads {last} as the name of an external id field ({s}: {msg}): the integration's settings send the platform's customerId as the Contact record id")),
                _ => return None,
            })
        }
        "MALFORMED_ID" => {
            let fld = b
                .split("\"fields\":[\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or("")
                .to_string();
            let sends_customer = cfg
                .as_ref()
                .is_some_and(|g| g.body.lines().any(|l| l.trim() == format!("customerId -> {fld}")));
            Some(if sends_customer {
                c.settle(Integration, Some("crm-id-type-mismatch"), format!("the CRM refuses {fld} ({s} {code}: {msg}), and the ticket mapping fills {fld} with the platform's customerId, not the CRM's Contact id"))
            } else {
                c.open(&[Integration, Crm], format!("the CRM refuses an id ({s}: {})", compact(&b)))
            })
        }
        "REQUEST_LIMIT_EXCEEDED" => {
            let usage = super::hdr(r, "Sforce-Limit-Info");
            Some(c.settle(Crm, Some("crm-rate-limit"), format!("the CRM refuses the call because the org has used up its API requests ({s} {code}: {msg}; Sforce-Limit-Info: {usage})")))
        }
        // A duplicate rule set to Block: the answer names the rule and the record it matched.
        "DUPLICATES_DETECTED" => {
            let v: serde_json::Value = serde_json::from_str(&b).unwrap_or_default();
            let d = &v[0]["duplicateResult"];
            let rule = d["duplicateRule"].as_str().unwrap_or("");
            let matched = d["matchResults"][0]["matchRecords"][0]["record"]["Id"]
                .as_str()
                .unwrap_or("");
            Some(if d["allowSave"] == false && !matched.is_empty() {
                c.settle(Crm, Some("crm-duplicate-rule"), format!("the CRM refuses to create the record ({s} {code}: {msg}): its duplicate rule {rule} blocks the save because the record matches the existing {matched}"))
            } else {
                c.open(&[Crm, Webhook], format!("the CRM reports duplicates ({s} {code}) but its answer does not say which rule or record"))
            })
        }
        "UNABLE_TO_LOCK_ROW" => Some(c.settle(Crm, Some("crm-row-lock"), format!("the CRM could not lock a record another transaction holds ({s} {code}: {msg})"))),
        _ => None,
    }
}
