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

#[derive(Properties, PartialEq, Default)]
pub struct Props {
    /// The served first screen's flow and report, as HTML: set only by the build's pre-render
    /// (`shell::start_shell`), which writes them where the puzzle will be. In the browser it is
    /// empty, and hydration adopts the served nodes as they are until the puzzle replaces them.
    #[prop_or_default]
    pub served_main: AttrValue,
}

/// The start page on its own, for the small module a first visit loads: header, notices, the
/// start puzzle and the reference panel. Any other route is the full app's (assets/pwa/boot.js
/// swaps it in when the hash leaves the start page).
///
/// Its first render is the first screen the build pre-rendered from it, node for node, so the
/// start module hydrates the served page instead of building another: the header, the tour offer
/// and the path link stay the nodes the browser painted (and focused).
#[function_component(StartApp)]
pub fn start_app(props: &Props) -> Html {
    // One short task each: hydrating the served screen; the crash notice; reading the puzzle;
    // indexing the reference's terms (the report links them); showing the puzzle with its report
    // in place of the served ones (the simulator then adds its panels the same way).
    let stage = use_render_stages(4);
    // Hydrated (effects run once the render is in the page): the served heading is the app's now,
    // which `scripts/bench` times as the app's first heading.
    use_effect_with((), |_| {
        crate::components::mark("faultline:hydrated");
        let heading = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("h1[data-prerendered]").ok().flatten());
        if let Some(heading) = heading {
            let _ = heading.set_attribute("data-app", "");
        }
    });
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
    // Not in the build's pre-render, which has no window (and renders the start page itself).
    let testing = use_state(|| {
        if cfg!(not(target_arch = "wasm32")) {
            return false;
        }
        let hash = web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default();
        Route::parse(&hash) == Route::TestPanic
    });
    // The live puzzle renders its panels beside the served flow and report, unseen, and takes
    // their place once its report is in (so no frame lacks one, and no task builds it all).
    // The same shape at every stage, so the served nodes stay where hydration adopted them.
    let report_in = use_state(|| false);
    let panic_test = *testing && stage >= 1;
    let served = html! {
        if !*report_in && !panic_test {
            { Html::from_html_unchecked(props.served_main.clone()) }
        }
    };
    let live = match shown {
        _ if panic_test => html! { <PanicTest /> },
        Some(puzzle) => {
            let on_report = {
                let report_in = report_in.clone();
                Callback::from(move |()| report_in.set(true))
            };
            html! {
                <div class={classes!("live-main", (!*report_in).then_some("unseen"))}>
                    <Simulator on_finished={recorder()} key="home" {puzzle} {on_report} />
                </div>
            }
        }
        None => html! {},
    };
    // Focus in the served flow or report goes to its twin in the live one: noted while the
    // served nodes are still in the page (a render comes before its changes to the page).
    let focused = use_memo(*report_in, |shown| {
        shown.then(crate::dom::focused_in_main).flatten()
    });
    use_effect_with(*report_in, move |_| {
        if let Some(twin) = focused.as_ref() {
            crate::dom::focus_in_main(twin);
        }
    });
    html! {
        <ContextProvider<RefOpener> context={opener}>
            <SiteHeader route={Route::Home} />
            if stage >= 1 {
                <CrashNotice />
            }
            <super::start_notices::StartNoticeBar />
            { first_hour_link() }
            { served }
            { live }
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
