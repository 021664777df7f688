use faultline_engine::Difficulty;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::logic::endless::{difficulty_id, difficulty_note, DIFFICULTIES};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub value: Difficulty,
    pub on_change: Callback<Difficulty>,
}

/// The three difficulties, each with what it means; the caller wraps it in its `<label>`.
#[function_component(DifficultySelect)]
pub fn difficulty_select(props: &Props) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(d) = Difficulty::parse(&value) {
                on_change.emit(d);
            }
        })
    };
    html! {
        <select {onchange}>
            { for DIFFICULTIES.iter().map(|d| html! {
                <option value={difficulty_id(*d)} selected={*d == props.value}>
                    { format!("{} — {}", difficulty_id(*d), difficulty_note(*d)) }
                </option>
            }) }
        </select>
    }
}
