//! App: the stored list of imported packs is read, or said to be unreadable; never a panic.
//! One call, so the target follows the app's function when it is renamed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = faultline::modes::packs::read_store(Some(text));
});
