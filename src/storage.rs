//! localStorage glue. Every failure (storage disabled in private mode, quota full, a browser that
//! throws on access) becomes a notice for the learner, never an error that stops the app.
//!
//! Not gloo-storage, though it is in the tree: it throws when storage is off instead of returning
//! an error, stores every value as JSON (so text saved today would read back differently), and
//! parses on read, so a corrupt value is lost as an error rather than returned to be kept aside.

use std::cell::RefCell;

use web_sys::Storage;

/// Keys are namespaced so a shared origin (a static host) cannot collide with other apps.
pub const PROGRESS_KEY: &str = "faultline.progress";
pub const PROGRESS_SET_ASIDE_KEY: &str = "faultline.progress.unreadable";
pub const BUILDER_DRAFT_KEY: &str = "faultline.builder.draft";
pub const IMPORTED_PACKS_KEY: &str = "faultline.packs.imported";
/// Set once the guided tour was started or skipped, so the welcome is offered only once.
pub const TOUR_SEEN_KEY: &str = "faultline.tour.seen";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    Unavailable,
    Full,
    Failed(String),
}

impl StorageProblem {
    pub fn notice(&self) -> String {
        match self {
            StorageProblem::Unavailable => "This browser is not letting Faultline save (private \
                 mode or storage turned off). Everything works, but progress and drafts last only \
                 until you close the tab — export them to keep them."
                .to_string(),
            StorageProblem::Full => "Browser storage is full, so the latest change was not saved. \
                 Export your progress or drafts, then free space (for example, delete imported \
                 packs you no longer need)."
                .to_string(),
            StorageProblem::Failed(why) => format!("Saving failed: {why}."),
        }
    }
}

fn local_storage() -> Result<Storage, StorageProblem> {
    web_sys::window()
        .ok_or(StorageProblem::Unavailable)?
        .local_storage()
        .map_err(|_| StorageProblem::Unavailable)?
        .ok_or(StorageProblem::Unavailable)
}

thread_local! {
    /// Keys read since the page started or the route last changed: when a page fails, these are
    /// what it may have choked on (see crash_recovery).
    static KEYS_READ: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn note_read(key: &str) {
    KEYS_READ.with(|keys| {
        if let Ok(mut keys) = keys.try_borrow_mut() {
            if !keys.iter().any(|k| k == key) {
                keys.push(key.to_string());
            }
        }
    });
}

/// The keys `read` was asked for since the last `forget_keys_read`, first read first.
pub fn keys_read() -> Vec<String> {
    KEYS_READ.with(|keys| keys.try_borrow().map(|k| k.clone()).unwrap_or_default())
}

/// Starts a new list of keys read (a new page was opened).
pub fn forget_keys_read() {
    KEYS_READ.with(|keys| {
        if let Ok(mut keys) = keys.try_borrow_mut() {
            keys.clear();
        }
    });
}

pub fn read(key: &str) -> Result<Option<String>, StorageProblem> {
    note_read(key);
    local_storage()?
        .get_item(key)
        .map_err(|_| StorageProblem::Unavailable)
}

pub fn write(key: &str, value: &str) -> Result<(), StorageProblem> {
    local_storage()?.set_item(key, value).map_err(|error| {
        let name = js_sys::Reflect::get(&error, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name == "QuotaExceededError" {
            StorageProblem::Full
        } else {
            StorageProblem::Failed(name)
        }
    })
}

pub fn remove(key: &str) -> Result<(), StorageProblem> {
    local_storage()?
        .remove_item(key)
        .map_err(|_| StorageProblem::Unavailable)
}

/// Every key this origin has stored, in the browser's order; empty when storage is unavailable.
pub fn keys() -> Vec<String> {
    let Ok(storage) = local_storage() else {
        return vec![];
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}
