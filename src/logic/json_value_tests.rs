use serde_json::{json, Value};

use super::{parse, write};

/// Both readers agree: the same value, or both refuse.
fn agrees(text: &str) {
    let ours = parse(text);
    let theirs = serde_json::from_str::<Value>(text);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{text:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("{text:?}: ours {ours:?}, serde_json {theirs:?}"),
    }
}

#[test]
fn reads_what_serde_json_reads() {
    for text in [
        "null",
        "true",
        "false",
        "0",
        "-0",
        "1",
        "-1",
        "42",
        "1.5",
        "-2.25e3",
        "1E2",
        "1e-2",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "\"\"",
        "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"",
        "\"\\u00e9\\u20ac\"",
        "\"\\ud83d\\ude00\"",
        "\"é€😀\"",
        "[]",
        "{}",
        " [1, 2 ,3] ",
        "{\"a\":{\"b\":[null]}}",
        "{\"a\":1,\"a\":2}",
        "{\"z\":1,\"a\":2}",
        "\n\t{ \"k\" : \"v\" }\r\n",
    ] {
        agrees(text);
        assert!(parse(text).is_ok(), "{text:?}");
    }
}

#[test]
fn refuses_what_serde_json_refuses() {
    for text in [
        "",
        " ",
        "nul",
        "nulll",
        "tru",
        "[",
        "]",
        "[1,]",
        "[1 2]",
        "{",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{a:1}",
        "{1:1}",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\ud800\"",
        "\"\\udc00\"",
        "\"\\ud800\\u0041\"",
        "\"a\u{1}b\"",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "1 2",
        "[] x",
        "1e400",
        "NaN",
        "Infinity",
        "[1]]",
    ] {
        agrees(text);
        assert!(parse(text).is_err(), "{text:?}");
    }
}

#[test]
fn refuses_nesting_deeper_than_serde_json_does() {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    agrees(&deep(127));
    assert!(parse(&deep(127)).is_ok());
    agrees(&deep(128));
    assert!(parse(&deep(128)).is_err());
}

#[test]
fn says_where_a_text_is_not_json_as_serde_json_says_it() {
    for text in [
        "{\n  \"a\": tru\n}",
        "[1,\n 2,\n x]",
        "{\"a\" 1}",
        "\"abc",
        "[1 2]",
        "{\"a\":1,}",
        "[1,\n]",
        "01",
        "1 2",
        "",
        "{1:1}",
    ] {
        let ours = parse(text).unwrap_err().to_string();
        let theirs = serde_json::from_str::<Value>(text).unwrap_err().to_string();
        assert_eq!(ours, theirs, "{text:?}");
    }
}

/// A small deterministic generator of texts that are JSON, nearly JSON or not at all.
fn texts(seed: u64, count: usize) -> Vec<String> {
    let mut state = seed;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        " ",
        "\"k\"",
        "\"\\n\"",
        "\"\\u00e9\"",
        "\"😀\"",
        "1",
        "-2",
        "3.5",
        "0",
        "true",
        "null",
        "\"\"",
        "\"a\\\\\"",
        "{\"x\":",
        "[1,",
        "e",
        "\\",
        "\"",
    ];
    (0..count)
        .map(|_| {
            let len = 1 + next(12) as usize;
            (0..len)
                .map(|_| PIECES[next(PIECES.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn agrees_with_serde_json_on_generated_texts() {
    let all = texts(7, 20_000);
    let valid = all.iter().filter(|t| parse(t).is_ok()).count();
    assert!(
        valid > 500,
        "the generator made too few valid texts ({valid})"
    );
    for text in &all {
        agrees(text);
    }
}

#[test]
fn writes_what_serde_json_writes() {
    let values = [
        json!(null),
        json!({"b": [1, -2, 3.5, true, false, null], "a": "x\"y\\z\u{1}\u{1f}\u{7f}é😀\n\t\r\u{8}\u{c}/"}),
        json!([
            {},
            [],
            "",
            18446744073709551615u64,
            -9223372036854775808i64,
            0.1,
            1e22,
            2.5e-3
        ]),
    ];
    for value in values {
        assert_eq!(write(&value), serde_json::to_string(&value).unwrap());
        assert_eq!(parse(&write(&value)).unwrap(), value);
    }
    for text in texts(11, 5_000) {
        if let Ok(value) = parse(&text) {
            assert_eq!(
                write(&value),
                serde_json::to_string(&value).unwrap(),
                "{text:?}"
            );
        }
    }
}
