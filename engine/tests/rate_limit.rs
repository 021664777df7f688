//! The gateway's rate limiter is a token bucket per client: whether a request gets a 429, the
//! `RateLimit-Remaining` it is told and its `Retry-After` follow from the pace the client
//! keeps. A "limit reached" flag would fail every test here: a slower client is never refused,
//! the remaining count falls one per request and climbs back with time, and waiting exactly
//! `Retry-After` gets the next request through.

use faultline_engine::layers::gateway::{RateLimit, RatePersona};
use faultline_engine::sim::{header, Tb};
use faultline_engine::world::World;
use faultline_engine::*;

fn world(rate: RateLimit) -> World {
    let mut w = World::new(11);
    w.gateway.rate = rate;
    w
}

/// One GET from the world's client through the gateway at `t` ms: status and headers.
fn get(w: &World, tb: &mut Tb, t: i64) -> (u16, Vec<(String, String)>) {
    get_with(w, tb, t, &w.client.token, &w.client.public_ip)
}

/// One GET through the gateway at `t` ms from `peer` with bearer `token`: status and headers.
fn get_with(
    w: &World,
    tb: &mut Tb,
    t: i64,
    token: &str,
    peer: &str,
) -> (u16, Vec<(String, String)>) {
    tb.t = t;
    let req = HttpRequest {
        method: "GET".into(),
        url: format!("https://api.example.com/v2/customers/{}", w.customer_id),
        http_version: "HTTP/1.1".into(),
        headers: vec![
            ("Host".into(), "api.example.com".into()),
            ("Authorization".into(), format!("Bearer {token}")),
        ],
        body: None,
    };
    let r = w.gateway.handle(w, tb, &req, peer);
    // The builder keeps constant names and values borrowed.
    let headers = r.headers.into_iter();
    (
        r.status,
        headers.map(|(k, v)| (k.into(), v.into())).collect(),
    )
}

fn num(h: &[(String, String)], name: &str) -> i64 {
    header(h, name)
        .unwrap_or_else(|| panic!("{name} missing: {h:?}"))
        .parse()
        .unwrap()
}

#[test]
fn a_client_slower_than_the_refill_is_never_refused_and_a_faster_one_is() {
    // 10 per minute: one token back every 6 s.
    let w = world(RateLimit::plan(10, 60));
    let mut tb = Tb::new(1, w.epoch_ms);
    for i in 0..40 {
        let (st, _) = get(&w, &mut tb, i * 6_500);
        assert_ne!(st, 429, "request {i} at one per 6.5 s");
    }
    let mut tb = Tb::new(1, w.epoch_ms);
    let statuses: Vec<u16> = (0..40).map(|i| get(&w, &mut tb, i * 1_000).0).collect();
    // The full bucket carries the first ten (plus what refilled meanwhile), then one in six.
    assert!(statuses[..11].iter().all(|s| *s != 429), "{statuses:?}");
    assert_eq!(statuses[11], 429, "{statuses:?}");
    let through_later = statuses[12..].iter().filter(|s| **s != 429).count();
    assert!((4..=6).contains(&through_later), "{statuses:?}");
}

#[test]
fn remaining_falls_one_per_request_and_climbs_back_with_time() {
    let w = world(RateLimit::plan(10, 60));
    let mut tb = Tb::new(2, w.epoch_ms);
    let mut last = 10;
    for i in 0..5 {
        let (_, h) = get(&w, &mut tb, i * 100);
        let rem = num(&h, "RateLimit-Remaining");
        assert_eq!(rem, last - 1, "request {i}: {h:?}");
        assert_eq!(num(&h, "RateLimit-Limit"), 10);
        last = rem;
    }
    // Five taken at once: 30 s (five tokens at one per 6 s) until full, counted from the last.
    let (_, h) = get(&w, &mut tb, 500);
    assert_eq!(num(&h, "RateLimit-Remaining"), 4);
    assert_eq!(num(&h, "RateLimit-Reset"), 36);
    // 13 s later two tokens are back, this request takes one.
    let (_, h) = get(&w, &mut tb, 13_500);
    assert_eq!(num(&h, "RateLimit-Remaining"), 5, "{h:?}");
}

