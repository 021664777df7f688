//! Flow drivers: what starts the request and which hops it takes. Layers decide the outcome.

use crate::layers::auth::AuthServer;
use crate::layers::integration::{Integration, RETRY_SCHEDULE_MS};
use crate::layers::{call, Agent, Call};
use crate::model::*;
use crate::sim::{header, Resp, Tb};
use crate::util;
use crate::world::*;
use serde_json::json;

use Layer::*;

impl Flow {
    /// Host the flow's client talks to (where dns/network/tls faults land).
    pub fn primary_host(self) -> &'static str {
        match self {
            Flow::OauthToken => AUTH_HOST,
            Flow::LiveChat => RT_HOST,
            _ => API_HOST,
        }
    }
}

pub struct Ran {
    pub story: Story,
    pub client: ClientView,
    pub outcome: String,
}

fn short(tok: &str) -> String {
    if tok.len() > 24 {
        format!("{}…", &tok[..20])
    } else {
        tok.to_string()
    }
}

fn status_line(r: &HttpResponse) -> String {
    format!("{} {} {}", r.http_version, r.status, r.reason)
}

/// Sets the world up for a flow before any fault is applied (who the client is, what it sends).
pub fn prepare(flow: Flow, w: &mut World) {
    match flow {
        Flow::BrowserApiCall => {
            w.client.agent = Agent::Browser;
            w.client.origin = Some("https://agent.example.com".into());
        }
        Flow::PartnerApiCall => {
            w.client.path = format!("/v2/partner/customers/{}", w.customer_id);
            w.client.authorization = None;
            w.client.api_key = w.gateway.api_keys.first().cloned();
        }
        _ => {}
    }
}

pub fn run(flow: Flow, w: &World, tb: &mut Tb) -> Ran {
    match flow {
        Flow::ApiCall | Flow::PartnerApiCall => api_call(w, tb),
        Flow::BrowserApiCall => browser_api_call(w, tb),
        Flow::OauthToken => oauth(w, tb),
        Flow::CrmLookup => lookup(w, tb),
        Flow::CrmTicket => ticket(w, tb),
        Flow::LiveChat => live_chat(w, tb),
    }
}

fn api_request(w: &World, tb: &Tb, token: Option<String>) -> (HttpRequest, String) {
    let c = &w.client;
    let url = format!("{}{}", c.base, c.path);
    let host = url.split('/').nth(2).unwrap_or("").to_string();
    let mut h = vec![
        ("Host".to_string(), host),
        ("User-Agent".into(), "curl/8.5.0".into()),
        ("Accept".into(), "application/json".into()),
    ];
    let auth = token
        .map(|t| format!("Bearer {t}"))
        .or_else(|| c.authorization.clone());
    let mut cmd = format!("curl -sS -i -X {} '{url}'", c.method);
    if c.method == "HEAD" {
        cmd = format!("curl -sS -I '{url}'");
    }
    if let Some(a) = &auth {
        h.push(("Authorization".into(), a.clone()));
        let (scheme, tok) = a.split_once(' ').unwrap_or((a, ""));
        cmd.push_str(&format!(
            " \\\n  -H 'Authorization: {scheme} {}'",
            short(tok)
        ));
    }
    if let Some(k) = &c.api_key {
        h.push(("x-api-key".into(), k.clone()));
        cmd.push_str(&format!(" \\\n  -H 'x-api-key: {}'", short(k)));
    }
    if let Some(b) = &c.body {
        let ct = c.content_type.clone().unwrap_or_default();
        h.push(("Content-Type".into(), ct.clone()));
        h.push((
            "Content-Length".into(),
            (b.len() + c.content_length_extra).to_string(),
        ));
        if ct == "application/json" {
            cmd.push_str(" \\\n  -H 'Content-Type: application/json'");
        }
        if c.content_length_extra > 0 {
            cmd.push_str(&format!(
                " \\\n  -H 'Content-Length: {}'",
                b.len() + c.content_length_extra
            ));
        }
        cmd.push_str(&format!(
            " \\\n  -d '{}'",
            b.replace('\n', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        ));
    }
    h.push(("traceparent".into(), tb.traceparent()));
    (
        HttpRequest {
            method: c.method.clone(),
            url,
            http_version: "HTTP/1.1".into(),
            headers: h,
            body: c.body.clone(),
        },
        cmd,
    )
}

fn api_call(w: &World, tb: &mut Tb) -> Ran {
    let (req, cmd) = api_request(w, tb, None);
    if w.client.loop_requests > 0 {
        // The automation hammered the API before the request we follow.
        let n = w.client.loop_requests.min(90) as i64;
        for i in 0..n {
            let t = tb.t;
            let passed = w
                .gateway
                .rate
                .limit
                .saturating_sub(w.client.loop_requests.min(w.gateway.rate.limit))
                + 30;
            let i32_ = i as u32;
            // A service that is already shedding load answers the burst with 503s (the worker
            // then retries even faster) until the gateway's limit cuts the client off.
            let st = if i32_ >= passed {
                429
            } else if w.backend.overloaded && i32_ >= passed / 3 {
                503
            } else {
                200
            };
            let (level, up) = match st {
                200 => (Level::Info, "rt=0.004 urt=0.003 upstream=10.0.3.21:8080"),
                503 => (Level::Error, "rt=0.412 urt=0.411 upstream=10.0.3.21:8080"),
                _ => (Level::Warn, "rt=0.000 urt=- upstream=-"),
            };
            tb.log_other(
                t,
                LogSource::Gateway,
                level,
                format!(
                    "{} - - [{}] \"{} {} HTTP/1.1\" {st} 187 \"-\" \"python-requests/2.31.0\" {up}",
                    w.client.public_ip,
                    util::nginx_time(tb.now_ms()),
                    w.client.method,
                    w.client.path
                ),
            );
            if st == 503 && i % 4 == 0 {
                tb.log_other(
                    t,
                    LogSource::App,
                    Level::Error,
                    format!(
                        "customers-v2 worker pool exhausted (active=64/64 queued=512/512); shedding {} {}",
                        w.client.method, w.client.path
                    ),
                );
            }
            if i % 15 == 0 {
                tb.log_at(
                    t,
                    LogSource::Client,
                    Level::Warn,
                    false,
                    format!(
                        "sync-worker: request failed, retrying immediately (attempt {})",
                        i + 1
                    ),
                );
            }
            tb.jitter(8, 20);
        }
    }
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Gateway,
            agent: w.client.agent,
            req,
            show_path: true,
            timeout_ms: w.client.timeout_ms,
            attempt: None,
            peer_ip: &w.client.public_ip.clone(),
        },
        &mut |tb, r, peer| w.gateway.handle(w, tb, r, peer),
    );
    add_token_artifact(w, tb, &w.client.token);
    let outcome = match (&out.resp, &out.error) {
        (Some(r), _) => status_line(r),
        (None, Some(e)) => e.clone(),
        _ => String::new(),
    };
    let slow = tb
        .exchanges
        .last()
        .map(|e| e.timings.total() > 5_000)
        .unwrap_or(false);
    Ran {
        story: Story {
            context:
                "A developer is testing an integration against the platform API from a terminal."
                    .into(),
            expected: format!(
                "{} {} returns a 2xx response within a second.",
                w.client.method, w.client.path
            ),
            actual: if slow && out.resp.as_ref().map(|r| r.status < 400).unwrap_or(false) {
                format!("The call works but takes seconds: {outcome}")
            } else {
                format!("The terminal shows: {outcome}")
            },
        },
        client: ClientView {
            kind: "curl".into(),
            action: cmd,
        },
        outcome,
    }
}

