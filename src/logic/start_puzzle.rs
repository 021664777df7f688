//! The start page's puzzle as build.rs wrote it: a Rust expression built from the engine's run
//! (`build/rust_expr.rs`), so the start module reads no JSON to show it.

#[allow(unused_imports)]
use faultline_engine::model::*;
use faultline_engine::Puzzle;

/// A `String` (or a JSON string) from a literal in the generated expression.
fn s<T: From<&'static str>>(text: &'static str) -> T {
    T::from(text)
}

/// An integer field (or a JSON number) from a literal in the generated expression.
trait Int {
    fn from_i64(n: i64) -> Self;
}

macro_rules! int {
    ($($t:ty),*) => { $(impl Int for $t { fn from_i64(n: i64) -> Self { n as $t } })* };
}
int!(u16, u32, u64, usize, i64);

impl Int for serde_json::Value {
    fn from_i64(n: i64) -> Self {
        serde_json::Value::from(n)
    }
}

fn n<T: Int>(n: i64) -> T {
    T::from_i64(n)
}

/// The start page's puzzle, as the engine simulated it at build time.
pub fn start_puzzle() -> Puzzle {
    include!(concat!(env!("OUT_DIR"), "/home-puzzle.rs"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_start_modules_puzzle_is_the_engines() {
        assert_eq!(super::start_puzzle(), crate::logic::home::home_puzzle());
    }
}
