//! Issue 15's dangling CNAME and split-horizon DNS faults: each one's real artefact as every
//! runtime prints it, the world facts behind it (dig from the reporter's machine and from the
//! platform) and the solver's reading of them.
mod common;

use common::{artifact, assert_solved, client_error, run_fault};
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

fn run(flow: &str, fault: &str, seed: u64, client: Option<&str>) -> Trace {
    run_fault(fault, flow, client, seed).unwrap()
}

fn probe(fault: &str, flow: &str, seed: u64, p: Probe) -> String {
    let inv = Investigation::new(&RunSpec {
        flow: Some(flow.into()),
        faults: vec![FaultSpec::new(fault)],
        seed,
        ..Default::default()
    })
    .unwrap();
    inv.run(p).output
}

const TARGET: &str = "example-api-prod.paas-cloud.net";

#[test]
fn dangling_cname_is_each_runtimes_own_could_not_resolve() {
    let host = "api.example.com";
    let cases = [
        ("curl", format!("curl: (6) Could not resolve host: {host}")),
        ("node", format!("getaddrinfo ENOTFOUND {host}")),
        ("python", format!("NameResolutionError(\"HTTPSConnection(host='{host}', port=443): Failed to resolve '{host}' ([Errno -2] Name or service not known)\")")),
        ("java", "Caused by: java.nio.channels.UnresolvedAddressException".into()),
        ("php", format!("cURL error 6: Could not resolve host: {host}")),
        ("postman", format!("Error: getaddrinfo ENOTFOUND {host}")),
    ];
    for (client, want) in cases {
        let t = run("api-call", "dangling-cname", 4, Some(client));
        let e = client_error(&t);
        assert!(e.contains(&want), "{client}: {e}");
        // The name is missing at the end of the chain: no temporary failure.
        assert!(
            !e.contains("EAI_AGAIN") && !e.contains("Errno -3"),
            "{client}: {e}"
        );
    }
    let b = run("browser-api-call", "dangling-cname", 4, None);
    assert_eq!(client_error(&b), "net::ERR_NAME_NOT_RESOLVED");
    let a = run("oauth-token", "dangling-cname", 4, Some("curl"));
    assert!(
        client_error(&a).contains("Could not resolve host: auth.example.com"),
        "{}",
        client_error(&a)
    );
}

#[test]
fn dangling_cname_dig_shows_the_alias_in_front_of_nxdomain() {
    let t = run("api-call", "dangling-cname", 7, None);
    let d = artifact(&t, "dns").unwrap_or_default();
    // The short form prints the alias and no address.
    assert!(
        d.starts_with(&format!(
            "$ dig +noall +answer api.example.com\napi.example.com.\t300\tIN\tCNAME\t{TARGET}.\n\n$ dig api.example.com @ns1.example.com\n"
        )),
        "{d}"
    );
    let (auth, resolver) = d.split_once("\n$ dig api.example.com\n").expect(d);
    // The zone's own server answers the alias (it is authoritative for it, not its target).
    assert!(auth.contains("status: NOERROR"), "{auth}");
    assert!(
        auth.contains(";; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1"),
        "{auth}"
    );
    assert!(
        auth.contains(&format!(
            ";; ANSWER SECTION:\napi.example.com.\t300\tIN\tCNAME\t{TARGET}.\n\n"
        )),
        "{auth}"
    );
    assert!(!auth.contains("\tIN\tA\t"), "{auth}");
    // The resolver follows it: NXDOMAIN, the alias in the answer, the target zone's SOA.
    assert!(
        resolver.contains(";; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: "),
        "{resolver}"
    );
    assert!(
        resolver.contains(";; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 1, ADDITIONAL: 1"),
        "{resolver}"
    );
    assert!(
        resolver.contains(&format!(
            ";; ANSWER SECTION:\napi.example.com.\t300\tIN\tCNAME\t{TARGET}.\n\n;; AUTHORITY SECTION:\npaas-cloud.net.\t\t60\tIN\tSOA\tns1.paas-cloud.net. "
        )),
        "{resolver}"
    );
    assert!(
        resolver.contains(";; SERVER: 10.20.0.2#53(10.20.0.2) (UDP)"),
        "{resolver}"
    );
    // The resolver's log names both names of the chain for the traced query.
    assert!(
        t.evidence
            .logs
            .iter()
            .any(|l| l.source == LogSource::Resolver
                && l.text
                    .starts_with("query[A] api.example.com from 10.20.0.15 id=")
                && l.text.ends_with(&format!(
                    ": reply api.example.com is CNAME {TARGET}, {TARGET} is NXDOMAIN"
                ))),
        "{:?}",
        t.evidence.logs
    );
}

