//! Faultline engine: a deterministic, layered simulator of one API request (or webhook) crossing
//! client → DNS → network → TLS → gateway → auth → backend → database / CRM, with injectable faults.
//! Pure library: no I/O, no clock, no HashMap ordering. See API.md.

pub mod cascades;
mod charset;
pub mod difficulty;
pub mod faults;
pub mod flows;
pub mod interview;
pub mod layers;
mod mask;
pub mod model;
mod next_step;
pub mod owner;
pub mod pack;
pub mod probe;
pub mod puzzle;
pub mod rule_out;
mod run;
pub mod runtime;
pub mod scenario;
pub mod share;
pub mod sim;
pub mod solvability;
pub mod solver;
mod symptom_table;
mod temptations;
pub mod text;
pub mod util;
pub mod world;
mod wrong_layer;
pub use next_step::set_owner;
pub use pack::{read_pack, read_pack_text, read_scenario, Pack, Scenario};
pub use puzzle::{generate_puzzle, puzzle_explained, puzzle_for, topics};
pub use run::{simulate, simulate_simple, simulate_with_noise};
pub use scenario::{parse_pack, validate_pack, validate_pack_text, validate_scenario};

pub use model::*;

pub use mask::cut_tokens;
pub use solver::solve;
pub use text::{har, render_text};

/// Every flow, in a stable order.
pub fn flows() -> Vec<FlowInfo> {
    Flow::ALL
        .iter()
        .map(|&f| FlowInfo {
            id: f,
            title: f.title().into(),
            description: f.description().into(),
            layers: f.layers().to_vec(),
            calls: f
                .calls()
                .iter()
                .map(|(m, p)| CallSpec {
                    method: m.to_string(),
                    path: p.to_string(),
                })
                .collect(),
        })
        .collect()
}

/// The fault catalogue, in a stable order.
pub fn faults() -> Vec<FaultInfo> {
    faults::CATALOGUE.iter().map(faults::info).collect()
}

/// Named cascades (stacked faults, root cause first), in a stable order.
pub fn cascades() -> Vec<CascadeInfo> {
    cascades::CASCADES.iter().map(|c| c.info()).collect()
}

pub fn fault(id: &str) -> Option<FaultInfo> {
    faults::find(id).map(faults::info)
}
