//! The solver's conclusion, in the model so the CLI and the app can read it as JSON.

use super::Layer;
use serde::{Deserialize, Serialize};

/// What the solver concluded from evidence alone.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Verdict {
    pub layer: Option<Layer>,
    /// True when no single layer stood out: the deciding evidence is missing, or it contradicts
    /// the suspicion (`reasons` says which).
    pub ambiguous: bool,
    /// The evidence lines that decided it, for showing a worked solution.
    pub reasons: Vec<String>,
    /// The catalogue fault id, when the evidence tells it apart from its look-alikes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// The cause's next step and who owns it (from the catalogue), when the cause is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Layers the evidence supports equally; empty unless two or more tie.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contested: Vec<Layer>,
}