#[test]
fn dangling_cname_from_the_platform_is_the_same_nxdomain() {
    let out = probe("dangling-cname", "api-call", 7, Probe::DigPlatform);
    assert!(out.contains("status: NXDOMAIN"), "{out}");
    assert!(
        out.contains(&format!("api.example.com.\t300\tIN\tCNAME\t{TARGET}.")),
        "{out}"
    );
    assert!(
        out.contains(";; SERVER: 10.0.5.2#53(10.0.5.2) (UDP)"),
        "{out}"
    );
    // nc from the reporter's machine gets no address either.
    let nc = probe("dangling-cname", "api-call", 7, Probe::NcPort);
    assert!(nc.contains("Name or service not known"), "{nc}");
}

#[test]
fn no_other_fault_and_no_healthy_run_shows_a_cname() {
    // CNAMEs exist only where the world configures one.
    for f in [
        "dns-nxdomain",
        "dns-stale-record",
        "dns-servfail",
        "firewall-block",
    ] {
        let t = run("api-call", f, 7, None);
        let d = artifact(&t, "dns").unwrap_or_default();
        assert!(!d.contains("CNAME"), "{f}: {d}");
    }
    let healthy = probe("firewall-block", "api-call", 7, Probe::DigPlatform);
    assert!(!healthy.contains("CNAME"), "{healthy}");
}

#[test]
fn the_solver_tells_a_dangling_cname_from_a_missing_record_by_the_cname() {
    for (flow, client) in [
        ("api-call", Some("node")),
        ("oauth-token", Some("python")),
        ("live-chat", None),
        ("browser-api-call", None),
        ("partner-api-call", Some("php")),
        ("oauth-authorization-code", None),
    ] {
        let t = run(flow, "dangling-cname", 11, client);
        assert_solved(&t.evidence, Layer::Dns, "dangling-cname", flow);
        let nx = run(flow, "dns-nxdomain", 11, client);
        assert_solved(&nx.evidence, Layer::Dns, "dns-nxdomain", flow);
    }
    // Without the alias in dig, the same failure reads as a missing record.
    let mut t = run("api-call", "dangling-cname", 11, None);
    for a in t.evidence.artifacts.iter_mut().filter(|a| a.kind == "dns") {
        a.body = a
            .body
            .lines()
            .filter(|l| !l.contains("\tCNAME\t"))
            .collect::<Vec<_>>()
            .join("\n");
    }
    assert_ne!(solve(&t.evidence).cause.as_deref(), Some("dangling-cname"));
}

const INTERNAL: &str = "10.20.40.17";

#[test]
fn split_horizon_sends_the_caller_to_a_dead_internal_address() {
    let host = "api.example.com";
    let cases = [
        (
            "curl",
            format!("curl: (28) Failed to connect to {host} port 443 after "),
        ),
        ("node", format!("connect ETIMEDOUT {INTERNAL}:443")),
        (
            "python",
            format!("Connection to {host} timed out. (connect timeout=10)"),
        ),
        (
            "java",
            "java.net.http.HttpConnectTimeoutException: HTTP connect timed out".into(),
        ),
        ("php", "cURL error 28: ".into()),
    ];
    for (client, want) in cases {
        let t = run("api-call", "dns-split-horizon", 4, Some(client));
        assert!(
            client_error(&t).contains(&want),
            "{client}: {}",
            client_error(&t)
        );
        let x = t
            .evidence
            .exchanges
            .iter()
            .find(|x| x.from == Layer::Client)
            .unwrap();
        assert_eq!(x.server_ip.as_deref(), Some(INTERNAL), "{client}");
    }
    let b = run("browser-api-call", "dns-split-horizon", 4, None);
    assert_eq!(client_error(&b), "net::ERR_CONNECTION_TIMED_OUT");
}

