//! What a class session plays and the token that shares it: where its puzzles come from (a
//! difficulty and a number of generated puzzles, a list of seeds, a built-in pack's scenarios or
//! a built-in learning path) and a random key. Plain logic, no browser.
//!
//! Tokens, all ending in `-` and the key in hex (16 digits):
//! - `m3-0123456789abcdef`: 3 generated puzzles at medium (`e`, `m`, `h`), each student's own
//!   seeds from their name. The first format; links made with it keep working.
//! - `sm.42.1337-…`: the seeds 42 and 1337 at medium; every student plays them all, in an order
//!   drawn from their name, so neighbours are not on the same puzzle at the same time.
//! - `p.oauth-and-tokens.3ff-…`: the scenarios of a built-in pack chosen by a bit mask in hex
//!   (bit i: the pack's scenario i), the same for everyone, in the pack's order.
//! - `t.first-hour-…`: every step of a built-in learning path (`paths` in the scenario index),
//!   the same for everyone, in the path's order.
//!
//! A result code names each puzzle by an id: its seed (generated and seed sessions), its index
//! in the pack (pack sessions) or its step's index in the path, from 0 (path sessions).

use faultline_engine::util::sha256;
use faultline_engine::Difficulty;

use crate::modes::packs::paths;

/// Most puzzles a session may have (a result code with more is not read).
pub const MAX_PUZZLES: u8 = 30;
/// Most generated puzzles per student in a difficulty session.
pub const MAX_GENERATED: u8 = 10;
/// Longest name kept, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// Largest seed a seed session takes: what a trainer copies from a puzzle's title.
pub const MAX_SEED: u64 = 999_999_999_999;

/// Where a session's puzzles come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Generated puzzles, each student's own (seeds from their name).
    Generated { difficulty: Difficulty, puzzles: u8 },
    /// These seeds for everyone, each student in their own order.
    Seeds {
        difficulty: Difficulty,
        seeds: Vec<u64>,
    },
    /// These scenarios (indexes, ascending) of a built-in pack, the same for everyone.
    Pack { pack: String, scenarios: Vec<u8> },
    /// Every step of a built-in learning path, the same for everyone, in the path's order.
    Path { path: String },
}

/// What the trainer shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub source: Source,
    pub key: [u8; 8],
}

fn difficulty_letter(d: Difficulty) -> char {
    match d {
        Difficulty::Easy => 'e',
        Difficulty::Medium => 'm',
        Difficulty::Hard => 'h',
    }
}

fn difficulty_of(c: char) -> Option<Difficulty> {
    match c {
        'e' => Some(Difficulty::Easy),
        'm' => Some(Difficulty::Medium),
        'h' => Some(Difficulty::Hard),
        _ => None,
    }
}

fn difficulty_name(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "Easy",
        Difficulty::Medium => "Medium",
        Difficulty::Hard => "Hard",
    }
}

/// A pack id a token can carry: lower-case letters, digits and single hyphens.
pub fn token_safe_pack_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 60
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

impl Session {
    /// A generated session (the first kind), as older code built it.
    pub fn generated(difficulty: Difficulty, puzzles: u8, key: [u8; 8]) -> Session {
        Session {
            source: Source::Generated {
                difficulty,
                puzzles,
            },
            key,
        }
    }

    /// The token as it appears in links.
    pub fn token(&self) -> String {
        let key: String = self.key.iter().map(|b| format!("{b:02x}")).collect();
        let head = match &self.source {
            Source::Generated {
                difficulty,
                puzzles,
            } => format!("{}{puzzles}", difficulty_letter(*difficulty)),
            Source::Seeds { difficulty, seeds } => {
                let mut head = format!("s{}", difficulty_letter(*difficulty));
                for seed in seeds {
                    head.push_str(&format!(".{seed}"));
                }
                head
            }
            Source::Pack { pack, scenarios } => {
                let mask = scenarios.iter().fold(0u64, |m, i| m | (1u64 << i));
                format!("p.{pack}.{mask:x}")
            }
            Source::Path { path } => format!("t.{path}"),
        };
        format!("{head}-{key}")
    }

