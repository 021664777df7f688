use std::rc::Rc;

use faultline_engine::Layer;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::artifact_list::ArtifactList;
use super::diagnosis_panel::DiagnosisPanel;
use super::event_list::EventList;
use super::flow_diagram::FlowDiagram;
use super::inspector::Inspector;
use super::log_viewer::LogViewer;
use super::network_list::NetworkList;
use super::playback::{
    use_document_keydown, use_playback_timer, use_render_stages, use_shared_evidence,
};
use super::playback_controls::PlaybackControls;
use super::shortcuts_overlay::ShortcutsOverlay;
use super::story_card::StoryCard;
use super::{now_ms, short_label, Shared};
use crate::logic::announce::Announcer;
use crate::logic::finished::Finished;
use crate::logic::state::{Action, Overlay, SimState};
use crate::logic::time::at_label;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The puzzle to play; read once, when the simulator mounts (give it a `key`).
    pub puzzle: Shared<faultline_engine::Puzzle>,
    /// The puzzle is the generated one for its seed, so the story card may link to it. Off for
    /// the start page, packs and challenge links: a seed link would open another puzzle.
    #[prop_or_default]
    pub seed_link: bool,
    /// Called once, when the diagnosis is finished, with the result to record (the page's
    /// choice: the progress store's `recorder()` wherever results count).
    pub on_finished: Callback<Finished>,
    /// Progress key when the puzzle is finished (scenario id, endless parameters); default
    /// `endless:<seed>`, the generated puzzle `#/puzzle/<seed>`.
    #[prop_or_default]
    pub progress_id: Option<AttrValue>,
    /// Topic tags recorded with the result (the root-cause layer and flow are always added).
    #[prop_or_default]
    pub tags: Vec<String>,
    /// Where the finished puzzle's "Next puzzle" leads (next scenario, next endless seed).
    #[prop_or_default]
    pub next_href: Option<AttrValue>,
    /// A scenario's evidence to attach when escalating, shown after the diagnosis.
    #[prop_or_default]
    pub attach: Vec<String>,
    /// Set by the guided tour: `Play` starts the request (if it has not started), `ToEnd` shows
    /// all of it, so the tour never talks about panels that are still empty.
    #[prop_or_default]
    pub drive: Drive,
    /// Called once its report is in the page (the start page then shows it in place of the
    /// served one, `shell::start_app`).
    #[prop_or_default]
    pub on_report: Callback<()>,
}

/// What the guided tour asks of playback.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Drive {
    #[default]
    Nothing,
    Play,
    ToEnd,
}

/// Maps a key press to an action; `None` leaves the key to the browser.
pub fn action_for(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
    let key = e.key();
    if key == "Escape" {
        return Some(Action::CloseOverlay);
    }
    // Text fields keep every key; a range input (the timeline) keeps arrows and Space.
    let input_type = target
        .as_ref()
        .and_then(|t| t.dyn_ref::<web_sys::HtmlInputElement>())
        .map(|i| i.type_());
    let is_slider = input_type.as_deref() == Some("range");
    if matches!(tag.as_str(), "TEXTAREA" | "SELECT") || (tag == "INPUT" && !is_slider) {
        return None;
    }
    if is_slider
        && matches!(
            key.as_str(),
            " " | "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" | "Home" | "End"
        )
    {
        return None;
    }
    // Space and Enter on a focused control activate that control, as the platform expects.
    let on_control = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY")
        || target
            .as_ref()
            .is_some_and(|t| t.get_attribute("role").as_deref() == Some("button"));
    match key.as_str() {
        " " if !on_control => Some(Action::TogglePlay),
        "ArrowRight" => Some(Action::StepForward),
        "ArrowLeft" => Some(Action::StepBack),
        "h" | "H" => Some(Action::UseHint),
        "?" => Some(Action::ToggleShortcuts),
        k if k.len() == 1 && ("1"..="9").contains(&k) => Some(Action::AnswerNumber {
            number: k.parse().unwrap_or(0),
            now_ms: now_ms(),
        }),
        _ => None,
    }
}

