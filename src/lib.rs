//! Faultline web app: a thin Yew shell that plays back traces from `faultline-engine`.

pub mod components;
pub mod logic;
pub mod modes;
pub mod net;
pub mod panic_hook;
pub mod progress;
pub mod storage;
pub use faultline_engine::share;

/// Mounts the full app into `<body>` (the `faultline-web` binary).
pub fn start() {
    panic_hook::install();
    logic::reference::install_embedded();
    yew::Renderer::<components::app::App>::new().render();
}

/// Mounts the start page alone (the `faultline-start` binary). When the hash leaves the start
/// page, assets/pwa/boot.js downloads the full app, then fires `faultline-stop`: the start page
/// unmounts (its timers and key listeners go with it) and the full app renders in its place.
pub fn start_home() {
    use std::cell::RefCell;
    use std::rc::Rc;

    panic_hook::install();
    let app = Rc::new(RefCell::new(
        None::<yew::AppHandle<components::start_app::StartApp>>,
    ));
    let stopped = Rc::new(std::cell::Cell::new(false));
    if let Some(window) = web_sys::window() {
        let (app, stopped) = (app.clone(), stopped.clone());
        gloo_events::EventListener::once(&window, "faultline-stop", move |_| {
            stopped.set(true);
            if let Some(app) = app.borrow_mut().take() {
                app.destroy();
            }
        })
        .forget();
    }
    // The first render gets a task of its own, apart from instantiating the module: neither
    // then blocks input for long.
    if !stopped.get() {
        *app.borrow_mut() = Some(yew::Renderer::<components::start_app::StartApp>::new().render());
    }
}
