use std::rc::Rc;

use faultline_engine::{faults, flows, share, simulate, Evidence, RunSpec};
use yew::prelude::*;

use crate::components::Shared;
use crate::dom;
use crate::modes::challenge;
use crate::modes::challenge::button::ChallengeButton;
use crate::modes::sandbox::fault_params::FaultParams;
use crate::modes::sandbox::layer_picker::LayerPicker;
use crate::modes::sandbox::trace_compare::TraceCompare;
use crate::modes::sandbox::{applicable, breakable_layers, Setup};

/// A finished comparison: the two runs and the broken run's spec (for links).
#[derive(Clone, PartialEq)]
struct Ran {
    healthy: Shared<Evidence>,
    broken: Shared<Evidence>,
    spec: Shared<RunSpec>,
}

fn run(setup: &Setup, catalogue: &[faultline_engine::FaultInfo]) -> Result<Ran, String> {
    let (healthy, broken) = setup.runs(catalogue)?;
    let h = simulate(&healthy).map_err(|e| e.to_string())?;
    let b = simulate(&broken).map_err(|e| e.to_string())?;
    Ok(Ran {
        healthy: Shared(Rc::new(h.evidence)),
        broken: Shared(Rc::new(b.evidence)),
        spec: Shared(Rc::new(broken)),
    })
}

/// `#/sandbox`: pick a flow, a layer, a fault and its parameters, run, and compare the healthy
/// and broken runs. Any setup becomes a puzzle or a challenge link in one click.
#[function_component(SandboxPage)]
pub fn sandbox_page() -> Html {
    let catalogue = use_memo((), |_| (faults(), flows()));
    let (all_faults, all_flows) = (&catalogue.0, &catalogue.1);
    let setup = {
        let catalogue = catalogue.clone();
        use_state(move || Setup::new(&catalogue.0, &catalogue.1))
    };
    let ran = {
        let (setup, catalogue) = (setup.clone(), catalogue.clone());
        use_state(move || run(&setup, &catalogue.0))
    };
    let flow = all_flows.iter().find(|f| f.id == setup.flow).cloned();
    let layers = flow
        .as_ref()
        .map(|f| breakable_layers(all_faults, f))
        .unwrap_or_default();
    let options = setup
        .layer
        .map(|l| applicable(all_faults, &setup.flow, l))
        .unwrap_or_default();
    let fault = options.iter().find(|f| f.id == setup.fault).cloned();

    let update = |f: Rc<dyn Fn(&mut Setup)>| {
        let setup = setup.clone();
        move || {
            let mut next = (*setup).clone();
            f(&mut next);
            setup.set(next);
        }
    };
    let on_flow = {
        let (setup, catalogue) = (setup.clone(), catalogue.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*setup).clone();
            next.pick_flow(&catalogue.0, &select.value());
            setup.set(next);
        })
    };
    let on_layer = {
        let (setup, catalogue) = (setup.clone(), catalogue.clone());
        Callback::from(move |layer| {
            let mut next = (*setup).clone();
            next.pick_layer(&catalogue.0, layer);
            setup.set(next);
        })
    };
    let on_fault = {
        let (setup, catalogue) = (setup.clone(), catalogue.clone());
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(f) = catalogue.0.iter().find(|f| f.id == select.value()) {
                let mut next = (*setup).clone();
                next.pick_fault(f);
                setup.set(next);
            }
        })
    };
    let on_param = {
        let setup = setup.clone();
        Callback::from(move |(name, value): (String, String)| {
            let mut next = (*setup).clone();
            next.params.insert(name, value);
            setup.set(next);
        })
    };
    let on_seed = {
        let setup = setup.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut next = (*setup).clone();
            next.seed = input.value();
            setup.set(next);
        })
    };
    let new_seed = update(Rc::new(|s: &mut Setup| {
        s.seed = ((js_sys::Math::random() * 100_000.0) as u64).to_string();
    }));
    let on_submit = {
        let (setup, ran, catalogue) = (setup.clone(), ran.clone(), catalogue.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            ran.set(run(&setup, &catalogue.0));
        })
    };
    let to_puzzle = {
        let ran = ran.clone();
        Callback::from(move |_: MouseEvent| {
            if let Ok(r) = &*ran {
                let code = share::encode(&share::SharedPuzzle {
                    run: (*r.spec.0).clone(),
                    story: None,
                    difficulty: None,
                });
                dom::go(&format!("#{}{code}", challenge::PREFIX));
            }
        })
    };
    let flow_options = all_flows.iter().map(|f| {
        html! { <option value={f.id.id()} selected={f.id == setup.flow}>{ format!("{} ({})", f.title, f.id) }</option> }
    });
    let fault_options = options.iter().map(|f| {
        html! { <option value={f.id.clone()} selected={f.id == setup.fault}>{ &f.title }</option> }
    });
    html! {
        <main id="main" class="page modes-page sandbox">
            <section class="panel sandbox-setup" aria-labelledby="sandbox-heading">
                <h2 id="sandbox-heading">{ "Break-it sandbox" }</h2>
                <p class="muted">{ "Pick a flow and a layer, break it, run, and see exactly what changes in the evidence." }</p>
                <form class="sandbox-form" onsubmit={on_submit}>
                    <div class="field">
                        <label for="sandbox-flow">{ "Flow" }</label>
                        <select id="sandbox-flow" onchange={on_flow}>{ for flow_options }</select>
                        if let Some(f) = &flow {
                            <span class="muted small">{ &f.description }</span>
                        }
                    </div>
                    <fieldset class="field">
                        <legend>{ "Layer to break" }</legend>
                        <LayerPicker layers={layers} selected={setup.layer} on_pick={on_layer} />
                    </fieldset>
                    <div class="field">
                        <label for="sandbox-fault">{ "Fault" }</label>
                        <select id="sandbox-fault" onchange={on_fault} disabled={options.is_empty()}>
                            { for fault_options }
                        </select>
                        if let Some(f) = &fault {
                            <span class="muted small">{ &f.summary }</span>
                        }
                    </div>
                    if let Some(f) = &fault {
                        <FaultParams fault={f.clone()} values={setup.params.clone()} on_change={on_param} id_prefix="sandbox-param" />
                    }
                    <div class="field seed-field">
                        <label for="sandbox-seed">{ "Seed" }</label>
                        <div class="inline">
                            <input id="sandbox-seed" type="number" min="0" inputmode="numeric" value={setup.seed.clone()} oninput={on_seed} />
                            <button type="button" class="button" onclick={Callback::from(move |_| new_seed())}>{ "New seed" }</button>
                        </div>
                    </div>
                    <p class="actions">
                        <button type="submit" class="button primary">{ "Run healthy and broken" }</button>
                        <button type="button" class="button" onclick={to_puzzle} disabled={ran.is_err()}>
                            { "Turn into a puzzle" }
                        </button>
                    </p>
                </form>
            </section>
            {
                match &*ran {
                    Ok(r) => html! {
                        <>
                            <TraceCompare healthy={r.healthy.clone()} broken={r.broken.clone()} />
                            <ChallengeButton run={r.spec.clone()} />
                        </>
                    },
                    Err(message) => html! { <p class="panel field-problem" role="alert">{ message.clone() }</p> },
                }
            }
        </main>
    }
}
