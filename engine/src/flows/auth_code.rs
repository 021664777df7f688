//! The oauth-authorization-code flow: a web app sends the user's browser to the authorization
//! server's /authorize (state, PKCE S256 challenge), the user signs in and consents, the server
//! redirects back with a code, and the app's server exchanges it at /token with the verifier
//! before calling the API. The browser's steps are navigations (document requests, 302s, the
//! address bar); the app server's are HTTP exchanges.

use super::common::*;
use super::Ran;
use crate::layers::auth_code::{self, encode, Codes};
use crate::layers::{call, Agent, Call, Outcome};
use crate::model::*;
use crate::runtime::{Runtime, CHROME_UA};
use crate::sim::{header, Resp, Tb};
use crate::util;
use crate::world::*;
use Layer::*;

/// Registers the web app with the authorization server and gives it its host, its certificate
/// and what it generates for the sign-in (state and PKCE verifier), derived from the seed's
/// world without drawing from the seeded stream.
pub(super) fn prepare(w: &mut World) {
    w.client.agent = Agent::Browser;
    w.client.runtime = Runtime::Browser;
    let reg = auth_code::healthy_registration(&w.auth, &w.client.client_id);
    w.auth.roles.insert(reg.user.clone(), "agent".into());
    let seed = util::sha256(&[w.auth.key.as_slice(), w.customer_id.as_bytes()].concat());
    let verifier = util::base64url(&seed);
    w.app = Some(WebApp {
        client_id: reg.client_id.clone(),
        client_secret: reg.client_secret.clone(),
        redirect_uri: reg.redirect_uris[0].clone(),
        scope: "openid profile read:customers offline_access".into(),
        state: util::base64url(&util::sha256(&seed)[..12]),
        verifier_sent: verifier.clone(),
        verifier,
        exchanges: 1,
        returning: false,
    });
    w.auth.web = Some(reg);
    let ip = "198.51.100.30".to_string();
    w.dns.zone.insert(APP_HOST.into(), ip.clone().into());
    w.net.listening.insert(ip.into(), vec![80, 443]);
    if let Some(mut t) = w.tls.get(AUTH_HOST).cloned() {
        t.cert.subject_cn = APP_HOST.into();
        t.cert.sans = vec![APP_HOST.into()];
        w.tls.insert(APP_HOST.into(), t);
    }
}

