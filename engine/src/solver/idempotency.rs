//! A POST the client sent again after it timed out: both attempts created a record.

use super::{Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The client's POST timed out, the same POST from the same caller was sent later and answered
/// 201, and the service logged a creation for each attempt: the client's retry (without an
/// Idempotency-Key) made the second record, whatever made the first answer late. Without the
/// service's log or the table the two creations are not shown and the verdict stays open.
pub(crate) fn retried_post(c: &mut Ctx, x: &Exchange, err: &str) -> Option<Outcome> {
    if x.from != Client || x.request.method != "POST" {
        return None;
    }
    let caller = crate::sim::header(&x.request.headers, "authorization");
    let retry = c.ev.exchanges.iter().find(|o| {
        o.t_ms > x.t_ms
            && o.from == Client
            && o.request.method == "POST"
            && o.request.url == x.request.url
            && o.request.body == x.request.body
            && crate::sim::header(&o.request.headers, "authorization") == caller
            && o.response.as_ref().is_some_and(|r| r.status == 201)
    })?;
    let path = format!("/{}", x.request.url.splitn(4, '/').nth(3).unwrap_or(""));
    let created: Vec<String> =
        c.ev.logs
            .iter()
            .filter(|l| l.source == LogSource::App)
            .filter_map(|l| {
                let (_, rest) = l.text.split_once(&format!(" 201 POST {path} "))?;
                rest.split_whitespace().next().map(String::from)
            })
            .collect();
    // The platform team's look at the table shows the same: a row per attempt.
    let rows: Vec<String> =
        c.ev.artifacts
            .iter()
            .filter(|a| a.kind == "db-query")
            .flat_map(|a| a.body.lines())
            .filter_map(|l| {
                let id = l.split('|').next()?.trim();
                id.starts_with("ch_").then(|| id.to_string())
            })
            .collect();
    let created = if rows.len() > created.len() {
        rows
    } else {
        created
    };
    if created.len() < 2 {
        // A timeout then a 201 for the same call: whether the first one also went through is
        // in the service's log or the table, neither of which is shown.
        return Some(c.open(
            &[Client, Backend],
            format!("the POST timed out on the client ({err}) and the same POST sent again was answered 201; whether the first attempt also created a record is not shown"),
        ));
    }
    let keyed = crate::sim::header(&retry.request.headers, "idempotency-key").is_some();
    Some(c.settle(
        Client,
        Some("idempotency-duplicate-post").filter(|_| !keyed),
        format!(
            "the POST timed out on the client ({err}), the same POST was sent again and answered 201, and the service logged a creation for each ({}): the retry carried no Idempotency-Key, so the service made a second record",
            created.join(", ")
        ),
    ))
}
