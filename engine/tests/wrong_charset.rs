//! Issue 15's wrong-charset fault: a job sends a legacy system's ISO-8859-1 file byte for byte
//! under a UTF-8 label. Each runtime's own code and words, the bytes of the file, its
//! Content-Length, what the API stored, the reproduction and the solver's reading of them.

mod common;

use common::{artifact, assert_solved, run_fault};
use faultline_engine::probe::{Investigation, Probe};
use faultline_engine::sim::header;
use faultline_engine::*;

fn run(flow: &str, fault: &str, seed: u64, client: Option<&str>) -> Trace {
    run_fault(fault, flow, client, seed).unwrap()
}

const CHARSET: &str = "wrong-charset";
/// The name as the API stored it: U+FFFD where the file's single byte for ü was.
const STORED: &str = "Lena M\u{FFFD}ller";

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
