use faultline_engine::interview::mock::MockItem;
use faultline_engine::interview::walk::{self, WalkResult};
use faultline_engine::interview::{self, drill};
use faultline_engine::Layer;
use gloo_timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::card_question::{question_for, CardQuestion};
use super::drill_view::local_day;
use super::grade_view::RefLink;
use super::mock_session::MockSession;
use super::walk_through::{MockWalk, WalkThrough};
use crate::logic::reference;
use crate::modes::packs::practise_links::PractiseLinks;
use crate::progress::store as progress_store;
use crate::progress::PracticeAnswer;

fn clock(seconds: i64) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

fn kind(item: MockItem) -> &'static str {
    match item {
        MockItem::Explain(_) => "Explain it",
        MockItem::Walk(_) => "Walk me through it",
        MockItem::Recognise(_) => "Recognise it",
    }
}

fn title(item: MockItem) -> String {
    match item {
        MockItem::Explain(id) => interview::find(id).map(|p| p.question.to_string()),
        MockItem::Walk(id) => walk::find_walkthrough(id).map(|w| w.title.to_string()),
        MockItem::Recognise(id) => {
            drill::find_card(id).map(|c| format!("An artefact from {}", c.source.label()))
        }
    }
    .unwrap_or_else(|| "(question missing)".into())
}

/// Applies one answer to the session, given the seconds it took.
type Apply = Box<dyn FnOnce(&mut MockSession, u32)>;

fn seconds_since(start_ms: f64) -> u32 {
    ((js_sys::Date::now() - start_ms) / 1000.0).max(0.0) as u32
}

/// A mock interview: five questions of the three kinds, one after the other, each with a time
/// allowance shown as a countdown (it runs over rather than cutting the answer off). No feedback
/// until the end, as in a real interview; then a summary with a score per answer, what to review
/// and puzzles that practise it.
#[function_component(MockInterview)]
pub fn mock_interview() -> Html {
    let session = use_state(|| None::<MockSession>);
    // When the current question appeared, and the time now (ticked each second by an effect).
    let started = use_state(js_sys::Date::now);
    let now = use_state(js_sys::Date::now);
    let answer = use_state(String::new);
    let heading = use_node_ref();
    let position = (*session).as_ref().map(|s| s.results.len());
    let running = (*session).as_ref().is_some_and(|s| !s.finished());
    {
        let (now, heading) = (now.clone(), heading.clone());
        use_effect_with((position, running), move |(_, running)| {
            if let Some(el) = heading.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
            let tick = running.then(|| Interval::new(1000, move || now.set(js_sys::Date::now())));
            move || drop(tick)
        });
    }

    let begin = {
        let (session, started, now, answer) = (
            session.clone(),
            started.clone(),
            now.clone(),
            answer.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let t = js_sys::Date::now();
            session.set(Some(MockSession::new(t as u64)));
            started.set(t);
            now.set(t);
            answer.set(String::new());
        })
    };
    // Applies one answer to the session and starts the next question's clock.
    let advance = {
        let (session, started, now, answer) = (
            session.clone(),
            started.clone(),
            now.clone(),
            answer.clone(),
        );
        move |apply: Apply| {
            let Some(mut next) = (*session).clone() else {
                return;
            };
            apply(&mut next, seconds_since(*started));
            let t = js_sys::Date::now();
            started.set(t);
            now.set(t);
            answer.set(String::new());
            session.set(Some(next));
        }
    };

    let Some(s) = (*session).clone() else {
        return html! {
            <section class="panel mock" aria-labelledby="mock-heading">
                <h3 id="mock-heading">{ "Mock interview" }</h3>
                <p class="muted">{ "Five questions, as an interviewer might ask them: two to explain, one \
                    case to walk through, two artefacts to recognise. Each has a time allowance; the clock \
                    runs over rather than stopping you. You see how you did at the end." }</p>
                <p class="actions">
                    <button type="button" class="button primary" onclick={begin}>{ "Start a mock interview" }</button>
                </p>
            </section>
        };
    };

    let Some(item) = s.current() else {
        return summary(&s, begin, heading);
    };
    let allowed = i64::from(item.seconds());
    let used = ((*now - *started) / 1000.0).max(0.0) as i64;
    let timer = if used <= allowed {
        format!("{} left", clock(allowed - used))
    } else {
        format!(
            "{} over the {} allowed",
            clock(used - allowed),
            clock(allowed)
        )
    };
    let body = match item {
        MockItem::Explain(id) => {
            let on_input = {
                let answer = answer.clone();
                Callback::from(move |e: InputEvent| {
                    if let Some(area) = e
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
                    {
                        answer.set(area.value());
                    }
                })
            };
            let on_submit = {
                let (advance, answer) = (advance.clone(), answer.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let text = (*answer).clone();
                    advance(Box::new(move |s, secs| {
                        s.explain(&text, secs);
                        if let Some(r) = s.results.last() {
                            progress_store::record_practice(PracticeAnswer::Explain {
                                prompt: id.to_string(),
                                score: r.score,
                            });
                        }
                    }));
                })
            };
            html! {
                <form class="interview-form" onsubmit={on_submit}>
                    <label for="mock-answer">{ "Your answer" }</label>
                    <textarea id="mock-answer" rows="8" spellcheck="true" value={(*answer).clone()} oninput={on_input} />
                    <p class="actions"><button type="submit" class="button primary">{ "Submit answer" }</button></p>
                </form>
            }
        }
        MockItem::Walk(case) => {
            let on_submit = {
                let advance = advance.clone();
                Callback::from(move |r: WalkResult| {
                    advance(Box::new(move |s, secs| s.walk(&r, secs)))
                })
            };
            html! { <WalkThrough key={case} mock={Some(MockWalk { case, on_submit })} /> }
        }
        MockItem::Recognise(card) => {
            let Some(q) = question_for(card, s.seed) else {
                return html! {};
            };
            let on_answer = {
                let advance = advance.clone();
                Callback::from(move |(layer, meaning): (Layer, String)| {
                    let Some(c) = drill::find_card(card) else {
                        return;
                    };
                    let verdict = drill::check(c, layer, &meaning);
                    progress_store::record_practice(PracticeAnswer::Drill {
                        card: card.to_string(),
                        right: verdict.right(),
                        day: local_day(),
                    });
                    advance(Box::new(move |s, secs| s.recognise(&verdict, secs)));
                })
            };
            html! { <CardQuestion key={card} question={q} verdict={None::<drill::Verdict>} show_verdict={false} {on_answer} id="mock-card" /> }
        }
    };
    html! {
        <section class="panel mock" aria-labelledby="mock-question">
            <div class="mock-head">
                <p class="muted small">{ format!("Question {} of {} · {}", s.results.len() + 1, s.plan.len(), kind(item)) }</p>
                <p class={classes!("mock-timer", (used > allowed).then_some("over"))} role="timer" aria-label="Time for this question">{ timer }</p>
            </div>
            <h3 id="mock-question" tabindex="-1" ref={heading}>{ title(item) }</h3>
            { body }
        </section>
    }
}

