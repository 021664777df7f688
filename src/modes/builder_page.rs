use std::rc::Rc;

use faultline_engine::{render_text, simulate};
use serde_json::Value;
use yew::prelude::*;

use super::builder_form::{field_paths, BuilderForm};
use super::dom;
use super::imported_packs::ImportedPacks;
use super::logic::draft::{self, Draft, Field};
use super::logic::{packs, scenario_play};
use super::pack_import::PackImport;
use super::scenario_player::ScenarioPlayer;
use crate::components::Shared;
use crate::storage::{self, BUILDER_DRAFT_KEY, IMPORTED_PACKS_KEY};

const DRAFT_ASIDE_KEY: &str = "faultline.builder.draft.unreadable";

fn load_draft() -> (Draft, Vec<String>) {
    let mut notices = vec![];
    let raw = storage::read(BUILDER_DRAFT_KEY).unwrap_or_else(|p| {
        notices.push(p.notice());
        None
    });
    let (draft, notice) = draft::load(raw.as_deref());
    if let (Some(notice), Some(raw)) = (notice, raw) {
        if let Err(p) = storage::write(DRAFT_ASIDE_KEY, &raw) {
            notices.push(p.notice());
        }
        notices.push(notice);
    }
    (draft, notices)
}

fn live_trace(scenario: &Value) -> Result<String, String> {
    let spec = scenario_play::run_spec(scenario)?;
    simulate(&spec)
        .map(|t| render_text(&t.evidence))
        .map_err(|e| e.to_string())
}

