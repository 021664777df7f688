use faultline_engine::interview::walk::{self, WalkResult};
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::grade_view::RefLink;

/// Focus goes back to the button that was pressed, now on the step's new row, so a keyboard user
/// can press "Move up" again without hunting for it.
fn focus_by_id(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq, Default)]
pub struct Props {
    /// In a mock interview: the case is given, there is no case picker, and submitting hands the
    /// result to the interview instead of showing it (feedback comes in the summary).
    #[prop_or_default]
    pub mock: Option<MockWalk>,
}

#[derive(Clone, PartialEq)]
pub struct MockWalk {
    pub case: &'static str,
    pub on_submit: Callback<WalkResult>,
}

/// "Walk me through it": order the troubleshooting method's steps for one case with move up and
/// move down buttons (no dragging), then check; each misplaced step says where it belongs and why.
#[function_component(WalkThrough)]
pub fn walk_through(props: &Props) -> Html {
    let mock = props.mock.clone();
    let case = {
        let first = mock.as_ref().map_or(walk::walkthroughs()[0].id, |m| m.case);
        use_state(move || first)
    };
    let w = walk::find_walkthrough(&case).unwrap_or(&walk::walkthroughs()[0]);
    let order = use_state(|| walk::starting_order(w));
    let result = use_state(|| None::<WalkResult>);
    let status = use_state(String::new);
    // (move count, button id): the count makes a second press of the same button refocus too.
    let focus_next = use_state(|| (0u32, None::<String>));
    {
        let focus_next = focus_next.clone();
        use_effect_with((*focus_next).clone(), move |(_, target)| {
            if let Some(id) = target {
                focus_by_id(id);
            }
        });
    }

    let on_case = {
        let (case, order, result, status) =
            (case.clone(), order.clone(), result.clone(), status.clone());
        Callback::from(move |e: Event| {
            let Some(select) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            if let Some(next) = walk::find_walkthrough(&select.value()) {
                case.set(next.id);
                order.set(walk::starting_order(next));
                result.set(None);
                status.set(String::new());
            }
        })
    };
    let mover = |delta: isize| {
        let (order, result, status, focus_next) = (
            order.clone(),
            result.clone(),
            status.clone(),
            focus_next.clone(),
        );
        move |from: usize| {
            let order = order.clone();
            let (result, status, focus_next) = (result.clone(), status.clone(), focus_next.clone());
            Callback::from(move |_: MouseEvent| {
                let to = from as isize + delta;
                if to < 0 || to as usize >= order.len() {
                    return;
                }
                let mut next = (*order).clone();
                next.swap(from, to as usize);
                let step = w.steps.iter().find(|s| s.id == next[to as usize]);
                status.set(format!(
                    "Moved \u{201c}{}\u{201d} to position {} of {}.",
                    step.map(|s| s.text).unwrap_or_default(),
                    to + 1,
                    next.len()
                ));
                let button = if delta < 0 { "up" } else { "down" };
                let at_edge =
                    (delta < 0 && to == 0) || (delta > 0 && to as usize + 1 == next.len());
                let other = if delta < 0 { "down" } else { "up" };
                focus_next.set((
                    focus_next.0.wrapping_add(1),
                    Some(format!(
                        "walk-{}-{}",
                        if at_edge { other } else { button },
                        next[to as usize]
                    )),
                ));
                order.set(next);
                result.set(None);
            })
        }
    };
    let up = mover(-1);
    let down = mover(1);
    let on_check = {
        let (order, result, status) = (order.clone(), result.clone(), status.clone());
        let on_submit = mock.as_ref().map(|m| m.on_submit.clone());
        Callback::from(move |_: MouseEvent| match walk::check(w, &order) {
            Ok(r) if on_submit.is_some() => {
                if let Some(submit) = &on_submit {
                    submit.emit(r);
                }
            }
            Ok(r) => {
                status.set(if r.in_order == r.total {
                    format!("All {} steps are in order.", r.total)
                } else {
                    format!(
                        "{} of {} steps in order; the others are marked below.",
                        r.in_order, r.total
                    )
                });
                result.set(Some(r));
            }
            Err(why) => status.set(format!("Could not check: {why}.")),
        })
    };

    let n = order.len();
    let rows = order.iter().enumerate().map(|(i, id)| {
        let step = w.steps.iter().find(|s| s.id == *id);
        let text = step.map(|s| s.text).unwrap_or_default();
        let feedback = (*result)
            .as_ref()
            .and_then(|r| r.steps.iter().find(|s| s.id == *id));
        let class = match feedback {
            Some(f) if f.in_order => "walk-step in-order",
            Some(_) => "walk-step misplaced",
            None => "walk-step",
        };
        html! {
            <li class={class}>
                <div class="walk-row">
                    <span class="walk-number" aria-hidden="true">{ i + 1 }</span>
                    <p class="walk-text">
                        if let Some(f) = feedback {
                            <span class="walk-mark" aria-hidden="true">{ if f.in_order { "✓ " } else { "✗ " } }</span>
                            <span class="visually-hidden">{ if f.in_order { "In order: " } else { "Misplaced: " } }</span>
                        }
                        { text }
                    </p>
                    <div class="walk-buttons">
                        <button type="button" class="button small" id={format!("walk-up-{id}")}
                            aria-label={format!("Move up: {text}")} disabled={i == 0}
                            onclick={up(i)}>{ "↑ Up" }</button>
                        <button type="button" class="button small" id={format!("walk-down-{id}")}
                            aria-label={format!("Move down: {text}")} disabled={i + 1 == n}
                            onclick={down(i)}>{ "↓ Down" }</button>
                    </div>
                </div>
                if let Some(f) = feedback.filter(|f| !f.in_order) {
                    <div class="walk-feedback">
                        <p>{ match &f.after {
                            Some(after) => format!("Belongs at step {}, after \u{201c}{after}\u{201d}", f.belongs),
                            None => "Belongs first.".to_string(),
                        } }</p>
                        <p class="muted">{ f.why.clone() }{ " " }<RefLink id={AttrValue::from(f.reference.clone())} /></p>
                    </div>
                }
            </li>
        }
    });
    if mock.is_some() {
        return html! {
            <div class="walk-through">
                <p class="walk-situation">{ w.situation }</p>
                <ol class="walk-steps">{ for rows }</ol>
                <p class="actions">
                    <button type="button" class="button primary" onclick={on_check}>{ "Submit this order" }</button>
                </p>
                <p class="interview-status" role="status" aria-live="polite" aria-atomic="true">{ (*status).clone() }</p>
            </div>
        };
    }
    html! {
        <section class="panel walk-through" aria-labelledby="walk-heading">
            <h3 id="walk-heading">{ "Walk me through it" }</h3>
            <p class="muted">{ "Put the troubleshooting steps for a case in the order you would take them. \
                Use the Up and Down buttons, then check the order." }</p>
            <div class="interview-picker">
                <label for="walk-case">{ "Case" }</label>
                <select id="walk-case" onchange={on_case}>
                    { for walk::walkthroughs().iter().map(|c| html! {
                        <option value={c.id} selected={c.id == w.id}>{ c.title }</option>
                    }) }
                </select>
            </div>
            <p class="walk-situation">{ w.situation }</p>
            <ol class="walk-steps">{ for rows }</ol>
            <p class="actions">
                <button type="button" class="button primary" onclick={on_check}>{ "Check the order" }</button>
            </p>
            <p class="interview-status" role="status" aria-live="polite" aria-atomic="true">{ (*status).clone() }</p>
        </section>
    }
}
