//! Reading older progress files: each stored version is brought up to `SCHEMA_VERSION`, and
//! numbers no Faultline writes are repaired.

use serde_json::Value;

use super::{PendingAttempt, Progress, SCHEMA_VERSION};

/// Brings any stored version up to `SCHEMA_VERSION`. `text` is what `value` was parsed from: the
/// current schema is read from it again, so a shape error names its line and column.
pub(super) fn migrate(text: &str, value: Value) -> Result<Progress, String> {
    if !value.is_object() {
        return Err("is not a JSON object, so it is not Faultline progress".into());
    }
    let version = match value.get("schema_version") {
        None => return Err("has no schema_version, so it is not Faultline progress".into()),
        Some(v) => v.as_u64().ok_or(format!(
            "has schema_version {v}, which is not a version number"
        ))?,
    };
    if version == 0 {
        return Err(format!(
            "has schema_version 0, which no Faultline ever wrote (known: 1 to {SCHEMA_VERSION})"
        ));
    }
    if version > u64::from(SCHEMA_VERSION) {
        return Err(format!(
            "was written by a newer Faultline (schema {version}; this copy knows up to {SCHEMA_VERSION})"
        ));
    }
    let shape = |e: serde_json::Error| format!("does not have the expected shape ({e})");
    let mut progress: Progress = if version == 1 {
        serde_json::from_value(migrate_v1(&value)?).map_err(shape)?
    } else {
        serde_json::from_str(text).map_err(shape)?
    };
    // Results the start page exported while its progress writer could not load (handoff.rs).
    if let Some(unsaved) = value.get("unsaved_results") {
        let unsaved: Vec<PendingAttempt> = serde_json::from_value(unsaved.clone())
            .map_err(|e| format!("has unsaved_results that cannot be read ({e})"))?;
        for pending in &unsaved {
            progress.record(&pending.attempt());
        }
    }
    Ok(progress.normalised())
}

impl Progress {
    /// Repairs numbers no Faultline writes (a hand-edited file): scores above 100, drill boxes
    /// outside their range.
    fn normalised(mut self) -> Progress {
        for score in self.explain.values_mut() {
            *score = (*score).min(100);
        }
        self.drill = self.drill.normalised();
        self
    }
}

/// Version 1 stored only `scores`: scenario id → best score out of 3, with no topics or streak.
fn migrate_v1(value: &Value) -> Result<Value, String> {
    let scores = value
        .get("scores")
        .and_then(Value::as_object)
        .ok_or("(schema 1) has no scores object")?;
    let mut results = serde_json::Map::new();
    for (id, score) in scores {
        let score = score
            .as_u64()
            .ok_or(format!("(schema 1) has a non-numeric score for {id:?}"))?;
        results.insert(
            id.clone(),
            serde_json::json!({
                "best_score": score, "max_score": 3, "solved": score > 0,
                "attempts": 1, "hints": 0, "seconds": 0,
            }),
        );
    }
    Ok(serde_json::json!({
        "schema_version": SCHEMA_VERSION,
        "results": results,
        "topics": {},
        "streak": { "current": 0, "best": 0, "last_day": null },
    }))
}
