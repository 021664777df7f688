//! Problems reported to authors and callers: a pack problem with its JSON path, and the engine's errors.

use serde::{Deserialize, Serialize};
use std::fmt;

/// One problem found in a scenario pack: `path: message`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineError {
    UnknownFlow(String),
    UnknownFault(String),
    NotApplicable {
        fault: String,
        flow: String,
    },
    BadParam {
        fault: String,
        param: String,
        message: String,
    },
    BadCall(String),
    /// A client the flow is not run from, or one a fault's mechanism does not exist in.
    BadClient(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::UnknownFlow(x) => write!(f, "unknown flow \"{x}\""),
            EngineError::UnknownFault(x) => write!(f, "unknown fault \"{x}\""),
            EngineError::NotApplicable { fault, flow } => {
                write!(f, "fault \"{fault}\" does not apply to flow \"{flow}\"")
            }
            EngineError::BadParam {
                fault,
                param,
                message,
            } => write!(f, "fault \"{fault}\" param \"{param}\": {message}"),
            EngineError::BadCall(x) => write!(f, "bad call: {x}"),
            EngineError::BadClient(x) => write!(f, "bad client: {x}"),
        }
    }
}

impl std::error::Error for EngineError {}
