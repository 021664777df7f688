//! One round of the recognise-it-fast drill as a pure reducer: which card is up, what the learner
//! answered, which missed cards come back at the end of the round. Recording to progress is the
//! page's job; this says when (`Answered::record`).

use faultline_engine::interview::drill::{self, DrillProgress, Verdict};
use faultline_engine::Layer;

/// Cards per round: a few minutes of practice.
pub const ROUND_SIZE: usize = 10;

#[derive(Clone, Debug, PartialEq, Default)]
pub struct DrillRound {
    /// Card ids in the order asked; missed cards are appended once more.
    pub cards: Vec<String>,
    /// How many of `cards` were in the round as planned (the rest are second tries).
    pub planned: usize,
    pub position: usize,
    pub verdict: Option<Verdict>,
    /// First answers: (card, right).
    pub first: Vec<(String, bool)>,
    pub due: usize,
    pub new: usize,
    /// When the next card not in this round is due (local day number).
    pub next_due: Option<i64>,
    pub seed: u64,
}

/// What an answer means for progress: the first answer to a card in a round is recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct Answered {
    pub record: Option<(String, bool)>,
}

impl DrillRound {
    pub fn start(progress: &DrillProgress, today: i64, seed: u64) -> DrillRound {
        let round = progress.round(today, ROUND_SIZE, seed);
        DrillRound {
            planned: round.cards.len(),
            cards: round.cards,
            due: round.due,
            new: round.new,
            next_due: round.next_due,
            seed,
            ..DrillRound::default()
        }
    }

    pub fn current(&self) -> Option<&str> {
        self.cards.get(self.position).map(String::as_str)
    }

    pub fn finished(&self) -> bool {
        self.position >= self.cards.len()
    }

    pub fn second_try(&self) -> bool {
        self.position >= self.planned
    }

    pub fn answer(&mut self, layer: Layer, meaning: &str) -> Answered {
        let (Some(id), None) = (self.current().map(String::from), &self.verdict) else {
            return Answered { record: None };
        };
        let Some(card) = drill::find_card(&id) else {
            return Answered { record: None };
        };
        let verdict = drill::check(card, layer, meaning);
        let right = verdict.right();
        self.verdict = Some(verdict);
        if self.second_try() {
            return Answered { record: None };
        }
        self.first.push((id.clone(), right));
        if !right {
            self.cards.push(id.clone());
        }
        Answered {
            record: Some((id, right)),
        }
    }

    pub fn next(&mut self) {
        if self.verdict.take().is_some() {
            self.position += 1;
        }
    }

    pub fn right_first_time(&self) -> usize {
        self.first.iter().filter(|(_, right)| *right).count()
    }

    pub fn missed(&self) -> Vec<&str> {
        self.first
            .iter()
            .filter(|(_, right)| !right)
            .map(|(id, _)| id.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn right_answer(round: &DrillRound) -> (Layer, String) {
        let card = drill::find_card(round.current().unwrap()).unwrap();
        (card.layers[0], card.meaning.to_string())
    }

    #[test]
    fn a_round_asks_new_cards_and_brings_a_missed_one_back_once_at_the_end() {
        let mut round = DrillRound::start(&DrillProgress::default(), 100, 1);
        assert_eq!(
            (round.planned, round.new, round.due),
            (ROUND_SIZE, ROUND_SIZE, 0)
        );
        let first = round.current().unwrap().to_string();
        let answered = round.answer(Layer::Realtime, "nonsense");
        assert_eq!(answered.record, Some((first.clone(), false)));
        assert!(round.verdict.is_some());
        // A second answer to the same card changes nothing.
        assert_eq!(round.answer(Layer::Dns, "x").record, None);
        round.next();
        while round.position < round.planned {
            let (layer, meaning) = right_answer(&round);
            assert!(round.answer(layer, &meaning).record.unwrap().1);
            round.next();
        }
        assert!(!round.finished());
        assert!(round.second_try());
        assert_eq!(
            round.current(),
            Some(first.as_str()),
            "the missed card comes back"
        );
        let (layer, meaning) = right_answer(&round);
        assert_eq!(
            round.answer(layer, &meaning).record,
            None,
            "a second try is not recorded"
        );
        round.next();
        assert!(round.finished());
        assert_eq!(round.right_first_time(), ROUND_SIZE - 1);
        assert_eq!(round.missed(), [first.as_str()]);
    }

    #[test]
    fn next_needs_an_answer_first() {
        let mut round = DrillRound::start(&DrillProgress::default(), 100, 1);
        round.next();
        assert_eq!(round.position, 0);
    }

    #[test]
    fn nothing_due_gives_an_empty_round_that_says_when() {
        let mut progress = DrillProgress::default();
        for c in drill::cards() {
            progress.record(c.id, true, 100);
        }
        let round = DrillRound::start(&progress, 100, 1);
        assert!(round.finished());
        assert_eq!(round.next_due, Some(101));
    }
}
