//! The live-chat flow: the visitor's browser opens a WebSocket through the load balancer, then
//! messages, heartbeats and (with a short idle timeout) a dropped connection.

use super::common::*;
use super::Ran;
use crate::layers::{call, Agent, Call};
use crate::model::*;
use crate::sim::{Resp, Tb};
use crate::util;
use crate::world::*;
use Layer::*;

pub(super) fn live_chat(w: &World, tb: &mut Tb) -> Ran {
    let url = format!("wss://{RT_HOST}/v1/socket?token={}", w.client.token);
    let key = util::base64(tb.rng.hex(16).as_bytes())
        .chars()
        .take(22)
        .collect::<String>()
        + "==";
    let req = HttpRequest {
        method: "GET".into(),
        url: url.clone(),
        http_version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), RT_HOST.into()),
            ("Origin".into(), "https://www.example.com".into()),
            ("Upgrade".into(), "websocket".into()),
            ("Connection".into(), "Upgrade".into()),
            ("Sec-WebSocket-Key".into(), key.clone()),
            ("Sec-WebSocket-Version".into(), "13".into()),
            ("User-Agent".into(), crate::runtime::CHROME_UA.into()),
        ],
        body: None,
    };
    let shown = format!("wss://{RT_HOST}/v1/socket?token={}", short(&w.client.token));
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Realtime,
            agent: Agent::Browser,
            req,
            show_path: true,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: "203.0.113.45",
        },
        &mut |tb, r, _| rt_handshake(w, tb, r, &key),
    );
    add_token_artifact(w, tb, &w.client.token);
    let client = ClientView {
        kind: "browser".into(),
        action: format!("Visitor opens the chat widget (new WebSocket('{shown}'))"),
    };
    let story = |o: &str| Story {
        since: String::new(),
        context: "Visitors report problems with the live chat widget.".into(),
        expected: "The widget connects and messages flow both ways instantly for the whole chat."
            .into(),
        actual: o.to_string(),
    };
    let ok = out.resp.as_ref().map(|r| r.status == 101).unwrap_or(false);
    if !ok {
        let why = match (&out.resp, &out.error) {
            (Some(r), _) => format!(
                "Error during WebSocket handshake: Unexpected response code: {}",
                r.status
            ),
            (None, Some(e)) => e.clone(),
            _ => String::new(),
        };
        let line = format!("WebSocket connection to '{shown}' failed: {why}");
        tb.log(LogSource::Client, Level::Error, line.clone());
        return Ran {
            story: story(&format!(
                "The widget shows 'Reconnecting…'. Console: {line}"
            )),
            client,
            outcome: line,
        };
    }
    let conn = tb.rng.alnum(8);
    tb.log(
        LogSource::Realtime,
        Level::Info,
        format!("ws open conn={conn} user=visitor-{} via lb", w.customer_id),
    );
    let lag = w.realtime.lag_ms + w.net.one_way_ms;
    tb.advance(1200);
    tb.ev(
        Client,
        Realtime,
        EventKind::Request,
        "frame text {\"type\":\"message\",\"text\":\"Hi, is my loan approved?\"}",
    );
    tb.advance(lag);
    let e = tb.ev(
        Realtime,
        Client,
        EventKind::Response,
        format!("frame text {{\"type\":\"ack\"}} after {lag} ms"),
    );
    if w.realtime.lag_ms > 1000 {
        tb.fail(e, Realtime);
        tb.log(LogSource::Realtime, Level::Warn, format!("event loop lag {} ms (threshold 500 ms); outbound queue 18k frames; connections 48211", w.realtime.lag_ms));
    }
    tb.advance(4000);
    tb.ev(Realtime, Client, EventKind::Response, "frame text {\"type\":\"message\",\"from\":\"agent\",\"text\":\"Let me check that for you.\"}");
    // Then the visitor reads and goes quiet: idle connection.
    let idle = w.gateway.ws_idle_timeout_s;
    if idle < w.realtime.heartbeat_s {
        tb.advance(idle * 1000);
        tb.log(LogSource::LoadBalancer, Level::Info, format!("{} conn to {} idle for {idle}s (idle_timeout={idle}s): closing client and upstream connections", util::iso_s(tb.now_ms()), w.client.public_ip));
        let e = tb.ev(
            Gateway,
            Client,
            EventKind::Error,
            "TCP connection closed by load balancer (no close frame)",
        );
        let o = format!(
            "The chat drops with 'Connection lost' whenever the visitor is quiet for {idle} s."
        );
        return stop_at(
            tb,
            e,
            Client,
            [
                (LogSource::Client, Level::Error, format!("WebSocket connection to '{shown}' closed: code 1006 (abnormal closure), {idle}.0 s after the last frame")),
                (
                    LogSource::Realtime,
                    Level::Info,
                    "ws close conn reason=\"socket hang up\" code=1006 heartbeat_interval=25s".to_string(),
                ),
            ],
            Ran {
                story: story(&o),
                client,
                outcome: o,
            },
        );
    }
    tb.advance(w.realtime.heartbeat_s * 1000);
    tb.ev(
        Realtime,
        Client,
        EventKind::Internal,
        "ping / pong (heartbeat)",
    );
    let o = if w.realtime.lag_ms > 1000 {
        format!("Messages arrive about {} s late.", (lag + 500) / 1000)
    } else {
        "Connected; messages flowed both ways.".to_string()
    };
    Ran {
        story: story(&o),
        client,
        outcome: o,
    }
}

