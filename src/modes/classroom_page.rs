use std::rc::Rc;

use faultline_engine::{generate_puzzle, Difficulty, Puzzle};
use serde_json::Value;
use yew::prelude::*;

use super::logic::{builtin, packs, scenario_play};
use super::presenter::Presenter;
use crate::components::Shared;
use crate::storage::{self, IMPORTED_PACKS_KEY};

fn all_packs() -> Vec<Value> {
    let mut list = builtin::packs();
    list.extend(packs::parse_store(
        storage::read(IMPORTED_PACKS_KEY).ok().flatten().as_deref(),
    ));
    list
}

/// `#/classroom`: choose a pack scenario (or a random puzzle) to present, or print a pack's
/// worksheet.
#[function_component(ClassroomPage)]
pub fn classroom_page() -> Html {
    let packs_list = use_memo((), |_| all_packs());
    let pack = use_state(|| 0usize);
    let showing = use_state(|| None::<(Shared<Puzzle>, String)>);
    let problem = use_state(String::new);
    if let Some((puzzle, title)) = &*showing {
        let showing = showing.clone();
        return html! {
            <>
                <p class="player-bar">
                    <button type="button" class="button" onclick={Callback::from(move |_| showing.set(None))}>{ "← Choose another" }</button>
                </p>
                <Presenter key={title.clone()} puzzle={puzzle.clone()} title={AttrValue::from(title.clone())} />
            </>
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
    let scenarios = packs::scenarios(&current).iter().enumerate().map(|(i, s)| {
        let info = scenario_play::info(s, i);
        let (showing, problem, s) = (showing.clone(), problem.clone(), s.clone());
        let title = info.title.clone();
        let onclick = Callback::from(move |_: MouseEvent| match scenario_play::puzzle(&s) {
            Ok(p) => showing.set(Some((Shared(Rc::new(p)), title.clone()))),
            Err(e) => problem.set(format!("“{title}” cannot be presented: {e}")),
        });
        html! {
            <li>
                <button type="button" class="button" {onclick}>{ format!("Present “{}”", info.title) }</button>
                <span class="muted small">{ format!(" {} · {}", info.difficulty, info.tags.join(", ")) }</span>
            </li>
        }
    });
    let random = {
        let showing = showing.clone();
        Callback::from(move |_: MouseEvent| {
            let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
            let p = generate_puzzle(seed, Some(Difficulty::Medium), None);
            showing.set(Some((Shared(Rc::new(p)), format!("Puzzle {seed}"))));
        })
    };
    let worksheet = format!("#/classroom/worksheet/{}", packs::pack_id(&current));
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
                if !problem.is_empty() {
                    <p class="field-problem" role="alert">{ (*problem).clone() }</p>
                }
                <ol class="scenario-list present-list">{ for scenarios }</ol>
            </section>
        </main>
    }
}
