use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub on_close: Callback<()>,
}

const KEYS: [(&str, &str); 7] = [
    ("Space", "Play / pause"),
    ("← →", "Step back / forward"),
    ("1 – 9", "Choose an answer (step 1: a layer)"),
    ("H", "Take the next hint"),
    ("?", "Show or hide these shortcuts"),
    ("Esc", "Close this panel"),
    ("Tab", "Move between controls"),
];

/// Keyboard shortcuts, as a small modal dialog that takes focus and gives it back on close.
#[function_component(ShortcutsOverlay)]
pub fn shortcuts_overlay(props: &Props) -> Html {
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            let previous = super::focus::active_element();
            if let Some(button) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
            // Opened with "?" from the page itself: the shortcuts button stands in as the opener.
            move || super::focus::restore(previous, Some(".shortcuts-button"))
        });
    }
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_| on_close.emit(()))
    };
    // The close button is the only control inside: Tab stays on it while the dialog is open.
    let trap = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onkeydown={trap}>
            <div class="overlay-card">
                <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
                <dl class="keys">
                    { for KEYS.iter().map(|(k, what)| html! { <div><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></div> }) }
                </dl>
                <button type="button" class="button" ref={close_ref} onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
