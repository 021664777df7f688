use faultline_engine::Puzzle;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::event_list::EventList;
use crate::components::flow_diagram::FlowDiagram;
use crate::components::playback::{use_document_keydown, use_playback_timer, use_shared_evidence};
use crate::components::playback_controls::PlaybackControls;
use crate::components::{now_ms, short_label, status_class, status_icon, Shared};
use crate::logic::state::{Action, SimState};
use crate::logic::time::ms_label;
use crate::modes::classroom::countdown::Countdown;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub puzzle: Shared<Puzzle>,
    pub title: AttrValue,
}

/// Keys for the projector: ←/→ step, Space play/pause, R reveal. Text fields keep their keys.
fn key_action(e: &web_sys::KeyboardEvent) -> Option<&'static str> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|t| t.tag_name())
        .unwrap_or_default();
    if matches!(
        tag.as_str(),
        "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON" | "A"
    ) && e.key() == " "
    {
        return None;
    }
    if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
        return None;
    }
    match e.key().as_str() {
        "ArrowRight" | "PageDown" => Some("next"),
        "ArrowLeft" | "PageUp" => Some("back"),
        " " => Some("play"),
        "r" | "R" => Some("reveal"),
        _ => None,
    }
}

/// Presenter view for a projector: large type, the simulator's own playback (same reducer and
/// components), no answers until "Reveal", then the diagnosis with its evidence highlighted.
#[function_component(Presenter)]
pub fn presenter(props: &Props) -> Html {
    let state = {
        let puzzle = props.puzzle.clone();
        use_reducer(move || SimState::new((*puzzle).clone(), now_ms()))
    };
    let on: Callback<Action> = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a| dispatcher.dispatch(a)))).clone()
    };
    use_playback_timer(&state);
    let reveal = {
        let on = on.clone();
        Callback::from(move |_: ()| {
            on.emit(Action::Pause);
            on.emit(Action::AskSolution);
            on.emit(Action::ConfirmSolution { now_ms: now_ms() });
            on.emit(Action::Seek(usize::MAX));
        })
    };
    {
        let (on, reveal) = (on.clone(), reveal.clone());
        use_document_keydown(move |e| {
            let Some(what) = key_action(e) else { return };
            e.prevent_default();
            match what {
                "next" => on.emit(Action::StepForward),
                "back" => on.emit(Action::StepBack),
                "play" => on.emit(Action::TogglePlay),
                _ => reveal.emit(()),
            }
        });
    }
    let s = &*state;
    let evidence = use_shared_evidence(&state);
    let total = s.total_events();
    let time_label = s
        .current()
        .and_then(|i| evidence.events.get(i))
        .map_or("ready".into(), |e| ms_label(e.t_ms));
    let answer = s.revealed().cloned();
    let reveal_pair = answer
        .as_ref()
        .map(|a| (a.root_cause_layer, a.failing_event));
    let inspected = answer
        .as_ref()
        .and_then(|a| a.failing_event)
        .or(s.inspected());
    let on_select = {
        let on = on.clone();
        Callback::from(move |i| on.emit(Action::SelectEvent(i)))
    };
    let story = &evidence.story;
    let diagnosis = answer.as_ref().map(|a| {
        let failing = a.failing_exchange.and_then(|i| evidence.exchanges.get(i));
        let status_line = failing.map(|x| match (&x.response, &x.client_error) {
            (Some(r), _) => (Some(r.status), format!("{} {} → {} {} {}", x.request.method, crate::logic::statement::path_of(&x.request.url), r.http_version, r.status, r.reason)),
            (None, Some(err)) => (None, format!("{} {} → no response: {err}", x.request.method, crate::logic::statement::path_of(&x.request.url))),
            _ => (None, String::new()),
        });
        let event = a.failing_event.and_then(|i| evidence.events.get(i));
        let lines: Vec<_> = crate::modes::common::diff::correlated(&evidence)
            .into_iter()
            .filter(|l| l.level >= faultline_engine::Level::Warn)
            .take(3)
            .collect();
        let next = s.key_for(2).map(|k| k.explanation.clone()).unwrap_or_else(|| a.next_action.clone());
        let owner = s.key_for(3).map_or_else(|| a.owner.clone(), |k| k.explanation.clone());
        html! {
            <section class="reveal-box" aria-labelledby="reveal-heading">
                <h3 id="reveal-heading">{ "Diagnosis" }</h3>
                <dl>
                    <div><dt>{ "Layer" }</dt><dd class="answer">{ a.root_cause_layer.label() }</dd></div>
                    <div><dt>{ "Cause" }</dt><dd class="answer">{ &a.fault_title }</dd></div>
                    <div><dt>{ "Next action" }</dt><dd>{ next }</dd></div>
                    <div><dt>{ "Owner" }</dt><dd>{ owner }</dd></div>
                </dl>
                <p class="statement">{ &a.diagnosis }</p>
                <h4>{ "Evidence" }</h4>
                <ul class="evidence-marks">
                    if let Some((status, line)) = status_line {
                        <li><mark class={classes!("status", status_class(status))}>{ format!("{} {line}", status_icon(status)) }</mark></li>
                    }
                    if let Some(e) = event {
                        <li><mark>{ format!("{} {} → {}: {}", ms_label(e.t_ms), short_label(e.from), short_label(e.to), e.summary) }</mark></li>
                    }
                    { for lines.iter().map(|l| html! { <li class="mono"><mark>{ format!("[{}] {}", l.source.id(), l.text) }</mark></li> }) }
                </ul>
            </section>
        }
    });
    let on_reveal = {
        let reveal = reveal.clone();
        Callback::from(move |_: MouseEvent| reveal.emit(()))
    };
    html! {
        <main id="main" class="presenter">
            <header class="presenter-head">
                <h2><bdi>{ props.title.clone() }</bdi></h2>
                <Countdown />
                <span class="muted presenter-keys">{ "← → step · Space play · R reveal" }</span>
            </header>
            <section class="presenter-story" aria-label="The report">
                <p class="who"><bdi>{ &story.context }</bdi></p>
                <p><strong>{ "Expected: " }</strong><bdi>{ &story.expected }</bdi></p>
                <p><strong>{ "Actual: " }</strong><bdi>{ &story.actual }</bdi></p>
            </section>
            <section class="presenter-flow" aria-label="Request path">
                <FlowDiagram evidence={evidence.clone()} cursor={s.cursor} step_ms={s.step_ms()} reveal={reveal_pair} />
                <PlaybackControls playing={s.playing} cursor={s.cursor} {total} speed={s.speed}
                    time_label={AttrValue::from(time_label)} on={on.clone()} />
            </section>
            <div class="presenter-columns">
                <EventList evidence={evidence.clone()} cursor={s.cursor} {inspected} {on_select} />
                <div class="presenter-answer">
                    if let Some(box_) = diagnosis {
                        { box_ }
                    } else {
                        <p class="hidden-answer">{ "The answer is hidden. Ask the room: which layer, which cause, what next, and who owns the fix?" }</p>
                        <button type="button" class="button primary reveal-button" onclick={on_reveal} aria-keyshortcuts="R">{ "Reveal the diagnosis" }</button>
                    }
                </div>
            </div>
        </main>
    }
}
