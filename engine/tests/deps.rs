//! The engine must stay UI-free so it can run in tests, the CLI and wasm alike.

#[test]
fn engine_has_no_browser_or_ui_dependencies() {
    let toml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    for banned in [
        "yew",
        "web-sys",
        "web_sys",
        "gloo",
        "wasm-bindgen",
        "wasm_bindgen",
        "js-sys",
        "js_sys",
        "rand",
        "regex",
    ] {
        let hit = toml.lines().any(|l| {
            let name = l.split('=').next().unwrap_or("").trim().trim_matches('"');
            name == banned || name.starts_with(&format!("{banned}-")) && banned != "rand"
        });
        assert!(!hit, "engine/Cargo.toml must not depend on {banned}");
    }
}
