//! Loading and saving interview drafts in browser storage. Drafts that cannot be read are kept
//! aside before anything new is written over them; if that fails, saving stays off for the visit.

use super::drafts::{self, Drafts};
use crate::set_aside;
use crate::storage::{self, StorageProblem};

pub const KEY: &str = "faultline.interview.drafts";
const ASIDE_KIND: &str = crate::set_aside::kind::INTERVIEW_DRAFTS;

pub struct Loaded {
    pub drafts: Drafts,
    /// What the learner should be told (storage off, drafts unreadable).
    pub notices: Vec<String>,
    /// False when unreadable drafts could not be kept aside: writing would destroy them.
    pub can_save: bool,
}

/// What the learner is told about saved drafts that cannot be read.
const UNREADABLE: set_aside::Messages = set_aside::Messages {
    kept: |why| {
        format!(
            "Your {why}. They are kept aside untouched in this browser's storage, under a key of \
             their own; new answers are saved as usual."
        )
    },
    not_kept: |why, problem| {
        format!(
            "Your {why}, and they could not be copied aside, so this page will not save over \
             them: new answers last only until you leave. {}",
            problem.notice()
        )
    },
};

pub fn load() -> Loaded {
    let loaded = set_aside::load_or_set_aside(
        KEY,
        ASIDE_KIND,
        |raw| raw.map_or(Ok(Drafts::default()), drafts::parse),
        &UNREADABLE,
    );
    Loaded {
        drafts: loaded.value,
        notices: loaded.notices,
        // When storage cannot be read, saving is still tried: the write says why it failed.
        can_save: loaded.stuck.is_none(),
    }
}

pub fn save(drafts: &Drafts) -> Result<(), StorageProblem> {
    storage::write(KEY, &drafts.to_json())
}
