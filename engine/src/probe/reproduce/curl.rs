//! libcurl's verbose trace: `curl -v` (the tool, whose debug callback also traces the TLS
//! handshake and prefixes every header line) and Guzzle's `'debug' => true` (libcurl's own
//! stream without a callback: `* ` for its notes, `< ` for each response header, and the whole
//! request header block written once, so only its first line carries `> `). curl 8.5.0 and
//! OpenSSL 3.0 as Ubuntu 24.04 ships them; a terminal, so the body is printed, not counted.

use super::{body, Call, Stage};
use crate::probe::Investigation;
use crate::util;

/// Which libcurl front end prints the trace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Front {
    /// The curl tool with -v.
    Tool,
    /// PHP's curl extension under Guzzle (no debug callback; HTTP/1.1 only).
    Guzzle,
}

/// The command again with `-v` (instead of `-i`: the headers are in the trace), then the trace.
pub(super) fn curl_v(inv: &Investigation, action: &str, calls: &[Call]) -> String {
    let cmd = action.strip_prefix("$ ").unwrap_or(action);
    // A command per call (a developer paging by hand): each run again with -v, one process each.
    let commands: Vec<&str> = cmd
        .match_indices("curl -sS -i ")
        .map(|(i, _)| i)
        .chain([cmd.len()])
        .collect::<Vec<_>>()
        .windows(2)
        .map(|w| cmd[w[0]..w[1]].trim_end())
        .collect();
    if commands.len() > 1 && commands.len() == calls.len() && cmd.starts_with("curl -sS -i ") {
        let mut s = String::new();
        for (one, c) in commands.iter().zip(calls) {
            s.push_str(&format!(
                "$ {}\n",
                one.replacen("curl -sS -i ", "curl -sS -v ", 1)
            ));
            let mut t = String::new();
            call(inv, c, 0, Front::Tool, &mut t);
            s.push_str(&t);
        }
        return s;
    }
    let cmd = if cmd.contains("curl -sS -i ") {
        cmd.replacen("curl -sS -i ", "curl -sS -v ", 1)
    } else {
        cmd.replacen("curl ", "curl -v ", 1)
    };
    format!("$ {cmd}\n{}", trace(inv, calls, Front::Tool))
}

/// `php call.php` again with Guzzle's `'debug' => true`: libcurl's stream, then the script's own end.
pub(super) fn guzzle_debug(inv: &Investigation, calls: &[Call], outcome: &str) -> String {
    let mut s = String::from(
        "# call.php again, with 'debug' => true in the request's options (libcurl's verbose output)\n$ php call.php\n",
    );
    s.push_str(&trace(inv, calls, Front::Guzzle));
    s.push_str(outcome.trim_end());
    s.push('\n');
    s
}

/// [`guzzle_debug`] for a paging loop: libcurl's stream for each page, the loop's line after
/// each page it finished, then how it ended.
pub(super) fn guzzle_debug_pages(
    inv: &Investigation,
    calls: &[Call],
    outcome: &str,
    pages: &[String],
) -> String {
    let mut s = String::from(
        "# call.php again, with 'debug' => true in the request's options (libcurl's verbose output)\n$ php call.php\n",
    );
    let mut done = pages.iter();
    for (i, c) in calls.iter().enumerate() {
        call(inv, c, i, Front::Guzzle, &mut s);
        if c.x.response.as_ref().is_some_and(|r| r.status == 200) {
            if let Some(line) = done.next() {
                s.push_str(line);
                s.push('\n');
            }
        }
    }
    if !outcome.trim().is_empty() {
        s.push_str(outcome.trim_end());
        s.push('\n');
    }
    s
}

fn trace(inv: &Investigation, calls: &[Call], front: Front) -> String {
    let mut s = String::new();
    for (i, c) in calls.iter().enumerate() {
        if i > 0 {
            if let Some(loc) = calls[i - 1]
                .x
                .response
                .as_ref()
                .and_then(|r| crate::sim::header(&r.headers, "location"))
                .filter(|_| front == Front::Tool)
            {
                s.push_str(&format!("* Issue another request to this URL: '{loc}'\n"));
            }
        }
        call(inv, c, i, front, &mut s);
    }
    s
}

