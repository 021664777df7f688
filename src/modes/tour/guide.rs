use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::simulator::Drive;
use crate::modes::tour::{self, STEPS};
use crate::storage::{self, TOUR_SEEN_KEY};

/// Marks the tour as seen; storage problems only mean it may be offered again.
pub fn mark_seen() {
    let _ = storage::write(TOUR_SEEN_KEY, "1");
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Outlines the step's region (the first of its `|`-separated selectors that matches) and
/// scrolls it into view; returns it so the outline can go.
fn highlight(selectors: &str) -> Option<web_sys::Element> {
    let doc = document()?;
    let el = selectors
        .split('|')
        .find_map(|sel| doc.query_selector(sel.trim()).ok().flatten())?;
    let _ = el.set_attribute("data-tour-target", "");
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&options);
    Some(el)
}

/// Whether the callout should sit on the left: its region is on the right half of a wide screen
/// (where the callout would otherwise cover it). On a narrow screen it stays at the bottom.
fn dock_left(el: &web_sys::Element) -> bool {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(0.0);
    let rect = el.get_bounding_client_rect();
    width > 640.0 && rect.left() + rect.width() / 2.0 > width / 2.0
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Asks the simulator to play the request (or show all of it) for the steps that need it.
    pub on_drive: Callback<Drive>,
}

/// The tour's callout: one step of the method at a time, its screen region outlined and kept
/// clear of the callout. The tour plays the request before it points at any evidence. Back, Next
/// and Skip are buttons; Esc skips wherever focus is; each step takes focus and is announced.
#[function_component(TourGuide)]
pub fn tour_guide(props: &Props) -> Html {
    let step = use_state(|| Some(0usize));
    let title_ref = use_node_ref();
    let left = use_state_eq(|| false);
    {
        let title_ref = title_ref.clone();
        let (on_drive, left) = (props.on_drive.clone(), left.clone());
        use_effect_with(*step, move |step| {
            mark_seen();
            if let Some(s) = step.and_then(|s| STEPS.get(s)) {
                if s.needs_run {
                    on_drive.emit(Drive::ToEnd);
                } else if s.title == "Reproduce" {
                    on_drive.emit(Drive::Play);
                }
            }
            // Wait a frame so the simulator's panels exist before they are outlined.
            let target = step.and_then(|s| STEPS.get(s)).map(|s| s.target);
            let holder = std::rc::Rc::new(std::cell::RefCell::new(None::<web_sys::Element>));
            let timer = {
                let holder = holder.clone();
                gloo_timers::callback::Timeout::new(60, move || {
                    let found = target.and_then(highlight);
                    left.set(found.as_ref().is_some_and(dock_left));
                    *holder.borrow_mut() = found;
                    if let Some(h) = title_ref.cast::<web_sys::HtmlElement>() {
                        let _ = h.focus();
                    }
                })
            };
            move || {
                drop(timer);
                if let Some(el) = holder.borrow_mut().take() {
                    let _ = el.remove_attribute("data-tour-target");
                }
            }
        });
    }
    {
        let step = step.clone();
        use_effect_with((), move |_| {
            let listener = document().map(|doc| {
                EventListener::new(&doc, "keydown", move |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                        if e.key() == "Escape" {
                            step.set(None);
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    let Some(current) = *step else {
        return html! {
            <div class="visually-hidden" role="status">{ "Tour closed. The scenario is yours to solve." }</div>
        };
    };
    let s = STEPS[current];
    let go = |to: Option<usize>| {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step.set(to))
    };
    let last = tour::next(current).is_none();
    html! {
        <div class={classes!("tour-callout", left.then_some("dock-left"))} role="dialog" aria-modal="false" aria-labelledby="tour-title"
            aria-describedby="tour-text">
            <p class="tour-count small">{ format!("Guided tour · step {} of {}", current + 1, STEPS.len()) }</p>
            <h2 id="tour-title" tabindex="-1" ref={title_ref}>{ s.title }</h2>
            <p id="tour-text">{ s.text }
                if !s.keys.is_empty() { <span class="keys-only">{ " " }{ s.keys }</span> }
            </p>
            <div class="visually-hidden" aria-live="polite">{ tour::announcement(current) }</div>
            <p class="actions">
                if current > 0 {
                    <button type="button" class="button" onclick={go(Some(tour::back(current)))}>{ "← Back" }</button>
                }
                <button type="button" class="button primary" onclick={go(tour::next(current))}>
                    { if last { "Finish the tour" } else { "Next →" } }
                </button>
                <button type="button" class="link-button" onclick={go(None)} aria-keyshortcuts="Escape">{ "Skip the tour" }<span class="keys-only">{ " (Esc)" }</span></button>
            </p>
        </div>
    }
}
