//! The draft model's tests: pack conversion, text kept as written, problem placement, saving.

use super::*;
use faultline_engine::validate_pack;

fn no_files(_: &str) -> Result<Value, String> {
    Err("no files".into())
}

fn filled() -> ScenarioDraft {
    let mut d = ScenarioDraft {
        id: "token-expired".into(),
        title: "Lookups fail".into(),
        who: "Partner developer".into(),
        since: "09:00 UTC".into(),
        expected: "Customer record".into(),
        actual: "401".into(),
        tags: "oauth, status-codes".into(),
        hints: vec!["a".into(), "b".into(), "c".into()],
        correct: "Authentication / authorization: the token expired.".into(),
        diagnosis: "GET returned 401.".into(),
        next_action: "Refresh the token.".into(),
        evidence: "trace id\n\nstatus line".into(),
        ..ScenarioDraft::default()
    };
    d.set(&Field::Param("minutes_ago".into()), "30".into());
    d.set(&Field::Param("unrelated".into()), "x".into());
    d
}

#[test]
fn a_filled_draft_is_a_valid_pack() {
    let draft = Draft {
        pack: PackDraft {
            id: "mine".into(),
            title: "Mine".into(),
            blurb: "Mine".into(),
        },
        scenarios: vec![filled()],
        ..Draft::default()
    };
    let pack = draft.to_pack();
    assert_eq!(
        pack["scenarios"][0]["fault"]["params"],
        json!({"minutes_ago": 30})
    );
    assert_eq!(
        pack["scenarios"][0]["evidence_to_attach"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let problems = validate_pack(&pack, &no_files);
    assert!(problems.is_empty(), "{problems:?}");
    let back = ScenarioDraft::from_value(&pack["scenarios"][0]);
    assert_eq!(back.to_value(), pack["scenarios"][0]);
}

#[test]
fn an_imported_scenario_with_problems_keeps_every_field_as_text() {
    let d = ScenarioDraft::from_value(&json!({
        "id": "x", "title": 5, "story": "One sentence.", "seed": -1, "flow": null,
        "fault": [{"id": "expired-token", "params": {"minutes_ago": 30, "extra": [1]}}, {"id": "dns-nxdomain"}],
        "tags": ["oauth", 7], "hints": ["only one"],
        "explanations": {"correct": "Why.", "distractors": {"revoked-token": 1}},
        "evidence_to_attach": ["a", "b"], "call": null
    }));
    assert_eq!(
        (d.id.as_str(), d.title.as_str(), d.seed.as_str()),
        ("x", "5", "-1")
    );
    assert_eq!(d.actual.clone() + &d.who + &d.flow, "One sentence.");
    assert_eq!(d.fault, "expired-token");
    assert_eq!(d.params["minutes_ago"], "30");
    assert_eq!(d.params["extra"], "[1]");
    assert_eq!(d.tags, "oauth, 7");
    assert_eq!(d.hints, ["only one", "", ""]);
    assert_eq!(d.correct, "Why.");
    assert_eq!(d.distractors[0], ("revoked-token".into(), "1".into()));
    assert_eq!(d.evidence, "a\nb");
    assert_eq!(
        d.call,
        Some(Value::Null),
        "kept as given, for the engine to name"
    );
    let parts = ScenarioDraft::from_value(&json!({"story": {"who": "Agents", "actual": 401}}));
    assert_eq!(
        (parts.who.as_str(), parts.actual.as_str()),
        ("Agents", "401")
    );
    assert_eq!(parts.call, None);
    // Not a scenario object at all: an empty form, never one filled by position.
    for odd in [json!("file.json"), json!(["a", "b"])] {
        let d = ScenarioDraft::from_value(&odd);
        assert_eq!(
            (d.id.as_str(), d.title.as_str(), d.fault.as_str()),
            ("", "", "")
        );
    }
}

#[test]
fn the_request_field_sets_and_clears_the_call() {
    let mut s = ScenarioDraft::default();
    s.set(&Field::Call, "POST /v2/chats".into());
    assert_eq!(
        s.to_value()["call"],
        json!({"method": "POST", "path": "/v2/chats"})
    );
    assert_eq!(call_label(s.call.as_ref().unwrap()), "POST /v2/chats");
    s.set(&Field::Call, String::new());
    assert!(
        s.to_value().get("call").is_none(),
        "the flow's usual request"
    );
    // An imported call the form does not offer survives being shown and re-selected.
    let odd = json!({"method": "GET", "path": "/v2/customers/1", "extra": true});
    s.call = Some(odd.clone());
    s.set(&Field::Call, call_label(&odd));
    assert_eq!(s.call, Some(odd));
    // Not a {method, path} object: shown as written.
    assert_eq!(call_label(&json!(["GET", "/x"])), r#"["GET","/x"]"#);
    assert_eq!(call_label(&json!({"method": "GET"})), r#"{"method":"GET"}"#);
}

#[test]
fn problems_land_next_to_their_fields() {
    let mut d = Draft::default();
    d.scenarios[0].seed = "abc".into();
    d.scenarios[0].hints[1] = "only one".into();
    d.add_scenario();
    let problems = validate_pack(&d.to_pack(), &no_files);
    let s = &d.scenarios[0];
    let fields: Vec<String> = [
        Field::Seed,
        Field::Hint(0),
        Field::Title,
        Field::Fault,
        Field::Expected,
    ]
    .iter()
    .map(|f| f.path(s))
    .collect();
    let (by_field, rest) = place(&problems, 0, &fields);
    assert_eq!(
        by_field["seed"],
        vec!["scenarios[0].seed: is required and must be a non-negative integer"]
    );
    assert!(by_field["title"][0].starts_with("scenarios[0].title: "));
    assert!(by_field["story.expected"][0].contains("must not be empty"));
    assert!(by_field["pack.blurb"][0].starts_with("blurb: "));
    assert!(rest.iter().any(|r| r.starts_with("scenarios[1]")));
    assert!(
        !by_field.contains_key("hints[0]")
            || by_field["hints[0]"].iter().all(|m| m.contains("hints[0]"))
    );
}

#[test]
fn drafts_round_trip_and_unreadable_ones_say_so() {
    let mut d = Draft::default();
    d.scenarios[0].title = "<img src=x onerror=alert(1)>".into();
    let text = serde_json::to_string(&d).unwrap();
    assert_eq!(load(Some(&text)), Ok(d));
    let why = load(Some("{broken")).unwrap_err();
    assert!(why.contains("line 1"), "{why}");
    assert_eq!(load(None), Ok(Draft::default()));
}

#[test]
fn a_stored_selection_past_the_end_is_clamped_so_typing_lands() {
    let mut stored = serde_json::to_value(Draft::default()).unwrap();
    stored["selected"] = json!(7);
    let mut d = load(Some(&stored.to_string())).unwrap();
    assert_eq!(d.selected, 0);
    let i = d.selected;
    d.scenarios[i].set(&Field::Title, "typed".into());
    assert_eq!(d.current().unwrap().title, "typed");
    let empty = load(Some(r#"{"scenarios": [], "selected": 3}"#)).unwrap();
    assert_eq!(empty.selected, 0);
    let mut d = Draft::default();
    d.select(9);
    assert_eq!(d.selected, 0);
    d.append_pack(&json!({"scenarios": "not a list"}));
    assert_eq!(d.selected, 0);
}

#[test]
fn a_draft_another_tab_saved_is_kept_aside_before_writing() {
    // Nothing changed elsewhere: write.
    assert_eq!(save_step(Some("a"), Some("a"), "b"), SaveStep::Write);
    assert_eq!(save_step(None, None, "b"), SaveStep::Write);
    // The other tab wrote exactly what we are writing: nothing to keep.
    assert_eq!(save_step(Some("a"), Some("b"), "b"), SaveStep::Write);
    // Another tab saved a different draft since this one loaded: keep it first.
    assert_eq!(
        save_step(Some("a"), Some("c"), "b"),
        SaveStep::KeepOtherFirst("c".into())
    );
    assert_eq!(
        save_step(None, Some("c"), "b"),
        SaveStep::KeepOtherFirst("c".into())
    );
}

#[test]
fn content_and_description() {
    let mut d = Draft::default();
    assert!(!d.has_content());
    d.add_scenario();
    assert!(d.has_content());
    assert_eq!(d.describe(), "“My pack”, 2 scenarios");
    d.pack.title = " ".into();
    d.remove_selected();
    assert_eq!(d.describe(), "Untitled pack, 1 scenario");
}

#[test]
fn editing_the_list_keeps_a_valid_selection() {
    let mut d = Draft::default();
    d.add_scenario();
    d.add_scenario();
    assert_eq!((d.scenarios.len(), d.selected), (3, 2));
    d.remove_selected();
    assert_eq!((d.scenarios.len(), d.selected), (2, 1));
    d.append_pack(
        &json!({"blurb": "B", "scenarios": [{"id": "x", "fault": [{"id": "dns-nxdomain"}]}]}),
    );
    assert_eq!((d.scenarios.len(), d.selected), (3, 2));
    assert_eq!(d.scenarios[2].fault, "dns-nxdomain");
    assert_eq!(d.pack.blurb, "B");
}

#[test]
fn client_and_owner_survive_import_and_export_unchanged() {
    let scenario = json!({
        "id": "java-job", "flow": Flow::ApiCall.id(), "fault": {"id": "expired-token"}, "seed": 3,
        "client": "java",
        "owner": {"id": "receiver", "why": "The mapping lives in the receiver's own handler."}
    });
    let d = ScenarioDraft::from_value(&scenario);
    let out = d.to_value();
    assert_eq!(out["client"], scenario["client"]);
    assert_eq!(out["owner"], scenario["owner"]);
    // Byte for byte, in the pack the builder exports.
    let pack = Draft {
        scenarios: vec![d],
        ..Draft::default()
    };
    let exported: Value = serde_json::from_str(&pack.export()).unwrap();
    let s = &exported["scenarios"][0];
    assert_eq!(s["client"].to_string(), r#""java""#);
    assert_eq!(
        s["owner"].to_string(),
        r#"{"id":"receiver","why":"The mapping lives in the receiver's own handler."}"#
    );
    // Even values the engine will reject are kept, for its message to name.
    let odd = json!({"client": 7, "owner": "receiver"});
    let out = ScenarioDraft::from_value(&odd).to_value();
    assert_eq!(
        (&out["client"], &out["owner"]),
        (&odd["client"], &odd["owner"])
    );
    // Absent stays absent.
    let plain = ScenarioDraft::from_value(&json!({"id": "x"})).to_value();
    assert!(plain.get("client").is_none() && plain.get("owner").is_none());
    // And a stored draft from before these fields reads with them absent.
    let old = r#"{"scenarios": [{"id": "x"}]}"#;
    assert_eq!(load(Some(old)).unwrap().scenarios[0].client, None);
}

#[test]
fn the_client_field_sets_and_clears_the_client() {
    let mut s = ScenarioDraft::default();
    s.set(&Field::Client, "python".into());
    assert_eq!(s.to_value()["client"], json!("python"));
    s.set(&Field::Client, String::new());
    assert!(
        s.to_value().get("client").is_none(),
        "the flow's usual client"
    );
    // An imported value that is not an id survives being shown and re-selected.
    s.client = Some(json!(7));
    s.set(&Field::Client, client_label(&json!(7)));
    assert_eq!(s.client, Some(json!(7)));
}

#[test]
fn the_reporters_answers_export_check_and_import_back() {
    let mut s = filled();
    assert!(
        s.to_value().get("reporter").is_none(),
        "nothing written, nothing exported"
    );
    s.set(&Field::Changed, "The proxy moved on Monday.".into());
    s.set(&Field::Tried, "  ".into());
    let v = s.to_value();
    assert_eq!(
        v["reporter"],
        json!({"changed": "The proxy moved on Monday.", "tried": "  "})
    );
    // A blank answer is named at its own field.
    let pack =
        json!({"id": "p", "schema_version": 1, "title": "P", "blurb": "B", "scenarios": [v]});
    let problems = validate_pack(&pack, &no_files);
    let fields: Vec<String> = [Field::Changed, Field::Tried]
        .iter()
        .map(|f| f.path(&s))
        .collect();
    let (by_field, _) = place(&problems, 0, &fields);
    assert_eq!(
        by_field["reporter.tried"],
        vec!["scenarios[0].reporter.tried: must not be empty"]
    );
    assert!(!by_field.contains_key("reporter.changed"));
    s.set(&Field::Tried, "Restarted the job.".into());
    s.set(&Field::OthersAffected, "Only the Manila office.".into());
    let v = s.to_value();
    let pack = json!({"id": "p", "schema_version": 1, "title": "P", "blurb": "B", "scenarios": [v.clone()]});
    assert!(validate_pack(&pack, &no_files).is_empty());
    let back = ScenarioDraft::from_value(&v);
    assert_eq!(
        (
            back.others_affected.as_str(),
            back.changed.as_str(),
            back.tried.as_str()
        ),
        (
            "Only the Manila office.",
            "The proxy moved on Monday.",
            "Restarted the job."
        )
    );
    assert_eq!(back.to_value(), v);
    // An imported reporter that is not an object is kept for the validator to name.
    let odd = ScenarioDraft::from_value(&json!({"reporter": "they changed nothing"}));
    assert_eq!(odd.to_value()["reporter"], json!("they changed nothing"));
    let mut typed = odd.clone();
    typed.set(&Field::Changed, "Nothing.".into());
    assert_eq!(typed.to_value()["reporter"], json!({"changed": "Nothing."}));
}
