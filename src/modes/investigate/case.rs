//! One investigation as the learner runs it: the probes run (each once, in order: the timeline),
//! the minutes they cost, the output lines pinned as evidence, the layers ruled in or out with a
//! reason, and the expert path it is measured against. Pure: the probes' outputs come from the
//! engine's [`Investigation`], which is itself deterministic, so the reducer is tested natively.

use std::rc::Rc;

use faultline_engine::probe::{toolbox, ExpertPath, Investigation, Probe, ProbeResult};
use faultline_engine::Layer;

use super::casefile::PinGroup;
use super::escalation::{Field, Note, PinnedLine};

/// A layer the learner has ruled on, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    In,
    Out,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::In => "ruled in",
            Verdict::Out => "ruled out",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ruling {
    pub layer: Layer,
    pub verdict: Verdict,
    /// One line, in the learner's words.
    pub reason: String,
}

/// An output line kept as evidence: which result (timeline index), which line, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    pub result: usize,
    pub line: usize,
    pub text: String,
}

/// Where a layer stands for the diagram and the notebook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LayerState {
    /// No probe of that layer run, no ruling.
    Unexamined,
    /// A probe of that layer was run, no ruling yet.
    Examined,
    Ruled(Verdict),
}

impl LayerState {
    pub fn word(self) -> &'static str {
        match self {
            LayerState::Unexamined => "unexamined",
            LayerState::Examined => "examined",
            LayerState::Ruled(v) => v.word(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Runs a probe; one already run is shown again (its earlier result, no new minutes).
    Run(Probe),
    /// Shows the timeline's result `i` in the terminal.
    Show(usize),
    /// Pins line `line` of result `result`, or unpins it when it is pinned.
    TogglePin { result: usize, line: usize },
    Rule {
        layer: Layer,
        verdict: Verdict,
        reason: String,
    },
    /// Takes the ruling on a layer back.
    Unrule(Layer),
    /// Asks which probe to run next.
    Hint,
    /// The diagnosis is done: the paths are compared.
    Finish,
    /// Types into a field of the escalation note.
    Note(Field, String),
    /// Chooses who owns the fix (a choice id; empty: none).
    Owner(String),
    /// Asks for the note's check (shown once the diagnosis is finished).
    CheckNote,
    /// Works out the expert path (par) if it is not known yet: the page asks once it has painted.
    Expert,
}

/// The reducer's state. The investigation is shared (it is not cloned per action).
#[derive(Clone)]
pub struct Case {
    inv: Rc<Investigation>,
    /// The puzzle's toolbox, in toolbox order.
    pub toolbox: Vec<Probe>,
    /// The layers on the request's path, in path order.
    pub layers: Vec<Layer>,
    /// The timeline: every probe run, in the order run.
    pub results: Vec<ProbeResult>,
    /// The result in the terminal (an index into `results`).
    pub shown: Option<usize>,
    /// Set when the last `Run` asked for a probe already run (the terminal says so).
    pub rerun: bool,
    pub pins: Vec<Pin>,
    pub rulings: Vec<Ruling>,
    /// A ruling refused (no reason given), said beside the form.
    pub problem: Option<String>,
    /// The expert path, once worked out (`expert_known`); `None` then means no set of checks
    /// settles the puzzle.
    pub expert: Option<ExpertPath>,
    pub expert_known: bool,
    /// Hints asked for, and the probe the last one named.
    pub hints: u32,
    pub hinted: Option<Probe>,
    pub finished: bool,
    /// The escalation note, kept as typed.
    pub note: Note,
}

impl PartialEq for Case {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inv, &other.inv)
            && self.results.len() == other.results.len()
            && self.shown == other.shown
            && self.rerun == other.rerun
            && self.pins == other.pins
            && self.rulings == other.rulings
            && self.problem == other.problem
            && self.expert_known == other.expert_known
            && self.hints == other.hints
            && self.hinted == other.hinted
            && self.finished == other.finished
            && self.note == other.note
    }
}

/// The longest reason kept; a ruling is one line.
pub const REASON_MAX: usize = 200;

fn one_line(reason: &str) -> String {
    let line = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    line.chars().take(REASON_MAX).collect()
}

impl Case {
    pub fn new(inv: Rc<Investigation>) -> Case {
        let mut case = Case::opening(inv);
        case.know_expert();
        case
    }

    /// The case before its expert path is worked out: what the page needs for its first paint.
    /// `Action::Expert` works it out; a hint or the finish does too when it has not come yet.
    pub fn opening(inv: Rc<Investigation>) -> Case {
        let ev = inv.evidence();
        let toolbox = toolbox(ev);
        let layers = ev.layers.clone();
        Case {
            inv,
            toolbox,
            layers,
            results: vec![],
            shown: None,
            rerun: false,
            pins: vec![],
            rulings: vec![],
            problem: None,
            expert: None,
            expert_known: false,
            hints: 0,
            hinted: None,
            finished: false,
            note: Note::default(),
        }
    }

    pub fn investigation(&self) -> &Investigation {
        &self.inv
    }

    fn know_expert(&mut self) {
        if !self.expert_known {
            self.expert = self.inv.expert_path();
            self.expert_known = true;
        }
    }

