//! A list cursor the API refused as expired. The refusal alone does not say whose fault it is:
//! a caller that came back for the next page later than a cursor lives, or an API that dropped
//! a cursor before its time. When the page that issued the cursor was answered, set beside the
//! lifetime the API states, settles it: the gateway's access log (or the service's own lines)
//! has both requests of the traced run.

use super::{field, Ctx, Outcome};
use crate::layers::pages::query_param;
use crate::model::*;
use Layer::*;

/// One access-log line: the request's path (no query), its query, and the status.
fn access(text: &str) -> Option<(&str, &str, u16)> {
    let target = text.split('"').nth(1)?.split(' ').nth(1)?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let status = text.split("\" ").nth(1)?.split(' ').next()?.parse().ok()?;
    Some((path, query, status))
}

/// "11 min 48 s" for a span of milliseconds.
fn span(ms: i64) -> String {
    let s = ms / 1000;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

/// When the cursor was issued and when it came back, with where that was read: the gateway's
/// lines for the page answered 200 before the refused request (same path), or the service's
/// line that issued the cursor beside its refusal.
fn timing(c: &Ctx, path: &str, cursor: &str) -> Option<(i64, i64, String)> {
    let gateway: Vec<(&LogLine, (&str, &str, u16))> = c
        .said_by(LogSource::Gateway)
        .filter_map(|l| access(&l.text).map(|a| (l, a)))
        .filter(|(_, (p, _, _))| *p == path)
        .collect();
    let refused = gateway.iter().find(|(_, (_, q, s))| {
        *s == 400 && q.split('&').any(|kv| kv == format!("cursor={cursor}"))
    });
    if let Some((used, _)) = refused {
        if let Some((issued, _)) = gateway
            .iter()
            .rfind(|(l, (_, _, s))| *s == 200 && l.t_ms < used.t_ms)
        {
            return Some((
                issued.t_ms,
                used.t_ms,
                format!(
                    "the gateway logged GET {path} answered 200 at {} and the request with its cursor answered 400 at {}",
                    issued.ts, used.ts
                ),
            ));
        }
    }
    let issued = c
        .said_by(LogSource::App)
        .find(|l| l.text.contains(&format!("next_cursor={cursor} ")))?;
    let used = c.said_by(LogSource::App).find(|l| {
        l.t_ms > issued.t_ms && l.text.contains(" 400 GET ") && l.text.contains(cursor)
    })?;
    Some((
        issued.t_ms,
        used.t_ms,
        format!(
            "the service logged the page that issued the cursor at {} and refused the cursor at {}",
            issued.ts, used.ts
        ),
    ))
}

/// 400 `cursor-expired` for a request that sent a list's cursor.
pub(super) fn cursor_expired(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Outcome {
    let body = r.body.as_deref().unwrap_or("");
    let url = &x.request.url;
    let path = crate::layers::split_url(url).3;
    let path = path.split('?').next().unwrap_or("").to_string();
    let cursor = query_param(url, "cursor").unwrap_or("").to_string();
    let ttl_s = field(body, "cursor_ttl_seconds").and_then(|t| t.parse::<i64>().ok());
    let (Some(ttl_s), false) = (ttl_s, cursor.is_empty()) else {
        return c.open(
            &[Client, Backend],
            format!("400 cursor-expired for GET {path}, without the cursor's lifetime or the cursor itself"),
        );
    };
    let Some((issued, used, seen)) = timing(c, &path, &cursor) else {
        return c.open(
            &[Client, Backend],
            format!("400 cursor-expired for GET {path}: the API says its cursors live {}, but when the page that issued this one was answered is not shown", span(ttl_s * 1000)),
        );
    };
    let gap = used - issued;
    if gap > ttl_s * 1000 {
        c.settle(
            Client,
            Some("pagination-cursor-expired"),
            format!("400 cursor-expired for GET {path}: {seen}, {} apart, and the API says a cursor lives {}: the client asked for the next page after the cursor had expired", span(gap), span(ttl_s * 1000)),
        )
    } else {
        c.settle(
            Backend,
            None,
            format!("400 cursor-expired for GET {path}: {seen}, only {} apart, within the {} the API says a cursor lives: the API refused a cursor that was still valid", span(gap), span(ttl_s * 1000)),
        )
    }
}
