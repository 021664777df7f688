//! The one reducer that owns playback and diagnosis. No I/O: the caller passes the clock in
//! (`now_ms`) and timers live in component effects.
//!
//! The puzzle's key and answer are kept here, in Rust memory, and reach the DOM only through
//! [`SimState::revealed`] / [`SimState::key_for`] once the learner has answered.

use std::rc::Rc;

use faultline_engine::{Answer, Evidence, LogSource, Puzzle, PuzzleView, QuestionKey};

/// Playback speeds offered (multipliers of the base step time).
pub const SPEEDS: [f64; 5] = [0.5, 1.0, 1.5, 2.0, 4.0];
pub const DEFAULT_SPEED: usize = 1;
/// Longest time one event stays on screen at 1×, in ms (short traces).
pub const STEP_MS: f64 = 1100.0;
/// Shortest, for long traces (webhook retries): a whole trace then plays in about 25 s at 1×.
pub const MIN_STEP_MS: f64 = 280.0;
pub const TRACE_MS: f64 = 25_000.0;
/// Points per question, and what each hint costs (hint 1, 2, 3).
pub const STEP_POINTS: u32 = 100;
pub const HINT_COST: [u32; 3] = [10, 20, 30];
pub const WRONG_COST: u32 = 35;
pub const TIME_BONUS: u32 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Shortcuts,
    ConfirmSolution,
}

