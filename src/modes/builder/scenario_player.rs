use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use crate::components::simulator::Simulator;
use crate::components::Shared;
use crate::modes::packs::scenario_play;
use crate::progress::store::recorder;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Value>,
    /// The id its results are recorded under (namespaced, so an imported or draft scenario
    /// never marks a built-in one solved).
    pub progress_id: AttrValue,
    pub on_back: Callback<()>,
}

/// Plays one scenario of an imported pack or of the builder's draft, like a built-in one.
#[function_component(ScenarioPlayer)]
pub fn scenario_player(props: &Props) -> Html {
    let built = use_memo(props.scenario.clone(), |s| {
        scenario_play::puzzle(s).map(|p| Shared(Rc::new(p)))
    });
    let info = scenario_play::info(&props.scenario, 0);
    let back = {
        let on_back = props.on_back.clone();
        Callback::from(move |_: MouseEvent| on_back.emit(()))
    };
    html! {
        <>
            <p class="player-bar">
                <button type="button" class="button" onclick={back}>{ "← Back to the builder" }</button>
                <span class="player-title">{ "Playing “" }<bdi>{ info.title.clone() }</bdi>{ "”" }</span>
            </p>
            {
                match &*built {
                    Ok(puzzle) => html! {
                        <Simulator on_finished={recorder()} key={info.id.clone()} puzzle={puzzle.clone()}
                            progress_id={props.progress_id.clone()} tags={info.tags.clone()}
                            attach={info.attach.clone()} />
                    },
                    Err(e) => html! {
                        <main id="main" class="page modes-page">
                            <p class="panel field-problem" role="alert">
                                { format!("This scenario cannot be played yet: {e}") }
                            </p>
                        </main>
                    },
                }
            }
        </>
    }
}
