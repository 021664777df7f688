//! A printable worksheet for a pack: per scenario the story, an evidence excerpt (status line
//! and the key log lines of the traced request) and, for the answer key, the diagnosis.

use faultline_engine::pack::{ScenarioText, TrainerKit};
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
    /// What goes into the escalation (the scenario's `evidence_to_attach`).
    pub evidence: Vec<String>,
    /// The trainer's kit, when the scenario has one: its objective, why-not lines and debrief.
    pub kit: Option<TrainerKit>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// Topic-neutral: the pack's title would give the layer away, so it is only on the key.
    pub title: String,
    pub blurb: String,
    /// The pack's own title and blurb, for the answer key.
    pub pack_title: String,
    pub pack_blurb: String,
    pub items: Vec<Item>,
}

/// The worksheet's title, the same for every pack: it names no topic and no layer.
pub const NEUTRAL_TITLE: &str = "Troubleshooting worksheet";

/// The worksheet's blurb: how many tickets and what to write, nothing about their topic.
pub fn neutral_blurb(tickets: usize) -> String {
    let n = if tickets == 1 {
        "One support ticket".to_string()
    } else {
        format!("{tickets} support tickets")
    };
    format!(
        "{n}. For each, read the report and the evidence, then write down the failing layer, the cause, the next action, who owns the fix and the evidence you would attach."
    )
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
    let items: Vec<Item> = packs::scenarios(pack)
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
                    let text = ScenarioText::read(s);
                    Item {
                        status,
                        logs,
                        key: Some(Key {
                            layer: p.answer.root_cause_layer.label().into(),
                            cause: p.answer.fault_title.clone(),
                            diagnosis: p.answer.diagnosis.clone(),
                            next_action,
                            owner,
                            evidence: text.evidence_to_attach,
                            kit: text.trainer,
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
        title: NEUTRAL_TITLE.into(),
        blurb: neutral_blurb(items.len()),
        pack_title: packs::pack_title(pack),
        pack_blurb: packs::pack_blurb(pack),
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
                assert!(
                    !key.evidence.is_empty(),
                    "{}: evidence to attach",
                    item.title
                );
            }
        }
    }

    #[test]
    fn the_title_and_blurb_give_no_topic_away_and_the_key_says_why_not() {
        let mut layer_words: Vec<String> = faultline_engine::Layer::ALL
            .iter()
            .flat_map(|l| [l.label().to_lowercase(), l.id().to_lowercase()])
            .collect();
        layer_words.extend(
            ["tls", "dns", "oauth", "webhook", "crm", "status", "gateway"].map(String::from),
        );
        let mut why_nots = 0;
        for pack in builtin::packs() {
            let sheet = build(&pack);
            let shown = format!("{} {}", sheet.title, sheet.blurb).to_lowercase();
            assert!(!shown.contains(&sheet.pack_title.to_lowercase()), "{shown}");
            for w in &layer_words {
                assert!(!shown.contains(w.as_str()), "{shown} names {w}");
            }
            assert_eq!(sheet.pack_title, packs::pack_title(&pack));
            for item in &sheet.items {
                if let Some(kit) = item.key.as_ref().and_then(|k| k.kit.as_ref()) {
                    assert!(kit.wrong_answers.iter().all(|w| !w.why_not.is_empty()));
                    why_nots += kit.wrong_answers.len();
                }
            }
        }
        assert!(
            why_nots >= 26 * 2,
            "the path scenarios' keys have why-not lines: {why_nots}"
        );
        assert_eq!(
            neutral_blurb(1).split('.').next(),
            Some("One support ticket")
        );
    }
}
