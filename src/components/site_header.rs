use yew::prelude::*;

use crate::logic::route::{Route, MODES};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub route: Route,
}

/// On the classroom's projector screens (`Route::is_stage`) the header is not shown: the presenter
/// is a stage, with its own bar back. (Hidden, not removed: Yew cannot re-insert a node at the
/// front of the app's list when the route changes back.)
#[function_component(SiteHeader)]
pub fn site_header(props: &Props) -> Html {
    let current = props.route.href();
    let modes = MODES.iter().map(|(href, label)| {
        let active = current.starts_with(href);
        html! {
            <li><a href={*href} aria-current={active.then_some("page")}>{ *label }</a></li>
        }
    });
    let skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        super::focus::skip_to_main();
    });
    html! {
        <header class={classes!("site-header", props.route.is_stage().then_some("on-stage"))}>
            <a class="skip-link" href="#main" onclick={skip}>{ "Skip to content" }</a>
            <h1 class="brand">
                <a href="#/">
                    <span class="brand-mark" aria-hidden="true">{ "⚡" }</span>
                    { "Faultline" }
                </a>
            </h1>
            <p class="tagline">{ "Find the failing layer of an API request." }</p>
            <nav class="modes" aria-label="Modes">
                <ul>{ for modes }<li><a class="tour-link" href="#/tour" aria-current={(current == "#/tour").then_some("page")}>{ "Tour" }</a></li></ul>
            </nav>
        </header>
    }
}
