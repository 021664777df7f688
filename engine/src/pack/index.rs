//! The pack index (`assets/scenarios/index.json`) as types: the pack files in display order and
//! the learning paths, ordered lists of scenarios taken from any pack. [`read_index`] checks the
//! index on its own (shape, ids, empty paths); [`check_paths`] checks its references against the
//! packs; [`check_index`] does both, reading and checking every pack too (`faultline check`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{read_pack, Pack, PlanBlock, PLAN_MINUTES};
use crate::model::{Difficulty, Problem};

/// The index: pack files in display order and the learning paths.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PackIndex {
    pub schema_version: u32,
    /// Pack file names (`<pack-id>.json`), in display order.
    pub packs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<LearningPath>,
}

/// An ordered list of scenarios from any pack, played one after the other.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LearningPath {
    /// Kebab-case, unique among the paths; it appears in the URL (`#/paths/<id>`).
    pub id: String,
    pub title: String,
    pub summary: String,
    /// When true, no step may be easier than the step before it (checked against the packs).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rising_difficulty: bool,
    pub steps: Vec<PathStep>,
    /// A trainer's 60-minute plan: the steps in order with their minutes and what each teaches,
    /// and the activities around them. Built-in paths must have one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<PlanBlock>,
}

/// One step of a path: a scenario by its pack's id and its own.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PathStep {
    pub pack: String,
    pub scenario: String,
}

impl PackIndex {
    /// The path with this id.
    pub fn path(&self, id: &str) -> Option<&LearningPath> {
        self.paths.iter().find(|p| p.id == id)
    }
}

fn p(path: &str, message: impl Into<String>) -> Problem {
    Problem {
        path: path.into(),
        message: message.into(),
    }
}