/// The agent desktop's browser, as the live-chat flow's requests and access logs show it.
const AGENT_DESKTOP_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0";
const CHROME_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

/// fetch() from the agent desktop: a CORS preflight, then (if the browser allows it) the call.
fn browser_api_call(w: &World, tb: &mut Tb) -> Ran {
    let c = &w.client;
    let origin = c
        .origin
        .clone()
        .unwrap_or_else(|| "https://agent.example.com".into());
    let url = format!("{}{}", c.base, c.path);
    let host = url.split('/').nth(2).unwrap_or("").to_string();
    let (mut req, _) = api_request(w, tb, None);
    for (k, v) in req.headers.iter_mut() {
        if k == "User-Agent" {
            *v = CHROME_UA.into();
        }
        if k == "Accept" {
            *v = "application/json".into();
        }
    }
    req.headers.insert(1, ("Origin".into(), origin.clone()));
    req.headers.push(("Sec-Fetch-Mode".into(), "cors".into()));
    req.http_version = "HTTP/2".into();
    // Authorization (and traceparent) are not CORS-safelisted: the browser must ask first.
    let mut asked: Vec<String> = req
        .headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .filter(|k| {
            ["authorization", "content-type", "traceparent", "x-api-key"].contains(&k.as_str())
        })
        .collect();
    asked.sort();
    let pre = HttpRequest {
        method: "OPTIONS".into(),
        url: url.clone(),
        http_version: "HTTP/2".into(),
        headers: vec![
            ("Host".into(), host),
            ("Origin".into(), origin.clone()),
            ("Access-Control-Request-Method".into(), c.method.clone()),
            ("Access-Control-Request-Headers".into(), asked.join(",")),
            ("User-Agent".into(), CHROME_UA.into()),
            ("Accept".into(), "*/*".into()),
            ("Sec-Fetch-Mode".into(), "cors".into()),
        ],
        body: None,
    };
    let action = format!(
        "Agent desktop ({origin}) runs:\nfetch('{url}', {{ method: '{}', headers: {{ Authorization: 'Bearer {}' }} }})",
        c.method,
        short(&c.token)
    );
    let story = |o: &str| Story {
        context: "Agents say the customer panel in the agent desktop stays empty.".into(),
        expected: format!(
            "The desktop's {} {} returns 2xx and the panel fills in.",
            c.method, c.path
        ),
        actual: o.to_string(),
    };
    tb.artifact(
        "config",
        "Gateway CORS policy (api.example.com)",
        format!(
            "allowed origins: {}\nallowed methods: GET, HEAD, POST, PUT, PATCH, DELETE\nallowed headers: Authorization, Content-Type, traceparent, x-api-key\nmax age: 600 s",
            w.gateway.cors_allowed_origins.join(", ")
        ),
    );
    let peer = c.public_ip.clone();
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Gateway,
            agent: Agent::Browser,
            req: pre,
            show_path: true,
            timeout_ms: c.timeout_ms,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, r, peer| w.gateway.handle(w, tb, r, peer),
    );
    let blocked = match (&out.resp, &out.error) {
        (None, Some(e)) => {
            let line = format!("{} {url} {e}", c.method);
            tb.log(LogSource::Client, Level::Error, format!("{line}\nUncaught (in promise) TypeError: Failed to fetch"));
            return Ran { story: story(&format!("The console shows: {line}")), client: ClientView { kind: "browser".into(), action }, outcome: e.clone() };
        }
        (Some(r), _) if !(200..300).contains(&r.status) => {
            Some("Response to preflight request doesn't pass access control check: It does not have HTTP ok status.")
        }
        (Some(r), _) if header(&r.headers, "access-control-allow-origin") != Some(origin.as_str()) => {
            Some("Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.")
        }
        _ => None,
    };
    if let Some(why) = blocked {
        let msg = format!("Access to fetch at '{url}' from origin '{origin}' has been blocked by CORS policy: {why}");
        tb.advance(1);
        let ex = tb.exchanges.len();
        tb.exchanges.push(Exchange {
            from: Client,
            to: Gateway,
            request: req,
            response: None,
            client_error: Some(msg.clone()),
            timings: Timings {
                blocked: 0,
                ..Timings::NOT_APPLICABLE
            },
            started_at: tb.iso(),
            t_ms: tb.t,
            server_ip: None,
            server_port: Some(443),
            attempt: None,
        });
        let e = tb.ev_ex(
            Client,
            Client,
            EventKind::Error,
            format!("CORS error: {} {url} not sent (net::ERR_FAILED)", c.method),
            ex,
            None,
        );
        tb.fail(e, Client);
        tb.log(
            LogSource::Client,
            Level::Error,
            format!(
                "{msg}\n{} {url} net::ERR_FAILED\nUncaught (in promise) TypeError: Failed to fetch",
                c.method
            ),
        );
        add_token_artifact(w, tb, &c.token);
        return Ran {
            story: story(&format!("The panel stays empty. Console: {msg}")),
            client: ClientView {
                kind: "browser".into(),
                action,
            },
            outcome: msg,
        };
    }
    tb.advance(1);
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Gateway,
            agent: Agent::Browser,
            req,
            show_path: true,
            timeout_ms: c.timeout_ms,
            attempt: None,
            peer_ip: &peer,
        },
        &mut |tb, r, peer| {
            let resp = w.gateway.handle(w, tb, r, peer);
            w.gateway.with_cors(resp, r)
        },
    );
    add_token_artifact(w, tb, &c.token);
    let outcome = match (&out.resp, &out.error) {
        (Some(r), _) => status_line(r),
        (None, Some(e)) => e.clone(),
        _ => String::new(),
    };
    Ran {
        story: story(&format!("The desktop's network panel shows: {outcome}")),
        client: ClientView {
            kind: "browser".into(),
            action,
        },
        outcome,
    }
}

