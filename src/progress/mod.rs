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

mod migrate;
mod practice;
pub mod store;

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
mod tests {
    use super::*;

    fn attempt<'a>(id: &'a str, topics: &'a [String], score: u32, today: &'a str) -> Attempt<'a> {
        Attempt {
            scenario_id: id,
            topics,
            score,
            max_score: 100,
            solved: score > 0,
            layer_first_try: score >= 50,
            owner_first_try: score >= 80,
            hints: 1,
            seconds: 30,
            today,
        }
    }

    #[test]
    fn keeps_the_best_result_and_counts_attempts() {
        let topics = vec!["oauth".to_string()];
        let mut progress = Progress::new();
        progress.record(&attempt("oauth-expired", &topics, 40, "2026-11-29"));
        progress.record(&attempt("oauth-expired", &topics, 90, "2026-11-29"));
        progress.record(&attempt("oauth-expired", &topics, 10, "2026-11-29"));
        let best = &progress.results["oauth-expired"];
        assert_eq!((best.best_score, best.attempts, best.solved), (90, 3, true));
        assert_eq!(progress.mastery(), vec![("oauth".to_string(), 33)]);
    }

    #[test]
    fn streak_counts_consecutive_days_across_month_and_year_ends() {
        let mut progress = Progress::new();
        for day in ["2026-12-30", "2026-12-31", "2027-01-01", "2027-01-01"] {
            progress.record(&attempt("x", &[], 100, day));
        }
        assert_eq!((progress.streak.current, progress.streak.best), (3, 3));
        progress.record(&attempt("x", &[], 100, "2027-01-05"));
        assert_eq!((progress.streak.current, progress.streak.best), (1, 3));
        assert_eq!(next_day("2028-02-28").as_deref(), Some("2028-02-29"));
        assert_eq!(next_day("2027-02-28").as_deref(), Some("2027-03-01"));
        assert_eq!(next_day("nonsense"), None);
    }

    #[test]
    fn round_trips_through_export_and_import() {
        let mut progress = Progress::new();
        progress.record(&attempt(
            "tls-expired",
            &["tls".to_string()],
            70,
            "2026-11-29",
        ));
        assert_eq!(import(&export(&progress)), Ok(progress));
    }

    #[test]
    fn unreadable_data_is_reported_with_its_text() {
        let loaded = load(Some("{\"schema_version\": 2, \"results\": "));
        assert_eq!(loaded.progress, Progress::new());
        assert_eq!(
            loaded.unreadable.as_deref(),
            Some("{\"schema_version\": 2, \"results\": ")
        );
        assert!(loaded.problem.unwrap().contains("could not be read"));

        let newer = load(Some("{\"schema_version\": 99}"));
        assert!(newer.problem.unwrap().contains("newer Faultline"));
        assert!(newer.unreadable.is_some());

        assert_eq!(load(None).problem, None);
    }

    #[test]
    fn the_notice_claims_kept_aside_only_when_it_was() {
        let kept = unreadable_notice("could not be read", Ok(()));
        assert!(kept.contains("It was kept aside"));
        let failed = unreadable_notice("could not be read", Err("storage is full".into()));
        assert!(!failed.contains("was kept aside"), "{failed}");
        assert!(failed.contains("could not be kept aside (storage is full)"));
        assert!(failed.contains("will not be overwritten"));
    }

    fn result(best_score: u32, solved: bool, attempts: u32) -> BestResult {
        BestResult {
            best_score,
            max_score: 100,
            solved,
            attempts,
            hints: 0,
            seconds: 10,
        }
    }

    #[test]
    fn merging_keeps_the_best_of_both_and_counts_what_changed() {
        let mut mine = Progress::new();
        mine.results.insert("same".into(), result(50, true, 2));
        mine.results
            .insert("better-there".into(), result(20, false, 1));
        mine.results.insert("only-here".into(), result(90, true, 4));
        mine.results
            .insert("worse-there".into(), result(80, true, 3));
        let mut theirs = Progress::new();
        theirs.results.insert("same".into(), result(50, true, 2));
        theirs
            .results
            .insert("better-there".into(), result(70, true, 1));
        theirs
            .results
            .insert("worse-there".into(), result(10, false, 5));
        theirs.results.insert("new-a".into(), result(30, false, 1));
        theirs.results.insert("new-b".into(), result(100, true, 1));

        let summary = mine.merge(&theirs);
        assert_eq!(
            summary,
            MergeSummary {
                new: 2,
                improved: 2,
                unchanged: 1
            }
        );
        assert_eq!(
            summary.describe(),
            "Merged: 2 new results, 2 improved, 1 unchanged."
        );
        assert_eq!(mine.results["better-there"], result(70, true, 1));
        // The better score stays; the larger attempt count is taken, solved stays solved.
        assert_eq!(mine.results["worse-there"], result(80, true, 5));
        assert_eq!(mine.results["only-here"], result(90, true, 4));
        assert_eq!(mine.results.len(), 6);
    }

    #[test]
    fn holds_says_whether_a_written_result_is_still_there() {
        let mut stored = Progress::new();
        stored.results.insert("a".into(), result(50, true, 3));
        assert!(stored.holds("a", &result(50, true, 3)));
        assert!(stored.holds("a", &result(40, false, 2)));
        assert!(
            !stored.holds("a", &result(50, true, 4)),
            "an attempt was lost"
        );
        assert!(
            !stored.holds("a", &result(60, true, 3)),
            "a better score was lost"
        );
        assert!(
            !stored.holds("b", &result(0, false, 1)),
            "a puzzle was lost"
        );
    }

    #[test]
    fn merging_an_empty_export_loses_nothing() {
        let mut mine = Progress::new();
        mine.record(&attempt("a", &["tls".to_string()], 60, "2026-11-29"));
        let before = mine.clone();
        let empty = import(&export(&Progress::new())).unwrap();
        let summary = mine.merge(&empty);
        assert_eq!(mine, before);
        assert_eq!(summary, MergeSummary::default());
    }

    #[test]
    fn merging_streaks_follows_the_later_day() {
        let mut mine = Progress::new();
        mine.streak = Streak {
            current: 2,
            best: 9,
            last_day: Some("2026-11-20".into()),
        };
        let mut theirs = Progress::new();
        theirs.streak = Streak {
            current: 4,
            best: 4,
            last_day: Some("2026-11-28".into()),
        };
        theirs.topics.insert(
            "tls".into(),
            TopicStats {
                attempts: 3,
                first_try: 1,
                owner_first_try: 1,
            },
        );
        mine.merge(&theirs);
        assert_eq!(
            mine.streak,
            Streak {
                current: 4,
                best: 9,
                last_day: Some("2026-11-28".into())
            }
        );
        assert_eq!(mine.topics["tls"].attempts, 3);
        assert_eq!(
            mine.topics["tls"].owner_first_try, 1,
            "owner first tries merge too"
        );
        // An older streak does not replace a newer one.
        let mut older = Progress::new();
        older.streak = Streak {
            current: 7,
            best: 7,
            last_day: Some("2026-01-01".into()),
        };
        mine.merge(&older);
        assert_eq!(mine.streak.current, 4);
    }

    #[test]
    fn counters_saturate_instead_of_wrapping() {
        let max = u32::MAX;
        let stored = format!(
            r#"{{"schema_version": 2,
                "results": {{"x": {{"best_score": {max}, "max_score": {max}, "solved": true,
                    "attempts": {max}, "hints": {max}, "seconds": {max}}}}},
                "topics": {{"tls": {{"attempts": {max}, "first_try": {max}}},
                           "dns": {{"attempts": 1, "first_try": {max}}}}},
                "streak": {{"current": {max}, "best": {max}, "last_day": "2026-11-28"}}}}"#
        );
        let mut progress = load(Some(&stored)).progress;
        let topics = vec!["tls".to_string()];
        progress.record(&attempt("x", &topics, 100, "2026-11-29"));
        let x = &progress.results["x"];
        assert_eq!((x.attempts, x.best_score), (max, max));
        assert_eq!(progress.topics["tls"].attempts, max);
        assert_eq!(progress.topics["tls"].first_try, max);
        assert_eq!((progress.streak.current, progress.streak.best), (max, max));
        assert_eq!(
            progress.mastery(),
            vec![("dns".to_string(), 100), ("tls".to_string(), 100)]
        );
    }

    #[test]
    fn pending_attempts_apply_like_the_original() {
        let topics = vec!["oauth".to_string()];
        let original = attempt("p", &topics, 40, "2026-11-29");
        let pending = PendingAttempt::from_attempt(&original);
        let text = serde_json::to_string(&pending).unwrap();
        let back: PendingAttempt = serde_json::from_str(&text).unwrap();
        let (mut a, mut b) = (Progress::new(), Progress::new());
        a.record(&original);
        b.record(&back.attempt());
        assert_eq!(a, b);
    }

    #[test]
    fn unsaved_notice_counts_results() {
        assert!(
            unsaved_notice(1, "storage is full.").starts_with("Your latest result was not saved")
        );
        assert!(unsaved_notice(3, "storage is full.").starts_with("3 results were not saved"));
    }

    #[test]
    fn migrates_schema_1() {
        let loaded = load(Some(
            r#"{"schema_version": 1, "scores": {"rest-405": 3, "tls-sni": 0}}"#,
        ));
        assert_eq!(loaded.problem, None);
        let results = &loaded.progress.results;
        assert_eq!(results["rest-405"].best_score, 3);
        assert!(results["rest-405"].solved);
        assert!(!results["tls-sni"].solved);
        assert_eq!(loaded.progress.schema_version, SCHEMA_VERSION);
    }

    #[test]
    fn import_explains_what_is_wrong_and_where() {
        assert!(import("not json").unwrap_err().contains("not valid JSON"));
        assert!(import("{}").unwrap_err().contains("no schema_version"));
        assert!(import("[1, 2]").unwrap_err().contains("not a JSON object"));
        let shape = import("{\"schema_version\": 2,\n \"results\": 5}").unwrap_err();
        assert!(shape.contains("expected shape"), "{shape}");
        assert!(shape.contains("line 2"), "says where: {shape}");
        let zero = import(r#"{"schema_version": 0, "results": {}}"#).unwrap_err();
        assert!(zero.contains("schema_version 0"), "{zero}");
        let future = import(r#"{"schema_version": 3}"#).unwrap_err();
        assert!(future.contains("newer Faultline (schema 3"), "{future}");
        assert!(import(r#"{"schema_version": "2"}"#)
            .unwrap_err()
            .contains("not a version number"));
    }

    #[test]
    fn import_refuses_files_over_the_size_limit() {
        let mut big = String::from(r#"{"schema_version": 2, "results": {}, "topics": {}, "#);
        big.push_str(r#""streak": {"current": 0, "best": 0, "last_day": null}, "pad": ""#);
        big.push_str(&" ".repeat(MAX_IMPORT_BYTES));
        big.push_str("\"}");
        let why = import(&big).unwrap_err();
        assert!(why.contains("2 MB"), "names the limit: {why}");
        // Just under the limit is fine.
        let small = export(&Progress::new());
        assert!(import(&small).is_ok());
    }

    #[test]
    fn interview_practice_survives_export_and_import_and_merges_per_question_and_card() {
        let mut here = Progress::new();
        here.record_practice(&PracticeAnswer::Explain {
            prompt: "401-vs-403".into(),
            score: 60,
        });
        here.record_practice(&PracticeAnswer::Drill {
            card: "curl-6".into(),
            right: false,
            day: 20_000,
        });
        let back = import(&export(&here)).unwrap();
        assert_eq!(back, here, "export then import gives the same progress");
        assert_eq!(back.drill.cards["curl-6"].missed, 1);

        let mut other = Progress::new();
        other.record_practice(&PracticeAnswer::Explain {
            prompt: "401-vs-403".into(),
            score: 85,
        });
        other.record_practice(&PracticeAnswer::Explain {
            prompt: "idempotency".into(),
            score: 40,
        });
        here.merge(&other);
        assert_eq!(here.explain["401-vs-403"], 85, "the better score wins");
        assert_eq!(here.explain["idempotency"], 40);
        assert!(
            here.drill.cards.contains_key("curl-6"),
            "the drill is not dropped"
        );
        // A lower score never replaces a better one.
        here.record_practice(&PracticeAnswer::Explain {
            prompt: "401-vs-403".into(),
            score: 10,
        });
        assert_eq!(here.explain["401-vs-403"], 85);
    }

    #[test]
    fn files_from_before_interview_practice_still_load_and_odd_numbers_are_repaired() {
        let old = r#"{"schema_version": 2, "results": {}, "topics": {},
            "streak": {"current": 0, "best": 0, "last_day": null}}"#;
        let p = import(old).unwrap();
        assert!(p.explain.is_empty() && p.drill.cards.is_empty());
        let odd = r#"{"schema_version": 2, "results": {}, "topics": {},
            "streak": {"current": 0, "best": 0, "last_day": null},
            "explain": {"401-vs-403": 4000},
            "drill": {"cards": {"curl-6": {"level": 9, "due": 1, "seen": 1, "missed": 3}}}}"#;
        let p = import(odd).unwrap();
        assert_eq!(p.explain["401-vs-403"], 100);
        assert_eq!(p.drill.cards["curl-6"].level, 5);
        assert_eq!(p.drill.cards["curl-6"].missed, 1);
    }

    /// The owner question's first tries are counted per topic; a file written before it existed
    /// (no `owner_first_try` in its topics or pending attempts) still loads, counting none.
    #[test]
    fn owner_first_tries_are_counted_and_older_files_without_them_load() {
        let old = r#"{"schema_version": 2, "results": {},
            "topics": {"auth": {"attempts": 3, "first_try": 2}},
            "streak": {"current": 0, "best": 0, "last_day": null}}"#;
        let mut p = import(old).unwrap();
        assert_eq!(p.topics["auth"].owner_first_try, 0);
        let topics = ["auth".to_string()];
        p.record(&attempt("a", &topics, 90, "2026-01-01"));
        p.record(&attempt("a", &topics, 60, "2026-01-02"));
        assert_eq!(
            (p.topics["auth"].attempts, p.topics["auth"].owner_first_try),
            (5, 1)
        );
        let back = import(&export(&p)).unwrap();
        assert_eq!(
            back.topics["auth"].owner_first_try, 1,
            "kept through export"
        );
        let pending: PendingAttempt = serde_json::from_str(
            r#"{"scenario_id": "a", "topics": [], "score": 1, "max_score": 2, "solved": false,
                "layer_first_try": true, "hints": 0, "seconds": 1, "today": "2026-01-01"}"#,
        )
        .unwrap();
        assert!(
            !pending.owner_first_try,
            "a pending attempt from before reads as not first try"
        );
    }
}
