//! Mutual TLS on a server block with `ssl_verify_client on`: nginx completes the handshake
//! without a client certificate, then refuses the request once its header is read, with an
//! `info` line and its own 400 page (`NGX_HTTP_NO_CERT`, sent as 400).

use super::incoming::Incoming;
use super::{Gateway, Stage};
use crate::sim::{Resp, Tb};
use std::ops::ControlFlow::{Break, Continue};

impl Gateway {
    pub(super) fn check_client_cert(&self, tb: &mut Tb, inc: &Incoming) -> Stage {
        let asks = inc
            .w
            .tls_for(inc.host)
            .is_some_and(|t| t.client_ca.is_some());
        if !inc.tls || !asks || inc.w.client.client_cert.is_some() {
            return Continue(());
        }
        inc.err_log(
            tb,
            "info",
            "client sent no required SSL certificate while reading client request headers",
            None,
        );
        let r = Resp::nginx_own(
            400,
            "Bad Request",
            "400 No required SSL certificate was sent",
            Some("No required SSL certificate was sent"),
        );
        Break(inc.reply(tb, r))
    }
}
