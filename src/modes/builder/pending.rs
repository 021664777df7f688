//! The questions the builder page asks before it changes something the learner made: replace an
//! imported pack with the same id, restore a kept-aside draft over the current one, discard a
//! kept-aside item. Each question's wording and choices live here; the page acts on the answer.

use serde_json::Value;

use crate::modes::builder::kept_aside_list;
use crate::modes::packs;
use crate::set_aside::AsideItem;

/// A question waiting for the learner's answer.
#[derive(Clone, PartialEq)]
pub enum Pending {
    /// An imported pack has the id of one already stored.
    Replace {
        file: String,
        pack: Value,
        existing_title: String,
    },
    /// Restoring a kept-aside draft over a draft with content (which is then kept aside).
    Restore(AsideItem),
    Discard(AsideItem),
}

impl Pending {
    /// Where the page shows the question: beside the import button, or in the kept-aside list.
    pub fn place(&self) -> &'static str {
        match self {
            Pending::Replace { .. } => "import",
            Pending::Restore(_) | Pending::Discard(_) => "aside",
        }
    }

    /// The question and its choices; the first choice goes ahead (for Replace the second keeps
    /// both), the last cancels. `imported` is the list of imported packs shown now.
    pub fn wording(&self, imported: &[Value]) -> (String, Vec<&'static str>) {
        match self {
            Pending::Replace {
                file,
                pack,
                existing_title,
            } => {
                let id = packs::pack_id(pack);
                let both = packs::unique_id(imported, &id);
                (
                    format!(
                        "“{existing_title}” is already imported as imported:{id}. Replace it \
                         with the pack from {file}, or keep both (the new one becomes \
                         imported:{both})?"
                    ),
                    vec!["Replace it", "Keep both", "Cancel"],
                )
            }
            Pending::Restore(item) => (
                format!(
                    "Restore the draft kept aside {}? The draft in the builder now is kept aside \
                     first, so it is not lost.",
                    kept_aside_list::when(item.saved_ms)
                ),
                vec!["Restore it", "Cancel"],
            ),
            Pending::Discard(item) => (
                format!(
                    "Discard what was kept aside {}? It cannot be brought back; export it first \
                     to keep a copy.",
                    kept_aside_list::when(item.saved_ms)
                ),
                vec!["Discard it", "Cancel"],
            ),
        }
    }
}
