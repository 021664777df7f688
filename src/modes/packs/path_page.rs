use yew::prelude::*;

use crate::modes::packs::builtin;
use crate::modes::packs::path_plan::PathPlan;
use crate::modes::packs::paths::{self, StepRow};
use crate::modes::packs::scenario_page::{InPath, PackScenarioPage};
use crate::progress::store as progress_store;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The path id from `#/paths/<id>`.
    pub path_id: AttrValue,
}

fn no_such_path(id: &str) -> Html {
    html! {
        <main id="main" class="page modes-page">
            <section class="panel" role="alert">
                <h2>{ "There is no learning path with that name" }</h2>
                <p>{ "No learning path has the id “" }<bdi>{ id.to_string() }</bdi>{ "”." }</p>
                <p><a class="button primary" href="#/packs">{ "All puzzle packs and paths" }</a></p>
            </section>
        </main>
    }
}

fn step_row(path: &str, r: &StepRow) -> Html {
    let i = &r.info;
    let state = match (r.done, r.solved) {
        (true, true) => " (solved)",
        (true, false) => " (played, not solved)",
        _ => "",
    };
    html! {
        <li class={classes!("scenario-row", r.done.then_some("solved"))} key={r.number}>
            <span class="solved-mark" aria-hidden="true">{ if r.done { "✓" } else { "○" } }</span>
            <span class="scenario-main">
                <a href={paths::step_href(path, r.number)}><bdi>{ &i.title }</bdi></a>
                <span class="visually-hidden">{ state }</span>
                <span class="scenario-meta small">
                    <span class={classes!("difficulty", i.difficulty.clone())}>{ &i.difficulty }</span>
                    if r.done && !r.solved { <span class="muted">{ "played, not solved" }</span> }
                </span>
            </span>
        </li>
    }
}

/// `#/paths/<id>`: a learning path's steps in order, how many are done (from the recorded
/// results, so a scenario played in its pack counts here too), and where to go on.
#[function_component(PathPage)]
pub fn path_page(props: &Props) -> Html {
    let found = use_memo(props.path_id.clone(), |id| paths::find(id));
    let progress = use_memo((), |_| progress_store::load().progress);
    let packs = use_memo((), |_| builtin::packs());
    let Some(path) = &*found else {
        return no_such_path(&props.path_id);
    };
    let rows = paths::rows(path, &packs, &progress);
    let (done, total) = paths::done_of(&rows);
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    let go_on = paths::next_open(&rows).map(|n| {
        let label = if done == 0 { "Start the path" } else { "Continue" };
        html! { <p><a class="button primary" href={paths::step_href(&path.id, n)}>{ format!("{label}: step {n}") }</a></p> }
    });
    html! {
        <main id="main" class="page modes-page pack-page path-page">
            <nav class="crumbs small" aria-label="Breadcrumb">
                <a href="#/packs">{ "Puzzle packs" }</a><span aria-hidden="true">{ " › " }</span>
                <span aria-current="page">{ &path.title }</span>
            </nav>
            <section class="panel">
                <h2 id="path-heading">{ &path.title }<span class="tag-chip">{ "learning path" }</span></h2>
                <p>{ &path.summary }</p>
                <p class="small muted path-done">{ format!("{done} of {total} done") }</p>
                <div class="pack-progress" role="progressbar" aria-labelledby="path-heading"
                    aria-valuemin="0" aria-valuemax={total.to_string()} aria-valuenow={done.to_string()}
                    aria-valuetext={format!("{done} of {total} done")}>
                    <span style={format!("width: {pct}%")}></span>
                </div>
                if let Some(link) = go_on { { link } } else {
                    <p>{ "Every step played. Replay any of them below, or try another path." }</p>
                }
            </section>
            <section class="panel" aria-labelledby="steps-heading">
                <h3 id="steps-heading">{ "Steps" }</h3>
                <ol class="pack-scenarios">{ for rows.iter().map(|r| step_row(&path.id, r)) }</ol>
                <PathPlan path={path.clone()} packs={packs.clone()} />
            </section>
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct StepProps {
    pub path_id: AttrValue,
    /// From 1.
    pub number: u32,
}

/// `#/paths/<id>/<n>`: step `n` of a learning path, played like a pack scenario, with the path's
/// crumbs and its next step.
#[function_component(PathStepPage)]
pub fn path_step_page(props: &StepProps) -> Html {
    let found = use_memo(props.path_id.clone(), |id| paths::find(id));
    let Some(path) = &*found else {
        return no_such_path(&props.path_id);
    };
    let Some(step) = paths::step(path, props.number) else {
        return html! {
            <main id="main" class="page modes-page">
                <section class="panel" role="alert">
                    <h2>{ "This path has no such step" }</h2>
                    <p>{ format!("“{}” has {} steps.", path.title, path.steps.len()) }</p>
                    <p><a class="button primary" href={paths::path_href(&path.id)}>{ "Open the path" }</a></p>
                </section>
            </main>
        };
    };
    let in_path = InPath {
        path_id: path.id.clone(),
        title: path.title.clone(),
        number: props.number,
        count: path.steps.len() as u32,
        next_href: paths::after_step_href(path, props.number),
    };
    html! {
        <PackScenarioPage pack_id={AttrValue::from(step.pack.clone())}
            scenario_id={AttrValue::from(step.scenario.clone())} in_path={Some(in_path)} />
    }
}
