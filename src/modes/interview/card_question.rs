use faultline_engine::interview::drill::{self, Question, Verdict};
use faultline_engine::Layer;
use yew::prelude::*;

use super::grade_view::RefLink;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub question: Question,
    /// Set once answered: the choices lock and the verdict shows.
    pub verdict: Option<Verdict>,
    /// Hide the verdict (a mock interview shows them all at the end).
    #[prop_or(true)]
    pub show_verdict: bool,
    pub on_answer: Callback<(Layer, String)>,
    /// Prefix for element ids, so two questions on one page never share one.
    pub id: AttrValue,
}

/// One "recognise it fast" card: the artefact as its program printed it, then two radio groups
/// (which layer, what it means) and a check button. Radio groups keep it usable by keyboard (arrow
/// keys within a group), touch and screen reader without any custom widget.
#[function_component(CardQuestion)]
pub fn card_question(props: &Props) -> Html {
    // Parents key this component by card, so a new card starts with nothing chosen.
    let layer = use_state(|| None::<Layer>);
    let meaning = use_state(|| None::<usize>);
    let problem = use_state(String::new);
    let q = &props.question;
    let answered = props.verdict.is_some();
    let on_submit = {
        let (layer, meaning, problem) = (layer.clone(), meaning.clone(), problem.clone());
        let (on_answer, meanings) = (props.on_answer.clone(), q.meanings.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match (*layer, *meaning) {
                (Some(l), Some(m)) => {
                    problem.set(String::new());
                    on_answer.emit((l, meanings[m].clone()));
                }
                (None, _) => problem.set("Pick the layer it points to.".into()),
                (_, None) => problem.set("Pick what it means.".into()),
            }
        })
    };
    let id = |part: &str| format!("{}-{part}", props.id);
    let layers = q.layers.iter().map(|l| {
        let l = *l;
        let chosen = *layer == Some(l);
        let onchange = {
            let layer = layer.clone();
            Callback::from(move |_: Event| layer.set(Some(l)))
        };
        let mark = props
            .verdict
            .as_ref()
            .filter(|_| props.show_verdict)
            .map(|v| mark(v.layers.contains(&l), chosen));
        html! {
            <label class={classes!("drill-choice", mark.map(|(class, _)| class))}>
                <input type="radio" name={id("layer")} value={l.id()} checked={chosen}
                    disabled={answered} {onchange} />
                <span>{ l.label() }</span>
                if let Some((_, text)) = mark { <span class="drill-mark">{ text }</span> }
            </label>
        }
    });
    let meanings = q.meanings.iter().enumerate().map(|(i, text)| {
        let chosen = *meaning == Some(i);
        let onchange = {
            let meaning = meaning.clone();
            Callback::from(move |_: Event| meaning.set(Some(i)))
        };
        let mark = props
            .verdict
            .as_ref()
            .filter(|_| props.show_verdict)
            .map(|v| mark(&v.meaning == text, chosen));
        html! {
            <label class={classes!("drill-choice", mark.map(|(class, _)| class))}>
                <input type="radio" name={id("meaning")} value={i.to_string()} checked={chosen}
                    disabled={answered} {onchange} />
                <span>{ text }</span>
                if let Some((_, text)) = mark { <span class="drill-mark">{ text }</span> }
            </label>
        }
    });
    html! {
        <form class="drill-card" onsubmit={on_submit} aria-labelledby={id("source")}>
            <p class="muted small drill-source" id={id("source")}>{ format!("From {}", q.source) }</p>
            <pre class="drill-artefact" id={id("artefact")} tabindex="0" aria-label={format!("Artefact from {}", q.source)}><code>{ &q.artefact }</code></pre>
            <div class="drill-groups">
                <fieldset class="drill-group">
                    <legend>{ "Which layer does it point to?" }</legend>
                    { for layers }
                </fieldset>
                <fieldset class="drill-group">
                    <legend>{ "What does it mean?" }</legend>
                    { for meanings }
                </fieldset>
            </div>
            if !answered {
                <p class="actions">
                    <button type="submit" class="button primary">{ "Check" }</button>
                </p>
            }
            <p class="drill-problem" role="status">{ (*problem).clone() }</p>
            if let (Some(v), true) = (&props.verdict, props.show_verdict) {
                <VerdictView verdict={v.clone()} id={id("verdict")} />
            }
        </form>
    }
}

/// How a choice is marked after the check: the right ones, and the learner's wrong pick.
fn mark(right: bool, chosen: bool) -> (&'static str, &'static str) {
    match (right, chosen) {
        (true, _) => ("right", " ✓ right"),
        (false, true) => ("wrong", " ✗ your pick"),
        (false, false) => ("", ""),
    }
}

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub verdict: Verdict,
    pub id: AttrValue,
}

/// The verdict takes focus when it appears, so a keyboard or screen reader user hears it first.
#[function_component(VerdictView)]
pub fn verdict_view(props: &VerdictProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(props.verdict.clone(), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let v = &props.verdict;
    let headline = match (v.layer_right, v.meaning_right) {
        (true, true) => "✓ Right: layer and meaning.".to_string(),
        (true, false) => "Half right: the layer, not the meaning.".to_string(),
        (false, true) => "Half right: the meaning, not the layer.".to_string(),
        (false, false) => "✗ Not this time.".to_string(),
    };
    let layers: Vec<&str> = v.layers.iter().map(|l| l.label()).collect();
    html! {
        <div class={classes!("drill-verdict", if v.right() { "right" } else { "wrong" })}
            id={props.id.clone()} tabindex="-1" ref={node}>
            <p><strong>{ headline }</strong></p>
            <p>{ format!("It points to: {}. ", layers.join(" or ")) }{ &v.meaning }</p>
            <p>{ &v.why }</p>
            <p><RefLink id={AttrValue::from(v.reference.clone())} /></p>
        </div>
    }
}

/// The question for `card` under `seed`, or None for a card this build does not have.
pub fn question_for(card: &str, seed: u64) -> Option<Question> {
    drill::find_card(card).map(|c| drill::question(c, seed))
}
