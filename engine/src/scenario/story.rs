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

/// The reporter's answers a scenario may give, in the order "Ask the reporter" prints them.
pub const REPORTER_PARTS: [&str; 3] = ["others_affected", "changed", "tried"];

/// Checks the optional `reporter` at `path.reporter`: an object with at least one of the parts,
/// each a non-empty string.
pub(super) fn check_reporter(
    o: &serde_json::Map<String, Value>,
    path: &str,
    out: &mut Vec<Problem>,
) {
    let rp = format!("{path}.reporter");
    let Some(r) = o.get("reporter") else {
        return;
    };
    let Some(r) = r.as_object() else {
        out.push(p(
            &rp,
            "must be an object {others_affected, changed, tried} (each optional)",
        ));
        return;
    };
    unknown_keys(
        r,
        &REPORTER_PARTS,
        &rp,
        "the reporter's answers are others_affected, changed and tried",
        out,
    );
    if !REPORTER_PARTS.iter().any(|k| r.contains_key(*k)) {
        out.push(p(
            &rp,
            "says nothing: give others_affected, changed or tried, or leave reporter out",
        ));
    }
    for k in REPORTER_PARTS.iter().filter(|k| r.contains_key(**k)) {
        match r.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(Value::String(_)) => out.push(p(&format!("{rp}.{k}"), "must not be empty")),
            _ => out.push(p(&format!("{rp}.{k}"), "must be a string")),
        }
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
