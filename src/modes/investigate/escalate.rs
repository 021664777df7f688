//! The escalation panel: the note's four fields and the owner (each problem said beside its
//! field), the one-line statement it makes with the pinned lines, then, once the diagnosis is
//! finished, the check as a checklist and "Copy case file". Before the diagnosis is finished the
//! panel names nothing the case expects (no spoiler).

use faultline_engine::probe::Probe;
use faultline_engine::Puzzle;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::case::{Action, Case};
use super::casefile::{markdown, CaseFile};
use super::escalation::{check, Basis, Checklist, Field, Seen, FIELD_MAX};
use crate::components::Shared;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub case: UseReducerHandle<Case>,
    pub on: Callback<Action>,
    pub puzzle: Shared<Puzzle>,
    /// The scenario's evidence to attach (empty without a scenario).
    #[prop_or_default]
    pub attach: Vec<String>,
}

/// Where the copy stands.
#[derive(Clone, PartialEq)]
enum CopyState {
    Idle,
    Copied,
    /// The clipboard was refused: the Markdown is offered in a selectable box and as a file.
    Refused(String),
}

/// The owner question's choices (id, label) and its right choice.
fn owners(p: &Puzzle) -> (Vec<(String, String)>, String) {
    let choices = p
        .view
        .questions
        .iter()
        .find(|q| q.id == "owner")
        .map(|q| {
            q.choices
                .iter()
                .map(|c| (c.id.clone(), c.label.clone()))
                .collect()
        })
        .unwrap_or_default();
    let right = p
        .key
        .iter()
        .find(|k| k.question == "owner")
        .map(|k| k.correct.clone())
        .unwrap_or_default();
    (choices, right)
}

fn checklist(c: &Case, p: &Puzzle, attach: &[String], printed: &[(Probe, String)]) -> Checklist {
    let (choices, right) = owners(p);
    let label = choices
        .iter()
        .find(|(id, _)| *id == right)
        .map(|(_, l)| l.clone())
        .unwrap_or_else(|| p.answer.owner.clone());
    let expert = c.expert.as_ref().map(|e| e.probes.as_slice());
    let pins = c.pinned_lines();
    let ran: Vec<Probe> = c.results.iter().map(|r| r.probe).collect();
    let seen = Seen {
        pins: &pins,
        ran: &ran,
        printed,
    };
    check(
        &seen,
        c.note.owner.as_deref(),
        &right,
        &label,
        attach,
        expert,
    )
}

/// The case file's Markdown for the case as it stands.
fn case_markdown(c: &Case, p: &Puzzle, list: Option<&Checklist>) -> String {
    let ev = &p.view.evidence;
    let (choices, _) = owners(p);
    let owner = c
        .note
        .owner
        .as_ref()
        .and_then(|id| choices.iter().find(|(i, _)| i == id))
        .map(|(_, l)| l.clone());
    let request = p
        .answer
        .failing_exchange
        .and_then(|i| ev.exchanges.get(i))
        .or(ev.exchanges.last())
        .map(|x| crate::logic::curl::command(&x.request));
    let har = serde_json::to_string_pretty(&faultline_engine::har(ev)).ok();
    markdown(&CaseFile {
        title: ev.story.actual.clone(),
        note: Some(&c.note),
        owner,
        pins: c.pin_groups(),
        pin_count: c.pins.len(),
        checklist: list,
        trace_id: ev.trace_id.clone(),
        started_at: ev.started_at.clone(),
        curl: request,
        har,
    })
}

