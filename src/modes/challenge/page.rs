use std::rc::Rc;

use faultline_engine::RunSpec;
use yew::prelude::*;

use crate::components::deferred::use_deferred;
use crate::components::{focus, measured, Shared};
use crate::logic::endless;
use crate::modes::challenge;
use crate::modes::challenge::button::ChallengeButton;
use crate::modes::investigate::player::{PuzzlePlayer, Source};
use crate::progress::store::recorder;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The part after `#/challenge/`.
    pub code: AttrValue,
}

/// `#/challenge/<code>`: the shared puzzle in the simulator, or a clear message when the link
/// cannot be read (never a blank page).
#[function_component(ChallengePage)]
pub fn challenge_page(props: &Props) -> Html {
    // Simulating the shared run is the heavy part of opening it: it runs in a task of its own,
    // after a placeholder has been painted, and the player renders in the next one.
    let opened = use_deferred(props.code.clone(), |code| {
        measured("faultline:engine:puzzle", || challenge::open(code))
    });
    focus::use_focus_handover(opened.is_some());
    let Some(opened) = opened else {
        return html! {
            <main id="main" class="page modes-page" aria-busy="true">
                <p class="panel loading-note" role="status">{ "Opening the challenge…" }</p>
            </main>
        };
    };
    match &*opened {
        Ok(c) => {
            let puzzle = Shared(Rc::new(c.puzzle.clone()));
            let run: RunSpec = faultline_engine::share::decode(&props.code)
                .map(|s| s.run)
                .unwrap_or_default();
            html! {
                <>
                    <p class="challenge-banner" role="note">
                        { format!(
                            "Someone challenged you ({} difficulty: {}): find the failing layer in this incident.",
                            endless::difficulty_id(c.puzzle.view.difficulty),
                            endless::difficulty_note(c.puzzle.view.difficulty),
                        ) }
                    </p>
                    <PuzzlePlayer on_finished={recorder()} key={props.code.to_string()} {puzzle}
                        source={Source::Run(run.clone())}
                        progress_id={AttrValue::from(c.progress_id.clone())} />
                    <div class="page modes-page challenge-again">
                        <ChallengeButton run={Shared(Rc::new(run))} />
                    </div>
                </>
            }
        }
        Err(message) => html! {
            <main id="main" class="page modes-page">
                <section class="panel link-problem" role="alert">
                    <h2>{ "This challenge link cannot be opened" }</h2>
                    <p class="problem-text">{ message.clone() }</p>
                    <p class="actions">
                        <a class="button primary" href="#/">{ "Go to the start page" }</a>
                        <a class="button" href="#/sandbox">{ "Build your own in the sandbox" }</a>
                    </p>
                </section>
            </main>
        },
    }
}
