use faultline_engine::{EventKind, Evidence};
use yew::prelude::*;

use super::linked_text::LinkedText;
use super::status_badge::StatusBadge;
use super::{short_label, Shared};
use crate::logic::time::at_label;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
    pub cursor: usize,
    /// Event open in the inspector.
    pub inspected: Option<usize>,
    pub on_select: Callback<usize>,
}

fn kind_label(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Request => "request",
        EventKind::Response => "response",
        EventKind::Error => "error",
        EventKind::Log => "log",
        EventKind::Internal => "step",
    }
}

/// On a phone the inspector sits below the list: bring it into view when an event is opened.
fn reveal_inspector() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let narrow = window
        .inner_width()
        .ok()
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w < 760.0);
    if let (true, Some(heading)) = (
        narrow,
        window
            .document()
            .and_then(|d| d.get_element_by_id("inspector-heading")),
    ) {
        heading.scroll_into_view();
    }
}

/// Time, from, to, what happened. Only the events played so far; each one opens the inspector.
#[function_component(EventList)]
pub fn event_list(props: &Props) -> Html {
    let events = &props.evidence.events;
    let shown = props.cursor.min(events.len());
    let current = shown.checked_sub(1);
    // Keep the current event in view inside the list (the page itself does not scroll).
    let list = use_node_ref();
    {
        let list = list.clone();
        use_effect_with(current, move |_| {
            let Some(ol) = list.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let row = ol
                .query_selector("li.current")
                .ok()
                .flatten()
                .and_then(|r| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(r).ok());
            if let Some(row) = row {
                let (top, bottom) = (row.offset_top(), row.offset_top() + row.offset_height());
                let (view_top, height) = (ol.scroll_top(), ol.client_height());
                if top < view_top || bottom > view_top + height {
                    ol.set_scroll_top(top - height / 2);
                }
            }
        });
    }
    let rows = events[..shown].iter().enumerate().map(|(i, e)| {
        let on_select = {
            let on_select = props.on_select.clone();
            Callback::from(move |_: MouseEvent| {
                on_select.emit(i);
                reveal_inspector();
            })
        };
        let class = classes!(
            "event",
            format!("ev-{}", kind_label(e.kind)),
            (Some(i) == current).then_some("current"),
            (Some(i) == props.inspected).then_some("inspected"),
        );
        html! {
            <li key={i} {class} aria-current={(Some(i) == current).then_some("step")}>
                <button type="button" class="event-open" onclick={on_select}>
                    <span class="visually-hidden">{ format!("Open event {}: ", i + 1) }</span>
                    <span class="ev-time">{ at_label(e.t_ms) }</span>
                    <span class="ev-hop">{ format!("{} → {}", short_label(e.from), short_label(e.to)) }</span>
                </button>
                <span class="ev-what">
                    if e.status.is_some() {
                        <StatusBadge status={e.status} />{ " " }
                    } else if e.kind == EventKind::Error {
                        <StatusBadge status={None} text={AttrValue::from("error")} />{ " " }
                    }
                    <LinkedText text={AttrValue::from(e.summary.clone())} />
                </span>
            </li>
        }
    });
    html! {
        <section class="panel events-panel" aria-labelledby="events-heading">
            <h2 id="events-heading">{ "Events" }<span class="count">{ format!("{shown} of {}", events.len()) }</span></h2>
            if shown == 0 {
                <p class="placeholder">{ "Press Play" }<span class="keys-only">{ " (or Space)" }</span>{ " to send the request. Each hop appears here as it happens." }</p>
            } else {
                <ol class="event-list" ref={list}>{ for rows }</ol>
            }
        </section>
    }
}
