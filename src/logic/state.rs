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
            Action::UseHint => s.hints = (s.hints + 1).min(s.view.hints.len().min(HINT_COST.len())),
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
mod tests {
    use super::*;
    use crate::logic::route::home_puzzle;

    fn state() -> SimState {
        SimState::new(home_puzzle(), 0.0)
    }

    fn right(s: &SimState, q: usize) -> usize {
        let key = &s.key[q];
        s.view.questions[q]
            .choices
            .iter()
            .position(|c| c.id == key.correct)
            .expect("the right answer is among the choices")
    }

    fn wrong(s: &SimState, q: usize) -> usize {
        (0..s.view.questions[q].choices.len())
            .find(|&c| c != right(s, q))
            .expect("a distractor")
    }

    #[test]
    fn playback_ticks_to_the_end_and_stops() {
        let mut s = state();
        let n = s.total_events();
        assert!(n > 1);
        s = s.apply(Action::Tick);
        assert_eq!(s.cursor, 0, "ticks do nothing while paused");
        s = s.apply(Action::Play);
        assert!(s.playing);
        assert_eq!(s.cursor, 1, "play shows the first event at once");
        for _ in 0..n + 3 {
            s = s.apply(Action::Tick);
        }
        assert_eq!(s.cursor, n);
        assert!(!s.playing, "stops at the end");
        s = s.apply(Action::Play);
        assert_eq!(s.cursor, 1, "play at the end starts over");
        assert!(s.playing);
        s = s.apply(Action::TogglePlay);
        assert!(!s.playing);
    }

    #[test]
    fn stepping_seeking_and_selecting() {
        let mut s = state().apply(Action::Play);
        s = s.apply(Action::StepForward).apply(Action::StepForward);
        assert_eq!((s.cursor, s.playing), (3, false));
        s = s.apply(Action::StepBack);
        assert_eq!(s.cursor, 2);
        s = s
            .apply(Action::StepBack)
            .apply(Action::StepBack)
            .apply(Action::StepBack);
        assert_eq!(s.cursor, 0, "never below zero");
        let n = s.total_events();
        s = s.apply(Action::Seek(n + 10));
        assert_eq!(s.cursor, n, "seek clamps");
        assert_eq!(s.clock_ms(), i64::MAX, "all logs show at the end");
        let with_exchange = s
            .evidence()
            .events
            .iter()
            .position(|e| e.exchange.is_some())
            .expect("an HTTP event");
        s = s
            .apply(Action::Seek(0))
            .apply(Action::SelectEvent(with_exchange));
        assert_eq!(s.cursor, with_exchange + 1);
        assert_eq!(s.inspected(), Some(with_exchange));
        assert_eq!(s.exchange, s.evidence().events[with_exchange].exchange);
        s = s.apply(Action::SetSpeed(99));
        assert_eq!(s.speed, SPEEDS.len() - 1);
        assert!(s.step_ms() < (STEP_MS as u32));
    }

    #[test]
    fn wrong_then_right_gives_feedback_and_scores() {
        let mut s = state();
        assert!(s.revealed().is_none(), "no answer before step 1");
        assert!(s.key_for(0).is_none());
        let bad = wrong(&s, 0);
        s = s.apply(Action::Answer {
            choice: bad,
            now_ms: 1000.0,
        });
        let fb = s.feedback.clone().expect("feedback");
        assert!(!fb.correct);
        assert!(!fb.text.is_empty());
        assert_eq!(s.step, 0);
        assert!(s.revealed().is_none(), "a wrong answer reveals nothing");
        let again = s.apply(Action::Answer {
            choice: bad,
            now_ms: 1000.0,
        });
        assert_eq!(again.wrong[0].len(), 1, "the same wrong pick counts once");
        let good = right(&s, 0);
        s = s.apply(Action::AnswerNumber {
            number: good + 1,
            now_ms: 2000.0,
        });
        assert!(s.feedback.as_ref().unwrap().correct);
        assert_eq!(s.step, 1);
        assert!(s.revealed().is_some());
        assert_eq!(s.correct_choice(0), Some(good));
        for q in 1..s.settled.len() {
            let good = right(&s, q);
            s = s.apply(Action::Answer {
                choice: good,
                now_ms: 30_000.0,
            });
        }
        assert!(s.done());
        let score = s.score();
        assert_eq!(score.steps[0], STEP_POINTS - WRONG_COST);
        assert!(score.steps[1..].iter().all(|p| *p == STEP_POINTS));
        assert_eq!(score.time_bonus, TIME_BONUS);
        assert_eq!(score.seconds, 30);
        assert_eq!(score.total, score.steps.iter().sum::<u32>() + TIME_BONUS);
        let after = s.apply(Action::Answer {
            choice: 0,
            now_ms: 40_000.0,
        });
        assert_eq!(
            after.finished_ms,
            Some(30_000.0),
            "answers after the end are ignored"
        );
    }

    #[test]
    fn hints_cost_points_and_solution_needs_confirmation() {
        let mut s = state();
        for _ in 0..5 {
            s = s.apply(Action::UseHint);
        }
        assert_eq!(s.hints, 3, "three hints at most");
        s = s.apply(Action::ConfirmSolution { now_ms: 5.0 });
        assert!(!s.done(), "confirming without asking does nothing");
        s = s.apply(Action::AskSolution);
        assert_eq!(s.overlay, Overlay::ConfirmSolution);
        s = s.apply(Action::CloseOverlay);
        assert!(!s.done());
        s = s
            .apply(Action::AskSolution)
            .apply(Action::ConfirmSolution { now_ms: 5.0 });
        assert!(s.done());
        assert!(s.revealed().is_some());
        let score = s.score();
        assert_eq!(score.total, 0);
        assert_eq!(score.hint_penalty, 60);
        assert_eq!(score.time_bonus, 0);
    }

    /// Every generated puzzle plays to the end and can be solved through the reducer: the UI's
    /// assumptions about the engine (three questions, the key among the choices) hold.
    #[test]
    fn generated_puzzles_play_and_solve() {
        for seed in 0..120 {
            let mut s = SimState::new(crate::logic::route::seeded_puzzle(seed), 0.0);
            assert!(s.total_events() > 0, "seed {seed} has events");
            s = s.apply(Action::Seek(usize::MAX));
            for ex in 0..s.evidence().exchanges.len() {
                assert!(
                    s.exchange_complete(ex),
                    "seed {seed}: exchange {ex} completes at the end"
                );
            }
            for q in 0..s.settled.len() {
                let good = right(&s, q);
                s = s.apply(Action::Answer {
                    choice: good,
                    now_ms: 1.0,
                });
            }
            assert!(s.done(), "seed {seed} solved");
            let answer = s.revealed().expect("revealed");
            assert!(
                s.evidence().layers.contains(&answer.root_cause_layer),
                "seed {seed}: root layer drawn"
            );
            let text = crate::logic::statement::write(s.evidence(), answer);
            assert!(text.contains(&s.evidence().correlation));
        }
    }

    #[test]
    fn log_filters_and_overlays() {
        let s = state()
            .apply(Action::SetLogSource(Some(LogSource::Gateway)))
            .apply(Action::FilterTrace(Some("abc".into())))
            .apply(Action::SetLogQuery("401".into()))
            .apply(Action::ToggleShortcuts);
        assert_eq!(s.log_source, Some(LogSource::Gateway));
        assert_eq!(s.log_trace.as_deref(), Some("abc"));
        assert_eq!(s.log_query, "401");
        assert_eq!(s.overlay, Overlay::Shortcuts);
        assert_eq!(s.apply(Action::ToggleShortcuts).overlay, Overlay::None);
    }
}
