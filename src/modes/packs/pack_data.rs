//! Where the packs pages find their packs: the built-in ones (through `logic::builtin`, never a
//! second embed) followed by the packs imported in the builder, read through `imported_store` and
//! reached as `imported:<id>` so they never hide, or hide behind, a built-in pack.

use serde_json::Value;

use crate::modes::packs;
use crate::modes::packs::builtin;
use crate::modes::packs::imported_store;

/// Built-in packs, then imported ones (namespaced); the flag says whether a pack was imported.
/// The notices say what the learner must know about the imported packs (kept aside, unreadable).
pub fn all() -> (Vec<(Value, bool)>, Vec<String>) {
    let mut list: Vec<(Value, bool)> = builtin::packs().into_iter().map(|p| (p, false)).collect();
    let imported = imported_store::load();
    list.extend(imported.packs.iter().map(|p| (packs::namespaced(p), true)));
    (list, imported.notices)
}

/// One pack by id: `imported:<id>` is an imported pack, any other id a built-in one.
pub fn find(id: &str) -> Option<(Value, bool)> {
    match packs::stored_id(id) {
        Some(_) => imported_store::find(id).map(|p| (p, true)),
        None => builtin::find(id).map(|p| (p, false)),
    }
}
