//! nginx refusing what a client sent for its size: a body over `client_max_body_size` (413),
//! a header line longer than one of `large_client_header_buffers` (its 494 page, sent as 400).
//! The error log gives the size nginx saw; the request shows whether that size is out of the
//! ordinary or the gateway's limit is too tight for the API's own traffic.

use super::{Ctx, Outcome};
use crate::model::*;
use crate::sim::header;
use Layer::*;

/// The traced request's gateway error-log line containing `needle`.
fn gateway_line<'a>(c: &'a Ctx, needle: &str) -> Option<&'a str> {
    c.said_by(LogSource::Gateway)
        .find(|l| l.text.contains(needle))
        .map(|l| l.text.as_str())
}

pub(crate) fn too_large(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Outcome {
    let s = r.status;
    let page = r.body.as_deref().unwrap_or("");
    if s == 413 {
        let Some(line) = gateway_line(c, "client intended to send too large body") else {
            return c.open(
                &[Gateway, Client],
                "nginx's own 413 page, with no error-log line giving the body size it refused",
            );
        };
        let bytes = line
            .split("too large body: ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .unwrap_or("?")
            .to_string();
        let sent = header(&x.request.headers, "content-length").unwrap_or("?");
        return c.settle(
            Gateway,
            Some("payload-too-large"),
            format!("nginx's own 413 page, and its error log says the client intended to send {bytes} bytes: a {sent}-byte {} body is refused by the gateway's client_max_body_size before the service sees it", x.request.method),
        );
    }
    if page.contains("Header Or Cookie Too Large") || s == 431 {
        return match gateway_line(c, "client sent too long header line") {
            Some(_) => c.settle(
                Gateway,
                Some("header-too-large"),
                format!("nginx's {s} \"Request Header Or Cookie Too Large\" page, and its error log quotes the header line that did not fit its header buffers"),
            ),
            None => c.open(
                &[Gateway, Client],
                format!("nginx's {s} \"Request Header Or Cookie Too Large\" page, with no error-log line naming the header"),
            ),
        };
    }
    c.open(
        &[Client, Gateway],
        format!("nginx's own {s} page: it refused the request before any service saw it"),
    )
}
