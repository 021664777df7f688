//! A session's puzzles as the app builds them: a seed at the session's difficulty, or a scenario
//! of a built-in pack (by its index). Plain logic, unit-tested natively.

use faultline_engine::{generate_puzzle, Puzzle};
use serde_json::Value;

use super::session::{Session, Source};
use crate::modes::packs;
use crate::modes::packs::{builtin, scenario_play};

/// A session's puzzles, with its pack read once.
pub struct Puzzles {
    session: Session,
    pack: Option<Value>,
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
        Ok(Puzzles {
            session: session.clone(),
            pack,
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
            _ => Ok((
                generate_puzzle(id, self.session.difficulty(), None),
                format!("Puzzle {id}"),
            )),
        }
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
            _ => format!("Puzzle {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::Difficulty;

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
            p.answer,
            generate_puzzle(42, Some(Difficulty::Easy), None).answer
        );
    }
}
