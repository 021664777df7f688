//! The api-call flow (and the partner-api-call flow, which only prepares the client
//! differently): a developer calls the REST API with curl or a script in another runtime, after an
//! optional burst of its own retries.

use super::common::*;
use super::Ran;
use crate::layers::{call, Call, Outcome};
use crate::model::*;
use crate::sim::Tb;
use crate::world::*;
use Layer::*;

pub(super) fn api_call(flow: Flow, w: &World, tb: &mut Tb) -> Ran {
    let (req, cmd) = api_request(w, tb, None);
    let sent = req.clone();
    // A loop's requests and the traced one race for the tokens that come back; the incident
    // is a moment when the traced one lost (up to eight moments of the storm are tried).
    // (Only a client with a loop of its own goes round more than once.)
    let before = (w.client.loop_requests > 0).then(|| tb.clone());
    let mut tries = 0;
    let (load, out) = loop {
        let load = super::client_load::schedule(w, tb);
        let out = send(w, tb, req.clone());
        let lost = out.resp.as_ref().is_some_and(|r| r.status == 429);
        if w.client.loop_requests == 0 || lost || tries == 8 {
            break (load, out);
        }
        tries += 1;
        let rng = tb.rng.clone();
        *tb = before.clone().expect("a loop's timeline was kept");
        tb.rng = rng;
    };
    let (req, out, timed_out) = retry_on_timeout(w, tb, req, out);
    let (last, out) = follow_redirect(w, tb, req, out);
    let paged = super::pages::page_through(w, tb, last, out, send);
    let (last, out) = (paged.req, paged.out);
    super::client_load::log(w, tb, &load, &sent);
    // A partner authenticates with an API key and holds no token: nothing to decode.
    if flow != Flow::PartnerApiCall {
        add_token_artifact(w, tb, &w.client.token);
    }
    super::charset::file_artifact(w, tb);
    if let Some(s) = &w.gateway.sunset {
        tb.artifact("changelog", "Platform API changelog", s.changelog());
    }
    if timed_out.is_some() {
        chats_artifact(w, tb);
    }
    let outcome = match timed_out {
        // The client prints the first attempt's error, then the answer to the second.
        Some(e) => format!("{e}\n{}", reported(w, &last, &out)),
        None => reported(w, &last, &out),
    };
    let outcome = paged_outcome(w, &paged.printed, &out, outcome);
    // A developer paging in a terminal ran the same command again with each cursor.
    let mut cmd = cmd;
    if w.client.runtime == crate::runtime::Runtime::Curl {
        let first = cmd
            .find("curl ")
            .map_or(cmd.clone(), |i| cmd[i..].to_string());
        for url in &paged.later {
            cmd = format!("{cmd}\n{}", first.replacen(&sent.url, url, 1));
        }
    }
    let outcome = super::accepted::imported(w, tb, &out, outcome);
    let outcome = super::charset::printed(w, tb, &out, outcome);
    let slow = tb
        .exchanges
        .last()
        .map(|e| e.timings.total() > 5_000)
        .unwrap_or(false);
    Ran {
        story: Story {
            context: format!(
                "A developer is testing an integration against the platform API {}.",
                match w.client.runtime {
                    crate::runtime::Runtime::Postman => "in Postman",
                    crate::runtime::Runtime::Browser => "from Chrome's DevTools console",
                    crate::runtime::Runtime::Curl => "from a terminal",
                    _ => "with a script",
                }
            ),
            expected: format!(
                "{} {} within a second.",
                super::intent(&w.client.method, &w.client.path, &w.customer_id),
                // A sync spends minutes on its pages: the promise is each answer's, not the run's.
                if w.client.page_work_ms.is_some() {
                    "Each page comes back"
                } else {
                    "It answers"
                }
            ),
            since: String::new(),
            actual: if slow && out.resp.as_ref().map(|r| r.status < 400).unwrap_or(false) {
                format!("The call works but takes seconds: {outcome}")
            } else {
                format!("{}: {outcome}", where_shown(w.client.runtime))
            },
        },
        client: ClientView {
            kind: w.client.runtime.id().into(),
            action: cmd,
        },
        outcome,
    }
}

/// What a paging client printed: its lines for the pages it finished, then how its last
/// request ended, unless that was the last page answered (a sync that finished prints no
/// status of its own).
fn paged_outcome(w: &World, printed: &[String], out: &Outcome, outcome: String) -> String {
    if w.client.page_work_ms.is_none() {
        return outcome;
    }
    let done = out.resp.as_ref().is_some_and(|r| r.status == 200)
        && w.client.runtime != crate::runtime::Runtime::Curl;
    let mut lines: Vec<String> = printed.to_vec();
    if !done || lines.is_empty() {
        lines.push(outcome);
    }
    lines.join("\n")
}

/// How long a client waits before its one retry: curl's first `--retry` delay, and the sleep
/// in the scripts' own loops.
pub const RETRY_DELAY_MS: i64 = 1_000;

