//! The start page's incident: one fixed, readable case (an easy api-call with an expired token),
//! independent of how the puzzle generator distributes seeds. What it is lives only here.
//!
//! build.rs compiles this same file against the engine to pre-render the puzzle into the small
//! start-page module (`start_puzzle`), so the first visit needs no simulator code at all.

use faultline_engine::{generate_puzzle, puzzle_for, Difficulty, FaultSpec, Flow, Puzzle, RunSpec};

pub const HOME_SEED: u64 = 18;
const HOME_FLOW: Flow = Flow::ApiCall;
const HOME_FAULT: &str = "expired-token";

/// The puzzle on the start page, simulated by the engine.
pub fn home_puzzle() -> Puzzle {
    let spec = RunSpec {
        flow: Some(HOME_FLOW.id().into()),
        faults: vec![FaultSpec::new(HOME_FAULT)],
        seed: HOME_SEED,
        call: None,
        client: None,
    };
    puzzle_for(&spec, Difficulty::Easy)
        .unwrap_or_else(|_| generate_puzzle(HOME_SEED, Some(Difficulty::Easy), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_puzzle_is_the_readable_api_call() {
        let p = home_puzzle();
        assert_eq!(p.view.evidence.flow, HOME_FLOW);
        assert_eq!(p.answer.fault_id, HOME_FAULT);
        assert_eq!(p.view.questions.len(), 4);
    }

    #[test]
    fn the_pre_rendered_start_puzzle_is_the_engines() {
        let shipped: Puzzle =
            serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/home-puzzle.json")))
                .expect("build.rs writes a readable puzzle");
        assert_eq!(shipped, home_puzzle());
        assert_eq!(shipped.view.seed, HOME_SEED);
        assert!(!shipped.view.evidence.events.is_empty());
    }
}
