use std::rc::Rc;

use faultline_engine::{generate_puzzle, Difficulty, Puzzle};
use serde_json::Value;
use yew::prelude::*;

use crate::components::Shared;
use crate::logic::route::Route;
use crate::modes::classroom::presenter::Presenter;
use crate::modes::classroom::qr::Qr;
use crate::modes::classroom::result_code::Session;
use crate::modes::classroom::results_store;
use crate::modes::classroom::room_probe::ProbeRun;
use crate::modes::classroom::session_setup::SessionSetup;
use crate::modes::packs;
use crate::modes::packs::catalog;
use crate::modes::packs::pack_data;
use crate::modes::packs::scenario_play;

/// Built-in packs, then imported ones under their `imported:` ids.
fn all_packs() -> Vec<Value> {
    pack_data::all().0.into_iter().map(|(p, _)| p).collect()
}

/// What the presenter shows, from the route, so a reload or a shared link keeps the puzzle.
#[derive(Clone, Debug, PartialEq)]
pub enum Presenting {
    /// `#/classroom/present/<pack>/<scenario>` (ids still percent-encoded).
    Scenario(String, String),
    /// `#/classroom/seed/<seed>`: a generated medium puzzle.
    Seed(u64),
}

#[derive(Properties, PartialEq)]
pub struct Props {
    #[prop_or_default]
    pub present: Option<Presenting>,
}

/// The puzzle and title to present, or why it cannot be.
fn presented(what: &Presenting) -> Result<(Shared<Puzzle>, String, Option<ProbeRun>), String> {
    match what {
        Presenting::Seed(seed) => {
            let p = generate_puzzle(*seed, Some(Difficulty::Medium), None);
            let run = ProbeRun::Generated {
                seed: *seed,
                difficulty: Some(Difficulty::Medium),
            };
            Ok((Shared(Rc::new(p)), format!("Puzzle {seed}"), Some(run)))
        }
        Presenting::Scenario(pack, scenario) => {
            let (pack_id, scenario_id) = (catalog::unescape(pack), catalog::unescape(scenario));
            let (pack, _) = pack_data::find(&pack_id)
                .ok_or_else(|| format!("There is no pack with the id “{pack_id}”."))?;
            let (index, s) = catalog::find_scenario(&pack, &scenario_id)
                .ok_or_else(|| format!("The pack “{pack_id}” has no scenario “{scenario_id}”."))?;
            let info = scenario_play::info(s, index);
            let p = scenario_play::puzzle(s)
                .map_err(|e| format!("“{}” cannot be presented: {e}", info.title))?;
            Ok((Shared(Rc::new(p)), info.title, ProbeRun::of_scenario(s)))
        }
    }
}

/// `#/classroom`: choose a pack scenario (or a random puzzle) to present, or print a pack's
/// worksheet. Presenting opens a route of its own, so reloading or sharing keeps the puzzle.
#[function_component(ClassroomPage)]
pub fn classroom_page(props: &Props) -> Html {
    let packs_list = use_memo((), |_| all_packs());
    let pack = use_state(|| 0usize);
    if let Some(what) = &props.present {
        // The same puzzle on the students' phones, to try themselves after the room's turn.
        let phone = match what {
            Presenting::Scenario(pack, scenario) => {
                catalog::scenario_href(&catalog::unescape(pack), &catalog::unescape(scenario))
            }
            Presenting::Seed(seed) => crate::logic::endless::href(&crate::logic::endless::Params {
                seed: Some(*seed),
                difficulty: Difficulty::Medium,
                topic: None,
            }),
        };
        let phone = format!(
            "{}{phone}",
            crate::modes::challenge::base_of(&crate::dom::href())
        );
        let back = html! {
            <nav class="player-bar" aria-label="Presenting">
                <a class="button" href="#/classroom">{ "← Choose another" }</a>
                <details class="phone-qr">
                    <summary>{ "This puzzle on phones (QR code)" }</summary>
                    <Qr text={AttrValue::from(phone.clone())} label="QR code of the link to this puzzle" />
                    <p class="mono join-link"><a href={phone.clone()}>{ phone }</a></p>
                </details>
            </nav>
        };
        return match presented(what) {
            Ok((puzzle, title, run)) => html! {
                <>
                    { back }
                    <Presenter key={title.clone()} puzzle={puzzle} title={AttrValue::from(title.clone())} {run} />
                </>
            },
            Err(problem) => html! {
                <>
                    { back }
                    <main id="main" class="page modes-page">
                        <p class="panel field-problem" role="alert">{ problem }</p>
                    </main>
                </>
            },
        };
    }
    let current = packs_list.get(*pack).cloned().unwrap_or(Value::Null);
    let on_pack = {
        let pack = pack.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            pack.set(select.value().parse().unwrap_or(0));
        })
    };
    let pack_options = packs_list.iter().enumerate().map(|(i, p)| {
        html! { <option value={i.to_string()} selected={i == *pack}>{ packs::pack_title(p) }</option> }
    });
    let pack_id = packs::pack_id(&current);
    // Difficulty only: topic tags ("database", "tls") would tell the room the answer.
    let scenarios = packs::scenarios(&current).iter().enumerate().map(|(i, s)| {
        let info = scenario_play::info(s, i);
        html! {
            <li>
                <a class="button" href={catalog::present_href(&pack_id, &info.id)}>{ "Present “" }<bdi>{ info.title.clone() }</bdi>{ "”" }</a>
                <span class="muted small">{ format!(" {}", info.difficulty) }</span>
            </li>
        }
    });
    let random = Callback::from(move |_: MouseEvent| {
        let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
        crate::dom::go(&crate::logic::route::Route::PresentSeed(seed).href());
    });
    let worksheet = catalog::worksheet_href(&pack_id);
    let earlier = results_store::sessions()
        .into_iter()
        .filter_map(|t| Session::parse(&t).map(|s| (t, s)))
        .map(|(t, s)| {
            html! {
                <li>
                    <a href={Route::ClassSession(t.clone()).href()}>{ format!("{} ({})", s.label(), &t[t.len() - 4..]) }</a>
                    { " · " }
                    <a href={Route::Results(t).href()}>{ "results" }</a>
                </li>
            }
        })
        .collect::<Html>();
    html! {
        <main id="main" class="page modes-page classroom">
            <section class="panel" aria-labelledby="classroom-heading">
                <h2 id="classroom-heading">{ "Classroom" }</h2>
                <p class="muted">{ "Present an incident on a projector: large type, answers hidden until you reveal them, keyboard stepping and an optional timer. Or print a worksheet for a pack." }</p>
                <div class="field">
                    <label for="classroom-pack">{ "Pack" }</label>
                    <select id="classroom-pack" onchange={on_pack}>{ for pack_options }</select>
                </div>
                <p class="actions">
                    <a class="button" href={worksheet}>{ "Printable worksheet for this pack" }</a>
                    <button type="button" class="button" onclick={random}>{ "Present a random puzzle" }</button>
                </p>
                <ol class="scenario-list present-list">{ for scenarios }</ol>
            </section>
            <section class="panel" aria-labelledby="session-heading">
                <h2 id="session-heading">{ "Class session" }</h2>
                <p class="muted">{ "No server and no accounts: students join with a QR code, play the session's puzzles on their phone and send you a signed result code; you paste (or scan) the codes into a results table and download it as CSV. A second window shows the room's puzzle on the projector." }</p>
                <SessionSetup />
                <ul class="session-list" aria-label="Your sessions">{ earlier }</ul>
            </section>
        </main>
    }
}
