//! The scripts run again with their runtime's own diagnostics: requests under
//! `http.client.HTTPConnection.debuglevel = 1` (CPython's `send:`, `reply:` and `header:`
//! lines), axios with a catch that logs the error's response or cause (console.log's own
//! shapes), java.net.http printing the status, the header map and the body.

use super::inspect;
use super::{body, Call, Stage};

/// The last line the run prints (the ticket quotes it): the script's own error or status.
fn last_line(c: &Call, outcome: &str) -> String {
    c.error.unwrap_or(outcome).trim_end().to_string()
}

/// Python's `repr()` of bytes (or, without the `b`, of a str of the same characters).
fn py_repr(data: &[u8], bytes: bool) -> String {
    let q = if data.contains(&b'\'') && !data.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    let mut s = String::from(if bytes { "b" } else { "" });
    s.push(q as char);
    for &b in data {
        match b {
            b'\\' => s.push_str("\\\\"),
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b if b == q => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7e => s.push(b as char),
            b => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s.push(q as char);
    s
}

/// requests with http.client's debug output: what went out (`send:`), the status line
/// (`reply:`) and each header (`header:`), then `r.text`, then the script's own end. `masked`
/// cuts the secrets in what went out before its bytes are printed (see `mask::shown_ascii`).
pub(super) fn python(
    calls: &[Call],
    outcome: &str,
    pages: &[String],
    proxy: Option<&crate::layers::network::Proxy>,
    sent: &dyn Fn(&crate::model::Exchange) -> Vec<u8>,
    masked: &dyn Fn(&str) -> String,
) -> String {
    let mut s = String::from(
        "# call.py again, with http.client.HTTPConnection.debuglevel = 1 set first and print(r.text) before r.raise_for_status()\n",
    );
    if calls
        .iter()
        .any(|c| !matches!(c.stage, Stage::Resolve | Stage::Connect | Stage::Tls))
    {
        s.push_str(
            "# (the secrets in what went out were cut before pasting; **** marks each cut)\n",
        );
    }
    s.push_str("$ python3 call.py\n");
    let mut text = None;
    for c in calls {
        // Through a proxy, http.client's own tunnel: its CONNECT and the proxy's answer.
        if let (Some(p), true, false) = (proxy, c.tls, c.stage == Stage::Resolve) {
            let connect = format!(
                "CONNECT {h}:{port} HTTP/1.1\r\nHost: {h}:{port}\r\n\r\n",
                h = c.host,
                port = c.port
            );
            s.push_str(&format!("send: {}\n", py_repr(connect.as_bytes(), true)));
            let status = match p.refuses(&c.host) {
                Some(407) => "407 Proxy Authentication Required",
                Some(_) => "403 Forbidden",
                None => "200 Connection established",
            };
            s.push_str(&format!(
                "reply: {}\n",
                py_repr(format!("HTTP/1.1 {status}\r\n").as_bytes(), false)
            ));
            if let (Some(407), Some(realm)) = (p.refuses(&c.host), &p.auth_realm) {
                s.push_str(&format!(
                    "header: Proxy-Authenticate: Basic realm=\"{realm}\"\n"
                ));
            }
        }
        if matches!(c.stage, Stage::Resolve | Stage::Connect | Stage::Tls) {
            continue;
        }
        let x = c.x;
        let mut head = format!("{} {} HTTP/1.1\r\n", x.request.method, c.path);
        for (k, v) in &x.request.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.push_str(&format!(
            "send: {}\n",
            py_repr(masked(&head).as_bytes(), true)
        ));
        if body(&x.request.body).is_some() {
            // A body of text has its secrets cut as the head's; a file's bytes as they are.
            let bytes = sent(x);
            let bytes = match std::str::from_utf8(&bytes) {
                Ok(t) => masked(t).into_bytes(),
                Err(_) => bytes,
            };
            s.push_str(&format!("send: {}\n", py_repr(&bytes, true)));
        }
        if let Some(r) = &x.response {
            let status = format!("HTTP/1.1 {} {}\r\n", r.status, r.reason);
            s.push_str(&format!("reply: {}\n", py_repr(status.as_bytes(), false)));
            for (k, v) in &r.headers {
                s.push_str(&format!("header: {k}: {v}\n"));
            }
            text = Some(body(&r.body).unwrap_or("").trim_end().to_string());
            // A paging loop prints each page's text, then its own line for the page.
            if let Some(line) = page_line(calls, c, pages) {
                s.push_str(text.take().as_deref().unwrap_or(""));
                s.push('\n');
                s.push_str(line);
                s.push('\n');
            }
        } else if let Some(e) = c
            .error
            .filter(|_| !std::ptr::eq(c, &calls[calls.len() - 1]))
        {
            // An attempt the script caught and sent again: its own print, before the next.
            s.push_str(e.trim_end());
            s.push('\n');
        }
    }
    let last = calls.last();
    if let (Some(t), Some(Stage::Answered)) = (&text, last.map(|c| c.stage)) {
        s.push_str(t);
        s.push('\n');
    }
    if let Some(c) = last.filter(|c| page_line(calls, c, pages).is_none()) {
        s.push_str(&last_line(c, outcome));
        s.push('\n');
    }
    s
}

/// The paging script's line for call `c`, when it was a page answered 200.
fn page_line<'a>(calls: &[Call], c: &Call, pages: &'a [String]) -> Option<&'a str> {
    let i = calls
        .iter()
        .filter(|o| o.x.response.as_ref().is_some_and(|r| r.status == 200))
        .position(|o| std::ptr::eq(o, c))?;
    pages.get(i).map(String::as_str)
}

