use yew::prelude::*;

use crate::dom;
use crate::modes::progress::mastery_chart::MasteryChart;
use crate::modes::progress::names;
use crate::progress::store::{self as progress_store, Stored};
use crate::progress::{self, Progress};
use crate::set_aside::{self, AsideItem};
use crate::storage::PROGRESS_KEY;

/// More rows than this are not drawn (an imported file may hold thousands); export shows all.
const MAX_ROWS: usize = 500;

/// A change that loses something unless the learner meant it: asked in the page first.
#[derive(Clone, PartialEq)]
enum Confirm {
    Replace { source: String, progress: Progress },
    Discard { key: String, label: String },
}

/// `#/progress`: best result per scenario, mastery per topic, streaks; export, merge or replace
/// from a file; progress kept aside (unreadable data, copies taken before a replace) can be
/// downloaded, restored or discarded. Follows changes made in other tabs.
#[function_component(ProgressPage)]
pub fn progress_page() -> Html {
    let stored = use_state(progress_store::load);
    let message = use_state(|| None::<(bool, String)>);
    let confirm = use_state(|| None::<Confirm>);
    let confirm_button = use_node_ref();
    // Another tab (storage event) or this one (recording, importing) changed progress: re-read.
    {
        let stored = stored.clone();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|window| {
                let on_storage = {
                    let stored = stored.clone();
                    gloo_events::EventListener::new(&window, "storage", move |event| {
                        let key = js_sys::Reflect::get(event, &"key".into())
                            .ok()
                            .and_then(|k| k.as_string());
                        // No key: storage was cleared.
                        if key.is_none_or(|k| k == PROGRESS_KEY || k.starts_with(set_aside::PREFIX))
                        {
                            stored.set(progress_store::load());
                        }
                    })
                };
                let on_change = gloo_events::EventListener::new(
                    &window,
                    progress_store::CHANGED_EVENT,
                    move |_| stored.set(progress_store::load()),
                );
                (on_storage, on_change)
            });
            move || drop(listeners)
        });
    }
    {
        let confirm_button = confirm_button.clone();
        use_effect_with(confirm.is_some(), move |open| {
            if *open {
                if let Some(button) = confirm_button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }
    let Stored {
        progress: p,
        notices,
        aside,
        other_aside,
        unsaved,
    } = &*stored;
    let say = {
        let message = message.clone();
        move |ok: bool, text: String| message.set(Some((ok, text)))
    };

    let on_export = {
        let say = say.clone();
        Callback::from(move |_: MouseEvent| {
            // Read now, not when the page opened: another tab may have added results since.
            let current = progress_store::load().progress;
            if let Err(e) = dom::download(
                "faultline-progress.json",
                &progress::export(&current),
                "application/json",
            ) {
                say(false, e);
            }
        })
    };
    let on_merge_file = {
        let say = say.clone();
        chosen_file(
            say.clone(),
            move |name, imported| match progress_store::merge(&imported) {
                Ok((_, summary)) => say(
                    true,
                    format!("{} (from {name})", summary.describe().trim_end_matches('.')) + ".",
                ),
                Err(e) => say(
                    false,
                    format!("{name} was read but could not be merged: {e} Nothing changed."),
                ),
            },
        )
    };
    let on_replace_file = {
        let confirm = confirm.clone();
        chosen_file(say.clone(), move |name, imported| {
            confirm.set(Some(Confirm::Replace {
                source: name,
                progress: imported,
            }))
        })
    };
    let on_confirm = {
        let (confirm, say) = (confirm.clone(), say.clone());
        Callback::from(move |_: MouseEvent| {
            match (*confirm).clone() {
                Some(Confirm::Replace { source, progress }) => {
                    match progress_store::replace(&progress) {
                        Ok(()) => say(
                            true,
                            format!(
                                "Replaced your progress with {source}. What you had before is \
                                 kept aside below: restore it any time."
                            ),
                        ),
                        Err(e) => say(false, format!("Your progress was not replaced: {e}.")),
                    }
                }
                Some(Confirm::Discard { key, label }) => {
                    match progress_store::discard_aside(&key) {
                        Ok(()) => say(true, format!("Discarded {label}.")),
                        Err(e) => say(false, e),
                    }
                }
                None => {}
            }
            confirm.set(None);
        })
    };
    let on_cancel = {
        let (confirm, say) = (confirm.clone(), say.clone());
        Callback::from(move |_: MouseEvent| {
            confirm.set(None);
            say(true, "Nothing changed.".into());
        })
    };

    let aside_rows = aside
        .iter()
        .rev()
        .map(|item| aside_row(item, &confirm, &say));
    let other_aside_rows = other_aside
        .iter()
        .rev()
        .map(|item| other_aside_row(item, &confirm, &say));
    let mastery = names::mastery_rows(p);
    let packs = use_memo((), |_| crate::modes::packs::pack_data::all().0);
    let rows = p.results.iter().take(MAX_ROWS).map(|(id, r)| {
        let (title, href) = names::result_name(id, &packs);
        html! {
            <tr>
                <th scope="row" data-label="Puzzle">
                    if let Some(href) = href {
                        <a {href} title={id.clone()}><bdi>{ title }</bdi></a>
                    } else {
                        <bdi title={id.clone()}>{ title }</bdi>
                    }
                </th>
                <td data-label="Best score">{ format!("{} / {}", r.best_score, r.max_score) }</td>
                <td data-label="Solved">{ if r.solved { "✓ solved" } else { "✗ not yet" } }</td>
                <td data-label="Attempts">{ r.attempts }</td>
                <td data-label="Hints (best)">{ r.hints }</td>
                <td data-label="Time (best)">{ format!("{} s", r.seconds) }</td>
            </tr>
        }
    });
    let confirm_box = (*confirm).clone().map(|asked| {
        let (title, text, action) = match &asked {
            Confirm::Replace { source, progress } => (
                "Replace all your progress?".to_string(),
                format!(
                    "Your progress ({} results) will be replaced by {source} ({} results). A copy \
                     of what you have now is kept aside first, so you can restore it.",
                    p.results.len(),
                    progress.results.len()
                ),
                "Replace my progress",
            ),
            Confirm::Discard { label, .. } => (
                format!("Discard {label}?"),
                "It is deleted from this browser for good. Download it first if you may need it."
                    .to_string(),
                "Discard it",
            ),
        };
        html! {
            <div class="notice confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
                <h3 id="confirm-title">{ title }</h3>
                <p id="confirm-text">{ text }</p>
                <p class="actions">
                    <button type="button" class="button primary" ref={confirm_button.clone()} onclick={on_confirm.clone()}>{ action }</button>
                    <button type="button" class="button" onclick={on_cancel.clone()}>{ "Cancel" }</button>
                </p>
            </div>
        }
    });
    html! {
        <main id="main" class="page modes-page progress-page">
            <section class="panel" aria-labelledby="progress-heading">
                <h2 id="progress-heading">{ "Progress" }</h2>
                <p class="muted">{ "Stored in this browser only. Export it to keep it or move it to another browser." }</p>
                if !notices.is_empty() || unsaved.is_some() {
                    <div class="notice" role="status">
                        { for notices.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                        { for unsaved.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                    </div>
                }
                if let Some((ok, text)) = &*message {
                    <p class={classes!("message", if *ok { "ok" } else { "bad" })} role="status">
                        { if *ok { "✓ " } else { "⚠ " } }{ text.clone() }
                    </p>
                }
                { for confirm_box }
                <dl class="streaks">
                    <div><dt>{ "Current streak" }</dt><dd>{ format!("{} day{}", p.streak.current, if p.streak.current == 1 { "" } else { "s" }) }</dd></div>
                    <div><dt>{ "Best streak" }</dt><dd>{ format!("{} day{}", p.streak.best, if p.streak.best == 1 { "" } else { "s" }) }</dd></div>
                    <div><dt>{ "Puzzles tried" }</dt><dd>{ p.results.len() }</dd></div>
                    <div><dt>{ "Solved" }</dt><dd>{ p.results.values().filter(|r| r.solved).count() }</dd></div>
                </dl>
                <p class="actions">
                    <button type="button" class="button primary" onclick={on_export}>{ "Export progress" }</button>
                    <label class="button file-button">
                        { "Import progress…" }
                        <input type="file" accept=".json,application/json" class="visually-hidden"
                            aria-label="Import progress file (merge)" onchange={on_merge_file} />
                    </label>
                    <label class="button file-button">
                        { "Replace with a file…" }
                        <input type="file" accept=".json,application/json" class="visually-hidden"
                            aria-label="Replace progress with a file" onchange={on_replace_file} />
                    </label>
                </p>
                <p class="muted small">{ format!(
                    "Import merges: every puzzle keeps its best result and nothing is removed. \
                     Replace asks first and keeps a copy of your current progress. Files up to {} MB.",
                    progress::MAX_IMPORT_BYTES / (1024 * 1024)
                ) }</p>
            </section>
            if !aside.is_empty() {
                <section class="panel" aria-labelledby="aside-heading">
                    <h2 id="aside-heading">{ "Kept aside" }</h2>
                    <p class="muted small">{ "Copies of your progress taken before a replace, and saved progress that could not be read. They are not counted above until you restore one." }</p>
                    <ul class="aside-list">{ for aside_rows }</ul>
                </section>
            }
            if !other_aside.is_empty() {
                <section class="panel" aria-labelledby="other-aside-heading">
                    <h2 id="other-aside-heading">{ "Other data kept aside" }</h2>
                    <p class="muted small">{ "Saved data that could not be read, or that a page was reading when Faultline stopped. Download it to keep it; discard it when you no longer need it." }</p>
                    <ul class="aside-list">{ for other_aside_rows }</ul>
                </section>
            }
            <section class="panel" aria-labelledby="mastery-heading">
                <h2 id="mastery-heading">{ "Mastery per topic" }</h2>
                <p class="muted small">{ "Share of puzzles where your first answer was right: which layer holds the root cause, and who owns the fix." }</p>
                <MasteryChart rows={mastery} />
            </section>
            <section class="panel" aria-labelledby="results-heading">
                <h2 id="results-heading">{ "Best result per puzzle" }</h2>
                if p.results.is_empty() {
                    <p class="muted">{ "Nothing yet. " }<a href="#/">{ "Solve your first puzzle" }</a></p>
                } else {
                    if p.results.len() > MAX_ROWS {
                        <p class="muted small">{ format!("Showing the first {MAX_ROWS} of {} puzzles; export your progress to see them all.", p.results.len()) }</p>
                    }
                    <div class="table-scroll results-wrap">
                        <table class="results">
                            <thead><tr>
                                <th scope="col">{ "Puzzle" }</th><th scope="col">{ "Best score" }</th>
                                <th scope="col">{ "Solved" }</th><th scope="col">{ "Attempts" }</th>
                                <th scope="col">{ "Hints (best)" }</th><th scope="col">{ "Time (best)" }</th>
                            </tr></thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                    </div>
                }
            </section>
        </main>
    }
}

/// A file input's change handler: refuses files over the size limit before reading them, then
/// hands a valid progress file to `use_it`; an invalid one only gets a message.
fn chosen_file(
    say: impl Fn(bool, String) + Clone + 'static,
    use_it: impl Fn(String, Progress) + 'static,
) -> Callback<Event> {
    let done = {
        let say = say.clone();
        Callback::from(move |(name, text): (String, Result<String, String>)| {
            match text.and_then(|t| progress::import(&t)) {
                Ok(imported) => use_it(name, imported),
                Err(why) => say(
                    false,
                    format!("{name} was not imported: {why}. Your progress is unchanged."),
                ),
            }
        })
    };
    Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let chosen = input.files().and_then(|files| files.get(0));
        if let Some(file) = chosen.filter(|f| f.size() > progress::MAX_IMPORT_BYTES as f64) {
            input.set_value("");
            say(
                false,
                format!(
                    "{} was not imported: the file is {:.1} MB, more than the {} MB a progress \
                     file may have. Your progress is unchanged.",
                    file.name(),
                    file.size() / (1024.0 * 1024.0),
                    progress::MAX_IMPORT_BYTES / (1024 * 1024)
                ),
            );
            return;
        }
        dom::read_chosen_file(&input, done.clone());
    })
}

/// `YYYY-MM-DD HH:MM` in the learner's time zone.
fn local_time(millis: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

fn aside_row(
    item: &AsideItem,
    confirm: &UseStateHandle<Option<Confirm>>,
    say: &(impl Fn(bool, String) + Clone + 'static),
) -> Html {
    let when = local_time(item.saved_ms);
    let loaded = progress::load(Some(&item.value));
    let readable = loaded.problem.is_none().then_some(loaded.progress);
    let (what, detail) = match (&readable, &loaded.problem) {
        (Some(copy), _) => (
            "Copy of your progress",
            format!(
                "{} puzzles, {} solved",
                copy.results.len(),
                copy.results.values().filter(|r| r.solved).count()
            ),
        ),
        (None, problem) => (
            "Saved progress that could not be read",
            problem.clone().unwrap_or_default(),
        ),
    };
    let label = format!("the item kept aside on {when}");
    let on_download = {
        let (name, mime) = match readable {
            Some(_) => ("faultline-progress-kept-aside.json", "application/json"),
            None => ("faultline-progress-unreadable.txt", "text/plain"),
        };
        download_callback(name.to_string(), item.value.clone(), mime, say)
    };
    let on_restore = readable.map(|copy| {
        let (confirm, source) = (confirm.clone(), format!("the copy kept aside on {when}"));
        Callback::from(move |_: MouseEvent| {
            confirm.set(Some(Confirm::Replace {
                source: source.clone(),
                progress: copy.clone(),
            }))
        })
    });
    let on_discard = discard_callback(confirm, &item.key, &label);
    html! {
        <li class="aside-item">
            <p><strong>{ what }</strong>{ " — kept aside " }<time>{ when.clone() }</time></p>
            <p class="muted small">{ detail }</p>
            <p class="actions">
                <button type="button" class="button small" aria-label={format!("Download {label}")} onclick={on_download}>{ "Download" }</button>
                if let Some(on_restore) = on_restore {
                    <button type="button" class="button small" aria-label={format!("Restore {label}")} onclick={on_restore}>{ "Restore" }</button>
                }
                <button type="button" class="button small" aria-label={format!("Discard {label}")} onclick={on_discard}>{ "Discard" }</button>
            </p>
        </li>
    }
}

/// A kept-aside item of a kind no page restores: it can be downloaded as it was, or discarded.
fn other_aside_row(
    item: &AsideItem,
    confirm: &UseStateHandle<Option<Confirm>>,
    say: &(impl Fn(bool, String) + Clone + 'static),
) -> Html {
    let when = local_time(item.saved_ms);
    let what = match item.kind.as_str() {
        set_aside::kind::INTERVIEW_DRAFTS => "Interview answers".to_string(),
        set_aside::kind::CLASSROOM_RESULTS => "Class session results".to_string(),
        set_aside::kind::PUZZLE_VIEW => "Puzzle view choice".to_string(),
        other => format!("Saved data ({other})"),
    };
    let label = format!("{} kept aside on {when}", what.to_lowercase());
    let on_download = download_callback(
        format!("faultline-{}-kept-aside.txt", item.kind),
        item.value.clone(),
        "text/plain",
        say,
    );
    let on_discard = discard_callback(confirm, &item.key, &label);
    html! {
        <li class="aside-item">
            <p><strong>{ what }</strong>{ " — kept aside " }<time>{ when }</time></p>
            <p class="actions">
                <button type="button" class="button small" aria-label={format!("Download {label}")} onclick={on_download}>{ "Download" }</button>
                <button type="button" class="button small" aria-label={format!("Discard {label}")} onclick={on_discard}>{ "Discard" }</button>
            </p>
        </li>
    }
}

/// Downloads a kept-aside item as it was stored; a failure is said on the page.
fn download_callback(
    name: String,
    value: String,
    mime: &'static str,
    say: &(impl Fn(bool, String) + Clone + 'static),
) -> Callback<MouseEvent> {
    let say = say.clone();
    Callback::from(move |_: MouseEvent| {
        if let Err(e) = dom::download(&name, &value, mime) {
            say(false, e);
        }
    })
}

/// Asks before a kept-aside item is discarded.
fn discard_callback(
    confirm: &UseStateHandle<Option<Confirm>>,
    key: &str,
    label: &str,
) -> Callback<MouseEvent> {
    let (confirm, key, label) = (confirm.clone(), key.to_string(), label.to_string());
    Callback::from(move |_: MouseEvent| {
        confirm.set(Some(Confirm::Discard {
            key: key.clone(),
            label: label.clone(),
        }))
    })
}
