//! The simulator with real fault ids (picked from the catalogue by index), on flows they apply
//! to, with parameters at and just past their bounds, stacked, with a chosen call and noise.
//! Every rendering of a trace that simulated must work too.
#![no_main]
use faultline_fuzz::ArbRun;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (ArbRun, u8, bool)| {
    let (run, noise, misleading) = input;
    let spec = run.spec();
    if let Ok(t) = faultline_engine::simulate_with_noise(&spec, usize::from(noise % 32), misleading)
    {
        let _ = faultline_engine::solve(&t.evidence);
        let _ = faultline_engine::render_text(&t.evidence);
        let _ = faultline_engine::har(&t.evidence);
    }
});
