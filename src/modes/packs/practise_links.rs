use yew::prelude::*;

use crate::logic::reference;
use crate::modes::packs::catalog;
use crate::modes::packs::practice;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The reference entry's index.
    pub index: usize,
}

/// "Practise this": the scenarios that best exercise a study-reference entry.
#[function_component(PractiseLinks)]
pub fn practise_links(props: &Props) -> Html {
    let r = reference::get();
    let Some(entry) = r.entries.get(props.index) else {
        return html! {};
    };
    let found = practice::for_entry(practice::builtin_index(), props.index, entry, 3);
    if found.is_empty() {
        return html! {};
    }
    let heading = format!("practise-{}", entry.id);
    html! {
        <section class="practise" aria-labelledby={heading.clone()}>
            <h3 id={heading}>{ "Practise this" }</h3>
            <ul class="practise-list">
                { for found.iter().map(|s| html! {
                    <li>
                        <a href={catalog::scenario_href(&s.pack_id, &s.scenario_id)}><bdi>{ &s.title }</bdi></a>
                        <span class="muted small">{ " · " }<bdi>{ &s.pack_title }</bdi>{ format!(" · {}", s.difficulty) }</span>
                    </li>
                }) }
            </ul>
        </section>
    }
}
