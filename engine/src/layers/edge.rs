//! CDN / edge proxy in front of the API host (Cloudflare-like): the client resolves the API's
//! name to the CDN's anycast address and shakes hands with the edge; the edge answers from its
//! cache or opens its own connection to the origin (the gateway's address), checks the origin's
//! certificate (SSL mode "Full (strict)"), forwards the request with its own headers and relays
//! the answer with `Server: cloudflare`, `CF-RAY` and `CF-Cache-Status`. When it cannot get an
//! answer it writes its branded 52x page; its request log (Logpush, one JSON object a line)
//! says what it met at the origin.
//!
//! The edge holds what it knows of the origin as it meets it: the origin's inbound firewall
//! (network state) and the origin's certificate (TLS state) live here because only the edge's
//! connection crosses them.

use crate::layers::tls::Cert;
use crate::model::{EventKind, HttpRequest, Layer, Level, LogSource};
use crate::sim::{Resp, Tb};
use crate::util::{self, Rng};
use crate::world::{World, API_HOST};

/// Cloudflare's limits: no SYN+ACK within 19 s is a 522; no response header within the proxy
/// read timeout (100 s) is a 524.
pub const CONNECT_TIMEOUT_MS: i64 = 19_000;
pub const PROXY_READ_TIMEOUT_MS: i64 = 100_000;

/// An error answer the edge stored and still serves.
#[derive(Clone, Debug)]
pub struct CachedError {
    pub path: String,
    pub status: u16,
    /// Seconds since it was stored (the `Age` header).
    pub age_s: i64,
}

#[derive(Clone, Debug)]
pub struct Edge {
    /// The data centre that served the client (IATA code, as in `CF-RAY`) and its city.
    pub colo: &'static str,
    pub city: &'static str,
    /// The anycast address the API's name resolves to.
    pub anycast_ip: String,
    /// The address the edge connects to the origin from (Cloudflare's published ranges).
    pub egress_ip: String,
    /// The origin's own address: the gateway.
    pub origin_ip: String,
    /// The origin's inbound firewall admits the CDN's address ranges.
    pub origin_admits_edge: bool,
    /// The certificate the origin presents to the edge.
    pub origin_cert: Cert,
    /// A cache rule that keeps error statuses (`Status code TTL` 5xx), in seconds; 0 = none.
    pub error_ttl_s: i64,
    pub cached: Option<CachedError>,
    /// The `CF-RAY` id of the traced request (16 hex digits, then the colo).
    pub ray: String,
}

const COLOS: [(&str, &str); 4] = [
    ("FRA", "Frankfurt"),
    ("AMS", "Amsterdam"),
    ("LHR", "London"),
    ("IAD", "Ashburn"),
];

impl Edge {
    /// Puts a healthy CDN in front of the API host: the name now resolves to the anycast
    /// address, the client's handshake is with the edge (its certificate from the CDN's CA),
    /// and the origin keeps its own address and certificate. Drawn from its own stream, so
    /// every other seeded value stays where it was.
    pub fn put_in_front(w: &mut World) {
        if w.edge.is_some() {
            return;
        }
        let mut rng = Rng::new((w.epoch_ms as u64) ^ 0xED6E_C0DE_5EED);
        let (colo, city) = *rng.pick(&COLOS);
        let anycast_ip = format!("104.18.{}.{}", rng.range(0, 63), rng.range(1, 254));
        let egress_ip = format!("172.70.{}.{}", rng.range(0, 255), rng.range(1, 254));
        let origin_ip = w.dns.zone.get(API_HOST).cloned().unwrap_or_default();
        let origin_cert = Cert::healthy(API_HOST, &[API_HOST], w.epoch_ms, &mut rng);
        let ray = format!("{}-{colo}", rng.hex(16));
        w.dns
            .zone
            .insert(API_HOST.into(), anycast_ip.clone().into());
        w.net
            .listening
            .insert(anycast_ip.clone().into(), vec![80, 443]);
        if let Some(t) = w.tls.get_mut(API_HOST) {
            // The edge certificate: issued by the CDN's certificate authority.
            t.cert.issuer = "WE1".into();
        }
        w.edge = Some(Edge {
            colo,
            city,
            anycast_ip,
            egress_ip,
            origin_ip: origin_ip.to_string(),
            origin_admits_edge: true,
            origin_cert,
            error_ttl_s: 0,
            cached: None,
            ray,
        });
    }