fn add_token_artifact(w: &World, tb: &mut Tb, token: &str) {
    let now = tb.now_ms();
    tb.artifact(
        "jwt",
        "Access token (decoded)",
        AuthServer::explain(token, now),
    );
    let _ = w;
}

fn oauth(w: &World, tb: &mut Tb) -> Ran {
    let c = &w.client;
    let body = if c.grant == "refresh_token" {
        format!("grant_type=refresh_token&refresh_token={}", c.refresh_token)
    } else {
        "grant_type=client_credentials&scope=read%3Acustomers%20write%3Achats".to_string()
    };
    let basic = util::base64(format!("{}:{}", c.client_id, c.client_secret).as_bytes());
    let req = HttpRequest {
        method: "POST".into(),
        url: format!("https://{AUTH_HOST}/oauth2/token"),
        http_version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), AUTH_HOST.into()),
            ("User-Agent".into(), "curl/8.5.0".into()),
            ("Authorization".into(), format!("Basic {basic}")),
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded".into(),
            ),
            ("Accept".into(), "application/json".into()),
            ("Content-Length".into(), body.len().to_string()),
            ("traceparent".into(), tb.traceparent()),
        ],
        body: Some(body.clone()),
    };
    let cmd = format!(
        "curl -sS -i -u '{}:****' https://{AUTH_HOST}/oauth2/token \\\n  -d '{}'",
        c.client_id,
        body.replace(&c.refresh_token, &short(&c.refresh_token))
    );
    let mut token = None;
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Auth,
            agent: Agent::Curl,
            req,
            show_path: true,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: &c.public_ip.clone(),
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
        (Some(r), _) => format!(
            "{} {}",
            status_line(r),
            util::one_line(r.body.as_deref().unwrap_or(""))
        ),
        (None, Some(e)) => e.clone(),
        _ => String::new(),
    };
    if let Some(t) = token {
        add_token_artifact(w, tb, &t);
        tb.jitter(50, 300);
        let mut w2 = w.clone();
        w2.client.base = format!("https://{API_HOST}");
        w2.client.path = format!("/v2/customers/{}", w.customer_id);
        w2.client.method = "GET".into();
        w2.client.body = None;
        let (req, _) = api_request(&w2, tb, Some(t));
        let o2 = call(
            &w2,
            tb,
            Call {
                from: Client,
                to: Gateway,
                agent: Agent::Curl,
                req,
                show_path: false,
                timeout_ms: 60_000,
                attempt: None,
                peer_ip: &c.public_ip.clone(),
            },
            &mut |tb, r, peer| w2.gateway.handle(&w2, tb, r, peer),
        );
        outcome = match (&o2.resp, &o2.error) {
            (Some(r), _) => format!("token issued; API call: {}", status_line(r)),
            (None, Some(e)) => e.clone(),
            _ => outcome,
        };
    }
    Ran {
        story: Story {
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
            kind: "curl".into(),
            action: cmd,
        },
        outcome,
    }
}

fn crm_get(w: &World, url: String, token: &str, tb: &Tb) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url,
        http_version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), CRM_HOST.into()),
            ("User-Agent".into(), "faultline-integrations/3.4".into()),
            ("Authorization".into(), format!("Bearer {token}")),
            ("Accept".into(), "application/json".into()),
            ("traceparent".into(), tb.traceparent()),
        ],
        body: None,
    }
    .clone_with(w)
}

trait CloneWith {
    fn clone_with(self, w: &World) -> Self;
}
impl CloneWith for HttpRequest {
    fn clone_with(self, _w: &World) -> Self {
        self
    }
}

