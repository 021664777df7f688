//! Scenarios as they may sit in storage: JSON that parses but need not validate (wrong types,
//! unknown fields, out-of-range parameters). The app validates them and replays them anyway
//! (the run they describe, at their difficulty): neither step may panic.
#![no_main]
use faultline_fuzz::ArbScenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|scenario: ArbScenario| {
    let value = scenario.value();
    let _ = faultline_engine::validate_scenario(&value, "scenarios[0]");
    let pack = serde_json::json!({
        "id": "p", "schema_version": faultline_engine::SCHEMA_VERSION, "title": "P",
        "blurb": "B", "scenarios": [value.clone()],
    });
    let _ = faultline_engine::validate_pack(&pack, &|_| Err("no files".into()));
    if let Ok(spec) = faultline_engine::scenario::run_spec(&value) {
        let level = value
            .get("difficulty")
            .and_then(|d| d.as_str())
            .and_then(faultline_engine::Difficulty::parse)
            .unwrap_or(faultline_engine::Difficulty::Medium);
        let _ = faultline_engine::puzzle_for(&spec, level);
    }
});
