//! Where the packs page finds its packs: the built-in ones (through `logic::builtin`, never a
//! second embed) followed by the packs imported in the builder and kept in this browser.

use serde_json::Value;

use super::logic::{builtin, packs};
use crate::storage::{self, IMPORTED_PACKS_KEY};

/// Built-in packs, then imported ones; the flag says whether a pack was imported.
pub fn all() -> Vec<(Value, bool)> {
    let mut list: Vec<(Value, bool)> = builtin::packs().into_iter().map(|p| (p, false)).collect();
    let imported = packs::parse_store(storage::read(IMPORTED_PACKS_KEY).ok().flatten().as_deref());
    list.extend(imported.into_iter().map(|p| (p, true)));
    list
}

/// One pack by id; built-in packs win over an imported pack with the same id.
pub fn find(id: &str) -> Option<(Value, bool)> {
    if let Some(p) = builtin::find(id) {
        return Some((p, false));
    }
    packs::parse_store(storage::read(IMPORTED_PACKS_KEY).ok().flatten().as_deref())
        .into_iter()
        .find(|p| packs::pack_id(p) == id)
        .map(|p| (p, true))
}