/// A top-level navigation as Chrome sends it (HAR type document).
fn navigation(method: &str, url: &str, site: &str, body: Option<String>) -> HttpRequest {
    let host = url.split('/').nth(2).unwrap_or("").to_string();
    let mut headers = vec![
        ("Host".to_string(), host),
        ("User-Agent".into(), CHROME_UA.into()),
        (
            "Accept".into(),
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8".into(),
        ),
        ("Sec-Fetch-Dest".into(), "document".into()),
        ("Sec-Fetch-Mode".into(), "navigate".into()),
        ("Sec-Fetch-Site".into(), site.into()),
    ];
    if let Some(b) = &body {
        headers.push((
            "Content-Type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
        headers.push(("Content-Length".into(), b.len().to_string()));
    }
    HttpRequest {
        method: method.into(),
        url: url.into(),
        http_version: "HTTP/2".into(),
        headers,
        body,
    }
}

/// Where a navigation ended, as the browser shows it: the page's status and title, or the
/// browser's own error.
/// A call the web app's server makes (openid-client or its API client on Node), from the
/// platform's egress address.
fn from_app_server(to: Layer, req: HttpRequest) -> Call<'static> {
    Call {
        from: Client,
        to,
        agent: Agent::Node,
        req,
        show_path: false,
        timeout_ms: 10_000,
        attempt: None,
        peer_ip: PLATFORM_EGRESS,
    }
}

fn shown(out: &Outcome) -> String {
    match (&out.resp, &out.error) {
        (Some(r), _) => {
            let body = r.body.as_deref().unwrap_or("");
            let title = body
                .split("<title>")
                .nth(1)
                .and_then(|t| t.split("</title>").next())
                .unwrap_or("");
            let p = body
                .split("<p>")
                .nth(1)
                .and_then(|t| t.split("</p>").next())
                .map(|p| format!(": {p}"))
                .unwrap_or_default();
            format!("{} {} — \"{title}\"{p}", r.status, r.reason)
        }
        (None, Some(e)) => e.clone(),
        _ => String::new(),
    }
}

pub(super) fn auth_code(w: &World, tb: &mut Tb) -> Ran {
    let app = w
        .app
        .clone()
        .expect("the flow's prepare registered the web app");
    let peer = w.client.public_ip.clone();
    let mut codes = Codes::default();
    let mut bar: Vec<String> = vec![];
    let authorize = format!(
        "https://{AUTH_HOST}/oauth2/v1/authorize?client_id={}&response_type=code&scope={}&redirect_uri={}&state={}&code_challenge={}&code_challenge_method=S256",
        app.client_id,
        encode(&app.scope),
        encode(&app.redirect_uri),
        app.state,
        auth_code::s256(&app.verifier),
    );
    let action = if app.returning {
        format!("The user, signed in on an earlier visit, opens https://{APP_HOST}/customers/{}; the session's access token has expired, so the app's server runs (openid-client):\nclient.refresh(session.refresh_token)", w.customer_id)
    } else {
        format!(
        "The user clicks \"Sign in\" on https://{APP_HOST}/; the app's login route answers 302 to:\n{authorize}\nOn the callback, the app's server runs (openid-client):\nclient.callback('{}', params, {{ code_verifier, state }})",
        app.redirect_uri
    )
    };
    let story = |actual: String| Story {
        since: String::new(),
        context: if app.returning {
            format!(
                "{} comes back to the web app at https://{APP_HOST}, signed in through the company's identity provider on an earlier visit.",
                w.auth.web.as_ref().map(|r| r.user.as_str()).unwrap_or("A user")
            )
        } else {
            format!(
                "{} signs in to the web app at https://{APP_HOST} through the company's identity provider.",
                w.auth.web.as_ref().map(|r| r.user.as_str()).unwrap_or("A user")
            )
        },
        expected: if app.returning {
            format!(
                "The app renews the session and shows customer {}.",
                w.customer_id
            )
        } else {
            format!(
                "After sign-in and consent the browser comes back to the app, which shows customer {}.",
                w.customer_id
            )
        },
        actual,
    };
    let client = ClientView {
        kind: "browser".into(),
        action,
    };
    let finish = |tb: &mut Tb, bar: &[String], out: &Outcome, ran_story: String| {
        tb.artifact(
            "browser",
            "Browser address bar (each navigation)",
            bar.join("\n"),
        );
        let outcome = shown(out);
        Ran {
            story: story(format!("{ran_story}{outcome}")),
            client: client.clone(),
            outcome,
        }
    };
    if app.returning {
        // A returning user opens the app; the session's refresh token renews it server-side.
        let url = format!("https://{APP_HOST}/customers/{}", w.customer_id);
        bar.push(url.clone());
        let mut req = navigation("GET", &url, "none", None);
        let sid = util::base64url(&util::sha256(app.state.as_bytes()))[..32].to_string();
        req.headers
            .push(("Cookie".into(), format!("app_session={sid}")));
        let out = call(
            w,
            tb,
            Call {
                from: Client,
                to: Client,
                agent: Agent::Browser,
                req,
                show_path: true,
                timeout_ms: 30_000,
                attempt: None,
                peer_ip: &peer,
            },
            &mut |tb, _, _| renew(w, &app, tb),
        );
        return finish(tb, &bar, &out, "The browser shows ".into());
    }
    // 1. The app sent the browser to /authorize.
    bar.push(authorize.clone());
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Auth,
            agent: Agent::Browser,
            req: navigation("GET", &authorize, "same-site", None),
            show_path: true,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, r, _| w.auth.authorize(tb, &r.url),
    );
    if out.resp.as_ref().map(|r| r.status) != Some(200) {
        return finish(
            tb,
            &bar,
            &out,
            "The browser stops at the identity provider: ".into(),
        );
    }
    // 2. The user signs in and allows access; the server redirects back with a code.
    tb.jitter(4_000, 12_000);
    let form = format!(
        "username={}&password=********&consent=allow",
        w.auth
            .web
            .as_ref()
            .map(|r| r.user.replace('@', "%40"))
            .unwrap_or_default()
    );
    let sign_in_url = format!("https://{AUTH_HOST}/oauth2/v1/authorize/callback");
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Auth,
            agent: Agent::Browser,
            req: navigation("POST", &sign_in_url, "same-origin", Some(form)),
            show_path: false,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, _, _| w.auth.sign_in(tb, &authorize, &mut codes),
    );
    let location = out
        .resp
        .as_ref()
        .and_then(|r| header(&r.headers, "location"))
        .map(String::from);
    let Some(location) = location else {
        return finish(tb, &bar, &out, "Signing in fails: ".into());
    };
    // 3. The browser follows the redirect to the app's callback.
    bar.push(location.clone());
    let last = call(
        w,
        tb,
        Call {
            from: Client,
            to: Client,
            agent: Agent::Browser,
            req: navigation("GET", &location, "same-site", None),
            show_path: false,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, r, _| callback(w, &app, tb, &r.url, &mut codes),
    );
    finish(tb, &bar, &last, "The browser shows ".into())
}

