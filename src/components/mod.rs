//! One component per file. `Shared` lets big engine values travel as props compared by pointer.

use std::ops::Deref;
use std::rc::Rc;

use yew::Callback;

pub mod artifact_list;
pub mod copy_curl;
pub mod crash_notice;
pub mod deferred;
pub mod diagnosis_panel;
pub mod entry_view;
pub mod event_list;
pub mod flow_diagram;
pub mod flow_geometry;
pub mod focus;
pub mod har_export;
pub mod inspector;
pub mod jwt_view;
pub mod linked_text;
pub mod log_viewer;
pub mod network_list;
pub mod not_found;
pub mod panic_test;
pub mod playback;
pub mod playback_controls;
pub mod reference_panel;
pub mod reference_text;
pub mod shortcuts_overlay;
pub mod simulator;
pub mod site_header;
pub mod stage_look;
pub mod statement_view;
pub mod status_badge;
pub mod story_card;
pub mod waterfall;

/// An `Rc` whose equality is identity: re-rendering a parent does not deep-compare evidence.
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// A User Timing mark (`performance.mark`), so benchmarks can see when a stage of the page is
/// done. Silently nothing where the API is missing.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// `work()`, recorded in the page's performance timeline as a User Timing measure called `name`
/// (the bench reads them to tell the engine's tasks from rendering's).
pub fn measured<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let performance = web_sys::window().and_then(|w| w.performance());
    let start = format!("{name}:start");
    if let Some(p) = &performance {
        let _ = p.mark(&start);
    }
    let value = work();
    if let Some(p) = &performance {
        let _ = p.measure_with_start_mark(name, &start);
        p.clear_marks_with_mark_name(&start);
    }
    value
}

/// Context: opens a study-reference entry (by index) in the side panel.
#[derive(Clone, PartialEq)]
pub struct RefOpener(pub Callback<usize>);

/// Short diagram label of a layer.
pub fn short_label(layer: faultline_engine::Layer) -> &'static str {
    stage_look::look(layer).label
}

/// Status class used for colour and shape: "ok", "redirect", "client", "server" or "none".
pub fn status_class(status: Option<u16>) -> &'static str {
    match status {
        Some(100..=299) => "ok",
        Some(300..=399) => "redirect",
        Some(400..=499) => "client",
        Some(500..=599) => "server",
        _ => "none",
    }
}

/// Icon drawn beside the status so colour is never the only signal.
pub fn status_icon(status: Option<u16>) -> &'static str {
    match status_class(status) {
        "ok" => "✓",
        "redirect" => "↪",
        "client" => "▲",
        "server" => "✖",
        _ => "○",
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Where a long URL may wrap: after `/`, `?`, `&` and `=`, so a line never breaks inside an
/// id or a number ("/customers/48|213"). Returns the pieces, each ending at such a point.
pub fn url_pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '/' | '?' | '&' | '=') {
            pieces.push(&text[start..i + 1]);
            start = i + 1;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// `text` with a `<wbr>` at each of `url_pieces`' break points.
pub fn url_breaks(text: &str) -> yew::Html {
    use yew::html;
    let pieces = url_pieces(text);
    html! { <>{ for pieces.into_iter().map(|p| html! { <>{ p.to_string() }<wbr /></> }) }</> }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_break_between_their_parts_never_inside_one() {
        assert_eq!(
            super::url_pieces("GET https://api.x.io/v2/customers/48213?a=1&b=2"),
            vec![
                "GET https:/",
                "/",
                "api.x.io/",
                "v2/",
                "customers/",
                "48213?",
                "a=",
                "1&",
                "b=",
                "2"
            ]
        );
        assert!(super::url_pieces("").is_empty());
        assert_eq!(super::url_pieces("no break"), vec!["no break"]);
    }
}
