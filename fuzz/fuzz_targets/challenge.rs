//! The path a challenge link takes in the app: a SharedPuzzle is encoded, decoded and turned into
//! a puzzle with `puzzle_for` at the link's difficulty. Errors are fine, panics are not; a link
//! always decodes to what was encoded.
#![no_main]
use faultline_engine::share::{self, SharedPuzzle};
use faultline_fuzz::{ArbDifficulty, ArbRun};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (ArbRun, Option<String>, Option<ArbDifficulty>)| {
    let (run, story, difficulty) = input;
    let shared = SharedPuzzle {
        run: run.spec(),
        story,
        difficulty: difficulty.map(Into::into),
    };
    let link = share::encode(&shared);
    let Ok(decoded) = share::decode(&link) else {
        // Only an over-long link or story may be refused.
        assert!(
            link.len() > share::MAX_ENCODED_LEN
                || shared
                    .story
                    .as_ref()
                    .map(|s| s.chars().count())
                    .unwrap_or(0)
                    > share::MAX_STORY_CHARS
        );
        return;
    };
    // JSON text does not carry every f64 exactly; all else must come back as it went in.
    // (A fractional parameter is refused by the simulator either way.)
    let fractional = shared
        .run
        .faults
        .iter()
        .flat_map(|f| f.params.values())
        .any(|v| v.is_f64());
    if !fractional {
        assert_eq!(decoded, shared);
    }
    let level = decoded
        .difficulty
        .unwrap_or(faultline_engine::Difficulty::Medium);
    if let Ok(p) = faultline_engine::puzzle_for(&decoded.run, level) {
        let _ = faultline_engine::render_text(&p.view.evidence);
    }
});
