//! `faultline difficulty INDEX.json|PACK.json [--json]`: each scenario's inference steps (the
//! measure in `difficulty.rs`), the rating that measure gives and the rating the file holds, pack
//! by pack in file order. `scripts/rate-scenarios.mjs` reads the `--json` form to re-rate and
//! reorder the pack files.

use crate::{fail, json, loader, read_limited, Res};
use faultline_engine as fe;
use fe::difficulty::{self, Rated};
use fe::Difficulty;
use serde::Serialize;
use std::path::Path;

const USAGE: &str = "usage: faultline difficulty INDEX.json|PACK.json [--json]";

/// One pack's report, as `--json` prints it.
#[derive(Serialize)]
struct PackReport {
    pack: String,
    /// The file as the index names it (the pack's own file when one pack was given).
    file: String,
    /// False when a scenario comes before an easier one in the file.
    in_order: bool,
    scenarios: Vec<Rated>,
}

pub fn difficulty(rest: &[String]) -> Res {
    let (files, as_json): (Vec<&String>, Vec<&String>) =
        rest.iter().partition(|a| !a.starts_with("--"));
    if files.len() != 1 || as_json.iter().any(|a| *a != "--json") {
        return Err(fail(USAGE));
    }
    let name = files[0];
    let p = Path::new(name);
    let text = read_limited(p).map_err(|e| fail(format!("cannot read {name}: {e}")))?;
    let v = fe::parse_pack(&text).map_err(|e| fail(format!("{name}: {}", e.message)))?;
    let load = loader(p);
    let listed: Vec<(String, fe::Pack)> =
        if v.get("packs").is_some() && v.get("scenarios").is_none() {
            let (_, packs, problems) = fe::pack::check_index(&v, &load);
            if !problems.is_empty() {
                let out: String = problems.iter().map(|p| format!("{p}\n")).collect();
                return Err((format!("{} problem(s) in {name}", problems.len()), out));
            }
            packs
                .into_iter()
                .map(|p| (format!("{}.json", p.id), p))
                .collect()
        } else {
            let pack = fe::read_pack(&v, &load).map_err(|probs| {
                let out: String = probs.iter().map(|p| format!("{p}\n")).collect();
                (format!("{} problem(s) in {name}", probs.len()), out)
            })?;
            let file = p
                .file_name()
                .map_or_else(|| name.clone(), |f| f.to_string_lossy().into_owned());
            vec![(file, pack)]
        };
    let mut reports = vec![];
    for (file, pack) in listed {
        let scenarios = difficulty::rate_pack(&pack).map_err(|e| fail(format!("{file}: {e}")))?;
        reports.push(PackReport {
            pack: pack.id.clone(),
            file,
            in_order: difficulty::in_order(&pack),
            scenarios,
        });
    }
    if !as_json.is_empty() {
        return Ok(json(&reports));
    }
    Ok(text_report(&reports))
}

fn word(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "easy",
        Difficulty::Medium => "medium",
        Difficulty::Hard => "hard",
    }
}

fn text_report(reports: &[PackReport]) -> String {
    let mut out = String::new();
    let (mut total, mut reasoned, mut unexplained, mut unordered) = (0, 0, 0, 0);
    for r in reports {
        out.push_str(&format!(
            "{}{}\n",
            r.file,
            if r.in_order {
                ""
            } else {
                "  (not in easy → hard order)"
            }
        ));
        unordered += usize::from(!r.in_order);
        for s in &r.scenarios {
            total += 1;
            let mark = match (s.rating == s.measured, &s.reason) {
                (true, _) => " ",
                (false, Some(_)) => {
                    reasoned += 1;
                    "*"
                }
                (false, None) => {
                    unexplained += 1;
                    "!"
                }
            };
            out.push_str(&format!(
                "  {mark}{:<6} {} steps → {:<6} {}\n",
                word(s.rating),
                s.steps.len(),
                word(s.measured),
                s.id
            ));
            for step in &s.steps {
                out.push_str(&format!("        - {}\n", step.detail));
            }
            if let (false, Some(why)) = (s.rating == s.measured, &s.reason) {
                out.push_str(&format!(
                    "        rated {} because: {why}\n",
                    word(s.rating)
                ));
            }
        }
    }
    out.push_str(&format!(
        "{total} scenarios: {} rated as measured, {reasoned} rated otherwise with a reason (*), \
         {unexplained} rated otherwise without one (!); {unordered} pack file(s) out of order\n",
        total - reasoned - unexplained
    ));
    out
}
