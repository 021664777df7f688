use yew::prelude::*;

use crate::modes::packs::catalog::{self, PackSummary};
use crate::modes::packs::pack_data;
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

/// `#/packs`: every built-in pack and every imported one, with progress per pack.
#[function_component(PacksPage)]
pub fn packs_page() -> Html {
    let progress = use_memo((), |_| progress_store::load().progress);
    let loaded = use_memo((), |_| pack_data::all());
    let (all, notices) = (&loaded.0, &loaded.1);
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
            </section>
            <ul class="pack-grid">{ for cards }</ul>
        </main>
    }
}
