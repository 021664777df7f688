//! A body as a logger writes it on one line.

/// A body as a logger would write it on one line: JSON re-serialised compactly, other text
/// with its whitespace collapsed.
pub fn one_line(body: &str) -> String {
    if let Some(compact) = compact_canonical(body) {
        return compact;
    }
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
        Err(_) => body.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// `body` without its whitespace, when that is what reading it into a `Value` and writing it
/// back compactly gives: JSON whose strings hold no escape, whose numbers are integers written
/// as serde_json writes them, and whose objects' keys are in order (a `Value` sorts them).
/// `None` for anything else, which goes the long way. Every JSON body the world writes
/// (pretty-printed from sorted maps or from structs in the same order) is such a body.
fn compact_canonical(body: &str) -> Option<String> {
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    value(body, &mut at, &mut out, 0)?;
    skip_ws(body.as_bytes(), &mut at);
    (at == body.len()).then_some(out)
}

fn skip_ws(b: &[u8], at: &mut usize) {
    while matches!(b.get(*at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        *at += 1;
    }
}

/// Copies one value at `at` onto `out`, whitespace left out; `None` when it is not canonical.
fn value(body: &str, at: &mut usize, out: &mut String, depth: usize) -> Option<()> {
    // Well inside serde_json's recursion limit (128).
    if depth > 100 {
        return None;
    }
    let b = body.as_bytes();
    skip_ws(b, at);
    match *b.get(*at)? {
        b'{' => {
            *at += 1;
            out.push('{');
            skip_ws(b, at);
            if b.get(*at) == Some(&b'}') {
                *at += 1;
                out.push('}');
                return Some(());
            }
            let mut last: Option<&[u8]> = None;
            loop {
                skip_ws(b, at);
                let key = string(body, at, out)?;
                if last.is_some_and(|l| l >= key) {
                    return None;
                }
                last = Some(key);
                skip_ws(b, at);
                (b.get(*at) == Some(&b':')).then_some(())?;
                *at += 1;
                out.push(':');
                value(body, at, out, depth + 1)?;
                skip_ws(b, at);
                match *b.get(*at)? {
                    b',' => out.push(','),
                    b'}' => {
                        *at += 1;
                        out.push('}');
                        return Some(());
                    }
                    _ => return None,
                }
                *at += 1;
            }
        }
        b'[' => {
            *at += 1;
            out.push('[');
            skip_ws(b, at);
            if b.get(*at) == Some(&b']') {
                *at += 1;
                out.push(']');
                return Some(());
            }
            loop {
                value(body, at, out, depth + 1)?;
                skip_ws(b, at);
                match *b.get(*at)? {
                    b',' => out.push(','),
                    b']' => {
                        *at += 1;
                        out.push(']');
                        return Some(());
                    }
                    _ => return None,
                }
                *at += 1;
            }
        }
        b'"' => string(body, at, out).map(|_| ()),
        b't' => word(b, at, out, "true"),
        b'f' => word(b, at, out, "false"),
        b'n' => word(b, at, out, "null"),
        _ => integer(body, at, out),
    }
}

/// A string with no escape and no control character, copied with its quotes; its content.
fn string<'a>(body: &'a str, at: &mut usize, out: &mut String) -> Option<&'a [u8]> {
    let b = body.as_bytes();
    (b.get(*at) == Some(&b'"')).then_some(())?;
    let start = *at + 1;
    let len = b[start..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
    let end = start + len;
    (b[end] == b'"').then_some(())?;
    // The quotes are ASCII: the slice from one to the other is whole characters.
    out.push_str(body.get(*at..=end)?);
    *at = end + 1;
    Some(&b[start..end])
}

fn word(b: &[u8], at: &mut usize, out: &mut String, w: &str) -> Option<()> {
    b[*at..].starts_with(w.as_bytes()).then_some(())?;
    *at += w.len();
    out.push_str(w);
    Some(())
}

/// An integer as serde_json writes one back: an optional minus, no leading zero, no `-0`, and
/// few enough digits to fit in 64 bits; no fraction or exponent.
fn integer(body: &str, at: &mut usize, out: &mut String) -> Option<()> {
    let (b, start) = (body.as_bytes(), *at);
    let neg = b.get(*at) == Some(&b'-');
    *at += usize::from(neg);
    let digits = b[*at..].iter().take_while(|c| c.is_ascii_digit()).count();
    let first = *b.get(*at)?;
    let ok = (1..=18).contains(&digits) && (first != b'0' || (digits == 1 && !neg));
    ok.then_some(())?;
    *at += digits;
    if matches!(b.get(*at), Some(b'.' | b'e' | b'E')) {
        return None;
    }
    out.push_str(body.get(start..*at)?);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `one_line` was: every body read into a `Value` and written back.
    fn by_value(body: &str) -> String {
        match serde_json::from_str::<serde_json::Value>(body) {
            Ok(v) => serde_json::to_string(&v).unwrap_or_default(),
            Err(_) => body.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    }

    #[test]
    fn the_short_way_agrees_with_reading_a_value() {
        let bodies = [
            "{\n  \"access_token\": \"eyJ.x.y\",\n  \"expires_in\": 3600,\n  \"scope\": \"a b\",\n  \"token_type\": \"Bearer\"\n}",
            "{\"b\": 1, \"a\": 2}",
            "{\"a\": 1, \"a\": 2}",
            "{\"a\": -0}",
            "{\"a\": 0, \"b\": -12, \"c\": 007}",
            "{\"a\": 1.50, \"b\": 1e3, \"c\": 12345678901234567890}",
            "{\"a\": \"\\u00e9\\/\\n\", \"b\": \"é\"}",
            "[1, [2, []], {}, true, false, null]",
            "  [ ]  ",
            "{\"a\": [ {\"x\": null} ], \"b\": {\"c\": \"d\"}}",
            "{\"a\": tru}",
            "{\"a\": 1,}",
            "[1 2]",
            "not json at all",
            "",
            "\"text\"",
            "42",
            "-7",
            "{\"z\":1}\n\n",
            "{\"a\":1} x",
            "{\"a\":\"tab\there\"}",
            "{\"\": 1, \"a\": 2}",
            "{\"Z\": 1, \"a\": 2}",
        ];
        for body in bodies {
            assert_eq!(one_line(body), by_value(body), "{body:?}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(one_line(&deep), by_value(&deep));
    }

    /// Every body the world sends or answers, over puzzles of every kind.
    #[test]
    fn the_short_way_agrees_on_the_worlds_bodies() {
        let mut short = 0;
        for seed in 0..300u64 {
            let (spec, _) = crate::puzzle::pick(seed, None, None);
            let (_, ev) = crate::run::simulate_world_unmasked(&spec, 12, seed % 3 == 0)
                .expect("generated specs run");
            for x in &ev.exchanges {
                let bodies = [
                    x.request.body.as_deref(),
                    x.response.as_ref().and_then(|r| r.body.as_deref()),
                ];
                for body in bodies.into_iter().flatten() {
                    short += usize::from(compact_canonical(body).is_some());
                    assert_eq!(one_line(body), by_value(body), "seed {seed}: {body:?}");
                }
            }
        }
        assert!(short > 300, "{short} bodies took the short way");
    }
}
