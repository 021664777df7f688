use std::time::Duration;

use faultline_engine::HttpRequest;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::logic::curl;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub request: HttpRequest,
}

/// Writes `text` to the clipboard; falls back to a hidden textarea where the async API is missing.
fn copy(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let has_api = js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false);
    if has_api {
        let _ = navigator.clipboard().write_text(text);
        return true;
    }
    let Some(document) = window.document() else {
        return false;
    };
    let Ok(area) = document.create_element("textarea") else {
        return false;
    };
    let area: web_sys::HtmlTextAreaElement = area.unchecked_into();
    area.set_value(text);
    let _ = area.set_attribute("style", "position:fixed;opacity:0");
    let body = document.body();
    if let Some(body) = &body {
        let _ = body.append_child(&area);
    }
    area.select();
    let ok = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .map(|d| d.exec_command("copy").unwrap_or(false))
        .unwrap_or(false);
    area.remove();
    ok
}

#[derive(Properties, PartialEq)]
pub struct CopyProps {
    /// What lands on the clipboard.
    pub text: AttrValue,
    /// The button's words.
    pub label: AttrValue,
}

/// A copy button with a visible, announced confirmation that fades after two seconds.
#[function_component(CopyButton)]
pub fn copy_button(props: &CopyProps) -> Html {
    let copied = use_state(|| false);
    {
        let copied = copied.clone();
        use_effect_with(*copied, move |on| {
            let timer = on.then(|| {
                gloo_timers::callback::Timeout::new(
                    Duration::from_secs(2).as_millis() as u32,
                    move || copied.set(false),
                )
            });
            move || drop(timer)
        });
    }
    let onclick = {
        let copied = copied.clone();
        let text = props.text.clone();
        Callback::from(move |_| copied.set(copy(&text)))
    };
    html! {
        <span class="copy-curl">
            <button type="button" class="button small" {onclick}>{ props.label.clone() }</button>
            <span class="copied" role="status">{ if *copied { "✓ Copied" } else { "" } }</span>
        </span>
    }
}

/// "Copy as cURL": the request as a curl command line.
#[function_component(CopyCurl)]
pub fn copy_curl(props: &Props) -> Html {
    let command = curl::command(&props.request);
    html! { <CopyButton text={command} label="Copy as cURL" /> }
}