    /// Reads a token; None when it is not one (the page says the link is damaged).
    pub fn parse(token: &str) -> Option<Session> {
        let (head, key_hex) = token.trim().rsplit_once('-')?;
        if key_hex.len() != 16 {
            return None;
        }
        let mut key = [0u8; 8];
        for (i, byte) in key.iter_mut().enumerate() {
            *byte = u8::from_str_radix(key_hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
        }
        let mut chars = head.chars();
        let source = match chars.next()? {
            's' => {
                let mut parts = chars.as_str().split('.');
                let difficulty = difficulty_of(single_char(parts.next()?)?)?;
                let seeds = parts
                    .map(|p| decimal(p).filter(|s| *s <= MAX_SEED))
                    .collect::<Option<Vec<u64>>>()?;
                if seeds.is_empty() || seeds.len() > usize::from(MAX_PUZZLES) {
                    return None;
                }
                Source::Seeds { difficulty, seeds }
            }
            'p' => {
                let (pack, mask) = chars.as_str().strip_prefix('.')?.rsplit_once('.')?;
                if !token_safe_pack_id(pack) || mask.is_empty() || mask.len() > 16 {
                    return None;
                }
                let mask = u64::from_str_radix(mask, 16).ok()?;
                let scenarios: Vec<u8> = (0u8..64).filter(|i| mask & (1u64 << i) != 0).collect();
                if scenarios.is_empty() || scenarios.len() > usize::from(MAX_PUZZLES) {
                    return None;
                }
                Source::Pack {
                    pack: pack.to_string(),
                    scenarios,
                }
            }
            't' => {
                let path = chars.as_str().strip_prefix('.')?;
                if !token_safe_pack_id(path) {
                    return None;
                }
                Source::Path {
                    path: path.to_string(),
                }
            }
            c => {
                let difficulty = difficulty_of(c)?;
                let puzzles = decimal(chars.as_str()).and_then(|n| u8::try_from(n).ok())?;
                if puzzles == 0 || puzzles > MAX_GENERATED {
                    return None;
                }
                Source::Generated {
                    difficulty,
                    puzzles,
                }
            }
        };
        Some(Session { source, key })
    }

    /// How many puzzles each student plays.
    pub fn count(&self) -> usize {
        match &self.source {
            Source::Generated { puzzles, .. } => usize::from(*puzzles),
            Source::Seeds { seeds, .. } => seeds.len(),
            Source::Pack { scenarios, .. } => scenarios.len(),
            Source::Path { path } => path_steps(path),
        }
    }

    /// The difficulty generated puzzles are built at (pack scenarios carry their own).
    pub fn difficulty(&self) -> Option<Difficulty> {
        match &self.source {
            Source::Generated { difficulty, .. } | Source::Seeds { difficulty, .. } => {
                Some(*difficulty)
            }
            Source::Pack { .. } | Source::Path { .. } => None,
        }
    }

    /// A short label for the trainer: "Medium · 3 puzzles", "Seeds 42, 7 · Medium",
    /// "Pack oauth-and-tokens · 4 scenarios", "Path First hour · 10 scenarios".
    pub fn label(&self) -> String {
        match &self.source {
            Source::Generated {
                difficulty,
                puzzles,
            } => format!(
                "{} · {}",
                difficulty_name(*difficulty),
                plural(usize::from(*puzzles), "puzzle")
            ),
            Source::Seeds { difficulty, seeds } => {
                let shown: Vec<String> = seeds.iter().take(4).map(u64::to_string).collect();
                let more = if seeds.len() > 4 { ", …" } else { "" };
                let s = if seeds.len() == 1 { "" } else { "s" };
                format!(
                    "Seed{s} {}{more} · {}",
                    shown.join(", "),
                    difficulty_name(*difficulty)
                )
            }
            Source::Pack { pack, scenarios } => {
                format!("Pack {pack} · {}", plural(scenarios.len(), "scenario"))
            }
            Source::Path { path } => {
                let title = paths::find(path).map_or_else(|| path.clone(), |p| p.title);
                format!("Path {title} · {}", plural(self.count(), "scenario"))
            }
        }
    }

    /// The puzzles everyone in the room shares, in the session's order (what the presenter
    /// steps through); empty for a generated session, where each student has their own.
    pub fn shared_puzzles(&self) -> Vec<u64> {
        match &self.source {
            Source::Generated { .. } => vec![],
            Source::Seeds { seeds, .. } => seeds.clone(),
            Source::Pack { scenarios, .. } => scenarios.iter().map(|i| u64::from(*i)).collect(),
            Source::Path { .. } => (0..self.count() as u64).collect(),
        }
    }

    /// The student's puzzles, by id. Generated: seeds from the key and the name (as
    /// `normalise_name` keeps it), so neighbours get different puzzles and the same name always
    /// gets the same ones. Seeds: all of them, in an order drawn from the name. Pack: the
    /// chosen scenarios in the pack's order. Path: every step, in the path's order.
    pub fn puzzles_for(&self, name: &str) -> Vec<u64> {
        let name = normalise_name(name).to_lowercase();
        match &self.source {
            Source::Generated { puzzles, .. } => (0..*puzzles)
                .map(|i| self.derive(&format!("student\n{name}\n{i}")))
                .collect(),
            Source::Seeds { seeds, .. } => {
                let mut order: Vec<(u64, u64)> = seeds
                    .iter()
                    .map(|s| (self.derive(&format!("order\n{name}\n{s}")), *s))
                    .collect();
                order.sort_unstable();
                order.into_iter().map(|(_, s)| s).collect()
            }
            Source::Pack { .. } | Source::Path { .. } => self.shared_puzzles(),
        }
    }

    /// The puzzle the presenter shows the whole room in a generated session.
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

    /// Two bytes that tell this session's codes from another's.
    pub fn tag(&self) -> [u8; 2] {
        let digest = sha256(&self.key);
        [digest[0], digest[1]]
    }
}

/// Steps of a built-in learning path, at most `MAX_PUZZLES`; 0 when this version has no such
/// path (the session pages say so before anything is played).
fn path_steps(id: &str) -> usize {
    paths::find(id).map_or(0, |p| p.steps.len().min(usize::from(MAX_PUZZLES)))
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Plain decimal digits only (no sign, no spaces), at most 19 of them.
fn decimal(s: &str) -> Option<u64> {
    (!s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// Reads the seeds a trainer typed: whole numbers separated by commas, spaces or new lines.
/// Repeats are dropped. Bad input says which entry and why.
pub fn parse_seeds(text: &str) -> Result<Vec<u64>, String> {
    let mut seeds: Vec<u64> = vec![];
    for entry in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        let entry_shown: String = entry.chars().take(24).collect();
        let seed = decimal(entry).filter(|s| *s <= MAX_SEED).ok_or_else(|| {
            if entry.bytes().all(|b| b.is_ascii_digit()) {
                format!("“{entry_shown}” is too large: a seed is at most {MAX_SEED}.")
            } else {
                format!("“{entry_shown}” is not a seed: a seed is a whole number such as 4821.")
            }
        })?;
        if !seeds.contains(&seed) {
            seeds.push(seed);
        }
    }
    if seeds.is_empty() {
        return Err(
            "Type at least one seed, such as 4821 (the number in a puzzle's title).".into(),
        );
    }
    if seeds.len() > usize::from(MAX_PUZZLES) {
        return Err(format!(
            "{} seeds: a session has at most {MAX_PUZZLES}.",
            seeds.len()
        ));
    }
    Ok(seeds)
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 8] = [1, 2, 3, 4, 5, 6, 7, 0xfe];

    fn generated() -> Session {
        Session::generated(Difficulty::Medium, 3, KEY)
    }

    fn seeds() -> Session {
        Session {
            source: Source::Seeds {
                difficulty: Difficulty::Hard,
                seeds: vec![42, 1337, 7],
            },
            key: KEY,
        }
    }

    fn pack() -> Session {
        Session {
            source: Source::Pack {
                pack: "oauth-and-tokens".into(),
                scenarios: vec![0, 3, 9],
            },
            key: KEY,
        }
    }

    fn path() -> Session {
        Session {
            source: Source::Path {
                path: "first-hour".into(),
            },
            key: KEY,
        }
    }

    #[test]
    fn old_generated_links_read_as_before() {
        // A link made before sessions had sources: same session, same students' puzzles.
        let s = Session::parse("m3-01020304050607fe").expect("an old link");
        assert_eq!(s, generated());
        assert_eq!(s.token(), "m3-01020304050607fe");
        assert_eq!(s.label(), "Medium · 3 puzzles");
        // The seeds the first format gives (SHA-256 of the key and a label, first 8 bytes big
        // endian, mod 10^9; worked out apart from this code): old students get their puzzles back.
        assert_eq!(s.room_seed(), 866_361_449);
        let ana = s.puzzles_for("Ana Lima");
        assert_eq!(ana, vec![897_537_590, 695_992_041, 914_547_775]);
        assert_eq!(ana, s.puzzles_for("  ana   LIMA "));
        assert_ne!(ana, s.puzzles_for("Ben"));
        assert!(ana.iter().all(|seed| *seed < 1_000_000_000));
        assert!(!ana.contains(&s.room_seed()));
        assert!(s.shared_puzzles().is_empty());
    }

    #[test]
    fn every_source_round_trips_through_its_token() {
        for s in [generated(), seeds(), pack(), path()] {
            let token = s.token();
            assert_eq!(Session::parse(&token), Some(s.clone()), "{token}");
            assert!(
                token
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c)),
                "safe in a link: {token}"
            );
        }
        assert_eq!(seeds().token(), "sh.42.1337.7-01020304050607fe");
        assert_eq!(pack().token(), "p.oauth-and-tokens.209-01020304050607fe");
        assert_eq!(seeds().label(), "Seeds 42, 1337, 7 · Hard");
        assert_eq!(pack().label(), "Pack oauth-and-tokens · 3 scenarios");
        assert_eq!(pack().count(), 3);
        assert_eq!(path().token(), "t.first-hour-01020304050607fe");
        assert_eq!(path().label(), "Path First hour · 10 scenarios");
    }

