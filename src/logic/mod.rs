//! Plain Rust (no DOM): routing, the playback/diagnosis reducer and the formatting helpers the
//! components use. Everything here is unit-tested natively with `cargo test`.

pub mod announce;
pub mod curl;
pub mod endless;
pub mod finished;
pub mod home;
pub mod json;
pub mod json_value;
pub mod jwt;
pub mod reference;
pub mod route;
pub mod start_puzzle;
pub mod state;
pub mod statement;
pub mod time;
pub mod warm;