/// A token request as the app's server sends it with openid-client (its header block is
/// `runtime::headers::openid_client`): client credentials in HTTP Basic, a form body, JSON
/// accepted. The app sets no `traceparent` (its server is not instrumented); the span is drawn
/// where the request is made all the same, as it always was.
fn openid_token_request(tb: &mut Tb, url: String, basic: &str, body: String) -> HttpRequest {
    tb.start_span_at_gateway();
    HttpRequest {
        method: "POST".into(),
        url,
        http_version: "HTTP/1.1".into(),
        headers: crate::runtime::headers::openid_client(
            AUTH_HOST,
            &format!("Basic {basic}"),
            body.len(),
        ),
        body: Some(body),
    }
}

/// The app's callback route, on its server: checks the state, exchanges the code at /token with
/// the verifier, calls the API with the access token, and renders the page.
fn callback(w: &World, app: &WebApp, tb: &mut Tb, url: &str, codes: &mut Codes) -> Resp {
    tb.jitter(2, 8);
    let q = auth_code::params(url);
    let code = q.get("code").cloned().unwrap_or_default();
    if q.get("state") != Some(&app.state) {
        tb.log(
            LogSource::Client,
            Level::Error,
            "[auth] callback: state mismatch".to_string(),
        );
        return Resp::text(403, "text/html", "<h1>Sign-in failed</h1>");
    }
    let body = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={}",
        encode(&app.redirect_uri),
        app.verifier_sent
    );
    let basic = util::base64(format!("{}:{}", app.client_id, app.client_secret).as_bytes());
    let token_url = format!("https://{AUTH_HOST}/oauth2/v1/token");
    let req = openid_token_request(tb, token_url.clone(), &basic, body);
    let mut tokens = None;
    let mut out = None;
    // Each redemption's answer replaces the last: the handler goes on with the final one.
    for n in 0..app.exchanges.max(1) {
        let mut req = req.clone();
        if n > 0 {
            tb.jitter(1, 5);
            tb.respan(&mut req.headers);
        }
        out = Some(call(w, tb, from_app_server(Auth, req), &mut |tb, r, _| {
            let b = header(&r.headers, "authorization")
                .and_then(|a| a.strip_prefix("Basic "))
                .map(String::from);
            let (resp, t) =
                w.auth
                    .exchange_code(tb, r.body.as_deref().unwrap_or(""), b.as_deref(), codes);
            tokens = t;
            resp
        }));
    }
    let out = out.expect("at least one exchange");
    let Some((token, _refresh)) = tokens else {
        let said = oauth_said(&out);
        tb.log(
            LogSource::Client,
            Level::Error,
            format!("[auth] GET {}?code={}…&state=… token exchange failed\nOPError: {said}\n    at processResponse (node_modules/openid-client/lib/helpers/process_response.js:38:13)\n    at Client.grant (node_modules/openid-client/lib/client.js:1346:22)", app.redirect_uri, &code[..code.len().min(8)]),
        );
        let page = format!("<!DOCTYPE html>\n<html><head><title>Sign-in failed</title></head>\n<body><h1>Sign-in failed</h1>\n<p>{said}</p></body></html>\n");
        return Resp::text(500, "text/html", &page);
    };
    call_api(w, tb, token)
}

