//! `faultline` CLI: catalogue, traces, pack checks and the solver run. All I/O lives here.

use faultline_engine as fe;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

mod cli_difficulty;
mod cli_grade;
mod cli_index;
mod cli_probe;
mod cli_solve;

const USAGE: &str =
    "usage: faultline <flows|faults|cascades|trace|check|difficulty|solve|puzzle|share|grade|probes|investigate> [options]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err((msg, out)) => {
            print!("{out}");
            eprintln!("faultline: {msg}");
            ExitCode::FAILURE
        }
    }
}

type Res = Result<String, (String, String)>;

fn fail(msg: impl Into<String>) -> (String, String) {
    (msg.into(), String::new())
}

/// Parses `--name value` pairs; `flags` lists options without a value.
fn opts(
    args: &[String],
    allowed: &[&str],
    flags: &[&str],
) -> Result<Vec<(String, String)>, (String, String)> {
    let mut out = vec![];
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let Some(name) = a.strip_prefix("--") else {
            return Err(fail(format!("unexpected argument \"{a}\"")));
        };
        if flags.contains(&name) {
            out.push((name.to_string(), String::new()));
            i += 1;
            continue;
        }
        if !allowed.contains(&name) {
            return Err(fail(format!("unknown option \"--{name}\"")));
        }
        let Some(v) = args.get(i + 1) else {
            return Err(fail(format!("option --{name} needs a value")));
        };
        out.push((name.to_string(), v.clone()));
        i += 2;
    }
    Ok(out)
}

/// Reads the packs (or scenario files) a pack or index at `p` names, from the folder it is in.
fn loader(p: &Path) -> impl Fn(&str) -> Result<serde_json::Value, String> {
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    move |name: &str| {
        let t = scenario_file(&dir, name)
            .and_then(|path| read_limited(&path).map_err(|e| format!("cannot read {name}: {e}")))?;
        fe::parse_pack(&t).map_err(|e| {
            if e.message.starts_with("not valid JSON") {
                format!("{name} is {}", e.message)
            } else {
                format!("{name}: {}", e.message)
            }
        })
    }
}

fn num(name: &str, v: &str) -> Result<u64, (String, String)> {
    v.parse().map_err(|_| {
        fail(format!(
            "--{name} must be a non-negative integer, got \"{v}\""
        ))
    })
}

/// `--param name=value` for the first fault given so far; integers stay numbers.
fn add_param(faults: &mut [fe::FaultSpec], v: &str) -> Result<(), (String, String)> {
    let Some((pk, pv)) = v.split_once('=') else {
        return Err(fail(format!("--param must be name=value, got \"{v}\"")));
    };
    let Some(f) = faults.first_mut() else {
        return Err(fail("--param needs a --fault before it"));
    };
    let val = pv
        .parse::<i64>()
        .map(serde_json::Value::from)
        .unwrap_or_else(|_| serde_json::Value::from(pv));
    f.params.insert(pk.to_string(), val);
    Ok(())
}