#[function_component(Escalate)]
pub fn escalate(props: &Props) -> Html {
    let c = &*props.case;
    let copy = use_state(|| CopyState::Idle);
    // What every check of the toolbox prints, once the diagnosis is finished (the check marks an
    // item no check here prints instead of calling it missing).
    let printed = {
        let case = props.case.clone();
        use_memo(c.finished, move |finished| {
            let inv = case.investigation();
            if *finished {
                inv.run_toolbox()
                    .into_iter()
                    .map(|r| (r.probe, r.output))
                    .collect::<Vec<_>>()
            } else {
                vec![]
            }
        })
    };
    let (choices, _) = owners(&props.puzzle);
    let problems = c.note.problems();
    let said = |f: Field| {
        c.note
            .checked
            .then(|| {
                problems
                    .iter()
                    .find(|(g, _)| *g == f)
                    .map(|(_, p)| p.clone())
            })
            .flatten()
    };
    let field = |f: Field| {
        let on = props.on.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            on.emit(Action::Note(f, input.value()));
        });
        let problem = said(f);
        let id = format!("note-{}", f.id());
        html! {
            <div class={classes!("note-field", problem.is_some().then_some("invalid"))}>
                <label for={id.clone()}>{ f.label() }</label>
                <input type="text" id={id.clone()} value={c.note.get(f).to_string()} {oninput}
                    maxlength={FIELD_MAX.to_string()} autocomplete="off" placeholder={f.example()}
                    aria-invalid={problem.is_some().then_some("true")}
                    aria-describedby={format!("{id}-problem")} />
                <p class="field-problem small" id={format!("{id}-problem")}>{ problem.unwrap_or_default() }</p>
            </div>
        }
    };
    let on_owner = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            on.emit(Action::Owner(select.value()));
        })
    };
    let owner_problem = c.note.checked.then(|| c.note.owner_problem()).flatten();
    let list = (c.finished && c.note.checked)
        .then(|| checklist(c, &props.puzzle, &props.attach, &printed));
    let on_check = {
        let on = props.on.clone();
        Callback::from(move |_| on.emit(Action::CheckNote))
    };
    let on_copy = {
        let (copy, case, puzzle, attach, printed) = (
            copy.clone(),
            props.case.clone(),
            props.puzzle.clone(),
            props.attach.clone(),
            printed.clone(),
        );
        Callback::from(move |_| {
            let c = &*case;
            let list = c
                .note
                .checked
                .then(|| checklist(c, &puzzle, &attach, &printed));
            let text = case_markdown(c, &puzzle, list.as_ref());
            let copy = copy.clone();
            let kept = text.clone();
            crate::dom::write_clipboard(&text, move |ok| {
                copy.set(if ok {
                    CopyState::Copied
                } else {
                    CopyState::Refused(kept)
                });
            });
        })
    };
    html! {
        <section class="panel escalate-panel" aria-labelledby="escalate-heading">
            <h2 id="escalate-heading">{ "Escalation note" }</h2>
            <p class="muted small">{ "In the study guide's form: what fails, since when, for whom, the evidence (your pinned lines) and the ask, sent to who owns the fix." }</p>
            <div class="note-form">
                { for Field::ALL.into_iter().map(field) }
                <div class={classes!("note-field", owner_problem.is_some().then_some("invalid"))}>
                    <label for="note-owner">{ "Who owns the fix" }</label>
                    <select id="note-owner" onchange={on_owner} aria-describedby="note-owner-problem"
                        aria-invalid={owner_problem.is_some().then_some("true")}>
                        <option value="" selected={c.note.owner.is_none()}>{ "Choose…" }</option>
                        { for choices.iter().map(|(id, label)| html! {
                            <option value={id.clone()} selected={c.note.owner.as_ref() == Some(id)}>{ label }</option>
                        }) }
                    </select>
                    <p class="field-problem small" id="note-owner-problem">{ owner_problem.unwrap_or_default() }</p>
                </div>
            </div>
            <p class="note-statement"><strong>{ "Statement: " }</strong><bdi>{ c.note.statement(c.pins.len()) }</bdi></p>
            if c.finished {
                <div class="note-actions">
                    <button type="button" class="button" onclick={on_check}>{ "Check the note" }</button>
                    <button type="button" class="button primary" onclick={on_copy}>{ "Copy case file" }</button>
                </div>
            } else {
                <p class="muted small">{ "Once the diagnosis is finished, the note is checked against what this case should attach, and the case file can be copied for a ticket." }</p>
            }
            <p class="copy-status small" role="status">{ match &*copy {
                CopyState::Idle => String::new(),
                CopyState::Copied => "✓ Case file copied to the clipboard (Markdown).".to_string(),
                CopyState::Refused(_) => "The clipboard was refused: the case file is in the box below, select it and copy, or download it.".to_string(),
            } }</p>
            if let CopyState::Refused(text) = &*copy { { fallback(text) } }
            if let Some(list) = list { { checklist_view(&list) } }
        </section>
    }
}

/// The case file when the clipboard is refused: a selectable box and a download.
fn fallback(text: &str) -> Html {
    let onfocus = Callback::from(|e: FocusEvent| {
        let area: HtmlTextAreaElement = e.target_unchecked_into();
        area.select();
    });
    let download = {
        let text = text.to_string();
        Callback::from(move |_| {
            let _ = crate::dom::download("case-file.md", &text, "text/markdown");
        })
    };
    html! {
        <div class="casefile-fallback">
            <label for="casefile-text">{ "Case file (Markdown)" }</label>
            <textarea id="casefile-text" readonly=true rows="10" value={text.to_string()} {onfocus} />
            <button type="button" class="button" onclick={download}>{ "Download case file (.md)" }</button>
        </div>
    }
}

fn checklist_view(list: &Checklist) -> Html {
    let basis = match list.basis {
        Basis::Scenario => "What this case should attach:",
        Basis::ExpertPath => {
            "A line from each check of the expert path (the checks that decide it):"
        }
        Basis::Nothing => {
            "No check settles this puzzle alone, so no line is expected: attach what convinced you."
        }
    };
    let row = |ok: bool, text: Html| {
        html! {
            <li class={if ok { "covered" } else { "missing" }}>
                <span class="check-mark" aria-hidden="true">{ if ok { "✓" } else { "✗" } }</span>
                <span class="visually-hidden">{ if ok { "Covered: " } else { "Missing: " } }</span>
                { text }
            </li>
        }
    };
    let outside = |text: Html| {
        html! {
            <li class="outside">
                <span class="check-mark" aria-hidden="true">{ "–" }</span>
                <span class="visually-hidden">{ "Not shown by any check here: " }</span>
                { text }
            </li>
        }
    };
    html! {
        <div class="note-check">
            <h3 id="note-check-heading">{ format!("The check: {} of {} attached, owner {}", list.covered(), list.expected(),
                if list.owner_right { "right" } else { "wrong" }) }</h3>
            <ul class="checklist">
                { row(list.owner_right, html! { <>{ "Owner: " }<strong>{ &list.owner }</strong>
                    if !list.owner_right { <span class="muted small">{ " (your note names someone else, or no one)" }</span> }</> }) }
            </ul>
            <p class="small">{ basis }</p>
            <ul class="checklist">
                { for list.items.iter().map(|i| if i.unprintable {
                    outside(html! { <>
                        <bdi>{ &i.item }</bdi>
                        <span class="muted small">{ " — no check in this puzzle shows it: at work, attach it from where it lives (not counted)" }</span>
                    </> })
                } else {
                    row(i.covered(), html! { <>
                        <bdi>{ &i.item }</bdi>
                        if !i.covered() { <span class="muted small">{ format!(" — pin {}", i.missing.join("; ")) }</span> }
                    </> })
                }) }
            </ul>
        </div>
    }
}
