use yew::prelude::*;

use crate::modes::classroom::worksheet;
use crate::modes::classroom::worksheet_kit::KeyKit;
use crate::modes::packs::catalog;
use crate::modes::packs::pack_data;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub pack_id: AttrValue,
}

/// How much room the answer lines leave for handwriting.
#[derive(Clone, Copy, PartialEq)]
enum Room {
    Lines,
    Roomy,
    Page,
}

/// `#/classroom/worksheet/<pack-id>`: stories, evidence excerpts and blank answer lines, then the
/// answer key on a page of its own. Printed with the browser's print (see `@media print`). Before
/// printing, the trainer chooses the scenarios, whether the key is printed, and how much room to
/// write there is (the options do not print).
#[function_component(WorksheetPage)]
pub fn worksheet_page(props: &Props) -> Html {
    let sheet = use_memo(props.pack_id.clone(), |id| {
        pack_data::find(&catalog::unescape(id)).map(|(p, _)| worksheet::build(&p))
    });
    let with_key = use_state(|| true);
    let room = use_state(|| Room::Lines);
    // Scenarios left out, by number.
    let left_out = use_state(Vec::<usize>::new);
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
    let chosen: Vec<_> = sheet
        .items
        .iter()
        .filter(|i| !left_out.contains(&i.number))
        .collect();
    let options = options(&sheet.items, &with_key, &room, &left_out);
    let room_class = match *room {
        Room::Lines => "room-lines",
        Room::Roomy => "room-roomy",
        Room::Page => "room-page",
    };
    let items = chosen.iter().enumerate().map(|(n, item)| {
        html! {
            <article class="ws-item">
                <h3>{ format!("{}. ", n + 1) }<bdi>{ item.title.clone() }</bdi></h3>
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
                <div class={classes!("ws-answers", room_class)}>
                    <p><span>{ "Failing layer:" }</span><span class="line"></span></p>
                    <p><span>{ "Cause:" }</span><span class="line"></span></p>
                    <p><span>{ "Next action:" }</span><span class="line"></span></p>
                    <p><span>{ "Who owns the fix:" }</span><span class="line"></span></p>
                    <p><span>{ "Evidence you would attach:" }</span><span class="line"></span></p>
                </div>
            </article>
        }
    });
    let key = chosen.iter().map(|item| {
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
            { options }
            if chosen.is_empty() {
                <p class="field-problem no-print" role="status">{ "No scenario chosen: tick at least one above to print a worksheet." }</p>
            }
            { for items }
            if *with_key && !chosen.is_empty() {
                <section class="answer-key" aria-labelledby="key-heading">
                    <h2 id="key-heading">{ "Answer key: " }<bdi>{ sheet.pack_title.clone() }</bdi></h2>
                    <p><bdi>{ sheet.pack_blurb.clone() }</bdi></p>
                    <ol>{ for key }</ol>
                </section>
            }
        </main>
    }
}

/// The options above the sheet (not printed): the answer key, room to write, which scenarios.
fn options(
    items: &[worksheet::Item],
    with_key: &UseStateHandle<bool>,
    room: &UseStateHandle<Room>,
    left_out: &UseStateHandle<Vec<usize>>,
) -> Html {
    let toggle_key = {
        let with_key = with_key.clone();
        Callback::from(move |_: Event| with_key.set(!*with_key))
    };
    let rooms = [
        (Room::Lines, "One line each"),
        (Room::Roomy, "Three lines each"),
        (Room::Page, "Half a page each"),
    ];
    let room_choices = rooms.into_iter().map(|(value, label)| {
        let onchange = {
            let room = room.clone();
            Callback::from(move |_: Event| room.set(value))
        };
        html! {
            <label class="choice-line"><input type="radio" name="ws-room" checked={**room == value} {onchange} />{ label }</label>
        }
    });
    let scenario_choices = items.iter().map(|item| {
        let number = item.number;
        let onchange = {
            let left_out = left_out.clone();
            Callback::from(move |_: Event| {
                let mut next = (*left_out).clone();
                match next.iter().position(|n| *n == number) {
                    Some(i) => {
                        next.remove(i);
                    }
                    None => next.push(number),
                }
                left_out.set(next);
            })
        };
        html! {
            <li><label class="choice-line"><input type="checkbox" checked={!left_out.contains(&number)} {onchange} />
                <bdi>{ item.title.clone() }</bdi></label></li>
        }
    });
    html! {
        <section class="panel ws-options no-print" aria-labelledby="ws-options-heading">
            <h2 id="ws-options-heading">{ "Before you print" }</h2>
            <label class="choice-line"><input type="checkbox" checked={**with_key} onchange={toggle_key} />
                { "Print the answer key (on a page of its own)" }</label>
            <fieldset>
                <legend>{ "Room to write" }</legend>
                <div class="session-source">{ for room_choices }</div>
            </fieldset>
            <fieldset>
                <legend>{ format!("Scenarios ({} of {})", items.len() - left_out.len(), items.len()) }</legend>
                <ul class="ws-choose">{ for scenario_choices }</ul>
            </fieldset>
        </section>
    }
}
