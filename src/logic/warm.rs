//! Work for the warm-up worker (`assets/pwa/warm.js`), run in the full module's second instance.
//!
//! V8 compiles a WebAssembly function the first time it is called, on the thread that calls it,
//! into fast-to-make baseline code, and optimises it only once it has run for a while. So the
//! first puzzle opened in a visit spent most of its time compiling the engine on the page's thread
//! (~150 ms of a 230 ms task at 4x CPU throttling), and ran slow code until the third or so.
//! V8 keeps one compiled module per process for the same bytes, shared by every instance of it,
//! so a worker running the engine here compiles, and gets optimised, the code the page then runs.

use faultline_engine::probe::Investigation;
use faultline_engine::{generate_puzzle, Difficulty};

/// Builds puzzles as Investigate opens them (trace, choices, every check's output and facts, par)
/// from `rounds` seeds at each difficulty that opens in Investigate. Returns how many ran, so the
/// worker can say what it did. Nothing here touches the page or storage: the worker's instance
/// has no browser imports behind it.
pub fn run(rounds: u64) -> u64 {
    let mut ran = 0;
    for seed in 1..=rounds {
        for d in [Difficulty::Medium, Difficulty::Hard] {
            let puzzle = generate_puzzle(seed, Some(d), None);
            if let Ok(inv) = Investigation::generated(seed, Some(d), None) {
                let checks = inv.run_toolbox();
                let par = inv.expert_path();
                ran += u64::from(!checks.is_empty() && par.is_some() && !puzzle.key.is_empty());
            }
        }
    }
    ran
}
