use faultline_engine::Evidence;
use yew::prelude::*;

use super::Shared;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub evidence: Shared<Evidence>,
    pub seed: u64,
    pub finished: bool,
    /// Set when the puzzle is not the generated one for its seed (start page, packs, challenge
    /// links): a seed link would open a different puzzle, so none is shown.
    #[prop_or_default]
    pub home: bool,
}

/// The report as a user would give it, and the invitation to find what breaks.
#[function_component(StoryCard)]
pub fn story_card(props: &Props) -> Html {
    let story = &props.evidence.story;
    html! {
        <section class="panel story-panel" aria-labelledby="story-heading">
            <h2 id="story-heading">{ "The report" }</h2>
            <dl class="story">
                <div><dt>{ "Who" }</dt><dd><bdi>{ &story.context }</bdi></dd></div>
                if !story.since.trim().is_empty() {
                    <div><dt>{ "Since" }</dt><dd><bdi>{ &story.since }</bdi></dd></div>
                }
                <div><dt>{ "Expected" }</dt><dd><bdi>{ &story.expected }</bdi></dd></div>
                <div><dt>{ "Actual" }</dt><dd><bdi>{ &story.actual }</bdi></dd></div>
                if props.finished {
                    <div><dt>{ "Outcome" }</dt><dd class="mono">{ &props.evidence.outcome }</dd></div>
                }
            </dl>
            // Folded once the request has played, so the diagnosis below is in view on a laptop;
            // one click opens it again.
            <details class="client-action-box" open={!props.finished}>
                <summary>{ "What was run" }</summary>
                <pre class="mono client-action" aria-label="What was run">{ &props.evidence.client.action }</pre>
            </details>
            if !props.home {
                <p class="muted small">
                    { format!("Puzzle seed {} · ", props.seed) }
                    <a href={format!("#/puzzle/{}", props.seed)}>{ "link to this puzzle" }</a>
                </p>
            }
        </section>
    }
}
