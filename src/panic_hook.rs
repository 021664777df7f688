//! A panic must never leave a dead page without a word: say what happened in plain words, that
//! saved data is safe, and offer a Reload that works. The hook also writes the crash marker, so
//! the next start can keep aside whatever stored data the page had read (crash_recovery).
//!
//! Installed through Yew (`yew::set_custom_panic_hook`): a plain `std::panic::set_hook` is
//! replaced by Yew's own hook when the renderer starts. Release builds abort on panic; the hook
//! still runs first, and the panel needs no more Rust afterwards (Reload calls the browser's own
//! `location.reload`).

use std::panic::PanicHookInfo;
use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

use crate::crash_recovery;

/// Id of the panel the hook shows; tests look for it.
pub const FATAL_ELEMENT_ID: &str = "fatal-error";

/// Only the first panic is reported: the ones after it are the page falling over.
static HANDLED: AtomicBool = AtomicBool::new(false);

pub fn install() {
    yew::set_custom_panic_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("Faultline stopped: {message}").into());
    if HANDLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let route = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    crash_recovery::write_marker(&route);
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        show_panel(&document, &message);
    }
}

fn element(document: &Document, tag: &str, text: Option<&str>) -> Option<Element> {
    let el = document.create_element(tag).ok()?;
    // Text only, never markup: the message may quote stored or linked text.
    el.set_text_content(text);
    Some(el)
}

fn show_panel(document: &Document, message: &str) -> Option<()> {
    let body = document.body()?;
    // The page underneath no longer responds: keep keyboard and screen reader out of it.
    let mut child = body.first_element_child();
    while let Some(el) = child {
        el.set_attribute("inert", "").ok();
        child = el.next_element_sibling();
    }
    let panel = element(document, "div", None)?;
    panel.set_id(FATAL_ELEMENT_ID);
    panel.set_attribute("role", "alert").ok();
    panel.set_attribute("aria-labelledby", "fatal-title").ok();
    let card = element(document, "div", None)?;
    card.set_class_name("fatal-card");
    let title = element(
        document,
        "h2",
        Some("Faultline stopped working on this page"),
    )?;
    title.set_id("fatal-title");
    let what = element(
        document,
        "p",
        Some(
            "Something went wrong inside Faultline — not something you did — and this page \
             cannot go on.",
        ),
    )?;
    let safe = element(
        document,
        "p",
        Some(
            "Your saved data is safe: progress, drafts and imported packs stay in this browser. \
             When you reload, anything stored that this page was reading is kept aside, so the \
             page can open again, and you are told where to restore it.",
        ),
    )?;
    let reload = element(document, "button", Some("Reload"))?;
    reload.set_attribute("type", "button").ok();
    reload.set_class_name("button primary");
    // The browser's own function, bound to the location: no Rust runs when it is clicked (after
    // an abort, none could), and no inline handler is needed (the CSP forbids them).
    if let Some(reload_fn) = bound_reload() {
        reload
            .add_event_listener_with_callback("click", &reload_fn)
            .ok();
    }
    let details = element(document, "details", None)?;
    details
        .append_child(&element(document, "summary", Some("Technical details"))?.into())
        .ok();
    details
        .append_child(&element(document, "pre", Some(message))?.into())
        .ok();
    for part in [&title, &what, &safe, &reload, &details] {
        card.append_child(part).ok();
    }
    panel.append_child(&card).ok();
    body.append_child(&panel).ok();
    reload
        .dyn_ref::<web_sys::HtmlElement>()
        .map(|button| button.focus().ok());
    Some(())
}

fn bound_reload() -> Option<js_sys::Function> {
    let location = web_sys::window()?.location();
    let reload = js_sys::Reflect::get(&location, &"reload".into()).ok()?;
    Some(reload.dyn_into::<js_sys::Function>().ok()?.bind0(&location))
}
