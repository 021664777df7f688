use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::modes::packs::catalog::{self, PackSummary};
use crate::modes::packs::finder::{self, Filter, Hit};
use crate::modes::packs::pack_data;
use crate::modes::packs::paths;
use crate::progress::store as progress_store;

fn card(s: &PackSummary, imported: bool) -> Html {
    let pct = (s.solved * 100).checked_div(s.total).unwrap_or(0);
    let heading = format!("pack-{}", s.id);
    html! {
        <li class="pack-card" key={s.id.clone()}>
            <h3 id={heading.clone()}>
                <a href={catalog::pack_href(&s.id)}><bdi>{ &s.title }</bdi></a>
                if imported { <span class="tag-chip">{ "imported" }</span> }
            </h3>
            <p class="pack-blurb"><bdi>{ &s.blurb }</bdi></p>
            <p class="pack-meta small">
                <span>{ format!("{} scenarios", s.total) }</span>
                <span>{ format!("{} solved", s.solved) }</span>
                if s.attempted > 0 {
                    <span>{ format!("best scores {} / {}", s.best, s.max) }</span>
                }
            </p>
            <div class="pack-progress" role="progressbar" aria-labelledby={heading}
                aria-valuemin="0" aria-valuemax={s.total.to_string()} aria-valuenow={s.solved.to_string()}
                aria-valuetext={format!("{} of {} solved", s.solved, s.total)}>
                <span style={format!("width: {pct}%")}></span>
            </div>
        </li>
    }
}

/// A learning path on the packs page: its summary and how many of its steps are done.
fn path_card(path: &faultline_engine::pack::LearningPath, done: usize, total: usize) -> Html {
    let heading = format!("path-{}", path.id);
    let pct = (done * 100).checked_div(total).unwrap_or(0);
    html! {
        <li class="path-card" key={path.id.clone()}>
            <h3 id={heading.clone()}><a href={paths::path_href(&path.id)}>{ &path.title }</a></h3>
            <p class="pack-blurb">{ &path.summary }</p>
            <p class="pack-meta small">
                <span>{ format!("{total} steps") }</span>
                <span>{ format!("{done} done") }</span>
            </p>
            <div class="pack-progress" role="progressbar" aria-labelledby={heading}
                aria-valuemin="0" aria-valuemax={total.to_string()} aria-valuenow={done.to_string()}
                aria-valuetext={format!("{done} of {total} done")}>
                <span style={format!("width: {pct}%")}></span>
            </div>
        </li>
    }
}

fn hit_row(hit: &Hit) -> Html {
    let i = &hit.row.info;
    html! {
        <li class={classes!("scenario-row", hit.row.solved.then_some("solved"))}>
            <span class="solved-mark" aria-hidden="true">{ if hit.row.solved { "✓" } else { "○" } }</span>
            <span class="scenario-main">
                <a href={catalog::scenario_href(&hit.pack_id, &i.id)}><bdi>{ &i.title }</bdi></a>
                if hit.row.solved { <span class="visually-hidden">{ " (solved)" }</span> }
                <span class="scenario-meta small">
                    <span class={classes!("difficulty", i.difficulty.clone())}>{ &i.difficulty }</span>
                    <span class="muted"><bdi>{ &hit.pack_title }</bdi></span>
                </span>
            </span>
        </li>
    }
}

