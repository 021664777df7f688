use faultline_engine::pack::Pack;
use faultline_engine::probe::{toolbox, Investigation};

use super::*;
use crate::modes::packs::builtin::FILES;

fn shipped() -> Vec<(String, faultline_engine::pack::Scenario)> {
    FILES
        .iter()
        .flat_map(|(name, text)| {
            let pack: Pack = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            pack.scenarios
                .into_iter()
                .map(move |s| (name.to_string(), s))
        })
        .collect()
}

#[test]
fn every_item_of_every_shipped_pack_has_a_rule() {
    let mut unread = vec![];
    let mut items = 0;
    for (pack, s) in shipped() {
        for item in &s.evidence_to_attach {
            items += 1;
            if need(item).is_none() {
                unread.push(format!("{pack} {}: {item:?}", s.id));
            }
        }
    }
    assert!(items > 500, "the packs hold {items} items");
    assert!(
        unread.is_empty(),
        "items no rule in attach.rs reads (add one):\n{}",
        unread.join("\n")
    );
}

/// Items that name something no check of their puzzle prints (evidence from outside the simulated
/// world: a certificate of the receiver's, which no check of ours fetches; a log of a layer the
/// flow does not have). The checklist shows them as "not shown by any check here", never as
/// missing. A new one fails the test below: give its evidence a check, or reword the item.
const UNPRINTED: &[(&str, &str)] = &[
    (
        "api-reachable-login-hangs-for-ten-seconds",
        "list of hosts the integration needs",
    ),
    (
        "customer-panel-says-details-unavailable-on-every-chat",
        "gateway access-log line (urt≈5 s)",
    ),
    (
        "every-webhook-bounced-since-partners-change-yesterday",
        "published egress IPs",
    ),
    (
        "no-tickets-and-empty-delivery-log-since-this-morning",
        "receiver certificate dates",
    ),
    (
        "node-partner-client-gets-524-after-100-seconds",
        "the timeline showing the database query at 130 s",
    ),
    (
        "one-partners-tickets-missing-since-thursday",
        "receiver certificate dates",
    ),
    (
        "record-tab-shows-not-available-since-yesterday",
        "CRM 404 log line",
    ),
    (
        "sundays-chat-has-no-ticket-after-eight-attempts",
        "receiver certificate dates",
    ),
];

/// Every item asks for lines the scenario's own checks print: a checklist item nobody could tick
/// would be a lie. Each clause is met by some line of some check in the puzzle's toolbox, run on
/// the very world the app plays (`for_puzzle` at the scenario's difficulty, with its report), or
/// the item is one of the few listed in `UNPRINTED`.
#[test]
fn every_item_can_be_met_from_the_scenarios_own_checks() {
    let mut unmet = vec![];
    for (pack, s) in shipped() {
        let inv = Investigation::for_puzzle(&s.run_spec(), s.difficulty)
            .unwrap()
            .with_report(&s.story, s.reporter.as_ref());
        let results: Vec<_> = toolbox(inv.evidence())
            .into_iter()
            .map(|p| inv.run(p))
            .collect();
        for item in &s.evidence_to_attach {
            let Some(clauses) = need(item) else { continue };
            for c in clauses {
                let met = results.iter().any(|r| {
                    c.met_by_run(&[r.probe]) || r.output.lines().any(|l| c.met_by(r.probe, l))
                });
                let listed = UNPRINTED.contains(&(s.id.as_str(), item.as_str()));
                if met == listed {
                    unmet.push(format!(
                        "{pack} {} (listed: {listed}): {item:?} {c:?}",
                        s.id
                    ));
                }
            }
        }
    }
    assert!(
        unmet.is_empty(),
        "{} unmet:\n{}",
        unmet.len(),
        unmet.join("\n")
    );
}

#[test]
fn items_read_by_their_words() {
    let n = need("401 with WWW-Authenticate").unwrap();
    assert_eq!(n.len(), 2);
    assert!(n.iter().all(|c| c.from.contains(&Probe::Reproduce)));
    assert_eq!(n[0].text, Some(Needle::Status(401)));
    assert_eq!(n[1].text, Some(Needle::Literal("WWW-Authenticate".into())));

    let n = need("auth log token_request line").unwrap();
    assert_eq!(
        n,
        vec![Clause {
            from: &[Probe::AuthLog],
            text: Some(Needle::Literal("token_request".into()))
        }]
    );

    let n = need("trace id 13ecb0a5fa4e2a5f3d2dbe962ae8b16d").unwrap();
    assert!(n[0].from.is_empty());
    assert!(n[0].met_by(
        Probe::GatewayLog,
        "x trace_id=\"13ecb0a5fa4e2a5f3d2dbe962ae8b16d\" y"
    ));

    let n = need("app log line \"missing name, email\"").unwrap();
    assert_eq!(
        n[0].text,
        Some(Needle::Literal("missing name, email".into()))
    );
    // A possessive opens no quote.
    assert_eq!(
        need("the app's OPError log line").unwrap()[0].text,
        Some(Needle::Literal("OPError".into()))
    );
    assert!(need("something nobody wrote a rule for").is_none());
}

#[test]
fn a_status_is_a_word_of_its_own() {
    let s = Needle::Status(401);
    assert!(s.found_in("< HTTP/1.1 401 Unauthorized"));
    assert!(s.found_in("attempt=1 status=401 latency=142ms"));
    assert!(!s.found_in("2026-05-24T16:17:14.401Z ok"));
    assert!(!s.found_in("id=14012"));
    let t = need("timestamp 2026-06-09T08:49:50Z").unwrap();
    assert!(t[0].met_by(Probe::AppLog, "2026-06-09T08:49:50.123Z boom"));
    assert!(!t[0].met_by(Probe::AppLog, "2026-06-09T08:49:51.123Z boom"));
}
