//! Focus hand-back for dialogs and panels: return focus to the element that opened them.

use wasm_bindgen::JsCast;

/// The focused element, unless focus is on the page itself (`<body>`) or nowhere.
pub fn active_element() -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let active = document.active_element()?;
    if document.body().is_some_and(|b| *b == active) {
        return None;
    }
    active.dyn_into().ok()
}

/// Focuses `previous` if it is still in the page, else the first element matching `fallback`.
pub fn restore(previous: Option<web_sys::HtmlElement>, fallback: Option<&str>) {
    let target = previous.filter(|el| el.is_connected()).or_else(|| {
        let document = web_sys::window()?.document()?;
        document
            .query_selector(fallback?)
            .ok()
            .flatten()?
            .dyn_into()
            .ok()
    });
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// Moves focus to the page's `<main id="main">` (the skip link), without touching the URL: the
/// hash is the route, and "#main" is not one.
pub fn skip_to_main() {
    let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
    else {
        return;
    };
    if !main.has_attribute("tabindex") {
        let _ = main.set_attribute("tabindex", "-1");
    }
    if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
        let _ = main.focus();
    }
}
