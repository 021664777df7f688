//! "Which check next?": the presenter runs one probe at a time for the room and the projector
//! shows its command and raw output in projector type, before the reveal. The probes come from
//! the same run as the puzzle on the stage (its seed, noise and trace id), so what the room reads
//! is the evidence of this very case; they never show the answer.

use std::rc::Rc;

use faultline_engine::pack::{Reporter, Story};
use faultline_engine::probe::{toolbox, Investigation, Probe, ProbeResult};
use faultline_engine::{Difficulty, Layer, RunSpec};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::short_label;

/// The run a presented puzzle was made from, so its probes answer from the same world.
#[derive(Clone, Debug, PartialEq)]
pub enum ProbeRun {
    /// `generate_puzzle(seed, difficulty, None)`.
    Generated {
        seed: u64,
        difficulty: Option<Difficulty>,
    },
    /// A pack scenario: its run at its difficulty, answering "Ask the reporter" in its words.
    Scenario {
        spec: RunSpec,
        difficulty: Difficulty,
        report: Option<Box<(Story, Option<Reporter>)>>,
    },
}

impl ProbeRun {
    /// A scenario's run as the packs play it (`scenario_play::puzzle`), or None when it cannot
    /// be run.
    pub fn of_scenario(s: &serde_json::Value) -> Option<ProbeRun> {
        use crate::modes::packs::scenario_play;
        Some(ProbeRun::Scenario {
            spec: scenario_play::run_spec(s).ok()?,
            difficulty: scenario_play::difficulty(s),
            report: scenario_play::report(s).map(Box::new),
        })
    }

    /// The run held for probing; None when the engine cannot make it.
    pub fn investigation(&self) -> Option<Investigation> {
        match self {
            ProbeRun::Generated { seed, difficulty } => {
                Investigation::generated(*seed, *difficulty, None).ok()
            }
            ProbeRun::Scenario {
                spec,
                difficulty,
                report,
            } => {
                let inv = Investigation::for_puzzle(spec, *difficulty).ok()?;
                Some(match report.as_deref() {
                    Some((story, reporter)) => inv.with_report(story, reporter.as_ref()),
                    None => inv,
                })
            }
        }
    }
}

/// The puzzle's toolbox and the one probe shown, run on demand.
pub struct Toolbox {
    inv: Investigation,
    pub probes: Vec<Probe>,
}

impl Toolbox {
    /// The toolbox of `run`, when its trace is the one on the stage (`trace_id`).
    pub fn new(run: &ProbeRun, trace_id: &str) -> Option<Toolbox> {
        let inv = run.investigation()?;
        if inv.evidence().trace_id != trace_id {
            return None;
        }
        let probes = toolbox(inv.evidence());
        Some(Toolbox { inv, probes })
    }

