//! The class session's setup on `#/classroom`: where the puzzles come from (generated puzzles at
//! a difficulty, a built-in pack's scenarios, all or some, a built-in learning path, or a list
//! of seeds), checked before
//! the session starts. Bad input is said next to its field; nothing typed is thrown away.

use faultline_engine::pack::LearningPath;
use faultline_engine::Difficulty;
use serde_json::Value;
use yew::prelude::*;

use crate::logic::route::Route;
use crate::modes::classroom::results_store;
use crate::modes::classroom::session::{
    parse_seeds, token_safe_pack_id, Source, MAX_GENERATED, MAX_PUZZLES,
};
use crate::modes::classroom::session_page::new_session;
use crate::modes::common::difficulty_select::DifficultySelect;
use crate::modes::packs;
use crate::modes::packs::path_plan::PathPlan;
use crate::modes::packs::{builtin, paths, scenario_play};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Generated,
    Pack,
    Path,
    Seeds,
}

/// Built-in packs a session can name (students' phones have them too; imported packs are only in
/// the trainer's browser).
fn session_packs() -> Vec<Value> {
    builtin::packs()
        .into_iter()
        .filter(|p| token_safe_pack_id(&packs::pack_id(p)))
        .collect()
}

/// Built-in learning paths a session can name (their ids fit a link).
fn session_paths() -> Vec<LearningPath> {
    paths::all()
        .into_iter()
        .filter(|p| token_safe_pack_id(&p.id) && !p.steps.is_empty())
        .collect()
}

/// The source the form describes, or what is wrong with it.
fn source_of(
    kind: Kind,
    difficulty: Difficulty,
    count: u8,
    pack: Option<&Value>,
    chosen: &[bool],
    seeds: &str,
    path: Option<&LearningPath>,
) -> Result<Source, String> {
    match kind {
        Kind::Generated => Ok(Source::Generated {
            difficulty,
            puzzles: count,
        }),
        Kind::Path => Ok(Source::Path {
            path: path.ok_or("Choose a learning path.")?.id.clone(),
        }),
        Kind::Seeds => parse_seeds(seeds).map(|seeds| Source::Seeds { difficulty, seeds }),
        Kind::Pack => {
            let pack = pack.ok_or("Choose a pack.")?;
            let total = packs::scenarios(pack).len().min(64);
            let scenarios: Vec<u8> = (0..total)
                .filter(|i| chosen.get(*i).copied().unwrap_or(true))
                .filter_map(|i| u8::try_from(i).ok())
                .collect();
            if scenarios.is_empty() {
                return Err("Choose at least one scenario.".into());
            }
            if scenarios.len() > usize::from(MAX_PUZZLES) {
                return Err(format!(
                    "{} scenarios chosen: a session has at most {MAX_PUZZLES}.",
                    scenarios.len()
                ));
            }
            Ok(Source::Pack {
                pack: packs::pack_id(pack),
                scenarios,
            })
        }
    }
}

