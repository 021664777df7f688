//! Scenario packs: schema and validator. Messages are `path: what is wrong`, shared with the app.

use crate::model::*;
use serde_json::Value;

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

/// Validates one scenario object; `path` prefixes every message (e.g. `scenarios[3]`).
pub fn validate_scenario(s: &Value, path: &str) -> Vec<Problem> {
    let mut out = vec![];
    let Some(o) = s.as_object() else {
        return vec![p(path, "must be an object")];
    };
    const KNOWN: &[&str] = &[
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
    ];
    for k in o.keys() {
        if !KNOWN.contains(&k.as_str()) {
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
    for k in ["title", "story", "diagnosis", "next_action"] {
        req_str(o, k, path, &mut out);
    }
    let flow = req_str(o, "flow", path, &mut out);
    if let Some(f) = &flow {
        if crate::flows::find(f).is_none() {
            out.push(p(&format!("{path}.flow"), format!("unknown flow \"{f}\"")));
        }
    }
    let mut specs = vec![];
    match o.get("fault") {
        None => out.push(p(&format!("{path}.fault"), "is required")),
        Some(Value::Array(a)) if a.is_empty() => {
            out.push(p(&format!("{path}.fault"), "must list at least one fault"))
        }
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
            if crate::flows::find(fl).is_some() && !def.flows.contains(&fl.as_str()) {
                out.push(p(
                    &format!("{fp}.id"),
                    format!(
                        "fault \"{id}\" does not apply to flow \"{fl}\" (it applies to {})",
                        def.flows.join(", ")
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
    match o.get("explanations").and_then(|v| v.as_object()) {
        None => out.push(p(
            &format!("{path}.explanations"),
            "is required: {correct, distractors}",
        )),
        Some(e) => {
            req_str(e, "correct", &format!("{path}.explanations"), &mut out);
            match e.get("distractors").and_then(|v| v.as_object()) {
                None => out.push(p(
                    &format!("{path}.explanations.distractors"),
                    "is required: {fault-id: why it is wrong}",
                )),
                Some(d) => {
                    for (k, v) in d {
                        if crate::faults::find(k).is_none() {
                            out.push(p(
                                &format!("{path}.explanations.distractors.{k}"),
                                format!("unknown fault \"{k}\""),
                            ));
                        } else if parsed.first().map(|f| f.id == *k).unwrap_or(false) {
                            out.push(p(
                                &format!("{path}.explanations.distractors.{k}"),
                                "is the scenario's own root cause",
                            ));
                        }
                        if v.as_str().map(|s| s.trim().is_empty()).unwrap_or(true) {
                            out.push(p(
                                &format!("{path}.explanations.distractors.{k}"),
                                "must be a non-empty string",
                            ));
                        }
                    }
                }
            }
        }
    }
    match o.get("evidence_to_attach") {
        Some(Value::Array(a)) if !a.is_empty() && a.iter().all(|x| x.is_string()) => {}
        _ => out.push(p(
            &format!("{path}.evidence_to_attach"),
            "is required: a non-empty array of strings",
        )),
    }
    out
}

/// Validates a pack. Scenario entries may be inline objects or file names resolved by `load`.
pub fn validate_pack(pack: &Value, load: &dyn Fn(&str) -> Result<Value, String>) -> Vec<Problem> {
    let mut out = vec![];
    let Some(o) = pack.as_object() else {
        return vec![p("$", "pack must be a JSON object")];
    };
    if let Some(id) = req_str(o, "id", "$", &mut out) {
        if !kebab(&id) {
            out.push(p(
                "$.id",
                format!("\"{id}\" must be lowercase letters, digits and dashes"),
            ));
        }
    }
    schema_version(o, "$", &mut out);
    req_str(o, "title", "$", &mut out);
    req_str(o, "blurb", "$", &mut out);
    let mut seen: Vec<(String, String)> = vec![];
    match o.get("scenarios") {
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
    out
}
