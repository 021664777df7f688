use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::logic::{packs, scenario_play};
use crate::components::Shared;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub packs: Shared<Vec<Value>>,
    pub on_play: Callback<Shared<Value>>,
    /// Adds the pack's scenarios to the builder's draft.
    pub on_edit: Callback<usize>,
    pub on_delete: Callback<usize>,
}

/// Imported packs, kept in this browser: play any scenario, copy a pack into the builder, delete.
#[function_component(ImportedPacks)]
pub fn imported_packs(props: &Props) -> Html {
    if props.packs.is_empty() {
        return html! { <p class="muted">{ "No imported packs yet." }</p> };
    }
    let items = props.packs.iter().enumerate().map(|(i, pack)| {
        let problems = packs::check(pack).len();
        let scenarios = packs::scenarios(pack).iter().enumerate().map(|(n, s)| {
            let info = scenario_play::info(s, n);
            let on_play = props.on_play.clone();
            let scenario = Shared(Rc::new(s.clone()));
            html! {
                <li>
                    <span>{ info.title.clone() }</span>
                    <span class="muted small">{ format!(" · {}", info.difficulty) }</span>
                    { " " }
                    <button type="button" class="button small" aria-label={format!("Play {}", info.title)}
                        onclick={Callback::from(move |_| on_play.emit(scenario.clone()))}>{ "Play" }</button>
                </li>
            }
        });
        let (on_edit, on_delete) = (props.on_edit.clone(), props.on_delete.clone());
        html! {
            <li class="imported-pack">
                <h4>{ packs::pack_title(pack) }<span class="muted small mono">{ format!(" {}", packs::pack_id(pack)) }</span></h4>
                if problems > 0 {
                    <p class="small warn-text">{ format!("⚠ {problems} problem(s): scenarios with problems may not play.") }</p>
                }
                <ol class="scenario-list">{ for scenarios }</ol>
                <p class="actions">
                    <button type="button" class="button small" onclick={Callback::from(move |_| on_edit.emit(i))}>{ "Copy into the builder" }</button>
                    <button type="button" class="button small" onclick={Callback::from(move |_| on_delete.emit(i))}>{ "Delete" }</button>
                </p>
            </li>
        }
    });
    html! { <ul class="imported-packs">{ for items }</ul> }
}
