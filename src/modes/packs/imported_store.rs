//! The one reader and writer of the imported packs kept in this browser. Every page reads through
//! `load`; every change goes through `update`, which applies it to what is stored now (another
//! tab may have changed the list since this page loaded), so tabs never write over each other.
//! A stored list that cannot be read is kept aside before anything is written over it; when it
//! cannot be kept aside, nothing is written at all.

use serde_json::Value;

use crate::modes::packs;
use crate::set_aside;
use crate::storage::{self, IMPORTED_PACKS_KEY};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub packs: Vec<Value>,
    /// What the learner must be told (storage off, a list kept aside).
    pub notices: Vec<String>,
    /// Why nothing may be written now, when something stops it.
    pub blocked: Option<String>,
}

/// What the learner is told about a stored list that cannot be read.
const UNREADABLE: set_aside::Messages = set_aside::Messages {
    kept: |why| {
        format!(
            "Your imported packs could not be read ({why}). They were kept aside, as they were, \
             under “Kept aside” in the builder, where you can export them; the list of imported \
             packs starts empty."
        )
    },
    not_kept: |why, problem| {
        format!(
            "Your imported packs could not be read ({why}) and could not be kept aside ({}). They \
             stay stored as they are, and no pack is imported or deleted until they can be kept \
             aside.",
            problem.notice().trim_end_matches('.')
        )
    },
};

/// The imported packs stored now.
pub fn load() -> Loaded {
    let loaded = set_aside::load_or_set_aside(
        IMPORTED_PACKS_KEY,
        set_aside::kind::IMPORTED_PACKS,
        packs::read_store,
        &UNREADABLE,
    );
    Loaded {
        blocked: loaded.blocked(),
        packs: loaded.value,
        notices: loaded.notices,
    }
}

/// What a change made, with the list as stored after it.
pub struct Updated<R> {
    pub result: R,
    pub packs: Vec<Value>,
    pub notices: Vec<String>,
}

/// Applies `change` to the list stored now and stores the result. Err says why nothing was
/// stored (the stored list could not be kept aside, or the browser refused the write).
pub fn update<R>(change: impl FnOnce(&mut Vec<Value>) -> R) -> Result<Updated<R>, String> {
    let Loaded {
        mut packs,
        notices,
        blocked,
    } = load();
    if let Some(why) = blocked {
        return Err(why);
    }
    let result = change(&mut packs);
    let text = serde_json::to_string(&packs).map_err(|e| e.to_string())?;
    storage::write(IMPORTED_PACKS_KEY, &text).map_err(|p| p.notice())?;
    Ok(Updated {
        result,
        packs,
        notices,
    })
}

/// The imported pack reached by `route_id` (`imported:<id>`), namespaced; None for other ids.
pub fn find(route_id: &str) -> Option<Value> {
    let id = packs::stored_id(route_id)?;
    load()
        .packs
        .iter()
        .find(|p| packs::pack_id(p) == id)
        .map(packs::namespaced)
}
