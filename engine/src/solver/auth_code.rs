//! The authorization-code flow's refusals: an /authorize the server will not redirect (the
//! redirect URI), and a code exchange at /token refused with invalid_grant, told apart by what
//! the evidence holds: the authorize request's code_challenge against the verifier sent, an
//! earlier exchange of the same code, the authorization server's log.

use super::{field, Ctx, Outcome};
use crate::layers::auth_code::{params, s256};
use crate::model::*;
use Layer::*;

/// `None` when the failed exchange is not one of this flow's sign-in steps.
pub(crate) fn sign_in(c: &mut Ctx, x: &Exchange, r: &HttpResponse) -> Option<Outcome> {
    let path = x.request.url.split('?').next().unwrap_or("");
    if x.to != Auth {
        return None;
    }
    if path.ends_with("/authorize") && r.status == 400 {
        let sent = params(&x.request.url)
            .get("redirect_uri")
            .cloned()
            .unwrap_or_default();
        let unregistered = c
            .said_by(LogSource::Auth)
            .any(|l| l.text.contains("is not a Login redirect URI"))
            || r.body
                .as_deref()
                .is_some_and(|b| b.contains("'redirect_uri' parameter must be"));
        return Some(if unregistered {
            c.settle(
                Auth,
                Some("redirect-uri-mismatch"),
                format!("/authorize answers 400 with an error page instead of redirecting: the redirect_uri the app sent ({sent}) is not one the app registration lists"),
            )
        } else {
            c.open(
                &[Auth, Client],
                "/authorize answers 400 without saying which parameter it refused",
            )
        });
    }
    let form = params(x.request.body.as_deref().unwrap_or(""));
    if !path.ends_with("/token")
        || form.get("grant_type").map(String::as_str) != Some("authorization_code")
        || field(r.body.as_deref().unwrap_or(""), "error").as_deref() != Some("invalid_grant")
    {
        return None;
    }
    let code = form.get("code").cloned().unwrap_or_default();
    // The same code exchanged before, successfully, in this trace.
    let earlier = c.ev.exchanges.iter().any(|o| {
        o.t_ms < x.t_ms
            && o.request.url.ends_with("/token")
            && params(o.request.body.as_deref().unwrap_or("")).get("code") == Some(&code)
            && o.response.as_ref().is_some_and(|r| r.status == 200)
    });
    if earlier {
        return Some(c.settle(
            Auth,
            Some("authorization-code-reused"),
            "token endpoint 400 invalid_grant for a code the app had already exchanged (an earlier /token call with the same code got 200): codes are single-use",
        ));
    }
    // The challenge the browser carried to /authorize, against the verifier sent now.
    let challenge =
        c.ev.exchanges
            .iter()
            .filter(|o| {
                o.request
                    .url
                    .split('?')
                    .next()
                    .unwrap_or("")
                    .ends_with("/authorize")
            })
            .find_map(|o| params(&o.request.url).get("code_challenge").cloned());
    let verifier = form.get("code_verifier").cloned().unwrap_or_default();
    Some(match challenge {
        Some(ch) if s256(&verifier) != ch => c.settle(
            Auth,
            Some("pkce-verifier-mismatch"),
            format!("token endpoint 400 invalid_grant: S256 of the code_verifier sent ({}) is not the code_challenge sent to /authorize ({ch})", s256(&verifier)),
        ),
        Some(_) => c.open(&[Auth, Client], "token endpoint 400 invalid_grant, though the verifier matches the challenge and the code was not used before"),
        None => c.open(&[Auth, Client], "token endpoint 400 invalid_grant, with no authorize request in the evidence to check the verifier against"),
    })
}
