//! What the progress page calls things: a puzzle by its title (never its storage key), and topics
//! in one taxonomy (`common::topics`). Stored progress is left as it is; only what is shown is
//! named and merged.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::logic::endless;
use crate::modes::common::topics::{topic_key, topic_label};
use crate::modes::packs::{self, catalog, scenario_play};
use crate::progress::Progress;

/// One topic's row of the mastery chart: shares 0–100 of first-try answers.
#[derive(Clone, Debug, PartialEq)]
pub struct MasteryRow {
    pub label: String,
    /// The root-cause layer right on the first try.
    pub layer: u32,
    /// Who owns the fix right on the first try.
    pub owner: u32,
    pub attempts: u32,
}

/// Mastery rows, one per topic. Two stored spellings of one topic were recorded by the same
/// attempts, so they merge by the larger count, never by adding.
pub fn mastery_rows(p: &Progress) -> Vec<MasteryRow> {
    let mut merged: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for (tag, stats) in &p.topics {
        let Some(key) = topic_key(tag) else { continue };
        let entry = merged.entry(key).or_default();
        if stats.attempts > entry.0 {
            *entry = (
                stats.attempts,
                stats.first_try.min(stats.attempts),
                stats.owner_first_try.min(stats.attempts),
            );
        }
    }
    let share = |n: u32, of: u32| (u64::from(n) * 100 / u64::from(of.max(1))).min(100) as u32;
    let mut rows: Vec<MasteryRow> = merged
        .into_iter()
        .map(|(key, (attempts, layer, owner))| MasteryRow {
            label: topic_label(&key),
            layer: share(layer, attempts),
            owner: share(owner, attempts),
            attempts,
        })
        .collect();
    rows.sort_by_key(|r| r.label.to_lowercase());
    rows
}

/// A puzzle's title and where it opens, from its progress key.
pub fn result_name(id: &str, packs: &[(Value, bool)]) -> (String, Option<String>) {
    let mut parts = id.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("endless"), Some(seed), None, None) => {
            return (
                format!("Generated puzzle {seed}"),
                Some(format!("#/puzzle/{seed}")),
            )
        }
        (Some("endless"), Some(seed), Some(difficulty), Some(topic)) => {
            let params = endless::parse_query(&format!(
                "seed={seed}&difficulty={difficulty}{}",
                if topic == "any" {
                    String::new()
                } else {
                    format!("&topic={topic}")
                }
            ));
            let about = if topic == "any" {
                "any topic".to_string()
            } else {
                topic_key(topic).map_or_else(|| topic.to_string(), |k| topic_label(&k))
            };
            return (
                format!("Endless puzzle {seed} ({difficulty}, {about})"),
                Some(endless::href(&params)),
            );
        }
        (Some("challenge"), Some(_), _, _) => return ("Challenge link".to_string(), None),
        _ => {}
    }
    for (pack, _) in packs {
        let pack_id = packs::pack_id(pack);
        for (i, scenario) in packs::scenarios(pack).iter().enumerate() {
            let info = scenario_play::info(scenario, i);
            if catalog::progress_id(&pack_id, &info.id) == id {
                return (
                    format!("{} · {}", info.title, packs::pack_title(pack)),
                    Some(catalog::scenario_href(&pack_id, &info.id)),
                );
            }
        }
    }
    (id.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::TopicStats;

    #[test]
    fn mastery_merges_spellings_and_leaves_flows_out() {
        let flow = faultline_engine::Flow::ALL[0].id();
        let mut p = Progress::new();
        let stats = |attempts, first_try, owner_first_try| TopicStats {
            attempts,
            first_try,
            owner_first_try,
        };
        p.topics.insert("webhook".into(), stats(2, 1, 0));
        p.topics.insert("webhooks".into(), stats(2, 1, 0));
        p.topics.insert(flow.into(), stats(5, 5, 5));
        p.topics.insert("tls".into(), stats(4, 4, 1));
        let row = |label: &str, layer, owner, attempts| MasteryRow {
            label: label.into(),
            layer,
            owner,
            attempts,
        };
        assert_eq!(
            mastery_rows(&p),
            vec![row("TLS", 100, 25, 4), row("Webhooks", 50, 0, 2)]
        );
    }

    #[test]
    fn results_are_named_by_title() {
        let packs: Vec<(Value, bool)> = crate::modes::packs::builtin::packs()
            .into_iter()
            .map(|p| (p, false))
            .collect();
        let (title, href) = result_name("endless:436534:medium:any", &packs);
        assert_eq!(title, "Endless puzzle 436534 (medium, any topic)");
        assert!(href.unwrap().contains("seed=436534"));
        assert_eq!(
            result_name("endless:7", &packs).1.as_deref(),
            Some("#/puzzle/7")
        );
        let first = &packs[0].0;
        let info = scenario_play::info(&packs::scenarios(first)[0], 0);
        let (title, href) = result_name(&info.id, &packs);
        assert!(title.starts_with(&info.title), "{title}");
        assert!(href.unwrap().ends_with(&info.id));
        assert_eq!(
            result_name("gone-scenario", &packs),
            ("gone-scenario".into(), None)
        );
    }
}
