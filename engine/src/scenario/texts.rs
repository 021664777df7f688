//! A scenario's explanations and its optional owner override: the texts the puzzle shows after
//! an answer, checked at their JSON paths.

use super::*;
use crate::owner::Owner;

/// `explanations`: why the answer is right, and why each named wrong cause is wrong here.
pub(super) fn check_explanations(
    o: &serde_json::Map<String, Value>,
    parsed: &[FaultSpec],
    path: &str,
    out: &mut Vec<Problem>,
) {
    match o.get("explanations").and_then(|v| v.as_object()) {
        None => out.push(p(
            &format!("{path}.explanations"),
            "is required: {correct, distractors}",
        )),
        Some(e) => {
            let ep = format!("{path}.explanations");
            unknown_keys(
                e,
                &["correct", "distractors"],
                &ep,
                "explanations have correct and distractors",
                out,
            );
            req_str(e, "correct", &ep, out);
            match e.get("distractors").and_then(|v| v.as_object()) {
                None => out.push(p(
                    &format!("{path}.explanations.distractors"),
                    "is required: {fault-id: why it is wrong}",
                )),
                Some(d) => {
                    for (k, v) in d {
                        if crate::faults::find(k).is_none() {
                            out.push(p(
                                &format!("{path}.explanations.distractors.{k}"),
                                format!("unknown fault \"{k}\""),
                            ));
                        } else if parsed.first().map(|f| f.id == *k).unwrap_or(false) {
                            out.push(p(
                                &format!("{path}.explanations.distractors.{k}"),
                                "is the scenario's own root cause",
                            ));
                        }
                        if v.as_str().map(|s| s.trim().is_empty()).unwrap_or(true) {
                            out.push(p(
                                &format!("{path}.explanations.distractors.{k}"),
                                "must be a non-empty string",
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// `owner` (optional): `{id, why}`, who owns the fix when the scenario's story puts it with
/// someone other than the catalogue's owner for the fault, and why, in one sentence.
pub(super) fn check_owner(o: &serde_json::Map<String, Value>, path: &str, out: &mut Vec<Problem>) {
    let Some(v) = o.get("owner") else { return };
    let op = format!("{path}.owner");
    let Some(w) = v.as_object() else {
        out.push(p(&op, "must be an object: {id, why}"));
        return;
    };
    unknown_keys(w, &["id", "why"], &op, "an owner has id and why", out);
    if let Some(id) = req_str(w, "id", &op, out) {
        if Owner::parse(&id).is_none() {
            let known: Vec<&str> = Owner::ALL.iter().map(|o| o.id()).collect();
            out.push(p(
                &format!("{op}.id"),
                format!("unknown owner \"{id}\" (one of: {})", known.join(", ")),
            ));
        }
    }
    req_str(w, "why", &op, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_owner(owner: Value) -> Vec<Problem> {
        let pack: Value =
            serde_json::from_str(include_str!("../../../assets/scenarios/webhooks.json")).unwrap();
        let mut s = pack["scenarios"][0].clone();
        s["owner"] = owner;
        validate_scenario(&s, "$")
    }

    #[test]
    fn an_owner_override_is_checked_at_its_json_path() {
        let ok = serde_json::json!({"id": "receiver", "why": "Their handler."});
        assert_eq!(with_owner(ok), vec![]);
        let unknown = with_owner(serde_json::json!({"id": "billing", "why": "x"}));
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert_eq!(unknown[0].path, "$.owner.id");
        assert!(unknown[0].message.contains("unknown owner \"billing\""));
        let bad = with_owner(serde_json::json!({"id": "vendor", "team": "x"}));
        let paths: Vec<&str> = bad.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["$.owner.team", "$.owner.why"]);
        assert_eq!(with_owner(serde_json::json!("vendor"))[0].path, "$.owner");
    }
}