    pub fn apply(mut self, action: Action) -> Case {
        self.rerun = false;
        match action {
            Action::Run(p) => match self.results.iter().position(|r| r.probe == p) {
                Some(i) => {
                    self.shown = Some(i);
                    self.rerun = true;
                }
                None if self.finished => {}
                None => {
                    self.results.push(self.inv.run(p));
                    self.shown = Some(self.results.len() - 1);
                }
            },
            Action::Show(i) if i < self.results.len() => self.shown = Some(i),
            Action::Show(_) => {}
            Action::TogglePin { result, line } => {
                let at = self
                    .pins
                    .iter()
                    .position(|p| p.result == result && p.line == line);
                match at {
                    Some(i) => {
                        self.pins.remove(i);
                    }
                    None => {
                        let text = self
                            .results
                            .get(result)
                            .and_then(|r| r.output.lines().nth(line))
                            .map(str::trim_end);
                        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
                            self.pins.push(Pin {
                                result,
                                line,
                                text: text.to_string(),
                            });
                        }
                    }
                }
            }
            Action::Rule {
                layer,
                verdict,
                reason,
            } => {
                let reason = one_line(&reason);
                if reason.is_empty() {
                    self.problem = Some(format!(
                        "Say in one line why {} is {}.",
                        layer.label(),
                        verdict.word()
                    ));
                } else {
                    self.problem = None;
                    self.rulings.retain(|r| r.layer != layer);
                    self.rulings.push(Ruling {
                        layer,
                        verdict,
                        reason,
                    });
                }
            }
            Action::Unrule(layer) => self.rulings.retain(|r| r.layer != layer),
            Action::Hint => {
                self.know_expert();
                self.hints += 1;
                self.hinted = self.next_probe();
            }
            Action::Finish => {
                self.know_expert();
                self.finished = true;
            }
            Action::Note(field, text) => self.note.set(field, &text),
            Action::Owner(id) => self.note.owner = (!id.is_empty()).then_some(id),
            Action::CheckNote => self.note.checked = true,
            Action::Expert => self.know_expert(),
        }
        self
    }

    /// Simulated minutes spent on the probes run.
    pub fn minutes(&self) -> u32 {
        self.results.iter().map(|r| r.minutes).sum()
    }

    /// The expert path's minutes, when the puzzle has one.
    pub fn par(&self) -> Option<u32> {
        self.expert.as_ref().map(|e| e.minutes)
    }

    pub fn ran(&self, p: Probe) -> bool {
        self.results.iter().any(|r| r.probe == p)
    }

    pub fn ruling(&self, layer: Layer) -> Option<&Ruling> {
        self.rulings.iter().find(|r| r.layer == layer)
    }

    pub fn layer_state(&self, layer: Layer) -> LayerState {
        match self.ruling(layer) {
            Some(r) => LayerState::Ruled(r.verdict),
            None if self.results.iter().any(|r| r.probe.layer() == layer) => LayerState::Examined,
            None => LayerState::Unexamined,
        }
    }

    /// The path's layers nothing has been learned about yet.
    pub fn unexamined(&self) -> Vec<Layer> {
        self.layers
            .iter()
            .copied()
            .filter(|l| self.layer_state(*l) == LayerState::Unexamined)
            .collect()
    }

    /// The next probe of the expert path not run yet: a check to make, never the answer.
    pub fn next_probe(&self) -> Option<Probe> {
        self.expert
            .as_ref()?
            .probes
            .iter()
            .copied()
            .find(|p| !self.ran(*p))
    }

    pub fn is_pinned(&self, result: usize, line: usize) -> bool {
        self.pins
            .iter()
            .any(|p| p.result == result && p.line == line)
    }

    /// The learner's path (in order), each probe marked when the expert path has it too.
    pub fn learner_path(&self) -> Vec<(Probe, bool)> {
        let expert = self
            .expert
            .as_ref()
            .map(|e| e.probes.as_slice())
            .unwrap_or(&[]);
        self.results
            .iter()
            .map(|r| (r.probe, expert.contains(&r.probe)))
            .collect()
    }

    /// The pins as the note's check reads them: each with the check that printed it.
    pub fn pinned_lines(&self) -> Vec<PinnedLine> {
        self.pins
            .iter()
            .filter_map(|p| {
                let r = self.results.get(p.result)?;
                Some(PinnedLine {
                    probe: r.probe,
                    text: p.text.clone(),
                })
            })
            .collect()
    }

    /// The pins grouped by the check that printed them, checks in timeline order, lines in
    /// output order (the case file's evidence).
    pub fn pin_groups(&self) -> Vec<PinGroup> {
        self.results
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let mut lines: Vec<&Pin> = self.pins.iter().filter(|p| p.result == i).collect();
                lines.sort_by_key(|p| p.line);
                (!lines.is_empty()).then(|| PinGroup {
                    label: r.probe.label().to_string(),
                    command: r.command.clone(),
                    lines: lines.iter().map(|p| p.text.clone()).collect(),
                })
            })
            .collect()
    }

    /// One line for the score: minutes spent against par.
    pub fn score_line(&self) -> String {
        let spent = self.minutes();
        match self.par() {
            Some(par) if spent <= par => {
                format!("Investigation: {spent} min (par {par} min), at or under par")
            }
            Some(par) => format!(
                "Investigation: {spent} min (par {par} min), {} over par",
                spent - par
            ),
            None if !self.expert_known => format!("Investigation: {spent} min (par …)"),
            None => {
                format!("Investigation: {spent} min (no par: the probes alone do not settle it)")
            }
        }
    }
}

#[cfg(test)]
#[path = "case_tests.rs"]
mod tests;
