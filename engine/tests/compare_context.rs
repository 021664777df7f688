//! "Compare with a known-good request" makes the call the story is about. Some faults choose
//! their own call when the run names none: a sync paging the customer list, a job uploading a
//! customer file, an import queueing an export, a create that is retried, a chat opened with a
//! broken body. Their known-good request is that call made right, not the flow's usual read of
//! one customer; a fault whose call is itself the bug (a wrong method, path or version) is
//! compared with the flow's own call. The host is the story's too (a partner sent to the
//! mutual-TLS host is compared there, presenting its certificate), unless the host is the bug;
//! and a call the reporter's role may not make is made by a caller that holds the role. Every
//! catalogue fault is checked, method, host and path.

mod common;

use common::all_cases;
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::*;

fn compared(fault: &str, seed: u64, client: &str) -> String {
    let inv = Investigation::new(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new(fault)],
        seed,
        client: Some(client.into()),
        ..Default::default()
    })
    .unwrap();
    inv.run(Probe::CompareHealthy).output
}

/// The first request line (`> METHOD URL HTTP/x`) in `text`: the known-good request's first
/// exchange in a comparison's output.
fn find_request_line(text: &str) -> Option<&str> {
    text.lines()
        .find(|l| l.starts_with("> ") && l.contains("://"))
}

fn request_line(out: &str) -> &str {
    find_request_line(out).unwrap_or_else(|| panic!("no request line in:\n{out}"))
}

#[test]
fn a_sync_that_pages_the_list_is_compared_with_the_lists_first_page() {
    let out = compared("pagination-cursor-expired", 2718, "python");
    let line = request_line(&out);
    assert!(
        line.starts_with("> GET https://api.example.com/v2/customers?updated_since="),
        "{line}"
    );
    assert!(out.contains("200 OK"), "{out}");
    assert!(
        out.contains("\"next_cursor\""),
        "the page hands out its cursor: {out}"
    );
}

#[test]
fn a_job_that_uploads_a_customer_is_compared_with_a_create() {
    let out = compared("wrong-charset", 7, "curl");
    assert!(
        request_line(&out).starts_with("> POST https://api.example.com/v2/customers "),
        "{out}"
    );
    assert!(out.contains("201 Created"), "{out}");
    // The known-good request sends UTF-8: no replacement character is stored.
    assert!(!out.contains('\u{FFFD}'), "{out}");
}

#[test]
fn an_import_that_queues_an_export_is_compared_with_the_export() {
    let out = compared("export-accepted-not-polled", 7, "node");
    assert!(
        request_line(&out).starts_with("> POST https://api.example.com/v2/exports "),
        "{out}"
    );
}

#[test]
fn other_faults_keep_the_flows_usual_call() {
    let out = compared("expired-token", 7, "curl");
    assert!(
        request_line(&out).starts_with("> GET https://api.example.com/v2/customers/"),
        "{out}"
    );
}

/// The comparison's command and output for `fault` on `flow`.
fn compared_on(flow: &str, fault: &str, seed: u64, client: &str) -> (String, String) {
    let inv = Investigation::new(&RunSpec {
        flow: Some(flow.into()),
        faults: vec![FaultSpec::new(fault)],
        seed,
        client: Some(client.into()),
        ..Default::default()
    })
    .unwrap();
    let r = inv.run(Probe::CompareHealthy);
    (r.command, r.output)
}

#[test]
fn a_delete_the_reporters_role_may_not_make_is_compared_as_a_caller_that_holds_the_role() {
    for client in ["curl", "python", "node", "java", "php", "postman"] {
        let (_, out) = compared_on("api-call", "insufficient-role", 7, client);
        let line = request_line(&out);
        assert!(
            line.starts_with("> DELETE https://api.example.com/v2/customers/"),
            "{client}: {out}"
        );
        assert_eq!(last_status(&out), Some(204), "{client}: {out}");
        assert!(
            out.starts_with(
                "# made as svc-admin, a client of the same tenant with the role admin (svc-"
            ) && out.lines().next().unwrap().contains(" has agent)"),
            "{client}: {out}"
        );
    }
    // A call the reporter's role may make is compared as the reporter's own client.
    let (_, out) = compared_on("api-call", "expired-token", 7, "curl");
    assert!(!out.contains("# made as"), "{out}");
}

