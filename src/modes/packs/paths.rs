//! Learning paths (`paths` in `assets/scenarios/index.json`, read through the engine's
//! `PackIndex`): each step resolved to its built-in scenario, with done marks derived from the
//! recorded results (a step is done once its scenario was played to the end), so a path needs no
//! storage of its own. Pack names are not shown on a path: which pack a step comes from would
//! give its layer away.

use faultline_engine::pack::{LearningPath, PathStep};
use serde_json::Value;

use super::builtin;
use super::catalog;
use super::scenario_play::{self, ScenarioInfo};
use crate::progress::Progress;

/// Every built-in learning path, in the index's order.
pub fn all() -> Vec<LearningPath> {
    builtin::index().paths
}

/// A learning path by id.
pub fn find(id: &str) -> Option<LearningPath> {
    all().into_iter().find(|p| p.id == id)
}

/// One step as a path page lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRow {
    /// From 1, as in `#/paths/<id>/<n>`.
    pub number: u32,
    pub pack: String,
    pub info: ScenarioInfo,
    /// Played to the end (a result is recorded), solved or not.
    pub done: bool,
    pub solved: bool,
}

/// The path's steps found in `packs` (built-in packs, scenarios easy → hard); a step whose
/// scenario is missing is left out (the engine's check keeps the built-in index whole).
pub fn rows(path: &LearningPath, packs: &[Value], progress: &Progress) -> Vec<StepRow> {
    path.steps
        .iter()
        .zip(1..)
        .filter_map(|(step, number)| {
            let (info, id) = scenario(packs, step)?;
            let result = progress.results.get(&id);
            Some(StepRow {
                number,
                pack: step.pack.clone(),
                info,
                done: result.is_some(),
                solved: result.is_some_and(|r| r.solved),
            })
        })
        .collect()
}

fn scenario(packs: &[Value], step: &PathStep) -> Option<(ScenarioInfo, String)> {
    let pack = catalog::find_pack(packs, &step.pack)?;
    let (index, s) = catalog::find_scenario(pack, &step.scenario)?;
    let info = scenario_play::info(s, index);
    let id = catalog::progress_id(&step.pack, &info.id);
    Some((info, id))
}

/// How far the learner is: (steps done, steps).
pub fn done_of(rows: &[StepRow]) -> (usize, usize) {
    (rows.iter().filter(|r| r.done).count(), rows.len())
}

/// The step to go on with: the first not done, or none when every step is.
pub fn next_open(rows: &[StepRow]) -> Option<u32> {
    rows.iter().find(|r| !r.done).map(|r| r.number)
}

/// Step `n` (from 1) of the path: its pack and scenario ids.
pub fn step(path: &LearningPath, n: u32) -> Option<&PathStep> {
    path.steps.get(usize::try_from(n).ok()?.checked_sub(1)?)
}

pub fn path_href(id: &str) -> String {
    format!("#/paths/{id}")
}

pub fn step_href(id: &str, n: u32) -> String {
    format!("#/paths/{id}/{n}")
}

/// Where "next" leads after step `n`: the following step, or back to the path after the last.
pub fn after_step_href(path: &LearningPath, n: u32) -> String {
    if (n as usize) < path.steps.len() {
        step_href(&path.id, n + 1)
    } else {
        path_href(&path.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::route::Route;
    use crate::progress::Attempt;

    fn finish(progress: &mut Progress, id: &str, solved: bool) {
        progress.record(&Attempt {
            scenario_id: id,
            topics: &[],
            score: 50,
            max_score: 100,
            solved,
            layer_first_try: solved,
            owner_first_try: solved,
            hints: 0,
            seconds: 30,
            today: "2026-01-01",
        });
    }

    #[test]
    fn every_step_of_every_path_resolves_in_the_built_in_packs() {
        let packs = builtin::packs();
        let paths = all();
        assert_eq!(
            paths.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
            ["First hour", "Interview prep", "Integration engineer"]
        );
        for path in &paths {
            let rows = rows(path, &packs, &Progress::new());
            assert_eq!(rows.len(), path.steps.len(), "{}", path.id);
            assert_eq!(done_of(&rows), (0, path.steps.len()));
            assert_eq!(next_open(&rows), Some(1));
        }
    }

    #[test]
    fn the_first_hour_rises_in_difficulty_as_listed() {
        let rank = |d: &str| ["easy", "medium", "hard"].iter().position(|x| *x == d);
        let path = find("first-hour").unwrap();
        let rows = rows(&path, &builtin::packs(), &Progress::new());
        let ranks: Vec<_> = rows.iter().map(|r| rank(&r.info.difficulty)).collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        assert_eq!(ranks.first(), Some(&Some(0)));
    }

    #[test]
    fn progress_comes_from_the_recorded_results_by_scenario_id() {
        let path = find("first-hour").unwrap();
        let packs = builtin::packs();
        let mut progress = Progress::new();
        finish(&mut progress, &path.steps[0].scenario, false);
        finish(&mut progress, &path.steps[2].scenario, true);
        let rows = rows(&path, &packs, &progress);
        assert_eq!(done_of(&rows), (2, path.steps.len()));
        assert!(rows[0].done && !rows[0].solved, "finished counts as done");
        assert!(rows[2].solved);
        assert_eq!(next_open(&rows), Some(2));
        // A scenario played in its pack counts on the path too: the result is the same one.
        for step in &path.steps {
            finish(&mut progress, &step.scenario, true);
        }
        let rows = super::rows(&path, &packs, &progress);
        assert_eq!(next_open(&rows), None);
    }

    #[test]
    fn steps_count_from_one_and_the_last_leads_back_to_the_path() {
        let path = find("first-hour").unwrap();
        let n = path.steps.len() as u32;
        assert_eq!(step(&path, 0), None);
        assert_eq!(step(&path, 1), path.steps.first());
        assert_eq!(step(&path, n + 1), None);
        assert_eq!(after_step_href(&path, 1), "#/paths/first-hour/2");
        assert_eq!(after_step_href(&path, n), "#/paths/first-hour");
        assert_eq!(
            Route::parse(&step_href("first-hour", 2)),
            Route::PathStep("first-hour".into(), 2)
        );
        assert_eq!(
            Route::parse(&path_href("first-hour")),
            Route::Path("first-hour".into())
        );
        assert!(find("no-such-path").is_none());
    }
}