    /// The origin's certificate as an engineer checks it from a host the origin admits, with
    /// the API's name (the edge sends it as SNI).
    pub fn origin_cert_dump(&self, now_ms: i64) -> String {
        let st = crate::layers::tls::ServerTls {
            cert: self.origin_cert.clone(),
            min_version: 12,
            client_ca: None,
            default_cert: None,
        };
        st.dump(API_HOST, now_ms, 13).replace(
            &format!("-connect {API_HOST}:443"),
            &format!("-connect {}:443", self.origin_ip),
        )
    }

    /// The zone's CDN settings as the dashboard shows them.
    pub fn settings(&self) -> String {
        let mut s = format!(
            "Zone: example.com (proxied through the CDN)\n\
             DNS:  {API_HOST}  A  {}  Proxied\n\
             SSL/TLS encryption mode: Full (strict): the edge verifies the origin's certificate\n\
             Origin connect timeout: 19 s; proxy read timeout: 100 s\n\
             The edge connects to the origin from the CDN's published ranges (cloudflare.com/ips-v4):\n  \
             173.245.48.0/20 103.21.244.0/22 103.22.200.0/22 103.31.4.0/22 141.101.64.0/18\n  \
             108.162.192.0/18 190.93.240.0/20 188.114.96.0/20 197.234.240.0/22 198.41.128.0/17\n  \
             162.158.0.0/15 104.16.0.0/13 104.24.0.0/14 172.64.0.0/13 131.0.72.0/22\n\
             Cache rules:\n",
            self.origin_ip
        );
        if self.error_ttl_s > 0 {
            s.push_str(&format!(
                "  1. \"Cache customer reads\": when hostname eq \"{API_HOST}\" and starts_with(http.request.uri.path, \"/v2/customers/\")\n     then: eligible for cache; edge TTL: use cache-control header if present, else 300 s;\n           status code TTL: 500-599 → {} s\n",
                self.error_ttl_s
            ));
        } else {
            s.push_str(&format!(
                "  1. \"Bypass API\": when hostname eq \"{API_HOST}\" then: bypass cache\n"
            ));
        }
        s
    }
}

/// Cloudflare's wording for the 52x it writes itself: (title, what happened, what the owner
/// can do).
fn wording(status: u16) -> (&'static str, &'static str, &'static str) {
    match status {
        522 => (
            "Connection timed out",
            "The initial connection between Cloudflare's network and the origin web server timed out. As a result, the web page can not be displayed.",
            "Contact your hosting provider letting them know your web server is not responding. Additional troubleshooting information.",
        ),
        524 => (
            "A timeout occurred",
            "The origin web server timed out responding to this request.",
            "Contact your hosting provider letting them know your web server is not completing requests. An Error 524 means that the request was able to connect to your web server, but that the request didn't finish. The most likely cause is that something on your server is hogging resources. Additional troubleshooting information.",
        ),
        _ => (
            "Invalid SSL certificate",
            "The origin web server does not have a valid SSL certificate.",
            "The SSL certificate presented by the server did not pass validation. This could indicate an expired SSL certificate or a certificate that does not include the requested domain name. Please contact your hosting provider to ensure that an up-to-date and valid SSL certificate issued by a Certificate Authority is configured for this domain name on the origin server. Additional troubleshooting information.",
        ),
    }
}

/// The edge's own error page (text kept, styling left out), with its headers.
fn error_page(e: &Edge, status: u16, client_ip: &str, now_ms: i64) -> Resp {
    let (title, happened, todo) = wording(status);
    let when = util::iso_s(now_ms).replace('T', " ").replace('Z', " UTC");
    let ray = e.ray.split('-').next().unwrap_or("");
    let body = format!(
        "<!DOCTYPE html>\n<html class=\"no-js\" lang=\"en-US\">\n<head>\n<title>{API_HOST} | {status}: {title}</title>\n<meta charset=\"UTF-8\" />\n<meta name=\"robots\" content=\"noindex, nofollow\" />\n</head>\n<body>\n<div id=\"cf-wrapper\">\n<div id=\"cf-error-details\">\n<h1><span class=\"inline-block\">{title}</span>\n<span class=\"code-label\">Error code {status}</span></h1>\n<div>Visit <a href=\"https://www.cloudflare.com/5xx-error-landing?utm_source=errorcode_{status}\">cloudflare.com</a> for more information.</div>\n<div class=\"mt-3\">{when}</div>\n<div id=\"cf-browser-status\">You · Browser · Working</div>\n<div id=\"cf-cloudflare-status\">{city} · Cloudflare · Working</div>\n<div id=\"cf-host-status\" class=\"cf-error-source\">{API_HOST} · Host · Error</div>\n<h2>What happened?</h2>\n<p>{happened}</p>\n<h2>What can I do?</h2>\n<h3>If you're a visitor of this website:</h3>\n<p>Please try again in a few minutes.</p>\n<h3>If you're the owner of this website:</h3>\n<p>{todo}</p>\n<div class=\"cf-error-footer\">\n<p>Cloudflare Ray ID: <strong>{ray}</strong> &bull; Your IP: {client_ip} &bull; Performance &amp; security by Cloudflare</p>\n</div>\n</div>\n</div>\n</body>\n</html>\n",
        city = e.city,
    );
    let mut r = Resp::text(status, "text/html; charset=UTF-8", &body);
    r.charset = false;
    r.h(
        "Cache-Control",
        "private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0",
    )
    .h("Expires", "Thu, 01 Jan 1970 00:00:01 GMT")
    .h("Referrer-Policy", "same-origin")
    .h("X-Frame-Options", "SAMEORIGIN")
    .h("Server", "cloudflare")
    .h("CF-RAY", e.ray.clone())
}

