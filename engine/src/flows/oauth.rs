//! The oauth-token flow: a client-credentials or refresh-token grant at the authorization server,
//! then one API call with the new token.

use super::common::*;
use super::Ran;
use crate::layers::{call, Agent, Call};
use crate::model::*;
use crate::runtime::{self, Runtime};
use crate::sim::{header, Tb};
use crate::util;
use crate::world::*;
use Layer::*;

pub(super) fn oauth(w: &World, tb: &mut Tb) -> Ran {
    let c = &w.client;
    let body = if c.grant == "refresh_token" {
        format!("grant_type=refresh_token&refresh_token={}", c.refresh_token)
    } else {
        format!(
            "grant_type=client_credentials&scope={}",
            c.scope.replace(':', "%3A").replace(' ', "%20")
        )
    };
    let basic = util::base64(format!("{}:{}", c.client_id, c.client_secret).as_bytes());
    let req = token_request(
        tb,
        c.runtime,
        c.agent == Agent::LegacyJava,
        format!("https://{AUTH_HOST}/oauth2/token"),
        &basic,
        body.clone(),
    );
    let shown_body = body.replace(&c.refresh_token, &short(&c.refresh_token));
    let tls_max = if c.tls_max < 12 && c.runtime == Runtime::Curl {
        format!(" --tls-max 1.{}", c.tls_max - 10)
    } else {
        String::new()
    };
    let cmd = if c.runtime == Runtime::Curl {
        format!(
            "curl -sS -i {}{tls_max} -u '{}:****' https://{AUTH_HOST}/oauth2/token \\\n  -d '{shown_body}'",
            curl_limits(c.timeout_ms),
            c.client_id,
        )
    } else {
        runtime::code(
            c.runtime,
            c.agent == Agent::LegacyJava,
            &runtime::Shown {
                method: "POST",
                url: &format!("https://{AUTH_HOST}/oauth2/token"),
                headers: vec![(
                    "Content-Type".into(),
                    "application/x-www-form-urlencoded".into(),
                )],
                basic: Some((c.client_id.clone(), "****".into())),
                body: Some(shown_body),
                file: None,
                timeout_s: 30,
            },
            body.len(),
        )
    };
    let cmd = behind_proxy(w, cmd);
    let mut token = None;
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Auth,
            agent: c.agent,
            req,
            show_path: true,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: &c.public_ip,
        },
        &mut |tb, r, _| {
            let b = header(&r.headers, "authorization")
                .and_then(|a| a.strip_prefix("Basic "))
                .map(String::from);
            let (resp, tok) = w.auth.token_endpoint(
                tb,
                r.body.as_deref().unwrap_or(""),
                b.as_deref(),
                tb.now_ms(),
            );
            token = tok;
            resp
        },
    );
    let mut outcome = match (&out.resp, &out.error) {
        (Some(r), _) if c.runtime == Runtime::Curl => format!(
            "{} {}",
            status_line(r),
            util::one_line(r.body.as_deref().unwrap_or(""))
        ),
        // The exchange holds the request as it was sent.
        _ => reported(w, &tb.exchanges[out.ex].request, &out),
    };
    if let Some(t) = token {
        add_token_artifact(w, tb, &t);
        tb.jitter(50, 300);
        // The job's next call, on the token it got; nothing else about the world changes, and
        // the layers read the call from the request, so the world itself is not copied.
        let mut c2 = w.client.clone();
        c2.base = format!("https://{API_HOST}");
        c2.path = format!("/v2/customers/{}", w.customer_id);
        c2.method = "GET".into();
        c2.body = None;
        let (req, _) = api_request_by(w, &c2, tb, Some(t));
        let o2 = call(
            w,
            tb,
            Call {
                from: Client,
                to: Gateway,
                agent: c.agent,
                req,
                show_path: false,
                timeout_ms: 60_000,
                attempt: None,
                peer_ip: &c.public_ip,
            },
            &mut |tb, r, peer| w.gateway.handle(w, tb, r, peer),
        );
        outcome = match (&o2.resp, &o2.error) {
            (Some(_), _) => format!(
                "token issued; API call: {}",
                reported(w, &tb.exchanges[o2.ex].request, &o2)
            ),
            (None, Some(_)) => reported(w, &tb.exchanges[o2.ex].request, &o2),
            _ => outcome,
        };
    }
    Ran {
        story: Story {
            since: String::new(),
            context: format!(
                "A backend job authenticates as {} before calling the API.",
                c.client_id
            ),
            expected: format!(
                "The {} grant returns an access token and the API accepts it.",
                c.grant.replace('_', " ")
            ),
            actual: format!("The job logs: {outcome}"),
        },
        client: ClientView {
            kind: c.runtime.id().into(),
            action: cmd,
        },
        outcome,
    }
}
