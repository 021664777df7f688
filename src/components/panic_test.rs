use yew::prelude::*;

use crate::storage::{self, BUILDER_DRAFT_KEY};

/// `#/__test/panic` (and `#/?__test=panic` on the start page): exists for the end-to-end tests of
/// the panic panel and of crash recovery (tests/e2e/crash.test.mjs). It reads the stored builder
/// draft the way a page reads its data, and fails on purpose when there is one; once recovery
/// has kept the draft aside, it opens normally. Harmless: it changes nothing stored.
#[function_component(PanicTest)]
pub fn panic_test() -> Html {
    if let Ok(Some(draft)) = storage::read(BUILDER_DRAFT_KEY) {
        panic!(
            "deliberate failure for the tests: a builder draft of {} characters is stored",
            draft.chars().count()
        );
    }
    html! {
        <main id="main" class="page">
            <section class="panel">
                <h2>{ "Test page" }</h2>
                <p>{ "This page exists for Faultline's own tests. It works normally now: no builder draft is stored." }</p>
                <p class="actions"><a class="button primary" href="#/">{ "Go to the simulator" }</a></p>
            </section>
        </main>
    }
}
