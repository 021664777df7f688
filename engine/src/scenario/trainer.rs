//! A scenario's optional `trainer` kit: what a trainer needs to run it with a class (the
//! learning objective, the wrong answers people give and why, a discussion prompt, a debrief
//! line). Shown only to the trainer (presenter notes, the worksheet's answer key), never to the
//! learner before the answer. `engine/tests/scenario_packs.rs` requires it for built-in packs.

use super::*;

/// The parts of a trainer kit, in the order the app shows them (`difficulty_why`, optional: why
/// the rating departs from the measured inference steps, `difficulty.rs`).
pub const TRAINER_FIELDS: [&str; 5] = [
    "objective",
    "wrong_answers",
    "discussion",
    "debrief",
    "difficulty_why",
];
/// The parts of one wrong answer.
pub const WRONG_ANSWER_FIELDS: [&str; 3] = ["answer", "why", "why_not"];

/// Checks `trainer` at `path.trainer` when it is there: the four parts, at least one wrong
/// answer, each with the answer, why people give it and why it is wrong, all non-empty strings.
pub(super) fn check_trainer(
    o: &serde_json::Map<String, Value>,
    path: &str,
    out: &mut Vec<Problem>,
) {
    let tp = format!("{path}.trainer");
    let t = match o.get("trainer") {
        None => return,
        Some(Value::Object(t)) => t,
        Some(_) => {
            return out.push(p(
                &tp,
                "must be an object {objective, wrong_answers, discussion, debrief}",
            ))
        }
    };
    unknown_keys(
        t,
        &TRAINER_FIELDS,
        &tp,
        "a trainer kit has objective, wrong_answers, discussion, debrief and difficulty_why",
        out,
    );
    for k in ["objective", "discussion", "debrief"] {
        req_str(t, k, &tp, out);
    }
    if t.contains_key("difficulty_why") {
        req_str(t, "difficulty_why", &tp, out);
    }
    let wp = format!("{tp}.wrong_answers");
    match t.get("wrong_answers") {
        None => out.push(p(&wp, "is required: a list of {answer, why, why_not}")),
        Some(Value::Array(a)) if a.is_empty() => {
            out.push(p(&wp, "must name at least one wrong answer people give"))
        }
        Some(Value::Array(a)) => {
            for (i, w) in a.iter().enumerate() {
                let at = format!("{wp}[{i}]");
                let Some(w) = w.as_object() else {
                    out.push(p(&at, "must be an object {answer, why, why_not}"));
                    continue;
                };
                unknown_keys(
                    w,
                    &WRONG_ANSWER_FIELDS,
                    &at,
                    "a wrong answer has answer, why and why_not",
                    out,
                );
                for k in WRONG_ANSWER_FIELDS {
                    req_str(w, k, &at, out);
                }
            }
        }
        Some(_) => out.push(p(&wp, "must be a list of {answer, why, why_not}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(trainer: Value) -> Vec<(String, String)> {
        let o = json!({ "trainer": trainer });
        let mut out = vec![];
        check_trainer(o.as_object().unwrap(), "scenarios[2]", &mut out);
        out.into_iter().map(|p| (p.path, p.message)).collect()
    }

    fn good() -> Value {
        json!({
            "objective": "Tell a revoked token from an expired one.",
            "wrong_answers": [{"answer": "Expired token", "why": "It says 401.", "why_not": "exp is tomorrow."}],
            "discussion": "What would you ask the customer?",
            "debrief": "Read the claims before the status."
        })
    }

    #[test]
    fn a_whole_kit_or_none_has_no_problem() {
        assert!(problems(good()).is_empty());
        let mut out = vec![];
        check_trainer(&serde_json::Map::new(), "scenarios[0]", &mut out);
        assert!(out.is_empty(), "the kit is optional for the validator");
    }

    #[test]
    fn each_problem_is_reported_at_its_json_path() {
        let mut t = good();
        t.as_object_mut().unwrap().remove("debrief");
        t["discussion"] = json!("  ");
        t["objectve"] = json!("typo");
        t["wrong_answers"][0]
            .as_object_mut()
            .unwrap()
            .remove("why_not");
        t["wrong_answers"][0]["why"] = json!(3);
        let got = problems(t);
        let at = |path: &str| got.iter().find(|(p, _)| p == path).map(|(_, m)| m.as_str());
        assert_eq!(at("scenarios[2].trainer.debrief"), Some("is required"));
        assert_eq!(
            at("scenarios[2].trainer.discussion"),
            Some("must not be empty")
        );
        assert!(at("scenarios[2].trainer.objectve")
            .unwrap()
            .starts_with("unknown field"));
        assert_eq!(
            at("scenarios[2].trainer.wrong_answers[0].why_not"),
            Some("is required")
        );
        assert_eq!(
            at("scenarios[2].trainer.wrong_answers[0].why"),
            Some("must be a string")
        );
        assert_eq!(got.len(), 5, "{got:?}");
    }

    #[test]
    fn wrong_answers_must_be_a_non_empty_list_of_objects() {
        let mut t = good();
        t["wrong_answers"] = json!([]);
        assert_eq!(
            problems(t.clone())[0].0,
            "scenarios[2].trainer.wrong_answers"
        );
        t["wrong_answers"] = json!(["a string"]);
        assert_eq!(
            problems(t.clone())[0].0,
            "scenarios[2].trainer.wrong_answers[0]"
        );
        t["wrong_answers"] = json!("none");
        assert_eq!(problems(t)[0].0, "scenarios[2].trainer.wrong_answers");
        assert_eq!(problems(json!("notes"))[0].0, "scenarios[2].trainer");
    }
}
