//! The result code a student hands back at the end of a class session (`session` says what the
//! session plays), signed with the session's key so that an edited code is detected. Each
//! puzzle in a code is named by its id: a seed, or a scenario's index in a pack session.
//!
//! Plain logic, no browser. A result code is `R1.` followed by base64url of a compact binary
//! record and the first 10 bytes of its HMAC-SHA256 under the session key. Every question carries
//! its own list of wrong tries, and every puzzle its own number of questions, so puzzles with more
//! (or fewer) questions need no new format.
//!
//! The key travels in the students' link, so the signature catches a code edited by hand or
//! damaged in copying, and codes from another session; it is not proof against a student who
//! reads this source and re-signs a code with the key from their own link.

use std::fmt;

use faultline_engine::util::{base64url, base64url_decode_strict, hmac_sha256};

pub use super::session::{normalise_name, Session, MAX_NAME_CHARS, MAX_PUZZLES};

/// The prefix of every result code of this format.
pub const CODE_PREFIX: &str = "R1.";
const VERSION: u8 = 1;
/// Bytes of the HMAC kept in a code: 80 bits.
const MAC_LEN: usize = 10;
/// Bytes of the session's fingerprint in a code, to tell "another session" from "edited".
const TAG_LEN: usize = 2;
/// How a question ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answered right (after the wrong tries listed).
    Right,
    /// The student asked for the solution.
    Shown,
    /// Not reached.
    Open,
}

/// One question: the choices tried wrong, in order (indexes into the puzzle's choices), and how
/// it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionAnswer {
    pub wrong: Vec<u8>,
    pub outcome: Outcome,
}

impl QuestionAnswer {
    /// Right with no wrong try.
    pub fn first_try(&self) -> bool {
        self.outcome == Outcome::Right && self.wrong.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PuzzleResult {
    /// The puzzle's id in its session: its seed, or a pack scenario's index.
    pub seed: u64,
    pub score: u32,
    pub max_score: u32,
    pub seconds: u32,
    pub answers: Vec<QuestionAnswer>,
}

impl PuzzleResult {
    /// Every question answered right (wrong tries allowed, a shown solution not).
    pub fn solved(&self) -> bool {
        !self.answers.is_empty() && self.answers.iter().all(|a| a.outcome == Outcome::Right)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StudentResult {
    pub name: String,
    pub puzzles: Vec<PuzzleResult>,
}

impl StudentResult {
    pub fn score(&self) -> (u32, u32) {
        self.puzzles.iter().fold((0, 0), |(s, m), p| {
            (s.saturating_add(p.score), m.saturating_add(p.max_score))
        })
    }

    pub fn seconds(&self) -> u32 {
        self.puzzles
            .iter()
            .fold(0u32, |t, p| t.saturating_add(p.seconds))
    }
}

/// Why a pasted code was refused: each says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    NotACode,
    BadCharacter(char, usize),
    CutShort,
    OtherSession,
    Edited,
    Unreadable,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "the line is empty"),
            CodeError::NotACode => write!(
                f,
                "this is not a Faultline result code (a code starts with “{CODE_PREFIX}”)"
            ),
            CodeError::BadCharacter(c, at) => write!(
                f,
                "the code has a character no result code contains (“{}” at position {}); copy it again",
                c.escape_debug(),
                at + 1
            ),
            CodeError::CutShort => write!(f, "the code is cut short; copy it again in full"),
            CodeError::OtherSession => {
                write!(f, "this code belongs to another session, not this one")
            }
            CodeError::Edited => write!(
                f,
                "the code was changed after the student got it (its signature does not match); ask for it again"
            ),
            CodeError::Unreadable => write!(
                f,
                "the code is signed but its contents cannot be read by this version of Faultline"
            ),
        }
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.varint()?).ok()
    }
}

