//! Puzzle generation: a fault, a flow, a seed → evidence plus four graded questions (layer,
//! cause, next step, owner).

use crate::faults::{self, FaultDef, CATALOGUE};
use crate::model::*;
use crate::next_step::{self, sentence};
use crate::symptom_table::SYMPTOMS;
use crate::util::Rng;
use std::collections::BTreeMap;

/// Layer ids and flow ids usable as a topic.
pub fn topics() -> Vec<String> {
    let mut t: Vec<String> = Layer::ALL
        .iter()
        .filter(|l| CATALOGUE.iter().any(|f| f.layer == **l))
        .map(|l| l.id().to_string())
        .collect();
    t.extend(Flow::ALL.iter().map(|f| f.id().to_string()));
    t
}

pub(crate) fn noise_for(d: Difficulty) -> (usize, bool) {
    match d {
        Difficulty::Easy => (6, false),
        Difficulty::Medium => (14, false),
        Difficulty::Hard => (24, true),
    }
}

/// The noise a scenario object's `difficulty` (medium when absent or unknown) asks for.
pub(crate) fn noise_of(o: &serde_json::Map<String, serde_json::Value>) -> (usize, bool) {
    let d = o.get("difficulty").and_then(|v| v.as_str());
    noise_for(d.and_then(Difficulty::parse).unwrap_or(Difficulty::Medium))
}

/// Picks fault, flow, params for a seed.
pub(crate) fn pick(
    seed: u64,
    diff: Option<Difficulty>,
    topic: Option<&str>,
) -> (RunSpec, Difficulty) {
    let mut rng = Rng::new(seed ^ 0xF00D);
    let topic_flow = topic.and_then(Flow::parse);
    let pool: Vec<&FaultDef> = CATALOGUE
        .iter()
        .filter(|f| {
            topic
                .map(|t| f.layer.id() == t || f.flows.iter().any(|fl| fl.id() == t))
                .unwrap_or(true)
        })
        .collect();
    let pool = if pool.is_empty() {
        CATALOGUE.iter().collect()
    } else {
        pool
    };
    let f = *rng.pick(&pool);
    let flows: Vec<Flow> = match topic_flow {
        Some(t) if f.flows.contains(&t) => vec![t],
        _ => f.flows.to_vec(),
    };
    let flow = *rng.pick(&flows);
    let diff = diff.unwrap_or(*rng.pick(&[Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]));
    let mut spec = FaultSpec::new(f.id);
    if diff != Difficulty::Easy {
        // Vary numeric parameters so memorised numbers do not help.
        for (n, d, _) in f.params {
            if let faults::ParamDefault::Int {
                default: v,
                min,
                max,
                ..
            } = d
            {
                let lo = (*v / 2).max(1);
                // Within the parameter's accepted range, so a generated puzzle always validates.
                let drawn = rng.range(lo, *v + lo).clamp(*min, *max);
                spec.params.insert(n.to_string(), drawn.into());
            }
        }
    }
    // Keep values that change the mechanism inside their meaningful range.
    if let Some(v) = spec.params.get_mut("delay_ms") {
        *v = (v.as_i64().unwrap_or(0).max(31_000)).into();
    }
    if let Some(v) = spec.params.get_mut("processing_ms") {
        *v = (v.as_i64().unwrap_or(0).max(16_000)).into();
    }
    if let Some(v) = spec.params.get_mut("query_ms") {
        *v = (v.as_i64().unwrap_or(0).max(6_000)).into();
    }
    if let Some(v) = spec.params.get_mut("idle_s") {
        *v = (v.as_i64().unwrap_or(20).clamp(5, 24)).into();
    }
    if let Some(v) = spec.params.get_mut("one_way_ms") {
        *v = (v.as_i64().unwrap_or(900).max(600)).into();
    }
    if let Some(v) = spec.params.get_mut("lag_ms") {
        *v = (v.as_i64().unwrap_or(0).max(2_000)).into();
    }
    if let Some(v) = spec.params.get_mut("requests") {
        *v = (v.as_i64().unwrap_or(0).max(120)).into();
    }
    if f.id == "crm-slow-response" && flow == Flow::CrmTicket {
        spec.params.insert("delay_ms".into(), 31_000.into());
    }
    if let Some(v) = spec.params.get_mut("hours_ago") {
        *v = (v.as_i64().unwrap_or(6).clamp(1, 24)).into();
    }
    // Hard puzzles: often a cascade, where the loudest errors are consequences.
    if diff == Difficulty::Hard && rng.chance(40) {
        let fits: Vec<&crate::cascades::CascadeDef> = crate::cascades::CASCADES
            .iter()
            .filter(|c| {
                topic
                    .map(|t| c.root_layer().id() == t || c.flow.id() == t)
                    .unwrap_or(true)
            })
            .collect();
        if !fits.is_empty() {
            let c = *rng.pick(&fits);
            return (c.spec(seed), diff);
        }
    }
    (
        RunSpec {
            flow: Some(flow.id().into()),
            faults: vec![spec],
            seed,
            call: None,
            client: None,
        },
        diff,
    )
}

