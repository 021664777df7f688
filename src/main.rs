use wasm_bindgen::prelude::wasm_bindgen;

fn main() {
    faultline::start();
}

/// Called by the warm-up worker (assets/pwa/warm.js) in its own instance of this module; see
/// `logic::warm`. The page's instance never calls it.
#[wasm_bindgen]
pub fn warm_engine(rounds: u32) -> u32 {
    faultline::logic::warm::run(u64::from(rounds)) as u32
}