fn lookup(w: &World, tb: &mut Tb) -> Ran {
    let cid = &w.customer_id;
    tb.ev(
        Client,
        Integration,
        EventKind::Request,
        format!(
            "Visitor starts chat {} (authenticated, customerId={cid})",
            w.chat_id
        ),
    );
    tb.log(
        LogSource::Integration,
        Level::Info,
        format!(
            "workflow chat-started: chat={} customerId={cid} step=crm-lookup",
            w.chat_id
        ),
    );
    tb.jitter(5, 20);
    // The agent desktop asks the platform for the customer panel; the integration middleware
    // answers by looking the customer up in the CRM while the desktop's request waits.
    let panel_req = HttpRequest {
        method: "GET".into(),
        url: format!("https://{API_HOST}/v2/chats/{}/customer-context", w.chat_id),
        http_version: "HTTP/2".into(),
        headers: vec![
            ("Host".into(), API_HOST.into()),
            ("User-Agent".into(), AGENT_DESKTOP_UA.into()),
            ("Accept".into(), "application/json".into()),
            ("Authorization".into(), format!("Bearer {}", w.client.token)),
            ("traceparent".into(), tb.traceparent()),
        ],
        body: None,
    };
    let mut contact: Option<String> = None;
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Integration,
            agent: Agent::Browser,
            req: panel_req,
            show_path: false,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: "203.0.113.45",
        },
        &mut |tb, r, _| customer_context(w, tb, r, &mut contact),
    );
    tb.artifact(
        "config",
        "Integration settings (CRM)",
        w.integration.config_dump(),
    );
    let Some(contact) = contact else {
        let shown = match (&out.resp, &out.error) {
            (Some(r), _) if r.status == 404 => "'No CRM match'".to_string(),
            (Some(r), _) => format!("'Customer details unavailable ({} {})'", r.status, r.reason),
            (None, Some(e)) => format!("'Customer details unavailable ({e})'"),
            _ => "'Customer details unavailable'".to_string(),
        };
        tb.ev(
            Integration,
            Client,
            EventKind::Response,
            format!("Agent desktop: customer panel shows {shown}"),
        );
        let outcome = format!(
            "Chat connected; the agent's customer panel shows {shown} and no record opened."
        );
        return lookup_ran(w, outcome);
    };
    tb.log(
        LogSource::Integration,
        Level::Info,
        format!("crm-lookup chat={} matched contact {contact}", w.chat_id),
    );
    let pop = w.integration.render_screen_pop(Some(&contact));
    tb.jitter(20, 80);
    tb.ev(
        Integration,
        Client,
        EventKind::Request,
        format!("Screen pop: open {pop}"),
    );
    tb.log(
        LogSource::Integration,
        Level::Info,
        format!("screen-pop chat={} url={pop}", w.chat_id),
    );
    tb.artifact(
        "screen-pop",
        "Screen-pop URL sent to the agent desktop",
        pop.clone(),
    );
    if w.client.popup_blocker {
        tb.advance(3);
        let e = tb.ev(
            Client,
            Client,
            EventKind::Error,
            "window.open() returned null: pop-up blocked",
        );
        tb.fail(e, Client);
        tb.log(LogSource::Client, Level::Warn, format!("agent-desktop: window.open('{pop}') returned null (pop-up blocked by the browser; the address bar shows the blocked pop-up icon)"));
        return lookup_ran(
            w,
            "Chat connected; the lookup succeeded but the CRM record never opened for the agent."
                .into(),
        );
    }
    let req = HttpRequest {
        method: "GET".into(),
        url: pop.clone(),
        http_version: "HTTP/2".into(),
        headers: vec![
            ("Host".into(), CRM_HOST.into()),
            ("User-Agent".into(), AGENT_DESKTOP_UA.into()),
            ("Accept".into(), "text/html".into()),
        ],
        body: None,
    };
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Crm,
            agent: Agent::Browser,
            req,
            show_path: false,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: "203.0.113.45",
        },
        &mut |tb, r, _| w.crm.handle(tb, r, Client),
    );
    let outcome = match out.resp {
        Some(r) if r.status == 200 => "Chat connected; the customer's CRM record opened for the agent.".into(),
        Some(r) => format!("Chat connected; the pop-up tab shows the CRM's 'This record isn't available' page ({} {}).", r.status, r.reason),
        None => "Chat connected; the pop-up tab shows an error.".into(),
    };
    lookup_ran(w, outcome)
}

/// `GET /v2/chats/{id}/customer-context`, served by the integration middleware: a synchronous
/// CRM lookup whose result (or failure) becomes the answer to the agent desktop.
fn customer_context(
    w: &World,
    tb: &mut Tb,
    req: &HttpRequest,
    contact: &mut Option<String>,
) -> Resp {
    let t0 = tb.t;
    let (_, _, _, path) = crate::layers::split_url(&req.url);
    tb.advance(2);
    let cid = &w.customer_id;
    let url = format!(
        "https://{CRM_HOST}{}/sobjects/Contact/{}/{cid}",
        crate::layers::crm::API,
        w.integration.lookup_field
    );
    let creq = crm_get(w, url, &w.integration.crm_token, tb);
    let out = call(
        w,
        tb,
        Call {
            from: Integration,
            to: Crm,
            agent: Agent::Node,
            req: creq,
            show_path: false,
            timeout_ms: w.integration.crm_timeout_ms,
            attempt: None,
            peer_ip: PLATFORM_EGRESS,
        },
        &mut |tb, r, _| w.crm.handle(tb, r, Integration),
    );
    let resp = match (&out.resp, &out.error) {
        (Some(r), _) if r.status == 200 => {
            let id = r
                .body
                .as_deref()
                .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
                .and_then(|v| v["Id"].as_str().map(String::from));
            *contact = id.clone();
            Resp::json(
                200,
                &json!({"chatId": w.chat_id, "customerId": cid, "crm": {"contactId": id, "name": "Dana Whitfield"}}),
            )
        }
        (Some(r), _) => {
            let b = util::one_line(r.body.as_deref().unwrap_or_default());
            tb.log(
                LogSource::Integration,
                Level::Error,
                format!(
                    "crm-lookup chat={} failed: HTTP {} {b}",
                    w.chat_id, r.status
                ),
            );
            if r.status == 404 && b.contains("The requested resource does not exist") {
                Resp::problem(
                    404,
                    "no-crm-match",
                    &format!("No CRM contact has {} = {cid}.", w.integration.lookup_field),
                    &path,
                )
            } else {
                Resp::problem_with(
                    502,
                    "crm-error",
                    &format!("The CRM answered {} {}.", r.status, r.reason),
                    &path,
                    json!({"crmStatus": r.status}),
                )
            }
        }
        (None, e) => {
            let e = e.clone().unwrap_or_default();
            tb.log(
                LogSource::Integration,
                Level::Error,
                format!("crm-lookup chat={} failed: {e}", w.chat_id),
            );
            if e.contains("exceeded") {
                Resp::problem(
                    504,
                    "crm-timeout",
                    &format!(
                        "The CRM did not answer within {} ms.",
                        w.integration.crm_timeout_ms
                    ),
                    &path,
                )
            } else {
                Resp::problem(
                    502,
                    "crm-unreachable",
                    "The CRM could not be reached.",
                    &path,
                )
            }
        }
    };
    let st = resp.status;
    let bytes = resp.body.as_ref().map(|b| b.len()).unwrap_or(0);
    let rt = (tb.t - t0) as f64 / 1000.0;
    tb.log(
        LogSource::Gateway,
        if st >= 500 {
            Level::Error
        } else if st >= 400 {
            Level::Warn
        } else {
            Level::Info
        },
        format!(
            "203.0.113.45 - - [{}] \"GET {path} HTTP/2.0\" {st} {bytes} \"-\" \"{AGENT_DESKTOP_UA}\" rt={rt:.3} urt={:.3} upstream=10.0.7.11:8080 traceparent={}",
            util::nginx_time(tb.now_ms()),
            (rt - 0.001).max(0.0),
            tb.traceparent()
        ),
    );
    resp
}

