//! The notebook: the lines pinned as evidence (each says which check printed it) and the layers
//! ruled in or out, each with a one-line reason, beside those not examined yet.

use faultline_engine::Layer;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::case::{Action, Case, Verdict, REASON_MAX};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub case: UseReducerHandle<Case>,
    pub on: Callback<Action>,
}

#[function_component(Notebook)]
pub fn notebook(props: &Props) -> Html {
    let c = &*props.case;
    let layer_ref = use_node_ref();
    let reason_ref = use_node_ref();
    let rule = |verdict: Verdict| {
        let (on, layer_ref, reason_ref) = (props.on.clone(), layer_ref.clone(), reason_ref.clone());
        Callback::from(move |_: MouseEvent| {
            let layer = layer_ref
                .cast::<HtmlSelectElement>()
                .and_then(|s| Layer::parse(&s.value()));
            let reason = reason_ref.cast::<HtmlInputElement>();
            if let (Some(layer), Some(input)) = (layer, reason) {
                let text = input.value();
                if !text.trim().is_empty() {
                    input.set_value("");
                }
                on.emit(Action::Rule {
                    layer,
                    verdict,
                    reason: text,
                });
            }
        })
    };
    let unexamined = c.unexamined();
    let label_of = |i: usize| {
        c.results
            .get(i)
            .map(|r| r.probe.label())
            .unwrap_or_default()
    };
    html! {
        <section class="panel notebook-panel" aria-labelledby="notebook-heading">
            <h2 id="notebook-heading">{ "Notebook" }</h2>
            <h3>{ "Pinned evidence" }</h3>
            if c.pins.is_empty() {
                <p class="muted small">{ "Nothing pinned yet: press a line of output to keep it here." }</p>
            } else {
                <ul class="pins">
                    { for c.pins.iter().map(|p| {
                        let (on, result, line) = (props.on.clone(), p.result, p.line);
                        html! {
                            <li key={format!("{result}-{line}")}>
                                <code class="pin-text">{ &p.text }</code>
                                <span class="muted small">{ format!(" from {}", label_of(result)) }</span>
                                <button type="button" class="button small-button"
                                    aria-label={format!("Unpin: {}", p.text)}
                                    onclick={Callback::from(move |_| on.emit(Action::TogglePin { result, line }))}>
                                    { "Unpin" }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <h3>{ "Layers" }</h3>
            <div class="rule-form">
                <label>
                    <span>{ "Layer" }</span>
                    <select ref={layer_ref.clone()}>
                        { for c.layers.iter().map(|l| html! {
                            <option value={l.id()}>{ format!("{} ({})", l.label(), c.layer_state(*l).word()) }</option>
                        }) }
                    </select>
                </label>
                <label class="rule-reason">
                    <span>{ "Why, in one line" }</span>
                    <input type="text" ref={reason_ref.clone()} maxlength={REASON_MAX.to_string()}
                        placeholder="dig answers the right address" autocomplete="off" />
                </label>
                <div class="rule-buttons">
                    <button type="button" class="button" onclick={rule(Verdict::Out)}>{ "Rule out" }</button>
                    <button type="button" class="button" onclick={rule(Verdict::In)}>{ "Rule in" }</button>
                </div>
                <p class="field-problem small" role="status">{ c.problem.clone().unwrap_or_default() }</p>
            </div>
            if !c.rulings.is_empty() {
                <ul class="rulings">
                    { for c.rulings.iter().map(|r| {
                        let (on, layer) = (props.on.clone(), r.layer);
                        html! {
                            <li key={r.layer.id()} class={format!("ruling st-{}", r.verdict.word().replace(' ', "-"))}>
                                <strong>{ format!("{} {}", r.layer.label(), r.verdict.word()) }</strong>
                                { ": " }<bdi>{ &r.reason }</bdi>
                                <button type="button" class="button small-button"
                                    aria-label={format!("Take back: {} {}", r.layer.label(), r.verdict.word())}
                                    onclick={Callback::from(move |_| on.emit(Action::Unrule(layer)))}>
                                    { "Take back" }
                                </button>
                            </li>
                        }
                    }) }
                </ul>
            }
            <p class="small unexamined">
                if unexamined.is_empty() {
                    { "Every layer on the path has been examined or ruled on." }
                } else {
                    <strong>{ "Not examined yet: " }</strong>
                    { unexamined.iter().map(|l| l.label()).collect::<Vec<_>>().join(", ") }
                }
            </p>
        </section>
    }
}
