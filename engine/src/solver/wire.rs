//! Failures below HTTP: the caller got no response. The error's class (name resolution, TCP,
//! proxy tunnel, TLS, read timeout, CORS) says which layer the request died in; the artefacts
//! (dig, the certificate, the firewall and proxy logs) confirm it or leave it open.

use super::facts::{self, Cert};
use super::{dns_answers, http, Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The class of a client-side error, whatever the client (curl, Chrome, Node) that worded it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Class {
    NoName,
    Refused,
    ConnectTimeout,
    Tunnel,
    CertDates,
    CertUntrusted,
    CertIssuer,
    CertName,
    TlsProtocol,
    ReadTimeout,
    /// Connected and sent the ClientHello; the server's handshake never came back in time.
    HandshakeTimeout,
    EmptyReply,
    Cors,
    Unknown,
}

/// Reads a client's error line, in any runtime's words (curl, Chrome, Node/axios, Postman,
/// Python requests, Java 7 and 21, PHP Guzzle), as the check that failed.
pub(crate) fn classify(err: &str) -> Class {
    let has = |xs: &[&str]| xs.iter().any(|x| err.contains(x));
    if has(&["blocked by CORS policy"]) {
        Class::Cors
    } else if has(&["SSL connection timeout"]) {
        Class::HandshakeTimeout
    } else if has(&[
        "resolve host",
        "NAME_NOT_RESOLVED",
        "ENOTFOUND",
        "EAI_AGAIN",
        "Failed to resolve",
        "UnresolvedAddressException",
        "UnknownHostException",
    ]) {
        Class::NoName
    } else if has(&[
        "Connection refused",
        "Couldn't connect to server",
        "CONNECTION_REFUSED",
        "ECONNREFUSED",
    ]) {
        Class::Refused
    } else if has(&[
        "Connection timed out",
        "Timeout was reached",
        "CONNECTION_TIMED_OUT",
        "ETIMEDOUT",
        "ConnectTimeout",
        "connect timed out",
    ]) {
        Class::ConnectTimeout
    } else if has(&[
        "CONNECT tunnel",
        "TUNNEL_CONNECTION",
        "tunneling socket",
        "Tunnel failed",
        "Tunnel connection failed",
        "Unable to tunnel",
    ]) {
        Class::Tunnel
    } else if has(&[
        "has expired",
        "not yet valid",
        "NOT_YET_VALID",
        "DATE_INVALID",
        "CERT_HAS_EXPIRED",
        "validity check failed",
        "timestamp check failed",
    ]) {
        Class::CertDates
    } else if has(&["self-signed", "SELF_SIGNED"]) {
        Class::CertUntrusted
    } else if has(&[
        "local issuer",
        "first certificate",
        "AUTHORITY_INVALID",
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
        "unable to find valid certification path",
    ]) {
        Class::CertIssuer
    } else if has(&[
        "subject name",
        "COMMON_NAME_INVALID",
        "altnames",
        "Hostname mismatch",
        "No subject alternative DNS name",
    ]) {
        Class::CertName
    } else if has(&[
        "protocol version",
        "protocol_version",
        "PROTOCOL_VERSION",
        "VERSION_OR_CIPHER",
    ]) {
        Class::TlsProtocol
    } else if has(&[
        "Operation timed out",
        "ERR_TIMED_OUT",
        "ms exceeded",
        "Read timed out",
        "request timed out",
        "ESOCKETTIMEDOUT",
    ]) {
        Class::ReadTimeout
    } else if has(&["Empty reply", "EMPTY_RESPONSE", "socket hang up"]) {
        Class::EmptyReply
    } else {
        Class::Unknown
    }
}

/// The resolver answers with an address the authoritative server no longer holds, and the
/// request went to that address.
pub(crate) fn stale_dns(c: &mut Ctx) -> Option<Outcome> {
    let ev = c.ev;
    let x = ev.exchanges.iter().find(|x| x.from == Client)?;
    let host = facts::host(&x.request.url);
    let d = facts::dig(ev, &host)?;
    let (Some(cached), Some(auth)) = (d.resolver, d.authoritative) else {
        return None;
    };
    if cached == auth {
        return None;
    }
    let went = x.server_ip.as_deref();
    if went.is_some() && went != Some(cached.as_str()) {
        return None;
    }
    if d.resolver_aa {
        let own = ev.logs.iter().find(|l| {
            l.source == LogSource::Resolver
                && l.text.contains(&format!("config {host} is {cached}"))
        });
        let why = format!("dig: the caller's resolver answers {host} with {cached} from its own zone data (flag aa: no cache sets it) while the authoritative server says {auth}, and the client went to {cached}");
        return Some(match own {
            Some(l) => c.settle(
                Dns,
                Some("dns-split-horizon"),
                format!("{why}; the resolver's log: {}", l.text),
            ),
            None => c.settle(Dns, Some("dns-split-horizon"), why),
        });
    }
    let dropped = ev.logs.iter().any(|l| {
        l.source == LogSource::Firewall
            && l.text.contains("action=drop")
            && l.text.contains(&format!("dst={cached}:"))
    });
    if dropped {
        return Some(c.tie(
            &[Dns, Network],
            format!("dig: the resolver's answer for {host} ({cached}) differs from the authoritative one ({auth}), and the firewall also drops traffic to {cached}: two causes, each enough alone"),
        ));
    }
    Some(c.settle(
        Dns,
        Some("dns-stale-record"),
        format!("dig: the resolver answers {host} with {cached} but the authoritative server says {auth}, and the client connected to {cached}: a stale cached record"),
    ))
}

pub(crate) fn below_http(c: &mut Ctx, x: &Exchange, err: &str) -> Outcome {
    let mut class = classify(err);
    // axios words a proxy's refusal as a plain HTTP error; the proxy's own log says which.
    if class == Class::Unknown
        && c.ev
            .logs
            .iter()
            .any(|l| l.source == LogSource::Proxy && l.text.contains("DENIED"))
    {
        class = Class::Tunnel;
    }
    if class == Class::Cors {
        return cors(c, x, err);
    }
    // A timeout worded like a slow answer (axios, requests, Postman) that came while the TLS
    // handshake was still under way: nothing was sent yet.
    if class == Class::ReadTimeout && x.timings.ssl >= 0 && x.timings.send < 0 {
        class = Class::HandshakeTimeout;
    }
    if x.to == Webhook {
        return delivery_error(c, x, err, class);
    }
    let host = facts::host(&x.request.url);
    match class {
        Class::NoName => {
            let d = facts::dig(c.ev, &host);
            if let Some(o) = dns_answers::servfail(c, d.as_ref(), &host, err) {
                return o;
            }
            if let Some(o) = dns_answers::dangling(c, d.as_ref(), &host, err) {
                return o;
            }
            match d {
                Some(d) if d.authoritative.is_some() && d.resolver.is_some() => c.open(
                    &[Dns, Client],
                    format!("the client could not resolve {host} ({err}), yet dig resolves it now: a local resolver or a typo in the host"),
                ),
                Some(_) => c.settle(
                    Dns,
                    Some("dns-nxdomain"),
                    format!("name resolution failed ({err}); dig gets NXDOMAIN for {host}, even from the authoritative server"),
                ),
                // Which answer the DNS gives (no record, or an alias to nothing) is dig's to say.
                None => c.settle(
                    Dns,
                    None,
                    format!("name resolution failed ({err}): the lookup ended without an address, before any connection; what the DNS answers for {host} is not shown"),
                ),
            }
        }
        Class::Refused => c.settle(
            Network,
            Some("connection-refused"),
            format!("the address answers the TCP handshake with a reset ({err}): nothing listens on that port"),
        ),
        Class::ConnectTimeout => {
            let ip = x.server_ip.clone().unwrap_or_default();
            let drop = c
                .ev
                .logs
                .iter()
                .find(|l| {
                    l.source == LogSource::Firewall
                        && l.text.contains("action=drop")
                        && !ip.is_empty()
                        && l.text.contains(&format!("dst={ip}:"))
                })
                .map(|l| l.text.clone());
            match drop {
                Some(line) => c.settle(
                    Network,
                    Some("firewall-block"),
                    format!("the connection timed out ({err}) and the firewall logged the drop: {line}"),
                ),
                None => c.open(
                    &[Network, Dns],
                    format!("the connection timed out ({err}), but no firewall line shows a drop and dig agrees with the authoritative server: where the packets go is not shown"),
                ),
            }
        }
        Class::Tunnel => {
            let proxy = c
                .ev
                .logs
                .iter()
                .find(|l| l.source == LogSource::Proxy && l.text.contains("DENIED"))
                .map(|l| l.text.clone());
            // 407: the proxy wants credentials before it looks at the host; 403: its rules deny
            // the host. The client's error names the status (axios's only through the log).
            let auth = err.contains("407")
                || proxy.as_deref().is_some_and(|l| l.contains("TCP_DENIED/407"));
            let why = match (&proxy, auth) {
                (Some(l), true) => format!("the proxy answered the CONNECT with 407 Proxy Authentication Required ({err}): it wants credentials the client does not send; its log: {l}"),
                (None, true) => format!("the proxy answered the CONNECT with 407 Proxy Authentication Required ({err}): it wants credentials the client does not send"),
                (Some(l), false) => format!("the proxy refused the CONNECT tunnel ({err}); its log: {l}"),
                (None, false) => format!("the proxy refused the CONNECT tunnel ({err})"),
            };
            let cause = if auth { "proxy-auth-required" } else { "proxy-interference" };
            c.settle(Network, Some(cause), why)
        }
        Class::CertDates | Class::CertUntrusted | Class::CertIssuer | Class::CertName => {
            tls(c, err, class, &host)
        }
        Class::TlsProtocol => c.settle(
            Tls,
            Some("tls-version-mismatch"),
            format!("the TLS handshake failed on the protocol version ({err}): client and server share no TLS version"),
        ),
        Class::ReadTimeout => read_timeout(c, x, err),
        Class::HandshakeTimeout => handshake_stall(c, x, err, &host),
        Class::EmptyReply => empty_reply(c, x, err),
        Class::Cors | Class::Unknown => c.open(
            &[Network, Tls],
            format!("the request failed below HTTP with an error that names no layer: {err}"),
        ),
    }
}

/// A certificate error: the class says which check failed; the certificate the server sends
/// must show the same, or the client's own view (its clock, its trust store) is in question.
fn tls(c: &mut Ctx, err: &str, class: Class, host: &str) -> Outcome {
    let ev = c.ev;
    let cert: Option<Cert> = facts::cert(ev, host);
    let now = facts::iso(&ev.clock_now);
    let Some(cert) = cert else {
        return c.settle(
            Tls,
            None,
            format!("the TLS handshake failed on the certificate ({err}); the certificate itself is not shown"),
        );
    };
    if matches!(class, Class::CertUntrusted | Class::CertIssuer) {
        if let Some(o) = super::tls_client::intercepted(c, err, host) {
            return o;
        }
    }
    match class {
        Class::CertDates => match now.as_ref().and_then(|n| cert.valid_at(n)) {
            Some(false) if cert.not_before.as_ref().zip(now.as_ref()).is_some_and(|(nb, n)| nb > n) => c.settle(
                Tls,
                Some("cert-not-yet-valid"),
                format!("the client rejects the certificate's dates ({err}) and openssl shows notBefore after now ({}): deployed before its validity starts", ev.clock_now),
            ),
            Some(false) => c.settle(
                Tls,
                Some("cert-expired"),
                format!("the client rejects the certificate's dates ({err}) and openssl shows notAfter before now ({})", ev.clock_now),
            ),
            Some(true) => c.open(
                &[Tls, Client],
                format!("the client says the certificate is out of date ({err}), but the certificate {host} serves is valid now: the client's clock or another certificate on the path"),
            ),
            None => c.settle(Tls, Some("cert-expired"), format!("certificate date check failed: {err}")),
        },
        Class::CertUntrusted | Class::CertIssuer if cert.issuer == cert.subject => c.settle(
            Tls,
            Some("cert-self-signed"),
            format!("the client does not trust the certificate ({err}); its issuer is its own subject ({}): self-signed", cert.subject),
        ),
        Class::CertUntrusted | Class::CertIssuer if cert.chain_depth == Some(1) => c.settle(
            Tls,
            Some("cert-incomplete-chain"),
            format!("the client cannot build a chain to a root ({err}); the server sends only the leaf, issued by {}", cert.issuer),
        ),
        Class::CertUntrusted | Class::CertIssuer => {
            super::tls_client::untrusted_full_chain(c, err, host)
        }
        _ if !cert.covers(host) => c.settle(
            Tls,
            Some("cert-hostname-mismatch"),
            format!("the certificate's names ({}) do not cover {host} ({err})", cert.sans.join(", ")),
        ),
        _ => match super::tls_client::default_cert_without_sni(c, err, host) {
            Some(o) => o,
            None => c.open(
                &[Tls, Client],
                format!("the client reports a name mismatch ({err}), but the certificate lists {host}: the client may be using another name"),
            ),
        },
    }
}

/// Connected, sent, then no answer in time: the slowest hop behind the server is the suspect.
fn read_timeout(c: &mut Ctx, x: &Exchange, err: &str) -> Outcome {
    if let Some(out) = super::idempotency::retried_post(c, x, err) {
        return out;
    }
    if let Some(y) = slow_crm(c.ev) {
        let wait = y.timings.wait;
        return c.settle(
            Crm,
            Some("crm-slow-response"),
            format!(
                "the caller gave up ({err}) while the CRM call behind it was waiting ({wait} ms)"
            ),
        );
    }
    if x.to == Crm {
        return c.settle(
            Crm,
            Some("crm-slow-response"),
            format!("the CRM did not answer in time ({err})"),
        );
    }
    c.settle(
        Backend,
        Some("slow-backend"),
        format!("the connection was made and the request sent, then the server did not answer in time ({err})"),
    )
}

/// Connected, ClientHello sent, and the server's handshake never arrived: small packets pass
/// and large ones do not. The firewall dropping the "fragmentation needed" sent to the server
/// names the black hole; a handshake that completes from outside the reporter's network puts it
/// on the reporter's path without naming it.
fn handshake_stall(c: &mut Ctx, x: &Exchange, err: &str, host: &str) -> Outcome {
    let ip = x.server_ip.clone().unwrap_or_default();
    let icmp =
        c.ev.logs
            .iter()
            .find(|l| {
                l.source == LogSource::Firewall
                    && l.text.contains("action=drop")
                    && l.text.contains("proto=icmp type=3 code=4")
                    && !ip.is_empty()
                    && l.text.contains(&format!("dst={ip} "))
            })
            .map(|l| l.text.clone());
    if let Some(line) = icmp {
        return c.settle(
            Network,
            Some("mtu-blackhole"),
            format!("the TCP connection to {ip} was made and the ClientHello sent, but the server's handshake never arrived ({err}); the firewall drops the ICMP \"fragmentation needed\" sent to {ip} ({line}): its full-size packets cannot get through and it is never told to send smaller ones"),
        );
    }
    let outside_ok = super::facts::artifact(c.ev, "certificate", host).is_some_and(|a| {
        a.body.contains("exit 124")
            && a.body.contains(crate::run::OUTSIDE)
            && a.body.contains("Verify return code: 0 (ok)")
    });
    if outside_ok {
        return c.settle(
            Network,
            None,
            format!("the handshake stalls after the ClientHello from the reporter's network ({err}) but completes from outside it: something on the reporter's path loses the server's answer"),
        );
    }
    c.open(
        &[Network, Tls],
        format!("the connection was made and the ClientHello sent, then the server's handshake never came ({err}): the path or the TLS listener, nothing shown says which"),
    )
}

/// A CRM call in this trace that waited over 5 s or got no answer.
pub(crate) fn slow_crm(ev: &Evidence) -> Option<&Exchange> {
    ev.exchanges
        .iter()
        .find(|y| y.to == Crm && (y.timings.wait > 5_000 || y.client_error.is_some()))
}

/// The browser blocked the response: the preflight's answer says why.
fn cors(c: &mut Ctx, x: &Exchange, err: &str) -> Outcome {
    let ev = c.ev;
    let pre = ev
        .exchanges
        .iter()
        .find(|y| y.request.method == "OPTIONS" && y.request.url == x.request.url);
    let Some(r) = pre.and_then(|y| y.response.as_ref()) else {
        return c.open(
            &[Gateway, Client],
            format!("the browser blocked the call ({err}) but the preflight's answer is not shown"),
        );
    };
    if r.status >= 300 {
        c.note(format!(
            "the browser blocked the call because the preflight failed with {}",
            r.status
        ));
        return http::api(c, pre.unwrap_or(x), r);
    }
    let origin = pre
        .and_then(|y| crate::sim::header(&y.request.headers, "origin"))
        .unwrap_or("")
        .to_string();
    let acao = crate::sim::header(&r.headers, "access-control-allow-origin");
    if acao.is_some() {
        return c.open(
            &[Gateway, Client],
            format!(
                "the browser blocked the call ({err}) although the preflight allowed an origin"
            ),
        );
    }
    match facts::cors_origins(ev) {
        Some(list) if list.contains(&origin) => c.open(
            &[Gateway, Client],
            format!("the preflight came back without Access-Control-Allow-Origin, yet the gateway's CORS policy lists {origin}: the policy shown is not the one applied"),
        ),
        Some(list) => c.settle(
            Gateway,
            Some("cors-origin-not-allowed"),
            format!("the preflight got {} without Access-Control-Allow-Origin: the gateway's CORS policy allows [{}], not {origin}", r.status, list.join(", ")),
        ),
        None => c.settle(
            Gateway,
            Some("cors-origin-not-allowed"),
            format!("the preflight got {} but no Access-Control-Allow-Origin: the API's CORS policy does not allow {origin}", r.status),
        ),
    }
}

/// The platform's delivery to the webhook receiver got no HTTP answer.
pub(crate) fn delivery_error(c: &mut Ctx, x: &Exchange, err: &str, class: Class) -> Outcome {
    let sent = x.request.url.clone();
    match class {
        Class::NoName => {
            let documented = facts::receiver_endpoint(c.ev);
            match documented {
                Some(d) if facts::host(&d) != facts::host(&sent) => c.settle(
                    Integration,
                    Some("webhook-wrong-url"),
                    format!("the delivery host does not resolve ({err}); the subscription posts to {sent} but the receiver documents {d}"),
                ),
                Some(_) => c.open(
                    &[Dns, Webhook],
                    format!("the receiver's documented host does not resolve ({err}): its DNS, not the subscription"),
                ),
                None => c.open(
                    &[Integration, Dns],
                    format!("the delivery host does not resolve ({err}) and the receiver's documented endpoint is not shown"),
                ),
            }
        }
        Class::CertDates | Class::CertUntrusted | Class::CertIssuer | Class::CertName => c.settle(
            Webhook,
            Some("webhook-tls-failure"),
            format!("the platform rejects the receiver's certificate ({err}): the receiver's HTTPS setup"),
        ),
        Class::Refused | Class::ConnectTimeout => c.settle(
            Webhook,
            Some("webhook-endpoint-down"),
            format!("nothing accepts the delivery's connection at the receiver ({err})"),
        ),
        Class::ReadTimeout => {
            if let Some(out) = super::receiver::out_of_order(c, x) {
                return out;
            }
            if let Some(out) = super::receiver::duplicate(c, x) {
                return out;
            }
            if let Some(y) = slow_crm(c.ev) {
                let wait = y.timings.wait;
                return c.settle(
                    Crm,
                    Some("crm-slow-response"),
                    format!("the delivery timed out ({err}) while the receiver's CRM call waited {wait} ms"),
                );
            }
            c.settle(
                Webhook,
                Some("webhook-timeout"),
                format!("the receiver accepts the connection but does not answer in time ({err}); its own CRM call is quick"),
            )
        }
        _ => c.settle(
            Webhook,
            None,
            format!("the receiver is unreachable: {err}"),
        ),
    }
}

/// The server closed the connection without a response: what the gateway logged says why.
fn empty_reply(c: &mut Ctx, x: &Exchange, err: &str) -> Outcome {
    let sent = x.request.body.as_ref().map_or(0, |b| b.len());
    let announced = x
        .request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse::<usize>().ok());
    let short = announced.is_some_and(|n| n > sent);
    let gave_up = c
        .ev
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::Gateway && l.text.contains("while reading client request body")
        })
        .map(|l| l.text.clone());
    match gave_up.filter(|_| short) {
        Some(line) => c.settle(
            Client,
            Some("content-length-mismatch"),
            format!("the server closed without answering ({err}) after waiting for more body than was sent: Content-Length says {} bytes, the body has {sent}; the gateway's log: {line}", announced.unwrap_or_default()),
        ),
        None => c.open(
            &[Gateway, Client],
            format!("the server closed without answering ({err}), and nothing shows why"),
        ),
    }
}
