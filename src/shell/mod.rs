//! The two page shells: the full app's router (`app`) and the start page's module (`start_app`),
//! with what both put under the header. The top of the import order: shell → modes →
//! components → logic → engine.

pub mod app;
pub mod notice_bar;
pub mod start_app;
pub mod start_notices;
pub mod start_shell;
