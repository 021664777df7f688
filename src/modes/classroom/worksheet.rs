//! A printable worksheet for a pack: per scenario the story, an evidence excerpt (status line
//! and the key log lines of the traced request) and, for the answer key, the diagnosis.

use faultline_engine::{Level, Puzzle};
use serde_json::Value;

use crate::modes::packs::{self, scenario_play};

#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub number: usize,
    pub title: String,
    pub story: Vec<(&'static str, String)>,
    /// e.g. `GET /v2/customers/1 → 401 Unauthorized`.
    pub status: String,
    pub logs: Vec<String>,
    pub key: Option<Key>,
    /// Set when the scenario cannot be replayed.
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub layer: String,
    pub cause: String,
    pub diagnosis: String,
    pub next_action: String,
    /// Who owns the fix, and why them.
    pub owner: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub title: String,
    pub blurb: String,
    pub items: Vec<Item>,
}

/// Most log lines shown per scenario.
pub const MAX_LOG_LINES: usize = 4;

fn excerpt(p: &Puzzle) -> (String, Vec<String>) {
    let ev = &p.view.evidence;
    let exchange = p
        .answer
        .failing_exchange
        .and_then(|i| ev.exchanges.get(i))
        .or_else(|| ev.exchanges.last());
    let status = match exchange {
        Some(x) => {
            let path = crate::logic::statement::path_of(&x.request.url);
            let seen = match (&x.response, &x.client_error) {
                (Some(r), _) => format!("{} {} {}", r.http_version, r.status, r.reason),
                (None, Some(e)) => format!("no response: {e}"),
                (None, None) => "no response".into(),
            };
            format!("{} {} → {}", x.request.method, path, seen)
        }
        None => ev.outcome.clone(),
    };
    let traced: Vec<_> = crate::modes::common::diff::correlated(ev);
    let mut key: Vec<_> = traced.iter().filter(|l| l.level >= Level::Warn).collect();
    if key.is_empty() {
        key = traced.iter().rev().take(2).collect();
        key.reverse();
    }
    let logs = key
        .iter()
        .take(MAX_LOG_LINES)
        .map(|l| format!("{} [{}] {}", l.ts, l.source.id(), l.text))
        .collect();
    (status, logs)
}

pub fn build(pack: &Value) -> Sheet {
    let items = packs::scenarios(pack)
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let info = scenario_play::info(s, i);
            let base = Item {
                number: i + 1,
                title: info.title,
                story: scenario_play::story_parts(s),
                status: String::new(),
                logs: vec![],
                key: None,
                error: None,
            };
            match scenario_play::puzzle(s) {
                Ok(p) => {
                    let (status, logs) = excerpt(&p);
                    // The author's next action when there is one (the puzzle's key holds it).
                    let next_action = p
                        .key
                        .get(2)
                        .map(|k| k.explanation.clone())
                        .unwrap_or_default();
                    let owner = p
                        .key
                        .iter()
                        .find(|k| k.question == "owner")
                        .map(|k| k.explanation.clone())
                        .unwrap_or_default();
                    Item {
                        status,
                        logs,
                        key: Some(Key {
                            layer: p.answer.root_cause_layer.label().into(),
                            cause: p.answer.fault_title.clone(),
                            diagnosis: p.answer.diagnosis.clone(),
                            next_action,
                            owner,
                        }),
                        ..base
                    }
                }
                Err(e) => Item {
                    error: Some(e),
                    ..base
                },
            }
        })
        .collect();
    Sheet {
        title: packs::pack_title(pack),
        blurb: packs::pack_blurb(pack),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modes::packs::builtin;

    #[test]
    fn every_built_in_scenario_makes_a_worksheet_item() {
        for pack in builtin::packs() {
            let sheet = build(&pack);
            assert!(!sheet.items.is_empty());
            for item in &sheet.items {
                assert_eq!(item.error, None, "{}", item.title);
                assert!(!item.status.is_empty());
                assert!(!item.story.is_empty(), "{}", item.title);
                assert!(item.logs.len() <= MAX_LOG_LINES);
                let key = item.key.as_ref().unwrap();
                assert!(!key.layer.is_empty());
                assert!(
                    faultline_engine::Owner::ALL
                        .iter()
                        .any(|o| key.owner.starts_with(&format!("{}: ", o.label()))),
                    "{}: the key names who owns the fix and why: {}",
                    item.title,
                    key.owner
                );
            }
        }
    }
}
