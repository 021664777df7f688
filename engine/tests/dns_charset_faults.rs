//! Issue 15's dangling CNAME, split-horizon DNS and wrong-charset faults: each one's real
//! artefact as every runtime prints it, the world facts behind it (dig from the reporter's
//! machine and from the platform; the bytes of the file a job sends, its Content-Length and
//! what the API stored) and the solver's reading of them.

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

const CHARSET: &str = "wrong-charset";
/// The name as the API stored it: U+FFFD where the file's single byte for ü was.
const STORED: &str = "Lena M\u{FFFD}ller";

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn wrong_charset_each_runtime_sends_the_file_as_it_is_under_a_utf8_label() {
    let cases = [
        ("curl", "  --data-binary @customer.json", "curl/8.5.0"),
        (
            "node",
            "data: fs.readFileSync('customer.json')",
            "axios/1.7.2",
        ),
        (
            "python",
            "data=open('customer.json', 'rb')",
            "python-requests/2.32.3",
        ),
        (
            "java",
            ".method(\"POST\", BodyPublishers.ofFile(Path.of(\"customer.json\")))",
            "Java-http-client/21.0.4",
        ),
        (
            "php",
            "'body' => file_get_contents('customer.json')",
            "GuzzleHttp/7",
        ),
    ];
    for (client, code, ua) in cases {
        let t = run("api-call", CHARSET, 7, Some(client));
        let ev = &t.evidence;
        assert!(
            ev.client.action.contains(code),
            "{client}: {}",
            ev.client.action
        );
        assert!(
            ev.client.action.contains("application/json; charset=utf-8"),
            "{client}: {}",
            ev.client.action
        );
        let x = &ev.exchanges[0];
        assert_eq!(x.from, Layer::Client);
        assert_eq!(x.request.method, "POST");
        assert!(
            x.request.url.ends_with("/v2/customers"),
            "{}",
            x.request.url
        );
        let h = &x.request.headers;
        assert_eq!(header(h, "user-agent"), Some(ua), "{client}");
        assert_eq!(
            header(h, "content-type"),
            Some("application/json; charset=utf-8"),
            "{client}"
        );
        // 93 bytes went out, one for ü; shown as UTF-8 the body is two bytes longer.
        assert_eq!(header(h, "content-length"), Some("93"), "{client}");
        let body = x.request.body.as_deref().unwrap();
        assert!(body.contains(&format!("\"name\": \"{STORED}\"")), "{body}");
        assert_eq!(body.len(), 95, "{client}");
        // The API stored what it read and said so: 201 with the name as stored.
        let r = x.response.as_ref().unwrap();
        assert_eq!((r.status, r.reason.as_str()), (201, "Created"), "{client}");
        let created: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        assert_eq!(created["name"], STORED, "{client}");
        let id = created["id"].as_str().unwrap();
        assert_eq!(
            header(&r.headers, "location"),
            Some(format!("/v2/customers/{id}").as_str())
        );
        // What the job prints after the status, in its own words.
        let printed = match client {
            "curl" => format!(
                "HTTP/1.1 201 Created\n{{\"email\":\"lena.mueller@example.org\",\"id\":\"{id}\",\"name\":\"{STORED}\",\"phone\":\"+15555550164\"}}"
            ),
            "java" => format!(
                "201 {{\"email\":\"lena.mueller@example.org\",\"id\":\"{id}\",\"name\":\"{STORED}\",\"phone\":\"+15555550164\"}}"
            ),
            _ => format!("201 Created\ncustomer {id}: {STORED}"),
        };
        assert_eq!(ev.outcome, printed, "{client}");
        // The file on the job's machine: what file -i guesses and the byte itself.
        let file = artifact(&t, "file").unwrap();
        assert!(
            file.contains("customer.json: application/json; charset=iso-8859-1\n"),
            "{file}"
        );
        assert!(
            file.contains(
                "00000010: 61 20 4d fc 6c 6c 65 72 22 2c 0a 20 20 22 65 6d  a M.ller\",.  \"em\n"
            ),
            "{file}"
        );
        // The service found no customer with the email, inserted one and logged the 201.
        let db: Vec<&str> = ev
            .events
            .iter()
            .filter(|e| e.to == Layer::Backend && e.from == Layer::Database)
            .map(|e| e.summary.as_str())
            .collect();
        assert!(db[0].starts_with("0 rows ("), "{db:?}");
        assert!(
            ev.events.iter().any(|e| e.summary
                == "INSERT INTO customers (name, email, phone) VALUES ($1, $2, $3) RETURNING id"),
            "{client}"
        );
        assert!(
            ev.logs.iter().any(|l| l.source == LogSource::App
                && l.text == format!("customers-v2 201 POST /v2/customers customer={id}")),
            "{client}"
        );
        assert_solved(ev, Layer::Client, CHARSET, client);
    }
    for client in ["postman", "browser"] {
        let e = run_fault(CHARSET, "api-call", Some(client), 7).unwrap_err();
        assert!(
            e.to_string()
                .contains("needs curl, node, python, java, php"),
            "{client}: {e}"
        );
    }
}

