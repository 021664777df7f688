use faultline_engine::util;
use yew::prelude::*;

use super::card_question::{question_for, CardQuestion};
use super::drill_round::DrillRound;
use super::grade_view::RefLink;
use crate::progress::store as progress_store;
use crate::progress::PracticeAnswer;

/// Today as a day number in the learner's time zone: a card due "tomorrow" is due after local
/// midnight, not UTC's.
pub fn local_day() -> i64 {
    let now = js_sys::Date::new_0();
    ((now.get_time() - now.get_timezone_offset() * 60_000.0) / 86_400_000.0).floor() as i64
}

/// "tomorrow", "in 3 days (2026-12-04)".
fn when(day: i64, today: i64) -> String {
    let (y, m, d) = util::civil(day);
    match day - today {
        i64::MIN..=0 => "today".into(),
        1 => format!("tomorrow ({y:04}-{m:02}-{d:02})"),
        n => format!("in {n} days ({y:04}-{m:02}-{d:02})"),
    }
}

fn start(today: i64) -> DrillRound {
    let drill = progress_store::load().progress.drill;
    DrillRound::start(&drill, today, js_sys::Date::now() as u64)
}

/// "Recognise it fast": rounds of ten artefacts. Each first answer is saved with the rest of the
/// progress (so it survives reloads and goes with an export); missed cards return at the end of
/// the round and, by the spacing rules, sooner on later days.
#[function_component(DrillPractice)]
pub fn drill_practice() -> Html {
    let today = use_memo((), |_| local_day());
    let round = {
        let today = *today;
        use_state(move || start(today))
    };
    let status = use_state(String::new);
    {
        // After "Next card" the button is gone: focus goes to the new artefact, where reading starts.
        let position = round.position;
        use_effect_with(position, move |position| {
            if *position > 0 {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id("drill-artefact"))
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
                {
                    let _ = el.focus();
                }
            }
        });
    }

    let on_answer = {
        let (round, today, status) = (round.clone(), *today, status.clone());
        Callback::from(move |(layer, meaning): (faultline_engine::Layer, String)| {
            let mut next = (*round).clone();
            let answered = next.answer(layer, &meaning);
            if let Some((card, right)) = answered.record {
                progress_store::record_practice(PracticeAnswer::Drill {
                    card,
                    right,
                    day: today,
                });
            }
            status.set(String::new());
            round.set(next);
        })
    };
    let on_next = {
        let round = round.clone();
        Callback::from(move |_| {
            let mut next = (*round).clone();
            next.next();
            round.set(next);
        })
    };
    let on_again = {
        let (round, today, status) = (round.clone(), *today, status.clone());
        Callback::from(move |_| {
            let next = start(today);
            status.set(if next.finished() {
                "Nothing new is due yet.".into()
            } else {
                format!("A new round of {} cards.", next.planned)
            });
            round.set(next);
        })
    };

    let r = &*round;
    let body = if r.planned == 0 {
        html! {
            <p>{ format!("Every card is learnt for now. The next ones come back {}.",
                r.next_due.map(|d| when(d, *today)).unwrap_or_else(|| "later".into())) }</p>
        }
    } else if let Some(card) = r.current().and_then(|id| question_for(id, r.seed)) {
        let label = if r.second_try() {
            "Second try".to_string()
        } else {
            format!("Card {} of {}", r.position + 1, r.planned)
        };
        let key = card.card.clone();
        html! {
            <>
                <p class="drill-progress" aria-live="polite">{ label }</p>
                <CardQuestion {key} question={card} verdict={r.verdict.clone()}
                    on_answer={on_answer} id="drill" />
                if r.verdict.is_some() {
                    <p class="actions">
                        <button type="button" class="button primary" onclick={on_next}>
                            { if r.position + 1 < r.cards.len() { "Next card" } else { "Finish the round" } }
                        </button>
                    </p>
                }
            </>
        }
    } else {
        let missed = r.missed();
        html! {
            <div class="drill-summary">
                <h4>{ "Round done" }</h4>
                <p>{ format!("{} of {} right the first time.", r.right_first_time(), r.planned) }</p>
                if !missed.is_empty() {
                    <p>{ "These come back first next time. To review:" }</p>
                    <ul>
                        { for missed.iter().filter_map(|id| faultline_engine::interview::drill::find_card(id)).map(|c| html! {
                            <li><code>{ c.artefact.lines().last().unwrap_or_default() }</code>{ " — " }<RefLink id={AttrValue::from(c.reference)} /></li>
                        }) }
                    </ul>
                }
                <p class="actions">
                    <button type="button" class="button primary" onclick={on_again.clone()}>{ "Another round" }</button>
                </p>
            </div>
        }
    };
    let plan = if r.planned > 0 {
        format!("This round: {} due again, {} new.", r.due, r.new)
    } else {
        String::new()
    };

    html! {
        <section class="panel drill" aria-labelledby="drill-heading">
            <h3 id="drill-heading">{ "Recognise it fast" }</h3>
            <p class="muted">{ "Status lines, curl and browser errors, runtime exceptions, nginx lines and \
                TLS alerts, as the program prints them. Name the layer and the meaning. Cards you miss \
                come back at the end of the round and sooner on later days; the ones you know come back \
                less and less often. Saved with your progress." }</p>
            if !plan.is_empty() { <p class="muted small">{ plan }</p> }
            { body }
            <p class="visually-hidden" role="status">{ (*status).clone() }</p>
        </section>
    }
}
