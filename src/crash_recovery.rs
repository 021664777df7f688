//! Stored data that makes a page fail must not make it fail on every visit. While a page runs,
//! `storage::read` notes the keys it reads; the panic hook writes them, with the route, into a
//! crash marker. The next start reads the marker first: each named item is kept aside (see
//! set_aside) and removed from its place only once the kept copy reads back, then the learner is
//! told what was kept aside and where to restore it.
//!
//! Progress is only ever moved by its owner's rules: a first crash names it and leaves it; only
//! when the same route fails again with it, in the next crash, is it kept aside as well.

use std::cell::RefCell;

use crate::logic::json_value;
use crate::logic::route::Route;
use crate::set_aside::{self, kind};
use crate::storage::{self, BUILDER_DRAFT_KEY, IMPORTED_PACKS_KEY, PROGRESS_KEY, TOUR_SEEN_KEY};

/// Written by the panic hook: the route that failed and the keys it had read.
pub const MARKER_KEY: &str = "faultline.crash.marker";
/// The previous crash whose progress was left in place, to recognise the same crash again.
pub const PROGRESS_LEFT_KEY: &str = "faultline.crash.progress-left";
/// Keys of the single-slot design that set_aside replaced (same list as there).
const LEGACY_ASIDE: [(&str, &str); 2] = [
    ("faultline.progress.unreadable", kind::PROGRESS),
    ("faultline.builder.draft.unreadable", kind::BUILDER_DRAFT),
];

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrashMarker {
    /// `location.hash` when the page failed.
    pub route: String,
    /// Stored keys the page had read, first read first.
    pub keys: Vec<String>,
}

impl CrashMarker {
    /// `{"route":…,"keys":[…]}`, as earlier builds wrote it with serde (see `logic::json_value`).
    pub fn to_json(&self) -> String {
        json_value::write_fields(&[
            ("route", self.route.clone().into()),
            ("keys", self.keys.clone().into()),
        ])
    }

    /// None when the text is not a marker (both fields are required, as serde required them).
    pub fn from_json(text: &str) -> Option<CrashMarker> {
        let value = json_value::parse(text).ok()?;
        let keys = value.get("keys")?.as_array()?;
        Some(CrashMarker {
            route: value.get("route")?.as_str()?.to_string(),
            keys: keys
                .iter()
                .map(|k| k.as_str().map(str::to_string))
                .collect::<Option<_>>()?,
        })
    }
}

/// What to do with one key a failed page had read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handling {
    /// Keep its value aside as an item of this kind, then remove it.
    SetAside(String),
    /// Progress: named, moved only on the same crash twice in a row.
    Progress,
    /// Not data that can make a page fail, or already kept aside.
    Ignore,
}

pub fn handling(key: &str) -> Handling {
    if key.starts_with(set_aside::PREFIX) || key == MARKER_KEY || key == PROGRESS_LEFT_KEY {
        return Handling::Ignore;
    }
    // A flag that is only checked for being there: its value is never read.
    if key == TOUR_SEEN_KEY {
        return Handling::Ignore;
    }
    if key == PROGRESS_KEY {
        return Handling::Progress;
    }
    if key == BUILDER_DRAFT_KEY {
        return Handling::SetAside(kind::BUILDER_DRAFT.into());
    }
    if key == IMPORTED_PACKS_KEY {
        return Handling::SetAside(kind::IMPORTED_PACKS.into());
    }
    if let Some((_, kind)) = LEGACY_ASIDE.iter().find(|(old, _)| *old == key) {
        return Handling::SetAside((*kind).into());
    }
    // Anything newer than this list still gets out of the way, under a kind named after its key.
    let name = key.strip_prefix("faultline.").unwrap_or(key);
    Handling::SetAside(name.replace('.', "-"))
}

/// What the next start does about a crash marker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// `(key, kind)`: each moved aside, in the order read.
    pub set_aside: Vec<(String, String)>,
    /// Progress was read but stays where it is (first time).
    pub progress_left: bool,
    /// What to remember for the next crash (Some when progress was left in place).
    pub remember: Option<CrashMarker>,
}

/// Decides, without touching storage, what to keep aside after the crash in `marker`, given the
/// crash before it whose progress was left in place (if any).
pub fn plan(marker: &CrashMarker, previous: Option<&CrashMarker>) -> Plan {
    let mut plan = Plan::default();
    let same_crash_again = previous
        .is_some_and(|p| p.route == marker.route && p.keys.iter().any(|k| k == PROGRESS_KEY));
    for key in &marker.keys {
        if plan.set_aside.iter().any(|(k, _)| k == key) {
            continue;
        }
        match handling(key) {
            Handling::Ignore => {}
            Handling::SetAside(kind) => plan.set_aside.push((key.clone(), kind)),
            Handling::Progress if same_crash_again => {
                plan.set_aside.push((key.clone(), kind::PROGRESS.into()))
            }
            Handling::Progress => plan.progress_left = true,
        }
    }
    plan.remember = plan.progress_left.then(|| CrashMarker {
        route: marker.route.clone(),
        keys: vec![PROGRESS_KEY.into()],
    });
    plan
}

