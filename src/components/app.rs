use gloo_events::EventListener;
use yew::prelude::*;

use super::coming_soon::ComingSoon;
use super::reference_page::ReferencePage;
use super::reference_panel::ReferencePanel;
use super::simulator::Simulator;
use super::site_header::SiteHeader;
use super::RefOpener;
use crate::logic::route::{Route, HOME_SEED};

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
    {
        let route = route.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window()
                .map(|w| EventListener::new(&w, "hashchange", move |_| route.set(current_route())));
            move || drop(listener)
        });
    }
    let open_entry = use_state(|| None::<usize>);
    let opener = {
        let open_entry = open_entry.clone();
        use_memo((), move |_| {
            RefOpener(Callback::from(move |i| open_entry.set(Some(i))))
        })
    };
    let page = match &*route {
        Route::Home => html! { <Simulator key="home" seed={HOME_SEED} home={true} /> },
        Route::Puzzle(seed) => html! { <Simulator key={format!("seed-{seed}")} seed={*seed} /> },
        Route::Reference(id) => html! { <ReferencePage id={id.clone()} /> },
        other => crate::modes::page(other)
            .unwrap_or_else(|| html! { <ComingSoon route={other.clone()} /> }),
    };
    let panel = open_entry.map(|index| {
        let on_close = {
            let open_entry = open_entry.clone();
            Callback::from(move |_| open_entry.set(None))
        };
        html! { <ReferencePanel {index} on_open={opener.0.clone()} {on_close} /> }
    });
    html! {
        <ContextProvider<RefOpener> context={(*opener).clone()}>
            <SiteHeader route={(*route).clone()} />
            <crate::modes::notice_bar::NoticeBar />
            { page }
            { panel.unwrap_or_default() }
        </ContextProvider<RefOpener>>
    }
}
