//! Issue 15's HTTP faults, each pinned to the real artefact a person meets (the status line,
//! the headers, the log line or the runtime's error) in every client of its flows.

mod common;

use faultline_engine::runtime::Runtime;
use faultline_engine::sim::header;
use faultline_engine::*;

fn run(fault: FaultSpec, client: &str, seed: u64) -> Trace {
    simulate(&RunSpec {
        flow: Some("api-call".into()),
        faults: vec![fault],
        seed,
        call: None,
        client: Some(client.into()),
    })
    .unwrap()
}

#[test]
fn a_retired_version_answers_410_with_its_deprecation_and_sunset_notice_in_every_client() {
    for rt in Runtime::for_flow(Flow::ApiCall) {
        let t = run(FaultSpec::new("api-version-retired"), rt.id(), 5);
        let x = &t.evidence.exchanges[0];
        assert!(x.request.url.contains("/v1/"), "{}", x.request.url);
        let r = x.response.as_ref().expect("an answer");
        assert_eq!((r.status, r.reason.as_str()), (410, "Gone"));
        // RFC 9745: a structured date (Unix seconds after `@`); RFC 8594: an HTTP-date.
        let dep = header(&r.headers, "deprecation").unwrap();
        let secs: i64 = dep.strip_prefix('@').unwrap().parse().unwrap();
        let sunset = header(&r.headers, "sunset").unwrap();
        assert!(sunset.ends_with(" 00:00:00 GMT"), "{sunset}");
        let link = header(&r.headers, "link").unwrap();
        assert!(link.contains("; rel=\"deprecation\"") && link.contains("; rel=\"sunset\""));
        let body = r.body.as_deref().unwrap();
        assert!(
            body.contains("\"status\":410") || body.contains("\"status\": 410"),
            "{body}"
        );
        // The platform's changelog announced it half a year before the sunset.
        let log = t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.kind == "changelog")
            .expect("the changelog");
        assert!(log.body.contains("API v1 deprecated"), "{}", log.body);
        assert!(log.body.contains(&format!("Deprecation: @{secs}")));
        assert!(log.body.contains(&format!("Sunset: {sunset}")));
        // The service never saw the request, and no token was checked.
        let traced = |src: LogSource| {
            t.evidence
                .logs
                .iter()
                .filter(|l| l.source == src && l.trace_id.as_deref() == Some(&t.evidence.trace_id))
                .count()
        };
        assert_eq!(traced(LogSource::App), 0, "{}", rt.id());
        assert_eq!(traced(LogSource::Auth), 0, "{}", rt.id());
        let said = &t.evidence.outcome;
        let want = match rt {
            Runtime::Curl => "HTTP/1.1 410 Gone",
            Runtime::Node => "AxiosError: Request failed with status code 410 (ERR_BAD_REQUEST)",
            Runtime::Python => "410 Client Error: Gone for url",
            Runtime::Php => "resulted in a `410 Gone` response",
            Runtime::Postman => "Status: 410 Gone",
            Runtime::Java => "410",
            _ => "410",
        };
        assert!(said.contains(want), "{}: {said}", rt.id());
        common::assert_solved(&t.evidence, Layer::Client, "api-version-retired", rt.id());
    }
}

#[test]
fn the_sunset_date_follows_the_parameter_and_a_410_without_notice_stays_open() {
    let a = run(
        FaultSpec::new("api-version-retired").with("retired_days_ago", 1),
        "curl",
        9,
    );
    let b = run(
        FaultSpec::new("api-version-retired").with("retired_days_ago", 31),
        "curl",
        9,
    );
    let sunset = |t: &Trace| {
        let r = t.evidence.exchanges[0].response.clone().unwrap();
        header(&r.headers, "sunset").unwrap().to_string()
    };
    assert_ne!(sunset(&a), sunset(&b));
    // Without the headers and the changelog, a 410 could be a deliberate removal or a mistake.
    let mut ev = a.evidence.clone();
    ev.artifacts.retain(|x| x.kind != "changelog");
    if let Some(r) = ev.exchanges[0].response.as_mut() {
        r.headers.retain(|(k, _)| {
            !["sunset", "deprecation", "link"].contains(&k.to_ascii_lowercase().as_str())
        });
    }
    let v = solve(&ev);
    assert_eq!(v.layer, None, "{:?}", v.reasons);
    assert!(v.ambiguous);
}

#[test]
fn a_deadlock_aborts_the_phone_update_with_postgres_own_report_in_every_client() {
    for rt in Runtime::for_flow(Flow::ApiCall) {
        let t = run(FaultSpec::new("db-deadlock"), rt.id(), 5);
        let x = &t.evidence.exchanges[0];
        assert_eq!(x.request.method, "PATCH");
        let r = x.response.as_ref().expect("an answer");
        assert_eq!(r.status, 500, "{}", rt.id());
        let db: Vec<&str> = t
            .evidence
            .logs
            .iter()
            .filter(|l| {
                l.source == LogSource::Database
                    && l.trace_id.as_deref() == Some(&t.evidence.trace_id)
            })
            .map(|l| l.text.as_str())
            .collect();
        let at = |needle: &str| {
            db.iter()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{needle}: {db:?}"))
        };
        // PostgreSQL's DeadLockReport, in its order, with the cycle and both queries.
        let order = [
            at(" ERROR:  deadlock detected"),
            at(" DETAIL:  Process "),
            at(" HINT:  See server log for query details."),
            at(" CONTEXT:  while updating tuple ("),
            at(" STATEMENT:  UPDATE contact_points SET value = $1"),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{db:?}");
        let detail = db[order[1]];
        let cycle: Vec<&str> = detail.split("\n\t").collect();
        assert_eq!(cycle.len(), 4, "{detail}");
        // Process A waits for B's transaction; B waits for A's: the same two pids, crossed.
        let words = |l: &str| l.split(' ').map(String::from).collect::<Vec<_>>();
        let a = words(cycle[0].split("DETAIL:  ").nth(1).unwrap());
        let b = words(cycle[1]);
        assert_eq!(
            (a[0].as_str(), a[2].as_str(), a[3].as_str()),
            ("Process", "waits", "for")
        );
        assert_eq!(a[1], b[11].trim_end_matches('.'), "{detail}");
        assert_eq!(b[1], a[11].trim_end_matches('.'), "{detail}");
        assert!(a[4..7].join(" ") == "ShareLock on transaction" && a[7].ends_with(';'));
        assert!(cycle[2].starts_with(&format!("Process {}: UPDATE contact_points", a[1])));
        assert!(cycle[3].starts_with(&format!("Process {}: UPDATE customers", b[1])));
        // The service says what node-postgres handed it, with the SQLSTATE.
        assert!(t.evidence.logs.iter().any(|l| l.source == LogSource::App
            && l.text.contains("error: deadlock detected (code 40P01)")));
        common::assert_solved(&t.evidence, Layer::Database, "db-deadlock", rt.id());
    }
}

#[test]
fn without_the_deadlock_report_the_500_is_not_pinned_on_a_deadlock() {
    let t = run(FaultSpec::new("db-deadlock"), "curl", 9);
    let mut ev = t.evidence.clone();
    ev.logs
        .retain(|l| !(l.source == LogSource::Database && l.text.contains("deadlock")));
    let v = solve(&ev);
    assert_ne!(v.cause.as_deref(), Some("db-deadlock"), "{:?}", v.reasons);
}
