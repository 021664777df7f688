//! `#/packs`: the built-in and imported puzzle packs, their pages, and the plain logic behind
//! them. This file: a pack as JSON (its id, title and scenarios) and the imported packs' format.
//!
//! Imported packs: kept as the JSON the user gave (so nothing is lost; only a missing or clashing
//! id is filled in), with the engine's problems, in a namespace of their own. What a pack says
//! about itself is read through the engine's lenient `PackText`, never key by key.

pub mod builtin;
pub mod catalog;
pub mod finder;
pub mod imported_store;
pub mod list_page;
pub mod pack_data;
pub mod pack_page;
pub mod path_page;
pub mod path_plan;
pub mod paths;
pub mod practice;
pub mod practise_links;
pub mod scenario_page;
pub mod scenario_play;

use faultline_engine::pack::PackText;
use faultline_engine::{validate_pack, Problem};
use serde_json::Value;

/// Result of reading a pack file: the pack (when it is a JSON object) and every problem found.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub pack: Option<Value>,
    pub problems: Vec<Problem>,
}

fn no_files(name: &str) -> Result<Value, String> {
    Err(format!(
        "refers to the file \"{name}\"; an imported pack must have its scenarios inline"
    ))
}

/// The same check as `faultline check`, with file references reported (the browser has no files).
pub fn check(pack: &Value) -> Vec<Problem> {
    validate_pack(pack, &no_files)
}

pub fn import(text: &str) -> Imported {
    match faultline_engine::parse_pack(text) {
        Err(problem) => Imported {
            pack: None,
            problems: vec![problem],
        },
        Ok(value) => {
            let problems = check(&value);
            Imported {
                pack: value.is_object().then_some(value),
                problems,
            }
        }
    }
}

pub fn pack_id(pack: &Value) -> String {
    own_id(pack).unwrap_or_else(|| UNTITLED.to_string())
}

pub fn pack_title(pack: &Value) -> String {
    PackText::read(pack).title.unwrap_or_else(|| pack_id(pack))
}

/// The pack's blurb; empty when it has none.
pub fn pack_blurb(pack: &Value) -> String {
    PackText::read(pack).blurb.unwrap_or_default()
}

