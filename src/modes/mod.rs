//! The modes around the simulator, one folder each, holding its pages and its plain logic (no
//! DOM, unit-tested natively): puzzle packs, endless, the break-it sandbox, challenge links,
//! classroom and worksheets, the scenario builder, Investigate (the learner picks each check),
//! progress, interview practice, the guided tour and the study reference. `common` has what
//! several modes share. A mode may use another's logic or widgets (the builder plays pack
//! scenarios); never the shell's.

pub mod builder;
pub mod challenge;
pub mod classroom;
pub mod common;
pub mod endless;
pub mod interview;
pub mod investigate;
pub mod packs;
pub mod progress;
pub mod reference;
pub mod sandbox;
pub mod tour;
