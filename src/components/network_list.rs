use faultline_engine::Evidence;
use yew::prelude::*;

use super::status_badge::StatusBadge;
use super::Shared;
use crate::logic::statement::path_of;
use crate::logic::time::{fixed, ms_label};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
    /// Which exchanges have started and finished on the timeline.
    pub started: Vec<bool>,
    pub complete: Vec<bool>,
    pub selected: Option<usize>,
    pub on_select: Callback<usize>,
}

/// The devtools Network tab: one row per HTTP exchange with a waterfall on a shared time axis.
#[function_component(NetworkList)]
pub fn network_list(props: &Props) -> Html {
    let exchanges = &props.evidence.exchanges;
    let end = exchanges
        .iter()
        .map(|x| x.t_ms + x.timings.total())
        .max()
        .unwrap_or(1)
        .max(1);
    let rows = exchanges.iter().enumerate().filter(|(i, _)| props.started[*i]).map(|(i, x)| {
        let done = props.complete[i];
        let on_select = props.on_select.clone();
        let left = x.t_ms as f64 * 100.0 / end as f64;
        let width = (x.timings.total() as f64 * 100.0 / end as f64).max(0.8);
        let status = x.response.as_ref().map(|r| r.status);
        let line = format!("{} {}", x.request.method, path_of(&x.request.url));
        html! {
            <tr key={i} class={classes!((Some(i) == props.selected).then_some("selected"))}>
                <td>
                    <button type="button" class="link-button req-button" title={line.clone()}
                        onclick={Callback::from(move |_| on_select.emit(i))}>
                        <span class="mono req-line">{ line }</span>
                    </button>
                </td>
                <td>
                    if done {
                        // As in browser devtools: a request without a response "(failed)".
                        <StatusBadge {status} text={status.is_none().then(|| AttrValue::from("(failed)"))} />
                    } else {
                        <span class="muted">{ "pending" }</span>
                    }
                </td>
                <td class="ms">{ if done { ms_label(x.timings.total()) } else { "…".into() } }</td>
                <td class="bar-cell" aria-hidden="true">
                    <span class="bar" style={format!("margin-left: {}%; width: {}%", fixed(left, 2), fixed(width, 2))}></span>
                </td>
            </tr>
        }
    });
    html! {
        <section class="panel network-panel" aria-labelledby="network-heading">
            <h2 id="network-heading">{ "Network" }</h2>
            if props.started.iter().any(|s| *s) {
                <table class="network">
                    <thead><tr><th scope="col" class="col-request">{ "Request" }</th><th scope="col" class="col-status">{ "Status" }</th><th scope="col" class="col-time">{ "Time" }</th><th scope="col" class="col-waterfall">{ "Waterfall" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            } else {
                <p class="placeholder">{ "HTTP requests appear here as they are sent." }</p>
            }
        </section>
    }
}
