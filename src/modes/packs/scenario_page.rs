use std::rc::Rc;

use yew::prelude::*;

use crate::components::simulator::{Drive, Simulator};
use crate::components::Shared;
use crate::modes::packs;
use crate::modes::packs::catalog;
use crate::modes::packs::pack_data;
use crate::modes::packs::scenario_play;
use crate::modes::tour::guide::TourGuide;
use crate::progress::store::recorder;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Ids from `#/packs/<pack-id>/<scenario-id>` (still percent-encoded).
    pub pack_id: AttrValue,
    pub scenario_id: AttrValue,
    /// Runs the guided tour over this scenario.
    #[prop_or_default]
    pub tour: bool,
}

/// `#/packs/<pack>/<scenario>`: one scenario in the simulator with the author's story, hints and
/// explanations (see `scenario_play`), where it sits in its pack, and a link to the next one.
#[function_component(PackScenarioPage)]
pub fn pack_scenario_page(props: &Props) -> Html {
    // The tour plays the request when its steps need the evidence (see `tour::Step::needs_run`).
    let drive = use_state(|| Drive::Nothing);
    let pack_id = catalog::unescape(&props.pack_id);
    let scenario_id = catalog::unescape(&props.scenario_id);
    let found = use_memo((pack_id.clone(), scenario_id.clone()), |(p, s)| {
        let (pack, _) = pack_data::find(p)?;
        let (index, scenario) = catalog::find_scenario(&pack, s)?;
        let info = scenario_play::info(scenario, index);
        let puzzle = scenario_play::puzzle(scenario).map(|p| Shared(Rc::new(p)));
        let next = catalog::next_scenario(&pack, s);
        Some((
            packs::pack_title(&pack),
            index,
            packs::scenarios(&pack).len(),
            info,
            puzzle,
            next,
        ))
    });
    let Some((pack_title, index, count, info, puzzle, next)) = &*found else {
        return html! {
            <main id="main" class="page modes-page">
                <section class="panel" role="alert">
                    <h2>{ "There is no such scenario" }</h2>
                    <p>{ "The pack “" }<bdi>{ pack_id.clone() }</bdi>{ "” has no scenario “" }<bdi>{ scenario_id.clone() }</bdi>{ "”." }</p>
                    <p class="actions">
                        <a class="button primary" href={catalog::pack_href(&pack_id)}>{ "Open the pack" }</a>
                        <a class="button" href="#/packs">{ "All puzzle packs" }</a>
                    </p>
                </section>
            </main>
        };
    };
    let next_link = match next {
        Some(n) => {
            html! { <a class="button primary" href={catalog::scenario_href(&pack_id, n)}>{ "Next scenario →" }</a> }
        }
        None => {
            html! { <a class="button" href={catalog::pack_href(&pack_id)}>{ "Back to the pack" }</a> }
        }
    };
    html! {
        <>
            <section class="player-bar scenario-bar" aria-label="Scenario">
                <nav class="crumbs small" aria-label="Breadcrumb">
                    <a href="#/packs">{ "Puzzle packs" }</a><span aria-hidden="true">{ " › " }</span>
                    <a href={catalog::pack_href(&pack_id)}><bdi>{ pack_title }</bdi></a><span aria-hidden="true">{ " › " }</span>
                    <span aria-current="page">{ format!("{} of {count}", index + 1) }</span>
                </nav>
                <p class="player-title">
                    <strong><bdi>{ &info.title }</bdi></strong>
                    <span class={classes!("difficulty", "small", info.difficulty.clone())}>{ &info.difficulty }</span>
                </p>
                { next_link }
            </section>
            {
                match puzzle {
                    Ok(puzzle) => html! {
                        <Simulator on_finished={recorder()} key={info.id.clone()} puzzle={puzzle.clone()}
                            progress_id={AttrValue::from(catalog::progress_id(&pack_id, &info.id))} tags={info.tags.clone()}
                            next_href={AttrValue::from(match next {
                                Some(n) => catalog::scenario_href(&pack_id, n),
                                None => catalog::pack_href(&pack_id),
                            })}
                            attach={info.attach.clone()} drive={*drive} />
                    },
                    Err(e) => html! {
                        <main id="main" class="page modes-page">
                            <p class="panel field-problem" role="alert">
                                { format!("This scenario cannot be played: {e}") }
                            </p>
                        </main>
                    },
                }
            }
            if props.tour { <TourGuide on_drive={{ let drive = drive.clone(); Callback::from(move |d: Drive| drive.set(d)) }} /> }
        </>
    }
}
