use std::rc::Rc;

use faultline_engine::Puzzle;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

use super::reference_panel::use_reference_panel;
use super::simulator::Simulator;
use super::site_header::SiteHeader;
use super::{RefOpener, Shared};
use crate::logic::route::Route;

/// The start page's puzzle as build.rs simulated it (the engine is not in this module).
const START_PUZZLE: &str = include_str!(concat!(env!("OUT_DIR"), "/home-puzzle.json"));

/// The start page on its own, for the small module a first visit loads: header, notices, the
/// start puzzle and the reference panel. Any other route is the full app's (assets/pwa/boot.js
/// swaps it in when the hash leaves the start page).
#[function_component(StartApp)]
pub fn start_app() -> Html {
    // Read one task after the header is painted: the first task stays short.
    let puzzle = use_state(|| None::<Result<Shared<Puzzle>, String>>);
    {
        let puzzle = puzzle.clone();
        use_effect_with((), move |_| {
            let read = Timeout::new(0, move || {
                puzzle.set(Some(
                    serde_json::from_str::<Puzzle>(START_PUZZLE)
                        .map(|p| Shared(Rc::new(p)))
                        .map_err(|e| e.to_string()),
                ))
            });
            move || drop(read)
        });
    }
    let (opener, panel) = use_reference_panel();
    let page = match &*puzzle {
        Some(Ok(puzzle)) => html! { <Simulator key="home" puzzle={puzzle.clone()} /> },
        // Only a broken build gets here; say so rather than show an empty page.
        Some(Err(e)) => html! {
            <main id="main" class="page"><p role="alert">{ format!("The start puzzle could not be read: {e}. Choose a mode above.") }</p></main>
        },
        None => html! {
            <main id="main" class="workspace" aria-busy="true">
                <section class="panel flow-panel"><p class="muted">{ "Loading the incident…" }</p></section>
            </main>
        },
    };
    html! {
        <ContextProvider<RefOpener> context={opener}>
            <SiteHeader route={Route::Home} />
            <crate::modes::notice_bar::NoticeBar />
            { page }
            { panel }
        </ContextProvider<RefOpener>>
    }
}
