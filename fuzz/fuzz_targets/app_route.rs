//! App: any URL fragment gives a route (unknown ones included); never a panic.
//! One call, so the target follows the app's function when it is renamed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = faultline::logic::route::Route::parse(text);
});
