//! The remembered puzzle view in browser storage. An unreadable value is kept aside before the
//! next choice is written; if that fails, the choice lasts only for the visit.

use super::choice::{self, View};
use crate::set_aside;
use crate::storage::{self, StorageProblem};

pub const KEY: &str = "faultline.puzzle.view";

const UNREADABLE: set_aside::Messages = set_aside::Messages {
    kept: |why| {
        format!(
            "Your {why}. It is kept aside untouched in this browser's storage; puzzles open in \
             their usual view until you choose again."
        )
    },
    not_kept: |why, problem| {
        format!(
            "Your {why}, and it could not be copied aside, so your next choice of view will not \
             be saved over it. {}",
            problem.notice()
        )
    },
};

pub struct Loaded {
    pub view: Option<View>,
    pub notices: Vec<String>,
    /// False when unreadable data could not be kept aside: writing would destroy it.
    pub can_save: bool,
}

pub fn load() -> Loaded {
    let loaded = set_aside::load_or_set_aside(
        KEY,
        set_aside::kind::PUZZLE_VIEW,
        choice::parse,
        &UNREADABLE,
    );
    Loaded {
        view: loaded.value,
        notices: loaded.notices,
        can_save: loaded.stuck.is_none(),
    }
}

pub fn save(view: View) -> Result<(), StorageProblem> {
    storage::write(KEY, view.id())
}
