//! What several modes share: trace diffing (sandbox, classroom), the difficulty picker
//! (endless, challenge links) and the topic taxonomy (progress, packs).

pub mod diff;
pub mod difficulty_select;
pub mod topics;