/// How the plan went, for the notice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The failed page's name ("Builder").
    pub page: String,
    /// Kinds kept aside.
    pub kept: Vec<String>,
    /// Kinds that could not be kept aside (left where they were), with why.
    pub failed: Vec<(String, String)>,
    pub progress_left: bool,
}

fn describe(kind: &str) -> String {
    match kind {
        kind::BUILDER_DRAFT => "your builder draft".into(),
        kind::IMPORTED_PACKS => "your imported packs".into(),
        kind::PROGRESS => "your progress".into(),
        other => format!("saved data “{other}”"),
    }
}

/// Where a kept-aside item of `kind` can be restored: (href, page name).
pub fn restore_place(kind: &str) -> Option<(&'static str, &'static str)> {
    match kind {
        kind::BUILDER_DRAFT | kind::IMPORTED_PACKS => Some(("#/builder", "Builder")),
        kind::PROGRESS => Some(("#/progress", "Progress")),
        _ => None,
    }
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The sentences the learner reads after a crash; empty when there is nothing to tell.
pub fn notice(outcome: &Outcome) -> Vec<String> {
    let mut lines = vec![];
    if outcome.kept.is_empty() && outcome.failed.is_empty() && !outcome.progress_left {
        return lines;
    }
    lines.push(format!(
        "Last time, Faultline stopped with an internal error on “{}”.",
        outcome.page
    ));
    if !outcome.kept.is_empty() {
        let places: Vec<String> = outcome
            .kept
            .iter()
            .map(|k| match restore_place(k) {
                Some((_, page)) => format!("{} (restore it in {page})", describe(k)),
                None => describe(k),
            })
            .collect();
        lines.push(format!(
            "So that the page opens again, what it had read was kept aside, not deleted: {}.",
            list(&places)
        ));
    }
    for (kind, why) in &outcome.failed {
        lines.push(format!(
            "{} could not be kept aside ({why}), so it was left where it was.",
            capitalise(&describe(kind))
        ));
    }
    if outcome.progress_left {
        lines.push(
            "The page had also read your progress. It was left in place; if the same page fails \
             again, your progress will be kept aside too (restore it in Progress)."
                .into(),
        );
    }
    lines
}

/// For `describe`'s phrases, which all begin with an ASCII letter (`char::to_uppercase` would link
/// Unicode's case tables into the start module).
fn capitalise(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// Called by the panic hook: remembers the failed route and the keys it had read.
pub fn write_marker(route: &str) {
    let marker = CrashMarker {
        route: route.to_string(),
        keys: storage::keys_read(),
    };
    let _ = storage::write(MARKER_KEY, &marker.to_json());
}

/// What `recover` found, for `CrashNotice` to show once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub lines: Vec<String>,
    /// Pages where kept-aside items can be restored: (href, name).
    pub places: Vec<(&'static str, &'static str)>,
}

thread_local! {
    static REPORT: RefCell<Option<Report>> = const { RefCell::new(None) };
}

/// Runs once at start, before anything renders: acts on a crash marker, if there is one.
pub fn recover() {
    let Ok(Some(text)) = storage::read(MARKER_KEY) else {
        return;
    };
    let marker = CrashMarker::from_json(&text).unwrap_or_default();
    let previous: Option<CrashMarker> = storage::read(PROGRESS_LEFT_KEY)
        .ok()
        .flatten()
        .and_then(|t| CrashMarker::from_json(&t));
    let plan = plan(&marker, previous.as_ref());
    let mut outcome = Outcome {
        page: Route::parse(&marker.route).label(),
        progress_left: plan.progress_left,
        ..Outcome::default()
    };
    for (key, kind) in &plan.set_aside {
        let Ok(Some(value)) = storage::read(key) else {
            continue; // nothing stored there any more
        };
        match set_aside::keep(kind, &value).and_then(|_| storage::remove(key)) {
            Ok(()) => outcome.kept.push(kind.clone()),
            Err(problem) => outcome.failed.push((kind.clone(), problem.notice())),
        }
    }
    let _ = match &plan.remember {
        Some(left) => storage::write(PROGRESS_LEFT_KEY, &left.to_json()),
        None => storage::remove(PROGRESS_LEFT_KEY),
    };
    let _ = storage::remove(MARKER_KEY);
    // These reads were recovery's, not the page's.
    storage::forget_keys_read();
    let mut places: Vec<_> = outcome
        .kept
        .iter()
        .chain(outcome.progress_left.then_some(&kind::PROGRESS.to_string()))
        .filter_map(|k| restore_place(k))
        .collect();
    places.dedup();
    let report = Report {
        lines: notice(&outcome),
        places,
    };
    if !report.lines.is_empty() {
        REPORT.with(|r| *r.borrow_mut() = Some(report));
    }
}

/// The report of this start's recovery, handed out once.
pub fn take_report() -> Option<Report> {
    REPORT.with(|r| r.borrow_mut().take())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(route: &str, keys: &[&str]) -> CrashMarker {
        CrashMarker {
            route: route.into(),
            keys: keys.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn the_marker_reads_and_writes_the_text_earlier_builds_wrote() {
        // What serde wrote for a marker before the start module wrote it by hand.
        let earlier = r##"{"route":"#/builder","keys":["faultline.builder.draft","a\"b"]}"##;
        let read = CrashMarker::from_json(earlier).expect("a marker");
        assert_eq!(
            read,
            marker("#/builder", &["faultline.builder.draft", "a\"b"])
        );
        assert_eq!(read.to_json(), earlier);
        assert_eq!(CrashMarker::from_json(r##"{"route":"#/"}"##), None);
        assert_eq!(
            CrashMarker::from_json(r##"{"route":"#/","keys":[1]}"##),
            None
        );
        assert_eq!(CrashMarker::from_json("not json"), None);
    }

    #[test]
    fn a_crash_keeps_aside_the_data_it_read_but_not_progress() {
        let crash = marker(
            "#/builder",
            &[
                TOUR_SEEN_KEY,
                PROGRESS_KEY,
                BUILDER_DRAFT_KEY,
                IMPORTED_PACKS_KEY,
            ],
        );
        let plan = plan(&crash, None);
        assert_eq!(
            plan.set_aside,
            vec![
                (BUILDER_DRAFT_KEY.into(), kind::BUILDER_DRAFT.into()),
                (IMPORTED_PACKS_KEY.into(), kind::IMPORTED_PACKS.into()),
            ]
        );
        assert!(plan.progress_left);
        assert_eq!(
            plan.remember,
            Some(marker("#/builder", &[PROGRESS_KEY])),
            "the next crash is compared with this one"
        );
    }

    #[test]
    fn progress_moves_only_when_the_same_route_fails_again_with_it() {
        let again = marker("#/progress", &[PROGRESS_KEY]);
        let first = plan(&again, None);
        assert!(first.set_aside.is_empty() && first.progress_left);
        let second = plan(&again, first.remember.as_ref());
        assert_eq!(
            second.set_aside,
            vec![(PROGRESS_KEY.into(), kind::PROGRESS.into())]
        );
        assert!(!second.progress_left && second.remember.is_none());
        // Another route failing with progress is a first time again.
        let elsewhere = plan(&marker("#/packs", &[PROGRESS_KEY]), first.remember.as_ref());
        assert!(elsewhere.set_aside.is_empty() && elsewhere.progress_left);
    }

    #[test]
    fn kept_aside_items_the_marker_and_flags_are_left_alone() {
        let crash = marker(
            "#/",
            &[
                "faultline.aside.builder-draft.5",
                MARKER_KEY,
                PROGRESS_LEFT_KEY,
                TOUR_SEEN_KEY,
            ],
        );
        assert_eq!(plan(&crash, None), Plan::default());
    }

    #[test]
    fn unknown_and_legacy_keys_get_out_of_the_way_too() {
        assert_eq!(
            handling("faultline.something.new"),
            Handling::SetAside("something-new".into())
        );
        assert_eq!(
            handling("faultline.builder.draft.unreadable"),
            Handling::SetAside(kind::BUILDER_DRAFT.into())
        );
        let twice = marker("#/builder", &[BUILDER_DRAFT_KEY, BUILDER_DRAFT_KEY]);
        assert_eq!(plan(&twice, None).set_aside.len(), 1, "each key once");
    }

    #[test]
    fn the_notice_says_what_was_kept_aside_and_where_to_restore_it() {
        let lines = notice(&Outcome {
            page: "Builder".into(),
            kept: vec![kind::BUILDER_DRAFT.into(), kind::IMPORTED_PACKS.into()],
            failed: vec![],
            progress_left: true,
        });
        let text = lines.join(" ");
        assert!(
            text.contains("stopped with an internal error on “Builder”"),
            "{text}"
        );
        assert!(
            text.contains(
                "your builder draft (restore it in Builder) and your imported packs (restore it in Builder)"
            ),
            "{text}"
        );
        assert!(text.contains("progress. It was left in place"), "{text}");
        let failed = notice(&Outcome {
            page: "Simulator".into(),
            failed: vec![(kind::BUILDER_DRAFT.into(), "storage is full".into())],
            ..Outcome::default()
        });
        assert!(failed
            .join(" ")
            .contains("Your builder draft could not be kept aside"));
        assert!(
            notice(&Outcome::default()).is_empty(),
            "nothing read, nothing to say"
        );
    }
}
