//! `#/endless`: generated puzzles by seed, difficulty and topic. The URL's parameters are
//! `crate::logic::endless` (the router reads them); this is the page.

pub mod page;
