use std::rc::Rc;

use gloo_events::EventListener;
use yew::prelude::*;

use super::coming_soon::ComingSoon;
use super::crash_notice::CrashNotice;
use super::panic_test::PanicTest;
use super::reference_page::ReferencePage;
use super::reference_panel::use_reference_panel;
use super::simulator::Simulator;
use super::site_header::SiteHeader;
use super::RefOpener;
use super::Shared;
use crate::logic::route::{home_puzzle, seeded_puzzle, Route};

fn current_route() -> Route {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    Route::parse(&hash)
}

/// Router shell: header with every mode, the page for the hash route, and the reference panel
/// that any evidence link can open.
#[function_component(App)]
pub fn app() -> Html {
    let route = use_state(current_route);
    // Route changes are announced (not the first page load: the page title is read then).
    let said = use_state(String::new);
    {
        let (route, said) = (route.clone(), said.clone());
        let last_label = use_mut_ref(|| route.label());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    // A new page: if it fails, only what it reads is suspect.
                    crate::storage::forget_keys_read();
                    let next = current_route();
                    // Same page with other parameters (an endless seed): nothing to announce.
                    let label = next.label();
                    if *last_label.borrow() != label {
                        said.set(format!("{label} page"));
                        *last_label.borrow_mut() = label;
                    }
                    route.set(next);
                })
            });
            move || drop(listener)
        });
    }
    use_effect_with((*route).clone(), |route| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&route.title());
        }
    });
    let (opener, panel) = use_reference_panel();
    // Simulated once per route, not on every render of the shell (opening the reference panel).
    let puzzle = use_memo((*route).clone(), |route| match route {
        Route::Home => Some(Shared(Rc::new(home_puzzle()))),
        Route::Puzzle(seed) => Some(Shared(Rc::new(seeded_puzzle(*seed)))),
        _ => None,
    });
    let page = match (&*route, (*puzzle).clone()) {
        (Route::Home, Some(puzzle)) => html! { <Simulator key="home" {puzzle} /> },
        (Route::Puzzle(seed), Some(puzzle)) => {
            html! { <Simulator key={format!("seed-{seed}")} {puzzle} seed_link={true} /> }
        }
        (Route::Reference(id), _) => html! { <ReferencePage id={id.clone()} /> },
        (Route::TestPanic, _) => html! { <PanicTest /> },
        (other, _) => crate::modes::page(other)
            .unwrap_or_else(|| html! { <ComingSoon route={other.clone()} /> }),
    };
    html! {
        <ContextProvider<RefOpener> context={opener}>
            <SiteHeader route={(*route).clone()} />
            <CrashNotice />
            <crate::modes::notice_bar::NoticeBar />
            { page }
            { panel }
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="route">{ (*said).clone() }</div>
        </ContextProvider<RefOpener>>
    }
}