/// How a question was settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Answered right after `wrong` wrong tries.
    Right { wrong: u32 },
    /// The learner asked for the solution.
    Shown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Feedback {
    pub question: usize,
    pub choice: usize,
    pub correct: bool,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Score {
    /// Points per question.
    pub steps: Vec<u32>,
    pub hint_penalty: u32,
    pub time_bonus: u32,
    pub total: u32,
    pub max: u32,
    pub seconds: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Play,
    Pause,
    TogglePlay,
    /// Timer tick while playing: advance one event, stop at the end.
    Tick,
    StepForward,
    StepBack,
    Restart,
    /// Show the first `n` events (timeline scrub).
    Seek(usize),
    SetSpeed(usize),
    /// Jump to an event and open it in the inspector.
    SelectEvent(usize),
    SelectExchange(usize),
    SetLogSource(Option<LogSource>),
    FilterTrace(Option<String>),
    SetLogQuery(String),
    Answer {
        choice: usize,
        now_ms: f64,
    },
    /// Number keys: choose the n-th (1-based) option of the current question.
    AnswerNumber {
        number: usize,
        now_ms: f64,
    },
    UseHint,
    AskSolution,
    ConfirmSolution {
        now_ms: f64,
    },
    ToggleShortcuts,
    CloseOverlay,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SimState {
    pub view: Rc<PuzzleView>,
    key: Rc<Vec<QuestionKey>>,
    answer: Rc<Answer>,
    /// Number of events shown; `events[cursor - 1]` is the current one.
    pub cursor: usize,
    pub playing: bool,
    pub speed: usize,
    /// Event opened in the inspector.
    pub selected: Option<usize>,
    /// Exchange shown in the inspector.
    pub exchange: Option<usize>,
    pub log_source: Option<LogSource>,
    pub log_trace: Option<String>,
    pub log_query: String,
    /// Index of the question being asked; `questions.len()` when done.
    pub step: usize,
    /// Wrong choices tried, per question.
    pub wrong: Vec<Vec<usize>>,
    pub settled: Vec<Option<Settled>>,
    pub feedback: Option<Feedback>,
    pub hints: usize,
    /// The step each hint was taken at: a hint belongs to the step it helped with.
    pub hints_at: Vec<usize>,
    pub overlay: Overlay,
    pub started_ms: f64,
    pub finished_ms: Option<f64>,
}

impl SimState {
    pub fn new(puzzle: Puzzle, now_ms: f64) -> SimState {
        let questions = puzzle.view.questions.len();
        SimState {
            view: Rc::new(puzzle.view),
            key: Rc::new(puzzle.key),
            answer: Rc::new(puzzle.answer),
            cursor: 0,
            playing: false,
            speed: DEFAULT_SPEED,
            selected: None,
            exchange: None,
            log_source: None,
            log_trace: None,
            log_query: String::new(),
            step: 0,
            wrong: vec![vec![]; questions],
            settled: vec![None; questions],
            feedback: None,
            hints: 0,
            hints_at: vec![],
            overlay: Overlay::None,
            started_ms: now_ms,
            finished_ms: None,
        }
    }

    pub fn evidence(&self) -> &Evidence {
        &self.view.evidence
    }

    pub fn total_events(&self) -> usize {
        self.view.evidence.events.len()
    }

    pub fn at_end(&self) -> bool {
        self.cursor >= self.total_events()
    }

    /// Index of the current event, if any is shown.
    pub fn current(&self) -> Option<usize> {
        self.cursor.checked_sub(1)
    }

    /// Event in the inspector: the selected one, else the current one.
    pub fn inspected(&self) -> Option<usize> {
        self.selected
            .filter(|i| *i < self.cursor)
            .or(self.current())
    }

    /// Simulated ms reached by playback (logs up to here are shown).
    pub fn clock_ms(&self) -> i64 {
        let events = &self.view.evidence.events;
        if self.at_end() {
            i64::MAX
        } else {
            self.current().map_or(-1, |i| events[i].t_ms)
        }
    }

    /// Whether playback has reached the end of exchange `ex` (its response or error is shown).
    pub fn exchange_complete(&self, ex: usize) -> bool {
        let events = &self.view.evidence.events;
        match events.iter().rposition(|e| e.exchange == Some(ex)) {
            Some(last) => {
                last < self.cursor
                    && (events[last].kind != faultline_engine::EventKind::Request || self.at_end())
            }
            None => self.at_end(),
        }
    }

    /// Whether exchange `ex` has started on the timeline.
    pub fn exchange_started(&self, ex: usize) -> bool {
        let events = &self.view.evidence.events;
        events[..self.cursor.min(events.len())]
            .iter()
            .any(|e| e.exchange == Some(ex))
            || self.at_end()
    }

    /// ms one event stays on screen at the current speed.
    pub fn step_ms(&self) -> u32 {
        let base = (TRACE_MS / self.total_events().max(1) as f64).clamp(MIN_STEP_MS, STEP_MS);
        (base / SPEEDS[self.speed]) as u32
    }

    pub fn done(&self) -> bool {
        self.step >= self.settled.len()
    }

    /// The answer, once the layer question is settled (never before: spoilers).
    pub fn revealed(&self) -> Option<&Answer> {
        self.settled
            .first()
            .copied()
            .flatten()
            .map(|_| self.answer.as_ref())
    }

    /// Key of question `q`, once it is settled.
    pub fn key_for(&self, q: usize) -> Option<&QuestionKey> {
        self.settled.get(q).copied().flatten()?;
        self.key.get(q)
    }

    /// Index of the right choice of question `q`, once settled.
    pub fn correct_choice(&self, q: usize) -> Option<usize> {
        let key = self.key_for(q)?;
        self.view.questions[q]
            .choices
            .iter()
            .position(|c| c.id == key.correct)
    }

    /// The hints to show: those taken at the current step (the ones before belong to steps
    /// already settled), as indexes into `view.hints`.
    pub fn current_hints(&self) -> Vec<usize> {
        (0..self.hints)
            .filter(|i| self.hints_at.get(*i) == Some(&self.step))
            .collect()
    }

    /// Feedback on the question being asked (a wrong pick), never on one already settled.
    pub fn open_feedback(&self) -> Option<&Feedback> {
        self.feedback
            .as_ref()
            .filter(|f| f.question == self.step && !f.correct)
    }

    pub fn score(&self) -> Score {
        let steps: Vec<u32> = self
            .settled
            .iter()
            .map(|s| match s {
                Some(Settled::Right { wrong }) => STEP_POINTS
                    .saturating_sub(wrong * WRONG_COST)
                    .max(STEP_POINTS / 4),
                Some(Settled::Shown) | None => 0,
            })
            .collect();
        let hint_penalty: u32 = HINT_COST.iter().take(self.hints).sum();
        let seconds = ((self.finished_ms.unwrap_or(self.started_ms) - self.started_ms) / 1000.0)
            .max(0.0) as u32;
        let shown = self.settled.contains(&Some(Settled::Shown));
        let time_bonus = match (self.finished_ms, shown) {
            (Some(_), false) if seconds <= 120 => TIME_BONUS,
            (Some(_), false) if seconds <= 300 => TIME_BONUS / 2,
            _ => 0,
        };
        let earned: u32 = steps.iter().sum::<u32>() + time_bonus;
        Score {
            max: STEP_POINTS * self.settled.len() as u32 + TIME_BONUS,
            total: earned.saturating_sub(hint_penalty),
            steps,
            hint_penalty,
            time_bonus,
            seconds,
        }
    }

    fn show(&mut self, cursor: usize) {
        self.cursor = cursor.min(self.total_events());
        self.selected = None;
        if let Some(ex) = self.current().and_then(|i| self.exchange_near(i)) {
            self.exchange = Some(ex);
        } else if self.cursor == 0 {
            self.exchange = None;
        }
    }

    /// The exchange an event belongs to, or the last one before it.
    fn exchange_near(&self, event: usize) -> Option<usize> {
        self.view.evidence.events[..=event]
            .iter()
            .rev()
            .find_map(|e| e.exchange)
    }

    fn answer(&mut self, choice: usize, now_ms: f64) {
        let q = self.step;
        let (Some(question), Some(key)) = (self.view.questions.get(q), self.key.get(q)) else {
            return;
        };
        let Some(picked) = question.choices.get(choice) else {
            return;
        };
        if self.wrong[q].contains(&choice) {
            return;
        }
        if picked.id == key.correct {
            self.settled[q] = Some(Settled::Right {
                wrong: self.wrong[q].len() as u32,
            });
            self.feedback = Some(Feedback {
                question: q,
                choice,
                correct: true,
                text: key.explanation.clone(),
            });
            self.advance(now_ms);
        } else {
            self.wrong[q].push(choice);
            let text = key.wrong.get(&picked.id).cloned().unwrap_or_else(|| {
                "Not this one: the evidence does not point there. Look again.".to_string()
            });
            self.feedback = Some(Feedback {
                question: q,
                choice,
                correct: false,
                text,
            });
        }
    }

    fn advance(&mut self, now_ms: f64) {
        self.step += 1;
        if self.done() && self.finished_ms.is_none() {
            self.finished_ms = Some(now_ms);
        }
    }

    pub fn apply(&self, action: Action) -> SimState {
        let mut s = self.clone();
        let n = s.total_events();
        match action {
            Action::Play => {
                if s.at_end() {
                    s.show(0);
                }
                if s.cursor == 0 {
                    s.show(1);
                }
                s.playing = !s.at_end();
            }
            Action::Pause => s.playing = false,
            Action::TogglePlay => {
                return self.apply(if s.playing {
                    Action::Pause
                } else {
                    Action::Play
                })
            }
            Action::Tick => {
                if s.playing {
                    s.show(s.cursor + 1);
                    s.playing = !s.at_end();
                }
            }
            Action::StepForward => {
                s.playing = false;
                s.show(s.cursor + 1);
            }
            Action::StepBack => {
                s.playing = false;
                s.show(s.cursor.saturating_sub(1));
            }
            Action::Restart => {
                s.show(1);
                s.playing = !s.at_end();
            }
            Action::Seek(cursor) => {
                s.playing = false;
                s.show(cursor);
            }
            Action::SetSpeed(speed) => s.speed = speed.min(SPEEDS.len() - 1),
            Action::SelectEvent(i) if i < n => {
                s.playing = false;
                s.show(i + 1);
                s.selected = Some(i);
            }
            Action::SelectEvent(_) => {}
            Action::SelectExchange(ex) if ex < s.view.evidence.exchanges.len() => {
                s.exchange = Some(ex)
            }
            Action::SelectExchange(_) => {}
            Action::SetLogSource(source) => s.log_source = source,
            Action::FilterTrace(trace) => s.log_trace = trace,
            Action::SetLogQuery(query) => s.log_query = query,
            Action::Answer { choice, now_ms } => {
                if !s.done() {
                    s.answer(choice, now_ms);
                }
            }
            Action::AnswerNumber { number, now_ms } => {
                if !s.done() && number >= 1 {
                    s.answer(number - 1, now_ms);
                }
            }
            Action::UseHint => {
                if !s.done() && s.hints < s.view.hints.len().min(HINT_COST.len()) {
                    s.hints += 1;
                    s.hints_at.push(s.step);
                }
            }
            Action::AskSolution => {
                if !s.done() {
                    s.overlay = Overlay::ConfirmSolution;
                }
            }
            Action::ConfirmSolution { now_ms } => {
                if s.overlay == Overlay::ConfirmSolution {
                    s.overlay = Overlay::None;
                    for q in s.step..s.settled.len() {
                        s.settled[q] = Some(Settled::Shown);
                    }
                    s.step = s.settled.len();
                    s.feedback = None;
                    s.finished_ms = Some(now_ms);
                }
            }
            Action::ToggleShortcuts => {
                s.overlay = match s.overlay {
                    Overlay::Shortcuts => Overlay::None,
                    _ => Overlay::Shortcuts,
                }
            }
            Action::CloseOverlay => s.overlay = Overlay::None,
        }
        s
    }
}

impl yew::Reducible for SimState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests;
