//! A mock interview as a pure reducer: five questions from the engine's plan, each answer scored
//! as it is given (the learner sees the scores only in the summary, as after a real interview),
//! and what to review gathered from what each answer missed.

use faultline_engine::interview::drill::Verdict;
use faultline_engine::interview::mock::{mock_plan, MockItem};
use faultline_engine::interview::walk::{self, WalkResult};
use faultline_engine::interview::{self, Grade};

#[derive(Clone, Debug, PartialEq)]
pub struct ItemResult {
    pub item: MockItem,
    /// 0–100.
    pub score: u32,
    pub seconds: u32,
    /// Study reference ids for what the answer missed, without repeats.
    pub review: Vec<String>,
    /// One line on what was missed, for the summary.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MockSession {
    pub seed: u64,
    pub plan: Vec<MockItem>,
    pub results: Vec<ItemResult>,
}

impl MockSession {
    pub fn new(seed: u64) -> MockSession {
        MockSession {
            seed,
            plan: mock_plan(seed),
            results: vec![],
        }
    }

    pub fn current(&self) -> Option<MockItem> {
        self.plan.get(self.results.len()).copied()
    }

    pub fn finished(&self) -> bool {
        self.results.len() >= self.plan.len()
    }

    pub fn explain(&mut self, answer: &str, seconds: u32) {
        let Some(item @ MockItem::Explain(id)) = self.current() else {
            return;
        };
        let Some(prompt) = interview::find(id) else {
            return;
        };
        let grade: Grade = interview::grade(prompt, answer);
        let missed: Vec<&str> = grade
            .points
            .iter()
            .filter(|p| !p.hit)
            .map(|p| p.text.as_str())
            .collect();
        let mut review: Vec<String> = grade
            .points
            .iter()
            .filter(|p| !p.hit)
            .map(|p| p.reference.clone())
            .chain(grade.misconceptions.iter().map(|m| m.reference.clone()))
            .collect();
        dedup(&mut review);
        let mut note = match missed.len() {
            0 => "Every key point made.".to_string(),
            _ => format!("Missed: {}.", missed.join("; ")),
        };
        if !grade.misconceptions.is_empty() {
            note.push_str(&format!(
                " {} misconception{} repeated.",
                grade.misconceptions.len(),
                if grade.misconceptions.len() == 1 {
                    ""
                } else {
                    "s"
                }
            ));
        }
        self.push(item, grade.score, seconds, review, note);
    }

    pub fn walk(&mut self, result: &WalkResult, seconds: u32) {
        let Some(item @ MockItem::Walk(_)) = self.current() else {
            return;
        };
        let score = (result.in_order * 100 / result.total.max(1)) as u32;
        let misplaced: Vec<&walk::StepFeedback> =
            result.steps.iter().filter(|s| !s.in_order).collect();
        let mut review: Vec<String> = misplaced.iter().map(|s| s.reference.clone()).collect();
        dedup(&mut review);
        let note = if misplaced.is_empty() {
            "Every step in order.".to_string()
        } else {
            format!(
                "{} of {} steps in order; misplaced: {}.",
                result.in_order,
                result.total,
                misplaced
                    .iter()
                    .map(|s| format!("\u{201c}{}\u{201d} (belongs at step {})", s.text, s.belongs))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        self.push(item, score, seconds, review, note);
    }

    pub fn recognise(&mut self, verdict: &Verdict, seconds: u32) {
        let Some(item @ MockItem::Recognise(_)) = self.current() else {
            return;
        };
        let score = match (verdict.layer_right, verdict.meaning_right) {
            (true, true) => 100,
            (false, false) => 0,
            _ => 50,
        };
        let review = if verdict.right() {
            vec![]
        } else {
            vec![verdict.reference.clone()]
        };
        let note = match (verdict.layer_right, verdict.meaning_right) {
            (true, true) => "Layer and meaning right.".to_string(),
            (true, false) => format!("Layer right; it meant: {}", verdict.meaning),
            (false, true) => format!("Meaning right; it points to {}.", layers(verdict)),
            (false, false) => format!("It points to {}: {}", layers(verdict), verdict.meaning),
        };
        self.push(item, score, seconds, review, note);
    }

    fn push(
        &mut self,
        item: MockItem,
        score: u32,
        seconds: u32,
        review: Vec<String>,
        note: String,
    ) {
        self.results.push(ItemResult {
            item,
            score,
            seconds,
            review,
            note,
        });
    }

    /// The mean score, 0–100.
    pub fn score(&self) -> u32 {
        let n = self.results.len().max(1) as u32;
        self.results.iter().map(|r| r.score).sum::<u32>() / n
    }

    /// Every reference to review, weakest answer first, without repeats.
    pub fn review(&self) -> Vec<String> {
        let mut by_score: Vec<&ItemResult> = self.results.iter().collect();
        by_score.sort_by_key(|r| r.score);
        let mut out: Vec<String> = by_score.iter().flat_map(|r| r.review.clone()).collect();
        dedup(&mut out);
        out
    }
}

fn layers(verdict: &Verdict) -> String {
    let labels: Vec<&str> = verdict.layers.iter().map(|l| l.label()).collect();
    labels.join(" or ")
}

fn dedup(ids: &mut Vec<String>) {
    let mut seen = std::collections::BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::interview::drill;
    use faultline_engine::Layer;

    fn session_with_all_kinds() -> MockSession {
        (0..100)
            .map(MockSession::new)
            .find(|s| matches!(s.plan[0], MockItem::Explain(_)))
            .unwrap()
    }

    #[test]
    fn answers_go_to_the_current_question_only_and_a_wrong_kind_is_ignored() {
        let mut s = session_with_all_kinds();
        let verdict = drill::check(&drill::cards()[0], Layer::Dns, "x");
        s.recognise(&verdict, 5);
        assert!(s.results.is_empty(), "the first question is an explanation");
        s.explain("", 30);
        assert_eq!(s.results.len(), 1);
        assert_eq!(s.results[0].score, 0);
        assert!(
            !s.results[0].review.is_empty(),
            "an empty answer has everything to review"
        );
    }

    /// Answers every question: model answers, the right order, and `pick` for each artefact.
    fn sit(seed: u64, pick: impl Fn(&drill::Card) -> Verdict) -> MockSession {
        let mut s = MockSession::new(seed);
        while let Some(item) = s.current() {
            match item {
                MockItem::Explain(id) => s.explain(interview::find(id).unwrap().model_answer, 60),
                MockItem::Walk(id) => {
                    let w = walk::find_walkthrough(id).unwrap();
                    let order: Vec<&str> = w.steps.iter().map(|s| s.id).collect();
                    s.walk(&walk::check(w, &order).unwrap(), 60);
                }
                MockItem::Recognise(id) => s.recognise(&pick(drill::find_card(id).unwrap()), 10),
            }
        }
        s
    }

    #[test]
    fn a_model_answer_and_right_picks_score_full_marks_with_nothing_to_review() {
        let s = sit(3, |c| drill::check(c, c.layers[0], c.meaning));
        assert!(s.finished());
        assert_eq!(s.score(), 100);
        assert!(s.review().is_empty());
    }

    #[test]
    fn the_review_list_starts_with_the_weakest_answer() {
        let s = sit(3, |c| {
            let wrong = Layer::ALL
                .into_iter()
                .find(|l| !c.layers.contains(l))
                .unwrap();
            drill::check(c, wrong, "no")
        });
        let review = s.review();
        assert_eq!(review.len(), 2, "one reference per missed card: {review:?}");
        assert!(s.score() < 100);
    }
}
