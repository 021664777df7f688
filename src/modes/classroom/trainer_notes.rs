//! The trainer's kit for the scenario on the projector (`trainer` in its pack): objective, the
//! wrong answers the room is likely to give (why they are tempting, why they are wrong), a
//! discussion prompt and the debrief line. A section of the presenter's private notes: rendered
//! on the laptop only, never on the audience window or a student's phone.

use faultline_engine::pack::TrainerKit;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub kit: TrainerKit,
}

#[function_component(TrainerNotes)]
pub fn trainer_notes(props: &Props) -> Html {
    let k = &props.kit;
    html! {
        <section class="trainer-kit" aria-labelledby="kit-heading">
            <h4 id="kit-heading">{ "Trainer's kit" }</h4>
            <p><strong>{ "Objective: " }</strong><bdi>{ k.objective.clone() }</bdi></p>
            <h5>{ "Likely wrong answers" }</h5>
            <ul class="kit-wrong">
                { for k.wrong_answers.iter().map(|w| html! {
                    <li>
                        <strong><bdi>{ w.answer.clone() }</bdi></strong>
                        <p><span class="muted">{ "Why they say it: " }</span><bdi>{ w.why.clone() }</bdi></p>
                        <p><span class="muted">{ "Why not: " }</span><bdi>{ w.why_not.clone() }</bdi></p>
                    </li>
                }) }
            </ul>
            <p><strong>{ "Ask the room: " }</strong><bdi>{ k.discussion.clone() }</bdi></p>
            <p><strong>{ "Debrief: " }</strong><bdi>{ k.debrief.clone() }</bdi></p>
        </section>
    }
}
