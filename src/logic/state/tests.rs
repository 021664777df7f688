//! The reducer's tests: playback, answering, hints, the solution, generated puzzles.

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

/// Feedback belongs to its own step: a wrong pick shows under the question it was made on, and
/// once that question is settled nothing of it is left under the next one.
#[test]
fn feedback_and_hints_stay_with_their_step() {
    let mut s = state();
    s = s.apply(Action::UseHint);
    assert_eq!(
        s.current_hints(),
        vec![0],
        "the hint taken at step 1 shows at step 1"
    );
    let bad = wrong(&s, 0);
    s = s.apply(Action::Answer {
        choice: bad,
        now_ms: 1.0,
    });
    assert_eq!(s.open_feedback().map(|f| f.question), Some(0));
    let good = right(&s, 0);
    s = s.apply(Action::Answer {
        choice: good,
        now_ms: 2.0,
    });
    assert_eq!(s.step, 1);
    assert!(
        s.open_feedback().is_none(),
        "no feedback hangs under step 2"
    );
    let fb = s
        .feedback
        .as_ref()
        .expect("the right answer is still announced");
    assert!(fb.correct && fb.question == 0, "and it names step 1");
    assert!(
        s.current_hints().is_empty(),
        "step 1's hint is gone at step 2"
    );
    s = s.apply(Action::UseHint);
    assert_eq!(
        s.current_hints(),
        vec![1],
        "the next rung shows at the step it was taken"
    );
    assert_eq!(
        s.score().hint_penalty,
        HINT_COST[0] + HINT_COST[1],
        "both still cost"
    );
}

#[test]
fn every_puzzle_has_four_steps_ending_with_the_owner() {
    let s = state();
    let ids: Vec<&str> = s.view.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["layer", "cause", "action", "owner"]);
    assert_eq!(s.score().max, 4 * STEP_POINTS + TIME_BONUS);
}
