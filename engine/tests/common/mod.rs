//! Helpers shared by the engine's integration tests.

use faultline_engine::*;

/// Every (fault id, flow) pair the catalogue declares.
pub fn all_cases() -> Vec<(String, String)> {
    faults()
        .into_iter()
        .flat_map(|f| {
            f.flows
                .iter()
                .map(|fl| (f.id.clone(), fl.to_string()))
                .collect::<Vec<_>>()
        })
        .collect()
}
