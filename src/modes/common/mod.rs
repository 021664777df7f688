//! What several modes share: trace diffing (sandbox, classroom) and the difficulty picker
//! (endless, challenge links).

pub mod diff;
pub mod difficulty_select;