/// axios's `err.code` and `err.message` from its error line (`AxiosError: message (CODE)`).
fn axios_parts(line: &str) -> Option<(String, String)> {
    let first = line.lines().next()?;
    let rest = &first[first.find("AxiosError: ")? + "AxiosError: ".len()..];
    let (msg, code) = rest.rsplit_once(" (")?;
    Some((code.trim_end_matches(')').to_string(), msg.to_string()))
}

/// The Node system error behind a failed connection, as console.log prints it (Node 20).
fn node_cause(c: &Call, code: &str, msg: &str) -> Option<String> {
    let ip = c.x.server_ip.clone().unwrap_or_default();
    let port = c.port;
    let tls_frames = "    at TLSSocket.onConnectSecure (node:_tls_wrap:1674:34)\n    at TLSSocket.emit (node:events:519:28)\n    at TLSSocket._finishInit (node:_tls_wrap:1085:8)\n    at ssl.onhandshakedone (node:_tls_wrap:871:12)";
    Some(match code {
        "ENOTFOUND" | "EAI_AGAIN" => format!(
            "Error: {msg}\n    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:120:26) {{\n  errno: {},\n  code: '{code}',\n  syscall: 'getaddrinfo',\n  hostname: '{}'\n}}",
            if code == "ENOTFOUND" { -3008 } else { -3001 },
            c.host
        ),
        "ECONNREFUSED" | "ETIMEDOUT" => format!(
            "Error: {msg}\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16) {{\n  errno: {},\n  code: '{code}',\n  syscall: 'connect',\n  address: '{ip}',\n  port: {port}\n}}",
            if code == "ECONNREFUSED" { -111 } else { -110 }
        ),
        "ERR_TLS_CERT_ALTNAME_INVALID" => {
            let reason = msg.split_once(": ").map(|(_, r)| r).unwrap_or(msg);
            format!(
                "Error [ERR_TLS_CERT_ALTNAME_INVALID]: {msg}\n    at Object.checkServerIdentity (node:tls:316:12)\n    at TLSSocket.onConnectSecure (node:_tls_wrap:1659:27)\n    at TLSSocket.emit (node:events:519:28)\n    at TLSSocket._finishInit (node:_tls_wrap:1085:8)\n    at ssl.onhandshakedone (node:_tls_wrap:871:12) {{\n  code: '{code}',\n  reason: {},\n  host: '{}'\n}}",
                inspect::js_string(reason),
                c.host
            )
        }
        "EPROTO" => format!(
            "Error: {msg}\n    at WriteWrap.onWriteComplete [as oncomplete] (node:internal/stream_base_commons:94:16) {{\n  errno: -71,\n  code: 'EPROTO',\n  syscall: 'write'\n}}"
        ),
        c if c.starts_with("CERT_") || c.contains("CERT") || c.contains("LEAF") => {
            format!("Error: {msg}\n{tls_frames} {{\n  code: '{code}'\n}}")
        }
        _ => return None,
    })
}

