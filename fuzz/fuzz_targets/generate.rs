//! Endless mode: any seed, difficulty and topic (a real one by index, or any text) gives a
//! puzzle; a known topic's puzzle is about that topic.
#![no_main]
use arbitrary::Arbitrary;
use faultline_fuzz::ArbDifficulty;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Topic {
    None,
    Known(u8),
    Named(String),
}

fuzz_target!(|input: (u64, Option<ArbDifficulty>, Topic)| {
    let (seed, difficulty, topic) = input;
    let topics = faultline_engine::topics();
    let topic = match topic {
        Topic::None => None,
        Topic::Known(i) => Some(topics[i as usize % topics.len()].clone()),
        Topic::Named(t) => Some(t),
    };
    let p = faultline_engine::generate_puzzle(seed, difficulty.map(Into::into), topic.as_deref());
    let _ = faultline_engine::render_text(&p.view.evidence);
});
