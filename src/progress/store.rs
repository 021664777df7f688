//! Progress in localStorage: load with notices when something is wrong, record finished puzzles,
//! merge or replace from a file. The pure model is `crate::progress`; the storage glue is
//! `crate::storage`; unreadable data and backups go to `crate::set_aside`.
//!
//! Three promises this module keeps:
//! - A finished puzzle is never dropped. It waits in memory (on `window`, so it survives the start
//!   page handing over to the full app) until a write succeeds; the notice bar says so meanwhile.
//! - Unreadable stored progress is never overwritten unless a copy was really kept aside.
//! - Two tabs finishing at once both count: each write re-reads storage and applies its attempts
//!   under a Web Lock (where the browser has them), and checks a moment later that they stayed.

use std::cell::Cell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

use super::handoff;
use crate::logic::finished::Finished;
use crate::progress::{self, Attempt, PendingAttempt, PracticeAnswer, Progress};
use crate::set_aside::{self, AsideItem};
use crate::storage::{self, StorageProblem, PROGRESS_KEY};

pub use super::handoff::{today, CHANGED_EVENT};
/// The Web Lock every tab takes around read-apply-write of `PROGRESS_KEY`.
const LOCK_NAME: &str = "faultline.progress";
/// How long the lock is held after a write: another tab's view of storage is updated a moment
/// after the write, and it must see the write before it reads.
const LOCK_HOLD_MS: i32 = 40;
/// When a written result is checked again (a tab without Web Locks may have overwritten it).
const RECHECK_MS: u32 = 400;
/// Where unsaved results wait: a `window` property shared by the start module and the full app.
const LIVE_PROPERTY: &str = "faultlineProgressLive";

/// Progress as loaded, with whatever the learner should be told.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    /// Stored progress plus any results still waiting to be saved.
    pub progress: Progress,
    pub notices: Vec<String>,
    /// Progress kept aside (unreadable data, backups taken before a replace), oldest first.
    pub aside: Vec<AsideItem>,
    /// Everything else kept aside that no other page lists (interview drafts, data a crashed
    /// page had read), oldest first: downloadable and discardable from the Progress page.
    pub other_aside: Vec<AsideItem>,
    /// Set while finished puzzles wait in memory because they could not be written.
    pub unsaved: Option<String>,
}

/// What lives on `window` between writes.
#[derive(Serialize, Deserialize, Default)]
struct Live {
    pending: Vec<PendingAttempt>,
    /// Interview-practice answers waiting to be written, like `pending`.
    #[serde(default)]
    practice: Vec<PracticeAnswer>,
    /// Why the last write failed, a full sentence.
    problem: String,
    /// Notices raised while recording, for the notice bar to show.
    notices: Vec<String>,
}

/// The waiting results, with any the start page kept in its inbox (moved here, so each is
/// applied once).
fn live() -> Live {
    let mut live: Live = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &LIVE_PROPERTY.into()).ok())
        .and_then(|v| v.as_string())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let inbox = handoff::strings(handoff::INBOX);
    if !inbox.is_empty() {
        let kept = inbox
            .iter()
            .filter_map(|text| serde_json::from_str(text).ok());
        live.pending.extend(kept);
        set_live(&live);
        handoff::set_strings(handoff::INBOX, &[]);
    }
    live
}

fn set_live(live: &Live) {
    if let (Some(window), Ok(text)) = (web_sys::window(), serde_json::to_string(live)) {
        let _ = js_sys::Reflect::set(&window, &LIVE_PROPERTY.into(), &text.into());
    }
}

fn announce_change() {
    if let Some(window) = web_sys::window() {
        if let Ok(event) = web_sys::Event::new(CHANGED_EVENT) {
            let _ = window.dispatch_event(&event);
        }
    }
}

/// A short reason for a sentence of our own ("… not saved: browser storage is full.").
fn reason(problem: &StorageProblem) -> String {
    match problem {
        StorageProblem::Unavailable => "this browser is not letting Faultline save.".into(),
        StorageProblem::Full => "browser storage is full.".into(),
        StorageProblem::Failed(why) => format!("saving failed ({why})."),
    }
}

thread_local! {
    static LEGACY_MIGRATED: Cell<bool> = const { Cell::new(false) };
}

/// Moves kept-aside data of the old single-slot design into the list, once per module start
/// (the first time anything reads progress).
fn migrate_legacy_once() -> Vec<String> {
    if LEGACY_MIGRATED.with(|done| done.replace(true)) {
        return vec![];
    }
    set_aside::migrate_legacy()
        .iter()
        .map(|p| format!("Data kept aside earlier could not be moved: {}", reason(p)))
        .collect()
}

/// Stored progress ready to be added to, with notices; `writable` is false when the stored text
/// is unreadable and could not be kept aside, so writing would destroy it.
struct Base {
    progress: Progress,
    notices: Vec<String>,
    writable: bool,
}

