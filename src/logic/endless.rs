//! Endless mode's URL: `#/endless?seed=N&difficulty=easy|medium|hard&topic=T`. Everything needed
//! to replay a generated puzzle lives in the URL; anything unreadable falls back to a default.
//! The router (`route.rs`) reads the query with `parse_query`; whether a topic exists is the
//! engine's to say, so the endless page checks it (the start module has no engine).

use faultline_engine::util::Rng;
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

/// Reads the query of `#/endless?seed=7&difficulty=hard&topic=tls` (the part after `?`). Unknown
/// keys are ignored; a topic that is not written like a topic id (`[a-z0-9-]`) is dropped.
pub fn parse_query(query: &str) -> Params {
    let mut params = Params::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "seed" => params.seed = value.parse().ok(),
            "difficulty" => {
                if let Some(d) = Difficulty::parse(value) {
                    params.difficulty = d;
                }
            }
            "topic" => params.topic = is_topic_id(value).then(|| value.to_string()),
            _ => {}
        }
    }
    params
}

/// Topic ids (layer and flow ids) are lowercase letters, digits and dashes.
fn is_topic_id(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// `params` with a topic the engine offers (`topics`), or none: an unknown topic from a link
/// plays any topic, as the page shows it.
pub fn with_known_topic(params: Params, topics: &[String]) -> Params {
    let topic = params.topic.filter(|t| topics.contains(t));
    Params { topic, ..params }
}

/// The hash for `params`; topic ids are plain `[a-z0-9-]`, so nothing needs escaping.
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

/// The seed a finished puzzle's "Next puzzle" leads to: drawn from the engine's seeded generator,
/// so the same puzzle always links to the same next one.
pub fn following_seed(seed: u64) -> u64 {
    next_seed(Some(seed), Rng::new(seed).next_u64())
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

    /// What the router hands over for a hash: the query after `?`.
    fn parse(hash: &str) -> Params {
        parse_query(hash.split_once('?').map_or("", |(_, q)| q))
    }

    #[test]
    fn parses_every_field_and_round_trips() {
        let p = parse("#/endless?seed=42&difficulty=hard&topic=tls");
        assert_eq!(
            p,
            Params {
                seed: Some(42),
                difficulty: Difficulty::Hard,
                topic: Some("tls".into())
            }
        );
        assert_eq!(parse(&href(&p)), p);
        assert_eq!(href(&p), "#/endless?seed=42&difficulty=hard&topic=tls");
        let any = Params {
            seed: Some(3),
            ..Params::default()
        };
        assert_eq!(href(&any), "#/endless?seed=3&difficulty=medium");
        assert_eq!(parse(&href(&any)), any);
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        assert_eq!(parse("#/endless"), Params::default());
        let p = parse("#/endless?seed=-1&difficulty=impossible&topic=<script>&x=1&flag");
        assert_eq!(p, Params::default());
        for odd in ["TLS", "a%20b", "tls?x", ""] {
            assert_eq!(parse_query(&format!("topic={odd}")).topic, None, "{odd}");
        }
        let p = parse("#/endless?topic=api-call&seed=18446744073709551615");
        assert_eq!(p.topic.as_deref(), Some("api-call"));
        assert_eq!(p.seed, Some(u64::MAX));
    }

    #[test]
    fn only_the_engines_topics_are_kept() {
        let p = parse("#/endless?seed=3&topic=no-such-topic");
        assert_eq!(p.topic.as_deref(), Some("no-such-topic"), "read as written");
        let known = with_known_topic(p, &topics());
        assert_eq!(known.topic, None);
        assert_eq!(known.seed, Some(3));
        let tls = with_known_topic(parse("#/endless?topic=tls"), &topics());
        assert_eq!(tls.topic.as_deref(), Some("tls"));
        let engine = faultline_engine::topics();
        assert!(
            engine.iter().all(|t| is_topic_id(t)),
            "every engine topic survives the URL"
        );
    }

    #[test]
    fn the_following_seed_is_fixed_by_the_seed_and_differs_from_it() {
        for seed in [0, 7, 999_999, u64::MAX] {
            let next = following_seed(seed);
            assert_eq!(next, following_seed(seed), "same seed, same next seed");
            assert_ne!(next, seed);
            assert!(next < 1_000_000, "short enough to read aloud");
        }
        assert_ne!(following_seed(1), following_seed(2));
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
