use yew::prelude::*;

use super::dom;
use super::mastery_chart::MasteryChart;
use super::progress_store::{self, Stored};
use crate::progress;

/// `#/progress`: best result per scenario, mastery per topic, streaks; export and import as a
/// file; unreadable saved data is kept aside and can be exported or discarded.
#[function_component(ProgressPage)]
pub fn progress_page() -> Html {
    let stored = use_state(progress_store::load);
    let message = use_state(|| None::<(bool, String)>);
    let Stored {
        progress: p,
        notices,
        set_aside,
    } = &*stored;
    let say = {
        let message = message.clone();
        move |ok: bool, text: String| message.set(Some((ok, text)))
    };

    let on_export = {
        let (p, say) = (p.clone(), say.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = dom::download(
                "faultline-progress.json",
                &progress::export(&p),
                "application/json",
            ) {
                say(false, e);
            }
        })
    };
    let on_export_aside = {
        let (aside, say) = (set_aside.clone().unwrap_or_default(), say.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = dom::download("faultline-progress-unreadable.txt", &aside, "text/plain")
            {
                say(false, e);
            }
        })
    };
    let on_discard = {
        let (stored, say) = (stored.clone(), say.clone());
        Callback::from(
            move |_: MouseEvent| match progress_store::discard_set_aside() {
                Ok(()) => {
                    let mut next = (*stored).clone();
                    next.set_aside = None;
                    stored.set(next);
                    say(true, "The unreadable data was discarded.".into());
                }
                Err(e) => say(false, e),
            },
        )
    };
    let on_file = {
        let (stored, say) = (stored.clone(), say.clone());
        let done =
            Callback::from(move |(name, text): (String, Result<String, String>)| {
                match text.and_then(|t| progress::import(&t)) {
                    Ok(imported) => {
                        let saved = progress_store::save(&imported);
                        let mut next = (*stored).clone();
                        next.progress = imported;
                        stored.set(next);
                        match saved {
                            Ok(()) => say(true, format!("Imported progress from {name}.")),
                            Err(e) => {
                                say(false, format!("Imported progress from {name}, but: {e}"))
                            }
                        }
                    }
                    Err(why) => say(
                        false,
                        format!("{name} was not imported: {why}. Your progress is unchanged."),
                    ),
                }
            });
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            dom::read_chosen_file(&input, done.clone());
        })
    };

    let mastery: Vec<(String, u32, u32)> = p
        .mastery()
        .into_iter()
        .map(|(topic, pct)| {
            let attempts = p.topics.get(&topic).map_or(0, |t| t.attempts);
            (topic, pct, attempts)
        })
        .collect();
    let rows = p.results.iter().map(|(id, r)| {
        html! {
            <tr>
                <th scope="row" class="mono">{ id.clone() }</th>
                <td>{ format!("{} / {}", r.best_score, r.max_score) }</td>
                <td>{ if r.solved { "✓ solved" } else { "✗ not yet" } }</td>
                <td>{ r.attempts }</td>
                <td>{ r.hints }</td>
                <td>{ format!("{} s", r.seconds) }</td>
            </tr>
        }
    });
    html! {
        <main id="main" class="page modes-page progress-page">
            <section class="panel" aria-labelledby="progress-heading">
                <h2 id="progress-heading">{ "Progress" }</h2>
                <p class="muted">{ "Stored in this browser only. Export it to keep it or move it to another browser." }</p>
                if !notices.is_empty() || set_aside.is_some() {
                    <div class="notice" role="status">
                        { for notices.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                        if set_aside.is_some() {
                            <p>{ "Saved progress that could not be read is kept aside." }</p>
                            <p class="actions">
                                <button type="button" class="button" onclick={on_export_aside}>{ "Export unreadable data" }</button>
                                <button type="button" class="button" onclick={on_discard}>{ "Discard it" }</button>
                            </p>
                        }
                    </div>
                }
                if let Some((ok, text)) = &*message {
                    <p class={classes!("message", if *ok { "ok" } else { "bad" })} role="status">
                        { if *ok { "✓ " } else { "⚠ " } }{ text.clone() }
                    </p>
                }
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
                            aria-label="Import progress file" onchange={on_file} />
                    </label>
                </p>
            </section>
            <section class="panel" aria-labelledby="mastery-heading">
                <h2 id="mastery-heading">{ "Mastery per topic" }</h2>
                <p class="muted small">{ "Share of puzzles where your first layer answer was right." }</p>
                <MasteryChart rows={mastery} />
            </section>
            <section class="panel" aria-labelledby="results-heading">
                <h2 id="results-heading">{ "Best result per puzzle" }</h2>
                if p.results.is_empty() {
                    <p class="muted">{ "Nothing yet. " }<a href="#/">{ "Solve your first puzzle" }</a></p>
                } else {
                    <div class="table-scroll">
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
