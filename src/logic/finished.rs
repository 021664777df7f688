//! What a finished puzzle reports to the page that shows it: the result to record under the
//! puzzle's progress id. The simulator builds it; the page decides where it goes (the progress
//! store), so the simulator never needs to know about storage.

use super::state::{Settled, SimState};

/// One finished puzzle.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// The scenario id, `endless:<seed>[:<difficulty>:<topic>]` or `challenge:<digest>`.
    pub id: String,
    /// The tags the page gave, the root-cause layer and the flow; sorted, no repeats.
    pub topics: Vec<String>,
    pub score: u32,
    pub max_score: u32,
    /// Every step settled right (hints allowed, a shown solution not).
    pub solved: bool,
    /// The failing layer was right on the first try.
    pub layer_first_try: bool,
    /// Who owns the fix was right on the first try.
    pub owner_first_try: bool,
    pub hints: u32,
    pub seconds: u32,
    /// Per question, in order: the wrong choices tried (indexes into its choices) and how it
    /// ended (a classroom result code carries them).
    pub answers: Vec<(Vec<usize>, Option<Settled>)>,
}

impl Finished {
    /// The result of `state` (finished or not: the caller asks once it is done).
    pub fn of(state: &SimState, id: &str, tags: &[String]) -> Finished {
        let score = state.score();
        let mut topics: Vec<String> = tags.to_vec();
        if let Some(answer) = state.revealed() {
            topics.push(answer.root_cause_layer.id().to_string());
        }
        topics.push(state.view.evidence.flow.to_string());
        topics.sort();
        topics.dedup();
        Finished {
            id: id.to_string(),
            topics,
            score: score.total,
            max_score: score.max,
            solved: state
                .settled
                .iter()
                .all(|s| matches!(s, Some(Settled::Right { .. }))),
            layer_first_try: matches!(
                state.settled.first(),
                Some(Some(Settled::Right { wrong: 0 }))
            ),
            owner_first_try: state
                .view
                .questions
                .iter()
                .position(|q| q.id == "owner")
                .is_some_and(|q| state.settled[q] == Some(Settled::Right { wrong: 0 })),
            hints: u32::try_from(state.hints).unwrap_or(u32::MAX),
            seconds: score.seconds,
            answers: state
                .wrong
                .iter()
                .cloned()
                .zip(state.settled.iter().cloned())
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::route::home_puzzle;
    use crate::logic::state::Action;

    #[test]
    fn a_shown_solution_is_recorded_unsolved_with_the_answers_topics() {
        let mut s = SimState::new(home_puzzle(), 0.0);
        s = s.apply(Action::AskSolution);
        s = s.apply(Action::ConfirmSolution { now_ms: 5_000.0 });
        assert!(s.done());
        let flow = s.view.evidence.flow.to_string();
        let layer = s.revealed().expect("revealed").root_cause_layer.id();
        let f = Finished::of(&s, "endless:7", &[flow.clone(), "zz-tag".into()]);
        assert_eq!(f.id, "endless:7");
        assert!(!f.solved && !f.layer_first_try && !f.owner_first_try);
        let mut want = vec![flow, layer.to_string(), "zz-tag".to_string()];
        want.sort();
        want.dedup();
        assert_eq!(f.topics, want, "tags, layer and flow, sorted, each once");
        assert_eq!(f.score, 0);
        assert_eq!(f.answers.len(), s.view.questions.len());
        assert!(f
            .answers
            .iter()
            .all(|(wrong, settled)| wrong.is_empty() && *settled == Some(Settled::Shown)));
        assert!(f.max_score > 0);
    }

    #[test]
    fn the_owner_answered_first_time_is_reported() {
        let p = home_puzzle();
        let right: Vec<usize> = p
            .view
            .questions
            .iter()
            .zip(&p.key)
            .map(|(q, k)| q.choices.iter().position(|c| c.id == k.correct).unwrap())
            .collect();
        let owner = p
            .view
            .questions
            .iter()
            .position(|q| q.id == "owner")
            .unwrap();
        for wrong_first in [false, true] {
            let mut s = SimState::new(p.clone(), 0.0);
            for (q, good) in right.iter().enumerate() {
                if q == owner && wrong_first {
                    let bad = (good + 1) % p.view.questions[q].choices.len();
                    s = s.apply(Action::Answer {
                        choice: bad,
                        now_ms: 1.0,
                    });
                }
                s = s.apply(Action::Answer {
                    choice: *good,
                    now_ms: 1.0,
                });
            }
            let f = Finished::of(&s, "endless:7", &[]);
            assert!(f.solved && f.layer_first_try);
            assert_eq!(f.owner_first_try, !wrong_first);
        }
    }
}
