//! The start page's first screen as static HTML, rendered at build time by Yew's server-side
//! renderer from the same components the start module uses (`faultline-prerender`, run by
//! scripts/post-build.mjs, writes it into index.html). It is readable, and its links work, before
//! any WebAssembly has run. The start module renders the live page beside it, hidden, and the
//! live report takes its place in the task that renders it (`components::story_card`), so the
//! swap never paints a frame without the report. Only what a learner sees before playing is here:
//! the header, the tour offer, the first-hour link, the flow and the report; nothing that answers
//! the puzzle.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::flow_diagram::FlowDiagram;
use crate::components::site_header::SiteHeader;
use crate::components::story_card::StoryCard;
use crate::components::{RefOpener, Shared};
use crate::logic::route::Route;
use crate::logic::start_puzzle::start_puzzle;
use crate::logic::state::SimState;
use crate::modes::tour::offer::welcome;

/// The pre-rendered first screen (see the module's comment).
#[function_component(StartShell)]
pub fn start_shell() -> Html {
    let puzzle = start_puzzle();
    let step_ms = SimState::new(puzzle.clone(), 0.0).step_ms();
    let evidence = Shared(Rc::new(puzzle.view.evidence));
    let seed = puzzle.view.seed;
    html! {
        // Reference links render as the live page's buttons (they open nothing until it runs).
        <ContextProvider<RefOpener> context={RefOpener(Callback::noop())}>
            <SiteHeader route={Route::Home} />
            // The first visit's tour offer, at the live banner's size (boot.js hides it for a
            // visitor who has answered it, before the first paint).
            { welcome(html! { <a class="button primary" href="#/tour">{ "Start the tour" }</a> }, Callback::noop()) }
            { super::start_app::first_hour_link() }
            <main class="workspace" aria-busy="true">
                <section class="panel flow-panel">
                    <div class="flow-head">
                        <h2 class="invite">{ "Something in this request breaks. Play it, read the evidence, find the failing layer." }</h2>
                        <span class="muted small">{ format!("{} flow", evidence.flow) }</span>
                    </div>
                    <FlowDiagram evidence={evidence.clone()} cursor={0} {step_ms} />
                    <p class="muted shell-loading" role="status">{ "Loading the simulator…" }</p>
                </section>
                <div class="col col-side">
                    <StoryCard {evidence} {seed} finished={false} home={true} />
                </div>
            </main>
            // A deep link (boot.js marks it on <html>) shows this instead of the start page's puzzle.
            <p class="shell-deep" role="status">{ "Loading…" }</p>
        </ContextProvider<RefOpener>>
    }
}

/// The first screen as HTML (the `faultline-prerender` binary prints it).
#[cfg(feature = "prerender")]
pub fn render() -> String {
    futures::executor::block_on(
        yew::LocalServerRenderer::<StartShell>::new()
            .hydratable(false)
            .render(),
    )
}
