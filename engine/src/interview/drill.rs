//! "Recognise it fast": show a real artefact (a status line, a curl error, a log line, a TLS alert),
//! ask which layer it points to and what it means, and bring the missed ones back sooner (Leitner
//! boxes: a miss returns a card to the first box, each hit moves it one box further apart).
//!
//! Days are whole day numbers passed in by the caller (the engine has no clock).

use super::drill_cards::CARDS;
use crate::model::Layer;
use crate::util::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which program printed the artefact: shown above it, as a support engineer would know it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    HttpResponse,
    IdentityProvider,
    Curl,
    Browser,
    Node,
    Python,
    Java,
    Php,
    Nginx,
    Openssl,
    Postgres,
    Salesforce,
    WebhookProvider,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::HttpResponse => "HTTP response",
            Source::IdentityProvider => "Token endpoint response",
            Source::Curl => "curl",
            Source::Browser => "Browser console",
            Source::Node => "Node.js",
            Source::Python => "Python (requests)",
            Source::Java => "Java",
            Source::Php => "PHP (Guzzle)",
            Source::Nginx => "nginx error log",
            Source::Openssl => "openssl s_client",
            Source::Postgres => "PostgreSQL",
            Source::Salesforce => "Salesforce REST API",
            Source::WebhookProvider => "Webhook delivery log",
        }
    }
}

#[derive(Debug)]
pub struct Card {
    pub id: &'static str,
    pub source: Source,
    pub artefact: &'static str,
    /// Every layer a careful reader may name from this artefact alone (most have one).
    pub layers: &'static [Layer],
    /// Cards with the same concept say the same thing in another tool's words: one is never
    /// offered as a wrong meaning for the other.
    pub concept: &'static str,
    pub meaning: &'static str,
    /// Shown after the answer: how to read the artefact.
    pub why: &'static str,
    pub reference: &'static str,
}

pub fn cards() -> &'static [Card] {
    CARDS
}

pub fn find_card(id: &str) -> Option<&'static Card> {
    CARDS.iter().find(|c| c.id == id)
}

/// Number of meanings offered per question.
pub const MEANING_CHOICES: usize = 4;

/// One card as asked: the layers in their fixed diagram order (so a position says nothing) and
/// the meanings in a seeded order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Question {
    pub card: String,
    pub source: String,
    pub artefact: String,
    pub layers: Vec<Layer>,
    pub meanings: Vec<String>,
}

/// Wrong meanings come first from cards that point to one of the same layers (the confusions
/// worth practising: two TLS failures, two timeouts), then from the rest; never two with one
/// concept, never the card's own concept.
pub fn question(card: &Card, seed: u64) -> Question {
    let mut rng = Rng::new(seed ^ fnv(card.id));
    let mut near: Vec<&Card> = vec![];
    let mut far: Vec<&Card> = vec![];
    let mut concepts = vec![card.concept];
    for other in CARDS {
        if concepts.contains(&other.concept) {
            continue;
        }
        concepts.push(other.concept);
        if other.layers.iter().any(|l| card.layers.contains(l)) {
            near.push(other);
        } else {
            far.push(other);
        }
    }
    shuffle(&mut near, &mut rng);
    shuffle(&mut far, &mut rng);
    let mut meanings: Vec<String> = near
        .iter()
        .chain(far.iter())
        .take(MEANING_CHOICES - 1)
        .map(|c| c.meaning.to_string())
        .collect();
    meanings.push(card.meaning.to_string());
    shuffle(&mut meanings, &mut rng);
    Question {
        card: card.id.into(),
        source: card.source.label().into(),
        artefact: card.artefact.into(),
        layers: Layer::ALL.to_vec(),
        meanings,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub layer_right: bool,
    pub meaning_right: bool,
    /// What was right, shown whatever the answer.
    pub layers: Vec<Layer>,
    pub meaning: String,
    pub why: String,
    pub reference: String,
}

impl Verdict {
    pub fn right(&self) -> bool {
        self.layer_right && self.meaning_right
    }
}

pub fn check(card: &Card, layer: Layer, meaning: &str) -> Verdict {
    Verdict {
        layer_right: card.layers.contains(&layer),
        meaning_right: meaning == card.meaning,
        layers: card.layers.to_vec(),
        meaning: card.meaning.into(),
        why: card.why.into(),
        reference: card.reference.into(),
    }
}

/// Days until a card in box `n` (1-based) is due again.
pub const BOX_INTERVALS: [i64; 5] = [0, 1, 3, 7, 14];

/// What the learner has done with one card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardProgress {
    /// Leitner box, 1..=5.
    pub level: u8,
    /// Day number on which it is due again.
    pub due: i64,
    pub seen: u32,
    pub missed: u32,
}

