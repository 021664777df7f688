//! Component tests, run in headless Chromium by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use faultline::components::app::App;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn render_app() -> web_sys::Element {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    // Let the scheduler run the first render.
    yew::platform::time::sleep(Duration::from_millis(10)).await;
    root
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
async fn shell_shows_brand_diagram_and_regions() {
    let root = render_app().await;
    let heading = root.query_selector("h1").unwrap().expect("a main heading");
    assert!(heading.text_content().unwrap().contains("Faultline"));
    let nodes = root
        .query_selector_all(".layer-diagram [data-layer]")
        .unwrap();
    assert_eq!(
        nodes.length(),
        8,
        "one node per layer of a healthy api-call"
    );
    for region in ["#evidence-heading", "#diagnosis-heading"] {
        assert!(
            root.query_selector(region).unwrap().is_some(),
            "{region} present"
        );
    }
}
