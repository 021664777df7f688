//! Issue 15's name-resolution faults: each one's real artefact as the runtimes print it, the
//! world facts behind it (the zone still holds the record; only validating resolvers refuse it)
//! and the solver's reading of them.

mod common;

use common::{artifact, client_error, run_fault};
use faultline_engine::*;

fn run(flow: &str, fault: &str, seed: u64, client: Option<&str>) -> Trace {
    run_fault(fault, flow, client, seed).unwrap()
}

#[test]
fn servfail_is_each_runtimes_temporary_failure_not_nxdomain() {
    let host = "api.example.com";
    let cases = [
        ("curl", format!("curl: (6) Could not resolve host: {host}")),
        ("node", format!("getaddrinfo EAI_AGAIN {host} (EAI_AGAIN)")),
        ("python", format!("NameResolutionError(\"HTTPSConnection(host='{host}', port=443): Failed to resolve '{host}' ([Errno -3] Temporary failure in name resolution)\")")),
        ("java", "Caused by: java.nio.channels.UnresolvedAddressException".into()),
        ("php", format!("cURL error 6: Could not resolve host: {host}")),
        ("postman", format!("Error: getaddrinfo EAI_AGAIN {host}")),
    ];
    for (client, want) in cases {
        let t = run("api-call", "dns-servfail", 4, Some(client));
        let e = client_error(&t);
        assert!(e.contains(&want), "{client}: {e}");
        // NXDOMAIN's words would say the name does not exist: it does.
        assert!(
            !e.contains("ENOTFOUND") && !e.contains("Errno -2"),
            "{client}: {e}"
        );
    }
    let b = run("browser-api-call", "dns-servfail", 4, None);
    assert_eq!(client_error(&b), "net::ERR_NAME_NOT_RESOLVED");
}

#[test]
fn servfail_dig_shows_the_resolver_refusing_what_the_zone_still_answers() {
    let t = run("api-call", "dns-servfail", 7, None);
    let d = artifact(&t, "dns").unwrap_or_default();
    // The short form prints nothing; the authoritative server answers; the resolver, asked in
    // full, says SERVFAIL.
    assert!(
        d.starts_with(
            "$ dig +noall +answer api.example.com\n\n$ dig api.example.com @ns1.example.com\n"
        ),
        "{d}"
    );
    let (auth, resolver) = d.split_once("\n$ dig api.example.com\n").expect(d);
    assert!(
        auth.contains("status: NOERROR") && auth.contains("IN\tA\t198.51.100.20"),
        "{auth}"
    );
    assert!(
        resolver.contains(";; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, id: "),
        "{resolver}"
    );
    assert!(
        resolver.contains(";; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 0, ADDITIONAL: 1"),
        "{resolver}"
    );
    assert!(
        resolver.contains(";; SERVER: 10.20.0.2#53(10.20.0.2) (UDP)"),
        "{resolver}"
    );
    // The resolver's log says why, in the validator's words, for the traced query.
    let logs: Vec<&str> = t
        .evidence
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Resolver)
        .map(|l| l.text.as_str())
        .collect();
    assert!(
        logs.iter().any(|l| l.starts_with(
            "validating api.example.com/A: verify failed due to bad signature (keyid="
        ) && l.ends_with("): RRSIG has expired")),
        "{logs:?}"
    );
    assert!(
        logs.iter().any(|l| l.contains("reply SERVFAIL")),
        "{logs:?}"
    );
    // A missing record stays NXDOMAIN everywhere, with no third dig.
    let nx_run = run("api-call", "dns-nxdomain", 7, None);
    let nx = artifact(&nx_run, "dns").unwrap_or_default();
    assert!(!nx.contains("\n$ dig api.example.com\n"), "{nx}");
}

#[test]
fn the_solver_reads_servfail_from_dig_and_the_resolver_log() {
    for (flow, client) in [
        ("api-call", Some("node")),
        ("oauth-token", Some("python")),
        ("live-chat", None),
        ("browser-api-call", None),
        ("partner-api-call", Some("php")),
    ] {
        let t = run(flow, "dns-servfail", 11, client);
        common::assert_solved(&t.evidence, Layer::Dns, "dns-servfail", flow);
    }
    // Without the resolver's log the SERVFAIL still points at DNS, but not at its reason.
    let mut t = run("api-call", "dns-servfail", 11, None);
    t.evidence.logs.retain(|l| l.source != LogSource::Resolver);
    let v = solve(&t.evidence);
    assert_ne!(v.cause.as_deref(), Some("dns-servfail"), "{:?}", v.reasons);
    assert!(v.ambiguous, "{:?}", v.reasons);
}
