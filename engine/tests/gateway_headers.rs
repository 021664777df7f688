//! The headers the gateway's configuration adds to every answer it sends over TLS, its own
//! answers (401, 403, 404, 429, 502, 504, preflight 204s, redirects) as well as the ones it
//! proxies: `add_header … always` puts them on every status.

mod common;

use faultline_engine::*;
use std::collections::BTreeSet;

/// Every answer that carries the gateway's X-Request-Id over HTTPS carries its
/// Strict-Transport-Security once too; none sent over plain HTTP does.
#[test]
fn every_gateway_answer_over_tls_carries_hsts_as_it_carries_its_request_id() {
    let mut statuses = BTreeSet::new();
    for (fault, flow) in common::all_cases() {
        for rt in runtime::Runtime::for_flow(Flow::parse(&flow).unwrap()) {
            let Ok(t) = common::run_fault(&fault, &flow, Some(rt.id()), 5) else {
                continue;
            };
            for x in &t.evidence.exchanges {
                let Some(r) = &x.response else { continue };
                if sim::header(&r.headers, "x-request-id").is_none() {
                    continue;
                }
                let hsts: Vec<&str> = r
                    .headers
                    .iter()
                    .filter(|(k, _)| k.eq_ignore_ascii_case("strict-transport-security"))
                    .map(|(_, v)| v.as_str())
                    .collect();
                let want: &[&str] = if x.request.url.starts_with("https://") {
                    statuses.insert(r.status);
                    &["max-age=31536000"]
                } else {
                    &[]
                };
                assert_eq!(
                    hsts,
                    want,
                    "{fault} on {flow} with {}: {} {} answered {}",
                    rt.id(),
                    x.request.method,
                    x.request.url,
                    r.status
                );
            }
        }
    }
    for s in [200, 201, 204, 301, 401, 403, 429, 502, 504] {
        assert!(statuses.contains(&s), "no {s} among {statuses:?}");
    }
}
