use yew::prelude::*;

use super::layer_diagram::LayerDiagram;
use super::site_header::SiteHeader;

#[function_component(App)]
pub fn app() -> Html {
    html! {
        <>
            <SiteHeader />
            <main id="main" class="workspace">
                <section class="panel flow-panel" aria-labelledby="flow-heading">
                    <h2 id="flow-heading">{ "One request, layer by layer" }</h2>
                    <p class="lede">{ "A healthy API call crosses every layer below. Break one, then find it from the evidence." }</p>
                    <LayerDiagram />
                </section>
                <section class="panel evidence-panel" aria-labelledby="evidence-heading">
                    <h2 id="evidence-heading">{ "Evidence" }</h2>
                    <p class="placeholder">{ "Status codes, headers, timings and logs appear here as the request plays." }</p>
                </section>
                <section class="panel diagnosis-panel" aria-labelledby="diagnosis-heading">
                    <h2 id="diagnosis-heading">{ "Diagnosis" }</h2>
                    <p class="placeholder">{ "Which layer failed, why, and what to do next." }</p>
                </section>
            </main>
        </>
    }
}
