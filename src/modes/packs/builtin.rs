//! The built-in scenario packs (`assets/scenarios/`), embedded at build time, parsed on demand.
//! The list follows `assets/scenarios/index.json`; a test keeps the two in step.

use std::cell::RefCell;

use faultline_engine::pack::{read_index, PackIndex, ScenarioText};
use faultline_engine::Difficulty;
use serde_json::Value;

pub const FILES: [(&str, &str); 10] = [
    (
        "rest-methods-and-requests.json",
        include_str!("../../../assets/scenarios/rest-methods-and-requests.json"),
    ),
    (
        "status-codes.json",
        include_str!("../../../assets/scenarios/status-codes.json"),
    ),
    (
        "oauth-and-tokens.json",
        include_str!("../../../assets/scenarios/oauth-and-tokens.json"),
    ),
    (
        "https-and-tls.json",
        include_str!("../../../assets/scenarios/https-and-tls.json"),
    ),
    (
        "network-and-dns.json",
        include_str!("../../../assets/scenarios/network-and-dns.json"),
    ),
    (
        "gateways-rate-limits-5xx.json",
        include_str!("../../../assets/scenarios/gateways-rate-limits-5xx.json"),
    ),
    (
        "live-chat-websockets.json",
        include_str!("../../../assets/scenarios/live-chat-websockets.json"),
    ),
    (
        "webhooks.json",
        include_str!("../../../assets/scenarios/webhooks.json"),
    ),
    (
        "crm-integration.json",
        include_str!("../../../assets/scenarios/crm-integration.json"),
    ),
    (
        "mixed-incidents.json",
        include_str!("../../../assets/scenarios/mixed-incidents.json"),
    ),
];

/// The index as embedded: pack files and learning paths.
const INDEX: &str = include_str!("../../../assets/scenarios/index.json");

/// Every built-in pack that parses, in display order, each with its scenarios easy → hard.
pub fn packs() -> Vec<Value> {
    (0..FILES.len()).filter_map(parsed).collect()
}

thread_local! {
    /// Each file as parsed and ordered, once per page: the pack list, the pack pages and every
    /// opened scenario read them again and again (parsing one was a good part of opening a
    /// puzzle at 4x CPU throttling).
    static PARSED: RefCell<Vec<Option<Option<Value>>>> = RefCell::new(vec![None; FILES.len()]);
}

/// `FILES[i]` parsed and ordered (see `parse`), from the page's copy after the first time.
fn parsed(i: usize) -> Option<Value> {
    PARSED.with(|cache| {
        cache.borrow_mut()[i]
            .get_or_insert_with(|| parse(FILES[i].1))
            .clone()
    })
}

/// One pack's file, its scenarios easy → hard; None when it does not parse.
fn parse(text: &str) -> Option<Value> {
    let mut pack: Value = serde_json::from_str(text).ok()?;
    easy_to_hard(&mut pack);
    Some(pack)
}

fn id_of(pack: &Value) -> Option<&str> {
    pack.get("id").and_then(Value::as_str)
}

/// Orders a pack's scenarios by difficulty, easy → hard, keeping the file's order within each
/// difficulty (the files stay in the order their authors wrote them). Progress is by id, so the
/// order can change without losing any.
pub fn easy_to_hard(pack: &mut Value) {
    if let Some(list) = pack.get_mut("scenarios").and_then(Value::as_array_mut) {
        // Read as the lists show it: medium when absent or unknown.
        list.sort_by_cached_key(|s| {
            ScenarioText::read(s)
                .difficulty
                .as_deref()
                .and_then(Difficulty::parse)
                .unwrap_or(Difficulty::Medium)
        });
    }
}

/// The built-in index with its learning paths. The engine's test checks the embedded file (every
/// reference resolves); should it ever not read, the app shows no paths rather than failing.
pub fn index() -> PackIndex {
    serde_json::from_str(INDEX)
        .ok()
        .and_then(|v| read_index(&v).ok())
        .unwrap_or(PackIndex {
            schema_version: 1,
            packs: vec![],
            paths: vec![],
        })
}

/// A built-in pack by id. Each file is named after its pack (a test holds it), so only that file
/// is parsed: parsing all ten (~700 KB) was most of opening a puzzle in the browser.
pub fn find(id: &str) -> Option<Value> {
    let named = FILES
        .iter()
        .position(|(name, _)| name.strip_suffix(".json") == Some(id))
        .and_then(parsed)
        .filter(|p| id_of(p) == Some(id));
    named.or_else(|| packs().into_iter().find(|p| id_of(p) == Some(id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_index_and_every_pack_parses() {
        let file: Value = serde_json::from_str(INDEX).unwrap();
        let listed: Vec<&str> = file["packs"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let embedded: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(embedded, listed);
        assert_eq!(packs().len(), FILES.len());
        assert!(find("webhooks").is_some());
        assert_eq!(index().packs, listed);
        assert_eq!(index().paths.len(), 3);
    }

    #[test]
    fn each_file_is_named_after_its_pack_so_find_parses_only_that_one() {
        for ((name, _), pack) in FILES.iter().zip(packs()) {
            assert_eq!(name.strip_suffix(".json"), id_of(&pack), "{name}");
            assert_eq!(find(id_of(&pack).unwrap()), Some(pack));
        }
        assert_eq!(find("no-such-pack"), None);
    }

    #[test]
    fn every_pack_lists_easy_to_hard_keeping_the_files_order_within_a_difficulty() {
        let rank = |s: &Value| match s["difficulty"].as_str() {
            Some("easy") => 0,
            Some("medium") => 1,
            _ => 2,
        };
        for ((name, text), pack) in FILES.iter().zip(packs()) {
            let file: Value = serde_json::from_str(text).unwrap();
            let listed = pack["scenarios"].as_array().unwrap();
            let ranks: Vec<u8> = listed.iter().map(rank).collect();
            assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{name}: {ranks:?}");
            // Stable: within a difficulty, the file's order.
            for d in 0..3 {
                let of = |list: &[Value]| -> Vec<Value> {
                    list.iter()
                        .filter(|s| rank(s) == d)
                        .map(|s| s["id"].clone())
                        .collect()
                };
                assert_eq!(
                    of(listed),
                    of(file["scenarios"].as_array().unwrap()),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn a_scenario_without_a_readable_difficulty_sorts_as_medium_and_nothing_is_dropped() {
        let mut pack = serde_json::json!({"scenarios": [
            {"id": "h", "difficulty": "hard"}, {"id": "x", "difficulty": 3},
            {"id": "e", "difficulty": "easy"}, {"id": "m"}
        ]});
        easy_to_hard(&mut pack);
        let ids: Vec<&str> = pack["scenarios"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["e", "x", "m", "h"]);
        easy_to_hard(&mut serde_json::json!({"scenarios": 3}));
    }
}
