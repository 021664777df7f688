//! App: a progress file the learner imports is read and migrated, or refused with a message; never a panic.
//! One call, so the target follows the app's function when it is renamed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = faultline::progress::import(text);
});
