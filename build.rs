//! Pre-renders what the start-page module embeds, so its first visit carries no engine and no
//! study-reference text:
//! - `home-puzzle.rs`: the start page's puzzle, simulated here by the engine and written as a Rust
//!   expression (`build/rust_expr.rs`), so the module needs no JSON reader for it;
//! - `home-puzzle.json`: the same puzzle as JSON, for the test that both agree with the engine;
//! - `reference-index.json`: each reference entry's terms, in the file's order (so entry indices
//!   agree with the full file): all that linking terms in the evidence needs.

#[path = "src/logic/home.rs"]
mod home;
#[path = "build/rust_expr.rs"]
mod rust_expr;

use std::path::PathBuf;

use serde_json::Value;

const REFERENCE: &str = "assets/reference/reference.json";

fn main() {
    for path in [
        "build.rs",
        "build/rust_expr.rs",
        "src/logic/home.rs",
        REFERENCE,
    ] {
        println!("cargo:rerun-if-changed={path}");
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    let puzzle = home::home_puzzle();
    let code = rust_expr::to_rust(&puzzle).unwrap_or_else(|e| panic!("the start puzzle: {e}"));
    std::fs::write(out.join("home-puzzle.rs"), code).expect("write home-puzzle.rs");
    let puzzle = serde_json::to_string(&puzzle).expect("a puzzle serializes");
    std::fs::write(out.join("home-puzzle.json"), puzzle).expect("write home-puzzle.json");

    let text = std::fs::read_to_string(REFERENCE).unwrap_or_else(|e| panic!("{REFERENCE}: {e}"));
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{REFERENCE} is not valid JSON: {e}"));
    let terms: Vec<Value> = doc
        .get("entries")
        .and_then(Value::as_array)
        .map(|entries| {
            entries
                .iter()
                .map(|e| e.get("terms").cloned().unwrap_or(Value::Array(vec![])))
                .collect()
        })
        .unwrap_or_default();
    let index = serde_json::to_string(&terms).expect("the index serializes");
    std::fs::write(out.join("reference-index.json"), index).expect("write reference-index.json");
}
