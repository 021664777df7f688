use super::*;

fn pin(probe: Probe, text: &str) -> PinnedLine {
    PinnedLine {
        probe,
        text: text.into(),
    }
}

fn attach(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_item_is_covered_or_says_what_is_missing() {
    let items = attach(&[
        "401 response body",
        "receiver log line",
        "trace id 8199826c031268f26350197cd7de7b0c",
    ]);
    let pins = vec![
        pin(Probe::WebhookDeliveryLog, "< HTTP/1.1 401 Unauthorized"),
        pin(
            Probe::ReceiverLog,
            "2026-05-24T16:17:06.640Z {source=\"webhook-receiver\", trace_id=\"8199826c031268f26350197cd7de7b0c\"} auth: rejected",
        ),
    ];
    let c = check(
        &seen(&pins),
        Some("receiver"),
        "receiver",
        "The receiver's team",
        &items,
        None,
    );
    assert!(c.owner_right);
    assert_eq!(c.basis, Basis::Scenario);
    assert_eq!(c.covered(), 3, "{c:?}");
    assert_eq!(
        c.items[2].by,
        vec![1],
        "the receiver's line carries the trace id"
    );

    // Without the receiver's line: two items missing, each saying which line would do.
    let c = check(
        &seen(&pins[..1]),
        Some("platform-api"),
        "receiver",
        "The receiver's team",
        &items,
        None,
    );
    assert!(!c.owner_right);
    assert_eq!(c.owner, "The receiver's team");
    assert_eq!(c.covered(), 1);
    assert!(
        c.items[1].missing[0].contains("webhook receiver"),
        "{:?}",
        c.items[1]
    );
    assert!(
        c.items[2].missing[0].contains("8199826c"),
        "{:?}",
        c.items[2]
    );
}

#[test]
fn the_right_words_from_the_wrong_check_do_not_count() {
    let items = attach(&["auth log token_request line"]);
    let from_gateway = vec![pin(Probe::GatewayLog, "POST /token token_request 400")];
    let c = check(
        &seen(&from_gateway),
        None,
        "identity",
        "Identity",
        &items,
        None,
    );
    assert!(!c.items[0].covered());
    assert!(!c.owner_right, "no owner chosen is not the right owner");
    let from_auth = vec![pin(
        Probe::AuthLog,
        "event=token_request client_id=x error=invalid_grant",
    )];
    assert!(check(
        &seen(&from_auth),
        None,
        "identity",
        "Identity",
        &items,
        None
    )
    .items[0]
        .covered());
}

#[test]
fn without_a_scenario_the_expert_paths_checks_are_expected() {
    let path = [Probe::Reproduce, Probe::DecodeToken];
    let pins = vec![pin(Probe::DecodeToken, "\"exp\": 1780231714")];
    let c = check(&seen(&pins), Some("a"), "a", "A", &[], Some(&path));
    assert_eq!(c.basis, Basis::ExpertPath);
    assert_eq!(c.items.len(), 2);
    assert!(c.items[0].item.starts_with("A line from Reproduce"));
    assert!(!c.items[0].covered());
    assert!(c.items[1].covered());
    let none = check(&seen(&pins), Some("a"), "a", "A", &[], None);
    assert_eq!(none.basis, Basis::Nothing);
    assert!(none.items.is_empty());
}

#[test]
fn an_item_without_a_rule_still_asks_for_a_pinned_line() {
    let items = attach(&["a thing no rule reads"]);
    assert!(!check(&seen(&[]), None, "a", "A", &items, None).items[0].covered());
    let pins = vec![pin(Probe::AppLog, "anything")];
    assert!(check(&seen(&pins), None, "a", "A", &items, None).items[0].covered());
}

#[test]
fn the_note_keeps_what_was_typed_and_says_what_is_missing() {
    let mut n = Note::default();
    assert_eq!(n.problems().len(), 4);
    assert!(n.owner_problem().is_some());
    n.set(Field::What, "  GET /v2/customers/1 returns   401 ");
    n.set(Field::Since, "09:05 UTC");
    n.set(Field::Whom, "every agent");
    assert_eq!(
        n.get(Field::What),
        "  GET /v2/customers/1 returns   401 ",
        "kept as typed"
    );
    assert_eq!(
        n.problems(),
        vec![(Field::Ask, "The ask: write one line.".to_string())]
    );
    assert_eq!(
        n.statement(2),
        "GET /v2/customers/1 returns 401 since 09:05 UTC, for every agent; evidence: 2 pinned lines; ask: ….",
    );
    n.set(Field::Ask, &"x".repeat(FIELD_MAX + 50));
    assert_eq!(n.ask.chars().count(), FIELD_MAX);
    assert!(n.problems().is_empty());
}

#[test]
fn silence_counts_once_the_check_was_run_and_what_no_check_prints_is_not_missing() {
    let items = attach(&["empty database log", "receiver certificate dates"]);
    let printed = vec![
        (Probe::DatabaseLog, String::new()),
        (
            Probe::WebhookDeliveryLog,
            "attempt 1 error (certificate has expired)".to_string(),
        ),
    ];
    let none = Seen {
        pins: &[],
        ran: &[],
        printed: &printed,
    };
    let c = check(&none, None, "a", "A", &items, None);
    assert!(
        !c.items[0].covered() && !c.items[0].unprintable,
        "the database log not run yet"
    );
    assert!(
        c.items[1].unprintable,
        "no check here shows the receiver's certificate"
    );
    assert_eq!((c.covered(), c.expected()), (0, 1));
    let ran = Seen {
        pins: &[],
        ran: &[Probe::DatabaseLog],
        printed: &printed,
    };
    let c = check(&ran, None, "a", "A", &items, None);
    assert!(c.items[0].covered(), "its silence is the evidence");
    assert!(!c.items[1].covered(), "never counted as covered either");
    assert_eq!((c.covered(), c.expected()), (1, 1));
}

/// The placeholders are on screen before the diagnosis: they say what kind of thing goes in a
/// field and never show a worked example, which would be some puzzle's answer (a status, a path,
/// a time, a header).
#[test]
fn placeholders_name_no_status_path_time_or_header() {
    for f in Field::ALL {
        let hint = f.example();
        assert!(!hint.is_empty(), "{f:?}");
        assert!(
            !hint
                .chars()
                .any(|c| c.is_ascii_digit() || c == '/' || c == ':'),
            "{f:?}: {hint}"
        );
    }
}
