//! Answers from the third parties on the path: the CRM (to the integration, the receiver or the
//! agent's browser) and the webhook receiver (to the platform's deliveries). Their configuration
//! contracts are in the artefacts: the integration's settings and the receiver's runbook.

use super::facts;
use super::{compact, field, Ctx, Outcome};
use crate::model::*;
use Layer::*;

fn body(r: &HttpResponse) -> &str {
    r.body.as_deref().unwrap_or("")
}

/// The CRM's own answer to the integration (or the receiver, or the agent's browser).
pub(crate) fn crm(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Outcome {
    let s = r.status;
    let b = body(r).to_string();
    let code = field(&b, "errorCode").unwrap_or_default();
    let msg = field(&b, "message").unwrap_or_default();
    if let Some(out) = super::crm_more::crm(c, x, r) {
        return out;
    }
    if x.request.url.contains("/lightning/") {
        return screen_pop(c, x);
    }
    let cfg = facts::integration(c.ev);
    match code.as_str() {
        "INVALID_FIELD" | "NOT_FOUND" if msg.contains("column") || msg.contains("field") => {
            let named = quoted_field(&msg);
            match (&cfg, named) {
                (Some(cfg), Some(f)) if cfg.names_field(&f) => c.settle(
                    Integration,
                    Some("crm-field-mapping"),
                    format!("the CRM rejects the field {f} ({s} {code}), and the integration's settings map to {f}: the mapping is wrong"),
                ),
                _ => c.open(
                    &[Integration, Crm],
                    format!("the CRM rejects a field ({s} {code}: {msg}), but the integration's settings shown do not name it"),
                ),
            }
        }
        "NOT_FOUND" => c.settle(
            Crm,
            Some("crm-record-not-found"),
            format!("the CRM has no such record ({s}: {})", compact(&b)),
        ),
        "REQUIRED_FIELD_MISSING" => c.settle(
            Crm,
            Some("crm-missing-required-field"),
            format!("the CRM now requires a field the mapping does not send ({s}: {msg})"),
        ),
        "INVALID_SESSION_ID" => c.settle(
            Crm,
            Some("crm-token-expired"),
            format!(
                "the CRM refuses the integration's session ({s}: {})",
                compact(&b)
            ),
        ),
        c2 if c2.starts_with("INSUFFICIENT_ACCESS") => c.settle(
            Crm,
            Some("crm-permission-denied"),
            format!(
                "the CRM refuses the integration user ({s}: {})",
                compact(&b)
            ),
        ),
        "SERVER_UNAVAILABLE" => c.settle(
            Crm,
            Some("crm-outage"),
            format!("the CRM API is down ({s}: {})", compact(&b)),
        ),
        _ => c.settle(Crm, None, format!("CRM API answered {s}: {}", compact(&b))),
    }
}

/// The first quoted or trailing field name in a CRM message.
fn quoted_field(msg: &str) -> Option<String> {
    if let Some(q) = msg.split('\'').nth(1) {
        return Some(q.to_string());
    }
    msg.rsplit(':')
        .next()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// The agent's browser opened the screen-pop URL the integration built.
fn screen_pop(c: &mut Ctx, x: &Exchange) -> Outcome {
    let url = &x.request.url;
    let cfg = facts::integration(c.ev);
    if url.contains("{{") || url.contains("%7B") {
        return c.settle(Integration, Some("screen-pop-bad-url-template"), format!("the screen-pop URL still holds a placeholder ({url}): the template's placeholder is not one the workflow fills"));
    }
    if url.contains("//view") {
        return match cfg.and_then(|c| c.stores_lookup_id()) {
            Some(false) => c.settle(Integration, Some("screen-pop-missing-id"), "the screen-pop URL has an empty record id, and the workflow does not save the lookup result as contact.Id"),
            _ => c.open(&[Integration, Crm], "the screen-pop URL has an empty record id, but the settings shown say the lookup result is saved"),
        };
    }
    c.settle(Crm, None, format!("the CRM has no page at {url}"))
}

/// The receiver's HTTP answer to a delivery. The receiver's runbook is the contract: where the
/// platform's subscription departs from it, the integration config holds the cause; where the
/// platform keeps to it and the receiver still refuses, the receiver does.
pub(crate) fn delivery(c: &mut Ctx, x: &Exchange, status: u16, b: &str) -> Outcome {
    let error = field(b, "error").unwrap_or_default();
    let documented = facts::receiver_endpoint(c.ev);
    let cfg = facts::integration(c.ev);
    if let Some(out) = super::webhook_more::delivery(c, x, status, b) {
        return out;
    }
    match status {
        404 => match documented {
            Some(d) if d != x.request.url => c.settle(Integration, Some("webhook-wrong-url"), format!("the receiver has no route for the delivery (404): the subscription posts to {} but the receiver documents {d}", x.request.url)),
            Some(_) => c.open(&[Webhook, Integration], "404 from the receiver although the subscription posts to its documented endpoint"),
            None => c.open(&[Integration, Webhook], "404 from the receiver; its documented endpoint is not shown"),
        },
        401 if error.contains("signature") => match cfg.and_then(|c| c.secret_regenerated()) {
            Some(true) => c.settle(Integration, Some("webhook-signature-mismatch"), "the receiver rejects the signature (401), and the integration settings show the signing secret was regenerated: the receiver still verifies with the old one"),
            Some(false) => c.open(&[Integration, Webhook], "the receiver rejects the signature (401), yet the platform's signing secret is unchanged since creation: which side holds the wrong secret is not shown"),
            None => c.open(&[Integration, Webhook], "the receiver rejects the signature (401); the platform's signing-secret history is not shown"),
        },
        401 => {
            let key = crate::sim::header(&x.request.headers, "x-api-key").unwrap_or("");
            if key.is_empty() {
                c.settle(Integration, None, "the receiver asks for an API key and the delivery sends none")
            } else {
                c.settle(Webhook, Some("webhook-auth-failure"), format!("the receiver refuses the API key the platform sends ({}): its key store", compact(b)))
            }
        }
        403 => c.settle(Webhook, Some("webhook-ip-blocked"), format!("the receiver blocks the delivery before reading it (403: {})", compact(b))),
        400 | 422 if error.contains("payload") => c.settle(Webhook, Some("webhook-invalid-payload"), format!("the receiver refuses the documented payload ({status}: {})", compact(b))),
        502 if error.starts_with("crm_") => c.settle(Crm, None, format!("the receiver reports its CRM call failed ({status}): {}", compact(b))),
        _ => c.settle(Webhook, None, format!("receiver answered {status}: {}", compact(b))),
    }
}
