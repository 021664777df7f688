//! The start page's side of progress, small enough for the first load: the progress store itself
//! (reading, migrating, the Web Lock) lives in the `faultline-progress` module, which
//! assets/pwa/boot.js downloads only when the start page asks for it (see `writer.rs`).
//!
//! A finished puzzle is kept first, in the `INBOX` window property (serialized `PendingAttempt`s),
//! so nothing is lost while the writer downloads; the store drains the inbox into its own list the
//! first time it reads (`store::live`), in the writer or in the full app, whichever runs first.
//! The start page's notice bar reads what the writer published (`NOTICES`, `UNSAVED`) and, when
//! the writer could not be downloaded (`FAILED`), says the results are waiting, with an export the
//! Progress page can import.

use wasm_bindgen::JsCast;
use yew::Callback;

use crate::logic::finished::Finished;
use crate::progress::PendingAttempt;
use crate::storage;

/// Fired on `window` whenever this tab's progress or its unsaved results changed.
pub const CHANGED_EVENT: &str = "faultline-progress";
/// Fired by the writer after it published notices for the start page.
pub const PUBLISHED_EVENT: &str = "faultline-progress-published";
/// Asks for the writer (boot.js downloads it the first time) and for a write of the inbox.
pub const FLUSH_EVENT: &str = "faultline-progress-flush";
/// Asks the writer to download the progress file.
pub const EXPORT_EVENT: &str = "faultline-progress-export";
/// Finished attempts the start page kept, each a JSON `PendingAttempt`: a JS array of strings.
pub const INBOX: &str = "faultlineProgressInbox";
/// Notices the writer published for the start page (a JS array of strings, taken when shown).
pub const NOTICES: &str = "faultlineProgressNotices";
/// The writer's "not saved" sentence while results wait after a failed write (a string).
pub const UNSAVED: &str = "faultlineProgressUnsaved";
/// Set by the writer once it runs.
pub const READY: &str = "faultlineProgressReady";
/// Set by boot.js when the writer could not be downloaded: why, a short phrase.
pub const FAILED: &str = "faultlineProgressFailed";

/// Set by boot.js when the full app replaces the start page.
pub const STOPPED: &str = "faultlineProgressStopped";

pub(crate) fn is_set(name: &str) -> bool {
    get(name).is_truthy()
}

fn get(name: &str) -> wasm_bindgen::JsValue {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &name.into()).ok())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

pub(crate) fn set(name: &str, value: &wasm_bindgen::JsValue) {
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &name.into(), value);
    }
}

pub(crate) fn strings(name: &str) -> Vec<String> {
    get(name)
        .dyn_into::<js_sys::Array>()
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

pub(crate) fn set_strings(name: &str, items: &[String]) {
    let array: js_sys::Array = items
        .iter()
        .map(|s| wasm_bindgen::JsValue::from_str(s))
        .collect();
    set(name, &array);
}

pub(crate) fn fire(event: &str) {
    if let Some(window) = web_sys::window() {
        if let Ok(event) = web_sys::Event::new(event) {
            let _ = window.dispatch_event(&event);
        }
    }
}

/// Today in the learner's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Keeps a finished puzzle in the inbox, then asks the writer to save it.
pub fn keep(finished: &Finished) {
    let text = PendingAttempt::from_finished(finished, &today()).to_json();
    let mut inbox = strings(INBOX);
    inbox.push(text);
    set_strings(INBOX, &inbox);
    fire(CHANGED_EVENT);
    fire(FLUSH_EVENT);
}

thread_local! {
    static RECORDER: Callback<Finished> = Callback::from(|f: Finished| keep(&f));
}

/// The start page simulator's `on_finished`: always the same callback.
pub fn recorder() -> Callback<Finished> {
    RECORDER.with(Callback::clone)
}

/// Whether the writer has anything to tell a returning visitor: stored progress (it may be
/// unreadable, or hold kept-aside data of the old design), storage that cannot be read, or results
/// already waiting. A first visit has none of these and never downloads the writer.
pub fn wanted_at_start() -> bool {
    if !strings(INBOX).is_empty() || get("faultlineProgressLive").is_string() {
        return true;
    }
    match storage::read(storage::PROGRESS_KEY) {
        Ok(None) => matches!(
            storage::read(storage::PROGRESS_SET_ASIDE_KEY),
            Ok(Some(_)) | Err(_)
        ),
        Ok(Some(_)) | Err(_) => true,
    }
}

/// Asks for the writer after the first paint, if a returning visitor needs it.
pub fn request_if_wanted() {
    if wanted_at_start() {
        fire(FLUSH_EVENT);
    }
}

/// Notices the writer published since the last call (each shown once).
pub fn take_notices() -> Vec<String> {
    let notices = strings(NOTICES);
    if !notices.is_empty() {
        set_strings(NOTICES, &[]);
    }
    notices
}

/// Why results are waiting, while they are: the writer's sentence after a failed write, or, when
/// the writer could not be downloaded, that the results in the inbox are kept in this tab.
pub fn unsaved() -> Option<String> {
    let waiting = strings(INBOX).len();
    if let Some(why) = get(FAILED).as_string().filter(|_| waiting > 0) {
        let what = if waiting == 1 {
            "Your latest result is".to_string()
        } else {
            format!("{waiting} results are")
        };
        return Some(format!(
            "{what} not saved yet: the part of Faultline that saves progress could not be loaded \
             ({why}). It is kept in this tab and saved when that part loads; export it to keep it \
             for sure."
        ));
    }
    get(UNSAVED).as_string()
}

/// A progress file holding only `waiting` (JSON `PendingAttempt`s): the Progress page imports it
/// (`unsaved_results`, see `migrate.rs`).
pub fn waiting_file(waiting: &[String]) -> String {
    format!(
        "{{\n  \"schema_version\": {},\n  \"results\": {{}},\n  \"topics\": {{}},\n  \"streak\": {{ \"current\": 0, \"best\": 0, \"last_day\": null }},\n  \"unsaved_results\": [{}]\n}}\n",
        crate::progress::SCHEMA_VERSION,
        waiting.join(",")
    )
}

/// The notice bar's export: the writer's full file when it runs, else the waiting results.
pub fn export() -> Result<(), String> {
    if is_set(READY) {
        fire(EXPORT_EVENT);
        return Ok(());
    }
    let file = waiting_file(&strings(INBOX));
    crate::dom::download("faultline-progress.json", &file, "application/json")
}