/// `#/builder`: write a scenario and a pack with the live trace beside the form, the engine's
/// validation inline, drafts saved on every change, export and import of pack files, and
/// imported packs that play like built-in ones.
#[function_component(BuilderPage)]
pub fn builder_page() -> Html {
    let loaded = use_memo((), |_| load_draft());
    let draft = {
        let loaded = loaded.clone();
        use_state(move || loaded.0.clone())
    };
    let notices = {
        let loaded = loaded.clone();
        use_state(move || loaded.1.clone())
    };
    let imported = use_state(|| {
        Shared(Rc::new(packs::parse_store(
            storage::read(IMPORTED_PACKS_KEY).ok().flatten().as_deref(),
        )))
    });
    let playing = use_state(|| None::<Shared<Value>>);
    let message = use_state(String::new);

    // Auto-save: every change to the draft is written at once.
    {
        let notices = notices.clone();
        use_effect_with((*draft).clone(), move |d| {
            let text = serde_json::to_string(d).unwrap_or_default();
            if let Err(p) = storage::write(BUILDER_DRAFT_KEY, &text) {
                let notice = p.notice();
                if !notices.contains(&notice) {
                    let mut next = (*notices).clone();
                    next.push(notice);
                    notices.set(next);
                }
            }
        });
    }

    let problems = use_memo((*draft).clone(), |d| packs::check(&d.to_pack()));
    let d = &*draft;
    let selected = d.selected.min(d.scenarios.len().saturating_sub(1));
    let current = d.scenarios.get(selected).cloned();
    let paths = current.as_ref().map(field_paths).unwrap_or_default();
    let (by_field, rest) = draft::place(&problems, selected, &paths);
    let scenario_json = current.as_ref().map(|s| s.to_value());
    let trace = use_memo(scenario_json.clone(), |s| s.as_ref().map(live_trace));

    if let Some(scenario) = &*playing {
        let playing = playing.clone();
        return html! {
            <ScenarioPlayer scenario={scenario.clone()} on_back={Callback::from(move |_| playing.set(None))} />
        };
    }

    let edit = {
        let draft = draft.clone();
        move |f: Box<dyn Fn(&mut Draft)>| {
            let mut next = (*draft).clone();
            f(&mut next);
            draft.set(next);
        }
    };
    let on_change = {
        let edit = edit.clone();
        Callback::from(move |(field, value): (Field, String)| {
            edit(Box::new(move |d: &mut Draft| {
                let i = d.selected;
                if let Some(s) = d.scenarios.get_mut(i) {
                    s.set(&field, value.clone());
                }
            }))
        })
    };
    let pack_field = |key: &'static str, label: &'static str, value: &str, rows: u32| {
        let edit = edit.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let value = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    e.target_dyn_into::<web_sys::HtmlTextAreaElement>()
                        .map(|a| a.value())
                })
                .unwrap_or_default();
            edit(Box::new(move |d: &mut Draft| match key {
                "id" => d.pack.id = value.clone(),
                "title" => d.pack.title = value.clone(),
                _ => d.pack.blurb = value.clone(),
            }))
        });
        let path = format!("pack.{key}");
        let list = by_field.get(&path).cloned().unwrap_or_default();
        let id = format!("pack-{key}");
        let described = (!list.is_empty()).then(|| format!("{id}-problems"));
        let invalid = (!list.is_empty()).to_string();
        html! {
            <div class={classes!("field", (!list.is_empty()).then_some("has-problem"))} data-path={key}>
                <label for={id.clone()}>{ label }</label>
                if rows > 1 {
                    <textarea id={id.clone()} rows={rows.to_string()} value={value.to_string()} {oninput}
                        aria-invalid={invalid} aria-describedby={described} />
                } else {
                    <input id={id.clone()} type="text" value={value.to_string()} {oninput}
                        aria-invalid={invalid} aria-describedby={described} />
                }
                if !list.is_empty() {
                    <ul class="field-problems" id={format!("{id}-problems")}>
                        { for list.iter().map(|p| html! { <li>{ "⚠ " }{ p.clone() }</li> }) }
                    </ul>
                }
            </div>
        }
    };
    let tabs = d.scenarios.iter().enumerate().map(|(i, s)| {
        let edit = edit.clone();
        let label = if s.title.trim().is_empty() { format!("Scenario {}", i + 1) } else { s.title.clone() };
        let count = problems.iter().filter(|p| p.path.starts_with(&format!("scenarios[{i}]"))).count();
        html! {
            <li>
                <button type="button" class={classes!("scenario-tab", (i == selected).then_some("selected"))}
                    aria-pressed={(i == selected).to_string()}
                    onclick={Callback::from(move |_| edit(Box::new(move |d: &mut Draft| d.selected = i)))}>
                    { label }
                    if count > 0 { <span class="badge">{ format!(" ⚠ {count}") }</span> }
                </button>
            </li>
        }
    });
    let add = {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit(Box::new(|d: &mut Draft| d.add_scenario())))
    };
    let remove = {
        let edit = edit.clone();
        Callback::from(move |_: MouseEvent| edit(Box::new(|d: &mut Draft| d.remove_selected())))
    };
    let export = {
        let (draft, message) = (draft.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            let name = format!("{}.json", packs::pack_id(&draft.to_pack()));
            message.set(
                match dom::download(&name, &draft.export(), "application/json") {
                    Ok(()) => format!("✓ Exported {name}."),
                    Err(e) => e,
                },
            );
        })
    };
    let play_current = {
        let (playing, scenario_json) = (playing.clone(), scenario_json.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = &scenario_json {
                playing.set(Some(Shared(Rc::new(s.clone()))));
            }
        })
    };
    let save_imported = {
        let (imported, notices) = (imported.clone(), notices.clone());
        move |list: Vec<Value>| {
            let text = serde_json::to_string(&list).unwrap_or_default();
            if let Err(p) = storage::write(IMPORTED_PACKS_KEY, &text) {
                let mut next = (*notices).clone();
                next.push(p.notice());
                notices.set(next);
            }
            imported.set(Shared(Rc::new(list)));
        }
    };
    let on_pack = {
        let (imported, save) = (imported.clone(), save_imported.clone());
        Callback::from(move |pack: Value| {
            let mut list = (*imported.0).clone();
            packs::add(&mut list, pack);
            save(list);
        })
    };
    let on_delete = {
        let (imported, save) = (imported.clone(), save_imported.clone());
        Callback::from(move |i: usize| {
            let mut list = (*imported.0).clone();
            if i < list.len() {
                list.remove(i);
            }
            save(list);
        })
    };
    let on_edit = {
        let (imported, edit) = (imported.clone(), edit.clone());
        Callback::from(move |i: usize| {
            if let Some(pack) = imported.0.get(i).cloned() {
                edit(Box::new(move |d: &mut Draft| d.append_pack(&pack)));
            }
        })
    };
    let on_play = {
        let playing = playing.clone();
        Callback::from(move |s: Shared<Value>| playing.set(Some(s)))
    };
    html! {
        <main id="main" class="page modes-page builder">
            <section class="panel builder-head" aria-labelledby="builder-heading">
                <h2 id="builder-heading">{ "Scenario builder" }</h2>
                <p class="muted">{ "Every change is saved in this browser as you type. Problems are the ones “faultline check” reports, next to their fields." }</p>
                if !notices.is_empty() {
                    <div class="notice" role="status">{ for notices.iter().map(|n| html! { <p>{ n.clone() }</p> }) }</div>
                }
                <fieldset class="pack-fields">
                    <legend>{ "Pack" }</legend>
                    { pack_field("id", "Pack id", &d.pack.id, 1) }
                    { pack_field("title", "Pack title", &d.pack.title, 1) }
                    { pack_field("blurb", "Blurb", &d.pack.blurb, 2) }
                </fieldset>
                <p class="actions">
                    <button type="button" class="button primary" onclick={export}>{ "Export pack JSON" }</button>
                    <PackImport {on_pack} />
                    <span role="status" class="small">{ (*message).clone() }</span>
                </p>
                <p class={classes!("check-summary", if problems.is_empty() { "ok" } else { "bad" })} role="status" aria-live="polite">
                    { if problems.is_empty() { "✓ The pack passes the check.".to_string() } else { format!("⚠ {} problem(s) in the pack.", problems.len()) } }
                </p>
            </section>
            <nav class="scenario-tabs" aria-label="Scenarios in the pack">
                <ul>{ for tabs }</ul>
                <button type="button" class="button small" onclick={add}>{ "+ Add scenario" }</button>
                if d.scenarios.len() > 1 {
                    <button type="button" class="button small" onclick={remove}>{ "Remove this scenario" }</button>
                }
            </nav>
            <div class="builder-columns">
                <section class="panel" aria-label="Scenario form">
                    if !rest.is_empty() {
                        <ul class="field-problems general" aria-label="Other problems">
                            { for rest.iter().map(|p| html! { <li>{ "⚠ " }{ p.clone() }</li> }) }
                        </ul>
                    }
                    if let Some(s) = current {
                        <BuilderForm scenario={s} index={selected} problems={by_field} {on_change} />
                    }
                </section>
                <section class="panel live-trace" aria-labelledby="live-heading">
                    <h3 id="live-heading">{ "Live trace" }</h3>
                    <p class="muted small">{ "Exactly what a learner sees, re-run on every edit." }</p>
                    <button type="button" class="button small" onclick={play_current}>{ "Play this scenario" }</button>
                    {
                        match &*trace {
                            Some(Ok(text)) => html! { <pre class="mono trace-text" tabindex="0">{ text.clone() }</pre> },
                            Some(Err(e)) => html! { <p class="field-problem">{ format!("The trace cannot run yet: {e}") }</p> },
                            None => html! {},
                        }
                    }
                </section>
            </div>
            <section class="panel" aria-labelledby="imported-heading">
                <h2 id="imported-heading">{ "Imported packs" }</h2>
                <ImportedPacks packs={(*imported).clone()} {on_play} {on_edit} {on_delete} />
            </section>
        </main>
    }
}
