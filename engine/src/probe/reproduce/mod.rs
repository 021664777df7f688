//! The reporter's client run again, in its own runtime, the way a careful engineer re-runs it
//! to see more than the ticket quotes: first what the ticket quotes (the script's own error
//! line, curl's status line, the console's error), the client's own log lines, then the run
//! again with the runtime's own diagnostics:
//!
//! | runtime | run again with | module |
//! | --- | --- | --- |
//! | curl | `curl -v` (the tool's verbose trace, TLS handshake included) | `curl.rs` |
//! | Guzzle | `'debug' => true`: libcurl's own verbose stream | `curl.rs` |
//! | requests | `http.client.HTTPConnection.debuglevel = 1` and `print(r.text)` | `script.rs` |
//! | axios | the catch logging `err.response` (or the error's cause) | `script.rs`, `inspect.rs` |
//! | java.net.http | printing the status, `res.headers().map()` and the body | `script.rs` |
//! | Chrome | DevTools' Network tab: the request's row, headers, response, timing | `tools.rs` |
//! | Postman | the Postman Console's entry | `tools.rs` |
//!
//! Every line comes from the trace's client exchanges (the same request, status, headers,
//! body, addresses and times) and the world they ran in (certificate, proxy); secrets are as
//! the evidence masks them.

mod curl;
mod inspect;
mod rerun;
mod script;
mod tools;

use super::logs::{artifact_probe, lines, shown};
use super::{Investigation, Probe};
use crate::layers::split_url;
use crate::model::*;
use crate::runtime::{error_class, ErrorClass, Runtime};

type Out = (String, String, Vec<super::Fact>);

/// How far a call got before it failed (or `Answered`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    /// The name did not resolve.
    Resolve,
    /// No TCP connection (refused, timed out, the proxy's tunnel refused).
    Connect,
    /// The TLS handshake failed.
    Tls,
    /// The request went out; no response came back (timeout, empty reply).
    Sent,
    Answered,
}

/// One call of the reporter's client, with what the renderers need to know about it.
pub(super) struct Call<'a> {
    pub x: &'a Exchange,
    pub tls: bool,
    pub host: String,
    pub port: u16,
    /// Path and query, as the request line carries them.
    pub path: String,
    pub stage: Stage,
    /// The client's own error line, when there is one.
    pub error: Option<&'a str>,
}

impl<'a> Call<'a> {
    fn new(x: &'a Exchange) -> Call<'a> {
        let (tls, host, port, path) = split_url(&x.request.url);
        let error = x.client_error.as_deref();
        let stage = match (&x.response, error.map(error_class)) {
            (Some(_), _) => Stage::Answered,
            (None, Some(ErrorClass::Dns)) => Stage::Resolve,
            (None, Some(ErrorClass::Connect)) => Stage::Connect,
            (None, Some(ErrorClass::Tls)) => Stage::Tls,
            (None, _) if x.timings.send < 0 && x.timings.ssl < 0 && tls => Stage::Connect,
            // Timed out in the handshake, in words that name no phase (axios, requests).
            (None, _) if x.timings.send < 0 && x.timings.ssl >= 0 && tls => Stage::Tls,
            (None, _) => Stage::Sent,
        };
        Call {
            x,
            tls,
            host,
            port,
            path,
            stage,
            error,
        }
    }

    /// The address the client connected to (`ip:port`).
    pub fn remote(&self) -> Option<String> {
        self.x
            .server_ip
            .as_ref()
            .map(|ip| format!("{ip}:{}", self.port))
    }

    /// Milliseconds from the start of the call to its end.
    pub fn total_ms(&self) -> i64 {
        self.x.timings.total()
    }
}

/// The reporter's calls (the exchanges the client made), in order.
pub(super) fn calls(ev: &Evidence) -> Vec<Call<'_>> {
    let own: Vec<&Exchange> = ev
        .exchanges
        .iter()
        .filter(|x| super::logs::exchange_probe(x) == Probe::Reproduce)
        .collect();
    own.into_iter().map(Call::new).collect()
}