#[test]
fn split_horizon_dig_differs_inside_and_outside_the_network() {
    let t = run("api-call", "dns-split-horizon", 7, None);
    let d = artifact(&t, "dns").unwrap_or_default();
    assert!(
        d.starts_with(&format!(
            "$ dig +noall +answer api.example.com\napi.example.com.\t3600\tIN\tA\t{INTERNAL}\n\n$ dig api.example.com @ns1.example.com\n"
        )),
        "{d}"
    );
    let (auth, inside) = d.split_once("\n$ dig api.example.com\n").expect(d);
    assert!(
        auth.contains("api.example.com.\t300\tIN\tA\t198.51.100.20"),
        "{auth}"
    );
    // Inside: the reporter's resolver answers with authority from its own zone.
    assert!(
        inside.contains(";; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1"),
        "{inside}"
    );
    assert!(
        inside.contains(&format!(
            ";; ANSWER SECTION:\napi.example.com.\t3600\tIN\tA\t{INTERNAL}\n"
        )),
        "{inside}"
    );
    assert!(
        inside.contains(";; SERVER: 10.20.0.2#53(10.20.0.2) (UDP)"),
        "{inside}"
    );
    // Outside: the platform's resolver gets the public answer.
    let out = probe("dns-split-horizon", "api-call", 7, Probe::DigPlatform);
    assert!(
        out.contains(";; flags: qr rd ra ad; QUERY: 1, ANSWER: 1"),
        "{out}"
    );
    assert!(
        out.contains(";; ANSWER SECTION:\napi.example.com.\t300\tIN\tA\t198.51.100.20\n"),
        "{out}"
    );
    assert!(
        out.contains(";; SERVER: 10.0.5.2#53(10.0.5.2) (UDP)"),
        "{out}"
    );
    // The resolver's log says where its answer came from.
    assert!(
        t.evidence
            .logs
            .iter()
            .any(|l| l.source == LogSource::Resolver
                && l.text
                    .ends_with(&format!(": config api.example.com is {INTERNAL}"))),
        "{:?}",
        t.evidence.logs
    );
    // nc and the path from the reporter's machine go to the internal address and stay inside.
    let nc = probe("dns-split-horizon", "api-call", 7, Probe::NcPort);
    assert!(nc.contains(INTERNAL), "{nc}");
    assert!(!nc.contains("succeeded"), "{nc}");
}

#[test]
fn the_solver_tells_split_horizon_from_a_stale_cache_by_the_aa_flag() {
    for (flow, client) in [
        ("api-call", Some("node")),
        ("oauth-token", Some("python")),
        ("live-chat", None),
        ("browser-api-call", None),
        ("partner-api-call", Some("php")),
    ] {
        let t = run(flow, "dns-split-horizon", 11, client);
        assert_solved(&t.evidence, Layer::Dns, "dns-split-horizon", flow);
    }
    let stale = run("api-call", "dns-stale-record", 11, None);
    assert_solved(&stale.evidence, Layer::Dns, "dns-stale-record", "stale");
    // Without the resolver's full answer the same evidence reads as a stale cache.
    let mut t = run("api-call", "dns-split-horizon", 11, None);
    for a in t.evidence.artifacts.iter_mut().filter(|a| a.kind == "dns") {
        a.body = a
            .body
            .split("\n$ dig api.example.com\n")
            .next()
            .unwrap()
            .to_string();
    }
    assert_ne!(
        solve(&t.evidence).cause.as_deref(),
        Some("dns-split-horizon")
    );
}