/// One Logpush `http_requests` line for the traced request.
#[allow(clippy::too_many_arguments)] // one value per logged field
fn logpush(
    tb: &mut Tb,
    e: &Edge,
    req: &HttpRequest,
    client_ip: &str,
    started: i64,
    cache: &str,
    edge_status: u16,
    origin_status: u16,
) {
    let (_, host, _, uri) = crate::layers::split_url(&req.url);
    let origin_ip = if cache == "hit" {
        ""
    } else {
        e.origin_ip.as_str()
    };
    let line = serde_json::json!({
        "RayID": e.ray.split('-').next().unwrap_or(""),
        "EdgeColoCode": e.colo,
        "ClientIP": client_ip,
        "ClientRequestMethod": req.method,
        "ClientRequestHost": host,
        "ClientRequestURI": uri,
        "CacheCacheStatus": cache,
        "EdgeResponseStatus": edge_status,
        "OriginIP": origin_ip,
        "OriginResponseStatus": origin_status,
        "EdgeStartTimestamp": util::iso_ms(tb.epoch_ms + started),
        "EdgeEndTimestamp": util::iso_ms(tb.now_ms()),
    });
    let level = if edge_status >= 500 {
        Level::Error
    } else if edge_status >= 400 {
        Level::Warn
    } else {
        Level::Info
    };
    tb.log(LogSource::Edge, level, line.to_string());
}

/// Whether other clients' requests get through the edge to the origin (the gateway) at
/// `now_ms`: always without an edge; with one, only if the origin admits it and its
/// certificate passes the strict check.
pub fn reaches_origin(w: &World, now_ms: i64) -> bool {
    w.edge
        .as_ref()
        .is_none_or(|e| e.origin_admits_edge && origin_cert_ok(&e.origin_cert, now_ms))
}

/// Whether a GET of `path` is answered from the edge's cache (the origin never sees it).
pub fn serves_from_cache(w: &World, path: &str) -> bool {
    w.edge
        .as_ref()
        .and_then(|e| e.cached.as_ref())
        .is_some_and(|c| c.path == path)
}

/// How long the caller in front of the gateway waits: the edge's read timeout, if there is one.
pub fn downstream_timeout(w: &World) -> Option<i64> {
    w.edge.as_ref().map(|_| PROXY_READ_TIMEOUT_MS)
}

fn origin_cert_ok(c: &Cert, now: i64) -> bool {
    !c.self_signed
        && c.sends_intermediate
        && now >= c.not_before_ms
        && now <= c.not_after_ms
        && c.sans.iter().any(|s| s == API_HOST)
}

/// The layer the client's call goes to: the edge when the world has one in front of the API.
pub fn entry(w: &World) -> Layer {
    if w.edge.is_some() {
        Layer::Edge
    } else {
        Layer::Gateway
    }
}