fn lookup_ran(w: &World, outcome: String) -> Ran {
    Ran {
        story: Story {
            context: "An agent reports that customer context is missing when chats start.".into(),
            expected: "When the chat starts, the customer's CRM record opens for the agent.".into(),
            actual: outcome.clone(),
        },
        client: ClientView {
            kind: "agent-desktop".into(),
            action: format!("Agent accepts chat {}", w.chat_id),
        },
        outcome,
    }
}

fn ticket(w: &World, tb: &mut Tb) -> Ran {
    let evt = format!("evt_{}", tb.rng.alnum(14));
    tb.ev(
        Client,
        Integration,
        EventKind::Request,
        format!("Agent ends chat {}", w.chat_id),
    );
    tb.jitter(10, 40);
    let subs: Vec<_> = w
        .integration
        .subscriptions
        .iter()
        .filter(|s| s.events.iter().any(|e| e == "chat.ended"))
        .collect();
    tb.log(
        LogSource::Integration,
        Level::Info,
        format!(
            "event chat.ended id={evt} chat={} emitted; matching subscriptions: {}",
            w.chat_id,
            subs.len()
        ),
    );
    tb.artifact(
        "config",
        "Integration settings (webhooks & ticket mapping)",
        w.integration.config_dump(),
    );
    tb.artifact("config", "Receiver endpoint (from the receiver team's runbook)", format!("POST https://{HOOK_HOST}{}\nauth: x-api-key\nsignature: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)\npayload: chat.ended v1 as documented\nsource IPs allowed: {PLATFORM_EGRESS}", w.receiver.path));
    let story = |outcome: &str| Story {
        context: "A supervisor notices chats are not turning into CRM tickets.".into(),
        expected: "Chat ends → webhook sent → receiver creates a CRM ticket within seconds.".into(),
        actual: outcome.to_string(),
    };
    let client = ClientView {
        kind: "agent-desktop".into(),
        action: format!(
            "Agent ends chat {} with customer {}",
            w.chat_id, w.customer_id
        ),
    };
    let Some(sub) = subs.first() else {
        let e = tb.ev(
            Integration,
            Integration,
            EventKind::Log,
            "No webhook delivery was queued for chat.ended",
        );
        tb.fail(e, Integration);
        tb.artifact(
            "delivery-log",
            "Webhook delivery history (last hour)",
            "No messages for this chat.".to_string(),
        );
        let o = "Chat ended; no ticket appeared in the CRM.";
        return Ran {
            story: story(o),
            client,
            outcome: o.into(),
        };
    };
    let body = ticket_body(w, tb);
    if sub.disabled {
        // The endpoint was switched off before this chat ended. Why is in its delivery history:
        // replay the last message it was sent, at the time it was sent, against the same receiver.
        let since = sub.disabled_at_ms.unwrap_or(tb.now_ms() - 6 * 3_600_000);
        let total: i64 = RETRY_SCHEDULE_MS.iter().sum();
        let mut past = Tb::new(tb.rng.next_u64(), since - total - 15_500);
        let old_body = ticket_body(w, &mut past);
        let old_msg = format!("msg_{}", past.rng.alnum(22));
        let (delivered, mut history) = deliver(w, &mut past, sub, &old_body, &old_msg);
        if delivered {
            history.push_str(&format!(
                "{}  endpoint disabled by ops@example.com (manual)\n",
                util::iso_s(since)
            ));
        } else {
            history.push_str(&format!(
                "{}  endpoint disabled automatically after {} consecutive failed attempts\n",
                util::iso_s(since),
                RETRY_SCHEDULE_MS.len()
            ));
        }
        tb.log(
            LogSource::Integration,
            Level::Warn,
            format!(
                "event chat.ended id={evt}: delivery to endpoint {} skipped: endpoint is disabled",
                sub.id
            ),
        );
        let e = tb.ev(
            Integration,
            Integration,
            EventKind::Log,
            format!("Delivery skipped: endpoint {} is disabled", sub.id),
        );
        tb.fail(e, Integration);
        tb.artifact(
            "delivery-log",
            format!("Webhook delivery history (endpoint {})", sub.id),
            history,
        );
        let o = "Chat ended; no ticket appeared in the CRM.";
        return Ran {
            story: story(o),
            client,
            outcome: o.into(),
        };
    }
    let msg = format!("msg_{}", tb.rng.alnum(22));
    let (done, history) = deliver(w, tb, sub, &body, &msg);
    tb.artifact("delivery-log", "Webhook delivery history", history);
    let o = if done {
        "Chat ended; the ticket appeared in the CRM."
    } else {
        "Chat ended; no ticket appeared in the CRM."
    };
    Ran {
        story: story(o),
        client,
        outcome: o.into(),
    }
}

/// What the agent wrote when closing the chat (becomes the case description).
const CHAT_SUMMARY: &str =
    "Billing e-mail changed to the customer's new work address; confirmation sent";

/// The chat.ended payload, with the CRM case built from the integration's field mapping.
fn ticket_body(w: &World, tb: &mut Tb) -> String {
    let mut case = serde_json::Map::new();
    let contact = w
        .crm
        .contacts
        .get(&w.customer_id)
        .cloned()
        .unwrap_or_default();
    for (src, dst) in &w.integration.case_mapping {
        let v = match src.as_str() {
            "subject" => json!("Chat with Dana Whitfield"),
            "summary" => json!(CHAT_SUMMARY),
            "contactId" => json!(contact),
            _ => json!("Chat"),
        };
        case.insert(dst.clone(), v);
    }
    let payload = json!({"type": "chat.ended", "timestamp": tb.iso(), "data": {"chatId": w.chat_id, "customerId": w.customer_id, "agentId": "agt_3107", "summary": CHAT_SUMMARY, "case": case}});
    serde_json::to_string(&payload).unwrap_or_default()
}

