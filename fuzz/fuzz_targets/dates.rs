//! Every date formatter over the whole i64 range: total, and consistent with each other.
#![no_main]
use faultline_engine::util;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|ms: i64| {
    let iso = util::iso_ms(ms);
    let iso_s = util::iso_s(ms);
    // iso_s is iso_ms without the milliseconds.
    assert_eq!(format!("{}Z", &iso[..iso.len() - 5]), iso_s);
    let year_end = iso
        .rfind("-")
        .and_then(|d| iso[..d].rfind('-'))
        .unwrap_or(0);
    let year = &iso[..year_end];
    for text in [
        util::nginx_time(ms),
        util::nginx_err_time(ms),
        util::http_date(ms),
        util::openssl_date(ms),
    ] {
        assert!(text.contains(year), "{text} lacks the year {year}");
    }
    let (_, month, day) = util::civil(ms.div_euclid(86_400_000));
    assert!((1..=12).contains(&month) && (1..=31).contains(&day));
});