/// Reads a text file of at most a pack's size limit. The limit is enforced while reading (at most
/// one byte past it is read), so a device or a file that reports no size cannot run away; a
/// leading UTF-8 byte-order mark is dropped, as the app does.
fn read_limited(p: &Path) -> Result<String, String> {
    let limit = fe::scenario::MAX_PACK_BYTES;
    let file = std::fs::File::open(p).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() > limit {
        return Err(format!("it is too large: the limit is {limit} bytes"));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Where a scenario file named in a pack lives: only inside the pack's folder. Absolute names,
/// `..` and links that lead out are refused, so a pack cannot make `check` read other files.
fn scenario_file(folder: &Path, name: &str) -> Result<PathBuf, String> {
    let relative = Path::new(name);
    if name.is_empty() {
        return Err("the scenario file name is empty".into());
    }
    if relative.has_root() || relative.is_absolute() {
        return Err(format!(
            "\"{name}\" is an absolute path; name a scenario file inside the pack's folder"
        ));
    }
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(format!(
            "\"{name}\" goes up with \"..\"; name a scenario file inside the pack's folder"
        ));
    }
    let folder = folder
        .canonicalize()
        .map_err(|e| format!("cannot open the pack's folder: {e}"))?;
    let path = folder
        .join(relative)
        .canonicalize()
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if !path.starts_with(&folder) {
        return Err(format!(
            "\"{name}\" leads outside the pack's folder (through a link); name a scenario file \
             inside it"
        ));
    }
    Ok(path)
}

fn json(v: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

fn run(args: &[String]) -> Res {
    let Some(cmd) = args.first() else {
        return Err(fail(USAGE));
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "flows" => {
            let o = opts(rest, &[], &["json"])?;
            let fl = fe::flows();
            if o.iter().any(|(k, _)| k == "json") {
                return Ok(json(&fl));
            }
            Ok(fl
                .iter()
                .map(|f| format!("{:<12} {}\n", f.id, f.title))
                .collect())
        }
        "faults" => {
            let o = opts(rest, &[], &["json"])?;
            let fs = fe::faults();
            if o.iter().any(|(k, _)| k == "json") {
                return Ok(json(&fs));
            }
            Ok(fs
                .iter()
                .map(|f| {
                    format!(
                        "{:<30} {:<12} {:<40} {}\n",
                        f.id,
                        f.layer.id(),
                        f.title,
                        f.flows
                            .iter()
                            .map(|fl| fl.id())
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                })
                .collect())
        }
        "trace" => {
            let o = opts(
                rest,
                &[
                    "flow", "fault", "seed", "format", "param", "method", "path", "client",
                ],
                &[],
            )?;
            let mut spec = fe::RunSpec::default();
            let mut format = "text".to_string();
            let (mut method, mut path) = (None, None);
            for (k, v) in &o {
                match k.as_str() {
                    "flow" => spec.flow = Some(v.clone()),
                    "fault" => spec.faults.extend(v.split(',').map(fe::FaultSpec::new)),
                    "seed" => spec.seed = num("seed", v)?,
                    "format" => format = v.clone(),
                    "method" => method = Some(v.clone()),
                    "path" => path = Some(v.clone()),
                    "client" => spec.client = Some(v.clone()),
                    "param" => add_param(&mut spec.faults, v)?,
                    _ => {}
                }
            }
            if method.is_some() || path.is_some() {
                spec.call = Some(fe::CallSpec {
                    method: method.unwrap_or_else(|| "GET".into()),
                    path: path.unwrap_or_else(|| "/v2/customers/12345".into()),
                });
            }
            if !["text", "json", "har"].contains(&format.as_str()) {
                return Err(fail(format!(
                    "unknown format \"{format}\" (text, json or har)"
                )));
            }
            let t = fe::simulate(&spec).map_err(|e| fail(e.to_string()))?;
            Ok(match format.as_str() {
                "json" => json(&t),
                "har" => json(&fe::har(&t.evidence)),
                _ => fe::render_text(&t.evidence),
            })
        }
        "check" => {
            if rest.len() != 1 || rest[0].starts_with("--") {
                return Err(fail(
                    "usage: faultline check PACK.json (or the packs' index.json)",
                ));
            }
            let p = Path::new(&rest[0]);
            let text =
                read_limited(p).map_err(|e| fail(format!("cannot read {}: {e}", rest[0])))?;
            let v =
                fe::parse_pack(&text).map_err(|e| fail(format!("{}: {}", rest[0], e.message)))?;
            let load = loader(p);
            // The index (a "packs" list, no scenarios): every pack it lists, and its paths.
            if v.get("packs").is_some() && v.get("scenarios").is_none() {
                return cli_index::check(&rest[0], &v, &load);
            }
            let probs = match fe::read_pack(&v, &load) {
                Ok(pack) => {
                    // The solver does not limit content: what it cannot settle is a warning.
                    let warnings = fe::solvability::warnings(&pack);
                    let mut out: String =
                        warnings.iter().map(|w| format!("warning: {w}\n")).collect();
                    out.push_str(&match warnings.len() {
                        0 => format!("{}: ok\n", rest[0]),
                        n => format!("{}: ok, {n} warning(s)\n", rest[0]),
                    });
                    return Ok(out);
                }
                Err(probs) => probs,
            };
            let out: String = probs.iter().map(|p| format!("{p}\n")).collect();
            Err((format!("{} problem(s) in {}", probs.len(), rest[0]), out))
        }
        "difficulty" => cli_difficulty::difficulty(rest),
        "solve" => cli_solve::solve(rest),
        "probes" => cli_probe::probes(rest),
        "investigate" => cli_probe::investigate(rest),
        "puzzle" => {
            let o = opts(rest, &["seed", "difficulty", "topic"], &[])?;
            let mut seed = 1;
            let mut diff = None;
            let mut topic = None;
            for (k, v) in &o {
                match k.as_str() {
                    "seed" => seed = num("seed", v)?,
                    "difficulty" => {
                        diff = Some(
                            fe::Difficulty::parse(v)
                                .ok_or_else(|| fail(format!("unknown difficulty \"{v}\"")))?,
                        )
                    }
                    "topic" => topic = Some(v.clone()),
                    _ => {}
                }
            }
            if let Some(t) = &topic {
                if !fe::topics().contains(t) {
                    return Err(fail(format!("unknown topic \"{t}\"")));
                }
            }
            Ok(json(&fe::generate_puzzle(seed, diff, topic.as_deref())))
        }
        "cascades" => {
            let o = opts(rest, &[], &["json"])?;
            let cs = fe::cascades();
            if o.iter().any(|(k, _)| k == "json") {
                return Ok(json(&cs));
            }
            Ok(cs
                .iter()
                .map(|c| {
                    let ids: Vec<&str> = c.faults.iter().map(|f| f.id.as_str()).collect();
                    format!(
                        "{:<42} {:<11} {:<11} {}\n",
                        c.id,
                        c.flow,
                        c.root_layer.id(),
                        ids.join(" → ")
                    )
                })
                .collect())
        }
        "share" => share(rest),
        "grade" => cli_grade::grade(rest),
        "help" | "--help" | "-h" => Ok(format!("{USAGE}\n")),
        other => Err(fail(format!("unknown command \"{other}\"; {USAGE}"))),
    }
}

/// `share encode --flow F --fault ID[,ID2…] [--param k=v]… --seed N [--story TEXT]` and
/// `share decode LINK`.
fn share(args: &[String]) -> Res {
    const SHARE_USAGE: &str = "usage: faultline share encode --flow F --fault ID --seed N [--story TEXT] | faultline share decode LINK";
    match args.first().map(String::as_str) {
        Some("decode") => {
            let [link] = &args[1..] else {
                return Err(fail(SHARE_USAGE));
            };
            let p = fe::share::decode(link).map_err(|e| fail(e.to_string()))?;
            // stdout stays pure RunSpec JSON (pipe it into other tools); the story goes aside.
            if let Some(s) = &p.story {
                eprintln!("story: {s}");
            }
            Ok(json(&p.run))
        }
        Some("encode") => {
            let o = opts(
                &args[1..],
                &["flow", "fault", "seed", "story", "param"],
                &[],
            )?;
            let mut run = fe::RunSpec::default();
            let mut story = None;
            let mut seed = None;
            for (k, v) in &o {
                match k.as_str() {
                    "flow" => run.flow = Some(v.clone()),
                    "fault" => run.faults.extend(v.split(',').map(fe::FaultSpec::new)),
                    "seed" => seed = Some(num("seed", v)?),
                    "story" => story = Some(v.clone()),
                    "param" => add_param(&mut run.faults, v)?,
                    _ => {}
                }
            }
            let Some(seed) = seed else {
                return Err(fail("share encode needs --seed N"));
            };
            run.seed = seed;
            if run.faults.is_empty() {
                return Err(fail("share encode needs --fault ID"));
            }
            if let Some(s) = &story {
                let n = s.chars().count();
                if n > fe::share::MAX_STORY_CHARS {
                    return Err(fail(fe::share::ShareError::StoryTooLong(n).to_string()));
                }
            }
            // Only links that open: the run must simulate.
            fe::simulate(&run).map_err(|e| fail(e.to_string()))?;
            Ok(format!(
                "{}\n",
                fe::share::encode(&fe::share::SharedPuzzle {
                    run,
                    story,
                    difficulty: None,
                })
            ))
        }
        _ => Err(fail(SHARE_USAGE)),
    }
}
