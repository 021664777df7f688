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
