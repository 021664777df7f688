use std::rc::Rc;

use faultline_engine::render_text;
use serde_json::Value;
use yew::prelude::*;

use crate::components::Shared;
use crate::dom;
use crate::modes::builder::draft::{self, Draft, Field};
use crate::modes::builder::draft_store::{self, Saved};
use crate::modes::builder::form::{field_paths, BuilderForm};
use crate::modes::builder::imported_packs::ImportedPacks;
use crate::modes::builder::kept_aside_list::{self, KeptAsideList};
use crate::modes::builder::pack_field::PackField;
use crate::modes::builder::pack_import::PackImport;
use crate::modes::builder::pending::Pending;
use crate::modes::builder::preview::{self, PreviewChoice};
use crate::modes::builder::question::Question;
use crate::modes::builder::scenario_player::ScenarioPlayer;
use crate::modes::builder::shown::{ProblemLinks, Touched};
use crate::modes::investigate::choice::{self, View};
use crate::modes::packs::catalog;
use crate::modes::packs::imported_store;
use crate::modes::packs::scenario_play;
use crate::modes::packs::{self, OnSameId};
use crate::set_aside;
use crate::storage::{BUILDER_DRAFT_KEY, IMPORTED_PACKS_KEY};

/// The learner's view of the scenario as text: the puzzle it plays, with the author's story.
fn live_trace(scenario: &Value) -> Result<String, String> {
    scenario_play::puzzle(scenario).map(|p| render_text(&p.view.evidence))
}

/// A change to the stored imported packs; it returns what to tell the learner.
type ImportedChange = Box<dyn FnOnce(&mut Vec<Value>) -> String>;

/// One line for the notices, once.
fn push_notice(notices: &UseStateHandle<Vec<String>>, notice: String) {
    if !notices.contains(&notice) {
        let mut next = (**notices).clone();
        next.push(notice);
        notices.set(next);
    }
}