fn call(inv: &Investigation, c: &Call, n: usize, front: Front, s: &mut String) {
    let w = &inv.world;
    let x = c.x;
    let proxy = w.net.proxy.as_ref().filter(|_| c.tls);
    let (name, port) = match proxy {
        Some(p) => (super::proxy_name(&p.host), 3128),
        None => (c.host.clone(), c.port),
    };
    if proxy.is_some() {
        ln(
            s,
            &format!("* Uses proxy env variable HTTPS_PROXY == 'http://{name}:{port}'"),
        );
    }
    if c.stage == Stage::Resolve {
        ln(s, &format!("* Could not resolve host: {name}"));
        return close(c, s, front);
    }
    let ip = x.server_ip.clone().unwrap_or_default();
    ln(s, &format!("* Host {name}:{port} was resolved."));
    ln(s, "* IPv6: (none)");
    ln(s, &format!("* IPv4: {ip}"));
    ln(s, &format!("*   Trying {ip}:{port}..."));
    if c.stage == Stage::Connect && proxy.is_none() {
        if c.error.is_some_and(|e| e.contains("Couldn't connect")) {
            let lport = local_port(&x.started_at);
            ln(
                s,
                &format!(
                    "* connect to {ip} port {port} from {} port {lport} failed: Connection refused",
                    w.net.client_private_ip
                ),
            );
        }
        return close(c, s, front);
    }
    ln(s, &format!("* Connected to {name} ({ip}) port {port}"));
    if let Some(p) = proxy {
        ln(s, "* CONNECT tunnel: HTTP/1.1 negotiated");
        ln(s, "* allocate connect buffer");
        ln(
            s,
            &format!("* Establish HTTP proxy tunnel to {}:{}", c.host, c.port),
        );
        let out = [
            format!("CONNECT {}:{} HTTP/1.1", c.host, c.port),
            format!("Host: {}:{}", c.host, c.port),
            format!(
                "User-Agent: {}",
                crate::runtime::user_agent(w.client.runtime, false)
            ),
            "Proxy-Connection: Keep-Alive".to_string(),
        ];
        header_block(front, &out, s);
        if c.stage == Stage::Connect {
            let status = p.refuses(&c.host).unwrap_or(403);
            ln(
                s,
                &format!(
                    "< HTTP/1.1 {status} {}",
                    if status == 407 {
                        "Proxy Authentication Required"
                    } else {
                        "Forbidden"
                    }
                ),
            );
            if let (407, Some(realm)) = (status, &p.auth_realm) {
                ln(s, &format!("< Proxy-Authenticate: Basic realm=\"{realm}\""));
            }
            ln(s, "< ");
            if let Some(e) = c.error {
                ln(s, &format!("* {}", bare(e)));
            }
            return close_only(c, s, front);
        }
        ln(s, "* CONNECT phase completed");
        ln(s, "* CONNECT tunnel established, response 200");
    }
    if c.tls {
        tls(inv, c, front, s);
        if c.stage == Stage::Tls {
            return close(c, s, front);
        }
    }
    ln(s, "* using HTTP/1.1");
    let mut out = vec![format!(
        "{} {} {}",
        x.request.method, c.path, x.request.http_version
    )];
    for (k, v) in &x.request.headers {
        out.push(format!("{k}: {v}"));
    }
    header_block(front, &out, s);
    if body(&x.request.body).is_some() {
        ln(
            s,
            &format!(
                "* upload completely sent off: {} bytes",
                crate::charset::sent_len(&x.request)
            ),
        );
    }
    let Some(r) = &x.response else {
        return close(c, s, front);
    };
    if c.tls && front == Front::Tool {
        ln(s, "* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):");
    }
    ln(
        s,
        &format!("< {} {} {}", r.http_version, r.status, r.reason),
    );
    for (k, v) in &r.headers {
        ln(s, &format!("< {k}: {v}"));
    }
    ln(s, "< ");
    if front == Front::Tool {
        if let Some(b) = body(&r.body) {
            ln(s, b.trim_end());
        }
    }
    ln(
        s,
        &format!("* Connection #{n} to host {} left intact", c.host),
    );
}

