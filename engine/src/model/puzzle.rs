//! What a learner is asked about a trace, and the key the app grades with.

use super::{Answer, Evidence};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub fn parse(s: &str) -> Option<Difficulty> {
        match s {
            "easy" => Some(Difficulty::Easy),
            "medium" => Some(Difficulty::Medium),
            "hard" => Some(Difficulty::Hard),
            _ => None,
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Question {
    /// "layer", "cause", "action" or "owner".
    pub id: String,
    pub prompt: String,
    pub choices: Vec<Choice>,
}

/// What the learner is shown for a puzzle: no answers inside.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PuzzleView {
    pub id: String,
    pub seed: u64,
    pub difficulty: Difficulty,
    pub topic: Option<String>,
    pub evidence: Evidence,
    pub questions: Vec<Question>,
    /// Three hints, from gentle to pointed; none names the answer.
    pub hints: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct QuestionKey {
    pub question: String,
    pub correct: String,
    /// Why the right choice is right.
    pub explanation: String,
    /// Choice id → why it is wrong.
    pub wrong: BTreeMap<String, String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Puzzle {
    pub view: PuzzleView,
    pub key: Vec<QuestionKey>,
    pub answer: Answer,
}
