//! Issue 15's `idempotency-duplicate-post`: the client's POST times out while a job's
//! transaction holds the customer's row, the client sends it again without an Idempotency-Key,
//! and both inserts go through when the job commits. Each runtime's words, nginx's 499, the
//! database's lock-wait lines, the two creations, the solver.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::sim::header;
use faultline_engine::*;

const FAULT: &str = "idempotency-duplicate-post";

fn traced(t: &Trace, source: LogSource) -> Vec<&str> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == source)
        .map(|l| l.text.as_str())
        .collect()
}

#[test]
fn each_runtime_prints_its_timeout_then_the_retrys_201_and_shows_its_retry() {
    let cases = [
        (
            "curl",
            "curl: (28) Operation timed out after ",
            "HTTP/1.1 201 Created",
            " --retry 1 -X POST ",
        ),
        (
            "node",
            "AxiosError: timeout of 10000ms exceeded (ECONNABORTED)",
            "201 Created",
            "if (err.code !== 'ECONNABORTED' || attempt === 2) break;",
        ),
        (
            "python",
            "requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout=10)",
            "201 Created",
            "except requests.exceptions.ReadTimeout as e:",
        ),
    ];
    for (client, first, last, code) in cases {
        let t = run(FAULT, "api-call", Some(client), 14).unwrap();
        let ev = &t.evidence;
        let lines: Vec<&str> = ev.outcome.lines().collect();
        assert!(lines[0].starts_with(first), "{client}: {}", ev.outcome);
        assert_eq!(lines.last(), Some(&last), "{client}: {}", ev.outcome);
        assert!(
            ev.client.action.contains(code),
            "{client}: {}",
            ev.client.action
        );
        // Nothing marks the second request as the first one again.
        assert!(!ev.client.action.contains("Idempotency-Key"));
        let x = &ev.exchanges;
        assert_eq!(x.len(), 2, "{client}");
        assert!(x[0].response.is_none() && x[0].client_error.is_some());
        assert_eq!(x[0].timings.wait, 10_000);
        assert_eq!(x[1].response.as_ref().map(|r| r.status), Some(201));
        assert_eq!(x[0].request.body, x[1].request.body);
        assert!(header(&x[1].request.headers, "idempotency-key").is_none());
        // curl waits a second before its retry, as the loops do.
        assert!(x[1].t_ms - x[0].t_ms >= 11_000, "{client}");
        assert_solved(ev, Layer::Client, FAULT, client);
    }
}

#[test]
fn fault_is_offered_only_where_the_code_view_has_a_retry() {
    for client in ["java", "php", "postman"] {
        assert!(
            run(FAULT, "api-call", Some(client), 14).is_err(),
            "{client}"
        );
    }
}

#[test]
fn nginx_logs_499_for_the_first_and_201_for_the_retry_and_the_service_creates_two_chats() {
    let t = run(FAULT, "api-call", Some("python"), 14).unwrap();
    let gw = traced(&t, LogSource::Gateway);
    let posts: Vec<&&str> = gw
        .iter()
        .filter(|l| l.contains("\"POST /v2/chats HTTP/1.1\" "))
        .collect();
    assert_eq!(posts.len(), 2, "{gw:#?}");
    assert!(posts[0].contains("\" 499 0 "), "{}", posts[0]);
    assert!(posts[0].contains("rt=10.0"), "{}", posts[0]);
    assert!(posts[1].contains("\" 201 "), "{}", posts[1]);
    assert!(gw.iter().any(|l| l.contains("[info]") && l.contains("client prematurely closed connection, so upstream connection is closed too while reading response header from upstream")));
    let app = traced(&t, LogSource::App);
    let created: Vec<&&str> = app
        .iter()
        .filter(|l| l.contains(" 201 POST /v2/chats chat=ch_"))
        .collect();
    assert_eq!(created.len(), 2, "{app:#?}");
    assert_ne!(created[0], created[1]);
    // The retry's answer names the second chat; the table holds both.
    let r = t.evidence.exchanges[1].response.as_ref().unwrap();
    let id = header(&r.headers, "location")
        .unwrap()
        .trim_start_matches("/v2/chats/");
    assert!(
        created[1].contains(&format!("chat={id} ")),
        "{}",
        created[1]
    );
    let table = t
        .evidence
        .artifacts
        .iter()
        .find(|a| a.kind == "db-query")
        .unwrap();
    assert!(table.body.ends_with("(2 rows)"), "{}", table.body);
    for c in &created {
        let chat = c.split("chat=").nth(1).unwrap().split(' ').next().unwrap();
        assert!(table.body.contains(chat), "{chat}: {}", table.body);
    }
}

