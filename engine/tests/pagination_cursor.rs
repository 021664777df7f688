//! Issue 15's `pagination-cursor-expired`: the customer list is paged with cursors that live a
//! fixed time after the page that issued them; the sync works on a page longer than that, so
//! the request with the first page's cursor is refused with 400 cursor-expired. Each runtime's
//! words and code (curl by hand; axios, requests, java.net.http and Guzzle loops), the pages and the problem, the gateway's and the service's lines, the
//! parameter, the list itself, and the solver with, without and against its evidence.

mod common;

use common::assert_solved;
use common::run_fault as run;
use faultline_engine::sim::header;
use faultline_engine::*;

const FAULT: &str = "pagination-cursor-expired";

fn lines(t: &Trace, source: LogSource) -> Vec<&LogLine> {
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == source && l.trace_id.as_deref() == Some(&t.evidence.trace_id))
        .collect()
}

fn json(body: &Option<String>) -> serde_json::Value {
    serde_json::from_str(body.as_deref().unwrap()).unwrap()
}

#[test]
fn each_client_gets_a_page_then_the_expired_cursor_in_its_own_words() {
    let cases = [
        (
            "curl",
            "HTTP/1.1 200 OK\nHTTP/1.1 400 Bad Request",
            "curl -sS -i --connect-timeout 10 --max-time 120 -X GET 'https://api.example.com/v2/customers?cursor=",
            "curl/8.5.0",
        ),
        (
            "node",
            "Page 1: 25 customers synced\nAxiosError: Request failed with status code 400 (ERR_BAD_REQUEST)",
            "url = next_cursor && `https://api.example.com/v2/customers?cursor=${next_cursor}`;",
            "axios/1.7.2",
        ),
        (
            "python",
            "Page 1: 25 customers synced\nrequests.exceptions.HTTPError: 400 Client Error: Bad Request for url: https://api.example.com/v2/customers?cursor=",
            "url = body['next_cursor'] and f\"https://api.example.com/v2/customers?cursor={body['next_cursor']}\"",
            "python-requests/2.32.3",
        ),
        (
            "java",
            "Page 1: 25 customers synced\n400 {\"cursor_ttl_seconds\":600,\"detail\":\"This cursor was issued more than 10 minutes ago",
            "if (res.statusCode() != 200) {",
            "Java-http-client/21.0.4",
        ),
        (
            "php",
            "Page 1: 25 customers synced\nPHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `GET https://api.example.com/v2/customers?cursor=",
            "$url = $body['next_cursor'] ? 'https://api.example.com/v2/customers?cursor=' . $body['next_cursor'] : null;",
            "GuzzleHttp/7",
        ),
    ];
    for (client, said, code, ua) in cases {
        let t = run(FAULT, "api-call", Some(client), 14).unwrap();
        let ev = &t.evidence;
        assert!(ev.outcome.starts_with(said), "{client}: {}", ev.outcome);
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
        assert_eq!(own.len(), 2, "{client}: the first page, then the next");
        let (first, next) = (own[0], own[1]);
        assert!(
            first
                .request
                .url
                .ends_with("/v2/customers?updated_since=2026-05-21T00:00:00Z"),
            "{}",
            first.request.url
        );
        // The first page: 25 customers, the cursor and when it stops being valid.
        let r = first.response.as_ref().unwrap();
        assert_eq!(r.status, 200);
        let page = json(&r.body);
        assert_eq!(page["data"].as_array().unwrap().len(), 25);
        let cursor = page["next_cursor"].as_str().unwrap();
        let expires = page["cursor_expires_at"].as_str().unwrap();
        assert_eq!(
            next.request.url,
            format!("https://api.example.com/v2/customers?cursor={cursor}")
        );
        // The next page was asked for after the cursor's end: refused as expired.
        assert!(next.started_at.as_str() > expires, "{client}");
        let r = next.response.as_ref().unwrap();
        assert_eq!((r.status, r.reason.as_str()), (400, "Bad Request"));
        assert_eq!(
            header(&r.headers, "content-type"),
            Some("application/problem+json; charset=utf-8")
        );
        let problem = json(&r.body);
        assert_eq!(
            problem["type"],
            "https://api.example.com/problems/cursor-expired"
        );
        assert_eq!(problem["title"], "Cursor expired");
        assert_eq!(problem["cursor_ttl_seconds"], 600);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .starts_with("This cursor was issued more than 10 minutes ago"),
            "{problem}"
        );
        // The gateway logged both requests of the run, 200 then 400, further apart than 10 min.
        let gateway = lines(&t, LogSource::Gateway);
        let access: Vec<&&LogLine> = gateway
            .iter()
            .filter(|l| l.text.contains("\"GET /v2/customers?"))
            .collect();
        assert_eq!(access.len(), 2, "{client}");
        assert!(access[0].text.contains("?updated_since=") && access[0].text.contains("\" 200 "));
        assert!(
            access[1].text.contains(&format!("?cursor={cursor} "))
                && access[1].text.contains("\" 400 ")
        );
        assert!(access.iter().all(|l| l.text.contains(ua)), "{client}");
        let gap = access[1].t_ms - access[0].t_ms;
        assert!((660_000..780_000).contains(&gap), "{client}: {gap} ms");
        // The service issued the cursor with the page and refused it with its dates.
        let app = lines(&t, LogSource::App);
        assert!(app.iter().any(|l| l.text
            == format!("customers-v2 200 GET /v2/customers rows=25 next_cursor={cursor} expires_at={expires}")));
        assert!(app.iter().any(|l| l.text.starts_with(&format!(
            "customers-v2 400 GET /v2/customers: cursor {cursor} expired at {expires} (issued "
        )) && l.text.ends_with(", ttl 600 s)")));
        assert_eq!(t.answer.surfaced_at, Layer::Gateway);
        assert_solved(ev, Layer::Client, FAULT, client);
    }
}

