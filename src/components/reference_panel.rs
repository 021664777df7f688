use yew::prelude::*;

use super::entry_view::EntryView;
use super::reference_text::{use_reference_text, ReferenceText};
use super::RefOpener;
use crate::logic::reference;
use crate::logic::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
    pub on_open: Callback<usize>,
    pub on_close: Callback<()>,
}

/// The side panel's state for a page shell: the opener every evidence link uses (give it to a
/// `ContextProvider<RefOpener>`) and the panel to render, if an entry is open.
#[hook]
pub fn use_reference_panel() -> (RefOpener, Html) {
    let open_entry = use_state(|| None::<usize>);
    let opener = {
        let open_entry = open_entry.clone();
        use_memo((), move |_| {
            RefOpener(Callback::from(move |i| open_entry.set(Some(i))))
        })
    };
    let panel = open_entry.map(|index| {
        let on_close = {
            let open_entry = open_entry.clone();
            Callback::from(move |_| open_entry.set(None))
        };
        html! { <ReferencePanel {index} on_open={opener.0.clone()} {on_close} /> }
    });
    ((*opener).clone(), panel.unwrap_or_default())
}

/// Side panel with one reference entry, opened from a link in the evidence. Non-modal: the
/// simulator stays usable beside it. Takes focus when opened; Escape closes it.
#[function_component(ReferencePanel)]
pub fn reference_panel(props: &Props) -> Html {
    let panel_ref = use_node_ref();
    // Remember what had focus when the panel opened (the evidence link) and give focus back to
    // it on close, so keyboard and screen reader users continue where they were.
    use_effect_with((), move |_| {
        let previous = super::focus::active_element();
        move || super::focus::restore(previous, None)
    });
    {
        let panel_ref = panel_ref.clone();
        use_effect_with(props.index, move |_| {
            if let Some(el) = panel_ref.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
                el.set_scroll_top(0);
            }
        });
    }
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    let on_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                on_close.emit(());
            }
        })
    };
    // Only the term index is embedded; the first opened entry brings the text.
    let text = use_reference_text();
    // The term index has no ids or titles: until the entry arrives, name the panel only.
    let id = reference::get()
        .entries
        .get(props.index)
        .map(|e| e.id.clone())
        .filter(|id| !id.is_empty());
    let title = "Study reference";
    let body = match &text {
        ReferenceText::Ready => html! {
            <EntryView index={props.index} on_open={props.on_open.clone()} level={2} />
        },
        ReferenceText::Loading => html! {
            <article class="entry"><h2>{ title }</h2><p role="status">{ "Loading the entry…" }</p></article>
        },
        ReferenceText::Failed(why) => html! {
            <article class="entry">
                <h2>{ title }</h2>
                <p role="alert">{ format!("This entry's text could not be loaded: {why}. Open Faultline once while online and it is kept for offline use.") }</p>
            </article>
        },
    };
    html! {
        <section class="reference-panel" role="dialog" aria-label="Study reference" tabindex="-1"
            ref={panel_ref} onkeydown={on_key}>
            <div class="reference-panel-bar">
                <a href={Route::Reference(id).href()} class="small">{ "Open in the reference" }</a>
                <button type="button" class="button small" onclick={close} aria-label="Close the reference panel">{ "Close ✕" }</button>
            </div>
            { body }
        </section>
    }
}