pub fn scenarios(pack: &Value) -> &[Value] {
    pack.get("scenarios")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Imported packs are reached as `imported:<stored id>`. Built-in pack ids are lowercase letters,
/// digits and dashes, so no built-in pack can ever share an id with an imported one.
pub const IMPORTED_PREFIX: &str = "imported:";

/// The id a pack without one (or with an empty one) is stored under, made unique.
const UNTITLED: &str = "untitled-pack";

/// The id a pack names, when it names one.
fn own_id(pack: &Value) -> Option<String> {
    PackText::read(pack).id
}

/// Reads the stored list of imported packs. Anything but a JSON list of objects is unreadable:
/// the reason comes back so the caller can keep the text aside instead of writing over it.
pub fn read_store(text: Option<&str>) -> Result<Vec<Value>, String> {
    let Some(text) = text else {
        return Ok(vec![]);
    };
    let list: Vec<Value> =
        serde_json::from_str(text).map_err(|e| format!("it is not a list of packs: {e}"))?;
    if let Some(i) = list.iter().position(|p| !p.is_object()) {
        return Err(format!("item {} of the list is not a pack", i + 1));
    }
    let mut store = vec![];
    // Stores written before ids were made unique may hold a pack without one.
    for pack in list {
        add(&mut store, pack, OnSameId::KeepBoth);
    }
    Ok(store)
}

/// `base` when no stored pack uses it, else `base-2`, `base-3`, …
pub fn unique_id(store: &[Value], base: &str) -> String {
    let taken = |id: &str| store.iter().any(|p| own_id(p).as_deref() == Some(id));
    if !taken(base) {
        return base.to_string();
    }
    (2u32..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("an unused suffix exists")
}

/// The stored pack that has the same id as `pack`, which importing `pack` would replace.
pub fn same_id(store: &[Value], pack: &Value) -> Option<usize> {
    let id = own_id(pack)?;
    store.iter().position(|p| own_id(p) == Some(id.clone()))
}

/// What the learner chose when an imported pack has the id of one already stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnSameId {
    Replace,
    KeepBoth,
}

/// Stores `pack` and returns the id it is stored under. A pack without an id gets a new unique
/// one; a pack with a stored pack's id replaces it or, kept beside it, gets `<id>-2` (or the next
/// free number), so two packs never share an id.
pub fn add(store: &mut Vec<Value>, mut pack: Value, on_same_id: OnSameId) -> String {
    let existing = same_id(store, &pack);
    let id = match (own_id(&pack), existing, on_same_id) {
        (Some(id), Some(i), OnSameId::Replace) => {
            store[i] = pack;
            return id;
        }
        (Some(id), None, _) => id,
        (Some(id), Some(_), OnSameId::KeepBoth) => unique_id(store, &id),
        (None, _, _) => unique_id(store, UNTITLED),
    };
    if let Some(object) = pack.as_object_mut() {
        object.insert("id".into(), Value::String(id.clone()));
    }
    store.push(pack);
    id
}

/// Removes the stored pack with this id; false when there is none (another tab removed it).
pub fn remove(store: &mut Vec<Value>, id: &str) -> bool {
    let before = store.len();
    store.retain(|p| pack_id(p) != id);
    store.len() != before
}

/// The id an imported pack is reached by: `imported:<stored id>`.
pub fn imported_route_id(pack: &Value) -> String {
    format!("{IMPORTED_PREFIX}{}", pack_id(pack))
}

/// A copy of a stored pack whose id is its namespaced one, for the pages that list and route to
/// packs (summaries, links, the classroom); the stored pack itself is left as it was.
pub fn namespaced(pack: &Value) -> Value {
    let mut copy = pack.clone();
    if let Some(object) = copy.as_object_mut() {
        object.insert("id".into(), Value::String(imported_route_id(pack)));
    }
    copy
}

/// The stored id of an imported pack from the id it is reached by, or None for a built-in id.
pub fn stored_id(route_id: &str) -> Option<&str> {
    route_id.strip_prefix(IMPORTED_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_problem_is_named_and_the_pack_is_kept() {
        let text = r#"{"id":"Bad Id","schema_version":1,"title":"","scenarios":[{"id":"a"}, "file.json"]}"#;
        let got = import(text);
        assert!(got.pack.is_some());
        let lines: Vec<String> = got.problems.iter().map(|p| p.to_string()).collect();
        for expected in [
            "id: \"Bad Id\" must be lowercase letters, digits and dashes",
            "title: must not be empty",
            "blurb: is required",
            "scenarios[0].title: is required",
            "scenarios[1]: refers to the file \"file.json\"",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(expected)),
                "{expected} in {lines:?}"
            );
        }
    }

    #[test]
    fn broken_json_is_one_problem() {
        let got = import("{\"id\": ");
        assert!(got.pack.is_none());
        assert_eq!(got.problems.len(), 1);
        assert!(got.problems[0].to_string().starts_with("$: not valid JSON"));
    }

    #[test]
    fn an_unreadable_store_says_why_instead_of_reading_as_empty() {
        assert_eq!(read_store(None), Ok(vec![]));
        assert!(read_store(Some("not json"))
            .unwrap_err()
            .starts_with("it is not a list of packs"));
        assert!(read_store(Some(r#"{"id": "a"}"#)).is_err());
        assert_eq!(
            read_store(Some(r#"[{"id": "a"}, 3]"#)),
            Err("item 2 of the list is not a pack".into())
        );
    }

    #[test]
    fn the_same_id_is_replaced_or_kept_beside_as_chosen() {
        let mut store = vec![];
        assert_eq!(
            add(
                &mut store,
                json!({"id": "a", "title": "A"}),
                OnSameId::Replace
            ),
            "a"
        );
        add(&mut store, json!({"id": "b"}), OnSameId::Replace);
        assert_eq!(same_id(&store, &json!({"id": "a"})), Some(0));
        assert_eq!(
            add(
                &mut store,
                json!({"id": "a", "title": "A2"}),
                OnSameId::Replace
            ),
            "a"
        );
        assert_eq!(store.len(), 2);
        assert_eq!(pack_title(&store[0]), "A2");
        assert_eq!(
            add(
                &mut store,
                json!({"id": "a", "title": "A3"}),
                OnSameId::KeepBoth
            ),
            "a-2"
        );
        assert_eq!(
            add(&mut store, json!({"id": "a"}), OnSameId::KeepBoth),
            "a-3"
        );
        assert_eq!(
            store.iter().map(pack_id).collect::<Vec<_>>(),
            ["a", "b", "a-2", "a-3"]
        );
        assert_eq!(pack_title(&store[2]), "A3");
        let text = serde_json::to_string(&store).unwrap();
        assert_eq!(read_store(Some(&text)), Ok(store.clone()));
        assert!(remove(&mut store, "a-2"));
        assert!(!remove(&mut store, "a-2"));
        assert_eq!(store.len(), 3);
    }

    #[test]
    fn packs_without_an_id_never_replace_each_other() {
        let mut store = vec![];
        let first = add(&mut store, json!({"title": "One"}), OnSameId::Replace);
        let second = add(
            &mut store,
            json!({"id": " ", "title": "Two"}),
            OnSameId::Replace,
        );
        assert_ne!(first, second);
        assert_eq!(store.len(), 2);
        assert_eq!(pack_title(&store[0]), "One");
        assert_eq!(pack_title(&store[1]), "Two");
        // An old store with two id-less packs reads as two packs with ids of their own.
        let old = read_store(Some(r#"[{"title": "X"}, {"title": "Y"}]"#)).unwrap();
        assert_ne!(pack_id(&old[0]), pack_id(&old[1]));
    }

    #[test]
    fn imported_ids_can_never_be_a_built_in_one() {
        let pack = json!({"id": "webhooks", "title": "Mine"});
        assert_eq!(imported_route_id(&pack), "imported:webhooks");
        assert_eq!(namespaced(&pack)["id"], "imported:webhooks");
        assert_eq!(pack["id"], "webhooks", "the stored pack is left as it was");
        assert_eq!(stored_id("imported:webhooks"), Some("webhooks"));
        assert_eq!(stored_id("webhooks"), None);
        for built_in in super::builtin::packs() {
            assert!(stored_id(&pack_id(&built_in)).is_none());
        }
    }
}
