//! Standard Webhooks signing, pinned to the specification's test vector (the same vector the
//! reference libraries test against), and the secrets a trace's answer carries for checkers.
//! `tests/engine/webhook-signatures.test.mjs` verifies every delivery with the npm reference
//! library itself.

use faultline_engine::layers::integration::Integration;
use faultline_engine::*;

#[test]
fn signatures_match_the_standard_webhooks_test_vector() {
    assert_eq!(
        Integration::sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            "{\"test\": 2432232314}"
        ),
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    );
}

#[test]
fn the_answer_carries_the_secrets_in_use_and_the_evidence_never_does() {
    let t = simulate_simple(Some("crm-ticket"), &[], 2).unwrap();
    let s = t.answer.webhook_secrets.clone().expect("webhook flow");
    assert_eq!(s.signing, s.receiver);
    let ev = serde_json::to_string(&t.evidence).unwrap();
    assert!(!ev.contains(&s.signing["whsec_".len()..]));
    let t = simulate_simple(
        Some("crm-ticket"),
        &[FaultSpec::new("webhook-signature-mismatch")],
        2,
    )
    .unwrap();
    let s = t.answer.webhook_secrets.clone().unwrap();
    assert_ne!(s.signing, s.receiver);
    assert!(simulate_simple(Some("api-call"), &[], 2)
        .unwrap()
        .answer
        .webhook_secrets
        .is_none());
}