#[test]
fn the_scripts_loop_on_next_cursor_and_print_a_line_per_page() {
    let t = run(FAULT, "api-call", Some("node"), 14).unwrap();
    let a = &t.evidence.client.action;
    assert!(a.contains("for (let page = 1; url; page++) {"), "{a}");
    assert!(
        a.contains("await axios.request({ method: 'get', url, headers:"),
        "{a}"
    );
    assert!(a.contains("await saveCustomers(data);"), "{a}");
    let t = run(FAULT, "api-call", Some("python"), 14).unwrap();
    let a = &t.evidence.client.action;
    assert!(
        a.contains("while url:\n    r = requests.get(url, headers="),
        "{a}"
    );
    assert!(a.contains("    save_customers(body['data'])\n"), "{a}");
    // The script's line for the page is on the timeline when it printed it, before the next.
    let ev = &t.evidence;
    let line = ev
        .events
        .iter()
        .find(|e| e.summary == "Page 1: 25 customers synced")
        .expect("the page's line");
    assert!(line.t_ms >= ev.exchanges[0].t_ms + 690_000);
    assert!(line.t_ms <= ev.exchanges[1].t_ms);
}

#[test]
fn the_cursor_lives_as_long_as_the_parameter_says() {
    for (min, life) in [(1, "1 minute"), (11, "11 minutes")] {
        let t = simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults: vec![FaultSpec::new(FAULT).with("cursor_ttl_min", min)],
            seed: 14,
            call: None,
            client: Some("python".into()),
        })
        .unwrap();
        let ev = &t.evidence;
        let page = json(&ev.exchanges[0].response.as_ref().unwrap().body);
        let issued = ev.exchanges[0].response.as_ref().unwrap();
        let expires = util_parse(page["cursor_expires_at"].as_str().unwrap());
        let date = header(&issued.headers, "date").unwrap();
        assert!(date.ends_with(" GMT"), "{date}");
        let problem = json(&ev.exchanges[1].response.as_ref().unwrap().body);
        assert_eq!(problem["cursor_ttl_seconds"], min * 60);
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains(&format!("more than {life} ago")),
            "{problem}"
        );
        let started = util_parse(&ev.exchanges[0].started_at);
        assert!((expires - started - min * 60_000).abs() < 2_000, "{min}");
        assert_solved(ev, Layer::Client, FAULT, &format!("cursor_ttl_min={min}"));
    }
}

/// Epoch ms of `2026-05-22T09:22:19Z` or `2026-05-22T09:12:18.839Z`.
fn util_parse(s: &str) -> i64 {
    let d = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap();
    let secs = d(11..13) * 3600 + d(14..16) * 60 + d(17..19);
    let ms = if s.len() > 20 { d(20..23) } else { 0 };
    (d(8..10) * 86_400 + secs) * 1000 + ms
}

