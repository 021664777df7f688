use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::simulator::Simulator;
use crate::components::Shared;
use crate::modes::builder::preview::CHOICES;
use crate::modes::investigate::choice::View;
use crate::modes::investigate::view::InvestigateView;
use crate::modes::packs::scenario_play;
use crate::progress::store::recorder;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub scenario: Shared<Value>,
    /// The id its results are recorded under (namespaced, so an imported or draft scenario
    /// never marks a built-in one solved).
    pub progress_id: AttrValue,
    /// The view it plays in: the full evidence, or Investigate (the learner's probes).
    pub view: View,
    /// The other view was chosen (it starts the scenario again).
    pub on_view: Callback<View>,
    pub on_back: Callback<()>,
}

/// Plays one scenario of an imported pack or of the builder's draft, like a built-in one, in
/// either view; the switch between them stays above it.
#[function_component(ScenarioPlayer)]
pub fn scenario_player(props: &Props) -> Html {
    let built = use_memo(props.scenario.clone(), |s| {
        scenario_play::puzzle(s).map(|p| Shared(Rc::new(p)))
    });
    // The probes' world: the scenario's run, "Ask the reporter" answering in the author's words.
    let opened = use_memo((props.scenario.clone(), props.view), |(s, view)| {
        (*view == View::Investigate).then(|| {
            scenario_play::probe_source(s)
                .and_then(|source| source.open(scenario_play::difficulty(s)))
                .map(|inv| Shared(Rc::new(inv)))
        })
    });
    // The preview starts at its top, with focus on its title (the builder's button is gone).
    use_effect_with((), |_| {
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
            if let Some(title) = window
                .document()
                .and_then(|d| d.get_element_by_id("preview-title"))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = title.focus();
            }
        }
    });
    let info = scenario_play::info(&props.scenario, 0);
    let back = {
        let on_back = props.on_back.clone();
        Callback::from(move |_: MouseEvent| on_back.emit(()))
    };
    let options = CHOICES.iter().map(|&(v, label)| {
        let on_view = props.on_view.clone();
        let chosen = props.view == v;
        html! {
            <button type="button" class={classes!("button", "view-option", chosen.then_some("primary"))}
                aria-pressed={chosen.to_string()} data-view={v.id()}
                onclick={Callback::from(move |_| if !chosen { on_view.emit(v) })}>{ label }</button>
        }
    });
    let cannot = |e: &str| {
        html! {
            <main id="main" class="page modes-page">
                <p class="panel field-problem" role="alert">
                    { format!("This scenario cannot be played yet: {e}") }
                </p>
            </main>
        }
    };
    let body = match (&*built, &*opened) {
        (Err(e), _) => cannot(e),
        (Ok(_), Some(Err(e))) => cannot(&format!("Investigate cannot open it ({e})")),
        (Ok(puzzle), Some(Ok(inv))) => html! {
            <InvestigateView key="investigate" puzzle={puzzle.clone()} investigation={inv.clone()}
                on_finished={recorder()} progress_id={props.progress_id.clone()} tags={info.tags.clone()}
                attach={info.attach.clone()} />
        },
        (Ok(puzzle), None) => html! {
            <Simulator on_finished={recorder()} key="evidence" puzzle={puzzle.clone()}
                progress_id={props.progress_id.clone()} tags={info.tags.clone()}
                attach={info.attach.clone()} />
        },
    };
    html! {
        <>
            <section class="player-bar" aria-label="Preview">
                <button type="button" class="button" onclick={back}>{ "← Back to the builder" }</button>
                <span class="player-title" id="preview-title" tabindex="-1">
                    { "Playing “" }<bdi>{ info.title.clone() }</bdi>{ "”" }
                </span>
            </section>
            <section class="view-switch" aria-label="Puzzle view">
                <span class="muted small">{ "Puzzle view:" }</span>
                { for options }
                <span class="muted small view-note">{ "Switching starts the scenario again." }</span>
            </section>
            { body }
        </>
    }
}
