//! Issue 16's `export-accepted-not-polled`: the export API queues the job and answers 202
//! Accepted with its status resource in Location; the import script reads rows from that answer,
//! imports none and never asks the Location, while the service logs the job succeeding later.
//! Each runtime's words and code, the gateway's and the service's lines, the parameter, the
//! status resource, the solver with and without its evidence.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::sim::header;
use faultline_engine::*;

const FAULT: &str = "export-accepted-not-polled";

fn lines(t: &Trace, source: LogSource) -> Vec<&LogLine> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == source && l.trace_id.as_deref() == Some(&t.evidence.trace_id))
        .collect()
}

#[test]
fn each_script_prints_the_202_then_an_empty_import_and_never_asks_the_location() {
    let cases = [
        ("node", "const rows = res.data.rows ?? [];", "axios/1.7.2"),
        (
            "python",
            "rows = r.json().get(\"rows\", [])",
            "python-requests/2.32.3",
        ),
    ];
    for (client, code, ua) in cases {
        let t = run(FAULT, "api-call", Some(client), 14).unwrap();
        let ev = &t.evidence;
        // axios's statusText and requests' reason, then the script's own line.
        assert_eq!(ev.outcome, "202 Accepted\nImported 0 chats", "{client}");
        assert!(
            ev.client.action.contains(code),
            "{client}: {}",
            ev.client.action
        );
        let own: Vec<&Exchange> = ev
            .exchanges
            .iter()
            .filter(|x| x.from == Layer::Client)
            .collect();
        assert_eq!(
            own.len(),
            1,
            "{client}: the script asks nothing after the POST"
        );
        let x = own[0];
        assert_eq!(x.request.method, "POST");
        assert!(x.request.url.ends_with("/v2/exports"), "{}", x.request.url);
        let r = x.response.as_ref().unwrap();
        assert_eq!((r.status, r.reason.as_str()), (202, "Accepted"));
        let loc = header(&r.headers, "location").expect("the status resource");
        assert!(loc.starts_with("/v2/exports/exp_"), "{loc}");
        assert_eq!(header(&r.headers, "retry-after"), Some("10"));
        let body = r.body.as_deref().unwrap();
        assert!(body.contains("\"status\": \"queued\""), "{body}");
        assert!(!body.contains("\"rows\""), "{body}");
        // The gateway saw one request from this caller: the POST, answered 202.
        let gateway = lines(&t, LogSource::Gateway);
        let access: Vec<&&LogLine> = gateway
            .iter()
            .filter(|l| l.text.contains("\"POST /v2/exports HTTP/1.1\" 202 "))
            .collect();
        assert_eq!(access.len(), 1, "{client}");
        assert!(access[0].text.contains(ua), "{}", access[0].text);
        // The service queued the job under the request's trace and logged it done later.
        let job = loc.rsplit('/').next().unwrap();
        let app = lines(&t, LogSource::App);
        let queued = app
            .iter()
            .find(|l| {
                l.text
                    .contains(&format!("202 POST /v2/exports export={job} "))
            })
            .expect("the queued line");
        let done = app
            .iter()
            .find(|l| l.text.contains(&format!("export {job} succeeded: ")))
            .expect("the job's end");
        assert!(
            done.text.ends_with(" rows written in 24.0 s"),
            "{}",
            done.text
        );
        assert!(
            done.t_ms - queued.t_ms >= 24_000,
            "{} {}",
            done.ts,
            queued.ts
        );
        assert_solved(ev, Layer::Client, FAULT, client);
    }
}

#[test]
fn the_job_runs_as_long_as_the_parameter_says() {
    let t = simulate(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![FaultSpec::new(FAULT).with("job_s", 90)],
        seed: 14,
        call: None,
        client: Some("python".into()),
    })
    .unwrap();
    let app = lines(&t, LogSource::App);
    let queued = app.iter().find(|l| l.text.contains(": queued")).unwrap();
    let done = app
        .iter()
        .find(|l| l.text.contains(" succeeded: "))
        .unwrap();
    assert!(done.text.ends_with(" in 90.0 s"), "{}", done.text);
    assert!((90_000..91_000).contains(&(done.t_ms - queued.t_ms)));
    assert_solved(&t.evidence, Layer::Client, FAULT, "job_s=90");
}

#[test]
fn without_the_services_word_on_the_job_the_solver_stays_open() {
    let t = run(FAULT, "api-call", Some("python"), 14).unwrap();
    let mut ev = t.evidence.clone();
    ev.logs.retain(|l| l.source != LogSource::App);
    let v = solve(&ev);
    assert!(v.ambiguous, "{:?}", v.reasons);
    let why = v.reasons.join(" ");
    assert!(why.contains("still open: client, backend"), "{why}");
}

#[test]
fn a_caller_that_asks_the_location_is_not_blamed_for_it() {
    let t = run(FAULT, "api-call", Some("python"), 14).unwrap();
    let mut ev = t.evidence.clone();
    let mut poll = ev.exchanges[0].clone();
    let loc = header(&poll.response.as_ref().unwrap().headers, "location")
        .unwrap()
        .to_string();
    poll.t_ms += 10_000;
    poll.request.method = "GET".into();
    poll.request.url = format!("https://api.example.com{loc}");
    poll.request.body = None;
    ev.exchanges.push(poll);
    assert_ne!(solve(&ev).cause.as_deref(), Some(FAULT));
}

#[test]
fn only_scripts_that_read_the_body_have_the_fault() {
    for client in ["curl", "java", "php", "postman", "browser"] {
        let e = run(FAULT, "api-call", Some(client), 14).unwrap_err();
        assert!(
            e.to_string().contains("needs node, python"),
            "{client}: {e}"
        );
    }
}

#[test]
fn a_status_resource_the_service_does_not_hold_is_404() {
    let t = simulate(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![],
        seed: 14,
        call: Some(CallSpec {
            method: "GET".into(),
            path: "/v2/exports/exp_0000000000".into(),
        }),
        client: Some("curl".into()),
    })
    .unwrap();
    let r = t.evidence.exchanges[0].response.as_ref().unwrap();
    assert_eq!(r.status, 404);
    assert!(r
        .body
        .as_deref()
        .unwrap()
        .contains("Export exp_0000000000 does not exist."));
}
