//! A 502 that one upstream server answered itself: the gateway's access log tells one broken
//! instance (its address fails while its siblings answer) from a service that fails everywhere.

use super::{Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// One gateway access-log line: (the resource it asked for, status, `$upstream_addr`). The
/// resource is the path's first two segments (`/v2/customers`), partner prefix dropped.
fn access_of(text: &str) -> Option<(String, u16, &str)> {
    let path = text.split('"').nth(1)?.split(' ').nth(1)?;
    let path = path.replacen("/v2/partner/", "/v2/", 1);
    let resource: Vec<&str> = path.split('/').take(3).collect();
    let status = text.split("\" ").nth(1)?.split(' ').next()?.parse().ok()?;
    let up = text.split(" upstream=").nth(1)?.split(' ').next()?;
    Some((resource.join("/"), status, up))
}

/// The one upstream server that answered the traced request, when the gateway relayed an
/// answer (a single `$upstream_addr` and an upstream response time): the answer is the
/// server's, not nginx's own.
pub(super) fn relayed_from(c: &Ctx) -> Option<String> {
    c.said_by(LogSource::Gateway).find_map(|l| {
        let (_, _, up) = access_of(&l.text)?;
        let urt = l.text.split(" urt=").nth(1)?.split(' ').next()?;
        (up != "-" && !up.contains(',') && up.contains(':') && urt != "-").then(|| up.to_string())
    })
}

/// A 502 one upstream server answered itself. Other requests for the same resource in the
/// access log tell a broken instance (its address fails, its siblings at other addresses
/// answer) from a service that fails everywhere.
pub(super) fn one_instance(c: &mut Ctx, s: &str, addr: &str) -> Outcome {
    let traced = c
        .said_by(LogSource::Gateway)
        .find_map(|l| access_of(&l.text).map(|a| a.0));
    let (mut here, mut fine_elsewhere, mut bad_elsewhere) = (0, 0, 0);
    for l in c.ev.logs.iter().filter(|l| l.source == LogSource::Gateway) {
        let Some((resource, st, up)) = access_of(&l.text) else {
            continue;
        };
        if up.contains(',') || up == "-" || Some(&resource) != traced.as_ref() {
            continue;
        }
        match (up == addr, st >= 500) {
            (true, true) => here += 1,
            (false, false) => fine_elsewhere += 1,
            (false, true) => bad_elsewhere += 1,
            _ => {}
        }
    }
    if fine_elsewhere > 0 && bad_elsewhere == 0 {
        return c.settle(
            Backend,
            Some("one-instance-unhealthy"),
            format!("{s} relayed from {addr} ({here} such in the access log), while the service's other instances answer: one instance is broken"),
        );
    }
    c.settle(
        Backend,
        None,
        format!("{s} answered by the upstream server {addr} itself: nginx relayed it and logged no error of its own"),
    )
}
