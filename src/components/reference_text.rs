//! The study reference's text arrives after the page: both modules embed only its term index,
//! and the first page or panel that shows an entry fetches the whole file (precached by the
//! service worker, so offline it comes from there). One fetch at a time for the whole page;
//! every component that asked hears when it is done.

use std::cell::RefCell;

use gloo_events::EventListener;
use yew::prelude::*;

use crate::logic::reference::{self, Reference};

/// Whether the reference's text can be shown.
#[derive(Clone, Debug, PartialEq)]
pub enum ReferenceText {
    Ready,
    Loading,
    /// Why it could not be loaded, a phrase for a sentence of our own.
    Failed(String),
}

/// Fired on `window` when a fetch of the reference ends (installed or failed).
const SETTLED_EVENT: &str = "faultline-reference";

thread_local! {
    /// The last fetch's state while the text is not installed; `None` before any fetch.
    static FETCH: RefCell<Option<ReferenceText>> = const { RefCell::new(None) };
}

fn current() -> ReferenceText {
    if reference::get().complete {
        return ReferenceText::Ready;
    }
    FETCH
        .with(|f| f.borrow().clone())
        .unwrap_or(ReferenceText::Loading)
}

/// Starts fetching the whole reference unless it is here or on its way; a failed fetch is tried
/// again (the learner may be back online).
fn fetch() {
    if reference::get().complete || current_fetch() == Some(ReferenceText::Loading) {
        return;
    }
    FETCH.with(|f| *f.borrow_mut() = Some(ReferenceText::Loading));
    wasm_bindgen_futures::spawn_local(async {
        let loaded = crate::net::fetch_text(reference::URL)
            .await
            .map(|source| Reference::parse(&source))
            .and_then(|r| match r.error {
                Some(e) => Err(format!("{}: {e}", reference::URL)),
                None => Ok(r),
            });
        let settled = match loaded {
            Ok(r) => {
                reference::install(r);
                None
            }
            Err(why) => Some(ReferenceText::Failed(why)),
        };
        FETCH.with(|f| *f.borrow_mut() = settled);
        if let Some(window) = web_sys::window() {
            if let Ok(event) = web_sys::Event::new(SETTLED_EVENT) {
                let _ = window.dispatch_event(&event);
            }
        }
    });
}

fn current_fetch() -> Option<ReferenceText> {
    FETCH.with(|f| f.borrow().clone())
}

/// The reference's text for a component that shows it: fetched if it is not here yet (the
/// component renders again when it arrives or fails).
#[hook]
pub fn use_reference_text() -> ReferenceText {
    let text = use_state(|| match current() {
        // A new reader tries again after a failure.
        ReferenceText::Failed(_) => ReferenceText::Loading,
        other => other,
    });
    {
        let text = text.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                let text = text.clone();
                EventListener::new(&window, SETTLED_EVENT, move |_| text.set(current()))
            });
            fetch();
            // Settled before the listener was there (another reader's fetch).
            if *text != current() {
                text.set(current());
            }
            move || drop(listener)
        });
    }
    (*text).clone()
}
