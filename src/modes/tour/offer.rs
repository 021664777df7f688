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

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The banner is in the served first screen that this render hydrates (the start page): the
    /// first render must show it as served, for every visitor; right after it, it goes for a
    /// visitor who has answered it (whom boot.js already hid it from).
    #[prop_or_default]
    pub served: bool,
}

/// First visit to the start page: a banner under the header that offers the guided tour. It does
/// not take focus (Space must still play the request). Answered once (start, skip, or Esc wherever
/// focus is), it is not offered again; the header's "Tour" link brings the tour back.
#[function_component(TourOffer)]
pub fn tour_offer(props: &Props) -> Html {
    let open = use_state(|| props.served || offered());
    {
        let open = open.clone();
        use_effect_with(props.served, move |served| {
            if *served {
                open.set(offered());
            }
        });
    }
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
    // A link to the tour (the served screen's is the same link): answered as it is followed.
    let on_start = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            mark_seen();
            open.set(false);
        })
    };
    welcome(
        html! {
            <a class="button primary" href="#/tour" onclick={on_start}>{ "Start the tour" }</a>
        },
        on_skip,
    )
}

/// The banner's markup. The build pre-renders it in the start page's first screen, which the
/// start module hydrates (`shell::start_shell`); until then boot.js makes its Skip work.
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
