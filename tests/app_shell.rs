//! Component tests, run in headless Chromium by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use faultline::logic::route::home_puzzle;
use faultline::shell::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn render_app() -> web_sys::Element {
    let document = gloo_document();
    let _ = web_sys::window().unwrap().location().set_hash("#/");
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    // What the app fetches (reference-<hash>.json) when an entry is opened, installed up front:
    // the test runner serves no such file.
    faultline::logic::reference::install(faultline::logic::reference::Reference::parse(
        include_str!("../assets/reference/reference.json"),
    ));
    yew::Renderer::<App>::with_root(root.clone()).render();
    // The simulator renders its panels over several tasks; a loaded machine needs longer than any
    // fixed pause, so wait for the last one (the logs) to be there.
    until_present(&root, "#logs-heading").await;
    settle().await;
    root
}

/// Polls until `selector` matches inside `root`, failing the test after five seconds.
async fn until_present(root: &web_sys::Element, selector: &str) {
    for _ in 0..500 {
        if root.query_selector(selector).unwrap().is_some() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{selector} did not appear within five seconds");
}

/// Lets the scheduler run the renders a click queued (they run before any timer fires).
async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(60)).await;
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn click(root: &web_sys::Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} present"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// The n-th (0-based) choice button of the open question.
fn click_choice(root: &web_sys::Element, n: usize) {
    let choices = root.query_selector_all(".question .choice").unwrap();
    choices
        .item(n as u32)
        .expect("choice exists")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn shell_shows_brand_diagram_modes_and_regions() {
    let root = render_app().await;
    let heading = root.query_selector("h1").unwrap().expect("a main heading");
    assert!(heading.text_content().unwrap().contains("Faultline"));
    let layers = home_puzzle().view.evidence.layers.len() as u32;
    assert_eq!(
        count(&root, ".flow-diagram [data-layer]"),
        layers,
        "one node per layer of the flow"
    );
    for region in [
        "#events-heading",
        "#inspector-heading",
        "#diagnosis-heading",
        "#logs-heading",
    ] {
        assert!(
            root.query_selector(region).unwrap().is_some(),
            "{region} present"
        );
    }
    let nav = root
        .query_selector(".modes")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    for mode in [
        "Puzzle packs",
        "Endless",
        "Sandbox",
        "Classroom",
        "Builder",
        "Progress",
        "Reference",
    ] {
        assert!(nav.contains(mode), "{mode} entry point");
    }
}

#[wasm_bindgen_test]
async fn stepping_reveals_events_and_the_exchange() {
    let root = render_app().await;
    assert_eq!(count(&root, ".event-list .event"), 0, "nothing before play");
    click(&root, "[aria-label='Step forward']");
    click(&root, "[aria-label='Step forward']");
    settle().await;
    assert_eq!(count(&root, ".event-list .event"), 2);
    click(&root, "[aria-label='Step back']");
    settle().await;
    assert_eq!(count(&root, ".event-list .event"), 1);
    let total = home_puzzle().view.evidence.events.len();
    for _ in 0..total {
        click(&root, "[aria-label='Step forward']");
    }
    settle().await;
    assert_eq!(count(&root, ".event-list .event"), total as u32);
    assert!(
        count(&root, ".inspector-panel .status-line") > 0,
        "the response shows at the end"
    );
    assert!(count(&root, ".log-lines .log") > 0, "logs show");
}

#[wasm_bindgen_test]
async fn no_spoiler_before_the_answer_then_wrong_then_right() {
    let puzzle = home_puzzle();
    let root = render_app().await;
    let total = puzzle.view.evidence.events.len();
    for _ in 0..total {
        click(&root, "[aria-label='Step forward']");
    }
    settle().await;
    let html = root.outer_html();
    assert!(
        !html.contains(&puzzle.answer.fault_id),
        "fault id absent before the answer"
    );
    assert!(
        !html.contains(&puzzle.answer.fault_title),
        "fault title absent before the answer"
    );
    assert_eq!(
        count(&root, ".root-cause"),
        0,
        "no root-cause marker before the answer"
    );
    assert_eq!(
        count(&root, ".failing-hop"),
        0,
        "no failing hop before the answer"
    );

    let key = &puzzle.key[0];
    let choices = &puzzle.view.questions[0].choices;
    let right = choices.iter().position(|c| c.id == key.correct).unwrap();
    let wrong = (right + 1) % choices.len();
    click_choice(&root, wrong);
    settle().await;
    assert_eq!(count(&root, ".feedback.wrong"), 1, "wrong answer explained");
    assert_eq!(
        count(&root, ".root-cause"),
        0,
        "still hidden after a wrong answer"
    );
    click_choice(&root, right);
    settle().await;
    assert_eq!(count(&root, ".feedback.right"), 1);
    assert_eq!(
        count(&root, ".layer-node.root-cause"),
        1,
        "root cause revealed"
    );
    assert_eq!(
        root.query_selector(".layer-node.root-cause")
            .unwrap()
            .unwrap()
            .get_attribute("data-layer"),
        Some(puzzle.answer.root_cause_layer.id().to_string())
    );
    let legend = root
        .query_selector(".question legend")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(legend.contains("Step 2"), "step 2 opens: {legend}");
}

#[wasm_bindgen_test]
async fn hints_solution_and_statement() {
    let puzzle = home_puzzle();
    let root = render_app().await;
    click(&root, ".hints button");
    settle().await;
    assert_eq!(count(&root, ".hint-list li"), 1);
    let hint = root
        .query_selector(".hint-list li")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(hint, puzzle.view.hints[0]);
    click(&root, ".diagnosis-panel .link-button");
    settle().await;
    click(&root, ".confirm .danger");
    settle().await;
    let statement = root
        .query_selector(".statement")
        .unwrap()
        .expect("statement")
        .text_content()
        .unwrap();
    assert!(
        statement.contains(&puzzle.view.evidence.correlation),
        "{statement}"
    );
    let score = root
        .query_selector(".score strong")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(score, "0", "solution shown and a hint used");
}

#[wasm_bindgen_test]
async fn evidence_terms_open_the_reference_panel() {
    let root = render_app().await;
    for _ in 0..home_puzzle().view.evidence.events.len() {
        click(&root, "[aria-label='Step forward']");
    }
    settle().await;
    assert!(
        count(&root, ".ref-link") > 0,
        "evidence has reference links"
    );
    click(&root, ".inspector-panel .ref-link");
    settle().await;
    let panel = root
        .query_selector(".reference-panel")
        .unwrap()
        .expect("panel opens");
    assert!(panel.query_selector(".entry h2").unwrap().is_some());
    click(&root, ".reference-panel-bar button");
    settle().await;
    assert_eq!(count(&root, ".reference-panel"), 0, "panel closes");
}
