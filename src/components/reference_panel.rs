use yew::prelude::*;

use super::entry_view::EntryView;
use crate::logic::reference;
use crate::logic::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub index: usize,
    pub on_open: Callback<usize>,
    pub on_close: Callback<()>,
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
    let id = reference::get()
        .entries
        .get(props.index)
        .map(|e| e.id.clone())
        .unwrap_or_default();
    html! {
        <section class="reference-panel" role="dialog" aria-label="Study reference" tabindex="-1"
            ref={panel_ref} onkeydown={on_key}>
            <div class="reference-panel-bar">
                <a href={Route::Reference(Some(id)).href()} class="small">{ "Open in the reference" }</a>
                <button type="button" class="button small" onclick={close} aria-label="Close the reference panel">{ "Close ✕" }</button>
            </div>
            <EntryView index={props.index} on_open={props.on_open.clone()} level={2} practise={false} />
        </section>
    }
}