fn body(result: &StudentResult) -> Vec<u8> {
    let mut out = vec![];
    let name = normalise_name(&result.name);
    put_varint(&mut out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
    put_varint(&mut out, result.puzzles.len() as u64);
    for p in &result.puzzles {
        put_varint(&mut out, p.seed);
        put_varint(&mut out, p.score.into());
        put_varint(&mut out, p.max_score.into());
        put_varint(&mut out, p.seconds.into());
        put_varint(&mut out, p.answers.len() as u64);
        for a in &p.answers {
            out.push(match a.outcome {
                Outcome::Open => 0,
                Outcome::Right => 1,
                Outcome::Shown => 2,
            });
            put_varint(&mut out, a.wrong.len() as u64);
            out.extend_from_slice(&a.wrong);
        }
    }
    out
}

fn read_body(bytes: &[u8]) -> Option<StudentResult> {
    let mut r = Reader { bytes, at: 0 };
    let len = usize::try_from(r.varint()?).ok()?;
    let name = std::str::from_utf8(bytes.get(r.at..r.at.checked_add(len)?)?).ok()?;
    r.at += len;
    let count = r.varint()?;
    let mut puzzles = vec![];
    for _ in 0..count.min(u64::from(MAX_PUZZLES) + 1) {
        let (seed, score, max_score, seconds) = (r.varint()?, r.u32()?, r.u32()?, r.u32()?);
        let questions = r.varint()?;
        let mut answers = vec![];
        for _ in 0..questions.min(64) {
            let outcome = match r.byte()? {
                0 => Outcome::Open,
                1 => Outcome::Right,
                2 => Outcome::Shown,
                _ => return None,
            };
            let wrong_len = usize::try_from(r.varint()?).ok()?;
            let wrong = bytes.get(r.at..r.at.checked_add(wrong_len)?)?.to_vec();
            r.at += wrong_len;
            answers.push(QuestionAnswer { wrong, outcome });
        }
        if answers.len() as u64 != questions {
            return None;
        }
        puzzles.push(PuzzleResult {
            seed,
            score,
            max_score,
            seconds,
            answers,
        });
    }
    (puzzles.len() as u64 == count && r.at == bytes.len()).then(|| StudentResult {
        name: name.to_string(),
        puzzles,
    })
}

fn mac(session: &Session, signed: &[u8]) -> [u8; MAC_LEN] {
    let full = hmac_sha256(&session.key, signed);
    let mut out = [0u8; MAC_LEN];
    out.copy_from_slice(&full[..MAC_LEN]);
    out
}

/// The code a student hands back.
pub fn encode(session: &Session, result: &StudentResult) -> String {
    let mut signed = vec![VERSION];
    signed.extend_from_slice(&session.tag());
    signed.extend(body(result));
    let mac = mac(session, &signed);
    signed.extend_from_slice(&mac);
    format!("{CODE_PREFIX}{}", base64url(&signed))
}

/// Reads and checks a code for `session`. Spaces and line breaks inside it (a code wrapped by a
/// chat tool) are ignored.
pub fn decode(session: &Session, code: &str) -> Result<StudentResult, CodeError> {
    let code: String = code.split_whitespace().collect();
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    let Some(data) = code.strip_prefix(CODE_PREFIX) else {
        return Err(CodeError::NotACode);
    };
    let bytes = base64url_decode_strict(data)
        .map_err(|(c, at)| CodeError::BadCharacter(c, at + CODE_PREFIX.len()))?;
    // A character changed where only unused bits sit still decodes: it is an edit all the same.
    if base64url(&bytes) != data {
        return Err(CodeError::Edited);
    }
    if bytes.len() < 1 + TAG_LEN + 2 + MAC_LEN {
        return Err(CodeError::CutShort);
    }
    if bytes[0] != VERSION {
        return Err(CodeError::Unreadable);
    }
    let (signed, got) = bytes.split_at(bytes.len() - MAC_LEN);
    let want = mac(session, signed);
    // Compared without stopping at the first difference.
    let same = want.iter().zip(got).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if !same {
        return Err(if signed[1..=TAG_LEN] == session.tag() {
            CodeError::Edited
        } else {
            CodeError::OtherSession
        });
    }
    read_body(&signed[1 + TAG_LEN..]).ok_or(CodeError::Unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use faultline_engine::Difficulty;

    fn session() -> Session {
        Session::generated(Difficulty::Medium, 3, [1, 2, 3, 4, 5, 6, 7, 0xfe])
    }

    fn sample(name: &str) -> StudentResult {
        StudentResult {
            name: name.into(),
            puzzles: vec![
                PuzzleResult {
                    seed: 123_456_789,
                    score: 250,
                    max_score: 300,
                    seconds: 95,
                    answers: vec![
                        QuestionAnswer {
                            wrong: vec![],
                            outcome: Outcome::Right,
                        },
                        QuestionAnswer {
                            wrong: vec![2, 0],
                            outcome: Outcome::Right,
                        },
                        QuestionAnswer {
                            wrong: vec![],
                            outcome: Outcome::Right,
                        },
                    ],
                },
                // A puzzle with four questions, the last shown: the format carries any number.
                PuzzleResult {
                    seed: 7,
                    score: 0,
                    max_score: 400,
                    seconds: 600,
                    answers: vec![
                        QuestionAnswer {
                            wrong: vec![1],
                            outcome: Outcome::Right,
                        },
                        QuestionAnswer {
                            wrong: vec![],
                            outcome: Outcome::Right,
                        },
                        QuestionAnswer {
                            wrong: vec![3, 4, 5],
                            outcome: Outcome::Shown,
                        },
                        QuestionAnswer {
                            wrong: vec![],
                            outcome: Outcome::Open,
                        },
                    ],
                },
            ],
        }
    }

    #[test]
    fn a_code_round_trips_and_stays_short() {
        let s = session();
        let result = sample("Ana Lima");
        let code = encode(&s, &result);
        assert!(code.starts_with(CODE_PREFIX));
        assert!(code.len() < 100, "{} chars: {code}", code.len());
        assert_eq!(decode(&s, &code), Ok(result.clone()));
        // Wrapped by a chat tool.
        let wrapped = format!(" {}\n{} ", &code[..20], &code[20..]);
        assert_eq!(decode(&s, &wrapped), Ok(result));
    }

    #[test]
    fn an_edited_code_is_detected_wherever_it_is_changed() {
        let s = session();
        let code = encode(&s, &sample("Ana"));
        // Every character of the data replaced by another base64url character.
        for at in CODE_PREFIX.len()..code.len() {
            let mut chars: Vec<char> = code.chars().collect();
            chars[at] = if chars[at] == 'A' { 'B' } else { 'A' };
            let edited: String = chars.into_iter().collect();
            let got = decode(&s, &edited);
            assert!(
                matches!(
                    got,
                    Err(CodeError::Edited | CodeError::OtherSession | CodeError::Unreadable)
                ),
                "position {at}: {got:?}"
            );
        }
        // A name changed and re-encoded without the key: the signature no longer matches.
        let forged_with_other_key = encode(
            &Session {
                key: [9; 8],
                ..s.clone()
            },
            &sample("Ana"),
        );
        assert_eq!(
            decode(&s, &forged_with_other_key),
            Err(CodeError::OtherSession)
        );
    }

    #[test]
    fn a_higher_score_spliced_in_is_refused_as_edited() {
        let s = session();
        let mut better = sample("Ana");
        better.puzzles[1].score = 400;
        let real = encode(&s, &sample("Ana"));
        let fake_body = encode(
            &Session {
                key: [0; 8],
                ..s.clone()
            },
            &better,
        );
        // The forger keeps the real session tag and signature and swaps the body in.
        let real_bytes = base64url_decode_strict(&real[3..]).unwrap();
        let fake_bytes = base64url_decode_strict(&fake_body[3..]).unwrap();
        let mut spliced = real_bytes[..3].to_vec();
        spliced.extend_from_slice(&fake_bytes[3..fake_bytes.len() - MAC_LEN]);
        spliced.extend_from_slice(&real_bytes[real_bytes.len() - MAC_LEN..]);
        let spliced = format!("{CODE_PREFIX}{}", base64url(&spliced));
        assert_eq!(decode(&s, &spliced), Err(CodeError::Edited));
    }

    #[test]
    fn malformed_codes_say_why() {
        let s = session();
        let code = encode(&s, &sample("Ana"));
        assert_eq!(decode(&s, "   "), Err(CodeError::Empty));
        assert_eq!(decode(&s, "hello there"), Err(CodeError::NotACode));
        assert_eq!(decode(&s, "R1.abc"), Err(CodeError::CutShort));
        assert_eq!(
            decode(&s, &format!("{}!{}", &code[..10], &code[10..])),
            Err(CodeError::BadCharacter('!', 10))
        );
        // Half a code: the signature is checked against the wrong bytes.
        assert!(decode(&s, &code[..code.len() / 2]).is_err());
        for e in [
            CodeError::Empty,
            CodeError::NotACode,
            CodeError::CutShort,
            CodeError::Edited,
            CodeError::OtherSession,
            CodeError::Unreadable,
        ] {
            assert!(e.to_string().len() > 10);
        }
        assert!(CodeError::Edited.to_string().contains("changed"));
    }

    #[test]
    fn long_names_are_capped_in_the_code() {
        let s = session();
        let long = sample(&"é".repeat(100));
        let back = decode(&s, &encode(&s, &long)).unwrap();
        assert_eq!(back.name, "é".repeat(MAX_NAME_CHARS));
    }
}