#[function_component(SessionSetup)]
pub fn session_setup() -> Html {
    let packs_list = use_memo((), |_| session_packs());
    let paths_list = use_memo((), |_| session_paths());
    let all_packs = use_memo((), |_| builtin::packs());
    let path = use_state(|| 0usize);
    let kind = use_state(|| Kind::Generated);
    let difficulty = use_state(|| Difficulty::Medium);
    let count = use_state(|| 3u8);
    let pack = use_state(|| 0usize);
    // Per scenario of the chosen pack: in the session or not (all by default).
    let chosen = use_state(Vec::<bool>::new);
    let seeds = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let current = packs_list.get(*pack);
    let current_path = paths_list.get(*path);
    let start = {
        let (kind, difficulty, count, chosen, seeds, problem) = (
            kind.clone(),
            difficulty.clone(),
            count.clone(),
            chosen.clone(),
            seeds.clone(),
            problem.clone(),
        );
        let current = current.cloned();
        let current_path = current_path.cloned();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match source_of(
                *kind,
                *difficulty,
                *count,
                current.as_ref(),
                &chosen,
                &seeds,
                current_path.as_ref(),
            ) {
                Ok(source) => {
                    let token = new_session(source).token();
                    // Listed below from now on, even before a code comes back.
                    let _ = results_store::add(&token, &[]);
                    crate::dom::go(&Route::ClassSession(token).href());
                }
                Err(why) => problem.set(Some(why)),
            }
        })
    };
    let radio = |value: Kind, id: &'static str, label: &'static str| {
        let checked = *kind == value;
        let (kind, problem) = (kind.clone(), problem.clone());
        let onchange = Callback::from(move |_: Event| {
            kind.set(value);
            problem.set(None);
        });
        html! {
            <label class="choice-line" for={id}>
                <input type="radio" name="session-source" id={id} {checked} {onchange} />
                { label }
            </label>
        }
    };
    let difficulty_field = {
        let d = difficulty.clone();
        html! {
            <label class="field">{ "Difficulty" }
                <DifficultySelect value={*difficulty} on_change={Callback::from(move |v| d.set(v))} />
            </label>
        }
    };
    let problem_id = "session-problem";
    let described = problem.is_some().then_some(problem_id);
    let seeds_described = if problem.is_some() {
        "session-seeds-help session-problem"
    } else {
        "session-seeds-help"
    };
    let details = match *kind {
        Kind::Generated => {
            let on_count = {
                let count = count.clone();
                Callback::from(move |e: Event| {
                    let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    count.set(select.value().parse().unwrap_or(3));
                })
            };
            html! {
                <>
                    { difficulty_field }
                    <div class="field">
                        <label for="session-count">{ "Puzzles per student" }</label>
                        <select id="session-count" onchange={on_count}>
                            { for (1..=MAX_GENERATED).map(|n| html! { <option value={n.to_string()} selected={n == *count}>{ n }</option> }) }
                        </select>
                    </div>
                </>
            }
        }
        Kind::Seeds => {
            let oninput = {
                let (seeds, problem) = (seeds.clone(), problem.clone());
                Callback::from(move |e: InputEvent| {
                    let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
                    seeds.set(area.value());
                    problem.set(None);
                })
            };
            html! {
                <>
                    { difficulty_field }
                    <div class="field session-seeds">
                        <label for="session-seeds">{ "Seeds" }</label>
                        <textarea id="session-seeds" rows="2" spellcheck="false" inputmode="numeric"
                            aria-describedby={seeds_described} aria-invalid={problem.is_some().to_string()}
                            value={(*seeds).clone()} {oninput} />
                        <p id="session-seeds-help" class="muted small">{ format!("Whole numbers, such as the 4821 in “Puzzle 4821”, separated by commas or spaces; at most {MAX_PUZZLES}. Everyone plays them all, each in their own order.") }</p>
                    </div>
                </>
            }
        }
        Kind::Path => {
            let on_path = {
                let (path, problem) = (path.clone(), problem.clone());
                Callback::from(move |e: Event| {
                    let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    path.set(select.value().parse().unwrap_or(0));
                    problem.set(None);
                })
            };
            let about = current_path.map(|p| {
                format!(
                    "{} {} scenarios; everyone plays them all, in the path's order.",
                    p.summary,
                    p.steps.len().min(usize::from(MAX_PUZZLES))
                )
            });
            html! {
                <div class="field">
                    <label for="session-path">{ "Learning path for the session" }</label>
                    <select id="session-path" onchange={on_path} aria-describedby="session-path-help">
                        { for paths_list.iter().enumerate().map(|(i, p)| html! {
                            <option value={i.to_string()} selected={i == *path}>{ p.title.clone() }</option>
                        }) }
                    </select>
                    <p id="session-path-help" class="muted small">{ about.unwrap_or_default() }</p>
                    if let Some(p) = current_path {
                        <PathPlan path={p.clone()} packs={all_packs.clone()} />
                    }
                </div>
            }
        }
        Kind::Pack => {
            let on_pack = {
                let (pack, chosen, problem) = (pack.clone(), chosen.clone(), problem.clone());
                Callback::from(move |e: Event| {
                    let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    pack.set(select.value().parse().unwrap_or(0));
                    chosen.set(vec![]);
                    problem.set(None);
                })
            };
            let scenarios = current.map(packs::scenarios).unwrap_or_default();
            let boxes = scenarios.iter().enumerate().take(64).map(|(i, s)| {
                let info = scenario_play::info(s, i);
                let checked = chosen.get(i).copied().unwrap_or(true);
                let onchange = {
                    let (chosen, problem, n) = (chosen.clone(), problem.clone(), scenarios.len());
                    Callback::from(move |_: Event| {
                        let mut next: Vec<bool> = (0..n).map(|j| chosen.get(j).copied().unwrap_or(true)).collect();
                        next[i] = !checked;
                        chosen.set(next);
                        problem.set(None);
                    })
                };
                let id = format!("session-scenario-{i}");
                html! {
                    <li>
                        <input type="checkbox" id={id.clone()} {checked} {onchange} />
                        <label for={id}><bdi>{ info.title }</bdi><span class="muted small">{ format!(" {}", info.difficulty) }</span></label>
                    </li>
                }
            });
            html! {
                <>
                    <div class="field">
                        <label for="session-pack">{ "Pack for the session" }</label>
                        <select id="session-pack" onchange={on_pack}>
                            { for packs_list.iter().enumerate().map(|(i, p)| html! {
                                <option value={i.to_string()} selected={i == *pack}>{ packs::pack_title(p) }</option>
                            }) }
                        </select>
                    </div>
                    <fieldset class="session-scenarios" aria-describedby={described}>
                        <legend>{ "Scenarios (everyone plays these, in this order)" }</legend>
                        <ul>{ for boxes }</ul>
                    </fieldset>
                </>
            }
        }
    };
    html! {
        <form class="session-form" onsubmit={start} novalidate=true>
            <fieldset class="session-source">
                <legend>{ "Puzzles from" }</legend>
                { radio(Kind::Generated, "source-generated", "Generated: each student gets their own") }
                { radio(Kind::Pack, "source-pack", "A built-in pack") }
                { radio(Kind::Path, "source-path", "A learning path") }
                { radio(Kind::Seeds, "source-seeds", "A list of seeds") }
            </fieldset>
            { details }
            if let Some(p) = (*problem).clone() {
                <p id={problem_id} class="field-problem" role="alert">{ p }</p>
            }
            <button type="submit" class="button primary">{ "Start a class session" }</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_a_source_or_says_what_is_wrong() {
        let packs = session_packs();
        assert!(!packs.is_empty(), "every built-in pack id fits a link");
        let pack = &packs[0];
        let n = packs::scenarios(pack).len();
        let d = Difficulty::Easy;
        assert_eq!(
            source_of(Kind::Generated, d, 4, None, &[], "", None),
            Ok(Source::Generated {
                difficulty: d,
                puzzles: 4
            })
        );
        // Nothing unticked: the whole pack.
        let all = source_of(Kind::Pack, d, 3, Some(pack), &[], "", None).unwrap();
        assert!(matches!(&all, Source::Pack { scenarios, .. } if scenarios.len() == n));
        let some = source_of(
            Kind::Pack,
            d,
            3,
            Some(pack),
            &[false, true, false],
            "",
            None,
        )
        .unwrap();
        assert!(
            matches!(&some, Source::Pack { scenarios, .. } if scenarios[0] == 1 && scenarios.len() == n - 2)
        );
        let none = vec![false; n];
        assert_eq!(
            source_of(Kind::Pack, d, 3, Some(pack), &none, "", None),
            Err("Choose at least one scenario.".into())
        );
        assert_eq!(
            source_of(Kind::Seeds, d, 3, None, &[], "4821, 7", None),
            Ok(Source::Seeds {
                difficulty: d,
                seeds: vec![4821, 7]
            })
        );
        assert!(source_of(Kind::Seeds, d, 3, None, &[], "48x", None)
            .unwrap_err()
            .contains("“48x” is not a seed"));
        let paths = session_paths();
        assert_eq!(
            paths.first().map(|p| p.title.as_str()),
            Some("First hour"),
            "every built-in path id fits a link"
        );
        assert_eq!(
            source_of(Kind::Path, d, 3, None, &[], "", paths.first()),
            Ok(Source::Path {
                path: "first-hour".into()
            })
        );
        assert_eq!(
            source_of(Kind::Path, d, 3, None, &[], "", None),
            Err("Choose a learning path.".into())
        );
    }
}
