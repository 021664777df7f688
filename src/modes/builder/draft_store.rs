//! The builder's draft in this browser: loading it (an unreadable one is kept aside first, then
//! removed, by `set_aside::load_or_set_aside`),
//! saving it without writing over a draft another tab saved in the meantime, and keeping drafts
//! aside (`set_aside`, kind builder-draft) to restore, export or discard later.

use crate::modes::builder::draft::{self, Draft, SaveStep};
use crate::set_aside::{self, kind};
use crate::storage::{self, BUILDER_DRAFT_KEY};

pub struct Loaded {
    pub draft: Draft,
    /// The stored text the draft came from: what a later save compares with.
    pub base: Option<String>,
    pub notices: Vec<String>,
    /// Why the draft must not be saved over what is stored (it could not be kept aside).
    pub blocked: Option<String>,
}

/// What the learner is told about a stored draft that cannot be read.
const UNREADABLE: set_aside::Messages = set_aside::Messages {
    kept: |why| {
        format!(
            "The saved builder draft could not be read ({why}); it was kept aside and a new draft \
             was started."
        )
    },
    not_kept: |_, problem| {
        format!(
            "The saved builder draft could not be read, nor kept aside ({}). It stays stored as it \
             is; nothing you type here is saved over it — export your work.",
            problem.notice().trim_end_matches('.')
        )
    },
};

pub fn load() -> Loaded {
    let mut notices = set_aside::migrate_legacy()
        .iter()
        .map(|p| p.notice())
        .collect::<Vec<_>>();
    let loaded = set_aside::load_or_set_aside(
        BUILDER_DRAFT_KEY,
        kind::BUILDER_DRAFT,
        draft::load,
        &UNREADABLE,
    );
    notices.extend(loaded.notices);
    Loaded {
        draft: loaded.value,
        base: loaded.stored,
        notices,
        // When storage cannot be read the draft is still saved: the write says whether it can be.
        blocked: loaded.stuck,
    }
}

/// What saving did, for the learner.
pub enum Saved {
    Quietly,
    /// Another tab's draft was kept aside before this one was written.
    KeptOther,
}

/// Saves `draft`, keeping aside a different draft that another tab stored since `base` (which is
/// updated to what was written). Err is the notice to show; nothing was overwritten then.
pub fn save(base: &mut Option<String>, draft: &Draft) -> Result<Saved, String> {
    let ours = serde_json::to_string(draft).map_err(|e| e.to_string())?;
    // When storage cannot be read it cannot be written either; the write says so.
    let now = storage::read(BUILDER_DRAFT_KEY).ok().flatten();
    let saved = match draft::save_step(base.as_deref(), now.as_deref(), &ours) {
        SaveStep::Write => Saved::Quietly,
        SaveStep::KeepOtherFirst(other) => {
            set_aside::keep(kind::BUILDER_DRAFT, &other).map_err(|p| {
                format!(
                    "Another tab saved a different draft, and it could not be kept aside ({}), \
                     so this tab's changes are not saved over it. Export your work.",
                    p.notice().trim_end_matches('.')
                )
            })?;
            Saved::KeptOther
        }
    };
    storage::write(BUILDER_DRAFT_KEY, &ours).map_err(|p| p.notice())?;
    *base = Some(ours);
    Ok(saved)
}

/// Keeps `draft` aside (before something replaces it in the builder).
pub fn keep_aside(draft: &Draft) -> Result<String, String> {
    let text = serde_json::to_string(draft).map_err(|e| e.to_string())?;
    set_aside::keep(kind::BUILDER_DRAFT, &text).map_err(|p| p.notice())
}

/// What the builder lists under "Kept aside": drafts and unreadable imported-pack lists.
pub fn kept_aside() -> Vec<set_aside::AsideItem> {
    set_aside::list()
        .into_iter()
        .filter(|i| i.kind == kind::BUILDER_DRAFT || i.kind == kind::IMPORTED_PACKS)
        .collect()
}
