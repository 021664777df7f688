use yew::prelude::*;

use crate::logic::route::Route;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub route: Route,
}

fn describe(route: &Route) -> (&'static str, &'static str) {
    match route {
        Route::Packs => ("Puzzle packs", "Hand-written scenarios grouped by topic: REST, status codes, OAuth, TLS, DNS, gateways, webhooks, CRM and mixed incidents."),
        Route::Endless => ("Endless", "Generated puzzles by seed, with difficulty and topic filters. Until the filters land, a random seed is one click away."),
        Route::Sandbox => ("Break-it sandbox", "Pick a layer, break it, and compare the healthy and broken runs side by side."),
        Route::Classroom => ("Classroom", "A presenter view for a projector with answers hidden until you reveal them, and printable worksheets."),
        Route::Builder => ("Scenario builder", "Write your own scenarios and packs with the live trace beside the form."),
        Route::Progress => ("Progress", "Your best result per scenario, mastery per topic and streaks, stored in this browser."),
        _ => ("Not found", "There is no page at this address."),
    }
}

/// Placeholder for modes that are not built yet; the route exists so links keep working.
#[function_component(ComingSoon)]
pub fn coming_soon(props: &Props) -> Html {
    let (title, text) = describe(&props.route);
    let not_found = matches!(props.route, Route::NotFound(_));
    let random = use_state(|| (js_sys::Math::random() * 1_000_000.0) as u64);
    html! {
        <main id="main" class="page coming">
            <section class="panel">
                <h2>{ title }</h2>
                <p>{ text }</p>
                if !not_found {
                    <p class="muted">{ "Coming soon." }</p>
                }
                <p class="actions">
                    <a class="button primary" href={Route::Puzzle(*random).href()}>{ "Play a random puzzle" }</a>
                    <a class="button" href="#/">{ "Back to the simulator" }</a>
                </p>
            </section>
        </main>
    }
}
