//! `faultline solve`: the solver over generated puzzles (`--count N`), or over one Evidence JSON
//! (`--evidence FILE`, `-` for stdin), printed as the verdict's JSON.

use crate::{fail, json, num, opts, Res};
use faultline_engine as fe;
use std::io::Read;

const USAGE: &str =
    "usage: faultline solve --evidence FILE|- | faultline solve [--count N] [--seed N] [--difficulty D] [--investigate [--jobs N]]";

pub fn solve(rest: &[String]) -> Res {
    let o = opts(
        rest,
        &["count", "seed", "difficulty", "evidence", "jobs"],
        &["investigate"],
    )?;
    let mut count = 1000u64;
    let mut seed = 1u64;
    let mut diff = None;
    let mut evidence = None;
    // Threads for `--investigate` (the output is the same for any number).
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    for (k, v) in &o {
        match k.as_str() {
            "count" => count = num("count", v)?,
            "seed" => seed = num("seed", v)?,
            "difficulty" => {
                diff = Some(
                    fe::Difficulty::parse(v)
                        .ok_or_else(|| fail(format!("unknown difficulty \"{v}\"")))?,
                )
            }
            "evidence" => evidence = Some(v.clone()),
            "jobs" => jobs = num("jobs", v)?,
            _ => {}
        }
    }
    if let Some(file) = evidence {
        if o.iter().any(|(k, _)| k != "evidence") {
            return Err(fail(format!("--evidence takes no other option; {USAGE}")));
        }
        let ev = read_evidence(&file).map_err(fail)?;
        return Ok(json(&fe::solve(&ev)));
    }
    if o.iter().any(|(k, _)| k == "investigate") {
        return crate::cli_probe::solve_investigate(count, seed, diff, jobs);
    }
    if o.iter().any(|(k, _)| k == "jobs") {
        return Err(fail(format!("--jobs goes with --investigate; {USAGE}")));
    }
    generated(count, seed, diff)
}

/// Reads an Evidence JSON: the evidence itself, or anything that holds it in an `evidence` field
/// (a trace, a puzzle view), so `faultline trace --format json` can be piped in.
fn read_evidence(file: &str) -> Result<fe::Evidence, String> {
    let limit = fe::scenario::MAX_PACK_BYTES * 4;
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file)
            .map_err(|e| format!("cannot read {file}: {e}"))?
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
    };
    let name = if file == "-" { "stdin" } else { file };
    read.map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() > limit {
        return Err(format!("{name} is too large: the limit is {limit} bytes"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{name} is not valid JSON: {e}"))?;
    if let Some(inner) = v.get_mut("evidence") {
        v = inner.take();
    } else if let Some(inner) = v.get_mut("view").and_then(|w| w.get_mut("evidence")) {
        v = inner.take();
    }
    serde_json::from_value(v).map_err(|e| format!("{name} is not an Evidence JSON: {e}"))
}

/// Solves `count` generated puzzles from `seed` on. A verdict for the wrong layer, or a tie, is
/// a failure; an ambiguous verdict is counted and reported (the evidence did not decide).
fn generated(count: u64, seed: u64, diff: Option<fe::Difficulty>) -> Res {
    let (mut ok, mut ambiguous, mut wrong) = (0u64, 0u64, 0u64);
    let mut bad = String::new();
    for i in 0..count {
        let s = seed.wrapping_add(i);
        let (layer, flow, fault, ev) = fe::puzzle::generate_case(s, diff, None);
        let v = fe::solve(&ev);
        let listed = bad.lines().count() < 20;
        if v.layer == Some(layer) && !v.ambiguous {
            ok += 1;
            continue;
        }
        if v.ambiguous && v.contested.is_empty() {
            ambiguous += 1;
            if listed {
                bad.push_str(&format!(
                    "seed {s}: {fault} in {flow}: ambiguous: {}\n",
                    v.reasons.join("; ")
                ));
            }
            continue;
        }
        wrong += 1;
        if listed {
            let said = match v.layer {
                Some(l) => l.id().to_string(),
                None => format!("a tie between {:?}", v.contested),
            };
            bad.push_str(&format!(
                "seed {s}: {fault} in {flow}: expected {layer}, solver said {said}\n"
            ));
        }
    }
    let line = format!("{bad}solved {ok}/{count} (ambiguous {ambiguous})\n");
    if wrong == 0 {
        Ok(line)
    } else {
        Err((format!("{wrong} puzzle(s) solved wrong"), line))
    }
}