#[test]
fn wrong_charset_reproduced_shows_the_bytes_as_they_went_out() {
    let inv = |client: &str| {
        Investigation::new(&RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new(CHARSET)],
            seed: 7,
            client: Some(client.into()),
            ..Default::default()
        })
        .unwrap()
    };
    // CPython's http.client prints the chunk urllib3 sends: the file's own byte, \xfc.
    let py = inv("python").run(Probe::Reproduce).output;
    assert!(
        py.contains("send: b'{\\n  \"name\": \"Lena M\\xfcller\",\\n  \"email\": \"lena.mueller@example.org\",\\n  \"phone\": \"+15555550164\"\\n}'\n"),
        "{py}"
    );
    assert!(py.contains("Content-Length: 93\\r\\n"), "{py}");
    // curl -v counts what it uploaded; the file dump comes with the reproduction.
    let curl = inv("curl").run(Probe::Reproduce);
    assert!(
        curl.output
            .contains("* upload completely sent off: 93 bytes\n"),
        "{}",
        curl.output
    );
    assert!(
        curl.output
            .contains("-- customer.json on the client's machine --\n$ file -i customer.json\n"),
        "{}",
        curl.output
    );
    assert!(curl
        .facts
        .iter()
        .any(|f| matches!(f, probe::Fact::Artifact { .. })));
    // The HAR counts the bytes sent, not the text shown.
    let t = run("api-call", CHARSET, 7, Some("java"));
    let har = har(&t.evidence);
    assert_eq!(har["log"]["entries"][0]["request"]["bodySize"], 93);
}

#[test]
fn wrong_charset_the_solver_reads_the_bytes() {
    let t = run("api-call", CHARSET, 7, Some("java"));
    // Without the file's dump, Content-Length still counts one byte for the replaced letter.
    let mut ev = t.evidence.clone();
    ev.artifacts.retain(|a| a.kind != "file");
    assert_solved(&ev, Layer::Client, CHARSET, "no dump");
    // A client that sent U+FFFD itself (three bytes): its bytes were broken before they left,
    // but not by a single-byte file.
    let mut own = ev.clone();
    let len = own.exchanges[0].request.body.as_ref().unwrap().len();
    for (k, v) in &mut own.exchanges[0].request.headers {
        if k == "Content-Length" {
            *v = len.to_string();
        }
    }
    let v = solve(&own);
    assert_eq!(v.layer, Some(Layer::Client), "{:?}", v.reasons);
    assert_eq!(v.cause, None, "{:?}", v.reasons);
    // A name sent as UTF-8 that came back replaced is not the caller's doing.
    let mut sent_right = t.evidence.clone();
    sent_right.artifacts.retain(|a| a.kind != "file");
    let x = &mut sent_right.exchanges[0];
    x.request.body = x.request.body.as_ref().map(|b| b.replace('\u{FFFD}', "ü"));
    for (k, v) in &mut x.request.headers {
        if k == "Content-Length" {
            *v = "94".into();
        }
    }
    let v = solve(&sent_right);
    assert!(v.ambiguous, "{:?}", v.reasons);
    assert!(
        v.reasons
            .join(" ")
            .contains("still open: backend, database"),
        "{:?}",
        v.reasons
    );
    // Sent as UTF-8 and stored through a latin1 connection: ü comes back as Ã¼.
    let mut mojibake = sent_right.clone();
    let r = mojibake.exchanges[0].response.as_mut().unwrap();
    r.body = r.body.as_ref().map(|b| b.replace('\u{FFFD}', "Ã¼"));
    let v = solve(&mojibake);
    assert!(v.ambiguous, "{:?}", v.reasons);
    assert!(
        v.reasons
            .join(" ")
            .contains("still open: backend, database"),
        "{:?}",
        v.reasons
    );
    // Only the logs: a 201 and nothing said about the name.
    let mut logs_only = t.evidence.clone();
    logs_only.exchanges.clear();
    logs_only.artifacts.retain(|a| a.kind != "file");
    assert!(solve(&logs_only).ambiguous);
}

#[test]
fn a_customer_sent_as_utf8_is_stored_as_sent() {
    let t = simulate(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![],
        seed: 7,
        call: Some(CallSpec {
            method: "POST".into(),
            path: "/v2/customers".into(),
        }),
        client: Some("curl".into()),
    })
    .unwrap();
    let x = &t.evidence.exchanges[0];
    assert_eq!(
        header(&x.request.headers, "content-type"),
        Some("application/json")
    );
    let r = x.response.as_ref().unwrap();
    assert_eq!(r.status, 201);
    let created: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
    assert_eq!(created["name"], "Dana Whitfield");
    assert!(t.evidence.artifacts.iter().all(|a| a.kind != "file"));
    assert_eq!(t.evidence.outcome, "HTTP/1.1 201 Created");
}

#[test]
fn the_api_refuses_a_json_body_labelled_with_another_charset() {
    use faultline_engine::sim::Tb;
    use faultline_engine::world::World;
    let w = World::new(7);
    let mut tb = Tb::new(7, w.epoch_ms);
    let body = "{ \"name\": \"Lena M\u{FFFD}ller\" }";
    let req = HttpRequest {
        method: "POST".into(),
        url: "https://api.example.com/v2/customers".into(),
        http_version: "HTTP/1.1".into(),
        headers: vec![
            (
                "Content-Type".into(),
                "application/json; charset=iso-8859-1".into(),
            ),
            ("Content-Length".into(), "28".into()),
        ],
        body: Some(body.into()),
    };
    let r = w
        .backend
        .handle(&w, &mut tb, &req, "/v2/customers", "customers-v2");
    let r = r.finish(w.epoch_ms, "HTTP/1.1", false);
    assert_eq!(r.status, 415);
    assert!(
        r.body
            .as_deref()
            .unwrap()
            .contains("unsupported charset \\\"ISO-8859-1\\\""),
        "{:?}",
        r.body
    );
}
