use yew::prelude::*;

#[function_component(SiteHeader)]
pub fn site_header() -> Html {
    html! {
        <header class="site-header">
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <h1 class="brand">
                <span class="brand-mark" aria-hidden="true">{ "⚡" }</span>
                { "Faultline" }
            </h1>
            <p class="tagline">{ "Find the failing layer of an API request." }</p>
        </header>
    }
}
