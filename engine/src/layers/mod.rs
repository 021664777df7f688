//! One module per layer (state + behaviour), plus the transport that strings DNS → TCP → TLS → HTTP.

pub mod auth;
pub mod auth_code;
pub mod backend;
pub mod crm;
pub mod crm_records;
pub mod database;
pub mod delivery_queue;
pub mod dns;
pub mod edge;
pub mod exports;
pub mod gateway;
pub mod integration;
pub mod network;
pub mod pages;
pub mod realtime;
pub mod support_desk;
pub mod tls;
pub mod trust_store;
pub mod webhook;
pub mod webhook_receiver;
pub mod webhook_verify;

use crate::model::*;
use crate::runtime::{self, Failure, Target};
use crate::sim::Tb;
use crate::world::World;

/// How long the clients that set a connect timeout allow for connecting (curl's
/// `--connect-timeout 10` in the commands shown, and the HTTP libraries' connect timeouts in the
/// code the runtimes show).
pub const CONNECT_TIMEOUT_MS: i64 = 10_000;
/// A Linux host's own limit on a connect nobody answers: the SYN and its 6 retransmissions
/// (`net.ipv4.tcp_syn_retries`), 1 s doubling, then a last 64 s wait.
pub const LINUX_CONNECT_MS: i64 = 127_000;
/// Windows' limit: the SYN and 2 retransmissions, 3 s doubling (3 + 6 + 12 s).
pub const WINDOWS_CONNECT_MS: i64 = 21_000;

/// How long `agent` waits for a TCP connection before it gives up. axios arms its `timeout`
/// only once the socket has connected (Node's `request.setTimeout`), so a script on a Linux
/// server waits out the kernel's SYN retries; Chrome and Postman on the agents' Windows
/// desktops have no connect timeout of their own either. The others set one.
pub fn connect_limit(agent: Agent, timeout_ms: i64) -> i64 {
    match agent {
        Agent::NodeScript => LINUX_CONNECT_MS,
        Agent::Browser | Agent::Postman => WINDOWS_CONNECT_MS,
        _ => timeout_ms.min(CONNECT_TIMEOUT_MS),
    }
}

/// Who makes a call: decides how failures below HTTP are worded.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Agent {
    Curl,
    Browser,
    /// Server-side HTTP library (platform workers, webhook receiver).
    Node,
    /// A learner's script or tool: axios on Node, requests, java.net.http (or Java 7's
    /// HttpsURLConnection), Guzzle, Postman. Their wording is in [`crate::runtime`].
    NodeScript,
    Python,
    Java,
    LegacyJava,
    Php,
    Postman,
}

pub struct Call<'a> {
    pub from: Layer,
    pub to: Layer,
    pub agent: Agent,
    pub req: HttpRequest,
    /// Whether DNS/TCP/TLS get their own boxes in this flow's diagram.
    pub show_path: bool,
    pub timeout_ms: i64,
    pub attempt: Option<u32>,
    pub peer_ip: &'a str,
}

pub struct Outcome {
    pub ex: usize,
    pub resp: Option<HttpResponse>,
    pub error: Option<String>,
}

/// A server's handler: gets the request and the caller's IP, advances `tb.t` by its work.
pub type Handler<'h> = &'h mut dyn FnMut(&mut Tb, &HttpRequest, &str) -> Resp;
use crate::sim::Resp;

pub fn split_url(url: &str) -> (bool, String, u16, String) {
    let (tls, host, port, path) = split_url_ref(url);
    (tls, host.to_string(), port, path.to_string())
}

/// [`split_url`] without copying: the host and the path (`/` when there is none) as slices.
pub fn split_url_ref(url: &str) -> (bool, &str, u16, &str) {
    let (tls, rest) = if let Some(r) = url.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("wss://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("ws://") {
        (false, r)
    } else {
        (false, url.strip_prefix("http://").unwrap_or(url))
    };
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match hostport.split_once(':') {
        Some((h, p)) => (h, p.parse().unwrap_or(if tls { 443 } else { 80 })),
        None => (hostport, if tls { 443 } else { 80 }),
    };
    (tls, host, port, path)
}

