//! Faultline web app: a thin Yew shell that plays back traces from `faultline-engine`.

use std::cell::RefCell;
use std::rc::Rc;

pub mod components;
pub mod crash_recovery;
pub mod dom;
pub mod logic;
pub mod modes;
pub mod net;
pub mod panic_hook;
pub mod progress;
pub mod set_aside;
pub mod shell;
pub mod storage;

/// Mounts the full app into `<body>` (the `faultline-web` binary).
pub fn start() {
    panic_hook::install();
    crash_recovery::recover();
    logic::reference::use_index(logic::reference::INDEX);
    // Results the start page kept while its progress writer was not (yet) there.
    progress::store::resume();
    yew::Renderer::<shell::app::App>::new().render();
}

/// Mounts the start page alone (the `faultline-start` binary). When the hash leaves the start
/// page, assets/pwa/boot.js downloads the full app, then fires `faultline-stop`: the start page
/// unmounts (its timers and key listeners go with it) and the full app renders in its place.
pub fn start_home() {
    panic_hook::install();
    crash_recovery::recover();
    logic::reference::use_index(logic::reference::START_INDEX);
    type Start = yew::AppHandle<shell::start_app::StartApp>;
    let app: Rc<RefCell<Option<Start>>> = Rc::default();
    // The pre-rendered first screen is this module's own first render (scripts/post-build.mjs
    // writes it into index.html): hydrated in place, in a task of its own. The served screen is
    // painted and readable already, so waiting one task costs nothing seen, and keeps both this
    // task (the module's instantiation) and the hydration short at 4x CPU throttling. Without it
    // (a build without post-build), rendered.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prerendered"));
    let hydrating = match root {
        Some(root) => {
            let app = app.clone();
            Some(gloo_timers::callback::Timeout::new(0, move || {
                let hydrated = yew::Renderer::<shell::start_app::StartApp>::with_root(root);
                *app.borrow_mut() = Some(hydrated.hydrate());
            }))
        }
        None => {
            *app.borrow_mut() = Some(yew::Renderer::<shell::start_app::StartApp>::new().render());
            None
        }
    };
    if let Some(window) = web_sys::window() {
        // Leaving before the hydration ran cancels it.
        gloo_events::EventListener::once(&window, "faultline-stop", move |_| {
            drop(hydrating);
            if let Some(app) = app.borrow_mut().take() {
                app.destroy();
            }
        })
        .forget();
    }
}
