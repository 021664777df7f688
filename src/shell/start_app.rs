use std::rc::Rc;

use yew::prelude::*;

use crate::components::crash_notice::CrashNotice;
use crate::components::panic_test::PanicTest;
use crate::components::playback::use_render_stages;
use crate::components::reference_panel::use_reference_panel;
use crate::components::simulator::Simulator;
use crate::components::site_header::SiteHeader;
use crate::components::{RefOpener, Shared};
use crate::logic::route::Route;
use crate::logic::start_puzzle::start_puzzle;
use crate::progress::handoff::recorder;

/// The start page on its own, for the small module a first visit loads: header, notices, the
/// start puzzle and the reference panel. Any other route is the full app's (assets/pwa/boot.js
/// swaps it in when the hash leaves the start page).
#[function_component(StartApp)]
pub fn start_app() -> Html {
    // One short task each: the header; the notices (the tour offer); reading the puzzle; indexing
    // the reference's terms (the report links them); showing the puzzle (the simulator then adds
    // its panels the same way).
    let stage = use_render_stages(4);
    // The puzzle as build.rs simulated it (the engine is not in this module).
    let puzzle = use_memo(stage >= 2, |read| {
        read.then(|| Shared(Rc::new(start_puzzle())))
    });
    use_memo(stage >= 3, |index| {
        if *index {
            crate::logic::reference::get();
        }
    });
    let shown = if stage >= 4 { (*puzzle).clone() } else { None };
    let (opener, panel) = use_reference_panel();
    let testing = use_state(|| {
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        Route::parse(&hash) == Route::TestPanic
    });
    let page = match shown {
        _ if *testing => html! { <PanicTest /> },
        Some(puzzle) => html! { <Simulator on_finished={recorder()} key="home" {puzzle} /> },
        None => html! {
            <main id="main" class="workspace" aria-busy="true">
                <section class="panel flow-panel"><p class="muted">{ "Loading the incident…" }</p></section>
            </main>
        },
    };
    html! {
        <ContextProvider<RefOpener> context={opener}>
            <SiteHeader route={Route::Home} />
            <CrashNotice />
            if stage >= 1 {
                <super::start_notices::StartNoticeBar />
            }
            { first_hour_link() }
            { page }
            { panel }
        </ContextProvider<RefOpener>>
    }
}

/// The start page's way into the first learning path: a plain link (the path is the full app's).
pub fn first_hour_link() -> Html {
    html! {
        <nav class="start-path" aria-label="Learning path">
            <p>{ "New to API troubleshooting? " }<a href="#/paths/first-hour">{ "Take the First hour path" }</a>
                { ": incidents from every layer, easy to hard." }</p>
        </nav>
    }
}
