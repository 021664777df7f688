//! Challenge links: a puzzle carried in the URL fragment, so sharing needs no server.
//!
//! Format `<version>.<base64url>`: the payload is compact JSON followed by a 4-byte FNV-1a checksum,
//! XOR-ed with a fixed keystream. The keystream only keeps the answer from being read off the link
//! at a glance (no plain fault id); it is not a security measure. The checksum turns a truncated or
//! edited link into a clear message instead of a wrong puzzle.

use std::fmt;

use crate::model::{Difficulty, RunSpec};
use crate::util;
use serde::{Deserialize, Serialize};

/// The link format this build writes and the newest it reads.
pub const FORMAT: u32 = 1;
/// Longest encoded link accepted; far above any real puzzle, small enough to be harmless.
pub const MAX_ENCODED_LEN: usize = 8 * 1024;
/// Longest custom story accepted, in characters.
pub const MAX_STORY_CHARS: usize = 2_000;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SharedPuzzle {
    #[serde(rename = "r")]
    pub run: RunSpec,
    /// The sharer's own framing of the problem, shown as plain text.
    #[serde(rename = "t", default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// How the puzzle is asked (noise, distractors); absent in older links, which mean medium.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    Empty,
    NotALink,
    TooLong(usize),
    NewerFormat(u32),
    UnsupportedFormat(u32),
    BadCharacter { character: char, position: usize },
    Damaged,
    Unreadable(String),
    StoryTooLong(usize),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::Empty => write!(f, "The link has no puzzle in it."),
            ShareError::NotALink => write!(
                f,
                "This is not a Faultline challenge link: it should look like #/challenge/1.xxxx."
            ),
            ShareError::TooLong(len) => write!(
                f,
                "The link is {len} characters long; challenge links are at most {MAX_ENCODED_LEN}."
            ),
            ShareError::NewerFormat(v) => write!(
                f,
                "This link was made by a newer Faultline (link format {v}; this copy reads up to \
                 {FORMAT}). Reload the page to update, then open the link again."
            ),
            ShareError::UnsupportedFormat(v) => {
                write!(f, "Link format {v} is not supported by this version of Faultline.")
            }
            ShareError::BadCharacter {
                character,
                position,
            } => write!(
                f,
                "The link is damaged: {character:?} at position {position} cannot appear in it."
            ),
            ShareError::Damaged => write!(
                f,
                "The link is incomplete or was altered (its checksum does not match). \
                 Ask for the link again and copy all of it."
            ),
            ShareError::Unreadable(why) => write!(f, "The link's puzzle cannot be read: {why}."),
            ShareError::StoryTooLong(chars) => write!(
                f,
                "The link's story is {chars} characters long; at most {MAX_STORY_CHARS} are allowed."
            ),
        }
    }
}

pub fn encode(puzzle: &SharedPuzzle) -> String {
    let mut blob = serde_json::to_vec(puzzle).expect("a puzzle always serializes");
    let checksum = fnv1a(&blob);
    blob.extend_from_slice(&checksum.to_be_bytes());
    scramble(&mut blob);
    format!("{FORMAT}.{}", util::base64url(&blob))
}

pub fn decode(link: &str) -> Result<SharedPuzzle, ShareError> {
    let link = link.trim();
    if link.is_empty() {
        return Err(ShareError::Empty);
    }
    if link.len() > MAX_ENCODED_LEN {
        return Err(ShareError::TooLong(link.len()));
    }
    let (version, data) = link.split_once('.').ok_or(ShareError::NotALink)?;
    let version: u32 = version.parse().map_err(|_| ShareError::NotALink)?;
    if version > FORMAT {
        return Err(ShareError::NewerFormat(version));
    }
    if version != FORMAT {
        return Err(ShareError::UnsupportedFormat(version));
    }
    let offset = link.len() - data.len();
    let mut blob = util::base64url_decode_strict(data).map_err(|(character, index)| {
        ShareError::BadCharacter {
            character,
            position: offset + index + 1,
        }
    })?;
    scramble(&mut blob);
    if blob.len() < 4 {
        return Err(ShareError::Damaged);
    }
    let (payload, checksum) = blob.split_at(blob.len() - 4);
    if fnv1a(payload).to_be_bytes() != checksum {
        return Err(ShareError::Damaged);
    }
    let puzzle: SharedPuzzle =
        serde_json::from_slice(payload).map_err(|e| ShareError::Unreadable(e.to_string()))?;
    if let Some(story) = &puzzle.story {
        let chars = story.chars().count();
        if chars > MAX_STORY_CHARS {
            return Err(ShareError::StoryTooLong(chars));
        }
    }
    Ok(puzzle)
}

fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, byte| {
        (hash ^ u32::from(*byte)).wrapping_mul(0x0100_0193)
    })
}

/// XOR with a xorshift keystream; applying it twice restores the input.
fn scramble(bytes: &mut [u8]) {
    let mut state: u32 = 0x5eed_fa17;
    for byte in bytes {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        *byte ^= (state >> 24) as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FaultSpec;

    fn sample() -> SharedPuzzle {
        let mut fault = FaultSpec::new("expired-token");
        fault.params.insert("minutes_ago".into(), 42.into());
        SharedPuzzle {
            run: RunSpec {
                flow: Some("api-call".into()),
                faults: vec![fault],
                seed: 1234,
                call: None,
                client: None,
            },
            story: Some("Agents say <b>lookups</b> fail since 09:00".into()),
            difficulty: Some(Difficulty::Hard),
        }
    }

    #[test]
    fn links_without_a_difficulty_still_open() {
        let older = SharedPuzzle {
            difficulty: None,
            ..sample()
        };
        let link = encode(&older);
        assert_eq!(decode(&link), Ok(older));
        assert!(
            encode(&sample()).len() > link.len(),
            "the difficulty travels in the link"
        );
    }

    #[test]
    fn round_trips_and_hides_the_fault_id() {
        let link = encode(&sample());
        assert!(link.starts_with("1."));
        assert!(!link.contains("expired"), "{link}");
        assert_eq!(decode(&link), Ok(sample()));
    }

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
        ] {
            assert_eq!(util::base64url(plain.as_bytes()), encoded);
            assert_eq!(
                util::base64url_decode_strict(encoded).unwrap(),
                plain.as_bytes()
            );
        }
        assert_eq!(util::base64url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn truncated_or_edited_links_are_reported_as_damaged() {
        let link = encode(&sample());
        assert_eq!(decode(&link[..link.len() - 5]), Err(ShareError::Damaged));
        let mut edited = link.clone().into_bytes();
        let last = edited.len() - 10;
        edited[last] = if edited[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            decode(std::str::from_utf8(&edited).unwrap()),
            Err(ShareError::Damaged)
        );
    }

    #[test]
    fn versions_and_garbage_get_their_own_messages() {
        assert_eq!(decode("  "), Err(ShareError::Empty));
        assert_eq!(decode("hello"), Err(ShareError::NotALink));
        assert_eq!(decode("x.abc"), Err(ShareError::NotALink));
        assert_eq!(decode("2.abc"), Err(ShareError::NewerFormat(2)));
        assert_eq!(decode("0.abc"), Err(ShareError::UnsupportedFormat(0)));
        assert_eq!(
            decode("1.ab<script>"),
            Err(ShareError::BadCharacter {
                character: '<',
                position: 5
            })
        );
        let long = format!("1.{}", "A".repeat(MAX_ENCODED_LEN));
        assert_eq!(decode(&long), Err(ShareError::TooLong(long.len())));
        assert!(ShareError::NewerFormat(2)
            .to_string()
            .contains("newer Faultline"));
    }

    #[test]
    fn an_oversized_story_is_refused() {
        let mut puzzle = sample();
        puzzle.story = Some("x".repeat(MAX_STORY_CHARS + 1));
        assert_eq!(
            decode(&encode(&puzzle)),
            Err(ShareError::StoryTooLong(MAX_STORY_CHARS + 1))
        );
    }
}