#[test]
fn retry_after_is_the_time_until_a_token_is_back() {
    let w = world(RateLimit::plan(5, 60)); // one token per 12 s
    let mut tb = Tb::new(3, w.epoch_ms);
    for i in 0..5 {
        assert_ne!(get(&w, &mut tb, i * 10).0, 429);
    }
    // The last token went at 40 ms; the first refills at 12.000 s after the bucket last
    // counted, which a 429 at 3 s reads as 9 s away.
    let (st, h) = get(&w, &mut tb, 3_000);
    assert_eq!(st, 429);
    let ra = num(&h, "Retry-After");
    assert_eq!(ra, 9, "{h:?}");
    assert_eq!(num(&h, "RateLimit-Remaining"), 0);
    // One second short of it the bucket still says no; waiting it out gets through.
    assert_eq!(get(&w, &mut tb, 3_000 + (ra - 1) * 1000).0, 429);
    let (st, h) = get(&w, &mut tb, 3_000 + ra * 1000 + 1000);
    assert_ne!(st, 429, "{h:?}");
}

#[test]
fn raw_nginx_sends_no_ratelimit_headers_and_logs_the_excess_the_bucket_had() {
    let w = world(RateLimit::nginx());
    assert_eq!(w.gateway.rate.persona, RatePersona::Nginx);
    let mut tb = Tb::new(4, w.epoch_ms);
    // 20 burst at once go through, the 21st finds the bucket empty: excess 21 less what
    // leaked back in the 5 ms since (10 r/s: 0.050).
    for i in 0..20 {
        let (st, h) = get(&w, &mut tb, i / 4);
        assert_ne!(st, 429, "request {i}");
        assert!(header(&h, "RateLimit-Remaining").is_none());
    }
    let (st, h) = get(&w, &mut tb, 10);
    assert_eq!(st, 429);
    assert_eq!(header(&h, "Retry-After"), Some("1"));
    assert!(header(&h, "RateLimit-Limit").is_none());
    let err = tb
        .logs
        .iter()
        .find(|l| l.text.contains("limiting requests"))
        .expect("limit_req's error line");
    assert!(
        err.text
            .contains("limiting requests, excess: 20.900 by zone \"per_client\""),
        "{}",
        err.text
    );
}

fn trace(flow: &str, f: FaultSpec, seed: u64) -> Trace {
    simulate_simple(Some(flow), &[f], seed).unwrap()
}

/// The client's own access-log lines before the traced request, oldest first.
fn own_lines(t: &Trace) -> Vec<String> {
    let ip = "203.0.113.45 ";
    t.evidence
        .logs
        .iter()
        .filter(|l| l.source == LogSource::Gateway && l.text.starts_with(ip))
        .filter(|l| l.trace_id.as_deref() != Some(t.evidence.trace_id.as_str()))
        .map(|l| l.text.clone())
        .collect()
}

#[test]
fn a_retry_loop_draws_its_own_429s_with_refilled_tokens_let_through_between() {
    for seed in 1..6 {
        let t = trace("api-call", FaultSpec::new("request-loop"), seed);
        let lines = own_lines(&t);
        let first_429 = lines.iter().position(|l| l.contains("\" 429 ")).unwrap();
        // The burst of 20 (and what refilled while it went) passes before the first refusal…
        assert!(first_429 >= 20, "seed {seed}: {first_429}");
        // …and afterwards a token comes back every 100 ms, taken by whichever request is
        // first: the loop's log is not a clean cut-over from 200 to 429.
        let later_200 = lines[first_429..]
            .iter()
            .filter(|l| l.contains("\" 200 "))
            .count();
        assert!(
            later_200 >= 3,
            "seed {seed}: {later_200} of {}",
            lines.len()
        );
        let x = &t.evidence.exchanges[0];
        assert_eq!(x.response.as_ref().unwrap().status, 429, "seed {seed}");
        let v = solve(&t.evidence);
        assert_eq!(
            v.cause.as_deref(),
            Some("request-loop"),
            "seed {seed}: {v:?}"
        );
    }
}

