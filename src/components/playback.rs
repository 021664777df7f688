//! Playback hooks shared by the simulator and the classroom presenter, and the staged first
//! render of the simulator and the start page.

use std::rc::Rc;

use faultline_engine::Evidence;
use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::Shared;
use crate::logic::state::{Action, SimState};

/// Render stage, from 0 up to `last`, one task (a zero timeout) per stage after the first render:
/// a page shows its parts a few at a time, so no single task holds up the first paint or input.
#[hook]
pub fn use_render_stages(last: u8) -> u8 {
    let stage = use_state(|| 0u8);
    {
        let stage = stage.clone();
        use_effect_with(*stage, move |current| {
            let following = *current + 1;
            let next = (*current < last).then(|| Timeout::new(0, move || stage.set(following)));
            move || drop(next)
        });
    }
    *stage
}

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