    pub fn run(&self, id: &str) -> Option<ProbeResult> {
        let p = Probe::parse(id).filter(|p| self.probes.contains(p))?;
        Some(self.inv.run(p))
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub run: ProbeRun,
    pub trace_id: AttrValue,
    /// The probe on the stage (its id), if any.
    pub shown: Option<String>,
    /// The projector: output only, no controls.
    pub audience: bool,
    /// The presenter picks (Some) or clears (None) the probe shown.
    pub on_pick: Callback<Option<String>>,
}

/// The picker (on the presenter's screen) and the probe's output (on both).
#[function_component(RoomProbe)]
pub fn room_probe(props: &Props) -> Html {
    let tb = use_memo((props.run.clone(), props.trace_id.clone()), |(run, id)| {
        Toolbox::new(run, id).map(Rc::new)
    });
    // The probe picked in the list (the first until another is picked).
    let picked = use_state(|| None::<String>);
    // A check just run: its output is brought into view (the answer box scrolls on a 1080p
    // stage), while focus stays on the control that ran it.
    let output = use_node_ref();
    {
        let output = output.clone();
        use_effect_with(props.shown.clone(), move |shown| {
            if shown.is_some() {
                if let Some(el) = output.cast::<web_sys::Element>() {
                    bring_into_view(&el);
                }
            }
        });
    }
    let Some(tb) = (*tb).clone() else {
        return html! {};
    };
    let choice = (*picked)
        .clone()
        .or_else(|| tb.probes.first().map(|p| p.id().to_string()));
    let result = props.shown.as_deref().and_then(|id| tb.run(id));
    let picker = (!props.audience).then(|| {
        let on_change = {
            let picked = picked.clone();
            Callback::from(move |e: Event| {
                if let Some(sel) = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                {
                    picked.set(Some(sel.value()));
                }
            })
        };
        let on_run = {
            let (choice, on_pick) = (choice.clone(), props.on_pick.clone());
            Callback::from(move |_: MouseEvent| on_pick.emit(choice.clone()))
        };
        let on_clear = {
            let on_pick = props.on_pick.clone();
            Callback::from(move |_: MouseEvent| on_pick.emit(None))
        };
        let mut layers: Vec<Layer> = tb.probes.iter().map(|p| p.layer()).collect();
        layers.dedup();
        html! {
            <div class="room-probe-picker">
                <label for="room-probe-select">{ "Which check next?" }</label>
                <select id="room-probe-select" onchange={on_change}>
                    { for layers.iter().map(|l| html! {
                        <optgroup label={short_label(*l)}>
                            { for tb.probes.iter().filter(|p| p.layer() == *l).map(|p| html! {
                                <option value={p.id()} selected={choice.as_deref() == Some(p.id())}>
                                    { format!("{} ({} min)", p.label(), p.minutes()) }
                                </option>
                            }) }
                        </optgroup>
                    }) }
                </select>
                <button type="button" class="button primary run-probe" onclick={on_run}>{ "Run it for the room" }</button>
                if props.shown.is_some() {
                    <button type="button" class="button" onclick={on_clear}>{ "Clear" }</button>
                }
            </div>
        }
    });
    html! {
        <section class="room-probe" aria-labelledby="room-probe-heading">
            <h3 id="room-probe-heading">{ "Check run for the room" }</h3>
            { picker.unwrap_or_default() }
            if let Some(r) = result {
                <div class="room-probe-output" ref={output} aria-live="polite" tabindex="0" role="region" aria-label="Its output">
                    <p class="room-probe-label">{ format!("{} · {} min", r.probe.label(), r.minutes) }</p>
                    <pre class="room-output"><code><span class="room-probe-command">{ format!("$ {}", r.command) }</span>{ "\n" }{ r.output.trim_end().to_string() }</code></pre>
                </div>
            } else if props.audience {
                <p class="muted">{ "No check run yet." }</p>
            }
        </section>
    }
}

/// Scrolls `el` into view in every box that scrolls it, the least that shows it (its start when
/// it is taller than the box). The boxes' own `scroll-behavior` (styles/modes.css) makes it
/// smooth only when the reader has not asked for less motion.
fn bring_into_view(el: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::packs::{builtin, catalog, scenario_play};
    use faultline_engine::generate_puzzle;

    #[test]
    fn the_rooms_probes_come_from_the_run_on_the_stage() {
        let p = generate_puzzle(42, Some(Difficulty::Medium), None);
        let run = ProbeRun::Generated {
            seed: 42,
            difficulty: Some(Difficulty::Medium),
        };
        let tb = Toolbox::new(&run, &p.view.evidence.trace_id).expect("the same run");
        assert!(tb.probes.contains(&Probe::Reproduce));
        let r = tb.run("reproduce").unwrap();
        assert!(r.output.starts_with(p.view.evidence.outcome.trim_end()));
        // Nothing a probe prints is the answer's own statement.
        for probe in &tb.probes {
            let out = tb.run(probe.id()).unwrap();
            assert!(!out.output.contains(&p.answer.diagnosis), "{}", probe.id());
        }
        assert!(tb.run("no-such-probe").is_none());
        // Another run is not this puzzle's: no toolbox rather than another world's output.
        let other = ProbeRun::Generated {
            seed: 43,
            difficulty: Some(Difficulty::Medium),
        };
        assert!(Toolbox::new(&other, &p.view.evidence.trace_id).is_none());
    }

    #[test]
    fn a_scenarios_reporter_answers_in_its_authors_words() {
        let pack = builtin::find("network-and-dns").expect("a built-in pack");
        let (_, s) = catalog::find_scenario(&pack, "relocated-servers-time-out-on-every-api-call")
            .expect("the scenario");
        let p = scenario_play::puzzle(s).unwrap();
        let run = ProbeRun::of_scenario(s).unwrap();
        let tb = Toolbox::new(&run, &p.view.evidence.trace_id).expect("the same run");
        let out = tb.run("ask-reporter").unwrap().output;
        assert!(
            out.contains("Who else: Only the servers we moved to the new VLAN."),
            "{out}"
        );
        assert!(tb.run("traceroute").unwrap().output.contains("* * *"));
    }
}
