//! The expert path over a fixed sample of generated puzzles: the same paths run after run (a
//! golden, so a faster search cannot quietly change par), and none shorter exists: every set of
//! fewer probes from the puzzle's toolbox, tried exhaustively, leaves the solver in doubt.
//! Re-record with `UPDATE_GOLDEN=1 cargo test -p faultline-engine --test expert_path`.

use faultline_engine::probe::{self, toolbox, Fact, Investigation, Probe};
use faultline_engine::*;

/// The sample: generated puzzles of every difficulty and topic the generator draws.
const SEEDS: std::ops::Range<u64> = 1..601;

fn sample() -> Vec<(u64, Investigation)> {
    SEEDS
        .map(|s| (s, Investigation::generated(s, None, None).unwrap()))
        .collect()
}

#[test]
fn expert_paths_match_the_golden() {
    let mut text = String::new();
    for (seed, inv) in sample() {
        let a = &inv.trace().answer;
        let path = match inv.expert_path() {
            Some(p) => format!(
                "{} ({} min)",
                p.probes
                    .iter()
                    .map(|p| p.id())
                    .collect::<Vec<_>>()
                    .join(" "),
                p.minutes
            ),
            None => "none".into(),
        };
        text.push_str(&format!(
            "{seed} {} {}: {path}\n",
            inv.evidence().flow.id(),
            a.fault_id
        ));
    }
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/expert-paths.txt");
    if std::env::var("UPDATE_GOLDEN").is_ok() {
        std::fs::write(&file, &text).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&file)
        .unwrap_or_else(|_| panic!("missing {}; record with UPDATE_GOLDEN=1", file.display()));
    let diff: Vec<String> = want
        .lines()
        .zip(text.lines())
        .filter(|(w, g)| w != g)
        .map(|(w, g)| format!("- {w}\n+ {g}"))
        .take(10)
        .collect();
    assert!(
        want == text,
        "expert paths changed; re-record with UPDATE_GOLDEN=1 if on purpose:\n{}",
        diff.join("\n")
    );
}

/// Every `k`-subset of `0..n`, in lexicographic order.
fn subsets(n: usize, k: usize, f: &mut impl FnMut(&[usize])) {
    fn go(n: usize, k: usize, start: usize, cur: &mut Vec<usize>, f: &mut impl FnMut(&[usize])) {
        if cur.len() == k {
            f(cur);
            return;
        }
        for i in start..n {
            cur.push(i);
            go(n, k, i + 1, cur, f);
            cur.pop();
        }
    }
    go(n, k, 0, &mut vec![], f);
}

#[test]
fn no_shorter_set_of_probes_settles_the_puzzle() {
    let (mut checked, mut sets, mut long) = (0, 0u64, 0);
    for (seed, inv) in sample() {
        let Some(path) = inv.expert_path() else {
            continue;
        };
        let ev = inv.evidence();
        let want = inv.trace().answer.root_cause_layer;
        // Every probe of the toolbox, the ones the expert path never takes included; a probe that
        // shows nothing adds nothing to a set, so only the others need combining.
        let cands: Vec<(Probe, Vec<Fact>)> = toolbox(ev)
            .into_iter()
            .map(|p| (p, inv.run(p).facts))
            .filter(|(_, f)| !f.is_empty())
            .collect();
        let len = path.probes.len();
        long += usize::from(len >= 3);
        for k in 0..len.min(4) {
            subsets(cands.len(), k, &mut |set| {
                sets += 1;
                let facts: Vec<Fact> = set.iter().flat_map(|&i| cands[i].1.clone()).collect();
                let v = solve(&probe::reveal(ev, &facts));
                assert!(
                    v.layer != Some(want) || v.ambiguous,
                    "seed {seed}: {:?} settles it in {k} probe(s), the expert path takes {len}: {:?}",
                    set.iter().map(|&i| cands[i].0.id()).collect::<Vec<_>>(),
                    path.probes
                );
            });
        }
        checked += 1;
    }
    // The sample is not trivial: most puzzles have a path, and some need three probes or more.
    assert!(checked > 500, "only {checked} puzzles with a path");
    assert!(
        long > 5 && sets > 1500,
        "{long} paths of 3+, {sets} sets tried"
    );
}
