//! nginx's passive health checks, as open-source nginx has them (`server … max_fails=1
//! fail_timeout=10s`, the defaults): a request that fails on a server (a connect error, a
//! timeout, a connection closed before the response header) counts as a failure; at
//! `max_fails` nginx logs "upstream server temporarily disabled" and its round robin skips the
//! server for `fail_timeout`, then gives it requests again. A server that keeps failing is taken
//! out, put back, and taken out again: the error log shows it flapping.
//!
//! Only a crash-looping instance (`Backend::crash_looping`) fails this way in the world; every
//! other request passes through here untouched.

use super::incoming::{bytes, Incoming};
use super::keepalive::{Sent, PREMATURE};
use super::{Gateway, Upstream};
use crate::layers::auth::Claims;
use crate::model::{EventKind, HttpRequest, Layer};
use crate::sim::{Resp, Tb, FAIL_TIMEOUT_MS};
use crate::world::{World, API_HOST};

const DISABLED: &str =
    "upstream server temporarily disabled while reading response header from upstream";

/// How many earlier times the history shows the instance taken out (about three minutes).
const EARLIER_FLAPS: usize = 12;

impl Gateway {
    /// The passive checks on the server `sent` names: a server held down is skipped for the next
    /// one in the group that is not; a crash-looping one fails the request, is taken out, and
    /// the request goes on to the next server as `proxy_next_upstream error` has it (a POST,
    /// PATCH or LOCK, already sent, gets 502 instead).
    pub(super) fn passive_checks<'u>(
        &self,
        tb: &mut Tb,
        inc: &Incoming,
        up: &'u Upstream,
        mut sent: Sent<'u>,
    ) -> Result<Sent<'u>, Resp> {
        let w = inc.w;
        if w.backend.crash_looping.is_empty() {
            return Ok(sent);
        }
        sent.server = live_server(tb, up, sent.server, &[]);
        if !w.backend.crash_looping.iter().any(|s| s == sent.server) {
            return Ok(sent);
        }
        // The instance dies on the request at once: `$upstream_response_time` 0.001, as
        // `relay_after` writes it for a server tried before.
        tb.advance(1);
        let target = format!("http://{}{}", sent.server, inc.full);
        inc.err_log(tb, "error", PREMATURE, Some(&target));
        inc.err_log(tb, "warn", DISABLED, Some(&target));
        tb.servers_down_at.push((sent.server.to_string(), tb.t));
        tb.ev(
            Layer::Backend,
            Layer::Gateway,
            EventKind::Error,
            format!(
                "upstream prematurely closed connection; {} temporarily disabled",
                sent.server
            ),
        );
        sent.stale.push(sent.server);
        let once = matches!(inc.req.method.as_str(), "POST" | "PATCH" | "LOCK");
        let next = live_server(tb, up, sent.stale[0], &sent.stale);
        if once || sent.stale.contains(&next) {
            let r = Resp::nginx(502);
            let times = vec!["0.001"; sent.stale.len()].join(", ");
            inc.access(tb, 502, bytes(&r), &sent.stale.join(", "), &times);
            return Err(inc.with_id(tb, r));
        }
        sent.server = next;
        tb.ev(
            Layer::Gateway,
            Layer::Backend,
            EventKind::Request,
            format!(
                "proxy_next_upstream {} {} → {} ({})",
                inc.req.method, inc.path, up.name, sent.server
            ),
        );
        Ok(sent)
    }
}

/// `server` if nginx holds it up, else the next server of the group (in its order) that is
/// neither held down nor already `tried`; `server` itself when there is none.
fn live_server<'u>(tb: &Tb, up: &'u Upstream, server: &'u str, tried: &[&str]) -> &'u str {
    let down = |s: &str| {
        tried.contains(&s)
            || tb
                .servers_down_at
                .iter()
                .any(|(d, at)| d == s && (*at..*at + FAIL_TIMEOUT_MS).contains(&tb.t))
    };
    if !down(server) {
        return server;
    }
    let at = up.servers.iter().position(|s| s == server).unwrap_or(0);
    (1..up.servers.len())
        .map(|k| &up.servers[(at + k) % up.servers.len()])
        .find(|s| !down(s))
        .map_or(server, |s| &**s)
}

/// The header block of a request from one of the platform's own services (the reporting and
/// webchat services, on okhttp 4.12) to the API, with `authorization` and, for a write, the JSON
/// body's length. Ordered as okhttp sends it: the headers the service sets (Accept,
/// Authorization), the body's, then those okhttp's bridge adds when missing (Host, Connection,
/// Accept-Encoding, User-Agent). They are not instrumented, so none sends a `traceparent`: the
/// gateway starts the trace for each request.
pub fn service_headers(authorization: &str, json_body_len: Option<usize>) -> Vec<(String, String)> {
    let mut headers = vec![
        ("Accept".into(), "application/json".into()),
        ("Authorization".into(), authorization.into()),
    ];
    if let Some(len) = json_body_len {
        headers.push(("Content-Type".into(), "application/json".into()));
        headers.push(("Content-Length".into(), len.to_string()));
    }
    headers.extend([
        ("Host".into(), API_HOST.into()),
        ("Connection".into(), "Keep-Alive".into()),
        ("Accept-Encoding".into(), "gzip".into()),
        ("User-Agent".into(), "okhttp/4.12.0".into()),
    ]);
    headers
}