/// Cheap path for the solver run: (injected layer, flow, fault id, evidence).
pub fn generate_case(
    seed: u64,
    diff: Option<Difficulty>,
    topic: Option<&str>,
) -> (Layer, String, String, Evidence) {
    let (spec, d) = pick(seed, diff, topic);
    let (n, mis) = noise_for(d);
    let t = crate::simulate_with_noise(&spec, n, mis).expect("generated specs are valid");
    (
        t.answer.root_cause_layer,
        spec.flow.unwrap_or_default(),
        t.answer.fault_id,
        t.evidence,
    )
}

pub fn generate_puzzle(seed: u64, difficulty: Option<Difficulty>, topic: Option<&str>) -> Puzzle {
    let (spec, d) = pick(seed, difficulty, topic);
    let mut p = puzzle_for(&spec, d).expect("generated specs are valid");
    p.view.topic = topic.map(String::from);
    p
}

/// What a failure looks like from the outside: the class a support engineer would sort it into
/// ("5xx", "4xx", "timeout", "conn", "tls", "cors", "event", …) and the exact detail (status
/// code or client-error kind). Read from evidence only.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Symptom {
    pub class: &'static str,
    pub detail: String,
    /// Which hop failed, e.g. "Integration>Crm".
    pub hop: String,
}

pub(crate) fn client_error_kind(e: &str) -> &'static str {
    use crate::runtime::ErrorClass::*;
    match crate::runtime::error_class(e) {
        Cors => "cors",
        Dns => "dns",
        ReadTimeout => "read-timeout",
        Connect => "connect",
        EmptyReply => "empty-reply",
        Tls => "tls",
        Other => "other",
    }
}

/// The symptom of a trace: its first failing exchange (or failing event, or a slow success).
pub(crate) fn symptom(ev: &Evidence, ans: &Answer) -> Symptom {
    let x = ans.failing_exchange.and_then(|i| ev.exchanges.get(i));
    let hop = x
        .map(|x| format!("{:?}>{:?}", x.from, x.to))
        .unwrap_or_default();
    match x.map(|x| (&x.response, &x.client_error)) {
        Some((Some(r), _)) => Symptom {
            class: match r.status {
                500..=599 => "5xx",
                400..=499 => "4xx",
                300..=399 => "3xx",
                _ => "other",
            },
            detail: r.status.to_string(),
            hop,
        },
        Some((None, Some(e))) => {
            let k = client_error_kind(e);
            Symptom {
                class: match k {
                    "read-timeout" => "timeout",
                    "dns" | "connect" => "conn",
                    k => k,
                },
                detail: k.to_string(),
                hop,
            }
        }
        _ if ans.failing_event.is_some() => Symptom {
            class: "event",
            detail: ans
                .failing_event
                .and_then(|i| ev.events.get(i))
                .map(|e| format!("{:?}>{:?}", e.from, e.to))
                .unwrap_or_default(),
            hop,
        },
        _ => Symptom {
            class: "slow",
            detail: "slow".into(),
            hop,
        },
    }
}

/// Symptom of one (fault, flow) pair's default run, as `(class, detail, hop)`. Read from a table
/// generated by the test `symptom_table_is_current` rather than simulating the whole catalogue at
/// the first puzzle: in the browser that cost landed on the start page's time to interactive.
pub(crate) fn known_symptom(
    fault: &str,
    flow: &str,
) -> Option<(&'static str, &'static str, &'static str)> {
    SYMPTOMS
        .binary_search_by(|(f, fl, ..)| (*f, *fl).cmp(&(fault, flow)))
        .ok()
        .map(|i| (SYMPTOMS[i].2, SYMPTOMS[i].3, SYMPTOMS[i].4))
}

/// HTTP status codes a text names ("… with the 504 and timings").
fn statuses_named(text: &str) -> Vec<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse().ok())
        .filter(|s| crate::sim::reason(*s) != "Unknown")
        .collect()
}

/// Faults the evidence cannot tell apart, so neither is offered as a wrong answer to the other:
/// an object flattened into a string *is* a value of the wrong type, and the API words both as
/// "must be an object/boolean, got string".
const SAME_READING: &[(&str, &str)] = &[("wrong-nesting", "wrong-field-type")];

fn same_reading(a: &str, b: &str) -> bool {
    SAME_READING
        .iter()
        .any(|&(x, y)| (x, y) == (a, b) || (y, x) == (a, b))
}

