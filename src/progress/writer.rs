//! The `faultline-progress` module: the progress store without Yew, downloaded by the start page
//! only when it has something to save or a returning visitor something to be told (see
//! `handoff.rs`, assets/pwa/boot.js). It writes the results the start page kept, then answers the
//! start page's requests (write, export) until the full app takes over.

use gloo_events::EventListener;

use super::handoff::{self, EXPORT_EVENT, FLUSH_EVENT, NOTICES, PUBLISHED_EVENT, READY, UNSAVED};
use super::store;
use crate::progress;

/// Hands the start page what it should show: new notices (added to those not yet shown) and the
/// "not saved" sentence while results wait.
fn publish(notices: Vec<String>, unsaved: Option<String>) {
    if !notices.is_empty() {
        let mut all = handoff::strings(NOTICES);
        all.extend(notices);
        handoff::set_strings(NOTICES, &all);
    }
    let unsaved = unsaved.map_or(wasm_bindgen::JsValue::UNDEFINED, |text| text.into());
    handoff::set(UNSAVED, &unsaved);
    handoff::fire(PUBLISHED_EVENT);
}

/// Starts the writer: reads stored progress (unreadable data is kept aside and the learner told),
/// writes what waits, and listens for the start page until the full app replaces it.
pub fn run() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Downloaded too late: the full app runs and writes progress itself.
    if handoff::is_set(handoff::STOPPED) {
        return;
    }
    handoff::set(READY, &true.into());
    let found = store::load();
    publish(found.notices, found.unsaved);
    let changed = EventListener::new(&window, handoff::CHANGED_EVENT, |_| {
        let (notices, unsaved) = store::live_notices();
        publish(notices, unsaved);
    });
    let flush = EventListener::new(&window, FLUSH_EVENT, |_| store::resume());
    let export = EventListener::new(&window, EXPORT_EVENT, |_| {
        let text = progress::export(&store::load().progress);
        if let Err(problem) =
            crate::dom::download("faultline-progress.json", &text, "application/json")
        {
            publish(vec![problem], store::live_notices().1);
        }
    });
    store::resume();
    // The full app reads and writes progress itself (and shows its own notices).
    EventListener::once(&window, "faultline-stop", move |_| {
        drop((changed, flush, export));
        handoff::set(READY, &false.into());
    })
    .forget();
}
