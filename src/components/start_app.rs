use std::cell::RefCell;
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
    // One short task each: the header; the notices (the tour offer); reading the puzzle; showing
    // it (the simulator then adds its panels the same way).
    let notices = use_state(|| false);
    let puzzle = use_state(|| None::<Result<Shared<Puzzle>, String>>);
    {
        let (notices, puzzle) = (notices.clone(), puzzle.clone());
        use_effect_with((), move |_| {
            let later = Rc::new(RefCell::new(Vec::<Timeout>::new()));
            let first = {
                let later = later.clone();
                Timeout::new(0, move || {
                    notices.set(true);
                    let show = later.clone();
                    let read = Timeout::new(0, move || {
                        let read = serde_json::from_str::<Puzzle>(START_PUZZLE)
                            .map(|p| Shared(Rc::new(p)))
                            .map_err(|e| e.to_string());
                        let shown = Timeout::new(0, move || puzzle.set(Some(read)));
                        show.borrow_mut().push(shown);
                    });
                    later.borrow_mut().push(read);
                })
            };
            move || drop((first, later))
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
            if *notices {
                <crate::modes::notice_bar::NoticeBar />
            }
            { page }
            { panel }
        </ContextProvider<RefOpener>>
    }
}
