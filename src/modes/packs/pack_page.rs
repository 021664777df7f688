use yew::prelude::*;

use crate::modes::packs::catalog::{self, Row};
use crate::modes::packs::pack_data;
use crate::progress::store as progress_store;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The pack id from `#/packs/<pack-id>` (still percent-encoded).
    pub pack_id: AttrValue,
}

fn row(pack: &str, r: &Row) -> Html {
    let i = &r.info;
    html! {
        <li class={classes!("scenario-row", r.solved.then_some("solved"))} key={i.id.clone()}>
            <span class="solved-mark" aria-hidden="true">{ if r.solved { "✓" } else { "○" } }</span>
            <span class="scenario-main">
                <a href={catalog::scenario_href(pack, &i.id)}><bdi>{ &i.title }</bdi></a>
                if r.solved { <span class="visually-hidden">{ " (solved)" }</span> }
                <span class="scenario-meta small">
                    <span class={classes!("difficulty", i.difficulty.clone())}>{ &i.difficulty }</span>
                    // Topic tags name the layer, so they show only once the scenario is solved.
                    if r.solved {
                        { for i.tags.iter().map(|t| html! { <span class="tag-chip">{ t }</span> }) }
                    }
                    if let Some((best, max)) = r.best {
                        <span class="muted">{ format!("best {best} / {max}") }</span>
                    }
                </span>
            </span>
        </li>
    }
}

/// `#/packs/<pack-id>`: the pack's scenarios in order, with difficulty and solved marks (topic tags once solved).
#[function_component(PackPage)]
pub fn pack_page(props: &Props) -> Html {
    let id = catalog::unescape(&props.pack_id);
    let found = use_memo(id.clone(), |id| pack_data::find(id));
    let progress = use_memo((), |_| progress_store::load().progress);
    let Some((pack, imported)) = &*found else {
        return html! {
            <main id="main" class="page modes-page">
                <section class="panel" role="alert">
                    <h2>{ "There is no pack with that name" }</h2>
                    <p>{ "No built-in or imported pack has the id “" }<bdi>{ id }</bdi>{ "”." }</p>
                    <p><a class="button primary" href="#/packs">{ "All puzzle packs" }</a></p>
                </section>
            </main>
        };
    };
    let s = catalog::summary(pack, &progress);
    let rows = catalog::rows(pack, &progress);
    let first_open = rows
        .iter()
        .find(|r| !r.solved)
        .or(rows.first())
        .map(|r| catalog::scenario_href(&s.id, &r.info.id));
    html! {
        <main id="main" class="page modes-page pack-page">
            <nav class="crumbs small" aria-label="Breadcrumb">
                <a href="#/packs">{ "Puzzle packs" }</a><span aria-hidden="true">{ " › " }</span>
                <span aria-current="page"><bdi>{ &s.title }</bdi></span>
            </nav>
            <section class="panel">
                <h2><bdi>{ &s.title }</bdi>if *imported { <span class="tag-chip">{ "imported" }</span> }</h2>
                <p><bdi>{ &s.blurb }</bdi></p>
                <p class="small muted">{ format!("{} of {} solved", s.solved, s.total) }
                    if s.attempted > 0 { { format!(" · best scores {} / {}", s.best, s.max) } }
                </p>
                if let Some(href) = first_open {
                    <p><a class="button primary" href={href}>{ if s.solved > 0 { "Continue" } else { "Start the pack" } }</a></p>
                }
            </section>
            <section class="panel" aria-labelledby="scenarios-heading">
                <h3 id="scenarios-heading">{ "Scenarios" }</h3>
                <ol class="pack-scenarios">{ for rows.iter().map(|r| row(&s.id, r)) }</ol>
            </section>
        </main>
    }
}
