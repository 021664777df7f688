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
/// not take focus (Space must still play the request). Answered once (start, skip, or Esc wherever
/// focus is), it is not offered again; the header's "Tour" link brings the tour back.
#[function_component(TourOffer)]
pub fn tour_offer() -> Html {
    let open = use_state(offered);
    let skip = {
        let open = open.clone();
        move || {
            mark_seen();
            open.set(false);
        }
    };
    // Esc skips wherever focus is (the banner never takes it), unless a modal dialog is open: then
    // Esc is that dialog's. Listened to only while the banner is up.
    {
        let skip = skip.clone();
        use_effect_with(*open, move |open| {
            let listener = open
                .then(|| web_sys::window().and_then(|w| w.document()))
                .flatten()
                .map(|doc| {
                    let on_doc = doc.clone();
                    gloo_events::EventListener::new(&doc, "keydown", move |e| {
                        let key = js_sys::Reflect::get(e, &"key".into())
                            .ok()
                            .and_then(|k| k.as_string());
                        let modal = on_doc
                            .query_selector("[aria-modal=\"true\"]")
                            .ok()
                            .flatten();
                        if key.as_deref() == Some("Escape") && modal.is_none() {
                            skip();
                        }
                    })
                });
            move || drop(listener)
        });
    }
    if !*open {
        return html! {};
    }
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
    welcome(
        html! {
            <button type="button" class="button primary" onclick={on_start}>{ "Start the tour" }</button>
        },
        on_skip,
    )
}

/// The banner's markup, shared with the pre-rendered first screen (`shell::start_shell`), which
/// must paint it at the live banner's size: a larger live element would become the page's
/// largest paint when it replaces the shell. The shell's start is a link to the tour and its
/// Skip is handled by assets/pwa/boot.js until the module runs.
pub fn welcome(start: Html, on_skip: Callback<MouseEvent>) -> Html {
    html! {
        <section class="tour-welcome" aria-labelledby="welcome-title">
            <h2 id="welcome-title" class="welcome-title">{ "New here? Take the two-minute tour" }</h2>
            <p id="welcome-text">{ "It walks one incident through the method a support engineer uses: from the \
                user's report to an escalation with evidence, pointing at each part of the screen." }</p>
            <p class="actions">
                { start }
                <button type="button" class="button" onclick={on_skip}>{ "Skip" }<span class="keys-only">{ " (Esc)" }</span></button>
            </p>
        </section>
    }
}