/// One message through the whole retry schedule. Returns (delivered, history for the artifact).
/// When every attempt fails the worker disables the endpoint, as webhook providers do.
fn deliver(
    w: &World,
    tb: &mut Tb,
    sub: &crate::layers::integration::Subscription,
    body: &str,
    msg: &str,
) -> (bool, String) {
    let start = tb.t;
    let mut history = String::new();
    // When the next attempt is due: on schedule, or as soon as the previous one has finished.
    let due = |i: usize, now: i64| (start + RETRY_SCHEDULE_MS[..=i].iter().sum::<i64>()).max(now);
    for i in 0..RETRY_SCHEDULE_MS.len() {
        let n = i as u32 + 1;
        tb.t = due(i, tb.t);
        let ts = tb.now_ms() / 1000;
        let req = HttpRequest {
            method: "POST".into(),
            url: sub.url.clone(),
            http_version: "HTTP/1.1".into(),
            headers: vec![
                (
                    "Host".into(),
                    sub.url.split('/').nth(2).unwrap_or("").into(),
                ),
                ("User-Agent".into(), "Faultline-Webhooks/1.0".into()),
                ("Content-Type".into(), "application/json".into()),
                ("Content-Length".into(), body.len().to_string()),
                ("x-api-key".into(), sub.api_key.clone()),
                ("webhook-id".into(), msg.to_string()),
                ("webhook-timestamp".into(), ts.to_string()),
                (
                    "webhook-signature".into(),
                    Integration::sign(&sub.secret, msg, ts, body),
                ),
                ("traceparent".into(), tb.traceparent()),
            ],
            body: Some(body.to_string()),
        };
        let t0 = tb.t;
        let out = call(
            w,
            tb,
            Call {
                from: Integration,
                to: Webhook,
                agent: Agent::Node,
                req,
                show_path: false,
                timeout_ms: w.integration.delivery_timeout_ms,
                attempt: Some(n),
                peer_ip: PLATFORM_EGRESS,
            },
            &mut |tb, r, peer| w.receiver.handle(w, tb, r, peer),
        );
        let lat = tb.t - t0;
        let ok = out.resp.as_ref().map(|r| r.status < 300).unwrap_or(false);
        let st = out
            .resp
            .as_ref()
            .map(|r| r.status.to_string())
            .unwrap_or_else(|| format!("error ({})", out.error.clone().unwrap_or_default()));
        let next = if ok || i + 1 == RETRY_SCHEDULE_MS.len() {
            "-".to_string()
        } else {
            util::iso_s(tb.epoch_ms + due(i + 1, tb.t))
        };
        let line = format!(
            "msg={msg} endpoint={} attempt={n} status={st} latency={lat}ms next_attempt={next}",
            sub.id
        );
        // Like delivery dashboards, keep the start of what the receiver answered.
        let answered = match &out.resp {
            Some(r) if !ok => {
                let b: String = r
                    .body
                    .as_deref()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                let b: String = b.chars().take(120).collect();
                format!("  response: {b}")
            }
            _ => String::new(),
        };
        history.push_str(&format!(
            "{}  attempt {n}  {st}  {lat} ms  next: {next}{answered}\n",
            util::iso_s(tb.epoch_ms + t0)
        ));
        tb.log(
            LogSource::WebhookDelivery,
            if ok { Level::Info } else { Level::Warn },
            line,
        );
        if ok {
            return (true, history);
        }
    }
    tb.log(
        LogSource::WebhookDelivery,
        Level::Error,
        format!(
            "msg={msg} endpoint={} failed permanently after {} attempts; endpoint disabled after {} consecutive failures",
            sub.id,
            RETRY_SCHEDULE_MS.len(),
            RETRY_SCHEDULE_MS.len()
        ),
    );
    (false, history)
}

