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
    root
}

/// Polls until `ready` holds, failing the test after five seconds with `what` and what it saw.
/// Never a fixed pause: renders land in later tasks, sooner or later on a loaded machine.
async fn until(what: &str, ready: impl Fn() -> Result<(), String>) {
    let mut last = String::new();
    for _ in 0..500 {
        match ready() {
            Ok(()) => return,
            Err(seen) => last = seen,
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{what} did not happen within five seconds: {last}");
}

/// Polls until `selector` matches inside `root`.
async fn until_present(root: &web_sys::Element, selector: &str) {
    until(&format!("{selector} appearing"), || {
        match root.query_selector(selector).unwrap() {
            Some(_) => Ok(()),
            None => Err("not there".into()),
        }
    })
    .await;
}

/// Polls until exactly `n` elements match `selector` inside `root`.
async fn until_count(root: &web_sys::Element, selector: &str, n: u32) {
    until(&format!("{n} of {selector}"), || {
        match count(root, selector) {
            seen if seen == n => Ok(()),
            seen => Err(format!("{seen} there")),
        }
    })
    .await;
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
    until_count(&root, ".event-list .event", 2).await;
    click(&root, "[aria-label='Step back']");
    until_count(&root, ".event-list .event", 1).await;
    let total = home_puzzle().view.evidence.events.len();
    for _ in 0..total {
        click(&root, "[aria-label='Step forward']");
    }
    until_count(&root, ".event-list .event", total as u32).await;
    // The response shows at the end, and the logs with it.
    until_present(&root, ".inspector-panel .status-line").await;
    until_present(&root, ".log-lines .log").await;
}

#[wasm_bindgen_test]
async fn no_spoiler_before_the_answer_then_wrong_then_right() {
    let puzzle = home_puzzle();
    let root = render_app().await;
    let total = puzzle.view.evidence.events.len();
    for _ in 0..total {
        click(&root, "[aria-label='Step forward']");
    }
    until_count(&root, ".event-list .event", total as u32).await;
    // The last step's response is on screen: everything shown before an answer has rendered.
    until_present(&root, ".inspector-panel .status-line").await;
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
    until_count(&root, ".feedback.wrong", 1).await;
    assert_eq!(
        count(&root, ".root-cause"),
        0,
        "still hidden after a wrong answer"
    );
    click_choice(&root, right);
    until_count(&root, ".feedback.right", 1).await;
    until_count(&root, ".layer-node.root-cause", 1).await;
    assert_eq!(
        root.query_selector(".layer-node.root-cause")
            .unwrap()
            .unwrap()
            .get_attribute("data-layer"),
        Some(puzzle.answer.root_cause_layer.id().to_string())
    );
    until("step 2 opening", || {
        let legend = root
            .query_selector(".question legend")
            .unwrap()
            .and_then(|l| l.text_content())
            .unwrap_or_default();
        if legend.contains("Step 2") {
            Ok(())
        } else {
            Err(format!("the question is {legend:?}"))
        }
    })
    .await;
}

#[wasm_bindgen_test]
async fn hints_solution_and_statement() {
    let puzzle = home_puzzle();
    let root = render_app().await;
    click(&root, ".hints button");
    until_count(&root, ".hint-list li", 1).await;
    let hint = root
        .query_selector(".hint-list li")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(hint, puzzle.view.hints[0]);
    click(&root, ".diagnosis-panel .link-button");
    until_present(&root, ".confirm .danger").await;
    click(&root, ".confirm .danger");
    until_present(&root, ".statement").await;
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
    // The solution was shown and a hint used: nothing scored.
    until("a score of 0", || {
        let score = root
            .query_selector(".score strong")
            .unwrap()
            .and_then(|s| s.text_content());
        match score.as_deref() {
            Some("0") => Ok(()),
            other => Err(format!("the score is {other:?}")),
        }
    })
    .await;
}

#[wasm_bindgen_test]
async fn evidence_terms_open_the_reference_panel() {
    let root = render_app().await;
    for _ in 0..home_puzzle().view.evidence.events.len() {
        click(&root, "[aria-label='Step forward']");
    }
    // The evidence has reference links.
    until_present(&root, ".inspector-panel .ref-link").await;
    click(&root, ".inspector-panel .ref-link");
    // The panel opens on the entry.
    until_present(&root, ".reference-panel .entry h2").await;
    click(&root, ".reference-panel-bar button");
    until_count(&root, ".reference-panel", 0).await;
}