fn kebab(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A field that must be a string with something in it; the string when it is one.
fn text(o: &Map<String, Value>, key: &str, at: &str, out: &mut Vec<Problem>) -> Option<String> {
    match o.get(key) {
        None => out.push(p(at, format!("\"{key}\" is required"))),
        Some(Value::String(s)) if s.trim().is_empty() => {
            out.push(p(&format!("{at}.{key}"), "must not be empty"))
        }
        Some(Value::String(s)) => return Some(s.clone()),
        Some(_) => out.push(p(&format!("{at}.{key}"), "must be a string")),
    }
    None
}

fn unknown_fields(o: &Map<String, Value>, known: &[&str], at: &str, out: &mut Vec<Problem>) {
    for k in o.keys().filter(|k| !known.contains(&k.as_str())) {
        out.push(p(&format!("{at}.{k}"), "unknown field"));
    }
}

/// The index, or every problem in it that can be found without the packs: its shape, the pack
/// file names, path ids (kebab-case, unique), titles and summaries, and each path's steps (at
/// least one, each a pack and a scenario, none twice).
pub fn read_index(value: &Value) -> Result<PackIndex, Vec<Problem>> {
    let mut out = vec![];
    let Some(o) = value.as_object() else {
        return Err(vec![p("$", "the index must be a JSON object")]);
    };
    unknown_fields(o, &["schema_version", "packs", "paths"], "$", &mut out);
    if o.get("schema_version") != Some(&Value::from(1)) {
        out.push(p("$.schema_version", "must be 1"));
    }
    match o.get("packs") {
        Some(Value::Array(files)) if !files.is_empty() => {
            let mut seen = vec![];
            for (i, f) in files.iter().enumerate() {
                let at = format!("$.packs[{i}]");
                match f.as_str() {
                    Some(name) if name.ends_with(".json") && kebab(&name[..name.len() - 5]) => {
                        if seen.contains(&name) {
                            out.push(p(&at, format!("\"{name}\" is listed twice")));
                        }
                        seen.push(name);
                    }
                    Some(name) => out.push(p(
                        &at,
                        format!("\"{name}\" must be a pack file name, <pack-id>.json"),
                    )),
                    None => out.push(p(&at, "must be a pack file name")),
                }
            }
        }
        Some(Value::Array(_)) => out.push(p("$.packs", "must list at least one pack")),
        Some(_) => out.push(p("$.packs", "must be a list of pack file names")),
        None => out.push(p("$", "\"packs\" is required")),
    }
    match o.get("paths") {
        None => {}
        Some(Value::Array(paths)) => {
            let mut ids = vec![];
            for (i, path) in paths.iter().enumerate() {
                check_path(path, &format!("$.paths[{i}]"), &mut ids, &mut out);
            }
        }
        Some(_) => out.push(p("$.paths", "must be a list of learning paths")),
    }
    if !out.is_empty() {
        return Err(out);
    }
    PackIndex::deserialize(value).map_err(|e| vec![p("$", format!("cannot be read: {e}"))])
}

fn check_path(path: &Value, at: &str, ids: &mut Vec<String>, out: &mut Vec<Problem>) {
    let Some(o) = path.as_object() else {
        out.push(p(at, "must be an object with id, title, summary and steps"));
        return;
    };
    unknown_fields(
        o,
        &[
            "id",
            "title",
            "summary",
            "rising_difficulty",
            "steps",
            "plan",
        ],
        at,
        out,
    );
    if let Some(id) = text(o, "id", at, out) {
        if !kebab(&id) {
            out.push(p(
                &format!("{at}.id"),
                format!("\"{id}\" must be lowercase letters, digits and dashes"),
            ));
        } else if ids.contains(&id) {
            out.push(p(
                &format!("{at}.id"),
                format!("\"{id}\" is the id of an earlier path"),
            ));
        }
        ids.push(id);
    }
    text(o, "title", at, out);
    text(o, "summary", at, out);
    if let Some(v) = o.get("rising_difficulty") {
        if !v.is_boolean() {
            out.push(p(
                &format!("{at}.rising_difficulty"),
                "must be true or false",
            ));
        }
    }
    let steps = match o.get("steps") {
        Some(Value::Array(steps)) if !steps.is_empty() => steps,
        Some(Value::Array(_)) => {
            out.push(p(&format!("{at}.steps"), "a path needs at least one step"));
            return;
        }
        Some(_) => {
            out.push(p(&format!("{at}.steps"), "must be a list of steps"));
            return;
        }
        None => {
            out.push(p(at, "\"steps\" is required"));
            return;
        }
    };
    let mut seen: Vec<(String, String)> = vec![];
    if let Some(plan) = o.get("plan") {
        let ids: Vec<&str> = steps
            .iter()
            .filter_map(|s| s.get("scenario")?.as_str())
            .collect();
        check_plan(plan, &format!("{at}.plan"), &ids, out);
    }
    for (i, step) in steps.iter().enumerate() {
        let at = format!("{at}.steps[{i}]");
        let Some(s) = step.as_object() else {
            out.push(p(&at, "must be an object {\"pack\", \"scenario\"}"));
            continue;
        };
        unknown_fields(s, &["pack", "scenario"], &at, out);
        if let (Some(pack), Some(scenario)) =
            (text(s, "pack", &at, out), text(s, "scenario", &at, out))
        {
            let key = (pack, scenario);
            if seen.contains(&key) {
                out.push(p(
                    &format!("{at}.scenario"),
                    format!("\"{}\" is already an earlier step of this path", key.1),
                ));
            }
            seen.push(key);
        }
    }
}

/// A path's `plan` at `at`: blocks of whole minutes adding up to [`PLAN_MINUTES`], each either a
/// step (`scenario`, the path's steps each once and in the path's order) or an `activity`, and
/// each saying what it `teaches`.
fn check_plan(plan: &Value, at: &str, steps: &[&str], out: &mut Vec<Problem>) {
    let Some(blocks) = plan.as_array().filter(|b| !b.is_empty()) else {
        return out.push(p(
            at,
            "must be a list of blocks {minutes, scenario or activity, teaches}",
        ));
    };
    let (mut total, mut played) = (0u64, vec![]);
    for (i, b) in blocks.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let Some(o) = b.as_object() else {
            out.push(p(
                &at,
                "must be an object {minutes, scenario or activity, teaches}",
            ));
            continue;
        };
        unknown_fields(o, &["minutes", "scenario", "activity", "teaches"], &at, out);
        match o.get("minutes").and_then(Value::as_u64) {
            Some(m) if (1..=u64::from(PLAN_MINUTES)).contains(&m) => total += m,
            _ => out.push(p(
                &format!("{at}.minutes"),
                format!("must be a whole number of minutes from 1 to {PLAN_MINUTES}"),
            )),
        }
        text(o, "teaches", &at, out);
        match (o.contains_key("scenario"), o.contains_key("activity")) {
            (true, true) => out.push(p(
                &at,
                "has both \"scenario\" and \"activity\"; a block is one or the other",
            )),
            (false, false) => out.push(p(
                &at,
                "needs \"scenario\" (a step of the path) or \"activity\"",
            )),
            (false, true) => {
                text(o, "activity", &at, out);
            }
            (true, false) => {
                if let Some(id) = text(o, "scenario", &at, out) {
                    if !steps.contains(&id.as_str()) {
                        out.push(p(
                            &format!("{at}.scenario"),
                            format!("\"{id}\" is not a step of this path"),
                        ));
                    } else {
                        played.push(id);
                    }
                }
            }
        }
    }
    if total != u64::from(PLAN_MINUTES) && !out.iter().any(|x| x.path.starts_with(at)) {
        out.push(p(
            at,
            format!("adds up to {total} minutes; a plan fills {PLAN_MINUTES}"),
        ));
    }
    if played.len()
        == blocks
            .iter()
            .filter(|b| b.get("scenario").is_some())
            .count()
        && played.iter().map(String::as_str).ne(steps.iter().copied())
    {
        out.push(p(
            at,
            "must play every step of the path once, in the path's order",
        ));
    }
}