fn summary(s: &MockSession, again: Callback<MouseEvent>, heading: NodeRef) -> Html {
    let r = reference::get();
    let review = s.review();
    html! {
        <section class="panel mock mock-summary" aria-labelledby="mock-summary-heading">
            <h3 id="mock-summary-heading" tabindex="-1" ref={heading}>{ format!("Mock interview done: {} out of 100", s.score()) }</h3>
            <table class="mock-results">
                <caption class="visually-hidden">{ "Your answers" }</caption>
                <thead><tr><th scope="col">{ "Question" }</th><th scope="col">{ "Score" }</th><th scope="col">{ "Time" }</th><th scope="col">{ "What it missed" }</th></tr></thead>
                <tbody>
                    { for s.results.iter().map(|res| html! {
                        <tr>
                            <th scope="row"><span class="muted small">{ kind(res.item) }</span><br />{ title(res.item) }</th>
                            <td data-label="Score">{ res.score }</td>
                            <td data-label="Time">{ format!("{} of {}", clock(i64::from(res.seconds)), clock(i64::from(res.item.seconds()))) }</td>
                            <td data-label="What it missed">{ &res.note }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            if review.is_empty() {
                <p>{ "Nothing to review: every answer was complete." }</p>
            } else {
                <h4>{ "What to review" }</h4>
                <ul class="mock-review">
                    { for review.iter().map(|id| html! {
                        <li>
                            <RefLink id={AttrValue::from(id.clone())} />
                            if let Some(index) = r.index_of(id) { <PractiseLinks {index} /> }
                        </li>
                    }) }
                </ul>
            }
            <p class="actions">
                <button type="button" class="button primary" onclick={again}>{ "Another mock interview" }</button>
            </p>
        </section>
    }
}