/// axios again: a response interceptor logs each call that succeeds, `beforeRedirect` each
/// redirect followed, and the catch logs `err.code`, `err.message` and `err.config.url`, then
/// the response (status, headers, data) or, for a failed connection, the error's cause.
pub(super) fn node(calls: &[Call], outcome: &str, pages: &[String]) -> String {
    let mut s = String::from(
        "# call.js again, logging each response, each redirect and what the error holds:\n\
         #   axios.interceptors.response.use(res => { console.log(res.status, res.statusText, res.config.url); return res; });\n\
         #   beforeRedirect: (options, { statusCode, headers }) => console.log(statusCode, headers.location),   // in the request's config\n\
         #   } catch (err) { console.log(err.code, err.message, err.config.url);\n\
         #     if (err.response) { console.log(err.response.status, err.response.statusText); console.log(err.response.headers); console.log(err.response.data); }\n\
         #     else if (err.cause) console.log(err.cause); }\n\
         $ node call.js\n",
    );
    let Some(last) = calls.last() else {
        return s;
    };
    // The URL the failing request was configured with: a followed redirect keeps the first.
    let mut configured = None;
    for c in calls {
        let x = c.x;
        let url = configured.take().unwrap_or(x.request.url.as_str());
        let failed = std::ptr::eq(c, last) && axios_parts(&last_line(c, outcome)).is_some();
        match &x.response {
            Some(r) if (300..400).contains(&r.status) && !std::ptr::eq(c, last) => {
                let loc = crate::sim::header(&r.headers, "location").unwrap_or("");
                s.push_str(&format!("{} {}\n", r.status, loc));
                configured = Some(url);
                continue;
            }
            Some(r) if !failed => {
                s.push_str(&format!("{} {} {url}\n", r.status, r.reason));
                if let Some(line) = page_line(calls, c, pages) {
                    s.push_str(line);
                    s.push('\n');
                } else if std::ptr::eq(c, last) {
                    // The try block's own line, as the ticket quotes it.
                    s.push_str(&last_line(c, outcome));
                    s.push('\n');
                }
                continue;
            }
            _ => {}
        }
        let line = last_line(c, outcome);
        let Some((code, msg)) = axios_parts(&line) else {
            s.push_str(&line);
            s.push('\n');
            continue;
        };
        s.push_str(&format!("{code} {msg} {url}\n"));
        match &x.response {
            Some(r) => {
                s.push_str(&format!("{} {}\n", r.status, r.reason));
                s.push_str(&inspect::axios_headers(&r.headers));
                s.push('\n');
                let data = body(&r.body).unwrap_or("");
                match serde_json::from_str::<serde_json::Value>(data) {
                    Ok(v) if !data.trim().is_empty() => s.push_str(&inspect::value(&v)),
                    _ => s.push_str(data.trim_end()),
                }
                s.push('\n');
            }
            None => {
                if let Some(cause) = node_cause(c, &code, &msg) {
                    s.push_str(&cause);
                    s.push('\n');
                }
            }
        }
    }
    s
}

