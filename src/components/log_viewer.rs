use faultline_engine::{Evidence, Level, LogLine, LogSource};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::linked_text::LinkedText;
use super::Shared;
use crate::logic::state::Action;

const SOURCES: [LogSource; 15] = [
    LogSource::Client,
    LogSource::Resolver,
    LogSource::Firewall,
    LogSource::Proxy,
    LogSource::LoadBalancer,
    LogSource::Gateway,
    LogSource::Auth,
    LogSource::App,
    LogSource::Database,
    LogSource::Integration,
    LogSource::WebhookDelivery,
    LogSource::WebhookReceiver,
    LogSource::Crm,
    LogSource::Realtime,
    LogSource::Edge,
];

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
    /// Lines up to this simulated time are shown.
    pub clock_ms: i64,
    pub source: Option<LogSource>,
    pub trace: Option<String>,
    pub query: String,
    pub on: Callback<Action>,
}

fn level_word(level: Level) -> &'static str {
    match level {
        Level::Debug => "DEBUG",
        Level::Info => "INFO",
        Level::Warn => "WARN",
        Level::Error => "ERROR",
    }
}

#[derive(Properties, PartialEq)]
struct LineProps {
    line: LogLine,
    on: Callback<Action>,
    active: bool,
}

#[function_component(LogRow)]
fn log_row(props: &LineProps) -> Html {
    let l = &props.line;
    let trace = l.trace_id.as_ref().map(|id| {
        let on = props.on.clone();
        let (target, label) = if props.active {
            (None, "clear filter".to_string())
        } else {
            (Some(id.clone()), format!("trace {}…", &id[..id.len().min(8)]))
        };
        html! {
            <button type="button" class={classes!("trace-chip", props.active.then_some("active"))}
                title={id.clone()}
                onclick={Callback::from(move |_| on.emit(Action::FilterTrace(target.clone())))}>
                <span class="visually-hidden">{ if props.active { "Show every line: " } else { "Filter every tab to " } }</span>
                { label }
            </button>
        }
    });
    html! {
        <li class={classes!("log", format!("lvl-{}", level_word(l.level).to_ascii_lowercase()))}>
            <span class="ts">{ &l.ts }</span>
            { " " }<span class="src">{ l.source.id() }</span>
            { " " }<span class="lvl">{ level_word(l.level) }</span>
            { " " }<span class="text"><LinkedText text={AttrValue::from(l.text.clone())} /></span>
            { trace.unwrap_or_default() }
        </li>
    }
}

/// Logs with one tab per source plus All; a trace id filters every tab; text search; level
/// colours. Unrelated noise lines stay, so the filter matters.
#[function_component(LogViewer)]
pub fn log_viewer(props: &Props) -> Html {
    // (index in the evidence, line): the index keys each row so rows never swap contents.
    let visible: Vec<(usize, &LogLine)> = props
        .evidence
        .logs
        .iter()
        .enumerate()
        .filter(|(_, l)| l.t_ms <= props.clock_ms)
        .collect();
    let query = lowercase(&props.query);
    let matches = |l: &LogLine| {
        props
            .trace
            .as_ref()
            .is_none_or(|t| l.trace_id.as_ref() == Some(t))
            && (query.is_empty()
                || lowercase(&l.text).contains(&query)
                || l.source.id().contains(&query))
    };
    let filtered: Vec<(usize, &LogLine)> = visible
        .iter()
        .copied()
        .filter(|(_, l)| matches(l))
        .collect();
    let tab = |source: Option<LogSource>, label: String, count: usize| {
        let on = props.on.clone();
        let selected = props.source == source;
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                class={classes!("tab", selected.then_some("selected"))}
                onclick={Callback::from(move |_| on.emit(Action::SetLogSource(source)))}>
                { label }<span class="count">{ count }</span>
            </button>
        }
    };
    let mut tabs = vec![tab(None, "All".into(), filtered.len())];
    for source in SOURCES {
        if props.evidence.logs.iter().any(|l| l.source == source) {
            let count = filtered.iter().filter(|(_, l)| l.source == source).count();
            tabs.push(tab(Some(source), source.id().into(), count));
        }
    }
    let lines: Vec<(usize, &LogLine)> = filtered
        .into_iter()
        .filter(|(_, l)| props.source.is_none_or(|s| l.source == s))
        .collect();
    let on_query = {
        let on = props.on.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Action::SetLogQuery(input.value()));
        })
    };
    let clear_trace = {
        let on = props.on.clone();
        Callback::from(move |_| on.emit(Action::FilterTrace(None)))
    };
    html! {
        <section class="panel logs-panel" aria-labelledby="logs-heading">
            <div class="logs-head">
                <h2 id="logs-heading">{ "Logs" }</h2>
                <input type="search" class="log-search" placeholder="Search logs" aria-label="Search logs"
                    value={props.query.clone()} oninput={on_query} />
            </div>
            <div class="tabs" role="tablist" aria-label="Log source">{ for tabs }</div>
            if let Some(trace) = &props.trace {
                <p class="filter-note" role="status">
                    { "Only trace " }<code>{ trace }</code>{ " · " }
                    <button type="button" class="link-button" onclick={clear_trace}>{ "clear filter" }</button>
                </p>
            }
            <div role="tabpanel" aria-label="Log lines">
                if lines.is_empty() {
                    <p class="placeholder">{ if visible.is_empty() { "Log lines appear as the request plays." } else { "No line matches." } }</p>
                } else {
                    <ol class="log-lines mono">
                        { for lines.iter().map(|(i, l)| html! {
                            <LogRow key={*i} line={(*l).clone()} on={props.on.clone()}
                                active={props.trace.is_some() && props.trace == l.trace_id} />
                        }) }
                    </ol>
                }
                <p class="muted small">{ format!("{} of {} lines so far", lines.len(), visible.len()) }</p>
            </div>
        </section>
    }
}

/// Unicode lowercase by the browser's `String.prototype.toLowerCase` (the same default case
/// mapping as `str::to_lowercase`): Rust's would link ~20 KB of case tables into the start module,
/// for this filter alone.
fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    js_sys::JsString::from(text).to_lower_case().into()
}
