//! `#/classroom/join/<token>`: a student's part of a class session, sized for a phone. Their
//! name picks their puzzles; each is played in the simulator; at the end they get a signed
//! result code (and its QR code) to send to the trainer. What they finished is kept in this
//! browser as the code so far, so a reload loses nothing.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::components::simulator::Simulator;
use crate::components::Shared;
use crate::logic::finished::Finished;
use crate::logic::route::Route;
use crate::logic::state::Settled;
use crate::modes::classroom::qr::Qr;
use crate::modes::classroom::result_code::{
    self, normalise_name, Outcome, PuzzleResult, QuestionAnswer, Session, StudentResult,
};
use crate::modes::classroom::results_store;
use crate::modes::classroom::session::Source;
use crate::modes::classroom::session_page::{bad_link, problem_page};
use crate::modes::classroom::session_puzzles::Puzzles;

/// A finished puzzle as the result code carries it.
pub fn puzzle_result(seed: u64, f: &Finished) -> PuzzleResult {
    PuzzleResult {
        seed,
        score: f.score,
        max_score: f.max_score,
        seconds: f.seconds,
        answers: f
            .answers
            .iter()
            .map(|(wrong, settled)| QuestionAnswer {
                wrong: wrong
                    .iter()
                    .map(|w| u8::try_from(*w).unwrap_or(u8::MAX))
                    .collect(),
                outcome: match settled {
                    Some(Settled::Right { .. }) => Outcome::Right,
                    Some(Settled::Shown) => Outcome::Shown,
                    None => Outcome::Open,
                },
            })
            .collect(),
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: AttrValue,
}

#[function_component(JoinPage)]
pub fn join_page(props: &Props) -> Html {
    let session = Session::parse(&props.token);
    let token = props.token.to_string();
    // The code so far, from this browser (a reload keeps what was finished).
    let loaded = {
        let session = session.clone();
        use_memo(token.clone(), move |t| session.map(|s| recall(&s, t)))
    };
    let notice = (*loaded).as_ref().and_then(|(_, n)| n.clone());
    let student = {
        let loaded = loaded.clone();
        use_state(move || (*loaded).as_ref().and_then(|(r, _)| r.clone()))
    };
    let name_input = use_state(String::new);
    // The puzzle just finished, still on screen.
    let finished_one = use_state(|| false);
    let Some(session) = session else {
        return bad_link(&props.token);
    };
    let puzzles = match Puzzles::new(&session) {
        Ok(p) => p,
        Err(why) => return problem_page(&why),
    };
    let Some(result) = (*student).clone() else {
        let on_name = {
            let name_input = name_input.clone();
            Callback::from(move |e: InputEvent| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                name_input.set(input.value());
            })
        };
        let name = normalise_name(&name_input);
        let on_start = {
            let (student, name, token) = (student.clone(), name.clone(), token.clone());
            let session = session.clone();
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                if !name.is_empty() {
                    let fresh = StudentResult {
                        name: name.clone(),
                        puzzles: vec![],
                    };
                    remember(&session, &token, &fresh);
                    student.set(Some(fresh));
                }
            })
        };
        return html! {
            <main id="main" class="page modes-page join">
                <section class="panel" aria-labelledby="join-heading">
                    <h2 id="join-heading">{ "Join the class" }</h2>
                    if let Some(n) = notice {
                        <p class="field-problem" role="alert">{ n }</p>
                    }
                    <p>{ format!("{}. {} At the end you get a code to send your trainer.", session.label(), match session.source {
                        Source::Generated { .. } => "Your name picks your puzzles, so your neighbours' differ from yours.",
                        Source::Seeds { .. } => "Your name picks the order of the puzzles, so your neighbours start on others.",
                        Source::Pack { .. } => "Everyone plays the same scenarios.",
                        Source::Path { .. } => "Everyone plays the same scenarios, in the path's order.",
                    }) }</p>
                    <form onsubmit={on_start}>
                        <div class="field">
                            <label for="join-name">{ "Your name" }</label>
                            <input id="join-name" type="text" autocomplete="name" maxlength="40"
                                value={(*name_input).clone()} oninput={on_name} required=true />
                        </div>
                        <button type="submit" class="button primary" disabled={name.is_empty()}>{ "Start" }</button>
                    </form>
                </section>
            </main>
        };
    };
    let seeds = session.puzzles_for(&result.name);
    let done = result.puzzles.len();
    if done >= seeds.len() && !*finished_one {
        let code = result_code::encode(&session, &result);
        let (score, max) = result.score();
        let copy = {
            let code = code.clone();
            Callback::from(move |_: MouseEvent| {
                crate::dom::copy_text(&code);
            })
        };
        return html! {
            <main id="main" class="page modes-page join">
                <section class="panel" aria-labelledby="code-heading">
                    <h2 id="code-heading">{ "Your result code" }</h2>
                    <p>{ format!("Finished, {}: {score} of {max} points in {}.", result.name, crate::modes::classroom::results::clock(result.seconds())) }</p>
                    <p>{ "Send this code to your trainer, as it is: it is signed, so a changed code is refused." }</p>
                    <p class="mono result-code" data-result-code={code.clone()}>{ code.clone() }</p>
                    <p class="actions"><button type="button" class="button primary" onclick={copy}>{ "Copy the code" }</button></p>
                    <Qr text={AttrValue::from(code)} label="QR code of your result code" />
                </section>
            </main>
        };
    }
    // The puzzle just finished stays on screen (its diagnosis) until "Next puzzle", a new
    // address that opens this page afresh at the following one.
    let shown = if *finished_one {
        done.saturating_sub(1)
    } else {
        done
    };
    let seed = seeds[shown.min(seeds.len() - 1)];
    let (puzzle, title) = match puzzles.get(seed) {
        Ok((p, title)) => (Shared(Rc::new(p)), title),
        Err(why) => return problem_page(&why),
    };
    let next_href = Route::Join(token.clone(), u32::try_from(done).unwrap_or(0)).href();
    let on_finished = {
        let (student, result, token, finished_one) = (
            student.clone(),
            result.clone(),
            token.clone(),
            finished_one.clone(),
        );
        let fresh = !*finished_one;
        let session2 = session.clone();
        Callback::from(move |f: Finished| {
            if !fresh {
                return;
            }
            let mut next = result.clone();
            next.puzzles.push(puzzle_result(seed, &f));
            remember(&session2, &token, &next);
            finished_one.set(true);
            student.set(Some(next));
        })
    };
    let last = done >= seeds.len();
    html! {
        <>
            <section class="player-bar join-bar" aria-label="Your session">
                <span>{ format!("{} · puzzle {} of {}", result.name, shown + 1, seeds.len()) }</span>
                if matches!(session.source, Source::Pack { .. } | Source::Path { .. }) {
                    <span class="join-title"><bdi>{ title }</bdi></span>
                }
                if *finished_one {
                    <a class="button primary" href={next_href.clone()}>
                        { if last { "Get my result code" } else { "Next puzzle" } }
                    </a>
                }
            </section>
            <Simulator key={format!("join-{seed}")} {puzzle} {on_finished}
                next_href={AttrValue::from(next_href)} />
        </>
    }
}

thread_local! {
    /// The latest result in this tab, for when storage is off: "Next puzzle" opens the page
    /// afresh and must not lose it.
    static LATEST: RefCell<Option<(String, StudentResult)>> = const { RefCell::new(None) };
}

/// Keeps the result so far: in this tab, and in storage when it can be.
fn remember(session: &Session, token: &str, result: &StudentResult) {
    LATEST.with(|l| *l.borrow_mut() = Some((token.to_string(), result.clone())));
    // Saving may fail (storage off, unreadable data kept there): the tab's copy still counts.
    let _ = results_store::save_student(session, token, &result_code::encode(session, result));
}

/// The result so far: this tab's copy, else the stored one (and a notice about stored data).
fn recall(session: &Session, token: &str) -> (Option<StudentResult>, Option<String>) {
    let here = LATEST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(t, _)| t == token)
            .map(|(_, r)| r.clone())
    });
    match here {
        Some(r) => (Some(r), None),
        None => results_store::load_student(session, token),
    }
}