/// The app's server with an access token: calls the API for the customer and renders the page.
fn call_api(w: &World, tb: &mut Tb, token: String) -> Resp {
    add_token_artifact(w, tb, &token);
    tb.jitter(5, 20);
    let mut w2 = w.clone();
    w2.client.base = format!("https://{API_HOST}");
    w2.client.path = format!("/v2/customers/{}", w.customer_id);
    w2.client.method = "GET".into();
    w2.client.body = None;
    w2.client.runtime = Runtime::Node;
    w2.client.agent = Agent::Node;
    let (req, _) = api_request(&w2, tb, Some(token));
    let api = call(
        &w2,
        tb,
        from_app_server(Gateway, req),
        &mut |tb, r, peer| w2.gateway.handle(&w2, tb, r, peer),
    );
    let sid = tb.rng.alnum(32);
    match api.resp {
        Some(r) if r.status == 200 => {
            tb.log(
                LogSource::Client,
                Level::Info,
                format!(
                    "[auth] signed in via {AUTH_HOST}; GET /v2/customers/{} 200",
                    w.customer_id
                ),
            );
            let page = format!("<!DOCTYPE html>\n<html><head><title>Customer {} - Example Web App</title></head>\n<body><h1>Customer {}</h1></body></html>\n", w.customer_id, w.customer_id);
            Resp::text(200, "text/html", &page).h(
                "Set-Cookie",
                format!("app_session={sid}; Path=/; Secure; HttpOnly; SameSite=Lax"),
            )
        }
        r => {
            let said = r
                .map(|r| format!("{} {}", r.status, r.reason))
                .or(api.error)
                .unwrap_or_default();
            tb.log(
                LogSource::Client,
                Level::Error,
                format!("[api] GET /v2/customers/{} failed: {said}", w.customer_id),
            );
            let page = format!("<!DOCTYPE html>\n<html><head><title>Error - Example Web App</title></head>\n<body><h1>Something went wrong</h1>\n<p>The customer could not be loaded ({said}).</p></body></html>\n");
            Resp::text(502, "text/html", &page)
        }
    }
}

/// What openid-client's OPError says of a refused token request: the error and its description
/// (or the transport error when there was no answer).
fn oauth_said(out: &Outcome) -> String {
    out.resp
        .as_ref()
        .and_then(|r| serde_json::from_str::<serde_json::Value>(r.body.as_deref()?).ok())
        .map(|v| {
            format!(
                "{} ({})",
                v["error"].as_str().unwrap_or(""),
                v["error_description"].as_str().unwrap_or("")
            )
        })
        .or(out.error.clone())
        .unwrap_or_default()
}

/// A returning user's visit: the app's server finds the session's access token expired and
/// renews it with the refresh token it kept (openid-client's `client.refresh`), then calls the
/// API. No browser step goes to the identity provider.
fn renew(w: &World, app: &WebApp, tb: &mut Tb) -> Resp {
    tb.jitter(2, 8);
    let rt = w
        .auth
        .web
        .as_ref()
        .and_then(|r| r.grant.as_ref())
        .map(|g| g.refresh_token.clone())
        .unwrap_or_default();
    if let Some(log) = w.auth.system_log() {
        let user = w.auth.web.as_ref().map(|r| r.user.as_str()).unwrap_or("");
        tb.artifact(
            "system-log",
            format!("Identity provider System Log (user {user}, app Example Web App)"),
            log,
        );
    }
    let basic = util::base64(format!("{}:{}", app.client_id, app.client_secret).as_bytes());
    let req = openid_token_request(
        tb,
        format!("https://{AUTH_HOST}/oauth2/v1/token"),
        &basic,
        format!("grant_type=refresh_token&refresh_token={rt}"),
    );
    let mut token = None;
    let out = call(w, tb, from_app_server(Auth, req), &mut |tb, r, _| {
        let b = header(&r.headers, "authorization")
            .and_then(|a| a.strip_prefix("Basic "))
            .map(String::from);
        let (resp, t) = w
            .auth
            .refresh_web(tb, r.body.as_deref().unwrap_or(""), b.as_deref());
        token = t;
        resp
    });
    let Some(token) = token else {
        let said = oauth_said(&out);
        tb.log(
            LogSource::Client,
            Level::Error,
            format!("[auth] GET /customers/{} session refresh failed\nOPError: {said}\n    at processResponse (node_modules/openid-client/lib/helpers/process_response.js:38:13)\n    at Client.grant (node_modules/openid-client/lib/client.js:1346:22)\n    at Client.refresh (node_modules/openid-client/lib/client.js:1009:22)", w.customer_id),
        );
        let page = format!("<!DOCTYPE html>\n<html><head><title>Session could not be renewed</title></head>\n<body><h1>Session could not be renewed</h1>\n<p>{said}</p></body></html>\n");
        return Resp::text(500, "text/html", &page);
    };
    call_api(w, tb, token)
}
