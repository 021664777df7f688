use faultline_engine::Evidence;
use yew::prelude::*;

use super::linked_text::LinkedText;
use super::Shared;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
}

/// Supporting material a support engineer could pull up (decoded token, certificate, config),
/// verbatim and collapsed until asked for.
#[function_component(ArtifactList)]
pub fn artifact_list(props: &Props) -> Html {
    let artifacts = &props.evidence.artifacts;
    if artifacts.is_empty() {
        return html! {};
    }
    html! {
        <section class="panel artifacts-panel" aria-labelledby="artifacts-heading">
            <h2 id="artifacts-heading">{ "Artifacts" }</h2>
            { for artifacts.iter().map(|a| html! {
                <details class="artifact">
                    <summary>{ &a.title }</summary>
                    <pre class="mono"><LinkedText text={AttrValue::from(a.body.clone())} /></pre>
                </details>
            }) }
        </section>
    }
}
