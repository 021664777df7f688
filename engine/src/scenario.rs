//! Scenario packs: schema and validator. Messages are `path: what is wrong`, shared with the app.

use crate::model::*;
use serde_json::Value;

mod call;
mod story;
mod texts;
mod trainer;
use call::{check_call, PATH_FAULTS};
use story::unknown_keys;
pub use story::{REPORTER_PARTS, STORY_PARTS};
pub use trainer::{TRAINER_FIELDS, WRONG_ANSWER_FIELDS};

/// Largest pack (or scenario file) accepted, in bytes.
pub const MAX_PACK_BYTES: usize = 1024 * 1024;
/// Deepest nesting of arrays and objects accepted. Real packs need 5 (pack → scenarios →
/// scenario → fault → params); serde_json alone would allow 128.
pub const MAX_DEPTH: usize = 16;
/// Most scenarios in one pack.
pub const MAX_SCENARIOS: usize = 200;
/// Longest string value (or key) accepted, in characters.
pub const MAX_STRING_CHARS: usize = 4_000;
/// Most faults stacked in one scenario.
pub const MAX_FAULTS: usize = 6;

/// Parses a pack (or scenario file) with hard limits checked first: size before anything else,
/// nesting depth in a scan that uses no recursion, so hostile input cannot exhaust the stack.
pub fn parse_pack(text: &str) -> Result<Value, Problem> {
    if text.len() > MAX_PACK_BYTES {
        return Err(p(
            "$",
            format!(
                "pack is {} bytes; the limit is {MAX_PACK_BYTES} bytes",
                text.len()
            ),
        ));
    }
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    for (i, b) in text.bytes().enumerate() {
        if in_str {
            match b {
                _ if esc => esc = false,
                b'\\' => esc = true,
                b'"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(p(
                        "$",
                        format!("nesting is deeper than {MAX_DEPTH} levels (at byte {i}); a pack needs at most 5"),
                    ));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    serde_json::from_str(text).map_err(|e| p("$", format!("not valid JSON: {e}")))
}

/// [`parse_pack`] then [`validate_pack`]: the whole check of a pack file's text.
pub fn validate_pack_text(
    text: &str,
    load: &dyn Fn(&str) -> Result<Value, String>,
) -> Vec<Problem> {
    match parse_pack(text) {
        Ok(v) => validate_pack(&v, load),
        Err(e) => vec![e],
    }
}

/// Limits that apply to any value, however it was parsed: depth and string lengths.
/// Iterative, so a value nested deeper than the limit cannot blow the stack either.
fn check_limits(v: &Value, path: &str, out: &mut Vec<Problem>) {
    let mut stack: Vec<(&Value, String, usize)> = vec![(v, path.to_string(), 1)];
    while let Some((v, path, depth)) = stack.pop() {
        if out.len() >= 50 {
            return;
        }
        let deep = depth > MAX_DEPTH;
        match v {
            Value::Object(m) => {
                if deep {
                    out.push(p(
                        &path,
                        format!("nesting is deeper than {MAX_DEPTH} levels"),
                    ));
                    continue;
                }
                for (k, x) in m.iter().rev() {
                    if k.chars().count() > MAX_STRING_CHARS {
                        out.push(p(
                            &path,
                            format!("has a key longer than {MAX_STRING_CHARS} characters"),
                        ));
                        continue;
                    }
                    stack.push((x, format!("{path}.{k}"), depth + 1));
                }
            }
            Value::Array(a) => {
                if deep {
                    out.push(p(
                        &path,
                        format!("nesting is deeper than {MAX_DEPTH} levels"),
                    ));
                    continue;
                }
                for (i, x) in a.iter().enumerate().rev() {
                    stack.push((x, format!("{path}[{i}]"), depth + 1));
                }
            }
            Value::String(s) => {
                let n = s.chars().count();
                if n > MAX_STRING_CHARS {
                    out.push(p(
                        &path,
                        format!("is {n} characters long; the limit is {MAX_STRING_CHARS}"),
                    ));
                }
            }
            _ => {}
        }
    }
}

fn p(path: &str, msg: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: msg.into(),
    }
}

