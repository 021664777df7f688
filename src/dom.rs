//! The few browser calls the modes need: clipboard, file download and upload, the location.

use wasm_bindgen::JsCast;
use yew::Callback;

/// The current page address (with its fragment).
pub fn href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// Navigates to a hash route, e.g. `#/challenge/1.xyz`.
pub fn go(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash.trim_start_matches('#'));
    }
}

/// Starts copying `text` to the clipboard; false when the browser offers no clipboard API
/// (the caller keeps the text visible and selectable instead).
pub fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false) {
        return false;
    }
    let promise = navigator.clipboard().write_text(text);
    // A refused write (no permission) must not surface as an uncaught rejection.
    wasm_bindgen_futures::spawn_local(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    });
    true
}

/// Writes `text` to the clipboard and tells `done` whether the browser took it (false: no
/// clipboard API, or the write was refused), so the caller can offer the text another way.
pub fn write_clipboard(text: &str, done: impl FnOnce(bool) + 'static) {
    let navigator = web_sys::window().map(|w| w.navigator());
    let Some(navigator) =
        navigator.filter(|n| js_sys::Reflect::has(n, &"clipboard".into()).unwrap_or(false))
    else {
        done(false);
        return;
    };
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Saves `text` as a file through a Blob URL (no server, no data: URL size limits).
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let fail = |what: &str| format!("The file could not be saved ({what}).");
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("object URL"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("no document"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    gloo_timers::callback::Timeout::new(1_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Reads the first file chosen in a file input as text; `done` gets (file name, text or error).
pub fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    done: Callback<(String, Result<String, String>)>,
) {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    input.set_value("");
    let name = file.name();
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        let text = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| "the file could not be read as text".to_string());
        done.emit((name, text));
    });
}

/// An element focused in the page's `<main>`, by what tells it from the others there: its tag and
/// its text (a reference link, "What was run", a layer of the flow).
#[derive(Clone, Debug, PartialEq)]
pub struct Focused {
    tag: String,
    text: String,
}

/// What is focused in `<main>`, if anything: for `focus_in_main` once the area is rendered anew
/// (the start page's served flow and report, replaced by the live ones).
pub fn focused_in_main() -> Option<Focused> {
    let document = web_sys::window()?.document()?;
    let focused = document.active_element()?;
    focused.closest("main").ok()??;
    Some(Focused {
        tag: focused.tag_name(),
        text: focused.text_content().unwrap_or_default(),
    })
}

/// Focuses the first element in `<main>` with the same tag and text as `twin`, if focus was lost
/// (it stays where it went otherwise). A courtesy: nothing is lost if the browser declines it.
pub fn focus_in_main(twin: &Focused) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let lost = document
        .active_element()
        .is_none_or(|el| document.body().is_some_and(|body| *body == el));
    if !lost {
        return;
    }
    let Ok(candidates) = document.query_selector_all(&format!("main {}", twin.tag)) else {
        return;
    };
    let found = (0..candidates.length())
        .filter_map(|i| candidates.get(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|el| el.text_content().unwrap_or_default() == twin.text);
    if let Some(el) = found {
        el.focus().ok();
    }
}