#[test]
fn a_quota_too_small_for_the_jobs_pace_refuses_it_and_says_when_a_token_is_back() {
    let mut retry_afters = vec![];
    for seed in 1..8 {
        let t = trace("api-call", FaultSpec::new("rate-limit-quota"), seed);
        let r = t.evidence.exchanges[0].response.as_ref().unwrap();
        assert_eq!(r.status, 429, "seed {seed}");
        let ra: i64 = header(&r.headers, "Retry-After").unwrap().parse().unwrap();
        let reset: i64 = header(&r.headers, "RateLimit-Reset")
            .unwrap()
            .parse()
            .unwrap();
        // 50 an hour: a token every 72 s, so the next is at most 72 s away; the bucket is full
        // again after 50 of them.
        assert!((1..=72).contains(&ra), "seed {seed}: {ra}");
        assert!(reset > 49 * 72 && reset <= 3600, "seed {seed}: {reset}");
        retry_afters.push(ra);
        // The job's own calls at its steady pace: mostly refused, one let through each time a
        // token came back; fewer than the solver would call a loop.
        let lines = own_lines(&t);
        assert!(lines.iter().any(|l| l.contains("\" 429 ")), "seed {seed}");
        assert!(lines.iter().any(|l| l.contains("\" 200 ")), "seed {seed}");
        assert!(lines.len() < 20, "seed {seed}");
        assert_eq!(
            solve(&t.evidence).cause.as_deref(),
            Some("rate-limit-quota")
        );
    }
    retry_afters.dedup();
    assert!(
        retry_afters.len() > 2,
        "Retry-After varies: {retry_afters:?}"
    );
}

/// One GET at `t` from `peer` with `token` (another tenant's, or the world's client's).
fn get_as(w: &World, tb: &mut Tb, t: i64, token: &str, peer: &str) -> u16 {
    get_with(w, tb, t, token, peer).0
}

/// A token the world's issuer minted for another tenant's client.
fn tenant_token(w: &World, client_id: &str) -> String {
    let iat = w.epoch_ms / 1000 - 60;
    w.auth.mint(&faultline_engine::layers::auth::Claims {
        sub: client_id.into(),
        client_id: client_id.into(),
        aud: w.auth.audience.clone(),
        iat,
        exp: iat + 3600,
        jti: "0f3c9a".into(),
        scope: "read:customers".into(),
    })
}

#[test]
fn an_api_gateway_counts_each_tenant_against_its_own_quota_even_from_one_address() {
    let w = world(RateLimit::plan(5, 60));
    let ip = w.client.public_ip.clone();
    let other = tenant_token(&w, "svc-reporting");
    let mut tb = Tb::new(5, w.epoch_ms);
    // The client's storm: its five tokens go, the rest are refused…
    let storm: Vec<u16> = (0..12)
        .map(|i| get_as(&w, &mut tb, i * 10, &w.client.token, &ip))
        .collect();
    assert!(storm[..5].iter().all(|s| *s != 429), "{storm:?}");
    assert!(storm[5..].iter().all(|s| *s == 429), "{storm:?}");
    // …while another tenant's background job behind the same NAT address keeps its quota.
    let background: Vec<u16> = (0..5)
        .map(|i| get_as(&w, &mut tb, 200 + i * 10, &other, &ip))
        .collect();
    assert!(background.iter().all(|s| *s != 429), "{background:?}");
    // The buckets the gateway keeps are the consumers', not the address.
    let keys: Vec<&str> = tb.buckets.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            format!("consumer:{}", w.client.client_id),
            "consumer:svc-reporting".to_string()
        ]
    );
}

