//! The learner's progress: best result per scenario, mastery per topic, a daily streak.
//!
//! Stored as versioned JSON. Loading never fails: unreadable data is kept aside (so the learner can
//! export it) and the app starts fresh with a notice. Pure: the storage glue is in `storage.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const SCHEMA_VERSION: u32 = 2;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Progress {
    pub schema_version: u32,
    /// Keyed by scenario id (stable, never by position), `endless:<seed>` for `#/puzzle/<seed>`,
    /// `endless:<seed>:<difficulty>:<topic>` for the endless page, `challenge:<digest>`.
    pub results: BTreeMap<String, BestResult>,
    pub topics: BTreeMap<String, TopicStats>,
    pub streak: Streak,
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
    pub hints: u32,
    pub seconds: u32,
    /// Today's date, `YYYY-MM-DD`, in the learner's time zone.
    pub today: &'a str,
}

impl Progress {
    pub fn new() -> Self {
        Progress {
            schema_version: SCHEMA_VERSION,
            ..Progress::default()
        }
    }

    pub fn record(&mut self, attempt: &Attempt) {
        let best = self
            .results
            .entry(attempt.scenario_id.to_string())
            .or_default();
        best.attempts += 1;
        best.max_score = attempt.max_score;
        best.solved |= attempt.solved;
        if best.attempts == 1 || attempt.score > best.best_score {
            best.best_score = attempt.score;
            best.hints = attempt.hints;
            best.seconds = attempt.seconds;
        }
        for topic in attempt.topics {
            let stats = self.topics.entry(topic.clone()).or_default();
            stats.attempts += 1;
            stats.first_try += u32::from(attempt.layer_first_try);
        }
        if attempt.solved {
            self.streak.advance(attempt.today);
        }
    }

    /// Share of first-try layer answers per topic, 0–100.
    pub fn mastery(&self) -> Vec<(String, u32)> {
        self.topics
            .iter()
            .map(|(topic, stats)| (topic.clone(), stats.first_try * 100 / stats.attempts.max(1)))
            .collect()
    }
}

impl Streak {
    fn advance(&mut self, today: &str) {
        match self.last_day.as_deref() {
            Some(day) if day == today => return,
            Some(day) if next_day(day).as_deref() == Some(today) => self.current += 1,
            _ => self.current = 1,
        }
        self.best = self.best.max(self.current);
        self.last_day = Some(today.to_string());
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

/// What loading stored progress gave: the progress to use, and what to tell the learner.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub progress: Progress,
    /// Set when something was not as expected; shown once as a notice.
    pub notice: Option<String>,
    /// The stored text that could not be used, kept so it can be exported.
    pub set_aside: Option<String>,
}

pub fn load(stored: Option<&str>) -> Loaded {
    let fresh = |notice: String, raw: &str| Loaded {
        progress: Progress::new(),
        notice: Some(notice),
        set_aside: Some(raw.to_string()),
    };
    let Some(raw) = stored else {
        return Loaded {
            progress: Progress::new(),
            notice: None,
            set_aside: None,
        };
    };
    let value: Value = match serde_json::from_str(raw) {
        Ok(value) => value,
        Err(error) => {
            return fresh(
                format!(
                    "Your saved progress could not be read ({error}). It was kept aside: export \
                     it from the Progress page. Starting with fresh progress."
                ),
                raw,
            )
        }
    };
    match migrate(value) {
        Ok(progress) => Loaded {
            progress,
            notice: None,
            set_aside: None,
        },
        Err(why) => fresh(
            format!(
                "Your saved progress {why}. It was kept aside: export it from the Progress page. \
                 Starting with fresh progress."
            ),
            raw,
        ),
    }
}

/// Imports a progress file the learner chose; errors say what is wrong with it.
pub fn import(text: &str) -> Result<Progress, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("the file is not valid JSON ({e})"))?;
    migrate(value)
}

pub fn export(progress: &Progress) -> String {
    serde_json::to_string_pretty(progress).expect("progress always serializes")
}

/// Brings any stored version up to `SCHEMA_VERSION`.
fn migrate(mut value: Value) -> Result<Progress, String> {
    let version = value
        .get("schema_version")
        .and_then(Value::as_u64)
        .ok_or("has no schema_version, so it is not Faultline progress")?;
    if version > u64::from(SCHEMA_VERSION) {
        return Err(format!(
            "was written by a newer Faultline (schema {version}; this copy knows up to {SCHEMA_VERSION})"
        ));
    }
    if version == 1 {
        value = migrate_v1(value)?;
    }
    serde_json::from_value(value).map_err(|e| format!("does not have the expected shape ({e})"))
}

/// Version 1 stored only `scores`: scenario id → best score out of 3, with no topics or streak.
fn migrate_v1(value: Value) -> Result<Value, String> {
    let scores = value
        .get("scores")
        .and_then(Value::as_object)
        .ok_or("(schema 1) has no scores object")?;
    let mut results = serde_json::Map::new();
    for (id, score) in scores {
        let score = score
            .as_u64()
            .ok_or(format!("(schema 1) has a non-numeric score for {id:?}"))?;
        results.insert(
            id.clone(),
            serde_json::json!({
                "best_score": score, "max_score": 3, "solved": score > 0,
                "attempts": 1, "hints": 0, "seconds": 0,
            }),
        );
    }
    Ok(serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "results": results,
        "topics": {},
        "streak": { "current": 0, "best": 0, "last_day": null },
    }))
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
    fn unreadable_data_is_kept_aside_with_a_notice() {
        let loaded = load(Some("{\"schema_version\": 2, \"results\": "));
        assert_eq!(loaded.progress, Progress::new());
        assert_eq!(
            loaded.set_aside.as_deref(),
            Some("{\"schema_version\": 2, \"results\": ")
        );
        assert!(loaded.notice.unwrap().contains("could not be read"));

        let newer = load(Some("{\"schema_version\": 99}"));
        assert!(newer.notice.unwrap().contains("newer Faultline"));
        assert!(newer.set_aside.is_some());

        assert_eq!(load(None).notice, None);
    }

    #[test]
    fn migrates_schema_1() {
        let loaded = load(Some(
            r#"{"schema_version": 1, "scores": {"rest-405": 3, "tls-sni": 0}}"#,
        ));
        assert_eq!(loaded.notice, None);
        let results = &loaded.progress.results;
        assert_eq!(results["rest-405"].best_score, 3);
        assert!(results["rest-405"].solved);
        assert!(!results["tls-sni"].solved);
        assert_eq!(loaded.progress.schema_version, SCHEMA_VERSION);
    }

    #[test]
    fn import_explains_what_is_wrong() {
        assert!(import("not json").unwrap_err().contains("not valid JSON"));
        assert!(import("{}").unwrap_err().contains("no schema_version"));
        assert!(import(r#"{"schema_version": 2, "results": 5}"#)
            .unwrap_err()
            .contains("expected shape"));
    }
}
