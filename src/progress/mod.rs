//! The learner's progress: best result per scenario, mastery per topic, a daily streak, interview
//! practice (best explain-it score per question, the drill's spaced-repetition state); and what
//! the learner is told when it cannot be read or saved.
//!
//! Stored as versioned JSON, older versions migrated on read. Loading never fails: unreadable
//! text is handed back with what is wrong with it, for the store to keep aside (or leave where it
//! is when it cannot), never to overwrite. A result that could not be written waits as a
//! `PendingAttempt`. Imports are checked for size and shape, then merged (`Progress::merge`)
//! unless the learner chooses to replace; counters saturate rather than wrap, because stored and
//! imported numbers can be anything. Pure: no clock and no browser; the storage glue is
//! `store.rs` beside it.

pub mod handoff;
mod migrate;
mod practice;
pub mod store;
pub mod writer;

use migrate::migrate;

pub use practice::PracticeAnswer;

use std::collections::BTreeMap;

use faultline_engine::interview::drill::DrillProgress;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const SCHEMA_VERSION: u32 = 2;

/// Progress files larger than this are refused before parsing: no real progress comes near it
/// (a result is ~120 bytes), and parsing and showing much more would stall the page.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Progress {
    pub schema_version: u32,
    /// Keyed by scenario id (stable, never by position), `endless:<seed>` for `#/puzzle/<seed>`,
    /// `endless:<seed>:<difficulty>:<topic>` for the endless page, `challenge:<digest>`.
    pub results: BTreeMap<String, BestResult>,
    pub topics: BTreeMap<String, TopicStats>,
    pub streak: Streak,
    /// Best explain-it score (0–100) per interview question id. Absent in files written before
    /// interview practice existed, hence the defaults: such files stay schema 2.
    #[serde(default)]
    pub explain: BTreeMap<String, u32>,
    /// The recognise-it-fast drill: which cards are due when.
    #[serde(default)]
    pub drill: DrillProgress,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct BestResult {
    pub best_score: u32,
    pub max_score: u32,
    pub solved: bool,
    pub attempts: u32,
    /// Hints used in the best attempt.
    pub hints: u32,
    /// Seconds taken in the best attempt.
    pub seconds: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct TopicStats {
    pub attempts: u32,
    /// Attempts where the root-cause layer was right on the first try.
    pub first_try: u32,
    /// Attempts where the owner of the fix was right on the first try (absent in older files).
    #[serde(default)]
    pub owner_first_try: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Streak {
    pub current: u32,
    pub best: u32,
    /// `YYYY-MM-DD` of the last day with a solved puzzle.
    pub last_day: Option<String>,
}

/// One finished puzzle, as the diagnosis screen reports it.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt<'a> {
    pub scenario_id: &'a str,
    pub topics: &'a [String],
    pub score: u32,
    pub max_score: u32,
    pub solved: bool,
    pub layer_first_try: bool,
    /// Who owns the fix was right on the first try.
    pub owner_first_try: bool,
    pub hints: u32,
    pub seconds: u32,
    /// Today's date, `YYYY-MM-DD`, in the learner's time zone.
    pub today: &'a str,
}

/// A finished attempt not yet written to storage (storage full, or unreadable data in the way).
/// Owned and serializable, so it can wait in memory and be re-applied to freshly read progress.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PendingAttempt {
    pub scenario_id: String,
    pub topics: Vec<String>,
    pub score: u32,
    pub max_score: u32,
    pub solved: bool,
    pub layer_first_try: bool,
    #[serde(default)]
    pub owner_first_try: bool,
    pub hints: u32,
    pub seconds: u32,
    pub today: String,
}

impl PendingAttempt {
    /// The attempt a finished simulator puzzle reports, on `today`.
    pub fn from_finished(finished: &crate::logic::finished::Finished, today: &str) -> Self {
        PendingAttempt {
            scenario_id: finished.id.clone(),
            topics: finished.topics.clone(),
            score: finished.score,
            max_score: finished.max_score,
            solved: finished.solved,
            layer_first_try: finished.layer_first_try,
            owner_first_try: finished.owner_first_try,
            hints: finished.hints,
            seconds: finished.seconds,
            today: today.to_string(),
        }
    }

    /// The text serde writes for it, written without serde's writer (the start module hands it
    /// to the progress writer, which reads it with serde; see `logic::json_value`).
    pub fn to_json(&self) -> String {
        crate::logic::json_value::write_fields(&[
            ("scenario_id", self.scenario_id.clone().into()),
            ("topics", self.topics.clone().into()),
            ("score", self.score.into()),
            ("max_score", self.max_score.into()),
            ("solved", self.solved.into()),
            ("layer_first_try", self.layer_first_try.into()),
            ("owner_first_try", self.owner_first_try.into()),
            ("hints", self.hints.into()),
            ("seconds", self.seconds.into()),
            ("today", self.today.clone().into()),
        ])
    }

