//! Timeline coherence: events and logs in time order, and every exchange's HAR timings ending
//! exactly when its response (or client-side error) shows on the timeline.

use faultline_engine::*;

mod common;
use common::all_cases;

/// Every run worth checking: each fault in each of its flows, healthy flows, cascades, and
/// generated puzzles (hard ones add misleading lines), over many seeds.
fn traces(seeds: u64) -> Vec<(String, Evidence)> {
    let mut out = vec![];
    for seed in 0..seeds {
        for (id, flow) in all_cases() {
            let t = simulate_simple(Some(&flow), &[FaultSpec::new(&id)], seed).unwrap();
            out.push((format!("{id} in {flow}, seed {seed}"), t.evidence));
        }
        for f in flows() {
            let t = simulate_simple(Some(f.id.id()), &[], seed).unwrap();
            out.push((format!("healthy {}, seed {seed}", f.id), t.evidence));
        }
        for c in cascades() {
            let spec = RunSpec {
                flow: Some(c.flow.to_string()),
                faults: c.faults.clone(),
                seed,
                call: None,
                client: None,
            };
            let t = simulate_with_noise(&spec, 24, true).unwrap();
            out.push((format!("cascade {}, seed {seed}", c.id), t.evidence));
        }
    }
    for seed in 0..300 {
        let (_, flow, id, ev) = puzzle::generate_case(seed, None, None);
        out.push((format!("generated seed {seed} ({id} in {flow})"), ev));
    }
    out
}

#[test]
fn events_and_logs_are_in_time_order() {
    for (what, ev) in traces(12) {
        for w in ev.events.windows(2) {
            assert!(
                w[0].t_ms <= w[1].t_ms,
                "{what}: event at {} ms ({}) listed before one at {} ms ({})",
                w[0].t_ms,
                w[0].summary,
                w[1].t_ms,
                w[1].summary
            );
        }
        for w in ev.logs.windows(2) {
            assert!(
                w[0].t_ms <= w[1].t_ms && w[0].ts <= w[1].ts,
                "{what}: log {} ({}) listed before {} ({})",
                w[0].ts,
                w[0].text,
                w[1].ts,
                w[1].text
            );
        }
        assert!(
            ev.clock_now.as_str() >= ev.started_at.as_str(),
            "{what}: clock_now before started_at"
        );
    }
}

#[test]
fn a_webhook_retry_never_precedes_the_work_of_the_attempt_before_it() {
    // The reviewer's case: a slow CRM behind the receiver. The receiver's CRM call and the case
    // creation happen after the delivery worker gave up; the timeline shows them at their time.
    for seed in 0..40 {
        let t = simulate_simple(
            Some("crm-ticket"),
            &[FaultSpec::new("crm-slow-response").with("delay_ms", 31_000)],
            seed,
        )
        .unwrap();
        let ev = &t.evidence;
        for w in ev.events.windows(2) {
            assert!(w[0].t_ms <= w[1].t_ms, "seed {seed}: {:?}", ev.events);
        }
        let fe = t.answer.failing_event.expect("a failure");
        assert!(
            ev.events[fe].kind == EventKind::Error || ev.events[fe].status.is_some(),
            "seed {seed}: failing event remapped wrongly: {:?}",
            ev.events[fe]
        );
    }
}

#[test]
fn exchange_timings_end_when_the_response_event_happens() {
    for (what, ev) in traces(6) {
        for (i, x) in ev.exchanges.iter().enumerate() {
            let mine: Vec<&Event> = ev.events.iter().filter(|e| e.exchange == Some(i)).collect();
            let end = mine
                .iter()
                .rev()
                .find(|e| matches!(e.kind, EventKind::Response | EventKind::Error))
                .unwrap_or_else(|| panic!("{what}: exchange {i} has no response/error event"));
            assert_eq!(
                x.t_ms + x.timings.total(),
                end.t_ms,
                "{what}: exchange {i} ({} {}) starts at {} ms, timings {:?} total {} ms, but its \
                 end event '{}' is at {} ms",
                x.request.method,
                x.request.url,
                x.t_ms,
                x.timings,
                x.timings.total(),
                end.summary,
                end.t_ms
            );
            if let Some(rq) = mine.iter().find(|e| e.kind == EventKind::Request) {
                assert!(
                    rq.t_ms >= x.t_ms,
                    "{what}: exchange {i} request before start"
                );
            }
            // Whatever the server did for this exchange happened inside the wait phase.
            if x.timings.wait > 0 && x.client_error.is_none() {
                let sent = x.t_ms + x.timings.total() - x.timings.receive.max(0) - x.timings.wait;
                assert!(sent >= x.t_ms, "{what}: exchange {i}");
            }
        }
    }
}
