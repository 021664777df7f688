//! A session's puzzles as the app builds them: a seed at the session's difficulty, a scenario
//! of a built-in pack (by its index), or a step of a built-in learning path (by its index).
//! Plain logic, unit-tested natively.

use faultline_engine::pack::{ScenarioText, TrainerKit};
use faultline_engine::{generate_puzzle, Puzzle};
use serde_json::Value;

use super::room_probe::ProbeRun;
use super::session::{Session, Source};
use crate::modes::packs;
use crate::modes::packs::{builtin, catalog, paths, scenario_play};

/// A session's puzzles, with its pack (or its path's scenarios) read once.
pub struct Puzzles {
    session: Session,
    pack: Option<Value>,
    /// A path session's steps: each scenario with its index in its pack.
    steps: Vec<(Value, usize)>,
}

/// A learning path's scenarios in its order, or why the session cannot play it here.
fn path_steps(id: &str) -> Result<Vec<(Value, usize)>, String> {
    let path = paths::find(id).ok_or_else(|| {
        format!(
            "This session plays the learning path “{id}”, which this version of Faultline does \
             not have. Ask the trainer for a new link."
        )
    })?;
    let packs = builtin::packs();
    path.steps
        .iter()
        .take(usize::from(super::session::MAX_PUZZLES))
        .map(|step| {
            catalog::find_pack(&packs, &step.pack)
                .and_then(|pack| catalog::find_scenario(pack, &step.scenario))
                .map(|(index, s)| (s.clone(), index))
                .ok_or_else(|| {
                    format!(
                        "The learning path “{id}” names the scenario “{}” of the pack “{}”, \
                         which this version of Faultline does not have.",
                        step.scenario, step.pack
                    )
                })
        })
        .collect()
}

impl Puzzles {
    /// Err when the session names a pack this version does not have.
    pub fn new(session: &Session) -> Result<Puzzles, String> {
        let pack = match &session.source {
            Source::Pack { pack, .. } => Some(builtin::find(pack).ok_or_else(|| {
                format!(
                    "This session plays the pack “{pack}”, which this version of Faultline does \
                     not have. Ask the trainer for a new link."
                )
            })?),
            _ => None,
        };
        let steps = match &session.source {
            Source::Path { path } => path_steps(path)?,
            _ => vec![],
        };
        Ok(Puzzles {
            session: session.clone(),
            pack,
            steps,
        })
    }

    /// The puzzle with this id and its title ("Puzzle 42", or the scenario's title).
    pub fn get(&self, id: u64) -> Result<(Puzzle, String), String> {
        match (&self.session.source, &self.pack) {
            (Source::Pack { pack: pack_id, .. }, Some(pack)) => {
                let index = usize::try_from(id).unwrap_or(usize::MAX);
                let s = packs::scenarios(pack).get(index).ok_or_else(|| {
                    format!(
                        "The pack “{pack_id}” has no scenario {}.",
                        id.saturating_add(1)
                    )
                })?;
                let title = scenario_play::info(s, index).title;
                let p = scenario_play::puzzle(s)
                    .map_err(|e| format!("“{title}” cannot be played: {e}"))?;
                Ok((p, title))
            }
            (Source::Path { path }, _) => {
                let (s, index) = usize::try_from(id)
                    .ok()
                    .and_then(|i| self.steps.get(i))
                    .ok_or_else(|| {
                        format!(
                            "The learning path “{path}” has no step {}.",
                            id.saturating_add(1)
                        )
                    })?;
                let title = scenario_play::info(s, *index).title;
                let p = scenario_play::puzzle(s)
                    .map_err(|e| format!("“{title}” cannot be played: {e}"))?;
                Ok((p, title))
            }
            _ => Ok((
                generate_puzzle(id, self.session.difficulty(), None),
                format!("Puzzle {id}"),
            )),
        }
    }

    /// The run the puzzle with this id is made from, for its probes ([`ProbeRun`]).
    pub fn run(&self, id: u64) -> Option<ProbeRun> {
        let scenario = |i: usize| match (&self.session.source, &self.pack) {
            (Source::Pack { .. }, Some(pack)) => packs::scenarios(pack).get(i).cloned(),
            _ => self.steps.get(i).map(|(s, _)| s.clone()),
        };
        match &self.session.source {
            Source::Pack { .. } | Source::Path { .. } => {
                ProbeRun::of_scenario(&scenario(usize::try_from(id).ok()?)?)
            }
            _ => Some(ProbeRun::Generated {
                seed: id,
                difficulty: self.session.difficulty(),
            }),
        }
    }

