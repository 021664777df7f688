use std::rc::Rc;

use faultline_engine::generate_puzzle;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::deferred::use_deferred;
use crate::components::{focus, measured, Shared};
use crate::logic::endless::{self, Params};
use crate::modes::common::difficulty_select::DifficultySelect;
use crate::modes::investigate::player::{PuzzlePlayer, Source};
use crate::progress::store::recorder;

fn random_seed(current: Option<u64>) -> u64 {
    endless::next_seed(
        current,
        (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64,
    )
}

/// The parameters the router read, made playable: a topic the engine does not offer is dropped,
/// and a missing seed is picked now and written back without a new history entry, so the URL
/// always replays what is on screen. The router calls this once per address.
pub fn settle(params: Params) -> Params {
    let params = endless::with_known_topic(params, &faultline_engine::topics());
    if params.seed.is_some() {
        return params;
    }
    let params = Params {
        seed: Some(random_seed(None)),
        ..params
    };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&endless::href(&params)),
        );
    }
    params
}

fn go(params: &Params) {
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.set_hash(&endless::href(params));
    }
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// From the route, settled (`settle`): the seed is there.
    pub params: Params,
}

/// `#/endless?seed=N&difficulty=D&topic=T`: generated puzzles, replayable from the URL. Every
/// change goes through the URL; the router hands the new parameters back.
#[function_component(EndlessPage)]
pub fn endless_page(props: &Props) -> Html {
    let topics = use_memo((), |_| faultline_engine::topics());
    let p = props.params.clone();
    let seed = p.seed.unwrap_or_default();
    // Generating the puzzle is the heavy part of opening it: it runs in a task of its own, after
    // the bar above has been painted, and the player renders in the next one.
    let puzzle = use_deferred(p.clone(), move |p| {
        measured("faultline:engine:puzzle", || {
            Shared(Rc::new(generate_puzzle(
                seed,
                Some(p.difficulty),
                p.topic.as_deref(),
            )))
        })
    });
    focus::use_focus_handover(puzzle.is_some());
    let on_difficulty = {
        let p = p.clone();
        Callback::from(move |difficulty| {
            go(&Params {
                difficulty,
                ..p.clone()
            })
        })
    };
    let on_topic = {
        let p = p.clone();
        Callback::from(move |e: Event| {
            let value = select_value(&e);
            go(&Params {
                topic: (!value.is_empty()).then_some(value),
                ..p.clone()
            });
        })
    };
    let on_next = {
        let p = p.clone();
        Callback::from(move |_: MouseEvent| {
            go(&Params {
                seed: Some(random_seed(p.seed)),
                ..p.clone()
            });
        })
    };
    let key = endless::href(&p);
    // The finished puzzle's own "Next puzzle" keeps the difficulty and topic filters.
    let next_href = AttrValue::from(endless::href(&Params {
        seed: Some(endless::following_seed(seed)),
        ..p.clone()
    }));
    let tags: Vec<String> = p.topic.iter().cloned().collect();
    html! {
        <>
            <section class="player-bar endless-bar" aria-labelledby="endless-title">
                <h2 id="endless-title" class="endless-title">{ "Endless" }</h2>
                <label class="endless-field">
                    <span>{ "Difficulty" }</span>
                    <DifficultySelect value={p.difficulty} on_change={on_difficulty} />
                </label>
                <label class="endless-field">
                    <span>{ "Topic" }</span>
                    <select onchange={on_topic}>
                        <option value="" selected={p.topic.is_none()}>{ "any topic" }</option>
                        { for topics.iter().map(|t| html! {
                            <option value={t.clone()} selected={p.topic.as_deref() == Some(t.as_str())}>{ t }</option>
                        }) }
                    </select>
                </label>
                <p class="endless-seed">
                    <span class="muted small">{ "Seed " }</span>
                    <output class="mono seed-value" aria-label="Puzzle seed">{ seed }</output>
                </p>
                <button type="button" class="button primary" onclick={on_next}>{ "Next puzzle →" }</button>
            </section>
            if let Some(puzzle) = puzzle {
                <PuzzlePlayer on_finished={recorder()} key={key} puzzle={(*puzzle).clone()} tags={tags} next_href={next_href}
                    source={Source::Generated { seed, topic: p.topic.clone() }}
                    progress_id={AttrValue::from(endless::progress_id(&p))} />
            } else {
                <main id="main" class="page modes-page" aria-busy="true">
                    <p class="panel loading-note" role="status">{ "Opening the puzzle…" }</p>
                </main>
            }
        </>
    }
}
