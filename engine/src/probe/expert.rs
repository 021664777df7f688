//! The expert path: the fewest probes after which the solver, fed only the evidence those probes
//! show ([`reveal`]), names the root cause's layer without ambiguity.
//!
//! It reasons over what each probe can reveal instead of trying every subset: probes that show
//! nothing the solver reads (a reporter's answer, a port test, a healthy run) never enter; if
//! every probe together does not settle the puzzle there is no path; one probe that settles it
//! alone is the path (the cheapest such); otherwise, from all the probes, each one whose facts the
//! verdict does not need is dropped, the costliest first. At most two passes over the toolbox,
//! so a handful of solver runs per puzzle.

use super::{toolbox, Fact, Investigation, Probe};
use crate::model::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Par for a puzzle: the probes in the order an engineer would run them, and their minutes.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ExpertPath {
    pub probes: Vec<Probe>,
    pub minutes: u32,
}

/// The evidence an investigation has seen: the ticket (story, the client's own view, the outcome,
/// the correlation id) and only the exchanges, log sources and artefacts `facts` name.
/// Exchange and artefact indexes are renumbered; events stay only for the exchanges kept.
pub fn reveal(ev: &Evidence, facts: &[Fact]) -> Evidence {
    let mut xs = BTreeSet::new();
    let mut arts = BTreeSet::new();
    let mut srcs = BTreeSet::new();
    for f in facts {
        match *f {
            Fact::Exchange { index } => {
                xs.insert(index);
            }
            Fact::Artifact { index } => {
                arts.insert(index);
            }
            Fact::Logs { source } => {
                srcs.insert(source);
            }
        }
    }
    let renumber: Vec<Option<usize>> = {
        let mut next = 0;
        (0..ev.exchanges.len())
            .map(|i| {
                xs.contains(&i).then(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect()
    };
    Evidence {
        schema_version: ev.schema_version,
        flow: ev.flow,
        layers: ev.layers.clone(),
        story: ev.story.clone(),
        client: ev.client.clone(),
        events: ev
            .events
            .iter()
            .filter_map(|e| {
                let i = renumber.get(e.exchange?).copied().flatten()?;
                let mut e = e.clone();
                e.exchange = Some(i);
                Some(e)
            })
            .collect(),
        exchanges: ev
            .exchanges
            .iter()
            .enumerate()
            .filter(|(i, _)| xs.contains(i))
            .map(|(_, x)| x.clone())
            .collect(),
        logs: ev
            .logs
            .iter()
            .filter(|l| srcs.contains(&l.source))
            .cloned()
            .collect(),
        artifacts: ev
            .artifacts
            .iter()
            .enumerate()
            .filter(|(i, _)| arts.contains(i))
            .map(|(_, a)| a.clone())
            .collect(),
        correlation: ev.correlation.clone(),
        trace_id: ev.trace_id.clone(),
        outcome: ev.outcome.clone(),
        started_at: ev.started_at.clone(),
        clock_now: ev.clock_now.clone(),
    }
}

/// The solver, fed only `facts`, names `layer` and is not in doubt.
fn certain(ev: &Evidence, facts: &[Fact], layer: Layer) -> bool {
    let v = crate::solver::solve(&reveal(ev, facts));
    v.layer == Some(layer) && !v.ambiguous
}

/// [`certain`], asked once per set of facts: probes often show the same facts (the same log
/// source, an artefact two checks print), and the same facts give the same verdict.
struct Judge<'a> {
    ev: &'a Evidence,
    layer: Layer,
    seen: BTreeMap<Vec<Fact>, bool>,
}

impl Judge<'_> {
    /// `facts` sorted and without duplicates, as [`union`] makes them.
    fn certain(&mut self, facts: Vec<Fact>) -> bool {
        if let Some(&c) = self.seen.get(&facts) {
            return c;
        }
        let c = certain(self.ev, &facts, self.layer);
        self.seen.insert(facts, c);
        c
    }
}

fn union<'a>(chosen: impl Iterator<Item = &'a (Probe, Vec<Fact>)>) -> Vec<Fact> {
    let mut all: Vec<Fact> = chosen.flat_map(|(_, f)| f.iter().copied()).collect();
    all.sort();
    all.dedup();
    all
}

pub(super) fn expert_path(inv: &Investigation) -> Option<ExpertPath> {
    let ev = inv.evidence();
    if inv.trace.answer.fault_id == "healthy" {
        return None;
    }
    let layer = inv.trace.answer.root_cause_layer;
    // Only probes that show the solver something (`Probe::informs_solver`).
    let mut cands: Vec<(Probe, Vec<Fact>)> = toolbox(ev)
        .into_iter()
        .filter(|p| p.informs_solver())
        .map(|p| (p, inv.facts(p)))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let mut judge = Judge {
        ev,
        layer,
        seen: BTreeMap::new(),
    };
    if !judge.certain(union(cands.iter())) {
        return None;
    }
    // One probe may settle it alone: the cheapest that does.
    let mut singles: Vec<&(Probe, Vec<Fact>)> = cands.iter().collect();
    singles.sort_by_key(|(p, _)| (p.minutes(), *p));
    if let Some((p, _)) = singles.into_iter().find(|(_, f)| judge.certain(f.clone())) {
        return Some(ExpertPath {
            probes: vec![*p],
            minutes: p.minutes(),
        });
    }
    // Drop what the verdict does not need, the costliest first.
    cands.sort_by_key(|(p, _)| (std::cmp::Reverse(p.minutes()), std::cmp::Reverse(*p)));
    let mut keep = vec![true; cands.len()];
    for i in 0..cands.len() {
        keep[i] = false;
        let facts = union(cands.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| c));
        if !judge.certain(facts) {
            keep[i] = true;
        }
    }
    let mut probes: Vec<Probe> = cands
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|((p, _), _)| *p)
        .collect();
    probes.sort();
    Some(ExpertPath {
        minutes: probes.iter().map(|p| p.minutes()).sum(),
        probes,
    })
}