    /// The trainer's kit of the scenario with this id, when its pack has one (generated and
    /// seed puzzles have none).
    pub fn kit(&self, id: u64) -> Option<TrainerKit> {
        let i = usize::try_from(id).ok()?;
        let s = match (&self.session.source, &self.pack) {
            (Source::Pack { .. }, Some(pack)) => packs::scenarios(pack).get(i)?.clone(),
            (Source::Path { .. }, _) => self.steps.get(i)?.0.clone(),
            _ => return None,
        };
        ScenarioText::read(&s).trainer
    }

    /// The title alone (cheap for pack scenarios: the puzzle is not built).
    pub fn title(&self, id: u64) -> String {
        match (&self.session.source, &self.pack) {
            (Source::Pack { .. }, Some(pack)) => {
                let index = usize::try_from(id).unwrap_or(usize::MAX);
                packs::scenarios(pack).get(index).map_or_else(
                    || format!("Scenario {}", id.saturating_add(1)),
                    |s| scenario_play::info(s, index).title,
                )
            }
            (Source::Path { .. }, _) => usize::try_from(id)
                .ok()
                .and_then(|i| self.steps.get(i))
                .map_or_else(
                    || format!("Step {}", id.saturating_add(1)),
                    |(s, index)| scenario_play::info(s, *index).title,
                ),
            _ => format!("Puzzle {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::Difficulty;

    #[test]
    fn path_sessions_play_the_scenario_each_step_names() {
        let path = paths::find("first-hour").expect("the First hour path");
        let session = Session {
            source: Source::Path {
                path: "first-hour".into(),
            },
            key: [4; 8],
        };
        let puzzles = Puzzles::new(&session).expect("a built-in path");
        let packs = builtin::packs();
        assert_eq!(session.count(), path.steps.len());
        for (i, step) in path.steps.iter().enumerate() {
            let pack = catalog::find_pack(&packs, &step.pack).unwrap();
            let (index, s) = catalog::find_scenario(pack, &step.scenario).unwrap();
            let info = scenario_play::info(s, index);
            assert_eq!(info.id, step.scenario);
            let (p, title) = puzzles.get(i as u64).expect("every step plays");
            assert_eq!(title, info.title, "step {}", i + 1);
            assert_eq!(puzzles.title(i as u64), title);
            assert_eq!(p.answer, scenario_play::puzzle(s).unwrap().answer);
            let kit = puzzles
                .kit(i as u64)
                .expect("every step of a path has a kit");
            assert_eq!(
                Some(kit.objective.as_str()),
                s["trainer"]["objective"].as_str()
            );
        }
        assert_eq!(puzzles.kit(path.steps.len() as u64), None);
        let past = path.steps.len() as u64;
        assert!(puzzles
            .get(past)
            .unwrap_err()
            .contains(&format!("has no step {}", past + 1)));

        let gone = Session::parse("t.no-such-path-0404040404040404").unwrap();
        let why = Puzzles::new(&gone).err().expect("refused");
        assert!(why.contains("learning path “no-such-path”"), "{why}");
        assert!(why.contains("does not have"), "{why}");
    }

    #[test]
    fn pack_sessions_play_the_pack_scenarios_and_seed_sessions_their_seeds() {
        let pack = builtin::packs().remove(0);
        let pack_id = packs::pack_id(&pack);
        let session = Session {
            source: Source::Pack {
                pack: pack_id.clone(),
                scenarios: vec![1, 2],
            },
            key: [3; 8],
        };
        let puzzles = Puzzles::new(&session).expect("a built-in pack");
        let (p, title) = puzzles.get(1).expect("scenario 2 plays");
        let second = &packs::scenarios(&pack)[1];
        assert_eq!(title, scenario_play::info(second, 1).title);
        assert_eq!(puzzles.title(1), title);
        assert_eq!(p.answer, scenario_play::puzzle(second).unwrap().answer);
        assert!(puzzles
            .get(999)
            .unwrap_err()
            .contains("has no scenario 1000"));

        let gone = Session {
            source: Source::Pack {
                pack: "no-such-pack".into(),
                scenarios: vec![0],
            },
            key: [3; 8],
        };
        let why = Puzzles::new(&gone).err().expect("refused");
        assert!(why.contains("“no-such-pack”"), "{why}");

        let seeds = Session {
            source: Source::Seeds {
                difficulty: Difficulty::Easy,
                seeds: vec![42],
            },
            key: [3; 8],
        };
        let (p, title) = Puzzles::new(&seeds).unwrap().get(42).unwrap();
        assert_eq!(title, "Puzzle 42");
        assert_eq!(
            Puzzles::new(&seeds).unwrap().kit(42),
            None,
            "a seed has no kit"
        );
        assert_eq!(
            p.answer,
            generate_puzzle(42, Some(Difficulty::Easy), None).answer
        );
    }
}
