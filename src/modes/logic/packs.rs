//! Imported packs: kept as the JSON the user gave (so nothing is lost), with the engine's problems.

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
    pack.get("id")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .unwrap_or("untitled-pack")
        .to_string()
}

pub fn pack_title(pack: &Value) -> String {
    pack.get("title")
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(String::from)
        .unwrap_or_else(|| pack_id(pack))
}

pub fn scenarios(pack: &Value) -> &[Value] {
    pack.get("scenarios")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Stored list of imported packs. An import with the same id replaces the older one.
pub fn parse_store(text: Option<&str>) -> Vec<Value> {
    text.and_then(|t| serde_json::from_str::<Vec<Value>>(t).ok())
        .unwrap_or_default()
}

pub fn add(store: &mut Vec<Value>, pack: Value) {
    let id = pack_id(&pack);
    match store.iter().position(|p| pack_id(p) == id) {
        Some(i) => store[i] = pack,
        None => store.push(pack),
    }
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
    fn store_replaces_by_id() {
        let mut store = parse_store(Some("not json"));
        assert!(store.is_empty());
        add(&mut store, json!({"id": "a", "title": "A"}));
        add(&mut store, json!({"id": "b"}));
        add(&mut store, json!({"id": "a", "title": "A2"}));
        assert_eq!(store.len(), 2);
        assert_eq!(pack_title(&store[0]), "A2");
        assert_eq!(pack_title(&store[1]), "b");
        let text = serde_json::to_string(&store).unwrap();
        assert_eq!(parse_store(Some(&text)), store);
        assert!(scenarios(&store[0]).is_empty());
    }
}