#[test]
fn raw_nginx_keys_its_zone_on_the_address_so_clients_behind_one_share_it() {
    let w = world(RateLimit::nginx());
    let ip = w.client.public_ip.clone();
    let other = tenant_token(&w, "svc-reporting");
    let mut tb = Tb::new(6, w.epoch_ms);
    for i in 0..21 {
        get_as(&w, &mut tb, i / 4, &w.client.token, &ip);
    }
    // `limit_req_zone $binary_remote_addr`: the other job at that address finds it dry…
    assert_eq!(get_as(&w, &mut tb, 10, &other, &ip), 429);
    // …and one at its own address does not.
    assert_ne!(get_as(&w, &mut tb, 11, &other, "198.51.100.14"), 429);
}

#[test]
fn in_a_quota_incident_other_tenants_traffic_is_still_served_while_the_job_is_refused() {
    for seed in 1..6 {
        let t = trace("api-call", FaultSpec::new("rate-limit-quota"), seed);
        let gw: Vec<&LogLine> = t
            .evidence
            .logs
            .iter()
            .filter(|l| l.source == LogSource::Gateway)
            .collect();
        let job_429 = gw
            .iter()
            .filter(|l| l.text.starts_with("203.0.113.45 ") && l.text.contains("\" 429 "))
            .count();
        let others_served = gw
            .iter()
            .filter(|l| !l.text.starts_with("203.0.113.45 ") && l.text.contains("\" 200 "))
            .count();
        assert!(job_429 > 0, "seed {seed}");
        assert!(
            others_served > 0,
            "seed {seed}: the other tenants' calls pass"
        );
        assert!(
            !gw.iter()
                .any(|l| !l.text.starts_with("203.0.113.45 ") && l.text.contains("\" 429 ")),
            "seed {seed}: no other tenant is refused"
        );
    }
}

/// `*N` of an nginx error-log line.
fn conn(line: &str) -> i64 {
    line.split(": *")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn every_refusal_of_a_retry_storm_has_its_limit_req_line_on_its_own_connection() {
    for seed in 1..6 {
        let t = trace("api-call", FaultSpec::new("request-loop"), seed);
        let logs = &t.evidence.logs;
        let refused: Vec<&LogLine> = logs
            .iter()
            .filter(|l| l.source == LogSource::Gateway)
            .filter(|l| l.text.starts_with("203.0.113.45 ") && l.text.contains("\" 429 "))
            .collect();
        let limited: Vec<&LogLine> = logs
            .iter()
            .filter(|l| l.text.contains("limiting requests, excess: "))
            .collect();
        assert!(refused.len() > 5, "seed {seed}");
        // One [error] line per refusal, each for the same request at the same moment.
        assert_eq!(limited.len(), refused.len(), "seed {seed}");
        for a in &refused {
            let e = limited
                .iter()
                .find(|e| e.trace_id == a.trace_id)
                .unwrap_or_else(|| panic!("seed {seed}: no limit_req line for {}", a.text));
            assert_eq!(e.t_ms, a.t_ms, "seed {seed}");
            assert!(e.text.contains(" [error] "), "{}", e.text);
            assert!(e.text.contains("by zone \"per_client\", client: 203.0.113.45, server: api.example.com, request: \"GET /v2/customers/"), "{}", e.text);
        }
        // Connections are numbered as nginx accepted them: distinct, rising with time.
        let mut by_time: Vec<(i64, i64)> =
            limited.iter().map(|l| (l.t_ms, conn(&l.text))).collect();
        by_time.sort();
        let ns: Vec<i64> = by_time.iter().map(|p| p.1).collect();
        assert!(ns.windows(2).all(|w| w[0] < w[1]), "seed {seed}: {ns:?}");
        // Every other error line of a connection belongs to that connection's request.
        for e in &limited {
            let n = conn(&e.text);
            for l in logs.iter().filter(|l| l.text.contains(&format!(": *{n} "))) {
                assert_eq!(
                    l.trace_id, e.trace_id,
                    "seed {seed}: *{n} shared: {}",
                    l.text
                );
            }
        }
    }
}