/// The reporter's client run again: what it prints (as the ticket quotes it), its own log lines
/// and what the probe shows beside (a screen pop, the browser's page), then the same run with
/// the runtime's own diagnostics.
pub(in crate::probe) fn reproduce(inv: &Investigation) -> Out {
    let ev = inv.evidence();
    let mut out = format!("{}\n", ev.outcome.trim_end());
    let own = lines(ev, Probe::Reproduce);
    if !own.is_empty() {
        out.push('\n');
        for l in own {
            out.push_str(&l);
            out.push('\n');
        }
    }
    for a in ev
        .artifacts
        .iter()
        .filter(|a| artifact_probe(a) == Some(Probe::Reproduce))
    {
        out.push_str(&format!("\n-- {} --\n{}\n", a.title, a.body.trim_end()));
    }
    if !calls(ev).is_empty() {
        out.push('\n');
        match rerun::reruns(inv) {
            // Made again, the call meets the fault only now and then: the first rerun with the
            // runtime's diagnostics, then a few more in a loop.
            Some(runs) => {
                out.push_str(&again(&runs[0]));
                out.push('\n');
                out.push_str(&rerun::in_a_loop(inv, &runs[1..]));
            }
            None => out.push_str(&again(inv)),
        }
    } else if ev.flow == Flow::CrmTicket {
        // The platform makes the calls: the chat is made again instead, as test chats.
        if let Some(runs) = rerun::reruns(inv) {
            out.push('\n');
            out.push_str(&rerun::test_chats(inv, &runs));
        }
    }
    (ev.client.action.clone(), out, shown(ev, Probe::Reproduce))
}

/// The reporter's calls in `inv` made again with the runtime's own diagnostics.
fn again(inv: &Investigation) -> String {
    let ev = inv.evidence();
    let calls = calls(ev);
    let rt = inv.world.client.runtime;
    let legacy = inv.world.client.agent == crate::layers::Agent::LegacyJava;
    // A client that sent its call again printed the first attempt's error before the last
    // answer: each call's own words are its own.
    let last_said = after_retries(&calls, &ev.outcome);
    // A sync that pages printed a line for each page it finished before its last words.
    let (pages, last_said) = if inv.world.client.page_work_ms.is_some() {
        page_lines(&calls, &last_said)
    } else {
        (vec![], last_said)
    };
    let ev_outcome = &last_said;
    match rt {
        Runtime::Curl => curl::curl_v(inv, &ev.client.action, &calls),
        Runtime::Php if !pages.is_empty() => {
            curl::guzzle_debug_pages(inv, &calls, ev_outcome, &pages)
        }
        Runtime::Php => curl::guzzle_debug(inv, &calls, &ev.outcome),
        Runtime::Python => script::python(
            &calls,
            ev_outcome,
            &pages,
            inv.world.net.proxy.as_ref(),
            &|x| sent_bytes(inv, x),
            &|t| crate::mask::shown_ascii(&inv.world, t),
        ),
        Runtime::Node => script::node(&calls, ev_outcome, &pages),
        Runtime::Java if !pages.is_empty() => script::java_pages(&calls, ev_outcome, &pages),
        Runtime::Java => script::java(legacy, &calls, &ev.outcome),
        Runtime::Browser | Runtime::AgentDesktop => tools::network_tab(&calls),
        Runtime::Postman => tools::postman_console(&calls),
    }
}

/// The outcome without the errors of earlier attempts printed before it (a retried call).
fn after_retries(calls: &[Call], outcome: &str) -> String {
    let mut rest = outcome;
    for c in calls.iter().rev().skip(1) {
        if let Some(r) = c
            .error
            .and_then(|e| rest.strip_prefix(e.trim_end()))
            .and_then(|r| r.strip_prefix('\n'))
        {
            rest = r;
        }
    }
    rest.to_string()
}

/// The bytes a call's body took on the wire: the client's own bytes when the body shown is
/// what a UTF-8 reader makes of them (a file sent as it is), else the text's.
fn sent_bytes(inv: &Investigation, x: &Exchange) -> Vec<u8> {
    let text = x.request.body.as_deref().unwrap_or("");
    match inv.world.client.body_bytes() {
        Some(b) if crate::charset::as_utf8(&b) == text => b,
        _ => text.as_bytes().to_vec(),
    }
}

/// A paging script's lines for the pages it finished (one for each call answered 200, in
/// order), and what it printed after them.
fn page_lines(calls: &[Call], outcome: &str) -> (Vec<String>, String) {
    let answered = calls
        .iter()
        .filter(|c| c.x.response.as_ref().is_some_and(|r| r.status == 200))
        .count();
    let lines: Vec<&str> = outcome.lines().collect();
    let k = answered.min(lines.len());
    (
        lines[..k].iter().map(|l| l.to_string()).collect(),
        lines[k..].join("\n"),
    )
}

/// The proxy's host name, without the port its setting may carry.
pub(super) fn proxy_name(host: &str) -> String {
    host.split(':').next().unwrap_or(host).to_string()
}

/// The body as text (None and empty alike are no body).
pub(super) fn body(b: &Option<String>) -> Option<&str> {
    b.as_deref().filter(|b| !b.is_empty())
}
