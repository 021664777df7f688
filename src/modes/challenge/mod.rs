//! `#/challenge/<code>`: a puzzle someone shared. This file: the links' plain logic.
//!
//! Challenge links: a sandbox setup or a puzzle as `<page>#/challenge/<code>`, and back.

pub mod button;
pub mod page;

use faultline_engine::share::{self, SharedPuzzle};
use faultline_engine::{puzzle_for, Difficulty, Puzzle, RunSpec};

/// The route prefix of a challenge link, after `#`.
pub const PREFIX: &str = "/challenge/";

/// The page address without its fragment, so links work under any sub-path.
pub fn base_of(href: &str) -> &str {
    href.split('#').next().unwrap_or(href)
}

/// How a link without a difficulty is played (links made before it could be chosen).
pub const DEFAULT_DIFFICULTY: Difficulty = Difficulty::Medium;

/// A full link to share: the current page (any sub-path, any query) plus the encoded puzzle.
pub fn link(href: &str, run: &RunSpec, story: &str, difficulty: Difficulty) -> String {
    let story = story.trim();
    let shared = SharedPuzzle {
        run: run.clone(),
        story: (!story.is_empty()).then(|| story.to_string()),
        // The default is left out: those links stay as short as they were.
        difficulty: (difficulty != DEFAULT_DIFFICULTY).then_some(difficulty),
    };
    format!("{}#{PREFIX}{}", base_of(href), share::encode(&shared))
}

/// Whether a custom story fits in a link.
pub fn story_problem(story: &str) -> Option<String> {
    let chars = story.trim().chars().count();
    (chars > share::MAX_STORY_CHARS).then(|| {
        format!(
            "The story is {chars} characters long; a link carries at most {}.",
            share::MAX_STORY_CHARS
        )
    })
}

/// A decoded challenge, ready to play.
#[derive(Clone, Debug, PartialEq)]
pub struct Challenge {
    pub puzzle: Puzzle,
    /// Stable id for progress: the same link always records under the same key.
    pub progress_id: String,
}

/// Decodes a link's code and builds its puzzle. Every failure is a sentence for the learner.
pub fn open(code: &str) -> Result<Challenge, String> {
    let shared = share::decode(code).map_err(|e| e.to_string())?;
    let difficulty = shared.difficulty.unwrap_or(DEFAULT_DIFFICULTY);
    let mut puzzle = puzzle_for(&shared.run, difficulty).map_err(|e| {
        format!(
            "The link was read, but its puzzle cannot be played by this version of Faultline \
             ({e}). It may come from a newer or older version."
        )
    })?;
    if let Some(story) = shared.story {
        puzzle.view.evidence.story.context = story;
    }
    let digest = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    Ok(Challenge {
        puzzle,
        progress_id: format!("challenge:{digest:016x}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::FaultSpec;

    fn run() -> RunSpec {
        RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new("expired-token").with("minutes_ago", 42)],
            seed: 77,
            call: None,
            client: None,
        }
    }

    #[test]
    fn link_keeps_the_sub_path_and_hides_the_fault() {
        let url = link(
            "https://example.org/tools/faultline/index.html?x=1#/sandbox",
            &run(),
            "  Agents see <b>401</b>  ",
            Difficulty::Medium,
        );
        assert!(url.starts_with("https://example.org/tools/faultline/index.html?x=1#/challenge/1."));
        assert!(!url.contains("expired"));
        let code = url.split(PREFIX).nth(1).unwrap();
        let challenge = open(code).unwrap();
        assert_eq!(challenge.puzzle.answer.fault_id, "expired-token");
        assert_eq!(
            challenge.puzzle.view.evidence.story.context,
            "Agents see <b>401</b>"
        );
        assert_eq!(open(code).unwrap().progress_id, challenge.progress_id);
    }

    #[test]
    fn the_chosen_difficulty_is_the_one_played() {
        for difficulty in [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard] {
            let url = link("http://h/", &run(), "", difficulty);
            let code = url.split(PREFIX).nth(1).unwrap();
            let played = open(code).unwrap().puzzle;
            assert_eq!(played.view.difficulty, difficulty);
            assert_eq!(played, puzzle_for(&run(), difficulty).unwrap());
        }
        let medium = link("http://h/", &run(), "", Difficulty::Medium);
        let hard = link("http://h/", &run(), "", Difficulty::Hard);
        assert_ne!(
            medium, hard,
            "the difficulty is part of the link (and of its progress key)"
        );
    }

    #[test]
    fn no_story_keeps_the_engine_story() {
        let url = link("http://h/#/", &run(), "   ", Difficulty::Medium);
        let code = url.split(PREFIX).nth(1).unwrap();
        let engine = puzzle_for(&run(), Difficulty::Medium).unwrap();
        assert_eq!(
            open(code).unwrap().puzzle.view.evidence.story,
            engine.view.evidence.story
        );
    }

    #[test]
    fn bad_links_explain_themselves() {
        let url = link("http://h/", &run(), "", Difficulty::Medium);
        let code = url.split(PREFIX).nth(1).unwrap();
        assert!(open(&code[..code.len() - 3])
            .unwrap_err()
            .contains("incomplete or was altered"));
        assert!(open("9.abc").unwrap_err().contains("newer Faultline"));
        assert!(open("").unwrap_err().contains("no puzzle"));
        let unknown = SharedPuzzle {
            run: RunSpec {
                faults: vec![FaultSpec::new("no-such-fault")],
                ..run()
            },
            story: None,
            difficulty: None,
        };
        let message = open(&share::encode(&unknown)).unwrap_err();
        assert!(message.contains("cannot be played"), "{message}");
        assert!(story_problem(&"x".repeat(share::MAX_STORY_CHARS + 1)).is_some());
        assert!(story_problem("short").is_none());
    }
}
