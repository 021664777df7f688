//! Stored data that could not be read (or that made a page fail) is kept aside, never overwritten:
//! each item gets a key of its own, `faultline.aside.<kind>.<millis>[-n]`, so a second problem can
//! never replace the first, and the list is whatever keys with that prefix exist. Keeping an item
//! aside is reported as done only after it was written and read back; callers must not remove the
//! original data unless `keep` succeeded.

use crate::storage::{self, StorageProblem};

pub const PREFIX: &str = "faultline.aside.";

/// What kind of data an item was: used in its key and in what the learner is told.
pub mod kind {
    pub const PROGRESS: &str = "progress";
    pub const BUILDER_DRAFT: &str = "builder-draft";
    pub const IMPORTED_PACKS: &str = "imported-packs";
    pub const INTERVIEW_DRAFTS: &str = "interview-drafts";
    pub const CLASSROOM_RESULTS: &str = "classroom-results";
    /// Kinds with a page of their own that lists, restores and discards them (Progress, Builder);
    /// every other kind is listed on the Progress page, so nothing kept aside is out of sight.
    pub const WITH_OWN_PAGE: [&str; 3] = [PROGRESS, BUILDER_DRAFT, IMPORTED_PACKS];
}

/// Keys of the single-slot design this replaces; `migrate_legacy` moves them into the list.
const LEGACY: [(&str, &str); 2] = [
    ("faultline.progress.unreadable", kind::PROGRESS),
    ("faultline.builder.draft.unreadable", kind::BUILDER_DRAFT),
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AsideItem {
    pub key: String,
    pub kind: String,
    /// When it was set aside, milliseconds since the Unix epoch.
    pub saved_ms: u64,
    pub value: String,
}

/// The key for a new item of `kind` set aside at `now_ms`, different from every key in `existing`.
pub fn new_key(kind: &str, now_ms: u64, existing: &[String]) -> String {
    let base = format!("{PREFIX}{kind}.{now_ms}");
    if !existing.contains(&base) {
        return base;
    }
    (1u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !existing.contains(candidate))
        .expect("an unused suffix exists")
}

/// `(kind, saved_ms)` of a set-aside key, or None for any other key.
pub fn parse_key(key: &str) -> Option<(String, u64)> {
    let rest = key.strip_prefix(PREFIX)?;
    let (kind, stamp) = rest.rsplit_once('.')?;
    let millis = stamp.split('-').next()?;
    if kind.is_empty() {
        return None;
    }
    Some((kind.to_string(), millis.parse().ok()?))
}

/// Sets `value` aside as a new item of `kind`. Ok(key) only when the value is stored and reads back
/// unchanged; otherwise the caller must keep the original where it was and say saving failed.
pub fn keep(kind: &str, value: &str) -> Result<String, StorageProblem> {
    let now = js_sys::Date::now().max(0.0) as u64;
    let key = new_key(kind, now, &storage::keys());
    storage::write(&key, value)?;
    match storage::read(&key)? {
        Some(back) if back == value => Ok(key),
        _ => Err(StorageProblem::Failed(
            "the kept-aside copy did not read back".into(),
        )),
    }
}

/// Every item set aside, oldest first.
pub fn list() -> Vec<AsideItem> {
    let mut items: Vec<AsideItem> = storage::keys()
        .into_iter()
        .filter_map(|key| {
            let (kind, saved_ms) = parse_key(&key)?;
            let value = storage::read(&key).ok().flatten()?;
            Some(AsideItem {
                key,
                kind,
                saved_ms,
                value,
            })
        })
        .collect();
    items.sort_by(|a, b| (a.saved_ms, &a.key).cmp(&(b.saved_ms, &b.key)));
    items
}

/// Items of one kind, oldest first.
pub fn list_kind(kind: &str) -> Vec<AsideItem> {
    list().into_iter().filter(|i| i.kind == kind).collect()
}

/// Forgets one item (the learner chose to, after exporting or restoring it).
pub fn discard(key: &str) -> Result<(), StorageProblem> {
    if parse_key(key).is_none() {
        return Err(StorageProblem::Failed(format!(
            "{key} is not a kept-aside item"
        )));
    }
    storage::remove(key)
}

/// Moves data kept in the old single slots into the list; the old slot is removed only after its
/// copy is safely stored.
pub fn migrate_legacy() -> Vec<StorageProblem> {
    let mut problems = vec![];
    for (old_key, kind) in LEGACY {
        if let Ok(Some(value)) = storage::read(old_key) {
            match keep(kind, &value).and_then(|_| storage::remove(old_key)) {
                Ok(()) => {}
                Err(problem) => problems.push(problem),
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_keys_never_reuse_an_existing_one() {
        let first = new_key(kind::PROGRESS, 1_700_000_000_000, &[]);
        assert_eq!(first, "faultline.aside.progress.1700000000000");
        let second = new_key(
            kind::PROGRESS,
            1_700_000_000_000,
            std::slice::from_ref(&first),
        );
        assert_ne!(first, second);
        let third = new_key(
            kind::PROGRESS,
            1_700_000_000_000,
            &[first.clone(), second.clone()],
        );
        assert!(third != first && third != second);
    }

    #[test]
    fn keys_parse_back_to_kind_and_time() {
        let key = new_key(
            kind::IMPORTED_PACKS,
            42,
            &["faultline.aside.imported-packs.42".into()],
        );
        assert_eq!(parse_key(&key), Some(("imported-packs".into(), 42)));
        assert_eq!(parse_key("faultline.progress"), None);
        assert_eq!(parse_key("faultline.aside..42"), None);
        assert_eq!(parse_key("faultline.aside.progress.soon"), None);
    }
}
