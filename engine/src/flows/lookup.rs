//! The crm-lookup flow: a chat starts, the integration middleware looks the customer up in the
//! CRM for the agent desktop's customer panel, and the desktop pops the CRM record open.

use super::common::{desktop_fetch, stop_at, AGENT_DESKTOP_ORIGIN};
use super::Ran;
use crate::layers::{call, call_reusing, Agent, Call, Outcome};
use crate::model::*;
use crate::sim::{Resp, Tb};
use crate::util;
use crate::world::*;
use serde_json::json;
use Layer::*;

/// The agent desktop's public address, as the gateway sees it.
const DESKTOP_IP: &str = "203.0.113.45";

/// The agent desktop's browser, as the lookup's requests and access logs show it.
use crate::runtime::CHROME_UA as AGENT_DESKTOP_UA;

fn crm_get(url: String, token: &str, tb: &mut Tb) -> HttpRequest {
    HttpRequest {
        method: "GET".into(),
        url,
        http_version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), CRM_HOST.into()),
            ("User-Agent".into(), "faultline-integrations/3.4".into()),
            ("Authorization".into(), format!("Bearer {token}")),
            ("Accept".into(), "application/json".into()),
            ("traceparent".into(), tb.next_traceparent()),
        ],
        body: None,
    }
}

