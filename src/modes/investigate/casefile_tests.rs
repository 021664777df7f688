use faultline_engine::probe::Probe;

use super::super::escalation::{check, seen, PinnedLine};
use super::*;

const JWT: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6Ijk1In0.eyJhdWQiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbSJ9.dNFNnqy6IF4vTb3wck8kmgGW7OfDbQr9";

fn note() -> Note {
    let mut n = Note::default();
    n.set(Field::What, "GET /v2/customers/1 returns 401");
    n.set(Field::Since, "2026-05-31 11:48 UTC");
    n.set(Field::Whom, "every agent on the desktop");
    n.set(Field::Ask, "fix the validator's clock");
    n.owner = Some("identity".into());
    n
}

#[test]
fn the_case_file_holds_the_note_the_pins_by_check_the_checklist_curl_and_har() {
    let n = note();
    let pins = [PinnedLine {
        probe: Probe::AuthLog,
        text: "2026-05-31T11:48:39Z authn rejected iat in the future".into(),
    }];
    let list = check(
        &seen(&pins),
        n.owner.as_deref(),
        "identity",
        "Identity team",
        &["auth log line".into(), "401 with WWW-Authenticate".into()],
        None,
    );
    let md = markdown(&CaseFile {
        title: "Agent desktop refuses every profile".into(),
        note: Some(&n),
        owner: Some("Identity team".into()),
        pins: vec![PinGroup {
            label: Probe::AuthLog.label().into(),
            command: "logcli query '{source=~\"auth\"}'".into(),
            lines: vec![pins[0].text.clone()],
        }],
        pin_count: 1,
        checklist: Some(&list),
        trace_id: "67e573326358de356c39e57ff7c94219".into(),
        started_at: "2026-05-31T11:48:38.797Z".into(),
        curl: Some(format!(
            "curl 'https://api.example.com/v2/customers/1' \\\n  -H 'Authorization: Bearer {JWT}'"
        )),
        har: Some("{\"log\": {\"version\": \"1.2\"}}".into()),
    });
    assert!(
        md.starts_with("# Case file: Agent desktop refuses every profile\n"),
        "{md}"
    );
    assert!(md.contains("> GET /v2/customers/1 returns 401 since 2026-05-31 11:48 UTC, for every agent on the desktop; evidence: 1 pinned line; ask: fix the validator's clock."), "{md}");
    assert!(md.contains("- **Owner:** Identity team\n"));
    assert!(md.contains("- **Trace id:** `67e573326358de356c39e57ff7c94219`"));
    assert!(md.contains("### The auth server's log for the trace id\n\n```sh\n$ logcli query '{source=~\"auth\"}'\n```\n\n```text\n2026-05-31T11:48:39Z authn rejected iat in the future\n```"), "{md}");
    assert!(md.contains("- [x] Owner: Identity team\n- [x] auth log line\n- [ ] 401 with WWW-Authenticate (missing: "), "{md}");
    assert!(
        md.contains("## Request (cURL)\n\n```sh\ncurl 'https://api.example.com/v2/customers/1'")
    );
    assert!(md.contains(
        "## HAR 1.2 (every exchange)\n\n```json\n{\"log\": {\"version\": \"1.2\"}}\n```"
    ));
    assert!(!md.contains(JWT), "no live token in a ticket");
    assert!(md.contains("Bearer eyJhbGciOiJSUzI1NiIs…"), "{md}");
}

#[test]
fn typed_text_cannot_break_the_markdown() {
    let mut n = note();
    n.set(Field::What, "# heading\n| table | `code` [link](x)");
    let md = markdown(&CaseFile {
        title: "t".into(),
        note: Some(&n),
        pins: vec![PinGroup {
            label: "l".into(),
            command: "c".into(),
            lines: vec!["```".into(), "``` x".into()],
        }],
        pin_count: 2,
        ..Default::default()
    });
    assert!(
        md.contains("- **What fails:** \\# heading \\| table \\| \\`code\\` \\[link\\](x)\n"),
        "{md}"
    );
    assert!(
        md.contains("````text\n```\n``` x\n````"),
        "a longer fence: {md}"
    );
    assert!(md.contains("- **Owner:** (not chosen)"));
}

#[test]
fn only_whole_tokens_are_redacted() {
    assert_eq!(
        faultline_engine::cut_tokens("eyJ short.a.b"),
        "eyJ short.a.b"
    );
    assert_eq!(faultline_engine::cut_tokens("key eyJabc"), "key eyJabc");
    let t = faultline_engine::cut_tokens(&format!("\"Bearer {JWT}\", next"));
    assert_eq!(t, "\"Bearer eyJhbGciOiJSUzI1NiIs…\", next");
}
