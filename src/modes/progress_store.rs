//! Progress in localStorage: load with a notice when something is wrong, record finished puzzles.
//! The pure model is `crate::progress`; the storage glue is `crate::storage`.

use crate::logic::state::{Settled, SimState};
use crate::progress::{self, Attempt, Progress};
use crate::storage::{self, PROGRESS_KEY, PROGRESS_SET_ASIDE_KEY};

/// Progress as loaded, with whatever the learner should be told.
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub progress: Progress,
    pub notices: Vec<String>,
    /// Unreadable data kept aside earlier or now, exportable from the Progress page.
    pub set_aside: Option<String>,
}

/// Reads stored progress. Unreadable data is moved to its own key (so the notice is shown once
/// and the data stays exportable) and the app goes on with fresh progress.
pub fn load() -> Stored {
    let mut notices = vec![];
    let raw = storage::read(PROGRESS_KEY).unwrap_or_else(|problem| {
        notices.push(problem.notice());
        None
    });
    let loaded = progress::load(raw.as_deref());
    notices.extend(loaded.notice);
    if let Some(bad) = &loaded.set_aside {
        let moved =
            storage::write(PROGRESS_SET_ASIDE_KEY, bad).and_then(|_| storage::remove(PROGRESS_KEY));
        if let Err(problem) = moved {
            notices.push(problem.notice());
        }
    }
    let set_aside = loaded
        .set_aside
        .or_else(|| storage::read(PROGRESS_SET_ASIDE_KEY).ok().flatten());
    Stored {
        progress: loaded.progress,
        notices,
        set_aside,
    }
}

pub fn save(progress: &Progress) -> Result<(), String> {
    storage::write(PROGRESS_KEY, &progress::export(progress)).map_err(|p| p.notice())
}

/// Forgets the unreadable data kept aside.
pub fn discard_set_aside() -> Result<(), String> {
    storage::remove(PROGRESS_SET_ASIDE_KEY).map_err(|p| p.notice())
}

/// Today in the learner's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

/// Records one finished attempt; an error is a notice (storage full or disabled).
pub fn record(attempt: &Attempt) -> Result<(), String> {
    let mut stored = load();
    stored.progress.record(attempt);
    save(&stored.progress)
}

/// Records a finished simulator puzzle. `id` is the scenario id (or `endless:<seed>`,
/// `challenge:<digest>`); topics are the given tags plus the root-cause layer and the flow.
pub fn record_finished(state: &SimState, id: &str, tags: &[String]) -> Result<(), String> {
    let score = state.score();
    let mut topics: Vec<String> = tags.to_vec();
    if let Some(answer) = state.revealed() {
        topics.push(answer.root_cause_layer.id().to_string());
    }
    topics.push(state.view.evidence.flow.clone());
    topics.sort();
    topics.dedup();
    let solved = state
        .settled
        .iter()
        .all(|s| matches!(s, Some(Settled::Right { .. })));
    let first_try = matches!(
        state.settled.first(),
        Some(Some(Settled::Right { wrong: 0 }))
    );
    let today = today();
    record(&Attempt {
        scenario_id: id,
        topics: &topics,
        score: score.total,
        max_score: score.max,
        solved,
        layer_first_try: first_try,
        hints: state.hints as u32,
        seconds: score.seconds,
        today: &today,
    })
}