fn live_chat(w: &World, tb: &mut Tb) -> Ran {
    let url = format!("wss://{RT_HOST}/v1/socket?token={}", w.client.token);
    let key = util::base64(tb.rng.hex(16).as_bytes())
        .chars()
        .take(22)
        .collect::<String>()
        + "==";
    let req = HttpRequest {
        method: "GET".into(),
        url: url.clone(),
        http_version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), RT_HOST.into()),
            ("Origin".into(), "https://www.example.com".into()),
            ("Upgrade".into(), "websocket".into()),
            ("Connection".into(), "Upgrade".into()),
            ("Sec-WebSocket-Key".into(), key.clone()),
            ("Sec-WebSocket-Version".into(), "13".into()),
            (
                "User-Agent".into(),
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) Chrome/124.0".into(),
            ),
        ],
        body: None,
    };
    let shown = format!("wss://{RT_HOST}/v1/socket?token={}", short(&w.client.token));
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: Realtime,
            agent: Agent::Browser,
            req,
            show_path: true,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: "203.0.113.45",
        },
        &mut |tb, r, _| rt_handshake(w, tb, r, &key),
    );
    add_token_artifact(w, tb, &w.client.token);
    let client = ClientView {
        kind: "browser".into(),
        action: format!("Visitor opens the chat widget (new WebSocket('{shown}'))"),
    };
    let story = |o: &str| Story {
        context: "Visitors report problems with the live chat widget.".into(),
        expected: "The widget connects and messages flow both ways instantly for the whole chat."
            .into(),
        actual: o.to_string(),
    };
    let ok = out.resp.as_ref().map(|r| r.status == 101).unwrap_or(false);
    if !ok {
        let why = match (&out.resp, &out.error) {
            (Some(r), _) => format!(
                "Error during WebSocket handshake: Unexpected response code: {}",
                r.status
            ),
            (None, Some(e)) => e.clone(),
            _ => String::new(),
        };
        let line = format!("WebSocket connection to '{shown}' failed: {why}");
        tb.log(LogSource::Client, Level::Error, line.clone());
        return Ran {
            story: story(&format!(
                "The widget shows 'Reconnecting…'. Console: {line}"
            )),
            client,
            outcome: line,
        };
    }
    let conn = tb.rng.alnum(8);
    tb.log(
        LogSource::Realtime,
        Level::Info,
        format!("ws open conn={conn} user=visitor-{} via lb", w.customer_id),
    );
    let lag = w.realtime.lag_ms + w.net.rtt_ms;
    tb.advance(1200);
    tb.ev(
        Client,
        Realtime,
        EventKind::Request,
        "frame text {\"type\":\"message\",\"text\":\"Hi, is my loan approved?\"}",
    );
    tb.advance(lag);
    let e = tb.ev(
        Realtime,
        Client,
        EventKind::Response,
        format!("frame text {{\"type\":\"ack\"}} after {lag} ms"),
    );
    if w.realtime.lag_ms > 1000 {
        tb.fail(e, Realtime);
        tb.log(LogSource::Realtime, Level::Warn, format!("event loop lag {} ms (threshold 500 ms); outbound queue 18k frames; connections 48211", w.realtime.lag_ms));
    }
    tb.advance(4000);
    tb.ev(Realtime, Client, EventKind::Response, "frame text {\"type\":\"message\",\"from\":\"agent\",\"text\":\"Let me check that for you.\"}");
    // Then the visitor reads and goes quiet: idle connection.
    let idle = w.gateway.ws_idle_timeout_s;
    if idle < w.realtime.heartbeat_s {
        tb.advance(idle * 1000);
        tb.log(LogSource::LoadBalancer, Level::Info, format!("{} conn to {} idle for {idle}s (idle_timeout={idle}s): closing client and upstream connections", util::iso_s(tb.now_ms()), w.client.public_ip));
        let e = tb.ev(
            Gateway,
            Client,
            EventKind::Error,
            "TCP connection closed by load balancer (no close frame)",
        );
        tb.fail(e, Client);
        tb.log(LogSource::Client, Level::Error, format!("WebSocket connection to '{shown}' closed: code 1006 (abnormal closure), {idle}.0 s after the last frame"));
        tb.log(
            LogSource::Realtime,
            Level::Info,
            "ws close conn reason=\"socket hang up\" code=1006 heartbeat_interval=25s".to_string(),
        );
        let o = format!(
            "The chat drops with 'Connection lost' whenever the visitor is quiet for {idle} s."
        );
        return Ran {
            story: story(&o),
            client,
            outcome: o,
        };
    }
    tb.advance(w.realtime.heartbeat_s * 1000);
    tb.ev(
        Realtime,
        Client,
        EventKind::Internal,
        "ping / pong (heartbeat)",
    );
    let o = if w.realtime.lag_ms > 1000 {
        format!("Messages arrive about {} s late.", (lag + 500) / 1000)
    } else {
        "Connected; messages flowed both ways.".to_string()
    };
    Ran {
        story: story(&o),
        client,
        outcome: o,
    }
}

fn rt_handshake(w: &World, tb: &mut Tb, r: &HttpRequest, key: &str) -> Resp {
    tb.advance(2);
    tb.ev(
        Gateway,
        Auth,
        EventKind::Request,
        "Validate token from the query string",
    );
    let tok = r.url.split("token=").nth(1).unwrap_or("");
    let lb_line = |tb: &mut Tb, st: u16| {
        tb.log(LogSource::LoadBalancer, if st >= 400 { Level::Warn } else { Level::Info }, format!(
            "{} \"GET /v1/socket HTTP/1.1\" {st} upstream=realtime-v1 client={} upgrade=websocket traceparent={}",
            util::iso_s(tb.now_ms()), w.client.public_ip, tb.traceparent()
        ));
    };
    if let Err(e) = w.auth.verify(tok, tb.now_ms(), &w.auth.audience) {
        let desc = match e {
            crate::layers::auth::TokenErr::Expired { ago_s } => {
                tb.log(LogSource::Auth, Level::Warn, format!("authn result=invalid_token reason=\"token expired {ago_s} s ago\" path=/v1/socket"));
                "The access token expired"
            }
            _ => {
                tb.log(
                    LogSource::Auth,
                    Level::Warn,
                    "authn result=invalid_token reason=\"token rejected\" path=/v1/socket"
                        .to_string(),
                );
                "The access token is invalid"
            }
        };
        tb.ev(
            Auth,
            Gateway,
            EventKind::Error,
            format!("Token rejected: {desc}"),
        );
        lb_line(tb, 401);
        return Resp::problem(401, "unauthorized", &format!("{desc}."), "/v1/socket").h(
            "WWW-Authenticate",
            format!("Bearer error=\"invalid_token\", error_description=\"{desc}\""),
        );
    }
    tb.ev(
        Gateway,
        Realtime,
        EventKind::Request,
        "Upgrade forwarded to realtime-v1",
    );
    tb.advance(w.realtime.lag_ms.min(30) + 3);
    lb_line(tb, 101);
    let accept = util::base64(&util::sha1(
        format!("{key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11").as_bytes(),
    ));
    let mut r = Resp::new(101);
    r.headers = vec![
        ("Upgrade".into(), "websocket".into()),
        ("Connection".into(), "Upgrade".into()),
        ("Sec-WebSocket-Accept".into(), accept),
    ];
    r
}

