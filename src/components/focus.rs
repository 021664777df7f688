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

/// After a link opened another page in place: the new page starts at its top (at the opened
/// reference entry, when there is one), with focus on its heading so a screen reader says where
/// it is. Focus on a control the new address left in the page (a select that rewrote the
/// address) stays where it is, and so does the scroll position.
pub fn arrive() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    if let Some(active) = document.active_element() {
        let on_body = document.body().is_some_and(|b| *b == active);
        if !on_body && active.is_connected() && active.tag_name() != "A" {
            return;
        }
    }
    let first = |selector: &str| document.query_selector(selector).ok().flatten();
    let (target, anchored) = match first("#main .ref-entry h2") {
        Some(entry) => (Some(entry), true),
        None => (
            first("#main h1")
                .or_else(|| first("#main h2"))
                .or_else(|| first("#main")),
            false,
        ),
    };
    let Some(target) = target else {
        window.scroll_to_with_x_and_y(0.0, 0.0);
        return;
    };
    if !target.has_attribute("tabindex") {
        let _ = target.set_attribute("tabindex", "-1");
    }
    if let Some(el) = target.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
    if anchored {
        target.scroll_into_view();
    } else {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Focus is on a page's `<main id="main" aria-busy="true">` placeholder (a link's arrival put it
/// there): the view that replaces it is new DOM, so the caller hands focus on with [`arrive`].
pub fn placeholder_has_focus() -> bool {
    active_element().is_some_and(|el| el.id() == "main" && el.get_attribute("aria-busy").is_some())
}

/// For a page that shows an `aria-busy` placeholder `<main>` until its content is `ready`: a link
/// that opened the page focused the placeholder ([`arrive`]), and the content that takes its
/// place is new DOM, so focus would fall to the page itself and a screen reader lose its place.
/// Seen in the render that swaps them (before the swap), focus is handed on after it.
#[yew::hook]
pub fn use_focus_handover(ready: bool) {
    let refocus = yew::use_mut_ref(|| false);
    if ready && placeholder_has_focus() {
        *refocus.borrow_mut() = true;
    }
    yew::use_effect_with(ready, move |_| {
        if std::mem::take(&mut *refocus.borrow_mut()) {
            arrive();
        }
    });
}
