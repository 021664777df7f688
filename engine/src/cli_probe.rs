//! `faultline probes` (the toolbox) and `faultline investigate` (probes run on one puzzle).

use crate::{add_param, fail, json, num, opts, Res};
use faultline_engine as fe;
use fe::probe::{Investigation, Probe};

const USAGE: &str = "usage: faultline investigate [--flow F] --fault X [--seed N] [--client C] [--param k=v] (--probe P [--probe Q …] | --expert) [--format text|json]";

pub fn probes(rest: &[String]) -> Res {
    let o = opts(rest, &[], &["json"])?;
    let all = fe::probe::probes();
    if o.iter().any(|(k, _)| k == "json") {
        return Ok(json(&all));
    }
    Ok(all
        .iter()
        .map(|p| {
            format!(
                "{:<22} {:<12} {:>3} min  {}\n",
                p.id.id(),
                p.layer.id(),
                p.minutes,
                p.label
            )
        })
        .collect())
}

pub fn investigate(rest: &[String]) -> Res {
    let o = opts(
        rest,
        &[
            "flow", "fault", "seed", "client", "param", "probe", "format",
        ],
        &["expert"],
    )?;
    let mut spec = fe::RunSpec::default();
    let mut probes = vec![];
    let mut expert = false;
    let mut format = "text".to_string();
    for (k, v) in &o {
        match k.as_str() {
            "flow" => spec.flow = Some(v.clone()),
            "fault" => spec.faults.extend(v.split(',').map(fe::FaultSpec::new)),
            "seed" => spec.seed = num("seed", v)?,
            "client" => spec.client = Some(v.clone()),
            "param" => add_param(&mut spec.faults, v)?,
            "format" => format = v.clone(),
            "expert" => expert = true,
            "probe" => probes.push(Probe::parse(v).ok_or_else(|| {
                let ids: Vec<&str> = Probe::ALL.iter().map(|p| p.id()).collect();
                fail(format!(
                    "unknown probe \"{v}\" (one of {}; `faultline probes` lists them)",
                    ids.join(", ")
                ))
            })?),
            _ => {}
        }
    }
    if spec.faults.is_empty() {
        return Err(fail(format!("investigate needs --fault ID; {USAGE}")));
    }
    if probes.is_empty() != expert {
        return Err(fail(format!(
            "give --probe P (one or more) or --expert; {USAGE}"
        )));
    }
    if !["text", "json"].contains(&format.as_str()) {
        return Err(fail(format!("unknown format \"{format}\" (text or json)")));
    }
    let inv = Investigation::new(&spec).map_err(|e| fail(e.to_string()))?;
    if expert {
        match inv.expert_path() {
            Some(p) => probes = p.probes,
            None => {
                return Err(fail(
                    "the solver cannot settle this run even with every probe: no expert path",
                ))
            }
        }
    }
    let results: Vec<_> = probes.iter().map(|&p| inv.run(p)).collect();
    if format == "json" {
        return Ok(json(&results));
    }
    let mut out = String::new();
    for r in &results {
        out.push_str(&format!(
            "== {} ({} min) ==\n$ {}\n{}\n",
            r.probe.id(),
            r.minutes,
            r.command,
            r.output.trim_end()
        ));
        out.push('\n');
    }
    let total: u32 = results.iter().map(|r| r.minutes).sum();
    out.push_str(&format!("{} probe(s), {total} min\n", results.len()));
    Ok(out)
}

/// What one generated case gave `solve --investigate`: its expert path's length and minutes, or
/// the line that says why it has none.
type Outcome = Result<(u64, u64), String>;

fn investigate_case(s: u64, diff: Option<fe::Difficulty>) -> Result<Outcome, (String, String)> {
    let inv =
        Investigation::generated(s, diff, None).map_err(|e| fail(format!("seed {s}: {e}")))?;
    Ok(match inv.expert_path() {
        Some(p) => Ok((p.probes.len() as u64, u64::from(p.minutes))),
        None => {
            let a = &inv.trace().answer;
            Err(format!(
                "seed {s}: {} in {}: no expert path\n",
                a.fault_id,
                inv.spec().flow.as_deref().unwrap_or("")
            ))
        }
    })
}

/// `solve --investigate`: the expert path of every generated case; solved = the solver settles
/// the right layer from the path's probes alone. The cases are shared out over `jobs` threads in
/// contiguous runs of seeds and read back in seed order, so the output does not depend on `jobs`.
pub fn solve_investigate(count: u64, seed: u64, diff: Option<fe::Difficulty>, jobs: u64) -> Res {
    let jobs = jobs.clamp(1, count.max(1));
    let per = count.div_ceil(jobs);
    let chunks: Vec<Result<Vec<Outcome>, (String, String)>> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..jobs)
            .map(|j| {
                sc.spawn(move || {
                    (j * per..((j + 1) * per).min(count))
                        .map(|i| investigate_case(seed.wrapping_add(i), diff))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a solving thread panicked"))
            .collect()
    });
    let (mut ok, mut probes, mut minutes) = (0u64, 0u64, 0u64);
    let mut bad = String::new();
    for chunk in chunks {
        for outcome in chunk? {
            match outcome {
                Ok((n, m)) => {
                    ok += 1;
                    probes += n;
                    minutes += m;
                }
                Err(line) if bad.lines().count() < 20 => bad.push_str(&line),
                Err(_) => {}
            }
        }
    }
    let mean = |n: u64| {
        if ok == 0 {
            0.0
        } else {
            n as f64 / ok as f64
        }
    };
    Ok(format!(
        "{bad}solved {ok}/{count}; expert paths: mean {:.2} probes, {:.1} min\n",
        mean(probes),
        mean(minutes)
    ))
}