fn req_str(
    o: &serde_json::Map<String, Value>,
    k: &str,
    path: &str,
    out: &mut Vec<Problem>,
) -> Option<String> {
    match o.get(k) {
        None => {
            out.push(p(&format!("{path}.{k}"), "is required"));
            None
        }
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::String(_)) => {
            out.push(p(&format!("{path}.{k}"), "must not be empty"));
            None
        }
        Some(_) => {
            out.push(p(&format!("{path}.{k}"), "must be a string"));
            None
        }
    }
}

fn kebab(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
}

fn schema_version(o: &serde_json::Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
    match o.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == SCHEMA_VERSION as u64 => {}
        Some(v) => out.push(p(
            &format!("{path}.schema_version"),
            format!("unsupported version {v} (expected {SCHEMA_VERSION})"),
        )),
        None => out.push(p(
            &format!("{path}.schema_version"),
            "is required and must be an integer",
        )),
    }
}

/// Every field a scenario may have; any other is reported as unknown.
pub const SCENARIO_FIELDS: &[&str] = &[
    "id",
    "schema_version",
    "title",
    "story",
    "flow",
    "fault",
    "seed",
    "difficulty",
    "tags",
    "hints",
    "explanations",
    "diagnosis",
    "next_action",
    "evidence_to_attach",
    // Optional: the root-cause layer the author means; checked against the engine's answer.
    "layer",
    // Optional: `RunSpec.call` ({method, path}, api-call only), `RunSpec.client` (runtime.rs).
    "call",
    "client",
    // Optional: {id, why}, who owns the fix when the story puts it elsewhere (scenario/texts.rs).
    "owner",
    // Optional: the trainer's kit (scenario/trainer.rs); built-in packs must have it.
    "trainer",
    // Optional: {others_affected, changed, tried}, what "Ask the reporter" answers (story.rs).
    "reporter",
];

