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
    // Route changes are announced (not the first page load: the page title is read then).
    let said = use_state(String::new);
    {
        let (route, said) = (route.clone(), said.clone());
        let last_label = use_mut_ref(|| route.label());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
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
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="route">{ (*said).clone() }</div>
        </ContextProvider<RefOpener>>
    }
}
