//! A RunSpec as JSON (flows, stacked faults, wrong-typed params): errors are fine, panics not.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(spec) = serde_json::from_slice::<faultline_engine::RunSpec>(data) {
        if spec.faults.len() <= 8 {
            if let Ok(t) = faultline_engine::simulate_with_noise(&spec, 4, true) {
                let _ = faultline_engine::solve(&t.evidence);
            }
        }
    }
});
