//! A class session without a server: the session token the trainer shares (difficulty, number of
//! puzzles, a random key), each student's puzzles derived from their name, and the result code a
//! student hands back, signed with the session's key so that an edited code is detected.
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

use faultline_engine::util::{base64url, base64url_decode_strict, hmac_sha256, sha256};
use faultline_engine::Difficulty;

/// The prefix of every result code of this format.
pub const CODE_PREFIX: &str = "R1.";
const VERSION: u8 = 1;
/// Bytes of the HMAC kept in a code: 80 bits.
const MAC_LEN: usize = 10;
/// Bytes of the session's fingerprint in a code, to tell "another session" from "edited".
const TAG_LEN: usize = 2;
/// Longest name kept, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// Most puzzles in a session.
pub const MAX_PUZZLES: u8 = 10;

/// What the trainer shares: `m3-0123456789abcdef` (difficulty initial, puzzle count, key in hex).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    pub difficulty: Difficulty,
    pub puzzles: u8,
    pub key: [u8; 8],
}

fn difficulty_letter(d: Difficulty) -> char {
    match d {
        Difficulty::Easy => 'e',
        Difficulty::Medium => 'm',
        Difficulty::Hard => 'h',
    }
}

impl Session {
    /// The token as it appears in links.
    pub fn token(&self) -> String {
        let key: String = self.key.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}{}-{key}",
            difficulty_letter(self.difficulty),
            self.puzzles
        )
    }

    /// Reads a token; None when it is not one (the page says the link is damaged).
    pub fn parse(token: &str) -> Option<Session> {
        let (head, key_hex) = token.trim().split_once('-')?;
        let mut chars = head.chars();
        let difficulty = match chars.next()? {
            'e' => Difficulty::Easy,
            'm' => Difficulty::Medium,
            'h' => Difficulty::Hard,
            _ => return None,
        };
        let puzzles: u8 = chars.as_str().parse().ok()?;
        if puzzles == 0 || puzzles > MAX_PUZZLES || key_hex.len() != 16 {
            return None;
        }
        let mut key = [0u8; 8];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(key_hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        Some(Session {
            difficulty,
            puzzles,
            key,
        })
    }

    /// A short label for the trainer: "Medium · 3 puzzles".
    pub fn label(&self) -> String {
        let d = match self.difficulty {
            Difficulty::Easy => "Easy",
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
        };
        let s = if self.puzzles == 1 { "" } else { "s" };
        format!("{d} · {} puzzle{s}", self.puzzles)
    }

    /// The student's puzzles: seeds from the key and the name (as `normalise_name` keeps it),
    /// so neighbours get different puzzles and the same name always gets the same ones.
    pub fn seeds_for(&self, name: &str) -> Vec<u64> {
        let name = normalise_name(name).to_lowercase();
        (0..self.puzzles)
            .map(|i| self.derive(&format!("student\n{name}\n{i}")))
            .collect()
    }

    /// The puzzle the presenter shows the whole room.
    pub fn room_seed(&self) -> u64 {
        self.derive("room")
    }

    fn derive(&self, label: &str) -> u64 {
        let mut input = self.key.to_vec();
        input.extend_from_slice(label.as_bytes());
        let digest = sha256(&input);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        // Short enough to read aloud and to show as `Puzzle 123456789`.
        u64::from_be_bytes(first) % 1_000_000_000
    }

    fn tag(&self) -> [u8; TAG_LEN] {
        let digest = sha256(&self.key);
        [digest[0], digest[1]]
    }
}

/// Spaces collapsed, trimmed, control and direction characters dropped, at most
/// `MAX_NAME_CHARS` characters.
pub fn normalise_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_control() && !crate::logic::route::is_bidi_control(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_NAME_CHARS)
        .collect()
}

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

    fn session() -> Session {
        Session {
            difficulty: Difficulty::Medium,
            puzzles: 3,
            key: [1, 2, 3, 4, 5, 6, 7, 0xfe],
        }
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
        let forged_with_other_key = encode(&Session { key: [9; 8], ..s }, &sample("Ana"));
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
        let fake_body = encode(&Session { key: [0; 8], ..s }, &better);
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
    fn sessions_round_trip_and_bad_tokens_are_refused() {
        let s = session();
        assert_eq!(s.token(), "m3-01020304050607fe");
        assert_eq!(Session::parse(&s.token()), Some(s));
        for bad in [
            "",
            "m3",
            "x3-01020304050607fe",
            "m0-01020304050607fe",
            "m99-01020304050607fe",
            "m3-0102",
            "m3-zz020304050607fe",
        ] {
            assert_eq!(Session::parse(bad), None, "{bad}");
        }
        assert_eq!(s.label(), "Medium · 3 puzzles");
    }

    #[test]
    fn students_get_their_own_puzzles_and_the_same_ones_again() {
        let s = session();
        let ana = s.seeds_for("Ana Lima");
        assert_eq!(ana.len(), 3);
        assert_eq!(
            ana,
            s.seeds_for("  ana   LIMA "),
            "case and spacing do not matter"
        );
        assert_ne!(ana, s.seeds_for("Ben"));
        assert!(ana.iter().all(|seed| *seed < 1_000_000_000));
        let other = Session { key: [0; 8], ..s };
        assert_ne!(ana, other.seeds_for("Ana Lima"));
        assert!(!ana.contains(&s.room_seed()));
    }

    #[test]
    fn names_are_cleaned_and_capped() {
        assert_eq!(normalise_name("  Ana \u{202E}\n Lima "), "Ana Lima");
        assert_eq!(
            normalise_name(&"x".repeat(100)).chars().count(),
            MAX_NAME_CHARS
        );
        let s = session();
        let long = sample(&"é".repeat(100));
        let back = decode(&s, &encode(&s, &long)).unwrap();
        assert_eq!(back.name, "é".repeat(MAX_NAME_CHARS));
    }
}
