//! The request headers each runtime puts on the wire, in its own order, around the headers the
//! code (or the command's `-H`, or the Postman tab) sets itself. Every client request a learner's
//! runtime makes is built here, so the trace, `curl -v`, http.client's `send:` line, Guzzle's
//! debug stream, the Postman Console and the HAR all show one header block.
//!
//! None of them sends a `traceparent`: no shown code sets one, and none of these libraries adds
//! one by itself. The gateway starts the trace for such a request (`layers/gateway/incoming.rs`).
//!
//! | runtime | wire order |
//! | --- | --- |
//! | curl 8.5.0 | `Host`, (`Authorization` from `-u`), `User-Agent`, `Accept: */*`, the `-H` headers in command order, then for `-d`: `Content-Length`, `Content-Type: application/x-www-form-urlencoded` (each unless a `-H` set it) |
//! | requests 2.32.3 | `Host` (http.client's `putrequest`), the session's `User-Agent`, `Accept-Encoding`, `Accept`, `Connection`, the code's headers, `Content-Length` (any body, and `0` for a body-less method other than GET and HEAD), `Authorization` from `auth=` last (`prepare_auth` runs after `prepare_body`) |
//! | axios 1.7.2, Node 20 | `Accept` and `Content-Type` (the defaults' slots, the code's values fill them), the code's other headers, `User-Agent`, `Content-Length`, `Accept-Encoding` (the http adapter), then Node's `ClientRequest`: `Host`, `Authorization` from `auth`, and `_storeHeader`'s `Connection: keep-alive` |
//! | java.net.http, Java 21 | the system headers, then the code's; each a case-insensitive `TreeMap`, so sorted by name: `Content-Length` (a body, or `0` for `.method(m, noBody())`), `Host`, `User-Agent`, then the code's `.header(..)`s by name |
//! | HttpsURLConnection, Java 7 | the code's `setRequestProperty` headers, then `writeRequests`' `setIfNotSet`s: `User-Agent`, `Host`, `Accept`, `Connection: keep-alive`, and for a body `Content-type`, `Content-Length` |
//! | Guzzle 7 (curl handler), PHP 8.3 | `Host` (libcurl sends a custom Host first), then the PSR-7 headers as Guzzle leaves them: each `modifyRequest` puts its headers in front, so the conditional `User-Agent` comes before `auth`'s `Authorization`, then the code's headers; libcurl's own `Content-Length` last. Guzzle blanks curl's default `Accept`, `Expect` and `Content-Type` |
//! | Postman 7.39.0 | the request's headers (and the Authorization tab's), `User-Agent`, `Accept: */*`, `Postman-Token`, `Host`, `Accept-Encoding: gzip, deflate, br`, `Connection: keep-alive`, `Content-Length` |
//! | Chrome | `Host` (`:authority`), `User-Agent`, `Accept: */*` (fetch's default), the code's headers, `Content-Length` |
//! | openid-client 5.6.5, Node 20 (the web app's server) | see [`openid_client`] |

use super::{user_agent, Runtime};

/// A request as the code makes it, in wire values (secrets whole).
pub struct Request<'a> {
    pub method: &'a str,
    /// The `Host` header's value.
    pub host: &'a str,
    /// The headers the code sets itself, in the order it sets them.
    pub code: &'a [(String, String)],
    /// `Authorization` for HTTP Basic that the library's own auth option builds (curl `-u`,
    /// requests' `auth=`, axios's `auth`, Guzzle's `'auth'`, Postman's Authorization tab); Java's
    /// code sets the header itself, so there it goes with the code's headers.
    pub basic: Option<&'a str>,
    /// The body's length on the wire, when there is a body.
    pub body_len: Option<usize>,
    /// Postman's `Postman-Token` for this request (a UUID); read only for Postman.
    pub postman_token: &'a str,
}

fn has(h: &[(String, String)], name: &str) -> bool {
    h.iter().any(|(k, _)| k.eq_ignore_ascii_case(name))
}

fn push(h: &mut Vec<(String, String)>, k: &str, v: impl Into<String>) {
    h.push((k.to_string(), v.into()));
}

