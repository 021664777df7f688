use faultline_engine::{Evidence, Exchange};
use yew::prelude::*;

use super::copy_curl::CopyCurl;
use super::har_export::HarExport;
use super::jwt_view::JwtView;
use super::linked_text::{LinkedText, LinkedToken};
use super::status_badge::StatusBadge;
use super::waterfall::Waterfall;
use super::{short_label, Shared};
use crate::logic::time::{at_label, parse_iso_ms};
use crate::logic::{json, jwt};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
    /// Event open in the inspector.
    pub event: Option<usize>,
    pub exchange: Option<usize>,
    /// Whether playback has reached the exchange's response or error.
    pub complete: bool,
}

fn headers(list: &[(String, String)]) -> Html {
    html! {
        <>
            { for list.iter().map(|(name, value)| html! {
                <div class="header-line">
                    <span class="h-name"><LinkedToken token={AttrValue::from(name.clone())} />{ ":" }</span>
                    { " " }
                    <span class="h-value"><LinkedText text={AttrValue::from(value.clone())} /></span>
                </div>
            }) }
        </>
    }
}

/// A body scrolls when long, so it takes keyboard focus (arrow keys scroll it) and is named.
fn body(text: &Option<String>, label: &'static str) -> Html {
    match text {
        Some(text) if !text.is_empty() => html! {
            <pre class="mono body" tabindex="0" role="region" aria-label={label}>{ json::pretty(text) }</pre>
        },
        _ => html! {},
    }
}

fn exchange_view(ev: &Shared<Evidence>, index: usize, ex: &Exchange, complete: bool) -> Html {
    let now = parse_iso_ms(&ev.clock_now);
    let token = ex
        .request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .and_then(|(_, v)| jwt::bearer_token(v))
        .or_else(|| jwt::query_token(&ex.request.url))
        .and_then(|t| jwt::decode(t, now));
    let req = &ex.request;
    let response = if !complete {
        html! { <p class="placeholder">{ "Waiting for the response…" }</p> }
    } else if let Some(resp) = &ex.response {
        html! {
            <>
                <div class="status-line mono">
                    <StatusBadge status={Some(resp.status)} text={AttrValue::from(String::new())} />
                    <LinkedText text={AttrValue::from(format!("{} {} {}", resp.http_version, resp.status, resp.reason))} />
                </div>
                <div class="mono headers">{ headers(&resp.headers) }</div>
                { body(&resp.body, "Response body") }
            </>
        }
    } else {
        html! {
            <>
                <div class="status-line mono"><StatusBadge status={None} /></div>
                <pre class="mono client-error"><LinkedText text={AttrValue::from(ex.client_error.clone().unwrap_or_else(|| "No response.".into()))} /></pre>
            </>
        }
    };
    html! {
        <article class="exchange">
            <p class="exchange-meta">
                { format!("Exchange {} · {} → {} · started {}", index + 1, short_label(ex.from), short_label(ex.to), ex.started_at) }
                if let (Some(ip), Some(port)) = (&ex.server_ip, ex.server_port) {
                    { format!(" · {ip}:{port}") }
                }
                if let Some(attempt) = ex.attempt {
                    { format!(" · attempt {attempt}") }
                }
            </p>
            <div class="req-res">
                <section class="req" aria-label="Request">
                    <h3>{ "Request" }<CopyCurl request={req.clone()} /><HarExport evidence={ev.clone()} /></h3>
                    <div class="request-line mono">
                        <LinkedToken token={AttrValue::from(req.method.clone())} />
                        { " " }{ super::url_breaks(&req.url) }{ format!(" {}", req.http_version) }
                    </div>
                    <div class="mono headers">{ headers(&req.headers) }</div>
                    { body(&req.body, "Request body") }
                    if let Some(token) = token {
                        <JwtView jwt={token} />
                    }
                </section>
                <section class="res" aria-label="Response">
                    <h3>{ "Response" }</h3>
                    { response }
                </section>
            </div>
            if complete {
                <Waterfall timings={ex.timings} />
            }
        </article>
    }
}

/// The selected event, and the HTTP exchange it belongs to: request, response or client error,
/// decoded bearer token, Copy as cURL and the timing waterfall.
#[function_component(Inspector)]
pub fn inspector(props: &Props) -> Html {
    let ev = &props.evidence;
    let event = props.event.and_then(|i| ev.events.get(i).map(|e| (i, e)));
    let exchange = props
        .exchange
        .and_then(|i| ev.exchanges.get(i).map(|x| (i, x)));
    html! {
        <section class="panel inspector-panel" aria-labelledby="inspector-heading">
            <h2 id="inspector-heading">{ "Inspector" }</h2>
            if let Some((i, e)) = event {
                <p class="event-card">
                    <span class="ev-num">{ format!("Event {} · {} · {} → {}", i + 1, at_label(e.t_ms), short_label(e.from), short_label(e.to)) }</span>
                    <br />
                    <span class="mono"><LinkedText text={AttrValue::from(e.summary.clone())} /></span>
                </p>
            }
            { match exchange {
                Some((i, x)) => exchange_view(ev, i, x, props.complete),
                None => html! {
                    <p class="placeholder">{ "Play the request or pick an event: its request, response, headers and timings show here." }</p>
                },
            } }
        </section>
    }
}