/// `#/builder`: write a scenario and a pack with the live trace beside the form, the engine's
/// validation inline, drafts saved on every change, export and import of pack files, imported
/// packs that play like built-in ones, and drafts kept aside to restore, export or discard.
#[function_component(BuilderPage)]
pub fn builder_page() -> Html {
    let loaded = use_memo((), |_| {
        let drafts = draft_store::load();
        let imported = imported_store::load();
        (drafts, imported)
    });
    let draft = {
        let loaded = loaded.clone();
        use_state(move || loaded.0.draft.clone())
    };
    // The stored draft text this tab last loaded or wrote: a different one stored now was saved
    // by another tab.
    let base = {
        let loaded = loaded.clone();
        use_mut_ref(move || loaded.0.base.clone())
    };
    let blocked = loaded.0.blocked.clone();
    let notices = {
        let loaded = loaded.clone();
        use_state(move || {
            let mut all = loaded.0.notices.clone();
            for notice in &loaded.1.notices {
                // Storage turned off is said once, not once per store.
                if !all.contains(notice) {
                    all.push(notice.clone());
                }
            }
            all
        })
    };
    let imported = {
        let loaded = loaded.clone();
        use_state(move || Shared(Rc::new(loaded.1.packs.clone())))
    };
    let aside = use_state(draft_store::kept_aside);
    let other_tab = use_state(|| false);
    let pending = use_state(|| None::<Pending>);
    let playing = use_state(|| None::<(Shared<Value>, String, View)>);
    let message = use_state(String::new);
    let alert = use_state(String::new);
    let touched = use_state(Touched::default);

    // Another tab changed the imported packs, the kept-aside items or the draft: show the
    // imported packs and kept-aside items as stored now; say the draft changed elsewhere.
    {
        let (imported, aside, other_tab) = (imported.clone(), aside.clone(), other_tab.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                gloo_events::EventListener::new(&window, "storage", move |event| {
                    let key = js_sys::Reflect::get(event, &"key".into())
                        .ok()
                        .and_then(|k| k.as_string());
                    let is = |wanted: &str| key.as_deref().is_none_or(|k| k == wanted);
                    if is(IMPORTED_PACKS_KEY) {
                        imported.set(Shared(Rc::new(imported_store::load().packs)));
                    }
                    if key
                        .as_deref()
                        .is_none_or(|k| k.starts_with(set_aside::PREFIX))
                    {
                        aside.set(draft_store::kept_aside());
                    }
                    if key.as_deref() == Some(BUILDER_DRAFT_KEY) {
                        other_tab.set(true);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Auto-save: every change to the draft is written at once, never over a draft another tab
    // saved in the meantime (that one is kept aside first).
    {
        let (notices, aside, other_tab, base) = (
            notices.clone(),
            aside.clone(),
            other_tab.clone(),
            base.clone(),
        );
        use_effect_with((*draft).clone(), move |d| {
            if blocked.is_some() {
                return;
            }
            match draft_store::save(&mut base.borrow_mut(), d) {
                Ok(Saved::Quietly) => {}
                Ok(Saved::KeptOther) => {
                    push_notice(
                        &notices,
                        "Another tab saved a different draft after this one was opened. Its \
                         version is kept aside below, under “Kept aside”, where you can restore \
                         or export it; the draft in this tab is the one saved now."
                            .into(),
                    );
                    other_tab.set(false);
                    aside.set(draft_store::kept_aside());
                }
                Err(notice) => push_notice(&notices, notice),
            }
        });
    }

    let problems = use_memo((*draft).clone(), |d| packs::check(&d.to_pack()));
    let d = &*draft;
    let selected = d.selected.min(d.scenarios.len().saturating_sub(1));
    let current = d.scenarios.get(selected).cloned();
    let paths = current.as_ref().map(field_paths).unwrap_or_default();
    let blockers = preview::blockers(&problems, selected, &paths);
    let (by_field, rest) = draft::place(&problems, selected, &paths);
    let (by_field, rest) = (
        touched.filter(selected, by_field),
        if touched.all { rest } else { vec![] },
    );
    let linked: Vec<(String, String)> = by_field
        .iter()
        .flat_map(|(k, l)| l.iter().map(|p| (k.clone(), p.clone())))
        .collect();
    let scenario_json = current.as_ref().map(|s| s.to_value());
    let trace = use_memo(scenario_json.clone(), |s| s.as_ref().map(live_trace));

    // The draft stays in this page's state (and its store) while a scenario plays.
    if let Some((scenario, progress_id, view)) = &*playing {
        let on_view = {
            let (playing, scenario, id) = (playing.clone(), scenario.clone(), progress_id.clone());
            Callback::from(move |v: View| playing.set(Some((scenario.clone(), id.clone(), v))))
        };
        let playing = playing.clone();
        return html! {
            <ScenarioPlayer scenario={scenario.clone()} progress_id={AttrValue::from(progress_id.clone())}
                view={*view} {on_view} on_back={Callback::from(move |_| playing.set(None))} />
        };
    }

    let edit = {
        let draft = draft.clone();
        move |f: Box<dyn Fn(&mut Draft)>| {
            let mut next = (*draft).clone();
            next.clamp_selected();
            f(&mut next);
            next.clamp_selected();
            draft.set(next);
        }
    };
    let on_change = {
        let (edit, touched, current) = (edit.clone(), touched.clone(), current.clone());
        Callback::from(move |(field, value): (Field, String)| {
            let path = current.as_ref().map(|s| field.path(s)).unwrap_or_default();
            touched.set(touched.mark(selected, &path));
            edit(Box::new(move |d: &mut Draft| {
                let i = d.selected;
                if let Some(s) = d.scenarios.get_mut(i) {
                    s.set(&field, value.clone());
                }
            }))
        })
    };
    let pack_field = |key: &'static str, label: &'static str, value: &str, rows: u32| {
        let (edit, touched) = (edit.clone(), touched.clone());
        let on_input = Callback::from(move |value: String| {
            touched.set(touched.mark(0, &format!("pack.{key}")));
            edit(Box::new(move |d: &mut Draft| match key {
                "id" => d.pack.id = value.clone(),
                "title" => d.pack.title = value.clone(),
                _ => d.pack.blurb = value.clone(),
            }))
        });
        let problems = by_field
            .get(&format!("pack.{key}"))
            .cloned()
            .unwrap_or_default();
        html! { <PackField key_name={key} {label} value={value.to_string()} {rows} {problems} {on_input} /> }
    };
    let tabs = d.scenarios.iter().enumerate().map(|(i, s)| {
        let edit = edit.clone();
        let label = if s.title.trim().is_empty() { format!("Scenario {}", i + 1) } else { s.title.clone() };
        let count = problems.iter().filter(|p| p.path.starts_with(&format!("scenarios[{i}]"))).count();
        html! {
            <li>
                <button type="button" class={classes!("scenario-tab", (i == selected).then_some("selected"))}
                    aria-pressed={(i == selected).to_string()}
                    onclick={Callback::from(move |_| edit(Box::new(move |d: &mut Draft| d.select(i))))}>
                    <bdi>{ label }</bdi>
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
    let on_preview = {
        let (playing, scenario_json) = (playing.clone(), scenario_json.clone());
        Callback::from(move |view: View| {
            if let Some(s) = &scenario_json {
                // Namespaced like imported scenarios: a draft never marks a built-in one solved.
                let id = format!("builder:{}", scenario_play::info(s, 0).id);
                playing.set(Some((Shared(Rc::new(s.clone())), id, view)));
            }
        })
    };
    // A refused preview shows each problem beside its field as well.
    let on_refused = {
        let (touched, blockers) = (touched.clone(), blockers.clone());
        Callback::from(move |()| {
            let marked = blockers
                .linked
                .iter()
                .fold((*touched).clone(), |t, (path, _)| t.mark(selected, path));
            touched.set(marked);
        })
    };
    // Every change to the imported packs is made to what is stored now (another tab may have
    // changed it), then shown.
    let change_imported = {
        let (imported, notices, message, alert) = (
            imported.clone(),
            notices.clone(),
            message.clone(),
            alert.clone(),
        );
        move |change: ImportedChange| match imported_store::update(change) {
            Ok(updated) => {
                for notice in updated.notices {
                    push_notice(&notices, notice);
                }
                imported.set(Shared(Rc::new(updated.packs)));
                alert.set(String::new());
                message.set(updated.result);
            }
            Err(why) => {
                message.set(String::new());
                alert.set(format!("Nothing was changed: {why}"));
            }
        }
    };
    let store_pack = {
        let change = change_imported.clone();
        move |file: String, pack: Value, choice: OnSameId| {
            change(Box::new(move |list: &mut Vec<Value>| {
                let id = packs::add(list, pack, choice);
                format!(
                    "✓ {file} is stored as imported:{id} — listed below and under Puzzle packs."
                )
            }))
        }
    };
    let on_pack = {
        let (pending, message, alert, store) = (
            pending.clone(),
            message.clone(),
            alert.clone(),
            store_pack.clone(),
        );
        Callback::from(move |(file, pack): (String, Value)| {
            // What the last import said is not about this one.
            message.set(String::new());
            alert.set(String::new());
            let now = imported_store::load();
            if let Some(why) = now.blocked {
                alert.set(format!("{file} was not stored: {why}"));
                return;
            }
            match packs::same_id(&now.packs, &pack) {
                Some(i) => pending.set(Some(Pending::Replace {
                    file,
                    pack,
                    existing_title: packs::pack_title(&now.packs[i]),
                })),
                None => store(file, pack, OnSameId::KeepBoth),
            }
        })
    };
    let on_delete = {
        let change = change_imported.clone();
        Callback::from(move |id: String| {
            change(Box::new(move |list: &mut Vec<Value>| {
                if packs::remove(list, &id) {
                    format!("✓ Deleted imported:{id}.")
                } else {
                    format!("imported:{id} was already deleted (in another tab).")
                }
            }))
        })
    };
    let on_edit = {
        let (imported, edit) = (imported.clone(), edit.clone());
        Callback::from(move |id: String| {
            if let Some(pack) = imported.0.iter().find(|p| packs::pack_id(p) == id).cloned() {
                edit(Box::new(move |d: &mut Draft| d.append_pack(&pack)));
            }
        })
    };
    let on_play = {
        let playing = playing.clone();
        Callback::from(move |(pack, s): (String, Shared<Value>)| {
            let route_id = format!("{}{pack}", packs::IMPORTED_PREFIX);
            let id = catalog::progress_id(&route_id, &scenario_play::info(&s, 0).id);
            let view = choice::default_for(scenario_play::difficulty(&s));
            playing.set(Some((s, id, view)))
        })
    };

    // Kept-aside drafts: export, restore (keeping the current draft aside first), discard.
    let find_aside = |key: &str| set_aside::list().into_iter().find(|i| i.key == key);
    let gone = "That kept-aside item is no longer there (another tab may have restored or \
                discarded it).";
    let on_export_aside = {
        let (aside, message, alert) = (aside.clone(), message.clone(), alert.clone());
        Callback::from(move |key: String| {
            let Some(item) = find_aside(&key) else {
                alert.set(gone.into());
                aside.set(draft_store::kept_aside());
                return;
            };
            let (name, text) = match draft::load(Some(&item.value)) {
                Ok(d) if item.kind == set_aside::kind::BUILDER_DRAFT => {
                    (format!("{}.json", packs::pack_id(&d.to_pack())), d.export())
                }
                // Unreadable: the text exactly as it was kept.
                _ => (
                    format!("faultline-{}-{}.json", item.kind, item.saved_ms),
                    item.value.clone(),
                ),
            };
            match dom::download(&name, &text, "application/json") {
                Ok(()) => message.set(format!("✓ Exported {name}.")),
                Err(e) => alert.set(e),
            }
        })
    };
    let restore = {
        let (draft, base, aside, message, alert) = (
            draft.clone(),
            base.clone(),
            aside.clone(),
            message.clone(),
            alert.clone(),
        );
        let blocked = loaded.0.blocked.clone();
        move |key: String| {
            let Some(item) = find_aside(&key) else {
                alert.set(gone.into());
                aside.set(draft_store::kept_aside());
                return;
            };
            if let Some(why) = &blocked {
                alert.set(format!("Not restored: {why}"));
                return;
            }
            let Ok(restored) = draft::load(Some(&item.value)) else {
                alert.set("That item cannot be read as a draft; export it to look at it.".into());
                return;
            };
            let had_content = draft.has_content();
            if had_content {
                if let Err(why) = draft_store::keep_aside(&draft) {
                    alert.set(format!(
                        "Not restored: the draft in the builder could not be kept aside ({why})."
                    ));
                    return;
                }
            }
            if let Err(why) = draft_store::save(&mut base.borrow_mut(), &restored) {
                alert.set(format!("Not restored: {why}"));
                aside.set(draft_store::kept_aside());
                return;
            }
            // Saved as the current draft, so its kept-aside copy can go.
            let _ = set_aside::discard(&item.key);
            draft.set(restored);
            aside.set(draft_store::kept_aside());
            alert.set(String::new());
            message.set(format!(
                "✓ Restored the draft kept aside {}.{}",
                kept_aside_list::when(item.saved_ms),
                if had_content {
                    " The draft you had is kept aside below."
                } else {
                    ""
                }
            ));
        }
    };
    let on_restore_aside = {
        let (pending, draft, restore) = (pending.clone(), draft.clone(), restore.clone());
        Callback::from(move |key: String| match find_aside(&key) {
            Some(item) if draft.has_content() => pending.set(Some(Pending::Restore(item))),
            _ => restore(key),
        })
    };
    let on_discard_aside = {
        let pending = pending.clone();
        Callback::from(move |key: String| {
            if let Some(item) = find_aside(&key) {
                pending.set(Some(Pending::Discard(item)));
            }
        })
    };
    let question = |place: &str| -> Html {
        let Some(asked) = (*pending).clone() else {
            return html! {};
        };
        if asked.place() != place {
            return html! {};
        }
        let (text, choices) = asked.wording(&imported.0);
        let on_choose = {
            let (pending, store, restore, aside, alert) = (
                pending.clone(),
                store_pack.clone(),
                restore.clone(),
                aside.clone(),
                alert.clone(),
            );
            Callback::from(move |choice: usize| {
                pending.set(None);
                match (&asked, choice) {
                    (Pending::Replace { file, pack, .. }, 0 | 1) => store(
                        file.clone(),
                        pack.clone(),
                        if choice == 0 {
                            OnSameId::Replace
                        } else {
                            OnSameId::KeepBoth
                        },
                    ),
                    (Pending::Restore(item), 0) => restore(item.key.clone()),
                    (Pending::Discard(item), 0) => {
                        if let Err(p) = set_aside::discard(&item.key) {
                            alert.set(p.notice());
                        }
                        aside.set(draft_store::kept_aside());
                    }
                    _ => {}
                }
            })
        };
        html! {
            <Question id={AttrValue::from(format!("question-{place}"))} text={AttrValue::from(text)}
                choices={choices.into_iter().map(AttrValue::from).collect::<Vec<_>>()} {on_choose} />
        }
    };
    html! {
        <main id="main" class="page modes-page builder">
            <section class="panel builder-head" aria-labelledby="builder-heading">
                <h2 id="builder-heading">{ "Scenario builder" }</h2>
                <p class="muted">{ "Every change is saved in this browser as you type. Once you fill in a field, what “faultline check” finds wrong with it shows beside it." }</p>
                if !notices.is_empty() {
                    <div class="notice" role="status">{ for notices.iter().map(|n| html! { <p>{ n.clone() }</p> }) }</div>
                }
                if *other_tab {
                    <p class="notice" role="status">{ "The draft was changed in another tab. Your next change here keeps that version aside (under “Kept aside”) before saving this one; reload this page to continue from it instead." }</p>
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
                if !alert.is_empty() {
                    <p role="alert" class="field-problem">{ (*alert).clone() }</p>
                }
                { question("import") }
                <p class={classes!("check-summary", if problems.is_empty() { "ok" } else { "bad" })} role="status" aria-live="polite">
                    { if problems.is_empty() { "✓ The pack passes the check.".to_string() } else { format!("⚠ {} problem(s) in the pack.", problems.len()) } }
                    if !problems.is_empty() && !touched.all {
                        { " " }<button type="button" class="link-button" onclick={{ let t = touched.clone(); Callback::from(move |_| t.set(t.everything())) }}>{ "Show them all" }</button>
                    }
                </p>
                <ProblemLinks problems={linked} />
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
                    <PreviewChoice key={selected.to_string()} {blockers} {on_preview} {on_refused} />
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
            if !aside.is_empty() {
                <section class="panel kept-aside" aria-labelledby="aside-heading">
                    <h2 id="aside-heading">{ "Kept aside" }</h2>
                    <p class="muted">{ "Drafts replaced by a restore or saved over by another tab, and anything that could not be read, are kept here until you discard them." }</p>
                    { question("aside") }
                    <KeptAsideList items={(*aside).clone()} on_export={on_export_aside}
                        on_restore={on_restore_aside} on_discard={on_discard_aside} />
                </section>
            }
        </main>
    }
}