/// The request's header block: the tool prefixes every line; libcurl alone only the first.
fn header_block(front: Front, lines: &[String], s: &mut String) {
    for (i, l) in lines.iter().enumerate() {
        if front == Front::Tool || i == 0 {
            s.push_str("> ");
        }
        s.push_str(l);
        s.push('\n');
    }
    s.push_str(if front == Front::Tool { "> \n" } else { "\n" });
}

/// The handshake, as far as the call got: the tool traces its messages; both print the
/// session and the server's certificate once it is through.
fn tls(inv: &Investigation, c: &Call, front: Front, s: &mut String) {
    let w = &inv.world;
    let v13 = w.client.tls_max >= 13;
    let ver = match w.client.tls_max {
        10 => "TLSv1.0",
        11 => "TLSv1.1",
        12 => "TLSv1.2",
        _ => "TLSv1.3",
    };
    let e = c.error.unwrap_or("");
    ln(
        s,
        if front == Front::Tool {
            "* ALPN: curl offers h2,http/1.1"
        } else {
            "* ALPN: curl offers http/1.1"
        },
    );
    let hs = |s: &mut String, dir: &str, what: &str| {
        if front == Front::Tool {
            ln(s, &format!("* {ver} ({dir}), TLS handshake, {what}:"));
        }
    };
    let change_cipher = |s: &mut String| {
        if front == Front::Tool {
            ln(
                s,
                &format!("* {ver} (OUT), TLS change cipher, Change cipher spec (1):"),
            );
        }
    };
    hs(s, "OUT", "Client hello (1)");
    ln(s, "*  CAfile: /etc/ssl/certs/ca-certificates.crt");
    ln(s, "*  CApath: /etc/ssl/certs");
    // The server's answer never came: libcurl waits after its ClientHello until its timeout.
    if c.stage == Stage::Tls && e.contains("SSL connection timeout") {
        ln(s, "* SSL connection timeout");
        return;
    }
    let version_fail = c.stage == Stage::Tls && e.contains("version");
    if version_fail {
        if front == Front::Tool {
            ln(
                s,
                &format!("* {ver} (IN), TLS alert, protocol version (582):"),
            );
        }
        ln(s, &format!("* {}", openssl_reason(e)));
        return;
    }
    // A server that asks for a client certificate (mutual TLS) sends a CertificateRequest: in
    // TLS 1.3 right after its EncryptedExtensions, in TLS 1.2 after its key exchange. curl
    // answers with a Certificate message, empty when it has none (`--cert` not given), and
    // proves a certificate it did send with a CertificateVerify.
    let asks_cert = w.tls_for(&c.host).is_some_and(|t| t.client_ca.is_some());
    let has_cert = w.client.client_cert.is_some();
    let own_cert = |s: &mut String| {
        if asks_cert {
            hs(s, "OUT", "Certificate (11)");
        }
    };
    let own_verify = |s: &mut String| {
        if asks_cert && has_cert {
            hs(s, "OUT", "CERT verify (15)");
        }
    };
    hs(s, "IN", "Server hello (2)");
    if v13 {
        hs(s, "IN", "Encrypted Extensions (8)");
        if asks_cert {
            hs(s, "IN", "Request CERT (13)");
        }
    }
    hs(s, "IN", "Certificate (11)");
    let name_fail = e.contains("subject name") || e.contains("not match");
    if c.stage == Stage::Tls && !name_fail {
        if front == Front::Tool {
            let alert = if e.contains("expired") {
                Some("certificate expired (557)")
            } else if e.contains("not yet valid") {
                Some("bad certificate (554)")
            } else if e.contains("issuer") || e.contains("self-signed") || e.contains("self signed")
            {
                Some("unknown CA (560)")
            } else {
                None
            };
            if let Some(a) = alert {
                ln(s, &format!("* {ver} (OUT), TLS alert, {a}:"));
            }
        }
        ln(s, &format!("* {}", openssl_reason(e)));
        return;
    }
    if v13 {
        hs(s, "IN", "CERT verify (15)");
        hs(s, "IN", "Finished (20)");
        change_cipher(s);
        own_cert(s);
        own_verify(s);
        hs(s, "OUT", "Finished (20)");
        ln(
            s,
            &format!("* SSL connection using {ver} / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS"),
        );
    } else {
        hs(s, "IN", "Server key exchange (12)");
        if asks_cert {
            hs(s, "IN", "Request CERT (13)");
        }
        hs(s, "IN", "Server finished (14)");
        own_cert(s);
        hs(s, "OUT", "Client key exchange (16)");
        own_verify(s);
        change_cipher(s);
        hs(s, "OUT", "Finished (20)");
        hs(s, "IN", "Finished (20)");
        ln(s, &format!(
            "* SSL connection using {ver} / ECDHE-RSA-AES256-GCM-SHA384 / prime256v1 / rsaEncryption"
        ));
    }
    ln(s, "* ALPN: server accepted http/1.1");
    if let Some(t) = w.tls_for(&c.host) {
        let cert = &t.cert;
        ln(s, "* Server certificate:");
        ln(s, &format!("*  subject: CN={}", cert.subject_cn));
        ln(
            s,
            &format!("*  start date: {}", util::openssl_date(cert.not_before_ms)),
        );
        ln(
            s,
            &format!("*  expire date: {}", util::openssl_date(cert.not_after_ms)),
        );
        let matched = cert.sans.iter().find(|n| san_matches(n, &c.host));
        match matched {
            Some(n) => ln(
                s,
                &format!(
                    "*  subjectAltName: host \"{}\" matched cert's \"{n}\"",
                    c.host
                ),
            ),
            None => {
                // libcurl's host check fails here, before the issuer is printed.
                ln(s, &format!("*  subjectAltName does not match {}", c.host));
                ln(s, &format!("* {}", openssl_reason(e)));
                return;
            }
        }
        let issuer = if cert.self_signed {
            &cert.subject_cn
        } else {
            &cert.issuer
        };
        ln(s, &format!("*  issuer: CN={issuer}"));
        if matched.is_some() {
            ln(s, "*  SSL certificate verify ok.");
        }
    }
}

