use yew::prelude::*;

use crate::logic::route::Route;

/// Any address that is not a page: says so and offers a way on (a random puzzle, the start page).
#[function_component(NotFound)]
pub fn not_found() -> Html {
    let random = use_state(|| (js_sys::Math::random() * 1_000_000.0) as u64);
    html! {
        <main id="main" class="page coming">
            <section class="panel">
                <h2>{ "Not found" }</h2>
                <p>{ "There is no page at this address." }</p>
                <p class="actions">
                    <a class="button primary" href={Route::Puzzle(*random).href()}>{ "Play a random puzzle" }</a>
                    <a class="button" href="#/">{ "Back to the simulator" }</a>
                </p>
            </section>
        </main>
    }
}
