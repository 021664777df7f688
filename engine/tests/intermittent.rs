//! Reproducing a fault that fails only now and then (`Reach::NowAndThen`: one broken instance
//! behind the gateway's round robin, a keep-alive race on a reused connection, a deadlock with a
//! batch job): a real rerun sometimes gets through. The reproduction makes the call again a few
//! times, each run its own (its own trace id, later than the ticket), and shows the mix the
//! world's rule gives, deterministically.

mod common;

use common::all_cases;
use faultline_engine::faults::{reach, Reach};
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::runtime::Runtime;
use faultline_engine::*;

/// Every run of a now-and-then fault whose reporter makes the call, from every runtime.
fn intermittent_runs() -> Vec<(String, Investigation)> {
    let mut out = vec![];
    for (f, fl) in all_cases() {
        if reach(&f) != Some(Reach::NowAndThen) {
            continue;
        }
        for rt in Runtime::ALL {
            for seed in [1, 7, 1807] {
                let spec = RunSpec {
                    flow: Some(fl.clone()),
                    faults: vec![FaultSpec::new(&f)],
                    seed,
                    call: None,
                    client: Some(rt.id().into()),
                };
                if let Ok(inv) = Investigation::new(&spec) {
                    let calls = inv
                        .evidence()
                        .exchanges
                        .iter()
                        .any(|x| x.from == Layer::Client);
                    if calls {
                        out.push((format!("{f} on {fl} from {} seed {seed}", rt.id()), inv));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn a_rerun_of_an_intermittent_fault_sometimes_gets_through() {
    let runs = intermittent_runs();
    assert!(runs.len() >= 30, "{} runs", runs.len());
    let mut bad = vec![];
    for (case, inv) in &runs {
        let ev = inv.evidence();
        let out = inv.run(Probe::Reproduce).output;
        // What the ticket quotes first; then the runs made again.
        let Some(again) = out.strip_prefix(ev.outcome.trim_end()) else {
            bad.push(format!("{case}: the ticket's words do not come first"));
            continue;
        };
        let failed = ev
            .exchanges
            .iter()
            .rfind(|x| x.from == Layer::Client)
            .and_then(|x| x.response.as_ref())
            .map(|r| r.status.to_string())
            .unwrap_or_default();
        if failed.is_empty() || !again.contains(&failed) {
            bad.push(format!("{case}: no rerun fails with the ticket's {failed}"));
        }
        let through = |l: &str| {
            l.starts_with("200 ")
                || l.starts_with("201 ")
                || ["200 OK", "201 Created", "status: 200", "status: 201"]
                    .iter()
                    .any(|ok| l.contains(ok))
        };
        if !again.lines().any(through) {
            bad.push(format!("{case}: every rerun fails:\n{again}"));
        }
        // Each rerun is a request of its own, not the traced one again.
        if again.contains(&ev.trace_id) {
            bad.push(format!("{case}: a rerun carries the ticket's trace id"));
        }
        if inv.run(Probe::Reproduce).output != out {
            bad.push(format!("{case}: not deterministic"));
        }
    }
    assert!(bad.is_empty(), "{}:\n{}", bad.len(), bad.join("\n"));
}

/// The curl reporter's loop: the same command, its first line each time, five more runs.
#[test]
fn the_curl_reporters_reruns_run_in_a_shell_loop() {
    let inv = Investigation::new(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new("upstream-keepalive-race")],
        seed: 7,
        client: Some("curl".into()),
        ..Default::default()
    })
    .unwrap();
    let out = inv.run(Probe::Reproduce).output;
    let at = out
        .find("$ for i in $(seq 5); do curl -sS -i ")
        .expect(&out);
    let lines: Vec<&str> = out[at..]
        .lines()
        .skip_while(|l| !l.ends_with("| head -n 1; sleep 1; done"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines.iter().all(|l| l.starts_with("HTTP/1.1 ")), "{out}");
}
