//! The packs page's finder: every scenario of every pack, narrowed by words, topic and
//! difficulty, so a learner with a webhook or TLS problem reaches the right lesson at once.

use serde_json::Value;

use super::catalog::{self, Row};
use crate::modes::common::topics::{topic_key, topic_label};
use crate::modes::packs;
use crate::progress::Progress;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    pub query: String,
    /// A topic key (`common::topics`); `None` is any topic.
    pub topic: Option<String>,
    /// "easy", "medium" or "hard"; `None` is any.
    pub difficulty: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.query.trim().is_empty() && self.topic.is_none() && self.difficulty.is_none()
    }
}

/// One scenario the finder lists.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub pack_id: String,
    pub pack_title: String,
    pub row: Row,
}

/// The topics the packs' scenarios cover, as (key, words), sorted by their words.
pub fn topics(all: &[(Value, bool)]) -> Vec<(String, String)> {
    let mut keys: Vec<String> = all
        .iter()
        .flat_map(|(pack, _)| {
            packs::scenarios(pack)
                .iter()
                .enumerate()
                .collect::<Vec<_>>()
        })
        .flat_map(|(i, s)| super::scenario_play::info(s, i).tags)
        .filter_map(|t| topic_key(&t))
        .collect();
    keys.sort();
    keys.dedup();
    let mut out: Vec<(String, String)> = keys
        .into_iter()
        .map(|k| {
            let label = topic_label(&k);
            (k, label)
        })
        .collect();
    out.sort_by_key(|(_, label)| label.to_lowercase());
    out
}

/// Scenarios matching every part of the filter, in pack order. Words are looked for in the
/// scenario's and the pack's titles and in the topic names of its tags.
pub fn find(all: &[(Value, bool)], filter: &Filter, progress: &Progress) -> Vec<Hit> {
    let words: Vec<String> = filter
        .query
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let mut hits = Vec::new();
    for (pack, _) in all {
        let (pack_id, pack_title) = (packs::pack_id(pack), packs::pack_title(pack));
        for row in catalog::rows(pack, progress) {
            let keys: Vec<String> = row.info.tags.iter().filter_map(|t| topic_key(t)).collect();
            if filter.topic.as_ref().is_some_and(|t| !keys.contains(t)) {
                continue;
            }
            if filter
                .difficulty
                .as_ref()
                .is_some_and(|d| !row.info.difficulty.eq_ignore_ascii_case(d))
            {
                continue;
            }
            let hay = format!(
                "{} {} {} {}",
                row.info.title,
                pack_title,
                row.info.tags.join(" "),
                keys.iter()
                    .map(|k| topic_label(k))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
            .to_lowercase();
            if words.iter().all(|w| hay.contains(w.as_str())) {
                hits.push(Hit {
                    pack_id: pack_id.clone(),
                    pack_title: pack_title.clone(),
                    row,
                });
            }
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<(Value, bool)> {
        super::super::builtin::packs()
            .into_iter()
            .map(|p| (p, false))
            .collect()
    }

    #[test]
    fn topic_and_difficulty_narrow_and_words_search_titles() {
        let (all, progress) = (all(), Progress::new());
        let everything = find(&all, &Filter::default(), &progress);
        let topics = topics(&all);
        assert!(topics.iter().any(|(k, _)| k == "webhook"));
        assert!(
            !topics.iter().any(|(k, _)| k == "webhooks"),
            "one key per topic"
        );
        let webhook = Filter {
            topic: Some("webhook".into()),
            ..Filter::default()
        };
        let hooks = find(&all, &webhook, &progress);
        assert!(!hooks.is_empty() && hooks.len() < everything.len());
        let easy = Filter {
            difficulty: Some("easy".into()),
            ..webhook.clone()
        };
        let easy_hooks = find(&all, &easy, &progress);
        assert!(easy_hooks.len() <= hooks.len());
        assert!(easy_hooks.iter().all(|h| h.row.info.difficulty == "easy"));
        let title = &everything[3].row.info.title;
        let word = title.split_whitespace().max_by_key(|w| w.len()).unwrap();
        let by_word = Filter {
            query: word.to_uppercase(),
            ..Filter::default()
        };
        assert!(find(&all, &by_word, &progress)
            .iter()
            .any(|h| &h.row.info.title == title));
        let nothing = Filter {
            query: "zzqx-no-such-word".into(),
            ..Filter::default()
        };
        assert!(find(&all, &nothing, &progress).is_empty());
    }
}