/// Three wrong causes that are plausible for *this* evidence: faults that can happen in this
/// flow, at a layer on its diagram, preferring ones that fail the same way (same status code,
/// same class, same kind of client error). A fault whose title or remedy names a status code
/// that appears nowhere in the evidence would give itself away, so it comes last.
fn distractors(
    f: &FaultDef,
    ev: &Evidence,
    seen: &Symptom,
    rng: &mut Rng,
) -> Vec<&'static FaultDef> {
    let shown: Vec<u16> = ev
        .exchanges
        .iter()
        .filter_map(|x| x.response.as_ref().map(|r| r.status))
        .collect();
    let flow = ev.flow;
    let mut scored: Vec<(i32, u64, &'static FaultDef)> = CATALOGUE
        .iter()
        .filter(|g| g.id != f.id && !same_reading(g.id, f.id))
        .filter(|g| g.flows.contains(&flow) && ev.layers.contains(&g.layer))
        .map(|g| {
            let mut s = 0;
            if let Some((class, detail, hop)) = known_symptom(g.id, flow.id()) {
                if class == seen.class {
                    s += 4;
                    if detail == seen.detail {
                        s += 4;
                    }
                }
                if !hop.is_empty() && hop == seen.hop {
                    s += 3;
                }
            }
            if g.symptom == f.symptom {
                s += 2;
            }
            if g.layer == f.layer {
                s += 1;
            }
            let named = statuses_named(g.title)
                .into_iter()
                .chain(statuses_named(g.next_action));
            if named.into_iter().any(|c| !shown.contains(&c)) {
                s -= 20;
            }
            (s, rng.next_u64(), g)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().take(3).map(|x| x.2).collect()
}

pub fn puzzle_for(spec: &RunSpec, difficulty: Difficulty) -> Result<Puzzle, EngineError> {
    puzzle_explained(spec, difficulty, &BTreeMap::new())
}

/// [`puzzle_for`], with the wrong causes an author has already explained (fault id → why) taking
/// the author's words. The engine's own reason for such a cause is not worked out at all: it
/// simulates the cause and its look-alikes (`rule_out::cause`), more than half of building a
/// puzzle, and a pack scenario has a written reason for every distractor.
pub fn puzzle_explained(
    spec: &RunSpec,
    difficulty: Difficulty,
    written: &BTreeMap<String, String>,
) -> Result<Puzzle, EngineError> {
    let (n, mis) = noise_for(difficulty);
    let trace = crate::simulate_with_noise(spec, n, mis)?;
    let ev = trace.evidence;
    let ans = trace.answer;
    let f = faults::find(&ans.fault_id)
        .ok_or_else(|| EngineError::UnknownFault(ans.fault_id.clone()))?;
    let mut rng = Rng::new(spec.seed ^ 0xC0FFEE);
    let verdict = crate::solve(&ev);
    let why = verdict
        .reasons
        .first()
        .cloned()
        .unwrap_or_else(|| f.summary.to_string());
    let correct = f.layer;

    let mut layer_choices: Vec<Choice> = ev
        .layers
        .iter()
        .map(|l| Choice {
            id: l.id().into(),
            label: l.label().into(),
        })
        .collect();
    if !ev.layers.contains(&correct) {
        layer_choices.push(Choice {
            id: correct.id().into(),
            label: correct.label().into(),
        });
    }
    let layer_wrong: BTreeMap<String, String> = layer_choices
        .iter()
        .filter(|c| c.id != correct.id())
        .map(|c| {
            let why = crate::wrong_layer::reason(&ev, &c.id, &c.label);
            (c.id.clone(), crate::rule_out::with_pointer(why, &ev, &ans))
        })
        .collect();

    let seen = symptom(&ev, &ans);
    // A cascade's consequences are the loud symptoms: they are offered as causes, so the
    // learner has to reject them for the fault that came first.
    let consequences: Vec<&'static FaultDef> = spec
        .faults
        .iter()
        .skip(1)
        .filter_map(|c| crate::faults::find(&c.id))
        .filter(|g| g.id != f.id)
        .take(3)
        .collect();
    let mut ds = consequences.clone();
    for g in distractors(f, &ev, &seen, &mut rng) {
        if ds.len() < 3 && !ds.iter().any(|d| d.id == g.id) {
            ds.push(g);
        }
    }
    let mut causes: Vec<&FaultDef> = ds.clone();
    let at = (rng.next_u64() % 4) as usize;
    causes.insert(at.min(causes.len()), f);
    let cause_choices: Vec<Choice> = causes
        .iter()
        .map(|g| Choice {
            id: g.id.into(),
            label: g.title.into(),
        })
        .collect();
    // Each wrong cause is ruled out by a piece of this evidence (`rule_out`); the solver's
    // reasons are not used here, since they name the right cause.
    let first = crate::rule_out::first_failure_quote(&ev, &ans);
    let cause_wrong = ds
        .iter()
        .map(|g| {
            let text = if let Some(why) = written.get(g.id) {
                why.clone()
            } else if consequences.iter().any(|c| c.id == g.id) {
                format!(
                    "{}: this does happen in this incident, but later, as a consequence of the first failure; it would go away once the root cause is fixed. The first failure on the timeline is earlier: {first}.",
                    g.title,
                )
            } else {
                crate::rule_out::cause(&ev, &ans, spec, g, &ds)
            };
            (g.id.to_string(), text)
        })
        .collect();
    let (action_question, action_key) = next_step::action_question(f, &ev, &ans, spec.seed);
    let (owner_question, owner_key) = next_step::owner_question(f, &ev, &ans, &ds, spec.seed);

    let fail_line = ans
        .failing_exchange
        .and_then(|i| ev.exchanges.get(i))
        .map(|x| match (&x.response, &x.client_error) {
            (Some(r), _) => format!(
                "{} {} {}",
                x.request.method,
                x.request.url.split('?').next().unwrap_or(""),
                r.status
            ),
            (None, Some(e)) => e.clone(),
            _ => String::new(),
        })
        .or_else(|| {
            ans.failing_event
                .and_then(|i| ev.events.get(i))
                .map(|e| e.summary.clone())
        })
        .unwrap_or_else(|| ev.outcome.clone());
    let traced = ev
        .logs
        .iter()
        .any(|l| l.trace_id.as_deref() == Some(ev.trace_id.as_str()));
    let first_hint = if traced {
        format!(
            "Filter the logs to trace id {} — other lines belong to other requests.",
            ev.trace_id
        )
    } else {
        // Nothing logged this request: don't send the learner looking for lines that aren't there.
        let mut h = "No log line carries this request's trace id: it never reached a component that logs it. Work from what the client saw and the exchange timings"
            .to_string();
        h.push_str(if ev.artifacts.is_empty() {
            "."
        } else {
            ", and check the artifacts."
        });
        h
    };
    let hints = vec![
        first_hint,
        format!("Find the first thing that went wrong on the timeline: {fail_line}."),
        "Ask which component produced that error and what it needed that it did not get; compare with the artifacts.".to_string(),
    ];
    let view = PuzzleView {
        id: format!("p-{:016x}", spec.seed),
        seed: spec.seed,
        difficulty,
        topic: None,
        evidence: ev,
        questions: vec![
            Question {
                id: "layer".into(),
                prompt: "Which layer holds the root cause?".into(),
                choices: layer_choices,
            },
            Question {
                id: "cause".into(),
                prompt: "What is the cause?".into(),
                choices: cause_choices,
            },
            action_question,
            owner_question,
        ],
        hints,
    };
    let key = vec![
        QuestionKey {
            question: "layer".into(),
            correct: correct.id().into(),
            explanation: format!("{}: {}", correct.label(), sentence(&why)),
            wrong: layer_wrong,
        },
        QuestionKey {
            question: "cause".into(),
            correct: f.id.into(),
            explanation: f.summary.into(),
            wrong: cause_wrong,
        },
        action_key,
        owner_key,
    ];
    Ok(Puzzle {
        view,
        key,
        answer: ans,
    })
}

#[cfg(test)]
mod symptom_table_tests {
    use super::*;

    /// The table as Rust source: one default run per (fault, flow), sorted for binary search.
    fn render_table() -> String {
        let mut rows = Vec::new();
        for g in CATALOGUE {
            for fl in g.flows {
                let spec = RunSpec {
                    flow: Some(fl.id().to_string()),
                    faults: vec![FaultSpec::new(g.id)],
                    seed: 1,
                    call: None,
                    client: None,
                };
                if let Ok(tr) = crate::simulate_with_noise(&spec, 0, false) {
                    let sym = symptom(&tr.evidence, &tr.answer);
                    rows.push((g.id, fl.id(), sym.class, sym.detail, sym.hop));
                }
            }
        }
        rows.sort();
        let mut out = String::from(
            "// @generated by `UPDATE_GOLDEN=1 cargo test -p faultline-engine --lib symptom_table`.\n\
             // The symptom (class, detail, failing hop) of each fault's default run in each flow.\n\
             #[rustfmt::skip]\n\
             pub(crate) const SYMPTOMS: &[(&str, &str, &str, &str, &str)] = &[\n",
        );
        for (fault, flow, class, detail, hop) in rows {
            out.push_str(&format!(
                "    ({fault:?}, {flow:?}, {class:?}, {detail:?}, {hop:?}),\n"
            ));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn symptom_table_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/symptom_table.rs");
        let fresh = render_table();
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(path, &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            current == fresh,
            "engine/src/symptom_table.rs is stale after an engine change; regenerate it with \
             UPDATE_GOLDEN=1 cargo test -p faultline-engine --lib symptom_table"
        );
    }
}
