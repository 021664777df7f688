//! Endless mode's URL: `#/endless?seed=N&difficulty=easy|medium|hard&topic=T`. Everything needed
//! to replay a generated puzzle lives in the URL; anything unreadable falls back to a default.

use faultline_engine::Difficulty;

/// What the endless page plays. `seed` is `None` until one is picked (then written to the URL).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Params {
    pub seed: Option<u64>,
    pub difficulty: Difficulty,
    /// A layer or flow id from `faultline_engine::topics()`; `None` is any topic.
    pub topic: Option<String>,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            seed: None,
            difficulty: Difficulty::Medium,
            topic: None,
        }
    }
}

pub const DIFFICULTIES: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

pub fn difficulty_id(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "easy",
        Difficulty::Medium => "medium",
        Difficulty::Hard => "hard",
    }
}

/// The progress key of an endless puzzle. Seed, difficulty and topic together decide the puzzle,
/// so all three are in it: the same seed at another difficulty is another result.
pub fn progress_id(params: &Params) -> String {
    format!(
        "endless:{}:{}:{}",
        params.seed.unwrap_or_default(),
        difficulty_id(params.difficulty),
        params.topic.as_deref().unwrap_or("any")
    )
}

/// What each difficulty means, in the learner's words.
pub fn difficulty_note(d: Difficulty) -> &'static str {
    match d {
        Difficulty::Easy => "one obvious signal, little noise",
        Difficulty::Medium => "more log noise to read past",
        Difficulty::Hard => "noise, cascades and misleading secondary errors",
    }
}

/// Reads the query of a hash such as `#/endless?seed=7&difficulty=hard&topic=tls`. Unknown keys
/// are ignored; a topic not in `topics` is dropped.
pub fn parse(hash: &str, topics: &[String]) -> Params {
    let mut params = Params::default();
    let Some((_, query)) = hash.split_once('?') else {
        return params;
    };
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "seed" => params.seed = value.parse().ok(),
            "difficulty" => {
                if let Some(d) = Difficulty::parse(value) {
                    params.difficulty = d;
                }
            }
            "topic" => {
                params.topic = topics.iter().find(|t| t.as_str() == value).cloned();
            }
            _ => {}
        }
    }
    params
}

/// The hash for `params`; topic ids are plain `[a-z-]`, so nothing needs escaping.
pub fn href(params: &Params) -> String {
    let mut out = String::from("#/endless?");
    if let Some(seed) = params.seed {
        out.push_str(&format!("seed={seed}&"));
    }
    out.push_str("difficulty=");
    out.push_str(difficulty_id(params.difficulty));
    if let Some(topic) = &params.topic {
        out.push_str("&topic=");
        out.push_str(topic);
    }
    out
}

/// A fresh seed from any 53-bit entropy (e.g. `Math.random() * 2^53`), kept short enough to
/// read aloud and never equal to `current`.
pub fn next_seed(current: Option<u64>, entropy: u64) -> u64 {
    let seed = entropy % 1_000_000;
    if Some(seed) == current {
        (seed + 1) % 1_000_000
    } else {
        seed
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn progress_keys_tell_difficulties_and_topics_apart() {
        let at = |difficulty, topic: Option<&str>| {
            progress_id(&Params {
                seed: Some(42),
                difficulty,
                topic: topic.map(str::to_string),
            })
        };
        assert_eq!(at(Difficulty::Hard, Some("tls")), "endless:42:hard:tls");
        assert_eq!(at(Difficulty::Medium, None), "endless:42:medium:any");
        assert_ne!(at(Difficulty::Easy, None), at(Difficulty::Hard, None));
        assert_ne!(
            at(Difficulty::Easy, None),
            at(Difficulty::Easy, Some("dns"))
        );
    }

    use super::*;

    fn topics() -> Vec<String> {
        vec!["tls".into(), "api-call".into()]
    }

    #[test]
    fn parses_every_field_and_round_trips() {
        let p = parse("#/endless?seed=42&difficulty=hard&topic=tls", &topics());
        assert_eq!(
            p,
            Params {
                seed: Some(42),
                difficulty: Difficulty::Hard,
                topic: Some("tls".into())
            }
        );
        assert_eq!(parse(&href(&p), &topics()), p);
        assert_eq!(href(&p), "#/endless?seed=42&difficulty=hard&topic=tls");
        let any = Params {
            seed: Some(3),
            ..Params::default()
        };
        assert_eq!(href(&any), "#/endless?seed=3&difficulty=medium");
        assert_eq!(parse(&href(&any), &topics()), any);
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        assert_eq!(parse("#/endless", &topics()), Params::default());
        let p = parse(
            "#/endless?seed=-1&difficulty=impossible&topic=<script>&x=1&flag",
            &topics(),
        );
        assert_eq!(p, Params::default());
        let p = parse(
            "#/endless?topic=api-call&seed=18446744073709551615",
            &topics(),
        );
        assert_eq!(p.topic.as_deref(), Some("api-call"));
        assert_eq!(p.seed, Some(u64::MAX));
    }

    #[test]
    fn next_seed_differs_from_the_current_one() {
        assert_eq!(next_seed(None, 1_000_007), 7);
        assert_eq!(next_seed(Some(7), 1_000_007), 8);
        assert_eq!(next_seed(Some(999_999), 999_999), 0);
        assert_ne!(next_seed(Some(5), 5), 5);
    }

    #[test]
    fn every_difficulty_has_an_id_the_engine_parses() {
        for d in DIFFICULTIES {
            assert_eq!(Difficulty::parse(difficulty_id(d)), Some(d));
            assert!(!difficulty_note(d).is_empty());
        }
    }
}
