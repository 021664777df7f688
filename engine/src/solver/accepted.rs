//! A 202 Accepted the caller never followed: the work was queued, its status resource named in
//! `Location`, and the caller did not ask it again.

use super::{ends, hdr, Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The client's request was answered 202 with a `Location`, the same caller never requested
/// that Location afterwards, and the service's log shows the job it queued succeeding later:
/// the work was done and the client did not collect it. Without the service's word on the job
/// (it may have failed, or found nothing) the client and the service stay open.
pub(crate) fn not_followed(c: &mut Ctx) -> Option<Outcome> {
    let ev = c.ev;
    let (x, r) = ev.exchanges.iter().find_map(|x| {
        let r = x.response.as_ref()?;
        (x.from == Client && r.status == 202 && !hdr(r, "location").is_empty()).then_some((x, r))
    })?;
    let loc = hdr(r, "location").to_string();
    let asked = ev
        .exchanges
        .iter()
        .any(|y| y.from == x.from && y.t_ms > x.t_ms && y.request.url.contains(&loc));
    if asked {
        return None;
    }
    let job = loc.rsplit('/').next().unwrap_or("").to_string();
    let retry = hdr(r, "retry-after");
    let seen = format!(
        "202 Accepted for {} {} with Location: {loc}{}; the caller never asked that Location",
        x.request.method,
        crate::layers::split_url(&x.request.url).3,
        if retry.is_empty() {
            String::new()
        } else {
            format!(" and Retry-After: {retry}")
        }
    );
    let done = ev
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::App
                && l.t_ms > ends(x)
                && !job.is_empty()
                && l.text.contains(&job)
                && l.text.contains(" succeeded")
        })
        .map(|l| l.text.clone());
    Some(match done {
        Some(line) => c.settle(
            Client,
            Some("export-accepted-not-polled"),
            format!("{seen}, and the service logged the job finishing later ({line}): the client took the queued job's answer for the result"),
        ),
        None => c.open(
            &[Client, Backend],
            format!("{seen}; nothing shown says whether the queued job finished, failed or found nothing"),
        ),
    })
}