/// Validates one scenario object; `path` prefixes every message (e.g. `scenarios[3]`).
pub fn validate_scenario(s: &Value, path: &str) -> Vec<Problem> {
    let mut out = vec![];
    let Some(o) = s.as_object() else {
        return vec![p(path, "must be an object")];
    };
    for k in o.keys() {
        if !SCENARIO_FIELDS.contains(&k.as_str()) {
            out.push(p(&format!("{path}.{k}"), "unknown field"));
        }
    }
    if let Some(id) = req_str(o, "id", path, &mut out) {
        if !kebab(&id) {
            out.push(p(
                &format!("{path}.id"),
                format!("\"{id}\" must be lowercase letters, digits and dashes"),
            ));
        }
    }
    schema_version(o, path, &mut out);
    let before = out.len();
    check_limits(s, path, &mut out);
    if out.len() > before {
        return out;
    }
    for k in ["title", "diagnosis", "next_action"] {
        req_str(o, k, path, &mut out);
    }
    story::check_story(o, path, &mut out);
    story::check_reporter(o, path, &mut out);
    let flow = req_str(o, "flow", path, &mut out);
    if let Some(f) = &flow {
        if Flow::parse(f).is_none() {
            out.push(p(&format!("{path}.flow"), format!("unknown flow \"{f}\"")));
        }
    }
    let mut specs = vec![];
    match o.get("fault") {
        None => out.push(p(&format!("{path}.fault"), "is required")),
        Some(Value::Array(a)) if a.is_empty() => {
            out.push(p(&format!("{path}.fault"), "must list at least one fault"))
        }
        Some(Value::Array(a)) if a.len() > MAX_FAULTS => out.push(p(
            &format!("{path}.fault"),
            format!(
                "lists {} faults; at most {MAX_FAULTS} can be stacked",
                a.len()
            ),
        )),
        Some(Value::Array(a)) => {
            for (i, f) in a.iter().enumerate() {
                specs.push((format!("{path}.fault[{i}]"), f.clone()));
            }
        }
        Some(f) => specs.push((format!("{path}.fault"), f.clone())),
    }
    let mut parsed = vec![];
    for (fp, f) in &specs {
        let Some(fo) = f.as_object() else {
            out.push(p(fp, "must be an object {id, params}"));
            continue;
        };
        unknown_keys(
            fo,
            &["id", "params"],
            fp,
            "a fault has id and params",
            &mut out,
        );
        let Some(id) = fo.get("id").and_then(|v| v.as_str()) else {
            out.push(p(&format!("{fp}.id"), "is required"));
            continue;
        };
        let Some(def) = crate::faults::find(id) else {
            out.push(p(&format!("{fp}.id"), format!("unknown fault \"{id}\"")));
            continue;
        };
        let params = match fo.get("params") {
            None => Default::default(),
            Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(_) => {
                out.push(p(&format!("{fp}.params"), "must be an object"));
                continue;
            }
        };
        if let Err(EngineError::BadParam { param, message, .. }) =
            crate::faults::resolve(def, &params)
        {
            out.push(p(&format!("{fp}.params.{param}"), message));
        }
        if let Some(fl) = &flow {
            if Flow::parse(fl).is_some_and(|fl| !def.flows.contains(&fl)) {
                out.push(p(
                    &format!("{fp}.id"),
                    format!(
                        "fault \"{id}\" does not apply to flow \"{fl}\" (it applies to {})",
                        def.flows
                            .iter()
                            .map(|f| f.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
        parsed.push(FaultSpec {
            id: id.into(),
            params,
        });
    }
    if o.get("seed").map(|v| v.as_u64().is_none()).unwrap_or(true) {
        out.push(p(
            &format!("{path}.seed"),
            "is required and must be a non-negative integer",
        ));
    }
    match o.get("difficulty").and_then(|v| v.as_str()) {
        Some(d) if Difficulty::parse(d).is_some() => {}
        Some(d) => out.push(p(
            &format!("{path}.difficulty"),
            format!("unknown difficulty \"{d}\" (easy, medium, hard)"),
        )),
        None => out.push(p(&format!("{path}.difficulty"), "is required")),
    }
    match o.get("tags") {
        Some(Value::Array(a)) => {
            for (i, t) in a.iter().enumerate() {
                if !t.as_str().map(kebab).unwrap_or(false) {
                    out.push(p(
                        &format!("{path}.tags[{i}]"),
                        "must be a lowercase kebab-case string",
                    ));
                }
            }
        }
        None => {}
        Some(_) => out.push(p(&format!("{path}.tags"), "must be an array of strings")),
    }
    match o.get("hints") {
        Some(Value::Array(a)) if a.len() == 3 => {
            for (i, h) in a.iter().enumerate() {
                if h.as_str().map(|s| s.trim().is_empty()).unwrap_or(true) {
                    out.push(p(
                        &format!("{path}.hints[{i}]"),
                        "must be a non-empty string",
                    ));
                }
            }
        }
        Some(Value::Array(a)) => out.push(p(
            &format!("{path}.hints"),
            format!("must have exactly 3 hints, found {}", a.len()),
        )),
        _ => out.push(p(
            &format!("{path}.hints"),
            "is required: an array of 3 strings",
        )),
    }
    texts::check_explanations(o, &parsed, path, &mut out);
    texts::check_owner(o, path, &mut out);
    trainer::check_trainer(o, path, &mut out);
    match o.get("evidence_to_attach") {
        Some(Value::Array(a)) if !a.is_empty() && a.iter().all(|x| x.is_string()) => {}
        _ => out.push(p(
            &format!("{path}.evidence_to_attach"),
            "is required: a non-empty array of strings",
        )),
    }
    let claimed = match o.get("layer") {
        None => None,
        Some(Value::String(l)) => match Layer::parse(l) {
            Some(l) => Some(l),
            None => {
                out.push(p(
                    &format!("{path}.layer"),
                    format!("unknown layer \"{l}\""),
                ));
                None
            }
        },
        Some(_) => {
            out.push(p(&format!("{path}.layer"), "must be a layer id string"));
            None
        }
    };
    let call = check_call(o, path, flow.as_deref(), &parsed, &mut out);
    // Replay: the scenario must run, and its evidence must lead to its own root cause.
    let seed = o.get("seed").and_then(|v| v.as_u64());
    let replayable = !parsed.is_empty()
        && parsed.len() == specs.len()
        && !out.iter().any(|x| {
            x.path.starts_with(&format!("{path}.fault"))
                || x.path == format!("{path}.flow")
                || x.path == format!("{path}.seed")
                || x.path.starts_with(&format!("{path}.call"))
        });
    if let (true, Some(fl), Some(seed)) = (replayable, &flow, seed) {
        replay(o, path, fl, parsed, seed, claimed, call, &mut out);
    }
    out
}

/// Methods a scenario's `call` may use (what the engine can simulate).
pub const CALL_METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The run a scenario describes (flow, faults root cause first, seed, optional call), as the
/// validator replays it. `Err` says what is missing; validate the scenario for the full story.
pub fn run_spec(s: &Value) -> Result<RunSpec, String> {
    let flow = s
        .get("flow")
        .and_then(|v| v.as_str())
        .ok_or("the scenario has no flow")?;
    let faults: Vec<FaultSpec> = match s.get("fault") {
        Some(Value::Array(list)) => list
            .iter()
            .map(|f| serde_json::from_value(f.clone()))
            .collect::<Result<_, _>>()
            .map_err(|e| format!("a fault cannot be read ({e})"))?,
        Some(f) => vec![serde_json::from_value(f.clone())
            .map_err(|e| format!("the fault cannot be read ({e})"))?],
        None => return Err("the scenario has no fault".into()),
    };
    let seed = s
        .get("seed")
        .and_then(Value::as_u64)
        .ok_or("the scenario has no valid seed")?;
    let call = match s.get("call") {
        None | Some(Value::Null) => None,
        Some(c) => Some(
            serde_json::from_value::<CallSpec>(c.clone())
                .map_err(|e| format!("the call cannot be read ({e})"))?,
        ),
    };
    Ok(RunSpec {
        flow: Some(flow.to_string()),
        faults,
        seed,
        call,
        client: s.get("client").and_then(Value::as_str).map(String::from),
    })
}

#[allow(clippy::too_many_arguments)]
fn replay(
    o: &serde_json::Map<String, Value>,
    path: &str,
    flow: &str,
    faults: Vec<FaultSpec>,
    seed: u64,
    claimed: Option<Layer>,
    call: Option<CallSpec>,
    out: &mut Vec<Problem>,
) {
    let (noise, misleading) = crate::puzzle::noise_of(o);
    let spec = RunSpec {
        flow: Some(flow.to_string()),
        client: crate::runtime::scenario_client(o, path, flow, &faults, out),
        faults,
        seed,
        call: call.clone(),
    };
    let t = match crate::simulate_with_noise(&spec, noise, misleading) {
        Ok(t) => t,
        Err(e) => {
            out.push(p(path, format!("replay failed: {e}")));
            return;
        }
    };
    // A fault that brings its own request (e.g. a POST /v2/chats body fault) would make `call` a lie.
    if let Some(c) = &call {
        let sent = t
            .evidence
            .exchanges
            .iter()
            .rev()
            .find(|x| x.from == Layer::Client)
            .map(|x| {
                let (_, _, _, p) = crate::layers::split_url(&x.request.url);
                (x.request.method.clone(), p)
            });
        if let Some((m, sp)) = sent {
            let path_edited = spec
                .faults
                .iter()
                .any(|f| PATH_FAULTS.contains(&f.id.as_str()));
            if m != c.method || (!path_edited && sp != c.path) {
                let ids: Vec<&str> = spec.faults.iter().map(|f| f.id.as_str()).collect();
                out.push(p(
                    &format!("{path}.call"),
                    format!(
                        "the traced request is {m} {sp}, not {} {}: a fault ({}) sends its own request; drop `call` or pick a fault that works on the chosen one",
                        c.method,
                        c.path,
                        ids.join(", ")
                    ),
                ));
            }
        }
    }
    let root = t.answer.root_cause_layer;
    if let Some(e) = crate::solvability::error(&t) {
        out.push(p(path, e));
    }
    if let Some(c) = claimed {
        if c != root {
            out.push(p(
                &format!("{path}.layer"),
                format!("says {c} but the engine's root cause is in {root}"),
            ));
        }
    }
    // "the <id> layer" in the texts that explain the answer must be the root cause's layer.
    let texts = [
        (
            "explanations.correct",
            o.get("explanations").and_then(|e| e.get("correct")),
        ),
        ("diagnosis", o.get("diagnosis")),
    ];
    for (k, v) in texts {
        let Some(text) = v.and_then(|v| v.as_str()) else {
            continue;
        };
        let low = text.to_lowercase();
        let named: Vec<Layer> = Layer::ALL
            .into_iter()
            .filter(|l| low.contains(&format!("{} layer", l.id())))
            .collect();
        if !named.is_empty() && !named.contains(&root) {
            let list: Vec<&str> = named.iter().map(|l| l.id()).collect();
            out.push(p(
                &format!("{path}.{k}"),
                format!(
                    "names the {} layer but the engine's root cause is in {root}",
                    list.join(" / ")
                ),
            ));
        }
    }
}

/// Validates a pack. Scenario entries may be inline objects or file names resolved by `load`.
/// [`crate::pack::read_pack`] is the same check, with the typed pack when there is no problem.
pub fn validate_pack(pack: &Value, load: &dyn Fn(&str) -> Result<Value, String>) -> Vec<Problem> {
    check_pack(pack, load).0
}

/// Every problem of a pack, and its scenarios with file names resolved (complete only when there
/// is no problem).
pub(crate) fn check_pack(
    pack: &Value,
    load: &dyn Fn(&str) -> Result<Value, String>,
) -> (Vec<Problem>, Vec<Value>) {
    let mut out = vec![];
    let mut resolved = vec![];
    let Some(o) = pack.as_object() else {
        return (vec![p("$", "pack must be a JSON object")], resolved);
    };
    if let Some(id) = req_str(o, "id", "$", &mut out) {
        if !kebab(&id) {
            out.push(p(
                "$.id",
                format!("\"{id}\" must be lowercase letters, digits and dashes"),
            ));
        }
    }
    // Same rule as a scenario's fields: a misspelt key would otherwise be silently ignored.
    const KNOWN: &[&str] = &["id", "schema_version", "title", "blurb", "scenarios"];
    for k in o.keys() {
        if !KNOWN.contains(&k.as_str()) {
            out.push(p(&format!("$.{k}"), "unknown field"));
        }
    }
    schema_version(o, "$", &mut out);
    for k in ["id", "title", "blurb"] {
        if let Some(v) = o.get(k) {
            check_limits(v, &format!("$.{k}"), &mut out);
        }
    }
    req_str(o, "title", "$", &mut out);
    req_str(o, "blurb", "$", &mut out);
    let mut seen: Vec<(String, String)> = vec![];
    match o.get("scenarios") {
        Some(Value::Array(a)) if a.len() > MAX_SCENARIOS => out.push(p(
            "$.scenarios",
            format!(
                "has {} scenarios; a pack holds at most {MAX_SCENARIOS}",
                a.len()
            ),
        )),
        Some(Value::Array(a)) if !a.is_empty() => {
            for (i, s) in a.iter().enumerate() {
                let path = format!("scenarios[{i}]");
                let v = match s {
                    Value::String(name) => match load(name) {
                        Ok(v) => v,
                        Err(e) => {
                            out.push(p(&path, e));
                            continue;
                        }
                    },
                    v => v.clone(),
                };
                out.extend(validate_scenario(&v, &path));
                if let Some(id) = v.get("id").and_then(|x| x.as_str()) {
                    if let Some((_, first)) = seen.iter().find(|(x, _)| x == id) {
                        out.push(p(
                            &format!("{path}.id"),
                            format!("duplicate id \"{id}\" (first used at {first})"),
                        ));
                    } else {
                        seen.push((id.to_string(), path.clone()));
                    }
                }
                resolved.push(v);
            }
        }
        Some(Value::Array(_)) => out.push(p("$.scenarios", "must contain at least one scenario")),
        _ => out.push(p(
            "$.scenarios",
            "is required: an array of scenario objects or file names",
        )),
    }
    out.iter_mut().for_each(|x| {
        if x.path.starts_with("$.") && !x.path.starts_with("$.scenarios") {
            x.path = x.path[2..].to_string();
        }
    });
    (out, resolved)
}