pub(super) fn lookup(w: &World, tb: &mut Tb) -> Ran {
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
    // Its fetch() sets only Authorization; Chrome and the desktop's OpenTelemetry fetch
    // instrumentation add the rest (as for the desktop's calls in browser-api-call).
    let code = [(
        "Authorization".to_string(),
        format!("Bearer {}", w.client.token),
    )];
    let wire = crate::runtime::headers::wire(
        crate::runtime::Runtime::AgentDesktop,
        false,
        &crate::runtime::headers::Request {
            method: "GET",
            host: API_HOST,
            code: &code,
            basic: None,
            body_len: None,
            postman_token: "",
        },
    );
    let origin = w.client.origin.as_deref().unwrap_or(AGENT_DESKTOP_ORIGIN);
    let panel_req = HttpRequest {
        method: "GET".into(),
        url: format!("https://{API_HOST}/v2/chats/{}/customer-context", w.chat_id),
        http_version: "HTTP/2".into(),
        headers: desktop_fetch(wire, origin, Some(tb.next_traceparent())),
        body: None,
    };
    let mut contact: Option<String> = None;
    // Authorization and traceparent are not CORS-safelisted, so Chrome asks the gateway first,
    // as for the desktop's calls in browser-api-call. Its preflight cache (the policy's max age
    // is 600 s) would spare that only for this very URL, and the URL names the chat that has
    // just started: the desktop has never fetched it, so the preflight always goes out.
    let pre = super::browser_api_call::preflight_request(&panel_req, origin);
    let pre = call(
        w,
        tb,
        Call {
            from: Client,
            to: Gateway,
            agent: Agent::Browser,
            req: pre,
            show_path: false,
            timeout_ms: 30_000,
            attempt: None,
            peer_ip: DESKTOP_IP,
        },
        &mut |tb, r, peer| w.gateway.preflight(w, tb, r, peer, &["GET"]),
    );
    let refused = super::browser_api_call::preflight_refused(&pre, origin);
    let out = if pre.resp.is_none() {
        // The connection failed: fetch() rejects before the call is made.
        pre
    } else if let Some(why) = refused {
        let url = panel_req.url.clone();
        let (msg, e) = super::browser_api_call::blocked_by_cors(tb, panel_req, origin, why);
        tb.fail(e, Client);
        tb.log(
            LogSource::Client,
            Level::Error,
            format!("{msg}\nGET {url} net::ERR_FAILED\nUncaught (in promise) TypeError: Failed to fetch"),
        );
        Outcome {
            ex: tb.exchanges.len() - 1,
            resp: None,
            error: Some("TypeError: Failed to fetch".into()),
        }
    } else {
        tb.advance(1);
        // On the HTTP/2 connection the preflight opened.
        call_reusing(
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
                peer_ip: DESKTOP_IP,
            },
            &mut |tb, r, _| {
                let resp = customer_context(w, tb, r, &mut contact);
                w.gateway.with_cors(resp, r)
            },
        )
    };
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
        let console = format!("agent-desktop: window.open('{pop}') returned null (pop-up blocked by the browser; the address bar shows the blocked pop-up icon)");
        return stop_at(
            tb,
            e,
            Client,
            [(LogSource::Client, Level::Warn, console)],
            lookup_ran(
                w,
                "Chat connected; the lookup succeeded but the CRM record never opened for the agent."
                    .into(),
            ),
        );
    }
    // The browser percent-encodes what may not stand in a URL path (`{{` becomes `%7B%7B`).
    let url = pop
        .replace('{', "%7B")
        .replace('}', "%7D")
        .replace(' ', "%20");
    let req = HttpRequest {
        method: "GET".into(),
        url,
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
            peer_ip: DESKTOP_IP,
        },
        &mut |tb, r, _| w.crm.handle(tb, r, Client),
    );
    let unavailable = out.resp.as_ref().is_some_and(|r| {
        r.body
            .as_deref()
            .is_some_and(|b| b.contains(crate::layers::crm::RECORD_UNAVAILABLE))
    });
    if unavailable {
        // The page loaded (200), and says in itself that there is no such record.
        let e = tb.ev_ex(
            Crm,
            Client,
            EventKind::Error,
            format!("Lightning page: {}", crate::layers::crm::RECORD_UNAVAILABLE),
            out.ex,
            Some(200),
        );
        tb.fail(e, Crm);
    }
    // Sent away to sign in: the browser follows the redirect to the identity provider.
    let signed_out = out
        .resp
        .as_ref()
        .filter(|r| (300..400).contains(&r.status))
        .and_then(|r| crate::sim::header(&r.headers, "location"))
        .map(|l| crate::layers::split_url(l).1);
    if let Some(idp) = &signed_out {
        let e = tb.ev_ex(
            Crm,
            Client,
            EventKind::Error,
            format!("Redirected to sign in at {idp}"),
            out.ex,
            Some(302),
        );
        tb.fail(e, Crm);
    }
    let outcome = match out.resp {
        Some(_) if signed_out.is_some() => format!(
            "Chat connected; the pop-up tab opened the single sign-on page at {} instead of the CRM record.",
            signed_out.unwrap_or_default()
        ),
        Some(_) if unavailable => {
            "Chat connected; the pop-up tab shows the CRM's 'This record isn't available' page."
                .into()
        }
        Some(r) if r.status == 200 => {
            "Chat connected; the customer's CRM record opened for the agent.".into()
        }
        Some(r) => format!(
            "Chat connected; the pop-up tab shows the CRM's error page ({} {}).",
            r.status, r.reason
        ),
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
    let api = crate::layers::crm::API;
    let url = match w.integration.lookup_field.as_str() {
        crate::layers::integration::RECORD_ID => {
            format!("https://{CRM_HOST}{api}/sobjects/Contact/{cid}")
        }
        field => format!("https://{CRM_HOST}{api}/sobjects/Contact/{field}/{cid}"),
    };
    let creq = crm_get(url, &w.integration.crm_token, tb);
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
            "{DESKTOP_IP} - - [{}] \"GET {path} HTTP/2.0\" {st} {bytes} \"-\" \"{AGENT_DESKTOP_UA}\" rt={rt:.3} urt={:.3} upstream=10.0.7.11:8080 traceparent={}",
            util::nginx_time(tb.now_ms()),
            (rt - 0.001).max(0.0),
            crate::sim::header(&req.headers, "traceparent").unwrap_or("-")
        ),
    );
    // The gateway's `add_header … always` lines (see `Incoming::with_id`): the id of the
    // request's trace, and HSTS.
    let id = crate::sim::header(&req.headers, "traceparent")
        .and_then(|t| t.get(3..35))
        .unwrap_or(&tb.trace_id)
        .to_string();
    resp.h("X-Request-Id", id)
        .h("Strict-Transport-Security", crate::layers::gateway::HSTS)
}

fn lookup_ran(w: &World, outcome: String) -> Ran {
    Ran {
        story: Story {
            since: String::new(),
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
