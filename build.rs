//! Pre-renders what the start-page module embeds, so its first visit carries no engine and no
//! study-reference text:
//! - `home-puzzle.rs`: the start page's puzzle, simulated here by the engine and written as a Rust
//!   expression (`build/rust_expr.rs`), so the module needs no JSON reader for it;
//! - `home-puzzle.json`: the same puzzle as JSON, for the test that both agree with the engine;
//! - `reference-index.txt`: each reference entry's terms, one line per entry in the file's order
//!   (so entry indices agree with the full file), tab-separated: all that linking terms in the
//!   evidence needs, read without a JSON parser;
//! - `reference-index-start.txt`: the same lines with only the terms the start puzzle's text holds
//!   (anywhere, in any case: a superset of what its evidence can link), for the start module.

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
    std::fs::write(out.join("home-puzzle.json"), &puzzle).expect("write home-puzzle.json");
    // The puzzle's JSON with its escapes read (`\"`, `\u00e9`…), lowercased: where a term must occur
    // for the start page to link it.
    let start_text = {
        let value: Value = serde_json::from_str(&puzzle).expect("the puzzle's JSON reads back");
        let mut text = String::new();
        collect_strings(&value, &mut text);
        text.to_lowercase()
    };

    let text = std::fs::read_to_string(REFERENCE).unwrap_or_else(|e| panic!("{REFERENCE}: {e}"));
    let doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{REFERENCE} is not valid JSON: {e}"));
    // One line per entry, its terms separated by tabs: the start module splits it with no JSON
    // reader (terms hold neither, checked here).
    let mut index = String::new();
    let mut start_index = String::new();
    for entry in doc
        .get("entries")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let terms: Vec<&str> = entry
            .get("terms")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| {
                t.as_str()
                    .unwrap_or_else(|| panic!("{REFERENCE}: a term is not a string"))
            })
            .collect();
        for term in &terms {
            assert!(
                !term.is_empty() && !term.contains(['\t', '\n', '\r']),
                "{REFERENCE}: the term {term:?} is empty or holds a tab or line break"
            );
        }
        index.push_str(&terms.join("\t"));
        index.push('\n');
        let in_start: Vec<&str> = terms
            .iter()
            .copied()
            .filter(|term| start_text.contains(&term.to_lowercase()))
            .collect();
        start_index.push_str(&in_start.join("\t"));
        start_index.push('\n');
    }
    std::fs::write(out.join("reference-index.txt"), index).expect("write reference-index.txt");
    std::fs::write(out.join("reference-index-start.txt"), start_index)
        .expect("write reference-index-start.txt");
}

/// Every string in `value` (object keys too), each followed by a line break.
fn collect_strings(value: &Value, text: &mut String) {
    match value {
        Value::String(s) => {
            text.push_str(s);
            text.push('\n');
        }
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, text)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            text.push_str(k);
            text.push('\n');
            collect_strings(v, text);
        }),
        _ => {}
    }
}