    #[test]
    fn bad_tokens_are_refused() {
        for bad in [
            "",
            "m3",
            "x3-01020304050607fe",
            "m0-01020304050607fe",
            "m11-01020304050607fe",
            "m99-01020304050607fe",
            "m+3-01020304050607fe",
            "m3-0102",
            "m3-zz020304050607fe",
            "s-01020304050607fe",
            "sm-01020304050607fe",
            "sx.4-01020304050607fe",
            "sm.4.-01020304050607fe",
            "sm.4.x-01020304050607fe",
            "sm.99999999999999999999-01020304050607fe",
            "p.oauth.0-01020304050607fe",
            "p.oauth-01020304050607fe",
            "p..1-01020304050607fe",
            "p.OAuth.1-01020304050607fe",
            "p.a/b.1-01020304050607fe",
            "p.oauth.zz-01020304050607fe",
            "t-01020304050607fe",
            "t.-01020304050607fe",
            "t.First-Hour-01020304050607fe",
            "t.first_hour-01020304050607fe",
            "t.a/b-01020304050607fe",
            "tfirst-hour-01020304050607fe",
        ] {
            assert_eq!(Session::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn seed_sessions_give_everyone_the_same_puzzles_in_their_own_order() {
        let s = seeds();
        let ana = s.puzzles_for("Ana Lima");
        let mut sorted = ana.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, vec![7, 42, 1337], "every seed, once");
        assert_eq!(ana, s.puzzles_for("ana lima"));
        let orders: std::collections::BTreeSet<Vec<u64>> = ["Ana", "Ben", "Cy", "Dee", "Eli"]
            .iter()
            .map(|n| s.puzzles_for(n))
            .collect();
        assert!(orders.len() > 1, "neighbours start on different puzzles");
        assert_eq!(s.shared_puzzles(), vec![42, 1337, 7]);
    }

    #[test]
    fn pack_sessions_are_the_same_for_everyone() {
        let s = pack();
        assert_eq!(s.puzzles_for("Ana"), vec![0, 3, 9]);
        assert_eq!(s.puzzles_for("Ben"), vec![0, 3, 9]);
        assert_eq!(s.difficulty(), None);
    }

    #[test]
    fn path_sessions_play_every_step_in_order_for_everyone() {
        let s = path();
        let steps = paths::find("first-hour").unwrap().steps.len() as u64;
        let all: Vec<u64> = (0..steps).collect();
        assert_eq!(s.puzzles_for("Ana"), all);
        assert_eq!(s.puzzles_for("Ben"), all);
        assert_eq!(s.shared_puzzles(), all);
        assert_eq!(s.difficulty(), None);
        // A path this version lacks still reads (the page says it is missing) but has no puzzles.
        let gone = Session::parse("t.no-such-path-01020304050607fe").expect("reads");
        assert_eq!(gone.count(), 0);
        assert_eq!(gone.label(), "Path no-such-path · 0 scenarios");
    }

    #[test]
    fn typed_seeds_are_read_or_refused_with_a_reason() {
        assert_eq!(parse_seeds("42, 1337\n7 42"), Ok(vec![42, 1337, 7]));
        assert_eq!(parse_seeds(" 5;6 "), Ok(vec![5, 6]));
        let not = parse_seeds("42, abc").unwrap_err();
        assert!(not.contains("“abc” is not a seed"), "{not}");
        assert!(parse_seeds("-4")
            .unwrap_err()
            .contains("“-4” is not a seed"));
        assert!(parse_seeds("1.5").unwrap_err().contains("not a seed"));
        assert!(parse_seeds("99999999999999999999999")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_seeds("  ").unwrap_err().contains("at least one seed"));
        let many: Vec<String> = (1..=31).map(|n| n.to_string()).collect();
        assert!(parse_seeds(&many.join(" "))
            .unwrap_err()
            .contains("at most 30"));
    }

    #[test]
    fn names_are_cleaned_and_capped() {
        assert_eq!(normalise_name("  Ana \u{202E}\n Lima "), "Ana Lima");
        assert_eq!(
            normalise_name(&"x".repeat(100)).chars().count(),
            MAX_NAME_CHARS
        );
    }
}
