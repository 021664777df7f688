//! Study reference → scenarios that practise an entry. A scenario practises an entry when its own
//! texts (story, hints, explanation, diagnosis, next action, evidence to attach) or its fault's
//! catalogue text mention one of the entry's terms, and, more weakly, when they share a tag.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use faultline_engine::pack::{ScenarioText, StoryText};
use serde_json::Value;

use super::scenario_play;
use crate::logic::reference::{Entry, Reference};
use crate::modes::packs;

/// One scenario as the matcher sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Indexed {
    pub pack_id: String,
    pub pack_title: String,
    pub scenario_id: String,
    pub title: String,
    pub difficulty: String,
    tags: BTreeSet<String>,
    /// Reference entries (by index) its texts mention.
    mentions: BTreeSet<usize>,
}

/// Tags are matched without a plural `s`: `method` = `methods`, `webhook` = `webhooks`.
fn norm(tag: &str) -> String {
    let t = tag.trim().to_ascii_lowercase();
    t.strip_suffix('s').map(String::from).unwrap_or(t)
}

/// Texts of a scenario that say what it is about (the distractor explanations are left out:
/// they are about other causes).
fn texts(s: &ScenarioText) -> Vec<String> {
    let story = match &s.story {
        Some(StoryText::Told(t)) => vec![Some(t.clone())],
        Some(StoryText::Reported {
            who,
            since,
            expected,
            actual,
        }) => vec![who.clone(), since.clone(), expected.clone(), actual.clone()],
        None => vec![],
    };
    let correct = s.explanations.as_ref().and_then(|e| e.correct.clone());
    let mut out: Vec<String> = [s.title.clone()]
        .into_iter()
        .chain(story)
        .flatten()
        .chain(s.hints.iter().cloned())
        .chain(
            [s.diagnosis.clone(), s.next_action.clone()]
                .into_iter()
                .flatten(),
        )
        .chain(s.evidence_to_attach.iter().cloned())
        .chain(correct)
        .collect();
    for id in &s.fault_ids {
        if let Some(f) = faultline_engine::fault(id) {
            out.push(f.title);
            out.push(f.summary);
        }
    }
    out
}

pub fn index(reference: &Reference, all: &[Value]) -> Vec<Indexed> {
    let mut out = vec![];
    for pack in all {
        for (i, s) in packs::scenarios(pack).iter().enumerate() {
            let text = ScenarioText::read(s);
            let info = scenario_play::info_of(&text, i);
            let mentions = texts(&text)
                .iter()
                .flat_map(|t| reference.segments(t))
                .filter_map(|(_, entry)| entry)
                .collect();
            out.push(Indexed {
                pack_id: packs::pack_id(pack),
                pack_title: packs::pack_title(pack),
                scenario_id: info.id,
                title: info.title,
                difficulty: info.difficulty,
                tags: info.tags.iter().map(|t| norm(t)).collect(),
                mentions,
            });
        }
    }
    out
}

fn difficulty_rank(d: &str) -> u8 {
    match d {
        "easy" => 0,
        "medium" => 1,
        _ => 2,
    }
}

/// Up to `limit` scenarios that practise entry `entry_index`, best first: a mention counts more
/// than all shared tags together; ties go to the easier scenario, then to pack order.
pub fn for_entry<'a>(
    index: &'a [Indexed],
    entry_index: usize,
    entry: &Entry,
    limit: usize,
) -> Vec<&'a Indexed> {
    let tags: BTreeSet<String> = entry.tags.iter().map(|t| norm(t)).collect();
    let mut scored: Vec<(usize, u8, usize, &Indexed)> = index
        .iter()
        .enumerate()
        .filter_map(|(order, s)| {
            let mention = usize::from(s.mentions.contains(&entry_index)) * 10;
            let shared = s.tags.intersection(&tags).count();
            let score = mention + shared;
            (score > 0).then_some((score, difficulty_rank(&s.difficulty), order, s))
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    scored.into_iter().take(limit).map(|x| x.3).collect()
}

/// The index of the built-in packs against the reference's terms, built on first use.
pub fn builtin_index() -> &'static [Indexed] {
    static INDEX: OnceLock<Vec<Indexed>> = OnceLock::new();
    INDEX.get_or_init(|| index(crate::logic::reference::terms(), &super::builtin::packs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DOC: &str = r#"{"categories":[{"id":"s","title":"S"}],"entries":[
        {"id":"status-401","category":"s","title":"401","terms":["401"],"tags":["status-codes","oauth"]},
        {"id":"method-get","category":"s","title":"GET","terms":["GET"],"tags":["method"]},
        {"id":"lonely","category":"s","title":"Lonely","terms":["zebra"],"tags":["nothing"]}
    ]}"#;

    fn packs() -> Vec<Value> {
        vec![json!({"id": "p", "title": "P", "scenarios": [
            {"id": "hard-401", "title": "Hard", "difficulty": "hard", "tags": ["oauth"],
             "story": {"actual": "we get 401"}},
            {"id": "easy-401", "title": "Easy", "difficulty": "easy", "tags": ["oauth"],
             "diagnosis": "GET returned 401."},
            {"id": "tagged", "title": "Tagged", "difficulty": "easy", "tags": ["status-codes", "methods"],
             "explanations": {"correct": "x", "distractors": {"a": "a 401 would differ"}}}
        ]})]
    }

    #[test]
    fn mentions_rank_above_tags_and_easier_first() {
        let r = Reference::parse(DOC);
        let idx = index(&r, &packs());
        let ids = |e: usize| -> Vec<String> {
            for_entry(&idx, e, &r.entries[e], 5)
                .iter()
                .map(|s| s.scenario_id.clone())
                .collect()
        };
        assert_eq!(ids(0), ["easy-401", "hard-401", "tagged"]);
        // "methods" on the scenario matches "method" on the entry; the mention comes first.
        assert_eq!(ids(1), ["easy-401", "tagged"]);
        assert!(ids(2).is_empty());
        assert_eq!(for_entry(&idx, 0, &r.entries[0], 1).len(), 1);
        assert_eq!(idx[0].pack_title, "P");
    }

    #[test]
    fn distractor_explanations_are_not_mentions() {
        let r = Reference::parse(DOC);
        let idx = index(&r, &packs());
        assert!(!idx[2].mentions.contains(&0));
        assert!(idx[1].mentions.contains(&1));
    }

    #[test]
    fn every_reference_entry_has_a_scenario_to_practise() {
        let r = crate::logic::reference::embedded();
        let idx = builtin_index();
        assert!(idx.len() >= 40);
        let missing: Vec<&str> = r
            .entries
            .iter()
            .enumerate()
            .filter(|(i, e)| for_entry(idx, *i, e, 3).is_empty())
            .map(|(_, e)| e.id.as_str())
            .collect();
        assert!(missing.is_empty(), "entries without practice: {missing:?}");
        let e401 = r.index_of("status-401").expect("401 entry");
        let top = for_entry(idx, e401, &r.entries[e401], 3);
        assert!(
            top.iter().all(|s| s.mentions.contains(&e401)),
            "401 links to scenarios that show a 401"
        );
    }
}