/// The problems of the paths' references against the packs: a pack or scenario that does not
/// exist, and, on a path with `rising_difficulty`, a step easier than the one before it.
pub fn check_paths(index: &PackIndex, packs: &[Pack]) -> Vec<Problem> {
    let mut out = vec![];
    for (i, path) in index.paths.iter().enumerate() {
        let mut last: Option<(Difficulty, &str)> = None;
        for (j, step) in path.steps.iter().enumerate() {
            let at = format!("$.paths[{i}].steps[{j}]");
            let Some(pack) = packs.iter().find(|pk| pk.id == step.pack) else {
                out.push(p(
                    &format!("{at}.pack"),
                    format!("there is no pack \"{}\" in the index", step.pack),
                ));
                continue;
            };
            let Some(scenario) = pack.scenarios.iter().find(|s| s.id == step.scenario) else {
                out.push(p(
                    &format!("{at}.scenario"),
                    format!(
                        "the pack \"{}\" has no scenario \"{}\"",
                        step.pack, step.scenario
                    ),
                ));
                continue;
            };
            if let Some((before, id)) = last {
                if path.rising_difficulty && scenario.difficulty < before {
                    out.push(p(
                        &at,
                        format!(
                            "\"{}\" is {} after \"{id}\", which is {}; the path says its difficulty rises",
                            step.scenario,
                            name(scenario.difficulty),
                            name(before)
                        ),
                    ));
                }
            }
            last = Some((scenario.difficulty, &scenario.id));
        }
    }
    out
}

fn name(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "easy",
        Difficulty::Medium => "medium",
        Difficulty::Hard => "hard",
    }
}

/// The whole check of an index: [`read_index`], then every pack it lists, read through `load`
/// (by file name, as are scenario files the packs name) and checked like `faultline check
/// PACK.json` does (its problems prefixed with the file name), scenario ids unique across the
/// packs, then [`check_paths`]. The packs that passed come back with the problems.
pub fn check_index(
    value: &Value,
    load: &dyn Fn(&str) -> Result<Value, String>,
) -> (Option<PackIndex>, Vec<Pack>, Vec<Problem>) {
    let index = match read_index(value) {
        Ok(index) => index,
        Err(problems) => return (None, vec![], problems),
    };
    let mut out = vec![];
    let mut packs = vec![];
    for (i, file) in index.packs.iter().enumerate() {
        let at = format!("$.packs[{i}]");
        let value = match load(file) {
            Ok(v) => v,
            Err(e) => {
                out.push(p(&at, e));
                continue;
            }
        };
        match read_pack(&value, load) {
            Ok(pack) => {
                if format!("{}.json", pack.id) != *file {
                    out.push(p(
                        &at,
                        format!(
                            "\"{file}\" holds the pack \"{}\"; name it {}.json",
                            pack.id, pack.id
                        ),
                    ));
                }
                packs.push(pack);
            }
            Err(problems) => out.extend(problems.into_iter().map(|pr| Problem {
                path: format!("{file}: {}", pr.path),
                message: pr.message,
            })),
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for pack in &packs {
        for s in &pack.scenarios {
            if let Some(first) = seen.insert(s.id.clone(), pack.id.clone()) {
                out.push(p(
                    &format!("{}.json", pack.id),
                    format!(
                        "the scenario id \"{}\" is also in the pack \"{first}\"",
                        s.id
                    ),
                ));
            }
        }
    }
    // A path step into a pack that failed its own check is reported as that pack's problem only.
    let broken = |pack: &str| {
        index
            .packs
            .iter()
            .any(|f| f.strip_suffix(".json") == Some(pack))
            && !packs.iter().any(|pk| pk.id == pack)
    };
    out.extend(check_paths(&index, &packs).into_iter().filter(|pr| {
        let step = indices(&pr.path).and_then(|(i, j)| index.paths.get(i)?.steps.get(j));
        !step.is_some_and(|s| broken(&s.pack))
    }));
    (Some(index), packs, out)
}

/// `(path, step)` from `$.paths[i].steps[j]…`.
fn indices(path: &str) -> Option<(usize, usize)> {
    let rest = path.strip_prefix("$.paths[")?;
    let (i, rest) = rest.split_once(']')?;
    let rest = rest.strip_prefix(".steps[")?;
    let (j, _) = rest.split_once(']')?;
    Some((i.parse().ok()?, j.parse().ok()?))
}
