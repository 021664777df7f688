//! ISO-8601 ↔ epoch conversions for the simulated clock (UTC only, as the engine emits).

use faultline_engine::util;

/// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses `2026-03-14T10:02:13.093Z` (fraction and `Z` optional) into epoch milliseconds.
pub fn parse_iso_ms(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let (hms, frac) = match time.split_once('.') {
        Some((hms, frac)) => (hms, frac),
        None => (time, ""),
    };
    let mut t = hms.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, se) = (t.next()??, t.next()??, t.next().flatten().unwrap_or(0));
    let ms = if frac.is_empty() {
        0
    } else {
        let digits: String = frac.chars().take(3).collect();
        digits.parse::<i64>().ok()? * 10_i64.pow(3 - digits.len() as u32)
    };
    Some(((days_from_civil(y, mo, da) * 24 + h) * 60 + mi) * 60_000 + se * 1000 + ms)
}

/// Formats epoch seconds as `2026-03-14T09:20:13Z`.
pub fn iso_from_secs(secs: i64) -> String {
    let (y, m, d) = util::civil(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Formats epoch milliseconds as `2026-03-14T10:02:13.093Z`, the engine's log timestamps.
pub fn iso_from_ms(ms: i64) -> String {
    util::iso_ms(ms)
}

/// "42 min ago", "in 3 h 5 min", "just now" for a difference in seconds (positive = future).
pub fn relative(delta_secs: i64) -> String {
    let abs = delta_secs.abs();
    let text = if abs < 60 {
        format!("{abs} s")
    } else if abs < 3600 {
        format!("{} min", abs / 60)
    } else if abs < 86_400 {
        let (h, m) = (abs / 3600, abs % 3600 / 60);
        if m == 0 {
            format!("{h} h")
        } else {
            format!("{h} h {m} min")
        }
    } else {
        format!("{} days", abs / 86_400)
    };
    if delta_secs < 0 {
        format!("{text} ago")
    } else {
        format!("in {text}")
    }
}

/// `v` with `places` decimals (at most 3), the text `format!("{v:.places$}")` gives, without
/// Rust's float formatting (which would add ~10 KB to the start module): the double's exact
/// value, rounded half to even.
pub fn fixed(v: f64, places: u32) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let sign = if v.is_sign_negative() { "-" } else { "" };
    if v.is_infinite() {
        return format!("{sign}inf");
    }
    let pow = 10u128.pow(places.min(3));
    let bits = v.abs().to_bits();
    let (exp, frac) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let (m, e) = if exp == 0 {
        (frac as u128, -1074i32)
    } else {
        ((frac | 1 << 52) as u128, exp as i32 - 1075)
    };
    // v = m · 2^e; q = v · 10^places, rounded.
    let q = if e >= 0 {
        (m * pow) << e.min(60)
    } else if -e >= 127 {
        0
    } else {
        let s = -e as u32;
        let n = m * pow;
        let (q, rem, half) = (n >> s, n & ((1 << s) - 1), 1u128 << (s - 1));
        q + u128::from(rem > half || (rem == half && q & 1 == 1))
    };
    let (int, dec) = (q / pow, q % pow);
    match places.min(3) {
        0 => format!("{sign}{int}"),
        p => format!("{sign}{int}.{dec:0w$}", w = p as usize),
    }
}

/// Milliseconds on the simulated timeline: "93 ms", "1.25 s", "45.0 s", "1 min 39 s",
/// "27 h 35 min" (webhook retries span hours).
pub fn ms_label(ms: i64) -> String {
    let secs = ms / 1000;
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 10_000 {
        format!("{} s", fixed(ms as f64 / 1000.0, 2))
    } else if ms < 60_000 {
        format!("{} s", fixed(ms as f64 / 1000.0, 1))
    } else if secs < 3600 {
        format!("{} min {} s", secs / 60, secs % 60)
    } else {
        format!("{} h {} min", secs / 3600, secs % 3600 / 60)
    }
}

/// A moment on the simulated timeline (an event's time): as `ms_label` under a minute; past it,
/// to the millisecond, so the events of one retry hours in still read in order
/// ("27 h 35 min 5.038 s", "27 h 35 min 5.063 s"), not as one label repeated.
pub fn at_label(ms: i64) -> String {
    if ms < 60_000 {
        return ms_label(ms);
    }
    let (secs, frac) = (ms / 1000, ms % 1000);
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h == 0 {
        format!("{m} min {s}.{frac:03} s")
    } else {
        format!("{h} h {m} min {s}.{frac:03} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_round_trip() {
        let ms = parse_iso_ms("2026-03-14T10:02:13.093Z").unwrap();
        assert_eq!(ms % 1000, 93);
        assert_eq!(iso_from_secs(ms / 1000), "2026-03-14T10:02:13Z");
        assert_eq!(parse_iso_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_iso_ms("2000-02-29T12:00:00.5Z"),
            Some(951_825_600_500)
        );
        assert_eq!(parse_iso_ms("nonsense"), None);
    }

    #[test]
    fn fixed_prints_what_float_formatting_prints() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut values = vec![
            0.0, -0.0, 0.005, 0.015, 0.125, 1.125, 2.5, 10.25, 99.995, 100.0, 0.8,
        ];
        values.extend((0..60_000).map(|ms| ms as f64 / 1000.0));
        values.extend((0..2_000).flat_map(|t| [t as f64 * 100.0 / 1937.0, t as f64 * 100.0 / 8.0]));
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            values.push((x >> 11) as f64 / (1u64 << 53) as f64 * 1000.0);
        }
        for v in values {
            for places in 0..=3 {
                assert_eq!(
                    fixed(v, places),
                    format!("{v:.p$}", p = places as usize),
                    "{v}"
                );
            }
        }
    }

    #[test]
    fn relative_times() {
        assert_eq!(relative(-42 * 60), "42 min ago");
        assert_eq!(relative(3 * 3600 + 300), "in 3 h 5 min");
        assert_eq!(relative(-5), "5 s ago");
        assert_eq!(relative(-3 * 86_400), "3 days ago");
        assert_eq!(ms_label(93), "93 ms");
        assert_eq!(ms_label(1250), "1.25 s");
        assert_eq!(ms_label(45_000), "45.0 s");
        assert_eq!(ms_label(99_305_200), "27 h 35 min");
        assert_eq!(ms_label(99_000), "1 min 39 s");
    }

    #[test]
    fn event_times_keep_their_order_in_long_flows() {
        // A webhook's last retry, 27 h in (engine/tests/golden/crm-ticket-webhook-tls.json).
        let times = [99_305_038, 99_305_063, 99_305_117, 99_305_177];
        let labels: Vec<String> = times.iter().map(|t| at_label(*t)).collect();
        assert_eq!(labels[0], "27 h 35 min 5.038 s");
        let mut unique = labels.clone();
        unique.dedup();
        assert_eq!(unique, labels, "no two moments share a label");
        assert_eq!(at_label(305_053), "5 min 5.053 s");
        assert_eq!(at_label(45_000), "45.0 s");
    }
}