#[test]
fn postgres_logs_both_waits_for_the_jobs_transaction_and_both_acquisitions() {
    let t = run(FAULT, "api-call", Some("node"), 14).unwrap();
    let db = traced(&t, LogSource::Database);
    let waiting: Vec<&&str> = db
        .iter()
        .filter(|l| l.contains(" still waiting for ShareLock on transaction "))
        .collect();
    let acquired: Vec<&&str> = db
        .iter()
        .filter(|l| l.contains(" acquired ShareLock on transaction "))
        .collect();
    assert_eq!((waiting.len(), acquired.len()), (2, 2), "{db:#?}");
    // "process N still waiting for ShareLock on transaction M after 1000.123 ms", as ProcSleep.
    let words = |l: &str| l.split("LOG:  ").nth(1).unwrap().to_string();
    let w0 = words(waiting[0]);
    let parts: Vec<&str> = w0.split(' ').collect();
    assert_eq!(parts[0], "process");
    assert_eq!(
        &parts[2..8],
        ["still", "waiting", "for", "ShareLock", "on", "transaction"]
    );
    assert!(
        parts[10].starts_with("1000.") && parts[10].len() == 8 && parts[11] == "ms",
        "{w0}"
    );
    let xid = parts[8];
    assert!(acquired
        .iter()
        .all(|l| l.contains(&format!("on transaction {xid} after "))));
    // The second waiter queues behind the first; both acquire at the job's commit.
    assert!(
        db.iter()
            .any(|l| l.contains(&format!("Wait queue: {}, ", parts[1]))),
        "{db:#?}"
    );
    let ts: Vec<&str> = t
        .evidence
        .logs
        .iter()
        .filter(|l| l.text.contains(" acquired ShareLock "))
        .map(|l| l.ts.as_str())
        .collect();
    assert_eq!(ts[0], ts[1]);
    // The first waited past the client's 10 s; the retry less than its own 10 s.
    let ms = |l: &str| -> f64 {
        l.split(" after ")
            .nth(1)
            .unwrap()
            .trim_end_matches(" ms")
            .parse()
            .unwrap()
    };
    assert!(
        ms(acquired[0]) > 10_000.0 && ms(acquired[1]) < 10_000.0,
        "{acquired:#?}"
    );
    assert!(db.iter().any(
        |l| l.contains("CONTEXT:  while locking tuple (0,") && l.contains("FOR KEY SHARE OF x")
    ));
}

#[test]
fn healthy_world_sends_once_and_logs_no_lock_wait() {
    for seed in 1..=10 {
        let t = simulate_simple(Some("api-call"), &[], seed).unwrap();
        assert!(
            !t.evidence
                .logs
                .iter()
                .any(|l| l.text.contains("ShareLock on transaction")),
            "seed {seed}"
        );
        assert!(!t.evidence.artifacts.iter().any(|a| a.kind == "db-query"));
    }
}

#[test]
fn named_over_many_seeds_and_at_the_parameters_edges() {
    for seed in 1..=60 {
        for client in ["curl", "node", "python"] {
            let t = run(FAULT, "api-call", Some(client), seed).unwrap();
            assert_solved(
                &t.evidence,
                Layer::Client,
                FAULT,
                &format!("{client} {seed}"),
            );
        }
    }
    for ms in [13_000, 20_000] {
        let t = simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec {
                id: FAULT.into(),
                params: [("commit_after_ms".to_string(), serde_json::json!(ms))].into(),
            }],
            seed: 5,
            call: None,
            client: Some("curl".into()),
        })
        .unwrap();
        let ev = &t.evidence;
        assert_eq!(
            ev.exchanges[1].response.as_ref().map(|r| r.status),
            Some(201),
            "{ms}"
        );
        assert_eq!(
            ev.logs
                .iter()
                .filter(|l| l.text.contains(" acquired ShareLock "))
                .count(),
            2,
            "{ms}"
        );
        assert_solved(ev, Layer::Client, FAULT, &ms.to_string());
    }
}

/// Without the service's log and the table, a timeout then a 201 does not show whether the first
/// attempt also created a chat: the verdict stays open.
#[test]
fn without_the_two_creations_the_cause_is_not_named() {
    let t = run(FAULT, "api-call", Some("curl"), 14).unwrap();
    let mut ev = t.evidence.clone();
    ev.logs.retain(|l| l.source != LogSource::App);
    ev.artifacts.retain(|a| a.kind != "db-query");
    let v = solve(&ev);
    assert_eq!(v.cause, None, "{:?}", v.reasons);
    // Either one alone is enough.
    let mut ev = t.evidence.clone();
    ev.logs.retain(|l| l.source != LogSource::App);
    assert_eq!(solve(&ev).cause.as_deref(), Some(FAULT));
}