/// Handles a request to the API host: straight to the gateway without an edge (exactly as
/// before), else through the edge's cache, origin connection, certificate check and timeouts.
pub fn serve(w: &World, tb: &mut Tb, req: &HttpRequest, peer: &str) -> Resp {
    let Some(e) = &w.edge else {
        return w.gateway.handle(w, tb, req, peer);
    };
    let started = tb.t;
    tb.advance(1);
    let (_, _, _, full) = crate::layers::split_url(&req.url);
    let path = full.split('?').next().unwrap_or("/").to_string();
    if let Some(c) = e
        .cached
        .as_ref()
        .filter(|c| c.path == path && req.method == "GET")
    {
        tb.ev(
            Layer::Edge,
            Layer::Edge,
            EventKind::Internal,
            format!(
                "cache lookup GET {path} → HIT (stored {} {}, age {} s)",
                c.status,
                crate::sim::reason(c.status),
                c.age_s
            ),
        );
        tb.jitter(1, 3);
        logpush(tb, e, req, peer, started, "hit", c.status, 0);
        // The origin's own page as it was stored, now with the edge's headers.
        let mut r = Resp::nginx(c.status);
        r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("server"));
        return r
            .h("Age", c.age_s.to_string())
            .h("CF-Cache-Status", "HIT")
            .h("Server", "cloudflare")
            .h("CF-RAY", e.ray.clone());
    }
    tb.ev(
        Layer::Edge,
        Layer::Gateway,
        EventKind::Request,
        format!("{} {full} → origin {}:443", req.method, e.origin_ip),
    );
    if !e.origin_admits_edge {
        // The SYN and its retransmits (1, 1, 1, 1, 1, 2, 4, 8 s) vanish at the origin's firewall.
        let spt = tb.rng.range(40000, 60999);
        let mut t = tb.t;
        for gap in [0, 1000, 1000, 1000, 1000, 1000, 2000, 4000, 8000] {
            t += gap;
            tb.log_at(
                t,
                LogSource::Firewall,
                Level::Warn,
                true,
                format!(
                    "action=drop rule=\"default-deny-inbound\" proto=tcp src={}:{spt} dst={}:443 dir=ingress",
                    e.egress_ip, e.origin_ip
                ),
            );
        }
        tb.advance(CONNECT_TIMEOUT_MS);
        tb.ev(
            Layer::Network,
            Layer::Edge,
            EventKind::Error,
            format!("origin {}:443: no SYN+ACK within 19 s", e.origin_ip),
        );
        logpush(tb, e, req, peer, started, "dynamic", 522, 0);
        return error_page(e, 522, peer, tb.now_ms());
    }
    let cert_ok = origin_cert_ok(&e.origin_cert, tb.now_ms());
    tb.jitter(4, 12);
    if !cert_ok {
        tb.ev(
            Layer::Tls,
            Layer::Edge,
            EventKind::Error,
            format!(
                "origin certificate for {API_HOST} fails verification (SSL mode Full (strict))"
            ),
        );
        logpush(tb, e, req, peer, started, "dynamic", 526, 0);
        return error_page(e, 526, peer, tb.now_ms());
    }
    let mut fwd = req.clone();
    fwd.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("accept-encoding"));
    fwd.headers.extend([
        ("CF-Connecting-IP".to_string(), peer.to_string()),
        ("X-Forwarded-For".to_string(), peer.to_string()),
        ("X-Forwarded-Proto".to_string(), "https".to_string()),
        ("CF-RAY".to_string(), e.ray.clone()),
        ("CDN-Loop".to_string(), "cloudflare".to_string()),
    ]);
    let t0 = tb.t;
    // The gateway restores the client's address from CF-Connecting-IP (nginx's real_ip for
    // the CDN's ranges), so its rules and logs see the client as before.
    tb.downstream_timeout_ms = Some(PROXY_READ_TIMEOUT_MS);
    let r = w.gateway.handle(w, tb, &fwd, peer);
    tb.downstream_timeout_ms = None;
    if tb.t - t0 >= PROXY_READ_TIMEOUT_MS {
        tb.t = t0 + PROXY_READ_TIMEOUT_MS;
        tb.ev(
            Layer::Gateway,
            Layer::Edge,
            EventKind::Error,
            "origin sent no response header within 100 s",
        );
        logpush(tb, e, req, peer, started, "dynamic", 524, 0);
        return error_page(e, 524, peer, tb.now_ms());
    }
    tb.ev(
        Layer::Gateway,
        Layer::Edge,
        EventKind::Response,
        format!("{} {}", r.status, crate::sim::reason(r.status)),
    );
    tb.advance(1);
    logpush(tb, e, req, peer, started, "dynamic", r.status, r.status);
    let mut r = r;
    r.headers.retain(|(k, _)| !k.eq_ignore_ascii_case("server"));
    r.h("CF-Cache-Status", "DYNAMIC")
        .h("Server", "cloudflare")
        .h("CF-RAY", e.ray.clone())
}

/// What an engineer pulls up about the edge whenever one is in front: the zone's settings
/// and the origin's certificate (so neither artefact gives a fault away).
pub fn artifacts(w: &World, tb: &mut Tb) {
    if let Some(e) = &w.edge {
        tb.artifact("config", "CDN settings for example.com", e.settings());
        tb.artifact(
            "certificate",
            format!("Origin certificate ({} behind the CDN)", e.origin_ip),
            e.origin_cert_dump(tb.now_ms()),
        );
    }
}
