//! What dig's answers say when a name did not resolve: a resolver's SERVFAIL for a name the
//! authoritative server answers, or an alias (CNAME) whose target no longer exists.

use super::facts;
use super::{Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The resolver answers SERVFAIL for a name the authoritative server answers: validation (or
/// the resolver's path to the zone) fails, not the record. The resolver's log says which.
pub(super) fn servfail(
    c: &mut Ctx,
    d: Option<&facts::Dig>,
    host: &str,
    err: &str,
) -> Option<Outcome> {
    let d = d?;
    if d.resolver_status.as_deref() != Some("SERVFAIL") {
        return None;
    }
    let Some(auth) = d.authoritative.as_deref() else {
        return Some(c.open(
            &[Dns],
            format!("the resolver answers SERVFAIL for {host} ({err}) and the authoritative server gives no answer either"),
        ));
    };
    let expired = c.ev.logs.iter().find(|l| {
        l.source == LogSource::Resolver
            && l.text.contains(&format!("validating {host}/"))
            && l.text.contains("RRSIG has expired")
    });
    Some(match expired {
        Some(l) => c.settle(
            Dns,
            Some("dns-servfail"),
            format!("name resolution failed ({err}): the resolver answers SERVFAIL for {host} while the authoritative server answers {auth}, and the resolver logged why: {}", l.text),
        ),
        None => c.open(
            &[Dns],
            format!("the resolver answers SERVFAIL for {host} ({err}) while the authoritative server answers {auth}; the resolver's log does not say why"),
        ),
    })
}

/// The name is an alias (CNAME) whose target resolves to nothing: the record the zone holds is
/// there, what it points at is gone. Settled when the resolver, asked in full, says NXDOMAIN.
pub(super) fn dangling(
    c: &mut Ctx,
    d: Option<&facts::Dig>,
    host: &str,
    err: &str,
) -> Option<Outcome> {
    let d = d?;
    let target = d.cname.as_deref()?;
    if d.resolver.is_some() || d.authoritative.is_some() {
        return None;
    }
    Some(match d.resolver_status.as_deref() {
        Some("NXDOMAIN") => c.settle(
            Dns,
            Some("dangling-cname"),
            format!("name resolution failed ({err}): dig shows {host} is a CNAME for {target}, and the resolver answers NXDOMAIN for the chain: the alias points at a name that no longer exists"),
        ),
        _ => c.open(
            &[Dns],
            format!("name resolution failed ({err}): dig shows {host} is a CNAME for {target} with no address behind it, but not the resolver's status for it"),
        ),
    })
}
