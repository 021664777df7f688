//! Faultline web app: a thin Yew shell that plays back traces from `faultline-engine`.

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
    // The pre-rendered first screen is this module's own first render (scripts/post-build.mjs
    // writes it into index.html): hydrated in place. Without it (a build without post-build),
    // rendered.
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("prerendered"));
    let app = match root {
        Some(root) => yew::Renderer::<shell::start_app::StartApp>::with_root(root).hydrate(),
        None => yew::Renderer::<shell::start_app::StartApp>::new().render(),
    };
    if let Some(window) = web_sys::window() {
        gloo_events::EventListener::once(&window, "faultline-stop", move |_| app.destroy())
            .forget();
    }
}
