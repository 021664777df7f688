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

/// Takes the pre-rendered first screen (`#prerendered`, see `shell::start_shell`) out of the page
/// once the live page beside it (`#app`) has its report. A link focused in it hands focus to its
/// live twin (the same address); its buttons do nothing before the live page runs.
pub fn replace_prerendered() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(shell) = document.get_element_by_id("prerendered") else {
        return;
    };
    let focused_link = document
        .active_element()
        .filter(|el| shell.contains(Some(el)))
        .and_then(|el| el.get_attribute("href"))
        .filter(|href| !href.contains(['"', '\\']));
    shell.remove();
    let twin = focused_link
        .and_then(|href| {
            document
                .query_selector(&format!("#app a[href=\"{href}\"]"))
                .ok()
        })
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(twin) = twin {
        // Focus is a courtesy here: nothing is lost if the browser declines it.
        twin.focus().ok();
    }
}