/// A client that retries a POST once when it timed out waiting for the answer sends the same
/// request again (a new span, no `Idempotency-Key`) after [`RETRY_DELAY_MS`]. Returns the
/// request sent last, its outcome, and the first attempt's error as the client printed it.
fn retry_on_timeout(
    w: &World,
    tb: &mut Tb,
    req: HttpRequest,
    out: crate::layers::Outcome,
) -> (HttpRequest, crate::layers::Outcome, Option<String>) {
    let timed_out = out.resp.is_none()
        && tb
            .exchanges
            .get(out.ex)
            .is_some_and(|e| e.timings.wait >= w.client.timeout_ms);
    if !(w.client.retries_post_on_timeout && req.method == "POST" && timed_out) {
        return (req, out, None);
    }
    // curl's -s keeps its "Will retry" warning quiet; -S still prints the error.
    let first = out.error.clone();
    tb.advance(RETRY_DELAY_MS);
    let mut again = req.clone();
    tb.respan(&mut again.headers);
    let out = send(w, tb, again.clone());
    (again, out, first)
}

/// The customer's latest chats as the platform team's psql shows them (newest first), when the
/// reporter says the client sent its create twice.
fn chats_artifact(w: &World, tb: &mut Tb) {
    let cid = &w.customer_id;
    let mut rows = tb.chats_created.clone();
    rows.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
    let mut body = format!("customers=> SELECT id, customer_id, channel, created_at FROM chats WHERE customer_id = '{cid}' ORDER BY created_at DESC LIMIT 5;\n      id       | customer_id | channel |         created_at\n---------------+-------------+---------+----------------------------\n");
    for (id, t) in &rows {
        let ts = crate::util::iso_ms(tb.epoch_ms + t)
            .replace('T', " ")
            .replace('Z', "+00");
        body.push_str(&format!(" {id:<13} | {cid:<11} | chat    | {ts}\n"));
    }
    body.push_str(&format!(
        "({} row{})",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    tb.artifact("db-query", "Database: the customer's latest chats", body);
}

/// A client that follows redirects sends the request once more to the `Location` of a 301,
/// 302 or 303, as curl -L, requests, axios, Guzzle and Postman do. Each leaves the
/// Authorization header behind when the redirect leaves the host (curl since 7.58, requests'
/// `rebuild_auth`, follow-redirects, Guzzle's RedirectMiddleware, Postman's default). A POST
/// comes back as a GET without its body, as browsers have always done (requests'
/// `rebuild_method`, follow-redirects, Guzzle without `strict`, Postman without "Follow
/// original HTTP method"); curl keeps it because its command names the method with -X.
/// Returns the request sent last and its outcome.
fn follow_redirect(
    w: &World,
    tb: &mut Tb,
    req: HttpRequest,
    out: crate::layers::Outcome,
) -> (HttpRequest, crate::layers::Outcome) {
    let location = out
        .resp
        .as_ref()
        .filter(|r| matches!(r.status, 301..=303) && matches!(req.method.as_str(), "GET" | "POST"))
        .and_then(|r| crate::sim::header(&r.headers, "location").map(String::from));
    let Some(location) = location.filter(|_| w.client.follows_redirects) else {
        return (req, out);
    };
    let host_of = |u: &str| u.split('/').nth(2).unwrap_or("").to_string();
    let (from, to) = (host_of(&req.url), host_of(&location));
    let mut next = req;
    next.url = location;
    next.headers
        .retain(|(k, _)| !(from != to && k.eq_ignore_ascii_case("authorization")));
    use crate::runtime::Runtime;
    let rt = w.client.runtime;
    if next.method == "POST" && rt != Runtime::Curl {
        next.method = "GET".into();
        next.body = None;
        // Each drops the body's headers with it, but Guzzle: its RedirectMiddleware empties the
        // body and keeps the code's Content-Type (the length was never on its request).
        next.headers.retain(|(k, _)| {
            !(k.eq_ignore_ascii_case("content-length")
                || (k.eq_ignore_ascii_case("content-type") && rt != Runtime::Php))
        });
    }
    for (k, v) in &mut next.headers {
        if k.eq_ignore_ascii_case("host") {
            *v = to.clone();
        }
    }
    // postman-request drops the Host header on a redirect and sets it again, last.
    if rt == Runtime::Postman {
        if let Some(i) = next
            .headers
            .iter()
            .position(|(k, _)| k.eq_ignore_ascii_case("host"))
        {
            let host = next.headers.remove(i);
            next.headers.push(host);
        }
    }
    // Each hop is a span of its own in the same trace.
    tb.respan(&mut next.headers);
    let out = send(w, tb, next.clone());
    (next, out)
}

/// One request from the developer's client to the platform, through the edge when there is one.
pub(super) fn send(w: &World, tb: &mut Tb, req: HttpRequest) -> crate::layers::Outcome {
    // A client that gives up and closes the connection is seen by nginx (499); the retrying
    // client talks to the gateway itself.
    let gone = w.client.retries_post_on_timeout && w.edge.is_none();
    if gone {
        tb.downstream_timeout_ms = Some(w.client.timeout_ms);
    }
    let out = call(
        w,
        tb,
        Call {
            from: Client,
            to: crate::layers::edge::entry(w),
            agent: w.client.agent,
            req,
            show_path: true,
            timeout_ms: w.client.timeout_ms,
            attempt: None,
            peer_ip: &w.client.public_ip,
        },
        &mut |tb, r, peer| crate::layers::edge::serve(w, tb, r, peer),
    );
    if gone {
        tb.downstream_timeout_ms = None;
    }
    out
}
