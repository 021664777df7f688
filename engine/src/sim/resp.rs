//! A response as a server writes it: status line, headers filled like a real server's (Date,
//! Content-Type, Content-Length), RFC 9457 problem bodies.

use crate::model::*;
use crate::util;
use std::borrow::Cow;

pub fn reason(status: u16) -> &'static str {
    match status {
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        // The CDN's own statuses, as its HTTP/1.1 status lines spell them.
        522 => "Origin Connection Time-out",
        524 => "Origin Time-out",
        526 => "Invalid SSL Certificate",
        _ => "Unknown",
    }
}

/// An RFC 9457 problem body, its members in the order a `serde_json::Value` object writes them
/// (sorted by key): the same text as `json!`, without building the map for every response.
#[derive(serde::Serialize)]
struct Problem<'a> {
    detail: &'a str,
    instance: &'a str,
    status: u16,
    title: &'a str,
    #[serde(rename = "type")]
    kind: String,
}

/// Response builder that fills Date, Content-Type and Content-Length like a real server.
pub struct Resp {
    pub status: u16,
    /// Names and mostly constant values, borrowed where they are constants: most responses
    /// (every background request's) are never written out.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    pub body: Option<String>,
    /// Mostly a constant (`application/json`), so borrowed rather than copied per response.
    pub content_type: Option<Cow<'static, str>>,
    /// The server closes the connection instead of sending this response (nginx's 408 on a
    /// client that stopped sending): it is only logged, the client gets an empty reply.
    pub close_without_reply: bool,
    /// Whether a text or JSON Content-Type gets `; charset=utf-8` (stock nginx pages do not).
    pub charset: bool,
    /// The status line's reason phrase when the server's own differs from RFC 9110's (nginx
    /// still says "Request Entity Too Large" for 413).
    pub reason: Option<&'static str>,
}

impl Resp {
    pub fn new(status: u16) -> Resp {
        Resp {
            status,
            headers: vec![],
            body: None,
            content_type: None,
            close_without_reply: false,
            charset: true,
            reason: None,
        }
    }

    /// nginx gives up on a client that stopped sending: it logs `status` and closes.
    pub fn close(status: u16) -> Resp {
        Resp {
            close_without_reply: true,
            ..Resp::new(status)
        }
    }
    /// A JSON body, pretty-printed (a `serde_json::Value`, or a typed body that writes the same).
    pub fn json(status: u16, body: &impl serde::Serialize) -> Resp {
        let mut r = Resp::new(status);
        r.body = Some(serde_json::to_string_pretty(body).unwrap_or_default());
        r.content_type = Some("application/json".into());
        r
    }
    /// RFC 9457 problem details.
    pub fn problem(status: u16, kind: &str, detail: &str, instance: &str) -> Resp {
        let v = Problem {
            detail,
            instance,
            status,
            title: reason(status),
            kind: format!("https://api.example.com/problems/{kind}"),
        };
        let mut r = Resp::new(status);
        r.body = Some(serde_json::to_string_pretty(&v).unwrap_or_default());
        r.content_type = Some("application/problem+json".into());
        r
    }
    pub fn problem_with(
        status: u16,
        kind: &str,
        detail: &str,
        instance: &str,
        extra: serde_json::Value,
    ) -> Resp {
        let mut v = serde_json::json!({
            "type": format!("https://api.example.com/problems/{kind}"),
            "title": reason(status),
            "status": status,
            "detail": detail,
            "instance": instance,
        });
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            for (k, x) in e {
                o.insert(k.clone(), x.clone());
            }
        }
        let mut r = Resp::json(status, &v);
        r.content_type = Some("application/problem+json".into());
        r
    }
    /// nginx's built-in error page.
    pub fn nginx(status: u16) -> Resp {
        let mut r = Resp::new(status);
        let line = format!("{status} {}", reason(status));
        r.body = Some(format!(
            "<html>\r\n<head><title>{line}</title></head>\r\n<body>\r\n<center><h1>{line}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        ));
        r.content_type = Some("text/html".into());
        r.charset = false;
        r.headers.push(("Server".into(), "nginx".into()));
        r
    }
    /// One of nginx's own pages whose wording is its own: the status line's reason phrase,
    /// the page's title and heading, and the line under the heading some pages carry
    /// (`ngx_http_special_response.c`: 413 "Request Entity Too Large"; 494, sent as 400, "Request
    /// Header Or Cookie Too Large").
    pub fn nginx_own(status: u16, reason: &'static str, title: &str, under: Option<&str>) -> Resp {
        let mut r = Resp::nginx(status);
        let h1 = format!("{status} {reason}");
        let under = under
            .map(|u| format!("<center>{u}</center>\r\n"))
            .unwrap_or_default();
        r.body = Some(format!(
            "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{h1}</h1></center>\r\n{under}<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        ));
        r.reason = Some(reason);
        r
    }
    pub fn text(status: u16, ct: &str, body: &str) -> Resp {
        let mut r = Resp::new(status);
        r.body = Some(body.to_string());
        r.content_type = Some(ct.to_string().into());
        r
    }
    pub fn h(mut self, k: &'static str, v: impl Into<Cow<'static, str>>) -> Resp {
        self.headers.push((k.into(), v.into()));
        self
    }

    /// Finalise into the wire shape. `head` drops the body but keeps its length (RFC 9110 §9.3.2).
    pub fn finish(self, now_ms: i64, version: &str, head: bool) -> HttpResponse {
        let mut headers = vec![("Date".to_string(), util::http_date(now_ms))];
        let no_body = self.status == 204 || self.status == 101 || self.status == 304;
        if let Some(ct) = &self.content_type {
            if !no_body {
                let ct = if self.charset && (ct.starts_with("text/") || ct.ends_with("json")) {
                    format!("{ct}; charset=utf-8")
                } else {
                    ct.to_string()
                };
                headers.push(("Content-Type".into(), ct));
            }
        }
        if !no_body {
            let len = self.body.as_ref().map(|b| b.len()).unwrap_or(0);
            headers.push(("Content-Length".into(), len.to_string()));
        }
        headers.extend(
            self.headers
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
        );
        HttpResponse {
            status: self.status,
            reason: self.reason.unwrap_or(reason(self.status)).into(),
            http_version: version.into(),
            headers,
            body: if head || no_body { None } else { self.body },
        }
    }
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