/// The drill's spaced-repetition state, stored and exported with the rest of the progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillProgress {
    #[serde(default)]
    pub cards: BTreeMap<String, CardProgress>,
}

/// The next round: due cards first (lowest box, then longest overdue), then cards never seen in a
/// seeded order. `next_due` says when the first card not in the round comes back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Round {
    pub cards: Vec<String>,
    pub due: usize,
    pub new: usize,
    pub next_due: Option<i64>,
}

impl DrillProgress {
    /// Records the first answer to a card in a round.
    pub fn record(&mut self, card: &str, right: bool, today: i64) {
        let entry = self.cards.entry(card.to_string()).or_insert(CardProgress {
            level: 1,
            due: today,
            seen: 0,
            missed: 0,
        });
        entry.seen = entry.seen.saturating_add(1);
        if right {
            entry.level = (entry.level.clamp(1, 5) + 1).min(5);
        } else {
            entry.missed = entry.missed.saturating_add(1);
            entry.level = 1;
        }
        entry.due = today.saturating_add(BOX_INTERVALS[usize::from(entry.level) - 1]);
    }

    pub fn round(&self, today: i64, size: usize, seed: u64) -> Round {
        let mut due: Vec<(&str, &CardProgress)> = CARDS
            .iter()
            .filter_map(|c| self.cards.get(c.id).map(|p| (c.id, p)))
            .filter(|(_, p)| p.due <= today)
            .collect();
        due.sort_by_key(|(id, p)| (p.level, p.due, *id));
        let mut new: Vec<&str> = CARDS
            .iter()
            .filter(|c| !self.cards.contains_key(c.id))
            .map(|c| c.id)
            .collect();
        shuffle(&mut new, &mut Rng::new(seed));
        let due_count = due.len().min(size);
        let new_count = new.len().min(size - due_count);
        let cards: Vec<String> = due
            .iter()
            .map(|(id, _)| *id)
            .take(due_count)
            .chain(new.into_iter().take(new_count))
            .map(String::from)
            .collect();
        let next_due = CARDS
            .iter()
            .filter(|c| !cards.iter().any(|id| id == c.id))
            .filter_map(|c| self.cards.get(c.id))
            .map(|p| p.due.max(today))
            .min();
        Round {
            cards,
            due: due_count,
            new: new_count,
            next_due,
        }
    }

    /// Cards missed at least once, most missed first: what to review.
    pub fn weakest(&self, n: usize) -> Vec<&'static Card> {
        let mut missed: Vec<(&'static Card, &CardProgress)> = CARDS
            .iter()
            .filter_map(|c| self.cards.get(c.id).map(|p| (c, p)))
            .filter(|(_, p)| p.missed > 0)
            .collect();
        missed.sort_by_key(|(c, p)| (std::cmp::Reverse(p.missed), p.level, c.id));
        missed.into_iter().take(n).map(|(c, _)| c).collect()
    }

    /// Merges an imported state: per card, the one that has seen more answers wins (it holds the
    /// other's history plus more); on a tie, the later due date. Cards this build does not know are
    /// kept, so an export from a newer build loses nothing.
    pub fn merge(&mut self, other: &DrillProgress) {
        for (id, theirs) in &other.cards {
            match self.cards.get(id) {
                Some(ours) if (ours.seen, ours.due) >= (theirs.seen, theirs.due) => {}
                _ => {
                    self.cards.insert(id.clone(), theirs.clone());
                }
            }
        }
    }

    /// Repairs what a hand-edited or damaged file may hold: boxes outside 1..=5, more misses than
    /// answers.
    pub fn normalised(mut self) -> DrillProgress {
        for p in self.cards.values_mut() {
            p.level = p.level.clamp(1, 5);
            p.missed = p.missed.min(p.seen);
        }
        self
    }
}

fn shuffle<T>(xs: &mut [T], rng: &mut Rng) {
    for i in (1..xs.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        xs.swap(i, j);
    }
}

/// FNV-1a: a stable per-card salt, so each card's choices differ under one seed.
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
