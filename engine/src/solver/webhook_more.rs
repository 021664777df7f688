//! The receiver's answers of issue 15's webhook faults, told apart from the platform-side
//! look-alikes by the receiver's own log and the integration's settings.

use super::{field, Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The verdict on a delivery's answer one of these rules recognises, else `None`.
pub(crate) fn delivery(c: &mut Ctx, _x: &Exchange, status: u16, b: &str) -> Option<Outcome> {
    if let Some(out) = super::receiver::delivery(c, _x, status, b) {
        return Some(out);
    }
    let error = field(b, "error").unwrap_or_default();
    if status == 401 && error.contains("signature") {
        // The receiver logs what it verified: a payload of another length than the body that
        // arrived was not the body the platform signed.
        let sizes = c
            .said_by(LogSource::WebhookReceiver)
            .find_map(|l| verified_sizes(&l.text));
        if let Some((verified, arrived)) = sizes {
            if verified != arrived {
                return Some(c.settle(Webhook, Some("webhook-body-reserialized"), format!("the receiver rejects the signature (401), and its log shows it verified a payload of {verified} bytes while the body that arrived has {arrived}: it checks a re-serialised body, not the raw bytes that were signed")));
            }
        }
    }
    None
}

/// `(verified payload N bytes, Content-Length M)` from a receiver's log line.
fn verified_sizes(text: &str) -> Option<(u64, u64)> {
    let rest = text.split("verified payload ").nth(1)?;
    let n: u64 = rest.split(' ').next()?.parse().ok()?;
    let m: u64 = rest
        .split("Content-Length ")
        .nth(1)?
        .trim_end_matches(')')
        .parse()
        .ok()?;
    Some((n, m))
}
