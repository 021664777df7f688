//! Issue 15's HTTP faults as the evidence shows them: a retired version's 410 with its notice,
//! a 500 whose transaction the database aborted to break a deadlock.

use super::{hdr, Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// 410 Gone: the resource was removed on purpose. A `Sunset` or `Deprecation` header on it
/// (RFC 8594, RFC 9745), or the platform's changelog, says the version was announced and
/// retired, and the client still calls it.
pub(super) fn gone(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Outcome {
    let path = crate::layers::split_url(&x.request.url).3;
    let version = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let (sunset, deprecation) = (hdr(r, "sunset"), hdr(r, "deprecation"));
    let notice = c.ev.artifacts.iter().find(|a| {
        a.kind == "changelog"
            && !version.is_empty()
            && a.body.contains(&format!("API {version} retired"))
    });
    if sunset.is_empty() && deprecation.is_empty() && notice.is_none() {
        return c.open(
            &[Client, Backend],
            format!("410 Gone for {path}, with no Sunset or Deprecation header and no notice: removed on purpose or by mistake?"),
        );
    }
    let mut why = format!("410 Gone for {path}");
    if !sunset.is_empty() {
        why.push_str(&format!(", Sunset: {sunset}"));
    }
    if !deprecation.is_empty() {
        why.push_str(&format!(", Deprecation: {deprecation}"));
    }
    if notice.is_some() {
        why.push_str(&format!(
            "; the changelog announced API {version}'s retirement"
        ));
    }
    why.push_str(": the version was announced and retired, and the client still calls it");
    c.settle(Client, Some("api-version-retired"), why)
}

/// A 500 after the database reported, on the traced request, that it aborted the transaction
/// to break a deadlock (Postgres: `ERROR:  deadlock detected`, its DETAIL naming the cycle).
pub(super) fn deadlock(c: &mut Ctx, s: u16) -> Option<Outcome> {
    c.said_by(LogSource::Database)
        .find(|l| l.level == Level::Error && l.text.contains("ERROR:  deadlock detected"))?;
    let cycle = c
        .said_by(LogSource::Database)
        .find(|l| l.text.contains("DETAIL:  Process "))
        .and_then(|l| l.text.split("DETAIL:  ").nth(1))
        .and_then(|d| d.lines().next())
        .unwrap_or("")
        .to_string();
    Some(c.settle(
        Database,
        Some("db-deadlock"),
        format!(
            "{s}: the database aborted the request's transaction to break a deadlock ({cycle})"
        ),
    ))
}

/// The exchanges of `x`'s caller answered with a redirect to `x`'s URL, each with its status.
fn redirected_to<'a>(
    ev: &'a Evidence,
    x: &'a Exchange,
) -> impl Iterator<Item = (&'a Exchange, u16)> + 'a {
    ev.exchanges.iter().filter_map(move |e| {
        let r = e.response.as_ref()?;
        (e.from == x.from && (300..400).contains(&r.status) && hdr(r, "location") == x.request.url)
            .then_some((e, r.status))
    })
}

/// A 401 for a request without Authorization that the client sent after a redirect from another
/// host: the earlier request carried the token, the redirect left the host and the client (as
/// curl, requests and the others do) left the token behind. The client's base URL is the old
/// host's; addressing beats credentials.
pub(super) fn redirect_dropped_authorization(c: &mut Ctx, x: &Exchange) -> Option<Outcome> {
    let host = |u: &str| u.split('/').nth(2).unwrap_or("").to_string();
    let (before, status) = redirected_to(c.ev, x).find(|(e, status)| {
        e.request.url != x.request.url
            && crate::sim::header(&e.request.headers, "authorization").is_some()
            && matches!(status, 301 | 302 | 303 | 307 | 308)
    })?;
    let (old, new) = (host(&before.request.url), host(&x.request.url));
    if old == new {
        return None;
    }
    Some(c.settle(
        Client,
        Some("redirect-drops-authorization"),
        format!("the client called {old}, which answered {status} with Location: {}; the client followed it to {new} without the Authorization header it had sent to {old} (clients drop it when a redirect leaves the host), and {new} answered 401: the client's base URL is the old host's", x.request.url),
    ))
}

/// A 405 for a GET the client sent after a redirect answered its POST: the client followed the
/// 301 (or 302, 303) as a GET without the body, as most clients do, and the resource accepts
/// the POST it was meant to get. The URL the client posted to is not the resource's own.
pub(super) fn redirect_changed_method(c: &mut Ctx, x: &Exchange, allow: &str) -> Option<Outcome> {
    if x.request.method != "GET" || !allow.split(", ").any(|m| m == "POST") {
        return None;
    }
    let (before, status) = redirected_to(c.ev, x).find(|(e, status)| {
        e.t_ms < x.t_ms && e.request.method == "POST" && (301..=303).contains(status)
    })?;
    Some(c.settle(
        Client,
        Some("redirect-post-to-get"),
        format!("the client posted to {}, which answered {status} with Location: {}; the client followed it as a GET without the body (what clients do with a POST on a {status}), and the resource, which allows {allow}, answered 405: the client posts to a URL that is not the resource's own", before.request.url, x.request.url),
    ))
}

/// 426 to a WebSocket handshake that asked for the upgrade: the service behind the load balancer
/// did not get the Upgrade header the browser sent. Upgrade and Connection are hop-by-hop, so
/// the proxy in between must pass them on, and did not.
pub(super) fn upgrade_not_passed_on(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Outcome {
    let asked = crate::sim::header(&x.request.headers, "upgrade")
        .is_some_and(|u| u.eq_ignore_ascii_case("websocket"));
    if !asked {
        return c.open(
            &[Client, Realtime],
            format!("{} without an upgrade request", r.status),
        );
    }
    c.settle(
        Gateway,
        Some("ws-upgrade-stripped"),
        format!("the browser's handshake to {} carried Upgrade: websocket, yet the service behind the load balancer answered 426 Upgrade Required: the upgrade was not passed on by the load balancer (Upgrade and Connection are hop-by-hop headers a proxy must forward on purpose)", x.request.url),
    )
}

/// A 502 whose error-log line says the upstream closed the connection before any response
/// header. A service that crashed or gave up on the request would have logged it; one that
/// never logged the request closed a kept-alive connection just as nginx reused it: its
/// keep-alive timeout is shorter than the gateway's. Other requests' lines saying the same
/// (on other instances, for other callers) show it is intermittent, not one broken instance.
pub(super) fn premature_close(c: &mut Ctx, s: &str) -> Outcome {
    if let Some(o) = flapping(c, s) {
        return o;
    }
    let ev = c.ev;
    if !ev.logs.iter().any(|l| l.source == LogSource::App) {
        return c.settle(
            Backend,
            None,
            format!("{s}: the gateway's error log says the upstream closed the connection before answering; the service's own log is not shown"),
        );
    }
    if let Some(l) = c.said_by(LogSource::App).next() {
        let first = l.text.lines().next().unwrap_or("").to_string();
        return c.settle(
            Backend,
            None,
            format!("{s}: the upstream closed the connection while handling the request, and the service logged it ({first})"),
        );
    }
    let others = ev
        .logs
        .iter()
        .filter(|l| {
            l.source == LogSource::Gateway
                && l.trace_id.as_deref() != Some(ev.trace_id.as_str())
                && l.text.contains("upstream prematurely closed connection")
        })
        .count();
    c.settle(
        Backend,
        Some("upstream-keepalive-race"),
        format!("{s}: nginx read the close of the upstream connection where the response header should be, and the service has no line for the request, so it never read it: the service closed a kept-alive connection as nginx reused it ({others} other requests met the same close), its keep-alive timeout is shorter than the gateway's"),
    )
}

/// The instance that closed the traced request's connection was taken out by nginx's passive
/// checks ("upstream server temporarily disabled") again and again in the minutes before, each
/// time after `fail_timeout` had put it back: one instance failing every request it gets, not a
/// moment's race on a kept-alive connection (that hits any instance now and then).
fn flapping(c: &mut Ctx, s: &str) -> Option<Outcome> {
    let server = |t: &str| {
        t.split("upstream: \"http://")
            .nth(1)?
            .split('/')
            .next()
            .map(String::from)
    };
    let addr = c
        .said_by(LogSource::Gateway)
        .find(|l| l.text.contains("upstream prematurely closed connection"))
        .and_then(|l| server(&l.text))?;
    let disabled =
        c.ev.logs
            .iter()
            .filter(|l| l.source == LogSource::Gateway)
            .filter(|l| l.text.contains("upstream server temporarily disabled"))
            .filter(|l| server(&l.text).as_deref() == Some(addr.as_str()))
            .count();
    (disabled >= 3).then(|| {
        c.settle(
            Backend,
            Some("one-instance-unhealthy"),
            format!("{s}: {addr} closed the connection before answering, and nginx's error log shows it \"temporarily disabled\" {disabled} times, once each time fail_timeout put it back: one instance fails every request it is given"),
        )
    })
}
