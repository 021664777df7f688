//! Playback hooks shared by the simulator and the classroom presenter.

use std::rc::Rc;

use faultline_engine::Evidence;
use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Shared;
use crate::logic::state::{Action, SimState};

/// Playback timer: one timeout per step, cancelled on any change or unmount.
#[hook]
pub fn use_playback_timer(state: &UseReducerHandle<SimState>) {
    let dispatcher = state.dispatcher();
    let ms = state.step_ms();
    use_effect_with(
        (state.playing, state.cursor, state.speed),
        move |(playing, _, _)| {
            let timer =
                playing.then(|| Timeout::new(ms, move || dispatcher.dispatch(Action::Tick)));
            move || drop(timer)
        },
    );
}

/// Calls `on_key` for every `keydown` on the document while the component is mounted. The
/// listener is not passive, so `on_key` may call `prevent_default`. Only the first render's
/// `on_key` is kept.
#[hook]
pub fn use_document_keydown<F>(on_key: F)
where
    F: Fn(&web_sys::KeyboardEvent) + 'static,
{
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|doc| {
            EventListener::new_with_options(
                &doc,
                "keydown",
                EventListenerOptions::enable_prevent_default(),
                move |event| {
                    if let Some(e) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                        on_key(e);
                    }
                },
            )
        });
        move || drop(listener)
    });
}

/// The puzzle's evidence as a prop, rebuilt only when another puzzle is loaded.
#[hook]
pub fn use_shared_evidence(state: &UseReducerHandle<SimState>) -> Shared<Evidence> {
    let evidence = {
        let view = state.view.clone();
        use_memo(state.view.id.clone(), move |_| {
            Shared(Rc::new(view.evidence.clone()))
        })
    };
    (*evidence).clone()
}