#[test]
fn a_partner_sent_to_the_mutual_tls_host_is_compared_there_with_its_certificate() {
    let shown = [
        ("curl", "--cert partner.crt --key partner.key -X GET "),
        ("node", "httpsAgent: new https.Agent({ cert: fs.readFileSync('partner.crt'), key: fs.readFileSync('partner.key') })"),
        ("python", "cert=('partner.crt', 'partner.key')"),
        ("java", "java -Djavax.net.ssl.keyStore=partner.p12 "),
        ("php", "'cert' => 'partner.crt', 'ssl_key' => 'partner.key'"),
        ("postman", "Client certificates: partners.example.com, CRT file partner.crt, KEY file partner.key"),
    ];
    for (client, cert) in shown {
        let (command, out) = compared_on("partner-api-call", "mtls-client-cert-missing", 7, client);
        assert!(
            request_line(&out)
                .starts_with("> GET https://partners.example.com/v2/partner/customers/"),
            "{client}: {out}"
        );
        assert!(command.contains(cert), "{client}: {command}");
        assert_eq!(last_status(&out), Some(200), "{client}: {out}");
    }
    // Without the fault the partner calls the API host, and presents no certificate.
    let ev = simulate(&RunSpec {
        flow: Some("partner-api-call".into()),
        seed: 7,
        ..Default::default()
    })
    .unwrap()
    .evidence;
    assert!(!ev.client.action.contains("--cert"), "{}", ev.client.action);
}

/// Faults whose call is itself the bug (its method, path or version is what is wrong): the
/// known-good request makes the flow's own call instead.
const CALL_IS_THE_BUG: [&str; 5] = [
    "wrong-method",
    "endpoint-typo",
    "wrong-api-version",
    "missing-resource-id",
    "api-version-retired",
];

/// Faults whose host is the bug (the client's base URL points at another environment, or at
/// an old host that redirects): the known-good request makes the story's call at the flow's own
/// host.
const HOST_IS_THE_BUG: [&str; 2] = ["wrong-environment", "redirect-drops-authorization"];

/// Method, host and path (with its query) of the first request line in `text`.
fn first_request(text: &str) -> Option<(String, String, String)> {
    let line = find_request_line(text)?;
    let mut parts = line[2..].split(' ');
    let (method, url) = (parts.next()?, parts.next()?);
    let (_, host, _, path) = layers::split_url(url);
    Some((method.to_string(), host, path))
}

/// The status of the last response line (`< HTTP/x NNN …`) in `text`.
fn last_status(text: &str) -> Option<u16> {
    text.lines()
        .filter_map(|l| l.strip_prefix("< HTTP/"))
        .filter_map(|l| l.split(' ').nth(1)?.parse().ok())
        .next_back()
}

/// The reporter's first call in `ev`: method, host and path.
fn traced(ev: &Evidence) -> Option<(String, String, String)> {
    let x = ev.exchanges.iter().find(|x| x.from == Layer::Client)?;
    // A token in the address is cut, as everywhere a probe prints one.
    let (_, host, _, path) = layers::split_url(&common::cut_tokens(&x.request.url));
    Some((x.request.method.clone(), host, path))
}

#[test]
fn every_faults_known_good_request_makes_the_storys_call_unless_the_call_is_the_bug() {
    let mut bad = vec![];
    let mut checked = 0;
    for (f, fl) in all_cases() {
        let spec = |faults: Vec<FaultSpec>| RunSpec {
            flow: Some(fl.clone()),
            faults,
            seed: 7,
            ..Default::default()
        };
        let inv = Investigation::new(&spec(vec![FaultSpec::new(&f)])).unwrap();
        let Some(story) = traced(inv.evidence()) else {
            continue;
        };
        let own = traced(&simulate(&spec(vec![])).unwrap().evidence);
        let out = inv.run(Probe::CompareHealthy).output;
        let got = first_request(&out);
        let want = if fl == "oauth-authorization-code" && f == "consent-revoked" {
            // The flow takes no call: its known-good request is a sign-in of the support
            // engineer's own, from the authorize page, not a returning user's session.
            got.clone()
        } else if CALL_IS_THE_BUG.contains(&f.as_str()) {
            own
        } else if HOST_IS_THE_BUG.contains(&f.as_str()) {
            own.map(|o| (story.0, o.1, story.2))
        } else if f == "redirect-post-to-get" {
            // The trailing slash the client adds is the bug; the call is the story's.
            Some((story.0, story.1, story.2.trim_end_matches('/').to_string()))
        } else {
            Some(story)
        };
        checked += 1;
        if got != want {
            bad.push(format!(
                "{f} on {fl}: compared {got:?}, the story's {want:?}"
            ));
        }
        // A fault of the reporter's own setup: the known-good request escapes it.
        let status = last_status(&out);
        if faults::reach(&f) == Some(faults::Reach::Caller) && status.is_none_or(|s| s >= 400) {
            bad.push(format!(
                "{f} on {fl}: the known-good request got {status:?}"
            ));
        }
    }
    assert!(checked > 150, "{checked} cases");
    assert!(bad.is_empty(), "{}:\n{}", bad.len(), bad.join("\n"));
}
