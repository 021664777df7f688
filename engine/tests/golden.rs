//! Golden traces for canonical scenarios. Re-record with `UPDATE_GOLDEN=1 cargo test -p faultline-engine --test golden`.

use faultline_engine::*;

const CASES: &[(&str, &str, Option<&str>, u64)] = &[
    ("healthy-api-call", "api-call", None, 1),
    ("expired-token", "api-call", Some("expired-token"), 1),
    ("cert-expired", "api-call", Some("cert-expired"), 2),
    (
        "crm-lookup-field-mapping",
        "crm-lookup",
        Some("crm-field-mapping"),
        3,
    ),
    (
        "crm-ticket-webhook-tls",
        "crm-ticket",
        Some("webhook-tls-failure"),
        4,
    ),
    (
        "live-chat-idle-timeout",
        "live-chat",
        Some("ws-idle-timeout"),
        5,
    ),
    // Cascades: several faults, root cause first.
    (
        "cascade-retry-storm",
        "api-call",
        Some("request-loop,backend-overloaded"),
        6,
    ),
    (
        "cascade-cert-expired-endpoint-disabled",
        "crm-ticket",
        Some("webhook-tls-failure,webhook-endpoint-disabled"),
        7,
    ),
    (
        "cascade-slow-crm-504",
        "crm-lookup",
        Some("crm-slow-response"),
        8,
    ),
    (
        "browser-cors-origin-not-allowed",
        "browser-api-call",
        Some("cors-origin-not-allowed"),
        9,
    ),
    (
        "partner-invalid-api-key",
        "partner-api-call",
        Some("invalid-api-key"),
        10,
    ),
];

#[test]
fn golden_traces_match() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    for (name, flow, fault, seed) in CASES {
        let faults: Vec<FaultSpec> = fault
            .iter()
            .flat_map(|f| f.split(','))
            .map(FaultSpec::new)
            .collect();
        let got =
            serde_json::to_string_pretty(&simulate_simple(Some(flow), &faults, *seed).unwrap())
                .unwrap()
                + "\n";
        let path = format!("{dir}/{name}.json");
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("missing {path}; run with UPDATE_GOLDEN=1"));
        assert!(
            want == got,
            "{name} differs from {path}; if intended, re-record with UPDATE_GOLDEN=1"
        );
    }
}