#[test]
fn without_the_gateways_or_the_services_lines_the_solver_stays_open() {
    let t = run(FAULT, "api-call", Some("node"), 14).unwrap();
    let mut ev = t.evidence.clone();
    ev.logs
        .retain(|l| l.source != LogSource::Gateway && l.source != LogSource::App);
    let v = solve(&ev);
    assert!(v.ambiguous, "{:?}", v.reasons);
    let why = v.reasons.join(" ");
    assert!(why.contains("still open: client, backend"), "{why}");
    // Either source alone settles it.
    for keep in [LogSource::Gateway, LogSource::App] {
        let mut ev = t.evidence.clone();
        ev.logs.retain(|l| {
            l.source == keep || !matches!(l.source, LogSource::Gateway | LogSource::App)
        });
        assert_solved(&ev, Layer::Client, FAULT, &format!("{keep:?} only"));
    }
}

#[test]
fn a_cursor_refused_within_its_lifetime_is_the_apis_fault() {
    let t = run(FAULT, "api-call", Some("curl"), 14).unwrap();
    let mut ev = t.evidence.clone();
    // The page that issued the cursor logged a minute before the refusal instead.
    let refused = ev
        .logs
        .iter()
        .find(|l| l.source == LogSource::Gateway && l.text.contains("\" 400 "))
        .map(|l| l.t_ms)
        .unwrap();
    for l in &mut ev.logs {
        if l.trace_id.as_deref() == Some(&ev.trace_id) && l.text.contains("?updated_since=") {
            l.t_ms = refused - 60_000;
        }
    }
    ev.logs.retain(|l| l.source != LogSource::App);
    let v = solve(&ev);
    assert_eq!(v.layer, Some(Layer::Backend), "{:?}", v.reasons);
    assert_eq!(v.cause, None);
}

#[test]
fn a_token_or_a_quota_refusing_the_next_page_is_not_the_cursor() {
    let t = run(FAULT, "api-call", Some("python"), 14).unwrap();
    for status in [401, 429] {
        let mut ev = t.evidence.clone();
        let r = ev.exchanges[1].response.as_mut().unwrap();
        r.status = status;
        let v = solve(&ev);
        assert_ne!(v.cause.as_deref(), Some(FAULT), "{status}: {:?}", v.reasons);
    }
}

#[test]
fn only_paging_clients_have_the_fault() {
    for client in ["postman", "browser"] {
        let e = run(FAULT, "api-call", Some(client), 14).unwrap_err();
        assert!(
            e.to_string()
                .contains("needs curl, node, python, java, php"),
            "{client}: {e}"
        );
    }
}

#[test]
fn the_list_pages_from_its_start_and_refuses_a_cursor_it_never_issued() {
    let list = |path: &str| {
        simulate(&RunSpec {
            flow: Some("api-call".into()),
            faults: vec![],
            seed: 14,
            call: Some(CallSpec {
                method: "GET".into(),
                path: path.into(),
            }),
            client: Some("curl".into()),
        })
        .unwrap()
    };
    let t = list("/v2/customers");
    assert_eq!(
        t.evidence.exchanges.len(),
        1,
        "one request: curl does not page"
    );
    let r = t.evidence.exchanges[0].response.as_ref().unwrap();
    assert_eq!(r.status, 200);
    let page = json(&r.body);
    let rows = page["data"].as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let changed: Vec<&str> = rows
        .iter()
        .map(|r| r["updatedAt"].as_str().unwrap())
        .collect();
    assert!(
        changed.windows(2).all(|w| w[0] <= w[1]),
        "oldest change first"
    );
    assert!(page["next_cursor"].as_str().is_some_and(|c| c.len() == 32));
    let t = list("/v2/customers?cursor=0000");
    let r = t.evidence.exchanges[0].response.as_ref().unwrap();
    assert_eq!(r.status, 400);
    let problem = json(&r.body);
    assert_eq!(
        problem["type"],
        "https://api.example.com/problems/invalid-cursor"
    );
    assert_ne!(solve(&t.evidence).cause.as_deref(), Some(FAULT));
}
