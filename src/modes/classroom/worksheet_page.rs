use yew::prelude::*;

use crate::modes::classroom::worksheet;
use crate::modes::classroom::worksheet_kit::KeyKit;
use crate::modes::packs::catalog;
use crate::modes::packs::pack_data;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pack_id: AttrValue,
}

/// `#/classroom/worksheet/<pack-id>`: stories, evidence excerpts and blank answer lines, then the
/// answer key on a page of its own. Printed with the browser's print (see `@media print`).
#[function_component(WorksheetPage)]
pub fn worksheet_page(props: &Props) -> Html {
    let sheet = use_memo(props.pack_id.clone(), |id| {
        pack_data::find(&catalog::unescape(id)).map(|(p, _)| worksheet::build(&p))
    });
    let Some(sheet) = &*sheet else {
        return html! {
            <main id="main" class="page modes-page">
                <section class="panel link-problem" role="alert">
                    <h2>{ "No such pack" }</h2>
                    <p>{ format!("There is no pack with the id “{}” here.", props.pack_id) }</p>
                    <p class="actions"><a class="button primary" href="#/classroom">{ "Back to the classroom" }</a></p>
                </section>
            </main>
        };
    };
    let print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let items = sheet.items.iter().map(|item| {
        html! {
            <article class="ws-item">
                <h3>{ format!("{}. ", item.number) }<bdi>{ item.title.clone() }</bdi></h3>
                <dl class="ws-story">
                    { for item.story.iter().map(|(label, text)| html! { <div><dt>{ *label }</dt><dd><bdi>{ text.clone() }</bdi></dd></div> }) }
                </dl>
                if let Some(e) = &item.error {
                    <p class="field-problem">{ format!("This scenario cannot be replayed: {e}") }</p>
                } else {
                    <div class="ws-evidence">
                        <p class="mono status">{ item.status.clone() }</p>
                        <ul class="mono logs">{ for item.logs.iter().map(|l| html! { <li>{ l.clone() }</li> }) }</ul>
                    </div>
                }
                <div class="ws-answers">
                    <p><span>{ "Failing layer:" }</span><span class="line"></span></p>
                    <p><span>{ "Cause:" }</span><span class="line"></span></p>
                    <p><span>{ "Next action:" }</span><span class="line"></span></p>
                    <p><span>{ "Who owns the fix:" }</span><span class="line"></span></p>
                    <p><span>{ "Evidence you would attach:" }</span><span class="line"></span></p>
                </div>
            </article>
        }
    });
    let key = sheet.items.iter().map(|item| {
        html! {
            <li>
                <strong><bdi>{ item.title.clone() }</bdi></strong>
                if let Some(k) = &item.key {
                    <dl>
                        <div><dt>{ "Layer" }</dt><dd>{ k.layer.clone() }</dd></div>
                        <div><dt>{ "Cause" }</dt><dd>{ k.cause.clone() }</dd></div>
                        <div><dt>{ "Next action" }</dt><dd>{ k.next_action.clone() }</dd></div>
                        <div><dt>{ "Owner" }</dt><dd>{ k.owner.clone() }</dd></div>
                        <div><dt>{ "Diagnosis" }</dt><dd>{ k.diagnosis.clone() }</dd></div>
                        <div><dt>{ "Evidence to attach" }</dt><dd>{ k.evidence.join("; ") }</dd></div>
                    </dl>
                    if let Some(kit) = &k.kit { <KeyKit kit={kit.clone()} /> }
                }
            </li>
        }
    });
    html! {
        <main id="main" class="page worksheet">
            <p class="actions no-print">
                <a class="button" href="#/classroom">{ "← Classroom" }</a>
                <button type="button" class="button primary" onclick={print}>{ "Print worksheet" }</button>
            </p>
            <header class="ws-head">
                <h2>{ sheet.title.clone() }</h2>
                <p><bdi>{ sheet.blurb.clone() }</bdi></p>
                <p class="ws-name">{ "Name:" }<span class="line"></span></p>
            </header>
            { for items }
            <section class="answer-key" aria-labelledby="key-heading">
                <h2 id="key-heading">{ "Answer key: " }<bdi>{ sheet.pack_title.clone() }</bdi></h2>
                <p><bdi>{ sheet.pack_blurb.clone() }</bdi></p>
                <ol>{ for key }</ol>
            </section>
        </main>
    }
}
