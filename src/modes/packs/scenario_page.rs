use std::rc::Rc;

use yew::prelude::*;

use crate::components::deferred::use_deferred;
use crate::components::focus;
use crate::components::simulator::Drive;
use crate::components::{measured, Shared};
use crate::modes::investigate::player::PuzzlePlayer;
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
    /// Played as a step of a learning path: the path's crumbs and next step replace the pack's.
    #[prop_or_default]
    pub in_path: Option<InPath>,
}

/// Where a scenario played on a learning path sits in it.
#[derive(Clone, Debug, PartialEq)]
pub struct InPath {
    pub path_id: String,
    pub title: String,
    /// From 1.
    pub number: u32,
    pub count: u32,
    /// The next step, or the path's page after the last.
    pub next_href: String,
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
        let next = catalog::next_scenario(&pack, s);
        Some((
            packs::pack_title(&pack),
            index,
            packs::scenarios(&pack).len(),
            info,
            Rc::new(scenario.clone()),
            next,
        ))
    });
    // Simulating the scenario is the heavy part of opening it: it runs in a task of its own, after
    // the bar above has been painted, and the player renders in the next one.
    let scenario = (*found).as_ref().map(|f| f.4.clone());
    let puzzle = use_deferred(
        (pack_id.clone(), scenario_id.clone(), scenario.map(Shared)),
        |(_, _, scenario)| {
            let scenario = scenario.as_ref()?;
            Some(measured("faultline:engine:puzzle", || {
                scenario_play::puzzle(scenario)
                    .and_then(|p| Ok((Shared(Rc::new(p)), scenario_play::probe_source(scenario)?)))
            }))
        },
    );
    focus::use_focus_handover(puzzle.is_some());
    let Some((pack_title, index, count, info, _, next)) = &*found else {
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
    let next_link = match (&props.in_path, next) {
        (Some(p), _) if p.number < p.count => {
            html! { <a class="button primary" href={p.next_href.clone()}>{ "Next step →" }</a> }
        }
        (Some(p), _) => {
            html! { <a class="button" href={p.next_href.clone()}>{ "Back to the path" }</a> }
        }
        (None, next) => match next {
            Some(n) => {
                html! { <a class="button primary" href={catalog::scenario_href(&pack_id, n)}>{ "Next scenario →" }</a> }
            }
            None => {
                html! { <a class="button" href={catalog::pack_href(&pack_id)}>{ "Back to the pack" }</a> }
            }
        },
    };
    // On a path the pack is not named: it would give the step's layer away.
    let crumbs = match &props.in_path {
        Some(p) => html! {
            <nav class="crumbs small" aria-label="Breadcrumb">
                <a href="#/packs">{ "Puzzle packs" }</a><span aria-hidden="true">{ " › " }</span>
                <a href={super::paths::path_href(&p.path_id)}><bdi>{ &p.title }</bdi></a><span aria-hidden="true">{ " › " }</span>
                <span aria-current="page">{ format!("Step {} of {}", p.number, p.count) }</span>
            </nav>
        },
        None => html! {
            <nav class="crumbs small" aria-label="Breadcrumb">
                <a href="#/packs">{ "Puzzle packs" }</a><span aria-hidden="true">{ " › " }</span>
                <a href={catalog::pack_href(&pack_id)}><bdi>{ pack_title }</bdi></a><span aria-hidden="true">{ " › " }</span>
                <span aria-current="page">{ format!("{} of {count}", index + 1) }</span>
            </nav>
        },
    };
    let finished_href = match (&props.in_path, next) {
        (Some(p), _) => p.next_href.clone(),
        (None, Some(n)) => catalog::scenario_href(&pack_id, n),
        (None, None) => catalog::pack_href(&pack_id),
    };
    html! {
        <>
            <section class="player-bar scenario-bar" aria-label="Scenario">
                { crumbs }
                <p class="player-title">
                    <strong><bdi>{ &info.title }</bdi></strong>
                    <span class={classes!("difficulty", "small", info.difficulty.clone())}>{ &info.difficulty }</span>
                </p>
                { next_link }
            </section>
            {
                match puzzle.as_deref().and_then(Option::as_ref) {
                    None => html! {
                        <main id="main" class="page modes-page" aria-busy="true">
                            <p class="panel loading-note" role="status">{ "Opening the scenario…" }</p>
                        </main>
                    },
                    Some(Ok((puzzle, source))) => html! {
                        <PuzzlePlayer on_finished={recorder()} key={info.id.clone()} puzzle={puzzle.clone()}
                            source={source.clone()}
                            progress_id={AttrValue::from(catalog::progress_id(&pack_id, &info.id))} tags={info.tags.clone()}
                            next_href={AttrValue::from(finished_href.clone())}
                            attach={info.attach.clone()} drive={*drive} tour={props.tour} />
                    },
                    Some(Err(e)) => html! {
                        <main id="main" class="page modes-page">
                            <p class="panel field-problem" role="alert">
                                { format!("This scenario cannot be played: {e}") }
                            </p>
                        </main>
                    },
                }
            }
            if props.tour && puzzle.is_some() { <TourGuide on_drive={{ let drive = drive.clone(); Callback::from(move |d: Drive| drive.set(d)) }} /> }
        </>
    }
}
