//! Every fault × flow simulated once per test binary, plain and with misleading noise, for a
//! few seeds: the sweep the consistency invariants read.

use super::all_cases;
use faultline_engine::*;
use std::sync::OnceLock;

pub const SEEDS: [u64; 3] = [1, 7, 1807];

/// Every case (fault, flow) with its traces: plain and with misleading noise, for a few seeds;
/// simulated once for all the tests.
pub fn traces() -> Vec<(String, String, Trace)> {
    static ALL: OnceLock<Vec<(String, String, Trace)>> = OnceLock::new();
    ALL.get_or_init(simulate_all).clone()
}

fn simulate_all() -> Vec<(String, String, Trace)> {
    let mut out = vec![("healthy".to_string(), String::new(), None)]
        .into_iter()
        .chain(all_cases().into_iter().map(|(f, fl)| (f, fl, Some(()))))
        .flat_map(|(f, fl, faulty)| {
            let flows: Vec<String> = if faulty.is_some() {
                vec![fl]
            } else {
                flows().iter().map(|i| i.id.id().to_string()).collect()
            };
            flows
                .into_iter()
                .map(move |fl| (f.clone(), fl, faulty.is_some()))
        })
        .flat_map(|(f, fl, faulty)| {
            SEEDS.iter().flat_map(move |&seed| {
                let spec = RunSpec {
                    flow: Some(fl.clone()),
                    faults: if faulty {
                        vec![FaultSpec::new(&f)]
                    } else {
                        vec![]
                    },
                    seed,
                    call: None,
                    client: None,
                };
                [false, true].map(|misleading| {
                    let t = simulate_with_noise(&spec, 16, misleading).unwrap();
                    (f.clone(), fl.clone(), t)
                })
            })
        })
        .collect::<Vec<_>>();
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}