/// `#/packs`: every built-in pack and every imported one, with progress per pack; a finder
/// narrows every scenario by words, topic and difficulty.
#[function_component(PacksPage)]
pub fn packs_page() -> Html {
    let progress = use_memo((), |_| progress_store::load().progress);
    let loaded = use_memo((), |_| pack_data::all());
    let (all, notices) = (&loaded.0, &loaded.1);
    let filter = use_state(Filter::default);
    let topics = use_memo((), {
        let loaded = loaded.clone();
        move |_| finder::topics(&loaded.0)
    });
    let hits = (!filter.is_empty()).then(|| finder::find(all, &filter, &progress));
    let set = |change: fn(&mut Filter, String)| {
        let filter = filter.clone();
        move |value: String| {
            let mut next = (*filter).clone();
            change(&mut next, value);
            filter.set(next);
        }
    };
    let on_query = {
        let set = set(|f, v| f.query = v);
        Callback::from(move |e: InputEvent| {
            set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_topic = {
        let set = set(|f, v| f.topic = (!v.is_empty()).then_some(v));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_difficulty = {
        let set = set(|f, v| f.difficulty = (!v.is_empty()).then_some(v));
        Callback::from(move |e: Event| set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_clear = {
        let filter = filter.clone();
        Callback::from(move |_: MouseEvent| filter.set(Filter::default()))
    };
    let topic_options = topics.iter().map(|(key, label)| {
        html! { <option value={key.clone()} selected={filter.topic.as_deref() == Some(key.as_str())}>{ label }</option> }
    });
    let difficulty_options = ["easy", "medium", "hard"].into_iter().map(|d| {
        html! { <option value={d} selected={filter.difficulty.as_deref() == Some(d)}>{ d }</option> }
    });
    let path_cards = {
        let built_in: Vec<serde_json::Value> = all
            .iter()
            .filter(|(_, imported)| !imported)
            .map(|(p, _)| p.clone())
            .collect();
        paths::all()
            .into_iter()
            .map(|path| {
                let (done, total) = paths::done_of(&paths::rows(&path, &built_in, &progress));
                path_card(&path, done, total)
            })
            .collect::<Html>()
    };
    let cards = all
        .iter()
        .map(|(pack, imported)| card(&catalog::summary(pack, &progress), *imported));
    let total: usize = all
        .iter()
        .map(|(p, _)| crate::modes::packs::scenarios(p).len())
        .sum();
    html! {
        <main id="main" class="page modes-page packs-page">
            <section class="panel">
                <h2>{ "Puzzle packs" }</h2>
                <p class="muted">{ format!(
                    "{} hand-written incidents in {} packs, each from a user's report to the escalation note. \
                     Work through a pack in order, or jump to any scenario.", total, all.len()) }</p>
                if !notices.is_empty() {
                    <div class="notice" role="status">{ for notices.iter().map(|n| html! { <p>{ n.clone() }</p> }) }</div>
                }
                <p class="actions">
                    <a class="button" href="#/endless">{ "Endless mode: generated puzzles" }</a>
                    <a class="button" href="#/tour">{ "Guided tour" }</a>
                </p>
                <form class="pack-finder" role="search" aria-label="Scenario finder"
                    onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                    <label class="field finder-words">
                        <span>{ "Find a scenario" }</span>
                        <input type="search" value={filter.query.clone()} oninput={on_query}
                            placeholder="webhook, certificate, 401, CORS…" />
                    </label>
                    <label class="field">
                        <span>{ "Topic" }</span>
                        <select onchange={on_topic}>
                            <option value="" selected={filter.topic.is_none()}>{ "Any topic" }</option>
                            { for topic_options }
                        </select>
                    </label>
                    <label class="field">
                        <span>{ "Difficulty" }</span>
                        <select onchange={on_difficulty}>
                            <option value="" selected={filter.difficulty.is_none()}>{ "Any difficulty" }</option>
                            { for difficulty_options }
                        </select>
                    </label>
                </form>
            </section>
            if let Some(hits) = hits {
                <section class="panel finder-results" aria-labelledby="finder-heading">
                    <h3 id="finder-heading" role="status">{ match hits.len() {
                        0 => "No scenario matches".to_string(),
                        1 => "1 scenario matches".to_string(),
                        n => format!("{n} scenarios match"),
                    } }</h3>
                    if hits.is_empty() {
                        <p class="muted">{ "Try fewer words, another topic, or any difficulty." }</p>
                    }
                    <ol class="pack-scenarios finder-list">{ for hits.iter().map(hit_row) }</ol>
                    <p class="actions"><button type="button" class="button" onclick={on_clear}>{ "Show every pack" }</button></p>
                </section>
            } else {
                <section class="panel paths-panel" aria-labelledby="paths-heading">
                    <h2 id="paths-heading">{ "Learning paths" }</h2>
                    <p class="muted">{ "Scenarios from every pack in an order that teaches: topics mixed, so the \
                        pack never tells you the layer, look-alikes side by side, each step a little harder." }</p>
                    <ul class="pack-grid">{ path_cards }</ul>
                </section>
                <section aria-labelledby="packs-heading">
                    <h2 id="packs-heading" class="visually-hidden">{ "Packs" }</h2>
                    <ul class="pack-grid">{ for cards }</ul>
                </section>
            }
        </main>
    }
}
