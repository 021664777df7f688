//! A mock interview: five questions mixed from the three kinds of practice, each with its own
//! time allowance, chosen by seed so a class can sit the same one.

use super::{drill, walk, PROMPTS};
use crate::util::Rng;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum MockItem {
    Explain(&'static str),
    Walk(&'static str),
    Recognise(&'static str),
}

impl MockItem {
    /// Seconds allowed: an explanation needs time to compose, an artefact should be recognised fast.
    pub fn seconds(self) -> u32 {
        match self {
            MockItem::Explain(_) => 180,
            MockItem::Walk(_) => 120,
            MockItem::Recognise(_) => 45,
        }
    }
}

pub const MOCK_LENGTH: usize = 5;

/// Two explanations on different topics, one walk-through and two artefacts pointing to different
/// layers, in a seeded order.
pub fn mock_plan(seed: u64) -> Vec<MockItem> {
    let mut rng = Rng::new(seed);
    let first = rng.pick(PROMPTS);
    let others: Vec<_> = PROMPTS.iter().filter(|p| p.topic != first.topic).collect();
    let second = *rng.pick(&others);
    let walk = rng.pick(walk::walkthroughs());
    let cards = drill::cards();
    let card_a = rng.pick(cards);
    let apart: Vec<_> = cards
        .iter()
        .filter(|c| !c.layers.iter().any(|l| card_a.layers.contains(l)))
        .collect();
    let card_b = *rng.pick(&apart);
    let mut plan = vec![
        MockItem::Explain(first.id),
        MockItem::Recognise(card_a.id),
        MockItem::Walk(walk.id),
        MockItem::Explain(second.id),
        MockItem::Recognise(card_b.id),
    ];
    for i in (1..plan.len()).rev() {
        let j = (rng.next_u64() % (i as u64 + 1)) as usize;
        plan.swap(i, j);
    }
    plan
}
