//! Fetches files that ship next to index.html (same origin, precached by the service worker).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where this build keeps `name`. scripts/post-build.mjs names each fetched file after its
/// content and lists it in index.html as `<meta name="faultline-file:NAME" content="URL">`, so a
/// page still running an earlier build fetches that build's file, never a newer one. Without the
/// list (a build that skipped the hook), the plain name.
fn located(name: &str) -> String {
    web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| {
            document
                .query_selector(&format!("meta[name=\"faultline-file:{name}\"]"))
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_else(|| name.to_owned())
}

/// The text of the shipped file `name` (e.g. "reference.json"), or a sentence saying why it
/// could not be read.
pub async fn fetch_text(name: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let response = JsFuture::from(window.fetch_with_str(&located(name)))
        .await
        .map_err(|_| format!("{name} could not be downloaded (offline, and not saved yet)"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{name}: not an HTTP response"))?;
    if !response.ok() {
        return Err(format!("{name}: the server answered {}", response.status()));
    }
    let text = response
        .text()
        .map_err(|_| format!("{name}: the body could not be read"))?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or_else(|| format!("{name}: the body could not be read"))
}
