//! Share-link decoder: any string, never a panic; whatever decodes re-encodes to a link that
//! decodes to the same puzzle.
#![no_main]
use faultline_engine::share;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(p) = share::decode(&text) {
        let again = share::decode(&share::encode(&p));
        assert_eq!(again.as_ref(), Ok(&p));
        let _ = faultline_engine::simulate(&p.run);
    }
});
