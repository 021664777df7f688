//! The start page's first screen as static HTML, rendered at build time by Yew's server-side
//! renderer (`faultline-prerender`, run by scripts/post-build.mjs, writes it into index.html). It
//! is readable, and its links work, before any WebAssembly has run.
//!
//! It is the start module's own first render (`shell::start_app`), with the hydration markers
//! Yew reads: the start module hydrates it, so the header, the tour offer and the path link are
//! the nodes the browser painted from the first paint on. Where the puzzle will be, the served
//! flow and report (`ServedMain`) stand as raw HTML, adopted as they are until the live puzzle
//! and its report replace them in one render. Only what a learner sees before playing is here:
//! nothing that answers the puzzle.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::flow_diagram::FlowDiagram;
use crate::components::story_card::StoryCard;
use crate::components::{RefOpener, Shared};
use crate::logic::start_puzzle::start_puzzle;
use crate::logic::state::SimState;

/// The served flow and report, where the start page's puzzle will be.
#[function_component(ServedMain)]
pub fn served_main() -> Html {
    let puzzle = start_puzzle();
    let step_ms = SimState::new(puzzle.clone(), 0.0).step_ms();
    let evidence = Shared(Rc::new(puzzle.view.evidence));
    let seed = puzzle.view.seed;
    html! {
        // Reference links render as the live page's buttons (they open nothing until it runs).
        <ContextProvider<RefOpener> context={RefOpener(Callback::noop())}>
            <main id="main" class="workspace" aria-busy="true">
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
        </ContextProvider<RefOpener>>
    }
}

/// The first screen as HTML (the `faultline-prerender` binary prints it): the start page's first
/// render with hydration markers, the served flow and report inside it.
#[cfg(feature = "prerender")]
pub fn render() -> String {
    let served_main = futures::executor::block_on(
        yew::LocalServerRenderer::<ServedMain>::new()
            .hydratable(false)
            .render(),
    );
    let props = super::start_app::Props {
        served_main: served_main.into(),
    };
    futures::executor::block_on(
        yew::LocalServerRenderer::<super::start_app::StartApp>::with_props(props)
            .hydratable(true)
            .render(),
    )
}
