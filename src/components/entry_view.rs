use yew::prelude::*;

use crate::logic::reference::{self, Entry};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
    /// Called with an entry index when a "see also" link is followed.
    pub on_open: Callback<usize>,
    #[prop_or(3)]
    pub level: u8,
    /// Shown at the end of the entry: the reference page's "Practise this" links. The side panel
    /// opened from a puzzle's evidence passes none (scenario titles would hint at the answer).
    #[prop_or_default]
    pub children: Html,
}

/// One study-reference entry: summary, paragraphs, example, where to look first, see also.
#[function_component(EntryView)]
pub fn entry_view(props: &Props) -> Html {
    let r = reference::get();
    let Some(entry): Option<&Entry> = r.entries.get(props.index) else {
        return html! { <p>{ "No such entry." }</p> };
    };
    let see_also = entry.see_also.iter().filter_map(|id| r.index_of(id)).map(|i| {
        let on_open = props.on_open.clone();
        html! {
            <li><button type="button" class="link-button" onclick={Callback::from(move |_| on_open.emit(i))}>{ &r.entries[i].title }</button></li>
        }
    });
    let title = html! { <>{ &entry.title }</> };
    // The entry's own parts sit one level under its title (never h2 then h4).
    let sub = format!("h{}", props.level + 1);
    html! {
        <article class="entry">
            { if props.level == 2 { html! { <h2>{ title }</h2> } } else { html! { <h3>{ title }</h3> } } }
            <p class="entry-category muted small">{ r.category_title(&entry.category) }</p>
            <p class="entry-summary"><strong>{ &entry.summary }</strong></p>
            { for entry.body.iter().map(|p| html! { <p>{ p }</p> }) }
            if let Some(example) = &entry.example {
                <@{sub.clone()}>{ "Example" }</@>
                <pre class="mono">{ example }</pre>
            }
            if let Some(first) = &entry.first_look {
                <@{sub.clone()}>{ "Where to look first" }</@>
                <p>{ first }</p>
            }
            if !entry.see_also.is_empty() {
                <@{sub.clone()}>{ "See also" }</@>
                <ul class="see-also">{ for see_also }</ul>
            }
            { props.children.clone() }
        </article>
    }
}
