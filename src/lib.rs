//! Faultline web app: a thin Yew shell that plays back traces from `faultline-engine`.

pub mod components;
pub mod logic;
pub mod modes;
pub mod panic_hook;
pub mod progress;
pub mod storage;
pub use faultline_engine::share;

/// Mounts the app into `<body>`; called by the binary and by nothing else.
pub fn start() {
    panic_hook::install();
    yew::Renderer::<components::app::App>::new().render();
}
