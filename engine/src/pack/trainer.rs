//! The trainer's side of the content, as types: a scenario's kit (`trainer` in a scenario,
//! checked by `scenario/trainer.rs`) and a learning path's 60-minute plan (`plan` in a path,
//! checked by `index.rs`).

use serde::{Deserialize, Serialize};

/// What a trainer needs to run one scenario with a class. Never shown to a learner before the
/// answer: the presenter's private notes and the worksheet's answer key.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct TrainerKit {
    /// What the class should be able to do after this scenario.
    pub objective: String,
    /// The answers people give instead of the right one, most common first.
    pub wrong_answers: Vec<WrongAnswer>,
    /// A question to put to the room.
    pub discussion: String,
    /// The one line to end on.
    pub debrief: String,
    /// Why the scenario's difficulty is not the one its inference steps give
    /// (`faultline difficulty`), when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty_why: Option<String>,
}

/// A tempting wrong answer: what people say, why they say it (the evidence that misleads), and
/// why it is wrong (the evidence that rules it out).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct WrongAnswer {
    pub answer: String,
    pub why: String,
    pub why_not: String,
}

/// How long a path's plan runs, in minutes.
pub const PLAN_MINUTES: u32 = 60;

/// One block of a path's plan: a step of the path (`scenario`) or an activity around them
/// (an opening, a comparison, the wrap-up), with its minutes and what it teaches.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct PlanBlock {
    pub minutes: u32,
    /// The id of one of the path's scenarios (then `activity` is absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<String>,
    /// What happens in a block that plays no scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    pub teaches: String,
}

/// A plan's blocks with the minute each starts at (from 0).
pub fn schedule(plan: &[PlanBlock]) -> Vec<(u32, &PlanBlock)> {
    let mut at = 0;
    plan.iter()
        .map(|b| {
            let start = at;
            at += b.minutes;
            (start, b)
        })
        .collect()
}
