//! One world, one truth for the webhook and CRM side: sessions, tickets, the endpoint's state and
//! the retry schedule agree with the incident in every fault × flow (see consistency.rs for the
//! request side).

use faultline_engine::layers::integration::RETRY_SCHEDULE_MS;
use faultline_engine::*;

mod common;
use common::sweep::traces;

/// Only the faults in the RunSpec may break anything: the CRM rejects a session only when a
/// CRM-session fault is in the run.
#[test]
fn the_crm_rejects_a_session_only_when_a_session_fault_says_so() {
    for (f, fl, t) in traces() {
        let text = render_text(&t.evidence);
        if f != "crm-token-expired" {
            assert!(
                !text.contains("INVALID_SESSION_ID"),
                "{f} in {fl}: the CRM rejected a session no fault expired"
            );
        }
    }
}

/// The story is the world's final state: as many tickets as the CRM created, and a failed
/// delivery said so even when the receiver did its work.
#[test]
fn the_ticket_outcome_counts_the_cases_the_crm_holds() {
    for (f, fl, t) in traces() {
        if t.evidence.flow != Flow::CrmTicket {
            continue;
        }
        // The CRM's own record: a case it created stays created, whoever stopped waiting.
        let created = t
            .evidence
            .logs
            .iter()
            .filter(|l| l.trace_id.as_deref() == Some(t.evidence.trace_id.as_str()))
            .filter(|l| l.source == LogSource::Crm)
            .filter(|l| {
                l.text
                    .contains("METHOD=POST URI=/services/data/v59.0/sobjects/Case STATUS_CODE=201 ")
            })
            .count();
        let o = &t.evidence.outcome;
        let want = match created {
            0 => "no ticket appeared",
            1 => "the ticket appeared",
            _ => "identical tickets appeared",
        };
        assert!(
            o.contains(want),
            "{f} in {fl}: {created} cases, outcome {o:?}"
        );
        assert_eq!(t.evidence.story.actual, *o, "{f} in {fl}");
        let failed = t
            .evidence
            .logs
            .iter()
            .any(|l| l.text.contains("failed permanently"));
        assert_eq!(
            failed && created > 0,
            o.contains("marked failed"),
            "{f} in {fl}: {o:?}"
        );
    }
}

/// The four-identical-tickets scenario: a slow receiver that does its work after the platform
/// gave up leaves one case per attempt, and the outcome says so.
#[test]
fn a_receiver_slower_than_the_delivery_timeout_leaves_duplicate_tickets() {
    let t = simulate(&RunSpec {
        flow: Some("crm-ticket".into()),
        faults: vec![FaultSpec::new("webhook-timeout").with("processing_ms", 24000)],
        seed: 1807,
        call: None,
        client: None,
    })
    .unwrap();
    assert_eq!(
        t.evidence.outcome,
        "Chat ended; eight identical tickets appeared in the CRM, yet the delivery is marked failed."
    );
}

/// Artefacts are read at investigation time: an endpoint disabled during the run is disabled
/// in the settings page too.
#[test]
fn settings_are_read_at_investigation_time() {
    for (f, fl, t) in traces() {
        let disabled = t.evidence.logs.iter().any(|l| {
            l.text.contains("endpoint disabled after") || l.text.contains("endpoint is disabled")
        });
        let Some(settings) = t
            .evidence
            .artifacts
            .iter()
            .find(|a| a.title.starts_with("Integration settings"))
        else {
            continue;
        };
        assert_eq!(
            disabled,
            settings.body.contains("status: disabled"),
            "{f} in {fl}: settings say\n{}",
            settings.body
        );
    }
}

/// Seconds since the epoch of `2026-06-25T17:22:18Z`.
/// The endpoint's state agrees across the delivery history, the worker's log and the settings:
/// disabled (by the worker after days of failures, or by hand) everywhere, or enabled everywhere.
#[test]
fn the_endpoint_state_agrees_across_artefacts() {
    for (f, fl, t) in traces() {
        let ev = &t.evidence;
        let (Some(h), Some(s)) = (
            ev.artifacts.iter().find(|a| a.kind == "delivery-log"),
            ev.artifacts
                .iter()
                .find(|a| a.title.starts_with("Integration settings")),
        ) else {
            continue;
        };
        let disabled = s.body.contains("status: disabled");
        let said_disabled = h.body.contains("endpoint disabled ")
            || ev
                .logs
                .iter()
                .any(|l| l.text.contains("endpoint is disabled"));
        assert_eq!(
            disabled, said_disabled,
            "{f} in {fl}:\n{}\n{}",
            h.body, s.body
        );
        if h.body.contains("endpoint still enabled") {
            assert!(!disabled, "{f} in {fl}: {}", s.body);
        }
    }
}

fn secs(iso: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| iso[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    days * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
}

/// Each retry is due its delay after the previous attempt failed, not after the first started.
#[test]
fn retries_count_from_when_the_attempt_failed() {
    let mut checked = 0;
    for (f, fl, t) in traces() {
        for a in t
            .evidence
            .artifacts
            .iter()
            .filter(|a| a.kind == "delivery-log")
        {
            for line in a.body.lines().filter(|l| l.contains("  attempt ")) {
                let cols: Vec<&str> = line.split("  ").collect();
                let Some(next) = line.split("next: ").nth(1) else {
                    continue;
                };
                let next = next.split_whitespace().next().unwrap_or("-");
                if next == "-" {
                    continue;
                }
                let n: usize = cols[1].trim_start_matches("attempt ").parse().unwrap();
                let lat: i64 = cols
                    .iter()
                    .find_map(|c| c.strip_suffix(" ms"))
                    .and_then(|c| c.parse().ok())
                    .unwrap();
                let failed_at = secs(cols[0]) * 1000 + lat;
                let due = secs(next) * 1000;
                let want = failed_at + RETRY_SCHEDULE_MS[n];
                assert!(
                    (due - want).abs() <= 1000,
                    "{f} in {fl}: attempt {n} failed at {failed_at}, next due {due}, want {want}: {line}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} retries checked");
}