/// The request's header block as runtime `rt` sends it (`legacy`: Java 7's HttpsURLConnection).
pub fn wire(rt: Runtime, legacy: bool, r: &Request) -> Vec<(String, String)> {
    let ua = user_agent(rt, legacy);
    let len = r.body_len.map(|n| n.to_string());
    let mut h: Vec<(String, String)> = Vec::with_capacity(r.code.len() + 8);
    let code = |h: &mut Vec<(String, String)>| h.extend(r.code.iter().cloned());
    let basic = |h: &mut Vec<(String, String)>| {
        if let Some(b) = r.basic {
            push(h, "Authorization", b);
        }
    };
    match rt {
        Runtime::Curl => {
            push(&mut h, "Host", r.host);
            basic(&mut h);
            push(&mut h, "User-Agent", ua);
            push(&mut h, "Accept", "*/*");
            code(&mut h);
            if let Some(n) = len {
                if !has(r.code, "content-length") {
                    push(&mut h, "Content-Length", n);
                }
                if !has(r.code, "content-type") {
                    push(&mut h, "Content-Type", "application/x-www-form-urlencoded");
                }
            }
        }
        Runtime::Python => {
            push(&mut h, "Host", r.host);
            push(&mut h, "User-Agent", ua);
            push(&mut h, "Accept-Encoding", "gzip, deflate");
            push(&mut h, "Accept", "*/*");
            push(&mut h, "Connection", "keep-alive");
            code(&mut h);
            match len {
                Some(n) => push(&mut h, "Content-Length", n),
                None if !matches!(r.method, "GET" | "HEAD") => push(&mut h, "Content-Length", "0"),
                None => {}
            }
            basic(&mut h);
        }
        Runtime::Node => {
            // axios's defaults hold `Accept` and an unset `Content-Type` first; a header the code
            // sets under either name takes that slot. A POST, PUT or PATCH gets the form type
            // when the code sets none.
            let find = |name: &str| {
                r.code
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
            };
            push(
                &mut h,
                "Accept",
                find("accept").unwrap_or_else(|| "application/json, text/plain, */*".into()),
            );
            let ct = find("content-type").or_else(|| {
                matches!(r.method, "POST" | "PUT" | "PATCH")
                    .then(|| "application/x-www-form-urlencoded".to_string())
            });
            if let Some(ct) = ct {
                push(&mut h, "Content-Type", ct);
            }
            h.extend(
                r.code
                    .iter()
                    .filter(|(k, _)| {
                        !k.eq_ignore_ascii_case("accept") && !k.eq_ignore_ascii_case("content-type")
                    })
                    .cloned(),
            );
            push(&mut h, "User-Agent", ua);
            if let Some(n) = &len {
                push(&mut h, "Content-Length", n.clone());
            }
            push(&mut h, "Accept-Encoding", "gzip, compress, deflate, br");
            push(&mut h, "Host", r.host);
            basic(&mut h);
            push(&mut h, "Connection", "keep-alive");
            // Node frames a body-less POST, PUT or PATCH itself.
            if len.is_none() && matches!(r.method, "POST" | "PUT" | "PATCH") {
                push(&mut h, "Content-Length", "0");
            }
        }
        Runtime::Java if legacy => {
            code(&mut h);
            basic(&mut h);
            push(&mut h, "User-Agent", ua);
            push(&mut h, "Host", r.host);
            push(
                &mut h,
                "Accept",
                "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2",
            );
            push(&mut h, "Connection", "keep-alive");
            if let Some(n) = len {
                if !has(r.code, "content-type") {
                    push(&mut h, "Content-type", "application/x-www-form-urlencoded");
                }
                push(&mut h, "Content-Length", n);
            }
        }
        Runtime::Java => {
            // `.GET()`, `.DELETE()` and `.HEAD()` carry no body publisher; any other method
            // without a body is `.method(m, BodyPublishers.noBody())`, which says length 0.
            match len {
                Some(n) => push(&mut h, "Content-Length", n),
                None if !matches!(r.method, "GET" | "DELETE" | "HEAD") => {
                    push(&mut h, "Content-Length", "0")
                }
                None => {}
            }
            push(&mut h, "Host", r.host);
            push(&mut h, "User-Agent", ua);
            let mut user: Vec<(String, String)> = r.code.to_vec();
            basic(&mut user);
            user.sort_by_key(|(k, _)| k.to_ascii_lowercase());
            h.extend(user);
        }
        Runtime::Php => {
            push(&mut h, "Host", r.host);
            push(&mut h, "User-Agent", ua);
            basic(&mut h);
            code(&mut h);
            match len {
                Some(n) => push(&mut h, "Content-Length", n),
                None if matches!(r.method, "POST" | "PUT") => push(&mut h, "Content-Length", "0"),
                None => {}
            }
        }
        Runtime::Postman => {
            code(&mut h);
            basic(&mut h);
            push(&mut h, "User-Agent", ua);
            push(&mut h, "Accept", "*/*");
            push(&mut h, "Postman-Token", r.postman_token);
            push(&mut h, "Host", r.host);
            push(&mut h, "Accept-Encoding", "gzip, deflate, br");
            push(&mut h, "Connection", "keep-alive");
            if let Some(n) = len {
                push(&mut h, "Content-Length", n);
            }
        }
        Runtime::Browser | Runtime::AgentDesktop => {
            push(&mut h, "Host", r.host);
            push(&mut h, "User-Agent", ua);
            push(&mut h, "Accept", "*/*");
            code(&mut h);
            if let Some(n) = len {
                push(&mut h, "Content-Length", n);
            }
        }
    }
    h
}

