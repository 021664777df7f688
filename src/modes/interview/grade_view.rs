use faultline_engine::interview::Grade;
use yew::prelude::*;

use crate::components::reference_text::use_reference_text;
use crate::components::RefOpener;
use crate::logic::reference;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub grade: Grade,
    /// The answer as it was when checked (the textarea may have changed since).
    pub answer: AttrValue,
    pub model_answer: AttrValue,
}

/// A link to a study reference entry: opens the reference panel in place when the app has one
/// (so the result stays on screen), else follows the link to the reference page.
#[derive(Properties, PartialEq)]
pub struct RefLinkProps {
    pub id: AttrValue,
}

#[function_component(RefLink)]
pub fn ref_link(props: &RefLinkProps) -> Html {
    let opener = use_context::<RefOpener>();
    // Ids and titles come with the reference's text: rendered again when it arrives.
    use_reference_text();
    let r = reference::get();
    let index = r.index_of(&props.id);
    let title = index
        .map(|i| r.entries[i].title.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| props.id.to_string());
    let onclick = Callback::from(move |e: MouseEvent| {
        if let (Some(RefOpener(open)), Some(i)) = (&opener, index) {
            e.prevent_default();
            open.emit(i);
        }
    });
    html! {
        <a href={format!("#/reference/{}", props.id)} {onclick}>{ format!("Read: {title}") }</a>
    }
}

/// The result of a check: the score, the key-point checklist (each missed point linked to the
/// reference entry that explains it), misconceptions found, and the two answers side by side.
#[function_component(GradeView)]
pub fn grade_view(props: &Props) -> Html {
    let g = &props.grade;
    let points = g.points.iter().map(|p| {
        html! {
            <li class={classes!("point", if p.hit { "hit" } else { "missed" })}>
                <span class="point-mark" aria-hidden="true">{ if p.hit { "✓" } else { "✗" } }</span>
                <span class="point-text">
                    <span class="visually-hidden">{ if p.hit { "Made: " } else { "Missed: " } }</span>
                    { p.text.clone() }
                    if !p.hit {
                        { " " }<RefLink id={AttrValue::from(p.reference.clone())} />
                    }
                </span>
            </li>
        }
    });
    let wrong = g.misconceptions.iter().map(|m| {
        html! {
            <li>
                <p class="misconception-text">{ m.text.clone() }</p>
                <p class="small muted">{ "Where you said it: " }<q>{ m.evidence.clone() }</q></p>
                <p class="small"><RefLink id={AttrValue::from(m.reference.clone())} /></p>
            </li>
        }
    });
    html! {
        <section class="panel interview-result" aria-labelledby="interview-result-heading" data-testid="interview-result">
            <h3 id="interview-result-heading">{ format!("Score: {} / 100", g.score) }</h3>
            <p class="muted small">{ format!(
                "{} of {} key points made{}.",
                g.points_hit,
                g.points_total,
                match g.misconceptions.len() {
                    0 => String::new(),
                    1 => ", 1 misconception (each costs 25)".to_string(),
                    n => format!(", {n} misconceptions (each costs 25)"),
                }
            ) }</p>
            <h4>{ "Key points" }</h4>
            <ul class="checklist">{ for points }</ul>
            if !g.misconceptions.is_empty() {
                <h4>{ "Misconceptions to fix" }</h4>
                <ul class="misconceptions">{ for wrong }</ul>
            }
            if g.keyword_lists > 0 {
                <p class="notice small">{ format!(
                    "{} line{} read as a list of keywords rather than a statement, so earned nothing. \
                     A point counts when one sentence says it.",
                    g.keyword_lists,
                    if g.keyword_lists == 1 { "" } else { "s" }
                ) }</p>
            }
            <div class="answer-compare">
                <section aria-labelledby="interview-yours-heading">
                    <h4 id="interview-yours-heading">{ "Your answer" }</h4>
                    <p class="answer-text">{ props.answer.clone() }</p>
                </section>
                <section aria-labelledby="interview-model-heading">
                    <h4 id="interview-model-heading">{ "Model answer" }</h4>
                    <p class="answer-text">{ props.model_answer.clone() }</p>
                </section>
            </div>
        </section>
    }
}
