//! A class session's pages for the trainer: the controls (`#/classroom/session/<token>`) with
//! the join QR code, the audience window (`#/classroom/audience/<token>`), and the start of a
//! new session from the classroom page.

use std::rc::Rc;

use faultline_engine::{generate_puzzle, Difficulty};
use yew::prelude::*;

use crate::components::Shared;
use crate::logic::route::Route;
use crate::modes::challenge::base_of;
use crate::modes::classroom::presenter::{Presenter, Screen};
use crate::modes::classroom::qr::Qr;
use crate::modes::classroom::result_code::Session;
use crate::modes::classroom::results_store;

/// The full address of a route of this app, under whatever path it is served from.
pub fn full_link(route: &Route) -> String {
    format!("{}{}", base_of(&crate::dom::href()), route.href())
}

/// A new session with a random key.
pub fn new_session(difficulty: Difficulty, puzzles: u8) -> Session {
    let mut key = [0u8; 8];
    for byte in key.iter_mut() {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
    Session {
        difficulty,
        puzzles,
        key,
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

/// The trainer's laptop or the projector for a session: the room puzzle, presented.
#[function_component(SessionPage)]
pub fn session_page(props: &Props) -> Html {
    let parsed = Session::parse(&props.token);
    let puzzle = use_memo(props.token.clone(), move |_| {
        parsed.map(|s| {
            Shared(Rc::new(generate_puzzle(
                s.room_seed(),
                Some(s.difficulty),
                None,
            )))
        })
    });
    let (Some(session), Some(puzzle)) = (parsed, (*puzzle).clone()) else {
        return bad_link(&props.token);
    };
    let token = session.token();
    let presenter = html! {
        <Presenter {puzzle} title={AttrValue::from(format!("Puzzle {}", session.room_seed()))}
            session={Some((AttrValue::from(token.clone()), props.screen))} />
    };
    if props.screen == Screen::Audience {
        return presenter;
    }
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
            </nav>
            <section class="panel join-panel" aria-labelledby="join-heading">
                <h2 id="join-heading">{ "Students join here" }</h2>
                <Qr text={AttrValue::from(join.clone())} label="QR code of the link students open to join" />
                <div>
                    <p>{ format!("{} each, their own puzzles. At the end each gets a result code to send you.", session.label()) }</p>
                    <p class="mono join-link"><a href={join.clone()}>{ join }</a></p>
                </div>
            </section>
            { presenter }
        </>
    }
}