/// A token request as openid-client 5.6.5 sends it from a Node 20 server (`client.grant`,
/// `client.refresh`) with `client_secret_basic`: `authenticatedPost` builds the headers object
/// `{ Accept, Authorization }`, `request` fills in its defaults after them (`User-Agent`,
/// `Accept-Encoding: identity`), Node's `ClientRequest` adds `Host`, then `send` sets the form's
/// type and length under lower-case names (`setHeader('content-type', …)`), and `_storeHeader`
/// ends the block with the global agent's `Connection: keep-alive`.
pub fn openid_client(host: &str, basic: &str, body_len: usize) -> Vec<(String, String)> {
    let mut h = Vec::with_capacity(8);
    push(&mut h, "Accept", "application/json");
    push(&mut h, "Authorization", basic);
    push(
        &mut h,
        "User-Agent",
        "openid-client/5.6.5 (https://github.com/panva/node-openid-client)",
    );
    push(&mut h, "Accept-Encoding", "identity");
    push(&mut h, "Host", host);
    push(&mut h, "content-type", "application/x-www-form-urlencoded");
    push(&mut h, "content-length", body_len.to_string());
    push(&mut h, "Connection", "keep-alive");
    h
}

/// Postman's `Postman-Token` for the request that opens span `traceparent`: a version 4 UUID
/// drawn from the run's seeded trace (a hash of its span), so the same run shows the same token
/// and no other draw of the run moves.
pub fn postman_token(traceparent: &str) -> String {
    let mut b = crate::util::sha256(format!("postman-token {traceparent}").as_bytes());
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let x = crate::util::hex(&b[..16]);
    format!(
        "{}-{}-{}-{}-{}",
        &x[..8],
        &x[8..12],
        &x[12..16],
        &x[16..20],
        &x[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rt: Runtime, legacy: bool, method: &str, body: Option<usize>) -> Vec<String> {
        let code = [
            ("Authorization".to_string(), "Bearer t".to_string()),
            ("Content-Type".to_string(), "application/json".to_string()),
        ];
        let code = if body.is_some() {
            &code[..]
        } else {
            &code[..1]
        };
        wire(
            rt,
            legacy,
            &Request {
                method,
                host: "api.example.com",
                code,
                basic: None,
                body_len: body,
                postman_token: "t",
            },
        )
        .into_iter()
        .map(|(k, _)| k)
        .collect()
    }

    #[test]
    fn java_sorts_each_map_and_sends_the_system_headers_first() {
        assert_eq!(
            names(Runtime::Java, false, "POST", Some(12)),
            [
                "Content-Length",
                "Host",
                "User-Agent",
                "Authorization",
                "Content-Type"
            ]
        );
        assert_eq!(
            names(Runtime::Java, false, "GET", None),
            ["Host", "User-Agent", "Authorization"]
        );
    }

    #[test]
    fn openid_client_sends_its_headers_object_then_nodes_own() {
        let h = openid_client("auth.example.com", "Basic YTpi", 42);
        let names: Vec<&str> = h.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "Accept",
                "Authorization",
                "User-Agent",
                "Accept-Encoding",
                "Host",
                "content-type",
                "content-length",
                "Connection"
            ]
        );
        assert_eq!(h[3].1, "identity");
        assert_eq!(h[6].1, "42");
    }

    #[test]
    fn postman_tokens_are_version_4_uuids() {
        let t = postman_token("00-a-b-01");
        assert_eq!(t.len(), 36);
        assert_eq!(&t[14..15], "4");
        assert!(matches!(&t[19..20], "8" | "9" | "a" | "b"), "{t}");
        assert_ne!(t, postman_token("00-a-c-01"));
    }
}
