//! `#/challenge/<code>`: a puzzle someone shared. This file: the links' plain logic.
//!
//! Challenge links: a sandbox setup or a puzzle as `<page>#/challenge/<code>`, and back.

pub mod button;
pub mod page;

use faultline_engine::share::{self, SharedPuzzle};
use faultline_engine::{puzzle_for, Difficulty, Evidence, Puzzle, RunSpec};

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

/// The engine's report says which request the user expected to work, word for word. In a
/// sandbox run that request is often the broken thing itself ("GET /v2/costumers/…", a wrong
/// method or API version), so a student would read the answer before any evidence: the report
/// says "the request" instead. The evidence still shows the request as sent.
fn keep_to_the_symptom(evidence: &mut Evidence) {
    let Some(request) = evidence.exchanges.first().map(|x| &x.request) else {
        return;
    };
    let path = request
        .url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(&request.url);
    let named = format!("{} {path}", request.method);
    let expected = &mut evidence.story.expected;
    if expected.starts_with(&named) {
        *expected = expected.replacen(&named, "The request", 1);
    } else if expected.contains(&named) {
        *expected = expected.replacen(&named, "request", 1);
    }
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
    match shared.story {
        Some(story) => puzzle.view.evidence.story.context = story,
        None => keep_to_the_symptom(&mut puzzle.view.evidence),
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
            // The same puzzle, its report kept to the symptom (see `keep_to_the_symptom`).
            let mut engine = puzzle_for(&run(), difficulty).unwrap();
            keep_to_the_symptom(&mut engine.view.evidence);
            assert_eq!(played, engine);
        }
        let medium = link("http://h/", &run(), "", Difficulty::Medium);
        let hard = link("http://h/", &run(), "", Difficulty::Hard);
        assert_ne!(
            medium, hard,
            "the difficulty is part of the link (and of its progress key)"
        );
    }

    #[test]
    fn no_story_keeps_the_engine_story_without_naming_the_request() {
        let url = link("http://h/#/", &run(), "   ", Difficulty::Medium);
        let code = url.split(PREFIX).nth(1).unwrap();
        let engine = puzzle_for(&run(), Difficulty::Medium).unwrap();
        let opened = open(code).unwrap().puzzle.view.evidence.story;
        assert_eq!(opened.context, engine.view.evidence.story.context);
        assert_eq!(opened.actual, engine.view.evidence.story.actual);
        // The engine states the intent ("Fetching customer … returns the record"), never the request.
        assert_eq!(opened.expected, engine.view.evidence.story.expected);
        assert!(!opened.expected.contains("GET /v2"), "{}", opened.expected);
    }

    #[test]
    fn a_broken_request_is_not_named_in_the_report() {
        for fault in ["endpoint-typo", "wrong-api-version", "wrong-method"] {
            let run = RunSpec {
                faults: vec![FaultSpec::new(fault)],
                ..run()
            };
            let url = link("http://h/", &run, "", Difficulty::Medium);
            let code = url.split(PREFIX).nth(1).unwrap();
            let puzzle = open(code).unwrap().puzzle;
            let sent = &puzzle.view.evidence.exchanges[0].request;
            let path = sent.url.splitn(4, '/').nth(3).unwrap_or_default();
            let story = &puzzle.view.evidence.story;
            let told = format!("{} {} {}", story.context, story.expected, story.actual);
            assert!(
                !told.contains(path),
                "{fault}: the report names {path}: {told}"
            );
        }
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
