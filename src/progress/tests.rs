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
    let text = pending.to_json();
    assert_eq!(text, serde_json::to_string(&pending).unwrap());
    let back: PendingAttempt = serde_json::from_str(&text).unwrap();
    let (mut a, mut b) = (Progress::new(), Progress::new());
    a.record(&original);
    b.record(&back.attempt());
    assert_eq!(a, b);
}

#[test]
fn unsaved_notice_counts_results() {
    assert!(unsaved_notice(1, "storage is full.").starts_with("Your latest result was not saved"));
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

#[test]
fn the_start_pages_file_of_waiting_results_imports_as_those_results() {
    let topics = vec!["oauth".to_string()];
    let kept: Vec<String> = [("oauth-expired", 90), ("cors-preflight", 0)]
        .iter()
        .map(|(id, score)| {
            let pending = PendingAttempt::from_attempt(&attempt(id, &topics, *score, "2026-12-01"));
            serde_json::to_string(&pending).unwrap()
        })
        .collect();
    let imported = import(&handoff::waiting_file(&kept)).unwrap();
    let mut expected = Progress::new();
    expected.record(&attempt("oauth-expired", &topics, 90, "2026-12-01"));
    expected.record(&attempt("cors-preflight", &topics, 0, "2026-12-01"));
    assert_eq!(imported, expected);
    assert_eq!(
        import(&handoff::waiting_file(&[])).unwrap(),
        Progress::new()
    );
    let broken = handoff::waiting_file(&["{\"scenario_id\": 3}".to_string()]);
    assert!(import(&broken).unwrap_err().contains("unsaved_results"));
}