#[allow(clippy::too_many_arguments)] // one value per part of the message
fn below_http_error(
    agent: Agent,
    kind: &str,
    url: &str,
    host: &str,
    ip: &str,
    port: u16,
    ms: i64,
    w: &World,
) -> String {
    let sans = || {
        w.tls_for(host)
            .map(|t| {
                t.cert
                    .sans
                    .iter()
                    .map(|s| format!("DNS:{s}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    };
    let failure = match kind {
        "nx" => Failure::NxDomain,
        "servfail" => Failure::ServFail,
        "refused" => Failure::Refused,
        "timeout" => Failure::ConnectTimeout,
        "read-timeout" => Failure::ReadTimeout,
        "tls-timeout" => Failure::HandshakeTimeout,
        "proxy" => Failure::ProxyDenied,
        "proxy-auth" => Failure::ProxyAuthRequired,
        "expired" => Failure::Expired,
        "not-yet-valid" => Failure::NotYetValid,
        "self-signed" => Failure::SelfSigned,
        "self-signed-chain" => Failure::SelfSignedInChain,
        "issuer" => Failure::UnknownIssuer,
        "root" => Failure::UntrustedRoot,
        "host" => Failure::HostMismatch,
        _ => Failure::Version,
    };
    if !matches!(agent, Agent::Curl | Agent::Browser | Agent::Node) {
        let curl = below_http_error(Agent::Curl, kind, url, host, ip, port, ms, w);
        let target = Target {
            host,
            ip,
            port,
            url,
            tls: url.starts_with("https://") || url.starts_with("wss://"),
            ms,
            sans: &sans(),
            curl: &curl,
        };
        if let Some(text) = runtime::transport_error(agent, failure, &target) {
            // The JVM names the options it picked up from the environment before anything else.
            if agent == Agent::Java && agent == w.client.agent && !w.client.sends_sni {
                return format!(
                    "Picked up JAVA_TOOL_OPTIONS: -Djsse.enableSNIExtension=false\n{text}"
                );
            }
            return text;
        }
    }
    match (agent, kind) {
        (Agent::Curl, "nx" | "servfail") => format!("curl: (6) Could not resolve host: {host}"),
        (Agent::Curl, "refused") => format!("curl: (7) Failed to connect to {host} port {port} after {ms} ms: Couldn't connect to server"),
        (Agent::Curl, "timeout") => format!("curl: (28) Failed to connect to {host} port {port} after {} ms: Timeout was reached", ms + 2),
        (Agent::Curl, "empty") => "curl: (52) Empty reply from server".into(),
        (Agent::Curl, "tls-timeout") => "curl: (28) SSL connection timeout".into(),
        (Agent::Curl, "read-timeout") => format!("curl: (28) Operation timed out after {} milliseconds with 0 bytes received", ms + 1),
        (Agent::Curl, "proxy") => "curl: (56) CONNECT tunnel failed, response 403".into(),
        (Agent::Curl, "proxy-auth") => "curl: (56) CONNECT tunnel failed, response 407".into(),
        (Agent::Curl, "expired") => "curl: (60) SSL certificate problem: certificate has expired".into(),
        (Agent::Curl, "not-yet-valid") => "curl: (60) SSL certificate problem: certificate is not yet valid".into(),
        (Agent::Curl, "self-signed") => "curl: (60) SSL certificate problem: self-signed certificate".into(),
        (Agent::Curl, "self-signed-chain") => "curl: (60) SSL certificate problem: self-signed certificate in certificate chain".into(),
        (Agent::Curl, "issuer" | "root") => "curl: (60) SSL certificate problem: unable to get local issuer certificate".into(),
        (Agent::Curl, "host") => format!("curl: (60) SSL: no alternative certificate subject name matches target host name '{host}'"),
        (Agent::Curl, _) => "curl: (35) OpenSSL/3.0.13: error:0A00042E:SSL routines::tlsv1 alert protocol version".into(),
        (Agent::Browser, "nx" | "servfail") => "net::ERR_NAME_NOT_RESOLVED".into(),
        (Agent::Browser, "refused") => "net::ERR_CONNECTION_REFUSED".into(),
        (Agent::Browser, "timeout") => "net::ERR_CONNECTION_TIMED_OUT".into(),
        (Agent::Browser, "read-timeout" | "tls-timeout") => "net::ERR_TIMED_OUT".into(),
        (Agent::Browser, "empty") => "net::ERR_EMPTY_RESPONSE".into(),
        (Agent::Browser, "proxy") => "net::ERR_TUNNEL_CONNECTION_FAILED".into(),
        (Agent::Browser, "expired" | "not-yet-valid") => "net::ERR_CERT_DATE_INVALID".into(),
        (Agent::Browser, "self-signed" | "self-signed-chain" | "issuer" | "root") => "net::ERR_CERT_AUTHORITY_INVALID".into(),
        (Agent::Browser, "host") => "net::ERR_CERT_COMMON_NAME_INVALID".into(),
        (Agent::Browser, _) => "net::ERR_SSL_VERSION_OR_CIPHER_MISMATCH".into(),
        (Agent::Node, "nx") => format!("getaddrinfo ENOTFOUND {host}"),
        (Agent::Node, "servfail") => format!("getaddrinfo EAI_AGAIN {host}"),
        (Agent::Node, "refused") => format!("connect ECONNREFUSED {ip}:{port}"),
        (Agent::Node, "timeout") => format!("connect ETIMEDOUT {ip}:{port}"),
        (Agent::Node, "read-timeout" | "tls-timeout") => format!("timeout of {ms}ms exceeded (ECONNABORTED)"),
        (Agent::Node, "empty") => "socket hang up (ECONNRESET)".into(),
        (Agent::Node, "proxy") => "tunneling socket could not be established, statusCode=403".into(),
        (Agent::Node, "proxy-auth") => "tunneling socket could not be established, statusCode=407".into(),
        (Agent::Node, "expired") => "certificate has expired (CERT_HAS_EXPIRED)".into(),
        (Agent::Node, "not-yet-valid") => "certificate is not yet valid (CERT_NOT_YET_VALID)".into(),
        (Agent::Node, "self-signed") => "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)".into(),
        (Agent::Node, "self-signed-chain") => "self-signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)".into(),
        (Agent::Node, "issuer") => "unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)".into(),
        (Agent::Node, "root") => "unable to get local issuer certificate (UNABLE_TO_GET_ISSUER_CERT_LOCALLY)".into(),
        (Agent::Node, "host") => {
            let sans = sans();
            format!("Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames: {sans} (ERR_TLS_CERT_ALTNAME_INVALID)")
        }
        (_, _) => "write EPROTO SSL routines:ssl3_read_bytes:tlsv1 alert protocol version".into(),
    }
}

/// Ends an exchange that got no HTTP response: the error event (`hop`: where it surfaced → the
/// client), the timings so far and the client's error text.
fn client_error(tb: &mut Tb, ex: usize, t: Timings, hop: (Layer, Layer), text: String) -> Outcome {
    let e = tb.ev_ex(hop.0, hop.1, EventKind::Error, text.clone(), ex, None);
    tb.fail(e, hop.1);
    tb.exchanges[ex].timings = t;
    tb.exchanges[ex].client_error = Some(text.clone());
    Outcome {
        ex,
        resp: None,
        error: Some(text),
    }
}

/// Runs one HTTP exchange end to end and records it. Connection phases come from the world's
/// DNS, network and TLS state; the response comes from `handler`.
pub fn call(w: &World, tb: &mut Tb, c: Call, handler: Handler) -> Outcome {
    call_on(w, tb, c, handler, false)
}

/// [`call`] on the connection the client's previous request to the same origin opened and
/// left open (Chrome's HTTP/2 connection, which its CORS preflight opened, carries the call
/// after it: neither sends credentials, so they share a socket pool). No lookup, no connect,
/// no handshake: the exchange's `dns`, `connect` and `ssl` are -1 (HAR's "does not apply"),
/// and the timeline has no events for them.
pub fn call_reusing(w: &World, tb: &mut Tb, c: Call, handler: Handler) -> Outcome {
    call_on(w, tb, c, handler, true)
}

/// [`call`], on a new connection or (`reuse`) on one already open.
fn call_on(w: &World, tb: &mut Tb, mut c: Call, handler: Handler, reuse: bool) -> Outcome {
    // The request goes into the exchange as it was sent, once the exchange is over (the
    // handler reads it meanwhile), instead of a copy of it at the start.
    let none = HttpRequest {
        method: String::new(),
        url: String::new(),
        http_version: String::new(),
        headers: vec![],
        body: None,
    };
    let req = std::mem::replace(&mut c.req, none);
    let out = exchange(w, tb, &c, &req, handler, reuse);
    tb.exchanges[out.ex].request = req;
    out
}

/// What opening a connection came to: the address reached, the one the request is for (the
/// same but behind a proxy) and what failed, if anything (its kind, the address and the ms
/// the error message gives).
struct Opened {
    ip: String,
    reached_ip: String,
    err: Option<(&'static str, String, i64)>,
}

/// [`call`], the request borrowed: the exchange is recorded with an empty one. `reuse`: the
/// request goes on a connection already open ([`call_reusing`]).
fn exchange(
    w: &World,
    tb: &mut Tb,
    c: &Call,
    req: &HttpRequest,
    handler: Handler,
    reuse: bool,
) -> Outcome {
    let (tls_on, host, port, _) = split_url_ref(&req.url);
    let host = host.to_string();
    let start_t = tb.t;
    let first_ev = tb.events.len();
    let ex = tb.exchanges.len();
    // Room for two (a token request and the call): the standard first step, four exchanges
    // of nearly 400 bytes, is an allocation big enough to make glibc consolidate its free lists.
    if tb.exchanges.capacity() == 0 {
        tb.exchanges.reserve_exact(2);
    }
    tb.exchanges.push(Exchange {
        from: c.from,
        to: c.to,
        // `c.req` is the empty stand-in until [`call`] puts the request in.
        request: c.req.clone(),
        response: None,
        client_error: None,
        timings: Timings::NOT_APPLICABLE,
        started_at: tb.iso(),
        t_ms: tb.t,
        server_ip: None,
        server_port: Some(port),
        attempt: c.attempt,
    });
    let mut t = Timings {
        blocked: tb.rng.range(0, 2),
        ..Timings::NOT_APPLICABLE
    };
    // Time queued before the connection starts is real time too.
    tb.advance(t.blocked);
    let req_line = format!("{} {}", req.method, req.url);
    tb.ev_ex(c.from, c.to, EventKind::Request, req_line, ex, None);
    let Opened {
        ip,
        reached_ip,
        err,
    } = if reuse {
        // The connection is there already. What opening one would draw is drawn all the same
        // and dropped (its events, log lines and time), so the seeded draws keep their order.
        let (at, logs, quiet) = (tb.t, tb.logs.len(), tb.quiet);
        tb.quiet = true;
        let mut scratch = t;
        let o = open(w, tb, c, &host, port, tls_on, start_t, &mut scratch);
        (tb.t, tb.quiet) = (at, quiet);
        tb.logs.truncate(logs);
        Opened { err: None, ..o }
    } else {
        open(w, tb, c, &host, port, tls_on, start_t, &mut t)
    };
    if !c.show_path {
        for e in &mut tb.events[first_ev..] {
            if matches!(e.to, Layer::Dns | Layer::Network | Layer::Tls) {
                e.to = c.to;
            }
        }
    }
    tb.exchanges[ex].server_ip = Some(reached_ip).filter(|i| !i.is_empty());
    if let Some((kind, ip, ms)) = err {
        let elapsed = tb.t - start_t;
        let text = below_http_error(
            c.agent,
            kind,
            &req.url,
            &host,
            &ip,
            port,
            if kind == "timeout" || kind == "tls-timeout" {
                ms
            } else {
                elapsed.max(1)
            },
            w,
        );
        let to = if c.show_path {
            match kind {
                "nx" | "servfail" => Layer::Dns,
                "refused" | "timeout" | "proxy" | "proxy-auth" => Layer::Network,
                _ => Layer::Tls,
            }
        } else {
            c.to
        };
        return client_error(tb, ex, t, (to, c.from), text);
    }
    t.send = tb.rng.range(0, 2)
        + req
            .body
            .as_ref()
            .map(|b| b.len() as i64 / 4000)
            .unwrap_or(0);
    tb.advance(t.send + w.net.one_way_ms);
    let before = tb.t;
    tb.on_open_connection = reuse;
    let r = handler(tb, req, c.peer_ip);
    tb.on_open_connection = false;
    let server_ms = tb.t - before;
    // HAR `wait`: from the last byte sent to the first byte back, i.e. the request's trip to the
    // server, the server's work and the response's trip back.
    let wait = w.net.one_way_ms + server_ms + w.net.one_way_ms;
    if wait > c.timeout_ms {
        // The client gave up first; whatever the server did later is only in its logs.
        tb.t = before + c.timeout_ms - w.net.one_way_ms;
        t.wait = c.timeout_ms;
        // curl reports the time it waited; axios-style libraries report their configured timeout.
        let ms = if c.agent == Agent::Curl || c.agent == Agent::Browser {
            tb.t - start_t
        } else {
            c.timeout_ms
        };
        let text = below_http_error(c.agent, "read-timeout", &req.url, &host, &ip, port, ms, w);
        return client_error(tb, ex, t, (c.to, c.from), text);
    }
    tb.advance(w.net.one_way_ms);
    t.wait = wait;
    if r.close_without_reply {
        // The server hung up without a status line: the client has nothing but its own words.
        let text = below_http_error(c.agent, "empty", &req.url, &host, &ip, port, wait, w);
        return client_error(tb, ex, t, (c.to, c.from), text);
    }
    let head = req.method == "HEAD";
    let resp = r.finish(tb.now_ms(), &req.http_version, head);
    t.receive = 1 + resp
        .body
        .as_ref()
        .map(|b| b.len() as i64 / 20_000)
        .unwrap_or(0);
    tb.advance(t.receive);
    let status = resp.status;
    let e = tb.ev_ex(
        c.to,
        c.from,
        EventKind::Response,
        format!("{} {}", status, resp.reason),
        ex,
        Some(status),
    );
    // 300 Multiple Choices: several answers where one was asked for, so none.
    if status >= 400 || status == 300 {
        tb.fail(e, c.to);
    }
    tb.exchanges[ex].timings = t;
    tb.exchanges[ex].response = Some(resp.clone());
    Outcome {
        ex,
        resp: Some(resp),
        error: None,
    }
}

/// Opens the connection `c` needs to `host`:`port` (DNS, TCP, TLS when `tls_on`), its phases'
/// ms into `t`, its events on the timeline.
#[allow(clippy::too_many_arguments)] // the call, where it goes, and what it has taken so far
fn open(
    w: &World,
    tb: &mut Tb,
    c: &Call,
    host: &str,
    port: u16,
    tls_on: bool,
    start_t: i64,
    t: &mut Timings,
) -> Opened {
    let mut err: Option<(&'static str, String, i64)> = None;
    let mut ip = String::new();
    // Behind an explicit proxy the client resolves only the proxy; the proxy resolves the target.
    let proxied = w.net.proxy.as_ref().filter(|_| c.from == Layer::Client);
    let lookup = proxied.map_or(host, |p| p.host.split(':').next().unwrap_or(""));
    match w.dns.resolve(tb, c.from, lookup) {
        dns::Resolved::NxDomain { ms } => {
            t.dns = ms;
            tb.advance(ms);
            err = Some(("nx", String::new(), ms));
        }
        dns::Resolved::ServFail { ms } => {
            t.dns = ms;
            tb.advance(ms);
            err = Some(("servfail", String::new(), ms));
        }
        dns::Resolved::Ok { ip: i, ms, .. } => {
            t.dns = ms;
            tb.advance(ms);
            ip = i;
        }
    }
    let reached_ip = ip.clone();
    if proxied.is_some() && err.is_none() {
        ip = w
            .dns
            .zone
            .get(host)
            .map_or_else(String::new, |i| i.to_string());
    }
    if err.is_none() {
        let limit = connect_limit(c.agent, c.timeout_ms);
        match w.net.connect(tb, c.from, host, &ip, port, limit) {
            network::Connected::Ok { ms } => {
                t.connect = ms;
                tb.advance(ms);
            }
            network::Connected::Refused { ms } => {
                t.connect = ms;
                tb.advance(ms);
                err = Some(("refused", ip.clone(), ms));
            }
            network::Connected::TimedOut { ms } => {
                t.connect = ms;
                tb.advance(ms);
                err = Some(("timeout", ip.clone(), ms));
            }
            network::Connected::ProxyDenied { ms, status, .. } => {
                t.connect = ms;
                tb.advance(ms);
                let kind = if status == 407 { "proxy-auth" } else { "proxy" };
                err = Some((kind, ip.clone(), ms));
            }
        }
    }
    if err.is_none() && tls_on && w.net.blackholes_large(c.from) {
        // The ClientHello is small and gets through; the server's first flight fills
        // full-size segments, which the tunnel cannot carry, and the gateway's "fragmentation
        // needed" is dropped, so the server retransmits them unchanged until the client gives up.
        tb.ev(
            c.from,
            Layer::Tls,
            EventKind::Error,
            format!("TLS ClientHello to {host}: no ServerHello"),
        );
        let elapsed = tb.t - start_t;
        // libcurl's connect timeout covers the handshake from the start of the transfer; the
        // socket requests reads the handshake on keeps the connect timeout; axios and Postman
        // arm their one timeout for the whole request.
        let wait = match c.agent {
            Agent::Curl | Agent::Php => CONNECT_TIMEOUT_MS - elapsed,
            Agent::Python => CONNECT_TIMEOUT_MS,
            _ => c.timeout_ms - elapsed,
        }
        .max(1);
        // The server's retransmission timer: 1 s, then doubling, each resend meeting the tunnel
        // and each "fragmentation needed" meeting the firewall.
        let (mut rto, mut gone) = (1_000, w.net.one_way_ms);
        while gone < wait {
            let at = tb.t;
            tb.t = at + gone;
            w.net.log_icmp_drop(tb, &ip, &w.client.public_ip);
            tb.t = at;
            gone += rto;
            rto *= 2;
        }
        t.ssl = wait;
        t.connect += wait;
        tb.advance(wait);
        let ms = match c.agent {
            Agent::Python => CONNECT_TIMEOUT_MS,
            Agent::Curl | Agent::Php | Agent::Browser => tb.t - start_t,
            _ => c.timeout_ms,
        };
        err = Some(("tls-timeout", ip.clone(), ms));
    }
    if err.is_none() && tls_on {
        if let Some(st) = w.tls_met(host, c.from) {
            let (ms, r) = st.handshake(
                tb,
                c.from,
                Layer::Tls,
                host,
                &w.client_tls_for(c.agent),
                tb.now_ms(),
                w.net.one_way_ms,
            );
            t.ssl = ms;
            t.connect += ms;
            tb.advance(ms);
            if let Err(f) = r {
                let k = match f {
                    tls::TlsFail::Expired { .. } => "expired",
                    tls::TlsFail::NotYetValid => "not-yet-valid",
                    tls::TlsFail::SelfSigned => "self-signed",
                    tls::TlsFail::SelfSignedInChain => "self-signed-chain",
                    tls::TlsFail::UnknownIssuer => "issuer",
                    tls::TlsFail::UntrustedRoot => "root",
                    tls::TlsFail::HostMismatch => "host",
                    tls::TlsFail::Version => "version",
                };
                err = Some((k, ip.clone(), ms));
            }
        }
    }
    Opened {
        ip,
        reached_ip,
        err,
    }
}
