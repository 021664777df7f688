use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::modes::tour::{self, STEPS};
use crate::storage::{self, TOUR_SEEN_KEY};

/// Marks the tour as seen; storage problems only mean it may be offered again.
pub fn mark_seen() {
    let _ = storage::write(TOUR_SEEN_KEY, "1");
}

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Outlines the step's region and scrolls it into view; returns it so the outline can go.
fn highlight(selector: &str) -> Option<web_sys::Element> {
    let el = document()?.query_selector(selector).ok()??;
    let _ = el.set_attribute("data-tour-target", "");
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Start);
    el.scroll_into_view_with_scroll_into_view_options(&options);
    Some(el)
}

/// The tour's callout: one step of the method at a time, its screen region outlined. Back, Next
/// and Skip are buttons; Esc skips; each step takes focus and is announced.
#[function_component(TourGuide)]
pub fn tour_guide() -> Html {
    let step = use_state(|| Some(0usize));
    let title_ref = use_node_ref();
    {
        let title_ref = title_ref.clone();
        use_effect_with(*step, move |step| {
            mark_seen();
            // Wait a frame so the simulator's panels exist before they are outlined.
            let target = step.and_then(|s| STEPS.get(s)).map(|s| s.target);
            let holder = std::rc::Rc::new(std::cell::RefCell::new(None::<web_sys::Element>));
            let timer = {
                let holder = holder.clone();
                gloo_timers::callback::Timeout::new(30, move || {
                    *holder.borrow_mut() = target.and_then(highlight);
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
        <div class="tour-callout" role="dialog" aria-modal="false" aria-labelledby="tour-title"
            aria-describedby="tour-text">
            <p class="tour-count small">{ format!("Guided tour · step {} of {}", current + 1, STEPS.len()) }</p>
            <h2 id="tour-title" tabindex="-1" ref={title_ref}>{ s.title }</h2>
            <p id="tour-text">{ s.text }</p>
            <div class="visually-hidden" aria-live="polite">{ tour::announcement(current) }</div>
            <p class="actions">
                if current > 0 {
                    <button type="button" class="button" onclick={go(Some(tour::back(current)))}>{ "← Back" }</button>
                }
                <button type="button" class="button primary" onclick={go(tour::next(current))}>
                    { if last { "Finish the tour" } else { "Next →" } }
                </button>
                <button type="button" class="link-button" onclick={go(None)} aria-keyshortcuts="Escape">{ "Skip the tour (Esc)" }</button>
            </p>
        </div>
    }
}
