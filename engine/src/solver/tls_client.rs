//! A certificate the client does not trust although the server sends it with its whole chain:
//! the client's side of the trust question, read from the chain openssl shows and the CA bundle
//! the client's runtime reads.

use super::{Ctx, Outcome};
use crate::model::*;
use Layer::*;

/// The root the sent chain ends in: the issuer named by the last certificate under
/// "Certificate chain" in `openssl s_client -showcerts` output.
fn chain_root(body: &str) -> Option<String> {
    body.lines()
        .skip_while(|l| l.trim() != "Certificate chain")
        .take_while(|l| l.trim() != "---")
        .filter_map(|l| l.trim_start().strip_prefix("i:CN = "))
        .last()
        .map(|s| s.trim().to_string())
}

/// Whether a trust-store check lists `root` (keytool's alias, certifi's label, mk-ca-bundle's
/// title line, or the system bundle's file name).
fn lists(body: &str, root: &str) -> bool {
    let alias = format!("{}, ", root.to_ascii_lowercase().replace(' ', ""));
    let file = format!("{}.pem", root.replace(' ', "_"));
    let label = format!("# Label: \"{root}\"");
    body.lines()
        .map(str::trim)
        .any(|l| l == root || l == label || l == file || l.starts_with(&alias))
}

/// The chain is CA-issued and sent whole: where the verifying machine says `Verification: OK`
/// and the client's trust store lacks the chain's root, the client's bundle is out of date.
pub(crate) fn untrusted_full_chain(c: &mut Ctx, err: &str, host: &str) -> Outcome {
    let ev = c.ev;
    let cert = ev
        .artifacts
        .iter()
        .find(|a| a.kind == "certificate" && a.title.contains(host));
    let verified = cert.is_some_and(|a| a.body.contains("Verify return code: 0 (ok)"));
    let root = cert.and_then(|a| chain_root(&a.body));
    let store = ev.artifacts.iter().find(|a| a.kind == "trust-store");
    match (verified, root, store) {
        (true, Some(root), Some(s)) if !lists(&s.body, &root) => c.settle(
            Client,
            Some("client-trust-store-outdated"),
            format!("the client cannot build a chain to a trusted root ({err}), yet the server sends its whole chain, which verifies elsewhere up to {root}; the client's trust store ({}) does not hold {root}", s.title),
        ),
        _ => c.open(
            &[Tls, Client],
            format!("the client does not trust the certificate ({err}), yet it is CA-issued and sent with its chain: the client's trust store is in question"),
        ),
    }
}

/// nginx's 400 "No required SSL certificate was sent": the host asks for a client certificate
/// (`ssl_verify_client on`) and the handshake brought none. The page alone says so; the error
/// log's line confirms it was this request.
pub(crate) fn no_client_cert(c: &mut Ctx, x: &Exchange) -> Outcome {
    let host = crate::layers::split_url(&x.request.url).1;
    let logged = c
        .said_by(LogSource::Gateway)
        .any(|l| l.text.contains("client sent no required SSL certificate"));
    let log = if logged {
        ", and its error log says \"client sent no required SSL certificate while reading client request headers\""
    } else {
        ""
    };
    c.settle(
        Tls,
        Some("mtls-client-cert-missing"),
        format!("nginx's own 400 page \"No required SSL certificate was sent\"{log}: {host} requires mutual TLS and the client presented no certificate"),
    )
}

/// The leaf's issuer in one `openssl s_client` run (its `issuer=` line, else the first `i:`).
fn leaf_issuer(run: &str) -> Option<String> {
    run.lines()
        .find_map(|l| l.strip_prefix("issuer=CN = "))
        .or_else(|| {
            run.lines()
                .find_map(|l| l.trim_start().strip_prefix("i:CN = "))
        })
        .map(|s| s.trim().to_string())
}

/// The certificate the reporter's network meets is not the one the server sends: the check run
/// from the reporter's side shows a leaf re-signed by another CA than the same check from
/// outside, which verifies. Something on the reporter's path ends TLS and re-signs it.
pub(crate) fn intercepted(c: &mut Ctx, err: &str, host: &str) -> Option<Outcome> {
    let ev = c.ev;
    let cert = ev
        .artifacts
        .iter()
        .find(|a| a.kind == "certificate" && a.title.contains(host))?;
    let (inside, outside) = cert.body.split_once(crate::run::OUTSIDE)?;
    let (seen, real) = (leaf_issuer(inside)?, leaf_issuer(outside)?);
    if seen == real || !outside.contains("Verify return code: 0 (ok)") {
        return None;
    }
    let decrypt = ev
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::Firewall
                && l.text.contains("action=decrypt")
                && l.text.contains(&format!("sni={host} "))
        })
        .map(|l| format!("; the firewall logs the decryption: {}", l.text))
        .unwrap_or_default();
    Some(c.settle(
        Network,
        Some("tls-interception-proxy"),
        format!("the client refuses the chain ({err}); from the reporter's network {host}'s certificate is issued by {seen}, from outside by {real}, where it verifies: something on the reporter's path ends TLS and re-signs it{decrypt}"),
    ))
}

/// The SAN list of an `openssl … | openssl x509 -ext subjectAltName` run: the line after its
/// heading.
fn sans(run: &str) -> Option<Vec<String>> {
    let line = run
        .lines()
        .skip_while(|l| !l.contains("Subject Alternative Name"))
        .nth(1)?;
    Some(
        line.split(',')
            .filter_map(|s| s.trim().strip_prefix("DNS:").map(String::from))
            .collect(),
    )
}

fn covers(sans: &[String], host: &str) -> bool {
    sans.iter().any(|s| {
        s == host
            || s.strip_prefix("*.")
                .is_some_and(|d| host.split_once('.').is_some_and(|(_, rest)| rest == d))
    })
}

/// The client says the name does not match, yet the certificate the server sends for the
/// host's name covers it: when the same listener, asked without a name (`-noservername`), sends
/// a certificate for other names, the client is the one that sent none.
pub(crate) fn default_cert_without_sni(c: &mut Ctx, err: &str, host: &str) -> Option<Outcome> {
    let ev = c.ev;
    let cert = ev
        .artifacts
        .iter()
        .find(|a| a.kind == "certificate" && a.title.contains(host))?;
    let at = cert.body.find("$ openssl s_client -connect")?;
    let named = &cert.body[at..];
    let (with_sni, without) = named.split_once(&format!(
        "\n$ openssl s_client -connect {host}:443 -noservername -showcerts"
    ))?;
    let (sni_sans, default_sans) = (sans(with_sni)?, sans(without)?);
    if !covers(&sni_sans, host) || covers(&default_sans, host) {
        return None;
    }
    Some(c.settle(
        Tls,
        Some("sni-missing"),
        format!("the client reports a name mismatch ({err}); with SNI {host} presents a certificate for {}, without SNI the listener sends its default one, for {}: the client sends no server name and gets the default certificate", sni_sans.join(", "), default_sans.join(", ")),
    ))
}
