use yew::prelude::*;

use super::now_ms;
use crate::logic::route::Route;
use crate::logic::state::{Action, Feedback, Overlay, Settled, SimState, HINT_COST};
use crate::logic::statement;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub state: UseReducerHandle<SimState>,
    pub on: Callback<Action>,
    /// Where "Next puzzle" leads; by default a new generated puzzle.
    #[prop_or_default]
    pub next_href: Option<AttrValue>,
    /// Evidence a scenario's author says to attach when escalating; shown once the puzzle is done.
    #[prop_or_default]
    pub attach: Vec<String>,
    /// The hint ladder; off in Investigate mode, whose hints name the next probe instead.
    #[prop_or(true)]
    pub hints: bool,
    /// One more line for the score (Investigate mode: minutes spent against par).
    #[prop_or_default]
    pub score_note: Option<AttrValue>,
}

const STEP_NAMES: [&str; 4] = ["Layer", "Cause", "Next action", "Owner"];

fn step_name(q: usize) -> &'static str {
    STEP_NAMES.get(q).copied().unwrap_or("Question")
}

/// Four steps (layer, cause, next action, who owns the fix) with feedback kept beside its own
/// step, a hint ladder (a hint shows at the step it was taken for), the solution behind a
/// confirmation, the score and a closing diagnosis statement. Only the current question is
/// rendered, so later choices never reach the DOM early.
#[function_component(DiagnosisPanel)]
pub fn diagnosis_panel(props: &Props) -> Html {
    let s = &*props.state;
    let view = &s.view;
    let send = |action: Action| {
        let on = props.on.clone();
        Callback::from(move |_: MouseEvent| on.emit(action.clone()))
    };
    let settled_rows = (0..s.step.min(view.questions.len())).map(|q| {
        let question = &view.questions[q];
        let right = s.correct_choice(q).and_then(|c| question.choices.get(c));
        let (mark, note) = match s.settled[q] {
            Some(Settled::Right { wrong: 0 }) => ("✓", "right first time".to_string()),
            Some(Settled::Right { wrong }) => ("✓", format!("right after {wrong} wrong")),
            _ => ("○", "shown".to_string()),
        };
        // The step just answered right carries the "right" feedback itself, where it was asked.
        let just = s
            .feedback
            .as_ref()
            .is_some_and(|f| f.correct && f.question == q);
        html! {
            <li class={classes!("settled", just.then_some("feedback right"))} key={q}>
                <span class="mark" aria-hidden="true">{ mark }</span>
                <strong>{ format!("{}: ", step_name(q)) }</strong>
                { right.map(|c| c.label.clone()).unwrap_or_default() }
                <span class="muted">{ format!(" ({note})") }</span>
                if let Some(key) = s.key_for(q).filter(|k| right.is_none_or(|c| c.label != k.explanation)) {
                    <p class="why">{ &key.explanation }</p>
                }
            </li>
        }
    });
    let picked = |f: &Feedback| {
        let label = view.questions[f.question]
            .choices
            .get(f.choice)
            .map(|c| c.label.clone())
            .unwrap_or_default();
        // A full stop keeps label and explanation apart when read out; labels that are
        // sentences already have one ("… refresh before exp.").
        statement::sentence(&label)
    };
    let wrong_note = s.open_feedback().map(|f| {
        html! {
            <div class="feedback wrong">
                <strong>{ "✗ Not quite: " }{ picked(f) }</strong>{ " " }<p>{ &f.text }</p>
            </div>
        }
    });
    // Said once for screen readers, whichever step it belongs to.
    let said = s
        .feedback
        .as_ref()
        .map(|f| match f.correct {
            true if statement::sentence(&f.text) == picked(f) => format!("✓ Right: {}", picked(f)),
            true => format!("✓ Right: {} {}", picked(f), f.text),
            false => format!("✗ Not quite: {} {}", picked(f), f.text),
        })
        .unwrap_or_default();
    let current = (!s.done()).then(|| {
        let q = s.step;
        let question = &view.questions[q];
        let choices = question.choices.iter().enumerate().map(|(i, c)| {
            let tried = s.wrong[q].contains(&i);
            let on = props.on.clone();
            html! {
                <li key={format!("{q}-{i}")}>
                    <button type="button" class={classes!("choice", tried.then_some("tried"))}
                        disabled={tried} aria-keyshortcuts={(i < 9).then(|| (i + 1).to_string())}
                        onclick={Callback::from(move |_| on.emit(Action::Answer { choice: i, now_ms: now_ms() }))}>
                        if i < 9 { <kbd aria-hidden="true">{ i + 1 }</kbd> }
                        <span>{ &c.label }</span>
                        if tried { <span class="tried-mark" aria-label="tried, wrong">{ " ✗" }</span> }
                    </button>
                </li>
            }
        });
        html! {
            <fieldset class="question">
                <legend>{ format!("Step {} of {} · {}", q + 1, view.questions.len(), step_name(q)) }</legend>
                <p class="prompt">{ &question.prompt }</p>
                if q == 0 {
                    <p class="muted small">{ "Pick from the list" }<span class="keys-only">{ ", or press its number" }</span>{ ". The diagram only inspects." }</p>
                }
                <ol class="choices">{ for choices }</ol>
                <div class="feedback-region">{ wrong_note.clone().unwrap_or_default() }</div>
            </fieldset>
        }
    });
    let hints_left = view
        .hints
        .len()
        .min(HINT_COST.len())
        .saturating_sub(s.hints);
    // Hints taken for the step being asked; those of settled steps are gone with them.
    let shown_hints = s.current_hints();
    // The hint taken last, for screen readers (H takes a hint without moving focus).
    let hint_said = shown_hints
        .last()
        .and_then(|i| view.hints.get(*i).map(|h| (i, h)))
        .map(|(i, h)| format!("Hint {} of {}: {h}", i + 1, view.hints.len().min(3)))
        .unwrap_or_default();
    let hints = if !props.hints {
        html! {}
    } else {
        html! {
            <div class="hints">
                <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="hint">{ hint_said }</div>
                if !shown_hints.is_empty() {
                    <ol class="hint-list" start={(shown_hints[0] + 1).to_string()}>
                        { for shown_hints.iter().filter_map(|i| view.hints.get(*i)).map(|h| html! { <li>{ h }</li> }) }
                    </ol>
                }
                if hints_left > 0 && !s.done() {
                    <button type="button" class="button" onclick={send(Action::UseHint)} aria-keyshortcuts="H">
                        { format!("Hint {} of {} (−{} points)", s.hints + 1, view.hints.len().min(3), HINT_COST[s.hints]) }
                    </button>
                }
            </div>
        }
    };
    let solution = if s.overlay == Overlay::ConfirmSolution {
        html! {
            <div class="confirm" role="alertdialog" aria-labelledby="confirm-text">
                <p id="confirm-text">{ "Show the solution? The steps you have not answered score 0." }</p>
                <button type="button" class="button danger" onclick={{
                    let on = props.on.clone();
                    Callback::from(move |_| on.emit(Action::ConfirmSolution { now_ms: now_ms() }))
                }}>{ "Show solution" }</button>
                <button type="button" class="button" onclick={send(Action::CloseOverlay)}>{ "Keep trying" }</button>
            </div>
        }
    } else if !s.done() {
        html! { <button type="button" class="link-button" onclick={send(Action::AskSolution)}>{ "Show solution…" }</button> }
    } else {
        html! {}
    };
    let finale = s.done().then(|| {
        let score = s.score();
        let statement = s
            .revealed()
            .map(|answer| statement::write(&view.evidence, answer))
            .unwrap_or_default();
        let next = (view.seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407)) >> 40;
        html! {
            <div class="finale">
                <h3>{ "Score" }</h3>
                <p class="score"><strong>{ score.total }</strong>{ format!(" / {}", score.max) }</p>
                <ul class="score-lines">
                    { for score.steps.iter().enumerate().map(|(q, p)| html! { <li>{ format!("{}: {p}", step_name(q)) }</li> }) }
                    <li>{ format!("Hints: −{}", score.hint_penalty) }</li>
                    <li>{ format!("Time: {} s (bonus +{})", score.seconds, score.time_bonus) }</li>
                    if let Some(note) = &props.score_note { <li class="score-note">{ note }</li> }
                </ul>
                <h3>{ "Diagnosis statement" }</h3>
                <super::statement_view::StatementView text={statement} />
                if !props.attach.is_empty() {
                    <h3>{ "Attach when escalating" }</h3>
                    <ul class="attach-list">
                        { for props.attach.iter().map(|item| html! { <li>{ item }</li> }) }
                    </ul>
                }
                <p class="actions">
                    <a class="button primary" href={props.next_href.clone().unwrap_or_else(|| Route::Puzzle(next).href().into())}>{ "Next puzzle" }</a>
                </p>
            </div>
        }
    });
    html! {
        <section class="panel diagnosis-panel" aria-labelledby="diagnosis-heading">
            <h2 id="diagnosis-heading">{ "Diagnosis" }</h2>
            <ol class="settled-list">{ for settled_rows }</ol>
            { current.unwrap_or_default() }
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-live="answer">{ said }</div>
            { hints }
            { solution }
            { finale.unwrap_or_default() }
        </section>
    }
}