/// Where [`service_headers`] puts `Authorization`: the reporting service rewrites it in place.
pub const AUTHORIZATION_AT: usize = 1;

/// The minutes before the traced request, as the gateway lived them: each time the crash-looping
/// instance came back from `fail_timeout`, the next request round robin gave it (a chat read,
/// or now and then a new chat) failed on it and took it out again. Each is a real request from
/// another client, run through the gateway at its moment. The traced request is the first the
/// instance got after its last time out.
pub fn history(w: &World, tb: &mut Tb) {
    let Some((bad, traced_at)) = tb.servers_down_at.first().cloned() else {
        return;
    };
    let Some(up) = w
        .gateway
        .upstreams
        .iter()
        .find(|u| u.servers.iter().any(|s| *s == *bad))
    else {
        return;
    };
    // The last time out ends just before the traced request: the instance is back for it.
    let mut at = traced_at - FAIL_TIMEOUT_MS - 1;
    let mut flaps = vec![at];
    for _ in 1..EARLIER_FLAPS {
        // Back after `fail_timeout`, it waits for its turn: the next request round robin gives it.
        at -= FAIL_TIMEOUT_MS + tb.rng.range(150, 2_400);
        flaps.push(at);
    }
    let ips = [
        "198.51.100.14",
        "203.0.113.9",
        "203.0.113.120",
        "198.51.100.63",
    ];
    let last = flaps[0];
    for t in flaps.into_iter().rev() {
        let write = tb.rng.range(0, 2) == 0;
        let ip = *tb.rng.pick(&ips);
        let mut other = Tb::new(tb.rng.next_u64(), tb.epoch_ms);
        other.t = t;
        // Its turn in the group falls on the instance.
        let turn = (0..up.servers.len() as i64)
            .find(|k| up.server_at(*k) == bad)
            .unwrap_or(0);
        other.rr_turns = vec![(up.name.clone(), turn)];
        other.servers_down_at = std::mem::take(&mut tb.servers_down_at);
        let iat = (tb.epoch_ms + t) / 1000 - tb.rng.range(60, 3000);
        let (who, scope) = if write {
            ("svc-webchat", "read:customers write:chats")
        } else {
            ("svc-reporting", "read:customers")
        };
        let token = w.auth.mint(&Claims {
            sub: who.into(),
            client_id: who.into(),
            aud: w.auth.audience.clone(),
            iat,
            exp: iat + w.auth.ttl_s,
            jti: tb.rng.hex(16),
            scope: scope.into(),
        });
        // Not instrumented: no `traceparent`; the gateway starts the trace (the span is drawn
        // here, where the header's was).
        other.start_span_at_gateway();
        let (method, path, body) = if write {
            let body = format!(
                "{{\"customerId\":\"{}\",\"channel\":\"chat\"}}",
                w.customer_id
            );
            ("POST", "/v2/chats".to_string(), Some(body))
        } else {
            ("GET", format!("/v2/chats/{}", w.chat_id), None)
        };
        let headers = service_headers(&format!("Bearer {token}"), body.as_ref().map(String::len));
        let req = HttpRequest {
            method: method.into(),
            url: format!("https://{API_HOST}{path}"),
            http_version: "HTTP/1.1".into(),
            headers,
            body,
        };
        if t == last {
            // nginx takes it out when the request fails, a few ms after it arrived: the request
            // arrives that much earlier, so the time out ends just before the traced request.
            let mut trial = other.clone();
            w.gateway.handle(w, &mut trial, &req, ip);
            let took = trial.servers_down_at.last().map_or(0, |(_, m)| m - t);
            other.t = t - took;
        }
        w.gateway.handle(w, &mut other, &req, ip);
        tb.servers_down_at = other.servers_down_at;
        tb.logs.append(&mut other.logs);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_services_send_no_traceparent() {
        let h = super::service_headers("Bearer t", None);
        assert!(h
            .iter()
            .all(|(k, _)| !k.eq_ignore_ascii_case("traceparent")));
        assert_eq!(
            h[super::AUTHORIZATION_AT],
            ("Authorization".into(), "Bearer t".into())
        );
    }

    /// okhttp's bridge adds Host, Connection, Accept-Encoding and User-Agent after the headers
    /// the caller set and the body's own.
    #[test]
    fn the_services_headers_are_in_okhttps_order() {
        let names = |h: Vec<(String, String)>| h.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(
            names(super::service_headers("Bearer t", None)),
            [
                "Accept",
                "Authorization",
                "Host",
                "Connection",
                "Accept-Encoding",
                "User-Agent"
            ]
        );
        let write = super::service_headers("Bearer t", Some(47));
        assert_eq!(
            names(write.clone()),
            [
                "Accept",
                "Authorization",
                "Content-Type",
                "Content-Length",
                "Host",
                "Connection",
                "Accept-Encoding",
                "User-Agent"
            ]
        );
        assert_eq!(write[3].1, "47");
    }
}