/// A certificate name covering `host` (exactly, or a wildcard for one label).
fn san_matches(name: &str, host: &str) -> bool {
    match name.strip_prefix("*.") {
        Some(rest) => host
            .split_once('.')
            .is_some_and(|(first, tail)| !first.is_empty() && tail == rest),
        None => name.eq_ignore_ascii_case(host),
    }
}

/// The error line without curl's `curl: (N) ` or Guzzle's wrapping: libcurl's own words.
fn bare(e: &str) -> String {
    let e = e.lines().next().unwrap_or("");
    if let Some(rest) = e.strip_prefix("curl: (") {
        return rest
            .split_once(") ")
            .map(|(_, m)| m)
            .unwrap_or(rest)
            .to_string();
    }
    if let Some((_, rest)) = e.split_once("cURL error ") {
        let m = rest.split_once(": ").map(|(_, m)| m).unwrap_or(rest);
        return m
            .split(" (see https://curl.haxx.se")
            .next()
            .unwrap_or(m)
            .to_string();
    }
    e.to_string()
}

/// What libcurl noted for a failed handshake (its error buffer).
fn openssl_reason(e: &str) -> String {
    bare(e)
}

/// The note for the failure, libcurl closing the connection, and the front end's own line.
fn close(c: &Call, s: &mut String, front: Front) {
    if let Some(e) = c.error {
        let b = bare(e);
        if !s.ends_with(&format!("* {b}\n")) {
            s.push_str(&format!("* {b}\n"));
        }
    }
    close_only(c, s, front);
}

/// libcurl closes the connection; the tool then prints its `curl: (N)` line (Guzzle's
/// exception is the script's end, printed after the whole trace).
fn close_only(c: &Call, s: &mut String, front: Front) {
    s.push_str("* Closing connection\n");
    if let (Front::Tool, Some(e)) = (front, c.error) {
        s.push_str(e.trim_end());
        s.push('\n');
    }
}

/// The ephemeral port the kernel gave the connection (derived from the call's start).
fn local_port(started_at: &str) -> u32 {
    let h = util::sha256(format!("local port {started_at}").as_bytes());
    32768 + (u32::from(h[0]) << 8 | u32::from(h[1])) % 28000
}

fn ln(s: &mut String, l: &str) {
    s.push_str(l);
    s.push('\n');
}
