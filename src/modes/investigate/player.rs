//! A puzzle in the view it should open in, with the switch between Investigate and the full
//! evidence above it. The learner's choice is remembered (`store`); the guided tour always plays
//! the full evidence.

use std::rc::Rc;

use faultline_engine::pack::{Reporter, Story};
use faultline_engine::probe::Investigation;
use faultline_engine::{Difficulty, Puzzle, RunSpec};
use yew::prelude::*;

use super::choice::{self, View};
use super::store;
use super::view::InvestigateView;
use crate::components::deferred::use_deferred;
use crate::components::focus;
use crate::components::simulator::{Drive, Simulator};
use crate::components::{measured, Shared};
use crate::logic::finished::Finished;

/// Where the probes' world comes from: the run the puzzle was made from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    /// A challenge link's run, played at the puzzle's difficulty.
    Run(RunSpec),
    /// A pack scenario's run: "Ask the reporter" answers in the author's words (its story and,
    /// when written, the reporter's other answers).
    Scenario {
        spec: RunSpec,
        story: Story,
        reporter: Option<Reporter>,
    },
    /// An endless puzzle: the generated case for the seed, difficulty and topic.
    Generated { seed: u64, topic: Option<String> },
}

impl Source {
    /// The run held for probing, at the puzzle's difficulty.
    pub fn open(&self, difficulty: Difficulty) -> Result<Investigation, String> {
        match self {
            Source::Run(spec) => Investigation::for_puzzle(spec, difficulty),
            Source::Scenario {
                spec,
                story,
                reporter,
            } => Investigation::for_puzzle(spec, difficulty)
                .map(|inv| inv.with_report(story, reporter.as_ref())),
            Source::Generated { seed, topic } => {
                Investigation::generated(*seed, Some(difficulty), topic.as_deref())
            }
        }
        .map_err(|e| e.to_string())
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub puzzle: Shared<Puzzle>,
    pub source: Source,
    pub on_finished: Callback<Finished>,
    #[prop_or_default]
    pub progress_id: Option<AttrValue>,
    #[prop_or_default]
    pub tags: Vec<String>,
    #[prop_or_default]
    pub next_href: Option<AttrValue>,
    #[prop_or_default]
    pub attach: Vec<String>,
    /// The guided tour: the full evidence, no switch.
    #[prop_or_default]
    pub tour: bool,
    #[prop_or_default]
    pub drive: Drive,
}

#[function_component(PuzzlePlayer)]
pub fn puzzle_player(props: &Props) -> Html {
    let loaded = use_memo((), |_| store::load());
    let remembered = use_state(|| loaded.view);
    let problem = use_state(|| None::<String>);
    let difficulty = props.puzzle.view.difficulty;
    let view = if props.tour {
        View::Evidence
    } else {
        choice::view_for(*remembered, difficulty)
    };
    // Investigate's run (every probe's result) is simulated in a task of its own, after the page
    // around it has rendered, and the view renders in the next: the engine's work never shares
    // a task with rendering (each stays short at 4x CPU throttling). Until then its place is empty.
    let investigating = view == View::Investigate;
    let investigation = use_deferred(
        (props.source.clone(), difficulty, investigating),
        |(source, d, investigating)| {
            investigating.then(|| {
                measured("faultline:engine:probes", || {
                    source.open(*d).map(|i| Shared(Rc::new(i)))
                })
            })
        },
    );
    let opened: Option<Option<Result<Shared<Investigation>, String>>> = match view {
        View::Investigate => Some(investigation.and_then(|i| (*i).clone())),
        View::Evidence => None,
    };
    focus::use_focus_handover(matches!(opened, Some(Some(_))));
    let switch = {
        let (remembered, problem) = (remembered.clone(), problem.clone());
        let can_save = loaded.can_save;
        Callback::from(move |to: View| {
            remembered.set(Some(to));
            let said = if can_save {
                store::save(to).err().map(|p| p.notice())
            } else {
                None
            };
            problem.set(said);
        })
    };
    let notices: Vec<String> = loaded
        .notices
        .iter()
        .cloned()
        .chain((*problem).clone())
        .collect();
    let bar = (!props.tour).then(|| {
        let option = |v: View, label: &'static str| {
            let switch = switch.clone();
            html! {
                <button type="button" class={classes!("button", "view-option", (view == v).then_some("primary"))}
                    aria-pressed={(view == v).to_string()} data-view={v.id()}
                    onclick={Callback::from(move |_| switch.emit(v))}>{ label }</button>
            }
        };
        html! {
            <section class="view-switch" aria-label="Puzzle view">
                <span class="muted small">{ "Puzzle view:" }</span>
                { option(View::Investigate, "Investigate") }
                { option(View::Evidence, "All evidence") }
                <span class="muted small view-note">{ view.other().offer() }{ " (starts this puzzle again; remembered)" }</span>
                { for notices.iter().map(|n| html! { <p class="notice small" role="status">{ n }</p> }) }
            </section>
        }
    });
    let evidence = |note: Option<String>| {
        html! {
            <>
                if let Some(note) = note { <p class="notice small page" role="alert">{ note }</p> }
                <Simulator on_finished={props.on_finished.clone()} key="evidence" puzzle={props.puzzle.clone()}
                    progress_id={props.progress_id.clone()} tags={props.tags.clone()} next_href={props.next_href.clone()}
                    attach={props.attach.clone()} drive={props.drive} />
            </>
        }
    };
    let body = match &opened {
        None => evidence(None),
        Some(None) => {
            html! { <main id="main" class="workspace investigate" aria-busy="true"></main> }
        }
        Some(Some(Err(e))) => evidence(Some(format!(
            "Investigate cannot open this puzzle ({e}); here is all the evidence."
        ))),
        Some(Some(Ok(inv))) => html! {
            <InvestigateView key="investigate" puzzle={props.puzzle.clone()} investigation={inv.clone()}
                on_finished={props.on_finished.clone()} progress_id={props.progress_id.clone()} tags={props.tags.clone()}
                next_href={props.next_href.clone()} attach={props.attach.clone()} />
        },
    };
    html! { <>{ bar.unwrap_or_default() }{ body }</> }
}
