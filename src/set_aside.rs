//! Stored data that could not be read (or that made a page fail) is kept aside, never overwritten:
//! each item gets a key of its own, `faultline.aside.<kind>.<millis>[-n]`, so a second problem can
//! never replace the first, and the list is whatever keys with that prefix exist. Keeping an item
//! aside is reported as done only after it was written and read back; callers must not remove the
//! original data unless `keep` succeeded. Every store loads its key through `load_or_set_aside`
//! (read, parse, keep unreadable text aside, say so), so that promise is kept in one place.

use crate::storage::{self, StorageProblem};

pub const PREFIX: &str = "faultline.aside.";

/// What kind of data an item was: used in its key and in what the learner is told.
pub mod kind {
    pub const PROGRESS: &str = "progress";
    pub const BUILDER_DRAFT: &str = "builder-draft";
    pub const IMPORTED_PACKS: &str = "imported-packs";
    pub const INTERVIEW_DRAFTS: &str = "interview-drafts";
    pub const CLASSROOM_RESULTS: &str = "classroom-results";
    pub const PUZZLE_VIEW: &str = "puzzle-view";
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

/// Where items are kept: the browser's `localStorage` (`Browser`), or a map in unit tests.
pub trait Store {
    fn read(&self, key: &str) -> Result<Option<String>, StorageProblem>;
    fn write(&self, key: &str, value: &str) -> Result<(), StorageProblem>;
    fn remove(&self, key: &str) -> Result<(), StorageProblem>;
    fn keys(&self) -> Vec<String>;
}

/// This browser's `localStorage`, through `crate::storage`.
pub struct Browser;

impl Store for Browser {
    fn read(&self, key: &str) -> Result<Option<String>, StorageProblem> {
        storage::read(key)
    }
    fn write(&self, key: &str, value: &str) -> Result<(), StorageProblem> {
        storage::write(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StorageProblem> {
        storage::remove(key)
    }
    fn keys(&self) -> Vec<String> {
        storage::keys()
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// Sets `value` aside as a new item of `kind`. Ok(key) only when the value is stored and reads back
/// unchanged; otherwise the caller must keep the original where it was and say saving failed.
pub fn keep(kind: &str, value: &str) -> Result<String, StorageProblem> {
    keep_in(&Browser, now_ms(), kind, value)
}

/// `keep` in `store` at `now_ms`.
pub fn keep_in(
    store: &impl Store,
    now_ms: u64,
    kind: &str,
    value: &str,
) -> Result<String, StorageProblem> {
    let key = new_key(kind, now_ms, &store.keys());
    store.write(&key, value)?;
    match store.read(&key)? {
        Some(back) if back == value => Ok(key),
        _ => Err(StorageProblem::Failed(
            "the kept-aside copy did not read back".into(),
        )),
    }
}

/// What the learner is told when the data stored under a key could not be read.
pub struct Messages {
    /// It was kept aside (and the key starts afresh); gets why it could not be read.
    pub kept: fn(why: &str) -> String,
    /// Keeping it aside failed, so it stays where it is and must not be written over; gets why it
    /// could not be read and why keeping it aside failed.
    pub not_kept: fn(why: &str, problem: &StorageProblem) -> String,
}

/// What `load_or_set_aside` found under a key.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T> {
    /// The stored data, parsed; when nothing readable was stored, what "nothing stored" parses to.
    pub value: T,
    /// The text under the key once loading is done: what was read, or None when nothing was
    /// stored, storage could not be read, or unreadable text was kept aside and removed.
    pub stored: Option<String>,
    /// What the learner must be told (storage off, data kept aside or stuck).
    pub notices: Vec<String>,
    /// Storage could not be read at all: what the key holds is unknown.
    pub unavailable: Option<StorageProblem>,
    /// The stored data could not be read nor kept aside: it stays under its key and nothing may be
    /// written over it. The sentence that says so (also among the notices).
    pub stuck: Option<String>,
}

impl<T> Loaded<T> {
    /// Why nothing may be written to the key now: storage could not be read (what is there is
    /// unknown), or unreadable data there could not be kept aside.
    pub fn blocked(&self) -> Option<String> {
        self.stuck
            .clone()
            .or_else(|| self.unavailable.as_ref().map(StorageProblem::notice))
    }
}

/// The one way stored data is loaded: read `key`, `parse` it (`parse(None)` is what nothing stored
/// reads as); when it cannot be parsed, keep the text aside as an item of `kind`, and only once
/// that copy is safely stored remove it from `key`, so the next load starts afresh and nothing is
/// kept aside twice. When keeping it aside fails, the text stays under `key` (`stuck`). Every
/// outcome the learner should know of comes back as a notice worded by `messages`.
pub fn load_or_set_aside<T: Default>(
    key: &str,
    kind: &str,
    parse: impl Fn(Option<&str>) -> Result<T, String>,
    messages: &Messages,
) -> Loaded<T> {
    load_or_set_aside_in(&Browser, now_ms(), key, kind, parse, messages)
}

/// `load_or_set_aside` in `store`, keeping aside at `now_ms`.
pub fn load_or_set_aside_in<T: Default>(
    store: &impl Store,
    now_ms: u64,
    key: &str,
    kind: &str,
    parse: impl Fn(Option<&str>) -> Result<T, String>,
    messages: &Messages,
) -> Loaded<T> {
    let mut loaded = Loaded {
        value: T::default(),
        stored: None,
        notices: vec![],
        unavailable: None,
        stuck: None,
    };
    let raw = match store.read(key) {
        Ok(raw) => raw,
        Err(problem) => {
            loaded.notices.push(problem.notice());
            loaded.unavailable = Some(problem);
            loaded.value = parse(None).unwrap_or_default();
            return loaded;
        }
    };
    let why = match parse(raw.as_deref()) {
        Ok(value) => {
            loaded.value = value;
            loaded.stored = raw;
            return loaded;
        }
        Err(why) => why,
    };
    loaded.value = parse(None).unwrap_or_default();
    let Some(raw) = raw else {
        return loaded;
    };
    match keep_in(store, now_ms, kind, &raw) {
        Ok(_) => {
            // The copy is safe. If removing the original fails, the next write replaces it.
            let _ = store.remove(key);
            loaded.notices.push((messages.kept)(&why));
        }
        Err(problem) => {
            let stuck = (messages.not_kept)(&why, &problem);
            loaded.notices.push(stuck.clone());
            loaded.stuck = Some(stuck);
            loaded.stored = Some(raw);
        }
    }
    loaded
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

    use std::cell::RefCell;
    use std::collections::BTreeMap;

    /// A store in memory; `refuse_writes` makes every write fail as a full browser storage does.
    #[derive(Default)]
    struct Memory {
        items: RefCell<BTreeMap<String, String>>,
        refuse_writes: bool,
        unreadable: bool,
    }

    impl Store for Memory {
        fn read(&self, key: &str) -> Result<Option<String>, StorageProblem> {
            if self.unreadable {
                return Err(StorageProblem::Unavailable);
            }
            Ok(self.items.borrow().get(key).cloned())
        }
        fn write(&self, key: &str, value: &str) -> Result<(), StorageProblem> {
            if self.refuse_writes {
                return Err(StorageProblem::Full);
            }
            self.items.borrow_mut().insert(key.into(), value.into());
            Ok(())
        }
        fn remove(&self, key: &str) -> Result<(), StorageProblem> {
            self.items.borrow_mut().remove(key);
            Ok(())
        }
        fn keys(&self) -> Vec<String> {
            self.items.borrow().keys().cloned().collect()
        }
    }

    const KEY: &str = "faultline.example";

    fn numbers(raw: Option<&str>) -> Result<Vec<u32>, String> {
        raw.map_or(Ok(vec![]), |t| {
            serde_json::from_str(t).map_err(|e| e.to_string())
        })
    }

    const MESSAGES: Messages = Messages {
        kept: |why| format!("kept aside ({why})"),
        not_kept: |why, problem| format!("stuck ({why}; {problem:?})"),
    };

    fn load(store: &Memory, now_ms: u64) -> Loaded<Vec<u32>> {
        load_or_set_aside_in(store, now_ms, KEY, kind::PROGRESS, numbers, &MESSAGES)
    }

    #[test]
    fn readable_data_is_loaded_as_it_is() {
        let store = Memory::default();
        store.write(KEY, "[1,2]").unwrap();
        let loaded = load(&store, 5);
        assert_eq!(loaded.value, vec![1, 2]);
        assert_eq!(loaded.stored.as_deref(), Some("[1,2]"));
        assert!(loaded.notices.is_empty() && loaded.blocked().is_none());
        assert_eq!(store.keys(), vec![KEY.to_string()]);
        assert_eq!(load(&Memory::default(), 5).value, Vec::<u32>::new());
    }

    #[test]
    fn unreadable_data_is_kept_aside_under_its_own_key_and_never_overwritten() {
        let store = Memory::default();
        let earlier = new_key(kind::PROGRESS, 7, &[]);
        store.write(&earlier, "an earlier item").unwrap();
        store.write(KEY, "[1,").unwrap();
        let loaded = load(&store, 7);
        assert_eq!(loaded.value, Vec::<u32>::new());
        assert_eq!(loaded.stored, None);
        assert_eq!(loaded.notices.len(), 1);
        assert!(
            loaded.notices[0].starts_with("kept aside ("),
            "{:?}",
            loaded.notices
        );
        assert_eq!(loaded.blocked(), None);
        // The earlier item is untouched; the unreadable text has a key of its own, the same time.
        let items = store.items.borrow();
        assert_eq!(
            items.get(&earlier).map(String::as_str),
            Some("an earlier item")
        );
        let kept: Vec<_> = items
            .iter()
            .filter(|(k, v)| {
                *k != &earlier && parse_key(k) == Some(("progress".into(), 7)) && *v == "[1,"
            })
            .collect();
        assert_eq!(kept.len(), 1, "{items:?}");
        // Kept safely, so gone from its key: loading again keeps nothing aside a second time.
        assert!(!items.contains_key(KEY));
        drop(items);
        let again = load(&store, 8);
        assert!(again.notices.is_empty());
        assert_eq!(store.keys().len(), 2);
    }

    #[test]
    fn unreadable_data_that_cannot_be_kept_aside_stays_and_blocks_writes() {
        let store = Memory::default();
        store.write(KEY, "[1,").unwrap();
        let store = Memory {
            refuse_writes: true,
            ..store
        };
        let loaded = load(&store, 9);
        assert_eq!(loaded.value, Vec::<u32>::new());
        assert_eq!(loaded.stored.as_deref(), Some("[1,"));
        let stuck = loaded.stuck.clone().unwrap();
        assert!(
            stuck.starts_with("stuck (") && stuck.contains("Full"),
            "{stuck}"
        );
        assert_eq!(loaded.notices, vec![stuck.clone()]);
        assert_eq!(loaded.blocked(), Some(stuck));
        assert_eq!(store.keys(), vec![KEY.to_string()]);
        assert_eq!(store.read(KEY).unwrap().as_deref(), Some("[1,"));
    }

    #[test]
    fn storage_that_cannot_be_read_is_said_and_blocks_writes() {
        let store = Memory {
            unreadable: true,
            ..Memory::default()
        };
        let loaded = load(&store, 1);
        assert_eq!(loaded.unavailable, Some(StorageProblem::Unavailable));
        assert_eq!(loaded.stuck, None);
        assert_eq!(loaded.notices, vec![StorageProblem::Unavailable.notice()]);
        assert_eq!(loaded.blocked(), Some(StorageProblem::Unavailable.notice()));
    }

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
