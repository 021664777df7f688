//! A class session's pages for the trainer: the controls (`#/classroom/session/<token>`) with
//! the join QR code, the audience window (`#/classroom/audience/<token>`), and the start of a
//! new session from the classroom page.

use std::rc::Rc;

use faultline_engine::generate_puzzle;
use yew::prelude::*;

use crate::components::Shared;
use crate::logic::route::Route;
use crate::modes::challenge::base_of;
use crate::modes::classroom::presenter::Tally as TallyFn;
use crate::modes::classroom::presenter::{Presenter, Screen};
use crate::modes::classroom::qr::Qr;
use crate::modes::classroom::results;
use crate::modes::classroom::results_store;
use crate::modes::classroom::room_probe::ProbeRun;
use crate::modes::classroom::session::{Session, Source};
use crate::modes::classroom::session_puzzles::Puzzles;
use crate::modes::classroom::vote_tally::tally;

/// The full address of a route of this app, under whatever path it is served from.
pub fn full_link(route: &Route) -> String {
    format!("{}{}", base_of(&crate::dom::href()), route.href())
}

/// A new session with a random key.
pub fn new_session(source: Source) -> Session {
    let mut key = [0u8; 8];
    for byte in key.iter_mut() {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
    Session { source, key }
}

/// A session link that reads but cannot be played here (its pack or learning path is missing).
pub fn problem_page(why: &str) -> Html {
    html! {
        <main id="main" class="page modes-page">
            <section class="panel link-problem" role="alert">
                <h2>{ "This session cannot be played here" }</h2>
                <p>{ why.to_string() }</p>
                <p class="actions"><a class="button primary" href="#/classroom">{ "Classroom" }</a></p>
            </section>
        </main>
    }
}

pub fn bad_link(what: &str) -> Html {
    html! {
        <main id="main" class="page modes-page">
            <section class="panel link-problem" role="alert">
                <h2>{ "This session link is damaged" }</h2>
                <p>{ format!("“{what}” is not a class session. Ask the trainer for the link or QR code again.") }</p>
                <p class="actions"><a class="button primary" href="#/classroom">{ "Classroom" }</a></p>
            </section>
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub token: AttrValue,
    pub screen: Screen,
}

/// The trainer's laptop or the projector for a session. A generated session shows a room puzzle
/// of its own (each student has other puzzles); a pack, path or seed session steps through the
/// puzzles everyone plays, and the room's vote can be counted from the students' codes.
#[function_component(SessionPage)]
pub fn session_page(props: &Props) -> Html {
    let parsed = Session::parse(&props.token);
    // The puzzle on the projector: an index into the session's shared puzzles.
    let index = use_state(|| 0usize);
    let built = use_memo((props.token.clone(), *index), move |(_, i)| {
        let session = parsed?;
        let puzzles = match Puzzles::new(&session) {
            Ok(p) => p,
            Err(why) => return Some((session, Err(why))),
        };
        let shared = session.shared_puzzles();
        let id = match shared.get(*i).or(shared.first()) {
            Some(id) => *id,
            None => {
                let seed = session.room_seed();
                let p = generate_puzzle(seed, session.difficulty(), None);
                let run = ProbeRun::Generated {
                    seed,
                    difficulty: session.difficulty(),
                };
                return Some((
                    session,
                    Ok((
                        seed,
                        Shared(Rc::new(p)),
                        format!("Puzzle {seed}"),
                        Some(run),
                    )),
                ));
            }
        };
        let got = puzzles
            .get(id)
            .map(|(p, title)| (id, Shared(Rc::new(p)), title, puzzles.run(id)));
        Some((session, got))
    });
    // The trainer's kit goes to the laptop only: the audience window never has it.
    let kit = use_memo(
        (props.token.clone(), *index, props.screen),
        |(token, i, screen)| {
            let session = Session::parse(token).filter(|_| *screen == Screen::Controls)?;
            let shared = session.shared_puzzles();
            let id = *shared.get(*i).or(shared.first())?;
            Puzzles::new(&session).ok()?.kit(id)
        },
    );
    let Some((session, got)) = (*built).clone() else {
        return bad_link(&props.token);
    };
    let (id, puzzle, title, run) = match got {
        Ok(x) => x,
        Err(why) => return problem_page(&why),
    };
    let token = session.token();
    let shared = session.shared_puzzles();
    let on_puzzle = {
        let index = index.clone();
        Callback::from(move |i: usize| index.set(i))
    };
    let counter: Option<TallyFn> = (!shared.is_empty()).then(|| {
        let (session, puzzle, token) = (session.clone(), puzzle.clone(), token.clone());
        Callback::from(move |pasted: String| {
            let known = results_store::load(&token).codes;
            let (taken, problems) = results::read_pasted(&session, &pasted, &known);
            let mut said = vec![];
            if !taken.is_empty() {
                if let Err(why) = results_store::add(&token, &taken) {
                    said.push(format!("Nothing was saved: {why}"));
                }
            }
            said.extend(problems.iter().map(|p| p.sentence()));
            let codes = results_store::load(&token).codes;
            let (students, _) = results::decode_all(&session, &codes);
            let counted = tally(&puzzle, id, &students);
            said.insert(0, counted.sentence());
            (counted.counts, said.join(" "))
        })
    });
    let presenter = html! {
        <Presenter key={format!("{token}/{}", *index)} {puzzle} title={AttrValue::from(title)} kit={(*kit).clone()}
            session={Some((AttrValue::from(token.clone()), props.screen))}
            puzzle_index={*index} on_puzzle={on_puzzle.clone()} count_codes={counter} {run} />
    };
    if props.screen == Screen::Audience {
        return presenter;
    }
    let choose = (shared.len() > 1).then(|| {
        let puzzles = Puzzles::new(&session).ok();
        let on_change = {
            let on_puzzle = on_puzzle.clone();
            Callback::from(move |e: Event| {
                let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                on_puzzle.emit(select.value().parse().unwrap_or(0));
            })
        };
        html! {
            <div class="field projector-choice">
                <label for="projector-puzzle">{ "On the projector" }</label>
                <select id="projector-puzzle" onchange={on_change}>
                    { for shared.iter().enumerate().map(|(i, id)| {
                        let title = puzzles.as_ref().map_or_else(|| format!("Puzzle {id}"), |p| p.title(*id));
                        html! { <option value={i.to_string()} selected={i == *index}>{ format!("{}. {title}", i + 1) }</option> }
                    }) }
                </select>
            </div>
        }
    });
    let join = full_link(&Route::Join(token.clone(), 0));
    let audience_href = Route::Audience(token.clone()).href();
    let open_audience = {
        let href = audience_href.clone();
        Callback::from(move |e: MouseEvent| {
            // A window of its own to drag onto the projector; a plain link where popups are off.
            let opened = web_sys::window()
                .and_then(|w| {
                    w.open_with_url_and_target_and_features(&href, "faultline-audience", "popup")
                        .ok()
                })
                .flatten();
            if opened.is_some() {
                e.prevent_default();
            }
        })
    };
    let results = Route::Results(token.clone()).href();
    let stored = results_store::load(&token).codes.len();
    html! {
        <>
            <nav class="player-bar" aria-label="Class session">
                <a class="button" href="#/classroom">{ "← Classroom" }</a>
                <a class="button" href={audience_href} target="faultline-audience" onclick={open_audience}>{ "Open the audience window" }</a>
                <a class="button" href={results}>{ format!("Results ({stored} codes)") }</a>
                { choose.unwrap_or_default() }
            </nav>
            <section class="panel join-panel" aria-labelledby="join-heading">
                <h2 id="join-heading">{ "Students join here" }</h2>
                <Qr text={AttrValue::from(join.clone())} label="QR code of the link students open to join" />
                <div>
                    <p>{ format!("{}. {} At the end each gets a result code to send you.", session.label(), match session.source {
                        Source::Generated { .. } => "Each student gets their own puzzles.",
                        Source::Seeds { .. } => "Everyone plays these puzzles, each in their own order.",
                        Source::Pack { .. } => "Everyone plays these scenarios, in the pack's order.",
                        Source::Path { .. } => "Everyone plays these scenarios, in the path's order.",
                    }) }</p>
                    <p class="mono join-link"><a href={join.clone()}>{ join }</a></p>
                </div>
            </section>
            { presenter }
        </>
    }
}
