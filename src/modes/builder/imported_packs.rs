use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::components::Shared;
use crate::modes::packs;
use crate::modes::packs::catalog;
use crate::modes::packs::scenario_play;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// As stored (ids not namespaced).
    pub packs: Shared<Vec<Value>>,
    /// (the pack's stored id, the scenario).
    pub on_play: Callback<(String, Shared<Value>)>,
    /// Adds the pack's scenarios to the builder's draft; each gets the pack's stored id.
    pub on_edit: Callback<String>,
    pub on_delete: Callback<String>,
}

/// Imported packs, kept in this browser: play any scenario, copy a pack into the builder, delete.
#[function_component(ImportedPacks)]
pub fn imported_packs(props: &Props) -> Html {
    if props.packs.is_empty() {
        return html! { <p class="muted">{ "No imported packs yet." }</p> };
    }
    let items = props.packs.iter().map(|pack| {
        let problems = packs::check(pack).len();
        let id = packs::pack_id(pack);
        let route_id = packs::imported_route_id(pack);
        let scenarios = packs::scenarios(pack).iter().enumerate().map(|(n, s)| {
            let info = scenario_play::info(s, n);
            let on_play = props.on_play.clone();
            let scenario = (id.clone(), Shared(Rc::new(s.clone())));
            html! {
                <li>
                    <span><bdi>{ info.title.clone() }</bdi></span>
                    <span class="muted small">{ format!(" · {}", info.difficulty) }</span>
                    { " " }
                    <button type="button" class="button small" aria-label={format!("Play {}", info.title)}
                        onclick={Callback::from(move |_| on_play.emit(scenario.clone()))}>{ "Play" }</button>
                </li>
            }
        });
        let (on_edit, on_delete) = (props.on_edit.clone(), props.on_delete.clone());
        let (edit_id, delete_id) = (id.clone(), id.clone());
        html! {
            <li class="imported-pack" key={id.clone()}>
                <h3><bdi>{ packs::pack_title(pack) }</bdi><span class="muted small mono">{ format!(" {route_id}") }</span></h3>
                if problems > 0 {
                    <p class="small warn-text">{ format!("⚠ {problems} problem(s): scenarios with problems may not play.") }</p>
                }
                <ol class="scenario-list">{ for scenarios }</ol>
                <p class="actions">
                    <a class="button small" href={catalog::pack_href(&route_id)}>{ "Open in Puzzle packs" }</a>
                    <button type="button" class="button small" onclick={Callback::from(move |_| on_edit.emit(edit_id.clone()))}>{ "Copy into the builder" }</button>
                    <button type="button" class="button small" onclick={Callback::from(move |_| on_delete.emit(delete_id.clone()))}>{ "Delete" }</button>
                </p>
            </li>
        }
    });
    html! { <ul class="imported-packs">{ for items }</ul> }
}
