//! App: a stored builder draft loads, or is kept aside with a notice; never a panic.
//! One call, so the target follows the app's function when it is renamed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = faultline::modes::builder::draft::load(Some(text));
});