/// Unrelated healthy (and, with `misleading`, failing) traffic so filtering by trace id matters.
pub fn noise(flow: Flow, tb: &mut Tb, count: usize, misleading: bool) {
    let end = tb.t.max(1000);
    let ips = [
        "198.51.100.14",
        "203.0.113.9",
        "203.0.113.120",
        "198.51.100.63",
    ];
    for i in 0..count {
        let t = tb.rng.range(0, end);
        let ip = *tb.rng.pick(&ips);
        let when = util::nginx_time(tb.epoch_ms + t);
        let bad = misleading && i % 4 == 0;
        match (flow, i % 3) {
            (Flow::CrmLookup, _) | (Flow::CrmTicket, 0) => {
                let st = if bad { 401 } else { 200 };
                let rid = tb.rng.alnum(12);
                let ms = tb.rng.range(80, 300);
                tb.log_other(t, LogSource::Crm, if bad { Level::Warn } else { Level::Info }, format!("EVENT_TYPE=ApiRequest USER=reports@crm.example.net METHOD=GET URI=/services/data/v59.0/query STATUS_CODE={st} RUN_TIME={ms} REQUEST_ID={rid}"));
            }
            (Flow::CrmTicket, _) => {
                let st = if bad { "503" } else { "200" };
                let m = tb.rng.alnum(22);
                let l = tb.rng.range(60, 400);
                tb.log_other(t, LogSource::WebhookDelivery, Level::Info, format!("msg=msg_{m} endpoint=ep_analytics01 attempt=1 status={st} latency={l}ms next_attempt=-"));
            }
            (Flow::LiveChat, _) => {
                tb.log_other(t, LogSource::LoadBalancer, Level::Info, format!("{} \"GET /v1/socket HTTP/1.1\" {} upstream=realtime-v1 client={ip} upgrade=websocket", util::iso_s(tb.epoch_ms + t), if bad { 401 } else { 101 }));
            }
            _ => {
                let paths = [
                    "/v2/agents/me",
                    "/v2/queues/7/stats",
                    "/v2/health",
                    "/v2/customers/48213",
                    "/v2/chats/ch_ab12cd34ef",
                ];
                let p = *tb.rng.pick(&paths);
                let st = if bad {
                    *tb.rng.pick(&[401u16, 500, 404])
                } else {
                    200
                };
                let rt = tb.rng.range(3, 90);
                let tid = tb.rng.hex(32);
                let sid = tb.rng.hex(16);
                tb.log_other(t, LogSource::Gateway, Level::Info, format!("{ip} - - [{when}] \"GET {p} HTTP/1.1\" {st} 412 \"-\" \"okhttp/4.12.0\" rt={:.3} urt={:.3} upstream=10.0.3.2{}:8080 traceparent=00-{tid}-{sid}-01", rt as f64 / 1000.0, (rt - 1).max(0) as f64 / 1000.0, i % 2 + 1));
                if i % 5 == 0 {
                    tb.log_other(
                        t + 1,
                        LogSource::App,
                        Level::Info,
                        format!("customers-v2 200 GET {p}"),
                    );
                }
            }
        }
    }
}

/// The chat id the traced integration lines mention, if any.
fn chat_of(tb: &Tb) -> String {
    tb.logs
        .iter()
        .filter(|l| l.trace_id.as_deref() == Some(tb.trace_id.as_str()))
        .find_map(|l| {
            l.text
                .split_whitespace()
                .find_map(|w| w.strip_prefix("chat="))
                .map(String::from)
        })
        .unwrap_or_else(|| "-".into())
}

/// Misleading secondary errors (hard puzzles): one or two benign warnings, on the traced request,
/// from components that really handled it. They are true to life (things that are logged all
/// the time and hurt nobody) and never the first failure, so reading the evidence in order still
/// leads to the root cause.
pub fn red_herrings(flow: Flow, tb: &mut Tb) {
    let end = tb.t.max(1);
    let traced: Vec<(LogSource, i64)> = {
        let mut v: Vec<(LogSource, i64)> = vec![];
        for l in &tb.logs {
            if l.trace_id.as_deref() == Some(tb.trace_id.as_str())
                && !v.iter().any(|(s, _)| *s == l.source)
            {
                v.push((l.source, l.t_ms));
            }
        }
        v
    };
    let pool: Vec<(LogSource, i64)> = traced
        .into_iter()
        .filter(|(s, _)| {
            matches!(
                s,
                LogSource::Gateway
                    | LogSource::Auth
                    | LogSource::App
                    | LogSource::Database
                    | LogSource::Crm
                    | LogSource::Integration
                    | LogSource::WebhookReceiver
                    | LogSource::Realtime
            )
        })
        .collect();
    if pool.is_empty() {
        return;
    }
    let n = 1 + (tb.rng.next_u64() % 2) as usize;
    for k in 0..n.min(pool.len()) {
        let (src, first) = pool[(tb.rng.next_u64() as usize + k) % pool.len()];
        let t = tb.rng.range(first, end.max(first));
        let now = tb.epoch_ms + t;
        let text = match src {
            LogSource::Gateway => format!(
                "{} [warn] 2841#2841: *{} using uninitialized \"upstream_cache_key\" variable while logging request, client: 203.0.113.45, server: {API_HOST}",
                util::nginx_err_time(now),
                tb.rng.range(10_000, 99_999)
            ),
            LogSource::Auth => format!(
                "jwks: signing key k{} is due for rotation in {} days; tokens signed with the current key stay valid",
                tb.rng.range(1, 9),
                tb.rng.range(2, 9)
            ),
            LogSource::App => "customers-v2 warning: feature flag \"tier-badges\" missing from config; defaulting to off".to_string(),
            LogSource::Database => format!(
                "{} [{}] app@customers WARNING:  there is no transaction in progress",
                util::iso_ms(now).replace('T', " ").replace('Z', " UTC"),
                tb.rng.range(2000, 9000)
            ),
            LogSource::Crm => format!(
                "EVENT_TYPE=ApiTotalUsage USER=integration@crm.example.net API_FAMILY=REST DAILY_LIMIT=100000 USED_PERCENT={}",
                tb.rng.range(81, 93)
            ),
            // Only ticket flows build a Case; a lookup's middleware has its own harmless chatter.
            LogSource::Integration if flow == Flow::CrmTicket => "field-mapping: chat.channel not set on the event; Case.Origin gets the default value \"Chat\"".to_string(),
            LogSource::Integration => format!(
                "workflow chat-started: optional step translate-greeting is not configured; skipped (chat={})",
                chat_of(tb)
            ),
            LogSource::WebhookReceiver => "deprecation: x-api-key authentication will be removed in receiver API v3; plan a move to OAuth client credentials".to_string(),
            _ => "permessage-deflate not negotiated; sending frames uncompressed".to_string(),
        };
        tb.log_at(t, src, Level::Warn, true, text);
    }
}
