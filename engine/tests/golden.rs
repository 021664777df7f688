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
    // The load balancer forwards the handshake without Upgrade: the realtime service answers 426.
    (
        "live-chat-upgrade-stripped",
        "live-chat",
        Some("ws-upgrade-stripped"),
        7,
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
    (
        "db-pool-exhausted",
        "api-call",
        Some("db-pool-exhausted"),
        11,
    ),
    (
        "one-instance-unhealthy",
        "api-call",
        Some("one-instance-unhealthy"),
        11,
    ),
    // Issue 15's HTTP faults.
    ("header-too-large", "api-call", Some("header-too-large"), 12),
    // Issue 15's CRM and webhook faults: the intermittent lock and the look-alike signature.
    ("crm-row-lock", "crm-ticket", Some("crm-row-lock"), 12),
    (
        "webhook-body-reserialized",
        "crm-ticket",
        Some("webhook-body-reserialized"),
        12,
    ),
    // A followed cross-host 301: the second request leaves its Authorization header behind.
    (
        "redirect-drops-authorization",
        "api-call",
        Some("redirect-drops-authorization"),
        13,
    ),
    // A followed 301 to a POST: the client resends it as a GET without the body, and gets 405.
    (
        "redirect-post-to-get",
        "api-call",
        Some("redirect-post-to-get"),
        13,
    ),
    // The edge reports a 524; the cause is the service behind it (the gateway's 499).
    (
        "edge-origin-timeout",
        "api-call",
        Some("edge-origin-timeout"),
        12,
    ),
    // nginx refusing by itself: the WAF's 403 (not an auth 403) and a mutual-TLS host's 400.
    ("waf-blocked", "api-call", Some("waf-blocked"), 12),
    (
        "mtls-client-cert-missing",
        "partner-api-call",
        Some("mtls-client-cert-missing"),
        12,
    ),
    // A TLS-inspecting firewall on the caller's network: the certificate the client meets is
    // re-signed by the company's root; from outside, the API's own chain verifies.
    (
        "tls-interception-proxy",
        "api-call",
        Some("tls-interception-proxy"),
        14,
    ),
    // A JVM started without SNI gets the shared listener's default certificate for another name.
    ("sni-missing", "api-call", Some("sni-missing"), 14),
    // A kept-alive connection the service closes as nginx reuses it: the POST gets 502, the
    // service never logs it, and background GETs that meet the same close are sent on.
    (
        "upstream-keepalive-race",
        "api-call",
        Some("upstream-keepalive-race"),
        14,
    ),
    // A POST that timed out on the client is sent again without a key: nginx's 499 for the
    // first, both inserts waiting for the same row lock, two creations, two rows.
    (
        "idempotency-duplicate-post",
        "api-call",
        Some("idempotency-duplicate-post"),
        14,
    ),
    // An export answered 202 Accepted with its status resource; the script imports the 202's
    // rows (none) and never asks the Location, while the service logs the job succeeding.
    (
        "export-accepted-not-polled",
        "api-call",
        Some("export-accepted-not-polled"),
        14,
    ),
    // A job sends a customer file that a legacy system wrote in ISO-8859-1, byte for byte,
    // labelled UTF-8: 201 Created, and the name comes back with U+FFFD where ü was.
    ("wrong-charset", "api-call", Some("wrong-charset"), 7),
    // The first page of the customer list answered 200 with its cursor; the developer asks for
    // the next page after the cursor's lifetime and gets 400 cursor-expired.
    (
        "pagination-cursor-expired",
        "api-call",
        Some("pagination-cursor-expired"),
        14,
    ),
    // The retried chat.ended falls behind the chat.updated sent after it: the receiver skips
    // the update for want of a case, then creates the case with the old summary.
    (
        "webhook-out-of-order",
        "crm-ticket",
        Some("webhook-out-of-order"),
        13,
    ),
    // The caller's own network answers the API's name (dig's aa flag), not a stale cache; and an
    // alias whose target is gone (the CNAME in front of NXDOMAIN), not a missing record.
    (
        "dns-split-horizon",
        "api-call",
        Some("dns-split-horizon"),
        14,
    ),
    ("dangling-cname", "api-call", Some("dangling-cname"), 14),
    // A VPN tunnel below 1500 bytes whose "fragmentation needed" the firewall drops: the
    // ClientHello goes out, the server's certificate flight never arrives.
    ("mtu-blackhole", "api-call", Some("mtu-blackhole"), 14),
];

#[test]
fn golden_traces_match() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut mismatches = Vec::new();
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
        if want != got {
            mismatches.push(format!(
                "{name} differs from {path}\n{}",
                first_difference(&want, &got)
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\nIf intended, re-record with UPDATE_GOLDEN=1.",
        mismatches.join("\n")
    );
}

/// Lines of context shown before and after the first differing line.
const CONTEXT: usize = 3;

/// The first line where `got` departs from `want`, with numbered lines around it: a trace is
/// hundreds of lines of JSON, so "differs" alone sends the reader to diff the files by hand.
fn first_difference(want: &str, got: &str) -> String {
    let want: Vec<&str> = want.lines().collect();
    let got: Vec<&str> = got.lines().collect();
    let Some(at) = (0..want.len().max(got.len())).find(|&i| want.get(i) != got.get(i)) else {
        return "  same lines; only the line endings differ".to_string();
    };
    let numbered = |sign: char, lines: &[&str], from: usize, to: usize| -> String {
        (from..to.min(lines.len()))
            .map(|i| format!("{sign} {:>5} | {}\n", i + 1, lines[i]))
            .collect()
    };
    let end = |lines: &[&str]| {
        if at >= lines.len() {
            "        (end of file)\n".to_string()
        } else {
            String::new()
        }
    };
    format!(
        "first difference at line {}:\n{}{}{}{}{}",
        at + 1,
        numbered(' ', &want, at.saturating_sub(CONTEXT), at),
        numbered('-', &want, at, at + CONTEXT + 1),
        end(&want),
        numbered('+', &got, at, at + CONTEXT + 1),
        end(&got),
    )
}

#[test]
fn a_golden_mismatch_shows_the_first_differing_line_in_context() {
    let want = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}\n";
    let got = "{\n  \"a\": 1,\n  \"b\": 20,\n  \"c\": 3\n}\n";
    let shown = first_difference(want, got);
    assert!(
        shown.starts_with("first difference at line 3:\n"),
        "{shown}"
    );
    assert!(shown.contains("      2 |   \"a\": 1,\n"), "{shown}");
    assert!(shown.contains("-     3 |   \"b\": 2,\n"), "{shown}");
    assert!(shown.contains("+     3 |   \"b\": 20,\n"), "{shown}");
    let shorter = first_difference(want, "{\n  \"a\": 1,\n");
    assert!(
        shorter.starts_with("first difference at line 3:"),
        "{shorter}"
    );
    assert!(shorter.contains("(end of file)"), "{shorter}");
    assert!(first_difference("a\n", "a\r\n").contains("line endings"));
}
