//! A scenario's `story`: the report as its author tells it, in four parts the app shows as
//! "Who / Since / Expected / Actual". All four are required: the engine's generic wording states
//! the failing request as the expectation, so a scenario always brings its own.

use super::*;

/// The parts of a story, in the order the app shows them.
pub const STORY_PARTS: [&str; 4] = ["who", "since", "expected", "actual"];

/// Checks `story` at `path.story`: an object with the four parts, each a non-empty string.
pub(super) fn check_story(o: &serde_json::Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
    let sp = format!("{path}.story");
    match o.get("story") {
        Some(Value::Object(st)) => {
            for k in STORY_PARTS {
                req_str(st, k, &sp, out);
            }
            unknown_keys(
                st,
                &STORY_PARTS,
                &sp,
                "a story has who, since, expected and actual",
                out,
            );
        }
        None => out.push(p(
            &sp,
            "is required: {who, since, expected, actual}",
        )),
        Some(Value::String(_)) => out.push(p(
            &sp,
            "must be an object {who, since, expected, actual}, not one sentence: who reported it, since when, what they expected and what happens",
        )),
        Some(_) => out.push(p(
            &sp,
            "must be an object {who, since, expected, actual}",
        )),
    }
}

/// Reports every key of `o` outside `known` at `path.key`, saying what the object may hold.
pub(super) fn unknown_keys(
    o: &serde_json::Map<String, Value>,
    known: &[&str],
    path: &str,
    holds: &str,
    out: &mut Vec<Problem>,
) {
    for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
        out.push(p(
            &format!("{path}.{k}"),
            format!("unknown field ({holds})"),
        ));
    }
}