/// java.net.http again, printing the status, the header map (lower-case names, sorted) and
/// the body; a call that throws prints its exception as before. Java 7's HttpsURLConnection
/// prints `getHeaderFields()`, the status line under the `null` key.
pub(super) fn java(legacy: bool, calls: &[Call], outcome: &str) -> String {
    let mut s = if legacy {
        String::from(
            "# Call again, printing con.getResponseCode() and con.getHeaderFields()\n$ java Call\n",
        )
    } else {
        String::from("# Call.java again, printing the status, the headers and the body:\n#   System.out.println(res.statusCode()); System.out.println(res.headers().map()); System.out.println(res.body());\n$ java Call.java\n")
    };
    for c in calls {
        java_call(legacy, c, outcome, &mut s);
    }
    s
}

/// [`java`] for the paging loop: each page's URI, status, headers and body, the loop's line after
/// each page it finished, and its own print of the answer that stopped it.
pub(super) fn java_pages(calls: &[Call], outcome: &str, pages: &[String]) -> String {
    let mut s = String::from("# Call.java again, printing each page's URI, status, headers and body:\n#   System.out.println(req.uri()); System.out.println(res.statusCode()); System.out.println(res.headers().map()); System.out.println(res.body());\n$ java Call.java\n");
    for c in calls {
        if c.x.response.is_some() {
            s.push_str(&c.x.request.url);
            s.push('\n');
        }
        java_call(false, c, outcome, &mut s);
        if let Some(line) = page_line(calls, c, pages) {
            s.push_str(line);
            s.push('\n');
        }
    }
    if calls
        .last()
        .is_some_and(|c| page_line(calls, c, pages).is_none())
    {
        s.push_str(outcome.trim_end());
        s.push('\n');
    }
    s
}

fn java_call(legacy: bool, c: &Call, outcome: &str, s: &mut String) {
    let Some(r) = &c.x.response else {
        s.push_str(&last_line(c, outcome));
        s.push('\n');
        return;
    };
    let mut map: Vec<(String, Vec<String>)> = vec![];
    for (k, v) in &r.headers {
        let k = if legacy {
            k.clone()
        } else {
            k.to_ascii_lowercase()
        };
        match map.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(&k)) {
            Some((_, vs)) => vs.push(v.clone()),
            None => map.push((k, vec![v.clone()])),
        }
    }
    if !legacy {
        map.sort_by_key(|(k, _)| k.to_ascii_lowercase());
    }
    let mut entries: Vec<String> = map
        .iter()
        .map(|(k, vs)| format!("{k}=[{}]", vs.join(", ")))
        .collect();
    s.push_str(&format!("{}\n", r.status));
    if legacy {
        entries.insert(
            0,
            format!("null=[{} {} {}]", r.http_version, r.status, r.reason),
        );
        s.push_str(&format!("{{{}}}\n", entries.join(", ")));
        return;
    }
    s.push_str(&format!("{{{}}}\n", entries.join(", ")));
    s.push_str(body(&r.body).unwrap_or("").trim_end());
    s.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_reprs_bytes_and_str_as_cpython_does() {
        assert_eq!(
            py_repr(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true),
            "b'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'"
        );
        assert_eq!(py_repr(b"it's", true), "b\"it's\"");
        assert_eq!(py_repr("é".as_bytes(), true), "b'\\xc3\\xa9'");
        assert_eq!(
            py_repr(b"HTTP/1.1 401 Unauthorized\r\n", false),
            "'HTTP/1.1 401 Unauthorized\\r\\n'"
        );
    }

    #[test]
    fn axios_error_lines_give_code_and_message() {
        assert_eq!(
            axios_parts("AxiosError: getaddrinfo ENOTFOUND api.example.com (ENOTFOUND)"),
            Some((
                "ENOTFOUND".into(),
                "getaddrinfo ENOTFOUND api.example.com".into()
            ))
        );
        assert_eq!(axios_parts("200 OK"), None);
    }
}
