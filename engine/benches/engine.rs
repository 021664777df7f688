//! `cargo bench -p faultline-engine --target-dir /tmp/target-engine`

use faultline_engine::*;

fn main() {
    divan::main();
}

#[divan::bench(args = ["api-call", "oauth-token", "crm-lookup", "crm-ticket", "live-chat"])]
fn trace_per_flow(flow: &str) -> Trace {
    simulate_simple(Some(divan::black_box(flow)), &[], 7).unwrap()
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn generate_and_solve_100k() -> usize {
    (0..100_000u64)
        .filter(|s| {
            let (layer, _, _, ev) = puzzle::generate_case(*s, None, None);
            solve(&ev).layer == Some(layer)
        })
        .count()
}

/// A puzzle with all its probe results and its expert path (budget: 2 ms native).
#[divan::bench(args = ["expired-token", "cert-expired", "crm-field-mapping", "webhook-tls-failure", "request-loop"])]
fn puzzle_with_probes_and_expert_path(fault: &str) -> usize {
    let spec = RunSpec {
        faults: vec![FaultSpec::new(divan::black_box(fault))],
        seed: 7,
        ..Default::default()
    };
    let inv = probe::Investigation::new(&spec).unwrap();
    let results = inv.run_toolbox();
    results.len() + inv.expert_path().map_or(0, |p| p.probes.len())
}

/// One probe on a puzzle already simulated (what running a check costs in Investigate mode).
#[divan::bench(args = ["reproduce", "gateway-log", "decode-token", "openssl-showcerts", "dig-client", "traceroute"])]
fn one_probe(bencher: divan::Bencher, probe: &str) {
    let spec = RunSpec {
        faults: vec![FaultSpec::new("expired-token")],
        seed: 7,
        ..Default::default()
    };
    let inv = probe::Investigation::new(&spec).unwrap();
    let p = probe::Probe::parse(probe).unwrap();
    bencher.bench_local(|| inv.run(divan::black_box(p)));
}

/// The expert path alone, on a puzzle already simulated.
#[divan::bench(args = ["expired-token", "cert-expired", "crm-field-mapping", "webhook-tls-failure", "request-loop"])]
fn expert_path_only(bencher: divan::Bencher, fault: &str) {
    let spec = RunSpec {
        faults: vec![FaultSpec::new(fault)],
        seed: 7,
        ..Default::default()
    };
    let inv = probe::Investigation::new(&spec).unwrap();
    bencher.bench_local(|| inv.expert_path());
}

/// What `faultline solve --count 1000 --investigate --jobs 1` does: generate each case, find its
/// expert path (one thread; ×100 for the 100 000 budget).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn investigate_generated_1000() -> usize {
    (0..1000u64)
        .filter_map(|s| {
            probe::Investigation::generated(s, None, None)
                .ok()?
                .expert_path()
        })
        .count()
}
