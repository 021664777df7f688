//! The Investigate page: the report and the client's own view, the diagram marking the layers
//! not examined yet, the toolbox, the terminal, the timeline, the notebook, then the diagnosis
//! (the simulator's own panel and answer flow) scored against par, and the learner's path beside
//! the expert's once finished.

use std::rc::Rc;

use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::{Evidence, Puzzle};
use yew::prelude::*;

use super::case::{Action as CaseAction, Case};
use super::escalate::Escalate;
use super::notebook::Notebook;
use super::terminal::Terminal;
use super::tools::Tools;
use crate::components::diagnosis_panel::DiagnosisPanel;
use crate::components::flow_diagram::FlowDiagram;
use crate::components::playback::{use_document_keydown, use_render_stages};
use crate::components::simulator::action_for;
use crate::components::story_card::StoryCard;
use crate::components::{mark, measured, now_ms, Shared};
use crate::logic::finished::Finished;
use crate::logic::state::{Action, SimState};

impl Reducible for Case {
    type Action = CaseAction;
    fn reduce(self: Rc<Self>, action: CaseAction) -> Rc<Self> {
        // Par asks the engine for the expert path: timed apart from the rest.
        let expert = matches!(action, CaseAction::Expert);
        let apply = move || Rc::new((*self).clone().apply(action));
        if expert {
            measured("faultline:engine:expert-path", apply)
        } else {
            apply()
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub puzzle: Shared<Puzzle>,
    pub investigation: Shared<Investigation>,
    pub on_finished: Callback<Finished>,
    #[prop_or_default]
    pub progress_id: Option<AttrValue>,
    #[prop_or_default]
    pub tags: Vec<String>,
    #[prop_or_default]
    pub next_href: Option<AttrValue>,
    #[prop_or_default]
    pub attach: Vec<String>,
}

/// Render stages (see `stage` below); the last works out par.
const LAST_STAGE: u8 = 4;

#[function_component(InvestigateView)]
pub fn investigate_view(props: &Props) -> Html {
    let state = {
        let puzzle = props.puzzle.clone();
        use_reducer(move || SimState::new((*puzzle).clone(), now_ms()))
    };
    let case = {
        let inv = props.investigation.0.clone();
        use_reducer(move || Case::opening(inv))
    };
    let on: Callback<Action> = {
        let dispatcher = state.dispatcher();
        use_callback((), move |a, _| dispatcher.dispatch(a))
    };
    let on_case: Callback<CaseAction> = {
        let dispatcher = case.dispatcher();
        use_callback((), move |a, _| dispatcher.dispatch(a))
    };
    // Opened in stages, one task each, so no task is long at 4x CPU throttling (the first time,
    // each stage's view code is compiled as it runs, and each is laid out in a frame of its own):
    // the report and the diagram first; the clock, the toolbox and the terminal; the diagnosis;
    // the notebook and the escalation note; then par (the expert path asks the solver several
    // times).
    let stage = use_render_stages(LAST_STAGE);
    {
        let on_case = on_case.clone();
        use_effect_with(stage == LAST_STAGE, move |complete| {
            if *complete {
                on_case.emit(CaseAction::Expert);
                mark("faultline:investigate-complete");
            }
        });
    }
    // Finished once: the result is recorded and the paths compared.
    {
        let (state, on_case) = (state.clone(), on_case.clone());
        let id = props.progress_id.as_ref().map_or_else(
            || format!("endless:{}", state.view.seed),
            |id| id.to_string(),
        );
        let (tags, on_finished) = (props.tags.clone(), props.on_finished.clone());
        use_effect_with(state.done(), move |done| {
            if *done {
                on_case.emit(CaseAction::Finish);
                on_finished.emit(Finished::of(&state, &id, &tags));
            }
        });
    }
    // The diagnosis's number keys and Escape; playback keys mean nothing here.
    {
        let dispatcher = state.dispatcher();
        use_document_keydown(move |e| match action_for(e) {
            Some(a @ Action::AnswerNumber { .. }) => {
                e.prevent_default();
                dispatcher.dispatch(a);
            }
            Some(a @ Action::CloseOverlay) => dispatcher.dispatch(a),
            _ => {}
        });
    }
    // The report and the client's own view: the ticket, no exchange, log or artefact.
    let ticket = use_memo(props.puzzle.clone(), |p| {
        let ev = &p.view.evidence;
        Shared(Rc::new(Evidence {
            events: vec![],
            exchanges: vec![],
            logs: vec![],
            artifacts: vec![],
            ..ev.clone()
        }))
    });
    let s = &*state;
    let c = &*case;
    let marks: Vec<_> = c
        .layers
        .iter()
        .map(|l| (*l, c.layer_state(*l).word()))
        .collect();
    let reveal = s.revealed().map(|a| (a.root_cause_layer, None));
    let on_run = {
        let on_case = on_case.clone();
        use_callback((), move |p: Probe, _| on_case.emit(CaseAction::Run(p)))
    };
    let on_pin = {
        let on_case = on_case.clone();
        use_callback((), move |(result, line), _| {
            on_case.emit(CaseAction::TogglePin { result, line })
        })
    };
    let shown = c
        .shown
        .and_then(|i| c.results.get(i).map(|r| (i, r.clone())));
    let pinned: Vec<usize> = c
        .shown
        .map(|i| {
            c.pins
                .iter()
                .filter(|p| p.result == i)
                .map(|p| p.line)
                .collect()
        })
        .unwrap_or_default();
    let par = match c.par() {
        Some(par) => format!("par {par} min"),
        None if !c.expert_known => "par …".to_string(),
        None => "no par".to_string(),
    };
    let hint_text = c.hints.gt(&0).then(|| match (c.hinted, &c.expert) {
        (Some(p), _) => format!("Try next: {}.", p.label()),
        (None, Some(_)) => {
            "You have run every check an expert would: the answer is in what you have.".to_string()
        }
        (None, None) => "No set of checks settles this one alone: weigh what you have.".to_string(),
    });
    html! {
        <main id="main" class={classes!("workspace", "investigate", reveal.is_some().then_some("revealed"))}>
            <section class="panel flow-panel" aria-labelledby="flow-heading">
                <div class="flow-head">
                    <h2 id="flow-heading" class="invite">{ "Something in this request breaks. Choose what to check, read the output, find the failing layer." }</h2>
                    <span class="muted small">{ format!("{} flow", s.view.evidence.flow) }</span>
                </div>
                <FlowDiagram evidence={(*ticket).clone()} cursor={0} step_ms={1000} {reveal} {marks} />
                <p class="diagram-legend muted small" aria-hidden="true">
                    <span class="legend-item mark-unexamined">{ "unexamined" }</span>
                    <span class="legend-item mark-examined">{ "examined" }</span>
                    <span class="legend-item mark-ruled-out">{ "ruled out" }</span>
                    <span class="legend-item mark-ruled-in">{ "ruled in" }</span>
                </p>
            </section>
            <div class="col col-side">
                <StoryCard evidence={(*ticket).clone()} seed={s.view.seed} finished={false} home={true} />
                if stage >= 2 {
                    <DiagnosisPanel state={state.clone()} on={on.clone()} next_href={props.next_href.clone()}
                        attach={props.attach.clone()} hints={false} score_note={AttrValue::from(c.score_line())} />
                }
                if c.finished { { paths(c) } }
            </div>
            <div class="col col-main">
                if stage >= 1 {
                    <>
                        <section class="panel clock-panel" aria-label="Time spent">
                            <p class="clock">
                                <strong>{ format!("{} min", c.minutes()) }</strong>
                                <span class="muted">{ format!(" spent · {par} · {}", checks_run(c.results.len())) }</span>
                            </p>
                            if !c.finished {
                                <button type="button" class="button" onclick={{ let on_case = on_case.clone(); Callback::from(move |_| on_case.emit(CaseAction::Hint)) }}>
                                    { "Which check next? (hint)" }
                                </button>
                            }
                            <p class="probe-hint" role="status">{ hint_text.unwrap_or_default() }</p>
                        </section>
                        <div class="investigate-row">
                            <Tools toolbox={c.toolbox.clone()} layers={c.layers.iter().map(|l| (*l, c.layer_state(*l))).collect::<Vec<_>>()}
                                ran={c.results.iter().map(|r| r.probe).collect::<Vec<_>>()} {on_run} open={!c.finished} />
                            <div class="col">
                                <Terminal result={shown} {pinned} rerun={c.rerun} {on_pin} />
                                { timeline(c, &on_case) }
                            </div>
                        </div>
                    </>
                }
                if stage >= 3 {
                    <>
                        <Notebook case={case.clone()} on={on_case.clone()} />
                        <Escalate case={case.clone()} on={on_case.clone()} puzzle={props.puzzle.clone()} attach={props.attach.clone()} />
                    </>
                }
            </div>
        </main>
    }
}

/// The checks run, in order, each with its cost and the running total; each opens its result.
fn timeline(c: &Case, on: &Callback<CaseAction>) -> Html {
    let mut total = 0;
    html! {
        <section class="panel timeline-panel" aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{ "Timeline" }</h2>
            if c.results.is_empty() {
                <p class="muted small">{ "No check run yet. Reproducing the report is a good start." }</p>
            } else {
                <ol class="probe-timeline">
                    { for c.results.iter().enumerate().map(|(i, r)| {
                        total += r.minutes;
                        let on = on.clone();
                        let current = c.shown == Some(i);
                        html! {
                            <li key={r.probe.id()}>
                                <button type="button" class={classes!("timeline-item", current.then_some("current"))}
                                    aria-current={current.then_some("true")}
                                    onclick={Callback::from(move |_| on.emit(CaseAction::Show(i)))}>
                                    <span>{ r.probe.label() }</span>
                                    <span class="muted small">{ format!("+{} min · {total} min", r.minutes) }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}

/// After the diagnosis: the learner's checks beside the expert path's.
fn paths(c: &Case) -> Html {
    let expert = c.expert.as_ref();
    html! {
        <section class="panel paths-panel" aria-labelledby="paths-heading">
            <h2 id="paths-heading">{ "Your path and the expert's" }</h2>
            <div class="paths">
                <div>
                    <h3>{ format!("Yours: {} min", c.minutes()) }</h3>
                    <ol class="path-list yours">
                        { for c.learner_path().into_iter().map(|(p, on_path)| html! {
                            <li class={classes!(on_path.then_some("on-path"))}>
                                { p.label() }
                                <span class="muted small">{ if on_path { " ✓ on the expert path" } else { " (a detour)" } }</span>
                            </li>
                        }) }
                    </ol>
                </div>
                <div>
                    if let Some(e) = expert {
                        <h3>{ format!("Expert: {} min (par)", e.minutes) }</h3>
                        <ol class="path-list expert">
                            { for e.probes.iter().map(|p| html! {
                                <li class={classes!(c.ran(*p).then_some("on-path"))}>
                                    { p.label() }
                                    <span class="muted small">{ format!(" {} min", p.minutes()) }</span>
                                </li>
                            }) }
                        </ol>
                    } else {
                        <h3>{ "Expert: no par" }</h3>
                        <p class="small">{ "No set of checks settles this puzzle on its own: it takes judgment over what they show." }</p>
                    }
                </div>
            </div>
        </section>
    }
}

/// "1 check run", "3 checks run": the count with its noun agreeing.
fn checks_run(n: usize) -> String {
    if n == 1 {
        "1 check run".into()
    } else {
        format!("{n} checks run")
    }
}

#[cfg(test)]
mod checks_run_tests {
    use super::checks_run;

    #[test]
    fn the_noun_agrees_with_the_count() {
        assert_eq!(checks_run(0), "0 checks run");
        assert_eq!(checks_run(1), "1 check run");
        assert_eq!(checks_run(2), "2 checks run");
    }
}
