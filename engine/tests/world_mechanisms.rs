//! Mechanisms in the world rather than flags: the service's database connection pool, the lock
//! a slow query waits on, the webhook worker's rule for disabling an endpoint, and the
//! latency parameter named for what it is (one-way; a round trip takes twice it).

mod common;

use faultline_engine::*;

fn trace(flow: &str, faults: &[FaultSpec], seed: u64) -> Trace {
    simulate_simple(Some(flow), faults, seed).unwrap()
}

#[test]
fn an_exhausted_pool_times_out_in_node_postgres_words_and_nobody_gets_a_200() {
    for seed in 1..6 {
        let t = trace("api-call", &[FaultSpec::new("db-pool-exhausted")], seed);
        let ev = &t.evidence;
        let x = &ev.exchanges[0];
        assert_eq!(x.response.as_ref().unwrap().status, 503, "seed {seed}");
        // The request waited the pool's connectionTimeoutMillis (10 s by default).
        assert!(x.timings.wait >= 10_000, "seed {seed}: {:?}", x.timings);
        let line = ev
            .logs
            .iter()
            .find(|l| {
                l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str())
                    && l.text.contains("database error")
            })
            .unwrap();
        assert!(
            line.text.starts_with("customers-v2 database error after 10000 ms: Error: timeout exceeded when trying to connect (pool totalCount=20 idleCount=0 waitingCount="),
            "{}",
            line.text
        );
        // The requests never reached Postgres, so it logged nothing about them.
        assert!(
            !ev.logs.iter().any(|l| l.source == LogSource::Database),
            "seed {seed}"
        );
        // Background traffic needs the same pool: no service answered anything with a 2xx.
        for l in ev.logs.iter().filter(|l| l.source == LogSource::App) {
            assert!(
                !l.text.contains(" 200 ") && !l.text.contains(" 201 "),
                "{}",
                l.text
            );
        }
        for l in ev.logs.iter().filter(|l| l.source == LogSource::Gateway) {
            assert!(!l.text.contains("\" 200 "), "{}", l.text);
        }
        common::assert_solved(
            ev,
            Layer::Database,
            "db-pool-exhausted",
            &format!("seed {seed}"),
        );
    }
}

#[test]
fn the_pool_wait_is_the_fault_parameter() {
    let t = trace(
        "api-call",
        &[FaultSpec::new("db-pool-exhausted").with("wait_ms", 2_500)],
        3,
    );
    assert!(t.evidence.logs.iter().any(|l| l
        .text
        .contains("database error after 2500 ms: Error: timeout exceeded when trying to connect")));
    // Past the gateway's 30 s read timeout the parameter is refused, not silently a 504.
    assert!(simulate_simple(
        Some("api-call"),
        &[FaultSpec::new("db-pool-exhausted").with("wait_ms", 40_000)],
        3
    )
    .is_err());
}

#[test]
fn a_statement_timeout_shows_the_lock_it_waited_for() {
    let t = trace("api-call", &[FaultSpec::new("database-timeout")], 4);
    let db: Vec<&str> = t
        .evidence
        .logs
        .iter()
        .filter(|l| {
            l.source == LogSource::Database
                && l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str())
        })
        .map(|l| l.text.as_str())
        .collect();
    let wait = db
        .iter()
        .position(|l| l.contains(" LOG:  process "))
        .unwrap();
    assert!(
        db[wait].contains(
            "still waiting for AccessShareLock on relation 16421 of database 16390 after 1000."
        ),
        "{}",
        db[wait]
    );
    assert!(
        db[wait + 1].contains("DETAIL:  Process holding the lock: "),
        "{}",
        db[wait + 1]
    );
    assert!(db[wait + 1].contains(". Wait queue: "));
    let cancel = db
        .iter()
        .position(|l| l.contains("ERROR:  canceling statement due to statement timeout"))
        .unwrap();
    assert!(cancel > wait);
    assert_eq!(
        solve(&t.evidence).cause.as_deref(),
        Some("database-timeout")
    );
}

#[test]
fn a_healthy_request_checks_out_a_connection_without_waiting() {
    let t = trace("api-call", &[], 2);
    assert!(!t
        .evidence
        .events
        .iter()
        .any(|e| e.summary.contains("waiting for a free database connection")));
    assert!(!t
        .evidence
        .logs
        .iter()
        .any(|l| l.source == LogSource::Database));
}

#[test]
fn one_message_out_of_retries_leaves_the_endpoint_enabled_everywhere() {
    for f in [
        "webhook-endpoint-down",
        "webhook-tls-failure",
        "webhook-auth-failure",
    ] {
        let t = trace("crm-ticket", &[FaultSpec::new(f)], 6);
        let ev = &t.evidence;
        let settings = ev
            .artifacts
            .iter()
            .find(|a| a.title.starts_with("Integration settings"))
            .unwrap();
        assert!(
            settings.body.contains("status: enabled"),
            "{f}: {}",
            settings.body
        );
        let history = ev
            .artifacts
            .iter()
            .find(|a| a.kind == "delivery-log")
            .unwrap();
        assert!(
            history
                .body
                .contains(" failed after 8 attempts; endpoint still enabled (failing since "),
            "{f}: {}",
            history.body
        );
        assert!(
            ev.logs.iter().any(|l| l
                .text
                .contains("failed permanently after 8 attempts; endpoint stays enabled")),
            "{f}"
        );
        assert!(
            !ev.logs.iter().any(|l| l.text.contains("endpoint disabled")),
            "{f}"
        );
    }
}

