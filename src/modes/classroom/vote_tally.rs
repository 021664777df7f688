//! The room's vote counted from result codes: for a puzzle the whole room played (a pack, path
//! or seed session), each student's first pick per question, as counts per choice. Plain logic.

use faultline_engine::Puzzle;

use super::result_code::{Outcome, StudentResult};

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Tally {
    /// Per question, per choice: how many students picked it first.
    pub counts: Vec<Vec<u32>>,
    /// Students whose code has this puzzle.
    pub students: usize,
    /// Students whose code does not have it (not reached, or another session's puzzles).
    pub without: usize,
}

/// Counts the first picks for `puzzle` (id `id` in the session) in `results`. A first pick is
/// the first wrong try, else the right choice when answered right first time; a question the
/// student did not reach, or whose solution they asked for without trying, is not counted.
pub fn tally(puzzle: &Puzzle, id: u64, results: &[StudentResult]) -> Tally {
    let questions = &puzzle.view.questions;
    let mut counts: Vec<Vec<u32>> = questions.iter().map(|q| vec![0; q.choices.len()]).collect();
    let right: Vec<Option<usize>> = questions
        .iter()
        .zip(&puzzle.key)
        .map(|(q, k)| q.choices.iter().position(|c| c.id == k.correct))
        .collect();
    let (mut students, mut without) = (0, 0);
    for student in results {
        let Some(played) = student.puzzles.iter().find(|p| p.seed == id) else {
            without += 1;
            continue;
        };
        students += 1;
        for (q, answer) in played.answers.iter().enumerate().take(questions.len()) {
            let first = match (answer.wrong.first(), answer.outcome) {
                (Some(w), _) => Some(usize::from(*w)),
                (None, Outcome::Right) => right.get(q).copied().flatten(),
                (None, _) => None,
            };
            if let Some(slot) = first.and_then(|c| counts[q].get_mut(c)) {
                *slot += 1;
            }
        }
    }
    Tally {
        counts,
        students,
        without,
    }
}

impl Tally {
    /// What the presenter reads after counting.
    pub fn sentence(&self) -> String {
        let s = if self.students == 1 { "" } else { "s" };
        let mut out = format!("Counted the first answers of {} student{s}", self.students);
        if self.without > 0 {
            out.push_str(&format!(
                "; {} code{} without this puzzle",
                self.without,
                if self.without == 1 { "" } else { "s" }
            ));
        }
        out.push('.');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::result_code::{PuzzleResult, QuestionAnswer};
    use super::*;
    use faultline_engine::{generate_puzzle, Difficulty};

    fn played(seed: u64, answers: Vec<QuestionAnswer>) -> PuzzleResult {
        PuzzleResult {
            seed,
            score: 0,
            max_score: 0,
            seconds: 0,
            answers,
        }
    }

    fn answer(wrong: Vec<u8>, outcome: Outcome) -> QuestionAnswer {
        QuestionAnswer { wrong, outcome }
    }

    #[test]
    fn first_picks_are_counted_per_choice() {
        let p = generate_puzzle(42, Some(Difficulty::Easy), None);
        let right_layer = p.view.questions[0]
            .choices
            .iter()
            .position(|c| c.id == p.key[0].correct)
            .unwrap();
        let wrong_layer = u8::from(right_layer == 0);
        let results = vec![
            // Right first time.
            StudentResult {
                name: "Ana".into(),
                puzzles: vec![played(42, vec![answer(vec![], Outcome::Right)])],
            },
            // Wrong first, then right: the wrong one is their vote.
            StudentResult {
                name: "Ben".into(),
                puzzles: vec![
                    played(7, vec![]),
                    played(42, vec![answer(vec![wrong_layer, 3], Outcome::Right)]),
                ],
            },
            // Asked for the solution without a try, and did not reach the rest: not counted.
            StudentResult {
                name: "Cy".into(),
                puzzles: vec![played(42, vec![answer(vec![], Outcome::Shown)])],
            },
            // Never played this one.
            StudentResult {
                name: "Dee".into(),
                puzzles: vec![played(7, vec![])],
            },
        ];
        let t = tally(&p, 42, &results);
        assert_eq!((t.students, t.without), (3, 1));
        assert_eq!(t.counts.len(), p.view.questions.len());
        assert_eq!(t.counts[0][right_layer], 1);
        assert_eq!(t.counts[0][usize::from(wrong_layer)], 1);
        assert_eq!(t.counts[0].iter().sum::<u32>(), 2);
        assert!(t.counts[1..].iter().flatten().all(|n| *n == 0));
        assert_eq!(
            t.sentence(),
            "Counted the first answers of 3 students; 1 code without this puzzle."
        );
        // A choice index past the list (a damaged but signed code) is ignored, not a panic.
        let odd = vec![StudentResult {
            name: "Eve".into(),
            puzzles: vec![played(42, vec![answer(vec![200], Outcome::Right)])],
        }];
        assert_eq!(tally(&p, 42, &odd).counts[0].iter().sum::<u32>(), 0);
    }
}
