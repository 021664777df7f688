//! Every fault × flow simulated once per test binary, plain and with misleading noise, for a
//! few seeds, and once more from every client runtime the case runs in: the sweep the
//! consistency invariants read.

use super::all_cases;
use faultline_engine::runtime::Runtime;
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
    out.extend(every_client());
    out.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    out
}

/// Each case once from each client runtime it runs in (a runtime a fault's mechanism does not
/// exist in is refused, and skipped here), with misleading noise: the same world must hold
/// whoever the client is.
fn every_client() -> Vec<(String, String, Trace)> {
    let mut out = Vec::new();
    for (f, fl) in all_cases() {
        for rt in Runtime::ALL {
            let spec = RunSpec {
                flow: Some(fl.clone()),
                faults: vec![FaultSpec::new(&f)],
                seed: 11,
                call: None,
                client: Some(rt.id().to_string()),
            };
            match simulate_with_noise(&spec, 16, true) {
                Ok(t) => out.push((f.clone(), fl.clone(), t)),
                Err(EngineError::BadClient(_)) => {}
                Err(e) => panic!("{f} on {fl} from {}: {e}", rt.id()),
            }
        }
    }
    out
}
