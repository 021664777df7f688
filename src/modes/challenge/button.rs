use faultline_engine::{Difficulty, RunSpec};
use yew::prelude::*;

use crate::components::Shared;
use crate::dom;
use crate::modes::challenge;
use crate::modes::common::difficulty_select::DifficultySelect;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: Shared<RunSpec>,
}

/// "Challenge someone": an optional story of the sharer's own, then a link to copy. The link
/// carries the puzzle encoded (no plain fault id) and works under any sub-path.
#[function_component(ChallengeButton)]
pub fn challenge_button(props: &Props) -> Html {
    let story = use_state(String::new);
    let difficulty = use_state(|| challenge::DEFAULT_DIFFICULTY);
    let link = use_state(|| None::<String>);
    let status = use_state(String::new);
    let problem = challenge::story_problem(&story);
    let on_story = {
        let (story, link) = (story.clone(), link.clone());
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            story.set(area.value());
            link.set(None);
        })
    };
    let on_difficulty = {
        let (difficulty, link) = (difficulty.clone(), link.clone());
        Callback::from(move |d: Difficulty| {
            difficulty.set(d);
            link.set(None);
        })
    };
    let on_make = {
        let (story, difficulty, link, status, run) = (
            story.clone(),
            difficulty.clone(),
            link.clone(),
            status.clone(),
            props.run.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            if challenge::story_problem(&story).is_some() {
                return;
            }
            let url = challenge::link(&dom::href(), &run, &story, *difficulty);
            status.set(if dom::copy_text(&url) {
                "✓ Link copied to the clipboard.".into()
            } else {
                "Copy the link below.".into()
            });
            link.set(Some(url));
        })
    };
    html! {
        <section class="panel challenge-box" aria-labelledby="challenge-heading">
            <h3 id="challenge-heading">{ "Challenge someone" }</h3>
            <label class="field">
                <span>{ "Your story (optional, shown instead of the report's first line)" }</span>
                <textarea rows="2" value={(*story).clone()} oninput={on_story}
                    placeholder="e.g. Agents in Lisbon say customer lookups fail since 09:00" />
            </label>
            if let Some(problem) = &problem {
                <p class="field-problem" role="alert">{ problem }</p>
            }
            <label class="field">
                <span>{ "Difficulty" }</span>
                <DifficultySelect value={*difficulty} on_change={on_difficulty} />
            </label>
            <button type="button" class="button primary" onclick={on_make} disabled={problem.is_some()}>
                { "Challenge someone" }
            </button>
            <span class="copied" role="status">{ (*status).clone() }</span>
            if let Some(url) = &*link {
                <label class="field">
                    <span>{ "Challenge link" }</span>
                    <input class="mono challenge-link" type="text" readonly=true value={url.clone()}
                        onfocus={Callback::from(|e: FocusEvent| {
                            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                            input.select();
                        })} />
                </label>
            }
        </section>
    }
}
