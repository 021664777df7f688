//! An interview-practice answer waiting to be folded into the progress.

use serde::{Deserialize, Serialize};

/// One interview-practice answer to record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
// Externally tagged (serde's default): an internally tagged enum would pull serde's buffering
// code into the start module, which records results too.
#[serde(rename_all = "kebab-case")]
pub enum PracticeAnswer {
    /// An explain-it answer was checked.
    Explain { prompt: String, score: u32 },
    /// A drill card was answered for the first time in a round; `day` is the local day number.
    Drill { card: String, right: bool, day: i64 },
}
