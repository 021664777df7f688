//! Interview practice: "explain it" prompts as typed data, and an offline grader that checks which
//! key points a typed answer states and which common misconceptions it repeats; "walk me through
//! it" ordering exercises; a "recognise it fast" drill with spaced repetition; mock interviews.
//!
//! Pure and deterministic like the rest of the engine: the same answer always gets the same score.

pub mod drill;
mod drill_cards;
mod grade;
pub mod mock;
mod prompts;
mod text;
pub mod walk;

pub use grade::{grade, Grade, MisconceptionFound, PointResult};
pub use prompts::PROMPTS;

use serde::Serialize;

/// One thing a good answer must say. `groups` are sets of accepted phrasings: the point counts when
/// ONE clause of the answer contains a phrasing from every group, in the order given, with none of
/// the `rivals` in between (so "401 and 403 … permission" does not earn the 401 point). When
/// `in_order` is false the groups may come in any order ("grant the scope" / "the scope is granted").
///
/// Phrasings are words or short phrases; a word ending in `*` matches any word it starts
/// ("authenticat*" matches "authenticated" and "authentication").
#[derive(Debug)]
pub struct KeyPoint {
    pub id: &'static str,
    /// The point in plain words, as shown in the checklist.
    pub text: &'static str,
    pub groups: &'static [&'static [&'static str]],
    pub rivals: &'static [&'static str],
    pub in_order: bool,
    /// The study reference entry that explains this point.
    pub reference: &'static str,
}

/// A wrong idea worth flagging. Matched like a key point; each one found costs points.
#[derive(Debug)]
pub struct Misconception {
    pub id: &'static str,
    /// Why it is wrong, in plain words.
    pub text: &'static str,
    pub groups: &'static [&'static [&'static str]],
    pub rivals: &'static [&'static str],
    pub in_order: bool,
    pub reference: &'static str,
}

#[derive(Debug)]
pub struct Prompt {
    pub id: &'static str,
    pub topic: &'static str,
    pub question: &'static str,
    pub points: &'static [KeyPoint],
    pub misconceptions: &'static [Misconception],
    pub model_answer: &'static str,
}

/// A prompt without its grading rules, for lists and pickers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PromptInfo {
    pub id: String,
    pub topic: String,
    pub question: String,
}

/// Every prompt, in a stable order (grouped by topic).
pub fn prompts() -> &'static [Prompt] {
    PROMPTS
}

pub fn find(id: &str) -> Option<&'static Prompt> {
    PROMPTS.iter().find(|p| p.id == id)
}

/// The topics in the order they first appear.
pub fn topics() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = vec![];
    for p in PROMPTS {
        if !out.contains(&p.topic) {
            out.push(p.topic);
        }
    }
    out
}

impl Prompt {
    pub fn info(&self) -> PromptInfo {
        PromptInfo {
            id: self.id.into(),
            topic: self.topic.into(),
            question: self.question.into(),
        }
    }
}

#[cfg(test)]
mod drill_tests;
#[cfg(test)]
mod tests;
