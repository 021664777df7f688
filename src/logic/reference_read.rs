//! Reads the study reference's JSON into its entries and categories, by hand over
//! `logic::json_value` (serde's derived readers cost the start module too much; see there). It
//! reads as the derived reader did: unknown fields are ignored, lists and optional texts may be
//! missing, a missing id, category or title is an error that names the entry.

use serde_json::{Map, Value};

use super::{Category, Doc, Entry};
use crate::logic::json_value;

type Object = Map<String, Value>;

pub(super) fn doc(source: &str) -> Result<Doc, String> {
    let value = json_value::parse(source).map_err(|e| e.to_string())?;
    let root = value
        .as_object()
        .ok_or("the reference is not a JSON object")?;
    Ok(Doc {
        categories: list(root, "categories", |item| {
            Ok(Category {
                id: text(item, "id")?,
                title: text(item, "title")?,
            })
        })?,
        entries: list(root, "entries", entry)?,
    })
}

fn entry(item: &Object) -> Result<Entry, String> {
    Ok(Entry {
        id: text(item, "id")?,
        category: text(item, "category")?,
        title: text(item, "title")?,
        terms: texts(item, "terms")?,
        summary: optional_text(item, "summary")?.unwrap_or_default(),
        body: texts(item, "body")?,
        example: optional_text(item, "example")?,
        first_look: optional_text(item, "first_look")?,
        see_also: texts(item, "see_also")?,
        tags: texts(item, "tags")?,
    })
}

/// A list of objects; missing means empty. An error names the item (`entries[3]: …`).
fn list<T>(
    object: &Object,
    name: &str,
    read: impl Fn(&Object) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let Some(value) = object.get(name) else {
        return Ok(vec![]);
    };
    let items = value
        .as_array()
        .ok_or_else(|| format!("`{name}` is not a list"))?;
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_object()
                .ok_or_else(|| "not an object".to_string())
                .and_then(&read)
                .map_err(|e| format!("{name}[{i}]: {e}"))
        })
        .collect()
}

fn text(object: &Object, name: &str) -> Result<String, String> {
    optional_text(object, name)?.ok_or_else(|| format!("missing field `{name}`"))
}

/// A text that may be missing or null.
fn optional_text(object: &Object, name: &str) -> Result<Option<String>, String> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{name}` is not a text")),
    }
}

/// A list of texts; missing means empty.
fn texts(object: &Object, name: &str) -> Result<Vec<String>, String> {
    let Some(value) = object.get(name) else {
        return Ok(vec![]);
    };
    value
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| format!("`{name}` is not a list of texts"))
}
