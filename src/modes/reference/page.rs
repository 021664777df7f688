use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::entry_view::EntryView;
use crate::components::reference_text::{use_reference_text, ReferenceText};
use crate::logic::reference;
use crate::logic::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Entry id from the route (`#/reference/<id>`).
    pub id: Option<String>,
}

fn go(route: Route) {
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.set_hash(&route.href());
    }
}

/// Searchable study reference, entries grouped by category; a deep link opens one entry.
#[function_component(ReferencePage)]
pub fn reference_page(props: &Props) -> Html {
    let text = use_reference_text();
    let query = use_state(String::new);
    let waiting = match text {
        ReferenceText::Ready => None,
        ReferenceText::Loading => Some(html! {
            <p role="status">{ "Loading the study reference…" }</p>
        }),
        ReferenceText::Failed(why) => Some(html! {
            <p role="alert">{ format!("The study reference could not be loaded: {why}. Open Faultline once while online and it is kept for offline use.") }</p>
        }),
    };
    if let Some(waiting) = waiting {
        return html! {
            <main id="main" class="page reference-page">
                <section class="panel">
                    <h2>{ "Study reference" }</h2>
                    { waiting }
                </section>
            </main>
        };
    }
    let r = reference::get();
    let on_input = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            query.set(input.value());
        })
    };
    let open = Callback::from(|i: usize| {
        if let Some(entry) = reference::get().entries.get(i) {
            go(Route::Reference(Some(entry.id.clone())));
        }
    });
    let selected = props.id.as_deref().and_then(|id| r.index_of(id));
    let hits = r.search(&query);
    let groups = r.categories.iter().filter_map(|cat| {
        let items: Vec<usize> = hits.iter().copied().filter(|i| r.entries[*i].category == cat.id).collect();
        (!items.is_empty()).then(|| html! {
            <section class="ref-group" aria-labelledby={format!("cat-{}", cat.id)}>
                <h3 id={format!("cat-{}", cat.id)}>{ &cat.title }<span class="count">{ items.len() }</span></h3>
                <ul class="ref-list">
                    { for items.iter().map(|i| {
                        let e = &r.entries[*i];
                        html! {
                            <li class={classes!((Some(*i) == selected).then_some("selected"))}>
                                <a href={Route::Reference(Some(e.id.clone())).href()}>{ &e.title }</a>
                                <span class="muted">{ format!(" — {}", e.summary) }</span>
                            </li>
                        }
                    }) }
                </ul>
            </section>
        })
    });
    html! {
        <main id="main" class="page reference-page">
            <section class="panel">
                <h2>{ "Study reference" }</h2>
                if let Some(error) = &r.error {
                    <p class="feedback wrong">{ format!("The reference could not be read: {error}") }</p>
                }
                <input type="search" class="ref-search" placeholder="Search: 401, scope, certificate, webhook…"
                    aria-label="Search the reference" value={(*query).clone()} oninput={on_input} />
                <p class="muted small" role="status">{ format!("{} of {} entries", hits.len(), r.entries.len()) }</p>
                if hits.is_empty() && !query.trim().is_empty() {
                    <div class="ref-empty">
                        <p>{ format!("No entry mentions \u{201c}{}\u{201d}.", query.trim()) }</p>
                        <p class="muted small">{ "Try fewer words, a status code (401, 502), a header (WWW-Authenticate) or a layer (DNS, TLS, gateway, webhook)." }</p>
                        <p class="actions">
                            { for ["401", "certificate", "timeout", "webhook"].into_iter().map(|word| {
                                let query = query.clone();
                                html! { <button type="button" class="button small" onclick={Callback::from(move |_| query.set(word.to_string()))}>{ format!("Search \u{201c}{word}\u{201d}") }</button> }
                            }) }
                            <button type="button" class="button small" onclick={{ let query = query.clone(); Callback::from(move |_| query.set(String::new())) }}>{ "Show every entry" }</button>
                        </p>
                    </div>
                }
            </section>
            if let Some(i) = selected {
                <section class="panel ref-entry">
                    <EntryView index={i} on_open={open.clone()} level={2}>
                        <crate::modes::packs::practise_links::PractiseLinks index={i} />
                    </EntryView>
                </section>
            } else if props.id.is_some() {
                <section class="panel"><p>{ "There is no reference entry with that name." }</p></section>
            }
            <div class="ref-groups">{ for groups }</div>
        </main>
    }
}