fn rt_handshake(w: &World, tb: &mut Tb, r: &HttpRequest, key: &str) -> Resp {
    tb.advance(2);
    tb.ev(
        Gateway,
        Auth,
        EventKind::Request,
        "Validate token from the query string",
    );
    let tok = r.url.split("token=").nth(1).unwrap_or("");
    let lb_line = |tb: &mut Tb, st: u16| {
        tb.log(LogSource::LoadBalancer, if st >= 400 { Level::Warn } else { Level::Info }, format!(
            "{} \"GET /v1/socket HTTP/1.1\" {st} upstream=realtime-v1 client={} upgrade=websocket traceparent={}",
            util::iso_s(tb.now_ms()), w.client.public_ip, tb.root_traceparent()
        ));
    };
    if let Err(e) = w.auth.verify(tok, tb.now_ms(), &w.auth.audience) {
        let desc = match e {
            crate::layers::auth::TokenErr::Expired { ago_s } => {
                tb.log(LogSource::Auth, Level::Warn, format!("authn result=invalid_token reason=\"token expired {ago_s} s ago\" path=/v1/socket"));
                "The access token expired".to_string()
            }
            e @ (crate::layers::auth::TokenErr::NotYetValid { .. }
            | crate::layers::auth::TokenErr::UnknownKid { .. }) => {
                let (desc, reason) = e.described();
                tb.log(
                    LogSource::Auth,
                    Level::Warn,
                    format!("authn result=invalid_token {reason} path=/v1/socket"),
                );
                desc
            }
            _ => {
                tb.log(
                    LogSource::Auth,
                    Level::Warn,
                    "authn result=invalid_token reason=\"token rejected\" path=/v1/socket"
                        .to_string(),
                );
                "The access token is invalid".to_string()
            }
        };
        tb.ev(
            Auth,
            Gateway,
            EventKind::Error,
            format!("Token rejected: {desc}"),
        );
        lb_line(tb, 401);
        return Resp::problem(401, "unauthorized", &format!("{desc}."), "/v1/socket").h(
            "WWW-Authenticate",
            format!("Bearer error=\"invalid_token\", error_description=\"{desc}\""),
        );
    }
    if !w.gateway.ws_upgrade_forwarded {
        return upgrade_dropped(tb, lb_line);
    }
    tb.ev(
        Gateway,
        Realtime,
        EventKind::Request,
        "Upgrade forwarded to realtime-v1",
    );
    tb.advance(w.realtime.lag_ms.min(30) + 3);
    lb_line(tb, 101);
    let accept = util::base64(&util::sha1(
        format!("{key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11").as_bytes(),
    ));
    let mut r = Resp::new(101);
    r.headers = vec![
        ("Upgrade".into(), "websocket".into()),
        ("Connection".into(), "Upgrade".into()),
        ("Sec-WebSocket-Accept".into(), accept.into()),
    ];
    r
}

/// The load balancer's socket location lost its upgrade settings: nginx proxies the handshake as
/// a plain HTTP/1.0 GET without the hop-by-hop Upgrade and Connection headers, and the realtime
/// service, which only speaks WebSocket on /v1/socket, answers 426 (RFC 9110 §15.5.22).
fn upgrade_dropped(tb: &mut Tb, lb_line: impl Fn(&mut Tb, u16)) -> Resp {
    tb.ev(
        Gateway,
        Realtime,
        EventKind::Request,
        "proxy_pass GET /v1/socket → realtime-v1 as HTTP/1.0, without Upgrade and Connection",
    );
    tb.advance(3);
    tb.log(
        LogSource::Realtime,
        Level::Warn,
        "http GET /v1/socket HTTP/1.0 426: not a WebSocket upgrade request (no \"Upgrade: websocket\" header)".to_string(),
    );
    tb.ev(
        Realtime,
        Gateway,
        EventKind::Response,
        "426 Upgrade Required",
    );
    lb_line(tb, 426);
    Resp::text(426, "text/plain", "Upgrade Required").h("Upgrade", "websocket")
}