#[test]
fn an_endpoint_disabled_by_the_worker_failed_for_five_days_first() {
    let t = trace(
        "crm-ticket",
        &[
            FaultSpec::new("webhook-tls-failure"),
            FaultSpec::new("webhook-endpoint-disabled"),
        ],
        6,
    );
    let ev = &t.evidence;
    let history = &ev
        .artifacts
        .iter()
        .find(|a| a.kind == "delivery-log")
        .unwrap()
        .body;
    let line = history
        .lines()
        .find(|l| l.contains("endpoint disabled automatically"))
        .unwrap();
    // "<when>  endpoint disabled automatically: every attempt has failed for 5 days (since <from>)"
    let when = line.split("  ").next().unwrap();
    let from = line.rsplit("(since ").next().unwrap().trim_end_matches(')');
    let day = |s: &str| s[8..10].parse::<i64>().unwrap() + 31 * s[5..7].parse::<i64>().unwrap();
    assert_eq!(&when[11..], &from[11..], "{line}");
    assert_eq!(day(when) - day(from), 5, "{line}");
    let settings = ev
        .artifacts
        .iter()
        .find(|a| a.title.starts_with("Integration settings"))
        .unwrap();
    assert!(
        settings
            .body
            .contains(&format!("status: disabled since {when}")),
        "{}",
        settings.body
    );
}

#[test]
fn the_latency_parameter_is_one_way_and_rtt_ms_is_its_old_name() {
    let new = trace(
        "api-call",
        &[FaultSpec::new("network-latency").with("one_way_ms", 500)],
        3,
    );
    let old = trace(
        "api-call",
        &[FaultSpec::new("network-latency").with("rtt_ms", 500)],
        3,
    );
    assert_eq!(
        serde_json::to_string(&new.evidence).unwrap(),
        serde_json::to_string(&old.evidence).unwrap()
    );
    assert_eq!(old.answer.params["one_way_ms"], 500);
    assert!(simulate_simple(
        Some("api-call"),
        &[FaultSpec::new("network-latency")
            .with("rtt_ms", 500)
            .with("one_way_ms", 500)],
        3
    )
    .is_err());
    // TCP connect is one round trip, TLS 1.3 one more, and `wait` is a round trip plus the
    // server's time (which the gateway logs as rt=).
    let x = &new.evidence.exchanges[0];
    let tcp = x.timings.connect - x.timings.ssl;
    assert!((1000..1010).contains(&tcp), "{:?}", x.timings);
    assert!((1000..1020).contains(&x.timings.ssl), "{:?}", x.timings);
    let rt = new
        .evidence
        .logs
        .iter()
        .find(|l| {
            l.source == LogSource::Gateway
                && l.trace_id.as_deref() == Some(new.evidence.trace_id.as_str())
        })
        .and_then(|l| l.text.split(" rt=").nth(1))
        .and_then(|r| r.split(' ').next())
        .map(|r| (r.parse::<f64>().unwrap() * 1000.0).round() as i64)
        .unwrap();
    let server = x.timings.wait - 1000;
    assert!((server - rt).abs() <= 6, "wait {} rt {rt}", x.timings.wait);
}

#[test]
fn a_pack_may_still_say_rtt_ms() {
    let text = include_str!("packs/unsettled.json");
    assert!(text.contains("\"rtt_ms\": 1"));
    let pack: serde_json::Value = serde_json::from_str(text).unwrap();
    let problems = validate_pack(&pack, &|_| Err("no files".into()));
    assert!(problems.is_empty(), "{problems:?}");
    let renamed = faults::current_param_names(
        "network-latency",
        [("rtt_ms".to_string(), 1)].into_iter().collect(),
    );
    assert_eq!(renamed.keys().collect::<Vec<_>>(), ["one_way_ms"]);
}

#[test]
fn a_screen_pop_is_the_agents_own_lightning_page_load() {
    let t = trace(
        "crm-lookup",
        &[FaultSpec::new("screen-pop-bad-url-template")],
        3,
    );
    let ev = &t.evidence;
    let x = ev
        .exchanges
        .iter()
        .find(|x| x.request.url.contains("/lightning/"))
        .unwrap();
    // The browser percent-encodes the unresolved placeholder's braces.
    assert!(
        x.request.url.contains("/lightning/r/Contact/%7B%7B"),
        "{}",
        x.request.url
    );
    assert!(!x.request.url.contains('{'));
    let r = x.response.as_ref().unwrap();
    assert_eq!(r.status, 200);
    assert!(r
        .body
        .as_deref()
        .unwrap()
        .contains("<h1>This record isn't available</h1>"));
    let line = ev
        .logs
        .iter()
        .find(|l| l.source == LogSource::Crm && l.text.contains("/lightning/"))
        .unwrap();
    assert!(
        line.text.starts_with("EVENT_TYPE=LightningPageView USER=agent.rivera@crm.example.net PAGE_URL=/lightning/r/Contact/%7B%7B"),
        "{}",
        line.text
    );
    assert!(!line.text.contains("integration@"));
    assert_eq!(
        solve(ev).cause.as_deref(),
        Some("screen-pop-bad-url-template")
    );
    // A record that exists opens.
    let ok = trace("crm-lookup", &[], 3);
    assert!(
        ok.evidence.outcome.contains("record opened"),
        "{}",
        ok.evidence.outcome
    );
}

#[test]
fn crm_traces_say_the_event_log_files_are_hourly_or_daily() {
    for flow in ["crm-lookup", "crm-ticket"] {
        let t = trace(flow, &[], 2);
        let note = t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.kind == "event-log")
            .unwrap();
        assert!(
            note.body.contains("generates hourly or daily, not live"),
            "{}",
            note.body
        );
    }
    assert!(!trace("api-call", &[], 2)
        .evidence
        .artifacts
        .iter()
        .any(|a| a.kind == "event-log"));
}
