//! What `faultline check` makes of the solver's verdict on a replayed scenario. Content is not
//! limited by the solver: a scenario it cannot settle is a *warning* (with the solver's
//! reasons, so an author sees which evidence is missing), and only evidence that contradicts the
//! scenario's answer, or supports two layers equally, is an *error*.

use crate::model::*;
use crate::pack::Pack;

/// The solver's verdict on a replay, sorted for the checker.
#[derive(Clone, Debug, PartialEq)]
pub enum Judgement {
    /// The evidence leads to the engine's root-cause layer.
    Agrees,
    /// The evidence does not settle a layer: a warning, with the solver's reasons.
    Unsettled(String),
    /// An error: the evidence points at another layer, or at two equally.
    Contradicts(String),
}

pub fn judge(t: &Trace) -> Judgement {
    let root = t.answer.root_cause_layer;
    let v = crate::solve(&t.evidence);
    let why = v.reasons.join("; ");
    if !v.contested.is_empty() {
        let ls: Vec<&str> = v.contested.iter().map(|l| l.id()).collect();
        return Judgement::Contradicts(format!(
            "replay: the evidence supports {} equally; change the seed or the faults so one cause stands out. The solver read: {why}",
            ls.join(" and ")
        ));
    }
    match v.layer {
        Some(l) if l == root => Judgement::Agrees,
        Some(l) => Judgement::Contradicts(format!(
            "replay: the evidence points at {l} but the root cause ({}) is in {root}; change the seed or the fault's parameters. The solver read: {why}",
            t.answer.fault_id
        )),
        None => Judgement::Unsettled(format!(
            "replay: the solver cannot settle this from the evidence alone: {why}"
        )),
    }
}

/// The errors [`judge`] finds, for the validator (warnings are left to [`warnings`]).
pub(crate) fn error(t: &Trace) -> Option<String> {
    match judge(t) {
        Judgement::Contradicts(m) => Some(m),
        _ => None,
    }
}

/// Warnings for a checked pack: each scenario whose replay the solver cannot settle, with the
/// solver's reasons. Never a reason to refuse the pack.
pub fn warnings(pack: &Pack) -> Vec<Problem> {
    pack.scenarios
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let (noise, misleading) = crate::puzzle::noise_for(s.difficulty);
            let t = crate::simulate_with_noise(&s.run_spec(), noise, misleading).ok()?;
            match judge(&t) {
                Judgement::Unsettled(m) => Some(Problem {
                    path: format!("scenarios[{i}]"),
                    message: m,
                }),
                _ => None,
            }
        })
        .collect()
}