/// What the learner is told about stored progress that cannot be read.
const UNREADABLE: set_aside::Messages = set_aside::Messages {
    kept: |problem| progress::unreadable_notice(problem, Ok(())),
    not_kept: |problem, storage| {
        progress::unreadable_notice(
            problem,
            Err(reason(storage).trim_end_matches('.').to_string()),
        )
    },
};

/// Stored progress, or why it cannot be read ("could not be read (…)").
fn parse(stored: Option<&str>) -> Result<Progress, String> {
    let loaded = progress::load(stored);
    match loaded.problem {
        None => Ok(loaded.progress),
        Some(problem) => Err(problem),
    }
}

fn read_base() -> Base {
    let mut notices = migrate_legacy_once();
    let loaded =
        set_aside::load_or_set_aside(PROGRESS_KEY, set_aside::kind::PROGRESS, parse, &UNREADABLE);
    notices.extend(loaded.notices);
    Base {
        // When storage cannot be read, writing is still tried: the write says why it failed.
        writable: loaded.stuck.is_none(),
        progress: loaded.value,
        notices,
    }
}

/// Reads stored progress, adds this tab's unsaved results, and lists what is kept aside.
pub fn load() -> Stored {
    let base = read_base();
    let live = live();
    let mut progress = base.progress;
    apply_unsaved(&live, &mut progress);
    Stored {
        progress,
        notices: base.notices,
        aside: set_aside::list_kind(set_aside::kind::PROGRESS),
        other_aside: set_aside::list()
            .into_iter()
            .filter(|i| !set_aside::kind::WITH_OWN_PAGE.contains(&i.kind.as_str()))
            .collect(),
        unsaved: unsaved_notice(&live),
    }
}

/// This tab's results and practice answers not yet written.
fn apply_unsaved(live: &Live, progress: &mut Progress) {
    for pending in &live.pending {
        progress.record(&pending.attempt());
    }
    for answer in &live.practice {
        progress.record_practice(answer);
    }
}

/// Only after a write failed: a result waiting for its first write is not news.
fn unsaved_notice(live: &Live) -> Option<String> {
    let count = live.pending.len() + live.practice.len();
    (count > 0 && !live.problem.is_empty()).then(|| progress::unsaved_notice(count, &live.problem))
}

/// What the notice bar should show now: notices raised while recording (each once) and, while
/// results wait in memory, why.
pub fn live_notices() -> (Vec<String>, Option<String>) {
    let mut live = live();
    let notices = std::mem::take(&mut live.notices);
    if !notices.is_empty() {
        set_live(&live);
    }
    (notices, unsaved_notice(&live))
}

/// Writes `text` and reads it back: only a value that reads back unchanged counts as saved.
fn write_verified(text: &str) -> Result<(), String> {
    storage::write(PROGRESS_KEY, text).map_err(|p| reason(&p))?;
    match storage::read(PROGRESS_KEY) {
        Ok(Some(back)) if back == text => Ok(()),
        _ => Err("saving failed (the saved copy did not read back).".into()),
    }
}

/// Reads stored progress afresh, applies this tab's unsaved results and `change`, and writes the
/// whole. On failure nothing is lost: the unsaved results stay in memory with the reason.
fn update<T>(change: impl FnOnce(&mut Progress) -> T) -> Result<(Progress, T), String> {
    let mut live = live();
    let base = read_base();
    live.notices.extend(base.notices);
    let mut progress = base.progress;
    apply_unsaved(&live, &mut progress);
    let outcome = change(&mut progress);
    let written = if base.writable {
        write_verified(&progress::export(&progress))
    } else {
        Err(
            "your saved progress could not be read or kept aside, so it was not overwritten."
                .into(),
        )
    };
    match written {
        Ok(()) => {
            live.pending.clear();
            live.practice.clear();
            live.problem.clear();
            set_live(&live);
            Ok((progress, outcome))
        }
        Err(why) => {
            live.problem = why.clone();
            set_live(&live);
            Err(why)
        }
    }
}

/// Runs `task` holding the progress Web Lock, so tabs take turns; at once where the browser has no
/// Web Locks (or refuses the request).
fn with_lock(task: impl FnOnce() + 'static) {
    let task = Rc::new(Cell::new(Some(Box::new(task) as Box<dyn FnOnce()>)));
    let run = {
        let task = task.clone();
        move || {
            if let Some(task) = task.take() {
                task();
            }
        }
    };
    let Some((locks, request)) = lock_manager() else {
        run();
        return;
    };
    let in_lock = {
        let run = run.clone();
        Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
            run();
            js_sys::Promise::new(&mut |resolve, _| {
                if let Some(window) = web_sys::window() {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve,
                        LOCK_HOLD_MS,
                    );
                }
            })
        })
    };
    match request.call2(&locks, &LOCK_NAME.into(), &in_lock) {
        Ok(promise) => {
            let promise = js_sys::Promise::resolve(&promise);
            wasm_bindgen_futures::spawn_local(async move {
                // A refused request must not become an uncaught rejection; run without the lock.
                if wasm_bindgen_futures::JsFuture::from(promise).await.is_err() {
                    run();
                }
            });
        }
        Err(_) => run(),
    }
}

fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = js_sys::Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = js_sys::Reflect::get(&locks, &"request".into()).ok()?;
    Some((locks, request.dyn_into().ok()?))
}

/// Records one finished attempt. It is kept in memory first, then written under the lock; if
/// writing fails the notice bar is told and the attempt waits for the next successful save.
pub fn record(attempt: &Attempt) {
    let mut live = live();
    live.pending.push(PendingAttempt::from_attempt(attempt));
    set_live(&live);
    announce_change();
    with_lock(flush);
}

/// Records one interview-practice answer the same way: in memory first, then written under the
/// lock, kept until a write succeeds.
pub fn record_practice(answer: PracticeAnswer) {
    let mut live = live();
    live.practice.push(answer);
    set_live(&live);
    announce_change();
    with_lock(flush);
}

/// Writes the waiting results; a moment later checks that another tab did not overwrite them.
fn flush() {
    let live = live();
    let written: Vec<String> = live.pending.iter().map(|p| p.scenario_id.clone()).collect();
    if written.is_empty() && live.practice.is_empty() {
        return;
    }
    if let Ok((progress, ())) = update(|_| ()) {
        let expected: Vec<_> = written
            .into_iter()
            .filter_map(|id| Some((id.clone(), progress.results.get(&id)?.clone())))
            .collect();
        gloo_timers::callback::Timeout::new(RECHECK_MS, move || recheck(expected)).forget();
    }
    announce_change();
}

/// If stored progress lost a result this tab wrote (a tab without the lock wrote over it),
/// writes it again.
fn recheck(expected: Vec<(String, progress::BestResult)>) {
    let stored = progress::load(storage::read(PROGRESS_KEY).ok().flatten().as_deref());
    if stored.unreadable.is_some() {
        return;
    }
    let lost: Vec<_> = expected
        .into_iter()
        .filter(|(id, result)| !stored.progress.holds(id, result))
        .collect();
    if lost.is_empty() {
        return;
    }
    let mut again = Progress::new();
    again.results.extend(lost);
    with_lock(move || {
        let _ = update(|progress| progress.merge(&again));
        announce_change();
    });
}

/// Merges a progress file into stored progress (nothing is lost); says what changed.
pub fn merge(imported: &Progress) -> Result<(Progress, progress::MergeSummary), String> {
    let result = update(|progress| progress.merge(imported));
    announce_change();
    result
}

/// Replaces stored progress with `replacement`, after keeping a copy of the current progress
/// (with any unsaved results) aside. Nothing changes unless that copy is safely stored.
pub fn replace(replacement: &Progress) -> Result<(), String> {
    let current = load();
    if current.progress != Progress::new() {
        set_aside::keep(
            set_aside::kind::PROGRESS,
            &progress::export(&current.progress),
        )
        .map_err(|p| {
            format!(
                "a copy of your current progress could not be kept aside first ({})",
                reason(&p).trim_end_matches('.')
            )
        })?;
    }
    let mut live = live();
    // The waiting results are in the copy just kept aside.
    live.pending.clear();
    live.problem.clear();
    set_live(&live);
    let result = update(|progress| *progress = replacement.clone()).map(|_| ());
    announce_change();
    result
}

/// Forgets one kept-aside progress item.
pub fn discard_aside(key: &str) -> Result<(), String> {
    let result = set_aside::discard(key).map_err(|p| p.notice());
    announce_change();
    result
}

/// Writes the results waiting in this tab (the start page's inbox, an earlier failed write), if
/// any: when the writer module or the full app starts.
pub fn resume() {
    let live = live();
    if !live.pending.is_empty() || !live.practice.is_empty() {
        with_lock(flush);
    }
}

/// Records a finished simulator puzzle (its id and topics as the simulator reported them).
/// Problems are shown by the notice bar, never lost in the console.
pub fn record_finished(finished: &Finished) {
    record(&PendingAttempt::from_finished(finished, &today()).attempt());
}

thread_local! {
    static RECORDER: Callback<Finished> = Callback::from(|f: Finished| record_finished(&f));
}

/// The simulator's `on_finished` for every page that records progress: always the same
/// callback, so a page re-rendering does not make its simulator render again.
pub fn recorder() -> Callback<Finished> {
    RECORDER.with(Callback::clone)
}
