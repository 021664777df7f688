//! The trainer's kit in a worksheet's answer key: the objective, a "why not" line for each
//! tempting wrong answer, and the debrief line. Printed on the key's pages only.

use faultline_engine::pack::TrainerKit;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub kit: TrainerKit,
}

#[function_component(KeyKit)]
pub fn key_kit(props: &Props) -> Html {
    let k = &props.kit;
    html! {
        <div class="key-kit">
            <p><strong>{ "Objective: " }</strong><bdi>{ k.objective.clone() }</bdi></p>
            <ul class="why-not">
                { for k.wrong_answers.iter().map(|w| html! {
                    <li><strong>{ "Why not “" }<bdi>{ w.answer.clone() }</bdi>{ "”? " }</strong><bdi>{ w.why_not.clone() }</bdi></li>
                }) }
            </ul>
            <p><strong>{ "Debrief: " }</strong><bdi>{ k.debrief.clone() }</bdi></p>
        </div>
    }
}