    pub fn from_attempt(attempt: &Attempt) -> Self {
        PendingAttempt {
            scenario_id: attempt.scenario_id.to_string(),
            topics: attempt.topics.to_vec(),
            score: attempt.score,
            max_score: attempt.max_score,
            solved: attempt.solved,
            layer_first_try: attempt.layer_first_try,
            owner_first_try: attempt.owner_first_try,
            hints: attempt.hints,
            seconds: attempt.seconds,
            today: attempt.today.to_string(),
        }
    }

    pub fn attempt(&self) -> Attempt<'_> {
        Attempt {
            scenario_id: &self.scenario_id,
            topics: &self.topics,
            score: self.score,
            max_score: self.max_score,
            solved: self.solved,
            layer_first_try: self.layer_first_try,
            owner_first_try: self.owner_first_try,
            hints: self.hints,
            seconds: self.seconds,
            today: &self.today,
        }
    }
}

/// What merging an imported file did, per puzzle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct MergeSummary {
    pub new: usize,
    pub improved: usize,
    pub unchanged: usize,
}

impl MergeSummary {
    /// "Merged: 3 new results, 2 improved, 5 unchanged."
    pub fn describe(&self) -> String {
        let results = if self.new == 1 { "result" } else { "results" };
        format!(
            "Merged: {} new {results}, {} improved, {} unchanged.",
            self.new, self.improved, self.unchanged
        )
    }
}

impl Progress {
    pub fn new() -> Self {
        Progress {
            schema_version: SCHEMA_VERSION,
            ..Progress::default()
        }
    }

    pub fn record_practice(&mut self, answer: &PracticeAnswer) {
        match answer {
            PracticeAnswer::Explain { prompt, score } => {
                let best = self.explain.entry(prompt.clone()).or_default();
                *best = (*best).max((*score).min(100));
            }
            PracticeAnswer::Drill { card, right, day } => self.drill.record(card, *right, *day),
        }
    }

    pub fn record(&mut self, attempt: &Attempt) {
        let best = self
            .results
            .entry(attempt.scenario_id.to_string())
            .or_default();
        best.attempts = best.attempts.saturating_add(1);
        best.max_score = attempt.max_score;
        best.solved |= attempt.solved;
        if best.attempts == 1 || attempt.score > best.best_score {
            best.best_score = attempt.score;
            best.hints = attempt.hints;
            best.seconds = attempt.seconds;
        }
        for topic in attempt.topics {
            let stats = self.topics.entry(topic.clone()).or_default();
            stats.attempts = stats.attempts.saturating_add(1);
            stats.first_try = stats
                .first_try
                .saturating_add(u32::from(attempt.layer_first_try));
            stats.owner_first_try = stats
                .owner_first_try
                .saturating_add(u32::from(attempt.owner_first_try));
        }
        if attempt.solved {
            self.streak.advance(attempt.today);
        }
    }

    /// Share of first-try layer answers per topic, 0–100 (in u64, so huge stored counts cannot
    /// overflow; capped, because an imported file may claim more first tries than attempts).
    pub fn mastery(&self) -> Vec<(String, u32)> {
        self.topics
            .iter()
            .map(|(topic, stats)| {
                let share = u64::from(stats.first_try) * 100 / u64::from(stats.attempts.max(1));
                (topic.clone(), share.min(100) as u32)
            })
            .collect()
    }

    /// Folds `other` (an imported file) into this progress without losing anything: per puzzle the
    /// better result wins, solved stays solved, and counts take the larger side. Counts are not
    /// added: a file is often an earlier export of this same browser, and adding would count
    /// those attempts twice. The streak with the later day is current; the best streak is kept.
    pub fn merge(&mut self, other: &Progress) -> MergeSummary {
        let mut summary = MergeSummary::default();
        for (id, theirs) in &other.results {
            let Some(mine) = self.results.get_mut(id) else {
                self.results.insert(id.clone(), theirs.clone());
                summary.new += 1;
                continue;
            };
            let before = mine.clone();
            if theirs.better_than(mine) {
                mine.best_score = theirs.best_score;
                mine.max_score = theirs.max_score;
                mine.hints = theirs.hints;
                mine.seconds = theirs.seconds;
            }
            mine.solved |= theirs.solved;
            mine.attempts = mine.attempts.max(theirs.attempts);
            if *mine == before {
                summary.unchanged += 1;
            } else {
                summary.improved += 1;
            }
        }
        for (topic, theirs) in &other.topics {
            let mine = self.topics.entry(topic.clone()).or_default();
            mine.attempts = mine.attempts.max(theirs.attempts);
            mine.first_try = mine.first_try.max(theirs.first_try);
            mine.owner_first_try = mine.owner_first_try.max(theirs.owner_first_try);
        }
        self.streak.merge(&other.streak);
        for (prompt, theirs) in &other.explain {
            let mine = self.explain.entry(prompt.clone()).or_default();
            *mine = (*mine).max(*theirs);
        }
        self.drill.merge(&other.drill);
        summary
    }
}

