//! nginx's size limits on what a client may send: one header line must fit in one of the
//! `large_client_header_buffers`, and the body a request announces must not pass
//! `client_max_body_size`. Both refusals are nginx's own pages and error-log lines.

use super::incoming::Incoming;
use super::{Gateway, Stage};
use crate::sim::{header, Resp, Tb};
use std::ops::ControlFlow::{Break, Continue};

/// `NGX_MAX_ERROR_STR - 300`: how much of a too-long header line nginx quotes in its log.
const QUOTED: usize = 2048 - 300;

impl Gateway {
    /// A header line longer than one buffer: nginx logs the line's start at `info` and answers
    /// its 494 page, sent as 400 (`ngx_http_request.c`, `ngx_http_special_response.c`).
    pub(super) fn check_header_size(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        // Measured before it is written out: nearly every request has no such line.
        let too_long = inc
            .req
            .headers
            .iter()
            .find(|(k, v)| k.len() + 2 + v.len() > self.header_buffer)
            .map(|(k, v)| format!("{k}: {v}"));
        let Some(line) = too_long else {
            return Continue(());
        };
        let mut cut = line.len().min(QUOTED);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        inc.err_log(
            tb,
            "info",
            &format!("client sent too long header line: \"{}...\"", &line[..cut]),
            None,
        );
        let r = Resp::nginx_own(
            400,
            "Bad Request",
            "400 Request Header Or Cookie Too Large",
            Some("Request Header Or Cookie Too Large"),
        )
        .h("Connection", "close");
        Break(inc.reply(tb, r))
    }

    /// A Content-Length over `client_max_body_size`: refused before a byte of the body is
    /// read, with an `error` line giving the announced size (`ngx_http_core_module.c`).
    pub(super) fn check_body_size(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        let announced: Option<usize> =
            header(&inc.req.headers, "content-length").and_then(|v| v.parse().ok());
        match announced {
            Some(n) if n > self.client_max_body_size => {
                inc.err_log(
                    tb,
                    "error",
                    &format!("client intended to send too large body: {n} bytes"),
                    None,
                );
                let r = Resp::nginx_own(
                    413,
                    "Request Entity Too Large",
                    "413 Request Entity Too Large",
                    None,
                )
                .h("Connection", "close");
                Break(inc.reply(tb, r))
            }
            _ => Continue(()),
        }
    }
}
