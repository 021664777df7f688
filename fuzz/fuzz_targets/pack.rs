//! Pack parser + validator (which replays every scenario): any bytes, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Files named in `scenarios` resolve to the same text, as a hostile pack would arrange.
    let load = |_: &str| -> Result<serde_json::Value, String> {
        faultline_engine::parse_pack(text).map_err(|e| e.message)
    };
    let _ = faultline_engine::validate_pack_text(text, &load);
    if let Ok(v) = faultline_engine::parse_pack(text) {
        let _ = faultline_engine::validate_scenario(&v, "s");
    }
});