impl Progress {
    /// True when this progress already has `result` for `id`, or better: merging it would change
    /// nothing.
    pub fn holds(&self, id: &str, result: &BestResult) -> bool {
        self.results.get(id).is_some_and(|mine| {
            mine.attempts >= result.attempts
                && (mine.solved || !result.solved)
                && !result.better_than(mine)
        })
    }
}

impl BestResult {
    /// A higher share of the maximum score; at the same share, fewer hints, then less time.
    fn better_than(&self, other: &BestResult) -> bool {
        let share =
            |r: &BestResult| u64::from(r.best_score) * 1_000_000 / u64::from(r.max_score.max(1));
        (
            share(self),
            std::cmp::Reverse(self.hints),
            std::cmp::Reverse(self.seconds),
        ) > (
            share(other),
            std::cmp::Reverse(other.hints),
            std::cmp::Reverse(other.seconds),
        )
    }
}

impl Streak {
    fn advance(&mut self, today: &str) {
        match self.last_day.as_deref() {
            Some(day) if day == today => return,
            Some(day) if next_day(day).as_deref() == Some(today) => {
                self.current = self.current.saturating_add(1)
            }
            _ => self.current = 1,
        }
        self.best = self.best.max(self.current);
        self.last_day = Some(today.to_string());
    }

    /// The streak whose last day is later is the one still running (`YYYY-MM-DD` sorts by date);
    /// on the same day the longer one.
    fn merge(&mut self, other: &Streak) {
        let best = self.best.max(other.best);
        let take_theirs = match (&self.last_day, &other.last_day) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(mine), Some(theirs)) => {
                theirs > mine || (theirs == mine && other.current > self.current)
            }
        };
        if take_theirs {
            self.current = other.current;
            self.last_day = other.last_day.clone();
        }
        self.best = best.max(self.current);
    }
}

/// The calendar day after `YYYY-MM-DD` (proleptic Gregorian), or None when the text is no date.
fn next_day(day: &str) -> Option<String> {
    let mut parts = day.splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, date) = (parts.next()??, parts.next()??, parts.next()??);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    let (year, month, date) = if date < days_in_month {
        (year, month, date + 1)
    } else if month < 12 {
        (year, month + 1, 1)
    } else {
        (year + 1, 1, 1)
    };
    Some(format!("{year:04}-{month:02}-{date:02}"))
}

/// What loading stored progress gave: the progress to use and, when the stored text could not be
/// used, what is wrong with it and the text itself (the store keeps it aside, never overwrites it).
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub progress: Progress,
    /// What is wrong with the stored text, e.g. "could not be read (EOF at line 1 column 30)".
    pub problem: Option<String>,
    /// The stored text that could not be used.
    pub unreadable: Option<String>,
}

pub fn load(stored: Option<&str>) -> Loaded {
    let usable = |progress| Loaded {
        progress,
        problem: None,
        unreadable: None,
    };
    let Some(raw) = stored else {
        return usable(Progress::new());
    };
    let problem = match serde_json::from_str::<Value>(raw) {
        Ok(value) => match migrate(raw, value) {
            Ok(progress) => return usable(progress),
            Err(why) => why,
        },
        Err(error) => format!("could not be read ({error})"),
    };
    Loaded {
        progress: Progress::new(),
        problem: Some(problem),
        unreadable: Some(raw.to_string()),
    }
}

/// What the learner is told about unreadable saved progress. `kept` says whether a copy was
/// really stored aside: only then may the notice say so.
pub fn unreadable_notice(problem: &str, kept: Result<(), String>) -> String {
    match kept {
        Ok(()) => format!(
            "Your saved progress {problem}. It was kept aside: export it from the Progress page. \
             Starting with fresh progress."
        ),
        Err(why) => format!(
            "Your saved progress {problem}, and it could not be kept aside ({why}). It stays where \
             it is and will not be overwritten: new results are kept in this tab only. Export \
             your progress from the Progress page to keep them."
        ),
    }
}

/// What the learner is told when finished puzzles could not be written.
pub fn unsaved_notice(count: usize, why: &str) -> String {
    let what = if count == 1 {
        "Your latest result was".to_string()
    } else {
        format!("{count} results were")
    };
    format!(
        "{what} not saved: {why} It is kept in this tab and saved with your next result; export \
         your progress to keep it for sure."
    )
}

/// Imports a progress file the learner chose; errors say what is wrong with it and where.
pub fn import(text: &str) -> Result<Progress, String> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(format!(
            "the file is {:.1} MB, more than the {} MB a progress file may have",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))?;
    migrate(text, value).map_err(|why| format!("the file {why}"))
}

pub fn export(progress: &Progress) -> String {
    serde_json::to_string_pretty(progress).expect("progress always serializes")
}

#[cfg(test)]
mod tests;
