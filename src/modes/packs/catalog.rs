//! The packs page's model: per-pack progress summaries, scenarios in pack order with their solved
//! mark, and the scenario after a given one. Progress is keyed by scenario id, never position.

use serde_json::Value;

use super::scenario_play::{self, ScenarioInfo};
use crate::modes::packs;
use crate::progress::Progress;

#[derive(Clone, Debug, PartialEq)]
pub struct PackSummary {
    pub id: String,
    pub title: String,
    pub blurb: String,
    pub total: usize,
    pub solved: usize,
    pub attempted: usize,
    /// Sum of the best scores of attempted scenarios, and of their maxima.
    pub best: u32,
    pub max: u32,
}

/// A scenario as the pack page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub info: ScenarioInfo,
    pub solved: bool,
    /// Best score and its maximum, when attempted.
    pub best: Option<(u32, u32)>,
}

pub fn summary(pack: &Value, progress: &Progress) -> PackSummary {
    let rows = rows(pack, progress);
    let attempted: Vec<(u32, u32)> = rows.iter().filter_map(|r| r.best).collect();
    PackSummary {
        id: packs::pack_id(pack),
        title: packs::pack_title(pack),
        blurb: packs::pack_blurb(pack),
        total: rows.len(),
        solved: rows.iter().filter(|r| r.solved).count(),
        attempted: attempted.len(),
        // Stored scores can be anything a file said: add without wrapping (or panicking).
        best: attempted.iter().fold(0, |sum, b| sum.saturating_add(b.0)),
        max: attempted.iter().fold(0, |sum, b| sum.saturating_add(b.1)),
    }
}

pub fn rows(pack: &Value, progress: &Progress) -> Vec<Row> {
    let pack_id = packs::pack_id(pack);
    packs::scenarios(pack)
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let info = scenario_play::info(s, i);
            let result = progress.results.get(&progress_id(&pack_id, &info.id));
            Row {
                solved: result.is_some_and(|r| r.solved),
                best: result.map(|r| (r.best_score, r.max_score)),
                info,
            }
        })
        .collect()
}

/// The id a scenario's results are recorded under. A built-in scenario's id is unique across the
/// built-in packs; an imported one is `imported:<pack>/<scenario>`, so it can never mark a
/// built-in scenario (or one of another imported pack) solved.
pub fn progress_id(pack_id: &str, scenario_id: &str) -> String {
    if packs::stored_id(pack_id).is_some() {
        format!("{pack_id}/{scenario_id}")
    } else {
        scenario_id.to_string()
    }
}

/// The first pack with this id (built-in packs come first in `all`).
pub fn find_pack<'a>(all: &'a [Value], id: &str) -> Option<&'a Value> {
    all.iter().find(|p| packs::pack_id(p) == id)
}

/// A scenario of `pack` by id: its position and JSON.
pub fn find_scenario<'a>(pack: &'a Value, id: &str) -> Option<(usize, &'a Value)> {
    packs::scenarios(pack)
        .iter()
        .enumerate()
        .find(|(i, s)| scenario_play::info(s, *i).id == id)
}

/// The id of the scenario after `id` in pack order, if any.
pub fn next_scenario(pack: &Value, id: &str) -> Option<String> {
    let (i, _) = find_scenario(pack, id)?;
    packs::scenarios(pack)
        .get(i + 1)
        .map(|s| scenario_play::info(s, i + 1).id)
}

/// `#/packs/<pack>/<scenario>`; ids are `[a-z0-9-]` (the validator says so), escaped anyway.
pub fn scenario_href(pack: &str, scenario: &str) -> String {
    format!("#/packs/{}/{}", escape(pack), escape(scenario))
}

/// The printable worksheet of a pack.
pub fn worksheet_href(pack: &str) -> String {
    format!("#/classroom/worksheet/{}", escape(pack))
}

/// The classroom presenter showing one pack scenario (the answer stays hidden until revealed).
pub fn present_href(pack: &str, scenario: &str) -> String {
    format!("#/classroom/present/{}/{}", escape(pack), escape(scenario))
}

pub fn pack_href(pack: &str) -> String {
    format!("#/packs/{}", escape(pack))
}

fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            // `:` is left as it is: fragments allow it, and imported pack ids start with `imported:`.
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b':' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Undoes `escape` (and any percent-encoding a browser adds); invalid sequences stay as they are.
pub fn unescape(s: &str) -> String {
    crate::logic::route::percent_decode_once(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Attempt;
    use serde_json::json;

    fn pack() -> Value {
        json!({"id": "p", "title": "Pack", "blurb": "About.", "scenarios": [
            {"id": "a", "title": "A", "difficulty": "easy", "tags": ["oauth"]},
            {"id": "b", "title": "B"},
            {"id": "c", "title": "C", "difficulty": "hard"}
        ]})
    }

    fn record(p: &mut Progress, id: &str, score: u32, solved: bool) {
        p.record(&Attempt {
            scenario_id: id,
            topics: &[],
            score,
            max_score: 100,
            solved,
            layer_first_try: true,
            owner_first_try: true,
            hints: 0,
            seconds: 10,
            today: "2026-01-01",
        });
    }

    #[test]
    fn summary_counts_solved_and_best_scores_by_id() {
        let mut progress = Progress::new();
        record(&mut progress, "a", 80, true);
        record(&mut progress, "c", 20, false);
        record(&mut progress, "other", 100, true);
        let s = summary(&pack(), &progress);
        assert_eq!((s.total, s.solved, s.attempted), (3, 1, 2));
        assert_eq!((s.best, s.max), (100, 200));
        assert_eq!(
            (s.id.as_str(), s.title.as_str(), s.blurb.as_str()),
            ("p", "Pack", "About.")
        );
        let rows = rows(&pack(), &progress);
        assert_eq!(
            rows.iter().map(|r| r.solved).collect::<Vec<_>>(),
            [true, false, false]
        );
        assert_eq!(rows[0].best, Some((80, 100)));
        assert_eq!(rows[1].best, None);
        assert_eq!(rows[1].info.difficulty, "medium");
    }

    #[test]
    fn summing_huge_stored_scores_saturates() {
        let mut progress = Progress::new();
        for id in ["a", "b"] {
            record(&mut progress, id, 1, true);
            let r = progress.results.get_mut(id).unwrap();
            (r.best_score, r.max_score) = (u32::MAX, u32::MAX);
        }
        let s = summary(&pack(), &progress);
        assert_eq!((s.best, s.max), (u32::MAX, u32::MAX));
    }

    #[test]
    fn reordering_a_pack_keeps_progress() {
        let mut progress = Progress::new();
        record(&mut progress, "c", 90, true);
        let mut reordered = pack();
        reordered["scenarios"].as_array_mut().unwrap().reverse();
        let rows = rows(&reordered, &progress);
        assert_eq!(rows[0].info.id, "c");
        assert!(rows[0].solved);
        assert_eq!(summary(&reordered, &progress).solved, 1);
    }

    #[test]
    fn an_imported_scenario_never_marks_a_built_in_one_solved() {
        let mut progress = Progress::new();
        let built_in = &super::super::builtin::packs()[0];
        let first = scenario_play::info(&packs::scenarios(built_in)[0], 0).id;
        // An imported copy of the same pack, solved under the id its call sites record.
        let imported = packs::namespaced(built_in);
        let recorded = progress_id(&packs::pack_id(&imported), &first);
        assert_eq!(
            recorded,
            format!("imported:{}/{first}", packs::pack_id(built_in))
        );
        record(&mut progress, &recorded, 100, true);
        assert!(rows(&imported, &progress)[0].solved);
        assert!(!rows(built_in, &progress)[0].solved);
        assert_eq!(progress_id(&packs::pack_id(built_in), &first), first);
        assert_eq!(
            pack_href(&packs::pack_id(&imported)),
            format!("#/packs/imported:{}", packs::pack_id(built_in))
        );
    }

    #[test]
    fn finds_scenarios_and_the_next_one() {
        let p = pack();
        assert_eq!(find_scenario(&p, "b").map(|(i, _)| i), Some(1));
        assert!(find_scenario(&p, "zz").is_none());
        assert_eq!(next_scenario(&p, "a").as_deref(), Some("b"));
        assert_eq!(next_scenario(&p, "c"), None);
        let all = vec![p.clone(), json!({"id": "q"})];
        assert!(find_pack(&all, "q").is_some());
        assert!(find_pack(&all, "r").is_none());
    }

    #[test]
    fn hrefs_escape_and_unescape() {
        assert_eq!(
            scenario_href("oauth", "expired-token"),
            "#/packs/oauth/expired-token"
        );
        assert_eq!(pack_href("a b/c"), "#/packs/a%20b%2Fc");
        assert_eq!(unescape("a%20b%2Fc"), "a b/c");
        assert_eq!(unescape("100%"), "100%");
        assert_eq!(unescape("%zz"), "%zz");
    }

    #[test]
    fn every_built_in_pack_has_unique_scenario_ids() {
        let mut seen = std::collections::BTreeSet::new();
        for pack in super::super::builtin::packs() {
            let s = summary(&pack, &Progress::new());
            assert!(s.total > 0 && !s.blurb.is_empty(), "{}", s.id);
            for row in rows(&pack, &Progress::new()) {
                assert!(
                    seen.insert(row.info.id.clone()),
                    "duplicate id {}",
                    row.info.id
                );
            }
        }
    }
}
