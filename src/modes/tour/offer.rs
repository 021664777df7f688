use yew::prelude::*;

use crate::modes::tour;
use crate::modes::tour::guide::mark_seen;
use crate::storage::{self, TOUR_SEEN_KEY};

fn offered() -> bool {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let seen = storage::read(TOUR_SEEN_KEY).ok().flatten().is_some();
    tour::offer_welcome(&hash, seen)
}

/// First visit to the start page: a banner under the header that offers the guided tour. It does
/// not take focus (Space must still play the request). Answered once (start, skip, or Esc inside
/// it), it is not offered again; the header's "Tour" link brings the tour back.
#[function_component(TourOffer)]
pub fn tour_offer() -> Html {
    let open = use_state(offered);
    if !*open {
        return html! {};
    }
    let skip = {
        let open = open.clone();
        move || {
            mark_seen();
            open.set(false);
        }
    };
    let on_key = {
        let skip = skip.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                skip();
            }
        })
    };
    let on_skip = Callback::from(move |_: MouseEvent| skip());
    let on_start = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            mark_seen();
            open.set(false);
            if let Some(location) = web_sys::window().map(|w| w.location()) {
                let _ = location.set_hash("#/tour");
            }
        })
    };
    html! {
        <section class="tour-welcome" aria-labelledby="welcome-title" onkeydown={on_key}>
            <h2 id="welcome-title" class="welcome-title">{ "New here? Take the two-minute tour" }</h2>
            <p id="welcome-text">{ "It walks one incident through the method a support engineer uses: from the \
                user's report to an escalation with evidence, pointing at each part of the screen." }</p>
            <p class="actions">
                <button type="button" class="button primary" onclick={on_start}>{ "Start the tour" }</button>
                <button type="button" class="button" onclick={on_skip}>{ "Skip (Esc)" }</button>
            </p>
        </section>
    }
}