/// Render stages of the simulator (see `stage` below).
const LAST_STAGE: u8 = 5;

/// The main screen: plays back one engine trace and runs the four-step diagnosis. Owns the
/// reducer; the playback timer and the keyboard listener live in effects with cleanup.
#[function_component(Simulator)]
pub fn simulator(props: &Props) -> Html {
    let state = {
        let puzzle = props.puzzle.clone();
        use_reducer(move || SimState::new((*puzzle).clone(), now_ms()))
    };
    let on: Rc<Callback<Action>> = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Callback::from(move |a| dispatcher.dispatch(a)))
    };
    let on = (*on).clone();

    use_playback_timer(&state);
    {
        let state = state.clone();
        use_effect_with(props.drive, move |drive| {
            let total = state.view.evidence.events.len();
            match drive {
                Drive::Play if state.cursor == 0 && !state.playing => state.dispatch(Action::Play),
                Drive::ToEnd if state.cursor < total => state.dispatch(Action::Seek(total)),
                _ => {}
            }
        });
    }
    // The result, reported once, when the diagnosis is finished.
    {
        let state = state.clone();
        let id = props.progress_id.as_ref().map_or_else(
            || format!("endless:{}", state.view.seed),
            |id| id.to_string(),
        );
        let (tags, on_finished) = (props.tags.clone(), props.on_finished.clone());
        use_effect_with(state.done(), move |done| {
            if *done {
                on_finished.emit(Finished::of(&state, &id, &tags));
            }
        });
    }
    // Keyboard shortcuts for the whole page while the simulator is mounted.
    {
        let dispatcher = state.dispatcher();
        use_document_keydown(move |e| {
            if let Some(action) = action_for(e) {
                if action != Action::CloseOverlay {
                    e.prevent_default();
                }
                dispatcher.dispatch(action);
            }
        });
    }

    // Rendered in stages, one task each, so no task holds up the first paint or input for long:
    // the diagram and controls; the report; the diagnosis; artifacts, events and network; the
    // inspector; the logs.
    let stage = use_render_stages(LAST_STAGE);
    {
        let on_report = props.on_report.clone();
        use_effect_with(stage >= 1, move |shown| {
            if *shown {
                on_report.emit(());
            }
        });
    }
    use_effect_with(stage == LAST_STAGE, |complete| {
        if *complete {
            super::mark("faultline:simulator-complete");
        }
    });

    let s = &*state;
    let evidence = use_shared_evidence(&state);
    let events = &s.view.evidence.events;
    let total = events.len();
    let current = s.current().and_then(|i| events.get(i));
    let time_label = current.map_or("ready".to_string(), |e| at_label(e.t_ms));
    let step_text = current.map(|e| {
        format!(
            "Step {} of {total}, {}: {} to {}. {}",
            s.cursor,
            at_label(e.t_ms),
            short_label(e.from),
            short_label(e.to),
            e.summary
        )
    });
    // Continuous play speaks at most every two seconds; steps, pause and the end always.
    let announcer = use_mut_ref(Announcer::default);
    let announcement = announcer
        .borrow_mut()
        .update(s.cursor, s.playing, s.at_end(), step_text, now_ms())
        .to_string();

    let layer_q = s.view.questions.first();
    // The diagram inspects, it never answers: a click on a layer the request has reached opens
    // that layer's latest event, so exploring before (or while) diagnosing costs nothing.
    let shown_events = &events[..s.cursor.min(total)];
    let reached: Vec<Layer> = s
        .view
        .evidence
        .layers
        .iter()
        .copied()
        .filter(|l| shown_events.iter().any(|e| e.from == *l || e.to == *l))
        .collect();
    // The callbacks are memoised: a new one on every render would re-render the diagram and the
    // lists at each render stage, which made the start page's stages long tasks.
    let on_inspect = {
        let on = on.clone();
        let touching: Vec<(Layer, Layer)> = shown_events.iter().map(|e| (e.from, e.to)).collect();
        Some(use_callback(touching, move |layer: Layer, touching| {
            if let Some(i) = touching
                .iter()
                .rposition(|(from, to)| *from == layer || *to == layer)
            {
                on.emit(Action::SelectEvent(i));
            }
        }))
    };
    let tried: Vec<Layer> = layer_q
        .map(|q| {
            s.wrong[0]
                .iter()
                .filter_map(|i| q.choices.get(*i))
                .filter_map(|c| Layer::parse(&c.id))
                .collect()
        })
        .unwrap_or_default();
    let reveal = s.revealed().map(|a| (a.root_cause_layer, a.failing_event));
    let started: Vec<bool> = (0..s.view.evidence.exchanges.len())
        .map(|i| s.exchange_started(i))
        .collect();
    let complete: Vec<bool> = (0..s.view.evidence.exchanges.len())
        .map(|i| s.exchange_complete(i))
        .collect();
    let shown_exchange = s
        .exchange
        .filter(|i| started.get(*i).copied().unwrap_or(false));
    let on_select = {
        let on = on.clone();
        use_callback((), move |i, _| on.emit(Action::SelectEvent(i)))
    };
    let on_select_exchange = {
        let on = on.clone();
        use_callback((), move |i, _| on.emit(Action::SelectExchange(i)))
    };
    let close_overlay = {
        let on = on.clone();
        use_callback((), move |_, _| on.emit(Action::CloseOverlay))
    };
    html! {
        <main id="main" class={classes!("workspace", reveal.is_some().then_some("revealed"))}>
            <section class="panel flow-panel" aria-labelledby="flow-heading">
                <div class="flow-head">
                    <h2 id="flow-heading" class="invite">{ "Something in this request breaks. Play it, read the evidence, find the failing layer." }</h2>
                    <span class="muted small">
                        { format!("{} flow", s.view.evidence.flow) }
                        <span class="keys-only">{ " · " }
                        <button type="button" class="link-button shortcuts-button" aria-keyshortcuts="?"
                            onclick={{ let on = on.clone(); Callback::from(move |_| on.emit(Action::ToggleShortcuts)) }}>
                            { "Keyboard shortcuts (?)" }
                        </button>
                        </span>
                    </span>
                </div>
                <FlowDiagram evidence={evidence.clone()} cursor={s.cursor} step_ms={s.step_ms()}
                    {reveal} {on_inspect} {reached} {tried} />
                <PlaybackControls playing={s.playing} cursor={s.cursor} {total} speed={s.speed}
                    time_label={AttrValue::from(time_label)} on={on.clone()} />
                <div class="visually-hidden" aria-live="polite" aria-atomic="true">{ announcement }</div>
            </section>
            if stage >= 1 {
                <div class="col col-side">
                <StoryCard evidence={evidence.clone()} seed={s.view.seed} finished={s.at_end()} home={!props.seed_link} />
                if stage >= 2 {
                    <DiagnosisPanel state={state.clone()} on={on.clone()} next_href={props.next_href.clone()} attach={props.attach.clone()} />
                }
                if stage >= 3 {
                    <ArtifactList evidence={evidence.clone()} />
                }
                </div>
            }
            if stage >= 3 {
                <div class="col col-main">
                <div class="evidence-row">
                <div class="col col-stack">
                <EventList evidence={evidence.clone()} cursor={s.cursor} inspected={s.inspected()} {on_select} />
                <NetworkList evidence={evidence.clone()} {started} complete={complete.clone()} selected={shown_exchange}
                    on_select={on_select_exchange} />
                </div>
                if stage >= 4 {
                    <Inspector evidence={evidence.clone()} event={s.inspected()} exchange={shown_exchange}
                        complete={shown_exchange.is_some_and(|i| complete[i])} />
                }
                </div>
                if stage >= LAST_STAGE {
                    <LogViewer evidence={evidence.clone()} clock_ms={s.clock_ms()} source={s.log_source}
                        trace={s.log_trace.clone()} query={s.log_query.clone()} on={on.clone()} />
                }
                </div>
            }
            if s.overlay == Overlay::Shortcuts {
                <ShortcutsOverlay on_close={close_overlay} />
            }
        </main>
    }
}
