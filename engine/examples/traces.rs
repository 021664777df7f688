//! Simulates `count` healthy traces of one flow (seed 7, as `trace_per_flow` in the benches), for
//! counting instructions with callgrind, which gives the same figure on a busy machine as on an
//! idle one: `valgrind --tool=callgrind target/native/examples/traces api-call 10`.

fn main() {
    let mut args = std::env::args().skip(1);
    let flow = args.next().unwrap_or_else(|| "api-call".into());
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10);
    let mut lines = 0;
    for _ in 0..count {
        let t = faultline_engine::simulate_simple(Some(&flow), &[], 7).expect("a known flow");
        lines += t.evidence.logs.len();
    }
    println!("{count} traces of {flow}: {lines} log lines");
}
