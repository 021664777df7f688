//! A panic must never leave a blank page: show what happened in plain words.

use std::panic;

/// Id of the element the hook fills; tests look for it.
pub const FATAL_ELEMENT_ID: &str = "fatal-error";

pub fn install() {
    panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("Faultline crashed: {message}").into());
        show_fatal(&message);
    }));
}

fn show_fatal(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_id(FATAL_ELEMENT_ID);
    panel.set_attribute("role", "alert").ok();
    // Text only: the message may contain user-supplied strings.
    panel.set_text_content(Some(&format!(
        "Faultline hit an internal error and stopped. Reload the page to start again; \
         your saved progress is kept. Details: {message}"
    )));
    body.prepend_with_node_1(&panel).ok();
}
