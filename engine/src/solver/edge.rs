//! Answers the CDN's edge wrote or kept itself (`Server: cloudflare` with a 52x of its own, or
//! an error from its cache). The edge reports what it met; which layer holds the cause comes
//! from the origin's side: the origin's firewall log, the gateway's log of the request, the
//! origin's certificate. Anything else the edge only relayed is read like the gateway's answer.

use super::{hdr, Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The origin (the gateway) logged the traced request.
fn origin_saw_it(c: &Ctx) -> bool {
    c.said_by(LogSource::Gateway).next().is_some()
}

pub(crate) fn answered(c: &mut Ctx, r: &HttpResponse) -> Option<Outcome> {
    if !hdr(r, "server").eq_ignore_ascii_case("cloudflare") {
        return None;
    }
    let s = r.status;
    if s >= 500 && hdr(r, "cf-cache-status").eq_ignore_ascii_case("HIT") {
        let age: i64 = hdr(r, "age").parse().unwrap_or(0);
        if age > 0 && !origin_saw_it(c) {
            return Some(c.settle(
                Edge,
                Some("edge-cached-error"),
                format!(
                    "{s} served from the edge's cache (CF-Cache-Status: HIT, Age: {age} s): the origin never saw this request, so the error is a copy the edge stored earlier and keeps serving"
                ),
            ));
        }
        return Some(c.open(
            &[Edge, Backend],
            format!("{s} marked as a cache hit, but nothing shows how old the stored copy is"),
        ));
    }
    match s {
        522 => {
            let dropped = c
                .said_by(LogSource::Firewall)
                .any(|l| l.text.contains("action=drop") && l.text.contains("dir=ingress"));
            Some(if dropped && !origin_saw_it(c) {
                c.settle(
                    Network,
                    Some("edge-origin-unreachable"),
                    "522 from the edge: it could not connect to the origin, and the origin's inbound firewall logged dropping the edge's SYNs; the edge only reports it",
                )
            } else {
                c.open(
                    &[Network, Backend, Edge],
                    "522 from the edge: its connection to the origin timed out, but nothing shows where",
                )
            })
        }
        524 => {
            let hung_up = c
                .said_by(LogSource::Gateway)
                .any(|l| l.text.contains("\" 499 "));
            Some(if hung_up {
                c.settle(
                    Backend,
                    Some("edge-origin-timeout"),
                    "524 from the edge: the origin took the request but had no answer within the edge's 100 s, and the gateway logged 499 when the edge hung up while the service was still working",
                )
            } else {
                c.open(
                    &[Backend, Edge],
                    "524 from the edge: the origin gave no answer in time, but the origin's side of it is not in the logs",
                )
            })
        }
        526 => {
            let refused = c.ev.artifacts.iter().any(|a| {
                a.kind == "certificate"
                    && a.title.starts_with("Origin certificate")
                    && !a.body.contains("Verify return code: 0 (ok)")
            });
            Some(if refused {
                c.settle(
                    Tls,
                    Some("edge-origin-tls-invalid"),
                    "526 from the edge: its strict check refused the origin's certificate, and checking that certificate shows it does not verify; the client's own handshake with the edge was fine",
                )
            } else {
                c.open(
                    &[Tls, Edge],
                    "526 from the edge, but the origin's certificate is not in the evidence",
                )
            })
        }
        _ => None,
    }
}
