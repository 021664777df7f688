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
use crate::modes::classroom::room_probe::{ProbeRun, RoomProbe};
use crate::modes::classroom::sync::{channel_name, use_channel, Msg, Shown};
use crate::modes::classroom::trainer_notes::TrainerNotes;
use crate::modes::classroom::vote::{VoteBars, VoteRecorder};

/// Which of a class session's two screens this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The laptop: playback controls, private notes, the room vote.
    Controls,
    /// The projector: follows the controls; its keys step them.
    Audience,
}

/// Counts the room's vote from result codes: takes newly pasted codes, gives the counts per
/// question and choice and what to tell the presenter.
pub type Tally = Callback<String, (Vec<Vec<u32>>, String)>;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub puzzle: Shared<Puzzle>,
    pub title: AttrValue,
    /// In a class session: its token (names the channel) and which screen this is.
    #[prop_or_default]
    pub session: Option<(AttrValue, Screen)>,
    /// Which of the session's puzzles this is; the audience follows the controls to another.
    #[prop_or_default]
    pub puzzle_index: usize,
    #[prop_or_default]
    pub on_puzzle: Callback<usize>,
    /// Present when the room's codes can be counted for this puzzle.
    #[prop_or_default]
    pub count_codes: Option<Tally>,
    /// The scenario's trainer kit, shown in the private notes (never on the audience screen).
    #[prop_or_default]
    pub kit: Option<faultline_engine::pack::TrainerKit>,
    /// The run the puzzle was made from: the presenter can run its probes for the room.
    #[prop_or_default]
    pub run: Option<ProbeRun>,
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
    let screen = props.session.as_ref().map(|(_, screen)| *screen);
    let audience = screen == Some(Screen::Audience);
    let do_key = {
        let (on, reveal) = (on.clone(), reveal.clone());
        Callback::from(move |what: String| match what.as_str() {
            "next" => on.emit(Action::StepForward),
            "back" => on.emit(Action::StepBack),
            "play" => on.emit(Action::TogglePlay),
            "reveal" => reveal.emit(()),
            _ => {}
        })
    };
    let questions = props.puzzle.view.questions.clone();
    let votes = use_state(|| {
        questions
            .iter()
            .map(|q| vec![0u32; q.choices.len()])
            .collect::<Vec<_>>()
    });
    let vote_shown = use_state(|| None::<usize>);
    // On the audience: the vote the controls last sent.
    let remote_vote = use_state(|| None::<(usize, Vec<u32>)>);
    // The probe on the stage: picked here on the controls, as the controls last sent on the
    // audience.
    let probe_shown = use_state(|| None::<String>);
    let shown = Shown {
        puzzle: props.puzzle_index,
        cursor: state.cursor,
        revealed: state.revealed().is_some(),
        vote: (*vote_shown).and_then(|q| votes.get(q).map(|v| (q, v.clone()))),
        probe: (*probe_shown).clone(),
    };
    let last_shown = use_mut_ref(Shown::default);
    *last_shown.borrow_mut() = shown.clone();
    let send = {
        let (do_key, reveal, on, remote_vote, probe_shown) = (
            do_key.clone(),
            reveal.clone(),
            on.clone(),
            remote_vote.clone(),
            probe_shown.clone(),
        );
        let last_shown = last_shown.clone();
        let (index, on_puzzle) = (props.puzzle_index, props.on_puzzle.clone());
        let send_back = use_mut_ref(|| None::<Callback<Msg>>);
        let replies = send_back.clone();
        let send = use_channel(
            props.session.as_ref().map(|(t, _)| channel_name(t)),
            move |msg| match (msg, audience) {
                (Msg::Key { key }, false) => do_key.emit(key),
                (Msg::Hello, false) => {
                    if let Some(send) = &*replies.borrow() {
                        send.emit(Msg::Shown(last_shown.borrow().clone()));
                    }
                }
                // The controls moved to another puzzle: this screen follows, then says hello.
                (Msg::Shown(sh), true) if sh.puzzle != index => on_puzzle.emit(sh.puzzle),
                (Msg::Shown(sh), true) => {
                    on.emit(Action::Seek(sh.cursor));
                    if sh.revealed && !last_shown.borrow().revealed {
                        reveal.emit(());
                    }
                    remote_vote.set(sh.vote);
                    probe_shown.set(sh.probe);
                }
                _ => {}
            },
        );
        *send_back.borrow_mut() = Some(send.clone());
        send
    };
    {
        // The controls tell the audience every change; the audience says hello once.
        let send = send.clone();
        use_effect_with((shown.clone(), audience), move |(shown, audience)| {
            send.emit(if *audience {
                Msg::Hello
            } else {
                Msg::Shown(shown.clone())
            });
        });
    }
    {
        let (send, do_key) = (send.clone(), do_key.clone());
        use_document_keydown(move |e| {
            let Some(what) = key_action(e) else { return };
            e.prevent_default();
            if audience {
                send.emit(Msg::Key { key: what.into() });
            } else {
                do_key.emit(what.into());
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
        // The right choices' own words (their explanations say why, not what).
        let chosen = |q: usize| {
            let c = s.correct_choice(q)?;
            s.view.questions.get(q)?.choices.get(c).map(|c| c.label.clone())
        };
        let next = chosen(2).unwrap_or_else(|| a.next_action.clone());
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
    let shown_vote = if audience {
        (*remote_vote).clone()
    } else {
        shown.vote.clone()
    };
    let bars = shown_vote.and_then(|(q, counts)| {
        let question = props.puzzle.view.questions.get(q)?.clone();
        Some(html! { <VoteBars {question} {counts} /> })
    });
    let notes = (screen == Some(Screen::Controls)).then(|| {
        let p = &props.puzzle;
        let on_count = {
            let votes = votes.clone();
            Callback::from(move |(q, c, n): (usize, usize, u32)| {
                let mut next = (*votes).clone();
                if let Some(slot) = next.get_mut(q).and_then(|v| v.get_mut(c)) {
                    *slot = n;
                }
                votes.set(next);
            })
        };
        let on_show = {
            let vote_shown = vote_shown.clone();
            Callback::from(move |q| vote_shown.set(q))
        };
        let on_fill = {
            let votes = votes.clone();
            Callback::from(move |counts: Vec<Vec<u32>>| votes.set(counts))
        };
        html! {
            <aside class="presenter-notes" aria-labelledby="notes-heading">
                <h3 id="notes-heading">{ "Only on this screen" }</h3>
                <dl>
                    { for p.view.questions.iter().zip(&p.key).map(|(q, k)| {
                        let right = q.choices.iter().find(|c| c.id == k.correct).map_or(k.correct.clone(), |c| c.label.clone());
                        html! { <div><dt>{ q.prompt.clone() }</dt><dd class="answer"><bdi>{ right }</bdi></dd></div> }
                    }) }
                </dl>
                <p class="statement">{ p.answer.diagnosis.clone() }</p>
                if let Some(kit) = props.kit.clone() { <TrainerNotes {kit} /> }
                <VoteRecorder questions={p.view.questions.clone()} votes={(*votes).clone()} {on_count}
                    shown={*vote_shown} {on_show} count_codes={props.count_codes.clone()} {on_fill} />
            </aside>
        }
    });
    html! {
        <main id="main" class="presenter">
            // The site header (and its h1) is not shown on the presenter's stage.
            <h1 class="visually-hidden">{ "Classroom: presenting" }</h1>
            // The stage fills the screen (styles/modes.css): the flow across it, the report and
            // the answer beside the event list, whose newest event stays in view.
            <div class={classes!("presenter-stage", answer.is_some().then_some("revealed"))}>
            <header class="presenter-head">
                <h2><bdi>{ props.title.clone() }</bdi></h2>
                if !audience {
                    <Countdown />
                }
                <span class="muted presenter-keys">{ "← → step · Space play · R reveal" }</span>
                <FullScreenButton />
            </header>
            // Focusable: on a laptop screen the stage may have to scroll it (axe
            // scrollable-region-focusable).
            <section class="presenter-story" aria-label="The report" tabindex="0">
                <p class="who"><bdi>{ &story.context }</bdi></p>
                if !story.since.trim().is_empty() {
                    <p><strong>{ "Since: " }</strong><bdi>{ &story.since }</bdi></p>
                }
                <p><strong>{ "Expected: " }</strong><bdi>{ &story.expected }</bdi></p>
                <p><strong>{ "Actual: " }</strong><bdi>{ &story.actual }</bdi></p>
            </section>
            <section class="presenter-flow" aria-label="Request path">
                <FlowDiagram evidence={evidence.clone()} cursor={s.cursor} step_ms={s.step_ms()} reveal={reveal_pair} packed=true />
                if audience {
                    <p class="muted" aria-live="polite">{ format!("Event {} of {total} · {time_label}", s.cursor) }</p>
                } else {
                    <PlaybackControls playing={s.playing} cursor={s.cursor} {total} speed={s.speed}
                        time_label={AttrValue::from(time_label)} on={on.clone()} />
                }
            </section>
            <div class="presenter-columns">
                <EventList evidence={evidence.clone()} cursor={s.cursor} {inspected} {on_select} />
                <div class="presenter-answer" role="region" aria-label="The answer" tabindex="0">
                    if let Some(box_) = diagnosis {
                        { box_ }
                    } else {
                        { bars.unwrap_or_default() }
                        <p class="hidden-answer">{ "The answer is hidden. Ask the room: which layer, which cause, what next, and who owns the fix?" }</p>
                        if !audience {
                            <button type="button" class="button primary reveal-button" onclick={on_reveal} aria-keyshortcuts="R">{ "Reveal the diagnosis" }</button>
                        }
                        // Below the reveal, so the stage keeps the button in view at 768 px.
                        if let Some(run) = props.run.clone() {
                            <RoomProbe {run} trace_id={AttrValue::from(evidence.trace_id.clone())}
                                shown={(*probe_shown).clone()} {audience}
                                on_pick={let p = probe_shown.clone(); Callback::from(move |id| p.set(id))} />
                        }
                    }
                </div>
            </div>
            </div>
            { notes.unwrap_or_default() }
        </main>
    }
}

/// Fills the screen with the presenter (the browser's full-screen mode); again to leave it.
#[function_component(FullScreenButton)]
fn full_screen_button() -> Html {
    let onclick = Callback::from(|_: MouseEvent| {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
        } else if let Some(root) = doc.document_element() {
            let _ = root.request_fullscreen();
        }
    });
    html! {
        <button type="button" class="button full-screen-button" {onclick}>{ "Full screen" }</button>
    }
}
