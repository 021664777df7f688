//! Plain Rust behind the modes (no DOM): trace diffing, challenge links, the builder's draft,
//! imported packs, scenarios as puzzles and worksheets. Unit-tested natively.

pub mod builtin;
pub mod catalog;
pub mod challenge;
pub mod diff;
pub mod draft;
pub mod packs;
pub mod practice;
pub mod sandbox;
pub mod scenario_play;
pub mod tour;
pub mod worksheet;
