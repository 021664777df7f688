//! Faultline web app: a thin Yew shell that plays back traces from `faultline-engine`.

pub mod components;
pub mod logic;
pub mod panic_hook;

/// Mounts the app into `<body>`; called by the binary and by nothing else.
pub fn start() {
    panic_hook::install();
    yew::Renderer::<components::app::App>::new().render();
}
